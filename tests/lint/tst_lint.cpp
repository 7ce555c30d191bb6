// SPDX-License-Identifier: GPL-3.0-or-later
// retort lint's rules, per dialect: what each must find, and what must not fire.
#include "core/lint/Linter.h"
#include "core/lint/StepRisk.h"
#include "core/lint/StatementReader.h"
#include "core/script/MigrationScript.h"
#include "core/script/ProjectConfig.h"

#include <QTest>

using namespace retort;

namespace {

// A revision file: header (non-transactional on request), then the sections as given. The upgrade's first
// line is line 7 (8 with the Transactional line).
MigrationScript script(const QString &upgrade, const QString &downgrade, bool transactional = true)
{
    QString text = QStringLiteral("-- lint case\n--\n-- Revision ID: a1\n-- Revises:\n");
    if (!transactional)
        text += QStringLiteral("-- Transactional: false\n");
    text += QStringLiteral("\n-- migrate:upgrade\n") + upgrade + QStringLiteral("\n\n-- migrate:downgrade\n") +
            downgrade + u'\n';
    Result<MigrationScript> parsed = MigrationScriptParser::parse(QStringLiteral("/p/versions/a1_case.sql"), text);
    if (!parsed.ok())
        qFatal("%s", qPrintable(parsed.error().message));
    return std::move(parsed).value();
}

std::optional<Dialect> dialectNamed(const QString &name)
{
    if (name == QLatin1String("postgresql"))
        return Dialect::PostgreSQL;
    if (name == QLatin1String("mysql"))
        return Dialect::MySQL;
    if (name == QLatin1String("sqlite"))
        return Dialect::SQLite;
    return std::nullopt;
}

// "rule table" per finding, so a failure prints something readable.
QStringList describe(const LintFindings &findings)
{
    QStringList lines;
    for (const LintFinding &finding : findings) {
        const QString subject = finding.action.table.isEmpty() ? finding.action.object : finding.action.table;
        lines << (QLatin1String(infoOf(finding.rule).id) + (subject.isEmpty() ? QString() : u' ' + subject));
    }
    return lines;
}

LintSettings settingsFrom(const QString &lintSection)
{
    Result<ProjectConfig> config =
        ProjectConfig::parse(QStringLiteral("[retort]\nscript_location = .\n\n[lint]\n") + lintSection,
                             QStringLiteral("/p/retort.ini"), QProcessEnvironment());
    if (!config.ok())
        qFatal("%s", qPrintable(config.error().message));
    Result<LintSettings> settings = LintSettings::fromConfig(config.value());
    if (!settings.ok())
        qFatal("%s", qPrintable(settings.error().message));
    return settings.value();
}

const QString kUndo = QStringLiteral("SELECT 1;");

} // namespace

class TestLint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data();
    void rules();
    void findingPlaceAndWords();
    void suppression_data();
    void suppression();
    void tablesCreatedEarlierInThePlanAreNew();
    void severities();
    void settingErrors_data();
    void settingErrors();
    void postgresParserReadsWhatTokensCannot();
    void stepRisk();
    void tableSizeText_data();
    void tableSizeText();
};

