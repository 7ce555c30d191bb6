// SPDX-License-Identifier: GPL-3.0-or-later
#include "GraphSpec.h"
#include "core/revision/MigrationPlanner.h"

#include <QTest>

using namespace retort;

Q_DECLARE_METATYPE(QVector<VersionChange>)

namespace QTest {
template <> char *toString(const VersionChange &change)
{
    static const char *kinds[] = {"INSERT", "UPDATE", "DELETE"};
    return qstrdup(qPrintable(QStringLiteral("%1 %2 -> %3").arg(kinds[int(change.kind)], change.from, change.to)));
}
} // namespace QTest

class TestMigrationPlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plan_data();
    void plan();
    void versionChanges_data();
    void versionChanges();
    void topologicalOrder_data();
    void topologicalOrder();
    void history_data();
    void history();
    void logLines();
    void downgradeFromSeveralRowsWarns();
};

namespace {

struct Outcome
{
    QString log;  // "a+ b+ c-"
    QString rows; // physical order
    QString error;
};

Outcome runCommand(const RevisionMap &map, const QString &command, const QStringList &arguments, QStringList rows)
{
    const MigrationPlanner planner(map);
    Result<QVector<MigrationStep>> steps = QVector<MigrationStep>();
    if (command == QLatin1String("upgrade")) {
        steps = planner.upgradeSteps(arguments.value(0), rows);
    } else if (command == QLatin1String("downgrade")) {
        steps = planner.downgradeSteps(arguments.value(0), rows);
    } else {
        QStringList targets = arguments;
        if (targets.removeAll(QStringLiteral("--purge")))
            rows.clear();
        steps = planner.stampSteps(targets, rows);
    }
    if (!steps.ok())
        return {QString(), QString(), steps.error().message};
    auto planned = planner.simulate(steps.value(), rows);
    if (!planned.ok())
        return {QString(), QString(), planned.error().message};
    Outcome outcome;
    QStringList log;
    for (const PlannedStep &step : planned.value()) {
        if (step.step.kind == MigrationStep::Kind::Revision)
            log << map.at(step.step.revision).id + (step.step.isUpgrade ? "+" : "-");
        rows = step.rowsAfter;
    }
    outcome.log = log.join(' ');
    outcome.rows = rows.join(' ');
    return outcome;
}

RevisionMap build(const QString &spec)
{
    auto map = RevisionMap::build(parseGraphSpec(spec));
    if (!map.ok())
        qFatal("graph %s does not build: %s", qPrintable(spec), qPrintable(map.error().message));
    return map.value();
}

} // namespace

