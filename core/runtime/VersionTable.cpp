// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/VersionTable.h"

#include "core/revision/RevisionMap.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace retort {

QString VersionTable::qualifiedName() const
{
    return m_schema.isEmpty() ? m_name : m_schema + QLatin1Char('.') + m_name;
}

namespace {
constexpr QLatin1String kNoRevisionApplied("no revision applied");
} // namespace

QString versionRowsText(const QStringList &rows)
{
    return rows.isEmpty() ? QString(kNoRevisionApplied) : rows.join(QStringLiteral(", "));
}

QString versionRowsText(const QStringList &rows, const RevisionMap &map)
{
    QStringList marked;
    for (const QString &row : rows) {
        const int index = map.indexOf(row);
        marked << (index != RevisionMap::None && map.heads().contains(index) ? row + QStringLiteral(" (head)") : row);
    }
    return versionRowsText(marked);
}

QString versionStateText(const QStringList &rows)
{
    return rows.isEmpty() ? QStringLiteral("empty (%1)").arg(kNoRevisionApplied)
                          : QStringLiteral("at ") + versionRowsText(rows);
}

Result<bool> VersionTable::exists(const QSqlDatabase &db) const
{
    const QStringList tables = db.tables(QSql::Tables);
    // QPSQL lists tables outside the search path as schema.table.
    const bool found = m_schema.isEmpty() ? tables.contains(m_name)
                                          : tables.contains(qualifiedName()) ||
                                                (db.driverName() != QLatin1String("QPSQL") && tables.contains(m_name));
    if (found)
        return true;
    // tables() says nothing when it fails: a lost connection must not read as "no version table".
    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("SELECT 1")))
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read the database: %1").arg(databaseMessage(probe.lastError())));
    return false;
}

Result<QStringList> VersionTable::readRows(const QSqlDatabase &db) const
{
    RETORT_TRY(const bool present, exists(db));
    if (!present)
        return QStringList();
    QSqlQuery query(db);
    const QString table = m_schema.isEmpty()
                              ? db.driver()->escapeIdentifier(m_name, QSqlDriver::TableName)
                              : db.driver()->escapeIdentifier(m_schema, QSqlDriver::TableName) + QLatin1Char('.') +
                                    db.driver()->escapeIdentifier(m_name, QSqlDriver::TableName);
    if (!query.exec(QStringLiteral("SELECT version_num FROM %1").arg(table))) {
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read version table %1: %2").arg(qualifiedName(), query.lastError().text()));
    }
    QStringList rows;
    while (query.next())
        rows << query.value(0).toString();
    return rows;
}

QString VersionTable::createStatement(const SqlDialect &dialect) const
{
    return QStringLiteral(
               "CREATE TABLE %1 (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT %2_pkc PRIMARY KEY "
               "(version_num)\n)")
        .arg(dialect.qualifiedTable(m_name, m_schema), m_name);
}

QString VersionTable::changeStatement(const SqlDialect &dialect, const VersionChange &change) const
{
    const QString table = dialect.qualifiedTable(m_name, m_schema);
    switch (change.kind) {
    case VersionChange::Kind::Insert:
        return QStringLiteral("INSERT INTO %1 (version_num) VALUES (%2)").arg(table, SqlDialect::literal(change.to));
    case VersionChange::Kind::Update:
        return QStringLiteral("UPDATE %1 SET version_num=%2 WHERE %1.version_num = %3")
            .arg(table, SqlDialect::literal(change.to), SqlDialect::literal(change.from));
    case VersionChange::Kind::Delete:
        break;
    }
    return QStringLiteral("DELETE FROM %1 WHERE %1.version_num = %2").arg(table, SqlDialect::literal(change.from));
}

QString VersionTable::purgeStatement(const SqlDialect &dialect) const
{
    return QStringLiteral("DELETE FROM %1").arg(dialect.qualifiedTable(m_name, m_schema));
}

} // namespace retort
