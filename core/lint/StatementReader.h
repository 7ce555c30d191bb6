// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/StatementAction.h"
#include "core/script/DatabaseUrl.h"

#include <optional>

namespace retort {

// What a statement does, read by its dialect's reader: PostgreSQL's own parser for PostgreSQL (tokens when it
// refuses the statement), tokens for SQLite, MySQL/MariaDB and an unknown dialect.
StatementActions readStatement(const QString &statement, std::optional<Dialect> dialect);

} // namespace retort
