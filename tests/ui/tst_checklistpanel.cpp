// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"
#include "core/runtime/HistoryRecord.h"
#include "ui/checklist/ChecklistPanel.h"
#include "ui/checklist/ChecklistReportPdf.h"
#include "ui/checklist/ChecklistStepList.h"
#include "ui/checklist/ChecklistStepModel.h"

#include "DemoProject.h"
#include "tests/support/ChecklistSteps.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QAbstractTextDocumentLayout>
#include <QPdfWriter>
#include <QPushButton>
#include <QTextDocument>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStyle>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace retort;
using retort::testing::cellText;
using retort::testing::checkState;
using retort::testing::darkPalette;
using retort::testing::readFile;
using retort::testing::saveScreenshot;
using retort::ui::ChecklistPanel;
using retort::ui::ChecklistReportPdf;
using retort::ui::ChecklistStepList;
using retort::ui::ChecklistStepModel;

namespace {

const QString MaintenanceWindow = QStringLiteral(":/checklists/maintenance-window.md");
const QString PreviewTestPlan = QStringLiteral(":/checklists/preview-test-plan.md");
const QString Database = QStringLiteral("postgresql://u:***@h/db");
const QString Environment = QStringLiteral("production");

QDateTime utc(int hour, int minute, int second = 0)
{
    return QDateTime(QDate(2026, 11, 25), QTime(hour, minute, second), Qt::UTC);
}

QString currentUser()
{
    HistoryRecord who;
    who.setWhoAndWhere();
    return who.osUser;
}

// The key of the checklist's first item whose text contains `text`.
QString keyOf(const ChecklistPanel &panel, const QString &text)
{
    for (const ChecklistItem &item : panel.checklist()->items()) {
        if (item.text.contains(text))
            return item.key;
    }
    return QString();
}

ChecklistStepList *stepsOf(const ChecklistPanel &panel)
{
    return panel.findChild<ChecklistStepList *>(QStringLiteral("checklistSteps"));
}

ChecklistStepModel &modelOf(const ChecklistPanel &panel)
{
    return *stepsOf(panel)->stepModel();
}

// A step's row in the list, in `column`.
QModelIndex rowOf(const ChecklistPanel &panel, const QString &key, int column = ChecklistStepModel::StepColumn)
{
    return retort::testing::stepIndex(modelOf(panel), key, column);
}

// Flips a step's check box as the list's delegate does (a click or the space bar).
void setChecked(ChecklistPanel &panel, const QString &key, bool checked)
{
    QVERIFY(retort::testing::setChecked(modelOf(panel), key, checked));
}

// Clicks the check box of a step's row, as a user does.
void clickCheckBox(ChecklistPanel &panel, const QString &key)
{
    ChecklistStepList *tree = stepsOf(panel);
    const QModelIndex index = rowOf(panel, key);
    QVERIFY(index.isValid());
    tree->scrollTo(index);
    QStyleOptionViewItem option;
    option.initFrom(tree->viewport());
    option.rect = tree->visualRect(index);
    option.features = QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDisplay;
    option.text = cellText(index);
    const QRect box = tree->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, tree);
    QVERIFY(box.isValid());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier, box.center());
}

void selectStep(ChecklistPanel &panel, const QString &key)
{
    const QModelIndex index = rowOf(panel, key);
    QVERIFY(index.isValid());
    stepsOf(panel)->setCurrentIndex(index);
}

template <typename T> T *child(const ChecklistPanel &panel, const char *name)
{
    return panel.findChild<T *>(QString::fromLatin1(name));
}

} // namespace

class TestChecklistPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void disabledWithoutProject();
    void opensShippedChecklists();
    void tickManualStepWithNote();
    void untickUndoes();
    void skipNeedsAReason();
    void boundStepTickedByHandNeedsAReason();
    void runBoundStep();
    void failedActionStaysOpen();
    void restoresWalkAfterRestart();
    void windowTimer();
    void plannedStartInTheFuture();
    void exportsMarkdown();
    void exportsPdf();
    void pdfKeepsRowsWhole();
    void changedChecklistShowsWarning();
    void resetStartsANewWalk();
    void unreadableWalkIsNotOverwritten();
    void walkBegunOnAnotherDatabaseIsNotWalked();
    void screenshots();
};

void TestChecklistPanel::disabledWithoutProject()
{
    ChecklistPanel panel;
    QVERIFY(!panel.isEnabled());
    QVERIFY(!panel.walk());
    QVERIFY(!panel.checklist());
    QVERIFY(panel.walkPath().isEmpty());
    QVERIFY(!panel.exportMarkdown(QStringLiteral("/nonexistent/x.md")).isEmpty());
}