void TestLint::rules_data()
{
    QTest::addColumn<QString>("dialect"); // postgresql, mysql, sqlite, or empty for none
    QTest::addColumn<bool>("transactional");
    QTest::addColumn<QString>("upgrade");
    QTest::addColumn<QString>("downgrade");
    QTest::addColumn<QStringList>("expected");

    auto row = [](const char *name, const char *dialect, const QString &upgrade, const QStringList &expected,
                  bool transactional = true, const QString &downgrade = kUndo) {
        QTest::newRow(name) << QString::fromLatin1(dialect) << transactional << upgrade << downgrade << expected;
    };
    const QStringList none;
    for (const char *dialect : {"postgresql", "mysql", "sqlite", ""}) {
        const QByteArray d(dialect);
        auto name = [&](const char *what) { return QByteArray(what + QByteArray(", ") + (d.isEmpty() ? "none" : d)); };
        // destructive, everywhere
        row(name("drop table"), dialect, QStringLiteral("DROP TABLE users;"), {QStringLiteral("drop-table users")});
        row(name("drop tables"), dialect, QStringLiteral("DROP TABLE IF EXISTS a, b;"),
            {QStringLiteral("drop-table a"), QStringLiteral("drop-table b")});
        row(name("drop column"), dialect, QStringLiteral("ALTER TABLE users DROP COLUMN email;"),
            {QStringLiteral("drop-column users")});
        row(name("truncate"), dialect, QStringLiteral("TRUNCATE TABLE sessions;"),
            {QStringLiteral("truncate sessions")});
        row(name("delete without where"), dialect, QStringLiteral("DELETE FROM sessions;"),
            {QStringLiteral("delete-all-rows sessions")});
        row(name("update without where"), dialect, QStringLiteral("UPDATE accounts SET balance = 0;"),
            {QStringLiteral("update-all-rows accounts")});
        row(name("rename table"), dialect, QStringLiteral("ALTER TABLE users RENAME TO accounts;"),
            {QStringLiteral("rename-table users")});
        row(name("not null without default"), dialect,
            QStringLiteral("ALTER TABLE users ADD COLUMN locale VARCHAR(8) NOT NULL;"),
            {QStringLiteral("not-null-without-default users")});
        row(name("no downgrade"), dialect, QStringLiteral("CREATE TABLE t (id INT);"), {QStringLiteral("no-downgrade")},
            true, QString());
        // must not fire
        row(name("update with where"), dialect, QStringLiteral("UPDATE accounts SET balance = 0 WHERE id = 1;"), none);
        row(name("delete with where"), dialect, QStringLiteral("DELETE FROM audit WHERE at < '2020-01-01';"), none);
        row(name("subquery's where is not the update's"), dialect,
            QStringLiteral("UPDATE accounts SET balance = (SELECT 0 FROM x WHERE x.id = 1);"),
            {QStringLiteral("update-all-rows accounts")});
        row(name("drop constraint drops no data"), dialect, QStringLiteral("ALTER TABLE users DROP CONSTRAINT uq;"),
            none);
        row(name("nullable column"), dialect, QStringLiteral("ALTER TABLE users ADD COLUMN locale VARCHAR(8);"), none);
        row(name("not null with default"), dialect,
            QStringLiteral("ALTER TABLE users ADD COLUMN n INT NOT NULL DEFAULT 0;"), none);
        row(name("words in a string"), dialect, QStringLiteral("INSERT INTO notes VALUES ('DROP TABLE users');"), none);
        row(name("words in a comment"), dialect, QStringLiteral("-- DROP TABLE users\nSELECT 1;"), none);
        row(name("empty upgrade is not irreversible"), dialect, QStringLiteral("-- nothing to do"), none, true,
            QString());
        // (MySQL still warns that the DELETE commits apart from the CREATE.)
        row(name("a table created here is new"), dialect,
            QStringLiteral("CREATE TABLE t (id INT);\nALTER TABLE t RENAME TO u;\nDELETE FROM t;"),
            d == "mysql" ? QStringList{QStringLiteral("ddl-with-dml t")} : none);
    }

    // A trigger's body is part of the CREATE TRIGGER, not a statement of the migration.
    row("delete inside a trigger body, sqlite", "sqlite",
        QStringLiteral("CREATE TRIGGER trg AFTER INSERT ON users BEGIN DELETE FROM sessions; END;"), {});
    row("delete inside a trigger body, mysql", "mysql",
        QStringLiteral("-- migrate:statement-begin\nCREATE TRIGGER trg AFTER INSERT ON users FOR EACH ROW BEGIN "
                       "DELETE FROM sessions; END\n-- migrate:statement-end"),
        {});
    row("delete inside a function body, postgresql", "postgresql",
        QStringLiteral("CREATE FUNCTION purge() RETURNS void AS $$ DELETE FROM sessions; TRUNCATE audit $$ "
                       "LANGUAGE sql;"),
        {});
    row("drop inside a DO block, postgresql", "postgresql", QStringLiteral("DO $$ BEGIN DROP TABLE users; END $$;"),
        {});

    // blocking (PostgreSQL)
    row("create index", "postgresql", QStringLiteral("CREATE INDEX ix ON users (email);"),
        {QStringLiteral("index-locks-writes users")});
    row("create index on a new table", "postgresql",
        QStringLiteral("CREATE TABLE t (id INT);\nCREATE INDEX ix ON t (id);"), {});
    row("create index concurrently, non-transactional", "postgresql",
        QStringLiteral("CREATE INDEX CONCURRENTLY ix ON users (email);"), {}, false);
    row("create index concurrently, transactional", "postgresql",
        QStringLiteral("CREATE INDEX CONCURRENTLY ix ON users (email);"),
        {QStringLiteral("concurrently-in-transaction users")});
    row("drop index", "postgresql", QStringLiteral("DROP INDEX ix;"), {QStringLiteral("drop-index-locks ix")});
    row("drop index concurrently", "postgresql", QStringLiteral("DROP INDEX CONCURRENTLY ix;"), {}, false);
    row("reindex", "postgresql", QStringLiteral("REINDEX TABLE users;"), {QStringLiteral("reindex-locks users")});
    row("reindex concurrently", "postgresql", QStringLiteral("REINDEX TABLE CONCURRENTLY users;"), {}, false);
    row("foreign key", "postgresql",
        QStringLiteral("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"),
        {QStringLiteral("constraint-validates orders")});
    row("foreign key not valid", "postgresql",
        QStringLiteral("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"),
        {});
    row("check not valid, then validated", "postgresql",
        QStringLiteral("ALTER TABLE orders ADD CONSTRAINT ck CHECK (total >= 0) NOT VALID;\n"
                       "ALTER TABLE orders VALIDATE CONSTRAINT ck;"),
        {});
    row("set not null", "postgresql", QStringLiteral("ALTER TABLE users ALTER COLUMN email SET NOT NULL;"),
        {QStringLiteral("set-not-null users")});
    row("unique constraint", "postgresql", QStringLiteral("ALTER TABLE users ADD CONSTRAINT uq UNIQUE (email);"),
        {QStringLiteral("unique-constraint users")});
    row("unique constraint using an index", "postgresql",
        QStringLiteral("ALTER TABLE users ADD CONSTRAINT uq UNIQUE USING INDEX ix_email;"), {});
    row("index is no lock on sqlite", "sqlite", QStringLiteral("CREATE INDEX ix ON users (email);"), {});
    row("index is no lock with no dialect", "", QStringLiteral("CREATE INDEX ix ON users (email);"), {});

    // rewrite
    row("type change, postgresql", "postgresql", QStringLiteral("ALTER TABLE users ALTER COLUMN id TYPE bigint;"),
        {QStringLiteral("column-type-change users")});
    row("modify, mysql", "mysql", QStringLiteral("ALTER TABLE users MODIFY COLUMN name VARCHAR(200) NOT NULL;"),
        {QStringLiteral("column-type-change users")});
    row("change with a new name, mysql", "mysql", QStringLiteral("ALTER TABLE users CHANGE name full_name TEXT;"),
        {QStringLiteral("rename-column users"), QStringLiteral("column-type-change users")});
    row("volatile default", "postgresql",
        QStringLiteral("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"),
        {QStringLiteral("volatile-default users")});
    row("constant default rewrites nothing", "postgresql",
        QStringLiteral("ALTER TABLE users ADD COLUMN active boolean DEFAULT true;"), {});
    row("now() is stable", "postgresql",
        QStringLiteral("ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now();"), {});
    row("serial column", "postgresql", QStringLiteral("ALTER TABLE users ADD COLUMN n bigserial;"),
        {QStringLiteral("volatile-default users")});
    row("vacuum full, non-transactional", "postgresql", QStringLiteral("VACUUM FULL users;"),
        {QStringLiteral("table-rewrite users")}, false);
    row("vacuum full, transactional", "postgresql", QStringLiteral("VACUUM FULL users;"),
        {QStringLiteral("vacuum-in-transaction users"), QStringLiteral("table-rewrite users")});
    row("optimize table, mysql", "mysql", QStringLiteral("OPTIMIZE TABLE users;"),
        {QStringLiteral("table-rewrite users")});
    row("algorithm=copy, mysql", "mysql", QStringLiteral("ALTER TABLE users ADD COLUMN x INT, ALGORITHM=COPY;"),
        {QStringLiteral("copying-alter users")});
    row("lock=exclusive, mysql", "mysql", QStringLiteral("ALTER TABLE users ADD COLUMN x INT, LOCK=EXCLUSIVE;"),
        {QStringLiteral("alter-locks-table users")});

    // incompatible
    row("rename column", "postgresql", QStringLiteral("ALTER TABLE users RENAME COLUMN name TO full_name;"),
        {QStringLiteral("rename-column users")});
    row("rename table, mysql", "mysql", QStringLiteral("RENAME TABLE users TO accounts;"),
        {QStringLiteral("rename-table users")});

    // transaction
    row("vacuum in a transaction, sqlite", "sqlite", QStringLiteral("VACUUM;"),
        {QStringLiteral("vacuum-in-transaction")});
    row("vacuum outside a transaction, sqlite", "sqlite", QStringLiteral("VACUUM;"), {}, false);
    row("commit inside a migration", "sqlite", QStringLiteral("INSERT INTO t VALUES (1);\nCOMMIT;"),
        {QStringLiteral("transaction-control")});
    row("begin inside a migration", "postgresql", QStringLiteral("BEGIN;\nINSERT INTO t VALUES (1);"),
        {QStringLiteral("transaction-control")});
    row("commit in a non-transactional revision", "postgresql", QStringLiteral("INSERT INTO t VALUES (1);\nCOMMIT;"),
        {}, false);
    row("ddl with dml, mysql", "mysql",
        QStringLiteral("ALTER TABLE users ADD COLUMN locale VARCHAR(8);\nUPDATE users SET locale = 'en' WHERE locale "
                       "IS NULL;"),
        {QStringLiteral("ddl-with-dml users")});
    row("ddl with dml, non-transactional mysql", "mysql",
        QStringLiteral("ALTER TABLE users ADD COLUMN locale VARCHAR(8);\nUPDATE users SET locale = 'en' WHERE locale "
                       "IS NULL;"),
        {}, false);
    row("ddl with dml is fine on postgresql", "postgresql",
        QStringLiteral("ALTER TABLE users ADD COLUMN locale VARCHAR(8);\nUPDATE users SET locale = 'en' WHERE locale "
                       "IS NULL;"),
        {});
}

