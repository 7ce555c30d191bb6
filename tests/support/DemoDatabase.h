// SPDX-License-Identifier: GPL-3.0-or-later
// A real project for tests that run migrations (the window's and the command line's alike): a temporary copy
// of migrations/demo with its SQLite database created from init.sql and stamped, as scripts/demo does, and
// ways to look at and move that database from outside. Qt Core and Sql with retort_core; no widgets.
#pragma once

#include "core/runtime/MigrationRunner.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"
#include "core/script/StatementSplitter.h"
#include "tests/support/TestFiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace retort::testing {

inline constexpr int RunTimeout = 20000;
inline const QString Baseline = QStringLiteral("ae98aa32e0d2");
inline const QString DemoHead = QStringLiteral("b1f6a8d2c453");
inline const QString AfterBaseline = QStringLiteral("3f1c2a9b7d10"); // the revision after the baseline

// A copy of migrations/demo in `dir` with a fresh dev.db made from init.sql and stamped at
// `stampAt`, as scripts/demo does. Returns the retort.ini path, or "" after a QFAIL-worthy problem
// (described in *problem).
inline QString makeDemoProject(const QTemporaryDir &dir, const QString &stampAt, QString *problem)
{
    const QDir source(QStringLiteral(RETORT_SOURCE_DIR "/migrations/demo"));
    QDir target(dir.path());
    target.mkpath(QStringLiteral("versions"));
    for (const QString &name : {QStringLiteral("retort.ini"), QStringLiteral("init.sql")})
        QFile::copy(source.filePath(name), target.filePath(name));
    QDirIterator versions(source.filePath(QStringLiteral("versions")), {QStringLiteral("*.sql")}, QDir::Files);
    while (versions.hasNext()) {
        versions.next();
        QFile::copy(versions.filePath(), target.filePath(QStringLiteral("versions/") + versions.fileName()));
    }

    const auto statements = retort::StatementSplitter::split(readFile(target.filePath(QStringLiteral("init.sql"))));
    if (!statements.ok()) {
        *problem = statements.error().message;
        return {};
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("setup"));
        db.setDatabaseName(target.filePath(QStringLiteral("dev.db")));
        if (!db.open()) {
            *problem = db.lastError().text();
            return {};
        }
        for (const retort::SqlStatement &statement : statements.value()) {
            QSqlQuery query(db);
            if (!query.exec(statement.text)) {
                *problem = query.lastError().text();
                return {};
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("setup"));

    const QString ini = target.filePath(QStringLiteral("retort.ini"));
    auto config = retort::ProjectConfig::load(ini);
    if (!config.ok()) {
        *problem = config.error().message;
        return {};
    }
    auto scripts = retort::ScriptDirectory::load(config.value());
    auto database = config->resolveTarget(QString(), QStringLiteral("development"));
    if (!scripts.ok() || !database.ok()) {
        *problem = scripts.ok() ? database.error().message : scripts.error().message;
        return {};
    }
    retort::MigrationRunner runner(scripts.value(),
                                   retort::RunSettings::fromConfig(config.value(), QStringLiteral("development")));
    retort::RunRequest stamp;
    stamp.command = retort::RunRequest::Command::Stamp;
    stamp.targets = {stampAt};
    const auto stamped = runner.run(database->url, stamp);
    if (!stamped.ok()) {
        *problem = stamped.error().message;
        return {};
    }
    return ini;
}

// In a test function: a QTemporaryDir `dir` holding the demo project stamped at `stampAt`, and `ini`, its
// retort.ini; the test stops when the project cannot be made.
#define DEMO_PROJECT(dir, ini, stampAt)                                                                                \
    QTemporaryDir dir;                                                                                                 \
    QString dir##Problem;                                                                                              \
    const QString ini = retort::testing::makeDemoProject(dir, stampAt, &dir##Problem);                                 \
    QVERIFY2(!ini.isEmpty(), qPrintable(dir##Problem))

// Runs `sql` on the demo's dev.db through a connection of the test's own; the error, or empty.
inline QString execOnDemo(const QTemporaryDir &dir, const QString &sql)
{
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("demo-exec"));
        db.setDatabaseName(dir.filePath(QStringLiteral("dev.db")));
        QSqlQuery query(db);
        if (!db.open() || !query.exec(sql))
            error = db.lastError().text() + query.lastError().text();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("demo-exec"));
    return error;
}

// The rows of the demo's dev.db, read through a connection of the test's own.
inline QStringList versionRows(const QTemporaryDir &dir)
{
    QStringList rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        db.setDatabaseName(dir.filePath(QStringLiteral("dev.db")));
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT version_num FROM alembic_version"), db);
            while (query.next())
                rows << query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inspect"));
    rows.sort();
    return rows;
}

// Another program moves the database: the CLI's engine, through a connection of its own.
inline QString upgradeFromOutside(const QString &ini, const QString &target)
{
    auto config = retort::ProjectConfig::load(ini, {});
    if (!config.ok())
        return config.error().message;
    auto scripts = retort::ScriptDirectory::load(config.value());
    if (!scripts.ok())
        return scripts.error().message;
    auto resolved = config->resolveTarget(QString(), QStringLiteral("development"), {});
    if (!resolved.ok())
        return resolved.error().message;
    retort::MigrationRunner runner(scripts.value(),
                                   retort::RunSettings::fromConfig(config.value(), QStringLiteral("development")));
    retort::RunRequest request;
    request.targets = {target};
    const auto result = runner.run(resolved->url, request);
    return result.ok() ? QString() : result.error().message;
}

} // namespace retort::testing
