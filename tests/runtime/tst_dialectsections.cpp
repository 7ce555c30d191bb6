// SPDX-License-Identifier: GPL-3.0-or-later
// Revision files with sections for one dialect ("-- migrate:upgrade postgresql"), through the real CLI on each
// database: the demo project (one set of files for SQLite, PostgreSQL and MySQL/MariaDB) made from its dialect's
// init file, stamped, planned, written out, upgraded, verified and downgraded; verify comparing each database
// with its own dialect's section; a file with nothing for the database refused before anything runs; a plan
// shown with one dialect's SQL never run on another. On SQLite files, and (tst_dialectsections_integration) on
// the private PostgreSQL and MariaDB servers.
#include "tests/runtime/StepsProject.h"
#include "tests/support/DialectSql.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/MigrationRunner.h"
#include "core/script/ScriptDirectory.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;
using namespace retort::testing;

namespace {

const QString kBaseline = QStringLiteral("ae98aa32e0d2");
const QString kHead = QStringLiteral("b1f6a8d2c453");
const QString kAuditLog = QStringLiteral("7a3d9e1c5b20");
const QString kUserLocale = QStringLiteral("8c4f2b6e9d31");

Dialect dialectOf(const QString &backend)
{
    return backend == kSqlite ? Dialect::SQLite : backend == kPostgres ? Dialect::PostgreSQL : Dialect::MySQL;
}

// A copy of migrations/demo on one database, reached as its retort.ini's environment for that database: the
// SQLite file dev.db beside it (development), or a server through DEMO_POSTGRESQL_URL / DEMO_MYSQL_URL.
struct DemoProject
{
    QString backend;
    QTemporaryDir dir;
    QString root;
    QString environmentName;
    DatabaseUrl url;
    QProcessEnvironment environment = cliEnvironment();
    std::unique_ptr<DatabaseConnection> inspector;

