// SPDX-License-Identifier: GPL-3.0-or-later
#include "GraphSpec.h"
#include "core/revision/GraphLayout.h"
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionMap.h"

#include <QSet>
#include <QTest>

using namespace retort;

class TestGraphLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exactLayout_data();
    void exactLayout();
    void invariants_data();
    void invariants();
    void mainLineStaysLeft_data();
    void mainLineStaysLeft();
    void stableWhenHeadAdded_data();
    void stableWhenHeadAdded();
    void paletteCyclesAndLanesAreReused();
    void emptyGraph();
    void checkerFindsBrokenLayouts();
    void largeGraph();
};

namespace {

RevisionMap buildOrFail(const QVector<Revision> &revisions)
{
    auto map = RevisionMap::build(revisions);
    if (!map.ok())
        qFatal("graph does not build: %s", qPrintable(map.error().message));
    return map.value();
}

RevisionMap buildOrFail(const QString &spec)
{
    return buildOrFail(parseGraphSpec(spec));
}

QVector<int> historyOrder(const RevisionMap &map)
{
    auto history = MigrationPlanner(map).historyRevisions(QString(), QString());
    if (!history.ok())
        qFatal("no history: %s", qPrintable(history.error().message));
    return history.value();
}

QVector<int> orderOf(const RevisionMap &map, const QStringList &ids)
{
    QVector<int> order;
    for (const QString &id : ids)
        order << map.indexOf(id);
    return order;
}

// "d@0:0 L0>0:0 L0>1:1 | b@0:0 T1:1 U0>0:0 L0>0:0 | ...": per row the node's
// id@lane:palette, then its lines (Through lane, Upper/Lower from>to) :palette.
QString render(const RevisionMap &map, const GraphLayout &layout)
{
    QStringList rows;
    for (const GraphRow &row : layout.rows) {
        QStringList parts{QStringLiteral("%1@%2:%3").arg(map.at(row.revision).id).arg(row.lane).arg(row.palette)};
        for (const LaneLine &line : row.lines) {
            switch (line.part) {
            case LaneLine::Part::Through:
                parts << QStringLiteral("T%1:%2").arg(line.fromLane).arg(line.palette);
                break;
            case LaneLine::Part::Upper:
            case LaneLine::Part::Lower:
                parts << QStringLiteral("%1%2>%3:%4")
                             .arg(QLatin1Char(line.part == LaneLine::Part::Upper ? 'U' : 'L'))
                             .arg(line.fromLane)
                             .arg(line.toLane)
                             .arg(line.palette);
                break;
            }
        }
        rows << parts.join(QLatin1Char(' '));
    }
    return rows.join(QStringLiteral(" | "));
}

// Pairs of lines that cross inside one half of a row (sharing an end is no crossing).
int crossings(const GraphLayout &layout)
{
    struct Segment
    {
        int top;
        int bottom;
    };
    int count = 0;
    for (const GraphRow &row : layout.rows) {
        QVector<Segment> upperHalf;
        QVector<Segment> lowerHalf;
        for (const LaneLine &line : row.lines) {
            if (line.part != LaneLine::Part::Lower)
                upperHalf.append({line.fromLane, line.part == LaneLine::Part::Upper ? line.toLane : line.fromLane});
            if (line.part != LaneLine::Part::Upper)
                lowerHalf.append({line.fromLane, line.toLane});
        }
        for (const QVector<Segment> *half : {&upperHalf, &lowerHalf}) {
            for (int i = 0; i < half->size(); ++i) {
                for (int j = i + 1; j < half->size(); ++j) {
                    const Segment &a = (*half)[i];
                    const Segment &b = (*half)[j];
                    if ((a.top - b.top) * (a.bottom - b.bottom) < 0)
                        ++count;
                }
            }
        }
    }
    return count;
}

bool sameLayout(const GraphLayout &a, const GraphLayout &b)
{
    if (a.laneCount != b.laneCount || a.paletteSize != b.paletteSize || a.rows.size() != b.rows.size())
        return false;
    for (int i = 0; i < a.rows.size(); ++i) {
        const GraphRow &x = a.rows[i];
        const GraphRow &y = b.rows[i];
        if (x.revision != y.revision || x.lane != y.lane || x.palette != y.palette || x.lines != y.lines)
            return false;
    }
    return true;
}

// Checks what the view relies on; returns the first violation, empty when none.
QString invariantViolation(const RevisionMap &map, const QVector<int> &order, const GraphLayout &layout)
{
    if (layout.rows.size() != order.size())
        return QStringLiteral("%1 rows for %2 revisions").arg(layout.rows.size()).arg(order.size());
    if (layout.paletteSize <= 0)
        return QStringLiteral("palette size %1").arg(layout.paletteSize);
    QVector<int> rowOf(map.size(), -1);
    for (int row = 0; row < order.size(); ++row)
        rowOf[order[row]] = row;

    auto inLanes = [&layout](int lane) { return lane >= 0 && lane < layout.laneCount; };
    auto inPalette = [&layout](int palette) { return palette >= 0 && palette < layout.paletteSize; };
    // Which lines some edge uses, so an orphan line is found too.
    QVector<QVector<bool>> used(layout.rows.size());
    for (int r = 0; r < layout.rows.size(); ++r) {
        const GraphRow &row = layout.rows[r];
        const QString where = QStringLiteral("row %1 (%2)").arg(r).arg(map.at(row.revision).id);
        if (row.revision != order[r])
            return where + QStringLiteral(": wrong revision");
        if (!inLanes(row.lane) || !inPalette(row.palette))
            return where + QStringLiteral(": node lane %1 palette %2 out of range").arg(row.lane).arg(row.palette);
        QSet<int> throughLanes;
        for (const LaneLine &line : row.lines) {
            if (!inLanes(line.fromLane) || !inLanes(line.toLane) || !inPalette(line.palette))
                return where + QStringLiteral(": line out of range");
            switch (line.part) {
            case LaneLine::Part::Through:
                if (line.fromLane != line.toLane)
                    return where + QStringLiteral(": slanted Through line");
                if (line.fromLane == row.lane)
                    return where + QStringLiteral(": Through line across the node");
                if (throughLanes.contains(line.fromLane))
                    return where + QStringLiteral(": two Through lines in lane %1").arg(line.fromLane);
                throughLanes.insert(line.fromLane);
                break;
            case LaneLine::Part::Upper:
                if (line.toLane != row.lane)
                    return where + QStringLiteral(": Upper line misses the node");
                break;
            case LaneLine::Part::Lower:
                if (line.fromLane != row.lane)
                    return where + QStringLiteral(": Lower line does not leave the node");
                break;
            }
        }
        used[r].fill(false, row.lines.size());
    }

    auto findLine = [&layout](int row, LaneLine::Part part, int fromLane) {
        const QVector<LaneLine> &lines = layout.rows[row].lines;
        for (int i = 0; i < lines.size(); ++i) {
            if (lines[i].part == part && lines[i].fromLane == fromLane)
                return i;
        }
        return -1;
    };

    // Every Lower line is the start of an edge: Through lines in the rows between,
    // an Upper line into the parent. Together they reach exactly the parents.
    for (int r = 0; r < layout.rows.size(); ++r) {
        const GraphRow &row = layout.rows[r];
        const QString where = QStringLiteral("row %1 (%2)").arg(r).arg(map.at(row.revision).id);
        QVector<int> expected;
        for (int parent : map.at(row.revision).down) {
            if (rowOf[parent] > r && !expected.contains(parent))
                expected << parent;
        }
        QVector<int> reached;
        for (int i = 0; i < row.lines.size(); ++i) {
            const LaneLine &lower = row.lines[i];
            if (lower.part != LaneLine::Part::Lower)
                continue;
            used[r][i] = true;
            const int lane = lower.toLane;
            int k = r + 1;
            for (;; ++k) {
                if (k >= layout.rows.size())
                    return where + QStringLiteral(": edge in lane %1 runs off the graph").arg(lane);
                const int through = findLine(k, LaneLine::Part::Through, lane);
                if (through < 0)
                    break;
                used[k][through] = true;
            }
            const int upper = findLine(k, LaneLine::Part::Upper, lane);
            if (upper < 0)
                return where + QStringLiteral(": edge in lane %1 breaks off at row %2").arg(lane).arg(k);
            used[k][upper] = true;
            reached << layout.rows[k].revision;
        }
        std::sort(expected.begin(), expected.end());
        std::sort(reached.begin(), reached.end());
        if (reached != expected) {
            return where + QStringLiteral(": edges reach %1, parents are %2")
                               .arg(map.ids(reached).join(QLatin1Char(',')), map.ids(expected).join(QLatin1Char(',')));
        }
    }
    for (int r = 0; r < layout.rows.size(); ++r) {
        if (used[r].contains(false))
            return QStringLiteral("row %1: a line belongs to no edge").arg(r);
    }
    return QString();
}

// A main line with a branch forking every 50 revisions, growing alongside the
// main line and merged back after 10 revisions of its own.
QVector<Revision> mainLineWithBranches(int count)
{
    QVector<Revision> revisions;
    revisions.reserve(count);
    auto add = [&revisions](const QStringList &down) {
        Revision revision;
        revision.id = QStringLiteral("r%1").arg(revisions.size(), 5, 10, QLatin1Char('0'));
        revision.downRevisions = down;
        revision.path = QStringLiteral("versions/%1.sql").arg(revision.id);
        revisions << revision;
        return revision.id;
    };
    QString mainTip = add({});
    QString branchTip;
    int branchLength = 0;
    int sinceFork = 0;
    while (revisions.size() < count) {
        if (branchTip.isEmpty() && ++sinceFork >= 50) {
            sinceFork = 0;
            branchTip = mainTip;
            branchLength = 0;
        }
        if (!branchTip.isEmpty() && revisions.size() % 2 == 0) {
            if (branchLength == 10) {
                mainTip = add({mainTip, branchTip});
                branchTip.clear();
            } else {
                branchTip = add({branchTip});
                ++branchLength;
            }
            continue;
        }
        mainTip = add({mainTip});
    }
    return revisions;
}

} // namespace

