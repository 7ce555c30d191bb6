// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

// A session connected to a database, as pg_stat_activity shows it.
struct PostgresSession
{
    int pid = 0;
    QString user;
    QString application;
    QString client; // address, or "local socket"
    QString state;
    QString since; // backend start, ISO 8601
    QString query; // the last query, shortened

    // "pid 4242  alice  psql  127.0.0.1  idle  since 2026-12-03T10:00:00Z  SELECT 1".
    QString toString() const;
};

// What makes a PostgreSQL database what it is besides its contents, read from the catalog so that a new
// database can be made the same. The statements take the new database's quoted name as %1.
struct PostgresDatabaseMaking
{
    QString createOptions;         // WITH TEMPLATE template0 OWNER ... ENCODING ... (locale, tablespace, limit)
    QStringList grantStatements;   // REVOKE/GRANT ... ON DATABASE %1 ...: its grants, when not the defaults
    QStringList settingStatements; // ALTER DATABASE %1 SET ... / ALTER ROLE ... IN DATABASE %1 SET ...
    QString summary;               // "owner app, encoding UTF8, collation C.UTF-8, 2 grant(s), 1 setting(s)"
};

// The database-level side of a PostgreSQL restore, run through a connection to the server's
// `postgres` database: making a database like another, finding who is connected, and switching names.
class PostgresRestore
{
public:
    explicit PostgresRestore(QSqlDatabase server) : m_server(std::move(server)) {}

    [[nodiscard]] Result<bool> exists(const QString &database) const;
    // Sessions on `database` other than this connection's and `alsoExcept` (another of the restore's own).
    [[nodiscard]] Result<QVector<PostgresSession>> otherSessions(const QString &database, int alsoExcept) const;
    // What `original` has at the database level: owner, encoding, collation and character type (and locale
    // provider), tablespace, connection limit, grants, and ALTER DATABASE / ALTER ROLE ... IN DATABASE ...
    // SET values.
    [[nodiscard]] Result<PostgresDatabaseMaking> readMaking(const QString &original) const;
    // Creates `name` empty, from template0, with `making`'s options and grants (none: the server's defaults);
    // nothing is left behind when it fails.
    [[nodiscard]] Status create(const QString &name, const PostgresDatabaseMaking &making) const;
    // The settings last, as pg_dump does: one such as default_transaction_read_only would stop the load.
    [[nodiscard]] Status applySettings(const QString &name, const PostgresDatabaseMaking &making) const;
    [[nodiscard]] Status drop(const QString &name) const;
    [[nodiscard]] Status rename(const QString &from, const QString &to) const;
    [[nodiscard]] Status allowConnections(const QString &database, bool allow) const;
    // Ends the sessions on `database` but this connection's and `alsoExcept`.
    [[nodiscard]] Status terminateSessions(const QString &database, int alsoExcept) const;
    // In one transaction: `target` becomes `keptName` and `prepared` becomes `target` (a rename waits up to
    // 5 s for sessions ending on it).
    [[nodiscard]] Status switchNames(const QString &target, const QString &prepared, const QString &keptName);

    // The statements a person runs from the postgres database to do the switch by hand.
    static QStringList switchCommands(const QString &target, const QString &prepared, const QString &keptName);
    // The one that ends every other session on `target`, for a person to run.
    static QString terminateCommand(const QString &target);
    // A database name made of `base` and `suffix`, shortened to PostgreSQL's 63 bytes.
    static QString derivedName(const QString &base, const QString &suffix);
    static QString quoted(const QString &identifier);

private:
    [[nodiscard]] Status exec(const QString &sql, const QString &what) const;
    // `sql` run with `database` bound to its one placeholder; a failure is "cannot read " + what.arg(database).
    [[nodiscard]] Result<QSqlQuery> selectAbout(const QString &database, const QString &sql, const QString &what) const;

    QSqlDatabase m_server;
};

} // namespace retort