    Dialect dialect() const { return dialectOf(backend); }
    QSqlDatabase db() const { return inspector->database(); }
    QString file(const QString &name) const { return root + QLatin1Char('/') + name; }
    QString revisionFile(const QString &id) const
    {
        const QStringList found = QDir(root + QStringLiteral("/versions")).entryList({id + QStringLiteral("_*.sql")});
        return found.size() == 1 ? file(QStringLiteral("versions/") + found.first()) : QString();
    }
    // retort -e ENV ARGUMENTS, in the project's folder.
    CliRun retort(const QStringList &arguments) const
    {
        return runRetort(root, QStringList{QStringLiteral("-e"), environmentName} + arguments, environment);
    }
    // The file the README names for this dialect: init.sql, init.postgresql.sql or init.mysql.sql.
    QString initFile() const
    {
        switch (dialect()) {
        case Dialect::PostgreSQL:
            return file(QStringLiteral("init.postgresql.sql"));
        case Dialect::MySQL:
            return file(QStringLiteral("init.mysql.sql"));
        case Dialect::SQLite:
            break;
        }
        return file(QStringLiteral("init.sql"));
    }
};

// The demo's files in `f.dir`, its database emptied and made from the dialect's init file by the database's
// own client, as the README tells. Fails the running test on error.
void prepareDemo(DemoProject &f, const QString &backend, const QHash<QString, QString> &urls)
{
    f.backend = backend;
    QVERIFY(f.dir.isValid());
    f.root = QFileInfo(f.dir.path()).canonicalFilePath();
    QVERIFY(copyTree(QStringLiteral(RETORT_SOURCE_DIR "/migrations/demo"), f.root));
    // scripts/demo leaves its dev.db (and backups) in the source folder: the test starts without them.
    QFile::remove(f.file(QStringLiteral("dev.db")));
    QDir(f.file(QStringLiteral("backups"))).removeRecursively();
    QString urlText;
    if (backend == kSqlite) {
        f.environmentName = QStringLiteral("development"); // sqlite:///dev.db, beside retort.ini
        urlText = QStringLiteral("sqlite:///") + f.file(QStringLiteral("dev.db"));
    } else if (backend == kPostgres) {
        f.environmentName = QStringLiteral("postgresql");
        urlText = urls.value(QStringLiteral("RETORT_TEST_POSTGRESQL_URL"));
        f.environment.insert(QStringLiteral("DEMO_POSTGRESQL_URL"), urlText);
    } else {
        f.environmentName = QStringLiteral("mysql");
        urlText = urls.value(QStringLiteral("RETORT_TEST_MARIADB_URL"));
        f.environment.insert(QStringLiteral("DEMO_MYSQL_URL"), urlText);
    }
    auto url = DatabaseUrl::parse(urlText);
    QVERIFY2(url.ok(), errorOf(url).constData());
    f.url = url.value();
    auto connection = DatabaseConnection::open(f.url);
    QVERIFY2(connection.ok(), errorOf(connection).constData());
    f.inspector = std::move(connection).value();
    if (backend != kSqlite) {
        QCOMPARE(emptyServerDatabase(f.db(), backend == kPostgres), QString());
        if (backend == kPostgres) {
            // The trigger functions of a case that stopped half way (tables are gone already).
            for (const char *function : {"audit_app_users_update", "audit_api_keys_update"})
                QCOMPARE(execError(f.db(), QStringLiteral("DROP FUNCTION IF EXISTS %1()").arg(QLatin1String(function))),
                         QString());
        }
    }
    QCOMPARE(applyWithClient(f.url, f.file(QStringLiteral("init-run.sql")), readFile(f.initFile()), f.environment),
             QString());
}

// The demo's revisions as Retort reads them.
std::unique_ptr<ScriptDirectory> loadDemo(const DemoProject &f)
{
    auto loaded = ScriptDirectory::load(QStringList{f.file(QStringLiteral("versions"))});
    if (!loaded.ok())
        qWarning("%s", qPrintable(loaded.error().message));
    return loaded.ok() ? std::make_unique<ScriptDirectory>(std::move(loaded).value()) : nullptr;
}

// A minimal project on `f`'s database whose second revision has upgrade sections for the other two dialects only.
void writeProjectMissingASection(DemoProject &f)
{
    QStringList others;
    for (Dialect dialect : {Dialect::SQLite, Dialect::PostgreSQL, Dialect::MySQL}) {
        if (dialect != f.dialect())
            others << dialectName(dialect);
    }
    QVERIFY(QDir().mkpath(f.file(QStringLiteral("versions"))));
    QVERIFY(writeFile(f.file(QStringLiteral("versions/a1_orders.sql")),
                      "-- orders\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\n"
                      "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n\n-- migrate:downgrade\nDROP TABLE orders;\n"));
    QVERIFY(writeFile(f.file(QStringLiteral("versions/b2_totals.sql")),
                      QStringLiteral("-- totals\n--\n-- Revision ID: b2\n-- Revises: a1\n\n"
                                     "-- migrate:upgrade %1\nCREATE TABLE totals (id INTEGER PRIMARY KEY);\n\n"
                                     "-- migrate:upgrade %2\nCREATE TABLE totals (id INTEGER PRIMARY KEY);\n\n"
                                     "-- migrate:downgrade\nDROP TABLE totals;\n")
                          .arg(others.at(0), others.at(1))));
    QVERIFY(writeFile(f.file(QStringLiteral("retort.ini")),
                      QStringLiteral("[retort]\nscript_location = .\ndefault_env = %1\n\n[env.%1]\n"
                                     "url = ${DIALECT_TEST_URL}\n")
                          .arg(f.environmentName)));
    f.environment.insert(QStringLiteral("DIALECT_TEST_URL"), f.url.toString());
}

} // namespace

class TestDialectSections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { checkCliAndServers(&m_urls); }
    void demoOnEachDatabase_data() { addBackendRows(); }
    void demoOnEachDatabase();
    void verifyComparesItsOwnSection_data();
    void verifyComparesItsOwnSection();
    void missingSectionRunsNothing_data() { addBackendRows(); }
    void missingSectionRunsNothing();
    void planShownForAnotherDialectIsNotRun_data() { addBackendRows(); }
    void planShownForAnotherDialectIsNotRun();
#ifndef RETORT_INTEGRATION
    void offlineScriptForEachDialect_data();
    void offlineScriptForEachDialect();
    void noDialectSaysWhatItDidNotRead();
#endif

private:
    QHash<QString, QString> m_urls;
};

