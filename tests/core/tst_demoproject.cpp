// SPDX-License-Identifier: GPL-3.0-or-later
// The demo a first start offers: copied out of the read-only shipped folder into the person's own, with its
// database made from init.sql, and never copied over their changes.
#include "core/DemoProject.h"
#include "core/runtime/DatabaseConnection.h"
#include "tests/support/TestFiles.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;
using retort::testing::readFile;
using retort::testing::writeFile;

namespace {

const QString kShippedDemo = QStringLiteral(RETORT_SOURCE_DIR "/migrations/demo");

QStringList tablesOf(const QString &databasePath)
{
    auto url = DatabaseUrl::parse(QStringLiteral("sqlite:///") + databasePath);
    auto connection = DatabaseConnection::open(*url, DatabaseConnection::Mode::ReadOnly);
    if (!connection)
        return {QStringLiteral("cannot open: ") + connection.error().message};
    return (*connection)->database().tables();
}

// A shipped folder as a source tree holds it after scripts/demo ran: a database, backups and walks beside
// the project's own files.
bool makeUsedShippedDemo(const QString &dir)
{
    return QDir().mkpath(dir + QStringLiteral("/versions")) && QDir().mkpath(dir + QStringLiteral("/backups")) &&
           QDir().mkpath(dir + QStringLiteral("/.retort/walks")) &&
           QFile::copy(kShippedDemo + QStringLiteral("/retort.ini"), dir + QStringLiteral("/retort.ini")) &&
           QFile::copy(kShippedDemo + QStringLiteral("/init.sql"), dir + QStringLiteral("/init.sql")) &&
           QFile::copy(kShippedDemo + QStringLiteral("/versions/ae98aa32e0d2_baseline_existing_schema.sql"),
                       dir + QStringLiteral("/versions/ae98aa32e0d2_baseline_existing_schema.sql")) &&
           writeFile(dir + QStringLiteral("/dev.db"), "not the copy's database") &&
           writeFile(dir + QStringLiteral("/backups/dev-1.db"), "a backup") &&
           writeFile(dir + QStringLiteral("/.retort/walks/maintenance-window-development.json"), "{}");
}

} // namespace

class TestDemoProject : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void userDirectoryFollowsXdgDataHome()
    {
        QStandardPaths::setTestModeEnabled(false);
        const QByteArray saved = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", "/tmp/retort-xdg-data");
        QCOMPARE(DemoProject::userDirectory(), QStringLiteral("/tmp/retort-xdg-data/retort/demo"));
        if (saved.isNull())
            qunsetenv("XDG_DATA_HOME");
        else
            qputenv("XDG_DATA_HOME", saved);
    }

    void theBuildFindsTheSourceTreesDemo()
    {
        // Not installed: no share/retort beside the test, so the source tree's demo.
        QCOMPARE(QDir::cleanPath(DemoProject::shippedDirectory()), QDir::cleanPath(kShippedDemo));
    }

    void copiesTheDemoAndCreatesItsDatabase()
    {
        QTemporaryDir home;
        const QString target = home.filePath(QStringLiteral("retort/demo"));
        const auto project = DemoProject::prepare(kShippedDemo, target);
        QVERIFY2(project, qPrintable(project ? QString() : project.error().message));
        QCOMPARE(*project, target + QStringLiteral("/retort.ini"));
        QCOMPARE(readFile(*project), readFile(kShippedDemo + QStringLiteral("/retort.ini")));
        const QStringList revisions = QDir(target + QStringLiteral("/versions")).entryList({QStringLiteral("*.sql")});
        QCOMPARE(revisions, QDir(kShippedDemo + QStringLiteral("/versions")).entryList({QStringLiteral("*.sql")}));
        QVERIFY(revisions.size() >= 8);
        // The application's schema before any migration tool: its tables, no version table yet.
        const QStringList tables = tablesOf(target + QStringLiteral("/dev.db"));
        QVERIFY2(tables.contains(QStringLiteral("app_users")), qPrintable(tables.join(u',')));
        QVERIFY(!tables.contains(QStringLiteral("alembic_version")));
        // The copy is the person's to edit, even when the shipped files are read-only.
        QVERIFY(QFileInfo(target + QStringLiteral("/versions/") + revisions.first()).isWritable());
        QVERIFY(!QFileInfo::exists(target + QStringLiteral(".partial")));
    }

    void takesNeitherDatabaseNorBackupsNorWalksOfTheShippedFolder()
    {
        QTemporaryDir dir;
        const QString shipped = dir.filePath(QStringLiteral("shipped"));
        QVERIFY(makeUsedShippedDemo(shipped));
        const QString target = dir.filePath(QStringLiteral("copy"));
        const auto project = DemoProject::prepare(shipped, target);
        QVERIFY2(project, qPrintable(project ? QString() : project.error().message));
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/backups")));
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/.retort")));
        // dev.db is made from init.sql, not copied.
        QVERIFY(tablesOf(target + QStringLiteral("/dev.db")).contains(QStringLiteral("app_users")));
    }

    void keepsAnEarlierCopyAsItIs()
    {
        QTemporaryDir home;
        const QString target = home.filePath(QStringLiteral("demo"));
        QVERIFY(DemoProject::prepare(kShippedDemo, target));
        const QString edited = target + QStringLiteral("/versions/ae98aa32e0d2_baseline_existing_schema.sql");
        QVERIFY(writeFile(edited, "-- my own edit\n"));
        QVERIFY(QFile::remove(target + QStringLiteral("/dev.db")));
        const auto again = DemoProject::prepare(kShippedDemo, target);
        QVERIFY(again);
        QCOMPARE(readFile(edited), QStringLiteral("-- my own edit\n"));
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/dev.db"))); // their project: not re-created behind them
    }

    void refusesWhatItCannotDoNamingTheFolder_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("message");
        QTest::newRow("shipped demo missing") << "shipped"
                                              << "the demo project is missing";
        QTest::newRow("target holds other files") << "target"
                                                  << "exists but holds no retort.ini";
        QTest::newRow("broken schema") << "schema"
                                       << "init.sql:1:";
    }

    void refusesWhatItCannotDoNamingTheFolder()
    {
        QFETCH(QString, problem);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QString shipped = dir.filePath(QStringLiteral("shipped"));
        QVERIFY(makeUsedShippedDemo(shipped));
        const QString target = dir.filePath(QStringLiteral("copy"));
        QString named = target;
        if (problem == QLatin1String("shipped")) {
            shipped = dir.filePath(QStringLiteral("nowhere"));
            named = shipped;
        } else if (problem == QLatin1String("target")) {
            QVERIFY(writeFile(target + QStringLiteral("/notes.txt"), "mine"));
        } else {
            QVERIFY(writeFile(shipped + QStringLiteral("/init.sql"), "CREATE TABLE broken (;\n"));
            named = QStringLiteral("init.sql");
        }
        const auto project = DemoProject::prepare(shipped, target);
        QVERIFY(!project);
        QVERIFY2(project.error().message.contains(message), qPrintable(project.error().message));
        QVERIFY2(project.error().message.contains(QDir::toNativeSeparators(named)),
                 qPrintable(project.error().message));
        // Nothing half made is left to be opened next time.
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/retort.ini")));
        QVERIFY(!QFileInfo::exists(target + QStringLiteral(".partial")));
        if (problem == QLatin1String("target"))
            QCOMPARE(readFile(target + QStringLiteral("/notes.txt")), QStringLiteral("mine"));
    }
};

QTEST_GUILESS_MAIN(TestDemoProject)
#include "tst_demoproject.moc"
