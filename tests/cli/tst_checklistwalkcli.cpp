// SPDX-License-Identifier: GPL-3.0-or-later
// `retort checklist walk`: the maintenance-window checklist walked by the real binary on a copy of the demo
// project (SQLite), with --yes and at a terminal (script(1) gives it one); the answers on the command line and
// their errors; the production gate exactly as `retort upgrade` has it; steps the history shows done; and the
// walk file, the same one the workbench's checklist panel reads and writes.
#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"
#include "core/runtime/HistoryRecord.h"
#include "tests/support/DemoDatabase.h"
#include "tests/support/RetortCli.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;
using namespace retort::testing;

namespace {

const QString kChecklist = QStringLiteral(":/checklists/maintenance-window.md");
const QString kName = QStringLiteral("maintenance-window");

// Its items, 1-based as the walk numbers them: 6 backup, 8 rehearse, 9 upgrade, 10 verify; the rest manual.
enum Step
{
    Backup = 6,
    Rehearse = 8,
    Upgrade = 9,
    Verify = 10,
    Rollback = 12,
};

Checklist maintenanceWindow()
{
    auto checklist = Checklist::load(kChecklist);
    if (!checklist.ok())
        qFatal("%s", qPrintable(checklist.error().message));
    return checklist.value();
}

QString keyOf(int number)
{
    return maintenanceWindow().items().at(number - 1).key;
}

// What each open manual step was, as the lead's demo script answers them: notes, and the rollback skipped.
QStringList manualAnswers()
{
    return {QStringLiteral("--note"), QStringLiteral("1=announced on #ops"),
            QStringLiteral("--note"), QStringLiteral("2=plan reviewed"),
            QStringLiteral("--note"), QStringLiteral("3=preview walked"),
            QStringLiteral("--note"), QStringLiteral("before-the-window/agree=rollback agreed"),
            QStringLiteral("--note"), QStringLiteral("in-the-window/stop=maintenance mode on"),
            QStringLiteral("--note"), QStringLiteral("7=deployed"),
            QStringLiteral("--note"), QStringLiteral("11=traffic resumed"),
            QStringLiteral("--skip"), QStringLiteral("rollback-plan=verification passed")};
}

QStringList walkArguments(const QString &ini, const QStringList &more, const QString &environment = {})
{
    QStringList arguments{QStringLiteral("-c"), ini};
    if (!environment.isEmpty())
        arguments << QStringLiteral("-e") << environment;
    return arguments + QStringList{QStringLiteral("checklist"), QStringLiteral("walk"), kName} + more;
}

QString walkPath(const QTemporaryDir &dir, const QString &environment = QStringLiteral("development"))
{
    return ChecklistWalk::savePath(dir.path(), kChecklist, environment);
}

ChecklistWalk loadWalk(const QTemporaryDir &dir, const QString &environment = QStringLiteral("development"))
{
    auto walk = ChecklistWalk::load(walkPath(dir, environment));
    if (!walk.ok())
        qWarning("%s", qPrintable(walk.error().message));
    return walk.ok() ? walk.value() : ChecklistWalk();
}

const WalkStep &stepOf(const ChecklistWalk &walk, int number)
{
    static const WalkStep none;
    const WalkStep *step = walk.step(keyOf(number));
    return step ? *step : none;
}

QStringList backupFiles(const QTemporaryDir &dir)
{
    return QDir(dir.filePath(QStringLiteral("backups"))).entryList({QStringLiteral("*.sqlite3")}, QDir::Files);
}

// The demo's production environment on a copy of its database, prod.db, instead of $DATABASE_URL.
bool makeProduction(const QTemporaryDir &dir, const QString &ini)
{
    QString text = readFile(ini);
    text.replace(QStringLiteral("url = ${DATABASE_URL}"), QStringLiteral("url = sqlite:///prod.db"));
    return QFile::copy(dir.filePath(QStringLiteral("dev.db")), dir.filePath(QStringLiteral("prod.db"))) &&
           writeFile(ini, text);
}

QStringList prodRows(const QTemporaryDir &dir)
{
    QStringList rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("prod"));
        db.setDatabaseName(dir.filePath(QStringLiteral("prod.db")));
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT version_num FROM alembic_version"), db);
            while (query.next())
                rows << query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("prod"));
    return rows;
}

// The production gate's description as the last gate printed it: from "PRODUCTION:" up to its backup line, with
// the project's folder and the file's inode, which differ from copy to copy, left out.
QString gateDescription(const QString &err, const QString &root)
{
    const qsizetype start = err.lastIndexOf(QStringLiteral("PRODUCTION: "));
    const qsizetype end = err.indexOf(QRegularExpression(QStringLiteral("\n(Backing up|Using the backup) ")), start);
    if (start < 0 || end < 0)
        return QString();
    QString block = err.mid(start, end - start);
    block.replace(QFileInfo(root).canonicalFilePath(), QStringLiteral("ROOT")).replace(root, QStringLiteral("ROOT"));
    return block.replace(QRegularExpression(QStringLiteral("inode \\d+ on device [\\d:]+")), QStringLiteral("inode N"));
}

