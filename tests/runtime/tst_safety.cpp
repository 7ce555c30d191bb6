// SPDX-License-Identifier: GPL-3.0-or-later
// The production safety gates against real databases: backups with each database's own tools and their
// verification, restores, the gate's decisions, the runner refusing production writes without a
// clearance, rehearsals that leave the database as it was, and the same through the `retort` binary.
// One source, two executables, as tst_migrationrunner: SQLite files here; the fixture's private
// PostgreSQL and MariaDB servers in tst_safety_integration (RETORT_INTEGRATION).
#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/MigrationRunner.h"
#include "core/safety/DatabaseBackup.h"
#include "core/runtime/DatabaseFingerprint.h"
#include "core/safety/DatabaseRestore.h"
#include "core/runtime/ProductionCheck.h"
#include "core/safety/SafetyGate.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"
#include "tests/runtime/TestDatabases.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace retort;
using namespace retort::testing;

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

// Three revisions: two tables with rows, then an index.
const char *const kRevisions[][3] = {
    {"a1a1a1a1a1a1", "",
     "CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL);\n"
     "INSERT INTO orders (id, total) VALUES (1, 10), (2, 20);\n"},
    {"b2b2b2b2b2b2", "a1a1a1a1a1a1",
     "CREATE TABLE audit (id INTEGER PRIMARY KEY, what VARCHAR(40));\n"
     "INSERT INTO audit (id, what) SELECT id, 'order' FROM orders;\n"},
    {"c3c3c3c3c3c3", "b2b2b2b2b2b2", "CREATE INDEX ix_orders_total ON orders (total);\n"},
};

struct Fixture
{
    QString backend;
    QTemporaryDir dir;
    QString root;
    QString urlText;
    DatabaseUrl url;
    std::unique_ptr<DatabaseConnection> inspector;
    std::unique_ptr<ProjectConfig> config;
    std::unique_ptr<ScriptDirectory> scripts;

    QSqlDatabase db() const { return inspector->database(); }
    bool sqlite() const { return backend == kSqlite; }
    bool postgres() const { return backend == kPostgres; }
    QString iniPath() const { return root + QStringLiteral("/retort.ini"); }
    QString backupDir() const { return root + QStringLiteral("/backups"); }
    DatabaseTarget target() const
    {
        auto resolved = config->resolveTarget(QString(), QStringLiteral("production"), {});
        return resolved.ok() ? resolved.value() : DatabaseTarget();
    }
    RunSettings settings() const { return RunSettings::fromConfig(*config, QStringLiteral("production")); }
    // What the gate knows of the database: production (its environment says so), and its identity.
    ProductionStatus status() const
    {
        auto assessed = ProductionCheck::assess(url, settings());
        return assessed.ok() ? assessed.value() : ProductionStatus();
    }
    Result<SafetyClearance> clear(const GateDecision &decision) const
    {
        return SafetyGate::clear(target(), status(), BackupSettings::forTarget(*config, target()), decision);
    }
    // A rehearsal on production takes the run's locks: it needs the confirmation (and no backup).
    std::optional<SafetyClearance> rehearsalClearance() const
    {
        GateDecision decision;
        decision.assumeYes = true;
        decision.rehearsalOnly = true;
        auto cleared = clear(decision);
        return cleared.ok() ? std::optional<SafetyClearance>(cleared.value()) : std::nullopt;
    }
    QStringList tables() const { return tableNames(db()); }
};

// Writes versions/<id>_step.sql into the fixture's project (replacing it), in the one shape every
// case uses; `extraHeader` holds whole "-- Key: value\n" lines.
bool writeRevision(const Fixture &f, const QString &id, const QString &revises, const QString &upgrade,
                   const QString &downgrade = QStringLiteral("SELECT 1;\n"), const QString &extraHeader = QString())
{
    QFile file(f.root + QStringLiteral("/migrations/versions/%1_step.sql").arg(id));
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(QStringLiteral("-- step\n--\n-- Revision ID: %1\n-- Revises: %2\n-- Create Date: 2026-11-25 "
                                     "10:00:00.000000\n%3\n-- migrate:upgrade\n%4-- migrate:downgrade\n%5")
                          .arg(id, revises, extraHeader, upgrade, downgrade)
                          .toUtf8()) > 0;
}

} // namespace

class TestSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void backupVerifyRestore_data() { addBackendRows(); }
    void backupVerifyRestore();
    void corruptBackupIsCaught_data() { addBackendRows(); }
    void corruptBackupIsCaught();
    void failedBackupStopsTheRun_data() { addBackendRows(); }
    void failedBackupStopsTheRun();
    void runnerRefusesProductionWithoutClearance_data() { addBackendRows(); }
    void runnerRefusesProductionWithoutClearance();
    void gateDecisions_data();
    void gateDecisions();
    void rehearsalLeavesDatabaseUnchanged_data() { addBackendRows(); }
    void rehearsalLeavesDatabaseUnchanged();
    void rehearsalReportsFailure_data() { addBackendRows(); }
    void rehearsalReportsFailure();
    void cliProductionGate_data() { addBackendRows(); }
    void cliProductionGate();
    void cliBackupAndRestore_data() { addBackendRows(); }
    void cliBackupAndRestore();
#ifndef RETORT_INTEGRATION
    void sqliteBackupWhileWriting();
    void backupDirInsideScriptsIsRefused();
    void urlOfProductionDatabaseKeepsTheGate();
    void rehearsalStopsBeforeNonTransactionalRevision();
    void cliChecklistShowsTheSavedWalk();
    void rehearsalRefusesTransactionControl();
    void reusedBackupMustBeOfThisDatabase();
    void otherEnvironmentNamingTheProductionDatabase();
    void cliAsksAtATerminal_data();
    void cliAsksAtATerminal();
