// SPDX-License-Identifier: GPL-3.0-or-later
// A project with a broken file keeps its window: the graph shows what loads, the Problems list names
// each file left out with its line (double-click opens it there), and nothing runs or is created
// until the file is fixed, which the window notices by itself. The same for a broken retort.ini.
#include "ui/MainWindow.h"
#include "ui/ProjectSession.h"
#include "ui/editor/SqlEditor.h"
#include "ui/details/RevisionDetails.h"
#include "ui/graph/RevisionGraphView.h"
#include "ui/pending/PendingPanel.h"
#include "ui/problems/ProblemsPanel.h"

#include "DemoProject.h"

#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

namespace {

const QString LocaleRevision = QStringLiteral("8c4f2b6e9d31"); // on one side of the demo's merge
const QString LocaleFile = QStringLiteral("versions/8c4f2b6e9d31_add_user_locale.sql");

// Double-clicks the list's row `row`, as a user does.
void doubleClickRow(QTreeWidget *list, int row)
{
    QTreeWidgetItem *item = list->topLevelItem(row);
    QVERIFY(item);
    QTRY_VERIFY(list->isVisible() && list->viewport()->height() > 0); // the dock has just come up
    const QPoint at = list->visualItemRect(item).center();
    // A view acts on a double-click only on the row its press began on: the first click of the pair.
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, at);
}

QStringList rowTexts(QTreeWidget *list, int row)
{
    QStringList texts;
    for (int column = 0; column < list->columnCount(); ++column)
        texts << list->topLevelItem(row)->text(column);
    return texts;
}

} // namespace

