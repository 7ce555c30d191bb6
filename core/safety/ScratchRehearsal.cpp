// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/ScratchRehearsal.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/MigrationRunner.h"
#include "core/runtime/ProductionMark.h"
#include "core/runtime/SqlDialect.h"
#include "core/safety/DatabaseRestore.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

namespace retort {

namespace {

// A scratch database's name on the same server: recognisably Retort's, never one a person chose.
QString scratchName(const DatabaseUrl &url)
{
    return QStringLiteral("retort_rehearsal_%1_%2")
        .arg(url.database().left(20), QUuid::createUuid().toString(QUuid::Id128).left(8));
}

// Drops the scratch database (servers) from a connection to the real one, which is never the scratch.
void dropScratch(const DatabaseUrl &real, const DatabaseUrl &scratch, const ScratchRehearsal::Progress &progress)
{
    if (scratch.dialect() == Dialect::SQLite)
        return; // its temporary folder goes with it
    auto connection = DatabaseConnection::open(real);
    QString problem;
    if (connection.ok()) {
        QSqlQuery query(connection.value()->database());
        if (!query.exec(QStringLiteral("DROP DATABASE IF EXISTS \"%1\"").arg(scratch.database())))
            problem = databaseMessage(query.lastError());
    } else {
        problem = connection.error().message;
    }
    if (!problem.isEmpty() && progress)
        progress(QStringLiteral("warning: the scratch database %1 could not be dropped (%2); drop it by hand")
                     .arg(scratch.database(), problem));
}

} // namespace

Result<RunResult> ScratchRehearsal::run(const ScriptDirectory &scripts, const ScratchRehearsalRequest &request,
                                        const Progress &progress)
{
    const DatabaseUrl &url = request.url;
    if (url.dialect() == Dialect::MySQL) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("a rehearsal on a scratch copy is made for SQLite and PostgreSQL; on MySQL/MariaDB "
                                    "rehearse on a staging database restored from the backup"));
    }
    if (url.isMemory())
        return Error(ErrorCode::Refused, QStringLiteral("an in-memory database has no backup to rehearse on"));
    QTemporaryDir folder(QDir::tempPath() + QStringLiteral("/retort-rehearsal-XXXXXX"));
    if (!folder.isValid())
        return Error(ErrorCode::Io, QStringLiteral("cannot make a temporary folder: ") + folder.errorString());

    QString backupPath = request.backupPath;
    if (backupPath.isEmpty()) {
        BackupSettings settings = request.backup;
        settings.directory = folder.path();
        settings.label = QStringLiteral("rehearsal");
        if (progress)
            progress(QStringLiteral("Taking a backup to rehearse on (it is removed afterwards)."));
        RETORT_TRY(const BackupRecord backup, DatabaseBackup::take(url, settings));
        backupPath = backup.path;
    }

    const DatabaseUrl scratch = url.dialect() == Dialect::SQLite
                                    ? url.withDatabase(folder.filePath(QStringLiteral("scratch.db")))
                                    : url.withDatabase(scratchName(url));
    RestoreRequest restore;
    restore.backupPath = backupPath;
    restore.target = scratch;
    restore.expectedName = scratch.databaseLabel();
    restore.confirmedName = restore.expectedName; // a database Retort makes for itself
    restore.backup = request.backup;
    restore.historyTable = request.settings.historyTable;
    restore.environmentName = QStringLiteral("rehearsal");
    restore.lockTimeoutSeconds = request.settings.lockTimeoutSeconds;
    if (progress)
        progress(QStringLiteral("Restoring %1 into the scratch database %2.")
                     .arg(QDir::toNativeSeparators(backupPath), scratch.toDisplayString()));
    const Result<RestoreOutcome> restored = DatabaseRestore::run(restore, progress);
    if (!restored.ok()) {
        dropScratch(url, scratch, progress);
        return Error(restored.error().code,
                     QStringLiteral("the rehearsal could not make its scratch copy: ") + restored.error().message);
    }

    // The copy carries the real database's production mark; on a scratch copy nobody else uses, it only stands
    // in the way of the rehearsal. The real database keeps its own.
    {
        auto connection = DatabaseConnection::open(scratch);
        if (!connection.ok()) {
            dropScratch(url, scratch, progress);
            return connection.error();
        }
        const auto dialect = SqlDialect::create(scratch.dialect());
        QSqlDatabase db = connection.value()->database();
        const Status unmarked = ProductionMark::remove(db, *dialect, request.settings.versionTableSchema);
        if (!unmarked.ok()) {
            dropScratch(url, scratch, progress);
            return unmarked.error();
        }
    }

    RunSettings settings = request.settings;
    settings.production = false;
    settings.environmentName = QStringLiteral("rehearsal");
    MigrationRunner runner(scripts, settings);
    QObject::connect(&runner, &MigrationRunner::messageLogged, [&progress](const QString &message) {
        if (progress)
            progress(message);
    });
    QObject::connect(&runner, &MigrationRunner::stepFinished,
                     [&progress](int number, int count, const QString &description, qint64 milliseconds) {
                         if (progress)
                             progress(QStringLiteral("[%1/%2] %3 ... done in %4 ms on the scratch copy")
                                          .arg(number)
                                          .arg(count)
                                          .arg(description)
                                          .arg(milliseconds));
                     });
    RunRequest onScratch = request.request;
    onScratch.rehearsal = false;
    onScratch.clearance.reset();
    onScratch.note = QStringLiteral("rehearsal on a scratch copy");
    Result<RunResult> result = runner.run(scratch, onScratch);
    dropScratch(url, scratch, progress);
    if (!result.ok()) {
        // A refusal is told as the rehearsal's; a failure gets "rehearsal failed: " from whoever prints it.
        const bool refused = result.error().code == ErrorCode::Refused;
        Error error = result.error();
        error.message = QStringLiteral("%1on the scratch copy restored from %2: %3")
                            .arg(refused ? QStringLiteral("rehearsal ") : QString(),
                                 QDir::toNativeSeparators(backupPath), error.message);
        return error;
    }
    result->scratchCopy = QStringLiteral("%1, restored from %2")
                              .arg(url.dialect() == Dialect::SQLite ? QStringLiteral("a temporary SQLite file")
                                                                    : QStringLiteral("database ") + scratch.database(),
                                   request.backupPath.isEmpty()
                                       ? QStringLiteral("a backup taken for the rehearsal and removed afterwards")
                                       : QDir::toNativeSeparators(backupPath));
    return result;
}

} // namespace retort
