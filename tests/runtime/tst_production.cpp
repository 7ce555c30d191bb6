// SPDX-License-Identifier: GPL-3.0-or-later
// Production is a property of the database, not of how its URL is spelled: every way around the gate
// that a careful DBA tried, through the real `retort` binary, each a database that must come out
// unchanged. One source, two executables: SQLite files here (symbolic and hard links, a linked
// folder); the fixture's private PostgreSQL and MariaDB servers in tst_production_integration (127.0.0.1,
// 127.1, localhost, the unix socket, another account). Then the production mark: written only by gated
// writes and `mark-production`, found through any configuration, a copy recognised as a copy, and
// removing it gated and recorded.
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/RunLock.h"
#include "core/runtime/DatabaseIdentity.h"
#include "core/script/DatabaseUrl.h"
#include "tests/runtime/TestDatabases.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <unistd.h>

using namespace retort;
using namespace retort::testing;

namespace {

const QString kRevision = QStringLiteral("a1a1a1a1a1a1");
const QString kMarkTable = QStringLiteral("retort_production_mark");

// How a case reaches the production database.
enum class Route
{
    DevEnvironment, // -e dev of the same retort.ini, whose url is the alias
    OtherConfig,    // -c other.ini -e alias
    RetortConfig,   // RETORT_CONFIG=other.ini, its default_env
    DatabaseUrl,    // DATABASE_URL with a retort.ini that names no environment
    UrlArgument,    // --url with other.ini
};

} // namespace

class TestProduction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void aliasesMeetTheGate_data();
    void aliasesMeetTheGate();
    void identityIsWhatTheDatabaseIs_data();
    void identityIsWhatTheDatabaseIs();
    void markIsWrittenOnlyByGatedWrites_data() { addBackendRows(); }
    void markIsWrittenOnlyByGatedWrites();
    void markedCopyIsGatedUntilUnmarked_data() { addBackendRows(); }
    void markedCopyIsGatedUntilUnmarked();
    void markedDatabaseBacksUpIntoThisConfigsFolder_data() { addBackendRows(); }
    void markedDatabaseBacksUpIntoThisConfigsFolder();
    void rehearsalOnProductionNeedsConfirmation_data() { addBackendRows(); }
    void rehearsalOnProductionNeedsConfirmation();
    void stampOnProductionListsWhatItMarksApplied_data() { addBackendRows(); }
    void stampOnProductionListsWhatItMarksApplied();
#ifdef RETORT_INTEGRATION
    void refusedIdentityReliesOnTheMark();
    void lockNameFitsPostgres();
#else
    void typoInEnvironmentFailsClosed_data();
    void typoInEnvironmentFailsClosed();
    void confirmationNamesTheDatabaseItself();
#endif

private:
    struct Project
    {
        QString backend;
        std::unique_ptr<QTemporaryDir> dir;
        QString root;
        QString productionUrl; // the production environment's url, as retort.ini has it
        std::unique_ptr<DatabaseConnection> inspector;

        QString ini() const { return root + QStringLiteral("/retort.ini"); }
        QString otherIni() const { return root + QStringLiteral("/other/retort.ini"); }
        QSqlDatabase db() const { return inspector->database(); }
    };

    void makeProject(Project &p, const QString &backend, const QString &devUrl = QString());
    void writeOtherConfig(const Project &p, const QString &url, const QString &extra = QString());
    // Other names for data/prod.db: link.db (symbolic), hard.db (hard link), current/ (a linked folder),
    // and data/dev.db, a copy (another database).
    void makeSqliteAliases(const Project &p);
    CliRun retort(const Project &p, const QStringList &arguments, const QHash<QString, QString> &environment = {},
                  const QByteArray &input = QByteArray()) const;
    QString tcpUrl(const QString &backend, const QString &host, const QString &user = QStringLiteral("retort")) const;
    QStringList tables(const Project &p) const;
    bool applied(const Project &p) const
    {
        return tables(p).contains(QStringLiteral("t_new"));
    }
    QString markEnvironment(const Project &p) const;

    QHash<QString, QString> m_urls;
};

void TestProduction::initTestCase()
{
    CHECKED(checkCliAndServers(&m_urls));
}

QString TestProduction::tcpUrl(const QString &backend, const QString &host, const QString &user) const
{
    const QString port = m_urls.value(backend == kPostgres ? QStringLiteral("RETORT_TEST_POSTGRESQL_PORT")
                                                           : QStringLiteral("RETORT_TEST_MARIADB_PORT"));
    return QStringLiteral("%1://%2:retort-secret@%3:%4/retort_test").arg(backend, user, host, port);
}

