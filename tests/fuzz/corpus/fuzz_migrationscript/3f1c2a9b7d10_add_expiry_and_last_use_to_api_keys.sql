-- add expiry and last use to api keys
--
-- Revision ID: 3f1c2a9b7d10
-- Revises: ae98aa32e0d2
-- Create Date: 2025-10-16 09:12:44.000000

-- migrate:upgrade
ALTER TABLE api_keys ADD COLUMN expires_at TIMESTAMP;
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP;

-- migrate:downgrade
ALTER TABLE api_keys DROP COLUMN last_used_at;
ALTER TABLE api_keys DROP COLUMN expires_at;