void TestChecklistPanel::opensShippedChecklists()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    panel.setProject(dir.path(), Environment, Database);
    QVERIFY(panel.isEnabled());
    auto *combo = child<QComboBox>(panel, "checklistCombo");
    QVERIFY(combo);
    QCOMPARE(combo->count(), 3);
    QVERIFY(combo->itemText(combo->findData(MaintenanceWindow)).contains(QLatin1String("built-in")));
    // The maintenance window is the default choice.
    QVERIFY(panel.checklist());
    QCOMPARE(panel.checklist()->path(), MaintenanceWindow);

    QVERIFY(panel.openChecklist(PreviewTestPlan));
    QCOMPARE(combo->currentData().toString(), PreviewTestPlan);
    QVERIFY(panel.walk());
    QCOMPARE(panel.walk()->steps.size(), panel.checklist()->items().size());
    QCOMPARE(panel.walk()->environment, Environment);
    QCOMPARE(panel.walk()->database, Database);
    QCOMPARE(panel.walkPath(), ChecklistWalk::savePath(dir.path(), PreviewTestPlan, Environment));
    QCOMPARE(child<QLabel>(panel, "checklistTitle")->text(), panel.checklist()->title());
    // Every item shows, with its number and what its action does, in words.
    const QString stamp = keyOf(panel, QStringLiteral("Stamp the baseline"));
    const QModelIndex item = rowOf(panel, stamp);
    QVERIFY(item.isValid());
    QVERIFY(cellText(item).startsWith(QLatin1String("1. Stamp the baseline")));
    QVERIFY2(cellText(item).endsWith(QStringLiteral(" — Runs: stamp ae98aa32e0d2")), qPrintable(cellText(item)));
    QVERIFY(!cellText(item).contains(u'{'));
    QCOMPARE(cellText(item.parent()), QStringLiteral("Adopt — 0 of 4 done"));

    QVERIFY(!panel.openChecklist(QStringLiteral(":/checklists/no-such.md")));
    QVERIFY(!panel.checklist());
    QVERIFY(panel.warningText().contains(QLatin1String("no-such.md")));
    QVERIFY(panel.openChecklist(MaintenanceWindow));
    QVERIFY(panel.warningText().isEmpty());

    // The description shows its first paragraph; the rest on demand.
    auto *description = child<QLabel>(panel, "checklistDescription");
    QVERIFY(description->text().startsWith(QLatin1String("For schema changes")));
    QVERIFY(!description->text().contains(QLatin1String("The same steps adopt")));
    QTest::mouseClick(child<QToolButton>(panel, "descriptionToggle"), Qt::LeftButton);
    QVERIFY(description->text().contains(QLatin1String("The same steps adopt")));
}

void TestChecklistPanel::tickManualStepWithNote()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    const QDateTime clock = utc(22, 3, 7);
    panel.setClock([clock] { return clock; });
    panel.setProject(dir.path(), Environment, Database);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy changed(&panel, &ChecklistPanel::walkChanged);

    const QString key = keyOf(panel, QStringLiteral("Stop the application"));
    QVERIFY(!key.isEmpty());
    selectStep(panel, key);
    auto *note = child<QLineEdit>(panel, "stepNote");
    QVERIFY(note && note->isEnabled());
    note->setFocus();
    QTest::keyClicks(note, QStringLiteral("maintenance page on"));
    clickCheckBox(panel, key);

    const WalkStep *step = panel.walk()->step(key);
    QVERIFY(step);
    QVERIFY(step->done);
    QCOMPARE(step->by, currentUser());
    QCOMPARE(step->at, clock);
    QCOMPARE(step->note, QStringLiteral("maintenance page on"));
    QCOMPARE(panel.walk()->startedAt, clock);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(checkState(rowOf(panel, key)), Qt::Checked);
    const QString done = cellText(rowOf(panel, key, ChecklistStepModel::DoneColumn));
    QVERIFY2(done.contains(currentUser()) && done.contains(QLatin1String("22:03")), qPrintable(done));
    QVERIFY(child<QLabel>(panel, "walkSummary")->text().contains(QLatin1String("1 of 12 steps done")));

    // Saved at once.
    const auto saved = ChecklistWalk::load(panel.walkPath());
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    QCOMPARE(*saved, *panel.walk());

    // The note stays editable after the check.
    note->clear();
    QTest::keyClicks(note, QStringLiteral("maintenance page on at 22:03"));
    QCOMPARE(panel.walk()->step(key)->note, QStringLiteral("maintenance page on at 22:03"));
    QCOMPARE(ChecklistWalk::load(panel.walkPath())->step(key)->note, QStringLiteral("maintenance page on at 22:03"));
}

void TestChecklistPanel::untickUndoes()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    panel.setClock([] { return utc(22, 5); });
    panel.setProject(dir.path(), Environment, Database);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QString key = keyOf(panel, QStringLiteral("Deploy the new code"));
    selectStep(panel, key);
    child<QLineEdit>(panel, "stepNote")->setText(QStringLiteral("v2.4.0"));
    clickCheckBox(panel, key);
    QVERIFY(panel.walk()->step(key)->done);

    // The keyboard too: space on the selected row unticks it.
    stepsOf(panel)->setFocus();
    QTest::keyClick(stepsOf(panel), Qt::Key_Space);
    const WalkStep *step = panel.walk()->step(key);
    QVERIFY(!step->done);
    QVERIFY(step->by.isEmpty());
    QVERIFY(!step->at.isValid());
    QCOMPARE(step->note, QStringLiteral("v2.4.0")); // what was written stays
    QCOMPARE(checkState(rowOf(panel, key)), Qt::Unchecked);
    QVERIFY(cellText(rowOf(panel, key, ChecklistStepModel::DoneColumn)).isEmpty());
    QVERIFY(!ChecklistWalk::load(panel.walkPath())->step(key)->done);
}

