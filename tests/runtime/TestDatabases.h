// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the runtime tests: reading the private servers' URLs, small query helpers and running the
// real `retort` binary. Header-only; each test executable includes it once.
#pragma once

#include "tests/support/RetortCli.h"
#include "tests/support/TestFiles.h"

#include "core/Result.h"
#include "core/script/DatabaseUrl.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QStringList>

#include <QTest>

// Stops the calling test function when a helper it called has failed.
#define CHECKED(call)                                                                                                  \
    do {                                                                                                               \
        call;                                                                                                          \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

namespace retort::testing {

inline const QString kNull = QStringLiteral("NULL");

inline const QString kSqlite = QStringLiteral("sqlite");
inline const QString kPostgres = QStringLiteral("postgresql");
inline const QString kMariadb = QStringLiteral("mariadb");

// The backends a runtime test executable covers: SQLite files, or (RETORT_INTEGRATION) the private
// PostgreSQL and MariaDB servers of the CTest fixture.
inline QStringList backends()
{
#ifdef RETORT_INTEGRATION
    return {kPostgres, kMariadb};
#else
    return {kSqlite};
#endif
}

// One data row per backend of this executable, in a column named "backend".
inline void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    for (const QString &backend : backends())
        QTest::newRow(qPrintable(backend)) << backend;
}

// The message of a failed result, for QVERIFY2; empty when it succeeded.
template <typename T> QByteArray errorOf(const retort::Result<T> &result)
{
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

// The NAME=URL lines test-servers.sh writes. RETORT_TEST_SERVERS_URLS in the environment points a
// hand-run at servers started elsewhere (test-servers.sh start DIR); CTest uses `defaultPath`.
// An error message, or empty with `urls` filled.
inline QString readServerUrls(const QString &defaultPath, QHash<QString, QString> *urls)
{
    QString path = qEnvironmentVariable("RETORT_TEST_SERVERS_URLS");
    if (path.isEmpty())
        path = defaultPath;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return QStringLiteral("cannot read %1 (%2); the CTest fixture db_servers should have written it: run "
                              "tests/integration/test-servers.sh start")
            .arg(path, file.errorString());
    }
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || equals < 0)
            continue;
        urls->insert(line.left(equals), line.mid(equals + 1));
    }
    for (const char *name : {"RETORT_TEST_POSTGRESQL_URL", "RETORT_TEST_MARIADB_URL"}) {
        if (!urls->contains(QLatin1String(name)))
            return QStringLiteral("%1 is missing from %2").arg(QLatin1String(name), path);
    }
    return QString();
}

// Runs `sql`; the database's error, or an empty string.
inline QString execError(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return QString();
    return sql + QStringLiteral(": ") + query.lastError().text();
}

// The rows of a query as text, NULL as "NULL". A failing query gives one row naming the error, which no
// expected value contains, so the comparison that follows fails and shows it.
inline QList<QStringList> selectRows(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return {{QStringLiteral("query failed: %1: %2").arg(sql, query.lastError().text())}};
    QList<QStringList> rows;
    while (query.next()) {
        QStringList row;
        for (int i = 0; i < query.record().count(); ++i)
            row << (query.isNull(i) ? kNull : query.value(i).toString());
        rows << row;
    }
    return rows;
}

inline QStringList selectColumn(const QSqlDatabase &db, const QString &sql)
{
    QStringList values;
    for (const QStringList &row : selectRows(db, sql))
        values << row.value(0);
    return values;
}

