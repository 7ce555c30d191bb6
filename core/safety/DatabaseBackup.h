// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/BackupRecord.h"
#include "core/script/DatabaseUrl.h"

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace retort {

class ProjectConfig;
struct DatabaseTarget;

// Where and how an environment's backups are taken, from its retort.ini section
// (backup, backup_dir, and the tool paths pg_dump, pg_restore, mysqldump, mysql).
struct BackupSettings
{
    BackupMethod method = BackupMethod::Auto;
    QString directory;                                        // absolute
    QString label;                                            // file name prefix: the environment, or "database"
    QMap<QString, QString> toolPaths;                         // "pg_dump" -> path; missing: found on PATH
    QStringList scriptFolders;                                // the version folders: backups never go inside these
    QString versionTable = QStringLiteral("alembic_version"); // read at backup time, for `backup --list`
    QString versionTableSchema;

    static BackupSettings forTarget(const ProjectConfig &config, const DatabaseTarget &target);
    // The program to run for `tool`: the configured path, or the name itself.
    QString tool(const QString &name) const;
};

// Backups with each database's own tools: SQLite's online backup
// (a consistent copy while others write), `pg_dump -Fc` and
// `mysqldump --single-transaction`. Every backup is verified before it counts:
// SQLite's integrity check, pg_restore reading the whole archive, a dump that
// ends with its completion line. Passwords reach the tools through their
// environment or an option file, never their command line. Restores are
// DatabaseRestore's.
class DatabaseBackup
{
public:
    // The method `Auto` stands for with this database; any other is returned as is.
    static BackupMethod resolveMethod(BackupMethod method, Dialect dialect);
    // Whether `method` backs up (and restores) this kind of database.
    static bool fits(BackupMethod method, Dialect dialect)
    {
        return resolveMethod(BackupMethod::Auto, dialect) == method;
    }

    // Takes and verifies a backup into settings.directory. A failed or
    // unverifiable backup is an error, and its partial file is removed.
    [[nodiscard]] static Result<BackupRecord> take(const DatabaseUrl &url, const BackupSettings &settings);
    // Checks that `path` is a complete backup its method can read; returns how it was checked.
    [[nodiscard]] static Result<QString> verify(const QString &path, BackupMethod method,
                                                const BackupSettings &settings);
    // The backups in settings.directory, newest first, with what take() noted beside each (environment,
    // database, revisions, verification, checksum); a file without its note has its size and date only.
    static QVector<BackupRecord> list(const BackupSettings &settings);
    // One backup file as list() shows it: its size and date, and what take() noted beside it.
    static BackupRecord describe(const QString &path);
    // The method that wrote `path`, from its extension: .sqlite3, .dump or .sql.
    static std::optional<BackupMethod> methodForFile(const QString &path);
};

} // namespace retort
