// SPDX-License-Identifier: GPL-3.0-or-later
// What changes an Alembic project's files or database, run on the seed's own layout
// (migrations/alembic-demo) through the real `retort`: new revisions are .py files Alembic reads;
// without Python for the project's Alembic, runs of .py revisions are refused before anything is created and
// offline SQL is written only for exact bodies, each saying what still works;
// and the seed's production step, a stamp, passes every gate and records each file's SHA-256.
#include "tests/support/RetortCli.h"
#include "tests/support/TestFiles.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace retort::testing;

namespace {

const QStringList kDemoRevisions = {QStringLiteral("ae98aa32e0d2"), QStringLiteral("3f1c2a9b7d10"),
                                    QStringLiteral("5b2e44c0a1f3"), QStringLiteral("8c4f2b6e9d31"),
                                    QStringLiteral("b1f6a8d2c453")};

const QString kNoPython = QStringLiteral("/nonexistent/bin/python3");
const QString kNoPythonSaid = QStringLiteral("no Python: /nonexistent/bin/python3 (RETORT_PYTHON) is not an executable "
                                             "file; until it is, the graph, history, current, stamp and the SQL of "
                                             "exact revisions (empty, or literal op.execute) work without it");

// Rows of `sql` in the SQLite database at `path`, each row's columns joined by '|'.
QStringList rowsOf(const QString &path, const QString &sql)
{
    QStringList rows;
    const QString connection = QStringLiteral("tst_alembicruns");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql)) {
                while (query.next()) {
                    QStringList columns;
                    for (int i = 0; i < query.record().count(); ++i)
                        columns << query.value(i).toString();
                    rows << columns.join(u'|');
                }
            }
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return rows;
}

} // namespace

class TestAlembicRuns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void revisionWritesPython();
    void revisionSqlWarns();
    void badFileTemplateNamesTheIni();
    void runsRefused_data();
    void runsRefused();
    void offlineSql();
    void planSaysWhatEachFunctionIs();
    void lintNamesWhatItCannotRead();
    void productionStamp();
    void placeholderUrl();

private:
    QString root() const { return m_dir->path(); }
    CliRun retort(const QStringList &arguments, const QString &url = QString())
    {
        QProcessEnvironment environment = cliEnvironment();
        // No Python for the project's Alembic: what works without it, and what each refusal says
        // (tst_alembicdelegation runs the real Alembic).
        environment.insert(QStringLiteral("RETORT_PYTHON"), kNoPython);
        if (!url.isEmpty())
            environment.insert(QStringLiteral("DATABASE_URL"), url);
        return runRetort(root(), arguments, environment);
    }
    QString databaseUrl() const { return QStringLiteral("sqlite:///") + root() + QStringLiteral("/app.db"); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAlembicRuns::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(copyTree(QStringLiteral(RETORT_SOURCE_DIR "/migrations/alembic-demo"), root()));
}

void TestAlembicRuns::revisionWritesPython()
{
    const CliRun run = retort({QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("add invoice notes"),
                               QStringLiteral("--rev-id"), QStringLiteral("c0ffee000001")});
    QCOMPARE(run.exitCode, 0);
    const QString path = root() + QStringLiteral("/alembic/versions/c0ffee000001_add_invoice_notes.py");
    QCOMPARE(run.out, QStringLiteral("Generating %1 ...  done\n").arg(path));
    const QString text = readFile(path);
    QVERIFY2(text.contains(QLatin1String("revision = 'c0ffee000001'\ndown_revision = 'b1f6a8d2c453'\n")),
             qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("def upgrade() -> None:\n    op.execute(\n")), qPrintable(text));
    QCOMPARE(retort({QStringLiteral("heads")}).out, QStringLiteral("c0ffee000001 (head)\n"));
    const CliRun plan = retort(
        {QStringLiteral("plan"), QStringLiteral("head"), QStringLiteral("--from"), QStringLiteral("b1f6a8d2c453")});
    QVERIFY2(plan.out.contains(QLatin1String("Alembic revision: upgrade() is literal SQL\n")), qPrintable(plan.out));
}

