// SPDX-License-Identifier: GPL-3.0-or-later
// retort verify: the revisions a database has applied against the checksums their history rows recorded,
// through the real CLI, on SQLite files and (as tst_verify_integration) on PostgreSQL and MariaDB.
#include "core/runtime/DatabaseConnection.h"
#include "core/script/DatabaseUrl.h"
#include "tests/runtime/TestDatabases.h"
#include "tests/support/RetortCli.h"
#include "tests/support/TestFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace retort;
using namespace retort::testing;

namespace {

const QString kA = QStringLiteral("a1a1a1a1a1a1");
const QString kB = QStringLiteral("b2b2b2b2b2b2");
const QString kC = QStringLiteral("c3c3c3c3c3c3");

struct Fixture
{
    QTemporaryDir dir;
    QString root;
    QProcessEnvironment environment = cliEnvironment(); // the URL travels in it, as a password should

    QString file(const QString &id) const { return root + QStringLiteral("/migrations/versions/%1_step.sql").arg(id); }
    CliRun retort(const QStringList &arguments) const { return runRetort(root, arguments, environment); }
};

} // namespace

class TestVerify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { checkCliAndServers(&m_urls); }
    void findsWhatChangedSinceItRan_data();
    void findsWhatChangedSinceItRan();
#ifndef RETORT_INTEGRATION
    void missingDatabaseIsNotCreated();
#endif

private:
    void prepare(Fixture &f, const QString &backend);

    QHash<QString, QString> m_urls;
};

void TestVerify::prepare(Fixture &f, const QString &backend)
{
    QVERIFY(f.dir.isValid());
    f.root = QFileInfo(f.dir.path()).canonicalFilePath();
    QVERIFY(QDir().mkpath(f.root + QStringLiteral("/migrations/versions")));
    const QString url = backend == kSqlite
                            ? QStringLiteral("sqlite:///") + f.root + QStringLiteral("/shop.db")
                            : m_urls.value(backend == kPostgres ? QStringLiteral("RETORT_TEST_POSTGRESQL_URL")
                                                                : QStringLiteral("RETORT_TEST_MARIADB_URL"));
    if (backend != kSqlite) {
        auto parsed = DatabaseUrl::parse(url);
        QVERIFY2(parsed.ok(), errorOf(parsed).constData());
        auto connection = DatabaseConnection::open(parsed.value());
        QVERIFY2(connection.ok(), errorOf(connection).constData());
        QCOMPARE(emptyServerDatabase(connection.value()->database(), backend == kPostgres), QString());
    }
    const QString revisions[][3] = {
        {kA, QString(), QStringLiteral("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL);\n")},
        {kB, kA, QStringLiteral("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what VARCHAR(40));\n")},
        {kC, kB, QStringLiteral("INSERT INTO orders (id, total) VALUES (1, 10);\n")},
    };
    for (const auto &revision : revisions) {
        QVERIFY(
            writeFile(f.file(revision[0]), QStringLiteral("-- step\n--\n-- Revision ID: %1\n-- Revises: %2\n"
                                                          "-- Create Date: 2026-12-03 10:00:00.000000\n"
                                                          "\n-- migrate:upgrade\n%3-- migrate:downgrade\nSELECT 1;\n")
                                               .arg(revision[0], revision[1], revision[2])));
    }
    QVERIFY(writeFile(f.root + QStringLiteral("/retort.ini"),
                      QStringLiteral("[retort]\nscript_location = migrations\ndefault_env = dev\n\n"
                                     "[env.dev]\nurl = ${VERIFY_TEST_URL}\n")));
    f.environment.insert(QStringLiteral("VERIFY_TEST_URL"), url);
}

void TestVerify::findsWhatChangedSinceItRan_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("story");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("lines"); // lines of the report, in order
    QTest::addColumn<QString>("summary");   // its last line, after the URL
    const QStringList stories = {QStringLiteral("clean"),
                                 QStringLiteral("edited in place"),
                                 QStringLiteral("renamed"),
                                 QStringLiteral("head file deleted"),
                                 QStringLiteral("stamped"),
                                 QStringLiteral("pending file edited"),
                                 QStringLiteral("downgraded, then edited")};
    const auto ok = [](const QString &id) {
        return QStringLiteral("ok          %1  migrations/versions/%1_step.sql").arg(id);
    };
    const auto unverified = [](const QString &id) {
        return QStringLiteral("unverified  %1  migrations/versions/%1_step.sql: no checksum recorded").arg(id);
    };
    for (const QString &backend : backends()) {
        auto row = [&backend](const QString &story) -> QTestData & {
            return QTest::newRow(qPrintable(backend + QStringLiteral(": ") + story)) << backend << story;
        };
        row(stories[0]) << 0 << QStringList{ok(kA), ok(kB), ok(kC)}
                        << QStringLiteral("3 applied revision(s): 3 unchanged, 0 edited, 0 missing, 0 unverified.");
        row(stories[1]) << 8
                        << QStringList{ok(kA),
                                       QStringLiteral("EDITED      %1  migrations/versions/%1_step.sql: the upgrade "
                                                      "section is not what ran (upgrade ")
                                           .arg(kB),
                                       ok(kC)}
                        << QStringLiteral("3 applied revision(s): 2 unchanged, 1 edited, 0 missing, 0 unverified.");
        // What ran is the content, not the file's name.
        row(stories[2]) << 0
                        << QStringList{ok(kA),
                                       QStringLiteral("ok          %1  migrations/versions/%1_renamed.sql").arg(kB),
                                       ok(kC)}
                        << QStringLiteral("3 applied revision(s): 3 unchanged, 0 edited, 0 missing, 0 unverified.");
        row(stories[3]) << 8
                        << QStringList{ok(kA), ok(kB),
                                       QStringLiteral("MISSING     %1: the database has it applied, and no file in "
                                                      "the versions folder defines it")
                                           .arg(kC)}
                        << QStringLiteral("3 applied revision(s): 2 unchanged, 0 edited, 1 missing, 0 unverified.");
        // A stamp runs nothing: there is no SQL that ran to compare with.
        row(stories[4]) << 0 << QStringList{unverified(kA), unverified(kB), unverified(kC)}
                        << QStringLiteral("3 applied revision(s): 0 unchanged, 0 edited, 0 missing, 3 unverified.");
        row(stories[5]) << 0 << QStringList{ok(kA)}
                        << QStringLiteral("1 applied revision(s): 1 unchanged, 0 edited, 0 missing, 0 unverified.");
        row(stories[6]) << 0 << QStringList{ok(kA), ok(kB)}
                        << QStringLiteral("2 applied revision(s): 2 unchanged, 0 edited, 0 missing, 0 unverified.");
    }
}

