// SPDX-License-Identifier: GPL-3.0-or-later
#include "GraphSpec.h"
#include "core/revision/RevisionResolver.h"
#include "core/revision/RevisionMap.h"

#include <QTest>

using namespace retort;

class TestRevisionMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildErrors_data();
    void buildErrors();
    void shape_data();
    void shape();
    void labelsSpread_data();
    void labelsSpread();
    void identifiers_data();
    void identifiers();
    void currentBranchHeads_data();
    void currentBranchHeads();
    void lineage();
};

namespace {

RevisionMap buildOrFail(const QString &spec)
{
    auto map = RevisionMap::build(parseGraphSpec(spec));
    if (!map.ok())
        qFatal("graph %s does not build: %s", qPrintable(spec), qPrintable(map.error().message));
    return map.value();
}

QString joinedIds(const RevisionMap &map, const QVector<int> &indexes)
{
    QStringList ids;
    for (int index : indexes)
        ids << (index == RevisionMap::None         ? QStringLiteral("<none>")
                : index == RevisionMap::BaseMarker ? QStringLiteral("<base>")
                                                   : map.at(index).id);
    return ids.join(QLatin1Char(' '));
}

} // namespace

void TestRevisionMap::buildErrors_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("duplicate id") << "a; b <- a; b <- a" << int(ErrorCode::DuplicateRevision)
                                  << "Revision b is present more than once: versions/b.sql and versions/b.sql";
    QTest::newRow("dangling revises") << "a; b <- zz" << int(ErrorCode::MissingRevision)
                                      << "Revision zz referenced from b is not present (Revises: in versions/b.sql)";
    QTest::newRow("dangling depends on") << "a; b <- a (dep nope)" << int(ErrorCode::MissingRevision)
                                         << "Revision nope referenced from b is not present (Depends On: in "
                                            "versions/b.sql)";
    QTest::newRow("cycle") << "a; b <- a, d; c <- b; d <- c; e <- a" << int(ErrorCode::CycleDetected)
                           << "Cycle is detected in revisions (b, c, d): versions/b.sql, versions/c.sql, "
                              "versions/d.sql";
    // Reachable from a head and from a base, so Alembic's own test misses these.
    QTest::newRow("cycle behind a merge") << "a; b <- a, c; c <- b; d <- c" << int(ErrorCode::CycleDetected)
                                          << "Cycle is detected in revisions (b, c): versions/b.sql, versions/c.sql";
    QTest::newRow("cycle through depends_on")
        << "z; a <- z (dep c); b <- a; c <- b; d <- c" << int(ErrorCode::DependencyCycleDetected)
        << "Dependency cycle is detected in revisions (a, b, c): versions/a.sql, "
           "versions/b.sql, versions/c.sql";
    QTest::newRow("everything in a cycle") << "a <- b; b <- a" << int(ErrorCode::CycleDetected)
                                           << "Cycle is detected in revisions (a, b): versions/a.sql, versions/b.sql";
    QTest::newRow("dependency cycle") << "a (dep c); b <- a; c <- b" << int(ErrorCode::DependencyCycleDetected)
                                      << "Dependency cycle is detected in revisions (a, b, c): versions/a.sql, "
                                         "versions/b.sql, versions/c.sql";
    QTest::newRow("depends on itself") << "a; b <- a (dep b)" << int(ErrorCode::DependencyCycleDetected)
                                       << "Dependency self-loop is detected in revisions (b): versions/b.sql";
    QTest::newRow("label used twice") << "a [x]; b <- a [x]" << int(ErrorCode::RevisionError)
                                      << "Branch name 'x' in revision b already used by revision a (versions/b.sql, "
                                         "versions/a.sql)";
    QTest::newRow("label equal to an id") << "a; b <- a [a]" << int(ErrorCode::RevisionError)
                                          << "Branch name 'a' in revision b already used by revision a "
                                             "(versions/b.sql, versions/a.sql)";
}

void TestRevisionMap::buildErrors()
{
    QFETCH(QString, graph);
    QFETCH(int, code);
    QFETCH(QString, message);
    auto map = RevisionMap::build(parseGraphSpec(graph));
    QVERIFY(!map.ok());
    QCOMPARE(int(map.error().code), code);
    QCOMPARE(map.error().message, message);
}

