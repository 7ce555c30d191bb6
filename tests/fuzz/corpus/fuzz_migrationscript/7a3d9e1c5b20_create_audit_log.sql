-- create audit log
--
-- First revision of the audit feature branch: every change to a user is
-- recorded by a trigger.
--
-- Revision ID: 7a3d9e1c5b20
-- Revises: 5b2e44c0a1f3
-- Create Date: 2025-10-22 11:30:00.000000
-- Branch Labels: audit

-- migrate:upgrade
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    table_name VARCHAR(64) NOT NULL,
    row_id INTEGER NOT NULL,
    action VARCHAR(16) NOT NULL,
    changed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TRIGGER trg_app_users_audit AFTER UPDATE ON app_users
BEGIN
    INSERT INTO audit_log (table_name, row_id, action) VALUES ('app_users', NEW.id, 'update');
END;

-- migrate:downgrade
DROP TRIGGER trg_app_users_audit;
DROP TABLE audit_log;