void TestMigrationPlanner::plan_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("log");
    QTest::addColumn<QString>("rowsAfter");
    QTest::addColumn<QString>("error");

    using L = QStringList;
    const QString none;
    // linear
    QTest::newRow("linear upgrade head") << graphs::linear << L{} << "upgrade" << L{"head"} << "a+ b+ c+ d+ e+"
                                         << "e" << none;
    QTest::newRow("linear upgrade +2") << graphs::linear << L{"a"} << "upgrade" << L{"+2"} << "b+ c+"
                                       << "c" << none;
    QTest::newRow("linear downgrade -2") << graphs::linear << L{"e"} << "downgrade" << L{"-2"} << "e- d-"
                                         << "c" << none;
    QTest::newRow("rev-N walks from rev") << graphs::linear << L{"d"} << "downgrade" << L{"d-2"} << "d- c-"
                                          << "b" << none;
    QTest::newRow("rev+N walks from rev") << graphs::linear << L{"b"} << "upgrade" << L{"b+2"} << "c+ d+"
                                          << "d" << none;
    QTest::newRow("downgrade base") << graphs::linear << L{"c"} << "downgrade" << L{"base"} << "c- b- a-"
                                    << "" << none;
    QTest::newRow("upgrade to current is a no-op") << graphs::linear << L{"c"} << "upgrade" << L{"c"} << ""
                                                   << "c" << none;
    QTest::newRow("upgrade -1 is an error") << graphs::linear << L{"c"} << "upgrade" << L{"-1"} << none << none
                                            << "Relative revision -1 didn't produce 1 migrations";
    QTest::newRow("downgrade +1 is an error") << graphs::linear << L{"c"} << "downgrade" << L{"+1"} << none << none
                                              << "Relative revision +1 didn't produce 1 migrations";
    QTest::newRow("walk past the top") << graphs::linear << L{"a"} << "upgrade" << L{"+9"} << none << none
                                       << "Relative revision +9 didn't produce 9 migrations";
    QTest::newRow("downgrade -1 on an empty table") << graphs::linear << L{} << "downgrade" << L{"-1"} << none << none
                                                    << "Relative revision -1 didn't produce 1 migrations";
    QTest::newRow("walking past the end inside rev+N fails cleanly")
        << graphs::linear << L{} << "upgrade" << L{"e+1"} << none << none << "Walked too far";
    QTest::newRow("relative count out of range") << graphs::linear << L{"e"} << "downgrade" << L{"-2147483648"} << none
                                                 << none << "Relative revision -2147483648 is out of range";
    QTest::newRow("unknown target") << graphs::linear << L{} << "upgrade" << L{"zzzz"} << none << none
                                    << "Can't locate revision identified by 'zzzz'";
    QTest::newRow("row naming no file") << graphs::linear << L{"ae98aa32e0d2"} << "upgrade" << L{"head"} << none << none
                                        << "Can't locate revision identified by 'ae98aa32e0d2'";
    QTest::newRow("downgrade target above the rows")
        << graphs::linear << L{"b"} << "downgrade" << L{"d"} << none << none
        << "Destination d is not a valid downgrade target from current head(s)";
    // two bases (ALEMBIC_NOTES 16: last branch in file order first)
    QTest::newRow("forest upgrade heads") << graphs::forest << L{} << "upgrade" << L{"heads"} << "a2+ b2+ a1+ b1+"
                                          << "b2 b1" << none;
    QTest::newRow("forest downgrade base")
        << graphs::forest << L{"b1", "b2"} << "downgrade" << L{"base"} << "b1- a1- b2- a2-"
        << "" << none;
    QTest::newRow("forest +1 from empty is ambiguous")
        << graphs::forest << L{} << "upgrade" << L{"+1"} << none << none << "Ambiguous walk";
    QTest::newRow("downgrade -1 with several rows walks from the first row")
        << graphs::forest << L{"b1", "b2"} << "downgrade" << L{"-1"} << "b1-"
        << "a1 b2" << none;
    // diamond
    QTest::newRow("+1 from a branch counts graph steps") << graphs::diamond << L{"b"} << "upgrade" << L{"+1"} << "c+ d+"
                                                         << "d" << none;
    QTest::newRow("-1 at a merge is ambiguous")
        << graphs::diamond << L{"d"} << "downgrade" << L{"-1"} << none << none << "Ambiguous walk";
    QTest::newRow("+1 from two rows") << graphs::diamond << L{"b", "c"} << "upgrade" << L{"+1"} << none << none
                                      << "Ambiguous upgrade from multiple current revisions";
    QTest::newRow("downgrade below a merge keeps the other parent")
        << graphs::diamond << L{"d"} << "downgrade" << L{"b"} << "d-"
        << "c b" << none;
    QTest::newRow("downgrade to an implied revision is a no-op")
        << graphs::diamond << L{"b", "c"} << "downgrade" << L{"c"} << ""
        << "b c" << none;
    QTest::newRow("upgrade through the merge") << graphs::diamond << L{} << "upgrade" << L{"head"} << "a+ c+ b+ d+"
                                               << "d" << none;
    // labels
    QTest::newRow("bare label means the labelled revision")
        << graphs::labelled << L{} << "upgrade" << L{"right"} << "a+ b+ c2+"
        << "c2" << none;
    QTest::newRow("label@head") << graphs::labelled << L{} << "upgrade" << L{"right@head"} << "a+ b+ c2+ d2+"
                                << "d2" << none;
    QTest::newRow("head with two heads") << graphs::labelled << L{} << "upgrade" << L{"head"} << none << none
                                         << "Multiple head revisions are present for given argument 'head'; please "
                                            "specify a specific target revision, '<branchname>@head' to narrow to a "
                                            "specific head, or 'heads' for all heads";
    QTest::newRow("label@+1 starts from that branch")
        << graphs::labelled << L{"c2"} << "upgrade" << L{"left@+1"} << "c1+"
        << "c2 c1" << none;
    QTest::newRow("label@base with one root drops everything")
        << graphs::labelled << L{"d1", "d2"} << "downgrade" << L{"right@base"} << "d1- c1- d2- c2- b- a-"
        << "" << none;
    QTest::newRow("rev@target narrows to a branch")
        << graphs::labelled << L{"c2", "d1"} << "downgrade" << L{"d1@b"} << "d1- c1-"
        << "c2" << none;
    QTest::newRow("label@-1 with no row on the branch fails cleanly")
        << graphs::labelled << L{"c2"} << "downgrade" << L{"left@-1"} << none << none
        << "No current revision on branch 'left' to walk down from";
    // depends_on (ALEMBIC_NOTES 14)
    QTest::newRow("depends_on pulls in the other branch")
        << graphs::dependsAcross << L{} << "upgrade" << L{"b2"} << "a1+ a2+ b1+ b2+"
        << "b2" << none;
    QTest::newRow("downgrading a dependency takes its dependents")
        << graphs::dependsAcross << L{"b2"} << "downgrade" << L{"a1"} << "b2- a2-"
        << "a1 b1" << none;
    QTest::newRow("effective head makes head ambiguous")
        << graphs::dependsAcross << L{} << "upgrade" << L{"head"} << none << none
        << "Multiple head revisions are present for given argument 'head'; please specify a specific target "
           "revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads";
    QTest::newRow("a redundant row gets Alembic stuck (ALEMBIC_NOTES 15)")
        << graphs::dependsThenMerge << L{"a1", "b1"} << "upgrade" << L{"head"} << none << none
        << "Requested revision b1 overlaps with other requested revisions a1";
    // stamp (ALEMBIC_NOTES 18-20)
    QTest::newRow("stamp adds an unrelated branch") << graphs::labelled << L{"c2"} << "stamp" << L{"left@head"} << ""
                                                    << "c2 d1" << none;
    QTest::newRow("stamp label@base deletes that branch's row")
        << graphs::labelled << L{"c2", "d1"} << "stamp" << L{"right@base"} << ""
        << "d1" << none;
    QTest::newRow("stamp an ancestor moves the rows down")
        << graphs::labelled << L{"d1", "c2"} << "stamp" << L{"a"} << ""
        << "a" << none;
    QTest::newRow("stamp --purge") << graphs::labelled << L{"d1", "d2"} << "stamp" << L{"--purge", "c2"} << ""
                                   << "c2" << none;
    QTest::newRow("stamp base") << graphs::labelled << L{"d1", "d2"} << "stamp" << L{"base"} << ""
                                << "" << none;
    QTest::newRow("stamp -1 on an empty table") << graphs::labelled << L{} << "stamp" << L{"-1"} << ""
                                                << "c1 c2" << none;
    QTest::newRow("stamp -1 with rows") << graphs::labelled << L{"d1"} << "stamp" << L{"-1"} << none << none
                                        << "Can't locate revision identified by '-1'";
    QTest::newRow("stamp head with two heads") << graphs::labelled << L{} << "stamp" << L{"head"} << none << none
                                               << "Multiple heads are present; please specify a single target revision";
    QTest::newRow("stamp two targets below one merge")
        << graphs::mergeOfThree << L{"c"} << "stamp" << L{"b1", "b3"} << ""
        << "b1 b3" << none;
}