// A shell word for script(1)'s command line.
QString quoted(const QString &word)
{
    return u'\'' + QString(word).replace(u'\'', QStringLiteral("'\\''")) + u'\'';
}

QString commandLine(const QStringList &arguments)
{
    QStringList words{QStringLiteral(RETORT_CLI_PATH)};
    for (const QString &argument : arguments)
        words << quoted(argument);
    return words.join(u' ');
}

// The user@host a walk records (HistoryRecord::setWhoAndWhere), as this test runs the binary.
QString whoAndWhere()
{
    HistoryRecord who;
    who.setWhoAndWhere();
    return who.host.isEmpty() ? who.osUser : who.osUser + u'@' + who.host;
}

} // namespace

class TestChecklistWalkCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersAreCheckedBeforeAnythingRuns_data();
    void answersAreCheckedBeforeAnythingRuns();
    void walksMaintenanceWindowWithYes();
    void guiLoaderReadsWhatTheCliWrote();
    void walksPreviewTestPlan();
    void walksAtATerminal();
    void quitsAndContinues();
    void finishedOrChangedWalkIsTold();
    void walkOnAnotherDatabaseIsRefused();
    void historyShowsStepsDone_data();
    void historyShowsStepsDone();
    void productionGateAsForUpgrade();
    void productionRefusalAtATerminal();
    void noteDoesNotTickABoundStep();
    void helpExplainsTheWalk();
};

void TestChecklistWalkCli::answersAreCheckedBeforeAnythingRuns_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");

    const QString stepHelp =
        QStringLiteral("STEP: the step's number as the walk prints it, its key, or the start of one key");
    QTest::newRow("note without =") << QStringList{QStringLiteral("--yes"), QStringLiteral("--note"),
                                                   QStringLiteral("stop")}
                                    << 2
                                    << QStringLiteral("FAILED: --note 'stop': expected STEP=TEXT (%1)\n").arg(stepHelp);
    QTest::newRow("skip without a reason")
        << QStringList{QStringLiteral("--yes"), QStringLiteral("--skip"), QStringLiteral("12=")} << 2
        << QStringLiteral("FAILED: --skip '12=': a skip needs its reason after '='\n");
    QTest::newRow("empty note") << QStringList{QStringLiteral("--yes"), QStringLiteral("--note=3= ")} << 2
                                << QStringLiteral("FAILED: --note '3= ': the note after '=' is empty\n");
    QTest::newRow("no step before =")
        << QStringList{QStringLiteral("--yes"), QStringLiteral("--skip"), QStringLiteral("=because")} << 2
        << QStringLiteral("FAILED: --skip '=because': no STEP before '=' (%1)\n").arg(stepHelp);
    QTest::newRow("unknown step")
        << QStringList{QStringLiteral("--yes"), QStringLiteral("--note"), QStringLiteral("deploy=done")} << 2
        << QStringLiteral("FAILED: --note 'deploy=done': no step of \"Maintenance window: apply pending migrations\" "
                          "is 'deploy' (%1); its steps:\n    1  before-the-window/")
               .arg(stepHelp);
    QTest::newRow("ambiguous prefix")
        << QStringList{QStringLiteral("--yes"), QStringLiteral("--skip"), QStringLiteral("in-the-window/=x")} << 2
        << QStringLiteral("FAILED: --skip 'in-the-window/=x': 'in-the-window/' starts the keys of 7 steps; give more "
                          "of the key, or the number:\n    5  in-the-window/stop-the-application-or-switch-it-to-"
                          "maintenance-mode\n    6  in-the-window/take-a-backup");
    QTest::newRow("number out of range")
        << QStringList{QStringLiteral("--yes"), QStringLiteral("--note"), QStringLiteral("13=x")} << 2
        << QStringLiteral("FAILED: --note '13=x': there is no step 13; \"Maintenance window: apply pending "
                          "migrations\" has steps 1 to 12\n");
    QTest::newRow("one step twice")
        << QStringList{QStringLiteral("--yes"), QStringLiteral("--note"), QStringLiteral("5=a"),
                       QStringLiteral("--skip"), QStringLiteral("in-the-window/stop=b")}
        << 2
        << QStringLiteral("FAILED: --note '5=a' and --skip 'in-the-window/stop=b' both answer step 5 "
                          "(in-the-window/stop-the-application-or-switch-it-to-maintenance-mode); give one\n");
    // --yes never ticks a manual step nobody said was done: the report would say it was.
    QStringList allButDeploy = manualAnswers();
    const qsizetype deploy = allButDeploy.indexOf(QStringLiteral("7=deployed"));
    allButDeploy.remove(deploy - 1, 2);
    QTest::newRow("manual step unanswered")
        << QStringList{QStringLiteral("--yes")} + allButDeploy << 2
        << QStringLiteral("FAILED: --yes ticks a manual step only with what was done: give --note STEP=TEXT or --skip "
                          "STEP=REASON for each open manual step; nothing was run. Open manual steps:\n"
                          "    7  in-the-window/deploy-the-new-code-with-its-migrations-folder\n");
    QTest::newRow("no terminal, no --yes")
        << manualAnswers() << 2
        << QStringLiteral("FAILED: no terminal is attached to ask at each step; pass --yes to walk without questions "
                          "(each open manual step then needs --note STEP=TEXT or --skip STEP=REASON); nothing was "
                          "changed\n");
    QTest::newRow("--no-backup without --reason")
        << QStringList{QStringLiteral("--yes"), QStringLiteral("--no-backup")} + manualAnswers() << 2
        << QStringLiteral("FAILED: --no-backup needs --reason \"why no backup is needed\"; it is recorded\n");
}

