// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/DatabaseUrl.h"
#include "core/script/SqlStatement.h"

#include <QString>
#include <QVector>

#include <optional>

namespace retort {

// Which table a statement touches and how, for `plan` and the review views.
struct TableUsage
{
    QString table;  // as written, quotes removed, schema kept ("app.users")
    QString action; // create, alter, drop column, rename, drop, index, drop index, insert, update, update all,
                    // delete, delete all (no WHERE), truncate, view, drop view, trigger, comment

    bool operator==(const TableUsage &other) const { return table == other.table && action == other.action; }
};

// What a statement does to which table, from its dialect's reader (StatementReader; no dialect: by tokens).
// A statement the reader does not recognise touches nothing it can name.
QVector<TableUsage> tablesTouchedBy(const QString &statement, std::optional<Dialect> dialect = std::nullopt);
class ScriptDirectory;

// Every table a statement of any revision names (the sections a database of `dialect` runs), each once: what the
// workbench reads the sizes of.
QStringList tablesNamedIn(const ScriptDirectory &scripts, std::optional<Dialect> dialect);

// What a section does to tables, in a phrase: "creates t_new; updates accounts, orders". Empty when
// no statement names a table.
QString describeTableUsage(const SqlStatementList &statements, std::optional<Dialect> dialect = std::nullopt);

} // namespace retort