void TestLint::rules()
{
    QFETCH(QString, dialect);
    QFETCH(bool, transactional);
    QFETCH(QString, upgrade);
    QFETCH(QString, downgrade);
    QFETCH(QStringList, expected);

    Linter linter(dialectNamed(dialect), settingsFrom(QString()));
    const LintFindings findings = linter.lint(script(upgrade, downgrade, transactional), true);
    QCOMPARE(describe(findings), expected);
    for (const LintFinding &finding : findings) {
        QVERIFY(!finding.message().isEmpty());
        QCOMPARE(finding.revision, QStringLiteral("a1"));
    }
}

void TestLint::findingPlaceAndWords()
{
    Linter linter(Dialect::PostgreSQL, settingsFrom(QString()));
    const LintFindings findings =
        linter.lint(script(QStringLiteral("CREATE TABLE t (id INT);\n\nDROP TABLE\n  users;"), kUndo), true);
    QCOMPARE(findings.size(), 1);
    const LintFinding &drop = findings.first();
    QCOMPARE(drop.file, QStringLiteral("/p/versions/a1_case.sql"));
    QCOMPARE(drop.line, 9); // the statement's first line
    QCOMPARE(drop.severity, LintSeverity::Error);
    QCOMPARE(drop.category(), LintCategory::Destructive);
    QCOMPARE(categoryWord(drop.category()), QStringLiteral("destructive"));
    QCOMPARE(drop.message(), QStringLiteral("drops table users and every row in it: the running application's "
                                            "queries on it fail. Release code that no longer uses it first, and "
                                            "keep a verified backup"));
    LintFinding sized = drop;
    sized.size = TableSize{1234567, 340LL * 1024 * 1024, false};
    QVERIFY2(sized.message().startsWith(QStringLiteral("drops table users (1.2 M rows, 340 MB) and every row")),
             qPrintable(sized.message()));

    // The downgrade section is linted in a downgrade plan.
    Linter down(Dialect::SQLite, settingsFrom(QString()));
    QCOMPARE(
        describe(down.lint(script(QStringLiteral("CREATE TABLE t (id INT);"), QStringLiteral("DROP TABLE t;")), false)),
        QStringList{QStringLiteral("drop-table t")});
}

