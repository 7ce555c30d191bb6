-- revision abcd22
--
-- Revision ID: abcd22
-- Revises: abcd11
-- Create Date: 2026-01-01 00:00:00.000000

-- migrate:upgrade
CREATE TABLE t_abcd22 (id INTEGER PRIMARY KEY);

-- migrate:downgrade
DROP TABLE t_abcd22;