// The seed's story on each database, from one set of files: the schema from the dialect's init file, the
// baseline stamped, the plan and the offline script showing that dialect's sections and no other's, the upgrade
// running exactly those (history checksums), the triggers working, verify clean, a downgrade to base leaving the
// init schema, and the offline script, fed to the database's own client, doing what the online run did.
void TestDialectSections::demoOnEachDatabase()
{
    QFETCH(QString, backend);
    DemoProject f;
    CHECKED(prepareDemo(f, backend, m_urls));
    const std::unique_ptr<ScriptDirectory> scripts = loadDemo(f);
    QVERIFY(scripts);
    const QStringList initTables = tableNames(f.db());
    QVERIFY2(initTables.contains(QStringLiteral("cache_scraped_raw")), qPrintable(initTables.join(u' ')));

    CliRun run = f.retort({QStringLiteral("stamp"), kBaseline});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    // The plan names the section each revision runs here.
    run = f.retort({QStringLiteral("plan"), QStringLiteral("head")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const MigrationScript &auditLog = scripts->script(scripts->map().indexOf(kAuditLog));
    const MigrationSection &auditUpgrade = auditLog.section(true, f.dialect());
    const QString auditLine =
        QStringLiteral("file: versions/%1:%2%3")
            .arg(QFileInfo(auditLog.path).fileName())
            .arg(auditUpgrade.line)
            .arg(auditUpgrade.dialect ? QStringLiteral(" (%1 section)").arg(dialectName(*auditUpgrade.dialect))
                                      : QString());
    QVERIFY2(run.out.contains(auditLine + u'\n'), qPrintable(auditLine + QStringLiteral("\n") + run.out));
    QCOMPARE(auditUpgrade.dialect.has_value(), backend != kSqlite);

    // The offline script holds this dialect's statements, and none that only another dialect's sections hold.
    const CliRun offline =
        f.retort({QStringLiteral("upgrade"), QStringLiteral("--sql"), kBaseline + QStringLiteral(":head")});
    QVERIFY2(offline.exitCode == 0, qPrintable(offline.err));
    const MigrationPlanner planner(scripts->map());
    const auto steps = planner.upgradeSteps(QStringLiteral("head"), {kBaseline});
    QVERIFY(steps.ok());
    QCOMPARE(steps->size(), 7);
    const QString problem = dialectSqlProblem(offline.out, *scripts, steps.value(), f.dialect());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    run = f.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT version_num FROM alembic_version")), QStringList{kHead});
    // What ran is what was shown: each history row holds the checksum of this dialect's section.
    for (const MigrationStep &step : steps.value()) {
        const MigrationScript &script = scripts->script(step.revision);
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT checksum FROM retort_history WHERE revision = '%1' AND "
                                                     "direction = 'upgrade'")
                                          .arg(script.revisionId)),
                 QStringList{script.section(true, f.dialect()).checksum});
    }
    // The dialect's triggers work: an update of a user and of an API key each leave a row.
    QCOMPARE(execError(f.db(), QStringLiteral("UPDATE app_users SET display_name = 'Admin 2' WHERE id = 1")),
             QString());
    QCOMPARE(execError(f.db(), QStringLiteral("UPDATE api_keys SET revoked = TRUE WHERE id = 1")), QString());
    QCOMPARE(selectRows(f.db(), QStringLiteral("SELECT table_name, row_id, action FROM audit_log ORDER BY id")),
             (QList<QStringList>{{QStringLiteral("app_users"), QStringLiteral("1"), QStringLiteral("update")},
                                 {QStringLiteral("api_keys"), QStringLiteral("1"), QStringLiteral("revoke")}}));
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT locale FROM app_users ORDER BY id")),
             (QStringList{QStringLiteral("en"), QStringLiteral("en")}));
    QVERIFY(!tableNames(f.db()).contains(QStringLiteral("cache_scraped_raw")));

    run = f.retort({QStringLiteral("verify")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(QStringLiteral("8 applied revision(s): 8 unchanged, 0 edited, 0 missing, 0 unverified.")),
             qPrintable(run.out));

    // Down to base: the schema init made, and nothing of the revisions left.
    run = f.retort({QStringLiteral("downgrade"), QStringLiteral("base")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT version_num FROM alembic_version")), QStringList());
    QStringList expected =
        initTables + QStringList{QStringLiteral("alembic_version"), QStringLiteral("retort_history")};
    expected.sort();
    QCOMPARE(tableNames(f.db()), expected);
    if (backend == kPostgres) {
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT count(*) FROM pg_proc WHERE proname LIKE 'audit\\_%'")),
                 QStringList{QStringLiteral("0")});
    }

    // The script written before, run by hand from the baseline, leaves what the online run left, its history
    // rows vouching for the same sections.
    run = f.retort({QStringLiteral("stamp"), kBaseline});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(applyWithClient(f.url, f.file(QStringLiteral("offline-run.sql")), offline.out, f.environment), QString());
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT version_num FROM alembic_version")), QStringList{kHead});
    QVERIFY(!tableNames(f.db()).contains(QStringLiteral("cache_scraped_raw")));
    QCOMPARE(execError(f.db(), QStringLiteral("UPDATE api_keys SET revoked = FALSE WHERE id = 1")), QString());
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT action FROM audit_log")),
             QStringList{QStringLiteral("update")});
    run = f.retort({QStringLiteral("verify")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(QStringLiteral("8 unchanged, 0 edited")), qPrintable(run.out));
    run = f.retort({QStringLiteral("downgrade"), QStringLiteral("base")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
}

// A history row records the section that ran, so verify holds each database to its own dialect's section: an
// edit of another dialect's section is none of its business; an edit of its own, or a section added for its
// dialect after the plain one ran, is SQL it would not run again as it ran.
void TestDialectSections::verifyComparesItsOwnSection_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("story");
    QTest::addColumn<int>("exitCode");
    for (const QString &backend : backends()) {
        for (const auto &[story, exitCode] :
             {std::pair{"another dialect's section edited", 0}, std::pair{"its own section edited", 8},
              std::pair{"a section added for its dialect", 8}, std::pair{"a section added for another dialect", 0}}) {
            QTest::newRow(qPrintable(backend + QStringLiteral(": ") + QLatin1String(story)))
                << backend << QString::fromLatin1(story) << exitCode;
        }
    }
}

void TestDialectSections::verifyComparesItsOwnSection()
{
    QFETCH(QString, backend);
    QFETCH(QString, story);
    QFETCH(int, exitCode);
    DemoProject f;
    CHECKED(prepareDemo(f, backend, m_urls));
    CliRun run = f.retort({QStringLiteral("stamp"), kBaseline});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    run = f.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    // The audit log's key, as each of its upgrade sections writes it (the plain one is SQLite's).
    const QHash<Dialect, QByteArray> keyOf{{Dialect::SQLite, "id INTEGER PRIMARY KEY,"},
                                           {Dialect::PostgreSQL, "id SERIAL PRIMARY KEY,"},
                                           {Dialect::MySQL, "id INT AUTO_INCREMENT PRIMARY KEY,"}};
    const Dialect another = f.dialect() == Dialect::PostgreSQL ? Dialect::MySQL : Dialect::PostgreSQL;
    const QString locale = f.revisionFile(kUserLocale);
    if (story == QLatin1String("another dialect's section edited")) {
        QVERIFY(rewriteInPlace(f.revisionFile(kAuditLog), keyOf[another], keyOf[another] + " -- edited"));
    } else if (story == QLatin1String("its own section edited")) {
        QVERIFY(rewriteInPlace(f.revisionFile(kAuditLog), keyOf[f.dialect()], keyOf[f.dialect()] + " -- edited"));
    } else {
        // The user locale revision has plain sections only; what ran on every database was the plain upgrade.
        const Dialect added = story.endsWith(QLatin1String("its dialect")) ? f.dialect() : another;
        QFile file(locale);
        QVERIFY(file.open(QIODevice::Append));
        file.write(QStringLiteral("\n-- migrate:upgrade %1\nALTER TABLE app_users ADD COLUMN locale VARCHAR(32) "
                                  "NOT NULL DEFAULT 'en';\n")
                       .arg(dialectName(added))
                       .toUtf8());
    }

    run = f.retort({QStringLiteral("verify")});
    QVERIFY2(run.exitCode == exitCode, qPrintable(QStringLiteral("exit %1\n").arg(run.exitCode) + run.out + run.err));
    const QString edited = story.contains(QLatin1String("added")) ? kUserLocale : kAuditLog;
    QCOMPARE(run.out.contains(QStringLiteral("EDITED      %1").arg(edited)), exitCode == 8);
    QVERIFY2(run.out.contains(exitCode == 8 ? QStringLiteral("7 unchanged, 1 edited")
                                            : QStringLiteral("8 unchanged, 0 edited")),
             qPrintable(run.out));
    run = f.retort({QStringLiteral("downgrade"), QStringLiteral("base")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
}

// A revision with sections for other dialects only has nothing to run here: upgrade, its offline script, plan
// and lint refuse before anything runs, naming the file and the dialect, never an empty step that does nothing.
// A stamp runs no SQL and goes through; verify then has nothing recorded to hold b2 to.
void TestDialectSections::missingSectionRunsNothing()
{
    QFETCH(QString, backend);
    DemoProject f;
    CHECKED(prepareDemo(f, backend, m_urls));
    QVERIFY(QDir(f.file(QStringLiteral("versions"))).removeRecursively());
    CHECKED(writeProjectMissingASection(f));
    const QStringList tablesBefore = tableNames(f.db());
    const QString missing = QStringLiteral("%1: revision b2 has no upgrade section for %2: it has ")
                                .arg(f.file(QStringLiteral("versions/b2_totals.sql")), dialectName(f.dialect()));

    for (const QStringList &arguments :
         {QStringList{QStringLiteral("upgrade"), QStringLiteral("head")},
          QStringList{QStringLiteral("upgrade"), QStringLiteral("--sql"), QStringLiteral("head")},
          QStringList{QStringLiteral("plan"), QStringLiteral("head")}, QStringList{QStringLiteral("lint")}}) {
        const CliRun run = f.retort(arguments);
        QVERIFY2(run.exitCode == 1, qPrintable(arguments.join(u' ') + QStringLiteral(": ") + run.out + run.err));
        // (upgrade says which database it reached first, as Alembic's "Context impl" does)
        QVERIFY2(run.err.contains(QStringLiteral("FAILED: ") + missing), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("add '-- migrate:upgrade %1' or a plain '-- migrate:upgrade'")
                                      .arg(dialectName(f.dialect()))),
                 qPrintable(run.err));
        QCOMPARE(run.out, QString()); // not a line of a script
        QCOMPARE(tableNames(f.db()), tablesBefore);
    }
    const CliRun json = f.retort({QStringLiteral("plan"), QStringLiteral("head"), QStringLiteral("--json")});
    const QJsonObject error =
        QJsonDocument::fromJson(json.err.toUtf8()).object().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("missing_section"));
    QCOMPARE(error.value(QStringLiteral("file")).toString(), f.file(QStringLiteral("versions/b2_totals.sql")));

    CliRun run = f.retort({QStringLiteral("stamp"), QStringLiteral("head")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    run = f.retort({QStringLiteral("verify")});
    QVERIFY2(run.out.contains(QStringLiteral("unverified  b2")), qPrintable(run.out));
}

// The window shows a plan's SQL for one dialect and asks the runner to run exactly it (RunRequest::expected):
// a database of another dialect, whose sections may differ, refuses it before anything runs; the same plan on
// its own dialect runs the sections shown.
void TestDialectSections::planShownForAnotherDialectIsNotRun()
{
    QFETCH(QString, backend);
    DemoProject f;
    CHECKED(prepareDemo(f, backend, m_urls));
    const std::unique_ptr<ScriptDirectory> scripts = loadDemo(f);
    QVERIFY(scripts);
    auto config = ProjectConfig::load(f.file(QStringLiteral("retort.ini")), f.environment);
    QVERIFY2(config.ok(), errorOf(config).constData());
    MigrationRunner runner(*scripts, RunSettings::fromConfig(config.value(), f.environmentName, f.environment));
    RunRequest stamp;
    stamp.command = RunRequest::Command::Stamp;
    stamp.targets = {kBaseline};
    const auto stamped = runner.run(f.url, stamp);
    QVERIFY2(stamped.ok(), errorOf(stamped).constData());

    const auto steps = MigrationPlanner(scripts->map()).upgradeSteps(kAuditLog, {kBaseline});
    QVERIFY(steps.ok());
    const Dialect shown = f.dialect() == Dialect::PostgreSQL ? Dialect::SQLite : Dialect::PostgreSQL;
    RunRequest request;
    request.targets = {kAuditLog};
    request.expected = PlanExpectation{{kBaseline}, steps.value(), shown};
    const auto refused = runner.run(f.url, request);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Refused);
    QCOMPARE(refused.error().message,
             QStringLiteral("The plan was shown with the SQL a %1 database runs, but this database is %2, whose "
                            "revision sections may differ; nothing was run. Review the plan for this database and "
                            "run again.")
                 .arg(dialectName(shown), dialectName(f.dialect())));
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT version_num FROM alembic_version")), QStringList{kBaseline});
    QVERIFY(!tableNames(f.db()).contains(QStringLiteral("audit_log")));

    request.expected->dialect = f.dialect();
    const auto ran = runner.run(f.url, request);
    QVERIFY2(ran.ok(), errorOf(ran).constData());
    const MigrationScript &auditLog = scripts->script(scripts->map().indexOf(kAuditLog));
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT checksum FROM retort_history WHERE revision = '%1' AND "
                                                 "direction = 'upgrade'")
                                      .arg(kAuditLog)),
             QStringList{auditLog.section(true, f.dialect()).checksum});
    RunRequest down;
    down.command = RunRequest::Command::Downgrade;
    down.targets = {QStringLiteral("base")};
    const auto downgraded = runner.run(f.url, down);
    QVERIFY2(downgraded.ok(), errorOf(downgraded).constData());
}