// Bad answers are refused before the walk reads the database, writes its file or takes a backup.
void TestChecklistWalkCli::answersAreCheckedBeforeAnythingRuns()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, error);
    DEMO_PROJECT(dir, ini, Baseline);
    const CliRun run = runRetort(dir.path(), walkArguments(ini, arguments));
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(error), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(walkPath(dir)));
    QVERIFY(backupFiles(dir).isEmpty());
    QCOMPARE(versionRows(dir), QStringList{Baseline});
}

// The lead's demo: the whole maintenance window without a question, ending at head with the report written.
void TestChecklistWalkCli::walksMaintenanceWindowWithYes()
{
    DEMO_PROJECT(dir, ini, Baseline);
    const QString report = dir.filePath(QStringLiteral("window-report.md"));
    const CliRun run = runRetort(dir.path(), walkArguments(ini, QStringList{QStringLiteral("--yes")} + manualAnswers() +
                                                                    QStringList{QStringLiteral("--report"), report}));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QCOMPARE(versionRows(dir), QStringList{DemoHead});

    const ChecklistWalk walk = loadWalk(dir);
    QVERIFY(walk.isFinished());
    QCOMPARE(walk.doneCount(), 12);
    QCOMPARE(walk.environment, QStringLiteral("development"));
    for (int number : {1, 2, 3, 4, 5, 7, 11}) {
        QCOMPARE(stepOf(walk, number).outcome, StepOutcome::NotRun);
        QVERIFY(stepOf(walk, number).done);
    }
    QCOMPARE(stepOf(walk, 1).note, QStringLiteral("announced on #ops"));
    QCOMPARE(stepOf(walk, 4).note, QStringLiteral("rollback agreed"));
    QCOMPARE(stepOf(walk, 5).note, QStringLiteral("maintenance mode on"));
    QCOMPARE(stepOf(walk, Rollback).outcome, StepOutcome::Skipped);
    QCOMPARE(stepOf(walk, Rollback).note, QStringLiteral("verification passed"));
    for (int number : {int(Backup), int(Rehearse), int(Upgrade), int(Verify)})
        QVERIFY2(stepOf(walk, number).outcome == StepOutcome::Succeeded, qPrintable(stepOf(walk, number).result));
    // The demo's last revision runs outside a transaction: the rehearsal stops before it, and says so.
    QVERIFY2(stepOf(walk, Rehearse)
                     .result.startsWith(QStringLiteral("Rehearsal stopped before upgrade 9d5e3c7f1a42 -> "
                                                       "b1f6a8d2c453")) &&
                 stepOf(walk, Rehearse).result.contains(QStringLiteral(" Database unchanged: ")),
             qPrintable(stepOf(walk, Rehearse).result));
    QCOMPARE(stepOf(walk, Upgrade).result, QStringLiteral("Finished: 7 step(s); the database is at %1.").arg(DemoHead));
    QCOMPARE(stepOf(walk, Verify).result, QStringLiteral("current is %1 (head), as expected (head)").arg(DemoHead));

    // The backup: taken by the {backup} step, in the walk, and the one file in backup_dir.
    QVERIFY(walk.backup.has_value());
    QCOMPARE(backupFiles(dir).size(), 1);
    QCOMPARE(QFileInfo(walk.backup->path).fileName(), backupFiles(dir).first());
    QVERIFY(walk.backup->bytes > 0);
    QVERIFY2(stepOf(walk, Backup).result.startsWith(walk.backup->path), qPrintable(stepOf(walk, Backup).result));
    QVERIFY(walk.plan.size() >= 6);
    QCOMPARE(walk.finalRevisions, QStringList{DemoHead});

    // What the terminal showed: each step with what it is bound to, and the end.
    QVERIFY2(run.out.contains(QStringLiteral("\n6. Take a backup of the production database\n    Runs: backup\n")),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("\n## In the window\n")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("    → [-] 12. Only if verification")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("\nWalk finished at ")), qPrintable(run.out));
    QVERIFY2(run.err.contains(QStringLiteral("Report written to ") + report), qPrintable(run.err));

    const QString markdown = readFile(report);
    QVERIFY2(markdown.startsWith(QStringLiteral("# Report: Maintenance window: apply pending migrations")),
             qPrintable(markdown));
    QVERIFY2(markdown.contains(QStringLiteral("| skipped |")), qPrintable(markdown));
    QVERIFY2(markdown.contains(QStringLiteral("current is %1 (head), as expected").arg(DemoHead)),
             qPrintable(markdown));

    // Walked again: nothing is left; it says so and runs nothing.
    const CliRun again = runRetort(dir.path(), walkArguments(ini, QStringList{QStringLiteral("--yes")}));
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains(QStringLiteral("This walk was finished at ")) &&
                 again.out.contains(QStringLiteral("Nothing is left to walk; --restart starts a new walk.\n")),
             qPrintable(again.out));
    QCOMPARE(loadWalk(dir), walk);
}

