// SPDX-License-Identifier: GPL-3.0-or-later
// Checklists walked in the workbench for real: the shipped preview test plan run step by step on a
// copy of the demo project (stamp, verify, upgrade, a test revision up, down, up and deleted again),
// and a production maintenance window whose {backup} step's backup the gate then reuses.
#include "core/checklist/ChecklistReport.h"
#include "tests/ui/DemoProject.h"
#include "ui/MainWindow.h"
#include "ui/ProjectSession.h"
#include "ui/checklist/ChecklistPanel.h"

#include <QDockWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

namespace {

// Runs every bound step of the open checklist in order, as the Run step button does, waiting for
// each to finish and for the database's rows to be read again. Returns "" or what went wrong.
QString walkBoundSteps(MainWindow &window, ChecklistPanel &panel)
{
    const QVector<ChecklistItem> items = panel.checklist()->items();
    for (const ChecklistItem &item : items) {
        if (item.action.isNone())
            continue;
        QSignalSpy rows(window.session(), &ProjectSession::currentRowsChanged);
        if (!panel.runStep(item.key))
            return QStringLiteral("step %1 did not start").arg(item.text);
        if (!QTest::qWaitFor([&] { return panel.runningKey().isEmpty() && !window.isRunning(); }, RunTimeout))
            return QStringLiteral("step %1 did not finish").arg(item.text);
        const WalkStep *step = panel.walk()->step(item.key);
        if (!step || step->outcome != StepOutcome::Succeeded || !step->done) {
            return QStringLiteral("step '%1' {%2}: %3")
                .arg(item.text, item.action.text(), step ? step->result : QStringLiteral("no step"));
        }
        // Runs re-read the rows afterwards; the next step must see them.
        const bool ranSomething = item.action.kind == ChecklistAction::Kind::Upgrade ||
                                  item.action.kind == ChecklistAction::Kind::Downgrade ||
                                  item.action.kind == ChecklistAction::Kind::Stamp;
        if (ranSomething && !QTest::qWaitFor([&] { return !rows.isEmpty(); }, RunTimeout))
            return QStringLiteral("rows not read again after %1").arg(item.text);
    }
    return QString();
}

} // namespace

class TestChecklistWalk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui")).clear();
    }

    // On a 1280×800 laptop screen the checklist dock shares the window: the graph, the plan and the editor
    // keep most of the width, and the dock still shows its steps' text.
    void dockLeavesTheWorkbenchRoomAt1280x800()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("checklistDock"));
        dock->show();
        QTRY_VERIFY(dock->isVisible() && dock->width() > 0);
        QCoreApplication::sendPostedEvents();
        QTest::qWait(50);
        saveScreenshot(window, QStringLiteral("checklist-dock-1280x800"));
        QVERIFY2(window.width() <= 1280 && window.height() <= 800,
                 qPrintable(QStringLiteral("%1x%2").arg(window.width()).arg(window.height())));
        const int central = window.centralWidget()->width();
        QVERIFY2(central >= 1280 * 65 / 100,
                 qPrintable(QStringLiteral("central %1, dock %2").arg(central).arg(dock->width())));
        QVERIFY2(dock->width() >= 320, qPrintable(QStringLiteral("dock %1").arg(dock->width())));
    }

    void previewTestPlanRunsEndToEnd()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        const QStringList filesBefore = QDir(dir.filePath(QStringLiteral("versions"))).entryList(QDir::Files);
        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(window.openProject(ini));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        auto *panel = window.findChild<ChecklistPanel *>(QStringLiteral("checklistPanel"));
        QVERIFY(panel);
        QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("checklistDock")));
        QVERIFY(panel->openChecklist(QStringLiteral(":/checklists/preview-test-plan.md")));

        const QString failure = walkBoundSteps(window, *panel);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(window.session()->currentRows(), QStringList{DemoHead});
        QCOMPARE(QDir(dir.filePath(QStringLiteral("versions"))).entryList(QDir::Files), filesBefore);

        // Saved beside the project, and read back as it was.
        const QString walkPath = panel->walkPath();
        QVERIFY(walkPath.startsWith(QFileInfo(dir.path()).absoluteFilePath() + QStringLiteral("/.retort/walks/")));
        auto saved = ChecklistWalk::load(walkPath);
        QVERIFY2(saved.ok(), saved.ok() ? "" : qPrintable(saved.error().message));
        QCOMPARE(saved->doneCount(), panel->walk()->doneCount());
        QCOMPARE(saved->finalRevisions, QStringList{DemoHead});
        const QString markdown = checklistReportMarkdown(*panel->checklist(), saved.value());
        QVERIFY2(markdown.contains(QStringLiteral("current is ") + DemoHead + QStringLiteral(" (head), as expected")),
                 qPrintable(markdown));
    }

    void productionWindowReusesTheBackupStep()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        QString text = readFile(ini);
        text.replace(QStringLiteral("[env.development]\n"), QStringLiteral("[env.development]\nproduction = true\n"));
        QVERIFY(writeFile(ini, text));
        MainWindow window;
        std::optional<BackupRecord> offered;
        window.setGatePrompt([&offered](const GatePrompt &prompt) {
            offered = prompt.recentBackup;
            GateAnswer answer;
            answer.decision.typedName = prompt.databaseName;
            answer.decision.existingBackup = prompt.recentBackup;
            return std::optional<GateAnswer>(answer);
        });
        QVERIFY(window.openProject(ini));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        auto *panel = window.findChild<ChecklistPanel *>(QStringLiteral("checklistPanel"));
        QVERIFY(panel->openChecklist(QStringLiteral(":/checklists/maintenance-window.md")));

        const QString failure = walkBoundSteps(window, *panel);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY(offered.has_value());
        QCOMPARE(QDir(dir.filePath(QStringLiteral("backups"))).entryList(QDir::Files).size(), 1);
        QVERIFY(panel->walk()->backup.has_value());
        QCOMPARE(panel->walk()->backup->path, offered->path);
        QCOMPARE(window.session()->currentRows(), QStringList{DemoHead});

        const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
        QCOMPARE(panel->exportPdf(pdf), QString());
        QCOMPARE(panel->exportMarkdown(dir.filePath(QStringLiteral("report.md"))), QString());
        const QString markdown = readFile(dir.filePath(QStringLiteral("report.md")));
        QVERIFY(markdown.contains(offered->path));
        // The report's plan says under each step what lint found in it, as `retort plan` does.
        QVERIFY2(markdown.contains(QStringLiteral("drop legacy scrape cache\n    error drop-table line 13: drops table "
                                                  "cache_scraped_raw and every row in it")),
                 qPrintable(markdown));
        const QString shots = qEnvironmentVariable("RETORT_UI_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QFile::remove(QDir(shots).filePath(QStringLiteral("walked-report.pdf")));
            QFile::copy(pdf, QDir(shots).filePath(QStringLiteral("walked-report.pdf")));
            window.findChild<QDockWidget *>(QStringLiteral("checklistDock"))->show();
            window.resize(1500, 900);
            window.show();
            QTest::qWait(50);
            saveScreenshot(window, QStringLiteral("walked-window"));
        }
    }
};

QTEST_MAIN(TestChecklistWalk)
#include "tst_checklistwalk.moc"
