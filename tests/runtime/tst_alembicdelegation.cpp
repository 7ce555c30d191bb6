// SPDX-License-Identifier: GPL-3.0-or-later
// An Alembic project (tests/data/alembic-run: op.* revisions, a data migration that reads the database, an
// env.py reading DATABASE_URL) previewed, linted, upgraded and downgraded through the real `retort`, which
// hands the Python to the system's Alembic inside its gates: on SQLite files and (as
// tst_alembicdelegation_integration) on the private PostgreSQL server. Skipped without Alembic (label
// `alembic`: the sanitizer build does not run it).
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/MigrationRunner.h"
#include "core/script/DatabaseUrl.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"
#include "tests/runtime/TestDatabases.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;
using namespace retort::testing;

namespace {

const QStringList kRevisions = {QStringLiteral("1a0000000001"), QStringLiteral("2b0000000002"),
                                QStringLiteral("3c0000000003"), QStringLiteral("4d0000000004")};
const QString kOtherDatabase = QStringLiteral("retort_test_alembic_other");

// The URL `url` with its database replaced by `database` (servers), or another file beside it (SQLite).
QString otherDatabaseUrl(const QString &url, const QString &root)
{
    if (url.startsWith(QLatin1String("sqlite")))
        return QStringLiteral("sqlite:///") + root + QStringLiteral("/other.db");
    QString other = url;
    return other.replace(QStringLiteral("/retort_test?"), QStringLiteral("/%1?").arg(kOtherDatabase));
}

// The backends Alembic projects are run on: SQLite, or the private PostgreSQL server (MariaDB would need a
// Python driver Debian's Alembic does not bring).
void addAlembicBackendRows()
{
    QTest::addColumn<QString>("backend");
    for (const QString &backend : backends()) {
        if (backend != kMariadb)
            QTest::newRow(qPrintable(backend)) << backend;
    }
}

struct AlembicProject
{
    QTemporaryDir dir;
    QString root;
    QString url;
    QString backend;
    QProcessEnvironment environment = cliEnvironment();
    std::unique_ptr<DatabaseConnection> connection;

    QString revisionFile(const QString &id) const
    {
        const QStringList found =
            QDir(root + QStringLiteral("/migrations/versions")).entryList({id + QStringLiteral("_*.py")});
        return found.isEmpty() ? QString() : root + QStringLiteral("/migrations/versions/") + found.first();
    }
    CliRun retort(const QStringList &arguments) const { return runRetort(root, arguments, environment); }
    QStringList column(const QString &sql) const { return selectColumn(connection->database(), sql); }
    QStringList versionRows() const
    {
        if (!tableNames(connection->database()).contains(QStringLiteral("alembic_version")))
            return {};
        QStringList rows = column(QStringLiteral("SELECT version_num FROM alembic_version"));
        rows.sort();
        return rows;
    }
    bool connect()
    {
        auto parsed = DatabaseUrl::parse(url);
        if (!parsed.ok())
            return false;
        auto opened = DatabaseConnection::open(parsed.value());
        if (!opened.ok())
            return false;
        connection = std::move(opened).value();
        return true;
    }
};

void prepare(AlembicProject &project, const QString &backend, const QHash<QString, QString> &urls)
{
    QVERIFY(project.dir.isValid());
    project.root = QFileInfo(project.dir.path()).canonicalFilePath();
    project.backend = backend;
    QVERIFY(copyTree(QStringLiteral(RETORT_SOURCE_DIR "/tests/data/alembic-run"), project.root));
    project.url = backend == kSqlite ? QStringLiteral("sqlite:///") + project.root + QStringLiteral("/app.db")
                                     : urls.value(QStringLiteral("RETORT_TEST_POSTGRESQL_URL"));
    project.environment.insert(QStringLiteral("DATABASE_URL"), project.url);
    project.environment.insert(QStringLiteral("RETORT_PYTHON"), alembicPython());
    if (backend == kSqlite) {
        QVERIFY(writeFile(project.root + QStringLiteral("/app.db"), QByteArray()));
        QVERIFY(writeFile(project.root + QStringLiteral("/other.db"), QByteArray()));
    }
    QVERIFY(project.connect());
    if (backend != kSqlite) {
        QCOMPARE(emptyServerDatabase(project.connection->database(), true), QString());
        execError(project.connection->database(), QStringLiteral("DROP DATABASE IF EXISTS %1").arg(kOtherDatabase));
        QCOMPARE(execError(project.connection->database(), QStringLiteral("CREATE DATABASE %1").arg(kOtherDatabase)),
                 QString());
    }
}

} // namespace

class TestAlembicDelegation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void preview_data() { addAlembicBackendRows(); }
    void preview();
    void offlineScript_data() { addAlembicBackendRows(); }
    void offlineScript();
    void lintReadsRenderedSql_data() { addAlembicBackendRows(); }
    void lintReadsRenderedSql();
    void upgradeAndDowngrade_data() { addAlembicBackendRows(); }
    void upgradeAndDowngrade();
    void envPyElsewhereIsRefused_data() { addAlembicBackendRows(); }
    void envPyElsewhereIsRefused();
    void failureSaysWhatCommitted_data() { addAlembicBackendRows(); }
    void failureSaysWhatCommitted();
    void rehearsalOnScratchCopy_data();
    void rehearsalOnScratchCopy();
    void productionGate_data() { addAlembicBackendRows(); }
    void productionGate();