#endif

private:
    void prepare(Fixture &f, const QString &backend, const QString &extraEnvKeys = QString());
    void upgrade(Fixture &f, const QString &target, const GateDecision &decision);
    CliRun runCli(const Fixture &f, const QStringList &arguments) const;
    QString serverUrl(const QString &backend) const;

    QHash<QString, QString> m_urls;
};

void TestSafety::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(RETORT_CLI_PATH)).isExecutable(), RETORT_CLI_PATH);
#ifdef RETORT_INTEGRATION
    const QString urlsError = readServerUrls(QStringLiteral(RETORT_TEST_SERVERS_URLS), &m_urls);
    QVERIFY2(urlsError.isEmpty(), qPrintable(urlsError));
#endif
}

QString TestSafety::serverUrl(const QString &backend) const
{
    return m_urls.value(backend == kPostgres ? QStringLiteral("RETORT_TEST_POSTGRESQL_URL")
                                             : QStringLiteral("RETORT_TEST_MARIADB_URL"));
}

// A project with the three revisions and a production environment on an empty database.
void TestSafety::prepare(Fixture &f, const QString &backend, const QString &extraEnvKeys)
{
    f.backend = backend;
    QVERIFY(f.dir.isValid());
    f.root = QFileInfo(f.dir.path()).canonicalFilePath();
    QVERIFY(QDir().mkpath(f.root + QStringLiteral("/migrations/versions")));
    f.urlText = f.sqlite() ? QStringLiteral("sqlite:///") + f.root + QStringLiteral("/shop.db") : serverUrl(backend);
    auto url = DatabaseUrl::parse(f.urlText);
    QVERIFY2(url.ok(), errorOf(url).constData());
    f.url = url.value();
    auto connection = DatabaseConnection::open(f.url);
    QVERIFY2(connection.ok(), errorOf(connection).constData());
    f.inspector = std::move(connection).value();
    if (!f.sqlite())
        QCOMPARE(emptyServerDatabase(f.db(), f.postgres()), QString());
    QCOMPARE(execError(f.db(), QStringLiteral("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40))")),
             QString());
    QCOMPARE(execError(f.db(), QStringLiteral("INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'O''Brien')")),
             QString());

    for (const auto &revision : kRevisions) {
        QVERIFY(writeRevision(f, QLatin1String(revision[0]), QLatin1String(revision[1]), QLatin1String(revision[2])));
    }
    QFile ini(f.iniPath());
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write(QStringLiteral("[retort]\nscript_location = migrations\ndefault_env = production\n\n"
                             "[env.production]\nurl = %1\nproduction = true\n%2")
                  .arg(f.urlText, extraEnvKeys)
                  .toUtf8());
    ini.close();
    auto config = ProjectConfig::load(f.iniPath(), {});
    QVERIFY2(config.ok(), errorOf(config).constData());
    f.config = std::make_unique<ProjectConfig>(std::move(config).value());
    auto scripts = ScriptDirectory::load(*f.config);
    QVERIFY2(scripts.ok(), errorOf(scripts).constData());
    f.scripts = std::make_unique<ScriptDirectory>(std::move(scripts).value());
}

void TestSafety::upgrade(Fixture &f, const QString &target, const GateDecision &decision)
{
    auto clearance = f.clear(decision);
    QVERIFY2(clearance.ok(), errorOf(clearance).constData());
    RunRequest request;
    request.targets = {target};
    request.clearance = clearance.value();
    MigrationRunner runner(*f.scripts, f.settings());
    auto result = runner.run(f.url, request);
    QVERIFY2(result.ok(), errorOf(result).constData());
}

CliRun TestSafety::runCli(const Fixture &f, const QStringList &arguments) const
{
    return runRetort(f.root, arguments);
}

// ---------------------------------------------------------------------------

void TestSafety::backupVerifyRestore()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    const BackupSettings settings = BackupSettings::forTarget(*f.config, f.target());
    auto record = DatabaseBackup::take(f.url, settings);
    QVERIFY2(record.ok(), errorOf(record).constData());
    QCOMPARE(QFileInfo(record->path).absolutePath(), f.backupDir());
    QVERIFY(QFileInfo(record->path).fileName().startsWith(QStringLiteral("production-")));
    QVERIFY(record->bytes > 0);
    QCOMPARE(record->bytes, QFileInfo(record->path).size());
    QCOMPARE(
        record->sha256,
        QString::fromLatin1(QCryptographicHash::hash(fileBytes(record->path), QCryptographicHash::Sha256).toHex()));
    const QString expectedVerification = f.sqlite()     ? QStringLiteral("PRAGMA integrity_check: ok (1 tables)")
                                         : f.postgres() ? QStringLiteral("pg_restore read the whole archive (")
                                                        : QStringLiteral("complete dump of ");
    QVERIFY2(record->verification.startsWith(expectedVerification), qPrintable(record->verification));
    QVERIFY(record->summary().contains(record->path));
    QCOMPARE(DatabaseBackup::list(settings).size(), 1);

    // Changed afterwards, then restored into another database: the backup's rows, not today's.
    QCOMPARE(execError(f.db(), QStringLiteral("DELETE FROM customers")), QString());
    const QString into = f.sqlite() ? f.root + QStringLiteral("/restored.db") : QStringLiteral("retort_test_restore");
    const DatabaseUrl destination = f.url.withDatabase(into);
    if (!f.sqlite()) {
        auto admin = DatabaseConnection::open(f.url);
        QVERIFY(admin.ok());
        const QString drop = f.postgres() ? QStringLiteral("DROP DATABASE IF EXISTS retort_test_restore")
                                          : QStringLiteral("DROP DATABASE IF EXISTS retort_test_restore");
        QCOMPARE(execError(admin.value()->database(), drop), QString());
    }
    RestoreRequest request;
    request.backupPath = record->path;
    request.target = destination;
    request.confirmedName = QStringLiteral("wrong");
    request.backup = settings;
    const auto refused = DatabaseRestore::run(request);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(QStringLiteral("was not confirmed")),
             qPrintable(refused.error().message));
    request.confirmedName = destination.databaseLabel();
    const auto restored = DatabaseRestore::run(request);
    QVERIFY2(restored.ok(), errorOf(restored).constData());
    auto check = DatabaseConnection::open(destination);
    QVERIFY2(check.ok(), errorOf(check).constData());
    QCOMPARE(selectColumn(check.value()->database(), QStringLiteral("SELECT name FROM customers ORDER BY id")),
             (QStringList{QStringLiteral("Ada"), QStringLiteral("O'Brien")}));
}

