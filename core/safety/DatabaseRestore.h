// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/safety/DatabaseBackup.h"
#include "core/script/DatabaseUrl.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace retort {

// What to restore where, and what to keep of the database it replaces.
struct RestoreRequest
{
    QString backupPath;    // absolute
    DatabaseUrl target;    // the database to replace (or create)
    QString confirmedName; // what the person typed: must be expectedName
    QString expectedName;  // empty: the target's database label
    BackupSettings backup; // the tools, and the version table to compare
    QString historyTable;  // carried over and written to; empty: the project keeps none
    QString environmentName;
    // Backs up the database about to be replaced, once the restore is sure to go ahead (the backup verified,
    // nobody in the way) and before it makes anything: the path of that backup, or empty when none was taken.
    // Not called when the target does not exist yet.
    std::function<Result<QString>()> backUpReplaced;
    bool terminateSessions = false;  // PostgreSQL: end other sessions on the target instead of stopping
    int lockTimeoutSeconds = 300;    // the wait for another run's lock on the target
    double dbLockTimeoutSeconds = 0; // how long a drop, create or rename waits for other sessions' locks (0: no limit)
};

// What a restore did, for the person and the history row.
struct RestoreOutcome
{
    QStringList revisions;      // the restored database's version table
    int historyRowsCarried = 0; // rows of the database it replaced that the backup lacks, added
    int historyRowsUpdated = 0; // rows the backup holds in an earlier state (a run finished since), brought up to date
    bool historyRecorded = false; // the `restore` row was written
    QString markCarried;          // the production mark's environment, when it was carried over
    QString markKept;             // the backup's own mark, when the database it replaced had none
    QString keptDatabase;         // PostgreSQL: the name the replaced database is kept under
};

// Restores a verified backup so that the database holds exactly what the backup holds, plus the history
// of what happened since (see DESIGN.md and the README's "Restoring"). Each database is first restored
// somewhere the target's users cannot see and checked there (its version table against what the backup
// noted), then put in place in one step:
// - PostgreSQL: into a new database made like the target (owner, encoding, locale, grants, ALTER
//   DATABASE ... SET values), then both renamed from the `postgres` database in one transaction; the
//   replaced database is kept under a dated name. Other sessions on the target stop the restore before
//   anything is made, unless `terminateSessions`.
// - MySQL/MariaDB (no RENAME DATABASE): into a scratch schema, checked and dropped; then the target is
//   dropped, made again with its character set and collation, and the same dump loaded.
// - SQLite: into a private copy, then copied into the live file through the backup API in one write
//   transaction (same inode; never a rename over a live database), holding the run lock.
// The history rows the target held that the backup lacks are carried over, a `restore` row is added,
// and the production mark carried over. A failed restore removes what it created and says so.
class DatabaseRestore
{
public:
    using Progress = std::function<void(const QString &message)>;

    [[nodiscard]] static Result<RestoreOutcome> run(const RestoreRequest &request, const Progress &progress = {});
};

} // namespace retort