#ifndef RETORT_INTEGRATION
    void missingPieces_data();
    void missingPieces();
    void runExactSql();
    void cancelInterruptsAlembic();
    void whatRunsIsWhatWasShown_data();
    void whatRunsIsWhatWasShown();
    void labels_data();
    void labels();
    void branchesAndMerges();
    void multiDatabaseEnvPyStopsAtTheSecond();
    void renderOfAFileChangedSinceRead();
#endif

private:
    QHash<QString, QString> m_urls;
};

void TestAlembicDelegation::initTestCase()
{
    checkCliAndServers(&m_urls);
#ifdef RETORT_INTEGRATION
    if (!pythonImports(QStringLiteral("alembic, psycopg2")))
        QSKIP("no Alembic with psycopg2 for this interpreter: Alembic delegation skipped");
#else
    if (!pythonImports(QStringLiteral("alembic")))
        QSKIP("no Alembic for this interpreter: Alembic delegation skipped");
#endif
}

// plan -v shows each Python body as the project's Alembic renders it, and labels the one it cannot.
void TestAlembicDelegation::preview()
{
    QFETCH(QString, backend);
    AlembicProject p;
    CHECKED(prepare(p, backend, m_urls));
    const CliRun plan = p.retort({QStringLiteral("plan"), QStringLiteral("head"), QStringLiteral("-v")});
    QVERIFY2(plan.exitCode == 0, qPrintable(plan.err));
    const QString rendered = QStringLiteral("rendered offline by the project's Alembic");
    QVERIFY2(plan.out.contains(QStringLiteral("       statements: 3 (rendered); tables: accounts (create), accounts "
                                              "(insert)\n       Alembic revision: upgrade() is Python; ") +
                               rendered),
             qPrintable(plan.out));
    QVERIFY2(plan.out.contains(QStringLiteral("       -- %1\n       CREATE TABLE accounts (").arg(rendered)),
             qPrintable(plan.out));
    QVERIFY2(plan.out.contains(QLatin1String("INSERT INTO accounts (id, email) VALUES (1, 'ada@example.de');")),
             qPrintable(plan.out));
    // The data migration reads the database: labelled, with the line that asks for the connection.
    QVERIFY2(plan.out.contains(QLatin1String("Alembic revision: upgrade() is Python; needs a live database: it asks "
                                             "for the connection (get_bind) at 3c0000000003_backfill_locale.py:18 and "
                                             "reads from it at line 19, so offline SQL cannot show what it does\n")),
             qPrintable(plan.out));
    const CliRun json = p.retort({QStringLiteral("plan"), QStringLiteral("head"), QStringLiteral("--json")});
    QVERIFY2(json.out.contains(QLatin1String("\"label\": \"needs_database\"")) &&
                 json.out.contains(QLatin1String("\"label\": \"rendered\"")),
             qPrintable(json.out));
}

// upgrade --sql writes Alembic's rendering with its label, and refuses a gap rather than leave one.
void TestAlembicDelegation::offlineScript()
{
    QFETCH(QString, backend);
    AlembicProject p;
    CHECKED(prepare(p, backend, m_urls));
    const CliRun script =
        p.retort({QStringLiteral("upgrade"), QStringLiteral("--sql"), QStringLiteral("2b0000000002")});
    QVERIFY2(script.exitCode == 0, qPrintable(script.err));
    QVERIFY2(script.out.contains(QLatin1String("-- 2b0000000002_add_locale.py:17: rendered offline by the project's "
                                               "Alembic")),
             qPrintable(script.out));
    QVERIFY2(script.out.contains(QLatin1String("ALTER TABLE accounts DROP COLUMN legacy_code;")),
             qPrintable(script.out));
    QVERIFY2(script.err.startsWith(QLatin1String("note: Python revisions rendered offline by Alembic ")),
             qPrintable(script.err));

    const CliRun gap = p.retort({QStringLiteral("upgrade"), QStringLiteral("--sql"), QStringLiteral("head")});
    QCOMPARE(gap.exitCode, 1);
    QVERIFY(gap.out.isEmpty());
    QVERIFY2(gap.err.contains(QLatin1String("FAILED: Cannot write the whole script: the project's Alembic could not "
                                            "render 1 revision(s) offline")) &&
                 gap.err.contains(QLatin1String("  3c0000000003 upgrade(): needs a live database")),
             qPrintable(gap.err));
}

// lint reads the rendered SQL: dropping a column of a table the database has is found at its revision.
void TestAlembicDelegation::lintReadsRenderedSql()
{
    QFETCH(QString, backend);
    AlembicProject p;
    CHECKED(prepare(p, backend, m_urls));
    const CliRun upgrade = p.retort({QStringLiteral("upgrade"), QStringLiteral("1a0000000001")});
    QVERIFY2(upgrade.exitCode == 0, qPrintable(upgrade.err));
    const CliRun lint = p.retort({QStringLiteral("lint"), QStringLiteral("--json")});
    QVERIFY2(lint.out.contains(QLatin1String("\"rule\": \"drop-column\"")) &&
                 lint.out.contains(QLatin1String("\"revision\": \"2b0000000002\"")),
             qPrintable(lint.out));
    // Only the data migration stays unread, with why.
    QVERIFY2(lint.out.contains(QLatin1String("\"not_read\": [\n        \"3c0000000003\"\n    ]")),
             qPrintable(lint.out));
    const CliRun text = p.retort({QStringLiteral("lint")});
    QVERIFY2(text.err.contains(QLatin1String("warning: 1 Alembic revision(s) not read: their upgrade() is Python, "
                                             "whose SQL the project's Alembic did not render whole:\n  3c0000000003: "
                                             "needs a live database")),
             qPrintable(text.err));
}

