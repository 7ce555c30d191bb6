// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/checklist/Checklist.h"
#include "core/revision/MigrationStep.h"
#include "core/runtime/BackupRecord.h"
#include "core/runtime/HistoryRecord.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace retort {

class RevisionMap;

// One successful row of the history table, as a walk reads it: what was done, to what, by whom and when.
struct HistoryEntry
{
    HistoryEvent event = HistoryEvent::Upgrade;
    QString revision;
    QStringList fromRevisions;
    QStringList toRevisions;
    QDateTime at;     // started_at, UTC
    QString by;       // user@host
    QString checksum; // of a backup: its file's SHA-256
};

// The successful upgrade, downgrade, stamp and backup rows of the history table `table` (in `schema`) that
// started at `since` or later, oldest first. A database without the table records nothing; so does an
// invalid `since` (a walk nobody has begun has no "since").
[[nodiscard]] Result<QVector<HistoryEntry>> readHistorySince(const QSqlDatabase &db, Dialect dialect,
                                                             const QString &table, const QString &schema,
                                                             const QDateTime &since);

// Whether a bound step is already done when the walk gets to it, and in which words the walk records it.
struct PriorState
{
    enum class Kind
    {
        NotDone,     // run it
        DoneSince,   // the history shows it done since the walk began (by whom, when): recorded, not run again
        NothingToDo, // the database is already where the step leads, with no such row: nothing runs
    };
    Kind kind = Kind::NotDone;
    QString result;                     // "already done: upgraded to … by … at … (history)", "nothing to do: …"
    std::optional<BackupRecord> backup; // DoneSince a {backup}: the file the history's row names
};

// {upgrade REV}, {downgrade REV}, {stamp REV…} and {rehearse upgrade REV}, given `plan`, the steps the action
// would take now from the version table's `rows`. A non-empty plan is NotDone. An empty one is DoneSince when
// the last change of the version table the history shows since the walk began (`since`: readHistorySince) is
// a row of the step's own kind that leaves the table as it is; otherwise (nothing since, or another kind: a
// stamp where the step upgrades) NothingToDo. A rehearsal of an empty plan is NothingToDo.
PriorState priorRun(const ChecklistAction &action, const QVector<MigrationStep> &plan, const QStringList &rows,
                    const QVector<HistoryEntry> &since, const RevisionMap &map);

// {backup}: DoneSince when the history since the walk began records a backup whose file (by its SHA-256) is
// among `backups` (DatabaseBackup::list); NotDone otherwise. The caller verifies the file before relying on it.
PriorState priorBackup(const QVector<HistoryEntry> &since, const QVector<BackupRecord> &backups);

} // namespace retort
