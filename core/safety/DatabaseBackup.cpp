// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/DatabaseBackup.h"

#include "core/TextFormat.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/DatabaseIdentity.h"
#include "core/script/ProjectConfig.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryFile>
#include <QThread>

#include <sqlite3.h>

#include <algorithm>

namespace retort {

namespace {

const QString kSqlite = QStringLiteral("sqlite");
const QString kPgDump = QStringLiteral("pg_dump");
const QString kMysqlDump = QStringLiteral("mysqldump");

QString extensionFor(const QString &method)
{
    if (method == kSqlite)
        return QStringLiteral("sqlite3");
    if (method == kPgDump)
        return QStringLiteral("dump");
    return QStringLiteral("sql");
}

Error backupError(const QString &message, const QString &context = QString())
{
    return Error(ErrorCode::Io, maskPasswords(message), context);
}

// --- SQLite, through its C API: Qt's driver does not expose the online backup.

struct SqliteHandle
{
    sqlite3 *db = nullptr;
    ~SqliteHandle() { sqlite3_close(db); }
    QString lastError() const { return QString::fromUtf8(db ? sqlite3_errmsg(db) : "out of memory"); }
};

Status openSqlite(SqliteHandle &handle, const QString &path, int flags)
{
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &handle.db, flags, nullptr) != SQLITE_OK)
        return backupError(QStringLiteral("cannot open %1: %2").arg(path, handle.lastError()), path);
    sqlite3_busy_timeout(handle.db, 30000);
    return Status::success();
}

// Copies `from` into `to` in one step under a read lock: the copy is one
// consistent snapshot even while others write (page-by-page steps would
// restart on every write and never finish on a busy database). Writers wait
// for the lock up to their busy timeout meanwhile.
Status copySqlite(const QString &from, const QString &to)
{
    SqliteHandle source;
    SqliteHandle destination;
    RETORT_CHECK(openSqlite(source, from, SQLITE_OPEN_READONLY));
    RETORT_CHECK(openSqlite(destination, to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    sqlite3_backup *backup = sqlite3_backup_init(destination.db, "main", source.db, "main");
    if (!backup)
        return backupError(
            QStringLiteral("cannot start the SQLite backup of %1: %2").arg(from, destination.lastError()));
    // Each step waits up to the busy timeout (30 s); a writer holding its lock for minutes ends the attempt.
    QElapsedTimer waited;
    waited.start();
    int status = SQLITE_OK;
    do {
        status = sqlite3_backup_step(backup, -1);
        if (status == SQLITE_BUSY || status == SQLITE_LOCKED)
            QThread::msleep(20);
    } while (status == SQLITE_OK ||
             ((status == SQLITE_BUSY || status == SQLITE_LOCKED) && waited.elapsed() < 5 * 60 * 1000));
    sqlite3_backup_finish(backup);
    if (status != SQLITE_DONE) {
        return backupError(QStringLiteral("SQLite backup of %1 into %2 failed: %3")
                               .arg(from, to, QString::fromUtf8(sqlite3_errstr(status))));
    }
    return Status::success();
}

Result<QString> verifySqlite(const QString &path)
{
    SqliteHandle handle;
    RETORT_CHECK(openSqlite(handle, path, SQLITE_OPEN_READONLY));
    auto firstColumn = [&handle](const char *sql) -> Result<QStringList> {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(handle.db, sql, -1, &statement, nullptr) != SQLITE_OK)
            return Error(ErrorCode::Io, handle.lastError());
        QStringList values;
        int status = SQLITE_ROW;
        while ((status = sqlite3_step(statement)) == SQLITE_ROW)
            values << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
        sqlite3_finalize(statement);
        if (status != SQLITE_DONE)
            return Error(ErrorCode::Io, handle.lastError());
        return values;
    };
    const Result<QStringList> integrity = firstColumn("PRAGMA integrity_check");
    if (!integrity.ok()) {
        return backupError(
            QStringLiteral("%1 is not a readable SQLite database: %2").arg(path, integrity.error().message), path);
    }
    if (integrity.value() != QStringList{QStringLiteral("ok")}) {
        return backupError(QStringLiteral("%1 fails PRAGMA integrity_check: %2")
                               .arg(path, integrity.value().mid(0, 3).join(QStringLiteral("; "))),
                           path);
    }
    RETORT_TRY(const QStringList tables, firstColumn("SELECT name FROM sqlite_master WHERE type = 'table'"));
    return QStringLiteral("PRAGMA integrity_check: ok (%1 tables)").arg(tables.size());
}

// --- The dump tools, as child processes.

// libpq's connection string without the password (that goes in PGPASSWORD).
QString libpqConnectionString(const DatabaseUrl &url)
{
    auto quoted = [](QString value) {
        value.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
        return QStringLiteral("'%1'").arg(value);
    };
    QStringList parts;
    if (!url.host().isEmpty())
        parts << QStringLiteral("host=") + quoted(url.host());
    if (url.port() > 0)
        parts << QStringLiteral("port=%1").arg(url.port());
    if (!url.userName().isEmpty())
        parts << QStringLiteral("user=") + quoted(url.userName());
    parts << QStringLiteral("dbname=") + quoted(url.database());
    // The URL's own parts come from the URL (which takes ?host=, ?port=, ?user= into account); the
    // password goes through PGPASSWORD.
    static const QStringList fromUrl = {QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("user"),
                                        QStringLiteral("password"), QStringLiteral("dbname")};
    for (const auto &[key, value] : url.queryOptions()) {
        if (!fromUrl.contains(key))
            parts << key + u'=' + quoted(value);
    }
    return parts.join(u' ');
}

// A [client] option file for mysql/mysqldump, readable by its owner only.
Result<std::unique_ptr<QTemporaryFile>> mysqlOptionFile(const DatabaseUrl &url)
{
    auto quoted = [](QString value) {
        value.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
        return QStringLiteral("\"%1\"").arg(value);
    };
    auto file = std::make_unique<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/retort-mysql-XXXXXX.cnf"));
    if (!file->open())
        return backupError(QStringLiteral("cannot create a temporary option file: %1").arg(file->errorString()));
    QStringList lines{QStringLiteral("[client]")};
    if (!url.userName().isEmpty())
        lines << QStringLiteral("user=") + quoted(url.userName());
    if (!url.password().isEmpty())
        lines << QStringLiteral("password=") + quoted(url.password());
    if (!url.host().isEmpty())
        lines << QStringLiteral("host=") + quoted(url.host());
    if (url.port() > 0)
        lines << QStringLiteral("port=%1").arg(url.port());
    const QString socket = url.queryOption(QStringLiteral("unix_socket"));
    if (!socket.isEmpty())
        lines << QStringLiteral("socket=") + quoted(socket);
    file->write((lines.join(u'\n') + u'\n').toUtf8());
    file->flush();
    return file;
}

struct ToolRun
{
    QString program;
    QStringList arguments;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QString inputFile;
};

// Runs a tool to its end; its standard output is returned. A missing tool or a
// non-zero exit is an error quoting the tool's own message.
Result<QByteArray> runTool(const ToolRun &run)
{
    QProcess process;
    process.setProcessEnvironment(run.environment);
    if (!run.inputFile.isEmpty())
        process.setStandardInputFile(run.inputFile);
    process.start(run.program, run.arguments);
    if (!process.waitForStarted(30000)) {
        return backupError(QStringLiteral("cannot run %1: %2 (install it, or set its path with '%3 = /path/to/%3' in "
                                          "the environment's section of retort.ini)")
                               .arg(run.program, process.errorString(), QFileInfo(run.program).fileName()));
    }
    process.waitForFinished(-1);
    const QByteArray output = process.readAllStandardOutput();
    const QString errors = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        return backupError(QStringLiteral("%1 failed (exit code %2): %3")
                               .arg(QFileInfo(run.program).fileName())
                               .arg(process.exitCode())
                               .arg(errors.isEmpty() ? QStringLiteral("no message") : errors.left(2000)));
    }
    return output;
}

