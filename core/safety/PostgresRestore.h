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

// The database-level side of a PostgreSQL restore, run through a connection to the server's
// `postgres` database: making a database like another, finding who is connected, and switching names.
class PostgresRestore
{
public:
    explicit PostgresRestore(QSqlDatabase server) : m_server(std::move(server)) {}

    [[nodiscard]] Result<bool> exists(const QString &database) const;
    // Sessions on `database` other than this connection's.
    [[nodiscard]] Result<QVector<PostgresSession>> otherSessions(const QString &database) const;
    // Creates `name` empty (from template0) with what `original` has at the database level: owner,
    // encoding, collation and character type (and ICU locale), tablespace, connection limit, grants,
    // and ALTER DATABASE / ALTER ROLE ... IN DATABASE ... SET values. Returns what it copied, for the log.
    [[nodiscard]] Result<QString> createLike(const QString &original, const QString &name) const;
    // Creates `name` with the server's defaults (a restore into a database that does not exist yet).
    [[nodiscard]] Status create(const QString &name) const;
    [[nodiscard]] Status drop(const QString &name) const;
    // In one transaction: `target` becomes `keptName` and `prepared` becomes `target`. With
    // `terminateSessions`, the other sessions on `target` are ended first; otherwise any makes it fail.
    [[nodiscard]] Status switchNames(const QString &target, const QString &prepared, const QString &keptName,
                                     bool terminateSessions);

    // The statements a person runs from the postgres database to do the switch by hand.
    static QStringList switchCommands(const QString &target, const QString &prepared, const QString &keptName);
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
