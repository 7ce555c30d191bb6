// SPDX-License-Identifier: GPL-3.0-or-later
// A small project run through the real CLI: three revisions (a table, another table, a row) on an empty
// database of one backend, its URL passed in the environment (never in retort.ini, as a password should).
#pragma once

#include "core/runtime/DatabaseConnection.h"
#include "core/script/DatabaseUrl.h"
#include "tests/runtime/TestDatabases.h"
#include "tests/support/RetortCli.h"
#include "tests/support/TestFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

namespace retort::testing {

inline const QString kStepA = QStringLiteral("a1a1a1a1a1a1");
inline const QString kStepB = QStringLiteral("b2b2b2b2b2b2");
inline const QString kStepC = QStringLiteral("c3c3c3c3c3c3");

struct StepsProject
{
    QTemporaryDir dir;
    QString root;
    QString url;
    QProcessEnvironment environment = cliEnvironment();

    QString file(const QString &id) const { return root + QStringLiteral("/migrations/versions/%1_step.sql").arg(id); }
    CliRun retort(const QStringList &arguments) const { return runRetort(root, arguments, environment); }
    bool writeRevision(const QString &id, const QString &revises, const QString &upgrade,
                       const QString &header = QString()) const
    {
        return writeFile(file(id), QStringLiteral("-- step\n--\n-- Revision ID: %1\n-- Revises: %2\n"
                                                  "-- Create Date: 2026-12-03 10:00:00.000000\n%4"
                                                  "\n-- migrate:upgrade\n%3-- migrate:downgrade\nSELECT 1;\n")
                                       .arg(id, revises, upgrade, header));
    }
};

// Makes `project` for `backend` (`urls`: the servers', from checkCliAndServers), the server database
// emptied first. Fails the running test on error.
inline void prepareStepsProject(StepsProject &project, const QString &backend, const QHash<QString, QString> &urls)
{
    QVERIFY(project.dir.isValid());
    project.root = QFileInfo(project.dir.path()).canonicalFilePath();
    QVERIFY(QDir().mkpath(project.root + QStringLiteral("/migrations/versions")));
    project.url = backend == kSqlite ? QStringLiteral("sqlite:///") + project.root + QStringLiteral("/shop.db")
                                     : urls.value(backend == kPostgres ? QStringLiteral("RETORT_TEST_POSTGRESQL_URL")
                                                                       : QStringLiteral("RETORT_TEST_MARIADB_URL"));
    if (backend != kSqlite) {
        auto parsed = DatabaseUrl::parse(project.url);
        QVERIFY2(parsed.ok(), errorOf(parsed).constData());
        auto connection = DatabaseConnection::open(parsed.value());
        QVERIFY2(connection.ok(), errorOf(connection).constData());
        QCOMPARE(emptyServerDatabase(connection.value()->database(), backend == kPostgres), QString());
    }
    QVERIFY(project.writeRevision(
        kStepA, QString(), QStringLiteral("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL);\n")));
    QVERIFY(project.writeRevision(
        kStepB, kStepA, QStringLiteral("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what VARCHAR(40));\n")));
    QVERIFY(project.writeRevision(kStepC, kStepB, QStringLiteral("INSERT INTO orders (id, total) VALUES (1, 10);\n")));
    QVERIFY(writeFile(project.root + QStringLiteral("/retort.ini"),
                      QStringLiteral("[retort]\nscript_location = migrations\ndefault_env = dev\n\n"
                                     "[env.dev]\nurl = ${STEPS_TEST_URL}\n")));
    project.environment.insert(QStringLiteral("STEPS_TEST_URL"), project.url);
}

// Rewrites the first `from` in `path` as `to`, in place (same inode).
inline bool rewriteInPlace(const QString &path, const QByteArray &from, const QByteArray &to)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    QByteArray bytes = file.readAll();
    const qsizetype at = bytes.indexOf(from);
    if (at < 0)
        return false;
    bytes.replace(at, from.size(), to);
    return file.resize(0) && file.seek(0) && file.write(bytes) == bytes.size();
}

} // namespace retort::testing