void TestGraphLayout::exactLayout_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("laneCount");
    QTest::addColumn<int>("crossings");

    QTest::newRow("linear") << graphs::linear
                            << "e@0:0 L0>0:0 | d@0:0 U0>0:0 L0>0:0 | c@0:0 U0>0:0 L0>0:0 | b@0:0 U0>0:0 L0>0:0 | "
                               "a@0:0 U0>0:0"
                            << 1 << 0;
    QTest::newRow("two bases") << graphs::forest << "b1@0:0 L0>0:0 | a1@0:0 U0>0:0 | b2@0:1 L0>0:1 | a2@0:1 U0>0:1" << 1
                               << 0;
    QTest::newRow("branch") << "a; b <- a; c <- a"
                            << "b@0:0 L0>0:0 | c@1:1 T0:0 L1>0:1 | a@0:0 U0>0:0" << 2 << 0;
    QTest::newRow("merge") << "a1; b1; m <- a1, b1"
                           << "m@0:0 L0>0:0 L0>1:1 | a1@0:0 U0>0:0 T1:1 | b1@1:1 U1>1:1" << 2 << 0;
    QTest::newRow("diamond") << graphs::diamond
                             << "d@0:0 L0>0:0 L0>1:1 | b@0:0 U0>0:0 T1:1 L0>0:0 | c@1:1 T0:0 U1>1:1 L1>0:1 | "
                                "a@0:0 U0>0:0"
                             << 2 << 0;
    QTest::newRow("merge of three") << graphs::mergeOfThree
                                    << "c@0:0 L0>0:0 L0>1:1 L0>2:2 | b1@0:0 U0>0:0 T1:1 T2:2 L0>0:0 | "
                                       "b2@1:1 T0:0 U1>1:1 T2:2 L1>0:1 | b3@2:2 T0:0 U2>2:2 L2>0:2 | a@0:0 U0>0:0"
                                    << 3 << 0;
}