// The whole way up and down through Alembic: the version table, the data migration's effect, history rows with
// each file's SHA-256 and Alembic's time, and verify.
void TestAlembicDelegation::upgradeAndDowngrade()
{
    QFETCH(QString, backend);
    AlembicProject p;
    CHECKED(prepare(p, backend, m_urls));
    const CliRun upgrade = p.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(upgrade.exitCode == 0, qPrintable(upgrade.err));
    QVERIFY2(upgrade.err.contains(QLatin1String("Running the plan with the project's Alembic (")),
             qPrintable(upgrade.err));
    QVERIFY2(upgrade.err.contains(QLatin1String(", the database planned for; alembic_version is empty")),
             qPrintable(upgrade.err));
    QVERIFY2(upgrade.err.contains(QLatin1String("[3/4] Running upgrade 2b0000000002 -> 3c0000000003, backfill locale "
                                                "from the e-mail domain")),
             qPrintable(upgrade.err));
    QCOMPARE(p.versionRows(), QStringList{kRevisions.last()});
    // The data migration ran on the live database.
    QCOMPARE(p.column(QStringLiteral("SELECT locale FROM accounts ORDER BY id")),
             (QStringList{QStringLiteral("de"), QStringLiteral("en")}));

    const QList<QStringList> rows =
        selectRows(p.connection->database(), QStringLiteral("SELECT revision, direction, success, checksum, run_id, "
                                                            "CASE WHEN duration_ms >= 0 THEN 1 ELSE 0 END, error FROM "
                                                            "retort_history WHERE direction = 'upgrade' ORDER BY id"));
    QCOMPARE(rows.size(), kRevisions.size());
    for (int i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].value(0), kRevisions[i]);
        QCOMPARE(rows[i].value(2), QStringLiteral("1"));
        QCOMPARE(rows[i].value(3), fileSha256(p.revisionFile(kRevisions[i])));
        QCOMPARE(rows[i].value(4), rows[0].value(4)); // one run
        QCOMPARE(rows[i].value(5), QStringLiteral("1"));
        QCOMPARE(rows[i].value(6), kNull);
    }
    const CliRun verify = p.retort({QStringLiteral("verify")});
    QVERIFY2(verify.exitCode == 0 && verify.out.contains(QLatin1String("4 applied revision(s): 4 unchanged")),
             qPrintable(verify.out + verify.err));

    const CliRun down = p.retort({QStringLiteral("downgrade"), QStringLiteral("-1")});
    QVERIFY2(down.exitCode == 0, qPrintable(down.err));
    QCOMPARE(p.versionRows(), QStringList{kRevisions[2]});
    QVERIFY(!tableNames(p.connection->database()).contains(QStringLiteral("audit_log")));
    const CliRun base = p.retort({QStringLiteral("downgrade"), QStringLiteral("base")});
    QVERIFY2(base.exitCode == 0, qPrintable(base.err));
    QCOMPARE(p.versionRows(), QStringList());
    QVERIFY(!tableNames(p.connection->database()).contains(QStringLiteral("accounts")));
    QCOMPARE(
        p.column(QStringLiteral("SELECT revision FROM retort_history WHERE direction = 'downgrade' AND success = 1 "
                                "ORDER BY id")),
        (QStringList{kRevisions[3], kRevisions[2], kRevisions[1], kRevisions[0]}));
}

// An env.py that reaches another database than the one Retort planned for is stopped before its first
// revision, though both databases are at the same revision.
void TestAlembicDelegation::envPyElsewhereIsRefused()
{
    QFETCH(QString, backend);
    AlembicProject p;
    CHECKED(prepare(p, backend, m_urls));
    const QString envPy = p.root + QStringLiteral("/migrations/env.py");
    QString text = readFile(envPy);
    // A common slip: env.py reads its own variable, which still names staging.
    QVERIFY(writeFile(envPy, text.replace(QStringLiteral("or os.environ[\"DATABASE_URL\"]"),
                                          QStringLiteral("or os.environ[\"DATABASE_URL\"]\n\n\n"
                                                         "def database_url():\n"
                                                         "    return os.environ[\"STAGING_DATABASE_URL\"]"))));
    p.environment.insert(QStringLiteral("STAGING_DATABASE_URL"), otherDatabaseUrl(p.url, p.root));
    const CliRun run = p.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QLatin1String("FAILED: nothing was run: env.py connects to ")) &&
                 run.err.contains(QLatin1String(", the database Retort planned for and the gate cleared. env.py must "
                                                "take its URL from DATABASE_URL or -x url=, which Retort sets; stopped "
                                                "before the first revision.")),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(backend == kSqlite ? QStringLiteral("SQLite file %1/other.db").arg(p.root)
                                                 : QStringLiteral("PostgreSQL database %1").arg(kOtherDatabase)),
             qPrintable(run.err));
    QVERIFY(!tableNames(p.connection->database()).contains(QStringLiteral("accounts")));
    QCOMPARE(p.column(QStringLiteral("SELECT count(*) FROM retort_history WHERE direction = 'upgrade'")),
             QStringList{QStringLiteral("0")});
    // Nor was the other database touched.
    AlembicProject other;
    other.url = otherDatabaseUrl(p.url, p.root);
    QVERIFY(other.connect());
    QCOMPARE(tableNames(other.connection->database()), QStringList());
}