void TestChecklistPanel::skipNeedsAReason()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    panel.setClock([] { return utc(22, 40); });
    panel.setProject(dir.path(), Environment, Database);
    const QString key = keyOf(panel, QStringLiteral("Only if verification"));
    selectStep(panel, key);
    auto *skip = child<QPushButton>(panel, "skipStepButton");
    QVERIFY(skip->isEnabled());
    skip->click();
    QVERIFY(!panel.walk()->step(key)->done); // no reason given yet
    QVERIFY(child<QLabel>(panel, "stepInfo")->text().contains(QLatin1String("why the step is skipped")));
    child<QLineEdit>(panel, "stepNote")->setText(QStringLiteral("verification passed"));
    skip->click();
    const WalkStep *step = panel.walk()->step(key);
    QVERIFY(step->done);
    QCOMPARE(step->outcome, StepOutcome::Skipped);
    QCOMPARE(step->note, QStringLiteral("verification passed"));
    QCOMPARE(cellText(rowOf(panel, key, ChecklistStepModel::ResultColumn)), QStringLiteral("skipped"));
    // Skipped is dealt with, not done: no tick, and the Done column says skipped.
    QCOMPARE(checkState(rowOf(panel, key)), Qt::Unchecked);
    QVERIFY2(cellText(rowOf(panel, key, ChecklistStepModel::DoneColumn)).startsWith(QLatin1String("skipped")),
             qPrintable(cellText(rowOf(panel, key, ChecklistStepModel::DoneColumn))));
    QVERIFY(!panel.exportMarkdown(dir.filePath(QStringLiteral("r.md"))).size());
    const QString report = readFile(dir.filePath(QStringLiteral("r.md")));
    QVERIFY2(report.contains(QLatin1String("| skipped | ")), qPrintable(report));
    // The same button takes the skip back.
    QCOMPARE(skip->text().remove(u'&'), QStringLiteral("Reopen Step"));
    QVERIFY(skip->isEnabled());
    skip->click();
    QVERIFY(!panel.walk()->step(key)->done);
    QCOMPARE(panel.walk()->step(key)->outcome, StepOutcome::NotRun);
    QCOMPARE(skip->text().remove(u'&'), QStringLiteral("Skip step"));
}

void TestChecklistPanel::boundStepTickedByHandNeedsAReason()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    panel.setClock([] { return utc(22, 40); });
    panel.setProject(dir.path(), Environment, Database);
    const QString key = keyOf(panel, QStringLiteral("Take a backup"));
    selectStep(panel, key);
    // Ticked without a reason: it does not stick, and the panel says what is needed.
    setChecked(panel, key, true);
    QVERIFY(!panel.walk()->step(key)->done);
    QCOMPARE(checkState(rowOf(panel, key)), Qt::Unchecked);
    QVERIFY2(child<QLabel>(panel, "stepInfo")->text().contains(QLatin1String("why it was done by hand")),
             qPrintable(child<QLabel>(panel, "stepInfo")->text()));
    QVERIFY(!ChecklistWalk::load(panel.walkPath()).ok() || !ChecklistWalk::load(panel.walkPath())->step(key)->done);

    // With the reason in the note it is done, by hand, and the report says so.
    child<QLineEdit>(panel, "stepNote")->setText(QStringLiteral("snapshot taken in the cloud console"));
    setChecked(panel, key, true);
    const WalkStep *step = panel.walk()->step(key);
    QVERIFY(step->done);
    QCOMPARE(step->outcome, StepOutcome::DoneByHand);
    QCOMPARE(step->result, QStringLiteral("snapshot taken in the cloud console"));
    QCOMPARE(checkState(rowOf(panel, key)), Qt::Checked);
    QCOMPARE(cellText(rowOf(panel, key, ChecklistStepModel::ResultColumn)),
             QStringLiteral("done by hand: snapshot taken in the cloud console"));
    QVERIFY(!panel.exportMarkdown(dir.filePath(QStringLiteral("r.md"))).size());
    QVERIFY2(readFile(dir.filePath(QStringLiteral("r.md")))
                 .contains(QLatin1String("| done by hand: snapshot taken in the cloud console |")),
             qPrintable(readFile(dir.filePath(QStringLiteral("r.md")))));

    // Unticked, nothing of it stays: it never ran.
    setChecked(panel, key, false);
    QVERIFY(!panel.walk()->step(key)->done);
    QCOMPARE(panel.walk()->step(key)->outcome, StepOutcome::NotRun);
    QVERIFY(panel.walk()->step(key)->result.isEmpty());
}

void TestChecklistPanel::runBoundStep()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    const QDateTime clock = utc(22, 10);
    panel.setClock([clock] { return clock; });
    panel.setProject(dir.path(), Environment, Database);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy requested(&panel, &ChecklistPanel::actionRequested);
    auto *run = child<QPushButton>(panel, "runStepButton");

    // A manual step has nothing to run.
    selectStep(panel, keyOf(panel, QStringLiteral("Stop the application")));
    QVERIFY(!run->isEnabled());

    const QString key = keyOf(panel, QStringLiteral("Take a backup"));
    selectStep(panel, key);
    QVERIFY(run->isEnabled());
    QTest::mouseClick(run, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), key);
    const auto action = requested.at(0).at(1).value<ChecklistAction>();
    QCOMPARE(action.kind, ChecklistAction::Kind::Backup);
    // In flight: no second run, no switching checklists, and the row says so.
    QCOMPARE(panel.runningKey(), key);
    QVERIFY(!run->isEnabled());
    QVERIFY(!child<QComboBox>(panel, "checklistCombo")->isEnabled());
    selectStep(panel, keyOf(panel, QStringLiteral("Apply the pending migrations")));
    QVERIFY(!run->isEnabled());
    QCOMPARE(cellText(rowOf(panel, key, ChecklistStepModel::ResultColumn)), QStringLiteral("running…"));

    WalkBackup backup;
    backup.path = QStringLiteral("backups/production-20261125-2210.dump");
    backup.bytes = 1258291;
    backup.durationMs = 3400;
    backup.verification = QStringLiteral("pg_restore --list reads 42 entries");
    panel.setBackup(backup);
    panel.actionFinished(key, StepOutcome::Succeeded, QStringLiteral("backups/production-20261125-2210.dump, 1.2 MiB"),
                         3400);
    const WalkStep *step = panel.walk()->step(key);
    QVERIFY(step->done);
    QCOMPARE(step->outcome, StepOutcome::Succeeded);
    QCOMPARE(step->by, currentUser());
    QCOMPARE(step->at, clock);
    QCOMPARE(step->durationMs, qint64(3400));
    QVERIFY(panel.runningKey().isEmpty());
    QVERIFY(panel.walk()->backup.has_value());
    QCOMPARE(checkState(rowOf(panel, key)), Qt::Checked);
    QVERIFY(cellText(rowOf(panel, key, ChecklistStepModel::ResultColumn))
                .startsWith(QLatin1String("succeeded: backups/production")));
    QVERIFY(child<QComboBox>(panel, "checklistCombo")->isEnabled());
    // Another bound step can run now; the one that succeeded cannot run again.
    QVERIFY(run->isEnabled());
    selectStep(panel, key);
    QVERIFY(!run->isEnabled());
    QCOMPARE(*ChecklistWalk::load(panel.walkPath()), *panel.walk());
}