void TestMigrationPlanner::plan()
{
    QFETCH(QString, graph);
    QFETCH(QStringList, rows);
    QFETCH(QString, command);
    QFETCH(QStringList, arguments);
    const Outcome outcome = runCommand(build(graph), command, arguments, rows);
    QTEST(outcome.error, "error");
    QTEST(outcome.log, "log");
    QTEST(outcome.rows, "rowsAfter");
}

void TestMigrationPlanner::versionChanges_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QVector<VersionChange>>("changes");

    using K = VersionChange::Kind;
    QTest::newRow("first revision inserts") << graphs::linear << QStringList{} << "upgrade"
                                            << "a" << QVector<VersionChange>{{K::Insert, {}, "a"}};
    QTest::newRow("linear step updates") << graphs::linear << QStringList{"a"} << "upgrade"
                                         << "b" << QVector<VersionChange>{{K::Update, "a", "b"}};
    QTest::newRow("merge deletes one parent, updates the other")
        << graphs::diamond << QStringList{"b", "c"} << "upgrade"
        << "d" << QVector<VersionChange>{{K::Delete, "b", {}}, {K::Update, "c", "d"}};
    QTest::newRow("unmerge inserts one parent, updates to the other")
        << graphs::diamond << QStringList{"d"} << "downgrade"
        << "a"
        << QVector<VersionChange>{
               {K::Insert, {}, "b"}, {K::Update, "d", "c"}, {K::Delete, "b", {}}, {K::Update, "c", "a"}};
    QTest::newRow("down to base deletes") << graphs::linear << QStringList{"a"} << "downgrade"
                                          << "base" << QVector<VersionChange>{{K::Delete, "a", {}}};
    QTest::newRow("branch off an applied line inserts") << "a; b <- a; c <- a" << QStringList{"b"} << "upgrade"
                                                        << "c" << QVector<VersionChange>{{K::Insert, {}, "c"}};
}

