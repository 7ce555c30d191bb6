// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/ScriptDirectory.h"
#include "ui/graph/GraphDelegate.h"
#include "ui/graph/RevisionGraphModel.h"
#include "ui/graph/RevisionGraphView.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

using retort::ScriptDirectory;
using retort::ui::RevisionGraphModel;
using retort::ui::RevisionGraphView;
using Status = RevisionGraphModel::RevisionStatus;

class TestRevisionGraphModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void modelTester();
    void historyOrder();
    void status_data();
    void status();
    void riskMarks_data();
    void riskMarks();
    void searchByPrefixAndMessage();
    void returnChoosesTarget();
    void zoomChangesRowHeight();
    void largeHistory();

private:
    QString idOfRow(const RevisionGraphModel &model, int row) const;
    std::shared_ptr<const ScriptDirectory> m_scripts;
};

void TestRevisionGraphModel::initTestCase()
{
    auto loaded = ScriptDirectory::load(QStringList{QStringLiteral(RETORT_SOURCE_DIR "/migrations/demo/versions")});
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    m_scripts = std::make_shared<const ScriptDirectory>(std::move(loaded).value());
    QCOMPARE(m_scripts->map().size(), 8);
}

QString TestRevisionGraphModel::idOfRow(const RevisionGraphModel &model, int row) const
{
    return m_scripts->map().at(model.revisionAt(row)).id;
}

void TestRevisionGraphModel::modelTester()
{
    RevisionGraphModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScripts(m_scripts);
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(model.columnCount(), int(RevisionGraphModel::ColumnCount));
    model.setCurrentRows({QStringLiteral("5b2e44c0a1f3")});
    model.setPendingRevisions({m_scripts->map().indexOf(QStringLiteral("7a3d9e1c5b20"))});
    model.setScripts(nullptr);
    QCOMPARE(model.rowCount(), 0);
    model.setScripts(m_scripts);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex graph = model.index(row, RevisionGraphModel::GraphColumn);
        QVERIFY(graph.data(RevisionGraphModel::GraphRowRole).canConvert<retort::GraphRow>());
        const auto graphRow = graph.data(RevisionGraphModel::GraphRowRole).value<retort::GraphRow>();
        QCOMPARE(graphRow.revision, graph.data(RevisionGraphModel::RevisionIndexRole).toInt());
        QVERIFY(graphRow.lane >= 0 && graphRow.lane < model.laneCount());
        QCOMPARE(model.index(row, RevisionGraphModel::RevisionColumn).data().toString(), idOfRow(model, row).left(12));
        QVERIFY(!graph.data(Qt::ToolTipRole).toString().isEmpty());
    }
}

void TestRevisionGraphModel::historyOrder()
{
    RevisionGraphModel model;
    model.setScripts(m_scripts);
    QCOMPARE(idOfRow(model, 0), QStringLiteral("b1f6a8d2c453"));
    QCOMPARE(idOfRow(model, 1), QStringLiteral("9d5e3c7f1a42"));
    QCOMPARE(idOfRow(model, 7), QStringLiteral("ae98aa32e0d2"));
    QCOMPARE(model.laneCount(), 2);
    const int merge = model.rowOfRevision(m_scripts->map().indexOf(QStringLiteral("9d5e3c7f1a42")));
    QVERIFY(model.index(merge, 0).data(RevisionGraphModel::NodeFlagsRole).toInt() & RevisionGraphModel::MergePointNode);
    QVERIFY(
        model.index(merge, RevisionGraphModel::LabelsColumn).data().toString().contains(QLatin1String("mergepoint")));
    const int audit = model.rowOfRevision(m_scripts->map().indexOf(QStringLiteral("7a3d9e1c5b20")));
    QVERIFY(model.index(audit, RevisionGraphModel::LabelsColumn).data().toString().contains(QLatin1String("audit")));
    QCOMPARE(model.index(0, RevisionGraphModel::MessageColumn).data().toString(),
             QStringLiteral("drop legacy scrape cache"));
}