void TestSafety::corruptBackupIsCaught()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    if (f.postgres()) {
        // Rows enough that the data, not the table of contents, makes most of the archive.
        QCOMPARE(execError(f.db(), QStringLiteral("CREATE TABLE bulk AS SELECT g AS id, md5(g::text) AS v "
                                                  "FROM generate_series(1, 20000) AS g")),
                 QString());
    }
    const BackupSettings settings = BackupSettings::forTarget(*f.config, f.target());
    auto record = DatabaseBackup::take(f.url, settings);
    QVERIFY2(record.ok(), errorOf(record).constData());
    QByteArray bytes = fileBytes(record->path);
    QFile file(record->path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    if (f.sqlite()) {
        // Garbage over the header: no longer a database.
        bytes.replace(0, 100, QByteArray(100, 'x'));
        file.write(bytes);
    } else {
        // Cut to 60 %, as a full disk or a killed copy leaves it: a pg_dump archive's table of contents (at its
        // head) still lists, so only reading the whole archive tells.
        file.write(bytes.left(bytes.size() * 6 / 10));
    }
    file.close();
    auto verified = DatabaseBackup::verify(record->path, record->method, settings);
    QVERIFY(!verified.ok());
    const QString expected = f.sqlite()     ? QStringLiteral("is not a readable SQLite database")
                             : f.postgres() ? QStringLiteral("is not a whole pg_dump archive (its contents list")
                                            : QStringLiteral("is incomplete: it lacks mysqldump's closing");
    QVERIFY2(verified.error().message.contains(expected), errorOf(verified).constData());
    QVERIFY(verified.error().message.contains(record->path));

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.close();
    verified = DatabaseBackup::verify(record->path, record->method, settings);
    QVERIFY(!verified.ok());
    QCOMPARE(verified.error().message, QStringLiteral("backup %1 is empty").arg(record->path));
}

void TestSafety::failedBackupStopsTheRun()
{
    QFETCH(QString, backend);
    Fixture f;
    // A dump tool that fails; on SQLite a backup folder that cannot be created.
    CHECKED(prepare(f, backend,
                    backend == kSqlite ? QStringLiteral("backup_dir = /proc/retort-cannot-write\n")
                                       : QStringLiteral("pg_dump = /bin/false\nmysqldump = /bin/false\n")));
    GateDecision decision;
    decision.assumeYes = true;
    auto clearance = f.clear(decision);
    QVERIFY(!clearance.ok());
    const QString expected = f.sqlite()
                                 ? QStringLiteral("cannot create the backup folder /proc/retort-cannot-write")
                                 : QStringLiteral("backup failed, so nothing was run: false failed (exit code 1)");
    QVERIFY2(clearance.error().message.contains(expected), errorOf(clearance).constData());
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});
    QCOMPARE(QDir(f.backupDir()).entryList(QDir::Files), QStringList());
}

void TestSafety::runnerRefusesProductionWithoutClearance()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    MigrationRunner runner(*f.scripts, f.settings());
    RunRequest request;
    request.targets = {QStringLiteral("head")};
    auto result = runner.run(f.url, request);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Refused);
    QCOMPARE(result.error().message,
             QStringLiteral("%1 is production: it is the database of production environment 'production'. stamp, "
                            "upgrade and downgrade need a confirmation and a backup (or a written reason to skip it) "
                            "first; nothing was changed")
                 .arg(SafetyGate::confirmationName(f.status())));
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});

    // A clearance for another database does not count.
    Fixture other;
    CHECKED(prepare(other, kSqlite));
    GateDecision decision;
    decision.assumeYes = true;
    decision.skipBackup = true;
    decision.skipReason = QStringLiteral("test");
    auto foreign = other.clear(decision);
    QVERIFY(foreign.ok());
    request.clearance = foreign.value();
    result = runner.run(f.url, request);
    QCOMPARE(result.ok() ? ErrorCode::RevisionError : result.error().code, ErrorCode::Refused);
    QVERIFY2(result.error().message.contains(QStringLiteral("The confirmation given was for %1, another database")
                                                 .arg(SafetyGate::confirmationName(other.status()))),
             errorOf(result).constData());
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});
}

