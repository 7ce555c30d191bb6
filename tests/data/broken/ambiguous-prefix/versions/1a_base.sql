-- revision abcd11
--
-- Revision ID: abcd11
-- Revises: 
-- Create Date: 2026-01-01 00:00:00.000000

-- migrate:upgrade
CREATE TABLE t_abcd11 (id INTEGER PRIMARY KEY);

-- migrate:downgrade
DROP TABLE t_abcd11;
