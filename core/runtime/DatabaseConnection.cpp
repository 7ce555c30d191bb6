// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/DatabaseConnection.h"

#include <QAtomicInt>
#include <QFileInfo>
#include <QSqlError>

namespace retort {

QString databaseMessage(const QSqlError &error)
{
    for (QString text : {error.databaseText(), error.text()}) {
        text = text.trimmed();
        if (text.endsWith(QLatin1String("()")))
            text = text.chopped(2).trimmed();
        if (!text.isEmpty())
            return text;
    }
    return QStringLiteral("no answer from the database (the connection may be lost)");
}

namespace {

QString uniqueConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("retort-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

Result<std::unique_ptr<DatabaseConnection>> DatabaseConnection::open(const DatabaseUrl &url, Mode mode,
                                                                     int connectTimeoutSeconds)
{
    if (!QSqlDatabase::isDriverAvailable(url.qtDriverName())) {
        return Error(ErrorCode::Database, QStringLiteral("the Qt SQL driver %1 for %2 is not installed (available: %3)")
                                              .arg(url.qtDriverName(), url.toDisplayString(),
                                                   QSqlDatabase::drivers().join(QStringLiteral(", "))));
    }
    std::unique_ptr<DatabaseConnection> connection(new DatabaseConnection(url, uniqueConnectionName()));
    if (url.dialect() == Dialect::SQLite && mode == Mode::ReadOnly && !url.isMemory() &&
        !QFileInfo::exists(url.database())) {
        connection->m_exists = false;
        return connection;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(url.qtDriverName(), connection->m_name);
    db.setDatabaseName(url.database());
    if (!url.host().isEmpty())
        db.setHostName(url.host());
    if (url.port() > 0)
        db.setPort(url.port());
    if (!url.userName().isEmpty())
        db.setUserName(url.userName());
    if (!url.password().isEmpty())
        db.setPassword(url.password());
    QString options = url.qtConnectOptions();
    if (url.dialect() == Dialect::SQLite && mode == Mode::ReadOnly && !url.isMemory()) {
        if (!options.contains(QLatin1String("QSQLITE_OPEN_READONLY")))
            options += (options.isEmpty() ? QString() : QStringLiteral(";")) + QStringLiteral("QSQLITE_OPEN_READONLY");
    }
    const auto addOption = [&options](const QString &option) {
        options += (options.isEmpty() ? QString() : QStringLiteral(";")) + option;
    };
    if (connectTimeoutSeconds > 0 && url.queryOption(QStringLiteral("connect_timeout")).isEmpty()) {
        if (url.dialect() == Dialect::PostgreSQL)
            addOption(QStringLiteral("connect_timeout=%1").arg(connectTimeoutSeconds));
        else if (url.dialect() == Dialect::MySQL)
            addOption(QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1").arg(connectTimeoutSeconds));
    }
    // A reader with a deadline also bounds each wait for an answer: a server that accepts and then
    // says nothing (or a query queued behind a lock) must not hold it. Never for runs: a migration's
    // statement may rightly take hours.
    if (connectTimeoutSeconds > 0 && mode == Mode::ReadOnly && url.dialect() == Dialect::MySQL &&
        url.queryOption(QStringLiteral("read_timeout")).isEmpty()) {
        addOption(QStringLiteral("MYSQL_OPT_READ_TIMEOUT=%1").arg(connectTimeoutSeconds));
    }
    db.setConnectOptions(options);
    if (!db.open()) {
        return Error(ErrorCode::Database, QStringLiteral("cannot connect to %1: %2")
                                              .arg(url.toDisplayString(), maskPasswords(db.lastError().text())));
    }
    return connection;
}

QSqlDatabase DatabaseConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

DatabaseConnection::~DatabaseConnection()
{
    if (!m_exists)
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

} // namespace retort
