// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/SafetyGate.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/MigrationRunner.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ProjectConfig.h"

namespace retort {

QString SafetyClearance::historyNote() const
{
    return m_backup ? QStringLiteral("backup: ") + m_backup->summary() : QStringLiteral("no backup: ") + m_skipReason;
}

bool SafetyGate::canReuse(const BackupRecord &backup, const DatabaseUrl &url)
{
    return backup.database.sameDatabase(url) && backup.createdAt.isValid() &&
           backup.createdAt.secsTo(QDateTime::currentDateTimeUtc()) <= kReusableBackupSeconds;
}

bool SafetyGate::applies(const DatabaseTarget &target)
{
    return target.production;
}

QString SafetyGate::confirmationName(const DatabaseUrl &url)
{
    return url.databaseLabel();
}

Result<SafetyClearance> SafetyGate::clear(const DatabaseTarget &target, const BackupSettings &backup,
                                          const GateDecision &decision, const std::function<void(const QString &)> &log)
{
    const QString environment =
        target.environmentName.isEmpty() ? target.url.toDisplayString() : target.environmentName;
    const QString expected = confirmationName(target.url);
    if (!decision.assumeYes && decision.typedName.trimmed() != expected) {
        return Error(ErrorCode::Refused,
                     decision.typedName.isEmpty()
                         ? QStringLiteral("'%1' is a production environment: confirm by typing the database name "
                                          "'%2' (or pass --yes); nothing was changed")
                               .arg(environment, expected)
                         : QStringLiteral("'%1' is a production environment: typed '%2', but the database is '%3'; "
                                          "nothing was changed")
                               .arg(environment, decision.typedName.trimmed(), expected));
    }

    SafetyClearance clearance;
    clearance.m_database = target.url;
    if (decision.skipBackup) {
        if (decision.skipReason.trimmed().isEmpty()) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("'%1' is a production environment: skipping the backup needs a written reason "
                                        "(--no-backup --reason \"...\"); nothing was changed")
                             .arg(environment));
        }
        clearance.m_skipReason = decision.skipReason.trimmed();
        if (log)
            log(QStringLiteral("No backup taken: %1").arg(clearance.m_skipReason));
        return clearance;
    }
    if (decision.existingBackup) {
        // Reused from an earlier step: of this database, recent, and still there and readable.
        const BackupRecord &existing = *decision.existingBackup;
        if (!existing.database.sameDatabase(target.url)) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("the backup %1 is of %2, not of %3; take a new one")
                             .arg(existing.path, existing.database.toDisplayString(), target.url.toDisplayString()));
        }
        if (!existing.createdAt.isValid() ||
            existing.createdAt.secsTo(QDateTime::currentDateTimeUtc()) > kReusableBackupSeconds) {
            return Error(
                ErrorCode::Refused,
                QStringLiteral("the backup %1 was taken more than an hour ago; take a new one").arg(existing.path));
        }
        RETORT_TRY(const QString verification,
                   DatabaseBackup::verify(decision.existingBackup->path, decision.existingBackup->method, backup));
        clearance.m_backup = decision.existingBackup;
        clearance.m_backup->verification = verification;
        if (log)
            log(QStringLiteral("Using the backup %1").arg(clearance.m_backup->summary()));
        return clearance;
    }
    if (DatabaseBackup::resolveMethod(backup.method, target.url.dialect()) == QLatin1String("none")) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("'%1' is a production environment with backup = none: run with a reason to skip "
                                    "the backup (--no-backup --reason \"...\"); nothing was changed")
                         .arg(environment));
    }
    if (log)
        log(QStringLiteral("Backing up %1 ...").arg(target.url.toDisplayString()));
    RETORT_TRY(BackupRecord record, DatabaseBackup::take(target.url, backup));
    if (log)
        log(QStringLiteral("Backup %1").arg(record.summary()));
    clearance.m_backup = std::move(record);
    return clearance;
}

HistoryRecord backupHistoryRecord(const std::optional<BackupRecord> &backup, const QString &skipReason,
                                  const QStringList &versionRows)
{
    HistoryRecord record;
    record.revision = versionRows.isEmpty() ? QStringLiteral("base") : versionRows.first();
    record.fromRevisions = versionRows.join(QStringLiteral(", "));
    record.toRevisions = record.fromRevisions;
    if (backup) {
        record.direction = QStringLiteral("backup");
        record.startedAt = backup->createdAt.toString(Qt::ISODateWithMs);
        record.durationMs = backup->durationMs;
        record.checksum = backup->sha256;
        record.note = QStringLiteral("backup: ") + backup->summary();
    } else {
        record.direction = QStringLiteral("backup skipped");
        record.startedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        record.note = QStringLiteral("no backup: ") + skipReason;
    }
    record.setWhoAndWhere();
    return record;
}

Status recordBackupInHistory(const DatabaseUrl &url, const RunSettings &settings, const BackupRecord &backup)
{
    if (settings.historyTable.isEmpty())
        return Status::success();
    RETORT_TRY(const auto connection, DatabaseConnection::open(url));
    QSqlDatabase db = connection->database();
    const auto dialect = SqlDialect::create(url.dialect());
    RETORT_TRY(const QStringList rows, VersionTable(settings.versionTable, settings.versionTableSchema).readRows(db));
    RETORT_CHECK(HistoryRecord::ensureTable(db, *dialect, settings.historyTable, settings.versionTableSchema));
    HistoryRecord record = backupHistoryRecord(backup, QString(), rows);
    record.environment = settings.environmentName;
    return record.insertInto(db, dialect->qualifiedTable(settings.historyTable, settings.versionTableSchema));
}

} // namespace retort
