// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/TableSizes.h"

#include "core/runtime/SqlDialect.h"

#include <QSqlQuery>
#include <QVariant>

namespace retort {

namespace {

constexpr qint64 kCountLimit = 1000000;

// The rows of a table, up to kCountLimit: what counting costs at most.
QString boundedCount(Dialect dialect, const QString &name, const QString &schema)
{
    return QStringLiteral("SELECT 1 FROM %1 LIMIT %2")
        .arg(SqlDialect::create(dialect)->qualifiedTable(name, schema))
        .arg(kCountLimit);
}

std::optional<TableSize> sizeOf(const QSqlDatabase &database, Dialect dialect, const QString &table)
{
    // Never a null QString: the drivers bind that as NULL, and "NULL = ''" matches nothing.
    const QString schema = table.contains(QLatin1Char('.')) ? table.section(QLatin1Char('.'), 0, 0) : QLatin1String("");
    const QString name = table.contains(QLatin1Char('.')) ? table.section(QLatin1Char('.'), 1) : table;
    QSqlQuery query(database);
    switch (dialect) {
    case Dialect::PostgreSQL:
        query.prepare(QStringLiteral(
            "SELECT c.reltuples::bigint, pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = ? AND c.relkind IN ('r', 'p', 'm') "
            "AND (n.nspname = ? OR (? = '' AND pg_table_is_visible(c.oid)))"));
        query.addBindValue(name);
        query.addBindValue(schema);
        query.addBindValue(schema);
        break;
    case Dialect::MySQL:
        query.prepare(QStringLiteral("SELECT table_rows, data_length + index_length FROM information_schema.tables "
                                     "WHERE table_name = ? AND table_schema = COALESCE(NULLIF(?, ''), DATABASE())"));
        query.addBindValue(name);
        query.addBindValue(schema);
        break;
    case Dialect::SQLite: {
        QSqlQuery exists(database);
        exists.prepare(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
        exists.addBindValue(name);
        if (!exists.exec() || !exists.next())
            return std::nullopt;
        query.prepare(QStringLiteral("SELECT count(*), -1 FROM (%1)").arg(boundedCount(dialect, name, schema)));
        break;
    }
    }
    if (!query.exec() || !query.next())
        return std::nullopt;
    TableSize size;
    size.rows = query.value(0).isNull() ? -1 : query.value(0).toLongLong();
    size.bytes = query.value(1).isNull() ? -1 : query.value(1).toLongLong();
    size.atLeast = dialect == Dialect::SQLite && size.rows >= kCountLimit;
    // A PostgreSQL table never analyzed has reltuples -1: count it, as far as is cheap.
    if (size.rows < 0 && dialect == Dialect::PostgreSQL) {
        QSqlQuery count(database);
        if (count.exec(
                QStringLiteral("SELECT count(*) FROM (%1) AS capped").arg(boundedCount(dialect, name, schema))) &&
            count.next()) {
            size.rows = count.value(0).toLongLong();
            size.atLeast = size.rows >= kCountLimit;
        }
    }
    return size;
}

} // namespace

QHash<QString, TableSize> readTableSizes(const QSqlDatabase &database, Dialect dialect, const QStringList &tables)
{
    QHash<QString, TableSize> sizes;
    for (const QString &table : tables) {
        if (table.isEmpty() || sizes.contains(table))
            continue;
        if (const std::optional<TableSize> size = sizeOf(database, dialect, table))
            sizes.insert(table, *size);
    }
    return sizes;
}

void addTableSizes(const QSqlDatabase &database, Dialect dialect, LintFindings &findings)
{
    QStringList tables;
    for (const LintFinding &finding : std::as_const(findings))
        tables << finding.action.table;
    applyTableSizes(findings, readTableSizes(database, dialect, tables));
}

} // namespace retort