void TestLint::suppression_data()
{
    QTest::addColumn<QString>("upgrade");
    QTest::addColumn<QString>("downgrade");
    QTest::addColumn<QStringList>("suppressedReasons"); // per finding, empty when not suppressed
    QTest::addColumn<int>("ignoredWithoutReasonAt");

    QTest::newRow("above the statement")
        << QStringLiteral("-- retort:ignore drop-table exported to the archive on 2026-11-30\nDROP TABLE legacy;")
        << kUndo << QStringList{QStringLiteral("exported to the archive on 2026-11-30")} << 0;
    QTest::newRow("trailing on its line")
        << QStringLiteral("DROP TABLE legacy; -- retort:ignore drop-table nobody reads it") << kUndo
        << QStringList{QStringLiteral("nobody reads it")} << 0;
    QTest::newRow("several rules") << QStringLiteral(
                                          "-- retort:ignore truncate,drop-table done by hand\nDROP TABLE legacy;")
                                   << kUndo << QStringList{QStringLiteral("done by hand")} << 0;
    QTest::newRow("another rule does not suppress")
        << QStringLiteral("-- retort:ignore truncate a reason\nDROP TABLE legacy;") << kUndo << QStringList{QString()}
        << 0;
    QTest::newRow("only the next statement")
        << QStringLiteral("-- retort:ignore drop-table a reason\nDROP TABLE a;\nDROP TABLE b;") << kUndo
        << QStringList{QStringLiteral("a reason"), QString()} << 0;
    QTest::newRow("no reason, no suppression")
        << QStringLiteral("-- retort:ignore drop-table\nDROP TABLE legacy;") << kUndo << QStringList{QString()} << 7;
    QTest::newRow("no downgrade, said in the downgrade section")
        << QStringLiteral("INSERT INTO t VALUES (1);") << QStringLiteral("-- retort:ignore no-downgrade rows are kept")
        << QStringList{QStringLiteral("rows are kept")} << 0;
}