void TestGraphLayout::exactLayout()
{
    QFETCH(QString, graph);
    QFETCH(QString, expected);
    QFETCH(int, laneCount);
    QFETCH(int, crossings);

    const RevisionMap map = buildOrFail(graph);
    const QVector<int> order = historyOrder(map);
    const GraphLayout layout = layoutGraph(map, order);
    QCOMPARE(render(map, layout), expected);
    QCOMPARE(layout.laneCount, laneCount);
    QCOMPARE(::crossings(layout), crossings);
    QCOMPARE(invariantViolation(map, order, layout), QString());
}

void TestGraphLayout::invariants_data()
{
    QTest::addColumn<QString>("graph");

    QTest::newRow("linear") << graphs::linear;
    QTest::newRow("two bases") << graphs::forest;
    QTest::newRow("branch") << "a; b <- a; c <- a; d <- b; e <- c; f <- e";
    QTest::newRow("merge") << "a1; b1; a2 <- a1; m <- a2, b1";
    QTest::newRow("diamond") << graphs::diamond;
    QTest::newRow("merge of three") << graphs::mergeOfThree;
    QTest::newRow("labels") << graphs::labelled;
    QTest::newRow("depends across") << graphs::dependsAcross;
    QTest::newRow("depends then merge") << graphs::dependsThenMerge;
    QTest::newRow("criss-cross depends_on") << "a; b1 <- a; b2 <- a; c1 <- b1 (dep b2); c2 <- b2 (dep b1); "
                                               "m <- c1, c2";
    QTest::newRow("criss-cross merges") << "a; b <- a; c <- a; d <- b, c; e <- c, b; f <- d, e";
    QTest::newRow("branch from a merge point") << "a; b <- a; c <- a; m <- b, c; x <- m; y <- m; x2 <- x; y2 <- y";
    QTest::newRow("nested branches") << "a; b <- a; c <- b; d <- b; e <- a; f <- e; g <- e; h <- c, d; i <- h, f, g";
    QTest::newRow("many heads") << "a; b <- a; c <- a; d <- a; e <- a; f <- b; g <- c; h <- d; i <- e";
    QTest::newRow("forest of branches") << "a1; a2 <- a1; a3 <- a1; b1; b2 <- b1; b3 <- b1; m <- a2, b3";
}

