// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/safety/DatabaseBackup.h"
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
    // The confirmation: the database name as typed (GUI, terminal prompt), or
    // `assumeYes` (--yes on the command line).
    QString typedName;
    bool assumeYes = false;
    // The backup: taken now unless skipped with a reason, or one already taken
    // (an earlier checklist step) is reused.
    bool skipBackup = false;
    QString skipReason;
    std::optional<BackupRecord> existingBackup;
};

// Proof that a run on a production database passed its gate: confirmed, and
// backed up (or skipped with a written reason). Only SafetyGate makes them, and
// MigrationRunner refuses to write to a production database without one for
// that same database.
class SafetyClearance
{
public:
    const DatabaseUrl &database() const { return m_database; }
    const std::optional<BackupRecord> &backup() const { return m_backup; }
    QString skipReason() const { return m_skipReason; }
    // For the history rows of the run: "backup: <summary>" or "no backup: <reason>".
    QString historyNote() const;

private:
    friend class SafetyGate;
    SafetyClearance() = default;

    DatabaseUrl m_database;
    std::optional<BackupRecord> m_backup;
    QString m_skipReason;
};

// The production safety gate of DESIGN.md, shared by the CLI and the GUI:
// before a stamp, upgrade or downgrade of a production database, a
// confirmation naming the database and a verified backup (or a written reason
// to skip it). The rehearsal is MigrationRunner's (RunRequest::rehearsal).
class SafetyGate
{
public:
    // Whether `target` needs the gate before writing.
    static bool applies(const DatabaseTarget &target);
    // A backup taken earlier can stand in for a new one when it is of `url` and under an hour old.
    static constexpr qint64 kReusableBackupSeconds = 3600;
    static bool canReuse(const BackupRecord &backup, const DatabaseUrl &url);
    // What the user must type to confirm: the database's name.
    static QString confirmationName(const DatabaseUrl &url);

    // Checks the decision and takes the backup (reporting through `log`).
    // Errors say what is missing; nothing has been written when it fails.
    [[nodiscard]] static Result<SafetyClearance> clear(const DatabaseTarget &target, const BackupSettings &backup,
                                                       const GateDecision &decision,
                                                       const std::function<void(const QString &)> &log = {});
};

// The history row that records a backup (direction "backup", the file's
// SHA-256 as checksum) or a skipped one ("backup skipped", the reason as note),
// taken while the database was at `versionRows`.
HistoryRecord backupHistoryRecord(const std::optional<BackupRecord> &backup, const QString &skipReason,
                                  const QStringList &versionRows);
// Records a backup taken on its own (`retort backup`, a checklist step) in the
// history table of `url`, when the project keeps one.
[[nodiscard]] Status recordBackupInHistory(const DatabaseUrl &url, const RunSettings &settings,
                                           const BackupRecord &backup);

} // namespace retort