void TestRevisionGraphModel::status_data()
{
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QStringList>("pending");
    QTest::addColumn<QStringList>("applied");
    QTest::addColumn<QStringList>("current");
    QTest::addColumn<QStringList>("pendingExpected");

    QTest::newRow("empty database") << QStringList() << QStringList() << QStringList() << QStringList()
                                    << QStringList();
    QTest::newRow("baseline stamped, upgrade to 5b2e")
        << QStringList{"ae98aa32e0d2"} << QStringList{"3f1c2a9b7d10", "5b2e44c0a1f3"} << QStringList()
        << QStringList{"ae98aa32e0d2"} << QStringList{"3f1c2a9b7d10", "5b2e44c0a1f3"};
    QTest::newRow("on the audit branch") << QStringList{"c4e8f1a2b3d5"} << QStringList()
                                         << QStringList{"ae98aa32e0d2", "3f1c2a9b7d10", "5b2e44c0a1f3", "7a3d9e1c5b20"}
                                         << QStringList{"c4e8f1a2b3d5"} << QStringList();
    QTest::newRow("two rows") << QStringList{"c4e8f1a2b3d5", "8c4f2b6e9d31"} << QStringList{"9d5e3c7f1a42"}
                              << QStringList{"ae98aa32e0d2", "3f1c2a9b7d10", "5b2e44c0a1f3", "7a3d9e1c5b20"}
                              << QStringList{"c4e8f1a2b3d5", "8c4f2b6e9d31"} << QStringList{"9d5e3c7f1a42"};
    QTest::newRow("downgrade marks applied revisions pending")
        << QStringList{"5b2e44c0a1f3"} << QStringList{"5b2e44c0a1f3"} << QStringList{"ae98aa32e0d2", "3f1c2a9b7d10"}
        << QStringList() << QStringList{"5b2e44c0a1f3"};
}

void TestRevisionGraphModel::status()
{
    QFETCH(QStringList, rows);
    QFETCH(QStringList, pending);
    QFETCH(QStringList, applied);
    QFETCH(QStringList, current);
    QFETCH(QStringList, pendingExpected);

    RevisionGraphModel model;
    model.setScripts(m_scripts);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setCurrentRows(rows);
    QSet<int> pendingSet;
    for (const QString &id : pending)
        pendingSet.insert(m_scripts->map().indexOf(id));
    model.setPendingRevisions(pendingSet);
    QCOMPARE(changed.count(), 2);

    for (int row = 0; row < model.rowCount(); ++row) {
        const QString id = idOfRow(model, row);
        Status expected = Status::Other;
        if (pendingExpected.contains(id))
            expected = Status::Pending;
        else if (current.contains(id))
            expected = Status::Current;
        else if (applied.contains(id))
            expected = Status::Applied;
        const QModelIndex index = model.index(row, RevisionGraphModel::StatusColumn);
        QCOMPARE(index.data(RevisionGraphModel::StatusRole).value<Status>(), expected);
        QCOMPARE(index.data().toString(), RevisionGraphModel::statusText(expected));
    }
}