void TestSafety::gateDecisions_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("yes");
    QTest::addColumn<bool>("skip");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("error"); // empty: cleared

    // PATH stands for the database's canonical path, known once the case runs.
    const QString why =
        QStringLiteral("PATH is production: it is the database of production environment 'production'. ");
    QTest::newRow("nothing typed") << QString() << false << false << QString()
                                   << why + QStringLiteral(
                                                "Confirm by typing 'PATH' (or pass --yes); nothing was changed");
    QTest::newRow("the file name alone") << QStringLiteral("shop.db") << false << false << QString()
                                         << why + QStringLiteral("Typed 'shop.db', which is not 'PATH'; nothing was "
                                                                 "changed");
    QTest::newRow("skip without reason")
        << QStringLiteral("PATH") << false << true << QStringLiteral("   ")
        << why + QStringLiteral("Skipping the backup needs a written reason (--no-backup --reason \"...\"); nothing "
                                "was changed");
    QTest::newRow("typed, backup") << QStringLiteral("PATH") << false << false << QString() << QString();
    QTest::newRow("yes, skipped with reason")
        << QString() << true << true << QStringLiteral("snapshot taken by the host at 09:58") << QString();
}

// The gate's decisions on SQLite, and what the run then records in the history table.
void TestSafety::gateDecisions()
{
    QFETCH(QString, typed);
    QFETCH(bool, yes);
    QFETCH(bool, skip);
    QFETCH(QString, reason);
    QFETCH(QString, error);
    Fixture f;
    CHECKED(prepare(f, kSqlite));
    const QString path = f.root + QStringLiteral("/shop.db");
    QCOMPARE(SafetyGate::confirmationName(f.status()), path);
    GateDecision decision;
    decision.typedName = QString(typed).replace(QStringLiteral("PATH"), path);
    decision.assumeYes = yes;
    decision.skipBackup = skip;
    decision.skipReason = reason;
    auto clearance = f.clear(decision);
    if (!error.isEmpty()) {
        QVERIFY(!clearance.ok());
        QCOMPARE(clearance.error().code, ErrorCode::Refused);
        QCOMPARE(clearance.error().message, QString(error).replace(QStringLiteral("PATH"), path));
        QVERIFY(!QDir(f.backupDir()).exists());
        return;
    }
    QVERIFY2(clearance.ok(), errorOf(clearance).constData());
    RunRequest request;
    request.targets = {QStringLiteral("head")};
    request.clearance = clearance.value();
    MigrationRunner runner(*f.scripts, f.settings());
    auto result = runner.run(f.url, request);
    QVERIFY2(result.ok(), errorOf(result).constData());
    const QList<QStringList> rows = selectRows(
        f.db(), QStringLiteral("SELECT direction, revision, checksum, note FROM retort_history ORDER BY id"));
    QCOMPARE(rows.size(), 5); // the clearance, the production mark the run wrote, three upgrades
    QCOMPARE(rows[1][0], QStringLiteral("mark"));
    if (skip) {
        QCOMPARE(rows[0], (QStringList{QStringLiteral("backup skipped"), QStringLiteral("base"), kNull,
                                       QStringLiteral("no backup: ") + reason}));
    } else {
        const BackupRecord backup = clearance->backup().value();
        QCOMPARE(rows[0], (QStringList{QStringLiteral("backup"), QStringLiteral("base"), backup.sha256,
                                       QStringLiteral("backup: ") + backup.summary()}));
        QVERIFY(QFileInfo::exists(backup.path));
    }
    // Every step of the run names how it was cleared.
    QCOMPARE(rows[4][0], QStringLiteral("upgrade"));
    QCOMPARE(rows[4][3], clearance->historyNote());
}

void TestSafety::rehearsalLeavesDatabaseUnchanged()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    // Start half way: the rehearsal has rows of its own to change.
    CHECKED(
        upgrade(f, QStringLiteral("a1a1a1a1a1a1"), GateDecision{QString(), true, true, QStringLiteral("test"), {}}));
    const QByteArray bytesBefore = f.sqlite() ? fileBytes(f.url.database()) : QByteArray();
    QSqlDatabase db = f.db();
    auto before = DatabaseFingerprint::take(db, f.url.dialect());
    QVERIFY2(before.ok(), errorOf(before).constData());
    const QList<QStringList> historyBefore = selectRows(f.db(), QStringLiteral("SELECT * FROM retort_history"));

    RunRequest request;
    request.targets = {QStringLiteral("head")};
    request.rehearsal = true;
    request.clearance = f.rehearsalClearance(); // nothing is written, but it is confirmed
    MigrationRunner runner(*f.scripts, f.settings());
    QStringList finished;
    connect(&runner, &MigrationRunner::stepFinished, this,
            [&finished](int number, int count, const QString &description, qint64) {
                finished << QStringLiteral("%1/%2 %3").arg(number).arg(count).arg(description);
            });
    auto result = runner.run(f.url, request);
    if (backend == kMariadb) {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::Refused);
        QVERIFY2(result.error().message.startsWith(QStringLiteral(
                     "cannot rehearse on MySQL/MariaDB: it commits DDL implicitly, so a rehearsal would really apply")),
                 errorOf(result).constData());
        return;
    }
    QVERIFY2(result.ok(), errorOf(result).constData());
    QCOMPARE(result->stepsRun, 2);
    QCOMPARE(finished.size(), 2);
    QVERIFY(finished[0].startsWith(QStringLiteral("1/2 upgrade a1a1a1a1a1a1 -> b2b2b2b2b2b2")));
    QCOMPARE(result->rowsAfter, QStringList{QStringLiteral("c3c3c3c3c3c3")});
    QCOMPARE(result->rehearsalChanges, QStringList());
    QVERIFY2(result->unchangedProof.contains(QStringLiteral(" tables, ")), qPrintable(result->unchangedProof));

    auto after = DatabaseFingerprint::take(db, f.url.dialect());
    QVERIFY(after.ok());
    QCOMPARE(after->differencesFrom(before.value()), QStringList());
    QCOMPARE(f.tables(),
             (QStringList{QStringLiteral("alembic_version"), QStringLiteral("customers"), QStringLiteral("orders"),
                          QStringLiteral("retort_history"), QStringLiteral("retort_production_mark")}));
    QCOMPARE(selectColumn(db, QStringLiteral("SELECT version_num FROM alembic_version")),
             QStringList{QStringLiteral("a1a1a1a1a1a1")});
    QCOMPARE(selectRows(db, QStringLiteral("SELECT * FROM retort_history")), historyBefore);
    if (f.sqlite())
        QVERIFY2(fileBytes(f.url.database()) == bytesBefore, "the SQLite file changed");

    // And the fingerprint does see a change.
    QCOMPARE(execError(db, QStringLiteral("UPDATE customers SET name = 'Grace' WHERE id = 1")), QString());
    auto changed = DatabaseFingerprint::take(db, f.url.dialect());
    QVERIFY(changed.ok());
    QCOMPARE(changed->differencesFrom(before.value()), QStringList{QStringLiteral("table customers has changed rows")});
}

