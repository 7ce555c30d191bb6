// SPDX-License-Identifier: GPL-3.0-or-later
// retort lint through the real CLI on a real database: what is pending for it, with the sizes of the tables it
// touches, exit statuses, --json, suppression and the [lint] section — on SQLite files and (as
// tst_lintcommand_integration) on PostgreSQL and MariaDB.
#include "tests/runtime/StepsProject.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace retort;
using namespace retort::testing;

namespace {

const QString kStepD = QStringLiteral("d4d4d4d4d4d4");
const QString kLint = QStringLiteral("lint");
const QString kJsonFlag = QStringLiteral("--json");

QJsonObject parsed(const CliRun &run)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s\n%s", qPrintable(error.errorString()), qPrintable(run.out + run.err));
    return document.object();
}

} // namespace

class TestLintCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { checkCliAndServers(&m_urls); }
    void lintsWhatIsPendingWithSizes_data() { backendColumn(); }
    void lintsWhatIsPendingWithSizes();
    void suppressionAndSettings_data() { backendColumn(); }
    void suppressionAndSettings();
    void offlineWithADialect_data() { backendColumn(); }
    void offlineWithADialect();
    void unreachableDatabase();
    void gateNamesRisksWithSizes_data() { backendColumn(); }
    void gateNamesRisksWithSizes();

private:
    void backendColumn()
    {
        QTest::addColumn<QString>("backend");
        for (const QString &backend : backends())
            QTest::newRow(qPrintable(backend)) << backend;
    }
    void prepare(StepsProject &f)
    {
        QFETCH(QString, backend);
        prepareStepsProject(f, backend, m_urls);
        if (QTest::currentTestFailed())
            return;
        const CliRun upgrade = f.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
        QVERIFY2(upgrade.exitCode == 0, qPrintable(upgrade.err));
    }

    QHash<QString, QString> m_urls;
};

