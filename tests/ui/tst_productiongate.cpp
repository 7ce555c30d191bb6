// SPDX-License-Identifier: GPL-3.0-or-later
// The production gate in the GUI: the dialog's rules, and MainWindow runs on a production SQLite
// copy of the demo project that are refused without a backup or a reason, with a wrong name, or
// cancelled, and that back up, rehearse and run when the gate is passed.
#include "tests/ui/DemoProject.h"
#include "ui/MainWindow.h"
#include "ui/ProjectSession.h"
#include "ui/safety/ProductionGateDialog.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/ProductionMark.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

namespace {

// The demo project with its development database marked production.
QString productionDemo(const QTemporaryDir &dir, QString *problem)
{
    const QString ini = makeDemoProject(dir, Baseline, problem);
    if (ini.isEmpty())
        return ini;
    QString text = readFile(ini);
    text.replace(QStringLiteral("[env.development]\n"), QStringLiteral("[env.development]\nproduction = true\n"));
    writeFile(ini, text);
    return ini;
}

QStringList historyDirections(const QString &databasePath)
{
    QStringList directions;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT direction FROM retort_history ORDER BY id"), db);
            while (query.next())
                directions << query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inspect"));
    return directions;
}

// The gate answered as a DBA who types the name, takes the backup and rehearses first.
std::optional<GateAnswer> passTheGateRehearsingFirst(const GatePrompt &prompt)
{
    GateAnswer answer;
    answer.decision.typedName = prompt.databaseName;
    answer.rehearseFirst = true;
    return answer;
}

GatePrompt demoPrompt()
{
    GatePrompt prompt;
    prompt.verb = QStringLiteral("Upgrade");
    prompt.environment = QStringLiteral("production");
    prompt.databaseDisplay = QStringLiteral("postgresql://app:***@db.internal/shop");
    prompt.databaseName = QStringLiteral("shop");
    prompt.planLines = {QStringLiteral("1. upgrade ae98aa32e0d2 -> 1f3a9c2b7d10, add customer email")};
    prompt.backupMethod = QStringLiteral("pg_dump -Fc into /srv/app/backups");
    return prompt;
}

} // namespace

class TestProductionGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui")).clear();
    }

    void dialogNeedsTheNameAndABackupChoice()
    {
        ProductionGateDialog dialog(demoPrompt());
        dialog.show();
        QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        auto *typed = dialog.findChild<QLineEdit *>(QStringLiteral("gateTypedName"));
        auto *skip = dialog.findChild<QRadioButton *>(QStringLiteral("gateSkipBackup"));
        auto *reason = dialog.findChild<QLineEdit *>(QStringLiteral("gateReason"));
        QVERIFY(dialog.findChild<QRadioButton *>(QStringLiteral("gateTakeBackup"))->isChecked());
        QVERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("gatePlan"))
                    ->toPlainText()
                    .contains(QStringLiteral("add customer email")));
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(typed, QStringLiteral("sho"));
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(typed, QStringLiteral("p"));
        QVERIFY(ok->isEnabled());
        skip->setChecked(true);
        QVERIFY(!ok->isEnabled()); // a skipped backup needs its reason
        QTest::keyClicks(reason, QStringLiteral("storage snapshot at 09:58"));
        QVERIFY(ok->isEnabled());
        const GateAnswer answer = dialog.answer();
        QCOMPARE(answer.decision.typedName, QStringLiteral("shop"));
        QVERIFY(answer.decision.skipBackup);
        QCOMPARE(answer.decision.skipReason, QStringLiteral("storage snapshot at 09:58"));
        QVERIFY(answer.rehearseFirst);
        saveScreenshot(dialog, QStringLiteral("production-gate"));
    }

    // A rehearsal that cannot cover the plan says so where the eye goes, not in the checkbox's words.
    void dialogSaysWhereTheRehearsalStops()
    {
        GatePrompt prompt = demoPrompt();
        ProductionGateDialog plain(prompt);
        QVERIFY(plain.findChild<QLabel *>(QStringLiteral("gateRehearsalLimit"))->isHidden());

        prompt.rehearsalStopsBefore = QStringLiteral("upgrade 9d5e3c7f1a42 -> b1f6a8d2c453, drop legacy scrape cache");
        ProductionGateDialog dialog(prompt);
        dialog.show();
        auto *limit = dialog.findChild<QLabel *>(QStringLiteral("gateRehearsalLimit"));
        QVERIFY(!limit->isHidden());
        QVERIFY2(limit->text().contains(QStringLiteral("cannot cover the whole plan")) &&
                     limit->text().contains(prompt.rehearsalStopsBefore.toHtmlEscaped()) &&
                     limit->text().contains(QStringLiteral("asked again")),
                 qPrintable(limit->text()));
        saveScreenshot(dialog, QStringLiteral("production-gate-rehearsal-limit"));

        // Not for a rehearsal on its own (it says where it stopped when it ends), nor where none is possible.
        prompt.rehearsalOnly = true;
        QVERIFY(ProductionGateDialog(prompt).findChild<QLabel *>(QStringLiteral("gateRehearsalLimit"))->isHidden());
        prompt.rehearsalOnly = false;
        prompt.rehearsalPossible = false;
        QVERIFY(ProductionGateDialog(prompt).findChild<QLabel *>(QStringLiteral("gateRehearsalLimit"))->isHidden());
    }

    void dialogWithoutRehearsalOrBackups()
    {
        GatePrompt prompt = demoPrompt();
        prompt.backupMethod.clear(); // backup = none
        prompt.rehearsalPossible = false;
        ProductionGateDialog dialog(prompt);
        QVERIFY(!dialog.findChild<QRadioButton *>(QStringLiteral("gateTakeBackup"))->isEnabled());
        QVERIFY(dialog.findChild<QRadioButton *>(QStringLiteral("gateSkipBackup"))->isChecked());
        auto *rehearse = dialog.findChild<QCheckBox *>(QStringLiteral("gateRehearse"));
        QVERIFY(!rehearse->isEnabled());
        QVERIFY(!rehearse->isChecked());
    }

    // The name to type is a canonical path, maybe a long one: it wraps; the field keeps its width and the
    // dialog stays on a laptop's screen.
    void dialogWithALongPath()
    {
        GatePrompt prompt = demoPrompt();
        prompt.databaseName = QStringLiteral("/srv/deployments/customer-portal/releases/2026-12-01T09-58-00Z/") +
                              QString(120, u'x') + QStringLiteral("/var/data/production-database.sqlite3");
        prompt.why = prompt.databaseName + QStringLiteral(" is production: it carries the production mark of "
                                                          "environment 'production' (marked 2026-12-01T10:00:00Z by "
                                                          "alice@db1)");
        ProductionGateDialog dialog(prompt);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY2(dialog.width() <= 1000, qPrintable(QString::number(dialog.width())));
        auto *typed = dialog.findChild<QLineEdit *>(QStringLiteral("gateTypedName"));
        QVERIFY2(typed->width() >= dialog.width() / 2, qPrintable(QString::number(typed->width())));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("gateTypeLabel"))->wordWrap());
        saveScreenshot(dialog, QStringLiteral("production-gate-long-path"));
    }

    // A rehearsal's dialog asks for the confirmation alone: no backup choice, no rehearsal offer.
    void dialogForARehearsal()
    {
        GatePrompt prompt = demoPrompt();
        prompt.rehearsalOnly = true;
        ProductionGateDialog dialog(prompt);
        dialog.show();
        for (const char *name : {"gateTakeBackup", "gateSkipBackup", "gateReuseBackup"})
            QVERIFY(!dialog.findChild<QRadioButton *>(QLatin1String(name))->isVisible());
        QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("gateRehearse"))->isVisible());
        QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("gateTypedName")), QStringLiteral("shop"));
        QVERIFY(ok->isEnabled());
        QVERIFY(dialog.answer().decision.rehearsalOnly);
        QVERIFY(!dialog.answer().rehearseFirst);
    }

    // A database another configuration marked production, from outside while the window is open: after a
    // refresh (F5, or coming back to the window) the banner says so, and a run meets the gate, though this
    // project's environment is not production.
    void markedDatabaseShowsTheBannerAndTheGate()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        std::optional<GatePrompt> asked;
        window.setGatePrompt([&asked](const GatePrompt &prompt) {
            asked = prompt;
            return std::optional<GateAnswer>();
        });
        QVERIFY(window.openProject(ini));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        auto *banner = window.findChild<QLabel *>(QStringLiteral("productionBanner"));
        QVERIFY(banner);
        QVERIFY(banner->isHidden());
        {
            const DatabaseUrl url =
                DatabaseUrl::parse(QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("dev.db"))).value();
            auto connection = DatabaseConnection::open(url);
            QVERIFY(connection.ok());
            QSqlDatabase db = connection.value()->database();
            const Status marked =
                ProductionMark::write(db, *SqlDialect::create(Dialect::SQLite), QString(), QStringLiteral("production"),
                                      DatabaseIdentity::ofSqliteFile(url.database()));
            QVERIFY2(marked.ok(), marked.ok() ? "" : qPrintable(marked.error().message));
        }
        QTest::keyClick(&window, Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisibleTo(&window), RunTimeout);
        QVERIFY2(banner->text().contains(QStringLiteral("production mark of environment 'production'")) &&
                     banner->text().contains(QFileInfo(dir.filePath(QStringLiteral("dev.db"))).canonicalFilePath()),
                 qPrintable(banner->text()));
        QSignalSpy declined(&window, &MainWindow::runDeclined);
        QVERIFY(window.startRun(RunRequest::Command::Upgrade, QStringLiteral("head")));
        QTRY_COMPARE_WITH_TIMEOUT(declined.size(), 1, RunTimeout); // cancelled at the gate
        QVERIFY(asked.has_value());
        QVERIFY2(asked->why.contains(QStringLiteral("carries the production mark of environment 'production'")),
                 qPrintable(asked->why));
        QCOMPARE(historyDirections(dir.filePath(QStringLiteral("dev.db"))), QStringList{QStringLiteral("stamp")});
    }

    void refusedRuns_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("skip");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("error");
        // NAME: what the prompt asks to type (the database file's canonical path).
        QTest::newRow("no backup, no reason")
            << QStringLiteral("NAME") << true << QString()
            << QStringLiteral("is production: it is the database of production environment 'development'. Skipping "
                              "the backup needs a written reason");
        QTest::newRow("the file name alone")
            << QStringLiteral("dev.db") << false << QString() << QStringLiteral("Typed 'dev.db', which is not '");
    }

    // Whatever the prompt answers, core decides: a bad answer ends the run before anything is written.
    void refusedRuns()
    {
        QFETCH(QString, typed);
        QFETCH(bool, skip);
        QFETCH(QString, reason);
        QFETCH(QString, error);
        QTemporaryDir dir;
        QString problem;
        const QString ini = productionDemo(dir, &problem);
        QVERIFY2(!ini.isEmpty(), qPrintable(problem));
        MainWindow window;
        window.setGatePrompt([&](const GatePrompt &prompt) {
            GateAnswer answer;
            answer.decision.typedName = typed == QLatin1String("NAME") ? prompt.databaseName : typed;
            answer.decision.skipBackup = skip;
            answer.decision.skipReason = reason;
            answer.rehearseFirst = prompt.rehearsalPossible;
            return std::optional<GateAnswer>(answer);
        });
        QVERIFY(window.openProject(ini));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QVERIFY(window.startRun(RunRequest::Command::Upgrade, QStringLiteral("head")));
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QCOMPARE(ended.at(0).at(0).toBool(), false);
        QVERIFY2(window.lastRunSummary().contains(error), qPrintable(window.lastRunSummary()));
        auto *errorText = window.findChild<QLabel *>(QStringLiteral("errorText"));
        QVERIFY(errorText == nullptr || errorText->text().contains(QStringLiteral("production environment")));
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->currentRows(), QStringList{Baseline}, RunTimeout);
        QCOMPARE(historyDirections(dir.filePath(QStringLiteral("dev.db"))), QStringList{QStringLiteral("stamp")});
        QVERIFY(!QDir(dir.filePath(QStringLiteral("backups"))).exists());
    }

    void cancelledGateRunsNothing()
    {
        QTemporaryDir dir;
        QString problem;
        const QString ini = productionDemo(dir, &problem);
        QVERIFY2(!ini.isEmpty(), qPrintable(problem));
        MainWindow window;
        GatePrompt asked;
        window.setGatePrompt([&](const GatePrompt &prompt) {
            asked = prompt;
            return std::optional<GateAnswer>();
        });
        QVERIFY(window.openProject(ini));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        QSignalSpy declined(&window, &MainWindow::runDeclined);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QVERIFY(window.startRun(RunRequest::Command::Upgrade, QStringLiteral("head")));
        QTRY_COMPARE_WITH_TIMEOUT(declined.size(), 1, RunTimeout);
        QCOMPARE(declined.at(0).at(0).toString(), QStringLiteral("Not run: cancelled at the production gate."));
        QCOMPARE(ended.size(), 0);
        QVERIFY(!window.isRunning());
        // The file's canonical path: two dev.db files elsewhere never take the same answer.
        QCOMPARE(asked.databaseName, QFileInfo(dir.filePath(QStringLiteral("dev.db"))).canonicalFilePath());
        QVERIFY2(asked.why.endsWith(QStringLiteral(" is production: it is the database of production environment "
                                                   "'development'")),
                 qPrintable(asked.why));
        QVERIFY2(asked.databaseDescription.startsWith(QStringLiteral("SQLite file ")),
                 qPrintable(asked.databaseDescription));
        QCOMPARE(asked.planLines.size(), 7);
        QVERIFY2(asked.planLines.first().startsWith(QStringLiteral("1. upgrade ae98aa32e0d2 -> ")),
                 qPrintable(asked.planLines.first()));
        QVERIFY2(asked.backupMethod.startsWith(QStringLiteral("sqlite into ")), qPrintable(asked.backupMethod));
        QVERIFY(asked.rehearsalPossible);
    }

    void passedGateBacksUpRehearsesAndRuns()
    {
        QTemporaryDir dir;
        QString problem;
        const QString ini = productionDemo(dir, &problem);
        QVERIFY2(!ini.isEmpty(), qPrintable(problem));
        MainWindow window;
        window.setGatePrompt(passTheGateRehearsingFirst);
        // The rehearsal stops before the head (Transactional: false): the six steps before it run, then the
        // window asks again before the one that was not rehearsed.
        QStringList asked;
        QStringList rowsWhenAsked;
        window.setConfirmation([&](const QString &title, const QString &text) {
            asked << title + u'\n' + text;
            rowsWhenAsked = versionRows(dir);
            return true;
        });
        QVERIFY(window.openProject(ini));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QSignalSpy gate(&window, &MainWindow::gatePassed);
        QVERIFY(window.startRun(RunRequest::Command::Upgrade, QStringLiteral("head")));
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QVERIFY2(ended.at(0).at(0).toBool(), qPrintable(window.lastRunSummary()));
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().startsWith(QStringLiteral("Run Past the Rehearsal?\nThe rehearsal stopped before "
                                                         "upgrade 9d5e3c7f1a42 -> %1")
                                              .arg(DemoHead)) &&
                     asked.first().contains(QStringLiteral("the database is at 9d5e3c7f1a42")),
                 qPrintable(asked.first()));
        QCOMPARE(rowsWhenAsked, QStringList{QStringLiteral("9d5e3c7f1a42")}); // committed before asking
        QVERIFY2(window.lastRunSummary().startsWith(QStringLiteral("Finished: 7 step(s)")),
                 qPrintable(window.lastRunSummary()));
        QCOMPARE(gate.size(), 1);
        const auto taken = gate.at(0).at(0).value<std::optional<BackupRecord>>();
        QVERIFY(taken.has_value());
        QVERIFY(QFileInfo::exists(taken->path));
        QCOMPARE(QFileInfo(taken->path).absolutePath(),
                 QFileInfo(dir.filePath(QStringLiteral("backups"))).absoluteFilePath());
        // The run wrote after it: it is not offered again as a backup of the database as it is now.
        QVERIFY(!window.recentBackup().has_value());
        const QString log = window.findChild<QPlainTextEdit *>(QStringLiteral("logPane"))->toPlainText();
        // The demo's head runs outside a transaction: the rehearsal stopped before it, and says so rather than
        // "passed".
        QVERIFY2(log.contains(QStringLiteral("Rehearsal stopped before upgrade 9d5e3c7f1a42 -> %1").arg(DemoHead)) &&
                     log.contains(QStringLiteral("that step was not rehearsed. Database unchanged: ")) &&
                     !log.contains(QStringLiteral("Rehearsal passed")),
                 qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("Backup ")), qPrintable(log));
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->currentRows(), QStringList{DemoHead}, RunTimeout);
        const QStringList directions = historyDirections(dir.filePath(QStringLiteral("dev.db")));
        QCOMPARE(directions.mid(0, 4), (QStringList{QStringLiteral("stamp"), QStringLiteral("backup"),
                                                    QStringLiteral("mark"), QStringLiteral("upgrade")}));
        // The stamp, the backup, the production mark the first gated run wrote, one row per upgrade (the
        // Transactional: false revision's row written first and finished in place).
        QVERIFY2(directions.size() == 3 + 7, qPrintable(directions.join(u' ')));

        // A rehearsal takes the run's locks: on production it asks for the confirmation alone.
        std::optional<GatePrompt> rehearsalPrompt;
        window.setGatePrompt([&rehearsalPrompt](const GatePrompt &prompt) {
            rehearsalPrompt = prompt;
            GateAnswer answer;
            answer.decision.typedName = prompt.databaseName;
            answer.decision.rehearsalOnly = prompt.rehearsalOnly;
            return std::optional<GateAnswer>(answer);
        });
        QVERIFY(window.startRun(RunRequest::Command::Downgrade, QStringLiteral("base"), true));
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 2, RunTimeout);
        QVERIFY2(ended.at(1).at(0).toBool(), qPrintable(window.lastRunSummary()));
        QVERIFY(rehearsalPrompt && rehearsalPrompt->rehearsalOnly);
        QCOMPARE(gate.size(), 1); // no backup was taken for it
        // The demo's head revision is Transactional: false (VACUUM): the rehearsal stops before it, and says
        // where, not where the run would end.
        QVERIFY2(
            window.lastRunSummary().startsWith(QStringLiteral("Rehearsal stopped before downgrade ") + DemoHead) &&
                window.lastRunSummary().contains(QStringLiteral("(Transactional: false), with the version table at ") +
                                                 DemoHead + QStringLiteral(": 0 step(s) ran and were rolled back")),
            qPrintable(window.lastRunSummary()));
        QVERIFY(window.findChild<QPlainTextEdit *>(QStringLiteral("logPane"))
                    ->toPlainText()
                    .contains(QStringLiteral("that step and the 7 after it were not rehearsed.")));
        QCOMPARE(historyDirections(dir.filePath(QStringLiteral("dev.db"))).size(), 3 + 7);
    }

    // Answering "no" when asked to go past the rehearsal keeps what was rehearsed and runs nothing else.
    void stopsWhereTheRehearsalStopped()
    {
        QTemporaryDir dir;
        QString problem;
        const QString ini = productionDemo(dir, &problem);
        QVERIFY2(!ini.isEmpty(), qPrintable(problem));
        MainWindow window;
        window.setGatePrompt(passTheGateRehearsingFirst);
        int asked = 0;
        window.setConfirmation([&asked](const QString &, const QString &) {
            ++asked;
            return false;
        });
        QVERIFY(window.openProject(ini));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QVERIFY(window.startRun(RunRequest::Command::Upgrade, QStringLiteral("head")));
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QCOMPARE(asked, 1);
        QCOMPARE(versionRows(dir), QStringList{QStringLiteral("9d5e3c7f1a42")});
        QVERIFY2(window.lastRunSummary().startsWith(QStringLiteral("Stopped before upgrade 9d5e3c7f1a42 -> %1, drop "
                                                                   "legacy scrape cache, as asked: the 6 rehearsed "
                                                                   "step(s) before it ran; the database is at "
                                                                   "9d5e3c7f1a42. The rest was not run.")
                                                        .arg(DemoHead)),
                 qPrintable(window.lastRunSummary()));
        QVERIFY(window.findChild<QPlainTextEdit *>(QStringLiteral("logPane"))
                    ->toPlainText()
                    .contains(QStringLiteral("Stopped before upgrade 9d5e3c7f1a42 -> %1, drop legacy scrape cache, as "
                                             "asked: it and what follows were not run.")
                                  .arg(DemoHead)));
        // The target goes back to every head: the step left is what the window offers next.
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->currentRows(), QStringList{QStringLiteral("9d5e3c7f1a42")},
                                  RunTimeout);
        QCOMPARE(window.target(), QStringLiteral("heads"));
    }
};

QTEST_MAIN(TestProductionGate)
#include "tst_productiongate.moc"
