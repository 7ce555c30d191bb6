// SPDX-License-Identifier: GPL-3.0-or-later
// The recordings tst_alembicprojects compares Retort with are still what Alembic prints: the system's Alembic
// (/usr/bin/python3 -m alembic, or ALEMBIC_PYTHON's) is run on two projects of tests/data/alembic, every line
// of their `commands`. Linear projects with one label each, so Alembic's unsorted listing before 1.10 and its
// sets give one output. Skipped without Alembic (label `alembic`).
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/AlembicProjects.h"
#include "tests/support/RetortCli.h"
#include "tests/support/TestFiles.h"

using namespace retort::testing;

namespace {

CliRun runPython(const QString &workingDirectory, const QStringList &arguments,
                 const QProcessEnvironment &environment = cliEnvironment())
{
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(alembicPython(), arguments);
    return finish(process);
}

} // namespace

class TestAlembicRecordings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stillRecorded_data();
    void stillRecorded();
};

void TestAlembicRecordings::initTestCase()
{
    if (!pythonImports(QStringLiteral("alembic")))
        QSKIP("no Alembic for this interpreter: Alembic recordings check skipped");
}

void TestAlembicRecordings::stillRecorded_data()
{
    QTest::addColumn<QString>("projectName");
    for (const char *name : {"b-typed", "e-docstrings"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestAlembicRecordings::stillRecorded()
{
    QFETCH(QString, projectName);
    const AlembicProject project = readAlembicProject(projectName);
    QTemporaryDir dir;
    const QString copy = dir.path() + QLatin1Char('/') + project.name;
    QVERIFY(copyTree(project.path, copy));
    const QString root = QFileInfo(copy).canonicalFilePath();

    QProcessEnvironment environment = cliEnvironment();
    environment.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    QProcessEnvironment withDatabase = environment;
    withDatabase.insert(QStringLiteral("DATABASE_URL"),
                        QStringLiteral("sqlite:///") + root + QStringLiteral("/alembic.db"));
    for (const AlembicCommand &command : project.commands) {
        QVERIFY2(!command.kind.startsWith(QLatin1String("hand")), "a hand-written file is no recording");
        const CliRun run =
            runPython(root,
                      QStringList{QStringLiteral("-m"), QStringLiteral("alembic"), QStringLiteral("-c"), project.ini} +
                          command.arguments,
                      command.needsDatabase() ? withDatabase : environment);
        QVERIFY2(run.exitCode == 0, qPrintable(command.name + QStringLiteral(": ") + run.out + run.err));
        const QString expected = readFile(project.expectedFile(command)).replace(QStringLiteral("{ROOT}"), root);
        const QString difference =
            firstDifference(comparableOutput(expected, command), comparableOutput(run.out, command));
        QVERIFY2(difference.isEmpty(), qPrintable(command.name + QStringLiteral(", ") + difference));
    }
}

QTEST_GUILESS_MAIN(TestAlembicRecordings)
#include "tst_alembicrecordings.moc"
