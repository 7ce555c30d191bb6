// SPDX-License-Identifier: GPL-3.0-or-later
// What the window shows is exactly what runs: one target and one plan (RunController) for the pending
// panel, the toolbar, the title and every confirmation; the database read again before asking; a run
// refused when the plan on screen is no longer what the database plans to, or when a file changed.
// Each case drives the real window offscreen on a copy of the demo project.
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/RunRequest.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"
#include "ui/EnvironmentBar.h"
#include "ui/MainWindow.h"
#include "ui/ProjectSession.h"
#include "ui/RunController.h"
#include "ui/details/RevisionDetails.h"
#include "ui/editor/SqlEditor.h"
#include "ui/graph/RevisionGraphModel.h"
#include "ui/graph/RevisionGraphView.h"
#include "ui/pending/PendingPanel.h"

#include "DemoProject.h"

#include <QPlainTextEdit>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "ui/editor/QsciIncludes.h"

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

class TestRunFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui")).clear();
    }

    // Typing a target is choosing it for every part of the window: the header, the title and the
    // confirmation name it, and Upgrade runs that plan, not another.
    void typedTargetIsWhatRuns()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        QStringList asked;
        window.setConfirmation([&asked](const QString &, const QString &text) {
            asked << text;
            return true;
        });
        QVERIFY(window.openProject(ini));
        window.show();
        auto *pending = window.findChild<PendingPanel *>();
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 7, RunTimeout);

        auto *combo = pending->findChild<QComboBox *>();
        QVERIFY(combo && combo->lineEdit());
        combo->lineEdit()->selectAll();
        QTest::keyClicks(combo->lineEdit(), AfterBaseline);
        QCOMPARE(window.target(), AfterBaseline);
        QCOMPARE(pending->stepTexts().size(), 1);
        QVERIFY2(window.windowTitle().contains(QStringLiteral("→ ") + AfterBaseline), qPrintable(window.windowTitle()));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("targetLabel"))->text().contains(AfterBaseline));
        QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade"));
        QVERIFY(upgrade);
        QVERIFY(upgrade->isEnabled());
        QVERIFY2(upgrade->toolTip().contains(QStringLiteral("Upgrade to %1: 1 step(s)").arg(AfterBaseline)),
                 qPrintable(upgrade->toolTip()));

        QSignalSpy ended(&window, &MainWindow::runEnded);
        upgrade->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QVERIFY2(ended.at(0).at(0).toBool(), qPrintable(window.lastRunSummary()));
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().contains(QStringLiteral("to %1: 1 step(s).").arg(AfterBaseline)),
                 qPrintable(asked.first()));
        // The confirmation lists the step itself, not only how many.
        QVERIFY2(asked.first().contains(QStringLiteral("1. upgrade %1 -> %2").arg(Baseline, AfterBaseline)),
                 qPrintable(asked.first()));
        QCOMPARE(versionRows(dir), QStringList{AfterBaseline});
        // After a run the target is every head again, not a downgrade of what was just applied, and the log
        // says so.
        QCOMPARE(window.target(), RunController::defaultTarget());
        QVERIFY(window.findChild<QPlainTextEdit *>(QStringLiteral("logPane"))
                    ->toPlainText()
                    .contains(QStringLiteral("The target is back to heads")));
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 6, RunTimeout);
        QVERIFY(!pending->isDowngrade());
    }

    // The run actions act on the plan on screen only: Upgrade is off for a downgrade plan, and says why.
    void actionsMatchThePlan()
    {
        DEMO_PROJECT(dir, ini, DemoHead);
        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return false; });
        QVERIFY(window.openProject(ini));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade"));
        QAction *downgrade = actionNamed(window, QStringLiteral("Downgrade"));
        QTRY_VERIFY_WITH_TIMEOUT(upgrade->toolTip().startsWith(QStringLiteral("Nothing to upgrade")), RunTimeout);
        QVERIFY(!upgrade->isEnabled());
        window.setTarget(Baseline);
        QVERIFY(!upgrade->isEnabled());
        QVERIFY2(upgrade->toolTip().contains(QStringLiteral("lies below the database")),
                 qPrintable(upgrade->toolTip()));
        QVERIFY(downgrade->isEnabled());
        window.upgrade(); // asked anyway (a shortcut, a script): refused, with the reason
        QVERIFY(!window.isRunning());
        const QString error = window.findChild<QLabel *>(QStringLiteral("errorText"))->text();
        QVERIFY2(error.contains(QStringLiteral("is a downgrade")), qPrintable(error));
    }

    // Another program moved the database after the plan was shown: pressing Upgrade reads it again,
    // says so, updates the plan on screen and runs nothing.
    void databaseMovedSinceThePlan()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        int confirmations = 0;
        window.setConfirmation([&confirmations](const QString &, const QString &) {
            ++confirmations;
            return true;
        });
        QVERIFY(window.openProject(ini));
        window.show();
        auto *pending = window.findChild<PendingPanel *>();
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 7, RunTimeout);

        QCOMPARE(upgradeFromOutside(ini, AfterBaseline), QString());
        QSignalSpy declined(&window, &MainWindow::runDeclined);
        window.upgrade();
        QTRY_COMPARE_WITH_TIMEOUT(declined.size(), 1, RunTimeout);
        QVERIFY2(declined.at(0).at(0).toString().startsWith(
                     QStringLiteral("The database changed since the plan was shown: it was at %1, it is at %2 now")
                         .arg(Baseline, AfterBaseline)),
                 qPrintable(declined.at(0).at(0).toString()));
        QCOMPARE(confirmations, 0);
        QCOMPARE(versionRows(dir), QStringList{AfterBaseline});
        QCOMPARE(pending->stepTexts().size(), 6);
    }

    // Every confirmation names the step count, the risks lint finds, and what runs outside a
    // transaction; a stamp that changes nothing asks nothing.
    void confirmationNamesTheRisks()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        QString asked;
        window.setConfirmation([&asked](const QString &, const QString &text) {
            asked = text;
            return false;
        });
        QVERIFY(window.openProject(ini));
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.findChild<PendingPanel *>()->stepTexts().size(), 7, RunTimeout);
        QSignalSpy declined(&window, &MainWindow::runDeclined);
        window.upgrade();
        QTRY_COMPARE_WITH_TIMEOUT(declined.size(), 1, RunTimeout);
        QVERIFY2(asked.contains(QStringLiteral("to heads: 7 step(s).")) &&
                     asked.contains(
                         QStringLiteral("revision(s) with risks lint finds (retort lint says how to avoid each):\n")) &&
                     asked.contains(QStringLiteral("%1 drop legacy scrape cache: drops table cache_scraped_raw (error)")
                                        .arg(DemoHead)) &&
                     asked.contains(QStringLiteral("1 revision(s) run outside a transaction")),
                 qPrintable(asked));

        asked.clear();
        window.setTarget(Baseline);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        window.stamp();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QVERIFY(asked.isEmpty());
        QVERIFY2(window.lastRunSummary().startsWith(QStringLiteral("Nothing to stamp")),
                 qPrintable(window.lastRunSummary()));
    }

    // A revision file rewritten in place (same inode) after the window read it: the run never uses the
    // stale parse; it stops, names the file, and nothing runs.
    void fileRewrittenInPlaceNeverRunsStale()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(window.openProject(ini));
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.findChild<PendingPanel *>()->stepTexts().size(), 7, RunTimeout);
        window.setTarget(AfterBaseline);
        const QString path =
            window.session()->scripts().script(window.session()->scripts().map().indexOf(AfterBaseline)).path;
        window.session()->holdReloads(true); // as while the window is busy: the file changes, the parse stays
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QByteArray bytes = file.readAll();
            const qsizetype at = bytes.indexOf("last_used_at");
            QVERIFY(at > 0);
            bytes.replace(at, 12, "LAST_USED_AT");
            QVERIFY(file.seek(0));
            QCOMPARE(file.write(bytes), bytes.size());
        }
        QSignalSpy ended(&window, &MainWindow::runEnded);
        window.upgrade();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QVERIFY(!ended.at(0).at(0).toBool());
        QVERIFY2(window.lastRunSummary().contains(QStringLiteral("(changed on disk since it was read)")),
                 qPrintable(window.lastRunSummary()));
        QCOMPARE(versionRows(dir), QStringList{Baseline});
    }

    // An environment whose database cannot be read: no applied colours carried over from the previous
    // one, and the run actions are off with the reason shown.
    void unknownDatabaseDisablesRuns()
    {
        DEMO_PROJECT(dir, ini, DemoHead);
        QVERIFY(writeFile(ini, readFile(ini) + QStringLiteral("\n[env.unreachable]\nurl = "
                                                              "postgresql://u:p@127.0.0.1:1/db?connect_timeout=2\n")));
        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        window.session()->setEnvironment(QStringLiteral("unreachable"));
        QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade"));
        QVERIFY(!window.runController()->plan().rowsKnown);
        QVERIFY(!upgrade->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(upgrade->toolTip().startsWith(QStringLiteral("The database has not been read: ")) &&
                                     !upgrade->toolTip().contains(QStringLiteral("connecting")),
                                 RunTimeout);
        QVERIFY(!actionNamed(window, QStringLiteral("Stamp"))->isEnabled());
        QVERIFY(window.findChild<RevisionGraphView *>()->model()->currentRows().isEmpty());
    }

    // Unsaved edits are never thrown away silently: switching to another revision, another environment
    // or another project asks; Cancel keeps them (and the graph's selection), Discard shows the file as
    // on disk, Save writes it.
    void unsavedEditsAreNeverThrownAway_data()
    {
        QTest::addColumn<int>("answer");
        QTest::newRow("cancel") << int(MainWindow::UnsavedAnswer::Cancel);
        QTest::newRow("discard") << int(MainWindow::UnsavedAnswer::Discard);
        QTest::newRow("save") << int(MainWindow::UnsavedAnswer::Save);
    }

    void unsavedEditsAreNeverThrownAway()
    {
        QFETCH(int, answer);
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        QStringList asked;
        window.setUnsavedPrompt([&asked, answer](const QString &, const QString &what) {
            asked << what;
            return MainWindow::UnsavedAnswer(answer);
        });
        QVERIFY(window.openProject(ini));
        window.show();
        auto *graph = window.findChild<RevisionGraphView *>();
        // Held: saving the edits reloads the project, and the window lets this snapshot go.
        const std::shared_ptr<const ScriptDirectory> scripts = window.session()->sharedScripts();
        const int first = scripts->map().indexOf(AfterBaseline);
        const QString path = scripts->script(first).path;
        QVERIFY(graph->selectRevision(first));
        QCOMPARE(window.editor()->filePath(), path);
        window.editor()->view()->append(QStringLiteral("-- a note not saved yet\n"));
        QVERIFY(window.editor()->isModified());
        QVERIFY2(window.windowTitle().startsWith(QStringLiteral("* ")), qPrintable(window.windowTitle()));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("editorTitle"))->text().contains(QStringLiteral("modified")));

        const int other = scripts->map().indexOf(DemoHead);
        QVERIFY(graph->selectRevision(other));
        QCOMPARE(asked, QStringList{QStringLiteral("opening another revision")});
        const bool kept = answer == int(MainWindow::UnsavedAnswer::Cancel);
        QCOMPARE(window.editor()->filePath(), kept ? path : scripts->script(other).path);
        // The graph, the details and the editor agree on one revision (the graph's after the click settles).
        QTRY_COMPARE(graph->selectedRevision(), kept ? first : other);
        QCOMPARE(window.findChild<RevisionDetails *>()->revision(), kept ? first : other);
        QCOMPARE(readFile(path).contains(QStringLiteral("a note not saved yet")),
                 answer == int(MainWindow::UnsavedAnswer::Save));
        if (!kept)
            return;
        // Another environment or another project asks too, and Cancel stays.
        auto *environments = window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        environments->setCurrentText(QStringLiteral("production"));
        QCOMPARE(window.session()->environment(), QStringLiteral("development"));
        QCOMPARE(environments->currentText(), QStringLiteral("development"));
        QVERIFY(!window.openProject(ini));
        QCOMPARE(asked.size(), 3);
        QVERIFY(window.editor()->isModified());
        QVERIFY(window.editor()->text().contains(QStringLiteral("a note not saved yet")));
    }

    // Upgrade while the editor holds unsaved edits of a revision: the run never uses the file on disk
    // while the screen shows other text. Saved first, the run runs what was saved.
    void unsavedEditsBeforeARun()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return true; });
        MainWindow::UnsavedAnswer answer = MainWindow::UnsavedAnswer::Cancel;
        int asked = 0;
        window.setUnsavedPrompt([&](const QString &, const QString &) {
            ++asked;
            return answer;
        });
        QVERIFY(window.openProject(ini));
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.findChild<PendingPanel *>()->stepTexts().size(), 7, RunTimeout);
        window.setTarget(AfterBaseline);
        const int first = window.session()->scripts().map().indexOf(AfterBaseline);
        QVERIFY(window.findChild<RevisionGraphView *>()->selectRevision(first));
        // The edit adds a table to the upgrade section.
        QString text = window.editor()->text();
        text.replace(QStringLiteral("-- migrate:downgrade"),
                     QStringLiteral("CREATE TABLE saved_before_the_run (id INTEGER);\n\n-- migrate:downgrade"));
        window.editor()->view()->selectAll();
        window.editor()->view()->replaceSelectedText(text);
        QVERIFY(window.editor()->isModified());

        window.upgrade();
        QCOMPARE(asked, 1);
        QVERIFY(!window.isRunning()); // cancelled: nothing asked, nothing run
        QCOMPARE(versionRows(dir), QStringList{Baseline});

        answer = MainWindow::UnsavedAnswer::Save;
        QSignalSpy ended(&window, &MainWindow::runEnded);
        window.upgrade();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QVERIFY2(ended.at(0).at(0).toBool(), qPrintable(window.lastRunSummary()));
        QCOMPARE(versionRows(dir), QStringList{AfterBaseline});
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tables"));
            db.setDatabaseName(dir.filePath(QStringLiteral("dev.db")));
            QVERIFY(db.open());
            QVERIFY(db.tables().contains(QStringLiteral("saved_before_the_run")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tables"));
    }
};

QTEST_MAIN(TestRunFlow)
#include "tst_runflow.moc"
