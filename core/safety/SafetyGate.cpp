// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/SafetyGate.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/RunRequest.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ProjectConfig.h"

namespace retort {

bool SafetyGate::canReuse(const BackupRecord &backup, const ProductionStatus &status, const DatabaseUrl &url)
{
    const bool sameDatabase = !backup.identityKey.isEmpty() && status.identity.known
                                  ? backup.identityKey == status.identity.key
                                  : backup.database.sameDatabase(url);
    return sameDatabase && backup.createdAt.isValid() &&
           backup.createdAt.secsTo(QDateTime::currentDateTimeUtc()) <= kReusableBackupSeconds;
}

QString SafetyGate::production(const ProductionStatus &status)
{
    return status.summary();
}

Result<SafetyClearance> SafetyGate::clear(const DatabaseTarget &target, const ProductionStatus &status,
                                          const BackupSettings &backup, const GateDecision &decision,
                                          const std::function<void(const QString &)> &log)
{
    const QString expected = confirmationName(status);
    const QString why = production(status);
    if (!decision.assumeYes && decision.typedName.trimmed() != expected) {
        return Error(
            ErrorCode::Refused,
            decision.typedName.trimmed().isEmpty()
                ? QStringLiteral("%1. Confirm by typing '%2' (or pass --yes); nothing was changed").arg(why, expected)
                : QStringLiteral("%1. Typed '%2', which is not '%3'; nothing was changed")
                      .arg(why, decision.typedName.trimmed(), expected));
    }

    SafetyClearance clearance;
    clearance.m_database = target.url;
    clearance.m_identity = status.identity;
    if (decision.rehearsalOnly) {
        clearance.m_rehearsalOnly = true;
        return clearance;
    }
    if (decision.skipBackup) {
        if (decision.skipReason.trimmed().isEmpty()) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("%1. Skipping the backup needs a written reason (--no-backup --reason "
                                        "\"...\"); nothing was changed")
                             .arg(why));
        }
        clearance.m_skipReason = decision.skipReason.trimmed();
        if (log)
            log(QStringLiteral("No backup taken: %1").arg(clearance.m_skipReason));
        return clearance;
    }
    if (decision.existingBackup) {
        // Reused from an earlier step: of this database, recent, and still there and readable.
        const BackupRecord &existing = *decision.existingBackup;
        if (!canReuse(existing, status, target.url)) {
            const bool recent = existing.createdAt.isValid() &&
                                existing.createdAt.secsTo(QDateTime::currentDateTimeUtc()) <= kReusableBackupSeconds;
            return Error(ErrorCode::Refused,
                         recent ? QStringLiteral("the backup %1 is of %2, not of %3; take a new one")
                                      .arg(existing.path, existing.database.toDisplayString(), expected)
                                : QStringLiteral("the backup %1 was taken more than an hour ago; take a new one")
                                      .arg(existing.path));
        }
        RETORT_TRY(const QString verification,
                   DatabaseBackup::verify(decision.existingBackup->path, decision.existingBackup->method, backup));
        clearance.m_backup = decision.existingBackup;
        clearance.m_backup->verification = verification;
        if (log)
            log(QStringLiteral("Using the backup %1").arg(clearance.m_backup->summary()));
        return clearance;
    }
    if (DatabaseBackup::resolveMethod(backup.method, target.url.dialect()) == BackupMethod::None) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("%1. Its environment has backup = none: give a reason to skip the backup "
                                    "(--no-backup --reason \"...\"); nothing was changed")
                         .arg(why));
    }
    if (log)
        log(QStringLiteral("Backing up %1 ...").arg(target.url.toDisplayString()));
    RETORT_TRY(BackupRecord record, DatabaseBackup::take(target.url, backup));
    if (log)
        log(QStringLiteral("Backup %1").arg(record.summary()));
    clearance.m_backup = std::move(record);
    return clearance;
}

Status recordInHistory(QSqlDatabase &db, const DatabaseUrl &url, const RunSettings &settings, HistoryRecord record)
{
    if (settings.historyTable.isEmpty())
        return Status::success();
    const auto dialect = SqlDialect::create(url.dialect());
    RETORT_CHECK(HistoryRecord::ensureTable(db, *dialect, settings.historyTable, settings.versionTableSchema));
    record.environment = settings.environmentName;
    return record.insertInto(db, dialect->qualifiedTable(settings.historyTable, settings.versionTableSchema));
}

BackupRecording recordBackupInHistory(const DatabaseUrl &url, const RunSettings &settings, const BackupRecord &backup)
{
    if (settings.historyTable.isEmpty())
        return {false, QStringLiteral("the project keeps no history table (history_table is empty)")};
    const auto connection = DatabaseConnection::open(url);
    if (!connection.ok())
        return {false, connection.error().message};
    QSqlDatabase db = connection.value()->database();
    const Result<bool> present = VersionTable(settings.historyTable, settings.versionTableSchema).exists(db);
    if (!present.ok())
        return {false, present.error().message};
    if (!present.value()) {
        return {false, QStringLiteral("the database has no %1 table yet (Retort has not run on it), and a backup "
                                      "leaves nothing of Retort's behind")
                           .arg(settings.historyTable)};
    }
    const Result<QStringList> rows = VersionTable(settings.versionTable, settings.versionTableSchema).readRows(db);
    const Status recorded = recordInHistory(
        db, url, settings, HistoryRecord::forBackup(backup, QString(), rows.ok() ? rows.value() : QStringList()));
    if (!recorded.ok())
        return {false, recorded.error().message};
    return {true, QString()};
}

} // namespace retort
