-- add user locale
--
-- Revision ID: 8c4f2b6e9d31
-- Revises: 5b2e44c0a1f3
-- Create Date: 2025-10-24 16:20:00.000000

-- migrate:upgrade
ALTER TABLE app_users ADD COLUMN locale VARCHAR(16) NOT NULL DEFAULT 'en';
UPDATE app_users SET locale = 'de' WHERE email LIKE '%.de';

-- migrate:downgrade
ALTER TABLE app_users DROP COLUMN locale;
