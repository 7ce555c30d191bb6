// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/ScriptDirectory.h"
#include "tests/support/DialectSql.h"
#include "tests/support/TestFiles.h"
#include "ui/RunController.h"
#include "ui/details/RevisionDetails.h"
#include "ui/pending/PendingPanel.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using retort::ScriptDirectory;
using retort::ui::PendingPanel;
using retort::ui::RevisionDetails;
using retort::ui::RevisionRunEntry;

class TestPendingPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void upgradeToHead();
    void fromBaseCreatesVersionTable();
    void baseIsADowngrade();
    void unknownTarget();
    void nothingToDo();
    void typedTargetReplans();
    void previewIsTheDatabasesDialect_data();
    void previewIsTheDatabasesDialect();
    void missingSectionIsAPlanError();
    void details();

private:
    int indexOf(const QString &id) const { return m_scripts->map().indexOf(id); }
    std::shared_ptr<const ScriptDirectory> m_scripts;
};

void TestPendingPanel::initTestCase()
{
    auto loaded = ScriptDirectory::load(QStringList{QStringLiteral(RETORT_SOURCE_DIR "/migrations/demo/versions")});
    QVERIFY(loaded.ok());
    m_scripts = std::make_shared<const ScriptDirectory>(std::move(loaded).value());
}