void TestSafety::rehearsalReportsFailure()
{
    QFETCH(QString, backend);
    if (backend == kMariadb)
        QSKIP("MariaDB refuses rehearsals (rehearsalLeavesDatabaseUnchanged)");
    Fixture f;
    CHECKED(prepare(f, backend));
    QVERIFY(writeRevision(f, QStringLiteral("c3c3c3c3c3c3"), QStringLiteral("b2b2b2b2b2b2"),
                          QStringLiteral("CREATE INDEX ix ON no_such_table (x);\n")));
    auto scripts = ScriptDirectory::load(*f.config);
    QVERIFY(scripts.ok());
    RunRequest request;
    request.targets = {QStringLiteral("head")};
    request.rehearsal = true;
    request.clearance = f.rehearsalClearance();
    MigrationRunner runner(scripts.value(), f.settings());
    auto result = runner.run(f.url, request);
    QVERIFY(!result.ok());
    QVERIFY2(
        result.error().message.startsWith(QStringLiteral("upgrade b2b2b2b2b2b2 -> c3c3c3c3c3c3 (step) failed at ")),
        errorOf(result).constData());
    QVERIFY2(result.error().message.endsWith(
                 QStringLiteral("\nRehearsal rolled back; alembic_version is empty (no revision applied).")),
             errorOf(result).constData());
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});
}

void TestSafety::cliProductionGate()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));

    CliRun run = runCli(f, {QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(
                 QStringLiteral(
                     "FAILED: %1 is production: it is the database of production environment 'production'. No terminal "
                     "is attached to ask for confirmation: pass --yes, with a backup (the default) or --no-backup "
                     "--reason \"...\"; nothing was changed")
                     .arg(SafetyGate::confirmationName(f.status()))),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("Plan (3 step(s)):\n  1. upgrade  -> a1a1a1a1a1a1, step")),
             qPrintable(run.err));
    QVERIFY2(!run.err.contains(f.url.password()) || f.url.password().isEmpty(), "password shown");
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});

    run = runCli(
        f, {QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--yes"), QStringLiteral("--no-backup")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("FAILED: --no-backup needs --reason")), qPrintable(run.err));
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});

    run = runCli(f, {QStringLiteral("upgrade"), QStringLiteral("a1a1a1a1a1a1"), QStringLiteral("--yes")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("Backup ") + f.backupDir()), qPrintable(run.err));
    QCOMPARE(QDir(f.backupDir()).entryList(QDir::Files).size(), 1);

    run = runCli(f, {QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--yes"),
                     QStringLiteral("--no-backup"), QStringLiteral("--reason"), QStringLiteral("tested on a copy")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("No backup taken: tested on a copy")), qPrintable(run.err));
    // The first gated run marked the database production (and recorded it).
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT direction FROM retort_history ORDER BY id")),
             (QStringList{QStringLiteral("backup"), QStringLiteral("mark"), QStringLiteral("upgrade"),
                          QStringLiteral("backup skipped"), QStringLiteral("upgrade"), QStringLiteral("upgrade")}));

    // --rehearse writes nothing, but takes the run's locks: it is confirmed too, without a backup.
    run = runCli(f, {QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--rehearse")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("No terminal is attached to ask for confirmation: pass --yes (a "
                                             "rehearsal keeps nothing, so it takes no backup)")),
             qPrintable(run.err));
    run = runCli(f, {QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--rehearse"),
                     QStringLiteral("--yes")});
    if (backend == kMariadb) {
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("FAILED: cannot rehearse on MySQL/MariaDB")), qPrintable(run.err));
    } else {
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("Rehearsal passed: 3 step(s) ran and were rolled back; the run would "
                                                 "leave the version table empty (no revision applied).")),
                 qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("Database unchanged: ")), qPrintable(run.err));
    }
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT version_num FROM alembic_version")),
             QStringList{QStringLiteral("c3c3c3c3c3c3")});
}

