// SPDX-License-Identifier: GPL-3.0-or-later
// Tests that try to break a run: SIGKILL at random moments of `retort upgrade heads`, four runs
// at once on one database, and a run waiting for another's lock. SQLite files here; PostgreSQL
// and MariaDB from the CTest fixture's private servers in the integration build
// (RETORT_INTEGRATION). Every case runs the real CLI.
//
// RETORT_KILL_TRIALS sets the kill trials per case (default 50); each case prints its counts.
#include "tests/support/TestFiles.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/RunLock.h"
#include "core/script/DatabaseUrl.h"
#include "tests/runtime/TestDatabases.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

#include <signal.h>

using namespace retort;
using namespace retort::testing;

namespace {

constexpr int kRevisions = 60;
constexpr int kOutsideTransactionRevision = 30; // Transactional: false in the "outside" mode

QString revisionId(int number)
{
    return QStringLiteral("r%1").arg(number, 3, 10, QLatin1Char('0'));
}

// How a kill test's project runs.
enum class Mode
{
    OneTransaction,         // the whole run commits at once (transaction_per_migration = false)
    TransactionPerRevision, // each revision commits on its own
    OutsideTransaction,     // one transaction per revision, and revision 30 is Transactional: false
};

struct Outcome
{
    int applied = 0;             // revisions the version table says are applied
    QStringList errors;          // what contradicts it
    bool partialOutside = false; // revision 30's table exists while the version table is before it
};

} // namespace

class TestReliability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killDuringUpgrade_data();
    void killDuringUpgrade();
    void concurrentUpgrades_data();
    void concurrentUpgrades();
    void lockWaitSaysWhoAndGivesUp_data();
    void lockWaitSaysWhoAndGivesUp();
#ifdef RETORT_INTEGRATION
    void connectionLostMidRun();
    void passwordNeverShown();
#endif

private:
    void makeProject(const QString &root, Mode mode);
    void resetDatabase(const QString &backend, const QString &root);
    QProcess *startRetort(const QString &root, const QStringList &arguments, QObject *parent = nullptr);
    CliRun runRetort(const QString &root, const QStringList &arguments);
    Outcome inspect();

    QProcessEnvironment m_environment;
    QHash<QString, QString> m_urls;
    QString m_url; // of the case being run
    std::unique_ptr<DatabaseConnection> m_inspector;
};

void TestReliability::initTestCase()
{
    CHECKED(checkCliAndServers(&m_urls));
    m_environment = cliEnvironment();
}

void TestReliability::makeProject(const QString &root, Mode mode)
{
    QVERIFY(QDir().mkpath(root + QStringLiteral("/versions")));
    QVERIFY(writeFile(
        root + QStringLiteral("/retort.ini"),
        QStringLiteral("[retort]\nscript_location = .\nhistory_table = retort_history\n"
                       "transaction_per_migration = %1\ndefault_env = test\n\n[env.test]\nurl = ${RELIABILITY_URL}\n")
            .arg(mode == Mode::OneTransaction ? QStringLiteral("false") : QStringLiteral("true"))));
    for (int i = 1; i <= kRevisions; ++i) {
        const bool outside = mode == Mode::OutsideTransaction && i == kOutsideTransactionRevision;
        QString upgrade = QStringLiteral("CREATE TABLE t_%1 (id INTEGER PRIMARY KEY, note VARCHAR(40));\n"
                                         "INSERT INTO t_%1 (id, note) VALUES (1, 'one');\n"
                                         "INSERT INTO t_%1 (id, note) VALUES (2, 'two');\n")
                              .arg(i);
        QVERIFY(writeFile(root + QStringLiteral("/versions/%1_step.sql").arg(revisionId(i)),
                          QStringLiteral("-- step %1\n--\n-- Revision ID: %2\n-- Revises: %3\n"
                                         "-- Transactional: %4\n\n-- migrate:upgrade\n%5\n"
                                         "-- migrate:downgrade\nDROP TABLE t_%1;\n")
                              .arg(i)
                              .arg(revisionId(i), i == 1 ? QString() : revisionId(i - 1),
                                   outside ? QStringLiteral("false") : QStringLiteral("true"), upgrade)));
    }
}