void TestRevisionGraphModel::riskMarks_data()
{
    // A revision is marked for what it does in the direction it would run: its upgrade, unless the
    // plan downgrades it. The column says the kinds; the tooltip says what exactly.
    QTest::addColumn<QString>("revision");
    QTest::addColumn<bool>("pendingDowngrade");
    QTest::addColumn<QStringList>("risk");
    QTest::addColumn<QString>("kinds");
    QTest::addColumn<QString>("tooltipLine");

    QTest::newRow("drop table outside a transaction")
        << QStringLiteral("b1f6a8d2c453") << false
        << QStringList{QStringLiteral("drops table cache_scraped_raw"), QStringLiteral("outside a transaction")}
        << QStringLiteral("destructive, no transaction")
        << QStringLiteral("Its upgrade: drops table cache_scraped_raw; outside a transaction");
    QTest::newRow("update without WHERE is not marked; WHERE is there")
        << QStringLiteral("8c4f2b6e9d31") << false << QStringList() << QString() << QString();
    QTest::newRow("downgrade drops the columns the upgrade added")
        << QStringLiteral("3f1c2a9b7d10") << true << QStringList{QStringLiteral("drops a column of api_keys")}
        << QStringLiteral("destructive") << QStringLiteral("Its downgrade: drops a column of api_keys");
    QTest::newRow("the same revision upgraded is not marked")
        << QStringLiteral("3f1c2a9b7d10") << false << QStringList() << QString() << QString();
    QTest::newRow("downgrade of a table creation drops it")
        << QStringLiteral("7a3d9e1c5b20") << true << QStringList{QStringLiteral("drops table audit_log")}
        << QStringLiteral("destructive") << QStringLiteral("Its downgrade: drops table audit_log");
}

void TestRevisionGraphModel::riskMarks()
{
    QFETCH(QString, revision);
    QFETCH(bool, pendingDowngrade);
    QFETCH(QStringList, risk);
    QFETCH(QString, kinds);
    QFETCH(QString, tooltipLine);

    RevisionGraphModel model;
    model.setScripts(m_scripts);
    const int index = m_scripts->map().indexOf(revision);
    model.setPendingRevisions({index}, pendingDowngrade);
    const int row = model.rowOfRevision(index);
    const QModelIndex cell = model.index(row, RevisionGraphModel::RiskColumn);
    QCOMPARE(cell.data(RevisionGraphModel::RiskRole).toStringList(), risk);
    QCOMPARE(cell.data(Qt::DisplayRole).toString(), kinds); // short in the column, whole in the tooltip
    // The mark is an icon by the id and words in a column of its own, not only a tooltip.
    QCOMPARE(model.index(row, RevisionGraphModel::RevisionColumn).data(Qt::DecorationRole).isNull(), risk.isEmpty());
    QCOMPARE(model.headerData(RevisionGraphModel::RiskColumn, Qt::Horizontal).toString(), QStringLiteral("Risk"));
    const QString tooltip = cell.data(Qt::ToolTipRole).toString();
    if (tooltipLine.isEmpty())
        QVERIFY2(!tooltip.contains(QStringLiteral("Its ")), qPrintable(tooltip));
    else
        QVERIFY2(tooltip.split(u'\n').contains(tooltipLine), qPrintable(tooltip));
}

void TestRevisionGraphModel::searchByPrefixAndMessage()
{
    RevisionGraphView view;
    view.setScripts(m_scripts);
    view.show();
    QSignalSpy selected(&view, &RevisionGraphView::revisionSelected);

    QTest::keyClicks(view.searchField(), QStringLiteral("3f1c"));
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    QCOMPARE(view.selectedRevision(), m_scripts->map().indexOf(QStringLiteral("3f1c2a9b7d10")));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.last().at(0).toInt(), m_scripts->map().indexOf(QStringLiteral("3f1c2a9b7d10")));

    view.searchField()->clear();
    view.treeView()->setCurrentIndex(QModelIndex());
    QTest::keyClicks(view.searchField(), QStringLiteral("AUDIT"));
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    QCOMPARE(view.selectedRevision(), m_scripts->map().indexOf(QStringLiteral("9d5e3c7f1a42"))); // merge audit branch
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    const int second = view.selectedRevision();
    QVERIFY(second == m_scripts->map().indexOf(QStringLiteral("c4e8f1a2b3d5")) ||
            second == m_scripts->map().indexOf(QStringLiteral("7a3d9e1c5b20")));
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    QTest::keyClick(view.searchField(), Qt::Key_Return); // wraps around to the merge
    QCOMPARE(view.selectedRevision(), m_scripts->map().indexOf(QStringLiteral("9d5e3c7f1a42")));

    QVERIFY(!view.findNext(QStringLiteral("no such revision")));
}