void TestLint::suppression()
{
    QFETCH(QString, upgrade);
    QFETCH(QString, downgrade);
    QFETCH(QStringList, suppressedReasons);
    QFETCH(int, ignoredWithoutReasonAt);

    Linter linter(Dialect::SQLite, settingsFrom(QString()));
    const LintFindings findings = linter.lint(script(upgrade, downgrade), true);
    QStringList reasons;
    for (const LintFinding &finding : findings)
        reasons << finding.suppressedBecause;
    QCOMPARE(reasons, suppressedReasons);
    QCOMPARE(findings.first().ignoredWithoutReasonAt, ignoredWithoutReasonAt);
    if (ignoredWithoutReasonAt > 0)
        QVERIFY(findings.first().message().endsWith(
            QStringLiteral("(the retort:ignore on line 7 gives no reason, so it does not count)")));
    const LintTally tally(findings);
    QCOMPARE(tally.suppressed, int(std::count_if(suppressedReasons.begin(), suppressedReasons.end(),
                                                 [](const QString &reason) { return !reason.isEmpty(); })));
}

// Lint walks a plan in order: what an earlier pending revision creates is new to the later ones.
void TestLint::tablesCreatedEarlierInThePlanAreNew()
{
    Linter linter(Dialect::PostgreSQL, settingsFrom(QString()));
    QVERIFY(linter.lint(script(QStringLiteral("CREATE TABLE events (id INT);"), kUndo), true).isEmpty());
    QVERIFY(linter.lint(script(QStringLiteral("CREATE INDEX ix ON events (id);"), kUndo), true).isEmpty());
    QCOMPARE(describe(linter.lint(script(QStringLiteral("CREATE INDEX ix ON users (id);"), kUndo), true)),
             QStringList{QStringLiteral("index-locks-writes users")});
}

