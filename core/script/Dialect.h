// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace retort {

// The SQL dialects Retort runs. MariaDB is MySQL here: the same driver, the same rules.
enum class Dialect
{
    SQLite,
    PostgreSQL,
    MySQL
};

// The dialect a name stands for, as database URL schemes and "-- migrate:upgrade NAME" markers spell it,
// in any case: sqlite; postgresql or postgres; mysql or mariadb. nullopt for any other name.
std::optional<Dialect> dialectNamed(QStringView name);

// The dialect's own name: "sqlite", "postgresql" or "mysql".
QString dialectName(Dialect dialect);

// The names dialectNamed() knows, for messages: "sqlite, postgresql (or postgres), mysql (or mariadb)".
QString knownDialectNames();

} // namespace retort