void TestSafety::cliBackupAndRestore()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    // A database Retort has never run on: the backup is taken, verified and private, and leaves no table of
    // Retort's behind (dropping alembic_version still undoes an adoption).
    CliRun run = runCli(f, {QStringLiteral("backup")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(f.backupDir() + QStringLiteral("/production-")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("; verified: ")), qPrintable(run.out));
    QVERIFY2(run.err.contains(QStringLiteral("Not recorded in the history: the database has no retort_history table "
                                             "yet (Retort has not run on it)")),
             qPrintable(run.err));
    QVERIFY(selectColumn(f.db(), QStringLiteral("SELECT direction FROM retort_history"))
                .value(0)
                .startsWith(QStringLiteral("query failed")));
    const QString backupPath = run.out.section(QLatin1Char(' '), 0, 0);
    // The file's and the folder's mode as `ls -l` reads it: owner, group, others.
    const auto mode = [](const QString &path) {
        const uint p = QFileInfo(path).permissions().toInt();
        return int(((p & 0x7000) >> 12) * 0100 + ((p & 0x0070) >> 4) * 010 + (p & 0x0007));
    };
    QCOMPARE(mode(backupPath), 0600);
    QCOMPARE(mode(f.backupDir()), 0700);

    // Once Retort keeps its history there, a backup is recorded in it.
    run = runCli(f, {QStringLiteral("stamp"), QStringLiteral("head"), QStringLiteral("--yes"),
                     QStringLiteral("--no-backup"), QStringLiteral("--reason"), QStringLiteral("adopting")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    run = runCli(f, {QStringLiteral("backup")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(!run.err.contains(QStringLiteral("Not recorded")), qPrintable(run.err));
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT direction FROM retort_history WHERE direction = 'backup'")),
             QStringList{QStringLiteral("backup")});

    run = runCli(f, {QStringLiteral("backup"), QStringLiteral("--list")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(backupPath), qPrintable(run.out));
    // Each backup says whose it is, of which database, at which revision, and how it was verified: the first
    // one was taken before any revision was applied, the second after the stamp.
    const QStringList listed = run.out.split(u'\n');
    const qsizetype firstAt = listed.indexOf(QStringLiteral("    ") + backupPath);
    QVERIFY2(firstAt > 0, qPrintable(run.out));
    QVERIFY2(listed.at(firstAt - 1).contains(QStringLiteral("  production  ")) &&
                 listed.at(firstAt - 1).contains(QStringLiteral("  empty (no revision applied)  ")) &&
                 listed.at(firstAt - 1).endsWith(f.url.toDisplayString()),
             qPrintable(run.out));
    QVERIFY2(listed.at(firstAt + 1).startsWith(QStringLiteral("    verified: ")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("  at ")), qPrintable(run.out));
    QVERIFY2(run.err.contains(QStringLiteral("2 backup(s) in %1; Retort never deletes them.").arg(f.backupDir())),
             qPrintable(run.err));

    const QString into = f.sqlite() ? QStringLiteral("copy.db") : QStringLiteral("retort_test_restore");
    if (!f.sqlite())
        QCOMPARE(execError(f.db(), QStringLiteral("DROP DATABASE IF EXISTS retort_test_restore")), QString());
    run = runCli(f, {QStringLiteral("restore"), backupPath, QStringLiteral("--into"), into});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("FAILED: restore replaces the contents of '%1' and no terminal is "
                                             "attached to ask for confirmation: pass --yes; nothing was changed")
                                  .arg(into)),
             qPrintable(run.err));
    run = runCli(f, {QStringLiteral("restore"), backupPath, QStringLiteral("--into"), into, QStringLiteral("--yes")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(!run.err.contains(QStringLiteral("Backing up")), qPrintable(run.err)); // nothing there yet

    // Over the production database itself: its current state is backed up first (on PostgreSQL, this
    // test's own session is ended at the switch).
    const QString production = f.url.database();
    run = runCli(f, {QStringLiteral("restore"), backupPath, QStringLiteral("--into"), production,
                     QStringLiteral("--yes"), QStringLiteral("--terminate-sessions")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("Backing up production environment 'production' before replacing it")),
             qPrintable(run.err));
    QCOMPARE(QDir(f.backupDir()).entryList(QDir::Files).size(), 3);
    auto restored = DatabaseConnection::open(f.url.withDatabase(into, f.root));
    QVERIFY2(restored.ok(), errorOf(restored).constData());
    QCOMPARE(selectColumn(restored.value()->database(), QStringLiteral("SELECT COUNT(*) FROM customers")),
             QStringList{QStringLiteral("2")});
    if (f.postgres()) {
        const QString kept = run.out.section(QStringLiteral("is kept as "), 1).section(u';', 0, 0);
        QVERIFY2(kept.startsWith(production + QStringLiteral("_before_restore_")), qPrintable(run.out));
        QCOMPARE(execError(restored.value()->database(), QStringLiteral("DROP DATABASE \"%1\"").arg(kept)), QString());
    }
}

#ifndef RETORT_INTEGRATION
// The online backup copes with a writer committing throughout: the copy is consistent (every batch
// of ten rows whole) and passes the integrity check.
void TestSafety::sqliteBackupWhileWriting()
{
    Fixture f;
    CHECKED(prepare(f, kSqlite));
    QCOMPARE(execError(f.db(), QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT)")),
             QString());
    std::atomic_bool stop{false};
    std::atomic_int batches{0};
    QThread *writer = QThread::create([&] {
        auto connection = DatabaseConnection::open(f.url);
        if (!connection.ok())
            return;
        QSqlDatabase db = connection.value()->database();
        const QString payload(2000, QLatin1Char('x'));
        while (!stop) {
            execError(db, QStringLiteral("BEGIN IMMEDIATE"));
            for (int i = 0; i < 10; ++i)
                execError(db, QStringLiteral("INSERT INTO events (payload) VALUES ('%1')").arg(payload));
            execError(db, QStringLiteral("COMMIT"));
            ++batches;
        }
    });
    writer->start();
    QTRY_VERIFY(batches > 20);
    auto record = DatabaseBackup::take(f.url, BackupSettings::forTarget(*f.config, f.target()));
    stop = true;
    writer->wait();
    delete writer;
    QVERIFY2(record.ok(), errorOf(record).constData());
    auto copy = DatabaseConnection::open(DatabaseUrl::parse(QStringLiteral("sqlite:///") + record->path).value());
    QVERIFY(copy.ok());
    const int rows =
        selectColumn(copy.value()->database(), QStringLiteral("SELECT COUNT(*) FROM events")).value(0).toInt();
    QVERIFY(rows >= 200);
    QCOMPARE(rows % 10, 0);
}

void TestSafety::backupDirInsideScriptsIsRefused()
{
    Fixture f;
    CHECKED(prepare(f, kSqlite, QStringLiteral("backup_dir = migrations/versions/backups\n")));
    auto record = DatabaseBackup::take(f.url, BackupSettings::forTarget(*f.config, f.target()));
    QVERIFY(!record.ok());
    QCOMPARE(record.error().message,
             QStringLiteral("backup_dir %1/migrations/versions/backups is inside the revision folder "
                            "%1/migrations/versions; backups must live elsewhere (set backup_dir in retort.ini)")
                 .arg(f.root));
}

// --url naming the production database does not get around its gate.
void TestSafety::urlOfProductionDatabaseKeepsTheGate()
{
    Fixture f;
    CHECKED(prepare(f, kSqlite));
    auto target = f.config->resolveTarget(QStringLiteral("sqlite:///") + f.url.database(), QString(), {});
    QVERIFY(target.ok());
    QVERIFY(target->production);
    QCOMPARE(target->environmentName, QStringLiteral("production"));
    QCOMPARE(target->notes, QStringList{QStringLiteral("--url names the database of production environment "
                                                       "'production'; its safety gates apply")});
    const CliRun run = runCli(f, {QStringLiteral("--url"), QStringLiteral("sqlite:///shop.db"),
                                  QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("No terminal is attached")), qPrintable(run.err));
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});
}

void TestSafety::rehearsalStopsBeforeNonTransactionalRevision()
{
    Fixture f;
    CHECKED(prepare(f, kSqlite));
    QVERIFY(writeRevision(f, QStringLiteral("d4d4d4d4d4d4"), QStringLiteral("c3c3c3c3c3c3"),
                          QStringLiteral("VACUUM;\n"), QString(), QStringLiteral("-- Transactional: false\n")));
    auto scripts = ScriptDirectory::load(*f.config);
    QVERIFY2(scripts.ok(), errorOf(scripts).constData());
    RunRequest request;
    request.targets = {QStringLiteral("head")};
    request.rehearsal = true;
    request.clearance = f.rehearsalClearance();
    MigrationRunner runner(scripts.value(), f.settings());
    auto result = runner.run(f.url, request);
    QVERIFY2(result.ok(), errorOf(result).constData());
    QCOMPARE(result->stepsRun, 3);
    QVERIFY2(result->rehearsalStoppedBefore.startsWith(QStringLiteral("upgrade c3c3c3c3c3c3 -> d4d4d4d4d4d4")),
             qPrintable(result->rehearsalStoppedBefore));
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});
    // The summary says where it stopped, not the run's end (d4), which it never reached.
    const CliRun run = runCli(
        f, {QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--rehearse"), QStringLiteral("--yes")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("Rehearsal stopped before upgrade c3c3c3c3c3c3 -> d4d4d4d4d4d4")) &&
                 run.err.contains(QStringLiteral("(Transactional: false), with the version table at c3c3c3c3c3c3: 3 "
                                                 "step(s) ran and were rolled back; that step was not rehearsed.")),
             qPrintable(run.err));
    QVERIFY2(!run.err.contains(QStringLiteral("would leave the version table at d4d4d4d4d4d4")), qPrintable(run.err));
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});
}

