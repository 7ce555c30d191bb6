// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/BackupTools.h"

#include "core/TextFormat.h"
#include "core/safety/DatabaseBackup.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryFile>
#include <QThread>

#include <sqlite3.h>

namespace retort::backup_tools {

Error backupError(const QString &message, const QString &context)
{
    return Error(ErrorCode::Io, maskPasswords(message), context);
}

// --- SQLite, through its C API: Qt's driver does not expose the online backup.

namespace {

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

} // namespace

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

QString sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (file.open(QIODevice::ReadOnly))
        hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

ToolRun mysqlLoad(const BackupSettings &settings, const QTemporaryFile &optionFile, const QString &database,
                  const QString &dumpPath)
{
    ToolRun run;
    run.program = settings.tool(QStringLiteral("mysql"));
    // --one-database: a statement for another database is skipped, never run there.
    run.arguments = {QStringLiteral("--defaults-extra-file=") + optionFile.fileName(), QStringLiteral("--one-database"),
                     database};
    run.inputFile = dumpPath;
    return run;
}

} // namespace retort::backup_tools
