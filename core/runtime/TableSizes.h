// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/Linter.h"

#include <QHash>
#include <QSqlDatabase>
#include <QStringList>

namespace retort {

// How big each named table is ("app.users" or "users"), from what the database already knows: PostgreSQL's
// reltuples and pg_total_relation_size, MySQL's information_schema.tables, SQLite's row count up to a
// million rows (counting further is not cheap). A table the database does not have is left out.
QHash<QString, TableSize> readTableSizes(const QSqlDatabase &database, Dialect dialect, const QStringList &tables);

// The sizes of the tables `findings` are about, put into them.
void addTableSizes(const QSqlDatabase &database, Dialect dialect, LintFindings &findings);

} // namespace retort
