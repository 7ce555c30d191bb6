// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/SafetyClearance.h"
#include "core/safety/DatabaseBackup.h"
#include "core/runtime/ProductionCheck.h"
#include "core/script/DatabaseUrl.h"

#include <QString>

#include <functional>
#include <optional>

namespace retort {

struct DatabaseTarget;
struct HistoryRecord;
struct RunSettings;

// What the person at the keyboard decided at a production gate.
struct GateDecision
{
    // The confirmation: the database's confirmation name as typed (GUI, terminal prompt), or
    // `assumeYes` (--yes on the command line).
    QString typedName;
    bool assumeYes = false;
    // The backup: taken now unless skipped with a reason, or one already taken
    // (an earlier checklist step) is reused.
    bool skipBackup = false;
    QString skipReason;
    std::optional<BackupRecord> existingBackup;
    // For a rehearsal: the confirmation alone (nothing is kept, so no backup is taken).
    bool rehearsalOnly = false;
};

// The production safety gate of DESIGN.md, shared by the CLI and the GUI:
// before a stamp, upgrade or downgrade of a production database (ProductionCheck
// says which are), a confirmation naming the database and a verified backup (or a
// written reason to skip it); before a rehearsal, the confirmation. The rehearsal
// is MigrationRunner's (RunRequest::rehearsal).
class SafetyGate
{
public:
    // A backup taken earlier can stand in for a new one when it is of the same database and under an hour old.
    static constexpr qint64 kReusableBackupSeconds = 3600;
    static bool canReuse(const BackupRecord &backup, const ProductionStatus &status, const DatabaseUrl &url);
    // What the user must type to confirm: the canonical path of an SQLite file, host:port/database of a
    // server (DatabaseIdentity::confirmationName).
    static QString confirmationName(const ProductionStatus &status) { return status.identity.confirmationName(); }
    // "<name> is production: <why>", the start of every message of the gate.
    static QString production(const ProductionStatus &status);

    // Checks the decision and takes the backup (reporting through `log`) for the
    // database `target` reaches, which `status` describes. Errors say what is
    // missing; nothing has been written when it fails.
    [[nodiscard]] static Result<SafetyClearance> clear(const DatabaseTarget &target, const ProductionStatus &status,
                                                       const BackupSettings &backup, const GateDecision &decision,
                                                       const std::function<void(const QString &)> &log = {});
};

// Records a backup taken on its own (`retort backup`) in the history table, if the database has one: a
// database Retort has never run on keeps no table of Retort's, so dropping alembic_version still undoes an
// adoption. The backup counts either way; `notRecorded` says why no row was written (no table, the project
// keeps none, the account may not write).
struct BackupRecording
{
    bool recorded = false;
    QString notRecorded;
};
BackupRecording recordBackupInHistory(const DatabaseUrl &url, const RunSettings &settings, const BackupRecord &backup);
// Appends `record` (its environment set from `settings`) to the history table of the database `db`
// is connected to (`url`), creating the table first; nothing when the project keeps none.
[[nodiscard]] Status recordInHistory(QSqlDatabase &db, const DatabaseUrl &url, const RunSettings &settings,
                                     HistoryRecord record);

} // namespace retort
