// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/Dialect.h"

#include <QList>
#include <QPair>
#include <QString>

namespace retort {

// An SQLAlchemy-style database URL: dialect[+driver]://user:pass@host:port/db?k=v
// sqlite:///relative.db, sqlite:////abs/path.db, sqlite:// (memory).
class DatabaseUrl
{
public:
    // `baseDir` anchors relative SQLite paths (the folder of retort.ini).
    [[nodiscard]] static Result<DatabaseUrl> parse(const QString &url, const QString &baseDir = QString());

    Dialect dialect() const { return m_dialect; }
    QString dialectName() const;                // "sqlite", "postgresql", "mysql", "mariadb" as written
    QString driver() const { return m_driver; } // the "+driver" part, ignored for connecting
    QString userName() const { return m_user; }
    QString password() const { return m_password; }
    QString host() const { return m_host; }
    int port() const { return m_port; }             // -1 when not given
    QString database() const { return m_database; } // for SQLite: absolute file path, or ":memory:"
    QList<QPair<QString, QString>> queryOptions() const { return m_query; }
    QString queryOption(const QString &key) const;
    bool isMemory() const;

    QString qtDriverName() const; // QSQLITE, QPSQL, QMYSQL
    // Qt connect options built from the query options, ';'-separated: libpq keywords such as
    // sslmode=require pass through for QPSQL, ssl_ca -> SSL_CA etc. for QMYSQL, timeout (seconds)
    // -> QSQLITE_BUSY_TIMEOUT (ms) and mode=ro -> QSQLITE_OPEN_READONLY for QSQLITE. Other keys are ignored.
    QString qtConnectOptions() const;
    // The URL as written, with the password replaced by "***".
    QString toDisplayString() const;
    // The same, with an SQLite file named by its absolute path (sqlite:////srv/app/dev.db, options left out): a
    // relative path written in another folder, or in $DATABASE_URL from another working directory, names another
    // file. What a record that must tell databases apart keeps (a checklist walk's database).
    QString toLocatedDisplayString() const;
    // The original URL, password included. Never print or log this.
    QString toString() const { return m_original; }

    // The same server and credentials, another database (restores into a named
    // database). For SQLite `name` is a file path, relative to `baseDir`.
    DatabaseUrl withDatabase(const QString &name, const QString &baseDir = QString()) const;
    // Whether both name the same database: dialect, host, port and database
    // (user, password and options aside).
    bool sameDatabase(const DatabaseUrl &other) const;
    // What a person calls the database: its name, or the SQLite file's name.
    QString databaseLabel() const;

private:
    Dialect m_dialect = Dialect::SQLite;
    QString m_scheme;
    QString m_driver;
    QString m_user;
    QString m_password;
    QString m_host;
    int m_port = -1;
    QString m_database;
    QList<QPair<QString, QString>> m_query;
    QString m_original;
};

// Replaces the password in any URL-looking text with "***" (for logs and errors).
QString maskPasswords(const QString &text);

} // namespace retort
