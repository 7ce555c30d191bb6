-- no marker
--
-- Revision ID: 2b
-- Revises: 1a

CREATE TABLE t_2b (id INTEGER);
