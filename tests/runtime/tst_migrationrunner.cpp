// SPDX-License-Identifier: GPL-3.0-or-later
// MigrationRunner against real databases. One source, two executables:
//  - tst_migrationrunner runs every case on SQLite, a new database file per case;
//  - tst_migrationrunner_integration (RETORT_INTEGRATION) runs the same cases on the private PostgreSQL 15
//    and MariaDB servers of the CTest fixture db_servers, whose URLs are in RETORT_TEST_SERVERS_URLS; the
//    server database is emptied before each case. A missing urls.env fails the run: it means the fixture
//    is broken, and a skip would hide that.
// Each case writes its own project into a QTemporaryDir and runs it through the C++ API (ScriptDirectory,
// MigrationRunner, planRequest + MigrationPlanner::simulate + OfflineScript::render), or through the real
// `retort` binary (RETORT_CLI_PATH) where the command line is the point: exit codes, FAILED lines, two
// processes at once, `--sql`. Every case asserts exact messages, the version-table rows, the history rows
// and the schema and data left behind. The migrations append to a `log` table (created by the test, not
// by a migration) so the order of what ran, and what stayed committed, can be read back.
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/MigrationRunner.h"
#include "core/runtime/OfflineScript.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/script/DatabaseUrl.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"
#include "tests/runtime/TestDatabases.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QMutex>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace retort;
using namespace retort::testing;

namespace {

const QString kA = QStringLiteral("aaaa00000001");
const QString kB = QStringLiteral("bbbb00000002");
const QString kC = QStringLiteral("cccc00000003");
const QString kD = QStringLiteral("dddd00000004");
const QString kE = QStringLiteral("eeee00000005");
const QString kF = QStringLiteral("ffff00000006");

// One migration file. `upgrade` and `downgrade` are the sections' exact text (each line ending in '\n'),
// so the history checksum can be computed here, independently of the parser.
struct RevisionSpec
{
    QString id;
    QString message;
    QString revises;
    QString headers; // extra header lines, e.g. "-- Branch Labels: reports\n"
    QString upgrade;
    QString downgrade;
};

QString fileText(const RevisionSpec &spec)
{
    return QStringLiteral("-- %1\n--\n-- Revision ID: %2\n-- Revises: %3\n-- Create Date: 2025-10-16 09:12:44.000000\n")
               .arg(spec.message, spec.id, spec.revises) +
           spec.headers + QStringLiteral("\n-- migrate:upgrade\n") + spec.upgrade +
           QStringLiteral("-- migrate:downgrade\n") + spec.downgrade;
}

// A statement appending `step` to the log table, numbered in the order the statements ran.
QString logged(const QString &step)
{
    return QStringLiteral("INSERT INTO log (seq, step) SELECT COUNT(*) + 1, '%1' FROM log;\n").arg(step);
}

QString sha256(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

// The 1-based line of `path` that contains `needle`; 0 when none does.
int lineOf(const QString &path, const QString &needle)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return 0;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).contains(needle))
            return i + 1;
    }
    return 0;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

// One test case's world: its project folder and its (empty) database, with a connection of the test's
// own for inspecting it. Queries through `db()` are always finished before a run starts, so the
// connection holds no lock a run could wait for.
struct Fixture
{
    QString backend;
    QTemporaryDir dir;
    QString root; // dir, symlinks resolved (as paths appear in messages)
    QString urlText;
    DatabaseUrl url;
    std::unique_ptr<DatabaseConnection> inspector;
    RunSettings settings;

    QString versionsDir() const { return root + QStringLiteral("/versions"); }
    QString iniPath() const { return root + QStringLiteral("/retort.ini"); }
    QString path(const RevisionSpec &spec) const
    {
        return versionsDir() + QLatin1Char('/') + spec.id + QStringLiteral("_x.sql");
    }
    QSqlDatabase db() const { return inspector->database(); }
    bool sqlite() const { return backend == kSqlite; }
    bool postgres() const { return backend == kPostgres; }
    bool mariadb() const { return backend == kMariadb; }
    // Whether a failed run takes its DDL back with it (not on MySQL/MariaDB).
    bool transactionalDdl() const { return !mariadb(); }
    QString versionTable() const
    {
        return VersionTable(settings.versionTable, settings.versionTableSchema).qualifiedName();
    }
    QString historyTable() const
    {
        return settings.versionTableSchema.isEmpty()
                   ? settings.historyTable
                   : settings.versionTableSchema + QLatin1Char('.') + settings.historyTable;
    }
};

RunSettings defaultSettings()
{
    RunSettings settings;
    settings.environmentName = QStringLiteral("test");
    settings.lockTimeoutSeconds = 120;
    return settings;
}

// The tables of the database, lower case and sorted; SQLite's own tables left out. QPSQL names tables
// outside the search path schema.table.
QStringList tables(const Fixture &f)
{
    QStringList names;
    const QStringList all = f.db().tables(QSql::Tables);
    for (const QString &name : all) {
        if (!name.startsWith(QLatin1String("sqlite_")))
            names << name.toLower();
    }
    return sorted(names);
}

QStringList columns(const Fixture &f, const QString &table)
{
    QStringList names;
    const QSqlRecord record = f.db().record(table);
    for (int i = 0; i < record.count(); ++i)
        names << record.fieldName(i).toLower();
    return names;
}

QStringList versionRows(const Fixture &f)
{
    const auto rows = VersionTable(f.settings.versionTable, f.settings.versionTableSchema).readRows(f.db());
    if (!rows.ok())
        return {QStringLiteral("cannot read the version table: ") + rows.error().message};
    return sorted(rows.value());
}

bool versionTableExists(const Fixture &f)
{
    const auto exists = VersionTable(f.settings.versionTable, f.settings.versionTableSchema).exists(f.db());
    return exists.ok() && exists.value();
}

QStringList logRows(const Fixture &f)
{
    return selectColumn(f.db(), QStringLiteral("SELECT step FROM log ORDER BY seq"));
}

QStringList indexes(const Fixture &f)
{
    QString sql;
    if (f.sqlite())
        sql = QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'");
    else if (f.postgres())
        sql = QStringLiteral("SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                             "JOIN pg_namespace n ON n.oid = i.relnamespace "
                             "WHERE n.nspname = 'public' AND NOT x.indisprimary AND x.indisvalid");
    else
        sql = QStringLiteral("SELECT DISTINCT index_name FROM information_schema.statistics "
                             "WHERE table_schema = DATABASE() AND index_name <> 'PRIMARY'");
    return sorted(selectColumn(f.db(), sql));
}

// The history columns every run writes the same way (no times, no run id, no who/where).
const QString kHistoryColumns = QStringLiteral(
    "revision, direction, from_revisions, to_revisions, success, error, checksum, environment, tool_version");

QList<QStringList> historyRows(const Fixture &f, const QString &columnList = kHistoryColumns)
{
    return selectRows(f.db(), QStringLiteral("SELECT %1 FROM %2 ORDER BY id").arg(columnList, f.historyTable()));
}

QStringList history(const QString &revision, const QString &direction, const QString &from, const QString &to,
                    const QString &checksum, const QString &error = QString())
{
    return {revision,
            direction,
            from,
            to,
            error.isEmpty() ? QStringLiteral("1") : QStringLiteral("0"),
            error.isEmpty() ? kNull : error,
            checksum,
            QStringLiteral("test"),
            QStringLiteral(RETORT_VERSION)};
}

// A stamp's row for a revision it marks applied: from its down revision (`down`, kNull at base) to it, with the
// checksum of its upgrade section.
QStringList stampedOn(const ScriptDirectory &scripts, const QString &revision, const QString &down)
{
    return {revision,
            QStringLiteral("stamp"),
            down,
            revision,
            QStringLiteral("1"),
            kNull,
            scripts.script(scripts.map().indexOf(revision)).plainUpgrade.checksum,
            QStringLiteral("test"),
            QStringLiteral(RETORT_VERSION)};
}

// A stamp's row for a revision it stamps away, down to `down`: no checksum, nothing it vouches for.
QStringList stampedAway(const QString &revision, const QString &down)
{
    return {revision, QStringLiteral("stamp"), revision,
            down,     QStringLiteral("1"),     kNull,
            kNull,    QStringLiteral("test"),  QStringLiteral(RETORT_VERSION)};
}

// Everything an offline script and an online run must agree on.
struct Snapshot
{
    QStringList tables;
    QList<QStringList> columns; // per table of `tables`, history and version tables included
    QStringList indexes;
    QStringList versionRows;
    QStringList log;
    QList<QStringList> history;
};

Snapshot snapshot(const Fixture &f)
{
    Snapshot s;
    s.tables = tables(f);
    for (const QString &table : std::as_const(s.tables))
        s.columns << (QStringList{table} + columns(f, table));
    s.indexes = indexes(f);
    s.versionRows = versionRows(f);
    s.log = logRows(f);
    s.history = historyRows(f);
    return s;
}

} // namespace

class TestMigrationRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void upgradeHeadDowngradeBase_data();
    void upgradeHeadDowngradeBase();
    void rowsAfterEachStep_data();
    void rowsAfterEachStep();
    void failingRevision_data();
    void failingRevision();
    void failingDowngrade_data();
    void failingDowngrade();
    void unknownRevisionInVersionTable_data();
    void unknownRevisionInVersionTable();
    void concurrentUpgrades_data();
    void concurrentUpgrades();
    void nonTransactionalRevision_data();
    void nonTransactionalRevision();
    void failedRevisionIsNeverReapplied_data();
    void failedRevisionIsNeverReapplied();
    void runsOnlyWhatWasShown_data();
    void runsOnlyWhatWasShown();
    void refusesAProjectWithFilesLeftOut_data();
    void refusesAProjectWithFilesLeftOut();
    void stopsBeforeTheStepAsked_data();
    void stopsBeforeTheStepAsked();
    void productionWaitsTenSecondsForALock();
    void blockedStatementGivesUpAtTheLockTimeout_data();
    void blockedStatementGivesUpAtTheLockTimeout();
    void stamp_data();
    void stamp();
    void offlineEqualsOnline_data();
    void offlineEqualsOnline();
    void cancel_data();
    void cancel();
    void noHistoryTable_data();
    void noHistoryTable();
    void customVersionTable_data();
    void customVersionTable();
    void alembicDatabase_data();
    void alembicDatabase();

private:
    void addVariantRows(const QStringList &variants);
    void prepare(Fixture &f, const QString &backend);
    void prepareDatabase(Fixture &f, const QString &sqliteName);
    void emptyServerDatabase(Fixture &f);
    void writeProject(Fixture &f, const QVector<RevisionSpec> &revisions);
    void loadScripts(const Fixture &f, std::unique_ptr<ScriptDirectory> *scripts);
    void createAlembicVersionTable(Fixture &f, const QString &row);
    QString applyWithClient(const Fixture &f, const QString &script);

    Result<RunResult> run(const ScriptDirectory &scripts, const Fixture &f, RunRequest::Command command,
                          const QStringList &targets, bool purge = false);
    CliRun runCli(const Fixture &f, const QStringList &arguments) const;
    QProcess *startCli(const Fixture &f, const QStringList &arguments, QObject *parent) const;

    // The database's message for the failing statements the cases use.
    QString missingTableMessage(const Fixture &f, const QString &firstLine) const;
    // The last line of a failure report, after the database's message.
    // The last lines of a failure report: "Rolled back; ..." when nothing of the revision stayed;
    // otherwise the `committed` statements (first lines, as in the file at `path`) and the stamps that
    // settle it: `finished` when the revision is completed by hand, `rows` when undone.
    QString rolledBackTail(const Fixture &f, const QString &rows, const QString &path = QString(),
                           const QStringList &committed = {}, const QString &revision = QString(),
                           const QString &finished = QString(), bool historyKept = true) const;

    QHash<QString, QString> m_urls;
    QProcessEnvironment m_environment;
};