// The window continues a walk the terminal began: its loader reads the file, and writes back the same bytes.
void TestChecklistWalkCli::guiLoaderReadsWhatTheCliWrote()
{
    DEMO_PROJECT(dir, ini, Baseline);
    const CliRun run =
        runRetort(dir.path(), walkArguments(ini, QStringList{QStringLiteral("--yes")} + manualAnswers()));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QString path = walkPath(dir);
    const QByteArray written = readFile(path).toUtf8();
    auto loaded = ChecklistWalk::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    const QString copy = dir.filePath(QStringLiteral("gui-copy.json"));
    QVERIFY(loaded->save(copy).ok());
    QCOMPARE(readFile(copy).toUtf8(), written);

    // The same keys, in the checklist's order, and the facts the panel records: who and where, the database.
    const Checklist checklist = maintenanceWindow();
    QCOMPARE(loaded->steps.size(), checklist.items().size());
    for (int i = 0; i < checklist.items().size(); ++i) {
        QCOMPARE(loaded->steps.at(i).key, checklist.items().at(i).key);
        QCOMPARE(loaded->steps.at(i).text, checklist.items().at(i).text);
        QCOMPARE(loaded->steps.at(i).whoAndWhere(), whoAndWhere());
        QVERIFY(loaded->steps.at(i).at.isValid());
    }
    QCOMPARE(loaded->checklistPath, kChecklist);
    QCOMPARE(loaded->checklistChecksum, checklist.checksum());
    // The database as the environment's URL reaches it: the SQLite file by its absolute path.
    QCOMPARE(loaded->database, QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("dev.db")));
    QVERIFY(loaded->matches(checklist));
}

// The preview test plan's every kind of bound step: stamp, verify, upgrade, a test revision written, up, down, up,
// down and deleted again, the graph read anew after each file change.
void TestChecklistWalkCli::walksPreviewTestPlan()
{
    DEMO_PROJECT(dir, ini, Baseline);
    const QStringList versions = QDir(dir.filePath(QStringLiteral("versions"))).entryList(QDir::Files);
    const CliRun run =
        runRetort(dir.path(), {QStringLiteral("-c"), ini, QStringLiteral("checklist"), QStringLiteral("walk"),
                               QStringLiteral("preview-test-plan"), QStringLiteral("--yes"), QStringLiteral("--note"),
                               QStringLiteral("exercise-a-test-revision/review=both sections empty")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QCOMPARE(versionRows(dir), QStringList{DemoHead});
    QCOMPARE(QDir(dir.filePath(QStringLiteral("versions"))).entryList(QDir::Files), versions);

    auto loaded = ChecklistWalk::load(ChecklistWalk::savePath(
        dir.path(), QStringLiteral(":/checklists/preview-test-plan.md"), QStringLiteral("development")));
    QVERIFY(loaded.ok());
    const ChecklistWalk &walk = loaded.value();
    QVERIFY(walk.isFinished());
    QStringList results;
    for (const WalkStep &step : walk.steps)
        results << step.result;
    // Already stamped at the baseline before the walk began: nothing to do, and nobody is said to have done it.
    QCOMPARE(results.at(0), QStringLiteral("nothing to do: the version table is already %1").arg(Baseline));
    QCOMPARE(results.at(1), QStringLiteral("current is %1, as expected (%1)").arg(Baseline));
    QCOMPARE(results.at(2), QStringLiteral("Finished: 7 step(s); the database is at %1.").arg(DemoHead));
    QVERIFY2(results.at(4).startsWith(QStringLiteral("created ")), qPrintable(results.at(4)));
    QCOMPARE(walk.steps.at(5).note, QStringLiteral("both sections empty"));
    QVERIFY2(results.at(6).startsWith(QStringLiteral("Finished: 1 step(s); the database is at ")),
             qPrintable(results.at(6)));
    QCOMPARE(results.at(7), QStringLiteral("Finished: 1 step(s); the database is at %1.").arg(DemoHead));
    QVERIFY2(results.at(10).startsWith(QStringLiteral("deleted ")), qPrintable(results.at(10)));
    QCOMPARE(results.at(11), QStringLiteral("current is %1 (head), as expected (head)").arg(DemoHead));
}

// At a terminal: each step asks; the answers are recorded as the window records them.
void TestChecklistWalkCli::walksAtATerminal()
{
    DEMO_PROJECT(dir, ini, Baseline);
    const QByteArray answers = "d\nannounced\n" // 1 done, with a note
                               "x\nd\n\n"       // 2: an answer it does not know is asked again; done, no note
                               "s\n\npreview walked yesterday\n" // 3 skipped: the reason is asked until given
                               "d\nagreed\n"
                               "d\n\n"                              // 5
                               "r\n"                                // 6 backup
                               "d\ndeployed\n"                      // 7
                               "r\n"                                // 8 rehearse
                               "r\n"                                // 9 upgrade
                               "d\n\nchecked with retort current\n" // 10 done by hand: needs how and why
                               "d\n\n"                              // 11
                               "s\nverification passed\n";          // 12
    bool missing = false;
    const CliRun run = runAtTerminal(dir.path(), commandLine(walkArguments(ini, {})), answers, &missing);
    if (missing)
        QSKIP("script(1) from util-linux is not installed");
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));
    QCOMPARE(versionRows(dir), QStringList{DemoHead});
    QVERIFY2(run.out.contains(QStringLiteral("[d]one / [s]kip / [q]uit (the walk is saved)? ")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("[r]un / [d]one by hand / [s]kip / [q]uit (the walk is saved)? ")),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("Answer d, s, q.")), qPrintable(run.out));

    const ChecklistWalk walk = loadWalk(dir);
    QVERIFY(walk.isFinished());
    QCOMPARE(stepOf(walk, 1).note, QStringLiteral("announced"));
    QVERIFY(stepOf(walk, 2).done);
    QCOMPARE(stepOf(walk, 2).note, QString());
    QCOMPARE(stepOf(walk, 3).outcome, StepOutcome::Skipped);
    QCOMPARE(stepOf(walk, 3).note, QStringLiteral("preview walked yesterday"));
    QCOMPARE(stepOf(walk, Backup).outcome, StepOutcome::Succeeded);
    QVERIFY(walk.backup.has_value());
    QCOMPARE(stepOf(walk, Upgrade).outcome, StepOutcome::Succeeded);
    // Ticked by hand, as the window's check box does with a note: "done by hand", the note its result.
    QCOMPARE(stepOf(walk, Verify).outcome, StepOutcome::DoneByHand);
    QCOMPARE(stepOf(walk, Verify).result, QStringLiteral("checked with retort current"));
    QCOMPARE(stepOf(walk, Rollback).outcome, StepOutcome::Skipped);
}

