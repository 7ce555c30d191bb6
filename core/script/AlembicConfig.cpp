// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/AlembicConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace retort {

namespace {

Error configError(const SourceLocation &where, const QString &message)
{
    return Error(ErrorCode::Config, where.toString() + QStringLiteral(": ") + message, where);
}

QString joinPath(const QString &base, const QString &path)
{
    return QDir::cleanPath(QDir(base).absoluteFilePath(path));
}

// Where relative paths of one ini are looked for, and where what was found elsewhere is told.
struct PathResolver
{
    QString iniPath;
    QString iniDir;
    QString currentDir;
    Diagnostics *notes = nullptr;

    void noteIniRelative(const SourceLocation &where, const QString &key, const QString &value,
                         const QString &found) const
    {
        notes->append({Diagnostic::Severity::Warning, where,
                       QStringLiteral("%1 '%2' is not under the current directory (%3); using %4, found relative to "
                                      "%5's folder")
                           .arg(key, value, currentDir, found, QFileInfo(iniPath).fileName())});
    }

    // A path as Alembic's coerce_resource_to_filename reads it, then made absolute from the current
    // directory, falling back to the ini's folder when only that holds it. A path found in neither is
    // returned relative to the current directory (Alembic's reading).
    Result<QString> resolve(const QString &key, const QString &value, const SourceLocation &where) const
    {
        if (QFileInfo(value).isAbsolute())
            return QDir::cleanPath(value);
        if (value.contains(u':')) {
            // `package:path`: Python would import the package; it is found here as a folder instead.
            const QStringList tokens = value.split(u':');
            const QString package = tokens.first();
            const QString packageFolder = QString(package).replace(u'.', u'/');
            const QString inside = tokens.mid(1).join(u'/');
            for (const QString &base : {currentDir, iniDir}) {
                const QString folder = joinPath(base, packageFolder);
                if (package.isEmpty() || !QFileInfo(folder).isDir())
                    continue;
                const QString found = joinPath(folder, inside);
                if (base != currentDir)
                    noteIniRelative(where, key, value, found);
                return found;
            }
            return configError(where,
                               QStringLiteral("%1 '%2': no package '%3' (a folder %4) under the current "
                                              "directory (%5) or %6's folder; Retort finds a package by its "
                                              "folder and does not search Python's sys.path")
                                   .arg(key, value, package, packageFolder, currentDir, QFileInfo(iniPath).fileName()));
        }
        const QString fromCurrent = joinPath(currentDir, value);
        if (QFileInfo::exists(fromCurrent))
            return fromCurrent;
        const QString fromIni = joinPath(iniDir, value);
        if (fromIni != fromCurrent && QFileInfo::exists(fromIni)) {
            noteIniRelative(where, key, value, fromIni);
            return fromIni;
        }
        return fromCurrent;
    }
};

// Alembic's path_separator values (version_path_separator before 1.16).
std::optional<QString> separatorFor(const QString &value)
{
    if (value == QLatin1String("space"))
        return QStringLiteral(" ");
    if (value == QLatin1String("newline"))
        return QStringLiteral("\n");
    if (value == QLatin1String("os"))
        return QString(QDir::listSeparator());
    if (value == QLatin1String(":") || value == QLatin1String(";"))
        return value;
    return std::nullopt;
}

Result<QStringList> splitVersionLocations(const AlembicIni &ini, const QString &section, const QString &text)
{
    QStringList items;
    std::optional<AlembicIni::Value> separator;
    QString separatorKey;
    for (const QString &key : {QStringLiteral("path_separator"), QStringLiteral("version_path_separator")}) {
        RETORT_TRY(separator, ini.value(section, key));
        if (separator) {
            separatorKey = key;
            break;
        }
    }
    if (separator) {
        const std::optional<QString> splitAt = separatorFor(separator->text);
        if (!splitAt) {
            return configError({ini.path(), separator->line},
                               QStringLiteral("'%1' is not a valid value for %2; expected 'space', 'newline', 'os', "
                                              "':', ';'")
                                   .arg(separator->text, separatorKey));
        }
        for (const QString &item : text.split(*splitAt))
            items << item.trimmed();
    } else {
        // Alembic's legacy split, on commas and spaces (not on newlines).
        static const QRegularExpression legacy(QStringLiteral(", *| +"));
        items = text.split(legacy);
    }
    // An empty item would be the current directory to Alembic: never a versions folder anyone meant.
    items.removeAll(QString());
    return items;
}

} // namespace