void TestAlembicRuns::revisionSqlWarns()
{
    const CliRun run = retort({QStringLiteral("revision"), QStringLiteral("--sql"), QStringLiteral("-m"),
                               QStringLiteral("raw sql"), QStringLiteral("--rev-id"), QStringLiteral("c0ffee000002")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(QFile::exists(root() + QStringLiteral("/alembic/versions/c0ffee000002_raw_sql.sql")));
    QCOMPARE(run.err, QStringLiteral("warning: Alembic reads only .py revisions: once this .sql revision is in the "
                                     "graph, alembic no longer sees the graph whole (Retort does)\n"));
    // A mixed folder is one graph to Retort.
    QCOMPARE(retort({QStringLiteral("history"), QStringLiteral("-r"), QStringLiteral("b1f6a8d2c453:")}).out,
             QStringLiteral("b1f6a8d2c453 -> c0ffee000002 (head), raw sql\n8c4f2b6e9d31 -> b1f6a8d2c453, drop legacy "
                            "scrape cache\n"));
}

void TestAlembicRuns::badFileTemplateNamesTheIni()
{
    const QString ini = root() + QStringLiteral("/alembic.ini");
    QString text = readFile(ini);
    QVERIFY(writeFile(ini, text.replace(QStringLiteral("[alembic]\n"),
                                        QStringLiteral("[alembic]\nfile_template = %%(rev)s_%%(branch)s\n"))));
    const CliRun run = retort({QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("x")});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.err, QStringLiteral("FAILED: %1: file_template: unknown field %(branch); Alembic knows rev, slug, "
                                     "epoch, year, month, day, hour, minute and second\n")
                          .arg(ini));
}

void TestAlembicRuns::runsRefused_data()
{
    QTest::addColumn<QString>("stampFirst"); // empty: an empty database
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("upgrade from empty") << QString() << QStringList{QStringLiteral("upgrade"), QStringLiteral("head")};
    QTest::newRow("downgrade one") << "b1f6a8d2c453" << QStringList{QStringLiteral("downgrade"), QStringLiteral("-1")};
}

void TestAlembicRuns::runsRefused()
{
    QFETCH(QString, stampFirst);
    QFETCH(QStringList, arguments);
    if (!stampFirst.isEmpty())
        QCOMPARE(retort({QStringLiteral("stamp"), stampFirst}, databaseUrl()).exitCode, 0);
    const QStringList before =
        rowsOf(root() + QStringLiteral("/app.db"), QStringLiteral("SELECT name FROM sqlite_master ORDER BY name"));
    const CliRun run = retort(arguments, databaseUrl());
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.err.trimmed().split(u'\n').last(),
             QStringLiteral("FAILED: nothing was run: the plan holds Alembic revisions, which only the project's "
                            "Alembic runs, and ") +
                 kNoPythonSaid);
    // Nothing was created or changed: no version table, no history table, no history row.
    QCOMPARE(rowsOf(root() + QStringLiteral("/app.db"), QStringLiteral("SELECT name FROM sqlite_master ORDER BY name")),
             before);
    if (!stampFirst.isEmpty()) {
        QCOMPARE(rowsOf(root() + QStringLiteral("/app.db"), QStringLiteral("SELECT version_num FROM alembic_version")),
                 QStringList{stampFirst});
    }
}

void TestAlembicRuns::offlineSql()
{
    const CliRun refused =
        retort({QStringLiteral("upgrade"), QStringLiteral("--sql"), QStringLiteral("head")}, databaseUrl());
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.startsWith(QStringLiteral("note: the project's Alembic cannot render: ") + kNoPythonSaid),
             qPrintable(refused.err));
    QVERIFY2(refused.err.contains(QStringLiteral("FAILED: Cannot write the whole script: the project's Alembic could "
                                                 "not render 4 revision(s) offline, and a script with a gap would "
                                                 "leave the database short of what a run does:\n  3f1c2a9b7d10 "
                                                 "upgrade(): not rendered: ") +
                                  kNoPythonSaid),
             qPrintable(refused.err));
    QVERIFY(refused.out.isEmpty());
    // The empty baseline is exact: its script is what Alembic's would be.
    const CliRun baseline =
        retort({QStringLiteral("upgrade"), QStringLiteral("--sql"), QStringLiteral("ae98aa32e0d2")}, databaseUrl());
    QCOMPARE(baseline.exitCode, 0);
    QVERIFY2(baseline.out.contains(QLatin1String("-- ae98aa32e0d2_baseline_existing_schema.py:22: exact: empty, runs "
                                                 "nothing (read from the file; no Python ran)\n\n"
                                                 "INSERT INTO alembic_version (version_num) VALUES ('ae98aa32e0d2');")),
             qPrintable(baseline.out));
}

void TestAlembicRuns::planSaysWhatEachFunctionIs()
{
    const CliRun run =
        retort({QStringLiteral("plan"), QStringLiteral("head"), QStringLiteral("--json")}, databaseUrl());
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QLatin1String("\"body\": \"empty\"")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QLatin1String("\"body\": \"python\"")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QLatin1String("\"format\": \"alembic\"")), qPrintable(run.out));
    const CliRun show = retort({QStringLiteral("show"), QStringLiteral("ae98aa32e0d2"), QStringLiteral("--json")});
    QCOMPARE(show.exitCode, 0);
    QVERIFY2(show.out.contains(QLatin1String("\"format\": \"alembic\"")) &&
                 show.out.contains(QLatin1String("\"upgrade_body\": \"empty\"")) &&
                 show.out.contains(QLatin1String("\"downgrade_body\": \"empty\"")),
             qPrintable(show.out));
}