// ---------------------------------------------------------------------------
// fixtures

void TestMigrationRunner::initTestCase()
{
    CHECKED(checkCliAndServers(&m_urls));
    QVERIFY(QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")));
    m_environment = cliEnvironment();
#ifdef RETORT_INTEGRATION
    QVERIFY(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")));
    QVERIFY(QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL")));
#endif
}

void TestMigrationRunner::addVariantRows(const QStringList &variants)
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("variant");
    for (const QString &backend : backends()) {
        for (const QString &variant : variants)
            QTest::newRow(qPrintable(backend + QLatin1Char('/') + variant)) << backend << variant;
    }
}

void TestMigrationRunner::prepare(Fixture &f, const QString &backend)
{
    f.backend = backend;
    f.settings = defaultSettings();
    QVERIFY(f.dir.isValid());
    f.root = QFileInfo(f.dir.path()).canonicalFilePath();
    QVERIFY(QDir().mkpath(f.versionsDir()));
    CHECKED(prepareDatabase(f, QStringLiteral("test")));
}

// An empty database holding only the log table: a new SQLite file `sqliteName`.db, or the server's
// database with every table of the previous case dropped.
void TestMigrationRunner::prepareDatabase(Fixture &f, const QString &sqliteName)
{
    f.inspector.reset();
    if (f.sqlite()) {
        f.urlText = QStringLiteral("sqlite:///") + f.root + QLatin1Char('/') + sqliteName + QStringLiteral(".db");
    } else {
        f.urlText = m_urls.value(f.postgres() ? QStringLiteral("RETORT_TEST_POSTGRESQL_URL")
                                              : QStringLiteral("RETORT_TEST_MARIADB_URL"));
    }
    auto url = DatabaseUrl::parse(f.urlText);
    QVERIFY2(url.ok(), errorOf(url).constData());
    f.url = url.value();
    auto connection = DatabaseConnection::open(f.url);
    QVERIFY2(connection.ok(), errorOf(connection).constData());
    f.inspector = std::move(connection).value();
    if (!f.sqlite())
        CHECKED(emptyServerDatabase(f));
    QCOMPARE(execError(f.db(), QStringLiteral("CREATE TABLE log (seq INTEGER NOT NULL, step VARCHAR(64) NOT NULL)")),
             QString());
}

void TestMigrationRunner::emptyServerDatabase(Fixture &f)
{
    QCOMPARE(retort::testing::emptyServerDatabase(f.db(), f.postgres()), QString());
    QCOMPARE(tables(f), QStringList());
}

void TestMigrationRunner::writeProject(Fixture &f, const QVector<RevisionSpec> &revisions)
{
    for (const RevisionSpec &spec : revisions)
        QVERIFY(writeFile(f.path(spec), fileText(spec)));
    const RunSettings &s = f.settings;
    const QString ini =
        QStringLiteral("[retort]\n"
                       "script_location = .\n"
                       "version_table = %1\n"
                       "version_table_schema = %2\n"
                       "history_table = %3\n"
                       "transaction_per_migration = %4\n"
                       "default_env = test\n"
                       "\n"
                       "[env.test]\n"
                       "url = %5\n")
            .arg(s.versionTable, s.versionTableSchema, s.historyTable,
                 s.transactionPerMigration ? QStringLiteral("true") : QStringLiteral("false"), f.urlText);
    QVERIFY(writeFile(f.iniPath(), ini));
}

void TestMigrationRunner::loadScripts(const Fixture &f, std::unique_ptr<ScriptDirectory> *scripts)
{
    auto loaded = ScriptDirectory::load(QStringList{f.versionsDir()});
    QVERIFY2(loaded.ok(), errorOf(loaded).constData());
    QCOMPARE(toStrings(loaded.value().warnings()), QStringList());
    *scripts = std::make_unique<ScriptDirectory>(std::move(loaded).value());
}

// alembic_version exactly as Alembic creates it (SQLAlchemy's DDL, the same on all three), with one row.
void TestMigrationRunner::createAlembicVersionTable(Fixture &f, const QString &row)
{
    QCOMPARE(execError(f.db(), QStringLiteral("CREATE TABLE alembic_version (\n"
                                              "\tversion_num VARCHAR(32) NOT NULL, \n"
                                              "\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
                                              ")")),
             QString());
    QCOMPARE(execError(f.db(), QStringLiteral("INSERT INTO alembic_version (version_num) VALUES ('%1')").arg(row)),
             QString());
}

Result<RunResult> TestMigrationRunner::run(const ScriptDirectory &scripts, const Fixture &f,
                                           RunRequest::Command command, const QStringList &targets, bool purge)
{
    MigrationRunner runner(scripts, f.settings);
    RunRequest request;
    request.command = command;
    request.targets = targets;
    request.purge = purge;
    return runner.run(f.url, request);
}

QProcess *TestMigrationRunner::startCli(const Fixture &f, const QStringList &arguments, QObject *parent) const
{
    auto *process = new QProcess(parent);
    process->setWorkingDirectory(f.root);
    process->setProcessEnvironment(m_environment);
    process->start(QStringLiteral(RETORT_CLI_PATH), QStringList{QStringLiteral("-c"), f.iniPath()} + arguments);
    process->closeWriteChannel();
    return process;
}

CliRun TestMigrationRunner::runCli(const Fixture &f, const QStringList &arguments) const
{
    QObject owner;
    QProcess *process = startCli(f, arguments, &owner);
    if (!process->waitForStarted(10000)) {
        CliRun result;
        result.err = QStringLiteral("retort did not start: ") + process->errorString();
        return result;
    }
    return finish(*process);
}

// Feeds an offline script to the database's own command-line client, stopping at the first error.
// Returns the client's complaint, or an empty string.
QString TestMigrationRunner::applyWithClient(const Fixture &f, const QString &script)
{
    static int counter = 0;
    return retort::testing::applyWithClient(f.url, f.root + QStringLiteral("/script-%1.sql").arg(++counter), script,
                                            m_environment);
}

QString TestMigrationRunner::missingTableMessage(const Fixture &f, const QString &firstLine) const
{
    if (f.sqlite())
        return QStringLiteral("no such table: missing_table");
    if (f.postgres()) {
        return QStringLiteral(
                   "ERROR:  relation \"missing_table\" does not exist\nLINE 1: %1\n                    ^\n(42P01)")
            .arg(firstLine);
    }
    return QStringLiteral("Table '%1.missing_table' doesn't exist").arg(f.url.database());
}

QString TestMigrationRunner::rolledBackTail(const Fixture &f, const QString &rows, const QString &path,
                                            const QStringList &committed, const QString &revision,
                                            const QString &finished, bool historyKept) const
{
    const QString state = rows.isEmpty() ? QStringLiteral("%1 is empty (no revision applied)").arg(f.versionTable())
                                         : QStringLiteral("%1 is at %2").arg(f.versionTable(), rows);
    if (committed.isEmpty())
        return QStringLiteral("Rolled back; %1.").arg(state);
    QStringList lines;
    for (const QString &statement : committed)
        lines << QStringLiteral("  %1:%2: %3").arg(path).arg(lineOf(path, statement)).arg(statement);
    QString tail =
        QStringLiteral("%1 statement(s) of it stayed committed, because MySQL/MariaDB commits at a DDL "
                       "statement, and what follows it commits as it runs:\n%2\n%3, as before the "
                       "revision. The next upgrade or downgrade refuses until you settle it:\n"
                       "  - finish the rest of %4's upgrade by hand, then: retort stamp %5\n"
                       "  - or undo what committed by hand, then: retort stamp %6")
            .arg(committed.size())
            .arg(lines.join(u'\n'), state, revision, finished, rows.isEmpty() ? QStringLiteral("base") : rows);
    if (!historyKept) {
        tail += QStringLiteral("\nThis project keeps no history table (history_table is empty), so Retort cannot "
                               "remember this: settle it before anything runs again.");
    }
    return tail;
}

namespace {

// What a MariaDB run keeps of simpleRevision(x, ..., kMissingInsert) when its last statement fails: the
// CREATE TABLE (DDL commits) and the log row after it (it commits as it runs).
QStringList keptOnMariadb(const QString &id)
{
    const QString letter = id.left(1);
    return {QStringLiteral("CREATE TABLE t_%1 (id INTEGER PRIMARY KEY)").arg(letter),
            QStringLiteral("INSERT INTO log (seq, step) SELECT COUNT(*) + 1, '%1 up' FROM log").arg(letter)};
}

} // namespace

// ---------------------------------------------------------------------------
// projects

namespace {

// a -> b -> d -> e, a -> c (label "reports") -> e, d depends on c; e merges d and c. With `indexRevision`,
// f after e runs outside any transaction (VACUUM / CREATE INDEX CONCURRENTLY).
QVector<RevisionSpec> graphProject(const QString &backend, bool indexRevision = false)
{
    QVector<RevisionSpec> revisions = {
        {kA, QStringLiteral("create accounts"), QString(), QString(),
         QStringLiteral("CREATE TABLE accounts (\n    id INTEGER PRIMARY KEY,\n    name VARCHAR(40) NOT NULL\n);\n") +
             logged(QStringLiteral("a up")),
         logged(QStringLiteral("a down")) + QStringLiteral("DROP TABLE accounts;\n")},
        {kB, QStringLiteral("create orders"), kA, QString(),
         QStringLiteral("CREATE TABLE orders (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL);\n") +
             logged(QStringLiteral("b up")),
         logged(QStringLiteral("b down")) + QStringLiteral("DROP TABLE orders;\n")},
        {kC, QStringLiteral("create reports"), kA, QStringLiteral("-- Branch Labels: reports\n"),
         QStringLiteral("CREATE TABLE reports (id INTEGER PRIMARY KEY, title VARCHAR(80));\n") +
             logged(QStringLiteral("c up")),
         logged(QStringLiteral("c down")) + QStringLiteral("DROP TABLE reports;\n")},
        {kD, QStringLiteral("link orders to reports"), kB, QStringLiteral("-- Depends On: %1\n").arg(kC),
         QStringLiteral("ALTER TABLE orders ADD COLUMN report_id INTEGER;\n") + logged(QStringLiteral("d up")),
         logged(QStringLiteral("d down")) + QStringLiteral("ALTER TABLE orders DROP COLUMN report_id;\n")},
        {kE, QStringLiteral("merge orders and reports"), kD + QStringLiteral(", ") + kC, QString(),
         QStringLiteral("CREATE TABLE order_reports (order_id INTEGER NOT NULL, report_id INTEGER NOT NULL);\n") +
             logged(QStringLiteral("e up")),
         logged(QStringLiteral("e down")) + QStringLiteral("DROP TABLE order_reports;\n")},
    };
    if (indexRevision) {
        QString up;
        QString down;
        if (backend == kSqlite) {
            up = QStringLiteral("CREATE INDEX accounts_name ON accounts (name);\nVACUUM;\n");
            down = QStringLiteral("DROP INDEX accounts_name;\nVACUUM;\n");
        } else if (backend == kPostgres) {
            up = QStringLiteral("CREATE INDEX CONCURRENTLY accounts_name ON accounts (name);\n");
            down = QStringLiteral("DROP INDEX CONCURRENTLY accounts_name;\n");
        } else {
            up = QStringLiteral("CREATE INDEX accounts_name ON accounts (name);\n");
            down = QStringLiteral("DROP INDEX accounts_name ON accounts;\n");
        }
        revisions.append({kF, QStringLiteral("index account names"), kE, QStringLiteral("-- Transactional: false\n"),
                          up + logged(QStringLiteral("f up")), logged(QStringLiteral("f down")) + down});
    }
    return revisions;
}

// A straight line a -> b -> c (-> d ...), each creating t_<x> and logging "<x> up" / "<x> down".
RevisionSpec simpleRevision(const QString &id, const QString &revises, const QString &extraUpgrade = QString())
{
    const QString letter = id.left(1);
    return {id,
            QStringLiteral("create t_%1").arg(letter),
            revises,
            QString(),
            QStringLiteral("CREATE TABLE t_%1 (id INTEGER PRIMARY KEY);\n").arg(letter) +
                logged(letter + QStringLiteral(" up")) + extraUpgrade,
            logged(letter + QStringLiteral(" down")) + QStringLiteral("DROP TABLE t_%1;\n").arg(letter)};
}

const QString kMissingInsert = QStringLiteral("INSERT INTO missing_table (x)\nVALUES (1);\n");

} // namespace

// ---------------------------------------------------------------------------
// 1. upgrade head, downgrade base over a branch, a merge, a label and a depends_on

void TestMigrationRunner::upgradeHeadDowngradeBase_data()
{
    addBackendRows();
}

void TestMigrationRunner::upgradeHeadDowngradeBase()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    const QVector<RevisionSpec> project = graphProject(backend);
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));
    QHash<QString, RevisionSpec> spec;
    for (const RevisionSpec &revision : project)
        spec.insert(revision.id, revision);

    MigrationRunner runner(*scripts, f.settings);
    QStringList started;
    QStringList finished;
    connect(&runner, &MigrationRunner::stepStarted, this,
            [&started](int number, int count, const QString &description) {
                started << QStringLiteral("%1/%2 %3").arg(number).arg(count).arg(description);
            });
    connect(&runner, &MigrationRunner::stepFinished, this, [&finished](int number, int count, const QString &, qint64) {
        finished << QStringLiteral("%1/%2").arg(number).arg(count);
    });
    RunRequest request;
    request.targets = QStringList{QStringLiteral("head")};
    auto up = runner.run(f.url, request);
    QVERIFY2(up.ok(), errorOf(up).constData());
    QCOMPARE(up.value().rowsBefore, QStringList());
    QCOMPARE(up.value().rowsAfter, QStringList{kE});
    QCOMPARE(up.value().stepsRun, 5);
    QCOMPARE(started,
             (QStringList{
                 QStringLiteral("1/5 upgrade  -> aaaa00000001, create accounts"),
                 QStringLiteral("2/5 upgrade aaaa00000001 -> cccc00000003, create reports"),
                 QStringLiteral("3/5 upgrade aaaa00000001 -> bbbb00000002, create orders"),
                 QStringLiteral("4/5 upgrade bbbb00000002 -> dddd00000004, link orders to reports"),
                 QStringLiteral("5/5 upgrade dddd00000004, cccc00000003 -> eeee00000005, merge orders and reports"),
             }));
    QCOMPARE(finished, (QStringList{"1/5", "2/5", "3/5", "4/5", "5/5"}));

    QCOMPARE(versionRows(f), QStringList{kE});
    QCOMPARE(tables(f), (QStringList{"accounts", "alembic_version", "log", "order_reports", "orders", "reports",
                                     "retort_history"}));
    QCOMPARE(columns(f, QStringLiteral("orders")), (QStringList{"id", "account_id", "report_id"}));
    QCOMPARE(columns(f, QStringLiteral("alembic_version")), QStringList{"version_num"});
    QCOMPARE(logRows(f), (QStringList{"a up", "c up", "b up", "d up", "e up"}));
    const QList<QStringList> upgradeHistory = {
        history(kA, QStringLiteral("upgrade"), kNull, kA, sha256(spec[kA].upgrade)),
        history(kC, QStringLiteral("upgrade"), kA, kC, sha256(spec[kC].upgrade)),
        history(kB, QStringLiteral("upgrade"), kA, kB, sha256(spec[kB].upgrade)),
        history(kD, QStringLiteral("upgrade"), kB, kD, sha256(spec[kD].upgrade)),
        history(kE, QStringLiteral("upgrade"), kD + QStringLiteral(", ") + kC, kE, sha256(spec[kE].upgrade)),
    };
    QCOMPARE(historyRows(f), upgradeHistory);

    auto down = run(*scripts, f, RunRequest::Command::Downgrade, {QStringLiteral("base")});
    QVERIFY2(down.ok(), errorOf(down).constData());
    QCOMPARE(down.value().rowsBefore, QStringList{kE});
    QCOMPARE(down.value().rowsAfter, QStringList());
    QCOMPARE(down.value().stepsRun, 5);
    QVERIFY(versionTableExists(f));
    QCOMPARE(versionRows(f), QStringList());
    QCOMPARE(tables(f), (QStringList{"alembic_version", "log", "retort_history"}));
    QCOMPARE(logRows(f),
             (QStringList{"a up", "c up", "b up", "d up", "e up", "e down", "d down", "b down", "c down", "a down"}));
    const QList<QStringList> downgradeHistory = {
        history(kE, QStringLiteral("downgrade"), kE, kD + QStringLiteral(", ") + kC, sha256(spec[kE].downgrade)),
        history(kD, QStringLiteral("downgrade"), kD, kB, sha256(spec[kD].downgrade)),
        history(kB, QStringLiteral("downgrade"), kB, kA, sha256(spec[kB].downgrade)),
        history(kC, QStringLiteral("downgrade"), kC, kA, sha256(spec[kC].downgrade)),
        history(kA, QStringLiteral("downgrade"), kA, kNull, sha256(spec[kA].downgrade)),
    };
    QCOMPARE(historyRows(f), upgradeHistory + downgradeHistory);

    // Who, where, when and which run: one run id per run, a UUID; times and names filled in.
    const QList<QStringList> details =
        historyRows(f, QStringLiteral("run_id, started_at, duration_ms, os_user, host, note"));
    QCOMPARE(details.size(), 10);
    const QRegularExpression uuid(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    const QRegularExpression isoTime(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
    for (int i = 0; i < details.size(); ++i) {
        const QStringList &row = details.at(i);
        QVERIFY2(uuid.match(row.at(0)).hasMatch(), qPrintable(row.join(QLatin1Char('|'))));
        QCOMPARE(row.at(0), details.at(i < 5 ? 0 : 5).at(0));
        QVERIFY2(isoTime.match(row.at(1)).hasMatch(), qPrintable(row.at(1)));
        QVERIFY(row.at(2).toLongLong() >= 0);
        QVERIFY(row.at(3) != kNull && !row.at(3).isEmpty());
        QVERIFY(row.at(4) != kNull && !row.at(4).isEmpty());
        QCOMPARE(row.at(5), kNull);
    }
    QVERIFY(details.at(0).at(0) != details.at(5).at(0));
    for (const QStringList &row : historyRows(f, QStringLiteral("checksum")))
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(row.at(0)).hasMatch(),
                 qPrintable(row.at(0)));
}

