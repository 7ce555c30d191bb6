-- labels and deps
--
-- Revision ID: abc123
-- Revises: def456, 0123ab
-- Branch Labels: feature, hotfix
-- Depends On: feature
-- Transactional: false
-- Reviewer: kim

-- migrate:upgrade
CREATE INDEX CONCURRENTLY ix ON t (a);

-- migrate:downgrade
DROP INDEX CONCURRENTLY ix;