void TestChecklistPanel::failedActionStaysOpen()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    panel.setClock([] { return utc(22, 12); });
    panel.setProject(dir.path(), Environment, Database);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy requested(&panel, &ChecklistPanel::actionRequested);
    const QString key = keyOf(panel, QStringLiteral("Apply the pending migrations"));
    selectStep(panel, key);
    QTest::mouseClick(child<QPushButton>(panel, "runStepButton"), Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(1).value<ChecklistAction>().kind, ChecklistAction::Kind::Upgrade);
    QCOMPARE(requested.at(0).at(1).value<ChecklistAction>().target, QStringLiteral("head"));

    panel.actionFinished(key, StepOutcome::Failed, QStringLiteral("no such table: audit_log"), 120);
    const WalkStep *step = panel.walk()->step(key);
    QVERIFY(!step->done);
    QCOMPARE(step->outcome, StepOutcome::Failed);
    QCOMPARE(step->result, QStringLiteral("no such table: audit_log"));
    QCOMPARE(checkState(rowOf(panel, key)), Qt::Unchecked);
    QVERIFY2(cellText(rowOf(panel, key, ChecklistStepModel::ResultColumn))
                 .contains(QLatin1String("failed: no such table: audit_log")),
             qPrintable(cellText(rowOf(panel, key, ChecklistStepModel::ResultColumn))));
    QVERIFY(child<QLabel>(panel, "stepInfo")->text().contains(QLatin1String("no such table")));
    // It may be tried again.
    QVERIFY(child<QPushButton>(panel, "runStepButton")->isEnabled());
    QCOMPARE(ChecklistWalk::load(panel.walkPath())->step(key)->outcome, StepOutcome::Failed);
}

void TestChecklistPanel::restoresWalkAfterRestart()
{
    QTemporaryDir dir;
    QString key;
    ChecklistWalk before;
    {
        ChecklistPanel panel;
        panel.setClock([] { return utc(22, 20); });
        panel.setProject(dir.path(), Environment, Database);
        QVERIFY(panel.openChecklist(PreviewTestPlan));
        key = keyOf(panel, QStringLiteral("Review the new file"));
        selectStep(panel, key);
        child<QLineEdit>(panel, "stepNote")->setText(QStringLiteral("both sections empty"));
        setChecked(panel, key, true);
        panel.setPlan({QStringLiteral("upgrade ae98aa32e0d2 -> 3f1c2a9b7d10, add expiry")});
        panel.setFinalRevisions({QStringLiteral("b1f6a8d2c453")});
        panel.startWindow();
        before = *panel.walk();
    }
    // The app starts again: the panel opens the same project and environment.
    ChecklistPanel panel;
    panel.setProject(dir.path(), Environment, Database);
    QVERIFY(panel.openChecklist(PreviewTestPlan));
    QVERIFY(panel.walk());
    QCOMPARE(*panel.walk(), before);
    QVERIFY(panel.walk()->step(key)->done);
    QCOMPARE(checkState(rowOf(panel, key)), Qt::Checked);
    QCOMPARE(child<QSpinBox>(panel, "plannedMinutes")->value(), 30);
    QVERIFY(panel.warningText().isEmpty());
    // The checklist stays chosen across a change of environment; the other environment has its own walk.
    panel.setProject(dir.path(), QStringLiteral("staging"), QStringLiteral("sqlite:///staging.db"));
    QCOMPARE(panel.checklist()->path(), PreviewTestPlan);
    QCOMPARE(panel.walk()->doneCount(), 0);
    QCOMPARE(panel.walk()->database, QStringLiteral("sqlite:///staging.db"));
}