void TestPendingPanel::upgradeToHead()
{
    PendingPanel panel;
    QSignalSpy preview(&panel, &PendingPanel::previewChanged);
    QSignalSpy pending(&panel, &PendingPanel::pendingRevisionsChanged);
    panel.setScripts(m_scripts);
    panel.setCurrentRows({QStringLiteral("ae98aa32e0d2")});
    panel.setTarget(QStringLiteral("head"));

    QVERIFY2(panel.errorText().isEmpty(), qPrintable(panel.errorText()));
    QVERIFY(!panel.isDowngrade());
    const QStringList steps = panel.stepTexts();
    QCOMPARE(steps.size(), 7);
    // The order `retort plan --from ae98aa32e0d2 head` prints.
    const QStringList expected{
        QStringLiteral("1. upgrade ae98aa32e0d2 -> 3f1c2a9b7d10, add expiry and last use to api keys"),
        QStringLiteral("2. upgrade 3f1c2a9b7d10 -> 5b2e44c0a1f3, index results by process"),
        QStringLiteral("3. upgrade 5b2e44c0a1f3 -> 8c4f2b6e9d31, add user locale"),
        QStringLiteral("4. upgrade 5b2e44c0a1f3 -> 7a3d9e1c5b20, create audit log"),
        QStringLiteral("5. upgrade 7a3d9e1c5b20 -> c4e8f1a2b3d5, audit api key changes"),
        QStringLiteral("6. upgrade c4e8f1a2b3d5, 8c4f2b6e9d31 -> 9d5e3c7f1a42, merge audit branch"),
        QStringLiteral("7. upgrade 9d5e3c7f1a42 -> b1f6a8d2c453, drop legacy scrape cache"),
    };
    QCOMPARE(steps, expected);
    auto *list = panel.findChild<QTreeWidget *>();
    QVERIFY(list);
    const QString lastNotes = list->topLevelItem(6)->text(PendingPanel::NotesColumn);
    QVERIFY2(lastNotes.contains(QLatin1String("Transactional: false")), qPrintable(lastNotes));
    QVERIFY2(lastNotes.contains(QLatin1String("UPDATE 9d5e3c7f1a42 -> b1f6a8d2c453")), qPrintable(lastNotes));
    QVERIFY(!list->topLevelItem(0)->text(PendingPanel::NotesColumn).contains(QLatin1String("Transactional")));
    // The risk column, with its icon: the last step drops a table and runs outside a transaction.
    QCOMPARE(panel.stepRisk(6), QStringLiteral("drops table cache_scraped_raw; outside a transaction"));
    QVERIFY(!list->topLevelItem(6)->icon(PendingPanel::NumberColumn).isNull());
    QCOMPARE(panel.stepRisk(0), QString());
    QVERIFY(list->topLevelItem(0)->icon(PendingPanel::NumberColumn).isNull());
    // The risks are lint's: with the database's table sizes (read with its history), and PostgreSQL's lock
    // rules once the database is PostgreSQL; each finding's message is in the tooltip.
    panel.setTableSizes({{QStringLiteral("cache_scraped_raw"), retort::TableSize{3, 8192, false}}});
    QCOMPARE(panel.stepRisk(6),
             QStringLiteral("drops table cache_scraped_raw (3 rows, 8.0 kB); outside a transaction"));
    const QString tip = list->topLevelItem(6)->toolTip(PendingPanel::RiskColumn);
    QVERIFY2(tip.startsWith(QStringLiteral("line 13, error drop-table: drops table cache_scraped_raw (3 rows, 8.0 kB) "
                                           "and every row in it")),
             qPrintable(tip));
    QCOMPARE(panel.stepRisk(1), QString());
    panel.setDialect(retort::Dialect::PostgreSQL);
    QCOMPARE(panel.stepRisk(1),
             QStringLiteral("blocks writes to results_data while an index is built; blocks writes to "
                            "presentation_records while an index is built"));
    panel.setDialect(retort::Dialect::SQLite);
    // Each step runs after its down revisions.
    QVector<int> order;
    for (const retort::PlannedStep &step : panel.plannedSteps())
        order << step.step.revision;
    for (int i = 0; i < order.size(); ++i) {
        for (int down : m_scripts->map().at(order[i]).down)
            QVERIFY(order.indexOf(down) < i);
    }
    QVERIFY(panel.stepTables(0).contains(QStringLiteral("api_keys (alter)")));
    QVERIFY(panel.stepTables(1).join(QLatin1Char(' ')).contains(QLatin1String("results_data")));

    QVERIFY(!preview.isEmpty());
    const QString sql = preview.last().at(0).toString();
    QCOMPARE(sql, panel.previewSql());
    QVERIFY(sql.contains(QLatin1String("-- Running upgrade ae98aa32e0d2 -> 3f1c2a9b7d10")));
    QVERIFY(!sql.contains(QLatin1String("CREATE TABLE alembic_version")));

    QVERIFY(!pending.isEmpty());
    const auto revisions = pending.last().at(0).value<QSet<int>>();
    QCOMPARE(revisions.size(), 7);
    QVERIFY(!revisions.contains(indexOf(QStringLiteral("ae98aa32e0d2"))));
    QVERIFY(revisions.contains(indexOf(QStringLiteral("b1f6a8d2c453"))));
}

void TestPendingPanel::fromBaseCreatesVersionTable()
{
    PendingPanel panel;
    panel.setScripts(m_scripts);
    panel.setTarget(QStringLiteral("3f1c2a9b7d10"));
    // Until the database is read, nothing is planned (a plan from base would be a guess).
    QVERIFY(panel.stepTexts().isEmpty());
    QVERIFY(panel.previewSql().isEmpty());
    panel.setCurrentRows({}); // read: the version table is empty
    QCOMPARE(panel.stepTexts().size(), 2);
    QVERIFY2(panel.previewSql().contains(QLatin1String("alembic_version")), qPrintable(panel.previewSql()));
    QVERIFY(panel.previewSql().contains(QLatin1String("CREATE TABLE"), Qt::CaseInsensitive));
}

void TestPendingPanel::baseIsADowngrade()
{
    PendingPanel panel;
    panel.setScripts(m_scripts);
    panel.setCurrentRows({QStringLiteral("5b2e44c0a1f3")});
    panel.setTarget(QStringLiteral("base"));
    QVERIFY2(panel.errorText().isEmpty(), qPrintable(panel.errorText()));
    QVERIFY(panel.isDowngrade());
    const QStringList steps = panel.stepTexts();
    QCOMPARE(steps.size(), 3);
    QVERIFY2(steps.first().startsWith(QLatin1String("1. downgrade 5b2e44c0a1f3 -> 3f1c2a9b7d10")),
             qPrintable(steps.first()));
    QVERIFY(panel.previewSql().contains(QLatin1String("-- Running downgrade 5b2e44c0a1f3 -> 3f1c2a9b7d10")));
}

