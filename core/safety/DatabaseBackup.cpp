// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/DatabaseBackup.h"

#include "core/TextFormat.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/BackupTools.h"
#include "core/runtime/DatabaseIdentity.h"
#include "core/script/ProjectConfig.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QRegularExpression>
#include <QTemporaryFile>

#include <algorithm>

namespace retort {

using namespace backup_tools;

namespace {

QString extensionFor(BackupMethod method)
{
    if (method == BackupMethod::Sqlite)
        return QStringLiteral("sqlite3");
    if (method == BackupMethod::PgDump)
        return QStringLiteral("dump");
    return QStringLiteral("sql");
}

Result<QString> verifyPgDump(const QString &path, const BackupSettings &settings)
{
    ToolRun run;
    run.program = settings.tool(QStringLiteral("pg_restore"));
    run.arguments = {QStringLiteral("--list"), path};
    const Result<QByteArray> listing = runTool(run);
    if (!listing.ok())
        return backupError(
            QStringLiteral("%1 is not a readable pg_dump archive: %2").arg(path, listing.error().message), path);
    int entries = 0;
    for (const QByteArray &line : listing->split('\n')) {
        if (!line.trimmed().isEmpty() && !line.startsWith(';'))
            ++entries;
    }
    // The table of contents sits at the head of the archive: a file cut short still lists. Restoring it to
    // nowhere reads every entry's data to its end.
    run.arguments = {QStringLiteral("--file=/dev/null"), path};
    const Result<QByteArray> restored = runTool(run);
    if (!restored.ok()) {
        return backupError(QStringLiteral("%1 is not a whole pg_dump archive (its contents list, but pg_restore cannot "
                                          "read it to the end): %2")
                               .arg(path, restored.error().message),
                           path);
    }
    // A database with no objects yet dumps to an archive with no entries: still a good backup.
    if (entries == 0)
        return QStringLiteral("pg_restore read the whole archive (no entries: the database holds no objects)");
    return QStringLiteral("pg_restore read the whole archive (%1 entries)").arg(entries);
}

Result<QString> verifyMysqlDump(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return backupError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()), path);
    // MariaDB 10.11.8 and later open with a "sandbox mode" comment before the header.
    const QByteArray head = file.read(512);
    if (!head.contains("-- MySQL dump") && !head.contains("-- MariaDB dump"))
        return backupError(QStringLiteral("%1 does not start like a mysqldump file").arg(path), path);
    // mysqldump writes its completion line last; a dump cut short lacks it.
    const qint64 tailSize = std::min<qint64>(file.size(), 512);
    file.seek(file.size() - tailSize);
    const QList<QByteArray> tail = file.read(tailSize).trimmed().split('\n');
    const QByteArray last = tail.isEmpty() ? QByteArray() : tail.last().trimmed();
    if (!last.startsWith("-- Dump completed"))
        return backupError(
            QStringLiteral("%1 is incomplete: it lacks mysqldump's closing '-- Dump completed' line").arg(path), path);
    return QStringLiteral("complete dump of %1 (%2)").arg(humanSize(file.size()), QString::fromUtf8(last.mid(3)));
}

// Backups hold every row of the database: the folder is the user's alone when Retort makes it, and each
// file is created readable by its owner only, before a byte is written, whatever the umask.
Status makePrivateFolder(const QString &folder)
{
    if (QFileInfo(folder).isDir())
        return Status::success(); // the user's folder, with the user's rights: not Retort's to change
    if (!QDir().mkpath(folder))
        return backupError(QStringLiteral("cannot create the backup folder %1").arg(folder), folder);
    if (!QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return backupError(QStringLiteral("cannot make the backup folder %1 private (0700)").arg(folder), folder);
    return Status::success();
}

Status createPrivateFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return backupError(QStringLiteral("cannot create %1: %2").arg(path, file.errorString()), path);
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        file.remove();
        return backupError(QStringLiteral("cannot make %1 private (0600)").arg(path), path);
    }
    return Status::success();
}

Status checkOutsideScripts(const BackupSettings &settings)
{
    const QString directory = QDir::cleanPath(settings.directory);
    for (const QString &folder : settings.scriptFolders) {
        const QString scripts = QDir::cleanPath(folder);
        if (directory == scripts || directory.startsWith(scripts + u'/')) {
            return Error(ErrorCode::Config,
                         QStringLiteral("backup_dir %1 is inside the revision folder %2; backups must live "
                                        "elsewhere (set backup_dir in retort.ini)")
                             .arg(directory, scripts),
                         directory);
        }
    }
    return Status::success();
}

QString backupFileName(const BackupSettings &settings, const DatabaseUrl &url, BackupMethod method)
{
    QString database = url.databaseLabel();
    if (url.dialect() == Dialect::SQLite)
        database = QFileInfo(database).completeBaseName();
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    database.replace(unsafe, QStringLiteral("_"));
    QString stem = QStringLiteral("%1-%2-%3")
                       .arg(settings.label, database,
                            QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")));
    const QDir dir(settings.directory);
    QString name = stem + u'.' + extensionFor(method);
    for (int n = 2; dir.exists(name); ++n)
        name = QStringLiteral("%1-%2.%3").arg(stem).arg(n).arg(extensionFor(method));
    return dir.filePath(name);
}

} // namespace

