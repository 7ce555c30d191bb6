// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/DatabaseIdentity.h"

#include "core/runtime/DatabaseConnection.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace retort {

namespace {

// The host a person recognises: as written in the URL, a socket folder or no host being this machine.
QString hostOf(const DatabaseUrl &url)
{
    const QString host = url.host().toLower();
    return host.isEmpty() || host.startsWith(u'/') ? QStringLiteral("localhost") : host;
}

int defaultPort(Dialect dialect)
{
    return dialect == Dialect::PostgreSQL ? 5432 : 3306;
}

// The identity queries, one place for both ways of asking them (a connection of Retort's, or env.py's).
const QString kPing = QStringLiteral("SELECT 1");
const QString kPostgresPlace = QStringLiteral("SELECT current_database(), current_setting('port'), current_schema()");
const QString kPostgresCluster = QStringLiteral("SELECT system_identifier FROM pg_control_system()");
const QString kMysqlPlace = QStringLiteral("SELECT DATABASE(), @@port, VERSION()");
const QString kMysqlUuid = QStringLiteral("SELECT @@server_uuid");
const QString kMariadbServer = QStringLiteral("SELECT @@hostname, @@port, @@datadir");
const QString kSqliteFiles = QStringLiteral("PRAGMA database_list");

// One row of `sql` through `db`, or why the server would not say.
DatabaseIdentity::QueryRow connectionRows(const QSqlDatabase &db)
{
    return [db](const QString &sql, int columns) -> Result<QStringList> {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next())
            return Error(ErrorCode::Database, databaseMessage(query.lastError()));
        QStringList values;
        for (int i = 0; i < columns; ++i)
            values << query.value(i).toString();
        return values;
    };
}

// A refused identity query leaves the identity unknown, saying why; a connection that has gone is an
// error instead: nothing else would work either.
Result<DatabaseIdentity> refused(const DatabaseIdentity::QueryRow &queryRow, DatabaseIdentity identity,
                                 const QString &what, const Error &error)
{
    if (!queryRow(kPing, 1).ok())
        return error;
    identity.unknownReason = QStringLiteral("the server refused %1: %2").arg(what, error.message);
    return identity;
}

Result<DatabaseIdentity> readPostgres(const DatabaseIdentity::QueryRow &queryRow, DatabaseIdentity identity,
                                      const QString &schema)
{
    const auto place = queryRow(kPostgresPlace, 3);
    if (!place.ok())
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read which database this is: ") + place.error().message);
    identity.database = place->at(0);
    identity.port = place->at(1).toInt();
    identity.schema = schema.isEmpty() ? place->at(2) : schema;
    const auto cluster = queryRow(kPostgresCluster, 1);
    if (!cluster.ok())
        return refused(queryRow, identity, QStringLiteral("pg_control_system()"), cluster.error());
    identity.known = true;
    identity.detail = QStringLiteral("cluster %1").arg(cluster->at(0));
    identity.key = QStringLiteral("postgresql:%1:%2:%3").arg(cluster->at(0)).arg(identity.port).arg(identity.database);
    return identity;
}

Result<DatabaseIdentity> readMysql(const DatabaseIdentity::QueryRow &queryRow, DatabaseIdentity identity,
                                   const QString &schema)
{
    const auto place = queryRow(kMysqlPlace, 3);
    if (!place.ok())
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read which database this is: ") + place.error().message);
    identity.database = place->at(0);
    identity.schema = schema.isEmpty() ? identity.database : schema;
    const int serverPort = place->at(1).toInt(); // 0 when the server does not listen on TCP
    if (serverPort > 0)
        identity.port = serverPort;
    const bool mariadb = place->at(2).contains(QLatin1String("MariaDB"), Qt::CaseInsensitive);
    if (!mariadb) {
        const auto uuid = queryRow(kMysqlUuid, 1);
        if (!uuid.ok())
            return refused(queryRow, identity, QStringLiteral("@@server_uuid"), uuid.error());
        identity.known = true;
        identity.detail = QStringLiteral("server uuid %1").arg(uuid->at(0));
        identity.key = QStringLiteral("mysql:%1:%2").arg(uuid->at(0), identity.database);
        return identity;
    }
    const auto server = queryRow(kMariadbServer, 3);
    if (!server.ok())
        return refused(queryRow, identity, QStringLiteral("@@hostname, @@port, @@datadir"), server.error());
    identity.known = true;
    identity.detail = QStringLiteral("MariaDB %1:%2, datadir %3").arg(server->at(0), server->at(1), server->at(2));
    identity.key =
        QStringLiteral("mariadb:%1:%2:%3:%4").arg(server->at(0), server->at(1), server->at(2), identity.database);
    return identity;
}

} // namespace

