// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/ProductionMark.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace retort {

namespace {

Error markError(const QString &what, const QSqlQuery &query)
{
    return Error(ErrorCode::Database, QStringLiteral("%1: %2").arg(what, databaseMessage(query.lastError())));
}

// The schemas holding a mark table ("" for SQLite's main database).
Result<QStringList> markSchemas(const QSqlDatabase &db, const SqlDialect &dialect, const QString &schema)
{
    QSqlQuery query(db);
    switch (dialect.kind()) {
    case Dialect::SQLite:
        query.prepare(QStringLiteral("SELECT '' FROM sqlite_master WHERE type = 'table' AND name = ?"));
        query.addBindValue(ProductionMark::tableName());
        break;
    case Dialect::PostgreSQL:
        // pg_class shows every table, whatever this account may read: a mark it cannot read still counts.
        query.prepare(QStringLiteral("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE c.relname = ? AND c.relkind IN ('r', 'p') ORDER BY n.nspname"));
        query.addBindValue(ProductionMark::tableName());
        break;
    case Dialect::MySQL:
        query.prepare(QStringLiteral("SELECT table_schema FROM information_schema.tables WHERE table_name = ? AND "
                                     "(table_schema = DATABASE() OR table_schema = ?) ORDER BY table_schema"));
        query.addBindValue(ProductionMark::tableName());
        query.addBindValue(schema);
        break;
    }
    if (!query.exec())
        return markError(QStringLiteral("cannot look for the production mark"), query);
    QStringList schemas;
    while (query.next())
        schemas << query.value(0).toString();
    return schemas;
}

QString createStatement(const QString &table)
{
    // identity is NULL when the server would not say what the database is: such a mark counts wherever it is.
    return QStringLiteral("CREATE TABLE %1 (\n    environment VARCHAR(255) NOT NULL,\n    identity VARCHAR(512),\n"
                          "    description VARCHAR(1024),\n    marked_at VARCHAR(32) NOT NULL,\n    marked_by "
                          "VARCHAR(255),\n    tool_version VARCHAR(32)\n)")
        .arg(table);
}

} // namespace

QString ProductionMark::summary() const
{
    return QStringLiteral("environment '%1' (marked %2 by %3)").arg(environment, markedAt, markedBy);
}

Result<std::optional<ProductionMark>> ProductionMark::read(const QSqlDatabase &db, const SqlDialect &dialect,
                                                           const QString &schema)
{
    RETORT_TRY(const QStringList schemas, markSchemas(db, dialect, schema));
    for (const QString &found : schemas) {
        const QString table =
            dialect.qualifiedTable(tableName(), dialect.kind() == Dialect::SQLite ? QString() : found);
        QSqlQuery query(db);
        if (!query.exec(
                QStringLiteral("SELECT environment, identity, description, marked_at, marked_by FROM %1").arg(table))) {
            // A mark that cannot be read is still a mark: fail closed.
            return markError(QStringLiteral("%1 carries a production mark (%2) that cannot be read")
                                 .arg(dialect.displayName(), table),
                             query);
        }
        if (!query.next())
            continue;
        ProductionMark mark;
        mark.environment = query.value(0).toString();
        mark.identityKey = query.value(1).toString();
        mark.identityDescription = query.value(2).toString();
        mark.markedAt = query.value(3).toString();
        mark.markedBy = query.value(4).toString();
        mark.table = table;
        return std::optional<ProductionMark>(mark);
    }
    return std::optional<ProductionMark>();
}

Status ProductionMark::write(QSqlDatabase &db, const SqlDialect &dialect, const QString &schema,
                             const QString &environment, const DatabaseIdentity &identity)
{
    const QString table = dialect.qualifiedTable(tableName(), schema);
    // Looked up first, as the history table is: PostgreSQL answers IF NOT EXISTS with a NOTICE.
    RETORT_TRY(const bool exists, VersionTable(tableName(), schema).exists(db));
    QSqlQuery query(db);
    if (!exists && !query.exec(createStatement(table)))
        return markError(QStringLiteral("cannot create %1").arg(table), query);
    HistoryRecord who;
    who.setWhoAndWhere();
    // One row: the old one goes in the same transaction the new one arrives in.
    if (!db.transaction())
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot begin a transaction: %1").arg(databaseMessage(db.lastError())));
    if (!query.exec(QStringLiteral("DELETE FROM %1").arg(table))) {
        db.rollback();
        return markError(QStringLiteral("cannot replace the mark in %1").arg(table), query);
    }
    query.prepare(QStringLiteral("INSERT INTO %1 (environment, identity, description, marked_at, marked_by, "
                                 "tool_version) VALUES (?, ?, ?, ?, ?, ?)")
                      .arg(table));
    query.addBindValue(environment);
    query.addBindValue(identity.key);
    query.addBindValue(identity.description());
    query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    query.addBindValue(QStringLiteral("%1@%2").arg(who.osUser, who.host));
    query.addBindValue(QStringLiteral(RETORT_VERSION));
    if (!query.exec()) {
        const Error error = markError(QStringLiteral("cannot write the mark into %1").arg(table), query);
        db.rollback();
        return error;
    }
    if (!db.commit())
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot commit the production mark: %1").arg(databaseMessage(db.lastError())));
    return Status::success();
}

Status ProductionMark::remove(QSqlDatabase &db, const SqlDialect &dialect, const QString &schema)
{
    RETORT_TRY(const QStringList schemas, markSchemas(db, dialect, schema));
    for (const QString &found : schemas) {
        const QString table =
            dialect.qualifiedTable(tableName(), dialect.kind() == Dialect::SQLite ? QString() : found);
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("DROP TABLE %1").arg(table)))
            return markError(QStringLiteral("cannot remove the production mark %1").arg(table), query);
    }
    return Status::success();
}

} // namespace retort
