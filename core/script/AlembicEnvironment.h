// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace retort {

// What an Alembic project's env.py says about its version table, read without running it: the
// version_table= and version_table_schema= arguments it passes to context.configure(). Retort must
// read and write the same table, or a stamp would start a second history beside Alembic's.
struct AlembicEnvironment
{
    struct Setting
    {
        int line = 0;
        std::optional<QString> literal; // nullopt: an expression only running env.py could tell
    };
    std::optional<Setting> versionTable;
    std::optional<Setting> versionTableSchema; // a literal None reads as an empty string

    static AlembicEnvironment read(const QString &envPyPath);
    static AlembicEnvironment parse(const QString &text);
};

} // namespace retort