QString DatabaseIdentity::description() const
{
    QString text;
    switch (dialect) {
    case Dialect::SQLite:
        text = QStringLiteral("SQLite file %1").arg(canonicalPath.isEmpty() ? database : canonicalPath);
        break;
    case Dialect::PostgreSQL:
        text = QStringLiteral("PostgreSQL database %1 on %2:%3").arg(database, host).arg(port);
        break;
    case Dialect::MySQL:
        text = QStringLiteral("MySQL/MariaDB database %1 on %2:%3").arg(database, host).arg(port);
        break;
    }
    if (!schema.isEmpty() && dialect == Dialect::PostgreSQL)
        text += QStringLiteral(", schema %1").arg(schema);
    text += known ? QStringLiteral(" (%1)").arg(detail) : QStringLiteral(" (identity unknown: %1)").arg(unknownReason);
    return text;
}

QString DatabaseIdentity::confirmationName() const
{
    if (dialect == Dialect::SQLite)
        return canonicalPath.isEmpty() ? database : canonicalPath;
    return QStringLiteral("%1:%2/%3").arg(host).arg(port).arg(database);
}

DatabaseIdentity DatabaseIdentity::ofSqliteFile(const QString &path)
{
    DatabaseIdentity identity;
    identity.dialect = Dialect::SQLite;
    identity.database = path;
    if (path == QLatin1String(":memory:")) {
        identity.unknownReason = QStringLiteral("an in-memory database is new with every connection");
        return identity;
    }
    struct stat status = {};
    if (::stat(QFile::encodeName(path).constData(), &status) != 0) {
        identity.unknownReason = QStringLiteral("%1 does not exist yet").arg(path);
        return identity;
    }
    identity.canonicalPath = QFileInfo(path).canonicalFilePath();
    identity.known = true;
    identity.detail = QStringLiteral("inode %1 on device %2:%3")
                          .arg(quint64(status.st_ino))
                          .arg(major(status.st_dev))
                          .arg(minor(status.st_dev));
    identity.key = QStringLiteral("sqlite:%1:%2").arg(quint64(status.st_dev)).arg(quint64(status.st_ino));
    return identity;
}

Result<DatabaseIdentity> DatabaseIdentity::read(const QSqlDatabase &db, const DatabaseUrl &url, const QString &schema)
{
    if (url.dialect() == Dialect::SQLite)
        return ofSqliteFile(url.database());
    return read(connectionRows(db), url, schema);
}

QStringList DatabaseIdentity::identityQueries(Dialect dialect)
{
    switch (dialect) {
    case Dialect::SQLite:
        return {kSqliteFiles};
    case Dialect::PostgreSQL:
        return {kPostgresPlace, kPostgresCluster, kPing};
    case Dialect::MySQL:
        return {kMysqlPlace, kMysqlUuid, kMariadbServer, kPing};
    }
    return {};
}

Result<DatabaseIdentity> DatabaseIdentity::read(const QueryRow &queryRow, const DatabaseUrl &url, const QString &schema)
{
    if (url.dialect() == Dialect::SQLite) {
        // The main database's file as the connection has it open; empty for a memory or temporary one.
        RETORT_TRY(const QStringList files, queryRow(kSqliteFiles, 3));
        return ofSqliteFile(files.at(2).isEmpty() ? QStringLiteral(":memory:") : files.at(2));
    }
    DatabaseIdentity identity;
    identity.dialect = url.dialect();
    identity.host = hostOf(url);
    identity.port = url.port() > 0 ? url.port() : defaultPort(url.dialect());
    identity.database = url.database();
    if (url.dialect() == Dialect::PostgreSQL)
        return readPostgres(queryRow, identity, schema);
    return readMysql(queryRow, identity, schema);
}

Result<DatabaseIdentity> DatabaseIdentity::probe(const DatabaseUrl &url, const QString &schema,
                                                 int connectTimeoutSeconds)
{
    if (url.dialect() == Dialect::SQLite)
        return ofSqliteFile(url.database());
    RETORT_TRY(const auto connection,
               DatabaseConnection::open(url, DatabaseConnection::Mode::ReadOnly, connectTimeoutSeconds));
    return read(connection->database(), url, schema);
}

} // namespace retort
