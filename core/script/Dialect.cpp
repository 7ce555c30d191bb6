// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/Dialect.h"

#include <QLatin1String>

namespace retort {

namespace {

struct DialectSpelling
{
    QLatin1String name;
    Dialect dialect;
};

// The first spelling of each dialect is its own name.
const DialectSpelling kSpellings[] = {
    {QLatin1String("sqlite"), Dialect::SQLite},       {QLatin1String("postgresql"), Dialect::PostgreSQL},
    {QLatin1String("postgres"), Dialect::PostgreSQL}, {QLatin1String("mysql"), Dialect::MySQL},
    {QLatin1String("mariadb"), Dialect::MySQL},
};

} // namespace

std::optional<Dialect> dialectNamed(QStringView name)
{
    for (const DialectSpelling &spelling : kSpellings) {
        if (name.compare(spelling.name, Qt::CaseInsensitive) == 0)
            return spelling.dialect;
    }
    return std::nullopt;
}

QString dialectName(Dialect dialect)
{
    for (const DialectSpelling &spelling : kSpellings) {
        if (spelling.dialect == dialect)
            return QString(spelling.name);
    }
    return QString();
}

QString knownDialectNames()
{
    QString text;
    for (const DialectSpelling &spelling : kSpellings) {
        const bool alias = dialectName(spelling.dialect) != spelling.name;
        if (alias) {
            text += QStringLiteral(" (or %1)").arg(spelling.name);
        } else {
            if (!text.isEmpty())
                text += QStringLiteral(", ");
            text += spelling.name;
        }
    }
    return text;
}

} // namespace retort