void TestMigrationPlanner::versionChanges()
{
    QFETCH(QString, graph);
    QFETCH(QStringList, rows);
    QFETCH(QString, command);
    QFETCH(QString, target);
    QFETCH(QVector<VersionChange>, changes);
    const RevisionMap map = build(graph);
    const MigrationPlanner planner(map);
    auto steps =
        command == QLatin1String("upgrade") ? planner.upgradeSteps(target, rows) : planner.downgradeSteps(target, rows);
    QVERIFY(steps.ok());
    auto planned = planner.simulate(steps.value(), rows);
    QVERIFY(planned.ok());
    QVector<VersionChange> got;
    for (const PlannedStep &step : planned.value())
        got += step.changes;
    QCOMPARE(got, changes);
}

void TestMigrationPlanner::topologicalOrder_data()
{
    QTest::addColumn<QString>("graph");
    QTest::newRow("linear") << graphs::linear;
    QTest::newRow("two bases") << graphs::forest;
    QTest::newRow("diamond") << graphs::diamond;
    QTest::newRow("labels") << graphs::labelled;
    QTest::newRow("merge of three") << graphs::mergeOfThree;
    QTest::newRow("depends across") << graphs::dependsAcross;
    QTest::newRow("criss-cross") << "a; b <- a; c <- a; d <- b (dep c); e <- c (dep b); f <- d, e";
}

