-- The schema of the application before it adopted a migration tool, on PostgreSQL
-- (the seed's production database): the same tables and columns as init.sql, in
-- PostgreSQL's types (SERIAL keys, BOOLEAN DEFAULT FALSE, BYTEA).
-- Applied once to a fresh database; afterwards only revisions change the schema:
--   psql -v ON_ERROR_STOP=1 -d DATABASE -f migrations/demo/init.postgresql.sql

-- Tables with models
CREATE TABLE app_users (
    id SERIAL PRIMARY KEY,
    email VARCHAR(255) NOT NULL UNIQUE,
    display_name VARCHAR(255),
    password_hash VARCHAR(255) NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE context_documents (
    id SERIAL PRIMARY KEY,
    title VARCHAR(500) NOT NULL,
    source_url TEXT,
    content_hash CHAR(64) NOT NULL,
    owner_id INTEGER REFERENCES app_users(id),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE context_chunks (
    id SERIAL PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES context_documents(id) ON DELETE CASCADE,
    chunk_index INTEGER NOT NULL,
    content TEXT NOT NULL,
    token_count INTEGER
);

CREATE TABLE n8n_processes (
    id SERIAL PRIMARY KEY,
    execution_id VARCHAR(64) NOT NULL,
    workflow_name VARCHAR(255) NOT NULL,
    status VARCHAR(32) NOT NULL DEFAULT 'queued',
    started_at TIMESTAMP,
    finished_at TIMESTAMP
);

CREATE TABLE results_data (
    id SERIAL PRIMARY KEY,
    process_id INTEGER REFERENCES n8n_processes(id),
    result_type VARCHAR(64) NOT NULL,
    payload TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE api_keys (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    key_hash CHAR(64) NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES app_users(id),
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE presentation_records (
    id SERIAL PRIMARY KEY,
    api_key_id INTEGER REFERENCES api_keys(id),
    template VARCHAR(255) NOT NULL,
    status VARCHAR(32) NOT NULL DEFAULT 'pending',
    file_path TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE app_workflow_meta_files (
    id SERIAL PRIMARY KEY,
    workflow_id INTEGER NOT NULL,
    file_name VARCHAR(255) NOT NULL,
    file_path TEXT NOT NULL,
    engine_type VARCHAR(32),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Legacy tables (no models; kept as they are)
CREATE TABLE app_processes (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    state VARCHAR(32),
    engine_reference VARCHAR(255),
    updated_at TIMESTAMP
);

CREATE TABLE app_workflows (
    id SERIAL PRIMARY KEY,
    process_id INTEGER REFERENCES app_processes(id),
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    outcome VARCHAR(32)
);

CREATE TABLE app_workflow_meta (
    id SERIAL PRIMARY KEY,
    workflow_id INTEGER REFERENCES app_workflows(id),
    meta_key VARCHAR(255) NOT NULL,
    meta_value TEXT
);

CREATE TABLE app_prompts (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL UNIQUE,
    body TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE app_sequence_order (
    id SERIAL PRIMARY KEY,
    sequence_name VARCHAR(255) NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE app_dimension_order (
    id SERIAL PRIMARY KEY,
    dimension_name VARCHAR(255) NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE app_storage_items (
    id SERIAL PRIMARY KEY,
    bucket VARCHAR(255) NOT NULL,
    object_key TEXT NOT NULL,
    size_bytes BIGINT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE cache_scraped_raw (
    id SERIAL PRIMARY KEY,
    url TEXT NOT NULL,
    fetched_at TIMESTAMP NOT NULL,
    body BYTEA
);

-- A little data, so migrations have rows to work on: the rows of init.sql, their ids given by the
-- sequences (1 and 2, 1, 1, 1 on a fresh database), so later inserts never collide with them.
INSERT INTO app_users (email, display_name, password_hash, is_admin)
VALUES ('admin@example.com', 'Admin', 'x', TRUE), ('dev@example.com', 'Developer', 'x', FALSE);
INSERT INTO api_keys (name, key_hash, user_id) VALUES ('ci', 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f', 1);
INSERT INTO n8n_processes (execution_id, workflow_name, status) VALUES ('exec-1', 'slides', 'done');
INSERT INTO results_data (process_id, result_type, payload) VALUES (1, 'deck', '{"slides": 12}');
