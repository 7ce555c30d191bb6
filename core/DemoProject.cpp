// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DemoProject.h"

#include "core/DataFiles.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/script/StatementSplitter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QStandardPaths>

namespace retort::DemoProject {

namespace {

const QString kProjectFile = QStringLiteral("retort.ini");
const QString kDatabaseFile = QStringLiteral("dev.db");

QString native(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// What a copy takes: the project file, the schema files and the revisions; never a database, a backup or the
// walks of the shipped folder (a source tree's demo may hold all three after scripts/demo ran).
Status copyProjectFiles(const QString &from, const QString &to)
{
    const QStringList folders{QString(), QStringLiteral("versions")};
    for (const QString &folder : folders) {
        const QDir source(folder.isEmpty() ? from : from + QLatin1Char('/') + folder);
        const QString destination = folder.isEmpty() ? to : to + QLatin1Char('/') + folder;
        if (!QDir().mkpath(destination))
            return Error(ErrorCode::Io, QStringLiteral("cannot create %1").arg(native(destination)), destination);
        const QStringList patterns = folder.isEmpty() ? QStringList{kProjectFile, QStringLiteral("init*.sql")}
                                                      : QStringList{QStringLiteral("*.sql")};
        for (const QString &name : source.entryList(patterns, QDir::Files, QDir::Name)) {
            const QString target = destination + QLatin1Char('/') + name;
            if (!QFile::copy(source.filePath(name), target)) {
                return Error(ErrorCode::Io,
                             QStringLiteral("cannot copy %1 to %2").arg(native(source.filePath(name)), native(target)),
                             target);
            }
            // Copies of read-only package files stay read-only otherwise; the copy is the person's to edit.
            QFile::setPermissions(target, QFile::permissions(target) | QFileDevice::WriteOwner);
        }
    }
    return Status::success();
}

// Errors name the shipped init.sql, not the copy being made (which is removed again).
Status createDatabase(const QString &schemaPath, const QString &projectDir)
{
    QFile schema(schemaPath);
    if (!schema.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(native(schemaPath), schema.errorString()),
                     schemaPath);
    RETORT_TRY(const SqlStatementList statements,
               StatementSplitter::split(QString::fromUtf8(schema.readAll()), 1, schemaPath));
    RETORT_TRY(const DatabaseUrl url, DatabaseUrl::parse(QStringLiteral("sqlite:///") + kDatabaseFile, projectDir));
    RETORT_TRY(const std::unique_ptr<DatabaseConnection> connection, DatabaseConnection::open(url));
    QSqlDatabase database = connection->database();
    database.transaction();
    for (const SqlStatement &statement : statements) {
        QSqlQuery query(database);
        if (!query.exec(statement.text)) {
            database.rollback();
            return Error(ErrorCode::Database,
                         QStringLiteral("%1:%2: %3")
                             .arg(native(schemaPath))
                             .arg(statement.line)
                             .arg(databaseMessage(query.lastError())),
                         SourceLocation{schemaPath, statement.line});
        }
    }
    if (!database.commit())
        return Error(
            ErrorCode::Database,
            QStringLiteral("cannot write %1: %2").arg(native(url.database()), databaseMessage(database.lastError())),
            url.database());
    return Status::success();
}

} // namespace

QString shippedDirectory()
{
    return dataFile(QStringLiteral("demo"), QStringLiteral("migrations/demo"));
}

QString userDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/retort/demo");
}

Result<QString> prepare(const QString &shipped, const QString &target)
{
    const QString projectFile = target + QLatin1Char('/') + kProjectFile;
    if (QFileInfo::exists(projectFile))
        return projectFile;
    if (!QFileInfo::exists(shipped + QLatin1Char('/') + kProjectFile)) {
        return Error(
            ErrorCode::Io,
            QStringLiteral("the demo project is missing (%1 has no retort.ini): reinstall Retort").arg(native(shipped)),
            shipped);
    }
    if (QFileInfo::exists(target) && !QDir(target).isEmpty()) {
        return Error(
            ErrorCode::Io,
            QStringLiteral("%1 exists but holds no retort.ini; move it aside to get a fresh demo").arg(native(target)),
            target);
    }
    // Built beside the target and renamed into place: a copy cut short leaves no half demo to open next time.
    const QString staging = target + QStringLiteral(".partial");
    QDir(staging).removeRecursively();
    Status copied = copyProjectFiles(shipped, staging);
    if (copied)
        copied = createDatabase(shipped + QStringLiteral("/init.sql"), staging);
    if (!copied) {
        QDir(staging).removeRecursively();
        return copied.error();
    }
    QDir().rmdir(target); // an empty folder left by someone; rename needs the name free
    if (!QDir().rename(staging, target)) {
        QDir(staging).removeRecursively();
        return Error(ErrorCode::Io, QStringLiteral("cannot move %1 to %2").arg(native(staging), native(target)),
                     target);
    }
    return projectFile;
}

} // namespace retort::DemoProject
