// SPDX-License-Identifier: GPL-3.0-or-later
// Restores that restore: a backup put back over a database that moved on leaves exactly the backup's
// objects, with the history and the production mark kept; a restore that fails leaves the database
// as it was. One source, two executables, as tst_safety: SQLite files here; the fixture's private
// PostgreSQL and MariaDB servers in tst_restore_integration (RETORT_INTEGRATION).
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/DatabaseRestore.h"
#include "core/runtime/ProductionMark.h"
#include "core/script/ProjectConfig.h"
#include "tests/runtime/TestDatabases.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace retort;
using namespace retort::testing;

namespace {

// Three revisions: the ones the seed's adoption story ran. On PostgreSQL the audit log comes with a
// trigger function, the kind of object `pg_restore --clean` left behind.
QString auditRevision(bool postgres)
{
    if (!postgres)
        return QStringLiteral("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what VARCHAR(40));\n");
    return QStringLiteral("CREATE TABLE audit_log (id SERIAL PRIMARY KEY, what VARCHAR(40));\n"
                          "CREATE FUNCTION log_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                          "INSERT INTO audit_log (what) VALUES ('order'); RETURN NEW; END $$;\n"
                          "CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION "
                          "log_order();\n");
}

struct Fixture
{
    QString backend;
    QTemporaryDir dir;
    QString root;
    QString urlText;
    DatabaseUrl url;
    std::unique_ptr<DatabaseConnection> inspector;

    QSqlDatabase db() const { return inspector->database(); }
    bool sqlite() const { return backend == kSqlite; }
    bool postgres() const { return backend == kPostgres; }
    QString backupDir() const { return root + QStringLiteral("/backups"); }
    void reconnect()
    {
        inspector.reset();
        auto connection = DatabaseConnection::open(url);
        if (connection.ok())
            inspector = std::move(connection).value();
    }
    QStringList tables() const { return tableNames(db()); }
    QStringList history() const
    {
        return selectColumn(db(), QStringLiteral("SELECT direction FROM retort_history ORDER BY id"));
    }
    // On the servers: databases whose name holds `part`.
    QStringList databasesLike(const QString &part) const
    {
        return selectColumn(db(), postgres() ? QStringLiteral("SELECT datname FROM pg_database WHERE datname LIKE "
                                                              "'%%%1%%' ORDER BY datname")
                                                   .arg(part)
                                             : QStringLiteral("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                                                              "WHERE SCHEMA_NAME LIKE '%%%1%%'")
                                                   .arg(part));
    }
};

} // namespace

class TestRestore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { checkCliAndServers(&m_urls); }
    void preAdoptionBackupOverUpgradedDatabase_data() { addBackendRows(); }
    void preAdoptionBackupOverUpgradedDatabase();
    void failedRestoreLeavesTheDatabase_data() { addBackendRows(); }
    void failedRestoreLeavesTheDatabase();
#ifndef RETORT_INTEGRATION
    void productionRestoreAsksForTheGatesName();
#endif

private:
    void prepare(Fixture &f, const QString &backend);
    CliRun retort(const Fixture &f, const QStringList &arguments) const;
    QString takeBackup(const Fixture &f) const;
    QString backUpThenUpgrade(const Fixture &f) const;

    QHash<QString, QString> m_urls;
};