// One revision that creates t_new and adds 10 to the balance: if it ran, the case failed. The
// production environment is `production`; `dev` (when given) another name for a database.
void TestProduction::makeProject(Project &p, const QString &backend, const QString &devUrl)
{
    p.backend = backend;
    p.dir = std::make_unique<QTemporaryDir>();
    QVERIFY(p.dir->isValid());
    p.root = QFileInfo(p.dir->path()).canonicalFilePath();
    QVERIFY(QDir().mkpath(p.root + QStringLiteral("/migrations/versions")));
    QVERIFY(QDir().mkpath(p.root + QStringLiteral("/data")));
    QVERIFY(QDir().mkpath(p.root + QStringLiteral("/other")));
    if (backend == kSqlite) {
        p.productionUrl = QStringLiteral("sqlite:///") + p.root + QStringLiteral("/data/prod.db");
    } else {
        p.productionUrl = m_urls.value(backend == kPostgres ? QStringLiteral("RETORT_TEST_POSTGRESQL_URL")
                                                            : QStringLiteral("RETORT_TEST_MARIADB_URL"));
    }
    auto url = DatabaseUrl::parse(p.productionUrl);
    QVERIFY2(url.ok(), errorOf(url).constData());
    auto connection = DatabaseConnection::open(url.value());
    QVERIFY2(connection.ok(), errorOf(connection).constData());
    p.inspector = std::move(connection).value();
    if (backend != kSqlite) {
        QCOMPARE(emptyServerDatabase(p.db(), backend == kPostgres), QString());
        // Databases other cases made (copies, restores) go too.
        if (backend == kPostgres)
            QCOMPARE(execError(p.db(), QStringLiteral("DROP DATABASE IF EXISTS retort_test_copy")), QString());
    }
    QCOMPARE(execError(p.db(), QStringLiteral("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER)")),
             QString());
    QCOMPARE(execError(p.db(), QStringLiteral("INSERT INTO accounts (id, balance) VALUES (1, 100)")), QString());
    QVERIFY(writeFile(p.root + QStringLiteral("/migrations/versions/%1_new.sql").arg(kRevision),
                      QStringLiteral("-- new table\n--\n-- Revision ID: %1\n-- Revises:\n"
                                     "-- Create Date: 2026-12-01 10:00:00.000000\n\n-- migrate:upgrade\n"
                                     "CREATE TABLE t_new (id INTEGER PRIMARY KEY);\n"
                                     "UPDATE accounts SET balance = balance + 10;\n"
                                     "-- migrate:downgrade\nDROP TABLE t_new;\n")
                          .arg(kRevision)));
    QString ini = QStringLiteral("[retort]\nscript_location = migrations\n\n[env.production]\nurl = %1\n"
                                 "production = true\nbackup_dir = backups\n")
                      .arg(p.productionUrl);
    if (!devUrl.isEmpty())
        ini += QStringLiteral("\n[env.dev]\nurl = %1\n").arg(devUrl);
    QVERIFY(writeFile(p.ini(), ini));
}

// Another project on the same migrations, knowing nothing of production: its only environment is
// `alias`, the default.
void TestProduction::writeOtherConfig(const Project &p, const QString &url, const QString &extra)
{
    QVERIFY(writeFile(p.otherIni(), QStringLiteral("[retort]\nscript_location = ../migrations\n%1"
                                                   "default_env = alias\n\n[env.alias]\nurl = %2\n")
                                        .arg(extra, url)));
}

void TestProduction::makeSqliteAliases(const Project &p)
{
    const QString production = p.root + QStringLiteral("/data/prod.db");
    QVERIFY(QFile::link(production, p.root + QStringLiteral("/link.db")));
    QCOMPARE(::link(QFile::encodeName(production).constData(),
                    QFile::encodeName(p.root + QStringLiteral("/hard.db")).constData()),
             0);
    QVERIFY(QFile::link(p.root + QStringLiteral("/data"), p.root + QStringLiteral("/current")));
    QVERIFY(QFile::copy(production, p.root + QStringLiteral("/data/dev.db")));
}

CliRun TestProduction::retort(const Project &p, const QStringList &arguments,
                              const QHash<QString, QString> &environment, const QByteArray &input) const
{
    QProcess process;
    process.setWorkingDirectory(p.root);
    QProcessEnvironment env = cliEnvironment();
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    if (input.isEmpty())
        process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(RETORT_CLI_PATH), arguments);
    if (!input.isEmpty()) {
        process.write(input);
        process.closeWriteChannel();
    }
    return finish(process);
}

QStringList TestProduction::tables(const Project &p) const
{
    QStringList names;
    for (const QString &name : p.db().tables(QSql::Tables)) {
        if (!name.startsWith(QLatin1String("sqlite_")))
            names << name.toLower();
    }
    names.sort();
    return names;
}

QString TestProduction::markEnvironment(const Project &p) const
{
    if (!tables(p).contains(kMarkTable))
        return QString();
    return selectColumn(p.db(), QStringLiteral("SELECT environment FROM %1").arg(kMarkTable)).join(QLatin1Char(','));
}

// ---------------------------------------------------------------------------
// 1. one database, one identity

void TestProduction::aliasesMeetTheGate_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("alias"); // how the alias is made (SQLite) or the URL's spelling
    QTest::addColumn<int>("route");
    QTest::addColumn<bool>("markFirst"); // `mark-production` through the production environment first
    QTest::addColumn<bool>("gated");

    auto row = [](const char *name, const QString &backend, const QString &alias, Route route, bool mark,
                  bool gated = true) { QTest::newRow(name) << backend << alias << int(route) << mark << gated; };