#ifndef RETORT_INTEGRATION
// upgrade --sql and downgrade --sql write the sections of the URL's dialect, with no database: one set of files
// gives each database its own script.
void TestDialectSections::offlineScriptForEachDialect_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QStringList>("upgradeHas");
    QTest::addColumn<QStringList>("upgradeLacks");
    QTest::addColumn<QString>("downgradeHas");
    QTest::newRow("sqlite") << QStringLiteral("sqlite:///nowhere.db")
                            << QStringList{QStringLiteral("VACUUM;"),
                                           QStringLiteral("CREATE TRIGGER trg_app_users_audit AFTER UPDATE ON "
                                                          "app_users\nBEGIN")}
                            << QStringList{QStringLiteral("plpgsql"), QStringLiteral("DELIMITER"),
                                           QStringLiteral("DATETIME")}
                            << QStringLiteral("DROP INDEX ix_results_data_process_id;");
    QTest::newRow("postgresql") << QStringLiteral("postgresql://planner@localhost/demo")
                                << QStringList{QStringLiteral(
                                                   "CREATE FUNCTION audit_app_users_update() RETURNS trigger "
                                                   "LANGUAGE plpgsql AS $$"),
                                               QStringLiteral("FOR EACH ROW EXECUTE FUNCTION audit_api_keys_update();"),
                                               QStringLiteral("id SERIAL PRIMARY KEY")}
                                << QStringList{QStringLiteral("VACUUM"), QStringLiteral("DELIMITER"),
                                               QStringLiteral("DATETIME"), QStringLiteral("AUTO_INCREMENT")}
                                << QStringLiteral("DROP FUNCTION audit_app_users_update();");
    QTest::newRow("mariadb") << QStringLiteral("mariadb://planner@localhost/demo")
                             << QStringList{QStringLiteral("DELIMITER //"),
                                            QStringLiteral("ADD COLUMN expires_at DATETIME NULL;"),
                                            QStringLiteral("id INT AUTO_INCREMENT PRIMARY KEY")}
                             << QStringList{QStringLiteral("VACUUM"), QStringLiteral("plpgsql"),
                                            QStringLiteral("SERIAL")}
                             << QStringLiteral("DROP INDEX ix_results_data_process_id ON results_data;");
}