// q saves the walk and ends well; the end of the input (Ctrl-D) does the same; the next walk goes on from there.
void TestChecklistWalkCli::quitsAndContinues()
{
    DEMO_PROJECT(dir, ini, Baseline);
    bool missing = false;
    CliRun run = runAtTerminal(dir.path(), commandLine(walkArguments(ini, {})), "d\nfirst\nq\n", &missing);
    if (missing)
        QSKIP("script(1) from util-linux is not installed");
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("The walk is saved (1 of 12 steps done): walk again to go on")),
             qPrintable(run.out));
    QCOMPARE(loadWalk(dir).doneCount(), 1);

    // Ctrl-D at the second question: saved as it stands.
    run = runAtTerminal(dir.path(), commandLine(walkArguments(ini, {})), "d\nsecond\n\x04", &missing);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("(continued: 1 of 12 steps done)")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("  [x] 1. Schedule the window")), qPrintable(run.out));
    const ChecklistWalk walk = loadWalk(dir);
    QCOMPARE(walk.doneCount(), 2);
    QCOMPARE(stepOf(walk, 2).note, QStringLiteral("second"));
    QCOMPARE(versionRows(dir), QStringList{Baseline});

    // With --yes the rest, the first two already done: their answers are not needed.
    QStringList rest = manualAnswers().mid(4);
    run = runRetort(dir.path(), walkArguments(ini, QStringList{QStringLiteral("--yes")} + rest));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(loadWalk(dir).isFinished());
    QCOMPARE(stepOf(loadWalk(dir), 1).note, QStringLiteral("first"));
}

// A finished walk and one of a changed checklist are told, as the window tells them; --restart starts anew.
void TestChecklistWalkCli::finishedOrChangedWalkIsTold()
{
    DEMO_PROJECT(dir, ini, Baseline);
    const Checklist checklist = maintenanceWindow();
    ChecklistWalk walk = ChecklistWalk::start(checklist, QStringLiteral("development"), QString());
    walk.checklistChecksum = QStringLiteral("0123"); // walked from an earlier version of the file
    walk.markDone(keyOf(1), QStringLiteral("from before"));
    QVERIFY(walk.save(walkPath(dir)).ok());

    bool missing = false;
    CliRun run = runAtTerminal(dir.path(), commandLine(walkArguments(ini, {})), "q\n", &missing);
    if (missing)
        QSKIP("script(1) from util-linux is not installed");
    QVERIFY2(run.out.contains(QStringLiteral("warning: the checklist file changed after this walk began. The "
                                             "recorded steps are kept and matched by their text; check the open "
                                             "steps again (--restart starts a new walk).")),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("[c]ontinue this walk / start a [n]ew one / [q]uit? ")),
             qPrintable(run.out));
    QCOMPARE(loadWalk(dir), walk); // quit at the question: the file is as it was

    run = runAtTerminal(dir.path(), commandLine(walkArguments(ini, {})), "n\nq\n", &missing);
    QVERIFY2(run.out.contains(QStringLiteral("(a new walk, replacing the saved one)")), qPrintable(run.out));
    ChecklistWalk fresh = loadWalk(dir);
    QCOMPARE(fresh.checklistChecksum, checklist.checksum());
    QCOMPARE(fresh.doneCount(), 0);

    // An unreadable walk is never replaced unasked.
    QVERIFY(writeFile(walkPath(dir), "{ not json"));
    run = runRetort(dir.path(), walkArguments(ini, QStringList{QStringLiteral("--yes")} + manualAnswers()));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(
                 QStringLiteral("FAILED: the saved walk cannot be read: %1: not valid JSON").arg(walkPath(dir))) &&
                 run.err.contains(QStringLiteral("; --restart starts a new walk and replaces the file")),
             qPrintable(run.err));
    run = runRetort(dir.path(), walkArguments(ini, QStringList{QStringLiteral("--yes"), QStringLiteral("--restart")} +
                                                       manualAnswers()));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("(a new walk, replacing one that cannot be read)")), qPrintable(run.out));
    QVERIFY(loadWalk(dir).isFinished());
}