#ifdef RETORT_INTEGRATION
    for (const QString &backend : {kPostgres, kMariadb}) {
        const QByteArray prefix = backend.toUtf8() + ": ";
        row(prefix + "127.0.0.1, same ini", backend, QStringLiteral("127.0.0.1"), Route::DevEnvironment, false);
        row(prefix + "another account, same ini", backend, QStringLiteral("other-user"), Route::DevEnvironment, false);
        row(prefix + "127.0.0.1, other ini", backend, QStringLiteral("127.0.0.1"), Route::OtherConfig, true);
        row(prefix + "127.0.0.1, RETORT_CONFIG", backend, QStringLiteral("127.0.0.1"), Route::RetortConfig, true);
        row(prefix + "127.0.0.1, DATABASE_URL", backend, QStringLiteral("127.0.0.1"), Route::DatabaseUrl, true);
        row(prefix + "another account, --url", backend, QStringLiteral("other-user"), Route::UrlArgument, true);
        row(prefix + "history_table empty, other ini", backend, QStringLiteral("127.0.0.1:nohistory"),
            Route::OtherConfig, true);
    }
    // (For MySQL/MariaDB clients "localhost" means the socket; over TCP it is a PostgreSQL spelling.)
    row("postgresql: localhost over TCP, same ini", kPostgres, QStringLiteral("localhost"), Route::DevEnvironment,
        false);
    row("postgresql: 127.1, same ini", kPostgres, QStringLiteral("127.1"), Route::DevEnvironment, false);
    row("postgresql: the socket, ?port=, same ini", kPostgres, QStringLiteral("socket:query-port"),
        Route::DevEnvironment, false);
    row("postgresql: 127.1, --url", kPostgres, QStringLiteral("127.1"), Route::UrlArgument, true);
#else
    row("symbolic link, same ini", kSqlite, QStringLiteral("symlink"), Route::DevEnvironment, false);
    row("hard link, same ini", kSqlite, QStringLiteral("hardlink"), Route::DevEnvironment, false);
    row("linked folder, same ini", kSqlite, QStringLiteral("linked-folder"), Route::DevEnvironment, false);
    row("path through .., same ini", kSqlite, QStringLiteral("dotdot"), Route::DevEnvironment, false);
    row("symbolic link, other ini", kSqlite, QStringLiteral("symlink"), Route::OtherConfig, true);
    row("hard link, RETORT_CONFIG", kSqlite, QStringLiteral("hardlink"), Route::RetortConfig, true);
    row("linked folder, DATABASE_URL", kSqlite, QStringLiteral("linked-folder"), Route::DatabaseUrl, true);
    row("hard link, --url", kSqlite, QStringLiteral("hardlink"), Route::UrlArgument, true);
    row("symbolic link, other ini without history", kSqlite, QStringLiteral("symlink:nohistory"), Route::OtherConfig,
        true);
    // Not production: an unmarked database another configuration reaches is not gated.
    row("unmarked, other ini", kSqlite, QStringLiteral("symlink"), Route::OtherConfig, false, false);
    row("another file, same ini", kSqlite, QStringLiteral("other-file"), Route::DevEnvironment, false, false);
#endif
}

