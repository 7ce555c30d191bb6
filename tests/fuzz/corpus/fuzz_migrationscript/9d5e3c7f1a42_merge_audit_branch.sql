-- merge audit branch
--
-- Revision ID: 9d5e3c7f1a42
-- Revises: c4e8f1a2b3d5, 8c4f2b6e9d31
-- Create Date: 2025-10-27 09:00:00.000000

-- migrate:upgrade

-- migrate:downgrade
