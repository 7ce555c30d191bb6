// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/SqlDialect.h"

#include "core/script/StatementSplitter.h"

#include <QRegularExpression>
#include <QVector>

#include <cmath>
#include <QSqlError>
#include <QSqlQuery>

namespace retort {

namespace {

// Columns of the history table; the id column's type is the dialect's.
const char *const historyColumns = "    revision VARCHAR(32) NOT NULL,\n"
                                   "    direction VARCHAR(16) NOT NULL,\n"
                                   "    from_revisions VARCHAR(255),\n"
                                   "    to_revisions VARCHAR(255),\n"
                                   "    started_at VARCHAR(32) NOT NULL,\n"
                                   "    duration_ms INTEGER NOT NULL,\n"
                                   "    success INTEGER NOT NULL,\n"
                                   "    error TEXT,\n"
                                   "    checksum VARCHAR(64),\n"
                                   "    os_user VARCHAR(255),\n"
                                   "    host VARCHAR(255),\n"
                                   "    environment VARCHAR(255),\n"
                                   "    tool_version VARCHAR(32),\n"
                                   "    run_id VARCHAR(36),\n"
                                   "    note TEXT,\n"
                                   "    statements_committed INTEGER\n";

QString historyTable(const QString &name, const char *idColumn)
{
    return QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (\n    %2,\n%3)")
        .arg(name, QLatin1String(idColumn), QLatin1String(historyColumns));
}

class SqliteDialect : public SqlDialect
{
public:
    Dialect kind() const override { return Dialect::SQLite; }
    QString displayName() const override { return QStringLiteral("SQLite"); }
    bool transactionalDdl() const override { return true; }
    QString beginStatement() const override { return QStringLiteral("BEGIN IMMEDIATE"); }
    QVector<SessionSetting> timeoutSettings(double lockSeconds, double statementSeconds) const override
    {
        // A lock on SQLite is the database file's: the busy timeout is how long a write waits for it.
        QVector<SessionSetting> settings;
        if (lockSeconds > 0)
            settings.append({QStringLiteral("PRAGMA busy_timeout = %1").arg(qRound(lockSeconds * 1000)), false, {}});
        if (statementSeconds > 0) {
            settings.append({QString(), true,
                             QStringLiteral("SQLite has no statement timeout: db_statement_timeout is not applied")});
        }
        return settings;
    }
    bool isTimeout(const QSqlError &error) const override
    {
        return error.nativeErrorCode() == QLatin1String("5") || error.databaseText().contains(QLatin1String("locked"));
    }
    QString utcNowExpression() const override { return QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"); }
    QString createHistoryTableStatement(const QString &name) const override
    {
        return historyTable(name, "id INTEGER PRIMARY KEY AUTOINCREMENT");
    }
};

class PostgresDialect : public SqlDialect
{
public:
    Dialect kind() const override { return Dialect::PostgreSQL; }
    QString displayName() const override { return QStringLiteral("PostgreSQL"); }
    bool transactionalDdl() const override { return true; }
    QString beginStatement() const override { return QStringLiteral("BEGIN"); }
    QVector<SessionSetting> timeoutSettings(double lockSeconds, double statementSeconds) const override
    {
        QVector<SessionSetting> settings;
        if (lockSeconds > 0)
            settings.append({QStringLiteral("SET lock_timeout = '%1ms'").arg(qRound(lockSeconds * 1000)), false, {}});
        if (statementSeconds > 0) {
            settings.append(
                {QStringLiteral("SET statement_timeout = '%1ms'").arg(qRound(statementSeconds * 1000)), false, {}});
        }
        return settings;
    }
    bool isTimeout(const QSqlError &error) const override
    {
        // lock_not_available (lock_timeout), query_canceled (statement_timeout).
        return error.nativeErrorCode() == QLatin1String("55P03") || error.nativeErrorCode() == QLatin1String("57014");
    }
    QString utcNowExpression() const override
    {
        return QStringLiteral("to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
    }
    QString createHistoryTableStatement(const QString &name) const override
    {
        return historyTable(name, "id BIGSERIAL PRIMARY KEY");
    }
};

class MysqlDialect : public SqlDialect
{
public:
    Dialect kind() const override { return Dialect::MySQL; }
    QString displayName() const override { return QStringLiteral("MySQL/MariaDB"); }
    bool transactionalDdl() const override { return false; }
    QString beginStatement() const override { return QStringLiteral("START TRANSACTION"); }
    QVector<SessionSetting> timeoutSettings(double lockSeconds, double statementSeconds) const override
    {
        QVector<SessionSetting> settings;
        if (lockSeconds > 0) {
            // Whole seconds, at least one: DDL waits on metadata locks, DML on InnoDB's row locks.
            const int seconds = qMax(1, int(std::ceil(lockSeconds)));
            settings.append({QStringLiteral("SET SESSION lock_wait_timeout = %1").arg(seconds), false, {}});
            settings.append({QStringLiteral("SET SESSION innodb_lock_wait_timeout = %1").arg(seconds), false, {}});
        }
        if (statementSeconds > 0) {
            // MariaDB's; MySQL's max_execution_time stops SELECTs only, so MySQL has none for migrations.
            settings.append({QStringLiteral("SET SESSION max_statement_time = %1").arg(statementSeconds), true,
                             QStringLiteral("this server (MySQL) has no statement timeout for DDL: "
                                            "db_statement_timeout is not applied")});
        }
        return settings;
    }
    bool isTimeout(const QSqlError &error) const override
    {
        // ER_LOCK_WAIT_TIMEOUT, and MariaDB's ER_STATEMENT_TIMEOUT.
        return error.nativeErrorCode() == QLatin1String("1205") || error.nativeErrorCode() == QLatin1String("1969");
    }
    QString utcNowExpression() const override
    {
        // %f is microseconds; online runs write milliseconds, as SQLite and PostgreSQL do here.
        return QStringLiteral("CONCAT(LEFT(DATE_FORMAT(UTC_TIMESTAMP(3), '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')");
    }
    bool needsDelimiterForCompoundStatements() const override { return true; }
    QString createHistoryTableStatement(const QString &name) const override
    {
        return historyTable(name, "id BIGINT AUTO_INCREMENT PRIMARY KEY");
    }

