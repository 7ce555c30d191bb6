// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>

namespace retort {

// What a database is, read after connecting, whatever spelling reached it: SQLite by the file's
// device and inode (so a symbolic or hard link, or a linked folder, is the same database);
// PostgreSQL by the cluster's system identifier, the server's port and the database; MySQL by
// @@server_uuid and the database; MariaDB (which has no server uuid) by @@hostname, @@port,
// @@datadir and the database. The schema is shown, not compared.
//
// When a server refuses the identity query (a managed service), `known` is false and
// `unknownReason` says why: an unknown identity never counts as "not production".
struct DatabaseIdentity
{
    Dialect dialect = Dialect::SQLite;
    bool known = false;
    QString key;           // compared; empty when not known
    QString unknownReason; // when not known
    QString host;          // as the URL names it; "localhost" for a socket or no host (servers)
    int port = -1;         // the server's own port (servers)
    QString database;      // current_database() / DATABASE(); the canonical path for SQLite
    QString schema;        // the version table's schema, when one is set
    QString canonicalPath; // SQLite: symbolic links resolved (shown, never compared)
    QString detail;        // what `key` was made of, for people: "inode 1234 on device 254:0"

    // Both known and the same database (the schema aside).
    bool sameDatabase(const DatabaseIdentity &other) const { return known && other.known && key == other.key; }
    // "SQLite file /srv/app/prod.db (inode 1234 on device 254:0)",
    // "PostgreSQL database shop on db1:5432 (cluster 7714721747721258270)", ...
    QString description() const;
    // What a person types to confirm a write: the canonical path of an SQLite file, host:port/database
    // of a server, so that two servers' `shop` databases never take the same answer.
    QString confirmationName() const;

    // One row of a query's answer (`columns` values), or the database's refusal.
    using QueryRow = std::function<Result<QStringList>(const QString &sql, int columns)>;
    // The queries read() asks for a dialect, for a connection Retort does not hold (env.py's): their
    // answers, given back through a QueryRow, make the same identity.
    static QStringList identityQueries(Dialect dialect);
    // The identity from the answers to identityQueries(); for SQLite the file the connection has open.
    [[nodiscard]] static Result<DatabaseIdentity> read(const QueryRow &queryRow, const DatabaseUrl &url,
                                                       const QString &schema = QString());

    // Reads the identity through an open connection to `url`; `schema` is the version table's.
    // A refused identity query is not an error (known == false); a lost connection is.
    [[nodiscard]] static Result<DatabaseIdentity> read(const QSqlDatabase &db, const DatabaseUrl &url,
                                                       const QString &schema = QString());
    // The same through a connection of its own, read-only (a missing SQLite file is not created: it
    // reads as not known). `connectTimeoutSeconds` bounds the wait for a server that does not answer.
    [[nodiscard]] static Result<DatabaseIdentity> probe(const DatabaseUrl &url, const QString &schema = QString(),
                                                        int connectTimeoutSeconds = 0);
    // An SQLite file's identity without opening it.
    static DatabaseIdentity ofSqliteFile(const QString &path);
};

} // namespace retort
