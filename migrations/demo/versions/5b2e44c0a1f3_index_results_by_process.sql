-- index results by process
--
-- Revision ID: 5b2e44c0a1f3
-- Revises: 3f1c2a9b7d10
-- Create Date: 2025-10-20 14:03:10.000000

-- migrate:upgrade
CREATE INDEX ix_results_data_process_id ON results_data (process_id);
CREATE INDEX ix_presentation_records_status ON presentation_records (status);

-- migrate:downgrade
DROP INDEX ix_presentation_records_status;
DROP INDEX ix_results_data_process_id;

-- migrate:downgrade mysql
-- MySQL and MariaDB drop an index only with its table named.
DROP INDEX ix_presentation_records_status ON presentation_records;
DROP INDEX ix_results_data_process_id ON results_data;
