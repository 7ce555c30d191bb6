// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/DatabaseRestore.h"

#include "core/TextFormat.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/safety/BackupTools.h"
#include "core/safety/PostgresRestore.h"
#include "core/safety/RestoreSteps.h"
#include "core/safety/SafetyGate.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlError>
#include <QTemporaryFile>

namespace retort {

using namespace backup_tools;

namespace {

QString nameStamp()
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd_HHmmss"));
}

QString mysqlQuoted(const QString &identifier)
{
    return u'`' + QString(identifier).replace(u'`', QStringLiteral("``")) + u'`';
}

Error removedAfter(const Error &failure, const QString &removed)
{
    Error error = failure;
    error.message = QStringLiteral("restore failed, and %1: %2").arg(removed, failure.message);
    return error;
}

// --- SQLite: a private copy is made whole beside the database, then copied into it in one step.

Result<RestoreOutcome> restoreSqlite(RestoreSteps &steps, const RestoreRequest &request, const BackupRecord &backup)
{
    const QString livePath = request.target.database();
    RestoreOutcome outcome;
    ReplacedDatabase replaced;
    std::unique_ptr<DatabaseConnection> live;
    std::unique_ptr<RunLock> runLock;
    if (QFileInfo::exists(livePath)) {
        RETORT_TRY(live, DatabaseConnection::open(request.target));
        QSqlDatabase db = live->database();
        RETORT_TRY(runLock, steps.lock(db, livePath));
        RETORT_TRY(replaced, steps.readReplaced(db, request.target));
        RETORT_CHECK(steps.backUpReplaced());
    }
    QTemporaryFile copy(QFileInfo(livePath).absoluteDir().filePath(
        QStringLiteral(".%1.restoring-XXXXXX").arg(QFileInfo(livePath).fileName())));
    if (!copy.open()) {
        return backupError(
            QStringLiteral("cannot make the working copy beside %1: %2").arg(livePath, copy.errorString()), livePath);
    }
    const auto journal = qScopeGuard([&copy] { QFile::remove(copy.fileName() + QStringLiteral("-journal")); });
    const Status made = [&]() -> Status {
        RETORT_CHECK(copySqlite(backup.path, copy.fileName()));
        RETORT_TRY(const auto working, DatabaseConnection::open(request.target.withDatabase(copy.fileName())));
        QSqlDatabase db = working->database();
        RETORT_TRY(outcome.revisions, steps.checkVersions(db, backup));
        return steps.settle(db, replaced, backup, QString(), &outcome);
    }();
    if (!made.ok())
        return removedAfter(made.error(), QStringLiteral("%1 was not touched").arg(livePath));
    steps.say(QStringLiteral("Copying it into %1 in one step").arg(livePath));
    RETORT_CHECK(copySqlite(copy.fileName(), livePath));
    return outcome;
}

// --- MySQL/MariaDB: checked in a scratch schema, then the target is made again from the same dump.

struct MysqlSchema
{
    QString characterSet;
    QString collation;
};

Result<std::optional<MysqlSchema>> mysqlSchema(const QSqlDatabase &server, const QString &name)
{
    QSqlQuery query(server);
    query.prepare(QStringLiteral("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM "
                                 "information_schema.SCHEMATA WHERE SCHEMA_NAME = ?"));
    query.addBindValue(name);
    if (!query.exec()) {
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot look for database %1: %2").arg(name, databaseMessage(query.lastError())));
    }
    if (!query.next())
        return std::optional<MysqlSchema>();
    return std::optional<MysqlSchema>(MysqlSchema{query.value(0).toString(), query.value(1).toString()});
}

Status mysqlExec(const QSqlDatabase &server, const QString &sql, const QString &what)
{
    QSqlQuery query(server);
    if (!query.exec(sql))
        return Error(ErrorCode::Database, QStringLiteral("%1: %2").arg(what, databaseMessage(query.lastError())));
    return Status::success();
}

// A dump of whole databases (mysqldump --databases / --all-databases) switches to them by name: loaded
// "into" a scratch database it would write into the live one. Retort's own backups are of one database.
Status checkSingleDatabaseDump(const QString &path)
{
    QFile dump(path);
    if (!dump.open(QIODevice::ReadOnly))
        return backupError(QStringLiteral("cannot read %1: %2").arg(path, dump.errorString()), path);
    for (qint64 line = 1; !dump.atEnd(); ++line) {
        const QByteArray text = dump.readLine().left(80).trimmed().toUpper(); // mysqldump's lines end at 1 MiB
        if (text.startsWith("USE ") || text.startsWith("CREATE DATABASE ")) {
            return Error(ErrorCode::Config,
                         QStringLiteral("%1:%2: the dump names its database (%3): it is a dump of whole databases, "
                                        "which Retort does not restore into another name; load it with the mysql "
                                        "client yourself; nothing was changed")
                             .arg(path)
                             .arg(line)
                             .arg(QString::fromUtf8(text.left(60))),
                         path);
        }
    }
    return Status::success();
}

// Creates `name` (with `like`'s character set and collation, when given) and loads the dump into it.
// Whether it created the database is set in `created`, so a failure drops only what it made.
Status mysqlCreateAndLoad(const QSqlDatabase &server, const RestoreRequest &request, const QString &name,
                          const std::optional<MysqlSchema> &like, bool *created)
{
    QString create = QStringLiteral("CREATE DATABASE %1").arg(mysqlQuoted(name));
    if (like) {
        create += QStringLiteral(" CHARACTER SET %1 COLLATE %2")
                      .arg(SqlDialect::literal(like->characterSet), SqlDialect::literal(like->collation));
    }
    RETORT_CHECK(mysqlExec(server, create, QStringLiteral("cannot create database %1").arg(name)));
    *created = true;
    RETORT_TRY(const auto optionFile, mysqlOptionFile(request.target));
    RETORT_TRY(const QByteArray output, runTool(mysqlLoad(request.backup, *optionFile, name, request.backupPath)));
    Q_UNUSED(output);
    return Status::success();
}

Status dropIfCreated(const QSqlDatabase &server, const QString &name, bool created)
{
    if (!created)
        return Status::success();
    return mysqlExec(server, QStringLiteral("DROP DATABASE IF EXISTS %1").arg(mysqlQuoted(name)),
                     QStringLiteral("cannot drop database %1, which the restore created").arg(name));
}

Result<RestoreOutcome> restoreMysql(RestoreSteps &steps, const RestoreRequest &request, const BackupRecord &backup)
{
    const QString target = request.target.database();
    RETORT_CHECK(checkSingleDatabaseDump(request.backupPath));
    RETORT_TRY(const auto serverConnection, DatabaseConnection::open(request.target.withDatabase(QString())));
    const QSqlDatabase server = serverConnection->database();
    RETORT_CHECK(steps.applyTimeouts(server));
    RETORT_TRY(const std::optional<MysqlSchema> existing, mysqlSchema(server, target));
    RestoreOutcome outcome;
    ReplacedDatabase replaced;
    std::unique_ptr<DatabaseConnection> live;
    std::unique_ptr<RunLock> runLock;
    if (existing) {
        RETORT_TRY(live, DatabaseConnection::open(request.target));
        QSqlDatabase db = live->database();
        RETORT_TRY(runLock, steps.lock(db, target));
        RETORT_TRY(replaced, steps.readReplaced(db, request.target));
        RETORT_CHECK(steps.backUpReplaced());

        // Loaded and checked where nobody looks first: a dump that does not load changes nothing.
        // Named after the target, so that an account granted `shop%` databases may make it; 64 characters at most.
        QString scratch = target.left(34);
        if (!scratch.isEmpty() && scratch.back().isHighSurrogate())
            scratch.chop(1);
        scratch += QStringLiteral("_restore_check_") + nameStamp();
        steps.say(QStringLiteral("Loading the backup into the scratch database %1 to check it").arg(scratch));
        bool scratchCreated = false;
        Status checked = mysqlCreateAndLoad(server, request, scratch, existing, &scratchCreated);
        if (checked.ok()) {
            const auto scratchConnection = DatabaseConnection::open(request.target.withDatabase(scratch));
            if (!scratchConnection.ok())
                checked = scratchConnection.error();
            else if (const Result<QStringList> rows =
                         steps.checkVersions(scratchConnection.value()->database(), backup);
                     !rows.ok())
                checked = rows.error();
        }
        const Status dropped = dropIfCreated(server, scratch, scratchCreated);
        if (!checked.ok())
            return removedAfter(checked.error(), QStringLiteral("%1 was not touched").arg(target));
        RETORT_CHECK(dropped);

        steps.say(QStringLiteral("Dropping %1 and loading the backup into it again").arg(target));
        const QString recovery = steps.preRestoreBackup().isEmpty()
                                     ? QStringLiteral("no backup of what it held was taken")
                                     : QStringLiteral("what it held is in %1 (retort restore %1 --into %2)")
                                           .arg(QDir::toNativeSeparators(steps.preRestoreBackup()), target);
        const Status droppedTarget = mysqlExec(server, QStringLiteral("DROP DATABASE %1").arg(mysqlQuoted(target)),
                                               QStringLiteral("cannot drop %1").arg(target));
        if (!droppedTarget.ok()) {
            // DROP DATABASE is not atomic on MariaDB: some tables may be gone.
            Error error = droppedTarget.error();
            error.message += QStringLiteral("; some of its tables may be gone: %1").arg(recovery);
            return error;
        }
        bool created = false;
        const Status loaded = mysqlCreateAndLoad(server, request, target, existing, &created);
        if (!loaded.ok()) {
            Error error = loaded.error();
            error.message = QStringLiteral("%1 was dropped, and loading the backup into it again failed: %2; %3")
                                .arg(target, loaded.error().message, recovery);
            return error;
        }
    } else {
        steps.say(QStringLiteral("Creating %1 and loading the backup into it").arg(target));
        bool created = false;
        const Status loaded = mysqlCreateAndLoad(server, request, target, std::nullopt, &created);
        if (!loaded.ok()) {
            const Status dropped = dropIfCreated(server, target, created);
            return removedAfter(loaded.error(),
                                !created       ? QStringLiteral("nothing was created")
                                : dropped.ok() ? QStringLiteral("the database %1 it created was dropped").arg(target)
                                               : dropped.error().message);
        }
    }
    RETORT_TRY(const auto restoredConnection, DatabaseConnection::open(request.target));
    QSqlDatabase restored = restoredConnection->database();
    RETORT_TRY(outcome.revisions, steps.checkVersions(restored, backup));
    RETORT_CHECK(steps.settle(restored, replaced, backup, QString(), &outcome));
    return outcome;
}

// --- PostgreSQL: restored into a new database made like the target, then the names are switched.

QString sessionList(const QVector<PostgresSession> &sessions)
{
    QStringList lines;
    for (const PostgresSession &session : sessions)
        lines << QStringLiteral("  ") + session.toString();
    return lines.join(u'\n');
}

Result<RestoreOutcome> restorePostgres(RestoreSteps &steps, const RestoreRequest &request, const BackupRecord &backup)
{
    const QString target = request.target.database();
    RETORT_TRY(const auto serverConnection,
               DatabaseConnection::open(request.target.withDatabase(QStringLiteral("postgres"))));
    PostgresRestore server(serverConnection->database());
    // The statements below carry values read from the catalog as literals: quotes doubled, backslashes plain.
    QSqlQuery conforming(serverConnection->database());
    if (!conforming.exec(QStringLiteral("SET standard_conforming_strings = on"))) {
        return Error(
            ErrorCode::Database,
            QStringLiteral("cannot set standard_conforming_strings: %1").arg(databaseMessage(conforming.lastError())));
    }
    RETORT_CHECK(steps.applyTimeouts(serverConnection->database()));
    RETORT_TRY(const bool targetExists, server.exists(target));
    if (targetExists && !request.terminateSessions) {
        RETORT_TRY(const QVector<PostgresSession> sessions, server.otherSessions(target, 0));
        if (!sessions.isEmpty()) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("%1 other session(s) are connected to %2, and the restore replaces it as a "
                                        "whole; nothing was changed:\n%3\nEnd them and restore again, or pass "
                                        "--terminate-sessions to have Retort end them at the switch. To end them "
                                        "yourself, from the postgres database:\n  %4")
                             .arg(sessions.size())
                             .arg(target, sessionList(sessions), PostgresRestore::terminateCommand(target)));
        }
    }

    RestoreOutcome outcome;
    ReplacedDatabase replaced;
    std::unique_ptr<DatabaseConnection> live;
    std::unique_ptr<RunLock> runLock;
    PostgresDatabaseMaking making;
    int livePid = 0;
    const QString stamp = nameStamp();
    // Restored under a name of its own, even when the target does not exist yet: nobody uses it half made.
    const QString prepared = PostgresRestore::derivedName(target, QStringLiteral("_restored_") + stamp);
    const QString keptName = PostgresRestore::derivedName(target, QStringLiteral("_before_restore_") + stamp);
    if (targetExists) {
        RETORT_TRY(live, DatabaseConnection::open(request.target));
        QSqlDatabase db = live->database();
        QSqlQuery pid(db);
        if (pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next())
            livePid = pid.value(0).toInt();
        // Held to the switch: no run writes to the database whose history is carried over.
        RETORT_TRY(runLock, steps.lock(db, target));
        RETORT_TRY(replaced, steps.readReplaced(db, request.target));
        RETORT_TRY(making, server.readMaking(target));
        RETORT_CHECK(steps.backUpReplaced());
    }
    RETORT_CHECK(server.create(prepared, making));
    steps.say(targetExists ? QStringLiteral("Created %1 like %2 (%3)").arg(prepared, target, making.summary)
                           : QStringLiteral("Created %1").arg(prepared));

    // Whatever fails from here drops what was created; the target is untouched until the switch.
    const Status made = [&]() -> Status {
        const DatabaseUrl preparedUrl = request.target.withDatabase(prepared);
        ToolRun run = postgresTool(request.backup, QStringLiteral("pg_restore"), preparedUrl);
        run.arguments = {QStringLiteral("--exit-on-error"), QStringLiteral("--single-transaction"),
                         QStringLiteral("--dbname=") + libpqConnectionString(preparedUrl), request.backupPath};
        steps.say(QStringLiteral("Restoring the backup into %1").arg(prepared));
        RETORT_TRY(const QByteArray output, runTool(run));
        Q_UNUSED(output);
        {
            RETORT_TRY(const auto restoredConnection, DatabaseConnection::open(preparedUrl));
            QSqlDatabase restored = restoredConnection->database();
            RETORT_TRY(outcome.revisions, steps.checkVersions(restored, backup));
            RETORT_CHECK(steps.settle(restored, replaced, backup, targetExists ? keptName : QString(), &outcome));
        }
        return server.applySettings(prepared, making);
    }();
    if (!made.ok()) {
        const Status dropped = server.drop(prepared);
        return removedAfter(
            made.error(),
            dropped.ok()
                ? QStringLiteral("the database %1 it created was dropped%2")
                      .arg(prepared, targetExists ? QStringLiteral("; %1 was not touched").arg(target) : QString())
                : dropped.error().message);
    }
    if (!targetExists) {
        RETORT_CHECK(server.rename(prepared, target));
        return outcome;
    }

    // The switch. New sessions are refused first and the run lock is held until the other sessions are gone,
    // so no run can begin in between; then the names are switched in one transaction.
    RETORT_CHECK(server.allowConnections(target, false));
    const auto sessionsStay = [&](const QVector<PostgresSession> &sessions, const QString &why) {
        const Status reopened = server.allowConnections(target, true);
        Q_UNUSED(reopened);
        return Error(ErrorCode::Refused,
                     QStringLiteral("%1 is restored and checked, but %2, so the names were not switched%3\nTo switch "
                                    "them yourself, from the postgres database:\n  %4\nor drop what the restore made: "
                                    "DROP DATABASE %5;")
                         .arg(prepared, why,
                              sessions.isEmpty() ? QString() : QStringLiteral(":\n") + sessionList(sessions),
                              PostgresRestore::switchCommands(target, prepared, keptName).join(QStringLiteral("\n  ")),
                              PostgresRestore::quoted(prepared)));
    };
    if (request.terminateSessions) {
        RETORT_CHECK(server.terminateSessions(target, livePid));
    } else {
        RETORT_TRY(const QVector<PostgresSession> sessions, server.otherSessions(target, livePid));
        if (!sessions.isEmpty())
            return sessionsStay(
                sessions, QStringLiteral("%1 session(s) connected to %2 meanwhile").arg(sessions.size()).arg(target));
    }
    runLock.reset();
    live.reset();
    steps.say(QStringLiteral("Switching names: %1 becomes %2, %3 becomes %1").arg(target, keptName, prepared));
    const Status switched = server.switchNames(target, prepared, keptName);
    if (!switched.ok())
        return sessionsStay({}, switched.error().message);
    const Status reopened = server.allowConnections(keptName, true);
    if (!reopened.ok())
        steps.say(reopened.error().message);
    outcome.keptDatabase = keptName;
    return outcome;
}

} // namespace

