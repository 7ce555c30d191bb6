// SPDX-License-Identifier: GPL-3.0-or-later
// Alembic's output line formats (reference/alembic-output.md), on its own
// branch example: 1975ea83b712 base, ae1027a6acf and 27c6a30d7c24
// (shoppingcart) on top, merged by 53fffde5ad5.
#include "core/revision/RevisionFormatter.h"

#include <QTest>

using namespace retort;

class TestRevisionFormatter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void headOnly_data();
    void headOnly();
    void logEntry();
    void logEntryOfMerge();
    void dependencies();

private:
    RevisionMap m_map;
    int index(const char *id) const { return m_map.indexOf(QString::fromLatin1(id)); }
};

namespace {

Revision makeRevision(const QString &id, const QStringList &down, const QString &doc, const QStringList &labels = {})
{
    Revision revision;
    revision.id = id;
    revision.downRevisions = down;
    revision.ownBranchLabels = labels;
    revision.doc = doc;
    revision.longDoc = QStringLiteral("%1\n\nRevision ID: %2\nRevises: %3\nCreate Date: 2026-11-25 13:36:56.856350")
                           .arg(doc, id, down.join(QStringLiteral(", ")));
    revision.path = QStringLiteral("/tmp/alx/proj/migrations/versions/%1.sql").arg(id);
    return revision;
}

} // namespace

void TestRevisionFormatter::initTestCase()
{
    auto map = RevisionMap::build({
        makeRevision("1975ea83b712", {}, "create account table"),
        makeRevision("27c6a30d7c24", {"1975ea83b712"}, "add shopping cart table", {"shoppingcart"}),
        makeRevision("ae1027a6acf", {"1975ea83b712"}, "add a column"),
    });
    QVERIFY(map.ok());
    m_map = map.value();
}

void TestRevisionFormatter::headOnly_data()
{
    QTest::addColumn<QString>("revision");
    QTest::addColumn<bool>("branches");
    QTest::addColumn<bool>("doc");
    QTest::addColumn<bool>("parents");
    QTest::addColumn<bool>("tree");
    QTest::addColumn<bool>("current");
    QTest::addColumn<QString>("line");

    // heads: include_branches, no tree indicators
    QTest::newRow("heads") << "27c6a30d7c24" << true << false << false << false << false
                           << "27c6a30d7c24 (shoppingcart) (head)";
    // history: everything
    QTest::newRow("history head") << "27c6a30d7c24" << true << true << true << true << false
                                  << "1975ea83b712 -> 27c6a30d7c24 (shoppingcart) (head), add shopping cart table";
    QTest::newRow("history base") << "1975ea83b712" << true << true << true << true << false
                                  << "<base> -> 1975ea83b712 (branchpoint), create account table";
    QTest::newRow("history -i") << "ae1027a6acf" << true << true << true << true << true
                                << "1975ea83b712 -> ae1027a6acf (head) (current), add a column";
    // current: no labels, no doc, tree indicators
    QTest::newRow("current at branch point")
        << "1975ea83b712" << false << false << false << true << false << "1975ea83b712 (branchpoint)";
}

void TestRevisionFormatter::headOnly()
{
    QFETCH(QString, revision);
    QFETCH(bool, branches);
    QFETCH(bool, doc);
    QFETCH(bool, parents);
    QFETCH(bool, tree);
    QFETCH(bool, current);
    RevisionFormatter formatter(m_map);
    if (current)
        formatter.setCurrent({m_map.indexOf(revision)});
    RevisionFormatter::Options options;
    options.includeBranches = branches;
    options.includeDoc = doc;
    options.includeParents = parents;
    options.treeIndicators = tree;
    QTEST(formatter.headOnly(m_map.indexOf(revision), options), "line");
}

void TestRevisionFormatter::logEntry()
{
    const RevisionFormatter formatter(m_map);
    QCOMPARE(formatter.logEntry(index("27c6a30d7c24")),
             QStringLiteral("Rev: 27c6a30d7c24 (head)\n"
                            "Parent: 1975ea83b712\n"
                            "Branch names: shoppingcart\n"
                            "Path: /tmp/alx/proj/migrations/versions/27c6a30d7c24.sql\n"
                            "\n"
                            "    add shopping cart table\n"
                            "    \n"
                            "    Revision ID: 27c6a30d7c24\n"
                            "    Revises: 1975ea83b712\n"
                            "    Create Date: 2026-11-25 13:36:56.856350\n"));
    QCOMPARE(
        formatter.logEntry(index("1975ea83b712")).section('\n', 0, 2),
        QStringLiteral("Rev: 1975ea83b712 (branchpoint)\nParent: <base>\nBranches into: 27c6a30d7c24, ae1027a6acf"));
}

void TestRevisionFormatter::logEntryOfMerge()
{
    QVector<Revision> revisions = m_map.revisions();
    revisions << makeRevision("53fffde5ad5", {"27c6a30d7c24", "ae1027a6acf"}, "merge ae1 and 27c");
    auto merged = RevisionMap::build(revisions);
    QVERIFY(merged.ok());
    const RevisionFormatter formatter(merged.value());
    const int merge = merged.value().indexOf(QStringLiteral("53fffde5ad5"));
    QCOMPARE(formatter.logEntry(merge).section('\n', 0, 2),
             QStringLiteral("Rev: 53fffde5ad5 (head) (mergepoint)\nMerges: 27c6a30d7c24, ae1027a6acf\n"
                            "Branch names: shoppingcart"));
    RevisionFormatter::Options history;
    history.includeBranches = history.includeDoc = history.includeParents = true;
    QCOMPARE(formatter.headOnly(merge, history),
             QStringLiteral("27c6a30d7c24, ae1027a6acf -> 53fffde5ad5 (shoppingcart) (head) (mergepoint), merge ae1 "
                            "and 27c"));
}

void TestRevisionFormatter::dependencies()
{
    Revision base = makeRevision("55af2cb1c267", {}, "create networking branch", {"networking"});
    Revision parent = makeRevision("29f859a13ea", {}, "other base");
    Revision dependent = makeRevision("2a95102259be", {"29f859a13ea"}, "add ip account table");
    dependent.dependencies = {QStringLiteral("55af2cb1c267")};
    auto map = RevisionMap::build({base, parent, dependent});
    QVERIFY(map.ok());
    const RevisionFormatter formatter(map.value());
    RevisionFormatter::Options history;
    history.includeBranches = history.includeDoc = history.includeParents = true;
    // The form of Alembic's branches.rst; the depended-on base is an effective head.
    QCOMPARE(formatter.headOnly(map.value().indexOf(QStringLiteral("2a95102259be")), history),
             QStringLiteral("29f859a13ea (55af2cb1c267) -> 2a95102259be (head), add ip account table"));
    QCOMPARE(formatter.headOnly(map.value().indexOf(QStringLiteral("55af2cb1c267")), {}),
             QStringLiteral("55af2cb1c267 (effective head)"));
    QVERIFY(formatter.logEntry(map.value().indexOf(QStringLiteral("2a95102259be")))
                .contains(QStringLiteral("\nAlso depends on: 55af2cb1c267\n")));
}

QTEST_GUILESS_MAIN(TestRevisionFormatter)
#include "tst_revisionformatter.moc"