// Whatever the shape, an upgrade applies every revision after all it needs,
// and a downgrade removes it before anything it needs.
void TestMigrationPlanner::topologicalOrder()
{
    QFETCH(QString, graph);
    const RevisionMap map = build(graph);
    const MigrationPlanner planner(map);
    auto up = planner.upgradeSteps(QStringLiteral("heads"), {});
    QVERIFY(up.ok());
    QCOMPARE(up.value().size(), map.size());
    QVector<int> position(map.size(), -1);
    for (int i = 0; i < up.value().size(); ++i)
        position[up.value()[i].revision] = i;
    for (const Revision &revision : map.revisions()) {
        for (int needed : revision.normalizedDown)
            QVERIFY2(position[needed] < position[revision.index], qPrintable(revision.id));
    }
    auto planned = planner.simulate(up.value(), {});
    QVERIFY(planned.ok());
    QStringList rows = planned.value().last().rowsAfter;
    auto down = planner.downgradeSteps(QStringLiteral("base"), rows);
    QVERIFY(down.ok());
    QCOMPARE(down.value().size(), map.size());
    for (int i = 0; i < down.value().size(); ++i)
        position[down.value()[i].revision] = i;
    for (const Revision &revision : map.revisions()) {
        for (int needed : revision.normalizedDown)
            QVERIFY2(position[needed] > position[revision.index], qPrintable(revision.id));
    }
    auto back = planner.simulate(down.value(), rows);
    QVERIFY(back.ok());
    QVERIFY(back.value().last().rowsAfter.isEmpty());
}

void TestMigrationPlanner::history_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("head");
    QTest::addColumn<QString>("expected");

    QTest::newRow("everything") << graphs::forest << ""
                                << ""
                                << "b1 a1 b2 a2";
    QTest::newRow("range") << graphs::linear << "b"
                           << "d"
                           << "d c b";
    QTest::newRow("from a revision") << graphs::linear << "c"
                                     << ""
                                     << "e d c";
    QTest::newRow("to a revision") << graphs::linear << ""
                                   << "b"
                                   << "b a";
    QTest::newRow("current") << graphs::linear << "current"
                             << ""
                             << "e d c";
    QTest::newRow("not along one branch") << graphs::labelled << "d1"
                                          << "d2"
                                          << "error: Requested range d1:d2 does not refer to ancestor/descendant "
                                             "revisions along the same branch";
}

void TestMigrationPlanner::history()
{
    QFETCH(QString, graph);
    QFETCH(QString, base);
    QFETCH(QString, head);
    QFETCH(QString, expected);
    const RevisionMap map = build(graph);
    auto revisions = MigrationPlanner(map).historyRevisions(base, head, {QStringLiteral("c")});
    const QString got =
        revisions.ok() ? map.ids(revisions.value()).join(' ') : QStringLiteral("error: ") + revisions.error().message;
    QCOMPARE(got, expected);
}

void TestMigrationPlanner::logLines()
{
    const RevisionMap map = build(graphs::diamond);
    const MigrationPlanner planner(map);
    auto up = planner.upgradeSteps(QStringLiteral("d"), {});
    QVERIFY(up.ok());
    QCOMPARE(planner.shortLog(up.value().first()), QStringLiteral("upgrade  -> a"));
    QCOMPARE(planner.logLine(up.value().last()), QStringLiteral("upgrade b, c -> d, message of d"));
    auto down = planner.downgradeSteps(QStringLiteral("base"), {QStringLiteral("d")});
    QVERIFY(down.ok());
    QCOMPARE(planner.shortLog(down.value().first()), QStringLiteral("downgrade d -> b, c"));
    QCOMPARE(planner.shortLog(down.value().last()), QStringLiteral("downgrade a -> "));
    auto stamp = planner.stampSteps({QStringLiteral("b")}, {});
    QVERIFY(stamp.ok());
    QCOMPARE(planner.shortLog(stamp.value().first()), QStringLiteral("stamp_revision  -> b"));
}

void TestMigrationPlanner::downgradeFromSeveralRowsWarns()
{
    const RevisionMap map = build(graphs::forest);
    QStringList warnings;
    auto steps = MigrationPlanner(map).downgradeSteps(QStringLiteral("-1"), {"b2", "b1"}, &warnings);
    QVERIFY(steps.ok());
    QCOMPARE(warnings,
             QStringList{QStringLiteral("downgrade -1 from multiple heads is ambiguous; walking down from b2, "
                                        "the first row of the version table")});
}

QTEST_GUILESS_MAIN(TestMigrationPlanner)
#include "tst_migrationplanner.moc"