void TestRestore::prepare(Fixture &f, const QString &backend)
{
    f.backend = backend;
    QVERIFY(f.dir.isValid());
    f.root = QFileInfo(f.dir.path()).canonicalFilePath();
    QVERIFY(QDir().mkpath(f.root + QStringLiteral("/migrations/versions")));
    f.urlText = f.sqlite() ? QStringLiteral("sqlite:///") + f.root + QStringLiteral("/shop.db")
                           : m_urls.value(f.postgres() ? QStringLiteral("RETORT_TEST_POSTGRESQL_URL")
                                                       : QStringLiteral("RETORT_TEST_MARIADB_URL"));
    auto url = DatabaseUrl::parse(f.urlText);
    QVERIFY2(url.ok(), errorOf(url).constData());
    f.url = url.value();
    f.reconnect();
    QVERIFY(f.inspector);
    if (!f.sqlite()) {
        QCOMPARE(emptyServerDatabase(f.db(), f.postgres()), QString());
        if (f.postgres())
            QCOMPARE(execError(f.db(), QStringLiteral("DROP FUNCTION IF EXISTS log_order() CASCADE")), QString());
    }
    QCOMPARE(execError(f.db(), QStringLiteral("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40))")),
             QString());
    QCOMPARE(execError(f.db(), QStringLiteral("INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'O''Brien')")),
             QString());
    const QString revisions[][3] = {
        {QStringLiteral("a1a1a1a1a1a1"), QString(),
         QStringLiteral("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL);\n")},
        {QStringLiteral("b2b2b2b2b2b2"), QStringLiteral("a1a1a1a1a1a1"), auditRevision(f.postgres())},
        {QStringLiteral("c3c3c3c3c3c3"), QStringLiteral("b2b2b2b2b2b2"),
         QStringLiteral("INSERT INTO orders (id, total) VALUES (1, 10);\n")},
    };
    for (const auto &revision : revisions) {
        QVERIFY(writeFile(
            f.root + QStringLiteral("/migrations/versions/%1_step.sql").arg(revision[0]),
            QStringLiteral(
                "-- step\n--\n-- Revision ID: %1\n-- Revises: %2\n-- Create Date: 2026-12-03 10:00:00.000000\n"
                "\n-- migrate:upgrade\n%3-- migrate:downgrade\nSELECT 1;\n")
                .arg(revision[0], revision[1], revision[2])));
    }
    QVERIFY(writeFile(f.root + QStringLiteral("/retort.ini"),
                      QStringLiteral("[retort]\nscript_location = migrations\ndefault_env = production\n\n"
                                     "[env.production]\nurl = %1\nproduction = true\n")
                          .arg(f.urlText)));
}

CliRun TestRestore::retort(const Fixture &f, const QStringList &arguments) const
{
    return runRetort(f.root, arguments);
}