// Only the revision the database has not run is linted, and its finding names the table's size.
void TestLintCommand::lintsWhatIsPendingWithSizes()
{
    StepsProject f;
    prepare(f);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(f.writeRevision(kStepD, kStepC, QStringLiteral("DROP TABLE orders;\n")));

    const CliRun run = f.retort({kLint});
    QCOMPARE(run.exitCode, 9);
    const QString file = QStringLiteral("migrations/versions/%1_step.sql").arg(kStepD);
    QVERIFY2(
        run.out.startsWith(
            QStringLiteral("%1:8: error [destructive/drop-table] %2: drops table orders (1 row").arg(file, kStepD)),
        qPrintable(run.out));
    QCOMPARE(run.out.count(u'\n'), 1);
    QVERIFY2(run.err.contains(QStringLiteral("Linted 1 revision(s) from %1 to heads for ").arg(kStepC)),
             qPrintable(run.err));
    QVERIFY(run.err.contains(QStringLiteral("FAILED: 1 error-level finding(s)")));

    const CliRun json = f.retort({kLint, kJsonFlag});
    QCOMPARE(json.exitCode, 9);
    const QJsonObject document = parsed(json);
    QCOMPARE(document.value(QStringLiteral("revisions")).toArray(), QJsonArray{kStepD});
    QCOMPARE(document.value(QStringLiteral("from")).toArray(), QJsonArray{kStepC});
    QCOMPARE(document.value(QStringLiteral("to")).toString(), QStringLiteral("heads"));
    QCOMPARE(document.value(QStringLiteral("errors")).toInt(), 1);
    QCOMPARE(document.value(QStringLiteral("warnings")).toInt(), 0);
    const QJsonArray findings = document.value(QStringLiteral("findings")).toArray();
    QCOMPARE(findings.size(), 1);
    const QJsonObject drop = findings.first().toObject();
    QCOMPARE(drop.value(QStringLiteral("revision")).toString(), kStepD);
    QCOMPARE(drop.value(QStringLiteral("file")).toString(), f.file(kStepD));
    QCOMPARE(drop.value(QStringLiteral("line")).toInt(), 8);
    QCOMPARE(drop.value(QStringLiteral("rule")).toString(), QStringLiteral("drop-table"));
    QCOMPARE(drop.value(QStringLiteral("category")).toString(), QStringLiteral("destructive"));
    QCOMPARE(drop.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
    QCOMPARE(drop.value(QStringLiteral("table")).toString(), QStringLiteral("orders"));
    QCOMPARE(drop.value(QStringLiteral("suppressed")).toBool(), false);
    QVERIFY(drop.value(QStringLiteral("message")).toString().startsWith(QStringLiteral("drops table orders (")));
    QCOMPARE(drop.value(QStringLiteral("rows")).toInteger(), 1);

    // plan shows the same finding under its step, and in its JSON.
    const CliRun plan = f.retort({QStringLiteral("plan"), QStringLiteral("heads")});
    QCOMPARE(plan.exitCode, 0); // a preview, not a check
    QVERIFY2(plan.out.contains(QStringLiteral("       error drop-table line 8: drops table orders (1 row")) &&
                 plan.out.contains(QStringLiteral("Lint: 1 error, 0 warnings")),
             qPrintable(plan.out));
    const QJsonObject planned = parsed(f.retort({QStringLiteral("plan"), QStringLiteral("heads"), kJsonFlag}));
    QCOMPARE(planned.value(QStringLiteral("direction")).toString(), QStringLiteral("upgrade"));
    QCOMPARE(planned.value(QStringLiteral("current")).toArray(), QJsonArray{kStepC});
    QCOMPARE(planned.value(QStringLiteral("after")).toArray(), QJsonArray{kStepD});
    QCOMPARE(planned.value(QStringLiteral("errors")).toInt(), 1);
    const QJsonObject step = planned.value(QStringLiteral("steps")).toArray().first().toObject();
    QCOMPARE(step.value(QStringLiteral("revision")).toString(), kStepD);
    QCOMPARE(step.value(QStringLiteral("version_changes")).toArray(),
             QJsonArray{QStringLiteral("UPDATE %1 -> %2").arg(kStepC, kStepD)});
    QCOMPARE(step.value(QStringLiteral("tables")).toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("table"), QStringLiteral("orders")},
                                     {QStringLiteral("action"), QStringLiteral("drop")}}}));
    const QJsonObject stepFinding = step.value(QStringLiteral("findings")).toArray().first().toObject();
    QCOMPARE(stepFinding.value(QStringLiteral("rule")).toString(), QStringLiteral("drop-table"));
    QCOMPARE(stepFinding.value(QStringLiteral("rows")).toInteger(), 1);

    // Once it has run, nothing is pending and nothing is linted.
    QVERIFY(f.writeRevision(kStepD, kStepC, QStringLiteral("CREATE TABLE extra (id INTEGER);\n")));
    QCOMPARE(f.retort({QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 0);
    const CliRun after = f.retort({kLint});
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(after.out, QString());
    QVERIFY2(after.err.contains(QStringLiteral("Linted 0 revision(s)")), qPrintable(after.err));
}

void TestLintCommand::suppressionAndSettings()
{
    StepsProject f;
    prepare(f);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(f.writeRevision(kStepD, kStepC,
                            QStringLiteral("-- retort:ignore drop-table replaced by audit_log, exported 2026-12-01\n"
                                           "DROP TABLE orders;\nDELETE FROM audit_log;\n"),
                            // (so MySQL's implicit commits are not a finding of their own)
                            QStringLiteral("-- Transactional: false\n")));
    // The DELETE is still an error; the DROP is suppressed, and shown as such with -v.
    CliRun run = f.retort({kLint, QStringLiteral("-v")});
    QCOMPARE(run.exitCode, 9);
    QVERIFY2(run.out.contains(QStringLiteral("suppressed [destructive/drop-table]")) &&
                 run.out.contains(QStringLiteral("(ignored: replaced by audit_log, exported 2026-12-01)")) &&
                 run.out.contains(QStringLiteral("error [destructive/delete-all-rows]")),
             qPrintable(run.out));
    QVERIFY(run.err.contains(QStringLiteral("1 error, 0 warnings (1 suppressed)")));
    QVERIFY(!f.retort({kLint}).out.contains(QStringLiteral("drop-table")));

    // The project lowers the rule: a warning does not fail the lint.
    const QString ini = f.root + QStringLiteral("/retort.ini");
    const QString text = readFile(ini);
    QVERIFY(writeFile(ini, text + QStringLiteral("\n[lint]\ndelete-all-rows = warning\n")));
    run = f.retort({kLint});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains(QStringLiteral("warning [destructive/delete-all-rows]")));

    // A misspelt rule is an error naming the file and line, not a setting silently ignored.
    QVERIFY(writeFile(ini, text + QStringLiteral("\n[lint]\ndelete-all-row = warning\n")));
    run = f.retort({kLint});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("retort.ini:9: unknown rule or category 'delete-all-row' in [lint] "
                                             "(did you mean 'delete-all-rows'?)")),
             qPrintable(run.err));
}