// Each alias writes to a production database: refused without a terminal or --yes, database unchanged.
void TestProduction::aliasesMeetTheGate()
{
    QFETCH(QString, backend);
    QFETCH(QString, alias);
    QFETCH(int, route);
    QFETCH(bool, markFirst);
    QFETCH(bool, gated);

    const QString spelling = alias.section(QLatin1Char(':'), 0, 0);
    const bool noHistory = alias.endsWith(QLatin1String(":nohistory"));
    Project p;
    QString aliasUrl;
    if (backend == kSqlite) {
        // Made after the project, whose folder they live in.
        aliasUrl = QStringLiteral("sqlite:///@ROOT@/") +
                   (spelling == QLatin1String("symlink")         ? QStringLiteral("link.db")
                    : spelling == QLatin1String("hardlink")      ? QStringLiteral("hard.db")
                    : spelling == QLatin1String("linked-folder") ? QStringLiteral("current/prod.db")
                    : spelling == QLatin1String("dotdot")        ? QStringLiteral("other/../data/prod.db")
                                                                 : QStringLiteral("data/dev.db"));
    } else if (spelling == QLatin1String("other-user")) {
        aliasUrl = tcpUrl(backend, QStringLiteral("127.0.0.1"), m_urls.value(QStringLiteral("RETORT_TEST_OTHER_USER")));
    } else if (spelling == QLatin1String("socket")) {
        // libpq's own spelling: everything in the query.
        const DatabaseUrl production =
            DatabaseUrl::parse(m_urls.value(QStringLiteral("RETORT_TEST_POSTGRESQL_URL"))).value();
        aliasUrl = QStringLiteral("postgresql:///retort_test?host=%1&port=%2&user=retort&password=retort-secret")
                       .arg(production.host(), m_urls.value(QStringLiteral("RETORT_TEST_POSTGRESQL_PORT")));
    } else {
        aliasUrl = tcpUrl(backend, spelling == QLatin1String("localhost") ? QStringLiteral("localhost") : spelling);
    }
    CHECKED(makeProject(p, backend, route == int(Route::DevEnvironment) ? aliasUrl : QString()));
    if (backend == kSqlite) {
        // The project's folder is known only now: retort.ini is written again with the real path.
        aliasUrl.replace(QStringLiteral("@ROOT@"), p.root);
        QFile ini(p.ini());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(ini.readAll()).replace(QStringLiteral("@ROOT@"), p.root);
        ini.close();
        QVERIFY(writeFile(p.ini(), text));
    }
    if (backend == kSqlite)
        CHECKED(makeSqliteAliases(p));

    if (markFirst) {
        const CliRun marked =
            retort(p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("mark-production")});
        QVERIFY2(marked.exitCode == 0, qPrintable(marked.err));
        QCOMPARE(markEnvironment(p), QStringLiteral("production"));
    }
    const QString extra = noHistory ? QStringLiteral("history_table =\n") : QString();
    QStringList arguments;
    QHash<QString, QString> environment;
    switch (Route(route)) {
    case Route::DevEnvironment:
        arguments = {QStringLiteral("-e"), QStringLiteral("dev")};
        break;
    case Route::OtherConfig:
        CHECKED(writeOtherConfig(p, aliasUrl, extra));
        arguments = {QStringLiteral("-c"), p.otherIni()};
        break;
    case Route::RetortConfig:
        CHECKED(writeOtherConfig(p, aliasUrl, extra));
        environment.insert(QStringLiteral("RETORT_CONFIG"), p.otherIni());
        break;
    case Route::DatabaseUrl:
        QVERIFY(writeFile(p.otherIni(), QStringLiteral("[retort]\nscript_location = ../migrations\n")));
        arguments = {QStringLiteral("-c"), p.otherIni()};
        environment.insert(QStringLiteral("DATABASE_URL"), aliasUrl);
        break;
    case Route::UrlArgument:
        CHECKED(writeOtherConfig(p, QStringLiteral("sqlite:///unused.db")));
        arguments = {QStringLiteral("-c"), p.otherIni(), QStringLiteral("--url"), aliasUrl};
        break;
    }
    const CliRun refused =
        retort(p, arguments + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")}, environment);
    if (!gated) {
        QVERIFY2(refused.exitCode == 0, qPrintable(refused.err));
        return;
    }
    QVERIFY2(refused.exitCode == 1, qPrintable(refused.err));
    QVERIFY2(refused.err.contains(QStringLiteral("environment 'production'")), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(QStringLiteral("No terminal is attached")) &&
                 refused.err.contains(QStringLiteral("nothing was changed")),
             qPrintable(refused.err));
    QVERIFY2(!applied(p), qPrintable(refused.err));
    QCOMPARE(selectColumn(p.db(), QStringLiteral("SELECT balance FROM accounts")), QStringList{"100"});
    QVERIFY(!tables(p).contains(QStringLiteral("alembic_version")));

    // Through the gate it runs, once.
    const CliRun passed = retort(p,
                                 arguments + QStringList{QStringLiteral("upgrade"), QStringLiteral("head"),
                                                         QStringLiteral("--yes"), QStringLiteral("--no-backup"),
                                                         QStringLiteral("--reason"), QStringLiteral("test database")},
                                 environment);
    QVERIFY2(passed.exitCode == 0, qPrintable(passed.err));
    QVERIFY2(passed.err.contains(QStringLiteral("PRODUCTION")), qPrintable(passed.err));
    QCOMPARE(selectColumn(p.db(), QStringLiteral("SELECT balance FROM accounts")), QStringList{"110"});
}

void TestProduction::identityIsWhatTheDatabaseIs_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("alias");
    QTest::addColumn<bool>("same");
#ifdef RETORT_INTEGRATION
    for (const QString &backend : {kPostgres, kMariadb}) {
        QTest::newRow(qPrintable(backend + QStringLiteral(": 127.0.0.1"))) << backend << "127.0.0.1" << true;
        QTest::newRow(qPrintable(backend + QStringLiteral(": another account"))) << backend << "other-user" << true;
    }
    QTest::newRow("postgresql: 127.1") << kPostgres << "127.1" << true;
    QTest::newRow("postgresql: another database") << kPostgres << "copy" << false;
#else
    QTest::newRow("symbolic link") << kSqlite << "symlink" << true;
    QTest::newRow("hard link") << kSqlite << "hardlink" << true;
    QTest::newRow("linked folder") << kSqlite << "linked-folder" << true;
    QTest::newRow("copy") << kSqlite << "copy" << false;
#endif
}

