// SPDX-License-Identifier: GPL-3.0-or-later
// The steps of a checklist walk as an item model: its structure checked by QAbstractItemModelTester through fills,
// walk changes and emptying; what the rows say in every state of a step; a tick only asked for; the delegate's
// colours painted; the view keeping its selection and sections.
#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"
#include "ui/checklist/ChecklistStepDelegate.h"
#include "ui/checklist/ChecklistStepList.h"
#include "ui/checklist/ChecklistStepModel.h"

#include "tests/support/ChecklistSteps.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

using namespace retort;
using retort::testing::cellText;
using retort::testing::checkState;
using retort::testing::hasCheckBox;
using retort::testing::isUserCheckable;
using retort::testing::stepIndex;
using retort::ui::ChecklistStepDelegate;
using retort::ui::ChecklistStepList;
using retort::ui::ChecklistStepModel;
using Tone = ChecklistStepModel::Tone;

namespace {

// A step before the first section, then two sections.
const QString Release = QStringLiteral("# Release\n\n"
                                       "- [ ] Tell the team\n\n"
                                       "## Prepare\n\n"
                                       "- [ ] Take a backup {backup}\n"
                                       "- [ ] Stop the application\n\n"
                                       "## Deploy\n\n"
                                       "- [ ] Deploy the new code\n"
                                       "- [ ] Apply the migrations {upgrade head}\n"
                                       "- [ ] Check the logs\n"
                                       "- [ ] Restart the workers\n"
                                       "- [ ] Clear the caches\n");

const QString Rollback = QStringLiteral("# Rollback\n\n"
                                        "## Undo\n\n"
                                        "- [ ] Downgrade {downgrade -1}\n"
                                        "- [ ] Restore the backup\n\n"
                                        "## Tell\n\n"
                                        "- [ ] Write to the team\n");

QDateTime utc(int day, int hour, int minute)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute), Qt::UTC);
}

const QDateTime Now = utc(25, 23, 0);

Checklist parsed(const QString &text)
{
    Result<Checklist> checklist = Checklist::parse(text, QStringLiteral("checklists/test.md"));
    if (!checklist.ok())
        qFatal("%s", qPrintable(checklist.error().message));
    return std::move(checklist).value();
}

// The key of the item whose text starts with `text`.
QString keyOf(const Checklist &checklist, const QString &text)
{
    for (const ChecklistItem &item : checklist.items()) {
        if (item.text.startsWith(text))
            return item.key;
    }
    return QString();
}

WalkStep &stepOf(ChecklistWalk &walk, const QString &key)
{
    for (WalkStep &step : walk.steps) {
        if (step.key == key)
            return step;
    }
    qFatal("no step %s", qPrintable(key));
}

// Done by alice on ops-1 at `at`.
void markDone(ChecklistWalk &walk, const QString &key, const QDateTime &at)
{
    walk.markDone(key, QString(), at);
    stepOf(walk, key).by = QStringLiteral("alice");
    stepOf(walk, key).host = QStringLiteral("ops-1");
}

// As the panel skips a step: the reason in the note, dealt with as skipped.
void skip(ChecklistWalk &walk, const QString &key)
{
    stepOf(walk, key).note = QStringLiteral("not needed tonight");
    stepOf(walk, key).outcome = StepOutcome::Skipped;
    markDone(walk, key, utc(25, 22, 5));
}

// The top-level rows' step-column texts, in order.
QStringList topLevelTexts(const QAbstractItemModel &model)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts << cellText(model.index(row, 0));
    return texts;
}

} // namespace

class TestChecklistStepModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelTester();
    void sections_data();
    void sections();
    void stepRows_data();
    void stepRows();
    void orphansAreReadOnly();
    void changedRowsOnly();
    void tickIsOnlyAsked();
    void delegatePaintsTheTone_data();
    void delegatePaintsTheTone();
    void listKeepsSelectionAndSections();
};

