// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/DatabaseReader.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/VersionTable.h"

#include <QSqlDriver>
#include <QSqlQuery>

namespace retort::ui {

void DatabaseReader::read(quint64 requestId, const DatabaseUrl &url, const RunSettings &settings)
{
    auto connection = DatabaseConnection::open(url, DatabaseConnection::Mode::ReadOnly);
    if (!connection.ok()) {
        Q_EMIT readFailed(requestId, maskPasswords(connection.error().message));
        return;
    }
    if (!connection.value()->exists()) {
        ProductionStatus status;
        status.identity = DatabaseIdentity::ofSqliteFile(url.database());
        if (settings.production) {
            status.reason = ProductionReason::Configured;
            status.environment = settings.environmentName;
        }
        Q_EMIT productionRead(requestId, status);
        Q_EMIT historyRead(requestId, {});
        Q_EMIT rowsRead(requestId, QStringList(), tr("%1 does not exist yet").arg(url.database()));
        return;
    }
    const QSqlDatabase db = connection.value()->database();
    const Result<ProductionStatus> production = ProductionCheck::assess(db, url, settings);
    if (!production.ok()) {
        Q_EMIT readFailed(requestId, maskPasswords(production.error().message));
        return;
    }
    const VersionTable table(settings.versionTable, settings.versionTableSchema);
    const Result<QStringList> rows = table.readRows(db);
    if (!rows.ok()) {
        Q_EMIT readFailed(requestId, maskPasswords(rows.error().message));
        return;
    }
    Q_EMIT productionRead(requestId, production.value());
    Q_EMIT historyRead(requestId, readHistory(db, settings.historyTable, settings.versionTableSchema));
    Q_EMIT rowsRead(requestId, rows.value(), QString());
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
        RevisionRunEntry entry;
        entry.revision = query.value(0).toString();
        entry.direction = query.value(1).toString();
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