void TestLint::severities()
{
    const LintSettings defaults = settingsFrom(QString());
    QCOMPARE(defaults.severityOf(LintRule::DropTable), LintSeverity::Error);
    QCOMPARE(defaults.severityOf(LintRule::TransactionControl), LintSeverity::Error);
    QCOMPARE(defaults.severityOf(LintRule::IndexLocksWrites), LintSeverity::Warning);
    QCOMPARE(defaults.severityOf(LintRule::NoDowngrade), LintSeverity::Warning);

    // A rule's own line wins over its category's.
    const LintSettings project =
        settingsFrom(QStringLiteral("destructive = warning\ntruncate = error\nblocking = error\nno-downgrade = off\n"));
    QCOMPARE(project.severityOf(LintRule::DropTable), LintSeverity::Warning);
    QCOMPARE(project.severityOf(LintRule::Truncate), LintSeverity::Error);
    QCOMPARE(project.severityOf(LintRule::SetNotNull), LintSeverity::Error);
    Linter linter(Dialect::SQLite, project);
    const LintFindings findings = linter.lint(script(QStringLiteral("DROP TABLE a;"), QString()), true);
    QCOMPARE(describe(findings), QStringList{QStringLiteral("drop-table a")}); // no-downgrade is off
    QCOMPARE(findings.first().severity, LintSeverity::Warning);
    QCOMPARE(LintTally(findings).text(), QStringLiteral("0 errors, 1 warning"));
}

void TestLint::settingErrors_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("message");

    QTest::newRow("misspelt rule") << QStringLiteral("drop-tabel = off")
                                   << QStringLiteral("/p/retort.ini:5: unknown rule or category 'drop-tabel' in "
                                                     "[lint] (did you mean 'drop-table'?); `retort lint --rules` "
                                                     "lists them");
    QTest::newRow("unknown rule") << QStringLiteral("\nsomething = off")
                                  << QStringLiteral("/p/retort.ini:6: unknown rule or category 'something' in "
                                                    "[lint]; `retort lint --rules` lists them");
    QTest::newRow("bad severity") << QStringLiteral("blocking = fatal")
                                  << QStringLiteral("/p/retort.ini:5: invalid severity 'fatal' for 'blocking' in "
                                                    "[lint]; expected error, warning, info or off");
}

void TestLint::settingErrors()
{
    QFETCH(QString, section);
    QFETCH(QString, message);
    Result<ProjectConfig> config =
        ProjectConfig::parse(QStringLiteral("[retort]\nscript_location = .\n\n[lint]\n") + section,
                             QStringLiteral("/p/retort.ini"), QProcessEnvironment());
    QVERIFY(config.ok());
    const Result<LintSettings> settings = LintSettings::fromConfig(config.value());
    QVERIFY(!settings.ok());
    QCOMPARE(settings.error().code, ErrorCode::Config);
    QCOMPARE(settings.error().message, message);
}