    // The statements MySQL's manual lists under "Statements That Cause an Implicit Commit".
    bool commitsImplicitly(const QString &statement) const override
    {
        static const QStringList always = {
            QStringLiteral("ALTER"),    QStringLiteral("CREATE"),   QStringLiteral("DROP"),
            QStringLiteral("RENAME"),   QStringLiteral("TRUNCATE"), QStringLiteral("GRANT"),
            QStringLiteral("REVOKE"),   QStringLiteral("INSTALL"),  QStringLiteral("UNINSTALL"),
            QStringLiteral("LOCK"),     QStringLiteral("UNLOCK"),   QStringLiteral("BEGIN"),
            QStringLiteral("START"),    QStringLiteral("COMMIT"),   QStringLiteral("ANALYZE"),
            QStringLiteral("CACHE"),    QStringLiteral("CHECK"),    QStringLiteral("FLUSH"),
            QStringLiteral("OPTIMIZE"), QStringLiteral("REPAIR"),   QStringLiteral("RESET"),
            QStringLiteral("CHANGE"),   QStringLiteral("STOP")};
        const QStringList words = leadingKeywords(statement, 3);
        if (words.isEmpty())
            return false;
        const QString &first = words.first();
        // Temporary tables are the exception.
        if ((first == QLatin1String("CREATE") || first == QLatin1String("DROP")) &&
            words.value(1) == QLatin1String("TEMPORARY"))
            return false;
        if (first == QLatin1String("SET"))
            return words.value(1) == QLatin1String("PASSWORD") || words.value(1) == QLatin1String("AUTOCOMMIT");
        if (first == QLatin1String("LOAD"))
            return words.value(1) == QLatin1String("INDEX");
        return always.contains(first);
    }

    bool committedBeforeFailing(const QString &statement, const QSqlError &error) const override
    {
        // ER_PARSE_ERROR: a statement the server could not read never ran, so it committed nothing.
        return commitsImplicitly(statement) && error.nativeErrorCode() != QLatin1String("1064");
    }

protected:
    QString quoteIdentifier(const QString &identifier) const override
    {
        return QLatin1Char('`') + QString(identifier).replace(QLatin1Char('`'), QStringLiteral("``")) +
               QLatin1Char('`');
    }
};

} // namespace

std::unique_ptr<SqlDialect> SqlDialect::create(Dialect kind)
{
    switch (kind) {
    case Dialect::SQLite:
        return std::make_unique<SqliteDialect>();
    case Dialect::PostgreSQL:
        return std::make_unique<PostgresDialect>();
    case Dialect::MySQL:
        break;
    }
    return std::make_unique<MysqlDialect>();
}

QString SqlDialect::quoteIdentifier(const QString &identifier) const
{
    return QLatin1Char('"') + QString(identifier).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

QString SqlDialect::qualifiedTable(const QString &table, const QString &schema) const
{
    // Plain lower-case names stay unquoted, as Alembic renders them.
    static const QRegularExpression plain(QStringLiteral("^[a-z_][a-z0-9_]*$"));
    auto name = [this](const QString &part) { return plain.match(part).hasMatch() ? part : quoteIdentifier(part); };
    return schema.isEmpty() ? name(table) : name(schema) + QLatin1Char('.') + name(table);
}

QString SqlDialect::literal(const QString &value)
{
    return QLatin1Char('\'') + QString(value).replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\'');
}

} // namespace retort
