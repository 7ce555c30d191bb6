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

-- migrate:upgrade mysql
-- MySQL's TIMESTAMP ends in 2038 and follows the session's time zone: DATETIME, as
-- the other columns of init.mysql.sql. The plain downgrade serves every database.
ALTER TABLE api_keys ADD COLUMN expires_at DATETIME NULL;
ALTER TABLE api_keys ADD COLUMN last_used_at DATETIME NULL;
