-- revision 2b
--
-- Revision ID: 2b
-- Revises: 1a
-- Create Date: 2026-01-01 00:00:00.000000

-- migrate:upgrade
CREATE TABLE t_2b (id INTEGER PRIMARY KEY);

-- migrate:downgrade
DROP TABLE t_2b;