// "0 errors" never covers a revision lint could not read.
void TestAlembicRuns::lintNamesWhatItCannotRead()
{
    const CliRun run = retort({QStringLiteral("lint")}, databaseUrl());
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(
        run.err.contains(QStringLiteral("warning: 4 Alembic revision(s) not read: their upgrade() is Python, whose "
                                        "SQL the project's Alembic did not render whole:\n  3f1c2a9b7d10: not "
                                        "rendered: ") +
                         kNoPythonSaid),
        qPrintable(run.err));
    QVERIFY2(run.err.contains(QLatin1String("Linted 1 revision(s) from base to heads for sqlite")),
             qPrintable(run.err));
    const CliRun json = retort({QStringLiteral("lint"), QStringLiteral("--json")}, databaseUrl());
    QVERIFY2(json.out.contains(QLatin1String("\"not_read\": [\n        \"3f1c2a9b7d10\"")), qPrintable(json.out));
}

// The seed's production step: `stamp head` on the empty baseline, behind confirmation and a backup.
void TestAlembicRuns::productionStamp()
{
    QVERIFY(writeFile(root() + QStringLiteral("/retort.ini"),
                      QStringLiteral("[retort]\nalembic_ini = alembic.ini\n\n[env.prod]\nurl = sqlite:///%1/prod.db\n"
                                     "production = true\nbackup_dir = %1/backups\n")
                          .arg(root())));
    QVERIFY(writeFile(root() + QStringLiteral("/prod.db"), QByteArray()));
    const CliRun unconfirmed =
        retort({QStringLiteral("-e"), QStringLiteral("prod"), QStringLiteral("stamp"), QStringLiteral("ae98aa32e0d2")});
    QCOMPARE(unconfirmed.exitCode, 1);
    QVERIFY2(unconfirmed.err.contains(QLatin1String("No terminal is attached to ask for confirmation")),
             qPrintable(unconfirmed.err));
    // Reached through alembic.ini's sqlalchemy.url instead of -e: the same database, the same gate.
    const QString ini = root() + QStringLiteral("/alembic.ini");
    QString iniText = readFile(ini);
    QVERIFY(writeFile(ini, iniText.replace(QStringLiteral("driver://user:pass@localhost/dbname"),
                                           QStringLiteral("sqlite:///%1/prod.db").arg(root()))));
    const CliRun aroundTheGate = retort({QStringLiteral("stamp"), QStringLiteral("ae98aa32e0d2")});
    QCOMPARE(aroundTheGate.exitCode, 1);
    QVERIFY2(aroundTheGate.err.contains(QLatin1String("is the database of production environment 'prod'")),
             qPrintable(aroundTheGate.err));
    QCOMPARE(rowsOf(root() + QStringLiteral("/prod.db"), QStringLiteral("SELECT name FROM sqlite_master")),
             QStringList());

    const CliRun stamp = retort({QStringLiteral("-e"), QStringLiteral("prod"), QStringLiteral("stamp"),
                                 QStringLiteral("head"), QStringLiteral("--yes")});
    QVERIFY2(stamp.exitCode == 0, qPrintable(stamp.err));
    QCOMPARE(QDir(root() + QStringLiteral("/backups")).entryList(QDir::Files | QDir::NoDotAndDotDot).isEmpty(), false);
    const QString db = root() + QStringLiteral("/prod.db");
    QCOMPARE(rowsOf(db, QStringLiteral("SELECT version_num FROM alembic_version")), QStringList{kDemoRevisions.last()});
    // One row per revision the stamp marked applied, with its file's SHA-256 (what `verify` checks).
    QStringList expected;
    for (const QString &revision : kDemoRevisions) {
        const QStringList files = QDir(root() + QStringLiteral("/alembic/versions"))
                                      .entryList({revision + QStringLiteral("_*.py")}, QDir::Files);
        QCOMPARE(files.size(), 1);
        expected << revision + u'|' + fileSha256(root() + QStringLiteral("/alembic/versions/") + files.first());
    }
    expected.sort();
    QCOMPARE(rowsOf(db, QStringLiteral("SELECT revision, checksum FROM retort_history WHERE direction = 'stamp' "
                                       "ORDER BY revision")),
             expected);
    const CliRun verify = retort({QStringLiteral("-e"), QStringLiteral("prod"), QStringLiteral("verify")});
    QCOMPARE(verify.exitCode, 0);
    QVERIFY2(verify.out.contains(QLatin1String("5 applied revision(s): 5 unchanged, 0 edited")),
             qPrintable(verify.out));
}

void TestAlembicRuns::placeholderUrl()
{
    const CliRun run = retort({QStringLiteral("current")});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.err, QStringLiteral("FAILED: no database URL: sqlalchemy.url in %1/alembic.ini:16 is a placeholder "
                                     "and is not used; pass --url, -e ENV or set DATABASE_URL\n")
                          .arg(root()));
}

QTEST_GUILESS_MAIN(TestAlembicRuns)
#include "tst_alembicruns.moc"