// The identity read after connecting: equal for every way of reaching one database, different for a
// copy; the canonical path is shown for SQLite.
void TestProduction::identityIsWhatTheDatabaseIs()
{
    QFETCH(QString, backend);
    QFETCH(QString, alias);
    QFETCH(bool, same);
    Project p;
    CHECKED(makeProject(p, backend));
    const DatabaseUrl production = DatabaseUrl::parse(p.productionUrl).value();
    QString aliasUrl;
    if (backend == kSqlite) {
        CHECKED(makeSqliteAliases(p));
        aliasUrl = QStringLiteral("sqlite:///") + p.root +
                   (alias == QLatin1String("symlink")         ? QStringLiteral("/link.db")
                    : alias == QLatin1String("hardlink")      ? QStringLiteral("/hard.db")
                    : alias == QLatin1String("linked-folder") ? QStringLiteral("/current/prod.db")
                                                              : QStringLiteral("/data/dev.db"));
    } else if (alias == QLatin1String("copy")) {
        QCOMPARE(execError(p.db(), QStringLiteral("CREATE DATABASE retort_test_copy")), QString());
        aliasUrl = production.withDatabase(QStringLiteral("retort_test_copy")).toString();
    } else if (alias == QLatin1String("other-user")) {
        aliasUrl = tcpUrl(backend, QStringLiteral("127.0.0.1"), m_urls.value(QStringLiteral("RETORT_TEST_OTHER_USER")));
    } else {
        aliasUrl = tcpUrl(backend, alias);
    }
    auto original = DatabaseIdentity::probe(production);
    QVERIFY2(original.ok(), errorOf(original).constData());
    auto other = DatabaseIdentity::probe(DatabaseUrl::parse(aliasUrl).value());
    QVERIFY2(other.ok(), errorOf(other).constData());
    QVERIFY2(original->known && other->known, qPrintable(original->unknownReason + other->unknownReason));
    QCOMPARE(original->sameDatabase(other.value()), same);
    if (backend == kSqlite) {
        QCOMPARE(original->canonicalPath, p.root + QStringLiteral("/data/prod.db"));
        // The canonical path is shown (and typed), never compared: a hard link is another path to it.
        if (alias == QLatin1String("symlink") || alias == QLatin1String("linked-folder"))
            QCOMPARE(other->confirmationName(), original->confirmationName());
    } else {
        // host:port/database, the server's own port
        const QString port = m_urls.value(backend == kPostgres ? QStringLiteral("RETORT_TEST_POSTGRESQL_PORT")
                                                               : QStringLiteral("RETORT_TEST_MARIADB_PORT"));
        if (alias == QLatin1String("127.0.0.1"))
            QCOMPARE(other->confirmationName(), QStringLiteral("127.0.0.1:%1/retort_test").arg(port));
        if (backend == kPostgres)
            QCOMPARE(original->confirmationName(), QStringLiteral("localhost:%1/retort_test").arg(port));
    }
    QVERIFY(!original->description().isEmpty());
}

// ---------------------------------------------------------------------------
// 2. the production mark

