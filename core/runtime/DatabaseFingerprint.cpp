// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/DatabaseFingerprint.h"

#include <QCryptographicHash>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace retort {

namespace {

Result<QSqlQuery> select(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read the database's state: %1").arg(query.lastError().text().trimmed()));
    }
    return query;
}

// Schema objects beyond tables: their definitions as the catalog has them.
// PostgreSQL sequences are left out on purpose: nextval() is not transactional,
// so a rolled-back insert still moves them.
QString objectsQuery(Dialect dialect)
{
    switch (dialect) {
    case Dialect::SQLite:
        return QStringLiteral("SELECT type || ' ' || name, sql FROM sqlite_master WHERE sql IS NOT NULL");
    case Dialect::PostgreSQL:
        return QStringLiteral(
            "SELECT 'index ' || schemaname || '.' || indexname, indexdef FROM pg_indexes "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
            "UNION ALL SELECT 'view ' || schemaname || '.' || viewname, definition FROM pg_views "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
            "UNION ALL SELECT 'trigger ' || t.tgname || ' on ' || c.relname, pg_get_triggerdef(t.oid) "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal "
            "UNION ALL SELECT 'function ' || n.nspname || '.' || p.proname || '(' || "
            "pg_get_function_identity_arguments(p.oid) || ')', md5(p.prosrc) FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "UNION ALL SELECT 'constraint ' || conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace NOT IN (SELECT oid FROM pg_namespace "
            "WHERE nspname IN ('pg_catalog', 'information_schema'))");
    case Dialect::MySQL:
        return QStringLiteral(
            "SELECT CONCAT('index ', table_name, '.', index_name, '.', seq_in_index), column_name "
            "FROM information_schema.statistics WHERE table_schema = DATABASE() "
            "UNION ALL SELECT CONCAT('view ', table_name), view_definition FROM information_schema.views "
            "WHERE table_schema = DATABASE() "
            "UNION ALL SELECT CONCAT('trigger ', trigger_name), action_statement FROM information_schema.triggers "
            "WHERE trigger_schema = DATABASE()");
    }
    return QString();
}

} // namespace

Result<DatabaseFingerprint> DatabaseFingerprint::take(QSqlDatabase &db, Dialect dialect, qint64 rowLimit)
{
    DatabaseFingerprint fingerprint;
    {
        RETORT_TRY(QSqlQuery objects, select(db, objectsQuery(dialect)));
        while (objects.next())
            fingerprint.m_objects.insert(objects.value(0).toString(), objects.value(1).toString());
    }
    const QStringList tables = db.tables(QSql::Tables);
    for (const QString &name : tables) {
        const QString quoted = db.driver()->escapeIdentifier(name, QSqlDriver::TableName);
        Table table;
        const QSqlRecord record = db.record(name);
        QStringList columns;
        for (int i = 0; i < record.count(); ++i)
            columns << record.fieldName(i) + u' ' + QString::fromLatin1(record.field(i).metaType().name());
        table.columns = columns.join(QStringLiteral(", "));
        {
            RETORT_TRY(QSqlQuery count, select(db, QStringLiteral("SELECT COUNT(*) FROM ") + quoted));
            table.rows = count.next() ? count.value(0).toLongLong() : 0;
        }
        if (table.rows <= rowLimit) {
            // Row order is not part of a table's content: hash each row, sort, hash the lot.
            RETORT_TRY(QSqlQuery rows, select(db, QStringLiteral("SELECT * FROM ") + quoted));
            QVector<QByteArray> rowHashes;
            rowHashes.reserve(int(table.rows));
            while (rows.next()) {
                QCryptographicHash hash(QCryptographicHash::Sha256);
                const QSqlRecord row = rows.record();
                for (int i = 0; i < row.count(); ++i) {
                    const QVariant value = row.value(i);
                    hash.addData(value.isNull() ? QByteArrayView("\x01NULL") : QByteArrayView(value.toByteArray()));
                    hash.addData(QByteArrayView("\x00", 1));
                }
                rowHashes.append(hash.result());
            }
            std::sort(rowHashes.begin(), rowHashes.end());
            QCryptographicHash all(QCryptographicHash::Sha256);
            for (const QByteArray &rowHash : std::as_const(rowHashes))
                all.addData(rowHash);
            table.rowHash = QString::fromLatin1(all.result().toHex());
        }
        fingerprint.m_tables.insert(name, table);
    }
    return fingerprint;
}

QStringList DatabaseFingerprint::differencesFrom(const DatabaseFingerprint &before) const
{
    QStringList differences;
    for (auto it = before.m_objects.cbegin(); it != before.m_objects.cend(); ++it) {
        if (!m_objects.contains(it.key()))
            differences << QStringLiteral("%1 is gone").arg(it.key());
        else if (m_objects.value(it.key()) != it.value())
            differences << QStringLiteral("%1 changed").arg(it.key());
    }
    for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it) {
        if (!before.m_objects.contains(it.key()))
            differences << QStringLiteral("%1 is new").arg(it.key());
    }
    for (auto it = before.m_tables.cbegin(); it != before.m_tables.cend(); ++it) {
        const auto now = m_tables.constFind(it.key());
        if (now == m_tables.cend()) {
            differences << QStringLiteral("table %1 is gone").arg(it.key());
        } else if (now->columns != it->columns) {
            differences << QStringLiteral("table %1 has other columns").arg(it.key());
        } else if (now->rows != it->rows) {
            differences << QStringLiteral("table %1 had %2 rows, now %3").arg(it.key()).arg(it->rows).arg(now->rows);
        } else if (now->rowHash != it->rowHash) {
            differences << QStringLiteral("table %1 has changed rows").arg(it.key());
        }
    }
    for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it) {
        if (!before.m_tables.contains(it.key()))
            differences << QStringLiteral("table %1 is new").arg(it.key());
    }
    return differences;
}

QString DatabaseFingerprint::summary() const
{
    qint64 rows = 0;
    QStringList countedOnly;
    for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it) {
        rows += it->rows;
        if (it->rowHash.isEmpty())
            countedOnly << it.key();
    }
    QString text = QStringLiteral("%1 tables, %2 rows, %3 other schema objects")
                       .arg(m_tables.size())
                       .arg(rows)
                       .arg(m_objects.size());
    if (!countedOnly.isEmpty())
        text += QStringLiteral(" (compared by row count only: %1)").arg(countedOnly.join(QStringLiteral(", ")));
    return text;
}

} // namespace retort
