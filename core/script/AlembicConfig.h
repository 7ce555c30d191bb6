// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Diagnostic.h"
#include "core/Result.h"
#include "core/script/AlembicIni.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

// What Retort takes from one section of an alembic.ini, resolved as Alembic's
// ScriptDirectory.from_config resolves it (Alembic 1.8 to 1.16):
// - script_location: absolute; relative to the current directory, else (when that does not exist)
//   to the ini's folder; `package:path` is `path` inside a package found (dots as folders) under either;
//   absent in Flask-Migrate's layout (the ini beside env.py and versions/): the ini's folder;
// - versionLocations: version_locations split by path_separator (or the older version_path_separator),
//   each resolved like script_location, those that do not exist skipped (as Alembic skips them);
//   without version_locations, <script_location>/versions alone.
struct AlembicConfig
{
    QString iniPath; // absolute
    QString section;
    QString scriptLocation;
    SourceLocation scriptLocationSetAt; // line 0 for Flask-Migrate's layout
    QStringList versionLocations;
    bool recursiveVersionLocations = false;
    // sqlalchemy.url as interpolated; nullopt when absent or its %(name)s cannot be expanded.
    std::optional<AlembicIni::Value> sqlalchemyUrl;
    int sqlalchemyUrlLine = 0; // set even when the value could not be expanded
    QString fileTemplate = QStringLiteral("%(rev)s_%(slug)s");
    std::optional<int> truncateSlugLength;
    // What the user should hear: a path found only relative to the ini's folder, a version folder
    // skipped because it does not exist, a setting Alembic reads differently than it looks.
    Diagnostics notes;

    // `currentDir` is where relative paths are looked for first, as Alembic (run from there) would.
    [[nodiscard]] static Result<AlembicConfig> read(const AlembicIni &ini, const QString &section,
                                                    const QString &currentDir);
};

} // namespace retort