void TestMigrationRunner::rowsAfterEachStep_data()
{
    addBackendRows();
}

// One run per target: the version table after each, as Alembic leaves it (branch rows inserted, merged
// rows deleted, a dependency counted as a parent).
void TestMigrationRunner::rowsAfterEachStep()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    CHECKED(writeProject(f, graphProject(backend)));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));

    struct Step
    {
        RunRequest::Command command;
        QString target;
        QStringList rows;
        QStringList logged;
        QStringList tables; // besides alembic_version, log and retort_history
    };
    const auto upgrade = RunRequest::Command::Upgrade;
    const auto downgrade = RunRequest::Command::Downgrade;
    const QVector<Step> steps = {
        {upgrade, kA, {kA}, {"a up"}, {"accounts"}},
        {upgrade, kC, {kC}, {"c up"}, {"accounts", "reports"}},
        {upgrade, kB, {kB, kC}, {"b up"}, {"accounts", "orders", "reports"}},
        {upgrade, kD, {kD}, {"d up"}, {"accounts", "orders", "reports"}},
        {upgrade, QStringLiteral("reports@head"), {kE}, {"e up"}, {"accounts", "order_reports", "orders", "reports"}},
        {downgrade, kD, {kC, kD}, {"e down"}, {"accounts", "orders", "reports"}},
        {downgrade, kB, {kB, kC}, {"d down"}, {"accounts", "orders", "reports"}},
        {downgrade, kA, {kA}, {"b down", "c down"}, {"accounts"}},
        {downgrade, QStringLiteral("base"), {}, {"a down"}, {}},
    };
    QStringList log;
    for (const Step &step : steps) {
        const QString what =
            (step.command == upgrade ? QStringLiteral("upgrade ") : QStringLiteral("downgrade ")) + step.target;
        auto result = run(*scripts, f, step.command, {step.target});
        QVERIFY2(result.ok(), qPrintable(what + QStringLiteral(": ") + errorOf(result)));
        QCOMPARE(sorted(result.value().rowsAfter), step.rows);
        QCOMPARE(versionRows(f), step.rows);
        log += step.logged;
        QCOMPARE(logRows(f), log);
        QCOMPARE(tables(f), sorted(step.tables + QStringList{"alembic_version", "log", "retort_history"}));
        if (step.tables.contains(QStringLiteral("orders"))) {
            const QStringList expected =
                step.rows.contains(kB) ? QStringList{"id", "account_id"} : QStringList{"id", "account_id", "report_id"};
            QCOMPARE(columns(f, QStringLiteral("orders")), expected);
        }
    }
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT COUNT(*) FROM retort_history")),
             QStringList{QString::number(log.size())});
}

// ---------------------------------------------------------------------------
// 2. a revision that fails half way

void TestMigrationRunner::failingRevision_data()
{
    addVariantRows({QStringLiteral("one-transaction"), QStringLiteral("transaction-per-migration")});
}

