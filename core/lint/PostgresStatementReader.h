// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/StatementAction.h"

#include <optional>

namespace retort {

// Reads a PostgreSQL statement with PostgreSQL's own parser (libpg_query). nullopt when the parser refuses
// it: the caller falls back to the token reader, and the database will say what is wrong when it runs.
std::optional<StatementActions> readPostgresStatement(const QString &statement);

} // namespace retort
