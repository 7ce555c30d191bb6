// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/MigrationStep.h"
#include "core/script/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QStringList>

namespace retort {

class RevisionMap;
class SqlDialect;

// Every message says what a version table holds in one of these two forms, so an empty table reads the
// same everywhere. As a value ("Current: a, b"): "a, b" or "no revision applied".
QString versionRowsText(const QStringList &rows);
// The same, each row that is a head of `map` marked as Alembic's `current` marks it: "a (head), b".
QString versionRowsText(const QStringList &rows, const RevisionMap &map);
// As a state ("it is now …"): "at a, b" or "empty (no revision applied)".
QString versionStateText(const QStringList &rows);

// Alembic's version table: version_num VARCHAR(32) NOT NULL primary key, one
// row per head, in an optional schema.
class VersionTable
{
public:
    explicit VersionTable(QString name = QStringLiteral("alembic_version"), QString schema = QString())
        : m_name(std::move(name)), m_schema(std::move(schema))
    {
    }

    QString name() const { return m_name; }
    QString schema() const { return m_schema; }
    // schema.name, or name.
    QString qualifiedName() const;
    // For messages: "alembic_version is at a, b" or "alembic_version is empty (no revision applied)".
    QString describe(const QStringList &rows) const
    {
        return qualifiedName() + QStringLiteral(" is ") + versionStateText(rows);
    }

    [[nodiscard]] Result<bool> exists(const QSqlDatabase &db) const;
    // The rows in the order the database returns them without ORDER BY, as
    // Alembic reads them (`downgrade -1` with several rows starts from the first).
    // A missing table reads as no rows.
    [[nodiscard]] Result<QStringList> readRows(const QSqlDatabase &db) const;

    // Alembic's own statements, so an offline script reads like Alembic's.
    QString createStatement(const SqlDialect &dialect) const;
    QString changeStatement(const SqlDialect &dialect, const VersionChange &change) const;
    QString purgeStatement(const SqlDialect &dialect) const;

private:
    QString m_name;
    QString m_schema;
};

} // namespace retort