// PostgreSQL's own parser tells apart what the leading words alone cannot.
void TestLint::postgresParserReadsWhatTokensCannot()
{
    // WITH ... DELETE: the statement is a DELETE of every row.
    const StatementActions deleteAll =
        readStatement(QStringLiteral("WITH old AS (SELECT 1) DELETE FROM sessions"), Dialect::PostgreSQL);
    QCOMPARE(deleteAll.size(), 1);
    QCOMPARE(deleteAll.first().kind, ActionKind::Delete);
    QCOMPARE(deleteAll.first().table, QStringLiteral("sessions"));
    QVERIFY(!deleteAll.first().filtered);
    // A quoted, schema-qualified name comes back as the database names it.
    const StatementActions drop = readStatement(QStringLiteral("DROP TABLE \"App\".\"Users\""), Dialect::PostgreSQL);
    QCOMPARE(drop.first().table, QStringLiteral("App.Users"));
    // What the parser refuses falls back to tokens rather than being skipped.
    const StatementActions fallback = readStatement(QStringLiteral("DROP TABLE `users`"), Dialect::PostgreSQL);
    QCOMPARE(fallback.size(), 1);
    QCOMPARE(fallback.first().kind, ActionKind::DropTable);
}

// What the workbench and the confirmations mark: the findings that count, in a few words, and whether the
// revision runs outside a transaction.
void TestLint::stepRisk()
{
    const MigrationScript risky = script(QStringLiteral("CREATE TABLE a (id INT);\n"
                                                        "ALTER TABLE users DROP COLUMN email;\n"
                                                        "DELETE FROM sessions;\n"
                                                        "DELETE FROM audit WHERE at < '2020-01-01';\n"
                                                        "UPDATE accounts SET balance = 0;\n"
                                                        "DROP TABLE legacy, old_legacy;\n"
                                                        "TRUNCATE scratch;\n"
                                                        "-- retort:ignore truncate emptied every night anyway\n"
                                                        "TRUNCATE cache;\n"
                                                        "ALTER TABLE users DROP CONSTRAINT uq;\n"
                                                        "CREATE INDEX ix ON users (id);"),
                                         kUndo, false);
    const StepRisk risk = riskOf(risky, true, LintContext{Dialect::PostgreSQL, settingsFrom(QString()), {}, {}});
    QCOMPARE(risk.phrases(),
             (QStringList{QStringLiteral("drops a column of users"), QStringLiteral("deletes every row of sessions"),
                          QStringLiteral("updates every row of accounts"), QStringLiteral("drops table legacy"),
                          QStringLiteral("drops table old_legacy"), QStringLiteral("truncates scratch"),
                          QStringLiteral("blocks writes to users while an index is built"),
                          QStringLiteral("outside a transaction")}));
    QCOMPARE(risk.kinds(), QStringLiteral("destructive, blocking, no transaction"));
    QVERIFY(risk.any());

    // With no dialect, an index build is no risk; on its own, a new table's index neither.
    QVERIFY(!riskOf(script(QStringLiteral("CREATE INDEX ix ON a (id);"), kUndo), true).any());
    // Info findings and rules set off do not mark a step.
    const StepRisk quiet =
        riskOf(script(QStringLiteral("DROP TABLE a;"), kUndo), true,
               LintContext{Dialect::SQLite, settingsFrom(QStringLiteral("drop-table = info\n")), {}, {}});
    QVERIFY(!quiet.any());
}

void TestLint::tableSizeText_data()
{
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<bool>("atLeast");
    QTest::addColumn<QString>("text");
    QTest::newRow("small") << qint64(1) << qint64(-1) << false << QStringLiteral("1 row");
    QTest::newRow("thousands") << qint64(12345) << qint64(8192) << false << QStringLiteral("12 k rows, 8.0 kB");
    QTest::newRow("millions") << qint64(1234567) << qint64(356515840) << false << QStringLiteral("1.2 M rows, 340 MB");
    QTest::newRow("counting stopped") << qint64(1000000) << qint64(-1) << true << QStringLiteral("at least 1.0 M rows");
    QTest::newRow("unknown rows") << qint64(-1) << qint64(100) << false << QStringLiteral("100 B");
}

void TestLint::tableSizeText()
{
    QFETCH(qint64, rows);
    QFETCH(qint64, bytes);
    QFETCH(bool, atLeast);
    QFETCH(QString, text);
    QCOMPARE((TableSize{rows, bytes, atLeast}.text()), text);
}

QTEST_GUILESS_MAIN(TestLint)
#include "tst_lint.moc"
