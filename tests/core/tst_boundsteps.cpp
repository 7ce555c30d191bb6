// SPDX-License-Identifier: GPL-3.0-or-later
// What a walk's bound steps decide apart from how they are run (core/checklist: BoundActions, WalkHistory,
// ChecklistWalk's skip and tick by hand), shared by the window and `retort checklist walk`: when the history
// table says a step is done already, when there is merely nothing to do, and what a verification says.
#include "core/checklist/BoundActions.h"
#include "core/checklist/WalkHistory.h"
#include "core/revision/RevisionMap.h"
#include "tests/core/GraphSpec.h"

#include <QTest>

using namespace retort;

Q_DECLARE_METATYPE(retort::PriorState::Kind)
Q_DECLARE_METATYPE(retort::StepOutcome)

namespace {

const QDateTime kAt = QDateTime(QDate(2026, 11, 25), QTime(22, 10, 4), Qt::UTC);

RevisionMap linearMap()
{
    auto map = RevisionMap::build(parseGraphSpec(QString::fromLatin1(graphs::linear)));
    if (!map.ok())
        qFatal("%s", qPrintable(map.error().message));
    return map.value();
}

// "upgrade e", "downgrade d>c", "stamp d>e": a successful history row of alice@db1 at kAt.
HistoryEntry row(const QString &spec)
{
    HistoryEntry entry;
    const QStringList words = spec.split(u' ');
    entry.event = historyEventNamed(words.at(0)).value();
    const QStringList fromTo = words.at(1).split(u'>');
    entry.revision = fromTo.last();
    if (fromTo.size() == 2) {
        entry.fromRevisions = fromTo.first().split(u',', Qt::SkipEmptyParts);
        entry.toRevisions = fromTo.last().split(u',', Qt::SkipEmptyParts);
        entry.revision = entry.event == HistoryEvent::Downgrade ? fromTo.first() : fromTo.last();
    } else {
        entry.toRevisions = {entry.revision};
    }
    entry.at = kAt;
    entry.by = QStringLiteral("alice@db1");
    return entry;
}

QVector<HistoryEntry> rows(const QStringList &specs)
{
    QVector<HistoryEntry> entries;
    for (const QString &spec : specs)
        entries << row(spec);
    return entries;
}

} // namespace

class TestBoundSteps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void priorRun_data();
    void priorRun();
    void priorBackup();
    void verifyCurrent_data();
    void verifyCurrent();
    void skipAndDoneByHandNeedAReason();
};

void TestBoundSteps::priorRun_data()
{
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QStringList>("current");
    QTest::addColumn<bool>("pending");
    QTest::addColumn<QStringList>("since");
    QTest::addColumn<PriorState::Kind>("kind");
    QTest::addColumn<QString>("result");

    using Kind = PriorState::Kind;
    const QString done = QStringLiteral("already done: %1 by alice@db1 at 2026-11-25 22:10:04 UTC (history)");
    const QStringList atHead{QStringLiteral("e")};
    QTest::newRow("steps pending: run it") << "upgrade head" << QStringList{QStringLiteral("c")} << true
                                           << QStringList{"upgrade e"} << Kind::NotDone << QString();
    QTest::newRow("at head, nothing since the walk began")
        << "upgrade head" << atHead << false << QStringList() << Kind::NothingToDo
        << QStringLiteral("nothing to do: already at head (e (head))");
    QTest::newRow("upgraded since the walk began")
        << "upgrade head" << atHead << false << QStringList{"upgrade d", "upgrade e"} << Kind::DoneSince
        << done.arg(QStringLiteral("upgraded to e (head)"));
    // The database got there by a stamp: nobody upgraded it.
    QTest::newRow("stamped there since, the step upgrades")
        << "upgrade head" << atHead << false << QStringList{"stamp d>e"} << Kind::NothingToDo
        << QStringLiteral("nothing to do: already at head (e (head))");
    QTest::newRow("upgraded, then down and stamped back")
        << "upgrade head" << atHead << false << QStringList{"upgrade e", "downgrade e>d", "stamp d>e"}
        << Kind::NothingToDo << QStringLiteral("nothing to do: already at head (e (head))");
    QTest::newRow("the upgrade since left the table elsewhere")
        << "upgrade e" << atHead << false << QStringList{"upgrade d"} << Kind::NothingToDo
        << QStringLiteral("nothing to do: already at e (e (head))");
    QTest::newRow("backups since say nothing of the version table")
        << "upgrade head" << atHead << false << QStringList{"upgrade e", "backup e"} << Kind::DoneSince
        << done.arg(QStringLiteral("upgraded to e (head)"));
    QTest::newRow("stamped since") << "stamp e" << atHead << false << QStringList{"stamp d>e"} << Kind::DoneSince
                                   << done.arg(QStringLiteral("stamped e (head)"));
    QTest::newRow("stamp with nothing since") << "stamp e" << atHead << false << QStringList() << Kind::NothingToDo
                                              << QStringLiteral("nothing to do: the version table is already e (head)");
    QTest::newRow("downgraded since") << "downgrade c" << QStringList{QStringLiteral("c")} << false
                                      << QStringList{"downgrade d>c"} << Kind::DoneSince
                                      << done.arg(QStringLiteral("downgraded to c"));
    QTest::newRow("downgraded to base since")
        << "downgrade base" << QStringList() << false << QStringList{"downgrade a>"} << Kind::DoneSince
        << done.arg(QStringLiteral("downgraded to no revision applied"));
    QTest::newRow("a rehearsal of nothing")
        << "rehearse upgrade head" << atHead << false << QStringList{"upgrade e"} << Kind::NothingToDo
        << QStringLiteral("nothing to rehearse: already at head (e (head))");
}

