-- revision 3c
--
-- Revision ID: 3c
-- Revises: 2b
-- Create Date: 2026-01-01 00:00:00.000000

-- migrate:upgrade
CREATE TABLE t_3c (id INTEGER PRIMARY KEY);

-- migrate:downgrade
DROP TABLE t_3c;