void TestProduction::markIsWrittenOnlyByGatedWrites()
{
    QFETCH(QString, backend);
    Project p;
    CHECKED(makeProject(p, backend));
    // history_table empty: the mark does not need the history table.
    QFile ini(p.ini());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(ini.readAll())
                             .replace(QStringLiteral("script_location = migrations\n"),
                                      QStringLiteral("script_location = migrations\nhistory_table =\n"));
    ini.close();
    QVERIFY(writeFile(p.ini(), text));
    // Read commands and backups leave no mark, not even on production.
    const QList<QStringList> readCommands = {
        {QStringLiteral("current")},
        {QStringLiteral("history"), QStringLiteral("-i")},
        {QStringLiteral("plan"), QStringLiteral("head")},
        {QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--sql")},
        {QStringLiteral("backup")},
    };
    for (const QStringList &command : readCommands) {
        const CliRun run = retort(p, QStringList{QStringLiteral("-e"), QStringLiteral("production")} + command);
        QVERIFY2(run.exitCode == 0, qPrintable(command.join(u' ') + QStringLiteral(": ") + run.err));
        QVERIFY2(!tables(p).contains(kMarkTable), qPrintable(command.join(u' ')));
    }
    // A gated run marks it, with the environment and the identity it was made on.
    const CliRun run = retort(p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("upgrade"),
                                  QStringLiteral("head"), QStringLiteral("--yes"), QStringLiteral("--no-backup"),
                                  QStringLiteral("--reason"), QStringLiteral("test")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(markEnvironment(p), QStringLiteral("production"));
    QVERIFY(!tables(p).contains(QStringLiteral("retort_history")));
    const auto identity = DatabaseIdentity::probe(DatabaseUrl::parse(p.productionUrl).value());
    QVERIFY(identity.ok());
    QCOMPARE(selectColumn(p.db(), QStringLiteral("SELECT identity FROM %1").arg(kMarkTable)),
             QStringList{identity->key});

    // mark-production on a database already marked says so and changes nothing.
    const CliRun again =
        retort(p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("mark-production")});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY2(again.out.contains(QStringLiteral("already carries the production mark of environment 'production'")),
             qPrintable(again.out + again.err));
    QCOMPARE(selectColumn(p.db(), QStringLiteral("SELECT COUNT(*) FROM %1").arg(kMarkTable)), QStringList{"1"});
}

void TestProduction::markedCopyIsGatedUntilUnmarked()
{
    QFETCH(QString, backend);
    Project p;
    CHECKED(makeProject(p, backend));
    QVERIFY(
        retort(p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("mark-production")}).exitCode ==
        0);
    // The copy: the production database's file copied, or a database made from it.
    QString copyUrl;
    std::unique_ptr<DatabaseConnection> copyConnection;
    if (backend == kSqlite) {
        QVERIFY(QFile::copy(p.root + QStringLiteral("/data/prod.db"), p.root + QStringLiteral("/data/copy.db")));
        copyUrl = QStringLiteral("sqlite:///") + p.root + QStringLiteral("/data/copy.db");
    } else if (backend == kPostgres) {
        p.inspector.reset(); // CREATE DATABASE ... TEMPLATE needs nobody connected to the template
        auto admin = DatabaseConnection::open(
            DatabaseUrl::parse(p.productionUrl).value().withDatabase(QStringLiteral("postgres")));
        QVERIFY2(admin.ok(), errorOf(admin).constData());
        QCOMPARE(execError(admin.value()->database(),
                           QStringLiteral("CREATE DATABASE retort_test_copy TEMPLATE retort_test")),
                 QString());
        admin.value().reset();
        copyUrl =
            DatabaseUrl::parse(p.productionUrl).value().withDatabase(QStringLiteral("retort_test_copy")).toString();
        p.inspector = std::move(DatabaseConnection::open(DatabaseUrl::parse(p.productionUrl).value())).value();
    } else {
        // MariaDB copies through its own dump (what a restore of a backup does).
        const CliRun backup = retort(p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("backup")});
        QVERIFY2(backup.exitCode == 0, qPrintable(backup.err));
        const QString dump = backup.out.section(QLatin1Char(' '), 0, 0).trimmed();
        const CliRun restore =
            retort(p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("restore"), dump,
                       QStringLiteral("--into"), QStringLiteral("retort_test_copy"), QStringLiteral("--yes")});
        QVERIFY2(restore.exitCode == 0, qPrintable(restore.err));
        copyUrl =
            DatabaseUrl::parse(p.productionUrl).value().withDatabase(QStringLiteral("retort_test_copy")).toString();
    }
    CHECKED(writeOtherConfig(p, copyUrl));
    const QStringList other{QStringLiteral("-c"), p.otherIni()};
    const CliRun refused = retort(p, other + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("production mark of environment 'production'")) &&
                 refused.err.contains(QStringLiteral("looks like a copy")) &&
                 refused.err.contains(QStringLiteral("retort unmark-production")),
             qPrintable(refused.err));

    // Removing the mark is gated too: confirmation, and a backup or a reason; then recorded.
    const CliRun unconfirmed =
        retort(p, other + QStringList{QStringLiteral("unmark-production"), QStringLiteral("--reason"),
                                      QStringLiteral("a copy for testing")});
    QCOMPARE(unconfirmed.exitCode, 1);
    QVERIFY2(unconfirmed.err.contains(QStringLiteral("nothing was changed")), qPrintable(unconfirmed.err));
    const CliRun unmarked = retort(p, other + QStringList{QStringLiteral("unmark-production"), QStringLiteral("--yes"),
                                                          QStringLiteral("--no-backup"), QStringLiteral("--reason"),
                                                          QStringLiteral("a copy for testing")});
    QVERIFY2(unmarked.exitCode == 0, qPrintable(unmarked.err));
    auto copy = DatabaseConnection::open(DatabaseUrl::parse(copyUrl).value());
    QVERIFY2(copy.ok(), errorOf(copy).constData());
    QSqlDatabase copyDb = copy.value()->database();
    QVERIFY(!copyDb.tables().contains(kMarkTable));
    QCOMPARE(selectRows(copyDb, QStringLiteral("SELECT direction, note FROM retort_history ORDER BY id")).last(),
             (QStringList{QStringLiteral("unmark"), QStringLiteral("a copy for testing")}));
    // The copy is an ordinary database now; production keeps its mark.
    const CliRun ran = retort(p, other + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    QCOMPARE(markEnvironment(p), QStringLiteral("production"));
    QVERIFY(!applied(p));
}