Result<RestoreOutcome> DatabaseRestore::run(const RestoreRequest &request, const Progress &progress)
{
    const DatabaseUrl &target = request.target;
    const QString expected = request.expectedName.isEmpty() ? target.databaseLabel() : request.expectedName;
    if (request.confirmedName != expected) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("restore into '%1' was not confirmed (typed '%2'); nothing was changed")
                         .arg(expected, request.confirmedName));
    }
    const std::optional<BackupMethod> method = DatabaseBackup::methodForFile(request.backupPath);
    if (!method || !DatabaseBackup::fits(*method, target.dialect())) {
        return Error(ErrorCode::Config,
                     QStringLiteral("%1 is a %2 backup and cannot be restored into %3")
                         .arg(request.backupPath, method ? backupMethodName(*method) : QStringLiteral("unknown"),
                              target.toDisplayString()),
                     request.backupPath);
    }
    if (target.isMemory())
        return Error(ErrorCode::Config, QStringLiteral("an in-memory SQLite database cannot be restored into"));
    RestoreSteps steps(request, progress);
    RETORT_TRY(const QString verification, DatabaseBackup::verify(request.backupPath, *method, request.backup));
    BackupRecord backup = DatabaseBackup::describe(request.backupPath);
    const QString checksum = sha256Of(request.backupPath);
    if (!backup.sha256.isEmpty() && backup.sha256 != checksum) {
        return backupError(QStringLiteral("%1 changed since it was taken: its SHA-256 is %2, its note says %3; nothing "
                                          "was changed")
                               .arg(request.backupPath, checksum, backup.sha256),
                           request.backupPath);
    }
    backup.sha256 = checksum;
    steps.say(QStringLiteral("Verified the backup to restore: %1").arg(verification));
    switch (target.dialect()) {
    case Dialect::SQLite:
        return restoreSqlite(steps, request, backup);
    case Dialect::PostgreSQL:
        return restorePostgres(steps, request, backup);
    case Dialect::MySQL:
        break;
    }
    return restoreMysql(steps, request, backup);
}

} // namespace retort