#ifndef RETORT_INTEGRATION
void TestAlembicDelegation::labels_data()
{
    QTest::addColumn<QString>("body"); // upgrade()'s, from line 13 of the file
    QTest::addColumn<QString>("label");
    QTest::newRow("refuses offline") << "    if context.is_offline_mode():\n"
                                        "        raise RuntimeError('this migration needs a live database')\n"
                                     << "refuses offline rendering at 5a0000000005_labelled.py:14: RuntimeError: this "
                                        "migration needs a live database";
    QTest::newRow("depends on the mode") << "    if not context.is_offline_mode():\n"
                                            "        op.execute(\"UPDATE accounts SET locale = 'fr'\")\n"
                                            "    op.execute(\"DELETE FROM audit_log WHERE id < 0\")\n"
                                         << "rendered offline by the project's Alembic, but it asks whether it runs "
                                            "offline (5a0000000005_labelled.py:13), so a live run may do otherwise";
    QTest::newRow("error") << "    op.execute(undefined_statement)\n"
                           << "error while rendering, at 5a0000000005_labelled.py:13: NameError: name "
                              "'undefined_statement' is not defined";
}

// Each way a Python body can resist rendering gets its own label, with the line.
void TestAlembicDelegation::labels()
{
    QFETCH(QString, body);
    QFETCH(QString, label);
    AlembicProject p;
    CHECKED(prepare(p, kSqlite, m_urls));
    QVERIFY(writeFile(p.root + QStringLiteral("/migrations/versions/5a0000000005_labelled.py"),
                      QStringLiteral("\"\"\"labelled\n\nRevision ID: 5a0000000005\n\"\"\"\n"
                                     "from alembic import context\nfrom alembic import op\n\n"
                                     "revision = '5a0000000005'\ndown_revision = '4d0000000004'\n\n\n"
                                     "def upgrade():\n") +
                          body + QStringLiteral("\n\ndef downgrade():\n    pass\n")));
    QCOMPARE(p.retort({QStringLiteral("stamp"), QStringLiteral("4d0000000004")}).exitCode, 0);
    const CliRun plan = p.retort({QStringLiteral("plan"), QStringLiteral("head")});
    QVERIFY2(plan.exitCode == 0, qPrintable(plan.err));
    QVERIFY2(plan.out.contains(QStringLiteral("Alembic revision: upgrade() is Python; ") + label + u'\n'),
             qPrintable(plan.out));
}

// A graph of branches, merges and a second root (tests/data/alembic/c-merges) up and down through Alembic,
// whose order for independent branches may differ from the one shown (it changed between Alembic versions):
// the same revisions, in an order the graph allows, run and recorded in Alembic's order.
void TestAlembicDelegation::branchesAndMerges()
{
    QTemporaryDir dir;
    const QString root = QFileInfo(dir.path()).canonicalFilePath();
    QVERIFY(copyTree(QStringLiteral(RETORT_SOURCE_DIR "/tests/data/alembic/c-merges"), root));
    QProcessEnvironment environment = cliEnvironment();
    environment.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("sqlite:///") + root + QStringLiteral("/app.db"));
    environment.insert(QStringLiteral("RETORT_PYTHON"), alembicPython());
    QVERIFY(writeFile(root + QStringLiteral("/app.db"), QByteArray()));
    const CliRun up = runRetort(root, {QStringLiteral("upgrade"), QStringLiteral("heads")}, environment);
    QVERIFY2(up.exitCode == 0, qPrintable(up.err));
    QVERIFY2(up.err.contains(QLatin1String("[10/10] Running upgrade ")), qPrintable(up.err));
    const CliRun current = runRetort(root, {QStringLiteral("current")}, environment);
    QCOMPARE(current.out, QStringLiteral("c273e49a8fad (head)\nd384f5ab90be (effective head)\nf5a6b7c8d9e0 (head)\n"));
    const CliRun verify = runRetort(root, {QStringLiteral("verify")}, environment);
    QVERIFY2(verify.exitCode == 0 && verify.out.contains(QLatin1String("10 applied revision(s): 10 unchanged")),
             qPrintable(verify.out));
    const CliRun down = runRetort(root, {QStringLiteral("downgrade"), QStringLiteral("base")}, environment);
    QVERIFY2(down.exitCode == 0, qPrintable(down.err));
    QCOMPARE(runRetort(root, {QStringLiteral("current")}, environment).out, QString());
}

// A multi-database env.py runs migrations once per connection: the first is the database planned for, and the
// second, never checked, is not touched; what ran on the first is said from its version table.
void TestAlembicDelegation::multiDatabaseEnvPyStopsAtTheSecond()
{
    AlembicProject p;
    CHECKED(prepare(p, kSqlite, m_urls));
    const QString envPy = p.root + QStringLiteral("/migrations/env.py");
    QString text = readFile(envPy);
    QVERIFY(writeFile(envPy, text.replace(QStringLiteral("\n\nif context.is_offline_mode():"),
                                          QStringLiteral("\n    other = engine_from_config({'sqlalchemy.url': "
                                                         "os.environ['STAGING_URL']}, prefix='sqlalchemy.', "
                                                         "poolclass=pool.NullPool)\n"
                                                         "    with other.connect() as connection:\n"
                                                         "        context.configure(connection=connection)\n"
                                                         "        with context.begin_transaction():\n"
                                                         "            context.run_migrations()\n"
                                                         "\n\nif context.is_offline_mode():"))));
    p.environment.insert(QStringLiteral("STAGING_URL"), otherDatabaseUrl(p.url, p.root));
    const CliRun run = p.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QLatin1String("FAILED: env.py ran migrations on a second connection after the first (a "
                                            "multi-database env.py); Retort checks and runs one database per run, so "
                                            "Alembic was stopped before it touched the second\n4 of the plan's 4 "
                                            "step(s) committed; alembic_version is at 4d0000000004.")),
             qPrintable(run.err));
    QCOMPARE(p.versionRows(), QStringList{kRevisions.last()});
    AlembicProject other;
    other.url = otherDatabaseUrl(p.url, p.root);
    QVERIFY(other.connect());
    QCOMPARE(tableNames(other.connection->database()), QStringList());
}

