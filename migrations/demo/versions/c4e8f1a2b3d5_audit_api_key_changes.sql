-- audit api key changes
--
-- Revision ID: c4e8f1a2b3d5
-- Revises: 7a3d9e1c5b20
-- Create Date: 2025-10-23 08:45:00.000000

-- migrate:upgrade
CREATE TRIGGER trg_api_keys_audit AFTER UPDATE ON api_keys
BEGIN
    INSERT INTO audit_log (table_name, row_id, action)
    VALUES ('api_keys', NEW.id, CASE WHEN NEW.revoked THEN 'revoke' ELSE 'update' END);
END;

-- migrate:downgrade
DROP TRIGGER trg_api_keys_audit;

-- migrate:upgrade postgresql
CREATE FUNCTION audit_api_keys_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (table_name, row_id, action)
    VALUES ('api_keys', NEW.id, CASE WHEN NEW.revoked THEN 'revoke' ELSE 'update' END);
    RETURN NEW;
END;
$$;

CREATE TRIGGER trg_api_keys_audit AFTER UPDATE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION audit_api_keys_update();

-- migrate:downgrade postgresql
DROP TRIGGER trg_api_keys_audit ON api_keys;
DROP FUNCTION audit_api_keys_update();

-- migrate:upgrade mysql
-- A row trigger (MySQL and MariaDB); the plain downgrade serves them.
CREATE TRIGGER trg_api_keys_audit AFTER UPDATE ON api_keys
FOR EACH ROW
BEGIN
    INSERT INTO audit_log (table_name, row_id, action)
    VALUES ('api_keys', NEW.id, CASE WHEN NEW.revoked THEN 'revoke' ELSE 'update' END);
END;