void TestRevisionMap::shape_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QString>("heads");
    QTest::addColumn<QString>("realHeads");
    QTest::addColumn<QString>("bases");
    QTest::addColumn<QString>("branchPoints");
    QTest::addColumn<QString>("mergePoints");

    QTest::newRow("empty") << ""
                           << ""
                           << ""
                           << ""
                           << ""
                           << "";
    QTest::newRow("linear") << graphs::linear << "e"
                            << "e"
                            << "a"
                            << ""
                            << "";
    QTest::newRow("two bases") << graphs::forest << "b1 b2"
                               << "b1 b2"
                               << "a1 a2"
                               << ""
                               << "";
    QTest::newRow("branch") << "a; b <- a; c <- a"
                            << "b c"
                            << "b c"
                            << "a"
                            << "a"
                            << "";
    QTest::newRow("diamond") << graphs::diamond << "d"
                             << "d"
                             << "a"
                             << "a"
                             << "d";
    QTest::newRow("merge of three") << graphs::mergeOfThree << "c"
                                    << "c"
                                    << "a"
                                    << "a"
                                    << "c";
    QTest::newRow("labels") << graphs::labelled << "d1 d2"
                            << "d1 d2"
                            << "a"
                            << "b"
                            << "";
    // a2 is only depended on: a head for `heads`, not a real head.
    QTest::newRow("depends across") << graphs::dependsAcross << "a2 b2"
                                    << "b2"
                                    << "a1 b1"
                                    << ""
                                    << "";
}

void TestRevisionMap::shape()
{
    QFETCH(QString, graph);
    const RevisionMap map = buildOrFail(graph);
    QStringList branchPoints;
    QStringList mergePoints;
    for (const Revision &revision : map.revisions()) {
        if (revision.isBranchPoint())
            branchPoints << revision.id;
        if (revision.isMergePoint())
            mergePoints << revision.id;
    }
    QTEST(joinedIds(map, map.heads()), "heads");
    QTEST(joinedIds(map, map.realHeads()), "realHeads");
    QTEST(joinedIds(map, map.bases()), "bases");
    QTEST(branchPoints.join(' '), "branchPoints");
    QTEST(mergePoints.join(' '), "mergePoints");
}

void TestRevisionMap::labelsSpread_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QStringList>("labels");

    // Labels spread to descendants, and to ancestors up to a branch or merge point.
    QTest::newRow("descendant") << graphs::labelled << "d1" << QStringList{"left"};
    QTest::newRow("not above the branch point") << graphs::labelled << "b" << QStringList{};
    QTest::newRow("ancestors of a linear label") << "a; b <- a [x]; c <- b"
                                                 << "a" << QStringList{"x"};
    QTest::newRow("merge carries both") << "a; b <- a [l]; c <- a [r]; m <- b, c"
                                        << "m" << QStringList{"l", "r"};
}

void TestRevisionMap::labelsSpread()
{
    QFETCH(QString, graph);
    QFETCH(QString, revision);
    QFETCH(QStringList, labels);
    const RevisionMap map = buildOrFail(graph);
    QStringList got = map.at(map.indexOf(revision)).branchLabels;
    got.sort();
    QCOMPARE(got, labels);
}