void TestPendingPanel::unknownTarget()
{
    PendingPanel panel;
    QSignalSpy pending(&panel, &PendingPanel::pendingRevisionsChanged);
    panel.setScripts(m_scripts);
    panel.setCurrentRows({QStringLiteral("ae98aa32e0d2")});
    panel.setTarget(QStringLiteral("head"));
    QVERIFY(!pending.isEmpty());
    QCOMPARE(pending.last().at(0).value<QSet<int>>().size(), 7);
    pending.clear();
    panel.setTarget(QStringLiteral("zzzz"));
    QVERIFY2(panel.errorText().contains(QLatin1String("Can't locate revision identified by 'zzzz'")),
             qPrintable(panel.errorText()));
    QVERIFY(panel.stepTexts().isEmpty());
    QVERIFY(panel.previewSql().isEmpty());
    QCOMPARE(pending.count(), 1);
    QVERIFY(pending.last().at(0).value<QSet<int>>().isEmpty());
}

void TestPendingPanel::nothingToDo()
{
    PendingPanel panel;
    panel.setScripts(m_scripts);
    panel.setCurrentRows({QStringLiteral("b1f6a8d2c453")});
    panel.setTarget(QStringLiteral("heads"));
    QVERIFY(panel.errorText().isEmpty());
    QVERIFY(panel.stepTexts().isEmpty());
    QVERIFY(panel.previewSql().isEmpty());
}

void TestPendingPanel::typedTargetReplans()
{
    PendingPanel panel;
    panel.setScripts(m_scripts);
    panel.setCurrentRows({QStringLiteral("ae98aa32e0d2")});
    auto *combo = panel.findChild<QComboBox *>();
    QVERIFY(combo);
    QVERIFY(combo->findText(QStringLiteral("audit@head")) >= 0);
    QVERIFY(combo->findText(QStringLiteral("9d5e3c7f1a42")) >= 0);
    combo->clearEditText();
    QTest::keyClicks(combo, QStringLiteral("5b2e"));
    QCOMPARE(panel.target(), QStringLiteral("5b2e"));
    QCOMPARE(panel.stepTexts().size(), 2);
}

// The plan, its SQL preview and its tables are the sections the environment's database runs, and the plan says
// which dialect it was made for (what a run of it is held to).
void TestPendingPanel::previewIsTheDatabasesDialect_data()
{
    QTest::addColumn<int>("dialect");
    QTest::newRow("sqlite") << int(retort::Dialect::SQLite);
    QTest::newRow("postgresql") << int(retort::Dialect::PostgreSQL);
    QTest::newRow("mysql") << int(retort::Dialect::MySQL);
}

void TestPendingPanel::previewIsTheDatabasesDialect()
{
    QFETCH(int, dialect);
    const auto database = retort::Dialect(dialect);
    PendingPanel panel;
    panel.setScripts(m_scripts);
    panel.setCurrentRows({QStringLiteral("ae98aa32e0d2")});
    panel.setTarget(QStringLiteral("head"));
    // Another dialect first: the panel must not keep any of its SQL.
    panel.setDialect(database == retort::Dialect::PostgreSQL ? retort::Dialect::MySQL : retort::Dialect::PostgreSQL);
    panel.setDialect(database);
    QCOMPARE(panel.controller()->plan().dialect, database);
    QCOMPARE(panel.stepTexts().size(), 7);
    QVector<retort::MigrationStep> steps;
    for (const retort::PlannedStep &step : panel.plannedSteps())
        steps << step.step;
    const QString problem = retort::testing::dialectSqlProblem(panel.previewSql(), *m_scripts, steps, database);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // 4. create audit log: each dialect's section creates the table and a trigger on app_users.
    QCOMPARE(panel.stepTables(3),
             (QStringList{QStringLiteral("audit_log (create)"), QStringLiteral("app_users (trigger)")}));
}