// The seed's story up to the restore: a backup before adoption, then every revision applied on production.
QString TestRestore::backUpThenUpgrade(const Fixture &f) const
{
    const QString backup = takeBackup(f);
    if (!QFileInfo::exists(backup))
        return backup;
    const CliRun run = retort(f, {QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--yes")});
    return run.exitCode == 0 ? backup : QStringLiteral("(upgrade failed: %1)").arg(run.err);
}

QString TestRestore::takeBackup(const Fixture &f) const
{
    const CliRun run = retort(f, {QStringLiteral("backup")});
    if (run.exitCode != 0)
        return QStringLiteral("(backup failed: %1)").arg(run.err);
    return run.out.section(QLatin1Char(' '), 0, 0);
}

// The seed's story: a backup taken before adopting Retort, the adoption and three revisions, then the
// backup restored. The database holds the backup's objects and nothing else of the schema (no version
// table naming a later revision, no audit log, no trigger function), the history of everything that
// happened and of the restore itself, and the production mark.
void TestRestore::preAdoptionBackupOverUpgradedDatabase()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    const QString backup = backUpThenUpgrade(f);
    QVERIFY2(QFileInfo::exists(backup), qPrintable(backup));
    CliRun run;
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT version_num FROM alembic_version")),
             QStringList{QStringLiteral("c3c3c3c3c3c3")});
    const QStringList historyBefore = f.history();
    QVERIFY2(historyBefore.contains(QStringLiteral("upgrade")), qPrintable(historyBefore.join(u',')));

    struct stat before = {};
    if (f.sqlite())
        QCOMPARE(::stat(QFile::encodeName(f.url.database()).constData(), &before), 0);
    QString settingsBefore;
    QString grantsBefore;
    if (f.postgres()) {
        // Database-level settings and grants the restored database must have too.
        const QString name = f.url.database();
        QCOMPARE(execError(f.db(), QStringLiteral("ALTER DATABASE %1 SET search_path TO \"$user\", public").arg(name)),
                 QString());
        QCOMPARE(execError(f.db(), QStringLiteral("ALTER DATABASE %1 SET work_mem = '8MB'").arg(name)), QString());
        // A value with a quote, a backslash and a percent sign travels as it is.
        QCOMPARE(
            execError(f.db(), QStringLiteral("ALTER DATABASE %1 SET application_name = 'it''s \\ 100%%1'").arg(name)),
            QString());
        QCOMPARE(execError(f.db(), QStringLiteral("REVOKE TEMPORARY ON DATABASE %1 FROM PUBLIC").arg(name)), QString());
        settingsBefore = selectColumn(f.db(), QStringLiteral("SELECT s.setconfig::text FROM pg_db_role_setting s JOIN "
                                                             "pg_database d ON d.oid = s.setdatabase WHERE d.datname = "
                                                             "current_database()"))
                             .join(u';');
        grantsBefore = selectColumn(f.db(), QStringLiteral("SELECT datacl::text FROM pg_database WHERE datname = "
                                                           "current_database()"))
                           .join(u';');
    }
    const auto resetDatabase = qScopeGuard([&f] {
        if (!f.postgres() || !f.inspector)
            return;
        execError(f.db(), QStringLiteral("ALTER DATABASE %1 RESET ALL").arg(f.url.database()));
        execError(f.db(), QStringLiteral("GRANT TEMPORARY ON DATABASE %1 TO PUBLIC").arg(f.url.database()));
        for (const QString &kept : f.databasesLike(QStringLiteral("_before_restore_")))
            execError(f.db(), QStringLiteral("DROP DATABASE \"%1\"").arg(kept));
    });

    const QStringList restore{QStringLiteral("restore"), backup, QStringLiteral("--into"), f.url.database(),
                              QStringLiteral("--yes")};
    if (f.postgres()) {
        // This test's own session is one the switch would cut: the restore stops before making anything.
        run = retort(f, restore);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("other session(s) are connected to %1").arg(f.url.database())) &&
                     run.err.contains(QStringLiteral("  pid ")) &&
                     run.err.contains(QStringLiteral("pass --terminate-sessions")) &&
                     run.err.contains(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                                     "datname = '%1'")
                                          .arg(f.url.database())),
                 qPrintable(run.err));
        QCOMPARE(f.databasesLike(QStringLiteral("_restored_")), QStringList());
        QCOMPARE(f.history(), historyBefore);
        run = retort(f, restore + QStringList{QStringLiteral("--terminate-sessions")});
    } else {
        run = retort(f, restore);
    }
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("Backing up production environment 'production' before replacing it")),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("Checked: alembic_version is empty (no revision applied), as when the "
                                             "backup was taken")),
             qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral(": empty (no revision applied).")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("The production mark of environment 'production' was carried over.")),
             qPrintable(run.out));
    QVERIFY2(
        run.out.contains(QStringLiteral("History kept: %1 row(s) the backup lacks carried over (0 brought up to date)")
                             .arg(historyBefore.size())),
        qPrintable(run.out));

    if (f.sqlite()) {
        // The same file, changed in place: a connection opened before the restore reads the backup's contents.
        struct stat after = {};
        QCOMPARE(::stat(QFile::encodeName(f.url.database()).constData(), &after), 0);
        QCOMPARE(after.st_ino, before.st_ino);
        QCOMPARE(QDir(f.root).entryList({QStringLiteral(".*restoring*")}, QDir::Files | QDir::Hidden), QStringList());
    } else {
        f.reconnect();
        QVERIFY(f.inspector);
    }
    QCOMPARE(f.tables(), (QStringList{QStringLiteral("customers"), QStringLiteral("retort_history"),
                                      QStringLiteral("retort_production_mark")}));
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT name FROM customers ORDER BY id")),
             (QStringList{QStringLiteral("Ada"), QStringLiteral("O'Brien")}));
    QCOMPARE(f.history(), historyBefore + QStringList{QStringLiteral("restore")});
    const QStringList restoreRow =
        selectRows(f.db(), QStringLiteral("SELECT from_revisions, note, checksum, os_user FROM retort_history WHERE "
                                          "direction = 'restore'"))
            .value(0);
    QCOMPARE(restoreRow.value(0), QStringLiteral("c3c3c3c3c3c3"));
    QVERIFY2(restoreRow.value(1).startsWith(QStringLiteral("restored from %1 (taken ").arg(backup)) &&
                 restoreRow.value(1).contains(
                     QStringLiteral("it replaced a database whose version table was at c3c3c3c3c3c3, backed up to %1/").arg(f.backupDir())),
             qPrintable(restoreRow.value(1)));
    QCOMPARE(restoreRow.value(2).size(), 64);
    QVERIFY(!restoreRow.value(3).isEmpty());
    const auto dialect = SqlDialect::create(f.url.dialect());
    auto mark = ProductionMark::read(f.db(), *dialect, QString());
    QVERIFY2(mark.ok(), errorOf(mark).constData());
    QVERIFY(mark.value().has_value());
    QCOMPARE(mark.value()->environment, QStringLiteral("production"));
    // The gate still stands: the mark was made on this database's identity.
    const CliRun gated = retort(f, {QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(gated.exitCode, 1);

    if (f.postgres()) {
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT count(*) FROM pg_proc WHERE pronamespace = "
                                                     "'public'::regnamespace")),
                 QStringList{QStringLiteral("0")});
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT s.setconfig::text FROM pg_db_role_setting s JOIN "
                                                     "pg_database d ON d.oid = s.setdatabase WHERE d.datname = "
                                                     "current_database()"))
                     .join(u';'),
                 settingsBefore);
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT datacl::text FROM pg_database WHERE datname = "
                                                     "current_database()"))
                     .join(u';'),
                 grantsBefore);
        // The database it replaced is kept, as it was, under the dated name the output gives.
        const QStringList kept = f.databasesLike(QStringLiteral("_before_restore_"));
        QCOMPARE(kept.size(), 1);
        QVERIFY2(run.out.contains(QStringLiteral("The database it replaced is kept as %1; drop it when you no longer "
                                                 "need it: DROP DATABASE \"%1\";")
                                      .arg(kept.first())),
                 qPrintable(run.out));
        auto old = DatabaseConnection::open(f.url.withDatabase(kept.first()));
        QVERIFY2(old.ok(), errorOf(old).constData());
        QCOMPARE(selectColumn(old.value()->database(), QStringLiteral("SELECT version_num FROM alembic_version")),
                 QStringList{QStringLiteral("c3c3c3c3c3c3")});
    }
}