// A walk begun on dev.db, continued after retort.ini was changed to name another database (a typo, a copy): its
// steps and report are about dev.db, so nothing runs on the other one until --restart starts a walk there.
void TestChecklistWalkCli::walkOnAnotherDatabaseIsRefused()
{
    DEMO_PROJECT(dir, ini, Baseline);
    bool missing = false;
    CliRun run = runAtTerminal(dir.path(), commandLine(walkArguments(ini, {})), "d\nannounced\nq\n", &missing);
    if (missing)
        QSKIP("script(1) from util-linux is not installed");
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));
    const ChecklistWalk begun = loadWalk(dir);
    QVERIFY2(begun.database.endsWith(QStringLiteral("/dev.db")), qPrintable(begun.database));

    QVERIFY(QFile::copy(dir.filePath(QStringLiteral("dev.db")), dir.filePath(QStringLiteral("copy.db"))));
    QString text = readFile(ini);
    QVERIFY(text.contains(QStringLiteral("sqlite:///dev.db")));
    QVERIFY(writeFile(ini, text.replace(QStringLiteral("sqlite:///dev.db"), QStringLiteral("sqlite:///copy.db"))));
    QString copy = begun.database;
    copy.replace(copy.size() - int(qstrlen("dev.db")), int(qstrlen("dev.db")), QStringLiteral("copy.db"));

    const QStringList answers = QStringList{QStringLiteral("--yes")} + manualAnswers().mid(2);
    run = runRetort(dir.path(), walkArguments(ini, answers));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral(
                 "FAILED: this walk began on %1, but environment 'development' now names %2: its steps and its report "
                 "are about the first. Point the environment back at it to go on, or --restart to start a new walk "
                 "on this database (the saved walk is replaced); nothing was run")
                                  .arg(begun.database, copy)),
             qPrintable(run.err));
    QCOMPARE(loadWalk(dir), begun);
    QVERIFY(backupFiles(dir).isEmpty());
    QCOMPARE(versionRows(dir), QStringList{Baseline});

    // --restart walks the database named now, from a new walk.
    run = runRetort(dir.path(), walkArguments(ini, QStringList{QStringLiteral("--restart")} + answers +
                                                       QStringList{QStringLiteral("--note"), QStringLiteral("1=again")}));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const ChecklistWalk walk = loadWalk(dir);
    QCOMPARE(walk.database, copy);
    QVERIFY(walk.isFinished());
    QCOMPARE(versionRows(dir), QStringList{Baseline}); // dev.db untouched
}