void TestVerify::findsWhatChangedSinceItRan()
{
    QFETCH(QString, backend);
    QFETCH(QString, story);
    QFETCH(int, exitCode);
    QFETCH(QStringList, lines);
    QFETCH(QString, summary);
    Fixture f;
    prepare(f, backend);
    if (QTest::currentTestFailed())
        return;

    auto upgradeTo = [&f](const QString &target) {
        const CliRun run = f.retort({QStringLiteral("upgrade"), target});
        return run.exitCode == 0 ? QString() : run.err;
    };
    auto rewrite = [](const QString &path, const QByteArray &from, const QByteArray &to) {
        QFile file(path);
        if (!file.open(QIODevice::ReadWrite))
            return false;
        QByteArray bytes = file.readAll();
        const qsizetype at = bytes.indexOf(from);
        if (at < 0)
            return false;
        bytes.replace(at, from.size(), to);
        file.resize(0);
        return file.seek(0) && file.write(bytes) == bytes.size();
    };
    if (story == QLatin1String("stamped")) {
        const CliRun run = f.retort({QStringLiteral("stamp"), QStringLiteral("head")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    } else if (story == QLatin1String("pending file edited")) {
        QCOMPARE(upgradeTo(kA), QString());
        QVERIFY(rewrite(f.file(kC), "VALUES (1, 10)", "VALUES (1, 99)"));
    } else {
        QCOMPARE(upgradeTo(QStringLiteral("head")), QString());
    }
    if (story == QLatin1String("edited in place")) {
        // Same length, same inode: only the content says it changed.
        QVERIFY(rewrite(f.file(kB), "VARCHAR(40)", "VARCHAR(80)"));
    } else if (story == QLatin1String("renamed")) {
        QVERIFY(QFile::rename(f.file(kB), f.root + QStringLiteral("/migrations/versions/%1_renamed.sql").arg(kB)));
    } else if (story == QLatin1String("head file deleted")) {
        QVERIFY(QFile::remove(f.file(kC)));
    } else if (story == QLatin1String("downgraded, then edited")) {
        const CliRun run = f.retort({QStringLiteral("downgrade"), QStringLiteral("-1")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(rewrite(f.file(kC), "VALUES (1, 10)", "VALUES (1, 99)"));
    }

    const CliRun run = f.retort({QStringLiteral("verify")});
    QVERIFY2(run.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1\n%2%3").arg(run.exitCode).arg(run.out, run.err)));
    const QStringList out = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(out.size(), lines.size() + 1);
    for (int i = 0; i < lines.size(); ++i)
        QVERIFY2(out[i].startsWith(lines[i]), qPrintable(out[i] + QStringLiteral("\nexpected: ") + lines[i]));
    QVERIFY2(out.last().endsWith(QStringLiteral(": ") + summary), qPrintable(out.last()));
    if (exitCode == 8) {
        QVERIFY2(run.err.startsWith(QStringLiteral("FAILED: ")) && run.err.contains(QStringLiteral("since they ran")),
                 qPrintable(run.err));
    } else {
        QCOMPARE(run.err, QString());
    }
}

#ifndef RETORT_INTEGRATION
// verify only reads: a SQLite path that is not there is said to be so, and stays not there.
void TestVerify::missingDatabaseIsNotCreated()
{
    Fixture f;
    prepare(f, kSqlite);
    const QString path = f.root + QStringLiteral("/shop.db");
    const CliRun run = f.retort({QStringLiteral("verify")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral("%1 does not exist: nothing is applied, nothing to verify.\n").arg(path));
    QVERIFY(!QFileInfo::exists(path));
}
#endif

QTEST_GUILESS_MAIN(TestVerify)
#include "tst_verify.moc"