void TestRevisionMap::identifiers_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("expected"); // ids, or "error: <message>"

    const char *prefixes = "aaaa1111; aaab2222 <- aaaa1111; bbbb3333 <- aaab2222 [feature]";
    QTest::newRow("full id") << graphs::linear << "c"
                             << "c";
    QTest::newRow("unique prefix") << prefixes << "aaab"
                                   << "aaab2222";
    QTest::newRow("short prefix") << prefixes << "bb"
                                  << "bbbb3333";
    QTest::newRow("ambiguous prefix") << prefixes << "aaa"
                                      << "error: Multiple revisions start with 'aaa': 'aaaa1111', 'aaab2222'...";
    QTest::newRow("unknown id") << prefixes << "cccc"
                                << "error: No such revision or branch 'cccc'";
    QTest::newRow("unknown short id") << prefixes << "cc"
                                      << "error: No such revision or branch 'cc'; please ensure at least four "
                                         "characters are present for partial revision identifier matches";
    QTest::newRow("label as prefix") << graphs::labelled << "ri"
                                     << "c2";
    QTest::newRow("bare label is the labelled revision") << graphs::labelled << "right"
                                                         << "c2";
    QTest::newRow("head") << graphs::linear << "head"
                          << "e";
    QTest::newRow("head with several heads") << graphs::labelled << "head"
                                             << "error: Multiple heads are present for given argument 'head'; d1, d2";
    QTest::newRow("heads") << graphs::labelled << "heads"
                           << "d1 d2";
    QTest::newRow("heads excludes effective heads") << graphs::dependsAcross << "heads"
                                                    << "b2";
    QTest::newRow("base") << graphs::linear << "base"
                          << "";
    QTest::newRow("label@head") << graphs::labelled << "left@head"
                                << "d1";
    QTest::newRow("label@heads") << graphs::labelled << "right@heads"
                                 << "d2";
    QTest::newRow("label@base") << graphs::labelled << "left@base"
                                << "";
    QTest::newRow("unknown label") << graphs::labelled << "middle@head"
                                   << "error: No such revision or branch 'middle'";
    QTest::newRow("unknown label on a revision") << graphs::labelled << "middle@c1"
                                                 << "error: No such branch: 'middle'";
    QTest::newRow("rev@rev") << graphs::labelled << "d1@c1"
                             << "c1";
    QTest::newRow("rev not on branch") << graphs::labelled << "left@c2"
                                       << "error: Revision c2 is not a member of branch 'left'";
    QTest::newRow("-1 walks down from each head") << graphs::labelled << "-1"
                                                  << "c1 c2";
    QTest::newRow("label@-1") << graphs::labelled << "left@-1"
                              << "c1";
    QTest::newRow("-1 below a base") << graphs::forest << "-2"
                                     << "<base> <base>";
    QTest::newRow("-1 through a merge") << graphs::diamond << "-1"
                                        << "error: Ambiguous walk";
    QTest::newRow("a huge -N stops below base") << graphs::linear << "-2147483648"
                                                << "<none>";
}

void TestRevisionMap::identifiers()
{
    QFETCH(QString, graph);
    QFETCH(QString, identifier);
    QFETCH(QString, expected);
    const RevisionMap map = buildOrFail(graph);
    auto resolved = RevisionResolver(map).revisionsFor(identifier);
    if (expected.startsWith(QLatin1String("error: "))) {
        QVERIFY2(!resolved.ok(), qPrintable(resolved.ok() ? joinedIds(map, resolved.value()) : QString()));
        QCOMPARE(resolved.error().message, expected.mid(7));
    } else {
        QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().message));
        QCOMPARE(joinedIds(map, resolved.value()), expected);
    }
}

void TestRevisionMap::currentBranchHeads_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QString>("current");

    QTest::newRow("empty") << graphs::linear << QStringList{} << "";
    QTest::newRow("single") << graphs::linear << QStringList{"c"} << "c";
    QTest::newRow("two branches") << graphs::labelled << QStringList{"d2", "c1"} << "c1 d2";
    // A row that is an ancestor of another row is hidden (ALEMBIC_NOTES 21).
    QTest::newRow("redundant row hidden") << "a1; b1 <- a1; b2 <- a1; c2 <- b2" << QStringList{"a1", "b2"} << "b2";
    // A revision implied only through depends_on is shown.
    QTest::newRow("dependency shown") << graphs::dependsAcross << QStringList{"b2"} << "a2 b2";
}

void TestRevisionMap::currentBranchHeads()
{
    QFETCH(QString, graph);
    QFETCH(QStringList, rows);
    const RevisionMap map = buildOrFail(graph);
    auto current = RevisionResolver(map).allCurrent(rows);
    QVERIFY(current.ok());
    QTEST(joinedIds(map, current.value()), "current");

    auto unknown = RevisionResolver(map).allCurrent({QStringLiteral("deadbeef0000")});
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, ErrorCode::ResolutionError);
    QCOMPARE(unknown.error().context, QStringLiteral("deadbeef0000"));
}

void TestRevisionMap::lineage()
{
    const RevisionMap map = buildOrFail(graphs::diamond);
    const int a = map.indexOf(QStringLiteral("a"));
    const int b = map.indexOf(QStringLiteral("b"));
    const int d = map.indexOf(QStringLiteral("d"));
    auto up = map.descendants({b});
    QVERIFY(up.ok());
    QCOMPARE(joinedIds(map, up.value()), QStringLiteral("b d"));
    auto down = map.ancestors({d});
    QVERIFY(down.ok());
    QCOMPARE(down.value().size(), 4);
    // Asking for a revision together with its own ancestor is Alembic's overlap error.
    auto overlap = map.ancestors({d, a}, true, true);
    QVERIFY(!overlap.ok());
    QCOMPARE(overlap.error().message, QStringLiteral("Requested revision d overlaps with other requested revisions a"));
}

QTEST_GUILESS_MAIN(TestRevisionMap)
#include "tst_revisionmap.moc"