// --dialect lints from base to heads with no database; the dialect decides the lock rules.
void TestLintCommand::offlineWithADialect()
{
    StepsProject f;
    prepare(f);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(f.writeRevision(kStepD, kStepC, QStringLiteral("CREATE INDEX ix_orders_total ON orders (total);\n")));
    // From base, orders is created by the plan itself: indexing a table nobody uses yet blocks nobody.
    const CliRun fromBase = f.retort({kLint, QStringLiteral("--dialect"), QStringLiteral("postgresql"), kJsonFlag});
    QCOMPARE(fromBase.exitCode, 0);
    QJsonObject document = parsed(fromBase);
    QCOMPARE(document.value(QStringLiteral("dialect")).toString(), QStringLiteral("postgresql"));
    QVERIFY(document.value(QStringLiteral("database")).isNull());
    QCOMPARE(document.value(QStringLiteral("revisions")).toArray(), (QJsonArray{kStepA, kStepB, kStepC, kStepD}));
    QCOMPARE(document.value(QStringLiteral("findings")).toArray(), QJsonArray());

    // From B, orders exists: the index build blocks its writes on PostgreSQL (not on SQLite).
    const QString range = QStringLiteral("%1:heads").arg(kStepB);
    const CliRun postgres =
        f.retort({kLint, range, QStringLiteral("--dialect"), QStringLiteral("postgresql"), kJsonFlag});
    QCOMPARE(postgres.exitCode, 0);
    document = parsed(postgres);
    QCOMPARE(document.value(QStringLiteral("revisions")).toArray(), (QJsonArray{kStepC, kStepD}));
    QCOMPARE(document.value(QStringLiteral("warnings")).toInt(), 1);
    const QJsonObject index = document.value(QStringLiteral("findings")).toArray().first().toObject();
    QCOMPARE(index.value(QStringLiteral("rule")).toString(), QStringLiteral("index-locks-writes"));
    QCOMPARE(index.value(QStringLiteral("category")).toString(), QStringLiteral("blocking"));
    QVERIFY(index.value(QStringLiteral("rows")).isNull()); // offline: no sizes

    const CliRun sqlite = f.retort({kLint, range, QStringLiteral("--dialect"), QStringLiteral("sqlite")});
    QCOMPARE(sqlite.exitCode, 0);
    QCOMPARE(sqlite.out, QString());

    const CliRun bad = f.retort({kLint, QStringLiteral("--dialect"), QStringLiteral("oracle")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains(QStringLiteral("--dialect: unknown dialect 'oracle'")));
}

void TestLintCommand::unreachableDatabase()
{
    StepsProject f;
    prepareStepsProject(f, kSqlite, m_urls);
    f.environment.insert(QStringLiteral("STEPS_TEST_URL"), QStringLiteral("postgresql://retort@127.0.0.1:1/none"));
    const CliRun run = f.retort({kLint});
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.err.contains(QStringLiteral("FAILED: cannot connect to")), qPrintable(run.err));
    const CliRun json = f.retort({kLint, kJsonFlag});
    QCOMPARE(json.exitCode, 6);
    QCOMPARE(QJsonDocument::fromJson(json.err.toUtf8())
                 .object()
                 .value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("code"))
                 .toString(),
             QStringLiteral("unreachable"));
}

// The production gate's confirmation lists lint's findings with their severity and the table's size.
void TestLintCommand::gateNamesRisksWithSizes()
{
    StepsProject f;
    prepare(f);
    if (QTest::currentTestFailed())
        return;
    const QString ini = f.root + QStringLiteral("/retort.ini");
    QVERIFY(writeFile(ini, readFile(ini) + QStringLiteral("production = true\n")));
    QVERIFY(f.writeRevision(kStepD, kStepC, QStringLiteral("DELETE FROM orders;\n")));
    const CliRun run =
        f.retort({QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--yes"),
                  QStringLiteral("--no-backup"), QStringLiteral("--reason"), QStringLiteral("lint test")});
    QVERIFY2(run.err.contains(QStringLiteral("1 revision(s) with risks lint finds (retort lint says how to avoid "
                                             "each):\n  %1 step: deletes every row of orders (1 row")
                                  .arg(kStepD)) &&
                 run.err.contains(QStringLiteral(") (error)\n")),
             qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestLintCommand)
#include "tst_lintcommand.moc"