void TestProduction::markedDatabaseBacksUpIntoThisConfigsFolder()
{
    QFETCH(QString, backend);
    Project p;
    CHECKED(makeProject(p, backend));
    QVERIFY(
        retort(p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("mark-production")}).exitCode ==
        0);
    if (backend == kSqlite)
        CHECKED(makeSqliteAliases(p));
    // The other configuration has no backup settings of production's: its own folder, its own name.
    CHECKED(writeOtherConfig(p, p.productionUrl));
    const CliRun run = retort(p, {QStringLiteral("-c"), p.otherIni(), QStringLiteral("upgrade"), QStringLiteral("head"),
                                  QStringLiteral("--yes")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QStringList backups = QDir(p.root + QStringLiteral("/other/backups")).entryList(QDir::Files);
    QCOMPARE(backups.size(), 1);
    QVERIFY2(backups.first().startsWith(QStringLiteral("alias-")), qPrintable(backups.first()));
    QVERIFY(!QDir(p.root + QStringLiteral("/backups")).exists());
    QVERIFY(applied(p));
    if (backend != kSqlite)
        return;
    // Restoring over the marked database, through a link, from that configuration: its state now is
    // backed up first.
    p.inspector.reset();
    const QString backup = p.root + QStringLiteral("/other/backups/") + backups.first();
    const CliRun restored =
        retort(p, {QStringLiteral("-c"), p.otherIni(), QStringLiteral("restore"), backup, QStringLiteral("--into"),
                   p.root + QStringLiteral("/link.db"), QStringLiteral("--yes")});
    QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
    QVERIFY2(restored.err.contains(QStringLiteral("Backing up production environment 'production' before replacing "
                                                  "it")),
             qPrintable(restored.err));
    QCOMPARE(QDir(p.root + QStringLiteral("/other/backups")).entryList(QDir::Files).size(), 2);
}

void TestProduction::rehearsalOnProductionNeedsConfirmation()
{
    QFETCH(QString, backend);
    if (backend == kMariadb)
        QSKIP("MariaDB cannot rehearse (DDL commits implicitly); tst_safety covers the refusal");
    Project p;
    CHECKED(makeProject(p, backend));
    const QStringList rehearse{QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("upgrade"),
                               QStringLiteral("head"), QStringLiteral("--rehearse")};
    const CliRun refused = retort(p, rehearse);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("No terminal is attached")), qPrintable(refused.err));
    QVERIFY2(!refused.err.contains(QStringLiteral("Rehearsal:")), qPrintable(refused.err));
    const CliRun confirmed = retort(p, rehearse + QStringList{QStringLiteral("--yes")});
    QVERIFY2(confirmed.exitCode == 0, qPrintable(confirmed.err));
    QVERIFY2(confirmed.err.contains(QStringLiteral("Rehearsal passed: 1 step(s) ran and were rolled back")),
             qPrintable(confirmed.err));
    // Confirmed, it needs no backup: nothing is kept.
    QVERIFY(!QDir(p.root + QStringLiteral("/backups")).exists());
    QVERIFY(!applied(p));
}

void TestProduction::stampOnProductionListsWhatItMarksApplied()
{
    QFETCH(QString, backend);
    Project p;
    CHECKED(makeProject(p, backend));
    const CliRun run = retort(p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("stamp"),
                                  QStringLiteral("head"), QStringLiteral("--yes"), QStringLiteral("--no-backup"),
                                  QStringLiteral("--reason"), QStringLiteral("schema already there")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(
        run.err.contains(QStringLiteral("1 revision(s) will be marked applied without running:")) &&
            run.err.contains(kRevision + QStringLiteral(" new table (creates t_new; updates every row of accounts)")),
        qPrintable(run.err));
    QVERIFY(!applied(p));
}

#ifdef RETORT_INTEGRATION

// A managed service may refuse the identity query: Retort says so, and the mark still gates every
// configuration (an unknown identity is never taken for "not production", nor for a copy).
void TestProduction::refusedIdentityReliesOnTheMark()
{
    QString urls = qEnvironmentVariable("RETORT_TEST_SERVERS_URLS");
    if (urls.isEmpty())
        urls = QStringLiteral(RETORT_TEST_SERVERS_URLS);
    auto admin = [&urls](const QString &sql) {
        QProcess process;
        process.start(QStringLiteral("bash"), {QStringLiteral(RETORT_TEST_SERVERS_SCRIPT), QStringLiteral("pg-admin"),
                                               QFileInfo(urls).absolutePath(), sql});
        return finish(process);
    };
    Project p;
    CHECKED(makeProject(p, kPostgres));
    const CliRun revoked = admin(QStringLiteral("REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC"));
    QVERIFY2(revoked.exitCode == 0, qPrintable(revoked.err));
    const auto restore =
        qScopeGuard([&admin] { admin(QStringLiteral("GRANT EXECUTE ON FUNCTION pg_control_system() TO PUBLIC")); });

    const auto identity = DatabaseIdentity::probe(DatabaseUrl::parse(p.productionUrl).value());
    QVERIFY2(identity.ok(), errorOf(identity).constData());
    QVERIFY(!identity->known);
    QVERIFY2(identity->unknownReason.startsWith(QStringLiteral("the server refused pg_control_system(): ")),
             qPrintable(identity->unknownReason));
    const CliRun marked =
        retort(p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("mark-production")});
    QVERIFY2(marked.exitCode == 0, qPrintable(marked.err));
    QVERIFY2(marked.err.contains(QStringLiteral("the mark cannot name this database's identity")),
             qPrintable(marked.err));

    CHECKED(writeOtherConfig(p, tcpUrl(kPostgres, QStringLiteral("127.0.0.1"))));
    const CliRun refused =
        retort(p, {QStringLiteral("-c"), p.otherIni(), QStringLiteral("upgrade"), QStringLiteral("head")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("it carries the production mark of environment 'production'")) &&
                 !refused.err.contains(QStringLiteral("looks like a copy")),
             qPrintable(refused.err));
    QVERIFY2(refused.err.contains(QStringLiteral("cannot tell which database this is")), qPrintable(refused.err));
    QVERIFY(!applied(p));
}