void TestGraphLayout::invariants()
{
    QFETCH(QString, graph);

    const RevisionMap map = buildOrFail(graph);
    const QVector<int> order = historyOrder(map);
    const GraphLayout layout = layoutGraph(map, order);
    QCOMPARE(invariantViolation(map, order, layout), QString());
    QVERIFY(layout.laneCount >= 1);
    QVERIFY2(sameLayout(layout, layoutGraph(map, order)), "the layout is not deterministic");
}

// Whatever order the branches come in, the first line of descent keeps lane 0
// and the layout stays valid.
void TestGraphLayout::mainLineStaysLeft_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QStringList>("order");
    QTest::addColumn<QStringList>("mainLine");

    QTest::newRow("diamond, branch first")
        << graphs::diamond << QStringList{"d", "c", "b", "a"} << QStringList{"d", "b", "a"};
    QTest::newRow("diamond, main first") << graphs::diamond << QStringList{"d", "b", "c", "a"}
                                         << QStringList{"d", "b", "a"};
    QTest::newRow("long branch interleaved")
        << "a; b <- a; c <- b; x <- a; y <- x; m <- c, y" << QStringList{"m", "y", "c", "x", "b", "a"}
        << QStringList{"m", "c", "b", "a"};
}

void TestGraphLayout::mainLineStaysLeft()
{
    QFETCH(QString, graph);
    QFETCH(QStringList, order);
    QFETCH(QStringList, mainLine);

    const RevisionMap map = buildOrFail(graph);
    const QVector<int> rows = orderOf(map, order);
    const GraphLayout layout = layoutGraph(map, rows);
    QCOMPARE(invariantViolation(map, rows, layout), QString());
    QCOMPARE(layout.laneCount, 2);
    for (const GraphRow &row : layout.rows) {
        if (mainLine.contains(map.at(row.revision).id))
            QCOMPARE(row.lane, 0);
    }
}

void TestGraphLayout::stableWhenHeadAdded_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QString>("mainHead");

    QTest::newRow("linear") << graphs::linear << "e";
    QTest::newRow("diamond") << graphs::diamond << "d";
    QTest::newRow("merge of three") << graphs::mergeOfThree << "c";
    QTest::newRow("labels") << graphs::labelled << "d1";
    QTest::newRow("branch from a merge point") << "a; b <- a; c <- a; m <- b, c; x <- m; y <- m; x2 <- x; y2 <- y"
                                               << "x2";
}

