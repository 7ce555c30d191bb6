// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/StatementAction.h"

namespace retort {

// Reads a statement of SQLite or MySQL/MariaDB (and PostgreSQL that its own parser refused) from its tokens:
// what the statement itself does, by its leading words and top-level clauses. The body of a trigger,
// function or procedure is part of that CREATE, never read as statements of the migration.
StatementActions readStatementTokens(const QString &statement);

} // namespace retort