void TestDialectSections::offlineScriptForEachDialect()
{
    QFETCH(QString, url);
    QFETCH(QStringList, upgradeHas);
    QFETCH(QStringList, upgradeLacks);
    QFETCH(QString, downgradeHas);
    QTemporaryDir dir;
    QVERIFY(copyTree(QStringLiteral(RETORT_SOURCE_DIR "/migrations/demo"), dir.path()));
    const CliRun up = runRetort(dir.path(), {QStringLiteral("--url"), url, QStringLiteral("upgrade"),
                                             QStringLiteral("--sql"), kBaseline + QStringLiteral(":head")});
    QVERIFY2(up.exitCode == 0, qPrintable(up.err));
    for (const QString &text : upgradeHas)
        QVERIFY2(up.out.contains(text), qPrintable(text));
    for (const QString &text : upgradeLacks)
        QVERIFY2(!up.out.contains(text), qPrintable(text));
    const CliRun down = runRetort(dir.path(), {QStringLiteral("--url"), url, QStringLiteral("downgrade"),
                                               QStringLiteral("--sql"), QStringLiteral("head:") + kBaseline});
    QVERIFY2(down.exitCode == 0, qPrintable(down.err));
    QVERIFY2(down.out.contains(downgradeHas), qPrintable(down.out));

    // show --json names the dialects a revision has sections of its own for.
    const CliRun show = runRetort(
        dir.path(), {QStringLiteral("--url"), url, QStringLiteral("show"), kAuditLog, QStringLiteral("--json")});
    QCOMPARE(show.exitCode, 0);
    const QJsonObject revision = QJsonDocument::fromJson(show.out.toUtf8())
                                     .object()
                                     .value(QStringLiteral("revisions"))
                                     .toArray()
                                     .first()
                                     .toObject();
    QCOMPARE(revision.value(QStringLiteral("dialect_sections")).toArray(),
             (QJsonArray{QStringLiteral("postgresql"), QStringLiteral("mysql")}));
}