void TestChecklistStepModel::modelTester()
{
    const Checklist release = parsed(Release);
    const Checklist rollback = parsed(Rollback);
    ChecklistWalk releaseWalk = ChecklistWalk::start(release, QStringLiteral("production"), QString());
    ChecklistWalk rollbackWalk = ChecklistWalk::start(rollback, QStringLiteral("production"), QString());
    QString running;
    ChecklistStepModel model([] { return Now; }, [&running] { return running; });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);

    model.fill(&release, &releaseWalk);
    QCOMPARE(model.rowCount(), 3); // the step before the first section, Prepare, Deploy
    QCOMPARE(model.columnCount(), int(ChecklistStepModel::ColumnCount));

    // The walk changes as a walk does: ticks, a skip, results, a running action.
    markDone(releaseWalk, keyOf(release, QStringLiteral("Tell the team")), utc(25, 21, 0));
    model.showSteps();
    skip(releaseWalk, keyOf(release, QStringLiteral("Stop the application")));
    releaseWalk.recordResult(keyOf(release, QStringLiteral("Apply")), StepOutcome::Failed, QStringLiteral("boom"), 10);
    running = keyOf(release, QStringLiteral("Take a backup"));
    model.showSteps();
    running.clear();
    releaseWalk.recordResult(keyOf(release, QStringLiteral("Take a backup")), StepOutcome::Succeeded,
                             QStringLiteral("backups/x.db"), 1200);
    markDone(releaseWalk, keyOf(release, QStringLiteral("Take a backup")), utc(25, 22, 10));
    model.showSteps();
    QCOMPARE(model.rowCount(), 3);

    // Another checklist; then its walk gains a step the file no longer has, which makes a section of its own.
    model.fill(&rollback, &rollbackWalk);
    QCOMPARE(topLevelTexts(model),
             QStringList({QStringLiteral("Undo — 0 of 2 done"), QStringLiteral("Tell — 0 of 1 done")}));
    WalkStep gone;
    gone.key = QStringLiteral("undo/restore-the-old-backup");
    gone.text = QStringLiteral("Restore the old backup");
    rollbackWalk.steps << gone;
    model.showSteps();
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(cellText(model.index(2, 0)).startsWith(QLatin1String("No longer in the checklist")));

    model.fill(nullptr, nullptr);
    QCOMPARE(model.rowCount(), 0);
    model.showSteps(); // nothing to show: nothing happens
    model.fill(&release, nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestChecklistStepModel::sections_data()
{
    QTest::addColumn<QStringList>("done");
    QTest::addColumn<QStringList>("skipped");
    QTest::addColumn<QStringList>("rows");

    const QString tell = QStringLiteral("1. Tell the team");
    QTest::newRow("nothing done") << QStringList() << QStringList()
                                  << QStringList{tell, QStringLiteral("Prepare — 0 of 2 done"),
                                                 QStringLiteral("Deploy — 0 of 5 done")};
    QTest::newRow("two deployed") << QStringList{QStringLiteral("Deploy the new"), QStringLiteral("Check the logs")}
                                  << QStringList()
                                  << QStringList{tell, QStringLiteral("Prepare — 0 of 2 done"),
                                                 QStringLiteral("Deploy — 2 of 5 done")};
    // A skipped step is dealt with, not done: counted apart.
    QTest::newRow("one skipped") << QStringList{QStringLiteral("Deploy the new"), QStringLiteral("Check the logs")}
                                 << QStringList{QStringLiteral("Clear the caches")}
                                 << QStringList{tell, QStringLiteral("Prepare — 0 of 2 done"),
                                                QStringLiteral("Deploy — 2 of 5 done, 1 skipped")};
    // The step before the first section belongs to none: no section counts it.
    QTest::newRow("outside the sections")
        << QStringList{QStringLiteral("Tell the team"), QStringLiteral("Stop the application")} << QStringList()
        << QStringList{tell, QStringLiteral("Prepare — 1 of 2 done"), QStringLiteral("Deploy — 0 of 5 done")};
}

void TestChecklistStepModel::sections()
{
    QFETCH(QStringList, done);
    QFETCH(QStringList, skipped);
    QFETCH(QStringList, rows);

    const Checklist checklist = parsed(Release);
    ChecklistWalk walk = ChecklistWalk::start(checklist, QString(), QString());
    ChecklistStepModel model([] { return Now; }, [] { return QString(); });
    model.fill(&checklist, &walk);
    for (const QString &text : done)
        markDone(walk, keyOf(checklist, text), utc(25, 22, 0));
    for (const QString &text : skipped)
        skip(walk, keyOf(checklist, text));
    model.showSteps(); // as the panel shows a changed walk
    QCOMPARE(topLevelTexts(model), rows);

    // Section rows are headings: no check box, not selectable, their steps as children in file order.
    const QModelIndex deploy = testing::sectionIndex(model, QStringLiteral("Deploy"));
    QVERIFY(deploy.isValid());
    QVERIFY(!hasCheckBox(deploy));
    QCOMPARE(model.flags(deploy), Qt::ItemIsEnabled);
    QVERIFY(deploy.data(ChecklistStepModel::KeyRole).toString().isEmpty());
    QVERIFY(deploy.data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(model.rowCount(deploy), 5);
    QCOMPARE(cellText(model.index(0, 0, deploy)), QStringLiteral("4. Deploy the new code"));
    QCOMPARE(model.index(4, 0, deploy).data(ChecklistStepModel::KeyRole).toString(),
             keyOf(checklist, QStringLiteral("Clear the caches")));
}

void TestChecklistStepModel::stepRows_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("step");
    QTest::addColumn<int>("checked"); // Qt::CheckState
    QTest::addColumn<bool>("checkable");
    QTest::addColumn<QString>("done");
    QTest::addColumn<QString>("result");
    QTest::addColumn<Tone>("doneTone");
    QTest::addColumn<Tone>("resultTone");

    const QString backup = QStringLiteral("Take a backup");
    const QString stop = QStringLiteral("Stop the application");
    QTest::newRow("open") << "open" << stop << int(Qt::Unchecked) << true << ""
                          << "" << Tone::Normal << Tone::Normal;
    QTest::newRow("done today") << "done" << stop << int(Qt::Checked) << true << "alice · 22:03"
                                << "" << Tone::Normal << Tone::Normal;
    QTest::newRow("done the day before") << "done yesterday" << stop << int(Qt::Checked) << true
                                         << "alice · 2026-11-24 22:03"
                                         << "" << Tone::Normal << Tone::Normal;
    QTest::newRow("checked in the file") << "done by nobody" << stop << int(Qt::Checked) << true << ""
                                         << "" << Tone::Normal << Tone::Normal;
    // Skipped: dealt with, not done. No tick; the Done column says so in amber.
    QTest::newRow("skipped") << "skipped" << stop << int(Qt::Unchecked) << true << "skipped: alice · 22:05"
                             << "skipped" << Tone::Attention << Tone::Attention;
    QTest::newRow("done by hand") << "by hand" << backup << int(Qt::Checked) << true << "alice · 22:03"
                                  << "done by hand: snapshot in the console" << Tone::Normal << Tone::Attention;
    QTest::newRow("failed") << "failed" << backup << int(Qt::Unchecked) << true << ""
                            << "failed: disk full (2.3 s)" << Tone::Normal << Tone::Failed;
    QTest::newRow("succeeded") << "succeeded" << backup << int(Qt::Checked) << true << "alice · 22:03"
                               << "succeeded: backups/x.db (1.2 s)" << Tone::Normal << Tone::Succeeded;
    // Its action runs: the row says so and cannot be ticked meanwhile.
    QTest::newRow("running") << "running" << backup << int(Qt::Unchecked) << false << ""
                             << "running…" << Tone::Normal << Tone::Normal;
    QTest::newRow("running after a failure") << "running again" << backup << int(Qt::Unchecked) << false << ""
                                             << "running…" << Tone::Normal << Tone::Normal;
}

void TestChecklistStepModel::stepRows()
{
    QFETCH(QString, state);
    QFETCH(QString, step);
    QFETCH(int, checked);
    QFETCH(bool, checkable);
    QFETCH(QString, done);
    QFETCH(QString, result);
    QFETCH(Tone, doneTone);
    QFETCH(Tone, resultTone);

    const Checklist checklist = parsed(Release);
    ChecklistWalk walk = ChecklistWalk::start(checklist, QString(), QString());
    const QString key = keyOf(checklist, step);
    QString running;
    if (state == QLatin1String("done")) {
        markDone(walk, key, utc(25, 22, 3));
    } else if (state == QLatin1String("done yesterday")) {
        markDone(walk, key, utc(24, 22, 3));
    } else if (state == QLatin1String("done by nobody")) {
        stepOf(walk, key).done = true; // as `- [x]` in the file starts it
    } else if (state == QLatin1String("skipped")) {
        skip(walk, key);
    } else if (state == QLatin1String("by hand")) {
        walk.recordResult(key, StepOutcome::DoneByHand, QStringLiteral("snapshot in the console"), 0);
        markDone(walk, key, utc(25, 22, 3));
    } else if (state == QLatin1String("failed")) {
        walk.recordResult(key, StepOutcome::Failed, QStringLiteral("disk full"), 2300);
    } else if (state == QLatin1String("succeeded")) {
        walk.recordResult(key, StepOutcome::Succeeded, QStringLiteral("backups/x.db"), 1200);
        markDone(walk, key, utc(25, 22, 3));
    } else if (state == QLatin1String("running")) {
        running = key;
    } else if (state == QLatin1String("running again")) {
        walk.recordResult(key, StepOutcome::Failed, QStringLiteral("disk full"), 2300);
        running = key;
    }
    ChecklistStepModel model([] { return Now; }, [&running] { return running; });
    model.fill(&checklist, &walk);

    const QModelIndex row = stepIndex(model, key);
    QVERIFY(row.isValid());
    QCOMPARE(int(checkState(row)), checked);
    QCOMPARE(isUserCheckable(row), checkable);
    QVERIFY(model.flags(row).testFlag(Qt::ItemIsSelectable));
    const QModelIndex doneCell = row.siblingAtColumn(ChecklistStepModel::DoneColumn);
    const QModelIndex resultCell = row.siblingAtColumn(ChecklistStepModel::ResultColumn);
    QCOMPARE(cellText(doneCell), done);
    QCOMPARE(cellText(resultCell), result);
    QCOMPARE(Tone(doneCell.data(ChecklistStepModel::ToneRole).toInt()), doneTone);
    QCOMPARE(Tone(resultCell.data(ChecklistStepModel::ToneRole).toInt()), resultTone);
    QCOMPARE(Tone(row.data(ChecklistStepModel::ToneRole).toInt()), Tone::Normal);
    // The key in every column, so a click anywhere in the row selects the step.
    QCOMPARE(resultCell.data(ChecklistStepModel::KeyRole).toString(), key);

    // The step column: number, text and, for a bound step, what it does in words; its tooltip adds the note.
    const QString expected = step == QLatin1String("Take a backup") ? QStringLiteral("2. Take a backup — Runs: backup")
                                                                    : QStringLiteral("3. Stop the application");
    QCOMPARE(cellText(row), expected);
    const QString tip = row.data(Qt::ToolTipRole).toString();
    QCOMPARE(tip,
             state == QLatin1String("skipped") ? expected + QStringLiteral("\nNote: not needed tonight") : expected);
    if (!done.isEmpty())
        QVERIFY2(doneCell.data(Qt::ToolTipRole).toString().contains(QLatin1String("alice@ops-1")),
                 qPrintable(doneCell.data(Qt::ToolTipRole).toString()));
}

void TestChecklistStepModel::orphansAreReadOnly()
{
    const Checklist checklist = parsed(Release);
    ChecklistWalk walk = ChecklistWalk::start(checklist, QString(), QString());
    WalkStep gone;
    gone.key = QStringLiteral("deploy/check-the-dashboards");
    gone.text = QStringLiteral("Check the dashboards");
    gone.done = true;
    walk.steps << gone;
    ChecklistStepModel model([] { return Now; }, [] { return QString(); });
    QSignalSpy toggled(&model, &ChecklistStepModel::checkToggled);
    model.fill(&checklist, &walk);

    const QModelIndex orphans = model.index(model.rowCount() - 1, 0);
    QCOMPARE(cellText(orphans), QStringLiteral("No longer in the checklist — 1 of 1 done"));
    QCOMPARE(model.rowCount(orphans), 1);
    const QModelIndex orphan = model.index(0, 0, orphans);
    QCOMPARE(orphan, stepIndex(model, gone.key));
    QCOMPARE(cellText(orphan), gone.text); // as the walk recorded it, without a number
    QCOMPARE(checkState(orphan), Qt::Checked);
    QVERIFY(!isUserCheckable(orphan));
    QVERIFY(model.flags(orphan).testFlag(Qt::ItemIsSelectable));
    QVERIFY(!model.setData(orphan, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(toggled.count(), 0);
}

void TestChecklistStepModel::changedRowsOnly()
{
    const Checklist checklist = parsed(Release);
    ChecklistWalk walk = ChecklistWalk::start(checklist, QString(), QString());
    ChecklistStepModel model([] { return Now; }, [] { return QString(); });
    model.fill(&checklist, &walk);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.showSteps(); // the walk is as shown
    QCOMPARE(changed.count(), 0);

    const QString logs = keyOf(checklist, QStringLiteral("Check the logs"));
    markDone(walk, logs, utc(25, 22, 0));
    model.showSteps();
    QCOMPARE(reset.count(), 0);
    // Its section's count, then the step's row, whole.
    QCOMPARE(changed.count(), 2);
    const QModelIndex step = stepIndex(model, logs);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), step.parent());
    QCOMPARE(changed.at(1).at(0).toModelIndex(), step);
    QCOMPARE(changed.at(1).at(1).toModelIndex(), step.siblingAtColumn(ChecklistStepModel::ColumnCount - 1));
    QCOMPARE(cellText(step.parent()), QStringLiteral("Deploy — 1 of 5 done"));

    // A note changes the step's tooltip, nothing else.
    changed.clear();
    stepOf(walk, logs).note = QStringLiteral("quiet");
    model.showSteps();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), step);
}