BackupSettings BackupSettings::forTarget(const ProjectConfig &config, const DatabaseTarget &target)
{
    BackupSettings settings;
    settings.directory = QDir(config.projectDir()).filePath(QStringLiteral("backups"));
    settings.label = target.environmentName.isEmpty() ? QStringLiteral("database") : target.environmentName;
    // The folders read for revisions: a backup there could be taken for one (or shipped with them).
    settings.scriptFolders = config.versionLocations();
    settings.versionTable = config.versionTable();
    settings.versionTableSchema = config.versionTableSchema();
    const auto environment = config.environments().constFind(target.environmentName);
    if (environment != config.environments().cend()) {
        settings.method = backupMethodNamed(environment->backup).value_or(BackupMethod::Auto); // checked on load
        settings.directory = environment->backupDir;
        for (const QString &tool : {QStringLiteral("pg_dump"), QStringLiteral("pg_restore"),
                                    QStringLiteral("mysqldump"), QStringLiteral("mysql")}) {
            const QString path = environment->options.value(tool);
            if (!path.isEmpty())
                settings.toolPaths.insert(tool, QDir(config.projectDir()).absoluteFilePath(path));
        }
    }
    return settings;
}

QString BackupSettings::tool(const QString &name) const
{
    return toolPaths.value(name, name);
}

BackupMethod DatabaseBackup::resolveMethod(BackupMethod method, Dialect dialect)
{
    if (method != BackupMethod::Auto)
        return method;
    switch (dialect) {
    case Dialect::SQLite:
        return BackupMethod::Sqlite;
    case Dialect::PostgreSQL:
        return BackupMethod::PgDump;
    case Dialect::MySQL:
        break;
    }
    return BackupMethod::MysqlDump;
}

std::optional<BackupMethod> DatabaseBackup::methodForFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("sqlite3") || suffix == QLatin1String("sqlite") || suffix == QLatin1String("db"))
        return BackupMethod::Sqlite;
    if (suffix == QLatin1String("dump"))
        return BackupMethod::PgDump;
    if (suffix == QLatin1String("sql"))
        return BackupMethod::MysqlDump;
    return std::nullopt;
}

namespace {

// What the version table held when the backup was taken, for `backup --list` (best effort).
void readRevisions(const DatabaseUrl &url, const BackupSettings &settings, BackupRecord *record)
{
    const auto connection = DatabaseConnection::open(url, DatabaseConnection::Mode::ReadOnly);
    if (!connection.ok())
        return;
    const VersionTable table(settings.versionTable, settings.versionTableSchema);
    const Result<bool> present = table.exists(connection.value()->database());
    if (!present.ok())
        return;
    if (!present.value()) {
        record->revisionsKnown = true; // no version table: no revision applied
        return;
    }
    const Result<QStringList> rows = table.readRows(connection.value()->database());
    if (rows.ok()) {
        record->revisions = rows.value();
        record->revisionsKnown = true;
    }
}

// Beside the backup, hidden (".<file>.json"): `ls` and a restore's file picker show the backups alone.
QString notePath(const QString &backupPath)
{
    const QFileInfo backup(backupPath);
    return backup.dir().filePath(QLatin1Char('.') + backup.fileName() + QStringLiteral(".json"));
}

void writeNote(const BackupRecord &record)
{
    QJsonObject note{{QStringLiteral("environment"), record.environment},
                     {QStringLiteral("database"), record.databaseDisplay},
                     {QStringLiteral("method"), backupMethodName(record.method)},
                     {QStringLiteral("verification"), record.verification},
                     {QStringLiteral("sha256"), record.sha256},
                     {QStringLiteral("bytes"), record.bytes},
                     {QStringLiteral("created"), record.createdAt.toString(Qt::ISODate)}};
    if (record.revisionsKnown)
        note.insert(QStringLiteral("revisions"), QJsonArray::fromStringList(record.revisions));
    QSaveFile file(notePath(record.path));
    if (!file.open(QIODevice::WriteOnly))
        return;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(note).toJson());
    file.commit();
}

void readNote(BackupRecord *record)
{
    QFile file(notePath(record->path));
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject note = QJsonDocument::fromJson(file.readAll()).object();
    record->environment = note.value(QStringLiteral("environment")).toString();
    record->databaseDisplay = note.value(QStringLiteral("database")).toString();
    record->verification = note.value(QStringLiteral("verification")).toString();
    record->sha256 = note.value(QStringLiteral("sha256")).toString();
    if (note.contains(QStringLiteral("revisions"))) {
        record->revisionsKnown = true;
        for (const QJsonValue &revision : note.value(QStringLiteral("revisions")).toArray())
            record->revisions << revision.toString();
    }
}