void TestMigrationRunner::failingRevision()
{
    QFETCH(QString, backend);
    QFETCH(QString, variant);
    Fixture f;
    CHECKED(prepare(f, backend));
    f.settings.transactionPerMigration = variant == QLatin1String("transaction-per-migration");
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), simpleRevision(kB, kA),
                                           simpleRevision(kC, kB, kMissingInsert)};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));

    auto first = run(*scripts, f, RunRequest::Command::Upgrade, {kA});
    QVERIFY2(first.ok(), errorOf(first).constData());
    QCOMPARE(versionRows(f), QStringList{kA});

    auto result = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
    QVERIFY(!result.ok());
    // One transaction: b goes with c. Per migration, or on MariaDB (DDL commits itself): b stays, and
    // MariaDB also keeps what c did before the failing statement (its CREATE TABLE and log row).
    const bool bStays = f.settings.transactionPerMigration || !f.transactionalDdl();
    const QString rowsAfter = bStays ? kB : kA;
    const int failingLine = lineOf(f.path(project[2]), QStringLiteral("INSERT INTO missing_table"));
    QVERIFY(failingLine > 0);
    const QString dbMessage = missingTableMessage(f, QStringLiteral("INSERT INTO missing_table (x)"));
    QCOMPARE(result.error().message,
             QStringLiteral("upgrade bbbb00000002 -> cccc00000003 (create t_c) failed at %1:%2: INSERT INTO "
                            "missing_table (x)\n%3\n%4")
                 .arg(f.path(project[2]))
                 .arg(failingLine)
                 .arg(dbMessage, f.mariadb()
                                     ? rolledBackTail(f, rowsAfter, f.path(project[2]), keptOnMariadb(kC), kC, kC)
                                     : rolledBackTail(f, rowsAfter)));
    QCOMPARE(result.error().code, ErrorCode::Database);

    QCOMPARE(versionRows(f), QStringList{rowsAfter});
    QStringList expectedTables{"alembic_version", "log", "retort_history", "t_a"};
    QStringList expectedLog{"a up"};
    QList<QStringList> expectedHistory{history(kA, "upgrade", kNull, kA, sha256(project[0].upgrade))};
    if (bStays) {
        expectedTables << "t_b";
        expectedLog << "b up";
        expectedHistory << history(kB, "upgrade", kA, kB, sha256(project[1].upgrade));
    }
    if (!f.transactionalDdl()) {
        expectedTables << "t_c";
        expectedLog << "c up";
    }
    // The failure's row is written after the rollback, so it survives it.
    expectedHistory << history(kC, "upgrade", kB, kC, sha256(project[2].upgrade), dbMessage);
    QCOMPARE(tables(f), sorted(expectedTables));
    QCOMPARE(logRows(f), expectedLog);
    QCOMPARE(historyRows(f), expectedHistory);

    // The command line reports the same failure as its last line, and exits 1.
    if (f.transactionalDdl()) {
        const CliRun cli = runCli(f, {QStringLiteral("upgrade"), QStringLiteral("head")});
        QCOMPARE(cli.exitCode, 1);
        QCOMPARE(cli.out, QString());
        QVERIFY2(cli.err.endsWith(QStringLiteral("\nFAILED: ") + result.error().message + QLatin1Char('\n')),
                 qPrintable(cli.err));
        QCOMPARE(versionRows(f), QStringList{rowsAfter});
        QCOMPARE(logRows(f), expectedLog);
        QCOMPARE(historyRows(f).size(), expectedHistory.size() + 1);
    }
}

// ---------------------------------------------------------------------------
// 3. a syntax error in a downgrade section

void TestMigrationRunner::failingDowngrade_data()
{
    addBackendRows();
}

void TestMigrationRunner::failingDowngrade()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    RevisionSpec broken = simpleRevision(kB, kA);
    broken.downgrade = logged(QStringLiteral("b down")) + QStringLiteral("DROP TABLEX t_b;\n");
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), broken};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));

    auto up = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
    QVERIFY2(up.ok(), errorOf(up).constData());

    auto result = run(*scripts, f, RunRequest::Command::Downgrade, {QStringLiteral("base")});
    QVERIFY(!result.ok());
    const int line = lineOf(f.path(broken), QStringLiteral("DROP TABLEX"));
    QVERIFY(line > lineOf(f.path(broken), QStringLiteral("-- migrate:downgrade")));
    QString dbMessage;
    if (f.sqlite()) {
        dbMessage = QStringLiteral("near \"TABLEX\": syntax error");
    } else if (f.postgres()) {
        dbMessage = QStringLiteral("ERROR:  syntax error at or near \"TABLEX\"\nLINE 1: DROP TABLEX t_b\n             "
                                   "^\n(42601)");
    } else {
        dbMessage = QStringLiteral("You have an error in your SQL syntax; check the manual that corresponds to your "
                                   "MariaDB server version for the right syntax to use near 'TABLEX t_b' at line 1");
    }
    const QString expected = QStringLiteral("downgrade bbbb00000002 -> aaaa00000001 (create t_b) failed at %1:%2: "
                                            "DROP TABLEX t_b\n%3\n%4")
                                 .arg(f.path(broken))
                                 .arg(line)
                                 .arg(dbMessage, rolledBackTail(f, kB));
    QCOMPARE(result.error().message, expected);
    QCOMPARE(versionRows(f), QStringList{kB});
    QCOMPARE(tables(f), (QStringList{"alembic_version", "log", "retort_history", "t_a", "t_b"}));
    // The log row before the broken statement is DML inside the step's transaction: gone on all three.
    QCOMPARE(logRows(f), (QStringList{"a up", "b up"}));
    QCOMPARE(historyRows(f).value(2), history(kB, "downgrade", kB, kA, sha256(broken.downgrade), dbMessage));

    const CliRun cli = runCli(f, {QStringLiteral("downgrade"), QStringLiteral("base")});
    QCOMPARE(cli.exitCode, 1);
    QCOMPARE(cli.out, QString());
    QVERIFY2(cli.err.endsWith(QStringLiteral("\nFAILED: ") + expected + QLatin1Char('\n')), qPrintable(cli.err));
    QVERIFY2(cli.err.contains(QStringLiteral("[1/2] Running downgrade bbbb00000002 -> aaaa00000001, create t_b ...\n")),
             qPrintable(cli.err));
    QCOMPARE(versionRows(f), QStringList{kB});
    QCOMPARE(logRows(f), (QStringList{"a up", "b up"}));
}

// ---------------------------------------------------------------------------
// 4. the version table names a revision no file defines

void TestMigrationRunner::unknownRevisionInVersionTable_data()
{
    addBackendRows();
}

void TestMigrationRunner::unknownRevisionInVersionTable()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    CHECKED(writeProject(f, {simpleRevision(kA, QString()), simpleRevision(kB, kA)}));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));
    CHECKED(createAlembicVersionTable(f, QStringLiteral("ae98aa32e0d2")));
    const QString expected = QStringLiteral("Can't locate revision identified by 'ae98aa32e0d2'");

    const QList<QPair<RunRequest::Command, QString>> commands = {
        {RunRequest::Command::Upgrade, QStringLiteral("head")},
        {RunRequest::Command::Downgrade, QStringLiteral("base")},
        {RunRequest::Command::Stamp, QStringLiteral("head")},
    };
    for (const auto &[command, target] : commands) {
        auto result = run(*scripts, f, command, {target});
        QVERIFY(!result.ok());
        QCOMPARE(result.error().message, expected);
    }
    const CliRun cli = runCli(f, {QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(cli.exitCode, 1);
    QCOMPARE(cli.out, QString());
    // Alembic's words, then the guidance (tst_guidance checks it), whose reading creates nothing.
    QVERIFY2(cli.err.contains(QStringLiteral("\nFAILED: ") + expected + QStringLiteral("\n  hint: ")),
             qPrintable(cli.err));
    QVERIFY2(cli.err.endsWith(QStringLiteral("stamp --purge REVISION\n")), qPrintable(cli.err));

    // Nothing changed: no migration ran, no row moved, not even the history table was created.
    QCOMPARE(versionRows(f), QStringList{"ae98aa32e0d2"});
    QCOMPARE(tables(f), (QStringList{"alembic_version", "log"}));
    QCOMPARE(logRows(f), QStringList());

    // stamp --purge is the way out, as in Alembic.
    auto purged = run(*scripts, f, RunRequest::Command::Stamp, {kA}, true);
    QVERIFY2(purged.ok(), errorOf(purged).constData());
    QCOMPARE(versionRows(f), QStringList{kA});
    QCOMPARE(historyRows(f), QList<QStringList>{stampedOn(*scripts, kA, kNull)});
}

// ---------------------------------------------------------------------------
// 5. two `retort upgrade head` at once

void TestMigrationRunner::concurrentUpgrades_data()
{
    // slow-revision: the first revision is slow, so the second process arrives while the first holds the
    // lock. first-contact: a fast project, both processes on an empty database, ten rounds, so that they
    // also meet on the tables a run creates for itself.
    addVariantRows({QStringLiteral("slow-revision"), QStringLiteral("first-contact")});
}

void TestMigrationRunner::concurrentUpgrades()
{
    QFETCH(QString, backend);
    QFETCH(QString, variant);
    Fixture f;
    CHECKED(prepare(f, backend));
    const bool slowRevision = variant == QLatin1String("slow-revision");
    QString slow;
    if (slowRevision && f.sqlite()) {
        slow = QStringLiteral("CREATE TABLE filler (n INTEGER NOT NULL);\n"
                              "INSERT INTO filler (n)\n"
                              "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000)\n"
                              "SELECT n FROM c;\n");
    } else if (slowRevision && f.postgres()) {
        slow = QStringLiteral("SELECT pg_sleep(1);\n");
    } else if (slowRevision) {
        slow = QStringLiteral("DO SLEEP(1);\n");
    }
    const RevisionSpec a = simpleRevision(kA, QString(), slow);
    const QVector<RevisionSpec> project = {a, simpleRevision(kB, kA), simpleRevision(kC, kB)};

    const int rounds = slowRevision ? 1 : 10;
    QElapsedTimer timer;
    timer.start();
    for (int round = 1; round <= rounds; ++round) {
        const QString where = QStringLiteral("round %1: ").arg(round);
        if (round > 1)
            CHECKED(prepareDatabase(f, QStringLiteral("round-%1").arg(round)));
        CHECKED(writeProject(f, project));

        QObject owner;
        QProcess *first = startCli(f, {QStringLiteral("upgrade"), QStringLiteral("head")}, &owner);
        QProcess *second = startCli(f, {QStringLiteral("upgrade"), QStringLiteral("head")}, &owner);
        QVERIFY2(first->waitForStarted(10000), qPrintable(first->errorString()));
        QVERIFY2(second->waitForStarted(10000), qPrintable(second->errorString()));
        const CliRun one = finish(*first);
        const CliRun two = finish(*second);
        QVERIFY2(one.exitCode == 0, qPrintable(where + one.err));
        QVERIFY2(two.exitCode == 0, qPrintable(where + two.err));
        const QString done = QStringLiteral("\nalembic_version: cccc00000003\n");
        QVERIFY2(one.err.endsWith(done), qPrintable(where + one.err));
        QVERIFY2(two.err.endsWith(done), qPrintable(where + two.err));
        // One process ran all three revisions; the other found the database at head.
        const QRegularExpression running(QStringLiteral("\\[\\d/\\d\\] Running upgrade"));
        const int ranByOne = int(one.err.count(running));
        const int ranByTwo = int(two.err.count(running));
        QVERIFY2((ranByOne == 3 && ranByTwo == 0) || (ranByOne == 0 && ranByTwo == 3),
                 qPrintable(where + one.err + QStringLiteral("\n----\n") + two.err));

        QCOMPARE(logRows(f), (QStringList{"a up", "b up", "c up"}));
        QCOMPARE(versionRows(f), QStringList{kC});
        QCOMPARE(historyRows(f), (QList<QStringList>{history(kA, "upgrade", kNull, kA, sha256(a.upgrade)),
                                                     history(kB, "upgrade", kA, kB, sha256(project[1].upgrade)),
                                                     history(kC, "upgrade", kB, kC, sha256(project[2].upgrade))}));
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT COUNT(DISTINCT run_id) FROM retort_history")),
                 QStringList{"1"});
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT COUNT(*) FROM retort_history WHERE success = 0")),
                 QStringList{"0"});
    }
    qInfo("%s: %d round(s) in %lld ms", qPrintable(backend), rounds, timer.elapsed());
}

// ---------------------------------------------------------------------------
// 6. a Transactional: false revision in the middle of a run

void TestMigrationRunner::nonTransactionalRevision_data()
{
    addVariantRows({QStringLiteral("succeeds"), QStringLiteral("later-revision-fails")});
}

