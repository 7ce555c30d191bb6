// SPDX-License-Identifier: GPL-3.0-or-later
// Retort on Alembic (Python) projects as they are (issue #17): the real binary, run on a copy of each project of
// tests/data/alembic with `-c <copy>/alembic.ini`, prints what Alembic printed for the same command (recorded by
// tests/data/alembic/record.sh; no Python is needed here). A stamp leaves the alembic_version rows Alembic's
// stamp left. A project whose header field is computed is refused, naming the file and the line.
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/AlembicProjects.h"
#include "tests/support/RetortCli.h"
#include "tests/support/TestFiles.h"

using namespace retort::testing;

namespace {

struct ProjectCopy
{
    QTemporaryDir dir;
    QString root; // the copy, as the child process sees it (symlinks resolved)
};

bool copyProject(const AlembicProject &project, ProjectCopy *copy)
{
    const QString target = copy->dir.path() + QLatin1Char('/') + project.name;
    if (!copy->dir.isValid() || !copyTree(project.path, target))
        return false;
    copy->root = QFileInfo(target).canonicalFilePath();
    return true;
}

QString databaseUrl(const QString &root)
{
    return QStringLiteral("sqlite:///") + root + QStringLiteral("/alembic.db");
}

// Retort with the project's ini (and the database for a `db` line), then the command's own arguments.
CliRun runCommand(const AlembicProject &project, const QString &root, const AlembicCommand &command)
{
    QStringList arguments{QStringLiteral("-c"), root + QLatin1Char('/') + project.ini};
    if (command.needsDatabase())
        arguments << QStringLiteral("--url") << databaseUrl(root);
    return runRetort(root, arguments + command.arguments);
}

QString alembicVersionRows(const QString &databasePath)
{
    QStringList rows;
    const QString connection = QStringLiteral("tst_alembicprojects");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT version_num FROM alembic_version"), db);
            while (query.next())
                rows << query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    rows.sort();
    return rows.isEmpty() ? QString() : rows.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace

class TestAlembicProjects : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordedOutput_data();
    void recordedOutput();
    void computedFieldRefused_data();
    void computedFieldRefused();
};

void TestAlembicProjects::recordedOutput_data()
{
    QTest::addColumn<QString>("projectName");
    QTest::addColumn<int>("commandIndex");
    for (const AlembicProject &project : alembicProjects()) {
        for (int i = 0; i < project.commands.size(); ++i) {
            const AlembicCommand &command = project.commands.at(i);
            QTest::addRow("%s/%s", qPrintable(project.name), qPrintable(command.name)) << project.name << i;
        }
    }
}

void TestAlembicProjects::recordedOutput()
{
    QFETCH(QString, projectName);
    QFETCH(int, commandIndex);
    const AlembicProject project = readAlembicProject(projectName);
    const AlembicCommand &command = project.commands.at(commandIndex);
    ProjectCopy copy;
    QVERIFY(copyProject(project, &copy));

    // The database lines before this one, in order, bring the database where Alembic's was.
    if (command.needsDatabase()) {
        for (int i = 0; i < commandIndex; ++i) {
            const AlembicCommand &before = project.commands.at(i);
            if (!before.needsDatabase())
                continue;
            const CliRun run = runCommand(project, copy.root, before);
            QVERIFY2(run.exitCode == 0, qPrintable(before.arguments.join(u' ') + QStringLiteral(": ") + run.err));
        }
    }

    const CliRun run = runCommand(project, copy.root, command);
    QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit %1\n").arg(run.exitCode) + run.err));
    const QString expected = readFile(project.expectedFile(command)).replace(QStringLiteral("{ROOT}"), copy.root);
    const QString difference = firstDifference(comparableOutput(expected, command), comparableOutput(run.out, command));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    if (command.stamps()) {
        QCOMPARE(alembicVersionRows(copy.root + QStringLiteral("/alembic.db")),
                 readFile(project.expectedFile(command, QStringLiteral(".alembic_version.txt"))));
    }
}

void TestAlembicProjects::computedFieldRefused_data()
{
    QTest::addColumn<QString>("projectName");
    QTest::addColumn<QStringList>("arguments");
    for (const AlembicProject &project : alembicProjects()) {
        if (project.refusedFile.isEmpty())
            continue;
        for (const char *command : {"heads", "history", "current"}) {
            QTest::addRow("%s/%s", qPrintable(project.name), command)
                << project.name << QStringList{QString::fromLatin1(command)};
        }
    }
}

// Alembic would run the file to learn the field; Retort reads it without Python and says where it cannot.
void TestAlembicProjects::computedFieldRefused()
{
    QFETCH(QString, projectName);
    QFETCH(QStringList, arguments);
    const AlembicProject project = readAlembicProject(projectName);
    ProjectCopy copy;
    QVERIFY(copyProject(project, &copy));

    const CliRun run = runCommand(project, copy.root, {QStringLiteral("db"), QString(), arguments});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QString());
    const QString place =
        QStringLiteral("%1:%2").arg(QFileInfo(project.refusedFile).fileName()).arg(project.refusedLine);
    QVERIFY2(run.err.contains(place), qPrintable(QStringLiteral("no %1 in:\n").arg(place) + run.err));
    QVERIFY2(run.err.contains(QLatin1String("depends_on")), qPrintable(run.err));
    QVERIFY2(!QFileInfo::exists(copy.root + QStringLiteral("/alembic.db")) ||
                 alembicVersionRows(copy.root + QStringLiteral("/alembic.db")).isEmpty(),
             "a refused project leaves the database alone");
}

QTEST_GUILESS_MAIN(TestAlembicProjects)
#include "tst_alembicprojects.moc"