void TestBoundSteps::priorRun()
{
    QFETCH(QString, tag);
    QFETCH(QStringList, current);
    QFETCH(bool, pending);
    QFETCH(QStringList, since);
    QFETCH(PriorState::Kind, kind);
    QFETCH(QString, result);
    const auto action = ChecklistAction::parse(tag);
    QVERIFY(action.ok());
    const QVector<MigrationStep> plan = pending ? QVector<MigrationStep>{MigrationStep()} : QVector<MigrationStep>();
    QVector<HistoryEntry> entries = rows(since);
    const PriorState state = retort::priorRun(action.value(), plan, current, entries, linearMap());
    QCOMPARE(state.kind, kind);
    QCOMPARE(state.result, result);
}

void TestBoundSteps::priorBackup()
{
    BackupRecord file;
    file.path = QStringLiteral("/backups/production-shop.sqlite3");
    file.bytes = 2048;
    file.sha256 = QStringLiteral("abc123");
    HistoryEntry backup = row(QStringLiteral("backup e"));
    backup.checksum = file.sha256;

    PriorState state = retort::priorBackup({row(QStringLiteral("upgrade e")), backup}, {file});
    QCOMPARE(state.kind, PriorState::Kind::DoneSince);
    QCOMPARE(state.backup->path, file.path);
    QCOMPARE(state.result, QStringLiteral("already done: backup /backups/production-shop.sqlite3 (2.0 KiB) taken by "
                                          "alice@db1 at 2026-11-25 22:10:04 UTC (history)"));
    // The file the row names is gone (or another): not done, whatever else is in backup_dir.
    BackupRecord other = file;
    other.sha256 = QStringLiteral("fff");
    QCOMPARE(retort::priorBackup({backup}, {other}).kind, PriorState::Kind::NotDone);
    QCOMPARE(retort::priorBackup({row(QStringLiteral("upgrade e"))}, {file}).kind, PriorState::Kind::NotDone);
    QCOMPARE(retort::priorBackup({}, {file}).kind, PriorState::Kind::NotDone);
}

void TestBoundSteps::verifyCurrent_data()
{
    QTest::addColumn<QStringList>("current");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<StepOutcome>("outcome");
    QTest::addColumn<QString>("text");
    QTest::newRow("at head") << QStringList{QStringLiteral("e")} << QStringLiteral("head") << StepOutcome::Succeeded
                             << QStringLiteral("current is e (head), as expected (head)");
    QTest::newRow("behind") << QStringList{QStringLiteral("c")} << QStringLiteral("head") << StepOutcome::Failed
                            << QStringLiteral("current is c; expected e (head)");
    QTest::newRow("empty") << QStringList() << QStringLiteral("c") << StepOutcome::Failed
                           << QStringLiteral("current is no revision applied; expected c (c)");
    QTest::newRow("unknown revision") << QStringList{QStringLiteral("e")} << QStringLiteral("zzzz")
                                      << StepOutcome::Failed << QStringLiteral("No such revision or branch 'zzzz'");
}

void TestBoundSteps::verifyCurrent()
{
    QFETCH(QStringList, current);
    QFETCH(QString, expected);
    QFETCH(StepOutcome, outcome);
    QFETCH(QString, text);
    const StepResult result = verifyCurrentResult(linearMap(), current, expected);
    QCOMPARE(result.outcome, outcome);
    QCOMPARE(result.text, text);
}

// The window's Skip step and its tick of a bound step by hand, and the terminal's s and d: a reason, or nothing.
void TestBoundSteps::skipAndDoneByHandNeedAReason()
{
    ChecklistWalk walk;
    walk.steps = {WalkStep{}, WalkStep{}};
    walk.steps[0].key = QStringLiteral("a/backup");
    walk.steps[1].key = QStringLiteral("a/upgrade");
    QVERIFY(!walk.skip(QStringLiteral("a/backup"), QStringLiteral("  ")));
    QVERIFY(!walk.markDoneByHand(QStringLiteral("a/upgrade")));
    QCOMPARE(walk.doneCount(), 0);

    walk.recordResult(QStringLiteral("a/backup"), StepOutcome::Failed, QStringLiteral("disk full"), 12);
    QVERIFY(walk.skip(QStringLiteral("a/backup"), QStringLiteral(" taken by the DBA ")));
    const WalkStep *skipped = walk.step(QStringLiteral("a/backup"));
    QVERIFY(skipped->done);
    QCOMPARE(skipped->outcome, StepOutcome::Skipped);
    QCOMPARE(skipped->note, QStringLiteral("taken by the DBA"));
    QCOMPARE(skipped->result, QStringLiteral("disk full")); // what the run said stays

    walk.setNote(QStringLiteral("a/upgrade"), QStringLiteral("ran by hand with psql"));
    QVERIFY(walk.markDoneByHand(QStringLiteral("a/upgrade")));
    const WalkStep *byHand = walk.step(QStringLiteral("a/upgrade"));
    QCOMPARE(byHand->outcome, StepOutcome::DoneByHand);
    QCOMPARE(byHand->result, QStringLiteral("ran by hand with psql"));
    QCOMPARE(byHand->note, QStringLiteral("ran by hand with psql"));
    QVERIFY(walk.isFinished());
}

QTEST_GUILESS_MAIN(TestBoundSteps)
#include "tst_boundsteps.moc"