void TestReliability::resetDatabase(const QString &backend, const QString &root)
{
    m_inspector.reset();
    if (backend == kSqlite) {
        const QString path = root + QStringLiteral("/test.db");
        QFile::remove(path);
        m_url = QStringLiteral("sqlite:///") + path;
    } else {
        m_url = m_urls.value(backend == kPostgres ? QStringLiteral("RETORT_TEST_POSTGRESQL_URL")
                                                  : QStringLiteral("RETORT_TEST_MARIADB_URL"));
    }
    auto url = DatabaseUrl::parse(m_url);
    QVERIFY(url.ok());
    auto connection = DatabaseConnection::open(url.value());
    QVERIFY2(connection.ok(), qPrintable(connection.ok() ? QString() : connection.error().message));
    m_inspector = std::move(connection).value();
    if (backend != kSqlite)
        QCOMPARE(emptyServerDatabase(m_inspector->database(), backend == kPostgres), QString());
}

QProcess *TestReliability::startRetort(const QString &root, const QStringList &arguments, QObject *parent)
{
    auto *process = new QProcess(parent);
    QProcessEnvironment environment = m_environment;
    environment.insert(QStringLiteral("RELIABILITY_URL"), m_url);
    process->setProcessEnvironment(environment);
    process->start(QStringLiteral(RETORT_CLI_PATH),
                   QStringList{QStringLiteral("-c"), root + QStringLiteral("/retort.ini")} + arguments);
    return process;
}

CliRun TestReliability::runRetort(const QString &root, const QStringList &arguments)
{
    std::unique_ptr<QProcess> process(startRetort(root, arguments));
    return finish(*process);
}

// What the database holds, against what its version table and history table claim.
Outcome TestReliability::inspect()
{
    Outcome outcome;
    QSqlDatabase db = m_inspector->database();
    QSet<QString> tables;
    for (const QString &table : db.tables())
        tables.insert(table.toLower());
    if (tables.contains(QStringLiteral("alembic_version"))) {
        const QStringList rows = selectColumn(db, QStringLiteral("SELECT version_num FROM alembic_version"));
        if (rows.size() > 1)
            outcome.errors << QStringLiteral("alembic_version holds %1 rows").arg(rows.join(QLatin1Char(',')));
        if (!rows.isEmpty())
            outcome.applied = rows.first().mid(1).toInt();
    }
    for (int i = 1; i <= kRevisions; ++i) {
        const bool exists = tables.contains(QStringLiteral("t_%1").arg(i));
        const bool recorded = i <= outcome.applied;
        if (exists && !recorded && i == outcome.applied + 1 && i == kOutsideTransactionRevision) {
            outcome.partialOutside = true; // what a Transactional: false revision can leave; the next run reports it
            continue;
        }
        if (exists != recorded) {
            outcome.errors << QStringLiteral("t_%1 %2 but alembic_version is at %3")
                                  .arg(i)
                                  .arg(exists ? QStringLiteral("exists") : QStringLiteral("is missing"))
                                  .arg(outcome.applied);
        } else if (exists) {
            const QStringList count = selectColumn(db, QStringLiteral("SELECT COUNT(*) FROM t_%1").arg(i));
            if (count != QStringList{QStringLiteral("2")})
                outcome.errors << QStringLiteral("t_%1 holds %2 rows, not 2").arg(i).arg(count.join(QString()));
        }
    }
    if (tables.contains(QStringLiteral("retort_history"))) {
        QSet<QString> seen;
        for (const QString &revision :
             selectColumn(db, QStringLiteral("SELECT revision FROM retort_history WHERE success = 1 AND direction = "
                                             "'upgrade'"))) {
            if (revision.mid(1).toInt() > outcome.applied)
                outcome.errors << QStringLiteral("history claims %1 succeeded; it is not applied").arg(revision);
            if (seen.contains(revision))
                outcome.errors << QStringLiteral("history claims %1 succeeded twice").arg(revision);
            seen.insert(revision);
        }
    }
    return outcome;
}

void TestReliability::killDuringUpgrade_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<int>("mode");
    for (const QString &backend : backends()) {
        if (backend == kMariadb)
            continue; // MySQL/MariaDB commit DDL at once: a kill inside a revision keeps part of it (README)
        QTest::newRow(qPrintable(backend + QStringLiteral("/one transaction"))) << backend << int(Mode::OneTransaction);
        QTest::newRow(qPrintable(backend + QStringLiteral("/transaction per revision")))
            << backend << int(Mode::TransactionPerRevision);
        QTest::newRow(qPrintable(backend + QStringLiteral("/a Transactional: false revision")))
            << backend << int(Mode::OutsideTransaction);
    }
}