// `retort checklist` reads the walk the workbench saved, by the shipped checklist's name.
void TestSafety::cliChecklistShowsTheSavedWalk()
{
    Fixture f;
    CHECKED(prepare(f, kSqlite));
    auto checklist = Checklist::load(QStringLiteral(":/checklists/maintenance-window.md"));
    QVERIFY2(checklist.ok(), errorOf(checklist).constData());
    ChecklistWalk walk = ChecklistWalk::start(checklist.value(), QStringLiteral("production"), f.url.toDisplayString());
    const ChecklistItem &backupItem =
        *std::find_if(checklist->items().cbegin(), checklist->items().cend(),
                      [](const ChecklistItem &item) { return item.action.kind == ChecklistAction::Kind::Backup; });
    walk.recordResult(backupItem.key, StepOutcome::Succeeded, QStringLiteral("backups/x.sqlite3 (8.0 KiB)"), 40);
    walk.markDone(backupItem.key, QStringLiteral("checked by hand too"));
    const QString path = ChecklistWalk::savePath(f.root, checklist->path(), QStringLiteral("production"));
    QVERIFY(path.startsWith(f.root + QStringLiteral("/.retort/walks/")));
    const Status saved = walk.save(path);
    QVERIFY2(saved.ok(), saved.ok() ? "" : qPrintable(saved.error().message));

    CliRun run = runCli(f, {QStringLiteral("checklist"), QStringLiteral("maintenance-window")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(QStringLiteral("Maintenance window")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("[x] 6. Take a backup of the production database {backup}")),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("backups/x.sqlite3 (8.0 KiB)")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("1 of 12 steps done")), qPrintable(run.out));

    const QString report = f.root + QStringLiteral("/report.md");
    run = runCli(
        f, {QStringLiteral("checklist"), QStringLiteral("maintenance-window"), QStringLiteral("--report"), report});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QString markdown = QString::fromUtf8(fileBytes(report));
    QVERIFY2(markdown.startsWith(QStringLiteral("# ")), qPrintable(markdown));
    QVERIFY2(markdown.contains(QStringLiteral("checked by hand too")), qPrintable(markdown));

    run = runCli(f, {QStringLiteral("checklist"), QStringLiteral("no-such-list")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("FAILED: cannot read checklist no-such-list")), qPrintable(run.err));
}

