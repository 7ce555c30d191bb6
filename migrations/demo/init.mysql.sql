-- The schema of the application before it adopted a migration tool, on MySQL or
-- MariaDB: the same tables and columns as init.sql, in MySQL's types (AUTO_INCREMENT
-- keys, BOOLEAN DEFAULT FALSE, DATETIME rather than TIMESTAMP, which ends in 2038,
-- LONGBLOB), InnoDB for the foreign keys.
-- Applied once to a fresh database; afterwards only revisions change the schema:
--   mariadb DATABASE < migrations/demo/init.mysql.sql   (or: mysql DATABASE < ...)
--
-- Each foreign key column has an index of its own, named: InnoDB would otherwise make one for it
-- and drop it silently once a revision adds another index on the column, and that revision's
-- downgrade could then not drop its index (5b2e44c0a1f3).

-- Tables with models
CREATE TABLE app_users (
    id INT AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(255) NOT NULL UNIQUE,
    display_name VARCHAR(255),
    password_hash VARCHAR(255) NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB;

CREATE TABLE context_documents (
    id INT AUTO_INCREMENT PRIMARY KEY,
    title VARCHAR(500) NOT NULL,
    source_url TEXT,
    content_hash CHAR(64) NOT NULL,
    owner_id INT,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY fk_context_documents_owner_id (owner_id),
    FOREIGN KEY (owner_id) REFERENCES app_users(id)
) ENGINE=InnoDB;

CREATE TABLE context_chunks (
    id INT AUTO_INCREMENT PRIMARY KEY,
    document_id INT NOT NULL,
    chunk_index INT NOT NULL,
    content TEXT NOT NULL,
    token_count INT,
    KEY fk_context_chunks_document_id (document_id),
    FOREIGN KEY (document_id) REFERENCES context_documents(id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE n8n_processes (
    id INT AUTO_INCREMENT PRIMARY KEY,
    execution_id VARCHAR(64) NOT NULL,
    workflow_name VARCHAR(255) NOT NULL,
    status VARCHAR(32) NOT NULL DEFAULT 'queued',
    started_at DATETIME,
    finished_at DATETIME
) ENGINE=InnoDB;

CREATE TABLE results_data (
    id INT AUTO_INCREMENT PRIMARY KEY,
    process_id INT,
    result_type VARCHAR(64) NOT NULL,
    payload TEXT,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY fk_results_data_process_id (process_id),
    FOREIGN KEY (process_id) REFERENCES n8n_processes(id)
) ENGINE=InnoDB;

CREATE TABLE api_keys (
    id INT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    key_hash CHAR(64) NOT NULL UNIQUE,
    user_id INT NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY fk_api_keys_user_id (user_id),
    FOREIGN KEY (user_id) REFERENCES app_users(id)
) ENGINE=InnoDB;

CREATE TABLE presentation_records (
    id INT AUTO_INCREMENT PRIMARY KEY,
    api_key_id INT,
    template VARCHAR(255) NOT NULL,
    status VARCHAR(32) NOT NULL DEFAULT 'pending',
    file_path TEXT,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY fk_presentation_records_api_key_id (api_key_id),
    FOREIGN KEY (api_key_id) REFERENCES api_keys(id)
) ENGINE=InnoDB;

CREATE TABLE app_workflow_meta_files (
    id INT AUTO_INCREMENT PRIMARY KEY,
    workflow_id INT NOT NULL,
    file_name VARCHAR(255) NOT NULL,
    file_path TEXT NOT NULL,
    engine_type VARCHAR(32),
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB;

-- Legacy tables (no models; kept as they are)
CREATE TABLE app_processes (
    id INT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    state VARCHAR(32),
    engine_reference VARCHAR(255),
    updated_at DATETIME
) ENGINE=InnoDB;

CREATE TABLE app_workflows (
    id INT AUTO_INCREMENT PRIMARY KEY,
    process_id INT,
    started_at DATETIME,
    finished_at DATETIME,
    outcome VARCHAR(32),
    KEY fk_app_workflows_process_id (process_id),
    FOREIGN KEY (process_id) REFERENCES app_processes(id)
) ENGINE=InnoDB;

CREATE TABLE app_workflow_meta (
    id INT AUTO_INCREMENT PRIMARY KEY,
    workflow_id INT,
    meta_key VARCHAR(255) NOT NULL,
    meta_value TEXT,
    KEY fk_app_workflow_meta_workflow_id (workflow_id),
    FOREIGN KEY (workflow_id) REFERENCES app_workflows(id)
) ENGINE=InnoDB;

CREATE TABLE app_prompts (
    id INT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL UNIQUE,
    body TEXT NOT NULL,
    version INT NOT NULL DEFAULT 1
) ENGINE=InnoDB;

CREATE TABLE app_sequence_order (
    id INT AUTO_INCREMENT PRIMARY KEY,
    sequence_name VARCHAR(255) NOT NULL,
    position INT NOT NULL
) ENGINE=InnoDB;

CREATE TABLE app_dimension_order (
    id INT AUTO_INCREMENT PRIMARY KEY,
    dimension_name VARCHAR(255) NOT NULL,
    position INT NOT NULL
) ENGINE=InnoDB;

CREATE TABLE app_storage_items (
    id INT AUTO_INCREMENT PRIMARY KEY,
    bucket VARCHAR(255) NOT NULL,
    object_key TEXT NOT NULL,
    size_bytes BIGINT,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB;

CREATE TABLE cache_scraped_raw (
    id INT AUTO_INCREMENT PRIMARY KEY,
    url TEXT NOT NULL,
    fetched_at DATETIME NOT NULL,
    body LONGBLOB
) ENGINE=InnoDB;

-- A little data, so migrations have rows to work on: the rows of init.sql, their ids given by
-- AUTO_INCREMENT (1 and 2, 1, 1, 1 on a fresh database), so later inserts never collide with them.
INSERT INTO app_users (email, display_name, password_hash, is_admin)
VALUES ('admin@example.com', 'Admin', 'x', TRUE), ('dev@example.com', 'Developer', 'x', FALSE);
INSERT INTO api_keys (name, key_hash, user_id) VALUES ('ci', 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f', 1);
INSERT INTO n8n_processes (execution_id, workflow_name, status) VALUES ('exec-1', 'slides', 'done');
INSERT INTO results_data (process_id, result_type, payload) VALUES (1, 'deck', '{"slides": 12}');