void TestRevisionGraphModel::returnChoosesTarget()
{
    RevisionGraphView view;
    view.setScripts(m_scripts);
    view.show();
    QSignalSpy chosen(&view, &RevisionGraphView::targetChosen);
    QVERIFY(view.selectRevision(m_scripts->map().indexOf(QStringLiteral("8c4f2b6e9d31"))));
    view.treeView()->setFocus();
    QTest::keyClick(view.treeView(), Qt::Key_Down);
    QTest::keyClick(view.treeView(), Qt::Key_Return);
    QCOMPARE(chosen.count(), 1);
    const int row = view.model()->rowOfRevision(m_scripts->map().indexOf(QStringLiteral("8c4f2b6e9d31"))) + 1;
    QCOMPARE(chosen.last().at(0).toString(), idOfRow(*view.model(), row));
}

void TestRevisionGraphModel::zoomChangesRowHeight()
{
    RevisionGraphView view;
    view.setScripts(m_scripts);
    view.resize(600, 400);
    view.show();
    const auto rowHeight = [&view] { return view.treeView()->visualRect(view.model()->index(0, 0)).height(); };
    const int before = rowHeight();
    view.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&view));
    view.treeView()->setFocus();
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(view.treeView(), Qt::Key_Equal, Qt::ControlModifier);
    const int after = rowHeight();
    QVERIFY2(after > before, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(view.treeView(), Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(rowHeight(), before);
    QTest::keyClick(view.treeView(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(view.searchField()->hasFocus());
}

void TestRevisionGraphModel::largeHistory()
{
    // 10,000 revisions, a side branch every 50 that merges back 10 later.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    constexpr int Count = 10000;
    const auto idOf = [](int i) { return QStringLiteral("%1").arg(i, 12, 16, QLatin1Char('0')); };
    for (int i = 0; i < Count; ++i) {
        QStringList down;
        if (i > 0)
            down << idOf(i % 50 == 11 ? i - 10 : i - 1);
        if (i % 50 == 20 && i > 50)
            down << idOf(i - 9);
        QFile file(dir.filePath(idOf(i) + QStringLiteral("_r.sql")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QStringLiteral("-- r%1\n--\n-- Revision ID: %2\n-- Revises: %3\n-- Create Date: 2025-10-15 10:00:00\n\n"
                           "-- migrate:upgrade\n\n-- migrate:downgrade\n")
                .arg(i)
                .arg(idOf(i), down.join(QStringLiteral(", ")))
                .toUtf8());
    }
    QElapsedTimer timer;
    timer.start();
    auto loaded = ScriptDirectory::load(QStringList{dir.path()});
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    const auto scripts = std::make_shared<const ScriptDirectory>(std::move(loaded).value());
    const qint64 loadMs = timer.restart();

    RevisionGraphView view;
    view.resize(800, 600);
    view.show();
    view.setScripts(scripts);
    view.setCurrentRows({idOf(Count / 2)});
    const qint64 modelMs = timer.restart();
    QCOMPARE(view.model()->rowCount(), Count);
    for (int i = 0; i < 50; ++i) {
        view.treeView()->verticalScrollBar()->setValue(i * Count / 50);
        const QImage frame = view.treeView()->viewport()->grab().toImage();
        QVERIFY(!frame.isNull());
    }
    const qint64 scrollMs = timer.restart();
    QVERIFY(view.findNext(QStringLiteral("r9999")));
    const qint64 findMs = timer.elapsed();
    qInfo("load %lld ms, model %lld ms, 50 scrolled frames %lld ms, find %lld ms", loadMs, modelMs, scrollMs, findMs);
}

QTEST_MAIN(TestRevisionGraphModel)
#include "tst_revisiongraphmodel.moc"