class TestProblems : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui")).clear();
    }

    void brokenMigrationFileKeepsTheRestAndRunsNothing()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        int confirmations = 0;
        window.setConfirmation([&confirmations](const QString &, const QString &) { return ++confirmations > 0; });
        QVERIFY(window.openProject(ini));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *current = window.findChild<QLabel *>(QStringLiteral("currentRevisionLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(Baseline), RunTimeout);
        auto *graph = window.findChild<RevisionGraphView *>();
        QVERIFY(graph->selectRevision(window.session()->scripts().map().indexOf(AfterBaseline)));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
        QVERIFY(dock->isHidden());
        QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade"));
        QTRY_VERIFY_WITH_TIMEOUT(upgrade->isEnabled(), RunTimeout);

        // Another program writes SQL above the first section, in place.
        const QString broken = dir.filePath(LocaleFile);
        const QByteArray good = readFile(broken).toUtf8();
        QByteArray bad = good;
        const qsizetype section = bad.indexOf("-- migrate:upgrade");
        QVERIFY(section > 0);
        bad.insert(section, "DROP TABLE users;\n");
        const int badLine = int(bad.left(section).count('\n')) + 1;
        QVERIFY(rewriteInPlace(broken, bad));

        // The window keeps the part of the graph that loads, and the selection in it.
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasErrors(), 10000);
        const RevisionMap &map = window.session()->scripts().map();
        QCOMPARE(map.size(), 5); // the merge and the head hang below the broken file
        QCOMPARE(map.indexOf(LocaleRevision), -1);
        QCOMPARE(map.at(graph->selectedRevision()).id, AfterBaseline);

        // The Problems list comes up and names each file, its line and why.
        QVERIFY(!dock->isHidden());
        QCOMPARE(dock->windowTitle(), QStringLiteral("Problems (3 errors)"));
        auto *list = window.findChild<QTreeWidget *>(QStringLiteral("problemsList"));
        QCOMPARE(list->topLevelItemCount(), 3);
        QCOMPARE(rowTexts(list, 0),
                 (QStringList{QStringLiteral("Error"), LocaleFile, QString::number(badLine),
                              QStringLiteral("SQL outside a '-- migrate:upgrade' or '-- migrate:downgrade' section")}));
        QCOMPARE(rowTexts(list, 1).mid(1, 2),
                 (QStringList{QStringLiteral("versions/9d5e3c7f1a42_merge_audit_branch.sql"), QStringLiteral("4")}));
        QVERIFY2(rowTexts(list, 1).at(3).startsWith(
                     QStringLiteral("left out: it revises %1, whose file ").arg(LocaleRevision)),
                 qPrintable(rowTexts(list, 1).at(3)));
        QCOMPARE(rowTexts(list, 2).at(3), QStringLiteral("left out: it revises 9d5e3c7f1a42, which was left out"));

        // Nothing runs, stamps or is created on a graph that is not whole; each says why.
        const QString why = QStringLiteral("3 migration file(s) could not be loaded (see Problems)");
        for (const QString &name : {QStringLiteral("Upgrade"), QStringLiteral("Downgrade"), QStringLiteral("Stamp"),
                                    QStringLiteral("Rehearse the Plan"), QStringLiteral("New Revision…")}) {
            QAction *action = actionNamed(window, name);
            QVERIFY2(action, qPrintable(name));
            QVERIFY2(!action->isEnabled(), qPrintable(name));
            QVERIFY2(action->toolTip().contains(why), qPrintable(name + QStringLiteral(": ") + action->toolTip()));
        }
        auto *pending = window.findChild<PendingPanel *>();
        QVERIFY2(pending->errorText().contains(why), qPrintable(pending->errorText()));
        QSignalSpy declined(&window, &MainWindow::runDeclined);
        if (window.startRun(RunRequest::Command::Upgrade, QStringLiteral("head")))
            QTRY_COMPARE_WITH_TIMEOUT(declined.size(), 1, RunTimeout);
        QCOMPARE(confirmations, 0);
        QCOMPARE(versionRows(dir), QStringList{Baseline});

        // Double-clicking the first problem opens the file at its line; no other revision's details stay beside it.
        doubleClickRow(list, 0);
        QCOMPARE(QFileInfo(window.editor()->filePath()).canonicalFilePath(), QFileInfo(broken).canonicalFilePath());
        QCOMPARE(window.editor()->errorLine(), badLine);
        QCOMPARE(graph->selectedRevision(), -1);
        QCOMPARE(window.findChild<RevisionDetails *>()->revision(), -1);
        saveScreenshot(window, QStringLiteral("problems"));

        // Fixed outside (in place again): the whole graph is back, the list goes, runs are offered again.
        QVERIFY(rewriteInPlace(broken, good));
        QTRY_VERIFY_WITH_TIMEOUT(!window.session()->hasErrors(), 10000);
        QCOMPARE(window.session()->scripts().map().size(), 8);
        QCOMPARE(list->topLevelItemCount(), 0);
        QVERIFY(dock->isHidden());
        QTRY_VERIFY_WITH_TIMEOUT(upgrade->isEnabled(), RunTimeout);
    }

    // retort.ini's warnings (a password in plain text, an unknown key) are listed with their lines; they
    // stop nothing, and the list does not jump up for them (View > Problems shows it).
    void retortIniWarningsAreListed()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        QString text = readFile(ini);
        text += QStringLiteral("\n[env.staging]\nurl = postgresql://app:s3cret@127.0.0.1:1/app\ncolour = blue\n");
        QVERIFY(writeFile(ini, text));
        const int lines = int(text.count(u'\n'));
        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.show();
        auto *list = window.findChild<QTreeWidget *>(QStringLiteral("problemsList"));
        QCOMPARE(list->topLevelItemCount(), 2);
        QCOMPARE(rowTexts(list, 0).mid(0, 3),
                 (QStringList{QStringLiteral("Warning"), QStringLiteral("retort.ini"), QString::number(lines - 1)}));
        QVERIFY2(rowTexts(list, 0).at(3).contains(QStringLiteral("password in plain text")),
                 qPrintable(rowTexts(list, 0).at(3)));
        QVERIFY(!rowTexts(list, 0).at(3).contains(QStringLiteral("s3cret")));
        QCOMPARE(rowTexts(list, 1).mid(0, 3),
                 (QStringList{QStringLiteral("Warning"), QStringLiteral("retort.ini"), QString::number(lines)}));
        QCOMPARE(rowTexts(list, 1).at(3), QStringLiteral("unknown key 'colour' in [env.staging]"));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
        QVERIFY(dock->isHidden());
        QCOMPARE(dock->windowTitle(), QStringLiteral("Problems (2 warnings)"));
        QVERIFY(!window.session()->hasErrors());
        QTRY_VERIFY_WITH_TIMEOUT(actionNamed(window, QStringLiteral("Upgrade"))->isEnabled(), RunTimeout);
    }

    // A misspelt rule in [lint] is listed at its line, not silently read as the defaults; it stops no run.
    void misspeltLintRuleIsListed()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        QString text = readFile(ini);
        text += QStringLiteral("\n[lint]\nblockng = error\n");
        QVERIFY(writeFile(ini, text));
        const int lines = int(text.count(u'\n'));
        MainWindow window;
        QVERIFY(window.openProject(ini));
        auto *list = window.findChild<QTreeWidget *>(QStringLiteral("problemsList"));
        QCOMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(rowTexts(list, 0).mid(0, 3),
                 (QStringList{QStringLiteral("Warning"), QStringLiteral("retort.ini"), QString::number(lines)}));
        QVERIFY2(rowTexts(list, 0).at(3).contains(
                     QStringLiteral("unknown rule or category 'blockng' in [lint] (did you mean 'blocking'?)")),
                 qPrintable(rowTexts(list, 0).at(3)));
        QVERIFY(!window.session()->hasErrors());
    }

    void brokenRetortIniOpensAtItsLine()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.show();
        const QString good = readFile(ini);
        const int badLine = int(good.count(u'\n')) + 1;
        QVERIFY(writeFile(ini, good + QStringLiteral("[env.staging\n")));

        QTRY_VERIFY_WITH_TIMEOUT(!window.session()->isLoaded(), 10000);
        auto *list = window.findChild<QTreeWidget *>(QStringLiteral("problemsList"));
        QCOMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(rowTexts(list, 0),
                 (QStringList{QStringLiteral("Error"), QStringLiteral("retort.ini"), QString::number(badLine),
                              QStringLiteral("expected 'key = value' or '[section]'")}));
        QVERIFY(!window.findChild<QDockWidget *>(QStringLiteral("problemsDock"))->isHidden());
        QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade"));
        QVERIFY(!upgrade->isEnabled());
        QCOMPARE(upgrade->toolTip(), QStringLiteral("The project could not be loaded (see Problems)."));
        // The error is said once, with its place once.
        const QString strip = window.findChild<QLabel *>(QStringLiteral("errorText"))->text();
        QCOMPARE(strip.count(QStringLiteral("retort.ini")), 1);

        doubleClickRow(list, 0);
        QCOMPARE(QFileInfo(window.editor()->filePath()).canonicalFilePath(), QFileInfo(ini).canonicalFilePath());
        QCOMPARE(window.editor()->errorLine(), badLine);

        QVERIFY(writeFile(ini, good));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->isLoaded(), 10000);
        QCOMPARE(list->topLevelItemCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(upgrade->isEnabled(), RunTimeout);
    }
};

QTEST_MAIN(TestProblems)
#include "tst_problems.moc"