// With no database named there is no knowing which section runs: plan --from and lint read the plain sections
// and name the revisions that have sections of their own for a dialect, so neither reads as the whole story.
void TestDialectSections::noDialectSaysWhatItDidNotRead()
{
    QTemporaryDir dir;
    QVERIFY(copyTree(QStringLiteral(RETORT_SOURCE_DIR "/migrations/demo"), dir.path()));
    const QString ini = dir.filePath(QStringLiteral("retort.ini"));
    QVERIFY(rewriteInPlace(ini, "default_env = development", ";"));

    const CliRun plan =
        runRetort(dir.path(), {QStringLiteral("plan"), QStringLiteral("head"), QStringLiteral("--from"), kBaseline});
    QVERIFY2(plan.exitCode == 0, qPrintable(plan.err));
    QVERIFY2(plan.out.contains(QStringLiteral("7a3d9e1c5b20_create_audit_log.sql:11\n       also has sections for "
                                              "postgresql, mysql; which runs depends on the database (--dialect NAME "
                                              "plans for one)\n")),
             qPrintable(plan.out));
    const CliRun forPostgres =
        runRetort(dir.path(), {QStringLiteral("plan"), QStringLiteral("head"), QStringLiteral("--from"), kBaseline,
                               QStringLiteral("--dialect"), QStringLiteral("postgres")});
    QVERIFY2(forPostgres.out.contains(QStringLiteral("7a3d9e1c5b20_create_audit_log.sql:29 (postgresql section)\n")),
             qPrintable(forPostgres.out));
    QVERIFY(!forPostgres.out.contains(QStringLiteral("also has sections")));

    const CliRun lint = runRetort(dir.path(), {QStringLiteral("lint")});
    QVERIFY2(lint.err.contains(QStringLiteral("warning: 5 revision(s) have sections for one dialect, not read with "
                                              "no dialect (only their plain sections were): 3f1c2a9b7d10, "
                                              "5b2e44c0a1f3, 7a3d9e1c5b20, c4e8f1a2b3d5, b1f6a8d2c453; lint with "
                                              "--dialect NAME")),
             qPrintable(lint.err));
    const CliRun typo =
        runRetort(dir.path(), {QStringLiteral("lint"), QStringLiteral("--dialect"), QStringLiteral("postgre")});
    QCOMPARE(typo.exitCode, 2);
    QVERIFY2(typo.err.contains(QStringLiteral("--dialect: unknown dialect 'postgre'; expected sqlite, postgresql (or "
                                              "postgres), mysql (or mariadb)")),
             qPrintable(typo.err));
}
#endif

QTEST_GUILESS_MAIN(TestDialectSections)
#include "tst_dialectsections.moc"