// A backup that does not restore to what it says leaves the database as it was, and what the restore
// made is removed; a backup changed since it was taken is refused before anything is made.
void TestRestore::failedRestoreLeavesTheDatabase()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    const QString backup = backUpThenUpgrade(f);
    QVERIFY2(QFileInfo::exists(backup), qPrintable(backup));
    const QStringList tables = f.tables();
    const QStringList history = f.history();

    // The note beside the backup claims a revision the backup does not hold.
    const QString notePath =
        QFileInfo(backup).dir().filePath(QLatin1Char('.') + QFileInfo(backup).fileName() + QStringLiteral(".json"));
    QFile noteFile(notePath);
    QVERIFY(noteFile.open(QIODevice::ReadOnly));
    QJsonObject note = QJsonDocument::fromJson(noteFile.readAll()).object();
    noteFile.close();
    note.insert(QStringLiteral("revisions"), QJsonArray{QStringLiteral("ffffffffffff")});
    QVERIFY(writeFile(notePath, QString::fromUtf8(QJsonDocument(note).toJson())));

    auto config = ProjectConfig::load(f.root + QStringLiteral("/retort.ini"), {});
    QVERIFY2(config.ok(), errorOf(config).constData());
    auto target = config->resolveTarget(QString(), QStringLiteral("production"), {});
    QVERIFY2(target.ok(), errorOf(target).constData());
    RestoreRequest request;
    request.backupPath = backup;
    request.target = f.url;
    request.confirmedName = f.url.databaseLabel();
    request.backup = BackupSettings::forTarget(*config, target.value());
    request.historyTable = QStringLiteral("retort_history");
    request.environmentName = QStringLiteral("production");
    request.terminateSessions = true; // the switch is never reached
    QStringList progress;
    const auto failed = DatabaseRestore::run(request, [&progress](const QString &line) { progress << line; });
    QVERIFY(!failed.ok());
    const QString expected = f.sqlite() ? QStringLiteral("restore failed, and %1 was not touched").arg(f.url.database())
                             : f.postgres()
                                 ? QStringLiteral("restore failed, and the database %1_restored_").arg(f.url.database())
                                 : QStringLiteral("restore failed, and %1 was not touched").arg(f.url.database());
    QVERIFY2(failed.error().message.startsWith(expected), qPrintable(failed.error().message));
    QVERIFY2(failed.error().message.contains(QStringLiteral("the restored database does not match the backup: "
                                                            "alembic_version is empty (no revision applied), but the "
                                                            "backup was taken at ffffffffffff")),
             qPrintable(failed.error().message));
    if (!f.sqlite())
        f.reconnect();
    QCOMPARE(f.tables(), tables);
    QCOMPARE(f.history(), history);
    if (f.sqlite())
        QCOMPARE(QDir(f.root).entryList({QStringLiteral(".*restoring*")}, QDir::Files | QDir::Hidden), QStringList());
    else
        QCOMPARE(f.databasesLike(f.postgres() ? QStringLiteral("_restored_") : QStringLiteral("_restore_check_")),
                 QStringList());

    // The backup itself changed after it was taken: refused before anything is made.
    QFile file(backup);
    QVERIFY(file.open(QIODevice::Append));
    file.write(f.sqlite() ? QByteArray(4096, '\0') : QByteArray("\n-- appended\n"));
    file.close();
    const auto tampered = DatabaseRestore::run(request);
    QVERIFY(!tampered.ok());
    QVERIFY2(tampered.error().message.contains(QStringLiteral("changed since it was taken")) ||
                 tampered.error().message.contains(QStringLiteral("not a whole")) ||
                 tampered.error().message.contains(QStringLiteral("is incomplete")),
             qPrintable(tampered.error().message));
    QCOMPARE(f.tables(), tables);

    if (f.backend == kMariadb) {
        // A dump of whole databases switches to them by name: it would write into the live one, so it is refused.
        const QString whole = f.backupDir() + QStringLiteral("/whole.sql");
        QVERIFY(writeFile(whole, QStringLiteral("-- MariaDB dump 10.19\n\nCREATE DATABASE /*!32312 IF NOT EXISTS*/ "
                                                "`retort_test`;\nUSE `retort_test`;\nDROP TABLE IF EXISTS "
                                                "customers;\n-- Dump completed on 2026-12-03 12:00:00\n")));
        request.backupPath = whole;
        const auto refused = DatabaseRestore::run(request);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.startsWith(
                     QStringLiteral("%1:3: the dump names its database (CREATE DATABASE").arg(whole)),
                 qPrintable(refused.error().message));
        QCOMPARE(f.tables(), tables);
    }
}

