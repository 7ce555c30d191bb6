// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/VersionTable.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace retort {

QString VersionTable::qualifiedName() const
{
    return m_schema.isEmpty() ? m_name : m_schema + QLatin1Char('.') + m_name;
}

Result<bool> VersionTable::exists(const QSqlDatabase &db) const
{
    const QStringList tables = db.tables(QSql::Tables);
    if (m_schema.isEmpty())
        return tables.contains(m_name);
    // QPSQL lists tables outside the search path as schema.table.
    return tables.contains(qualifiedName()) || (db.driverName() != QLatin1String("QPSQL") && tables.contains(m_name));
}

Result<QStringList> VersionTable::readRows(const QSqlDatabase &db) const
{
    RETORT_TRY(const bool present, exists(db));
    if (!present)
        return QStringList();
    QSqlQuery query(db);
    const QString table = m_schema.isEmpty()
                              ? db.driver()->escapeIdentifier(m_name, QSqlDriver::TableName)
                              : db.driver()->escapeIdentifier(m_schema, QSqlDriver::TableName) + QLatin1Char('.')
                                    + db.driver()->escapeIdentifier(m_name, QSqlDriver::TableName);
    if (!query.exec(QStringLiteral("SELECT version_num FROM %1").arg(table))) {
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read version table %1: %2").arg(qualifiedName(), query.lastError().text()));
    }
    QStringList rows;
    while (query.next())
        rows << query.value(0).toString();
    return rows;
}

} // namespace retort