void TestReliability::killDuringUpgrade()
{
    QFETCH(QString, backend);
    QFETCH(int, mode);
    const int trials =
        qEnvironmentVariableIsSet("RETORT_KILL_TRIALS") ? qEnvironmentVariableIntValue("RETORT_KILL_TRIALS") : 50;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path();
    CHECKED(makeProject(root, Mode(mode)));
    const QStringList upgrade{QStringLiteral("upgrade"), QStringLiteral("heads")};

    // How long a whole run takes, so the kills spread over all of it.
    CHECKED(resetDatabase(backend, root));
    QElapsedTimer clock;
    clock.start();
    const CliRun full = runRetort(root, upgrade);
    const qint64 fullMicroseconds = clock.nsecsElapsed() / 1000;
    QVERIFY2(full.exitCode == 0, qPrintable(full.err));

    QRandomGenerator random(quint32(20261126 + mode));
    int killedMidRun = 0;
    int beforeAnything = 0; // the kill left nothing applied
    int partway = 0;        // some revisions applied
    int inconsistent = 0;
    int partialReported = 0;
    QStringList failures;
    for (int trial = 0; trial < trials; ++trial) {
        CHECKED(resetDatabase(backend, root));
        std::unique_ptr<QProcess> process(startRetort(root, upgrade));
        QVERIFY(process->waitForStarted());
        QThread::usleep(random.bounded(quint32(fullMicroseconds * 11 / 10 + 1)));
        const bool running = process->state() == QProcess::Running;
        ::kill(pid_t(process->processId()), SIGKILL);
        process->waitForFinished();
        killedMidRun += running ? 1 : 0;

        Outcome outcome = inspect();
        beforeAnything += outcome.applied == 0 ? 1 : 0;
        partway += outcome.applied > 0 && outcome.applied < kRevisions ? 1 : 0;
        if (!outcome.errors.isEmpty()) {
            ++inconsistent;
            failures << QStringLiteral("trial %1: %2").arg(trial).arg(outcome.errors.join(QStringLiteral("; ")));
            continue;
        }
        CliRun again = runRetort(root, upgrade);
        // Documented: after a kill inside the Transactional: false revision (its start recorded, its end
        // not), the next run refuses, names the revision and says how to settle it; it cannot know how
        // far the revision got, so it refuses even when none of its statements had taken effect.
        const bool reported =
            again.exitCode == 1 && again.err.contains(QStringLiteral("A run stopped inside revision r030"));
        if (outcome.partialOutside && !reported) {
            ++inconsistent;
            failures << QStringLiteral("trial %1: left r030 half done, and the next run did not say so: %2")
                            .arg(trial)
                            .arg(again.err);
            continue;
        }
        if (reported) {
            ++partialReported;
            // Settled as the message says: undo by hand what r030 did, then stamp where the table is.
            QCOMPARE(execError(m_inspector->database(), QStringLiteral("DROP TABLE IF EXISTS t_30")), QString());
            const CliRun stamp = runRetort(root, {QStringLiteral("stamp"), revisionId(outcome.applied)});
            QVERIFY2(stamp.exitCode == 0, qPrintable(stamp.err));
            again = runRetort(root, upgrade);
        }
        outcome = inspect();
        if (again.exitCode != 0 || outcome.applied != kRevisions || !outcome.errors.isEmpty()) {
            ++inconsistent;
            failures << QStringLiteral("trial %1: the next upgrade: exit %2, at %3; %4 %5")
                            .arg(trial)
                            .arg(again.exitCode)
                            .arg(outcome.applied)
                            .arg(outcome.errors.join(QStringLiteral("; ")), again.err);
        }
    }
    qInfo().noquote() << QStringLiteral("kill test %1: %2 trials, %3 killed while running (a full run takes %4 ms), "
                                        "leaving %5 with nothing applied, %6 part way, %7 complete; %8 inconsistent; "
                                        "%9 stopped inside the Transactional: false revision and were reported by "
                                        "the next run")
                             .arg(QString::fromLatin1(QTest::currentDataTag()))
                             .arg(trials)
                             .arg(killedMidRun)
                             .arg(fullMicroseconds / 1000)
                             .arg(beforeAnything)
                             .arg(partway)
                             .arg(trials - beforeAnything - partway)
                             .arg(inconsistent)
                             .arg(partialReported);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 5).join(QLatin1Char('\n'))));
    QVERIFY2(killedMidRun >= trials / 2, "most kills should land while the run is working");
}