void TestChecklistPanel::windowTimer()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    QDateTime clock = utc(22, 0);
    panel.setClock([&clock] { return clock; });
    panel.setProject(dir.path(), Environment, Database);
    auto *timer = child<QLabel>(panel, "windowTimer");
    QVERIFY(timer);
    const QColor normal = panel.palette().color(QPalette::WindowText);
    QCOMPARE(timer->property("windowState").toString(), QStringLiteral("NotStarted"));
    QCOMPARE(child<QLabel>(panel, "windowCaption")->text(), QStringLiteral("No window started"));

    child<QSpinBox>(panel, "plannedMinutes")->setValue(10);
    QVERIFY(!panel.walk()->windowEnd().isValid()); // the length alone starts nothing
    auto *start = child<QPushButton>(panel, "startWindowButton");
    QVERIFY(start->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(panel.walk()->plannedStart, utc(22, 0));
    QCOMPARE(panel.walk()->plannedMinutes, 10);
    QVERIFY(!start->isEnabled());
    QCOMPARE(ChecklistWalk::load(panel.walkPath())->plannedMinutes, 10);

    const auto at = [&](const QDateTime &time) {
        clock = time;
        panel.setClock([&clock] { return clock; }); // updates at once, as the one-second tick does
    };
    at(utc(22, 1));
    QCOMPARE(timer->property("windowState").toString(), QStringLiteral("OnTime"));
    QCOMPARE(timer->text(), QStringLiteral("9:00 left"));
    QCOMPARE(timer->palette().color(QPalette::WindowText), normal);

    at(utc(22, 8, 30));
    QCOMPARE(timer->property("windowState").toString(), QStringLiteral("Amber"));
    QCOMPARE(timer->text(), QStringLiteral("1:30 left"));
    const QColor amber = timer->palette().color(QPalette::WindowText);
    QVERIFY(amber != normal);

    at(utc(22, 13, 5));
    QCOMPARE(timer->property("windowState").toString(), QStringLiteral("Red"));
    QCOMPARE(timer->text(), QStringLiteral("3:05 over"));
    const QColor red = timer->palette().color(QPalette::WindowText);
    QVERIFY(red != normal && red != amber);

    // The real tick reads the clock too.
    clock = utc(23, 0);
    QTRY_COMPARE_WITH_TIMEOUT(timer->text(), QStringLiteral("50:00 over"), 3000);
}

void TestChecklistPanel::plannedStartInTheFuture()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    QDateTime clock = utc(21, 30);
    panel.setClock([&clock] { return clock; });
    panel.setProject(dir.path(), Environment, Database);
    auto *check = child<QCheckBox>(panel, "plannedStartCheck");
    auto *edit = child<QDateTimeEdit>(panel, "plannedStart");
    QVERIFY(check && edit);
    QVERIFY(!edit->isEnabled());
    check->setChecked(true);
    QVERIFY(edit->isEnabled());
    edit->setDateTime(utc(22, 0));
    QCOMPARE(panel.walk()->plannedStart, utc(22, 0));
    QCOMPARE(panel.walk()->plannedMinutes, 30);
    auto *timer = child<QLabel>(panel, "windowTimer");
    panel.setClock([&clock] { return clock; });
    QCOMPARE(timer->property("windowState").toString(), QStringLiteral("NotStarted"));
    QCOMPARE(timer->text(), QStringLiteral("starts in 30:00"));
    QVERIFY(child<QLabel>(panel, "windowCaption")->text().contains(QStringLiteral("22:00–22:30 UTC")));
    clock = utc(22, 25);
    panel.setClock([&clock] { return clock; });
    QCOMPARE(timer->property("windowState").toString(), QStringLiteral("Amber")); // under 20 % left

    // Unchecking the planned start removes the window.
    check->setChecked(false);
    QVERIFY(!panel.walk()->windowEnd().isValid());
    QCOMPARE(timer->property("windowState").toString(), QStringLiteral("NotStarted"));
}

void TestChecklistPanel::exportsMarkdown()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    panel.setClock([] { return utc(22, 15); });
    panel.setProject(dir.path(), Environment, Database);
    const QString backupKey = keyOf(panel, QStringLiteral("Take a backup"));
    selectStep(panel, backupKey);
    child<QPushButton>(panel, "runStepButton")->click();
    WalkBackup backup;
    backup.path = QStringLiteral("backups/production-20261125-2215.dump");
    backup.bytes = 2048;
    backup.durationMs = 900;
    backup.verification = QStringLiteral("pg_restore --list reads 42 entries");
    panel.setBackup(backup);
    panel.actionFinished(backupKey, StepOutcome::Succeeded, QStringLiteral("2.0 KiB"), 900);

    const QString path = QDir(dir.path()).filePath(QStringLiteral("report.md"));
    QCOMPARE(panel.exportMarkdown(path), QString());
    const QString report = retort::testing::readFile(path);
    QVERIFY2(report.contains(QLatin1String("- **Environment:** production")), qPrintable(report));
    QVERIFY(report.contains(QLatin1String("- **Database:** `postgresql://u:***@h/db`")));
    QVERIFY(report.contains(QLatin1String("- **File:** `backups/production-20261125-2215.dump`")));
    QVERIFY(report.contains(QLatin1String("- **Verification:** pg_restore --list reads 42 entries")));
    QVERIFY(report.contains(QStringLiteral("| 6 | Take a backup of the production database — Runs: backup | yes | ") +
                            currentUser()));
    QVERIFY(report.contains(QLatin1String("2026-11-25 22:15:00 | succeeded: 2.0 KiB | 900 ms")));

    QVERIFY(!panel.exportMarkdown(QDir(dir.path()).filePath(QStringLiteral("missing/folder/report.md"))).isEmpty());
}

void TestChecklistPanel::exportsPdf()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    panel.setClock([] { return utc(22, 15); });
    panel.setProject(dir.path(), Environment, Database);
    setChecked(panel, keyOf(panel, QStringLiteral("Schedule the window")), true);
    const QString path = QDir(dir.path()).filePath(QStringLiteral("report.pdf"));
    QCOMPARE(panel.exportPdf(path), QString());
    QFile pdf(path);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY2(pdf.size() > 1024, qPrintable(QString::number(pdf.size())));
    QCOMPARE(pdf.read(4), QByteArray("%PDF"));

    const QString error = panel.exportPdf(QDir(dir.path()).filePath(QStringLiteral("missing/folder/report.pdf")));
    QVERIFY2(error.contains(QLatin1String("missing/folder/report.pdf")), qPrintable(error));
}