void TestChecklistStepModel::tickIsOnlyAsked()
{
    const Checklist checklist = parsed(Release);
    ChecklistWalk walk = ChecklistWalk::start(checklist, QString(), QString());
    ChecklistStepModel model([] { return Now; }, [] { return QString(); });
    model.fill(&checklist, &walk);
    QSignalSpy toggled(&model, &ChecklistStepModel::checkToggled);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    const QString stop = keyOf(checklist, QStringLiteral("Stop the application"));
    QVERIFY(testing::setChecked(model, stop, true));
    QCOMPARE(toggled.count(), 1);
    QCOMPARE(toggled.at(0).at(0).toString(), stop);
    QCOMPARE(toggled.at(0).at(1).toBool(), true);
    // The walk decides: it has not changed, and neither has the row.
    QVERIFY(!walk.step(stop)->done);
    QCOMPARE(checkState(stepIndex(model, stop)), Qt::Unchecked);
    QCOMPARE(changed.count(), 0);

    // Nothing else is a tick: other roles, other columns, section rows.
    const QModelIndex row = stepIndex(model, stop);
    QVERIFY(!model.setData(row, QStringLiteral("x"), Qt::EditRole));
    QVERIFY(!model.setData(row.siblingAtColumn(ChecklistStepModel::DoneColumn), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(!model.setData(testing::sectionIndex(model, QStringLiteral("Deploy")), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(toggled.count(), 1);
}

void TestChecklistStepModel::delegatePaintsTheTone_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("dark");

    for (const bool dark : {false, true}) {
        const char *palette = dark ? "dark" : "light";
        QTest::addRow("failed, %s", palette) << "failed" << dark;
        QTest::addRow("succeeded, %s", palette) << "succeeded" << dark;
        QTest::addRow("done by hand, %s", palette) << "by hand" << dark;
        QTest::addRow("not run, %s", palette) << "not run" << dark;
    }
}

void TestChecklistStepModel::delegatePaintsTheTone()
{
    QFETCH(QString, state);
    QFETCH(bool, dark);

    const Checklist checklist = parsed(Release);
    ChecklistWalk walk = ChecklistWalk::start(checklist, QString(), QString());
    const QString key = keyOf(checklist, QStringLiteral("Take a backup"));
    if (state == QLatin1String("failed"))
        walk.recordResult(key, StepOutcome::Failed, QStringLiteral("WWWW"), 0);
    else if (state == QLatin1String("succeeded"))
        walk.recordResult(key, StepOutcome::Succeeded, QStringLiteral("WWWW"), 0);
    else if (state == QLatin1String("by hand"))
        walk.recordResult(key, StepOutcome::DoneByHand, QStringLiteral("WWWW"), 0);
    else // not run: a result without an outcome
        stepOf(walk, key).result = QStringLiteral("WWWW");
    ChecklistStepModel model([] { return Now; }, [] { return QString(); });
    model.fill(&checklist, &walk);
    const QModelIndex cell = stepIndex(model, key, ChecklistStepModel::ResultColumn);
    QVERIFY(!cellText(cell).isEmpty());

    const QColor base = dark ? QColor(0x1e, 0x1e, 0x1e) : QColor(Qt::white);
    const QColor text = dark ? QColor(0xe0, 0xe0, 0xe0) : QColor(Qt::black);
    const QColor expected =
        state == QLatin1String("not run")
            ? text
            : ChecklistStepDelegate::toneColour(Tone(cell.data(ChecklistStepModel::ToneRole).toInt()), base);
    QVERIFY(expected.isValid());

    QTreeView view;
    ChecklistStepDelegate delegate(&view);
    QImage image(400, 60, QImage::Format_ARGB32);
    image.fill(base);
    QPainter painter(&image);
    QStyleOptionViewItem option;
    option.rect = image.rect();
    option.font.setPixelSize(40);
    option.fontMetrics = QFontMetrics(option.font);
    option.palette.setColor(QPalette::Base, base);
    option.palette.setColor(QPalette::Text, text);
    option.state = QStyle::State_Enabled;
    delegate.paint(&painter, option, cell);
    painter.end();

    // The glyphs' cores are painted in the colour (their edges blend into the background).
    int distance = 255 * 3;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel(image.pixel(x, y));
            distance = qMin(distance, qAbs(pixel.red() - expected.red()) + qAbs(pixel.green() - expected.green()) +
                                          qAbs(pixel.blue() - expected.blue()));
        }
    }
    QVERIFY2(distance <= 24, qPrintable(QStringLiteral("nearest to %1 is %2 away").arg(expected.name()).arg(distance)));
}

void TestChecklistStepModel::listKeepsSelectionAndSections()
{
    const Checklist checklist = parsed(Release);
    ChecklistWalk walk = ChecklistWalk::start(checklist, QString(), QString());
    ChecklistStepList list([] { return Now; }, [] { return QString(); });
    QSignalSpy toggled(&list, &ChecklistStepList::checkToggled);
    list.fill(&checklist, &walk);
    QCOMPARE(list.model(), static_cast<QAbstractItemModel *>(list.stepModel()));
    const QString logs = keyOf(checklist, QStringLiteral("Check the logs"));
    list.selectKey(logs);
    QCOMPARE(list.currentKey(), logs);
    QCOMPARE(list.indexForKey(logs), list.currentIndex());
    QVERIFY(!list.indexForKey(QStringLiteral("no/such-step")).isValid());

    // Filled again (the same walk opened again, or another walk of the checklist): the step stays selected.
    list.fill(&checklist, &walk);
    QCOMPARE(list.currentKey(), logs);
    const QModelIndex deploy = testing::sectionIndex(*list.stepModel(), QStringLiteral("Deploy"));
    QVERIFY(list.isExpanded(deploy));
    QVERIFY(list.isFirstColumnSpanned(deploy.row(), QModelIndex()));
    QVERIFY(!list.isFirstColumnSpanned(0, QModelIndex())); // the step before the first section

    // The list relays the model's ticks.
    QVERIFY(testing::setChecked(*list.stepModel(), logs, true));
    QCOMPARE(toggled.count(), 1);

    list.fill(nullptr, nullptr);
    QVERIFY(list.currentKey().isEmpty());
}

QTEST_MAIN(TestChecklistStepModel)
#include "tst_checkliststepmodel.moc"