// A file that changes between Retort's reading it and Alembic's rendering it (here: an import of the revision
// before it edits it) is not previewed as if it were the one shown.
void TestAlembicDelegation::renderOfAFileChangedSinceRead()
{
    AlembicProject p;
    CHECKED(prepare(p, kSqlite, m_urls));
    QVERIFY(writeFile(p.root + QStringLiteral("/tamper.py"),
                      QStringLiteral("open('migrations/versions/2b0000000002_add_locale.py', 'a')"
                                     ".write('\\n# edited\\n')\n")));
    const QString first = p.revisionFile(kRevisions[0]);
    QString text = readFile(first);
    QVERIFY(writeFile(first, text.replace(QStringLiteral("import sqlalchemy as sa\n"),
                                          QStringLiteral("import sqlalchemy as sa\nimport tamper\n"))));
    const CliRun plan = p.retort({QStringLiteral("plan"), QStringLiteral("head")});
    QVERIFY2(plan.exitCode == 0, qPrintable(plan.err));
    QVERIFY2(plan.out.contains(QStringLiteral("Alembic revision: upgrade() is Python; error while rendering, at "
                                              "2b0000000002_add_locale.py: %1 changed on disk after Retort read "
                                              "it, so what was rendered is not what is shown; read the project again")
                                   .arg(p.revisionFile(kRevisions[1]))),
             qPrintable(plan.out));
}

void TestAlembicDelegation::whatRunsIsWhatWasShown_data()
{
    QTest::addColumn<QString>("change"); // Python env.py runs as Alembic starts, after Retort checked the files
    QTest::addColumn<QString>("refusal");
    QTest::newRow("a revision edited in place")
        << "open('migrations/versions/4d0000000004_create_audit_log.py', 'a').write('\\n# edited\\n')\n"
        << "FAILED: nothing was run: %1/migrations/versions/4d0000000004_create_audit_log.py is not the file Retort "
           "read and showed (it changed since, or Alembic loads another: "
           "%1/migrations/versions/4d0000000004_create_audit_log.py); stopped before the first revision.";
    QTest::newRow("a revision added")
        << "open('migrations/versions/9f0000000009_added.py', 'w').write(\"revision = '9f0000000009'\\n"
           "down_revision = '4d0000000004'\\ndef upgrade():\\n    pass\\ndef downgrade():\\n    pass\\n\")\n"
        << "FAILED: nothing was run: Alembic would run upgrade 1a0000000001, upgrade 2b0000000002, upgrade "
           "3c0000000003, upgrade 4d0000000004, upgrade 9f0000000009, but the plan shown was upgrade 1a0000000001, "
           "upgrade 2b0000000002, upgrade 3c0000000003, upgrade 4d0000000004; stopped before the first revision";
}

// Another process changes the revisions between Retort's checks and Alembic's loading them (here env.py itself,
// as Alembic starts): Alembic's steps and the SHA-256 of each file it loaded are held against the plan shown,
// and nothing runs when they differ.
void TestAlembicDelegation::whatRunsIsWhatWasShown()
{
    QFETCH(QString, change);
    QFETCH(QString, refusal);
    AlembicProject p;
    CHECKED(prepare(p, kSqlite, m_urls));
    const QString envPy = p.root + QStringLiteral("/migrations/env.py");
    QVERIFY(writeFile(envPy, change + readFile(envPy)));
    const CliRun run = p.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(refusal.replace(QStringLiteral("%1"), p.root)), qPrintable(run.err));
    QCOMPARE(p.versionRows(), QStringList());
    QVERIFY(!tableNames(p.connection->database()).contains(QStringLiteral("accounts")));
}
#endif