void TestChecklistPanel::pdfKeepsRowsWhole()
{
    // A report long enough for several pages, each step's text wrapping over lines: laid out as is, some
    // rows start at one page's foot and end on the next; paginated, none does, and the header repeats.
    QString markdown = QStringLiteral("# Report: long\n\n## Steps\n\n| # | Step | Done | Who | When (UTC) | Result | "
                                      "Duration | Note |\n|---:|---|---|---|---|---|---:|---|\n");
    for (int i = 1; i <= 40; ++i) {
        markdown += QStringLiteral("| %1 | Step %1, described at length so that it wraps over several lines of the "
                                   "step column as real checklist steps do | yes | alice@ops-1 | 2026-11-25 "
                                   "23:40:00 | succeeded: backups/prod-20261125.db, 1.2 MiB | 1.2 s | a note |\n")
                        .arg(i);
    }
    QTemporaryDir dir;
    QPdfWriter writer(dir.filePath(QStringLiteral("probe.pdf")));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(QPageLayout::Landscape);
    writer.setResolution(300);
    const QSizeF page(writer.width(), writer.height());
    const auto crossing = [](const QTextDocument &document) {
        int rows = 0;
        for (const ChecklistReportPdf::RowPages &pages : ChecklistReportPdf::rowPages(document))
            rows += pages.first != pages.last ? 1 : 0;
        return rows;
    };

    QTextDocument plain;
    ChecklistReportPdf::fillDocument(plain, markdown);
    plain.documentLayout()->setPaintDevice(&writer);
    plain.setPageSize(page);
    QVERIFY(plain.pageCount() > 2);
    QVERIFY2(crossing(plain) > 0, "the case does not test anything: no row crosses a page");

    const std::unique_ptr<QTextDocument> paginated = ChecklistReportPdf::paginate(markdown, &writer, page);
    QCOMPARE(crossing(*paginated), 0);
    // Every step is still there, once.
    const QString text = paginated->toPlainText();
    for (int i = 1; i <= 40; ++i)
        QCOMPARE(text.count(QStringLiteral("Step %1, described").arg(i)), 1);
    // Each part the table was split into (at a page break) starts with the header row again.
    const qsizetype breaks = text.count(QChar(0x2060));
    QVERIFY(breaks > 0);
    QCOMPARE(text.count(QStringLiteral("When (UTC)")), breaks + 1);
}

void TestChecklistPanel::changedChecklistShowsWarning()
{
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("checklists"));
    const QString file = QDir(dir.path()).filePath(QStringLiteral("checklists/release.md"));
    QVERIFY(retort::testing::writeFile(file, QStringLiteral("# Release\n\n## Steps\n\n"
                                                            "- [ ] Tell the team\n"
                                                            "- [ ] Upgrade {upgrade head}\n"
                                                            "- [ ] Check the dashboards\n")));
    QString told;
    {
        ChecklistPanel panel;
        panel.setClock([] { return utc(9, 0); });
        panel.setProject(dir.path(), Environment, Database);
        auto *combo = child<QComboBox>(panel, "checklistCombo");
        QCOMPARE(combo->count(), 4);
        QVERIFY(combo->itemText(3).contains(QLatin1String("release.md (project)")));
        QVERIFY(panel.openChecklist(QFileInfo(file).absoluteFilePath()));
        told = keyOf(panel, QStringLiteral("Tell the team"));
        setChecked(panel, told, true);
        setChecked(panel, keyOf(panel, QStringLiteral("Check the dashboards")), true);
        QVERIFY(panel.warningText().isEmpty());
        QVERIFY(!child<QLabel>(panel, "checklistWarning")->isVisibleTo(&panel));
    }
    // Someone edits the file: one item reworded, one added.
    QVERIFY(retort::testing::writeFile(file, QStringLiteral("# Release\n\n## Steps\n\n"
                                                            "- [ ] Tell the team\n"
                                                            "- [ ] Upgrade {upgrade head}\n"
                                                            "- [ ] Check the dashboards and the logs\n"
                                                            "- [ ] Close the ticket\n")));
    ChecklistPanel panel;
    panel.setProject(dir.path(), Environment, Database);
    QVERIFY(panel.openChecklist(QFileInfo(file).absoluteFilePath()));
    auto *warning = child<QLabel>(panel, "checklistWarning");
    QVERIFY(warning->isVisibleTo(&panel));
    QVERIFY2(warning->text().contains(QLatin1String("changed after this walk began")), qPrintable(warning->text()));
    // The recorded steps are kept: the unchanged one stays done, the reworded one is listed apart, the new one is open.
    QVERIFY(panel.walk()->step(told)->done);
    QCOMPARE(checkState(rowOf(panel, told)), Qt::Checked);
    QCOMPARE(panel.walk()->steps.size(), 5);
    const QString added = keyOf(panel, QStringLiteral("Close the ticket"));
    QVERIFY(panel.walk()->step(added));
    QVERIFY(!panel.walk()->step(added)->done);
    const ChecklistStepModel &model = modelOf(panel);
    const QModelIndex orphans = model.index(model.rowCount() - 1, 0);
    QVERIFY2(cellText(orphans).startsWith(QLatin1String("No longer in the checklist")), qPrintable(cellText(orphans)));
    QCOMPARE(model.rowCount(orphans), 1);
    const QModelIndex orphan = model.index(0, 0, orphans);
    QCOMPARE(cellText(orphan), QStringLiteral("Check the dashboards"));
    QCOMPARE(checkState(orphan), Qt::Checked);
    QVERIFY(!retort::testing::isUserCheckable(orphan));
}