void TestMigrationRunner::nonTransactionalRevision()
{
    QFETCH(QString, backend);
    QFETCH(QString, variant);
    Fixture f;
    CHECKED(prepare(f, backend));
    const bool laterFails = variant == QLatin1String("later-revision-fails");
    // Statements that refuse to run inside a transaction, where the database has such statements.
    QString outside;
    QString undo;
    if (f.sqlite()) {
        outside = QStringLiteral("CREATE INDEX t_a_name ON t_a (name);\nVACUUM;\n");
        undo = QStringLiteral("DROP INDEX t_a_name;\n");
    } else if (f.postgres()) {
        outside = QStringLiteral("CREATE INDEX CONCURRENTLY t_a_name ON t_a (name);\n");
        undo = QStringLiteral("DROP INDEX CONCURRENTLY t_a_name;\n");
    } else {
        outside = QStringLiteral("CREATE INDEX t_a_name ON t_a (name);\n");
        undo = QStringLiteral("DROP INDEX t_a_name ON t_a;\n");
    }
    RevisionSpec a = simpleRevision(kA, QString());
    a.upgrade = QStringLiteral("CREATE TABLE t_a (id INTEGER PRIMARY KEY, name VARCHAR(40));\n") + logged("a up");
    const RevisionSpec b{kB,
                         QStringLiteral("index t_a"),
                         kA,
                         QStringLiteral("-- Transactional: false\n"),
                         outside + logged(QStringLiteral("b up")),
                         logged(QStringLiteral("b down")) + undo};
    const QVector<RevisionSpec> project = {a, b, simpleRevision(kC, kB),
                                           simpleRevision(kD, kC, laterFails ? kMissingInsert : QString())};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));

    auto result = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
    // A revision outside a transaction (b) is announced by a row of its own first.
    // One row per revision: b's is written before its first statement and finished after its last, so a
    // revision that succeeded never reads as a failure.
    auto ran = [](const QString &revision, const QString &from, const QString &upgrade,
                  const QString &error = QString()) {
        return QList<QStringList>{history(revision, "upgrade", from, revision, sha256(upgrade), error)};
    };
    QList<QStringList> expectedHistory = ran(kA, kNull, a.upgrade) + ran(kB, kA, b.upgrade);
    if (!laterFails) {
        QVERIFY2(result.ok(), errorOf(result).constData());
        QCOMPARE(versionRows(f), QStringList{kD});
        QCOMPARE(tables(f), (QStringList{"alembic_version", "log", "retort_history", "t_a", "t_c", "t_d"}));
        QCOMPARE(indexes(f), QStringList{"t_a_name"});
        QCOMPARE(logRows(f), (QStringList{"a up", "b up", "c up", "d up"}));
        expectedHistory += ran(kC, kB, project[2].upgrade) + ran(kD, kC, project[3].upgrade);
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT statements_committed FROM retort_history ORDER BY id")),
                 (QStringList{kNull, QString::number(b.upgrade.count(u';')), kNull, kNull}));
        QCOMPARE(historyRows(f), expectedHistory);
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT COUNT(DISTINCT run_id) FROM retort_history")),
                 QStringList{"1"});

        auto down = run(*scripts, f, RunRequest::Command::Downgrade, {QStringLiteral("base")});
        QVERIFY2(down.ok(), errorOf(down).constData());
        QCOMPARE(versionRows(f), QStringList());
        QCOMPARE(tables(f), (QStringList{"alembic_version", "log", "retort_history"}));
        QCOMPARE(indexes(f), QStringList());
        QCOMPARE(logRows(f).mid(4), (QStringList{"d down", "c down", "b down", "a down"}));
        return;
    }

    QVERIFY(!result.ok());
    // What ran up to and including the revision outside a transaction is committed; on SQLite and
    // PostgreSQL the later revisions of the run go with the failure, on MariaDB their DDL stays.
    const QString rowsAfter = f.transactionalDdl() ? kB : kC;
    const QString dbMessage = missingTableMessage(f, QStringLiteral("INSERT INTO missing_table (x)"));
    QCOMPARE(result.error().message,
             QStringLiteral("upgrade cccc00000003 -> dddd00000004 (create t_d) failed at %1:%2: INSERT INTO "
                            "missing_table (x)\n%3\n%4")
                 .arg(f.path(project[3]))
                 .arg(lineOf(f.path(project[3]), QStringLiteral("INSERT INTO missing_table")))
                 .arg(dbMessage, f.mariadb()
                                     ? rolledBackTail(f, rowsAfter, f.path(project[3]), keptOnMariadb(kD), kD, kD)
                                     : rolledBackTail(f, rowsAfter)));
    QCOMPARE(versionRows(f), QStringList{rowsAfter});
    QCOMPARE(indexes(f), QStringList{"t_a_name"});
    if (f.transactionalDdl()) {
        QCOMPARE(tables(f), (QStringList{"alembic_version", "log", "retort_history", "t_a"}));
        QCOMPARE(logRows(f), (QStringList{"a up", "b up"}));
    } else {
        QCOMPARE(tables(f), (QStringList{"alembic_version", "log", "retort_history", "t_a", "t_c", "t_d"}));
        QCOMPARE(logRows(f), (QStringList{"a up", "b up", "c up", "d up"}));
        expectedHistory += ran(kC, kB, project[2].upgrade);
    }
    expectedHistory += ran(kD, kC, project[3].upgrade, dbMessage);
    QCOMPARE(historyRows(f), expectedHistory);
}

// ---------------------------------------------------------------------------
// 6b. a revision that fails after some of its statements committed is not run again

void TestMigrationRunner::failedRevisionIsNeverReapplied_data()
{
    addVariantRows({QStringLiteral("outside-a-transaction"), QStringLiteral("ddl-before-the-failure"),
                    QStringLiteral("dml-only")});
}

// `balance = balance + 10` must run once: 100 -> 110, never 120. What committed is exactly what the
// database keeps: every statement before the failure outside a transaction; on MariaDB what ran up to
// and after a DDL statement; nothing otherwise, and then running again is safe.
void TestMigrationRunner::failedRevisionIsNeverReapplied()
{
    QFETCH(QString, backend);
    QFETCH(QString, variant);
    Fixture f;
    CHECKED(prepare(f, backend));
    const bool outside = variant == QLatin1String("outside-a-transaction");
    const bool ddl = variant == QLatin1String("ddl-before-the-failure");
    const QString update = QStringLiteral("UPDATE accounts SET balance = balance + 10");
    const RevisionSpec a{kA,
                         QStringLiteral("accounts"),
                         QString(),
                         QString(),
                         QStringLiteral("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER);\n"
                                        "INSERT INTO accounts (id, balance) VALUES (1, 100);\n"),
                         QStringLiteral("DROP TABLE accounts;\n")};
    const RevisionSpec b{kB,
                         QStringLiteral("interest"),
                         kA,
                         outside ? QStringLiteral("-- Transactional: false\n") : QString(),
                         update + QStringLiteral(";\n") +
                             (ddl ? QStringLiteral("CREATE TABLE t_x (id INTEGER PRIMARY KEY);\n") : QString()) +
                             kMissingInsert,
                         QStringLiteral("UPDATE accounts SET balance = balance - 10;\n")};
    CHECKED(writeProject(f, {a, b}));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));
    auto balance = [&f] { return selectColumn(f.db(), QStringLiteral("SELECT balance FROM accounts")); };

    auto first = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
    QVERIFY(!first.ok());
    QStringList committed;
    if (outside || (ddl && f.mariadb()))
        committed << update;
    if (ddl && f.mariadb())
        committed << QStringLiteral("CREATE TABLE t_x (id INTEGER PRIMARY KEY)");
    // One transaction for the run: a goes with b's failure unless b runs outside it (it commits a first)
    // or MariaDB's DDL committed it.
    const bool aStays = outside || f.mariadb();
    QCOMPARE(versionRows(f), aStays ? QStringList{kA} : QStringList());
    if (!aStays) {
        // Nothing of the run stayed: running again is safe, and fails the same way.
        QVERIFY2(first.error().message.endsWith(QStringLiteral("Rolled back; alembic_version is empty (no revision "
                                                               "applied).")),
                 errorOf(first).constData());
        QVERIFY(!tables(f).contains(QStringLiteral("accounts")));
        auto again = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, ErrorCode::Database);
        return;
    }
    QCOMPARE(balance(), committed.isEmpty() ? QStringList{"100"} : QStringList{"110"});
    QString expectedTail;
    if (committed.isEmpty()) {
        expectedTail = QStringLiteral("Rolled back; alembic_version is at %1.").arg(kA);
    } else {
        QStringList lines;
        for (const QString &statement : std::as_const(committed))
            lines << QStringLiteral("  %1:%2: %3").arg(f.path(b)).arg(lineOf(f.path(b), statement)).arg(statement);
        expectedTail = QStringLiteral("%1 statement(s) of it stayed committed, because %2:\n%3\nalembic_version is at "
                                      "%4, as before the revision. The next upgrade or downgrade refuses until you "
                                      "settle it:\n  - finish the rest of %5's upgrade by hand, then: retort stamp %5\n"
                                      "  - or undo what committed by hand, then: retort stamp %4")
                           .arg(committed.size())
                           .arg(outside ? QStringLiteral("it runs outside a transaction (Transactional: false)")
                                        : QStringLiteral("MySQL/MariaDB commits at a DDL statement, and what follows "
                                                         "it commits as it runs"),
                                lines.join(u'\n'), kA, kB);
    }
    QVERIFY2(first.error().message.endsWith(expectedTail), errorOf(first).constData());
    QVERIFY2(!committed.isEmpty() || !first.error().message.contains(QStringLiteral("stayed committed")),
             errorOf(first).constData());
    // The failure's row says how many statements committed: the next run reads it.
    QCOMPARE(selectRows(f.db(), QStringLiteral("SELECT success, statements_committed FROM retort_history WHERE "
                                               "revision = '%1'")
                                    .arg(kB)),
             (QList<QStringList>{
                 {QStringLiteral("0"), f.transactionalDdl() && !outside ? kNull : QString::number(committed.size())}}));

    auto again = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
    QVERIFY(!again.ok());
    if (committed.isEmpty()) {
        // Nothing committed (MariaDB rolled the DML back): running again is safe.
        QCOMPARE(again.error().code, ErrorCode::Database);
        QCOMPARE(balance(), QStringList{"100"});
        return;
    }
    QCOMPARE(again.error().code, ErrorCode::Refused);
    QVERIFY2(again.error().message.startsWith(QStringLiteral("Revision %1 failed part way when run at ").arg(kB)),
             errorOf(again).constData());
    QVERIFY2(again.error().message.contains(QStringLiteral("These %1 statement(s) stayed committed:\n  %2:%3: %4")
                                                .arg(committed.size())
                                                .arg(f.path(b))
                                                .arg(lineOf(f.path(b), update))
                                                .arg(update)),
             errorOf(again).constData());
    QVERIFY2(again.error().message.endsWith(QStringLiteral("Running on could apply them twice. Settle it first:\n"
                                                           "  - finish the rest of %1's upgrade by hand, then: retort "
                                                           "stamp %1\n  - or undo what committed by hand, then: "
                                                           "retort stamp %2\nNothing was changed.")
                                                .arg(kB, kA)),
             errorOf(again).constData());
    QCOMPARE(balance(), QStringList{"110"});
    QCOMPARE(versionRows(f), QStringList{kA});
    // The command line says the same and changes nothing.
    const CliRun cli = runCli(f, {QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(cli.exitCode, 1);
    QVERIFY2(cli.err.contains(QStringLiteral("Running on could apply them twice")), qPrintable(cli.err));
    QCOMPARE(balance(), QStringList{"110"});

    // Finished by hand and stamped: settled, and the next upgrade has nothing to do.
    auto stamped = run(*scripts, f, RunRequest::Command::Stamp, {kB});
    QVERIFY2(stamped.ok(), errorOf(stamped).constData());
    auto settled = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
    QVERIFY2(settled.ok(), errorOf(settled).constData());
    QCOMPARE(settled->stepsRun, 0);
    QCOMPARE(balance(), QStringList{"110"});
}

// ---------------------------------------------------------------------------
// 6c. a run runs what was shown, from the files as they are

void TestMigrationRunner::runsOnlyWhatWasShown_data()
{
    addVariantRows(
        {QStringLiteral("as-shown"), QStringLiteral("database-moved"), QStringLiteral("file-edited-in-place")});
}

// The workbench passes the plan it showed (RunRequest::expected); the run plans again under its lock and
// refuses when the database moved meanwhile. Whoever asks, a file rewritten in place after it was read
// (same inode, same size) is never run from the stale parse.
void TestMigrationRunner::runsOnlyWhatWasShown()
{
    QFETCH(QString, backend);
    QFETCH(QString, variant);
    Fixture f;
    CHECKED(prepare(f, backend));
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), simpleRevision(kB, kA)};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));
    const MigrationPlanner planner(scripts->map());
    RunRequest request;
    request.targets = {QStringLiteral("head")};
    auto shown = planRequest(planner, request, {});
    QVERIFY(shown.ok());
    request.expected = PlanExpectation{{}, shown.value(), {}};

    if (variant == QLatin1String("database-moved")) {
        // Another run applied a after the plan was shown.
        auto other = run(*scripts, f, RunRequest::Command::Upgrade, {kA});
        QVERIFY2(other.ok(), errorOf(other).constData());
    } else if (variant == QLatin1String("file-edited-in-place")) {
        // An editor that rewrites the file in place: same inode, same size, other SQL.
        QFile file(f.path(project[1]));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        const qsizetype at = bytes.indexOf("b up");
        QVERIFY(at > 0);
        bytes.replace(at, 4, "B UP");
        QVERIFY(file.seek(0));
        QCOMPARE(file.write(bytes), bytes.size());
        file.close();
    }
    const QStringList logBefore = logRows(f);
    MigrationRunner runner(*scripts, f.settings);
    auto result = runner.run(f.url, request);
    if (variant == QLatin1String("as-shown")) {
        QVERIFY2(result.ok(), errorOf(result).constData());
        QCOMPARE(versionRows(f), QStringList{kB});
        return;
    }
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Refused);
    if (variant == QLatin1String("database-moved")) {
        QCOMPARE(result.error().message,
                 QStringLiteral("The plan changed since it was shown, so nothing was run. It was made when "
                                "alembic_version is empty (no revision applied); now alembic_version is at %1 "
                                "(another run or program moved it).\nShown:\n  1. upgrade  -> %1, create t_a\n  2. "
                                "upgrade %1 -> %2, create t_b\nWould run now:\n  1. upgrade %1 -> %2, create t_b\n"
                                "Review the new plan and run again.")
                     .arg(kA, kB));
        QCOMPARE(versionRows(f), QStringList{kA});
    } else {
        QCOMPARE(result.error().message,
                 QStringLiteral("Revision files of the plan are not what was read, so nothing was run (it would run "
                                "older SQL than the files hold):\n  %1 (changed on disk since it was read)\nLoad the "
                                "project again and review the plan.")
                     .arg(f.path(project[1])));
        QCOMPARE(versionTableExists(f), false);
    }
    QCOMPARE(logRows(f), logBefore);
}