Result<AlembicConfig> AlembicConfig::read(const AlembicIni &ini, const QString &section, const QString &currentDir)
{
    if (!ini.hasSection(section))
        return ini.missingSection(section);
    AlembicConfig config;
    config.iniPath = ini.path();
    config.section = section;
    const QString iniDir = QFileInfo(ini.path()).absolutePath();
    const PathResolver paths{ini.path(), iniDir, QDir::cleanPath(currentDir), &config.notes};
    const auto at = [&ini](int line) { return SourceLocation{ini.path(), line}; };

    RETORT_TRY(const std::optional<AlembicIni::Value> scriptLocation,
               ini.value(section, QStringLiteral("script_location")));
    if (scriptLocation && !scriptLocation->text.isEmpty()) {
        config.scriptLocationSetAt = at(scriptLocation->line);
        RETORT_TRY(config.scriptLocation,
                   paths.resolve(QStringLiteral("script_location"), scriptLocation->text, config.scriptLocationSetAt));
    } else if (QFileInfo::exists(iniDir + QStringLiteral("/env.py")) &&
               QFileInfo(iniDir + QStringLiteral("/versions")).isDir()) {
        // Flask-Migrate writes its alembic.ini into the migrations folder and passes the folder itself.
        config.scriptLocation = iniDir;
        config.scriptLocationSetAt = at(0);
    } else {
        return configError(at(ini.sectionLine(section)),
                           QStringLiteral("No 'script_location' key found in configuration ([%1] has none, and no "
                                          "env.py and versions/ lie beside the file as Flask-Migrate keeps them)")
                               .arg(section));
    }
    if (!QFileInfo::exists(config.scriptLocation)) {
        return configError(config.scriptLocationSetAt,
                           QStringLiteral("Path doesn't exist: '%1'.  Please use the 'init' command to create a new "
                                          "scripts folder.")
                               .arg(config.scriptLocation));
    }

    RETORT_TRY(const std::optional<AlembicIni::Value> versionLocations,
               ini.value(section, QStringLiteral("version_locations")));
    if (versionLocations && !versionLocations->text.isEmpty()) {
        const SourceLocation where = at(versionLocations->line);
        RETORT_TRY(const QStringList items, splitVersionLocations(ini, section, versionLocations->text));
        for (const QString &item : items) {
            RETORT_TRY(const QString folder, paths.resolve(QStringLiteral("version_locations"), item, where));
            if (!QFileInfo(folder).isDir()) {
                config.notes.append({Diagnostic::Severity::Warning, where,
                                     QStringLiteral("version_locations: %1 does not exist; skipped, as Alembic skips "
                                                    "it")
                                         .arg(folder)});
            } else if (!config.versionLocations.contains(folder)) {
                config.versionLocations << folder;
            }
        }
    } else {
        config.versionLocations << config.scriptLocation + QStringLiteral("/versions");
    }

    RETORT_TRY(const std::optional<AlembicIni::Value> recursive,
               ini.value(section, QStringLiteral("recursive_version_locations")));
    if (recursive) {
        // Alembic compares with "true" exactly; "True" or "yes" leave it off there, so here too.
        config.recursiveVersionLocations = recursive->text == QLatin1String("true");
        static const QStringList looksTrue = {QStringLiteral("yes"), QStringLiteral("on"), QStringLiteral("1")};
        if (!config.recursiveVersionLocations &&
            (looksTrue.contains(recursive->text.toLower()) || recursive->text.toLower() == QLatin1String("true"))) {
            config.notes.append({Diagnostic::Severity::Warning, at(recursive->line),
                                 QStringLiteral("recursive_version_locations = %1 is off: Alembic turns it on only "
                                                "with 'true'")
                                     .arg(recursive->text)});
        }
    }

    if (const std::optional<AlembicIni::Value> raw = ini.rawValue(section, QStringLiteral("sqlalchemy.url"))) {
        config.sqlalchemyUrlLine = raw->line;
        const auto url = ini.value(section, QStringLiteral("sqlalchemy.url"));
        if (url.ok())
            config.sqlalchemyUrl = url.value();
    }

    RETORT_TRY(const std::optional<AlembicIni::Value> fileTemplate,
               ini.value(section, QStringLiteral("file_template")));
    if (fileTemplate)
        config.fileTemplate = fileTemplate->text;
    RETORT_TRY(const std::optional<AlembicIni::Value> truncate,
               ini.value(section, QStringLiteral("truncate_slug_length")));
    if (truncate) {
        bool number = false;
        const int length = truncate->text.toInt(&number);
        if (!number) {
            return configError(at(truncate->line), QStringLiteral("invalid truncate_slug_length '%1'; expected a "
                                                                  "whole number")
                                                       .arg(truncate->text));
        }
        config.truncateSlugLength = length;
    }
    return config;
}

} // namespace retort
