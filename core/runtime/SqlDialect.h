// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QVector>

#include <memory>

namespace retort {

// What differs between SQLite, PostgreSQL and MySQL/MariaDB when Retort runs
// migrations: transactions and the SQL of its own tables. One
// implementation per driver; everything else is shared.
class SqlDialect
{
public:
    static std::unique_ptr<SqlDialect> create(Dialect kind);
    virtual ~SqlDialect() = default;

    virtual Dialect kind() const = 0;
    // For messages: "SQLite", "PostgreSQL", "MySQL/MariaDB".
    virtual QString displayName() const = 0;
    // Whether DDL takes part in transactions (MySQL/MariaDB commit it implicitly).
    virtual bool transactionalDdl() const = 0;

    // The statement that opens a run's transaction. On SQLite it takes the
    // write lock at once (BEGIN IMMEDIATE). Runs are kept apart by RunLock.
    virtual QString beginStatement() const = 0;

    // Whether running `statement` commits the transaction it runs in, and what ran before it
    // (MySQL/MariaDB: DDL, GRANT, LOCK TABLES, ...). Never on SQLite and PostgreSQL.
    virtual bool commitsImplicitly(const QString &statement) const
    {
        Q_UNUSED(statement);
        return false;
    }
    // Whether `statement`, which failed with `error`, still committed what ran before it in its
    // transaction (MySQL/MariaDB: DDL that failed while running, not one that did not parse).
    virtual bool committedBeforeFailing(const QString &statement, const QSqlError &error) const
    {
        Q_UNUSED(statement);
        Q_UNUSED(error);
        return false;
    }

    // How long a session waits for a lock another session holds, and how long one statement may run
    // (seconds; 0: no limit): the statements that say so to the database, each with whether the database
    // may refuse it (a server without the setting) rather than fail the run.
    struct SessionSetting
    {
        QString statement;
        bool optional = false;
        QString whenRefused; // what to say when an optional one is refused
    };
    virtual QVector<SessionSetting> timeoutSettings(double lockSeconds, double statementSeconds) const = 0;
    // Whether `error` ended a statement because it waited for a lock, or ran, longer than allowed.
    virtual bool isTimeout(const QSqlError &error) const = 0;

    // An expression giving the current UTC time as ISO 8601 text (offline scripts).
    virtual QString utcNowExpression() const = 0;
    // Whether an offline script must wrap a statement containing ';' in
    // DELIMITER lines for the command-line client (mysql/mariadb).
    virtual bool needsDelimiterForCompoundStatements() const { return false; }

    // CREATE TABLE IF NOT EXISTS for the history table (see DESIGN.md).
    virtual QString createHistoryTableStatement(const QString &qualifiedName) const = 0;
    // A table name, schema-qualified when a schema is given, quoted as needed.
    QString qualifiedTable(const QString &table, const QString &schema) const;
    // A string literal with quotes doubled.
    static QString literal(const QString &value);

protected:
    virtual QString quoteIdentifier(const QString &identifier) const;
};

} // namespace retort