ToolRun postgresTool(const BackupSettings &settings, const QString &tool, const DatabaseUrl &url)
{
    ToolRun run;
    run.program = settings.tool(tool);
    if (!url.password().isEmpty())
        run.environment.insert(QStringLiteral("PGPASSWORD"), url.password());
    return run;
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

QString sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (file.open(QIODevice::ReadOnly))
        hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
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

QString backupFileName(const BackupSettings &settings, const DatabaseUrl &url, const QString &method)
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

Status createDatabaseIfMissing(const DatabaseUrl &server, const QString &name)
{
    RETORT_TRY(const auto connection, DatabaseConnection::open(server));
    QSqlQuery query(connection->database());
    QString sql;
    if (server.dialect() == Dialect::PostgreSQL) {
        query.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
        query.addBindValue(name);
        if (query.exec() && query.next())
            return Status::success();
        sql = QStringLiteral("CREATE DATABASE \"%1\"").arg(QString(name).replace(u'"', QStringLiteral("\"\"")));
    } else {
        sql =
            QStringLiteral("CREATE DATABASE IF NOT EXISTS `%1`").arg(QString(name).replace(u'`', QStringLiteral("``")));
    }
    if (!query.exec(sql)) {
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot create database %1: %2").arg(name, query.lastError().text().trimmed()));
    }
    return Status::success();
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
        settings.method = environment->backup;
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

QString BackupRecord::summary() const
{
    QString text = QStringLiteral("%1 (%2, %3, %4 s)")
                       .arg(QDir::toNativeSeparators(path), humanSize(bytes),
                            method == kPgDump ? QStringLiteral("pg_dump -Fc") : method)
                       .arg(double(durationMs) / 1000.0, 0, 'f', 1);
    if (!verification.isEmpty())
        text += QStringLiteral("; verified: ") + verification;
    return text;
}

QString DatabaseBackup::resolveMethod(const QString &method, Dialect dialect)
{
    if (method != QLatin1String("auto"))
        return method;
    switch (dialect) {
    case Dialect::SQLite:
        return kSqlite;
    case Dialect::PostgreSQL:
        return kPgDump;
    case Dialect::MySQL:
        return kMysqlDump;
    }
    return method;
}

QString DatabaseBackup::methodForFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("sqlite3") || suffix == QLatin1String("sqlite") || suffix == QLatin1String("db"))
        return kSqlite;
    if (suffix == QLatin1String("dump"))
        return kPgDump;
    if (suffix == QLatin1String("sql"))
        return kMysqlDump;
    return QString();
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
                     {QStringLiteral("method"), record.method},
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
Status writeBackup(const QString &method, const DatabaseUrl &url, const BackupSettings &settings, const QString &path)
{
    if (method == kSqlite)
        return copySqlite(url.database(), path);
    if (method == kPgDump) {
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
    const QString method = resolveMethod(settings.method, url.dialect());
    if (method == QLatin1String("none")) {
        return Error(ErrorCode::Config,
                     QStringLiteral("backups are turned off for this environment (backup = none in retort.ini)"));
    }
    const bool fits = (method == kSqlite && url.dialect() == Dialect::SQLite) ||
                      (method == kPgDump && url.dialect() == Dialect::PostgreSQL) ||
                      (method == kMysqlDump && url.dialect() == Dialect::MySQL);
    if (!fits) {
        return Error(ErrorCode::Config,
                     QStringLiteral("backup = %1 cannot back up %2; use auto").arg(method, url.toDisplayString()));
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
    if (method == kSqlite && !QFileInfo::exists(url.database()))
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

Result<QString> DatabaseBackup::verify(const QString &path, const QString &method, const BackupSettings &settings)
{
    const QFileInfo info(path);
    if (!info.exists())
        return backupError(QStringLiteral("backup %1 does not exist").arg(path), path);
    if (info.size() == 0)
        return backupError(QStringLiteral("backup %1 is empty").arg(path), path);
    if (method == kSqlite)
        return verifySqlite(path);
    if (method == kPgDump)
        return verifyPgDump(path, settings);
    if (method == kMysqlDump)
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
    for (const QFileInfo &file : files) {
        BackupRecord record;
        record.path = file.absoluteFilePath();
        record.bytes = file.size();
        record.method = methodForFile(record.path);
        record.createdAt = file.lastModified().toUTC();
        readNote(&record);
        records.append(record);
    }
    return records;
}

Status DatabaseBackup::restore(const QString &backupPath, const DatabaseUrl &target, const QString &confirmedName,
                               const BackupSettings &settings)
{
    if (confirmedName != target.databaseLabel()) {
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("restore into '%1' was not confirmed (typed '%2'); nothing was changed")
                         .arg(target.databaseLabel(), confirmedName));
    }
    const QString method = methodForFile(backupPath);
    RETORT_TRY(const QString verification, verify(backupPath, method, settings));
    Q_UNUSED(verification);
    const bool fits = (method == kSqlite && target.dialect() == Dialect::SQLite) ||
                      (method == kPgDump && target.dialect() == Dialect::PostgreSQL) ||
                      (method == kMysqlDump && target.dialect() == Dialect::MySQL);
    if (!fits) {
        return Error(ErrorCode::Config, QStringLiteral("%1 is a %2 backup and cannot be restored into %3")
                                            .arg(backupPath, method, target.toDisplayString()));
    }
    if (method == kSqlite)
        return copySqlite(backupPath, target.database());

    RETORT_CHECK(createDatabaseIfMissing(
        target.withDatabase(target.dialect() == Dialect::PostgreSQL ? QStringLiteral("postgres") : QString()),
        target.database()));
    if (method == kPgDump) {
        ToolRun run = postgresTool(settings, QStringLiteral("pg_restore"), target);
        run.arguments = {QStringLiteral("--clean"),
                         QStringLiteral("--if-exists"),
                         QStringLiteral("--no-owner"),
                         QStringLiteral("--exit-on-error"),
                         QStringLiteral("--single-transaction"),
                         QStringLiteral("--dbname=") + libpqConnectionString(target),
                         backupPath};
        RETORT_TRY(const QByteArray output, runTool(run));
        Q_UNUSED(output);
        return Status::success();
    }
    RETORT_TRY(const auto optionFile, mysqlOptionFile(target));
    ToolRun run;
    run.program = settings.tool(QStringLiteral("mysql"));
    run.arguments = {QStringLiteral("--defaults-extra-file=") + optionFile->fileName(), target.database()};
    run.inputFile = backupPath;
    RETORT_TRY(const QByteArray output, runTool(run));
    Q_UNUSED(output);
    return Status::success();
}

} // namespace retort
