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
    if (connectTimeoutSeconds > 0 && url.queryOption(QStringLiteral("connect_timeout")).isEmpty()) {
        const QString timeout = url.dialect() == Dialect::PostgreSQL ? QStringLiteral("connect_timeout=%1")
                                : url.dialect() == Dialect::MySQL    ? QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1")
                                                                     : QString();
        if (!timeout.isEmpty())
            options += (options.isEmpty() ? QString() : QStringLiteral(";")) + timeout.arg(connectTimeoutSeconds);
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
