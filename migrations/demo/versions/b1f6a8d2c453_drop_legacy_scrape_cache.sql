-- drop legacy scrape cache
--
-- The scraping cache is no longer read. VACUUM gives the space back to the
-- file system; SQLite cannot VACUUM inside a transaction, so this revision
-- runs outside one.
--
-- Revision ID: b1f6a8d2c453
-- Revises: 9d5e3c7f1a42
-- Create Date: 2025-11-03 07:15:00.000000
-- Transactional: false

-- migrate:upgrade
DROP TABLE cache_scraped_raw;
VACUUM;

-- migrate:downgrade
CREATE TABLE cache_scraped_raw (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    fetched_at TIMESTAMP NOT NULL,
    body BLOB
);

-- migrate:upgrade postgresql
-- PostgreSQL gives a dropped table's space back at once: no VACUUM.
DROP TABLE cache_scraped_raw;

-- migrate:downgrade postgresql
CREATE TABLE cache_scraped_raw (
    id SERIAL PRIMARY KEY,
    url TEXT NOT NULL,
    fetched_at TIMESTAMP NOT NULL,
    body BYTEA
);

-- migrate:upgrade mysql
-- InnoDB gives a dropped table's space back at once (a file per table): no VACUUM.
DROP TABLE cache_scraped_raw;

-- migrate:downgrade mysql
CREATE TABLE cache_scraped_raw (
    id INT AUTO_INCREMENT PRIMARY KEY,
    url TEXT NOT NULL,
    fetched_at DATETIME NOT NULL,
    body LONGBLOB
) ENGINE=InnoDB;
