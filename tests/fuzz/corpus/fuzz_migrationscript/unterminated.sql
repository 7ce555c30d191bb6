-- revision 2b
--
-- Revision ID: 2b
-- Revises: 1a
-- Create Date: 2026-01-01 00:00:00.000000

-- migrate:upgrade
INSERT INTO t_1a VALUES ('never closed);

-- migrate:downgrade
DROP TABLE t_2b;
