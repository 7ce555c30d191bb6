// SPDX-License-Identifier: GPL-3.0-or-later
// The corpus of broken projects (tests/data/broken, plus the cases made here because they are
// binary or huge): each one, run through the real `retort upgrade heads` against a SQLite file,
// gives its own clear message and leaves the database exactly as it was.
#include "tests/support/TestFiles.h"
#include "tests/runtime/TestDatabases.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace retort::testing;

namespace {

const QString kCorpus = QStringLiteral(RETORT_TEST_DATA_DIR "/broken");

QByteArray header(const char *id, const char *revises)
{
    return QByteArray("-- broken\n--\n-- Revision ID: ") + id + "\n-- Revises: " + revises + "\n\n";
}

// Everything a run could change: the schema and every row of every table.
QStringList snapshot(const QString &databasePath)
{
    QStringList lines;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("snapshot"));
        db.setDatabaseName(databasePath);
        if (!db.open())
            return {QStringLiteral("cannot open ") + databasePath};
        const QList<QStringList> schema =
            selectRows(db, QStringLiteral("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"));
        for (const QStringList &object : schema) {
            lines << object.join(QLatin1Char('|'));
            if (object.value(0) != QLatin1String("table"))
                continue;
            for (const QStringList &row :
                 selectRows(db, QStringLiteral("SELECT * FROM \"%1\" ORDER BY 1").arg(object.value(1))))
                lines << QStringLiteral("  ") + row.join(QLatin1Char('|'));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("snapshot"));
    return lines;
}

} // namespace

class TestBrokenProjects : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void brokenProjectChangesNothing_data();
    void brokenProjectChangesNothing();

private:
    void prepare(const QString &project, const QString &preparation, const QString &databasePath);
};

void TestBrokenProjects::brokenProjectChangesNothing_data()
{
    QTest::addColumn<QString>("project");     // a folder of tests/data/broken
    QTest::addColumn<QString>("preparation"); // what the test adds to it
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expected"); // each must be in stderr

    const QStringList upgrade{QStringLiteral("upgrade"), QStringLiteral("heads")};
    QTest::newRow("duplicate ids") << "duplicate-ids" << QString() << upgrade
                                   << QStringList{QStringLiteral("Revision 2b is present more than once"),
                                                  QStringLiteral("2b_one.sql"), QStringLiteral("3c_two.sql")};
    QTest::newRow("cycle") << "cycle" << QString() << upgrade
                           << QStringList{QStringLiteral("Cycle is detected in revisions (2b, 3c)")};
    QTest::newRow("dangling Revises:") << "dangling-revises" << QString() << upgrade
                                       << QStringList{
                                              QStringLiteral("Revision 9f9f9f referenced from 2b is not present"),
                                              QStringLiteral("2b_one.sql")};
    QTest::newRow("missing upgrade marker")
        << "missing-upgrade-marker" << QString() << upgrade
        << QStringList{QStringLiteral("2b_nomarker.sql:6: SQL outside a '-- migrate:upgrade' or "
                                      "'-- migrate:downgrade' section")};
    QTest::newRow("unterminated string") << "unterminated-string" << QString() << upgrade
                                         << QStringList{QStringLiteral("2b_one.sql:8:"),
                                                        QStringLiteral("unterminated")};
    QTest::newRow("ambiguous prefix")
        << "ambiguous-prefix" << QString() << QStringList{QStringLiteral("upgrade"), QStringLiteral("abcd")}
        << QStringList{QStringLiteral("Can't locate revision identified by 'abcd' (Multiple revisions start with "
                                      "'abcd': 'abcd11', 'abcd22'...)")};
    QTest::newRow("binary junk") << "good"
                                 << "junk" << upgrade << QStringList{QStringLiteral("4d_junk.sql")};
    QTest::newRow("50 MB file") << "good"
                                << "huge" << upgrade
                                << QStringList{QStringLiteral("4d_huge.sql"), QStringLiteral("50.0 MiB")};
    QTest::newRow("not UTF-8") << "good"
                               << "latin1" << upgrade
                               << QStringList{QStringLiteral("4d_latin1.sql:7"), QStringLiteral("UTF-8")};
    QTest::newRow("version table names an unknown revision")
        << "good"
        << "unknown-row" << upgrade
        << QStringList{QStringLiteral("Can't locate revision identified by 'ffffffffffff'")};
    QTest::newRow("version table holds a revision and its ancestor")
        << "good"
        << "overlapping-rows" << upgrade
        << QStringList{QStringLiteral("1a"), QStringLiteral("2b"), QStringLiteral("overlaps")};
}