// PostgreSQL keeps 63 bytes of application_name and NOTICEs every run that sets a longer one: the lock's
// holder names itself within them, whoever runs it.
void TestProduction::lockNameFitsPostgres()
{
    const QByteArray user = qgetenv("USER");
    const QString longName = QStringLiteral("ålesund-operations-team-on-call-engineer-with-a-very-long-account-name");
    qputenv("USER", longName.toUtf8());
    const QString name = RunLock::applicationName(QStringLiteral("2026-12-02T10:00:00Z"));
    qputenv("USER", user);
    QVERIFY2(name.toUtf8().size() <= RunLock::kApplicationNameBytes, qPrintable(name));
    QVERIFY2(
        name.startsWith(QStringLiteral("retort ålesund")) &&
            name.endsWith(QStringLiteral(" pid %1 since 2026-12-02T10:00:00Z").arg(QCoreApplication::applicationPid())),
        qPrintable(name));

    Project p;
    CHECKED(makeProject(p, kPostgres));
    CHECKED(writeOtherConfig(p, p.productionUrl));
    const CliRun run =
        retort(p, {QStringLiteral("-c"), p.otherIni(), QStringLiteral("upgrade"), QStringLiteral("head")},
               {{QStringLiteral("USER"), longName}});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(!run.err.contains(QStringLiteral("NOTICE")), qPrintable(run.err));
}

#else

void TestProduction::typoInEnvironmentFailsClosed_data()
{
    QTest::addColumn<QString>("lines");
    QTest::addColumn<QString>("error"); // empty: a warning only, naming the line
    QTest::newRow("producton") << "producton = true"
                               << "did you mean 'production'?";
    QTest::newRow("Production, spaces") << "prodution = yes"
                                        << "did you mean 'production'?";
    QTest::newRow("backup_dirs") << "backup_dirs = /srv/backups"
                                 << "did you mean 'backup_dir'?";
    QTest::newRow("bakup") << "bakup = pg_dump"
                           << "did you mean 'backup'?";
    QTest::newRow("unknown key") << "colour = blue" << QString();
    QTest::newRow("malformed boolean") << "production = ture"
                                       << "invalid value 'ture' for 'production'";
}

// A misspelt safety key would quietly leave production ungated: an error naming file and line.
void TestProduction::typoInEnvironmentFailsClosed()
{
    QFETCH(QString, lines);
    QFETCH(QString, error);
    Project p;
    CHECKED(makeProject(p, kSqlite));
    QVERIFY(writeFile(p.ini(), QStringLiteral("[retort]\nscript_location = migrations\n\n[env.production]\n"
                                              "url = %1\n%2\n")
                                   .arg(p.productionUrl, lines)));
    const CliRun run = retort(
        p, {QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("upgrade"), QStringLiteral("head")});
    const QString where = p.ini() + QStringLiteral(":6: ");
    if (error.isEmpty()) {
        QVERIFY2(run.err.contains(QStringLiteral("warning: ") + where), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("unknown key 'colour' in [env.production]")), qPrintable(run.err));
        return;
    }
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("FAILED: ") + where) && run.err.contains(error), qPrintable(run.err));
    QVERIFY(!applied(p));
}

// Two databases with the same file name must not take the same typed answer.
void TestProduction::confirmationNamesTheDatabaseItself()
{
    Project p;
    CHECKED(makeProject(p, kSqlite));
    QVERIFY(QDir().mkpath(p.root + QStringLiteral("/elsewhere")));
    QVERIFY(QFile::copy(p.root + QStringLiteral("/data/prod.db"), p.root + QStringLiteral("/elsewhere/prod.db")));
    const auto first = DatabaseIdentity::probe(DatabaseUrl::parse(p.productionUrl).value());
    const auto second = DatabaseIdentity::probe(
        DatabaseUrl::parse(QStringLiteral("sqlite:///") + p.root + QStringLiteral("/elsewhere/prod.db")).value());
    QVERIFY(first.ok() && second.ok());
    QVERIFY(first->confirmationName() != second->confirmationName());

    // At a terminal: the file name alone is refused; the name the prompt shows is accepted.
    const QString command =
        QStringLiteral("%1 -e production upgrade head --no-backup --reason test").arg(QStringLiteral(RETORT_CLI_PATH));
    bool missing = false;
    const CliRun wrong = runAtTerminal(p.root, command, "prod.db\n", &missing);
    if (missing)
        QSKIP("script(1) from util-linux is not installed");
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.out.contains(QStringLiteral("Type '%1' to continue").arg(first->confirmationName())),
             qPrintable(wrong.out));
    QVERIFY(!applied(p));
    const CliRun right = runAtTerminal(p.root, command, first->confirmationName().toUtf8() + "\nn\n", &missing);
    QVERIFY2(right.exitCode == 0, qPrintable(right.out));
    QVERIFY(applied(p));
}

#endif

QTEST_GUILESS_MAIN(TestProduction)
#include "tst_production.moc"
