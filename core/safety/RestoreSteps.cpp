// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/RestoreSteps.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"

#include <QDir>
#include <QHash>
#include <QSqlError>
#include <QSqlRecord>

namespace retort {

namespace {

// The `restore` row's note: which backup, what it replaced, where that is kept.
QString restoreNote(const BackupRecord &backup, const ReplacedDatabase &replaced, const QString &preRestoreBackup,
                    const QString &keptName)
{
    QString note = QStringLiteral("restored from %1 (taken %2")
                       .arg(QDir::toNativeSeparators(backup.path), backup.createdAt.toString(Qt::ISODate));
    if (!backup.environment.isEmpty())
        note += QStringLiteral(" of environment '%1'").arg(backup.environment);
    note += QStringLiteral("); ");
    if (!replaced.exists)
        return note + QStringLiteral("it replaced nothing (a new database)");
    note +=
        QStringLiteral("it replaced a database whose version table was %1").arg(versionStateText(replaced.versionRows));
    note += preRestoreBackup.isEmpty() ? QStringLiteral(", not backed up")
                                       : QStringLiteral(", backed up to ") + QDir::toNativeSeparators(preRestoreBackup);
    if (!keptName.isEmpty())
        note += QStringLiteral(", kept as ") + keptName;
    return note;
}

} // namespace

QString HistoryRow::key() const
{
    static const QStringList columns = HistoryRecord::columnList().split(QStringLiteral(", "));
    static const QVector<int> identifying = {
        int(columns.indexOf(QStringLiteral("revision"))), int(columns.indexOf(QStringLiteral("direction"))),
        int(columns.indexOf(QStringLiteral("started_at"))), int(columns.indexOf(QStringLiteral("run_id")))};
    QStringList parts;
    for (int column : identifying)
        parts << values.value(column).toString();
    return parts.join(u'\x1f');
}

Status RestoreSteps::applyTimeouts(const QSqlDatabase &db) const
{
    for (const SqlDialect::SessionSetting &setting : m_dialect->timeoutSettings(m_request.dbLockTimeoutSeconds, 0)) {
        QSqlQuery query(db);
        if (!setting.statement.isEmpty() && !query.exec(setting.statement) && !setting.optional) {
            return Error(ErrorCode::Database, QStringLiteral("cannot set the restore's timeouts (%1): %2")
                                                  .arg(setting.statement, databaseMessage(query.lastError())));
        }
    }
    return Status::success();
}

Status RestoreSteps::backUpReplaced()
{
    if (!m_request.backUpReplaced)
        return Status::success();
    RETORT_TRY(m_preRestoreBackup, m_request.backUpReplaced());
    return Status::success();
}

Result<std::unique_ptr<RunLock>> RestoreSteps::lock(QSqlDatabase &db, const QString &database) const
{
    return RunLock::acquire(db, m_request.target.dialect(), database + u'/' + m_versionTable.qualifiedName(),
                            m_request.lockTimeoutSeconds, [this](const QString &message) { say(message); });
}

Result<QVector<HistoryRow>> RestoreSteps::readHistory(const QSqlDatabase &db) const
{
    // SELECT *: a table made by an earlier Retort may lack newer columns (they read as NULL).
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT * FROM %1 ORDER BY id").arg(historyTable()))) {
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read %1: %2").arg(historyTable(), databaseMessage(query.lastError())));
    }
    const QStringList columns = HistoryRecord::columnList().split(QStringLiteral(", "));
    QVector<int> indexes;
    for (const QString &column : columns)
        indexes << query.record().indexOf(column);
    const int idIndex = query.record().indexOf(QStringLiteral("id"));
    QVector<HistoryRow> rows;
    while (query.next()) {
        HistoryRow row;
        row.id = query.value(idIndex).toLongLong();
        for (int index : std::as_const(indexes))
            row.values << (index < 0 ? QVariant() : query.value(index));
        rows.append(row);
    }
    return rows;
}

Result<ReplacedDatabase> RestoreSteps::readReplaced(QSqlDatabase &db, const DatabaseUrl &url) const
{
    ReplacedDatabase replaced;
    replaced.exists = true;
    RETORT_TRY(replaced.versionRows, m_versionTable.readRows(db));
    if (!m_request.historyTable.isEmpty()) {
        RETORT_TRY(replaced.hasHistory,
                   VersionTable(m_request.historyTable, m_request.backup.versionTableSchema).exists(db));
        if (replaced.hasHistory) {
            RETORT_TRY(replaced.historyRows, readHistory(db));
        }
    }
    RETORT_TRY(replaced.mark, ProductionMark::read(db, *m_dialect, m_request.backup.versionTableSchema));
    RETORT_TRY(replaced.identity, DatabaseIdentity::read(db, url, m_request.backup.versionTableSchema));
    return replaced;
}