void TestReliability::concurrentUpgrades_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<bool>("perRevision");
    for (const QString &backend : backends()) {
        QTest::newRow(qPrintable(backend + QStringLiteral("/one transaction"))) << backend << false;
        QTest::newRow(qPrintable(backend + QStringLiteral("/transaction per revision"))) << backend << true;
    }
}

void TestReliability::concurrentUpgrades()
{
    QFETCH(QString, backend);
    QFETCH(bool, perRevision);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CHECKED(makeProject(dir.path(), perRevision ? Mode::TransactionPerRevision : Mode::OneTransaction));
    CHECKED(resetDatabase(backend, dir.path()));

    QObject owner;
    QList<QProcess *> runs;
    for (int i = 0; i < 4; ++i)
        runs << startRetort(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads")}, &owner);
    QList<CliRun> results;
    for (QProcess *run : std::as_const(runs))
        results << finish(*run);
    int waited = 0;
    for (const CliRun &result : std::as_const(results)) {
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        if (result.err.contains(QStringLiteral("Waiting for the migration lock, held by")))
            ++waited;
    }
    const Outcome outcome = inspect();
    QVERIFY2(outcome.errors.isEmpty(), qPrintable(outcome.errors.join(QLatin1Char('\n'))));
    QCOMPARE(outcome.applied, kRevisions);
    // Each revision ran exactly once: one success row each, and the tables hold their rows once.
    QCOMPARE(selectColumn(m_inspector->database(),
                          QStringLiteral("SELECT COUNT(*) FROM retort_history WHERE success = 1 AND direction = "
                                         "'upgrade'")),
             QStringList{QString::number(kRevisions)});
    qInfo().noquote() << QStringLiteral("4 concurrent runs on %1: %2 waited for the lock").arg(backend).arg(waited);
}

void TestReliability::lockWaitSaysWhoAndGivesUp_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("holderText"); // how the waiting run names the test's own lock
    // SQLite: the kernel's record of the lock names the holding process (this test); PostgreSQL: the
    // holder's application_name; MariaDB: the holder's connection in the process list.
    const QString pid = QString::number(QCoreApplication::applicationPid());
    for (const QString &backend : backends()) {
        QTest::newRow(qPrintable(backend))
            << backend
            << (backend == kMariadb    ? QStringLiteral("connection ")
                : backend == kPostgres ? QStringLiteral(" pid %1 since 20").arg(pid)
                                       : QStringLiteral(" (pid %1, tst_reliability) running since 20").arg(pid));
    }
}

void TestReliability::lockWaitSaysWhoAndGivesUp()
{
    QFETCH(QString, backend);
    QFETCH(QString, holderText);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CHECKED(makeProject(dir.path(), Mode::OneTransaction));
    CHECKED(resetDatabase(backend, dir.path()));
    const DatabaseUrl url = DatabaseUrl::parse(m_url).value();
    auto holder = DatabaseConnection::open(url);
    QVERIFY(holder.ok());
    QSqlDatabase holderDb = holder.value()->database();
    auto lock = RunLock::acquire(holderDb, url.dialect(), url.database() + QStringLiteral("/alembic_version"), 5, {});
    QVERIFY2(lock.ok(), qPrintable(lock.ok() ? QString() : lock.error().message));

    // Gives up after the timeout, names the holder, changes nothing.
    QElapsedTimer clock;
    clock.start();
    const CliRun refused = runRetort(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"),
                                                  QStringLiteral("--lock-timeout"), QStringLiteral("1")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("Another run holds the migration lock on this database: ")) &&
                 refused.err.contains(holderText) && refused.err.contains(QStringLiteral("Gave up after 1.0 s")),
             qPrintable(refused.err));
    if (backend != kMariadb)
        QVERIFY2(refused.err.contains(QStringLiteral(" since 20")), qPrintable(refused.err));
    QVERIFY(clock.elapsed() < 20000);
    QCOMPARE(inspect().applied, 0);

    // Waits, says so, and runs once the lock is free.
    QObject owner;
    QProcess *waiting = startRetort(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads")}, &owner);
    waiting->setReadChannel(QProcess::StandardError);
    QTRY_VERIFY_WITH_TIMEOUT(QString::fromUtf8(waiting->peek(65536))
                                 .contains(QStringLiteral("Waiting for the migration "
                                                          "lock, held by")),
                             15000);
    lock.value().reset();
    const CliRun done = finish(*waiting);
    QVERIFY2(done.exitCode == 0, qPrintable(done.err));
    QCOMPARE(inspect().applied, kRevisions);

    const CliRun badValue = runRetort(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"),
                                                   QStringLiteral("--lock-timeout"), QStringLiteral("soon")});
    QCOMPARE(badValue.exitCode, 2);
    QVERIFY2(badValue.err.contains(QStringLiteral("--lock-timeout: expected a number of seconds from 0 to 86400, not "
                                                  "'soon'")),
             qPrintable(badValue.err));
}