void TestChecklistWalkCli::historyShowsStepsDone_data()
{
    QTest::addColumn<bool>("walkBeganFirst");
    QTest::addColumn<QString>("upgradeResult");
    QTest::addColumn<QString>("backupResult");
    const QString at = QStringLiteral("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
    // Someone upgraded and backed up after the walk began (the window's toolbar, a colleague's terminal).
    QTest::newRow("done since the walk began")
        << true
        << QStringLiteral("^already done: upgraded to %1 \\(head\\) by %2 at %3 \\(history\\)$")
               .arg(DemoHead, QRegularExpression::escape(whoAndWhere()), at)
        << QStringLiteral("^already done: backup .*\\.sqlite3 \\(.*\\) taken by %1 at %2 \\(history\\)$")
               .arg(QRegularExpression::escape(whoAndWhere()), at);
    // The database was at head before the walk began: nothing to do, and nobody is said to have done it.
    QTest::newRow("at head before the walk began")
        << false << QStringLiteral("^nothing to do: already at head \\(%1 \\(head\\)\\)$").arg(DemoHead)
        << QStringLiteral("^.*\\.sqlite3 \\(.*verified.*\\)$");
}

// A step the history table shows done since the walk began is recorded so, never run again; a step with nothing
// to do says that, and names no one.
void TestChecklistWalkCli::historyShowsStepsDone()
{
    QFETCH(bool, walkBeganFirst);
    QFETCH(QString, upgradeResult);
    QFETCH(QString, backupResult);
    DEMO_PROJECT(dir, ini, Baseline);
    if (walkBeganFirst) {
        // The walk began in the window a minute ago: its first step ticked.
        ChecklistWalk walk = ChecklistWalk::start(maintenanceWindow(), QStringLiteral("development"),
                                                  QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("dev.db")));
        walk.markDone(keyOf(1), QStringLiteral("announced"), QDateTime::currentDateTimeUtc().addSecs(-60));
        QVERIFY(walk.save(walkPath(dir)).ok());
    }
    CliRun outside = runRetort(dir.path(), {QStringLiteral("-c"), ini, QStringLiteral("backup")});
    QVERIFY2(outside.exitCode == 0, qPrintable(outside.err));
    outside = runRetort(dir.path(), {QStringLiteral("-c"), ini, QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(outside.exitCode == 0, qPrintable(outside.err));
    QCOMPARE(backupFiles(dir).size(), 1);

    QTest::qWait(20); // a walk begun now begins after the outside runs' rows
    // Step 1 is done already in the walk the window began.
    const QStringList answers = walkBeganFirst ? manualAnswers().mid(2) : manualAnswers();
    const CliRun run = runRetort(dir.path(), walkArguments(ini, QStringList{QStringLiteral("--yes")} + answers));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const ChecklistWalk walk = loadWalk(dir);
    QVERIFY(walk.isFinished());
    const WalkStep &upgrade = stepOf(walk, Upgrade);
    QCOMPARE(upgrade.outcome, StepOutcome::Succeeded);
    QVERIFY2(QRegularExpression(upgradeResult).match(upgrade.result).hasMatch(), qPrintable(upgrade.result));
    QCOMPARE(upgrade.durationMs, 0);
    QCOMPARE(stepOf(walk, Rehearse).result,
             QStringLiteral("nothing to rehearse: already at head (%1 (head))").arg(DemoHead));
    const WalkStep &backup = stepOf(walk, Backup);
    QCOMPARE(backup.outcome, StepOutcome::Succeeded);
    QVERIFY2(QRegularExpression(backupResult).match(backup.result).hasMatch(), qPrintable(backup.result));
    // Done since: the outside backup is the walk's, none taken again; otherwise a backup of the walk's own.
    QCOMPARE(backupFiles(dir).size(), walkBeganFirst ? 1 : 2);
    QVERIFY(walk.backup.has_value());
    QVERIFY2(backup.result.contains(walk.backup->path), qPrintable(backup.result));
    QVERIFY2(!run.err.contains(QStringLiteral("Running upgrade")), qPrintable(run.err));
    QCOMPARE(versionRows(dir), QStringList{DemoHead});
}

// On a production database `walk --yes` meets the gate `retort upgrade --yes` meets, word for word, and the
// {backup} step's backup stands in for the gate's; without a terminal and without --yes neither runs.
void TestChecklistWalkCli::productionGateAsForUpgrade()
{
    DEMO_PROJECT(dir, ini, Baseline);
    QVERIFY(makeProduction(dir, ini));
    DEMO_PROJECT(twin, twinIni, Baseline);
    QVERIFY(makeProduction(twin, twinIni));

    const QStringList upgrade{QStringLiteral("-c"),      twinIni,
                              QStringLiteral("-e"),      QStringLiteral("production"),
                              QStringLiteral("upgrade"), QStringLiteral("head")};
    CliRun refused = runRetort(twin.path(), upgrade);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("No terminal is attached to ask for confirmation")),
             qPrintable(refused.err));
    refused = runRetort(dir.path(), walkArguments(ini, manualAnswers(), QStringLiteral("production")));
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("FAILED: no terminal is attached to ask at each step")),
             qPrintable(refused.err));
    QCOMPARE(prodRows(dir), QStringList{Baseline});

    const CliRun upgraded = runRetort(twin.path(), upgrade + QStringList{QStringLiteral("--yes")});
    QVERIFY2(upgraded.exitCode == 0, qPrintable(upgraded.err));
    const CliRun walked =
        runRetort(dir.path(), walkArguments(ini, QStringList{QStringLiteral("--yes")} + manualAnswers(),
                                            QStringLiteral("production")));
    QVERIFY2(walked.exitCode == 0, qPrintable(walked.out + walked.err));
    QCOMPARE(prodRows(dir), QStringList{DemoHead});

    // The gate's words before the upgrade, the same as upgrade --yes printed (each project's own file aside).
    const QString expected = gateDescription(upgraded.err, twin.path());
    QVERIFY2(expected.contains(QStringLiteral("is production: ")) &&
                 expected.contains(QStringLiteral("Plan (7 step(s)):")),
             qPrintable(upgraded.err));
    QCOMPARE(gateDescription(walked.err, dir.path()), expected);

    const ChecklistWalk walk = loadWalk(dir, QStringLiteral("production"));
    QVERIFY(walk.isFinished());
    QVERIFY(walk.backup.has_value());
    // One backup: the {backup} step's, which the gate used.
    QVERIFY2(walked.err.contains(QStringLiteral("Using the backup ") + walk.backup->path), qPrintable(walked.err));
    QCOMPARE(backupFiles(dir).size(), 1);
}

