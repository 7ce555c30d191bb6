// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/DatabaseIdentity.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace retort {

class SqlDialect;

// The production mark: a one-row table of Retort's own beside the version table
// (retort_production_mark), saying which environment declared the database production and on
// which database identity. Because it lives in the database, every configuration and URL that
// reaches the database meets the gate, and it works with the history table disabled. It is written
// only by a gated write or `retort mark-production` (never by a read command or a backup), and
// removed only through the gate (`retort unmark-production`).
struct ProductionMark
{
    QString environment;         // the environment that declared the database production
    QString identityKey;         // DatabaseIdentity::key of the database it was made on
    QString identityDescription; // DatabaseIdentity::description() of it
    QString markedAt;            // ISO 8601, UTC
    QString markedBy;            // user@host
    QString table;               // where it was found, qualified

    static QString tableName() { return QStringLiteral("retort_production_mark"); }

    // Whether the mark was made on the database `identity` names; an unknown identity never matches.
    bool madeOn(const DatabaseIdentity &identity) const { return identity.known && identity.key == identityKey; }
    // "environment 'production' (marked 2026-12-01T10:00:00Z by alice@db1)".
    QString summary() const;

    // The mark of the database, if any. It is looked for in the version table's schema and, on
    // PostgreSQL, in every schema of the database; on MySQL/MariaDB in the connected database too.
    [[nodiscard]] static Result<std::optional<ProductionMark>> read(const QSqlDatabase &db, const SqlDialect &dialect,
                                                                    const QString &schema);
    // Marks the database (replacing an earlier mark in `schema`), committed on its own.
    [[nodiscard]] static Status write(QSqlDatabase &db, const SqlDialect &dialect, const QString &schema,
                                      const QString &environment, const DatabaseIdentity &identity);
    // Drops the mark's table wherever read() finds one.
    [[nodiscard]] static Status remove(QSqlDatabase &db, const SqlDialect &dialect, const QString &schema);
};

} // namespace retort