// A revision that commits on its own would make a rehearsal keep what ran before it.
void TestSafety::rehearsalRefusesTransactionControl()
{
    Fixture f;
    CHECKED(prepare(f, kSqlite));
    QVERIFY(writeRevision(f, QStringLiteral("b2b2b2b2b2b2"), QStringLiteral("a1a1a1a1a1a1"),
                          QStringLiteral("CREATE TABLE audit (id INTEGER);\n-- flush\nCOMMIT;\n"),
                          QStringLiteral("DROP TABLE audit;\n")));
    auto scripts = ScriptDirectory::load(*f.config);
    QVERIFY2(scripts.ok(), errorOf(scripts).constData());
    RunRequest request;
    request.targets = {QStringLiteral("head")};
    request.rehearsal = true;
    request.clearance = f.rehearsalClearance();
    MigrationRunner runner(scripts.value(), f.settings());
    auto result = runner.run(f.url, request);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Refused);
    QCOMPARE(result.error().message,
             QStringLiteral("cannot rehearse: %1/migrations/versions/b2b2b2b2b2b2_step.sql:10 runs 'COMMIT', which "
                            "would end the rehearsal's transaction and keep what ran before it; nothing was changed")
                 .arg(f.root));
    QCOMPARE(f.tables(), QStringList{QStringLiteral("customers")});
}

void TestSafety::reusedBackupMustBeOfThisDatabase()
{
    Fixture f;
    CHECKED(prepare(f, kSqlite));
    Fixture other;
    CHECKED(prepare(other, kSqlite));
    auto foreign = DatabaseBackup::take(other.url, BackupSettings::forTarget(*other.config, other.target()));
    QVERIFY2(foreign.ok(), errorOf(foreign).constData());
    GateDecision decision;
    decision.assumeYes = true;
    decision.existingBackup = foreign.value();
    auto clearance = f.clear(decision);
    QVERIFY(!clearance.ok());
    QCOMPARE(clearance.error().message,
             QStringLiteral("the backup %1 is of %2, not of %3; take a new one")
                 .arg(foreign->path, other.url.toDisplayString(), SafetyGate::confirmationName(f.status())));
    // Of the same file by another name (a symbolic link), it is of this database.
    const QString link = f.root + QStringLiteral("/shop-link.db");
    QVERIFY(QFile::link(f.url.database(), link));
    auto linked = DatabaseBackup::take(DatabaseUrl::parse(QStringLiteral("sqlite:///") + link).value(),
                                       BackupSettings::forTarget(*f.config, f.target()));
    QVERIFY2(linked.ok(), errorOf(linked).constData());
    QVERIFY(SafetyGate::canReuse(linked.value(), f.status(), f.url));
    BackupRecord old = linked.value();
    old.createdAt = QDateTime::currentDateTimeUtc().addSecs(-2 * 3600);
    QVERIFY(!SafetyGate::canReuse(old, f.status(), f.url));
    decision.existingBackup = old;
    clearance = f.clear(decision);
    QVERIFY(!clearance.ok());
    QVERIFY2(clearance.error().message.endsWith(QStringLiteral("was taken more than an hour ago; take a new one")),
             errorOf(clearance).constData());
}

// Another environment whose URL is the production database's gets the production gate.
void TestSafety::otherEnvironmentNamingTheProductionDatabase()
{
    Fixture f;
    CHECKED(prepare(f, kSqlite, QStringLiteral("\n[env.reporting]\nurl = sqlite:///shop.db\n")));
    auto target = f.config->resolveTarget(QString(), QStringLiteral("reporting"), {});
    QVERIFY2(target.ok(), errorOf(target).constData());
    QVERIFY(target->production);
    QCOMPARE(target->environmentName, QStringLiteral("production"));
    QCOMPARE(target->notes, QStringList{QStringLiteral("The URL of environment 'reporting' names the database of "
                                                       "production environment 'production'; its safety gates "
                                                       "apply")});
}

void TestSafety::cliAsksAtATerminal_data()
{
    QTest::addColumn<QString>("answers");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    // PATH: the database's canonical path, what the prompt asks for.
    QTest::newRow("name and rehearsal") << QStringLiteral("PATH\ny\n") << 0
                                        << QStringLiteral("Rehearsal passed: 3 step(s) ran and were rolled back");
    QTest::newRow("name, no rehearsal") << QStringLiteral("PATH\nn\n") << 0 << QStringLiteral("Backup ");
    QTest::newRow("wrong name") << QStringLiteral("shop\n") << 1
                                << QStringLiteral("FAILED: PATH is production: it is the database of production "
                                                  "environment 'production'. Typed 'shop', which is not 'PATH'; "
                                                  "nothing was changed");
}

// At a terminal (script(1) gives the CLI one) the gate asks for the name and offers a rehearsal.
void TestSafety::cliAsksAtATerminal()
{
    QFETCH(QString, answers);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    Fixture f;
    CHECKED(prepare(f, kSqlite));
    const QString path = f.root + QStringLiteral("/shop.db");
    bool missing = false;
    const CliRun run = runAtTerminal(f.root, QStringLiteral("%1 upgrade head").arg(QStringLiteral(RETORT_CLI_PATH)),
                                     answers.replace(QStringLiteral("PATH"), path).toUtf8(), &missing);
    if (missing)
        QSKIP("script(1) from util-linux is not installed");
    QVERIFY2(run.exitCode == exitCode, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(QStringLiteral("Type '%1' to continue (3 step(s)): ").arg(path)), qPrintable(run.out));
    QVERIFY2(run.out.contains(expected.replace(QStringLiteral("PATH"), path)), qPrintable(run.out));
    QCOMPARE(f.tables().contains(QStringLiteral("orders")), exitCode == 0);
}
#endif

QTEST_GUILESS_MAIN(TestSafety)
#include "tst_safety.moc"
