// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RunWorker.h"

#include "DemoProject.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/VersionTable.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace retort;
using namespace retort::testing;
using retort::ui::RunWorker;

namespace {

struct Project
{
    std::optional<ProjectConfig> config;
    std::optional<ScriptDirectory> scripts;
    DatabaseUrl url;
};

Project loadProject(const QString &ini)
{
    Project project;
    project.config = ProjectConfig::load(ini).value();
    project.scripts = ScriptDirectory::load(*project.config).value();
    project.url = project.config->resolveTarget(QString(), QStringLiteral("development")).value().url;
    return project;
}

Result<QStringList> readVersionRows(const DatabaseUrl &url)
{
    RETORT_TRY(const auto connection, DatabaseConnection::open(url, DatabaseConnection::Mode::ReadOnly));
    return VersionTable().readRows(connection->database());
}

RunWorker *makeWorker(const Project &project, const QString &target)
{
    RunRequest request;
    request.command = RunRequest::Command::Upgrade;
    request.targets = {target};
    return new RunWorker(*project.scripts, RunSettings::fromConfig(*project.config, QStringLiteral("development")),
                         project.url, request);
}

} // namespace

class TestRunWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsOnItsOwnThreadAndFinishes()
    {
        QTemporaryDir dir;
        QString problem;
        const QString ini = makeDemoProject(dir, QStringLiteral("ae98aa32e0d2"), &problem);
        QVERIFY2(!ini.isEmpty(), qPrintable(problem));
        const Project project = loadProject(ini);

        QPointer<RunWorker> worker = makeWorker(project, QStringLiteral("head"));
        QSignalSpy started(worker.data(), &RunWorker::stepStarted);
        QSignalSpy finishedSteps(worker.data(), &RunWorker::stepFinished);
        QSignalSpy finished(worker.data(), &RunWorker::finished);
        QSignalSpy failed(worker.data(), &RunWorker::failed);
        QSignalSpy cancelled(worker.data(), &RunWorker::cancelled);
        QThread *emittingThread = nullptr;
        connect(
            worker.data(), &RunWorker::stepStarted, this,
            [&emittingThread] { emittingThread = QThread::currentThread(); }, Qt::DirectConnection);
        worker->start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size() + cancelled.size(), 1, RunTimeout);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(1).toStringList(), QStringList{QStringLiteral("b1f6a8d2c453")});
        QCOMPARE(finished.first().at(2).toInt(), 7);
        QCOMPARE(started.size(), 7);
        QCOMPARE(finishedSteps.size(), 7);
        QVERIFY(emittingThread && emittingThread != QThread::currentThread());
        // It cleans up after itself once its thread has ended.
        QTRY_VERIFY_WITH_TIMEOUT(worker.isNull(), RunTimeout);
    }

    void cancelBeforeStartEndsCancelled()
    {
        QTemporaryDir dir;
        QString problem;
        const QString ini = makeDemoProject(dir, QStringLiteral("ae98aa32e0d2"), &problem);
        QVERIFY2(!ini.isEmpty(), qPrintable(problem));
        const Project project = loadProject(ini);

        QPointer<RunWorker> worker = makeWorker(project, QStringLiteral("head"));
        QSignalSpy finished(worker.data(), &RunWorker::finished);
        QSignalSpy failed(worker.data(), &RunWorker::failed);
        QSignalSpy cancelled(worker.data(), &RunWorker::cancelled);
        QSignalSpy started(worker.data(), &RunWorker::stepStarted);
        worker->cancel();
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(worker.isNull(), RunTimeout);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(finished.size() + failed.size(), 0);
        QCOMPARE(started.size(), 0);
    }

    // Cancel arrives while a run goes: it stops before the next statement,
    // ends with `cancelled` only, and the version table holds what committed.
    void cancelMidRunRollsBack()
    {
        QTemporaryDir dir;
        QString problem;
        const QString ini = makeDemoProject(dir, QStringLiteral("b1f6a8d2c453"), &problem);
        QVERIFY2(!ini.isEmpty(), qPrintable(problem));
        const QString versions = QDir(dir.path()).filePath(QStringLiteral("versions/"));
        QVERIFY(writeFile(versions + QStringLiteral("c0ffee000001_first.sql"),
                          QStringLiteral("-- first\n--\n-- Revision ID: c0ffee000001\n-- Revises: b1f6a8d2c453\n\n"
                                         "-- migrate:upgrade\nCREATE TABLE first_t (id INTEGER);\n\n"
                                         "-- migrate:downgrade\nDROP TABLE first_t;\n")));
        QVERIFY(writeFile(versions + QStringLiteral("c0ffee000002_second.sql"),
                          QStringLiteral("-- second\n--\n-- Revision ID: c0ffee000002\n-- Revises: c0ffee000001\n\n"
                                         "-- migrate:upgrade\nCREATE TABLE second_t (id INTEGER);\n\n"
                                         "-- migrate:downgrade\nDROP TABLE second_t;\n")));
        const Project project = loadProject(ini);
        QPointer<RunWorker> worker = makeWorker(project, QStringLiteral("head"));
        QSignalSpy finished(worker.data(), &RunWorker::finished);
        QSignalSpy failed(worker.data(), &RunWorker::failed);
        QSignalSpy cancelled(worker.data(), &RunWorker::cancelled);
        RunWorker *raw = worker.data();
        connect(
            raw, &RunWorker::stepStarted, this,
            [raw](int number) {
                if (number == 2)
                    raw->cancel(); // from the worker's own thread, as a click would arrive mid-step
            },
            Qt::DirectConnection);
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(worker.isNull(), RunTimeout);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(finished.size() + failed.size(), 0);
        // One transaction for the run: the first revision is rolled back with the second.
        const auto rows = readVersionRows(project.url);
        QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
        QCOMPARE(rows.value(), QStringList{QStringLiteral("b1f6a8d2c453")});
    }

    void failureCarriesFileAndLine()
    {
        QTemporaryDir dir;
        QString problem;
        const QString ini = makeDemoProject(dir, QStringLiteral("b1f6a8d2c453"), &problem);
        QVERIFY2(!ini.isEmpty(), qPrintable(problem));
        const QString broken = QDir(dir.path()).filePath(QStringLiteral("versions/0badc0ffee02_broken.sql"));
        QVERIFY(writeFile(broken, QStringLiteral("-- broken\n--\n-- Revision ID: 0badc0ffee02\n"
                                                 "-- Revises: b1f6a8d2c453\n\n-- migrate:upgrade\n"
                                                 "SELECT * FROM missing_table;\n\n-- migrate:downgrade\n")));
        const Project project = loadProject(ini);
        QPointer<RunWorker> worker = makeWorker(project, QStringLiteral("head"));
        QSignalSpy failed(worker.data(), &RunWorker::failed);
        QSignalSpy finished(worker.data(), &RunWorker::finished);
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(worker.isNull(), RunTimeout);
        QCOMPARE(finished.size(), 0);
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("missing_table")));
        QCOMPARE(failed.first().at(1).toString(), broken);
        QCOMPARE(failed.first().at(2).toInt(), 7);
    }
};

QTEST_GUILESS_MAIN(TestRunWorker)
#include "tst_runworker.moc"