#ifdef RETORT_INTEGRATION
// PostgreSQL goes away (an immediate shutdown) while a revision runs: the run fails with a clear
// error, nothing is recorded that did not commit, and once the server is back the lock is free and
// the next run completes.
void TestReliability::connectionLostMidRun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CHECKED(makeProject(dir.path(), Mode::TransactionPerRevision));
    const QString slow = dir.path() + QStringLiteral("/versions/%1_step.sql").arg(revisionId(10));
    QFile file(slow);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll())
                             .replace(QStringLiteral("-- migrate:upgrade\n"),
                                      QStringLiteral("-- migrate:upgrade\nSELECT pg_sleep(30);\n"));
    file.close();
    QVERIFY(writeFile(slow, text));
    CHECKED(resetDatabase(kPostgres, dir.path()));
    // The test servers trade durability for speed (synchronous_commit = off): a crash could take the
    // last commits with it. Here every commit must survive, as on a production server.
    QCOMPARE(
        execError(m_inspector->database(), QStringLiteral("ALTER DATABASE retort_test SET synchronous_commit = on")),
        QString());
    const auto durable = qScopeGuard([this] {
        if (m_inspector) // gone when the test stopped while the server was down
            execError(m_inspector->database(), QStringLiteral("ALTER DATABASE retort_test RESET synchronous_commit"));
    });

    const QString servers = QFileInfo(QStringLiteral(RETORT_TEST_SERVERS_URLS)).absolutePath();
    auto serverCommand = [&servers](const char *command) {
        QProcess process;
        process.start(QStringLiteral("bash"),
                      {QStringLiteral(RETORT_TEST_SERVERS_SCRIPT), QLatin1String(command), servers});
        return finish(process);
    };
    QObject owner;
    QProcess *run = startRetort(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads")}, &owner);
    run->setReadChannel(QProcess::StandardError);
    QTRY_VERIFY_WITH_TIMEOUT(
        QString::fromUtf8(run->peek(1 << 20)).contains(QStringLiteral("Running upgrade r009 -> r010")), 20000);
    QThread::msleep(300); // inside pg_sleep
    m_inspector.reset();
    const CliRun crash = serverCommand("pg-crash");
    QVERIFY2(crash.exitCode == 0, qPrintable(crash.err));
    const CliRun lost = finish(*run);
    const CliRun restart = serverCommand("pg-restart");
    QVERIFY2(restart.exitCode == 0, qPrintable(restart.err));

    qInfo().noquote() << QStringLiteral("connection lost: ") +
                             lost.err.mid(lost.err.indexOf(QStringLiteral("FAILED:"))).trimmed();
    QCOMPARE(lost.exitCode, 1);
    QVERIFY2(lost.err.contains(QStringLiteral("FAILED: upgrade r009 -> r010")) &&
                 lost.err.contains(QStringLiteral("SELECT pg_sleep(30)")) &&
                 lost.err.contains(QStringLiteral("; when this run last committed, alembic_version is at r009")),
             qPrintable(lost.err));
    QVERIFY2(lost.err.size() < 4000 && !lost.err.contains(QStringLiteral("retort-secret")), qPrintable(lost.err));

    auto url = DatabaseUrl::parse(m_url);
    auto connection = DatabaseConnection::open(url.value());
    QVERIFY2(connection.ok(), qPrintable(connection.ok() ? QString() : connection.error().message));
    m_inspector = std::move(connection).value();
    const Outcome outcome = inspect();
    QVERIFY2(outcome.errors.isEmpty(), qPrintable(outcome.errors.join(QLatin1Char('\n'))));
    QCOMPARE(outcome.applied, 9);

    // The lock died with the session: the next run takes it at once and finishes.
    const CliRun again = runRetort(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"),
                                                QStringLiteral("--lock-timeout"), QStringLiteral("5")});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY2(!again.err.contains(QStringLiteral("Waiting for the migration lock")), qPrintable(again.err));
    QCOMPARE(inspect().applied, kRevisions);
}

