-- baseline existing schema
--
-- The schema already exists (init.sql); this empty revision marks it as the
-- starting point. Stamp it on an existing database: `retort stamp ae98aa32e0d2`.
--
-- Revision ID: ae98aa32e0d2
-- Revises:
-- Create Date: 2025-10-15 10:00:00.000000

-- migrate:upgrade

-- migrate:downgrade
