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

-- migrate:upgrade postgresql
-- A SERIAL key, and the trigger's body in a function of its own.
CREATE TABLE audit_log (
    id SERIAL PRIMARY KEY,
    table_name VARCHAR(64) NOT NULL,
    row_id INTEGER NOT NULL,
    action VARCHAR(16) NOT NULL,
    changed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE FUNCTION audit_app_users_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (table_name, row_id, action) VALUES ('app_users', NEW.id, 'update');
    RETURN NEW;
END;
$$;

CREATE TRIGGER trg_app_users_audit AFTER UPDATE ON app_users
    FOR EACH ROW EXECUTE FUNCTION audit_app_users_update();

-- migrate:downgrade postgresql
DROP TRIGGER trg_app_users_audit ON app_users;
DROP FUNCTION audit_app_users_update();
DROP TABLE audit_log;

-- migrate:upgrade mysql
-- An AUTO_INCREMENT key and a row trigger (MySQL and MariaDB); the plain downgrade serves them.
CREATE TABLE audit_log (
    id INT AUTO_INCREMENT PRIMARY KEY,
    table_name VARCHAR(64) NOT NULL,
    row_id INT NOT NULL,
    action VARCHAR(16) NOT NULL,
    changed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB;

CREATE TRIGGER trg_app_users_audit AFTER UPDATE ON app_users
FOR EACH ROW
BEGIN
    INSERT INTO audit_log (table_name, row_id, action) VALUES ('app_users', NEW.id, 'update');
END;
