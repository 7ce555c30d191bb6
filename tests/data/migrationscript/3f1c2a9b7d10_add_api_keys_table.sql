-- add api keys table
--
-- Revision ID: 3f1c2a9b7d10
-- Revises: ae98aa32e0d2
-- Create Date: 2025-10-16 09:12:44.000000
-- Branch Labels: auth
-- Depends On: 5b2e44c0a1f3
-- Transactional: true

-- migrate:upgrade
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    key_hash TEXT NOT NULL
);

-- migrate:downgrade
DROP TABLE api_keys;