// The server's password in everything Retort writes: output of every kind of command (a production
// run through its gate, a backup, a checklist report, a failing revision, a refused login), the
// history table and the files it leaves.
void TestReliability::passwordNeverShown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path();
    CHECKED(makeProject(root, Mode::OneTransaction));
    CHECKED(resetDatabase(kPostgres, root));
    const QString password = DatabaseUrl::parse(m_url).value().password();
    QVERIFY(!password.isEmpty());
    QFile ini(root + QStringLiteral("/retort.ini"));
    QVERIFY(ini.open(QIODevice::Append));
    ini.write("\n[env.prod]\nurl = ${RELIABILITY_URL}\nproduction = true\nbackup = pg_dump\nbackup_dir = out\n");
    ini.close();
    QVERIFY(writeFile(root + QStringLiteral("/versions/r999_broken.sql"),
                      QStringLiteral("-- broken\n--\n-- Revision ID: r999\n-- Revises: %1\n\n-- migrate:upgrade\n"
                                     "INSERT INTO no_such_table VALUES (1);\n\n-- migrate:downgrade\n")
                          .arg(revisionId(kRevisions))));

    const QString wrongUrl = QString(m_url).replace(password, QStringLiteral("not-the-password-42"));
    // The default environment names the same database as `prod`, so the gate applies to it too.
    const QList<QStringList> commands = {
        // First a backup of the empty database, which is a good backup too (it once failed to verify).
        {QStringLiteral("-e"), QStringLiteral("prod"), QStringLiteral("backup")},
        {QStringLiteral("upgrade"), QStringLiteral("r005"), QStringLiteral("--yes"), QStringLiteral("--no-backup"),
         QStringLiteral("--reason"), QStringLiteral("a test")},
        {QStringLiteral("current"), QStringLiteral("-v")},
        {QStringLiteral("history"), QStringLiteral("-i"), QStringLiteral("-v")},
        {QStringLiteral("plan"), QStringLiteral("heads")},
        {QStringLiteral("-e"), QStringLiteral("prod"), QStringLiteral("backup")},
        {QStringLiteral("-e"), QStringLiteral("prod"), QStringLiteral("backup"), QStringLiteral("--list")},
        {QStringLiteral("-e"), QStringLiteral("prod"), QStringLiteral("upgrade"), QStringLiteral("heads"),
         QStringLiteral("--yes")},
        {QStringLiteral("-e"), QStringLiteral("prod"), QStringLiteral("checklist"),
         QStringLiteral("maintenance-window")},
        {QStringLiteral("--url"), wrongUrl, QStringLiteral("current")},
        {QStringLiteral("--url"), m_url, QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--sql")},
    };
    int failures = 0;
    for (const QStringList &arguments : commands) {
        const CliRun run = runRetort(root, arguments);
        failures += run.exitCode != 0 ? 1 : 0;
        qInfo().noquote() << arguments.mid(0, 4).join(QLatin1Char(' ')) << "->" << run.exitCode
                          << run.err.section(QLatin1Char('\n'), -2).trimmed().left(300);
        for (const QString &secret : {password, QStringLiteral("not-the-password-42")}) {
            QVERIFY2(!run.out.contains(secret) && !run.err.contains(secret),
                     qPrintable(arguments.join(QLatin1Char(' ')) + QStringLiteral(":\n") + run.out + run.err));
        }
    }
    QCOMPARE(failures, 2); // the broken revision and the refused login, and still no password shown

    QString stored;
    for (const QStringList &row : selectRows(m_inspector->database(), QStringLiteral("SELECT * FROM retort_history")))
        stored += row.join(QLatin1Char('|')) + QLatin1Char('\n');
    QVERIFY(stored.contains(QStringLiteral("no_such_table"))); // the failure was recorded
    QVERIFY2(!stored.contains(password), qPrintable(stored));
    QDirIterator files(root, QDir::Files, QDirIterator::Subdirectories);
    int checked = 0;
    while (files.hasNext()) {
        QFile written(files.next());
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY2(!written.readAll().contains(password.toUtf8()), qPrintable(written.fileName()));
        ++checked;
    }
    QVERIFY(checked > kRevisions + 2); // the revisions, retort.ini, the backups and their records
}
#endif

QTEST_GUILESS_MAIN(TestReliability)
#include "tst_reliability.moc"