void TestMigrationRunner::refusesAProjectWithFilesLeftOut_data()
{
    addBackendRows();
}

void TestMigrationRunner::refusesAProjectWithFilesLeftOut()
{
    // The window loads what it can of a project with a broken file, to keep showing it; on that graph,
    // b's child looks like a head. Nothing may run from it, not even the part that looks whole.
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), simpleRevision(kB, kA)};
    CHECKED(writeProject(f, project));
    QFile broken(f.path(project[1]));
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
    broken.write("-- b\n--\n-- Revises: " + kA.toUtf8() + "\n-- migrate:upgrade\n"); // no Revision ID
    broken.close();
    Result<ScriptDirectory> scripts = ScriptDirectory::loadLeavingOut(QStringList{f.versionsDir()});
    QVERIFY2(scripts.ok(), errorOf(scripts).constData());
    QCOMPARE(scripts->map().size(), 1);

    MigrationRunner runner(scripts.value(), f.settings);
    RunRequest request;
    request.targets = {QStringLiteral("head")};
    const auto result = runner.run(f.url, request);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Refused);
    QCOMPARE(result.error().location.file, f.path(project[1]));
    QVERIFY2(result.error().message.startsWith(
                 QStringLiteral("nothing was run: 1 file(s) of the project could not be loaded, so its graph is not "
                                "whole; first: %1:")
                     .arg(f.path(project[1]))),
             qPrintable(result.error().message));
    QCOMPARE(versionTableExists(f), false);
}

void TestMigrationRunner::stopsBeforeTheStepAsked_data()
{
    addBackendRows();
}

void TestMigrationRunner::stopsBeforeTheStepAsked()
{
    // After a rehearsal that stopped early, the real run goes as far as was rehearsed and commits; the
    // rest runs only as a second run of exactly the steps left.
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), simpleRevision(kB, kA),
                                           simpleRevision(kC, kB)};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));
    const MigrationPlanner planner(scripts->map());
    RunRequest request;
    request.targets = {QStringLiteral("head")};
    auto shown = planRequest(planner, request, {});
    QVERIFY(shown.ok());
    QCOMPARE(shown->size(), 3);
    request.expected = PlanExpectation{{}, shown.value(), {}};
    request.stopBeforeStep = 2;

    MigrationRunner runner(*scripts, f.settings);
    QStringList messages;
    connect(&runner, &MigrationRunner::messageLogged, this, [&messages](const QString &m) { messages << m; });
    auto first = runner.run(f.url, request);
    QVERIFY2(first.ok(), errorOf(first).constData());
    QCOMPARE(first->stepsRun, 1);
    QCOMPARE(first->stoppedBeforeStep, 2);
    QCOMPARE(first->rowsAfter, QStringList{kA});
    QCOMPARE(versionRows(f), QStringList{kA}); // committed
    QVERIFY2(messages.contains(QStringLiteral("Stopping before upgrade %1 -> %2, create t_b as asked; 2 of "
                                              "the plan's steps left, not run.")
                                   .arg(kA, kB)),
             qPrintable(messages.join(u'\n')));

    RunRequest rest;
    rest.targets = request.targets;
    rest.expected = PlanExpectation{first->rowsAfter, shown->mid(1), {}};
    rest.continuesRun = first->runId;
    auto second = runner.run(f.url, rest);
    QVERIFY2(second.ok(), errorOf(second).constData());
    QCOMPARE(second->stepsRun, 2);
    QVERIFY(!first->runId.isEmpty());
    QCOMPARE(second->runId, first->runId); // one run in the history
    QCOMPARE(second->stoppedBeforeStep, 0);
    QCOMPARE(versionRows(f), QStringList{kC});
}

void TestMigrationRunner::productionWaitsTenSecondsForALock()
{
    // Unset, a production environment's statements wait 10 s for a lock; others as the database does.
    const auto config = ProjectConfig::parse(QStringLiteral("[retort]\nscript_location = m\n"
                                                            "[env.prod]\nurl = sqlite:///p.db\nproduction = true\n"
                                                            "[env.dev]\nurl = sqlite:///d.db\n"
                                                            "[env.slow]\nurl = sqlite:///s.db\nproduction = true\n"
                                                            "db_lock_timeout = 30\ndb_statement_timeout = 600\n"),
                                             QStringLiteral("/tmp/retort.ini"), QProcessEnvironment());
    QVERIFY2(config.ok(), errorOf(config).constData());
    QCOMPARE(RunSettings::fromConfig(config.value(), QStringLiteral("prod")).dbLockTimeoutSeconds, 10.0);
    QCOMPARE(RunSettings::fromConfig(config.value(), QStringLiteral("prod")).dbStatementTimeoutSeconds, 0.0);
    QCOMPARE(RunSettings::fromConfig(config.value(), QStringLiteral("dev")).dbLockTimeoutSeconds, 0.0);
    QCOMPARE(RunSettings::fromConfig(config.value(), QStringLiteral("slow")).dbLockTimeoutSeconds, 30.0);
    QCOMPARE(RunSettings::fromConfig(config.value(), QStringLiteral("slow")).dbStatementTimeoutSeconds, 600.0);
}

void TestMigrationRunner::blockedStatementGivesUpAtTheLockTimeout_data()
{
    addBackendRows();
}

void TestMigrationRunner::blockedStatementGivesUpAtTheLockTimeout()
{
    // Another session (an application's open transaction) holds what an ALTER needs: with db_lock_timeout
    // the run gives up after it, says why, and leaves the database as it was, instead of waiting (and, on a
    // server, queueing every other query behind it) for as long as the other session lasts.
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()),
                                           {kB, QStringLiteral("add x"), kA, QString(),
                                            QStringLiteral("ALTER TABLE t_a ADD COLUMN x INTEGER;\n"),
                                            QStringLiteral("ALTER TABLE t_a DROP COLUMN x;\n")}};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));
    auto first = run(*scripts, f, RunRequest::Command::Upgrade, {kA});
    QVERIFY2(first.ok(), errorOf(first).constData());

    const QString blocker = f.sqlite() ? QString()
                                       : selectColumn(f.db(), f.postgres() ? QStringLiteral("SELECT pg_backend_pid()")
                                                                           : QStringLiteral("SELECT CONNECTION_ID()"))
                                             .value(0);
    // The blocking session: the test's own connection.
    const QString hold = f.sqlite()     ? QStringLiteral("BEGIN IMMEDIATE")
                         : f.postgres() ? QStringLiteral("BEGIN; LOCK TABLE t_a IN ACCESS SHARE MODE")
                                        : QStringLiteral("START TRANSACTION");
    for (const QString &statement : hold.split(QStringLiteral("; ")))
        QCOMPARE(execError(f.db(), statement), QString());
    if (f.mariadb()) // a transaction that read the table holds its metadata lock until it ends
        QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT COUNT(*) FROM t_a")), QStringList{QStringLiteral("0")});

    RunSettings settings = f.settings;
    settings.dbLockTimeoutSeconds = f.sqlite() ? 1 : 2;
    settings.lockReportSeconds = 0.5;
    MigrationRunner runner(*scripts, settings);
    QStringList messages;
    QMutex messagesMutex;
    // Direct: who blocks the statement is said from the watcher's thread while this one waits in the statement.
    connect(
        &runner, &MigrationRunner::messageLogged, this,
        [&](const QString &m) {
            const QMutexLocker locked(&messagesMutex);
            messages << m;
        },
        Qt::DirectConnection);
    RunRequest request;
    request.targets = {QStringLiteral("head")};
    QElapsedTimer waited;
    waited.start();
    const auto result = runner.run(f.url, request);
    const qint64 elapsed = waited.elapsed();
    QCOMPARE(execError(f.db(), f.sqlite() || f.postgres() ? QStringLiteral("ROLLBACK") : QStringLiteral("COMMIT")),
             QString());

    QVERIFY(!result.ok());
    QVERIFY2(elapsed < 4500, qPrintable(QString::number(elapsed)));
    QVERIFY2(messages.contains(QStringLiteral("A statement waits at most %1 s for a lock another session holds "
                                              "(db_lock_timeout).")
                                   .arg(settings.dbLockTimeoutSeconds)),
             qPrintable(messages.join(u'\n')));
    const QString message = result.error().message;
    QVERIFY2(f.sqlite() ? message.contains(QStringLiteral("locked"))
                        : message.contains(QStringLiteral("Retort gave up waiting at db_lock_timeout = 2 s")),
             qPrintable(message));
    // Meanwhile, every half second, who holds the lock: this test's session, by its id and what it ran.
    const QStringList waits = messages.filter(QStringLiteral("Waiting "));
    if (f.sqlite()) {
        QCOMPARE(waits, QStringList()); // SQLite cannot say who holds its file
    } else {
        QVERIFY2(waits.size() >= 2, qPrintable(messages.join(u'\n')));
        const QString expected =
            f.postgres()
                ? QStringLiteral(" s for a lock held by pid %1 (").arg(blocker)
                : QStringLiteral(" s (Waiting for table metadata lock) for a lock held by id %1 (").arg(blocker);
        QVERIFY2(waits.last().contains(expected), qPrintable(waits.join(u'\n')));
        if (f.postgres()) {
            QVERIFY2(waits.last().contains(QStringLiteral("transaction open ")), qPrintable(waits.last()));
            QVERIFY2(waits.last().contains(QStringLiteral("idle in transaction")) &&
                         waits.last().endsWith(QStringLiteral("LOCK TABLE t_a IN ACCESS SHARE MODE")),
                     qPrintable(waits.last()));
        }
    }
    QCOMPARE(versionRows(f), QStringList{kA}); // nothing of b stays
}

