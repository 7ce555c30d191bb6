// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include <memory>

namespace retort {

// An open QSqlDatabase under a connection name of its own, removed again when
// the object goes. Use it on one thread only: the thread that opened it.
// The database's own words for a failed query or connection: its message without the driver's
// wrapping (an empty "()" where no SQLSTATE came, as when the server vanished).
QString databaseMessage(const QSqlError &error);

class DatabaseConnection
{
public:
    enum class Mode
    {
        ReadWrite,
        ReadOnly
    };

    // ReadOnly on SQLite does not create a missing file: it reports
    // `exists() == false` instead, so a typo in a path is not a new database.
    // `connectTimeoutSeconds` (0: the driver's default) bounds the wait for a server that does not
    // answer, unless the URL sets its own (connect_timeout); on a ReadOnly MySQL connection it bounds
    // every wait for an answer too (MYSQL_OPT_READ_TIMEOUT, unless the URL sets read_timeout).
    [[nodiscard]] static Result<std::unique_ptr<DatabaseConnection>>
    open(const DatabaseUrl &url, Mode mode = Mode::ReadWrite, int connectTimeoutSeconds = 0);
    ~DatabaseConnection();
    DatabaseConnection(const DatabaseConnection &) = delete;
    DatabaseConnection &operator=(const DatabaseConnection &) = delete;

    bool exists() const { return m_exists; }
    QSqlDatabase database() const;
    const DatabaseUrl &url() const { return m_url; }
    Dialect dialect() const { return m_url.dialect(); }

private:
    DatabaseConnection(DatabaseUrl url, QString name) : m_url(std::move(url)), m_name(std::move(name)) {}

    DatabaseUrl m_url;
    QString m_name;
    bool m_exists = true;
};

} // namespace retort