void TestChecklistPanel::resetStartsANewWalk()
{
    QTemporaryDir dir;
    ChecklistPanel panel;
    panel.setClock([] { return utc(22, 30); });
    panel.setProject(dir.path(), Environment, Database);
    setChecked(panel, keyOf(panel, QStringLiteral("Schedule the window")), true);
    panel.startWindow();
    QCOMPARE(panel.walk()->doneCount(), 1);
    panel.resetWalk();
    QCOMPARE(panel.walk()->doneCount(), 0);
    QVERIFY(!panel.walk()->windowEnd().isValid());
    QCOMPARE(ChecklistWalk::load(panel.walkPath())->doneCount(), 0);
    QCOMPARE(checkState(rowOf(panel, keyOf(panel, QStringLiteral("Schedule the window")))), Qt::Unchecked);
}

void TestChecklistPanel::unreadableWalkIsNotOverwritten()
{
    QTemporaryDir dir;
    const QString walkPath = ChecklistWalk::savePath(dir.path(), MaintenanceWindow, Environment);
    QDir().mkpath(QFileInfo(walkPath).absolutePath());
    QVERIFY(retort::testing::writeFile(walkPath, QStringLiteral("{ not json")));
    ChecklistPanel panel;
    panel.setProject(dir.path(), Environment, Database);
    QVERIFY(panel.checklist());
    QVERIFY(!panel.walk());
    QVERIFY2(panel.warningText().contains(QLatin1String("cannot be read")), qPrintable(panel.warningText()));
    panel.setPlan({QStringLiteral("upgrade a -> b")});
    QCOMPARE(retort::testing::readFile(walkPath), QStringLiteral("{ not json"));
    QVERIFY(child<QPushButton>(panel, "resetWalkButton")->isEnabled());
    panel.resetWalk();
    QVERIFY(panel.walk());
    QVERIFY(ChecklistWalk::load(walkPath).ok());
    QVERIFY(panel.warningText().isEmpty());
}

// The environment names another database than the walk began on (retort.ini edited while the window is open, or
// DATABASE_URL set otherwise at the next start): the walk is shown, never walked on, and nothing of the other
// database goes into its report; back on the first database it goes on.
void TestChecklistPanel::walkBegunOnAnotherDatabaseIsNotWalked()
{
    const QString other = QStringLiteral("postgresql://u:***@h/other");
    QTemporaryDir dir;
    ChecklistPanel panel;
    panel.setClock([] { return utc(22, 40); });
    panel.setProject(dir.path(), Environment, Database);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy requested(&panel, &ChecklistPanel::actionRequested);
    setChecked(panel, keyOf(panel, QStringLiteral("Schedule the window")), true);
    const ChecklistWalk begun = *panel.walk();
    const QString upgrade = keyOf(panel, QStringLiteral("Apply the pending migrations"));

    // retort.ini edited while the window is open.
    panel.setProject(dir.path(), Environment, other);
    QVERIFY2(panel.warningText().contains(
                 QStringLiteral("This walk began on %1, but environment '%2' now names %3: its steps and its "
                                "report are about the first. Point the environment back at it to go on, or "
                                "Reset walk to start a new walk on this database.")
                     .arg(Database, Environment, other)),
             qPrintable(panel.warningText()));
    QVERIFY(!stepsOf(panel)->isEnabled());
    QVERIFY(!child<QPushButton>(panel, "runStepButton")->isEnabled());
    QVERIFY(!panel.runStep(upgrade));
    QCOMPARE(requested.count(), 0);
    retort::testing::setChecked(modelOf(panel), keyOf(panel, QStringLiteral("Review the plan")), true);
    panel.setPlan({QStringLiteral("upgrade a -> b")});
    panel.setFinalRevisions({QStringLiteral("b")});
    panel.startWindow();
    QCOMPARE(*panel.walk(), begun);
    QCOMPARE(*ChecklistWalk::load(panel.walkPath()), begun);
    // Its report can still be exported: it tells of the database it began on.
    QVERIFY(child<QPushButton>(panel, "exportMarkdownButton")->isEnabled());

    // Back on the database it began on, the walk goes on.
    panel.setProject(dir.path(), Environment, Database);
    QVERIFY2(panel.warningText().isEmpty(), qPrintable(panel.warningText()));
    QVERIFY(panel.runStep(upgrade));
    QCOMPARE(requested.count(), 1);
    panel.actionFinished(upgrade, StepOutcome::Failed, QStringLiteral("stopped by the test"), 1);
    requested.clear();
    const ChecklistWalk failed = *panel.walk();

    // The next start, with the environment naming the other database: the saved walk is shown, not walked on.
    ChecklistPanel again;
    again.setProject(dir.path(), Environment, other);
    QVERIFY(again.walk());
    QCOMPARE(*again.walk(), failed);
    QVERIFY2(again.warningText().contains(QStringLiteral("This walk began on %1").arg(Database)),
             qPrintable(again.warningText()));
    QVERIFY(!again.runStep(upgrade));
    // Reset walk starts one on the database named now.
    again.resetWalk();
    QVERIFY(again.warningText().isEmpty());
    QCOMPARE(again.walk()->database, other);
    QCOMPARE(ChecklistWalk::load(again.walkPath())->database, other);
}