// ---------------------------------------------------------------------------
// 7. stamp

void TestMigrationRunner::stamp_data()
{
    addBackendRows();
}

void TestMigrationRunner::stamp()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    // b and c are two branches off a.
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), simpleRevision(kB, kA),
                                           simpleRevision(kC, kA)};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));

    struct Step
    {
        QStringList targets;
        bool purge;
        QStringList rows;
        QList<QStringList> history;
    };
    // A row per revision a stamp marks applied or stamps away, as upgrade and downgrade rows are.
    const QVector<Step> steps = {
        {{kB}, false, {kB}, {stampedOn(*scripts, kA, kNull), stampedOn(*scripts, kB, kA)}},
        {{kA}, false, {kA}, {stampedAway(kB, kA)}},
        {{kB}, false, {kB}, {stampedOn(*scripts, kB, kA)}},
        {{kC}, true, {kC}, {stampedAway(kB, kA), stampedOn(*scripts, kC, kA)}},
        {{QStringLiteral("base")}, false, {}, {stampedAway(kC, kA), stampedAway(kA, kNull)}},
        {{kB, kC},
         false,
         {kB, kC},
         {stampedOn(*scripts, kA, kNull), stampedOn(*scripts, kB, kA), stampedOn(*scripts, kC, kA)}},
        // Stamping where it already is changes nothing, and says so (it settles an interrupted run).
        {{QStringLiteral("heads")},
         false,
         {kB, kC},
         {{kB, QStringLiteral("stamp"), kB + QStringLiteral(", ") + kC, kB + QStringLiteral(", ") + kC,
           QStringLiteral("1"), kNull, kNull, QStringLiteral("test"), QStringLiteral(RETORT_VERSION)}}},
    };
    QList<QStringList> expectedHistory;
    for (const Step &step : steps) {
        auto result = run(*scripts, f, RunRequest::Command::Stamp, step.targets, step.purge);
        QVERIFY2(result.ok(), qPrintable(step.targets.join(QLatin1Char(' ')) + QStringLiteral(": ") + errorOf(result)));
        QCOMPARE(versionRows(f), step.rows);
        expectedHistory += step.history;
        QCOMPARE(historyRows(f), expectedHistory);
    }
    // The command line, the same way: --purge empties the table first.
    const CliRun cli = runCli(f, {QStringLiteral("stamp"), QStringLiteral("--purge"), kA});
    QCOMPARE(cli.exitCode, 0);
    QCOMPARE(cli.out, QString());
    QVERIFY2(cli.err.contains(QStringLiteral("\n[1/1] Running stamp_revision  -> aaaa00000001 ... done in ")),
             qPrintable(cli.err));
    QVERIFY2(cli.err.endsWith(QStringLiteral(" ms\nalembic_version: aaaa00000001\n")), qPrintable(cli.err));
    QCOMPARE(versionRows(f), QStringList{kA});
    expectedHistory << stampedAway(kB, kA) << stampedAway(kC, kA);
    QCOMPARE(historyRows(f), expectedHistory);
    // --purge says what it purged.
    QCOMPARE(selectColumn(f.db(), QStringLiteral("SELECT note FROM retort_history ORDER BY id DESC")).value(0),
             QStringLiteral("--purge emptied alembic_version first, which held %1, %2").arg(kB, kC));
    auto purgedToBase = run(*scripts, f, RunRequest::Command::Stamp, {QStringLiteral("base")}, true);
    QVERIFY2(purgedToBase.ok(), errorOf(purgedToBase).constData());
    QCOMPARE(versionRows(f), QStringList());
    QCOMPARE(selectRows(f.db(), QStringLiteral("SELECT direction, from_revisions, to_revisions, note FROM "
                                               "retort_history ORDER BY id DESC"))
                 .value(0),
             (QStringList{QStringLiteral("stamp"), kA, kNull,
                          QStringLiteral("--purge emptied alembic_version, which held %1").arg(kA)}));

    // No migration SQL ran at any point.
    QCOMPARE(logRows(f), QStringList());
    QCOMPARE(tables(f), (QStringList{"alembic_version", "log", "retort_history"}));
}

// ---------------------------------------------------------------------------
// 8. an offline script leaves the database as the online run does

void TestMigrationRunner::offlineEqualsOnline_data()
{
    addBackendRows();
}

void TestMigrationRunner::offlineEqualsOnline()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    CHECKED(writeProject(f, graphProject(backend, true)));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));

    // upgrade base:head through the API, as `upgrade --sql` builds it.
    const MigrationPlanner planner(scripts->map());
    RunRequest request;
    request.targets = QStringList{QStringLiteral("head")};
    auto steps = planRequest(planner, request, {});
    QVERIFY2(steps.ok(), errorOf(steps).constData());
    auto planned = planner.simulate(steps.value(), {}, f.versionTable());
    QVERIFY2(planned.ok(), errorOf(planned).constData());
    OfflineScript::Options options;
    options.settings = f.settings;
    options.createVersionTable = true;
    options.generatedBy = QStringLiteral("tester@host at 2025-10-16T09:12:44Z");
    const auto dialect = SqlDialect::create(f.url.dialect());
    const QString upgradeScript = OfflineScript::render(*scripts, planned.value(), *dialect, options);
    QVERIFY(upgradeScript.contains(QStringLiteral("-- Running upgrade  -> aaaa00000001\n")));
    QCOMPARE(applyWithClient(f, upgradeScript), QString());
    const Snapshot offlineUp = snapshot(f);

    // downgrade head:base through the command line.
    const CliRun sql = runCli(f, {QStringLiteral("downgrade"), QStringLiteral("--sql"), QStringLiteral("head:base")});
    QVERIFY2(sql.exitCode == 0, qPrintable(sql.err));
    QVERIFY(sql.out.contains(QStringLiteral("-- Running downgrade aaaa00000001 -> \n")));
    QCOMPARE(applyWithClient(f, sql.out), QString());
    const Snapshot offlineDown = snapshot(f);
    const QList<QStringList> offlineNotes = historyRows(f, QStringLiteral("note, started_at"));

    CHECKED(prepareDatabase(f, QStringLiteral("online")));
    auto up = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
    QVERIFY2(up.ok(), errorOf(up).constData());
    const Snapshot onlineUp = snapshot(f);
    auto down = run(*scripts, f, RunRequest::Command::Downgrade, {QStringLiteral("base")});
    QVERIFY2(down.ok(), errorOf(down).constData());
    const Snapshot onlineDown = snapshot(f);

    QCOMPARE(onlineUp.tables, (QStringList{"accounts", "alembic_version", "log", "order_reports", "orders", "reports",
                                           "retort_history"}));
    QCOMPARE(onlineUp.indexes, QStringList{"accounts_name"});
    QCOMPARE(onlineUp.versionRows, QStringList{kF});
    QCOMPARE(onlineUp.log, (QStringList{"a up", "c up", "b up", "d up", "e up", "f up"}));
    // One row per step, and one before each revision that ran outside a transaction (see HistoryRecord).
    auto successRows = [](const QList<QStringList> &rows) {
        return std::count_if(rows.cbegin(), rows.cend(), [](const QStringList &row) { return row.value(4) == "1"; });
    };
    QCOMPARE(successRows(onlineUp.history), 6);
    QCOMPARE(onlineDown.tables, (QStringList{"alembic_version", "log", "retort_history"}));
    QCOMPARE(onlineDown.versionRows, QStringList());
    QCOMPARE(successRows(onlineDown.history), 12);

    QCOMPARE(offlineUp.tables, onlineUp.tables);
    QCOMPARE(offlineUp.columns, onlineUp.columns);
    QCOMPARE(offlineUp.indexes, onlineUp.indexes);
    QCOMPARE(offlineUp.versionRows, onlineUp.versionRows);
    QCOMPARE(offlineUp.log, onlineUp.log);
    QCOMPARE(offlineUp.history, onlineUp.history);
    QCOMPARE(offlineDown.tables, onlineDown.tables);
    QCOMPARE(offlineDown.columns, onlineDown.columns);
    QCOMPARE(offlineDown.indexes, onlineDown.indexes);
    QCOMPARE(offlineDown.versionRows, onlineDown.versionRows);
    QCOMPARE(offlineDown.log, onlineDown.log);
    QCOMPARE(offlineDown.history, onlineDown.history);

    // The offline rows say where they came from and when the script ran.
    QCOMPARE(offlineNotes.size(), offlineDown.history.size());
    for (const QStringList &row : offlineNotes) {
        QVERIFY2(row.at(0).startsWith(QStringLiteral("offline script generated by ")), qPrintable(row.at(0)));
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"))
                     .match(row.at(1))
                     .hasMatch(),
                 qPrintable(row.at(1)));
    }
    QCOMPARE(offlineNotes.at(0).at(0),
             QStringLiteral("offline script generated by tester@host at 2025-10-16T09:12:44Z"));
}

// ---------------------------------------------------------------------------
// 9. cancel()

void TestMigrationRunner::cancel_data()
{
    addVariantRows({QStringLiteral("one-transaction"), QStringLiteral("transaction-per-migration")});
}