void TestGraphLayout::stableWhenHeadAdded()
{
    QFETCH(QString, graph);
    QFETCH(QString, mainHead);

    const RevisionMap before = buildOrFail(graph);
    const GraphLayout old = layoutGraph(before, historyOrder(before));
    // Listed first, so that the history, which takes the heads in map order, keeps
    // the old revisions' order: the layout can only be stable for a stable order.
    const RevisionMap after = buildOrFail(QStringLiteral("zz <- %1; ").arg(mainHead) + graph);
    const QVector<int> order = historyOrder(after);
    QStringList oldIds = before.ids(historyOrder(before));
    oldIds.prepend(QStringLiteral("zz"));
    QCOMPARE(after.ids(order), oldIds);
    const GraphLayout grown = layoutGraph(after, order);
    QCOMPARE(invariantViolation(after, order, grown), QString());

    QCOMPARE(grown.rows.size(), old.rows.size() + 1);
    QCOMPARE(grown.rows.first().lane, 0);
    QCOMPARE(grown.laneCount, old.laneCount);
    for (int r = 0; r < old.rows.size(); ++r) {
        const GraphRow &was = old.rows[r];
        const GraphRow &now = grown.rows[r + 1];
        const QString id = before.at(was.revision).id;
        QCOMPARE(after.at(now.revision).id, id);
        QCOMPARE(now.lane, was.lane);
        QCOMPARE(now.palette, was.palette);
        if (id != mainHead)
            QCOMPARE(now.lines, was.lines); // the old head's row gains the Upper line from zz
    }
}

void TestGraphLayout::paletteCyclesAndLanesAreReused()
{
    // Ten lone revisions: each a head and a base, so lane 0 is freed and reused
    // every time while the colours go round the palette.
    QStringList ids;
    for (int i = 0; i < 10; ++i)
        ids << QStringLiteral("r%1").arg(i);
    const RevisionMap map = buildOrFail(ids.join(QLatin1String("; ")));
    const QVector<int> order = orderOf(map, ids);
    const GraphLayout layout = layoutGraph(map, order);
    QCOMPARE(invariantViolation(map, order, layout), QString());
    QCOMPARE(layout.laneCount, 1);
    for (int r = 0; r < layout.rows.size(); ++r) {
        QCOMPARE(layout.rows[r].lane, 0);
        QCOMPARE(layout.rows[r].palette, r % layout.paletteSize);
        QVERIFY(layout.rows[r].lines.isEmpty());
    }
}

void TestGraphLayout::emptyGraph()
{
    const GraphLayout layout = layoutGraph(RevisionMap(), {});
    QVERIFY(layout.rows.isEmpty());
    QCOMPARE(layout.laneCount, 0);
}

// The invariant check above is what most rows rely on: make sure it bites.
void TestGraphLayout::checkerFindsBrokenLayouts()
{
    const RevisionMap map = buildOrFail(graphs::diamond);
    const QVector<int> order = historyOrder(map);
    const GraphLayout good = layoutGraph(map, order);
    QCOMPARE(invariantViolation(map, order, good), QString());

    GraphLayout gap = good; // b's row loses the Through line of the edge d -> c
    gap.rows[1].lines.removeIf([](const LaneLine &line) { return line.part == LaneLine::Part::Through; });
    QVERIFY(invariantViolation(map, order, gap).contains(QLatin1String("breaks off")));

    GraphLayout wrongLane = good; // c's edge to a ends in lane 1, where no Upper line picks it up
    wrongLane.rows[2].lines.last().toLane = 1;
    QVERIFY(!invariantViolation(map, order, wrongLane).isEmpty());

    GraphLayout orphan = good; // a Through line that belongs to no edge
    orphan.rows[3].lines.append({LaneLine::Part::Through, 1, 1, 0});
    QVERIFY(invariantViolation(map, order, orphan).contains(QLatin1String("no edge")));

    GraphLayout outOfRange = good;
    outOfRange.rows[0].lines.first().palette = good.paletteSize;
    QVERIFY(invariantViolation(map, order, outOfRange).contains(QLatin1String("out of range")));

    GraphLayout acrossNode = good; // a Through line drawn over b's node
    acrossNode.rows[1].lines.append({LaneLine::Part::Through, 0, 0, 0});
    QVERIFY(invariantViolation(map, order, acrossNode).contains(QLatin1String("across the node")));
}

void TestGraphLayout::largeGraph()
{
    const RevisionMap map = buildOrFail(mainLineWithBranches(10000));
    QCOMPARE(map.size(), 10000);
    const QVector<int> order = historyOrder(map);
    QCOMPARE(order.size(), 10000);
    const GraphLayout layout = layoutGraph(map, order);
    QCOMPARE(invariantViolation(map, order, layout), QString());
    // One branch open at a time: the main line and the branch.
    QCOMPARE(layout.laneCount, 2);
    QCOMPARE(layout.rows.first().lane, 0);
    QCOMPARE(layout.rows.last().lane, 0);
}

QTEST_GUILESS_MAIN(TestGraphLayout)
#include "tst_graphlayout.moc"
