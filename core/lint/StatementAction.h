// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVector>

namespace retort {

// What one statement does to one table, as a dialect's reader sees it: the facts lint's rules, plan's
// table list and the workbench's risk marks are all worked out from.
enum class ActionKind
{
    CreateTable,
    AlterTable, // a change the other kinds do not single out (a default, a constraint dropped, ...)
    RenameTable,
    DropTable,
    AddColumn,
    DropColumn,
    RenameColumn,
    AlterColumnType,
    SetNotNull,
    AddConstraint,
    CreateIndex,
    DropIndex,
    Reindex,
    Insert,
    Update,
    Delete,
    Truncate,
    CreateView,
    DropView,
    CreateTrigger,
    CreateFunction,
    Comment,
    Vacuum, // VACUUM, and what rebuilds a table the same way (VACUUM FULL, CLUSTER, OPTIMIZE TABLE)
    TransactionControl,
};

struct StatementAction
{
    ActionKind kind = ActionKind::AlterTable;
    QString table;                  // as written, quotes removed, schema kept ("app.users"); empty when unknown
    QString object;                 // the column, index or constraint named, when there is one
    bool concurrently = false;      // CREATE/DROP INDEX, REINDEX ... CONCURRENTLY
    bool unique = false;            // a unique index, or a UNIQUE / PRIMARY KEY constraint
    bool usesExistingIndex = false; // ADD CONSTRAINT ... USING INDEX: nothing to build
    bool validatesRows = false;     // a FOREIGN KEY or CHECK constraint added without NOT VALID
    bool filtered = true;           // UPDATE/DELETE: has a WHERE clause
    bool notNull = false;           // ADD COLUMN ... NOT NULL
    bool hasDefault = false;        // ADD COLUMN ... DEFAULT
    bool fillsEveryRow = false;     // ADD COLUMN whose value is computed per row (volatile default, serial, identity,
                                    // stored generated): the table is rewritten
    bool full = false;              // Vacuum: rewrites the table (VACUUM FULL, CLUSTER, OPTIMIZE TABLE)
    bool copiesTable = false;       // MySQL: ALGORITHM=COPY asked for
    bool locksTable = false;        // MySQL: LOCK=SHARED or LOCK=EXCLUSIVE asked for
};

using StatementActions = QVector<StatementAction>;

// An action with its kind, table and (column, index, constraint) object; every flag at its default.
StatementAction makeAction(ActionKind kind, const QString &table, const QString &object = QString());

// Whether a kind of statement defines or changes schema (MySQL commits implicitly before and after it), or
// changes rows.
bool isSchemaChange(ActionKind kind);
bool isRowChange(ActionKind kind);
// Whether a function gives a different value per row (random(), gen_random_uuid(), nextval(), UUID(), ...).
bool isVolatileFunction(const QString &name);

} // namespace retort