// Drops every table of the server database (PostgreSQL: also the `ops` schema some cases use);
// an error message, or empty.
inline QString emptyServerDatabase(const QSqlDatabase &db, bool postgres)
{
    QStringList statements;
    if (postgres) {
        statements << QStringLiteral("SET client_min_messages = warning")
                   << QStringLiteral("DROP SCHEMA IF EXISTS ops CASCADE");
        for (const QString &name :
             selectColumn(db, QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
            statements << QStringLiteral("DROP TABLE IF EXISTS \"%1\" CASCADE").arg(name);
    } else {
        // In any order: foreign keys between the tables must not stop the drops.
        statements << QStringLiteral("SET FOREIGN_KEY_CHECKS = 0");
        for (const QString &name : selectColumn(
                 db,
                 QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")))
            statements << QStringLiteral("DROP TABLE IF EXISTS `%1`").arg(name);
        statements << QStringLiteral("SET FOREIGN_KEY_CHECKS = 1");
    }
    for (const QString &statement : std::as_const(statements)) {
        const QString error = execError(db, statement);
        if (!error.isEmpty())
            return error;
    }
    return QString();
}

// The database's tables, lower case and sorted, without SQLite's own.
inline QStringList tableNames(const QSqlDatabase &db)
{
    QStringList names;
    for (const QString &name : db.tables(QSql::Tables)) {
        if (!name.startsWith(QLatin1String("sqlite_")))
            names << name.toLower();
    }
    names.sort();
    return names;
}

// Feeds `script` to the database's own command-line client (sqlite3, psql, mariadb), as a DBA runs an offline script
// or a schema file, stopping at the first error; it is written to `scriptPath` first. The client's complaint, or
// an empty string.
inline QString applyWithClient(const DatabaseUrl &url, const QString &scriptPath, const QString &script,
                               QProcessEnvironment environment = cliEnvironment())
{
    if (!writeFile(scriptPath, script))
        return QStringLiteral("cannot write %1").arg(scriptPath);
    QProcess process;
    QString program;
    QStringList arguments;
    if (url.dialect() == Dialect::SQLite) {
        program = QStringLiteral("sqlite3");
        arguments = {QStringLiteral("-bail"), url.database()};
    } else if (url.dialect() == Dialect::PostgreSQL) {
        // libpq's own variables; the URL's ?host= is the socket directory.
        program = QStringLiteral("psql");
        arguments = {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"),
                     QStringLiteral("ON_ERROR_STOP=1")};
        environment.insert(QStringLiteral("PGHOST"),
                           url.host().isEmpty() ? url.queryOption(QStringLiteral("host")) : url.host());
        if (url.port() > 0)
            environment.insert(QStringLiteral("PGPORT"), QString::number(url.port()));
        environment.insert(QStringLiteral("PGUSER"), url.userName());
        environment.insert(QStringLiteral("PGPASSWORD"), url.password());
        environment.insert(QStringLiteral("PGDATABASE"), url.database());
    } else {
        program = QStringLiteral("mariadb");
        arguments = {QStringLiteral("--no-defaults"), QStringLiteral("--batch"),
                     QStringLiteral("--user=") + url.userName(), QStringLiteral("--password=") + url.password()};
        const QString socket = url.queryOption(QStringLiteral("unix_socket"));
        if (!socket.isEmpty()) {
            arguments << QStringLiteral("--protocol=socket") << QStringLiteral("--socket=") + socket;
        } else {
            arguments << QStringLiteral("--host=") + url.host();
            if (url.port() > 0)
                arguments << QStringLiteral("--port=%1").arg(url.port());
        }
        arguments << url.database();
    }
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(scriptPath);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return QStringLiteral("%1 did not start: %2").arg(program, process.errorString());
    const CliRun result = finish(process);
    if (result.exitCode != 0)
        return QStringLiteral("%1 exited with %2:\n%3").arg(program).arg(result.exitCode).arg(result.err);
    return QString();
}

// Checks that the CLI under test is built and, in an integration build, reads the servers' URLs.
inline void checkCliAndServers(QHash<QString, QString> *urls)
{
    QVERIFY2(QFileInfo(QStringLiteral(RETORT_CLI_PATH)).isExecutable(), RETORT_CLI_PATH);
#ifdef RETORT_INTEGRATION
    const QString urlsError = readServerUrls(QStringLiteral(RETORT_TEST_SERVERS_URLS), urls);
    QVERIFY2(urlsError.isEmpty(), qPrintable(urlsError));
#else
    Q_UNUSED(urls);
#endif
}

} // namespace retort::testing