// At a terminal, a walk's upgrade on production asks for the confirmation name as `retort upgrade` does; a wrong
// one is refused in the same words, nothing is changed, and the step is recorded as not run.
void TestChecklistWalkCli::productionRefusalAtATerminal()
{
    DEMO_PROJECT(dir, ini, Baseline);
    QVERIFY(makeProduction(dir, ini));
    bool missing = false;
    const CliRun upgrade =
        runAtTerminal(dir.path(),
                      commandLine({QStringLiteral("-c"), ini, QStringLiteral("-e"), QStringLiteral("production"),
                                   QStringLiteral("upgrade"), QStringLiteral("head")}),
                      "prod.db\n", &missing);
    if (missing)
        QSKIP("script(1) from util-linux is not installed");
    QCOMPARE(upgrade.exitCode, 1);
    const qsizetype failed = upgrade.out.indexOf(QStringLiteral("FAILED: "));
    QVERIFY2(failed >= 0, qPrintable(upgrade.out));
    const QString refusal = upgrade.out.mid(failed, upgrade.out.indexOf(u'\n', failed) - failed).trimmed();
    QVERIFY2(refusal.contains(QStringLiteral("Typed 'prod.db', which is not '")), qPrintable(refusal));

    // Everything before the upgrade answered on the command line; at the upgrade: run, and the wrong name.
    const QStringList answers{QStringLiteral("--note"), QStringLiteral("1=a"),
                              QStringLiteral("--note"), QStringLiteral("2=b"),
                              QStringLiteral("--note"), QStringLiteral("3=c"),
                              QStringLiteral("--note"), QStringLiteral("4=d"),
                              QStringLiteral("--note"), QStringLiteral("5=e"),
                              QStringLiteral("--skip"), QStringLiteral("6=taken by hand"),
                              QStringLiteral("--note"), QStringLiteral("7=f"),
                              QStringLiteral("--skip"), QStringLiteral("8=rehearsed yesterday")};
    const CliRun walked = runAtTerminal(
        dir.path(), commandLine(walkArguments(ini, answers, QStringLiteral("production"))), "r\nprod.db\n", &missing);
    QCOMPARE(walked.exitCode, 1);
    QVERIFY2(walked.out.contains(refusal), qPrintable(walked.out + QStringLiteral("\n--- expected: ") + refusal));
    QVERIFY2(walked.out.contains(QStringLiteral("The walk stops at step 9")), qPrintable(walked.out));
    QCOMPARE(prodRows(dir), QStringList{Baseline});
    QVERIFY(backupFiles(dir).isEmpty());
    const ChecklistWalk walk = loadWalk(dir, QStringLiteral("production"));
    const WalkStep &step = stepOf(walk, Upgrade);
    QVERIFY(!step.done);
    QCOMPARE(step.outcome, StepOutcome::Skipped);
    QVERIFY2(step.result.startsWith(QStringLiteral("Not run: ")) &&
                 step.result.contains(QStringLiteral("Typed 'prod.db'")),
             qPrintable(step.result));
}

// A note given to a bound step is its note, not a way to tick it: the upgrade still runs, through its gate.
void TestChecklistWalkCli::noteDoesNotTickABoundStep()
{
    DEMO_PROJECT(dir, ini, Baseline);
    QVERIFY(makeProduction(dir, ini));
    const CliRun run =
        runRetort(dir.path(), walkArguments(ini,
                                            QStringList{QStringLiteral("--yes"), QStringLiteral("--note"),
                                                        QStringLiteral("9=already applied by hand")} +
                                                manualAnswers(),
                                            QStringLiteral("production")));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const ChecklistWalk walk = loadWalk(dir, QStringLiteral("production")); // kept: step refers into it
    const WalkStep &step = stepOf(walk, Upgrade);
    QCOMPARE(step.note, QStringLiteral("already applied by hand"));
    QCOMPARE(step.outcome, StepOutcome::Succeeded);
    QCOMPARE(step.result, QStringLiteral("Finished: 7 step(s); the database is at %1.").arg(DemoHead));
    QVERIFY2(run.err.contains(QStringLiteral(" is production: ")), qPrintable(run.err));
    QCOMPARE(prodRows(dir), QStringList{DemoHead});
}

void TestChecklistWalkCli::helpExplainsTheWalk()
{
    const CliRun run = runRetort(QString(), {QStringLiteral("checklist"), QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QStringLiteral("usage: retort checklist [options] FILE | walk NAME\n")),
             qPrintable(run.out));
    for (const QString &part :
         {QStringLiteral("[d]one (with a note) / [s]kip (with a reason) / [r]un (bound steps) / [q]uit"),
          QStringLiteral("--note STEP=TEXT"), QStringLiteral("--skip STEP=REASON"), QStringLiteral("--restart"),
          QStringLiteral(".retort/walks/<checklist>-<environment>.json")})
        QVERIFY2(run.out.contains(part), qPrintable(part + QStringLiteral(" not in:\n") + run.out));
}

QTEST_GUILESS_MAIN(TestChecklistWalkCli)
#include "tst_checklistwalkcli.moc"
