-- revision 1a
--
-- Revision ID: 1a
-- Revises: 
-- Create Date: 2026-01-01 00:00:00.000000

-- migrate:upgrade
CREATE TABLE t_1a (id INTEGER PRIMARY KEY);

-- migrate:downgrade
DROP TABLE t_1a;
