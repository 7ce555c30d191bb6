// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/MigrationStep.h"
#include "core/runtime/RunRequest.h"

#include <QString>
#include <QTextStream>
#include <QVector>

namespace retort {

class ScriptDirectory;
class SqlDialect;

// The script a DBA runs by hand (`upgrade --sql` and friends), in Alembic's
// layout: every statement followed by a blank line, "-- Running upgrade a -> b"
// before each step, the version-table statements after it. Fed to sqlite3,
// psql or mariadb it leaves the database as the online run would: the version
// table is created when starting from base, transactions match the online
// run's, a Transactional: false revision runs between COMMIT and BEGIN, and
// history rows are written when the project keeps them.
class OfflineScript
{
public:
    struct Options
    {
        RunSettings settings;
        bool createVersionTable = false; // the script starts from base
        QString generatedBy;             // for the history rows' note; empty: "user@host at <now, UTC>"
        // Alembic revisions' SQL as the project's Alembic rendered it (AlembicBridge::render), written with its
        // label; without it, only exact bodies have SQL.
        const RenderReport *rendered = nullptr;
    };

    static QString render(const ScriptDirectory &scripts, const QVector<PlannedStep> &steps, const SqlDialect &dialect,
                          const Options &options);
    // The same, written as it is made: 10,000 revisions make megabytes of SQL.
    static void render(const ScriptDirectory &scripts, const QVector<PlannedStep> &steps, const SqlDialect &dialect,
                       const Options &options, QTextStream &out);
};

} // namespace retort