// The database's own tool writes the backup of `url` into `path` (an empty file already there).
Status writeBackup(BackupMethod method, const DatabaseUrl &url, const BackupSettings &settings, const QString &path)
{
    if (method == BackupMethod::Sqlite)
        return copySqlite(url.database(), path);
    if (method == BackupMethod::PgDump) {
        ToolRun run = postgresTool(settings, QStringLiteral("pg_dump"), url);
        run.arguments = {QStringLiteral("--format=custom"), QStringLiteral("--file=") + path,
                         QStringLiteral("--dbname=") + libpqConnectionString(url)};
        RETORT_TRY(const QByteArray output, runTool(run));
        return Status::success();
    }
    RETORT_TRY(const auto optionFile, mysqlOptionFile(url));
    ToolRun run;
    run.program = settings.tool(QStringLiteral("mysqldump"));
    // The option file must come first; --no-tablespaces spares the PROCESS privilege MySQL 8 asks for.
    run.arguments = {QStringLiteral("--defaults-extra-file=") + optionFile->fileName(),
                     QStringLiteral("--single-transaction"),
                     QStringLiteral("--routines"),
                     QStringLiteral("--triggers"),
                     QStringLiteral("--no-tablespaces"),
                     QStringLiteral("--result-file=") + path,
                     url.database()};
    RETORT_TRY(const QByteArray output, runTool(run));
    return Status::success();
}

} // namespace

Result<BackupRecord> DatabaseBackup::take(const DatabaseUrl &url, const BackupSettings &settings)
{
    const BackupMethod method = resolveMethod(settings.method, url.dialect());
    if (method == BackupMethod::None) {
        return Error(ErrorCode::Config,
                     QStringLiteral("backups are turned off for this environment (backup = none in retort.ini)"));
    }
    if (!fits(method, url.dialect())) {
        return Error(ErrorCode::Config, QStringLiteral("backup = %1 cannot back up %2; use auto")
                                            .arg(backupMethodName(method), url.toDisplayString()));
    }
    if (url.isMemory())
        return Error(ErrorCode::Config, QStringLiteral("an in-memory SQLite database cannot be backed up"));
    RETORT_CHECK(checkOutsideScripts(settings));
    RETORT_CHECK(makePrivateFolder(settings.directory));

    BackupRecord record;
    record.method = method;
    record.database = url;
    record.createdAt = QDateTime::currentDateTimeUtc();
    record.path = backupFileName(settings, url, method);
    QElapsedTimer timer;
    timer.start();
    if (method == BackupMethod::Sqlite && !QFileInfo::exists(url.database()))
        return backupError(QStringLiteral("the SQLite database %1 does not exist").arg(url.database()), url.database());
    record.environment = settings.label;
    record.databaseDisplay = url.toDisplayString();
    readRevisions(url, settings, &record);
    Status taken = createPrivateFile(record.path); // the tools write into it and keep its mode
    if (taken.ok())
        taken = writeBackup(method, url, settings, record.path);
    if (taken.ok()) {
        const Result<QString> verified = verify(record.path, method, settings);
        if (verified.ok())
            record.verification = verified.value();
        else
            taken = verified.error();
    }
    if (!taken.ok()) {
        QFile::remove(record.path);
        return Error(taken.error().code,
                     QStringLiteral("backup failed, so nothing was run: %1").arg(taken.error().message),
                     taken.error().context);
    }
    record.durationMs = timer.elapsed();
    record.bytes = QFileInfo(record.path).size();
    record.sha256 = sha256Of(record.path);
    writeNote(record); // best effort: the backup stands without it
    // Which database it is of, by what the database is: a later gate reuses it only for that one.
    const Result<DatabaseIdentity> identity = DatabaseIdentity::probe(url);
    if (identity.ok() && identity->known)
        record.identityKey = identity->key;
    return record;
}

Result<QString> DatabaseBackup::verify(const QString &path, BackupMethod method, const BackupSettings &settings)
{
    const QFileInfo info(path);
    if (!info.exists())
        return backupError(QStringLiteral("backup %1 does not exist").arg(path), path);
    if (info.size() == 0)
        return backupError(QStringLiteral("backup %1 is empty").arg(path), path);
    if (method == BackupMethod::Sqlite)
        return verifySqlite(path);
    if (method == BackupMethod::PgDump)
        return verifyPgDump(path, settings);
    if (method == BackupMethod::MysqlDump)
        return verifyMysqlDump(path);
    return backupError(QStringLiteral("%1: unknown backup kind; expected a .sqlite3, .dump or .sql file").arg(path),
                       path);
}

QVector<BackupRecord> DatabaseBackup::list(const BackupSettings &settings)
{
    QVector<BackupRecord> records;
    const QFileInfoList files =
        QDir(settings.directory)
            .entryInfoList({QStringLiteral("*.sqlite3"), QStringLiteral("*.dump"), QStringLiteral("*.sql")},
                           QDir::Files, QDir::Time);
    for (const QFileInfo &file : files)
        records.append(describe(file.absoluteFilePath()));
    return records;
}

BackupRecord DatabaseBackup::describe(const QString &path)
{
    const QFileInfo file(path);
    BackupRecord record;
    record.path = file.absoluteFilePath();
    record.bytes = file.size();
    record.method = methodForFile(record.path).value_or(BackupMethod::None);
    record.createdAt = file.lastModified().toUTC();
    readNote(&record);
    return record;
}

} // namespace retort