// A walk half done on the demo project's maintenance-window checklist, in a light and a dark palette. With
// RETORT_UI_SCREENSHOT_DIR set, the pictures and the PDF report go there.
void TestChecklistPanel::screenshots()
{
    QTemporaryDir dir;
    QString problem;
    const QString ini = retort::testing::makeDemoProject(dir, QStringLiteral("ae98aa32e0d2"), &problem);
    QVERIFY2(!ini.isEmpty(), qPrintable(problem));
    QDateTime clock = utc(21, 58);
    ChecklistPanel panel;
    panel.setClock([&clock] { return clock; });
    panel.setProject(QFileInfo(ini).absolutePath(), Environment, Database);
    QVERIFY(panel.openChecklist(MaintenanceWindow));
    panel.resize(760, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    const auto tick = [&](const QString &text, const QString &note, const QDateTime &at) {
        clock = at;
        const QString key = keyOf(panel, text);
        selectStep(panel, key);
        if (!note.isEmpty())
            child<QLineEdit>(panel, "stepNote")->setText(note);
        setChecked(panel, key, true);
    };
    const auto run = [&](const QString &text, StepOutcome outcome, const QString &result, qint64 ms,
                         const QDateTime &at) {
        clock = at;
        const QString key = keyOf(panel, text);
        selectStep(panel, key);
        child<QPushButton>(panel, "runStepButton")->click();
        QCOMPARE(panel.runningKey(), key);
        if (outcome != StepOutcome::NotRun)
            panel.actionFinished(key, outcome, result, ms);
    };
    tick(QStringLiteral("Schedule the window"), QStringLiteral("announced in #ops"), utc(9, 12));
    tick(QStringLiteral("Review the plan"), QString(), utc(9, 30));
    tick(QStringLiteral("Walk the preview test plan"), QStringLiteral("report in TICKET-812"), utc(10, 5));
    tick(QStringLiteral("Agree on the rollback plan"), QString(), utc(10, 6));
    clock = utc(22, 0);
    panel.startWindow();
    tick(QStringLiteral("Stop the application"), QStringLiteral("maintenance page on"), utc(22, 1, 10));
    WalkBackup backup;
    backup.path = QStringLiteral("backups/production-20261125-2202.dump");
    backup.bytes = 48234496;
    backup.durationMs = 41200;
    backup.verification = QStringLiteral("pg_restore --list reads 212 entries");
    run(QStringLiteral("Take a backup"), StepOutcome::Succeeded,
        QStringLiteral("backups/production-20261125-2202.dump, 46.0 MiB"), 41200, utc(22, 3));
    panel.setBackup(backup);
    tick(QStringLiteral("Deploy the new code"), QString(), utc(22, 9));
    run(QStringLiteral("Rehearse the upgrade"), StepOutcome::Failed,
        QStringLiteral("9d5e3c7f1a42_merge_audit_branch.sql:14: relation \"audit_log\" already exists"), 2300,
        utc(22, 12));
    run(QStringLiteral("Rehearse the upgrade"), StepOutcome::Succeeded, QStringLiteral("7 revisions, rolled back"),
        2100, utc(22, 16));
    panel.setPlan({QStringLiteral("upgrade ae98aa32e0d2 -> 3f1c2a9b7d10, add expiry and last use to api keys"),
                   QStringLiteral("upgrade 3f1c2a9b7d10 -> 5b2e44c0a1f3, index results by process")});
    run(QStringLiteral("Apply the pending migrations"), StepOutcome::NotRun, QString(), 0, utc(22, 17));
    clock = utc(22, 26, 40);
    selectStep(panel, keyOf(panel, QStringLiteral("Rehearse the upgrade")));
    panel.setClock([&clock] { return clock; });
    QCOMPARE(child<QLabel>(panel, "windowTimer")->property("windowState").toString(), QStringLiteral("Amber"));
    QCOMPARE(panel.walk()->doneCount(), 8);

    // Wrapped rows need their final width before the picture.
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    saveScreenshot(panel, QStringLiteral("checklist-light"));
    panel.resize(520, 900);
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    saveScreenshot(panel, QStringLiteral("checklist-light-narrow"));

    // As a system dark theme does: the application's palette changes under the panel.
    const QPalette light = QApplication::palette();
    QApplication::setPalette(darkPalette());
    const auto restore = qScopeGuard([&light] { QApplication::setPalette(light); });
    panel.resize(760, 900);
    clock = utc(22, 31, 5);
    panel.setClock([&clock] { return clock; });
    QCOMPARE(child<QLabel>(panel, "windowTimer")->property("windowState").toString(), QStringLiteral("Red"));
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    saveScreenshot(panel, QStringLiteral("checklist-dark"));
    // The red reads on the dark background: clearly lighter than it.
    const QColor red = child<QLabel>(panel, "windowTimer")->palette().color(QPalette::WindowText);
    QVERIFY2(red.lightness() > 140, qPrintable(red.name()));

    const QString shots = qEnvironmentVariable("RETORT_UI_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        panel.actionFinished(keyOf(panel, QStringLiteral("Apply the pending migrations")), StepOutcome::Succeeded,
                             QStringLiteral("7 revisions applied"), 5400);
        panel.setFinalRevisions({QStringLiteral("b1f6a8d2c453")});
        QCOMPARE(panel.exportPdf(QDir(shots).filePath(QStringLiteral("checklist-report.pdf"))), QString());
        QCOMPARE(panel.exportMarkdown(QDir(shots).filePath(QStringLiteral("checklist-report.md"))), QString());
    }
}

QTEST_MAIN(TestChecklistPanel)
#include "tst_checklistpanel.moc"
