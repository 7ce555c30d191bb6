// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/DatabaseReader.h"

#include "core/lint/TableUsage.h"
#include "core/runtime/TableSizes.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"

#include <QElapsedTimer>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>

namespace retort::ui {

namespace {

// Bounds what the read's own session may wait for, so it never sits in a lock queue where writers
// would line up behind it.
void limitWaits(const QSqlDatabase &db, Dialect dialect, int timeoutSeconds)
{
    QSqlQuery query(db);
    switch (dialect) {
    case Dialect::PostgreSQL:
        query.exec(QStringLiteral("SET statement_timeout = %1").arg(timeoutSeconds * 1000));
        query.exec(QStringLiteral("SET lock_timeout = 1000"));
        break;
    case Dialect::MySQL:
        query.exec(QStringLiteral("SET SESSION lock_wait_timeout = %1").arg(timeoutSeconds));
        break;
    case Dialect::SQLite:
        break; // readers wait at most the busy timeout, and never block a writer's queue
    }
}

Result<DatabaseSnapshot> readSnapshot(const DatabaseUrl &url, const RunSettings &settings, DatabaseReader::Scope scope,
                                      int timeoutSeconds, const ScriptDirectory *scripts)
{
    RETORT_TRY(const auto connection,
               DatabaseConnection::open(url, DatabaseConnection::Mode::ReadOnly, timeoutSeconds));
    DatabaseSnapshot snapshot;
    snapshot.historyRead = scope == DatabaseReader::Scope::Everything;
    if (!connection->exists()) {
        snapshot.production.identity = DatabaseIdentity::ofSqliteFile(url.database());
        if (settings.production) {
            snapshot.production.reason = ProductionReason::Configured;
            snapshot.production.environment = settings.environmentName;
        }
        snapshot.note = DatabaseReader::tr("%1 does not exist yet").arg(url.database());
        return snapshot;
    }
    const QSqlDatabase db = connection->database();
    limitWaits(db, url.dialect(), timeoutSeconds);
    RETORT_TRY(snapshot.production, ProductionCheck::assess(db, url, settings));
    RETORT_TRY(snapshot.rows, VersionTable(settings.versionTable, settings.versionTableSchema).readRows(db));
    if (snapshot.historyRead) {
        snapshot.history = DatabaseReader::readHistory(db, settings.historyTable, settings.versionTableSchema);
        // Compared with the files on the UI thread, which holds them; unreadable is nothing recorded, as for the
        // history above.
        const QString history =
            settings.historyTable.isEmpty()
                ? QString()
                : SqlDialect::create(url.dialect())->qualifiedTable(settings.historyTable, settings.versionTableSchema);
        Result<RecordedRevisions> recorded = DriftCheck::read(db, history);
        if (recorded.ok())
            snapshot.recorded = std::move(recorded).value();
        // Catalog lookups (a bounded count on SQLite), here off the UI thread: lint's findings name them.
        if (scripts)
            snapshot.tableSizes = readTableSizes(db, url.dialect(), tablesNamedIn(*scripts, url.dialect()));
    }
    return snapshot;
}

} // namespace

DatabaseReader::DatabaseReader(quint64 requestId, DatabaseUrl url, RunSettings settings, Scope scope,
                               std::shared_ptr<const ScriptDirectory> scripts)
    : m_requestId(requestId), m_url(std::move(url)), m_settings(std::move(settings)), m_scope(scope),
      m_scripts(std::move(scripts))
{
}

int DatabaseReader::timeoutSeconds(const DatabaseUrl &url)
{
    bool ok = false;
    const int fromUrl = url.queryOption(QStringLiteral("connect_timeout")).toInt(&ok);
    return ok && fromUrl > 0 ? fromUrl : DefaultTimeoutSeconds;
}

void DatabaseReader::start()
{
    auto *thread = new QThread; // no parent, never waited for: it deletes itself once the read ends
    thread->setObjectName(QStringLiteral("retort-db-read"));
    moveToThread(thread);
    connect(thread, &QThread::started, this, &DatabaseReader::read);
    connect(thread, &QThread::finished, this, &QObject::deleteLater);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void DatabaseReader::read()
{
    QElapsedTimer clock;
    clock.start();
    const int timeout = timeoutSeconds(m_url);
    const Result<DatabaseSnapshot> snapshot = readSnapshot(m_url, m_settings, m_scope, timeout, m_scripts.get());
    if (snapshot.ok()) {
        Q_EMIT snapshotRead(m_requestId, snapshot.value());
    } else {
        // A read that used up its time got no answer, whatever words the driver has for that.
        const bool timedOut = clock.elapsed() >= qint64(timeout) * 1000 - 250;
        Q_EMIT readFailed(m_requestId, timedOut ? ConnectionState::TimedOut : ConnectionState::Failed,
                          maskPasswords(snapshot.error().message));
    }
    thread()->quit();
}

QVector<RevisionRunEntry> DatabaseReader::readHistory(const QSqlDatabase &db, const QString &historyTable,
                                                      const QString &schema)
{
    QVector<RevisionRunEntry> entries;
    if (historyTable.isEmpty())
        return entries;
    // VersionTable's existence check works for any table name (the runner uses it the same way).
    const Result<bool> present = VersionTable(historyTable, schema).exists(db);
    if (!present.ok() || !present.value())
        return entries;
    const QSqlDriver *driver = db.driver();
    const QString table = schema.isEmpty()
                              ? driver->escapeIdentifier(historyTable, QSqlDriver::TableName)
                              : driver->escapeIdentifier(schema, QSqlDriver::TableName) + QLatin1Char('.') +
                                    driver->escapeIdentifier(historyTable, QSqlDriver::TableName);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // id is the table's auto-increment key: the insertion order, so latest first.
    if (!query.exec(QStringLiteral("SELECT revision, direction, started_at, duration_ms, success, os_user, host, "
                                   "environment FROM %1 ORDER BY id DESC LIMIT %2")
                        .arg(table)
                        .arg(MaxHistoryRows))) {
        return entries; // an unreadable history is shown as no history
    }
    while (query.next()) {
        // Revisions run or stamped; a backup, the mark or a restore is no run of the revision the database was at.
        const std::optional<HistoryEvent> event = historyEventNamed(query.value(1).toString());
        if (!event ||
            !(*event == HistoryEvent::Upgrade || *event == HistoryEvent::Downgrade || *event == HistoryEvent::Stamp))
            continue;
        RevisionRunEntry entry;
        entry.revision = query.value(0).toString();
        entry.direction = *event;
        QDateTime started = QDateTime::fromString(query.value(2).toString(), Qt::ISODateWithMs);
        if (!started.isValid())
            started = QDateTime::fromString(query.value(2).toString(), Qt::ISODate);
        entry.appliedAt = started.isValid() ? started.toLocalTime() : started;
        entry.durationMs = query.value(3).toLongLong();
        entry.success = query.value(4).toInt() != 0;
        const QString user = query.value(5).toString();
        const QString host = query.value(6).toString();
        entry.appliedBy = host.isEmpty() ? user : user.isEmpty() ? host : user + QLatin1Char('@') + host;
        entry.environment = query.value(7).toString();
        entries.append(entry);
    }
    return entries;
}

} // namespace retort::ui