// A revision that fails: what committed comes from the version table, Alembic's traceback is in the log, and
// on SQLite (Alembic's DDL there is not transactional) the next upgrade refuses until it is settled.
void TestAlembicDelegation::failureSaysWhatCommitted()
{
    QFETCH(QString, backend);
    AlembicProject p;
    CHECKED(prepare(p, backend, m_urls));
    QVERIFY(writeFile(p.root + QStringLiteral("/migrations/versions/5e0000000005_broken.py"),
                      QStringLiteral("\"\"\"broken\n\nRevision ID: 5e0000000005\nRevises: 4d0000000004\n\"\"\"\n"
                                     "from alembic import op\nimport sqlalchemy as sa\n\n"
                                     "revision = '5e0000000005'\ndown_revision = '4d0000000004'\n\n\n"
                                     "def upgrade():\n"
                                     "    op.create_table('scratch', sa.Column('id', sa.Integer(), primary_key=True))\n"
                                     "    op.execute(\"INSERT INTO no_such_table VALUES (1)\")\n\n\n"
                                     "def downgrade():\n    op.drop_table('scratch')\n")));
    const CliRun run = p.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QLatin1String("Alembic's traceback:\nTraceback (most recent call last):")),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("FAILED: upgrade 4d0000000004 -> 5e0000000005 failed in Alembic at "
                                             "%1/migrations/versions/5e0000000005_broken.py:15: ")
                                  .arg(p.root)) &&
                 run.err.contains(QLatin1String("no_such_table")),
             qPrintable(run.err));
    const bool transactional = backend != kSqlite;
    const QStringList committed = transactional ? QStringList() : QStringList{kRevisions.last()};
    QCOMPARE(p.versionRows(), committed);
    QVERIFY2(
        run.err.contains(
            QStringLiteral("\n%1 of the plan's 5 step(s) committed; alembic_version is ").arg(transactional ? 0 : 4)),
        qPrintable(run.err));
    // Every step has its row: what committed succeeded, the failing one says why, the rest were not run.
    const QStringList outcomes = p.column(QStringLiteral(
        "SELECT revision || ':' || success || ':' || CASE WHEN error IS NULL THEN '' ELSE substr(error, 1, 8) END "
        "FROM retort_history WHERE direction = 'upgrade' ORDER BY id"));
    QCOMPARE(outcomes.size(), 5);
    QVERIFY2(outcomes.last().startsWith(QLatin1String("5e0000000005:0:")), qPrintable(outcomes.join(u' ')));
    QCOMPARE(outcomes.first(),
             transactional ? QStringLiteral("1a0000000001:0:rolled b") : QStringLiteral("1a0000000001:1:"));
    if (!transactional) {
        // The table it created stayed: the next run refuses rather than run the revision again.
        QVERIFY(tableNames(p.connection->database()).contains(QStringLiteral("scratch")));
        const CliRun again = p.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QLatin1String("5e0000000005")) && again.err.contains(QLatin1String("retort stamp")),
                 qPrintable(again.err));
    }
}

void TestAlembicDelegation::rehearsalOnScratchCopy_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<bool>("envPyElsewhere");
    for (const QString &backend : backends()) {
        if (backend == kMariadb)
            continue;
        QTest::newRow(qPrintable(backend + QStringLiteral(": env.py follows DATABASE_URL"))) << backend << false;
        QTest::newRow(qPrintable(backend + QStringLiteral(": env.py elsewhere"))) << backend << true;
    }
}

// --rehearse: Alembic commits in its own process, so the plan runs on a copy restored from a verified backup,
// and only when env.py proves to reach that copy; the database itself and the other stay as they were.
void TestAlembicDelegation::rehearsalOnScratchCopy()
{
    QFETCH(QString, backend);
    QFETCH(bool, envPyElsewhere);
    AlembicProject p;
    CHECKED(prepare(p, backend, m_urls));
    QCOMPARE(p.retort({QStringLiteral("upgrade"), QStringLiteral("2b0000000002")}).exitCode, 0);
    if (envPyElsewhere) {
        const QString envPy = p.root + QStringLiteral("/migrations/env.py");
        QString text = readFile(envPy);
        QVERIFY(writeFile(envPy, text.replace(QStringLiteral("get(\"url\") or os.environ[\"DATABASE_URL\"]"),
                                              QStringLiteral("get(\"url\") and os.environ[\"STAGING_URL\"]"))));
        p.environment.insert(QStringLiteral("STAGING_URL"), otherDatabaseUrl(p.url, p.root));
    }
    const CliRun run = p.retort({QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--rehearse")});
    if (envPyElsewhere) {
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("FAILED: rehearsal on the scratch copy restored from ")) &&
                     run.err.contains(QLatin1String(": nothing was run: env.py connects to ")),
                 qPrintable(run.err));
    } else {
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("Rehearsal passed on a scratch copy (")) &&
                     run.err.contains(QLatin1String("2 step(s) ran there; the run would leave the version table at "
                                                    "4d0000000004.\nThe database itself was not written to; the "
                                                    "scratch copy was dropped.")),
                 qPrintable(run.err));
    }
    QCOMPARE(p.versionRows(), QStringList{kRevisions[1]});
    QVERIFY(!tableNames(p.connection->database()).contains(QStringLiteral("audit_log")));
    if (backend == kPostgres) {
        QCOMPARE(p.column(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname LIKE 'retort_rehearsal_%'")),
                 QStringList{QStringLiteral("0")});
    }
    AlembicProject other;
    other.url = otherDatabaseUrl(p.url, p.root);
    QVERIFY(other.connect());
    QCOMPARE(tableNames(other.connection->database()), QStringList());
}