Result<QStringList> RestoreSteps::checkVersions(const QSqlDatabase &restored, const BackupRecord &backup) const
{
    RETORT_TRY(const QStringList rows, m_versionTable.readRows(restored));
    if (!backup.revisionsKnown) {
        say(QStringLiteral("The backup has no note of its revisions; the restored database: %1")
                .arg(m_versionTable.describe(rows)));
        return rows;
    }
    QStringList expected = backup.revisions;
    QStringList found = rows;
    expected.sort();
    found.sort();
    if (found != expected) {
        return Error(ErrorCode::Database,
                     QStringLiteral("the restored database does not match the backup: %1, but the backup was taken at "
                                    "%2")
                         .arg(m_versionTable.describe(rows), expected.isEmpty() ? QStringLiteral("no revision")
                                                                                : expected.join(QStringLiteral(", "))));
    }
    say(QStringLiteral("Checked: %1, as when the backup was taken").arg(m_versionTable.describe(rows)));
    return rows;
}

Status RestoreSteps::settle(QSqlDatabase &restored, const ReplacedDatabase &replaced, const BackupRecord &backup,
                            const QString &keptName, RestoreOutcome *outcome) const
{
    const QString schema = m_request.backup.versionTableSchema;
    if (replaced.mark) {
        RETORT_TRY(const std::optional<ProductionMark> restoredMark,
                   ProductionMark::read(restored, *m_dialect, schema));
        if (!restoredMark || !restoredMark->madeOn(replaced.identity) ||
            restoredMark->environment != replaced.mark->environment) {
            RETORT_CHECK(
                ProductionMark::write(restored, *m_dialect, schema, replaced.mark->environment, replaced.identity));
            outcome->markCarried = replaced.mark->environment;
            say(QStringLiteral("Carried the production mark of environment '%1' over").arg(outcome->markCarried));
        }
    } else if (replaced.exists) {
        RETORT_TRY(const std::optional<ProductionMark> restoredMark,
                   ProductionMark::read(restored, *m_dialect, schema));
        if (restoredMark) {
            // Unmarked since the backup, or marked elsewhere: the gate stays (it fails closed) and the person decides.
            outcome->markKept = restoredMark->environment;
            say(QStringLiteral("The backup carries the production mark of environment '%1' and the database it "
                               "replaces does not; the mark stays (retort unmark-production removes it)")
                    .arg(outcome->markKept));
        }
    }
    if (m_request.historyTable.isEmpty())
        return Status::success();
    RETORT_TRY(const bool restoredHasHistory, VersionTable(m_request.historyTable, schema).exists(restored));
    if (!replaced.hasHistory && !restoredHasHistory)
        return Status::success(); // Retort has kept no history on either: it starts none
    RETORT_CHECK(HistoryRecord::ensureTable(restored, *m_dialect, m_request.historyTable, schema));
    RETORT_CHECK(carryHistory(restored, replaced, outcome));
    HistoryRecord record = HistoryRecord::event(HistoryEvent::Restore, outcome->revisions,
                                                restoreNote(backup, replaced, m_preRestoreBackup, keptName));
    record.fromRevisions = replaced.versionRows.join(QStringLiteral(", "));
    record.checksum = backup.sha256;
    record.environment = m_request.environmentName;
    RETORT_CHECK(record.insertInto(restored, historyTable()));
    outcome->historyRecorded = true;
    return Status::success();
}

// The replaced database's history is what happened: rows the backup lacks are added, and rows the backup
// holds in an earlier state (a start row finished since) take their later values.
Status RestoreSteps::carryHistory(QSqlDatabase &restored, const ReplacedDatabase &replaced,
                                  RestoreOutcome *outcome) const
{
    RETORT_TRY(const QVector<HistoryRow> restoredRows, readHistory(restored));
    QHash<QString, HistoryRow> present;
    for (const HistoryRow &row : restoredRows)
        present.insert(row.key(), row);
    QSqlQuery insert(restored);
    insert.prepare(HistoryRecord::insertStatement(historyTable()));
    QStringList assignments;
    for (const QString &column : HistoryRecord::columnList().split(QStringLiteral(", ")))
        assignments << column + QStringLiteral(" = ?");
    QSqlQuery update(restored);
    update.prepare(
        QStringLiteral("UPDATE %1 SET %2 WHERE id = ?").arg(historyTable(), assignments.join(QStringLiteral(", "))));
    for (const HistoryRow &row : replaced.historyRows) {
        const auto found = present.constFind(row.key());
        if (found != present.cend() && found->values == row.values)
            continue;
        QSqlQuery &query = found == present.cend() ? insert : update;
        for (const QVariant &value : row.values)
            query.addBindValue(value);
        if (found != present.cend())
            query.addBindValue(found->id);
        if (!query.exec()) {
            return Error(ErrorCode::Database, QStringLiteral("cannot carry the history over into %1: %2")
                                                  .arg(historyTable(), databaseMessage(query.lastError())));
        }
        ++(found == present.cend() ? outcome->historyRowsCarried : outcome->historyRowsUpdated);
    }
    if (outcome->historyRowsCarried + outcome->historyRowsUpdated > 0) {
        say(QStringLiteral("Carried the history over: %1 row(s) the backup lacks, %2 it holds in an earlier state")
                .arg(outcome->historyRowsCarried)
                .arg(outcome->historyRowsUpdated));
    }
    return Status::success();
}

} // namespace retort