void TestMigrationRunner::cancel()
{
    QFETCH(QString, backend);
    QFETCH(QString, variant);
    Fixture f;
    CHECKED(prepare(f, backend));
    f.settings.transactionPerMigration = variant == QLatin1String("transaction-per-migration");
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), simpleRevision(kB, kA),
                                           simpleRevision(kC, kB)};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));

    MigrationRunner runner(*scripts, f.settings);
    const QMetaObject::Connection canceller =
        connect(&runner, &MigrationRunner::stepStarted, this, [&runner](int number, int, const QString &) {
            if (number == 2)
                runner.cancel();
        });
    RunRequest request;
    request.targets = QStringList{QStringLiteral("head")};
    auto result = runner.run(f.url, request);
    QVERIFY(!result.ok());
    QVERIFY(result.error().message.startsWith(QStringLiteral("Cancelled")));

    // Only a committed a survives: per migration, or on MariaDB where every revision commits.
    const bool aStays = f.settings.transactionPerMigration || !f.transactionalDdl();
    QCOMPARE(result.error().message,
             QStringLiteral("Cancelled before a statement of upgrade aaaa00000001 -> bbbb00000002 (create t_b)\n") +
                 rolledBackTail(f, aStays ? kA : QString()));
    QCOMPARE(versionRows(f), aStays ? QStringList{kA} : QStringList());
    QCOMPARE(tables(f), (aStays ? QStringList{"alembic_version", "log", "retort_history", "t_a"}
                                : QStringList{"log", "retort_history"}));
    QCOMPARE(logRows(f), aStays ? QStringList{"a up"} : QStringList());
    QList<QStringList> expectedHistory;
    if (aStays)
        expectedHistory << history(kA, "upgrade", kNull, kA, sha256(project[0].upgrade));
    expectedHistory << history(kB, "upgrade", kA, kB, sha256(project[1].upgrade), QStringLiteral("cancelled"));
    QCOMPARE(historyRows(f), expectedHistory);

    // A new run on the same runner is not cancelled, and carries on from what committed.
    disconnect(canceller);
    auto again = runner.run(f.url, request);
    QVERIFY2(again.ok(), errorOf(again).constData());
    QCOMPARE(versionRows(f), QStringList{kC});
    QCOMPARE(logRows(f), (QStringList{"a up", "b up", "c up"}));
}

// ---------------------------------------------------------------------------
// 10. history_table empty

void TestMigrationRunner::noHistoryTable_data()
{
    addBackendRows();
}

void TestMigrationRunner::noHistoryTable()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    f.settings.historyTable.clear();
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), simpleRevision(kB, kA),
                                           simpleRevision(kC, kB, kMissingInsert)};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));
    const QStringList noHistory{"alembic_version", "log", "t_a", "t_b"};

    auto up = run(*scripts, f, RunRequest::Command::Upgrade, {kB});
    QVERIFY2(up.ok(), errorOf(up).constData());
    QCOMPARE(tables(f), noHistory);

    // A failure has no row to write, and says nothing about one.
    auto failed = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
    QVERIFY(!failed.ok());
    const QString tail = f.mariadb() ? rolledBackTail(f, kB, f.path(project[2]), keptOnMariadb(kC), kC, kC, false)
                                     : rolledBackTail(f, kB);
    QVERIFY2(failed.error().message.endsWith(QLatin1Char('\n') + tail), qPrintable(failed.error().message));
    QCOMPARE(tables(f), f.transactionalDdl() ? noHistory : noHistory + QStringList{"t_c"});

    auto down = run(*scripts, f, RunRequest::Command::Downgrade, {QStringLiteral("base")});
    QVERIFY2(down.ok(), errorOf(down).constData());
    QCOMPARE(versionRows(f), QStringList());
    auto stamped = run(*scripts, f, RunRequest::Command::Stamp, {kA});
    QVERIFY2(stamped.ok(), errorOf(stamped).constData());
    QCOMPARE(versionRows(f), QStringList{kA});
    QVERIFY(!tables(f).contains(QStringLiteral("retort_history")));

    // Nor does the offline script or the command line create one.
    const CliRun sql = runCli(f, {QStringLiteral("upgrade"), QStringLiteral("--sql"), kB});
    QVERIFY2(sql.exitCode == 0, qPrintable(sql.err));
    QVERIFY(!sql.out.contains(QStringLiteral("retort_history")));
    const CliRun cli = runCli(f, {QStringLiteral("upgrade"), kB});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
    QVERIFY(!tables(f).contains(QStringLiteral("retort_history")));
    QCOMPARE(versionRows(f), QStringList{kB});
    const QStringList failedRun = f.transactionalDdl() ? QStringList() : QStringList{"c up"};
    QCOMPARE(logRows(f), (QStringList{"a up", "b up"} + failedRun + QStringList{"b down", "a down", "b up"}));
}

// ---------------------------------------------------------------------------
// 11. a custom version table (in a schema of its own on PostgreSQL)

void TestMigrationRunner::customVersionTable_data()
{
    addBackendRows();
}

void TestMigrationRunner::customVersionTable()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    f.settings.versionTable = QStringLiteral("schema_revisions");
    if (f.postgres()) {
        f.settings.versionTableSchema = QStringLiteral("ops");
        QCOMPARE(execError(f.db(), QStringLiteral("CREATE SCHEMA ops")), QString());
    }
    const QString versionTable = f.versionTable();
    QCOMPARE(versionTable, f.postgres() ? QStringLiteral("ops.schema_revisions") : QStringLiteral("schema_revisions"));
    const QString history = f.historyTable();
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), simpleRevision(kB, kA),
                                           simpleRevision(kC, kB, kMissingInsert)};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));
    const QStringList expectedTables = sorted({versionTable, history, "log", "t_a", "t_b"});

    auto up = run(*scripts, f, RunRequest::Command::Upgrade, {kA});
    QVERIFY2(up.ok(), errorOf(up).constData());
    QCOMPARE(versionRows(f), QStringList{kA});

    // The command line takes the names from retort.ini.
    const CliRun cli = runCli(f, {QStringLiteral("upgrade"), kB});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
    QVERIFY2(cli.err.endsWith(QStringLiteral("\n%1: %2\n").arg(versionTable, kB)), qPrintable(cli.err));
    QCOMPARE(versionRows(f), QStringList{kB});
    QCOMPARE(tables(f), expectedTables);
    const CliRun current = runCli(f, {QStringLiteral("current")});
    QCOMPARE(current.exitCode, 0);
    QVERIFY2(current.out.startsWith(kB), qPrintable(current.out));

    auto failed = run(*scripts, f, RunRequest::Command::Upgrade, {QStringLiteral("head")});
    QVERIFY(!failed.ok());
    const QString tail =
        f.mariadb() ? rolledBackTail(f, kB, f.path(project[2]), keptOnMariadb(kC), kC, kC) : rolledBackTail(f, kB);
    QVERIFY2(failed.error().message.endsWith(QLatin1Char('\n') + tail), qPrintable(failed.error().message));

    auto stamped = run(*scripts, f, RunRequest::Command::Stamp, {kA});
    QVERIFY2(stamped.ok(), errorOf(stamped).constData());
    QCOMPARE(versionRows(f), QStringList{kA});
    auto down = run(*scripts, f, RunRequest::Command::Downgrade, {QStringLiteral("base")});
    QVERIFY2(down.ok(), errorOf(down).constData());
    QCOMPARE(versionRows(f), QStringList());
    QVERIFY(versionTableExists(f));
    QCOMPARE(historyRows(f).size(), 5); // a, b, the failed c, the stamp, a's downgrade
    // a's downgrade dropped t_a; t_b stays, stamped over.
    QStringList finalTables = sorted({versionTable, history, "log", "t_b"});
    if (!f.transactionalDdl())
        finalTables = sorted(finalTables + QStringList{"t_c"});
    QCOMPARE(tables(f), finalTables);
    QVERIFY(!tables(f).contains(QStringLiteral("alembic_version")));

    // The offline script uses the names too.
    const CliRun sql = runCli(f, {QStringLiteral("upgrade"), QStringLiteral("--sql"), kB});
    QVERIFY2(sql.exitCode == 0, qPrintable(sql.err));
    QVERIFY(sql.out.contains(QStringLiteral("CREATE TABLE %1 (\n").arg(versionTable)));
    QVERIFY(
        sql.out.contains(QStringLiteral("INSERT INTO %1 (version_num) VALUES ('aaaa00000001');\n").arg(versionTable)));
    QVERIFY(sql.out.contains(QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (\n").arg(history)));
    QVERIFY(!sql.out.contains(QStringLiteral("alembic_version")));
}

// ---------------------------------------------------------------------------
// 12. a database Alembic created carries on

void TestMigrationRunner::alembicDatabase_data()
{
    addBackendRows();
}

void TestMigrationRunner::alembicDatabase()
{
    QFETCH(QString, backend);
    Fixture f;
    CHECKED(prepare(f, backend));
    const QVector<RevisionSpec> project = {simpleRevision(kA, QString()), simpleRevision(kB, kA),
                                           simpleRevision(kC, kB)};
    CHECKED(writeProject(f, project));
    std::unique_ptr<ScriptDirectory> scripts;
    CHECKED(loadScripts(f, &scripts));
    // What Alembic left: its version table at a, and a's table.
    CHECKED(createAlembicVersionTable(f, kA));
    QCOMPARE(execError(f.db(), QStringLiteral("CREATE TABLE t_a (id INTEGER PRIMARY KEY)")), QString());
    auto describe = [&f]() -> QList<QStringList> {
        if (f.sqlite())
            return selectRows(f.db(), QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'alembic_version'"));
        return selectRows(f.db(), QStringLiteral("SELECT column_name, data_type, character_maximum_length, is_nullable "
                                                 "FROM information_schema.columns WHERE table_name = 'alembic_version' "
                                                 "AND table_schema = %1")
                                      .arg(f.postgres() ? QStringLiteral("'public'") : QStringLiteral("DATABASE()")));
    };
    const QList<QStringList> alembicShape = describe();
    if (!f.sqlite()) {
        QCOMPARE(alembicShape.size(), 1);
        QCOMPARE(alembicShape.at(0).value(0).toLower(), QStringLiteral("version_num"));
        QCOMPARE(alembicShape.at(0).value(2), QStringLiteral("32"));
        QCOMPARE(alembicShape.at(0).value(3), QStringLiteral("NO"));
    }

    const CliRun cli = runCli(f, {QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
    QVERIFY2(cli.err.contains(QStringLiteral("[1/2] Running upgrade aaaa00000001 -> bbbb00000002, create t_b ...")),
             qPrintable(cli.err));
    QVERIFY2(cli.err.endsWith(QStringLiteral("\nalembic_version: cccc00000003\n")), qPrintable(cli.err));
    QCOMPARE(versionRows(f), QStringList{kC});
    QCOMPARE(logRows(f), (QStringList{"b up", "c up"}));
    QCOMPARE(tables(f), (QStringList{"alembic_version", "log", "retort_history", "t_a", "t_b", "t_c"}));
    QCOMPARE(historyRows(f), (QList<QStringList>{history(kB, "upgrade", kA, kB, sha256(project[1].upgrade)),
                                                 history(kC, "upgrade", kB, kC, sha256(project[2].upgrade))}));
    // Alembic's table is used as it is: same columns, same definition.
    QCOMPARE(columns(f, QStringLiteral("alembic_version")), QStringList{"version_num"});
    QCOMPARE(describe(), alembicShape);

    auto down = run(*scripts, f, RunRequest::Command::Downgrade, {kA});
    QVERIFY2(down.ok(), errorOf(down).constData());
    QCOMPARE(versionRows(f), QStringList{kA});
    QCOMPARE(tables(f), (QStringList{"alembic_version", "log", "retort_history", "t_a"}));
    QCOMPARE(describe(), alembicShape);
}

QTEST_GUILESS_MAIN(TestMigrationRunner)
#include "tst_migrationrunner.moc"