// A production environment: the run through Alembic needs the confirmation and takes the backup first.
void TestAlembicDelegation::productionGate()
{
    QFETCH(QString, backend);
    AlembicProject p;
    CHECKED(prepare(p, backend, m_urls));
    QVERIFY(writeFile(p.root + QStringLiteral("/retort.ini"),
                      QStringLiteral("[retort]\nalembic_ini = alembic.ini\ndefault_env = prod\n\n[env.prod]\n"
                                     "url = ${DATABASE_URL}\nproduction = true\nbackup_dir = %1/backups\n"
                                     "db_lock_timeout = 7\n")
                          .arg(p.root)));
    // What env.py's connection waits for a lock, as the revision sees it.
    QVERIFY(writeFile(
        p.root + QStringLiteral("/migrations/versions/8a0000000008_seen.py"),
        QStringLiteral("\"\"\"seen\n\nRevision ID: 8a0000000008\n\"\"\"\n"
                       "from alembic import op\nimport sqlalchemy as sa\n\n"
                       "revision = '8a0000000008'\ndown_revision = '2b0000000002'\n\n\n"
                       "def upgrade():\n    bind = op.get_bind()\n"
                       "    if bind.dialect.name == 'postgresql':\n"
                       "        value = bind.exec_driver_sql(\"SELECT current_setting('lock_timeout')\").scalar()\n"
                       "    else:\n"
                       "        value = str(bind.exec_driver_sql('PRAGMA busy_timeout').scalar())\n"
                       "    op.create_table('seen', sa.Column('lock_timeout', sa.String(40)))\n"
                       "    op.execute(sa.text('INSERT INTO seen VALUES (:v)').bindparams(v=value))\n\n\n"
                       "def downgrade():\n    op.drop_table('seen')\n")));
    QVERIFY(QFile::remove(p.revisionFile(kRevisions[2])) && QFile::remove(p.revisionFile(kRevisions[3])));
    const CliRun unconfirmed = p.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(unconfirmed.exitCode, 1);
    QVERIFY2(unconfirmed.err.contains(QLatin1String("No terminal is attached to ask for confirmation")),
             qPrintable(unconfirmed.err));
    QVERIFY2(unconfirmed.err.contains(QLatin1String("the project's Alembic runs the plan's .py revisions")),
             qPrintable(unconfirmed.err));
    QVERIFY(!tableNames(p.connection->database()).contains(QStringLiteral("accounts")));
    const CliRun run = p.retort({QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--yes")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(p.versionRows(), QStringList{QStringLiteral("8a0000000008")});
    QCOMPARE(QDir(p.root + QStringLiteral("/backups")).entryList(QDir::Files).isEmpty(), false);
    // The verified backup first, the production mark, then each revision Alembic ran.
    QCOMPARE(p.column(QStringLiteral("SELECT direction FROM retort_history ORDER BY id")),
             (QStringList{QStringLiteral("backup"), QStringLiteral("mark"), QStringLiteral("upgrade"),
                          QStringLiteral("upgrade"), QStringLiteral("upgrade")}));
    // The environment's db_lock_timeout held on env.py's connection too: a blocked ALTER gives up.
    QCOMPARE(p.column(QStringLiteral("SELECT lock_timeout FROM seen")),
             QStringList{backend == kSqlite ? QStringLiteral("7000") : QStringLiteral("7s")});
}

#ifndef RETORT_INTEGRATION
// Each missing piece is named, with what still works; nothing runs.
void TestAlembicDelegation::missingPieces_data()
{
    QTest::addColumn<QString>("piece");
    QTest::addColumn<QString>("planSays");    // in plan's label for 1a0000000001
    QTest::addColumn<QString>("upgradeSays"); // in upgrade's FAILED line
    QTest::newRow("no Python") << "python"
                               << "not rendered: no Python: %1/venv/bin/python ([alembic] python at %1/retort.ini:3) "
                                  "is not an executable file; until it is, the graph, history"
                               << "FAILED: nothing was run: the plan holds Alembic revisions, which only the project's "
                                  "Alembic runs, and no Python: ";
    QTest::newRow("Alembic not importable")
        << "alembic"
        << "not rendered: Alembic is not importable by %1/nosite-python ("
        << "FAILED: nothing was run: the project's Alembic could not start the run: Alembic is not importable by ";
    QTest::newRow("a module the interpreter lacks")
        << "import"
        << "import error: 1a0000000001_create_accounts.py imports 'payments_sdk', which the project's "
           "Python cannot import"
        << "FAILED: nothing was run: the project's Alembic could not start the run: Alembic could not load the "
           "revision files (at %1/migrations/versions/1a0000000001_create_accounts.py:10): ModuleNotFoundError: No "
           "module named 'payments_sdk'";
    QTest::newRow("env.py failing") << "env"
                                    << "rendered offline by the project's Alembic"
                                    << "FAILED: nothing was run: the project's Alembic could not start the run: env.py "
                                       "failed at %1/migrations/env.py:14: RuntimeError: settings module missing";
}

void TestAlembicDelegation::missingPieces()
{
    QFETCH(QString, piece);
    QFETCH(QString, planSays);
    QFETCH(QString, upgradeSays);
    AlembicProject p;
    CHECKED(prepare(p, kSqlite, m_urls));
    if (piece == QLatin1String("python")) {
        QVERIFY(
            writeFile(p.root + QStringLiteral("/retort.ini"),
                      QStringLiteral("[retort]\nalembic_ini = alembic.ini\n[alembic]\npython = venv/bin/python\n")));
        // The ini's line 3 is `[alembic]`... the key is on line 4.
        planSays.replace(QStringLiteral("retort.ini:3"), QStringLiteral("retort.ini:4"));
    } else if (piece == QLatin1String("alembic")) {
        // Without site-packages, the interpreter has no Alembic.
        const QString python = p.root + QStringLiteral("/nosite-python");
        QVERIFY(writeFile(python, QStringLiteral("#!/bin/sh\nexec %1 -S \"$@\"\n").arg(alembicPython())));
        QVERIFY(QFile::setPermissions(python, QFile::permissions(python) | QFileDevice::ExeOwner));
        p.environment.insert(QStringLiteral("RETORT_PYTHON"), python);
    } else if (piece == QLatin1String("import")) {
        const QString file = p.revisionFile(kRevisions[0]);
        QString text = readFile(file);
        QVERIFY(writeFile(file, text.replace(QStringLiteral("import sqlalchemy as sa\n"),
                                             QStringLiteral("import sqlalchemy as sa\nimport payments_sdk\n"))));
    } else {
        const QString envPy = p.root + QStringLiteral("/migrations/env.py");
        QString text = readFile(envPy);
        QVERIFY(writeFile(envPy, text.replace(QStringLiteral("target_metadata = None\n"),
                                              QStringLiteral("raise RuntimeError('settings module missing')\n"))));
    }
    const CliRun plan = p.retort({QStringLiteral("plan"), QStringLiteral("head")});
    QVERIFY2(plan.exitCode == 0, qPrintable(plan.err));
    QVERIFY2(plan.out.contains(planSays.replace(QStringLiteral("%1"), p.root)), qPrintable(plan.out));
    const CliRun upgrade = p.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(upgrade.exitCode, 1);
    QVERIFY2(upgrade.err.contains(upgradeSays.replace(QStringLiteral("%1"), p.root)), qPrintable(upgrade.err));
    QCOMPARE(p.versionRows(), QStringList());
    QVERIFY(!tableNames(p.connection->database()).contains(QStringLiteral("accounts")));
}

// --run-exact-sql: exact revisions through Retort's connection; a Python one refused.
void TestAlembicDelegation::runExactSql()
{
    AlembicProject p;
    CHECKED(prepare(p, kSqlite, m_urls));
    const CliRun refused =
        p.retort({QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--run-exact-sql")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QLatin1String("FAILED: Nothing was run: --run-exact-sql runs only Alembic revisions "
                                                "whose SQL is exact")) &&
                 refused.err.contains(QLatin1String("1a0000000001 (")),
             qPrintable(refused.err));
    QCOMPARE(p.retort({QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 0);
    QVERIFY(writeFile(p.root + QStringLiteral("/migrations/versions/6f0000000006_exact.py"),
                      QStringLiteral("\"\"\"exact\n\nRevision ID: 6f0000000006\nRevises: 4d0000000004\n\"\"\"\n"
                                     "from alembic import op\n\nrevision = '6f0000000006'\n"
                                     "down_revision = '4d0000000004'\n\n\ndef upgrade():\n"
                                     "    op.execute(\"CREATE TABLE exact_t (id INTEGER)\")\n\n\n"
                                     "def downgrade():\n    op.execute(\"DROP TABLE exact_t\")\n")));
    const CliRun exact =
        p.retort({QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--run-exact-sql")});
    QVERIFY2(exact.exitCode == 0, qPrintable(exact.err));
    QVERIFY2(!exact.err.contains(QLatin1String("project's Alembic")), qPrintable(exact.err));
    QVERIFY(tableNames(p.connection->database()).contains(QStringLiteral("exact_t")));
    QCOMPARE(p.versionRows(), QStringList{QStringLiteral("6f0000000006")});
}

// Cancelling a run (the workbench's Cancel) interrupts Alembic as Ctrl+C would, promptly, and the version table
// says what stayed.
void TestAlembicDelegation::cancelInterruptsAlembic()
{
    AlembicProject p;
    CHECKED(prepare(p, kSqlite, m_urls));
    QCOMPARE(p.retort({QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 0);
    QVERIFY(writeFile(p.root + QStringLiteral("/migrations/versions/7a0000000007_slow.py"),
                      QStringLiteral("\"\"\"slow\n\nRevision ID: 7a0000000007\nRevises: 4d0000000004\n\"\"\"\n"
                                     "import time\nfrom alembic import op\n\nrevision = '7a0000000007'\n"
                                     "down_revision = '4d0000000004'\n\n\ndef upgrade():\n"
                                     "    op.execute(\"UPDATE accounts SET locale = 'fr'\")\n    time.sleep(60)\n\n\n"
                                     "def downgrade():\n    pass\n")));
    QProcessEnvironment environment = p.environment;
    auto config = ProjectConfig::load(p.root + QStringLiteral("/alembic.ini"), environment);
    QVERIFY2(config.ok(), errorOf(config).constData());
    auto scripts = ScriptDirectory::load(config.value());
    QVERIFY2(scripts.ok(), errorOf(scripts).constData());
    MigrationRunner runner(scripts.value(), RunSettings::fromConfig(config.value(), QString(), environment));
    QObject::connect(&runner, &MigrationRunner::stepStarted, [&runner] { runner.cancel(); });
    RunRequest request;
    request.targets = QStringList{QStringLiteral("head")};
    auto url = DatabaseUrl::parse(p.url);
    QVERIFY(url.ok());
    QElapsedTimer timer;
    timer.start();
    const Result<RunResult> result = runner.run(url.value(), request);
    QVERIFY(timer.elapsed() < 15000); // the revision sleeps 60 s
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Cancelled);
    QVERIFY2(result.error().message.startsWith(QLatin1String("Cancelled: Alembic was interrupted\n0 of the plan's 1 "
                                                             "step(s) committed; alembic_version is at 4d0000000004")),
             qPrintable(result.error().message));
    QCOMPARE(p.versionRows(), QStringList{kRevisions.last()});
    // Its UPDATE was rolled back with Alembic's transaction.
    QCOMPARE(p.column(QStringLiteral("SELECT DISTINCT locale FROM accounts ORDER BY 1")),
             (QStringList{QStringLiteral("de"), QStringLiteral("en")}));
}
#endif

QTEST_GUILESS_MAIN(TestAlembicDelegation)
#include "tst_alembicdelegation.moc"
