// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/DatabaseUrl.h"

#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace retort {

// A summary of a database's schema and rows, to prove that a rehearsal left it
// as it was: every schema object's definition, and per table its columns, row
// count and a hash of its rows (order-independent). Tables over `rowLimit`
// rows are compared by count only, so a rehearsal on a large database stays
// quick; the summary says so.
class DatabaseFingerprint
{
public:
    [[nodiscard]] static Result<DatabaseFingerprint> take(QSqlDatabase &db, Dialect dialect, qint64 rowLimit = 200000);

    // What differs from `before`, one line per object, empty when equal.
    QStringList differencesFrom(const DatabaseFingerprint &before) const;
    // "12 tables, 3,456 rows, 20 schema objects" (and the tables compared by count only).
    QString summary() const;

private:
    struct Table
    {
        QString columns;
        qint64 rows = 0;
        QString rowHash; // empty: over the row limit
    };

    QMap<QString, QString> m_objects; // "index x" -> definition
    QMap<QString, Table> m_tables;
};

} // namespace retort