#ifndef RETORT_INTEGRATION
// At a terminal, a restore over a production database wants what the gate wants typed (an SQLite file's
// canonical path), not the short name that would do for a scratch database; it says whose backup it is.
void TestRestore::productionRestoreAsksForTheGatesName()
{
    Fixture f;
    CHECKED(prepare(f, kSqlite));
    const QString backup = backUpThenUpgrade(f);
    QVERIFY2(QFileInfo::exists(backup), qPrintable(backup));
    const QString command = QStringLiteral("%1 restore %2 --into shop.db").arg(QStringLiteral(RETORT_CLI_PATH), backup);
    bool missing = false;
    CliRun run = runAtTerminal(f.root, command, "shop.db\n", &missing);
    if (missing)
        QSKIP("script(1) from util-linux is not installed");
    QCOMPARE(run.exitCode, 1); // refused, as the gate refuses a wrong name
    QVERIFY2(run.out.contains(QStringLiteral("is production: it is the database of production environment "
                                             "'production'")) &&
                 run.out.contains(QStringLiteral("The backup is of sqlite:///%1 (environment 'production'), taken ")
                                      .arg(f.url.database())) &&
                 run.out.contains(QStringLiteral("at no revision")) &&
                 run.out.contains(QStringLiteral("Type '%1' to restore into it: ").arg(f.url.database())) &&
                 run.out.contains(QStringLiteral("restore into '%1' was not confirmed (typed 'shop.db'); nothing was "
                                                 "changed")
                                      .arg(f.url.database())),
             qPrintable(run.out));
    QVERIFY(f.tables().contains(QStringLiteral("orders")));
    run = runAtTerminal(f.root, command, (f.url.database() + u'\n').toUtf8(), &missing);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));
    QVERIFY(!f.tables().contains(QStringLiteral("orders")));
}
#endif

QTEST_GUILESS_MAIN(TestRestore)
#include "tst_restore.moc"