void TestBrokenProjects::prepare(const QString &project, const QString &preparation, const QString &databasePath)
{
    const QString versions = project + QStringLiteral("/versions/");
    if (preparation == QLatin1String("junk")) {
        QByteArray junk(4096, '\0');
        QRandomGenerator generator(7);
        for (char &byte : junk)
            byte = char(generator.bounded(256));
        QVERIFY(writeFile(versions + QStringLiteral("4d_junk.sql"), junk));
    } else if (preparation == QLatin1String("huge")) {
        QByteArray text = header("4d", "3c") + "-- migrate:upgrade\n";
        const QByteArray row = "INSERT INTO t_1a VALUES (NULL);\n";
        text.reserve(50 * 1024 * 1024 + 64);
        while (text.size() < 50 * 1024 * 1024)
            text += row;
        QVERIFY(writeFile(versions + QStringLiteral("4d_huge.sql"), text));
    } else if (preparation == QLatin1String("latin1")) {
        QVERIFY(writeFile(versions + QStringLiteral("4d_latin1.sql"),
                          header("4d", "3c") + "-- migrate:upgrade\nINSERT INTO t_1a VALUES (1); -- caf\xe9\n"));
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("prepare"));
    db.setDatabaseName(databasePath);
    QVERIFY(db.open());
    QCOMPARE(execError(db, QStringLiteral("CREATE TABLE keep_me (id INTEGER PRIMARY KEY, note TEXT)")), QString());
    QCOMPARE(execError(db, QStringLiteral("INSERT INTO keep_me VALUES (1, 'before')")), QString());
    QStringList rows;
    if (preparation == QLatin1String("unknown-row"))
        rows << QStringLiteral("ffffffffffff");
    else if (preparation == QLatin1String("overlapping-rows"))
        rows << QStringLiteral("1a") << QStringLiteral("2b");
    if (!rows.isEmpty()) {
        QCOMPARE(execError(db, QStringLiteral("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                                              "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")),
                 QString());
        for (const QString &row : std::as_const(rows)) {
            QCOMPARE(execError(db, QStringLiteral("INSERT INTO alembic_version VALUES ('%1')").arg(row)), QString());
        }
        QCOMPARE(execError(db, QStringLiteral("CREATE TABLE t_1a (id INTEGER PRIMARY KEY)")), QString());
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("prepare"));
}

void TestBrokenProjects::brokenProjectChangesNothing()
{
    QFETCH(QString, project);
    QFETCH(QString, preparation);
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path() + QStringLiteral("/project");
    QVERIFY(copyTree(kCorpus + QLatin1Char('/') + project, root));
    const QString databasePath = dir.path() + QStringLiteral("/test.db");
    CHECKED(prepare(root, preparation, databasePath));
    const QStringList before = snapshot(databasePath);

    QProcessEnvironment environment = cliEnvironment();
    environment.insert(QStringLiteral("RETORT_TEST_URL"), QStringLiteral("sqlite:///") + databasePath);
    const CliRun run = runRetort(
        QString(), QStringList{QStringLiteral("-c"), root + QStringLiteral("/retort.ini")} + arguments, environment);

    QCOMPARE(run.exitCode, 1);
    for (const QString &part : std::as_const(expected))
        QVERIFY2(run.err.contains(part), qPrintable(QStringLiteral("'%1' not in:\n%2").arg(part, run.err)));
    QVERIFY2(!run.err.contains(QLatin1String("Traceback")) && run.err.size() < 2000, qPrintable(run.err));
    QCOMPARE(snapshot(databasePath), before);
}

QTEST_GUILESS_MAIN(TestBrokenProjects)
#include "tst_brokenprojects.moc"