// A revision with sections for other dialects only: the plan for this database is an error, with nothing to run
// or preview; for a dialect it has a section for, it plans.
void TestPendingPanel::missingSectionIsAPlanError()
{
    QTemporaryDir dir;
    QVERIFY(retort::testing::writeFile(
        dir.filePath(QStringLiteral("a1_a.sql")),
        "-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\nCREATE TABLE a (id INT);\n"));
    QVERIFY(retort::testing::writeFile(dir.filePath(QStringLiteral("b2_b.sql")),
                                       "-- Revision ID: b2\n-- Revises: a1\n\n-- migrate:upgrade postgresql\n"
                                       "CREATE TABLE b (id SERIAL);\n"));
    auto loaded = ScriptDirectory::load(QStringList{dir.path()});
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    PendingPanel panel;
    panel.setScripts(std::make_shared<const ScriptDirectory>(std::move(loaded).value()));
    panel.setCurrentRows({});
    panel.setTarget(QStringLiteral("head"));
    panel.setDialect(retort::Dialect::MySQL);
    QVERIFY2(panel.errorText().contains(QStringLiteral("b2_b.sql: revision b2 has no upgrade section for mysql")),
             qPrintable(panel.errorText()));
    QVERIFY(!panel.controller()->plan().runnable());
    QVERIFY(panel.stepTexts().isEmpty());
    QVERIFY(panel.previewSql().isEmpty());
    panel.setDialect(retort::Dialect::PostgreSQL);
    QVERIFY2(panel.errorText().isEmpty(), qPrintable(panel.errorText()));
    QCOMPARE(panel.stepTexts().size(), 2);
    QVERIFY(panel.previewSql().contains(QStringLiteral("CREATE TABLE b (id SERIAL);")));
}

void TestPendingPanel::details()
{
    RevisionDetails details;
    details.setScripts(m_scripts);
    details.setRevision(indexOf(QStringLiteral("9d5e3c7f1a42")));
    QString text = details.plainText();
    QVERIFY(text.contains(QLatin1String("9d5e3c7f1a42")));
    QVERIFY(text.contains(QLatin1String("merge audit branch")));
    QVERIFY(text.contains(QLatin1String("c4e8f1a2b3d5, 8c4f2b6e9d31")));
    QVERIFY(text.contains(QLatin1String("b1f6a8d2c453"))); // child
    QVERIFY(text.contains(QLatin1String("2025-10-27 09:00:00")));
    QVERIFY(text.contains(QLatin1String("9d5e3c7f1a42_merge_audit_branch.sql")));

    RevisionRunEntry entry;
    entry.appliedAt = QDateTime(QDate(2025, 11, 2), QTime(8, 30));
    entry.appliedBy = QStringLiteral("alice@db1");
    entry.environment = QStringLiteral("production");
    entry.durationMs = 1200;
    details.setRunEntries({entry});
    text = details.plainText();
    QVERIFY2(text.contains(QLatin1String("applied 2025-11-02 08:30:00 by alice@db1 on production (1.2 s)")),
             qPrintable(text));

    details.setRevision(indexOf(QStringLiteral("7a3d9e1c5b20")));
    QVERIFY(details.plainText().contains(QLatin1String("audit")));
    QVERIFY2(details.plainText().contains(
                 QLatin1String("Sections for:\npostgresql, mysql (other databases run the plain sections)")),
             qPrintable(details.plainText()));
    QVERIFY(!details.plainText().contains(QLatin1String("alice")));
}

QTEST_MAIN(TestPendingPanel)
#include "tst_pendingpanel.moc"
