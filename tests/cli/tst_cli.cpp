// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end tests of the `retort` command line: each case runs the real binary
// (RETORT_CLI_PATH) with QProcess inside a fresh QTemporaryDir and asserts its exact
// stdout, stderr and exit status (0 success, 1 FAILED, 2 usage error). The line
// formats are Alembic's (see shared/reference/alembic-output.md).
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "tests/support/TestFiles.h"
#include "tests/runtime/TestDatabases.h"

using retort::testing::cliEnvironment;
using retort::testing::CliRun;
using retort::testing::finish;

using namespace retort::testing;

namespace {

// Lines joined with '\n', each one terminated, as a command prints them.
QString text(const QStringList &lines)
{
    return lines.isEmpty() ? QString() : lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

// stderr without the guidance after a FAILED line (indented "hint:" lines and their commands; tst_guidance
// checks them), for tests about what comes before it.
QString withoutHints(const QString &err)
{
    QStringList lines = err.split(QLatin1Char('\n'));
    lines.erase(std::remove_if(lines.begin(), lines.end(),
                               [](const QString &line) { return line.startsWith(QLatin1String("  ")); }),
                lines.end());
    return lines.join(QLatin1Char('\n'));
}

// The text lines of the hints of a --json error object, as the same command prints them without --json.
QString hintText(const QJsonArray &hints)
{
    QString text;
    for (const QJsonValue &value : hints) {
        const QJsonObject hint = value.toObject();
        text += QStringLiteral("  hint: ") + hint.value(QStringLiteral("text")).toString() + QLatin1Char('\n');
        if (!hint.value(QStringLiteral("command")).isNull())
            text += QStringLiteral("        ") + hint.value(QStringLiteral("command")).toString() + QLatin1Char('\n');
    }
    return text;
}

QStringList sortedLines(const QString &output)
{
    QStringList lines = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    lines.sort();
    return lines;
}

// The temporary folder as the child process sees it (symlinks resolved).
QString canonical(const QTemporaryDir &dir)
{
    return QFileInfo(dir.path()).canonicalFilePath();
}

QStringList versionFiles(const QString &root)
{
    return QDir(root + QStringLiteral("/migrations/versions"))
        .entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
}

// One migration file in Retort's format; `extraHeaders` are "Key: value" lines.
QString migration(const QString &message, const QString &id, const QString &revises, const QString &createDate,
                  const QStringList &extraHeaders = {}, const QString &upgrade = {}, const QString &downgrade = {})
{
    QString contents = QStringLiteral("-- %1\n--\n-- Revision ID: %2\n-- Revises: %3\n-- Create Date: %4\n")
                           .arg(message, id, revises, createDate);
    for (const QString &header : extraHeaders)
        contents += QStringLiteral("-- ") + header + QLatin1Char('\n');
    contents +=
        QStringLiteral("\n-- migrate:upgrade\n") + upgrade + QStringLiteral("\n-- migrate:downgrade\n") + downgrade;
    return contents;
}

enum class Fixture
{
    Empty,     // retort.ini and an empty versions folder
    Branched,  // Alembic's branch example: 1975ea83b712 -> ae1027a6acf, 27c6a30d7c24 (shoppingcart)
    Merged,    // Branched plus the merge 53fffde5ad5
    Auth,      // tests/data's 3f1c2a9b7d10 (auth), depending on a sibling branch
    Ambiguous, // two ids starting with "abc"
    TwoBranchPoints,
};

// Writes retort.ini (plus `extraIni`) and the fixture's revisions under `root`.
bool writeProject(const QString &root, Fixture fixture, const QString &extraIni = QString())
{
    const QString versions = root + QStringLiteral("/migrations/versions/");
    if (!writeFile(root + QStringLiteral("/retort.ini"),
                   QStringLiteral("[retort]\nscript_location = migrations\n") + extraIni) ||
        !QDir().mkpath(versions))
        return false;
    bool ok = true;
    auto add = [&](const QString &name, const QString &contents) { ok = ok && writeFile(versions + name, contents); };
    switch (fixture) {
    case Fixture::Empty:
        break;
    case Fixture::Merged:
        add(QStringLiteral("53fffde5ad5_merge_ae1_and_27c.sql"),
            migration(QStringLiteral("merge ae1 and 27c"), QStringLiteral("53fffde5ad5"),
                      QStringLiteral("27c6a30d7c24, ae1027a6acf"), QStringLiteral("2026-11-25 13:37:38.925311")));
        Q_FALLTHROUGH();
    case Fixture::Branched:
        add(QStringLiteral("1975ea83b712_create_account_table.sql"),
            migration(QStringLiteral("create account table"), QStringLiteral("1975ea83b712"), QString(),
                      QStringLiteral("2026-11-25 13:36:56.856350"), {},
                      QStringLiteral("CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);\n"),
                      QStringLiteral("DROP TABLE account;\n")));
        add(QStringLiteral("ae1027a6acf_add_a_column.sql"),
            migration(QStringLiteral("add a column"), QStringLiteral("ae1027a6acf"), QStringLiteral("1975ea83b712"),
                      QStringLiteral("2026-11-25 13:36:57.872389"), {},
                      QStringLiteral("ALTER TABLE account ADD COLUMN last_transaction_date TIMESTAMP;\n"),
                      QStringLiteral("ALTER TABLE account DROP COLUMN last_transaction_date;\n")));
        add(QStringLiteral("27c6a30d7c24_add_shopping_cart_table.sql"),
            migration(QStringLiteral("add shopping cart table"), QStringLiteral("27c6a30d7c24"),
                      QStringLiteral("1975ea83b712"), QStringLiteral("2026-11-25 13:36:59.267689"),
                      {QStringLiteral("Branch Labels: shoppingcart")},
                      QStringLiteral("CREATE TABLE shopping_cart (id INTEGER PRIMARY KEY, account_id INTEGER);\n"),
                      QStringLiteral("DROP TABLE shopping_cart;\n")));
        break;
    case Fixture::Auth:
        add(QStringLiteral("ae98aa32e0d2_baseline_existing_schema.sql"),
            migration(QStringLiteral("baseline existing schema"), QStringLiteral("ae98aa32e0d2"), QString(),
                      QStringLiteral("2025-10-01 08:00:00.000000")));
        add(QStringLiteral("5b2e44c0a1f3_add_users_table.sql"),
            migration(QStringLiteral("add users table"), QStringLiteral("5b2e44c0a1f3"), QStringLiteral("ae98aa32e0d2"),
                      QStringLiteral("2025-10-02 08:00:00.000000"), {},
                      QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"),
                      QStringLiteral("DROP TABLE users;\n")));
        ok = ok &&
             QFile::copy(QStringLiteral(RETORT_TEST_DATA_DIR "/migrationscript/3f1c2a9b7d10_add_api_keys_table.sql"),
                         versions + QStringLiteral("3f1c2a9b7d10_add_api_keys_table.sql"));
        break;
    case Fixture::Ambiguous:
        add(QStringLiteral("abc1230000aa_one.sql"), migration(QStringLiteral("one"), QStringLiteral("abc1230000aa"),
                                                              QString(), QStringLiteral("2025-01-01 00:00:00.000000")));
        add(QStringLiteral("abc4560000bb_two.sql"),
            migration(QStringLiteral("two"), QStringLiteral("abc4560000bb"), QStringLiteral("abc1230000aa"),
                      QStringLiteral("2025-01-02 00:00:00.000000")));
        break;
    case Fixture::TwoBranchPoints: {
        const QString date = QStringLiteral("2025-01-01 00:00:00.000000");
        add(QStringLiteral("b00000000001_base.sql"),
            migration(QStringLiteral("base"), QStringLiteral("b00000000001"), QString(), date));
        add(QStringLiteral("b00000000002_left.sql"),
            migration(QStringLiteral("left"), QStringLiteral("b00000000002"), QStringLiteral("b00000000001"), date));
        add(QStringLiteral("b00000000003_right.sql"),
            migration(QStringLiteral("right"), QStringLiteral("b00000000003"), QStringLiteral("b00000000001"), date));
        add(QStringLiteral("b00000000004_right_one.sql"),
            migration(QStringLiteral("right one"), QStringLiteral("b00000000004"), QStringLiteral("b00000000003"),
                      date));
        add(QStringLiteral("b00000000005_right_two.sql"),
            migration(QStringLiteral("right two"), QStringLiteral("b00000000005"), QStringLiteral("b00000000003"),
                      date));
        break;
    }
    }
    return ok;
}

// Creates an SQLite database file. With `versionTable`, it holds Alembic's
// alembic_version table with `rows`; without, only an unrelated table.
bool createDatabase(const QString &path, const QStringList &rows, bool versionTable = true)
{
    static int counter = 0;
    const QString connection = QStringLiteral("tst_cli_%1").arg(++counter);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        ok = db.open();
        if (ok) {
            QSqlQuery query(db);
            if (versionTable) {
                ok = query.exec(QStringLiteral("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                                               "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"));
            } else {
                ok = query.exec(QStringLiteral("CREATE TABLE account (id INTEGER PRIMARY KEY)"));
            }
            for (const QString &row : rows) {
                ok = ok && query.prepare(QStringLiteral("INSERT INTO alembic_version (version_num) VALUES (?)"));
                query.addBindValue(row);
                ok = ok && query.exec();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

// Alembic's log_entry blocks for the fixture revisions (Path: under `root`).
QString entry1975(const QString &root, const QString &marks = QStringLiteral(" (branchpoint)"))
{
    return text({QStringLiteral("Rev: 1975ea83b712") + marks, QStringLiteral("Parent: <base>"),
                 QStringLiteral("Branches into: 27c6a30d7c24, ae1027a6acf"),
                 QStringLiteral("Path: %1/migrations/versions/1975ea83b712_create_account_table.sql").arg(root),
                 QString(), QStringLiteral("    create account table"), QStringLiteral("    "),
                 QStringLiteral("    Revision ID: 1975ea83b712"), QStringLiteral("    Revises: "),
                 QStringLiteral("    Create Date: 2026-11-25 13:36:56.856350")});
}

QString entryAe10(const QString &root, const QString &marks)
{
    return text({QStringLiteral("Rev: ae1027a6acf") + marks, QStringLiteral("Parent: 1975ea83b712"),
                 QStringLiteral("Path: %1/migrations/versions/ae1027a6acf_add_a_column.sql").arg(root), QString(),
                 QStringLiteral("    add a column"), QStringLiteral("    "),
                 QStringLiteral("    Revision ID: ae1027a6acf"), QStringLiteral("    Revises: 1975ea83b712"),
                 QStringLiteral("    Create Date: 2026-11-25 13:36:57.872389")});
}

QString entry27c6(const QString &root, const QString &marks)
{
    return text({QStringLiteral("Rev: 27c6a30d7c24") + marks, QStringLiteral("Parent: 1975ea83b712"),
                 QStringLiteral("Branch names: shoppingcart"),
                 QStringLiteral("Path: %1/migrations/versions/27c6a30d7c24_add_shopping_cart_table.sql").arg(root),
                 QString(), QStringLiteral("    add shopping cart table"), QStringLiteral("    "),
                 QStringLiteral("    Revision ID: 27c6a30d7c24"), QStringLiteral("    Revises: 1975ea83b712"),
                 QStringLiteral("    Create Date: 2026-11-25 13:36:59.267689"),
                 QStringLiteral("    Branch Labels: shoppingcart")});
}

QString entry53ff(const QString &root)
{
    return text({QStringLiteral("Rev: 53fffde5ad5 (head) (mergepoint)"),
                 QStringLiteral("Merges: 27c6a30d7c24, ae1027a6acf"), QStringLiteral("Branch names: shoppingcart"),
                 QStringLiteral("Path: %1/migrations/versions/53fffde5ad5_merge_ae1_and_27c.sql").arg(root), QString(),
                 QStringLiteral("    merge ae1 and 27c"), QStringLiteral("    "),
                 QStringLiteral("    Revision ID: 53fffde5ad5"),
                 QStringLiteral("    Revises: 27c6a30d7c24, ae1027a6acf"),
                 QStringLiteral("    Create Date: 2026-11-25 13:37:38.925311")});
}

QString entry3f1c(const QString &root)
{
    return text({QStringLiteral("Rev: 3f1c2a9b7d10 (head)"), QStringLiteral("Parent: ae98aa32e0d2"),
                 QStringLiteral("Also depends on: 5b2e44c0a1f3"), QStringLiteral("Branch names: auth"),
                 QStringLiteral("Path: %1/migrations/versions/3f1c2a9b7d10_add_api_keys_table.sql").arg(root),
                 QString(), QStringLiteral("    add api keys table"), QStringLiteral("    "),
                 QStringLiteral("    Revision ID: 3f1c2a9b7d10"), QStringLiteral("    Revises: ae98aa32e0d2"),
                 QStringLiteral("    Create Date: 2025-10-16 09:12:44.000000"),
                 QStringLiteral("    Branch Labels: auth"), QStringLiteral("    Depends On: 5b2e44c0a1f3"),
                 QStringLiteral("    Transactional: true")});
}

const QString kHistoryMerged = text({
    QStringLiteral("27c6a30d7c24, ae1027a6acf -> 53fffde5ad5 (shoppingcart) (head) (mergepoint), merge ae1 and 27c"),
    QStringLiteral("1975ea83b712 -> 27c6a30d7c24 (shoppingcart), add shopping cart table"),
    QStringLiteral("1975ea83b712 -> ae1027a6acf, add a column"),
    QStringLiteral("<base> -> 1975ea83b712 (branchpoint), create account table"),
});

const QString kMultipleHeads = QStringLiteral(
    "FAILED: Multiple head revisions are present for given argument 'head'; please specify a specific target "
    "revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads\n");

const QString kPassword = QStringLiteral("s3cret");
const QString kPostgresUrl = QStringLiteral("postgresql://u:s3cret@127.0.0.1:1/db");
const QString kPostgresMasked = QStringLiteral("postgresql://u:***@127.0.0.1:1/db");

// The object `output` holds; `*problem` says why when it is not one JSON object.
QJsonObject jsonObject(const QString &output, QString *problem)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(output.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        *problem = error.errorString() + QStringLiteral(" in: ") + output;
    else if (!document.isObject())
        *problem = QStringLiteral("not one object: ") + output;
    return document.object();
}

// The `revision` of each object, in order.
QStringList revisionIds(const QJsonArray &revisions)
{
    QStringList ids;
    for (const QJsonValue &revision : revisions)
        ids << revision.toObject().value(QStringLiteral("revision")).toString();
    return ids;
}

QStringList sorted(QStringList items)
{
    items.sort();
    return items;
}

// The fixtures' revisions the --json tests name.
const QString kRev27c6 = QStringLiteral("27c6a30d7c24");
const QString kRevAe10 = QStringLiteral("ae1027a6acf");
const QString kRev1975 = QStringLiteral("1975ea83b712");
const QString kRev53ff = QStringLiteral("53fffde5ad5");

// The fields of every revision object (README, "JSON output"), sorted as QJsonObject::keys() gives them.
const QStringList kRevisionFields = sorted({
    QStringLiteral("revision"),
    QStringLiteral("down_revisions"),
    QStringLiteral("depends_on"),
    QStringLiteral("next_revisions"),
    QStringLiteral("branch_labels"),
    QStringLiteral("message"),
    QStringLiteral("doc"),
    QStringLiteral("create_date"),
    QStringLiteral("format"),
    QStringLiteral("upgrade_body"),
    QStringLiteral("downgrade_body"),
    QStringLiteral("dialect_sections"),
    QStringLiteral("path"),
    QStringLiteral("transactional"),
    QStringLiteral("is_base"),
    QStringLiteral("is_head"),
    QStringLiteral("is_effective_head"),
    QStringLiteral("is_branch_point"),
    QStringLiteral("is_merge"),
});

} // namespace

Q_DECLARE_METATYPE(Fixture)

// Compares line by line, so a failure names the first differing line.
#define COMPARE_TEXT(actual, expected) QCOMPARE((actual).split(QLatin1Char('\n')), (expected).split(QLatin1Char('\n')))

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // global options and usage
    void help();
    void commandHelp_data();
    void commandHelp();
    void version();
    void usageErrors_data();
    void usageErrors();
    void missingConfig_data();
    void missingConfig();

    // init
    void initCommand_data();
    void initCommand();
    void initNonEmptyDirectoryFails();
    void initAddsToAnExistingGitignore();

    // revision and merge
    void revisionOnEmptyProject();
    void revision_data();
    void revision();
    void revisionErrors_data();
    void revisionErrors();
    void mergeHeads();
    void mergeExplicitRevisions();

    // graph inspection
    void heads_data();
    void heads();
    void branches_data();
    void branches();
    void history_data();
    void history();
    void historyRangeWithoutColon();
    void historyVerbose();
    void historyAgainstDatabase_data();
    void historyAgainstDatabase();
    void show_data();
    void show();
    void showAmbiguousPrefix();
    void showCurrent();

    // the database's state
    void current_data();
    void current();
    void currentVerbose();
    void currentCheckHeads_data();
    void currentCheckHeads();
    void currentUnknownRevision();
    void currentMissingDatabase();
    void writeToMissingDatabase_data();
    void writeToMissingDatabase();
    void upgradeWarnsOfDrift();
    void plan_data();
    void plan();

    // which database
    void precedence_data();
    void precedence();
    void noDatabaseUrl();
    void unknownEnvironment();
    void passwordsMasked_data();
    void passwordsMasked();

    // --json
    void jsonListing_data();
    void jsonListing();
    void jsonRevisionFields_data();
    void jsonRevisionFields();
    void jsonHistoryCurrent_data();
    void jsonHistoryCurrent();
    void jsonCurrent_data();
    void jsonCurrent();
    void jsonBackupList();
    void jsonErrors_data();
    void jsonErrors();

private:
    // Runs retort in `workDir`; `extraEnvironment` entries are "NAME=value".
    CliRun run(const QString &workDir, const QStringList &arguments, const QStringList &extraEnvironment = {}) const;
    void checkListing(const QString &command);

    QProcessEnvironment m_environment;
};

void TestCli::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(RETORT_CLI_PATH)).isExecutable(), RETORT_CLI_PATH);
    QVERIFY(QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")));
    // Nothing from the caller's shell may choose a project or a database.
    m_environment = cliEnvironment();
}

CliRun TestCli::run(const QString &workDir, const QStringList &arguments, const QStringList &extraEnvironment) const
{
    QProcessEnvironment environment = m_environment;
    for (const QString &pair : extraEnvironment) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        environment.insert(pair.left(equals), pair.mid(equals + 1));
    }
    return runRetort(workDir, arguments, environment);
}

// ---------------------------------------------------------------------------
// global options and usage

void TestCli::help()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const CliRun result = run(dir.path(), {QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QString());
    const QStringList lines = result.out.split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0), QStringLiteral("usage: retort [-c CONFIG] [-e ENV | --url URL] COMMAND [options]"));
    const QStringList commands = {QStringLiteral("init"),    QStringLiteral("revision"), QStringLiteral("merge"),
                                  QStringLiteral("heads"),   QStringLiteral("branches"), QStringLiteral("current"),
                                  QStringLiteral("history"), QStringLiteral("show"),     QStringLiteral("plan")};
    for (const QString &command : commands) {
        const QRegularExpression line(QStringLiteral("^  %1 +\\S").arg(command));
        QVERIFY2(!lines.filter(line).isEmpty(), qPrintable(command));
    }
    QVERIFY(result.out.endsWith(QStringLiteral("\nRun 'retort COMMAND --help' for a command's options.\n")));

    // No command at all: the same usage, on stderr, as a usage error.
    const CliRun bare = run(dir.path(), {});
    QCOMPARE(bare.exitCode, 2);
    QCOMPARE(bare.out, QString());
    QCOMPARE(bare.err, result.out);
}

void TestCli::commandHelp_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("usageLine");

    QTest::newRow("heads --help") << QStringList{QStringLiteral("heads"), QStringLiteral("--help")}
                                  << QStringLiteral("usage: retort heads [options]");
    QTest::newRow("heads -h") << QStringList{QStringLiteral("heads"), QStringLiteral("-h")}
                              << QStringLiteral("usage: retort heads [options]");
    QTest::newRow("--help heads") << QStringList{QStringLiteral("--help"), QStringLiteral("heads")}
                                  << QStringLiteral("usage: retort heads [options]");
    QTest::newRow("init") << QStringList{QStringLiteral("init"), QStringLiteral("--help")}
                          << QStringLiteral("usage: retort init DIRECTORY");
    QTest::newRow("show") << QStringList{QStringLiteral("show"), QStringLiteral("--help")}
                          << QStringLiteral("usage: retort show [options] REV");
    QTest::newRow("merge") << QStringList{QStringLiteral("merge"), QStringLiteral("--help")}
                           << QStringLiteral("usage: retort merge [options] REV...");
    QTest::newRow("plan") << QStringList{QStringLiteral("plan"), QStringLiteral("--help")}
                          << QStringLiteral("usage: retort plan [options] REV");
    QTest::newRow("revision") << QStringList{QStringLiteral("revision"), QStringLiteral("--help")}
                              << QStringLiteral("usage: retort revision [options]");
}

void TestCli::commandHelp()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, usageLine);
    QTemporaryDir dir; // no retort.ini: help never needs one
    QVERIFY(dir.isValid());
    const CliRun result = run(dir.path(), arguments);
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out.section(QLatin1Char('\n'), 0, 0), usageLine);

    if (usageLine == QLatin1String("usage: retort heads [options]")) {
        COMPARE_TEXT(
            result.out,
            text({usageLine, QString(), QStringLiteral("Show current available heads in the migrations folder"),
                  QString(), QStringLiteral("options:"),
                  QStringLiteral("  -v, --verbose                 Use more verbose output"),
                  QStringLiteral("  --resolve-dependencies        Treat dependency versions as "
                                 "down revisions"),
                  QStringLiteral("  --json                        Print one JSON document instead")}));
    }
    if (usageLine == QLatin1String("usage: retort revision [options]")) {
        for (const QString &option :
             {QStringLiteral("-m, --message MESSAGE"), QStringLiteral("--rev-id REV_ID"), QStringLiteral("--head HEAD"),
              QStringLiteral("--splice"), QStringLiteral("--branch-label LABEL"), QStringLiteral("--depends-on REV"),
              QStringLiteral("--version-path PATH"), QStringLiteral("--autogenerate")})
            QVERIFY2(result.out.contains(QStringLiteral("\n  ") + option + QLatin1Char(' ')), qPrintable(option));
    }
}

void TestCli::version()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const CliRun result = run(dir.path(), {QStringLiteral("--version")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QString());
    QVERIFY2(QRegularExpression(QStringLiteral("^retort \\d+\\.\\d+\\.\\d+\\n$")).match(result.out).hasMatch(),
             qPrintable(result.out));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("firstErrorLine");
    QTest::addColumn<bool>("printsUsage");

    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                     << QStringLiteral("FAILED: unknown command 'frobnicate'") << true;
    QTest::newRow("unknown global option") << QStringList{QStringLiteral("--frob"), QStringLiteral("heads")}
                                           << QStringLiteral("FAILED: unrecognized argument '--frob'") << true;
    QTest::newRow("unknown command option")
        << QStringList{QStringLiteral("heads"), QStringLiteral("--frob")}
        << QStringLiteral("FAILED: retort heads: unrecognized argument '--frob' (see 'retort heads --help')") << false;
    QTest::newRow("flag given a value")
        << QStringList{QStringLiteral("heads"), QStringLiteral("--verbose=yes")}
        << QStringLiteral("FAILED: retort heads: option --verbose takes no value (see 'retort heads --help')") << false;
    QTest::newRow("option without its value")
        << QStringList{QStringLiteral("revision"), QStringLiteral("--rev-id")}
        << QStringLiteral("FAILED: retort revision: option --rev-id expects a value (REV_ID) (see 'retort revision "
                          "--help')")
        << false;
    QTest::newRow("missing positional") << QStringList{QStringLiteral("show")}
                                        << QStringLiteral(
                                               "FAILED: retort show: expected REV, got none (see 'retort show --help')")
                                        << false;
    QTest::newRow("extra positional")
        << QStringList{QStringLiteral("heads"), QStringLiteral("extra")}
        << QStringLiteral("FAILED: retort heads: expected no arguments, got extra (see 'retort heads --help')")
        << false;
    QTest::newRow("-e with --url")
        << QStringList{QStringLiteral("-e"), QStringLiteral("development"), QStringLiteral("--url"),
                       QStringLiteral("sqlite://"), QStringLiteral("current")}
        << QStringLiteral("FAILED: -e/--env and --url cannot be combined; --url names the database by itself") << false;
    QTest::newRow("plan --upgrade --downgrade")
        << QStringList{QStringLiteral("plan"), QStringLiteral("--upgrade"), QStringLiteral("--downgrade"),
                       QStringLiteral("head")}
        << QStringLiteral("FAILED: --upgrade and --downgrade cannot be combined") << false;
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, firstErrorLine);
    QFETCH(bool, printsUsage);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeProject(canonical(dir), Fixture::Branched,
                         QStringLiteral("\n[env.development]\nurl = sqlite:///dev.db\n")));
    const CliRun result = run(dir.path(), arguments);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QString());
    QCOMPARE(result.err.section(QLatin1Char('\n'), 0, 0), firstErrorLine);
    if (printsUsage) {
        QVERIFY(result.err.contains(
            QStringLiteral("\nusage: retort [-c CONFIG] [-e ENV | --url URL] COMMAND [options]\n")));
    } else {
        QCOMPARE(result.err, firstErrorLine + QLatin1Char('\n'));
    }
}

void TestCli::missingConfig_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("error");

    QTest::newRow("default name") << QStringList{QStringLiteral("heads")} << QStringList()
                                  << QStringLiteral("FAILED: No config file 'retort.ini' or 'alembic.ini' found; run "
                                                    "'retort init DIRECTORY' to create one, or pass -c PATH\n");
    QTest::newRow("-c") << QStringList{QStringLiteral("-c"), QStringLiteral("other.ini"), QStringLiteral("history")}
                        << QStringList()
                        << QStringLiteral("FAILED: No config file 'other.ini' found; run 'retort init DIRECTORY' to "
                                          "create one, or pass -c PATH\n");
    QTest::newRow("RETORT_CONFIG") << QStringList{QStringLiteral("current")}
                                   << QStringList{QStringLiteral("RETORT_CONFIG=env.ini")}
                                   << QStringLiteral("FAILED: No config file 'env.ini' found; run 'retort init "
                                                     "DIRECTORY' to create one, or pass -c PATH\n");
}

void TestCli::missingConfig()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(QString, error);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const CliRun result = run(dir.path(), arguments, environment);
    QCOMPARE(result.err, error);
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, 1);
}

// ---------------------------------------------------------------------------
// init

void TestCli::initCommand_data()
{
    QTest::addColumn<bool>("directoryExists");
    QTest::addColumn<bool>("iniExists");

    QTest::newRow("fresh") << false << false;
    QTest::newRow("existing empty directory") << true << false;
    QTest::newRow("existing retort.ini is kept") << false << true;
}

void TestCli::initCommand()
{
    QFETCH(bool, directoryExists);
    QFETCH(bool, iniExists);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    const QString ownIni = QStringLiteral("[retort]\nscript_location = db\n");
    if (directoryExists)
        QVERIFY(QDir(root).mkdir(QStringLiteral("db")));
    if (iniExists)
        QVERIFY(writeFile(root + QStringLiteral("/retort.ini"), ownIni));

    const CliRun result = run(root, {QStringLiteral("init"), QStringLiteral("db")});
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    QStringList expected;
    if (!directoryExists)
        expected << QStringLiteral("Creating directory %1/db ...  done").arg(root);
    expected << QStringLiteral("Creating directory %1/db/versions ...  done").arg(root);
    if (iniExists)
        expected << QStringLiteral("File %1/retort.ini already exists, skipping").arg(root);
    else
        expected << QStringLiteral("Generating %1/retort.ini ...  done").arg(root);
    expected << QStringLiteral("Generating %1/.gitignore ...  done").arg(root);
    expected << QStringLiteral("Please edit the database URLs in %1/retort.ini before proceeding.").arg(root);
    COMPARE_TEXT(result.out, text(expected));
    // Backups, local databases and Retort's own state stay out of the repository.
    const QStringList ignored = readFile(root + QStringLiteral("/.gitignore")).split(QLatin1Char('\n'));
    for (const QString &entry :
         {QStringLiteral("backups/"), QStringLiteral("*.db"), QStringLiteral(".retort/"), QStringLiteral("*.lock")})
        QVERIFY2(ignored.contains(entry), qPrintable(entry));

    QVERIFY(QFileInfo(root + QStringLiteral("/db/versions")).isDir());
    const QString ini = readFile(root + QStringLiteral("/retort.ini"));
    if (iniExists) {
        QCOMPARE(ini, ownIni);
    } else {
        const QStringList lines = ini.split(QLatin1Char('\n'));
        QVERIFY(lines.contains(QStringLiteral("[retort]")));
        QVERIFY(!lines.filter(QRegularExpression(QStringLiteral("^script_location = db( |$)"))).isEmpty());
        QVERIFY(!lines.filter(QRegularExpression(QStringLiteral("^default_env = development( |$)"))).isEmpty());
        QVERIFY(lines.contains(QStringLiteral("[env.development]")));
    }

    // The new project works at once: no heads, then a first revision.
    const CliRun heads = run(root, {QStringLiteral("heads")});
    QCOMPARE(heads.err, QString());
    QCOMPARE(heads.out, QString());
    QCOMPARE(heads.exitCode, 0);
    const CliRun revision = run(root, {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("first"),
                                       QStringLiteral("--rev-id"), QStringLiteral("000000000001")});
    QCOMPARE(revision.err, QString());
    QCOMPARE(revision.out, QStringLiteral("Generating %1/db/versions/000000000001_first.sql ...  done\n").arg(root));
    QCOMPARE(revision.exitCode, 0);
}

void TestCli::initNonEmptyDirectoryFails()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeFile(root + QStringLiteral("/migrations/README"), QStringLiteral("keep me\n")));
    const CliRun result = run(root, {QStringLiteral("init"), QStringLiteral("migrations")});
    QCOMPARE(result.err, QStringLiteral("FAILED: Directory migrations already exists and is not empty\n"));
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, 1);
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/retort.ini")));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/migrations/versions")));
}

void TestCli::initAddsToAnExistingGitignore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeFile(root + QStringLiteral("/.gitignore"), QStringLiteral("build/\n*.db\n")));
    const CliRun result = run(root, {QStringLiteral("init"), QStringLiteral("db")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QStringLiteral("Adding Retort's entries to %1/.gitignore ...  done\n").arg(root)),
             qPrintable(result.out));
    const QString text = readFile(root + QStringLiteral("/.gitignore"));
    QVERIFY2(text.startsWith(QStringLiteral("build/\n*.db\n\n# Retort: ")), qPrintable(text));
    QCOMPARE(text.count(QStringLiteral("*.db\n")), 1); // what was there is not added again
    QVERIFY(text.contains(QStringLiteral("\nbackups/\n")));
}

// ---------------------------------------------------------------------------
// revision and merge

namespace {

// Checks a generated file's header: `expected` are its lines up to the first
// blank line, without "-- Create Date:", which must be a recent timestamp.
void verifyGeneratedHeader(const QString &path, const QStringList &expected)
{
    const QString contents = readFile(path);
    QVERIFY2(!contents.isEmpty(), qPrintable(path));
    const QStringList lines = contents.split(QLatin1Char('\n'));
    const int blank = int(lines.indexOf(QString()));
    QVERIFY(blank > 0);
    QStringList header = lines.mid(0, blank);
    const QStringList dates = header.filter(QRegularExpression(QStringLiteral("^-- Create Date: ")));
    QCOMPARE(dates.size(), 1);
    const QRegularExpressionMatch match =
        QRegularExpression(
            QStringLiteral("^-- Create Date: (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3})\\d{3}$"))
            .match(dates.first());
    QVERIFY2(match.hasMatch(), qPrintable(dates.first()));
    const QDateTime created = QDateTime::fromString(match.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    QVERIFY(created.isValid());
    QVERIFY2(qAbs(created.secsTo(QDateTime::currentDateTime())) < 300, qPrintable(dates.first()));
    QCOMPARE(header.indexOf(dates.first()), 4); // right after "-- Revises: "
    header.removeAll(dates.first());
    QCOMPARE(header, expected);
    // The body has both sections, empty.
    QCOMPARE(lines.mid(blank), (QStringList{QString(), QStringLiteral("-- migrate:upgrade"), QString(), QString(),
                                            QStringLiteral("-- migrate:downgrade"), QString()}));
}

} // namespace

void TestCli::revisionOnEmptyProject()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Empty));

    CliRun result = run(root, {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("create account table"),
                               QStringLiteral("--rev-id"), QStringLiteral("1975ea83b712")});
    const QString first = root + QStringLiteral("/migrations/versions/1975ea83b712_create_account_table.sql");
    QCOMPARE(result.err, QString());
    QCOMPARE(result.out, QStringLiteral("Generating %1 ...  done\n").arg(first));
    QCOMPARE(result.exitCode, 0);
    verifyGeneratedHeader(first, {QStringLiteral("-- create account table"), QStringLiteral("--"),
                                  QStringLiteral("-- Revision ID: 1975ea83b712"), QStringLiteral("-- Revises: "),
                                  QStringLiteral("-- Transactional: true")});

    // Without --head the next one goes on the single head; without --rev-id the id is 12 hex digits.
    result = run(root, {QStringLiteral("revision"), QStringLiteral("--message=add a column")});
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    const QRegularExpressionMatch generated =
        QRegularExpression(QStringLiteral("^Generating (.*/([0-9a-f]{12})_add_a_column\\.sql) \\.\\.\\.  done\\n$"))
            .match(result.out);
    QVERIFY2(generated.hasMatch(), qPrintable(result.out));
    QCOMPARE(QFileInfo(generated.captured(1)).absolutePath(), root + QStringLiteral("/migrations/versions"));
    verifyGeneratedHeader(generated.captured(1),
                          {QStringLiteral("-- add a column"), QStringLiteral("--"),
                           QStringLiteral("-- Revision ID: ") + generated.captured(2),
                           QStringLiteral("-- Revises: 1975ea83b712"), QStringLiteral("-- Transactional: true")});

    result = run(root, {QStringLiteral("heads")});
    QCOMPARE(result.out, generated.captured(2) + QStringLiteral(" (head)\n"));
    QCOMPARE(result.exitCode, 0);
}

void TestCli::revision_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QString>("heads");

    const QString m = QStringLiteral("-m");
    const QString revId = QStringLiteral("--rev-id");
    const QString head = QStringLiteral("--head");
    auto header = [](const QString &message, const QString &id, const QString &revises, const QStringList &extra = {}) {
        return QStringList{QStringLiteral("-- ") + message, QStringLiteral("--"),
                           QStringLiteral("-- Revision ID: ") + id, QStringLiteral("-- Revises: ") + revises} +
               extra + QStringList{QStringLiteral("-- Transactional: true")};
    };

    QTest::newRow("--head label@head")
        << QStringList{m,    QStringLiteral("extend cart"),      revId, QStringLiteral("c0ffee000001"),
                       head, QStringLiteral("shoppingcart@head")}
        << QStringLiteral("c0ffee000001_extend_cart.sql")
        << header(QStringLiteral("extend cart"), QStringLiteral("c0ffee000001"), QStringLiteral("27c6a30d7c24"))
        << text({QStringLiteral("ae1027a6acf (head)"), QStringLiteral("c0ffee000001 (shoppingcart) (head)")});
    QTest::newRow("--head full id")
        << QStringList{m,    QStringLiteral("add email"),  revId, QStringLiteral("c0ffee000002"),
                       head, QStringLiteral("ae1027a6acf")}
        << QStringLiteral("c0ffee000002_add_email.sql")
        << header(QStringLiteral("add email"), QStringLiteral("c0ffee000002"), QStringLiteral("ae1027a6acf"))
        << text({QStringLiteral("27c6a30d7c24 (shoppingcart) (head)"), QStringLiteral("c0ffee000002 (head)")});
    QTest::newRow("--head prefix of a non-head with --splice")
        << QStringList{m,
                       QStringLiteral("spliced branch"),
                       revId,
                       QStringLiteral("c0ffee000003"),
                       head,
                       QStringLiteral("1975"),
                       QStringLiteral("--splice")}
        << QStringLiteral("c0ffee000003_spliced_branch.sql")
        << header(QStringLiteral("spliced branch"), QStringLiteral("c0ffee000003"), QStringLiteral("1975ea83b712"))
        << text({QStringLiteral("27c6a30d7c24 (shoppingcart) (head)"), QStringLiteral("ae1027a6acf (head)"),
                 QStringLiteral("c0ffee000003 (head)")});
    QTest::newRow("--branch-label") << QStringList{m,
                                                   QStringLiteral("label accounts"),
                                                   revId,
                                                   QStringLiteral("c0ffee000004"),
                                                   head,
                                                   QStringLiteral("ae1027a6acf"),
                                                   QStringLiteral("--branch-label"),
                                                   QStringLiteral("accounts")}
                                    << QStringLiteral("c0ffee000004_label_accounts.sql")
                                    << header(QStringLiteral("label accounts"), QStringLiteral("c0ffee000004"),
                                              QStringLiteral("ae1027a6acf"),
                                              {QStringLiteral("-- Branch Labels: accounts")})
                                    << text({QStringLiteral("27c6a30d7c24 (shoppingcart) (head)"),
                                             QStringLiteral("c0ffee000004 (accounts) (head)")});
    QTest::newRow("--depends-on prefix writes the full id")
        << QStringList{m,
                       QStringLiteral("needs cart"),
                       revId,
                       QStringLiteral("c0ffee000005"),
                       head,
                       QStringLiteral("ae1027a6acf"),
                       QStringLiteral("--depends-on"),
                       QStringLiteral("27c6")}
        << QStringLiteral("c0ffee000005_needs_cart.sql")
        << header(QStringLiteral("needs cart"), QStringLiteral("c0ffee000005"), QStringLiteral("ae1027a6acf"),
                  {QStringLiteral("-- Depends On: 27c6a30d7c24")})
        << text(
               {QStringLiteral("27c6a30d7c24 (shoppingcart) (effective head)"), QStringLiteral("c0ffee000005 (head)")});
    QTest::newRow("--depends-on label stays a label")
        << QStringList{m,
                       QStringLiteral("needs cart"),
                       revId,
                       QStringLiteral("c0ffee000006"),
                       head,
                       QStringLiteral("ae1027a6acf"),
                       QStringLiteral("--depends-on"),
                       QStringLiteral("shoppingcart")}
        << QStringLiteral("c0ffee000006_needs_cart.sql")
        << header(QStringLiteral("needs cart"), QStringLiteral("c0ffee000006"), QStringLiteral("ae1027a6acf"),
                  {QStringLiteral("-- Depends On: shoppingcart")})
        << text(
               {QStringLiteral("27c6a30d7c24 (shoppingcart) (effective head)"), QStringLiteral("c0ffee000006 (head)")});
    QTest::newRow("--depends-on twice") << QStringList{m,
                                                       QStringLiteral("needs two"),
                                                       revId,
                                                       QStringLiteral("c0ffee000007"),
                                                       head,
                                                       QStringLiteral("ae1027a6acf"),
                                                       QStringLiteral("--depends-on"),
                                                       QStringLiteral("27c6"),
                                                       QStringLiteral("--depends-on=1975ea")}
                                        << QStringLiteral("c0ffee000007_needs_two.sql")
                                        << header(QStringLiteral("needs two"), QStringLiteral("c0ffee000007"),
                                                  QStringLiteral("ae1027a6acf"),
                                                  {QStringLiteral("-- Depends On: 27c6a30d7c24, 1975ea83b712")})
                                        << text({QStringLiteral("27c6a30d7c24 (shoppingcart) (effective head)"),
                                                 QStringLiteral("c0ffee000007 (head)")});
    QTest::newRow("--version-path of the versions folder")
        << QStringList{m,
                       QStringLiteral("explicit folder"),
                       revId,
                       QStringLiteral("c0ffee000008"),
                       head,
                       QStringLiteral("ae1027a6acf"),
                       QStringLiteral("--version-path"),
                       QStringLiteral("migrations/versions")}
        << QStringLiteral("c0ffee000008_explicit_folder.sql")
        << header(QStringLiteral("explicit folder"), QStringLiteral("c0ffee000008"), QStringLiteral("ae1027a6acf"))
        << text({QStringLiteral("27c6a30d7c24 (shoppingcart) (head)"), QStringLiteral("c0ffee000008 (head)")});
    // branches.rst: a new independent branch starts at base.
    QTest::newRow("--head=base with a label")
        << QStringList{m,
                       QStringLiteral("create networking branch"),
                       revId,
                       QStringLiteral("3cac04ae8714"),
                       QStringLiteral("--head=base"),
                       QStringLiteral("--branch-label=networking")}
        << QStringLiteral("3cac04ae8714_create_networking_branch.sql")
        << header(QStringLiteral("create networking branch"), QStringLiteral("3cac04ae8714"), QString(),
                  {QStringLiteral("-- Branch Labels: networking")})
        << text({QStringLiteral("27c6a30d7c24 (shoppingcart) (head)"),
                 QStringLiteral("3cac04ae8714 (networking) (head)"), QStringLiteral("ae1027a6acf (head)")});
    // Alembic's truncate_slug_length: 40 characters, cut back to the last '_', which is kept.
    QTest::newRow("long message slug")
        << QStringList{m,     QStringLiteral("Add a much longer message that will need truncating for sure"),
                       revId, QStringLiteral("c0ffee000009"),
                       head,  QStringLiteral("ae10")}
        << QStringLiteral("c0ffee000009_add_a_much_longer_message_that_will_.sql")
        << header(QStringLiteral("Add a much longer message that will need truncating for sure"),
                  QStringLiteral("c0ffee000009"), QStringLiteral("ae1027a6acf"))
        << text({QStringLiteral("27c6a30d7c24 (shoppingcart) (head)"), QStringLiteral("c0ffee000009 (head)")});
}

void TestCli::revision()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, fileName);
    QFETCH(QStringList, header);
    QFETCH(QString, heads);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Branched));

    const CliRun result = run(root, QStringList{QStringLiteral("revision")} + arguments);
    const QString path = root + QStringLiteral("/migrations/versions/") + fileName;
    QCOMPARE(result.err, QString());
    QCOMPARE(result.out, QStringLiteral("Generating %1 ...  done\n").arg(path));
    QCOMPARE(result.exitCode, 0);
    verifyGeneratedHeader(path, header);

    // The project still loads, with the new revision in the graph.
    const CliRun after = run(root, {QStringLiteral("heads")});
    QCOMPARE(after.err, QString());
    COMPARE_TEXT(after.out, heads);
    QCOMPARE(after.exitCode, 0);
}

void TestCli::revisionErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");

    const QString m = QStringLiteral("-m");
    const QString msg = QStringLiteral("msg");
    const QString revId = QStringLiteral("--rev-id");
    const QString head = QStringLiteral("--head");
    const QString onHead = QStringLiteral("ae1027a6acf");

    QTest::newRow("multiple heads without --head")
        << QStringList{m, msg, revId, QStringLiteral("c0ffee0000e1")} << 1
        << QStringLiteral("FAILED: Multiple heads are present; please specify the head revision on which the new "
                          "revision should be based, or perform a merge.\n");
    QTest::newRow("non-head without --splice")
        << QStringList{m, msg, head, QStringLiteral("1975ea83b712")} << 2
        << QStringLiteral("FAILED: Revision 1975ea83b712 is not a head revision; please specify --splice to create a "
                          "new branch from this revision\n");
    QTest::newRow("non-head prefix without --splice")
        << QStringList{m, msg, head, QStringLiteral("1975")} << 2
        << QStringLiteral("FAILED: Revision 1975ea83b712 is not a head revision; please specify --splice to create a "
                          "new branch from this revision\n");
    QTest::newRow("unknown --head") << QStringList{m, msg, head, QStringLiteral("nope")} << 1
                                    << QStringLiteral("FAILED: Can't locate revision identified by 'nope'\n");
    QTest::newRow("--autogenerate") << QStringList{m, msg, head, onHead, QStringLiteral("--autogenerate")} << 2
                                    << QStringLiteral(
                                           "FAILED: --autogenerate is not available: Retort does not compare "
                                           "models with the database; create the revision and write its "
                                           "upgrade and downgrade SQL (in an Alembic project, alembic "
                                           "revision --autogenerate writes a file Retort reads as it is)\n");
    QTest::newRow("rev id with '-' and ':'")
        << QStringList{m, msg, head, onHead, revId, QStringLiteral("a-b:c")} << 2
        << QStringLiteral("FAILED: Character(s) '-, :' not allowed in revision identifier 'a-b:c'\n");
    QTest::newRow("rev id with '@' and '+'")
        << QStringList{m, msg, head, onHead, revId, QStringLiteral("x@y+1")} << 2
        << QStringLiteral("FAILED: Character(s) '+, @' not allowed in revision identifier 'x@y+1'\n");
    for (const char *word : {"head", "heads", "base", "current", "HEAD"}) {
        QTest::newRow(qPrintable(QStringLiteral("rev id '%1'").arg(QLatin1String(word))))
            << QStringList{m, msg, head, onHead, revId, QLatin1String(word)} << 2
            << QStringLiteral("FAILED: Revision identifier '%1' cannot be used: '%1' already means something to every "
                              "command (head, heads, base and current are reserved)\n")
                   .arg(QLatin1String(word));
    }
    QTest::newRow("rev id with ','") << QStringList{m, msg, head, onHead, revId, QStringLiteral("a1,b2")} << 2
                                     << QStringLiteral("FAILED: Revision identifier 'a1,b2' cannot be used: ',' "
                                                       "separates revisions in a list\n");
    QTest::newRow("duplicate rev id") << QStringList{m, msg, head, onHead, revId, QStringLiteral("ae1027a6acf")} << 1
                                      << QStringLiteral("FAILED: Revision ae1027a6acf is already present in "
                                                        "@ROOT@/migrations/versions/ae1027a6acf_add_a_column.sql\n");
    QTest::newRow("--version-path not a version location")
        << QStringList{m, msg, head, onHead, QStringLiteral("--version-path"), QStringLiteral("elsewhere")} << 2
        << QStringLiteral("FAILED: Path elsewhere is not represented in current version locations\n");
    QTest::newRow("unknown --depends-on")
        << QStringList{m, msg, head, onHead, QStringLiteral("--depends-on"), QStringLiteral("zzzz")} << 1
        << QStringLiteral("FAILED: Can't locate revision identified by 'zzzz'\n");
}

void TestCli::revisionErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, error);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Branched));
    QVERIFY(QDir(root).mkdir(QStringLiteral("elsewhere")));
    const QStringList before = versionFiles(root);

    const CliRun result = run(root, QStringList{QStringLiteral("revision")} + arguments);
    QCOMPARE(withoutHints(result.err), QString(error).replace(QStringLiteral("@ROOT@"), root));
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, exitCode);
    QCOMPARE(versionFiles(root), before);
    QVERIFY(QDir(root + QStringLiteral("/elsewhere")).isEmpty());
}

void TestCli::mergeHeads()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Branched));

    const CliRun heads = run(root, {QStringLiteral("heads")});
    QCOMPARE(heads.exitCode, 0);
    QStringList headIds;
    for (const QString &line : heads.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        headIds << line.section(QLatin1Char(' '), 0, 0);
    QCOMPARE(headIds, (QStringList{QStringLiteral("27c6a30d7c24"), QStringLiteral("ae1027a6acf")}));

    CliRun result =
        run(root, {QStringLiteral("merge"), QStringLiteral("heads"), QStringLiteral("-m"),
                   QStringLiteral("merge ae1 and 27c"), QStringLiteral("--rev-id"), QStringLiteral("53fffde5ad5")});
    const QString path = root + QStringLiteral("/migrations/versions/53fffde5ad5_merge_ae1_and_27c.sql");
    QCOMPARE(result.err, QString());
    QCOMPARE(result.out, QStringLiteral("Generating %1 ...  done\n").arg(path));
    QCOMPARE(result.exitCode, 0);
    // The merge revises the heads in the order `heads` printed them.
    verifyGeneratedHeader(path, {QStringLiteral("-- merge ae1 and 27c"), QStringLiteral("--"),
                                 QStringLiteral("-- Revision ID: 53fffde5ad5"),
                                 QStringLiteral("-- Revises: ") + headIds.join(QStringLiteral(", ")),
                                 QStringLiteral("-- Transactional: true")});

    result = run(root, {QStringLiteral("heads")});
    QCOMPARE(result.err, QString());
    QCOMPARE(result.out, QStringLiteral("53fffde5ad5 (shoppingcart) (head)\n"));
    QCOMPARE(result.exitCode, 0);

    result = run(root, {QStringLiteral("branches")});
    QCOMPARE(result.err, QString());
    COMPARE_TEXT(result.out, text({QStringLiteral("1975ea83b712 (branchpoint)"),
                                   QStringLiteral("             -> 27c6a30d7c24 (shoppingcart)"),
                                   QStringLiteral("             -> ae1027a6acf"), QString()}));
    QCOMPARE(result.exitCode, 0);

    result = run(root, {QStringLiteral("history")});
    QCOMPARE(result.err, QString());
    COMPARE_TEXT(result.out, kHistoryMerged);
    QCOMPARE(result.exitCode, 0);

    // Nothing left to merge: `revision` goes on the single head again.
    result = run(root, {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("after merge"),
                        QStringLiteral("--rev-id"), QStringLiteral("c0ffee0000a1")});
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    verifyGeneratedHeader(root + QStringLiteral("/migrations/versions/c0ffee0000a1_after_merge.sql"),
                          {QStringLiteral("-- after merge"), QStringLiteral("--"),
                           QStringLiteral("-- Revision ID: c0ffee0000a1"), QStringLiteral("-- Revises: 53fffde5ad5"),
                           QStringLiteral("-- Transactional: true")});
}

void TestCli::mergeExplicitRevisions()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Branched));

    CliRun result =
        run(root, {QStringLiteral("merge"), QStringLiteral("-m"), QStringLiteral("merge them"),
                   QStringLiteral("--rev-id"), QStringLiteral("c0ffee0000b1"), QStringLiteral("ae10"),
                   QStringLiteral("shoppingcart@head"), QStringLiteral("--branch-label"), QStringLiteral("merged")});
    const QString path = root + QStringLiteral("/migrations/versions/c0ffee0000b1_merge_them.sql");
    QCOMPARE(result.err, QString());
    QCOMPARE(result.out, QStringLiteral("Generating %1 ...  done\n").arg(path));
    QCOMPARE(result.exitCode, 0);
    // Given revisions keep the order they were given in.
    verifyGeneratedHeader(path, {QStringLiteral("-- merge them"), QStringLiteral("--"),
                                 QStringLiteral("-- Revision ID: c0ffee0000b1"),
                                 QStringLiteral("-- Revises: ae1027a6acf, 27c6a30d7c24"),
                                 QStringLiteral("-- Branch Labels: merged"), QStringLiteral("-- Transactional: true")});

    result = run(root, {QStringLiteral("merge"), QStringLiteral("-m"), QStringLiteral("again")});
    QCOMPARE(result.err,
             QStringLiteral("FAILED: retort merge: expected REV..., got none (see 'retort merge --help')\n"));
    QCOMPARE(result.exitCode, 2);
}

// ---------------------------------------------------------------------------
// graph inspection

void TestCli::heads_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");

    QTest::newRow("two heads") << Fixture::Branched << QStringList()
                               << text({QStringLiteral("27c6a30d7c24 (shoppingcart) (head)"),
                                        QStringLiteral("ae1027a6acf (head)")});
    QTest::newRow("two heads --verbose") << Fixture::Branched << QStringList{QStringLiteral("--verbose")}
                                         << entry27c6(QStringLiteral("@ROOT@"), QStringLiteral(" (head)")) +
                                                QLatin1Char('\n') +
                                                entryAe10(QStringLiteral("@ROOT@"), QStringLiteral(" (head)")) +
                                                QLatin1Char('\n');
    QTest::newRow("merged") << Fixture::Merged << QStringList()
                            << QStringLiteral("53fffde5ad5 (shoppingcart) (head)\n");
    QTest::newRow("merged -v") << Fixture::Merged << QStringList{QStringLiteral("-v")}
                               << entry53ff(QStringLiteral("@ROOT@")) + QLatin1Char('\n');
    // A revision only depended on is an effective head; --resolve-dependencies drops it.
    QTest::newRow("effective head") << Fixture::Auth << QStringList()
                                    << text({QStringLiteral("3f1c2a9b7d10 (auth) (head)"),
                                             QStringLiteral("5b2e44c0a1f3 (effective head)")});
    QTest::newRow("--resolve-dependencies") << Fixture::Auth << QStringList{QStringLiteral("--resolve-dependencies")}
                                            << QStringLiteral("3f1c2a9b7d10 (auth) (head)\n");
    QTest::newRow("empty project") << Fixture::Empty << QStringList() << QString();
}

// heads, branches and history on a fixture: exactly the expected lines, nothing on stderr.
void TestCli::checkListing(const QString &command)
{
    QFETCH(Fixture, fixture);
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, fixture));
    const CliRun result = run(root, QStringList{command} + arguments);
    QCOMPARE(result.err, QString());
    COMPARE_TEXT(result.out, expected.replace(QStringLiteral("@ROOT@"), root));
    QCOMPARE(result.exitCode, 0);
}

void TestCli::heads()
{
    checkListing(QStringLiteral("heads"));
}

void TestCli::branches_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");

    // Children indented by len(rev) spaces then " -> "; a blank line after each branch point.
    QTest::newRow("branched") << Fixture::Branched << QStringList()
                              << text({QStringLiteral("1975ea83b712 (branchpoint)"),
                                       QStringLiteral("             -> 27c6a30d7c24 (shoppingcart) (head)"),
                                       QStringLiteral("             -> ae1027a6acf (head)"), QString()});
    QTest::newRow("branched --verbose")
        << Fixture::Branched << QStringList{QStringLiteral("--verbose")}
        << entry1975(QStringLiteral("@ROOT@")) + QLatin1Char('\n') +
               text({QStringLiteral("             -> 27c6a30d7c24 (shoppingcart) (head), add shopping cart table"),
                     QStringLiteral("             -> ae1027a6acf (head), add a column"), QString()});
    QTest::newRow("newest branch point first")
        << Fixture::TwoBranchPoints << QStringList()
        << text({QStringLiteral("b00000000003 (branchpoint)"), QStringLiteral("             -> b00000000004 (head)"),
                 QStringLiteral("             -> b00000000005 (head)"), QString(),
                 QStringLiteral("b00000000001 (branchpoint)"), QStringLiteral("             -> b00000000002 (head)"),
                 QStringLiteral("             -> b00000000003 (branchpoint)"), QString()});
    QTest::newRow("no branch point") << Fixture::Ambiguous << QStringList() << QString();
}

void TestCli::branches()
{
    checkListing(QStringLiteral("branches"));
}

void TestCli::history_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");

    const QString add1975 = QStringLiteral("<base> -> 1975ea83b712 (branchpoint), create account table");
    const QString addAe10 = QStringLiteral("1975ea83b712 -> ae1027a6acf, add a column");

    QTest::newRow("newest first") << Fixture::Merged << QStringList() << kHistoryMerged;
    QTest::newRow("branched")
        << Fixture::Branched << QStringList()
        << text({QStringLiteral("1975ea83b712 -> 27c6a30d7c24 (shoppingcart) (head), add shopping cart table"),
                 QStringLiteral("1975ea83b712 -> ae1027a6acf (head), add a column"), add1975});
    QTest::newRow("-rSTART:END attached")
        << Fixture::Merged << QStringList{QStringLiteral("-r1975ea:ae1027")} << text({addAe10, add1975});
    QTest::newRow("--rev-range=START:END")
        << Fixture::Merged << QStringList{QStringLiteral("--rev-range=1975ea:ae1027")} << text({addAe10, add1975});
    QTest::newRow("-rSTART:") << Fixture::Merged << QStringList{QStringLiteral("-rae1027a6acf:")}
                              << text({QStringLiteral("27c6a30d7c24, ae1027a6acf -> 53fffde5ad5 (shoppingcart) (head) "
                                                      "(mergepoint), merge ae1 and 27c"),
                                       addAe10});
    QTest::newRow("-r :END") << Fixture::Merged << QStringList{QStringLiteral("-r"), QStringLiteral(":ae10")}
                             << text({addAe10, add1975});
    QTest::newRow("depends_on in the parent part")
        << Fixture::Auth << QStringList()
        << text({QStringLiteral("ae98aa32e0d2 (5b2e44c0a1f3) -> 3f1c2a9b7d10 (auth) (head), add api keys table"),
                 QStringLiteral("ae98aa32e0d2 -> 5b2e44c0a1f3 (effective head), add users table"),
                 QStringLiteral("<base> -> ae98aa32e0d2 (branchpoint), baseline existing schema")});
}

void TestCli::history()
{
    checkListing(QStringLiteral("history"));
}

void TestCli::historyRangeWithoutColon()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged));
    const CliRun result = run(root, {QStringLiteral("history"), QStringLiteral("-r"), QStringLiteral("ae10")});
    QCOMPARE(result.err, QStringLiteral("FAILED: History range requires [start]:[end], [start]:, or :[end]\n"));
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, 2);
}

void TestCli::historyVerbose()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged));
    const CliRun result = run(root, {QStringLiteral("history"), QStringLiteral("--verbose")});
    QCOMPARE(result.err, QString());
    COMPARE_TEXT(result.out, entry53ff(root) + QLatin1Char('\n') + entry27c6(root, QString()) + QLatin1Char('\n') +
                                 entryAe10(root, QString()) + QLatin1Char('\n') + entry1975(root) + QLatin1Char('\n'));
    QCOMPARE(result.exitCode, 0);
}

void TestCli::historyAgainstDatabase_data()
{
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");

    const QString i = QStringLiteral("-i");
    const QString merge = QStringLiteral("27c6a30d7c24, ae1027a6acf -> 53fffde5ad5 (shoppingcart) (head) (mergepoint), "
                                         "merge ae1 and 27c");

    QTest::newRow("-i, both branches applied")
        << QStringList{QStringLiteral("27c6a30d7c24"), QStringLiteral("ae1027a6acf")} << QStringList{i} << 0
        << text({merge,
                 QStringLiteral("1975ea83b712 -> 27c6a30d7c24 (shoppingcart) (current), add shopping cart table"),
                 QStringLiteral("1975ea83b712 -> ae1027a6acf (current), add a column"),
                 QStringLiteral("<base> -> 1975ea83b712 (branchpoint), create account table")})
        << QString();
    QTest::newRow("-i at the branch point")
        << QStringList{QStringLiteral("1975ea83b712")} << QStringList{i} << 0
        << text({merge, QStringLiteral("1975ea83b712 -> 27c6a30d7c24 (shoppingcart), add shopping cart table"),
                 QStringLiteral("1975ea83b712 -> ae1027a6acf, add a column"),
                 QStringLiteral("<base> -> 1975ea83b712 (current) (branchpoint), create account table")})
        << QString();
    QTest::newRow("-i at the head, with a range")
        << QStringList{QStringLiteral("53fffde5ad5")}
        << QStringList{i, QStringLiteral("-r"), QStringLiteral("ae1027a6acf:")} << 0
        << text({QStringLiteral("27c6a30d7c24, ae1027a6acf -> 53fffde5ad5 (shoppingcart) (head) (current) "
                                "(mergepoint), merge ae1 and 27c"),
                 QStringLiteral("1975ea83b712 -> ae1027a6acf, add a column")})
        << QString();
    QTest::newRow("-i on an empty database") << QStringList() << QStringList{i} << 0 << kHistoryMerged << QString();
    QTest::newRow("-r current:")
        << QStringList{QStringLiteral("27c6a30d7c24"), QStringLiteral("ae1027a6acf")}
        << QStringList{QStringLiteral("-r"), QStringLiteral("current:")} << 0
        << text({merge, QStringLiteral("1975ea83b712 -> 27c6a30d7c24 (shoppingcart), add shopping cart table"),
                 QStringLiteral("1975ea83b712 -> ae1027a6acf, add a column")})
        << QString();
    // alembic-output.md: "-1" walks down from the head, which is a merge point.
    QTest::newRow("-r-1:current at a merge point")
        << QStringList{QStringLiteral("53fffde5ad5")} << QStringList{QStringLiteral("-r-1:current")} << 1 << QString()
        << QStringLiteral("FAILED: Ambiguous walk\n");
}

void TestCli::historyAgainstDatabase()
{
    QFETCH(QStringList, rows);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged));
    const QString database = root + QStringLiteral("/test.db");
    QVERIFY(createDatabase(database, rows));
    const CliRun result = run(
        root, QStringList{QStringLiteral("--url"), QStringLiteral("sqlite:///") + database, QStringLiteral("history")} +
                  arguments);
    QCOMPARE(withoutHints(result.err), err);
    COMPARE_TEXT(result.out, out);
    QCOMPARE(result.exitCode, exitCode);
}

void TestCli::show_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QString>("expected");

    QTest::newRow("prefix") << Fixture::Branched << QStringLiteral("ae10")
                            << entryAe10(QStringLiteral("@ROOT@"), QStringLiteral(" (head)")) + QLatin1Char('\n');
    QTest::newRow("branch point") << Fixture::Merged << QStringLiteral("1975ea83b712")
                                  << entry1975(QStringLiteral("@ROOT@")) + QLatin1Char('\n');
    QTest::newRow("label@head") << Fixture::Branched << QStringLiteral("shoppingcart@head")
                                << entry27c6(QStringLiteral("@ROOT@"), QStringLiteral(" (head)")) + QLatin1Char('\n');
    QTest::newRow("merge point") << Fixture::Merged << QStringLiteral("head")
                                 << entry53ff(QStringLiteral("@ROOT@")) + QLatin1Char('\n');
    QTest::newRow("depends_on") << Fixture::Auth << QStringLiteral("auth@head")
                                << entry3f1c(QStringLiteral("@ROOT@")) + QLatin1Char('\n');
}

void TestCli::show()
{
    QFETCH(Fixture, fixture);
    QFETCH(QString, revision);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, fixture));
    const CliRun result = run(root, {QStringLiteral("show"), revision});
    QCOMPARE(result.err, QString());
    COMPARE_TEXT(result.out, expected.replace(QStringLiteral("@ROOT@"), root));
    QCOMPARE(result.exitCode, 0);
}

void TestCli::showAmbiguousPrefix()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Ambiguous));
    CliRun result = run(root, {QStringLiteral("show"), QStringLiteral("abc")});
    QCOMPARE(result.err, QStringLiteral("FAILED: Can't locate revision identified by 'abc' (Multiple revisions start "
                                        "with 'abc': 'abc1230000aa', 'abc4560000bb'...)\n"));
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, 1);

    // A longer prefix is unique again.
    result = run(root, {QStringLiteral("show"), QStringLiteral("abc4")});
    QCOMPARE(result.err, QString());
    QVERIFY(result.out.startsWith(QStringLiteral("Rev: abc4560000bb (head)\nParent: abc1230000aa\n")));
    QCOMPARE(result.exitCode, 0);
}

void TestCli::showCurrent()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged));
    const QString database = root + QStringLiteral("/test.db");
    QVERIFY(createDatabase(database, {QStringLiteral("ae1027a6acf")}));
    const QString url = QStringLiteral("sqlite:///") + database;
    CliRun result = run(root, {QStringLiteral("--url"), url, QStringLiteral("show"), QStringLiteral("current")});
    QCOMPARE(result.err, QString());
    COMPARE_TEXT(result.out, entryAe10(root, QString()) + QLatin1Char('\n'));
    QCOMPARE(result.exitCode, 0);

    const QString empty = root + QStringLiteral("/empty.db");
    QVERIFY(createDatabase(empty, {}));
    result = run(root, {QStringLiteral("--url"), QStringLiteral("sqlite:///") + empty, QStringLiteral("show"),
                        QStringLiteral("current")});
    QCOMPARE(result.err, QString());
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, 0);
}

// ---------------------------------------------------------------------------
// the database's state

void TestCli::current_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<bool>("versionTable");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QStringList>("expected"); // compared as a set, as Alembic's order varies

    QTest::newRow("no version table") << Fixture::Branched << false << QStringList() << QStringList();
    QTest::newRow("empty version table") << Fixture::Branched << true << QStringList() << QStringList();
    QTest::newRow("two heads") << Fixture::Branched << true
                               << QStringList{QStringLiteral("ae1027a6acf"), QStringLiteral("27c6a30d7c24")}
                               << QStringList{QStringLiteral("ae1027a6acf (head)"),
                                              QStringLiteral("27c6a30d7c24 (head)")};
    QTest::newRow("branch point") << Fixture::Branched << true << QStringList{QStringLiteral("1975ea83b712")}
                                  << QStringList{QStringLiteral("1975ea83b712 (branchpoint)")};
    QTest::newRow("merge point") << Fixture::Merged << true << QStringList{QStringLiteral("53fffde5ad5")}
                                 << QStringList{QStringLiteral("53fffde5ad5 (head) (mergepoint)")};
    QTest::newRow("below the merge: no (head)")
        << Fixture::Merged << true << QStringList{QStringLiteral("27c6a30d7c24"), QStringLiteral("ae1027a6acf")}
        << QStringList{QStringLiteral("27c6a30d7c24"), QStringLiteral("ae1027a6acf")};
    QTest::newRow("row implied by another")
        << Fixture::Branched << true << QStringList{QStringLiteral("1975ea83b712"), QStringLiteral("ae1027a6acf")}
        << QStringList{QStringLiteral("ae1027a6acf (head)")};
}

void TestCli::current()
{
    QFETCH(Fixture, fixture);
    QFETCH(bool, versionTable);
    QFETCH(QStringList, rows);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, fixture));
    const QString database = root + QStringLiteral("/test.db");
    QVERIFY(createDatabase(database, rows, versionTable));
    const CliRun result =
        run(root, {QStringLiteral("--url"), QStringLiteral("sqlite:///") + database, QStringLiteral("current")});
    QCOMPARE(result.err, QString());
    QVERIFY(result.out.isEmpty() || result.out.endsWith(QLatin1Char('\n')));
    expected.sort();
    QCOMPARE(sortedLines(result.out), expected);
    QCOMPARE(result.exitCode, 0);
}

void TestCli::currentVerbose()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Branched));
    const QString database = root + QStringLiteral("/test.db");
    QVERIFY(createDatabase(database, {QStringLiteral("ae1027a6acf")}));
    const QString url = QStringLiteral("sqlite:///") + database; // sqlite:////abs/path
    QVERIFY(url.startsWith(QLatin1String("sqlite:////")));
    CliRun result = run(root, {QStringLiteral("--url"), url, QStringLiteral("current"), QStringLiteral("--verbose")});
    QCOMPARE(result.err, QString());
    COMPARE_TEXT(result.out, QStringLiteral("Current revision(s) for %1:\n").arg(url) +
                                 entryAe10(root, QStringLiteral(" (head)")) + QLatin1Char('\n'));
    QCOMPARE(result.exitCode, 0);

    // An empty database: only the header.
    const QString empty = root + QStringLiteral("/empty.db");
    QVERIFY(createDatabase(empty, {}));
    result = run(root, {QStringLiteral("--url"), QStringLiteral("sqlite:///") + empty, QStringLiteral("current"),
                        QStringLiteral("-v")});
    QCOMPARE(result.err, QString());
    QCOMPARE(result.out, QStringLiteral("Current revision(s) for sqlite:///%1:\n").arg(empty));
    QCOMPARE(result.exitCode, 0);
}

void TestCli::currentCheckHeads_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");

    const QString failed = QStringLiteral("FAILED: Database is not on all head revisions\n");
    QTest::newRow("on all heads") << Fixture::Branched
                                  << QStringList{QStringLiteral("27c6a30d7c24"), QStringLiteral("ae1027a6acf")}
                                  << QStringList{QStringLiteral("--check-heads")} << 0
                                  << text({QStringLiteral("27c6a30d7c24 (head)"), QStringLiteral("ae1027a6acf (head)")})
                                  << QString();
    QTest::newRow("on the merge") << Fixture::Merged << QStringList{QStringLiteral("53fffde5ad5")}
                                  << QStringList{QStringLiteral("-c")} << 0
                                  << QStringLiteral("53fffde5ad5 (head) (mergepoint)\n") << QString();
    // As in Alembic, a failed check prints no revision, only the FAILED line.
    QTest::newRow("one head missing") << Fixture::Branched << QStringList{QStringLiteral("ae1027a6acf")}
                                      << QStringList{QStringLiteral("--check-heads")} << 1 << QString() << failed;
    QTest::newRow("below the merge") << Fixture::Merged
                                     << QStringList{QStringLiteral("27c6a30d7c24"), QStringLiteral("ae1027a6acf")}
                                     << QStringList{QStringLiteral("--check-heads")} << 1 << QString() << failed;
    QTest::newRow("empty database") << Fixture::Merged << QStringList() << QStringList{QStringLiteral("-c")} << 1
                                    << QString() << failed;
    QTest::newRow("--verbose prints the header first")
        << Fixture::Merged << QStringList{QStringLiteral("1975ea83b712")}
        << QStringList{QStringLiteral("--check-heads"), QStringLiteral("--verbose")} << 1
        << QStringLiteral("Current revision(s) for sqlite:///@ROOT@/test.db:\n") << failed;
}

void TestCli::currentCheckHeads()
{
    QFETCH(Fixture, fixture);
    QFETCH(QStringList, rows);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, fixture));
    const QString database = root + QStringLiteral("/test.db");
    QVERIFY(createDatabase(database, rows));
    const CliRun result = run(
        root, QStringList{QStringLiteral("--url"), QStringLiteral("sqlite:///") + database, QStringLiteral("current")} +
                  arguments);
    QCOMPARE(result.err, err);
    COMPARE_TEXT(sortedLines(result.out).join(QLatin1Char('\n')),
                 sortedLines(out.replace(QStringLiteral("@ROOT@"), root)).join(QLatin1Char('\n')));
    QCOMPARE(result.out.endsWith(QLatin1Char('\n')), !out.isEmpty());
    QCOMPARE(result.exitCode, exitCode);
}

// The seed document's troubleshooting case: the database names a revision no file declares.
void TestCli::currentUnknownRevision()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged));
    const QString database = root + QStringLiteral("/test.db");
    QVERIFY(createDatabase(database, {QStringLiteral("deadbeef0000")}));
    const QString url = QStringLiteral("sqlite:///") + database;
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("current")}, QStringList{QStringLiteral("show"), QStringLiteral("current")},
          QStringList{QStringLiteral("plan"), QStringLiteral("head")}}) {
        const CliRun result = run(root, QStringList{QStringLiteral("--url"), url} + arguments);
        QCOMPARE(withoutHints(result.err),
                 QStringLiteral("FAILED: Can't locate revision identified by 'deadbeef0000'\n"));
        QVERIFY2(result.err.contains(QStringLiteral("  hint: the database %1 is at deadbeef0000").arg(url)),
                 qPrintable(result.err));
        QCOMPARE(result.out, QString());
        QCOMPARE(result.exitCode, 1);
    }
}

void TestCli::currentMissingDatabase()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged));
    const QString database = root + QStringLiteral("/missing.db");
    const QString url = QStringLiteral("sqlite:///") + database;
    const CliRun result = run(root, {QStringLiteral("--url"), url, QStringLiteral("current")});
    QCOMPARE(result.err, QStringLiteral("note: %1 does not exist yet; it has no version table\n").arg(database));
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, 0);
    QVERIFY(!QFileInfo::exists(database)); // reading never creates the database
}

void TestCli::writeToMissingDatabase_data()
{
    QTest::addColumn<QString>("file"); // relative to the project
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("err"); // a line of it; @DB@ is the file's absolute path

    QTest::newRow("upgrade head creates it, and says so")
        << "new.db" << QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} << 0
        << "Creating a new SQLite database at @DB@.";
    QTest::newRow("an unknown revision creates nothing")
        << "new.db" << QStringList{QStringLiteral("upgrade"), QStringLiteral("nope")} << 1
        << "FAILED: Can't locate revision identified by 'nope'";
    QTest::newRow("stamp of an unknown revision creates nothing")
        << "new.db" << QStringList{QStringLiteral("stamp"), QStringLiteral("nope")} << 1
        << "FAILED: Can't locate revision identified by 'nope'";
    QTest::newRow("a folder that is not there")
        << "no/such/folder/new.db" << QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} << 1
        << "FAILED: cannot create the SQLite database @DB@: the folder @DIR@ does not exist; nothing was changed";
    QTest::newRow("a rehearsal needs a database")
        << "new.db" << QStringList{QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--rehearse")} << 1
        << "FAILED: there is no database at @DB@ to rehearse on";
}

// A write to an SQLite path that does not exist makes a new database only for a request that can be
// planned, and says so; otherwise no file is left behind, and never a lock file.
// An applied file edited since it ran: upgrade says so on stderr, then runs what is pending, as Alembic would.
void TestCli::upgradeWarnsOfDrift()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Branched));
    const QStringList url{QStringLiteral("--url"), QStringLiteral("sqlite:///") + root + QStringLiteral("/shop.db")};
    const CliRun first = run(root, url + QStringList{QStringLiteral("upgrade"), QStringLiteral("ae1027a6acf")});
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY2(!first.err.contains(QStringLiteral("warning")), qPrintable(first.err));
    const QString base = root + QStringLiteral("/migrations/versions/1975ea83b712_create_account_table.sql");
    QVERIFY(writeFile(base, readFile(base).replace(QStringLiteral("VARCHAR(50)"), QStringLiteral("VARCHAR(60)"))));

    const CliRun second = run(root, url + QStringList{QStringLiteral("upgrade"), QStringLiteral("heads")});
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QCOMPARE(second.out, QString()); // stdout stays what Alembic prints
    // Before anything runs.
    const qsizetype warning = second.err.indexOf(QStringLiteral("\nwarning: applied revision(s) changed since they "
                                                                "ran: edited 1975ea83b712 (see retort verify); "
                                                                "upgrading anyway\n"));
    const qsizetype ran = second.err.indexOf(QStringLiteral("Running upgrade 1975ea83b712 -> 27c6a30d7c24"));
    QVERIFY2(warning >= 0 && ran > warning, qPrintable(second.err));
    const CliRun heads = run(root, url + QStringList{QStringLiteral("current")});
    QCOMPARE(sortedLines(heads.out),
             (QStringList{QStringLiteral("27c6a30d7c24 (head)"), QStringLiteral("ae1027a6acf (head)")}));
}

void TestCli::writeToMissingDatabase()
{
    QFETCH(QString, file);
    QFETCH(QStringList, command);
    QFETCH(int, exitCode);
    QFETCH(QString, err);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged));
    const QString database = root + u'/' + file;
    const QStringList before = QDir(root).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    const CliRun result =
        run(root, QStringList{QStringLiteral("--url"), QStringLiteral("sqlite:///") + database} + command);
    QVERIFY2(result.exitCode == exitCode, qPrintable(result.err));
    const QString line = QString(err)
                             .replace(QStringLiteral("@DB@"), database)
                             .replace(QStringLiteral("@DIR@"), QFileInfo(database).absolutePath());
    QVERIFY2(result.err.contains(line + u'\n'), qPrintable(result.err));
    QStringList expected = before;
    if (exitCode == 0)
        expected << file;
    expected.sort();
    QStringList after = QDir(root).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    after.sort();
    QCOMPARE(after, expected);
}

void TestCli::plan_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QStringList>("rows"); // the database's version rows (ignored with --from)
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");

    const QString plan = QStringLiteral("plan");
    const QString database = QStringLiteral("Database: sqlite:///@ROOT@/test.db");

    QTest::newRow("offline from base, tables touched")
        << Fixture::Auth << QStringList()
        << QStringList{plan, QStringLiteral("3f1c"), QStringLiteral("--from"), QStringLiteral("base")} << 0
        << text({QStringLiteral("Plan: upgrade to 3f1c"), QStringLiteral("Database: (offline: --from base)"),
                 QStringLiteral("Current: no revision applied"),
                 QStringLiteral("  1. upgrade  -> ae98aa32e0d2, baseline existing schema"),
                 QStringLiteral("       file: migrations/versions/ae98aa32e0d2_baseline_existing_schema.sql:7"),
                 QStringLiteral("       statements: 0"), QStringLiteral("       version table: INSERT ae98aa32e0d2"),
                 QStringLiteral("  2. upgrade ae98aa32e0d2 -> 5b2e44c0a1f3, add users table"),
                 QStringLiteral("       file: migrations/versions/5b2e44c0a1f3_add_users_table.sql:7"),
                 QStringLiteral("       statements: 1; tables: users (create)"),
                 QStringLiteral("       version table: UPDATE ae98aa32e0d2 -> 5b2e44c0a1f3"),
                 QStringLiteral("  3. upgrade ae98aa32e0d2 -> 3f1c2a9b7d10, add api keys table"),
                 QStringLiteral("       file: migrations/versions/3f1c2a9b7d10_add_api_keys_table.sql:10"),
                 QStringLiteral("       statements: 1; tables: api_keys (create)"),
                 QStringLiteral("       version table: UPDATE 5b2e44c0a1f3 -> 3f1c2a9b7d10"),
                 QStringLiteral("After: 3f1c2a9b7d10"), QStringLiteral("3 revisions to upgrade.")})
        << QString();
    QTest::newRow("offline through a merge")
        << Fixture::Merged << QStringList()
        << QStringList{plan, QStringLiteral("head"), QStringLiteral("--from"), QStringLiteral("27c6a30d7c24")} << 0
        << text({QStringLiteral("Plan: upgrade to head"), QStringLiteral("Database: (offline: --from 27c6a30d7c24)"),
                 QStringLiteral("Current: 27c6a30d7c24"),
                 QStringLiteral("  1. upgrade 1975ea83b712 -> ae1027a6acf, add a column"),
                 QStringLiteral("       file: migrations/versions/ae1027a6acf_add_a_column.sql:7"),
                 QStringLiteral("       statements: 1; tables: account (alter)"),
                 QStringLiteral("       version table: INSERT ae1027a6acf"),
                 QStringLiteral("  2. upgrade 27c6a30d7c24, ae1027a6acf -> 53fffde5ad5, merge ae1 and 27c"),
                 QStringLiteral("       file: migrations/versions/53fffde5ad5_merge_ae1_and_27c.sql:7"),
                 QStringLiteral("       statements: 0"),
                 QStringLiteral("       version table: DELETE 27c6a30d7c24; UPDATE ae1027a6acf -> 53fffde5ad5"),
                 QStringLiteral("After: 53fffde5ad5"), QStringLiteral("2 revisions to upgrade.")})
        << QString();
    QTest::newRow("database at the branch point")
        << Fixture::Branched << QStringList{QStringLiteral("1975ea83b712")}
        << QStringList{plan, QStringLiteral("heads")} << 0
        << text({QStringLiteral("Plan: upgrade to heads"), database, QStringLiteral("Current: 1975ea83b712"),
                 QStringLiteral("  1. upgrade 1975ea83b712 -> ae1027a6acf, add a column"),
                 QStringLiteral("       file: migrations/versions/ae1027a6acf_add_a_column.sql:7"),
                 QStringLiteral("       statements: 1; tables: account (alter)"),
                 QStringLiteral("       version table: UPDATE 1975ea83b712 -> ae1027a6acf"),
                 QStringLiteral("  2. upgrade 1975ea83b712 -> 27c6a30d7c24, add shopping cart table"),
                 QStringLiteral("       file: migrations/versions/27c6a30d7c24_add_shopping_cart_table.sql:8"),
                 QStringLiteral("       statements: 1; tables: shopping_cart (create)"),
                 QStringLiteral("       version table: INSERT 27c6a30d7c24"),
                 QStringLiteral("After: ae1027a6acf, 27c6a30d7c24"), QStringLiteral("2 revisions to upgrade.")})
        << QString();
    QTest::newRow("nothing to do") << Fixture::Branched
                                   << QStringList{QStringLiteral("27c6a30d7c24"), QStringLiteral("ae1027a6acf")}
                                   << QStringList{plan, QStringLiteral("heads")} << 0
                                   << text({QStringLiteral("Plan: upgrade to heads"), database,
                                            QStringLiteral("Current: 27c6a30d7c24, ae1027a6acf"),
                                            QStringLiteral("Nothing to do: the database is already at heads.")})
                                   << QString();
    QTest::newRow("base chooses a downgrade")
        << Fixture::Branched << QStringList{QStringLiteral("ae1027a6acf")} << QStringList{plan, QStringLiteral("base")}
        << 0
        << text({QStringLiteral("Plan: downgrade to base"), database, QStringLiteral("Current: ae1027a6acf"),
                 QStringLiteral("  1. downgrade ae1027a6acf -> 1975ea83b712, add a column"),
                 QStringLiteral("       file: migrations/versions/ae1027a6acf_add_a_column.sql:10"),
                 QStringLiteral("       statements: 1; tables: account (drop column)"),
                 QStringLiteral("       error drop-column line 11: drops column last_transaction_date of account and "
                                "its data: an application version still reading or writing it fails. Stop using the "
                                "column in a release first, then drop it"),
                 QStringLiteral("       version table: UPDATE ae1027a6acf -> 1975ea83b712"),
                 QStringLiteral("  2. downgrade 1975ea83b712 -> , create account table"),
                 QStringLiteral("       file: migrations/versions/1975ea83b712_create_account_table.sql:10"),
                 QStringLiteral("       statements: 1; tables: account (drop)"),
                 QStringLiteral("       error drop-table line 11: drops table account and every row in it: the running "
                                "application's queries on it fail. Release code that no longer uses it first, and keep "
                                "a verified backup"),
                 QStringLiteral("       version table: DELETE 1975ea83b712"),
                 QStringLiteral("After: no revision applied"), QStringLiteral("2 revisions to downgrade."),
                 QStringLiteral("Lint: 2 errors, 0 warnings (retort lint shows each with its file and line).")})
        << QString();
    QTest::newRow("--downgrade -1")
        << Fixture::Branched << QStringList{QStringLiteral("ae1027a6acf")}
        << QStringList{plan, QStringLiteral("--downgrade"), QStringLiteral("-1")} << 0
        << text({QStringLiteral("Plan: downgrade to -1"), database, QStringLiteral("Current: ae1027a6acf"),
                 QStringLiteral("  1. downgrade ae1027a6acf -> 1975ea83b712, add a column"),
                 QStringLiteral("       file: migrations/versions/ae1027a6acf_add_a_column.sql:10"),
                 QStringLiteral("       statements: 1; tables: account (drop column)"),
                 QStringLiteral("       error drop-column line 11: drops column last_transaction_date of account and "
                                "its data: an application version still reading or writing it fails. Stop using the "
                                "column in a release first, then drop it"),
                 QStringLiteral("       version table: UPDATE ae1027a6acf -> 1975ea83b712"),
                 QStringLiteral("After: 1975ea83b712"), QStringLiteral("1 revision to downgrade."),
                 QStringLiteral("Lint: 1 error, 0 warnings (retort lint shows each with its file and line).")})
        << QString();
    QTest::newRow("head with two heads") << Fixture::Branched << QStringList{QStringLiteral("1975ea83b712")}
                                         << QStringList{plan, QStringLiteral("head")} << 1 << QString()
                                         << kMultipleHeads;
    QTest::newRow("unknown revision") << Fixture::Branched << QStringList()
                                      << QStringList{plan, QStringLiteral("feedface"), QStringLiteral("--from"),
                                                     QStringLiteral("base")}
                                      << 1 << QString()
                                      << QStringLiteral("FAILED: Can't locate revision identified by 'feedface'\n");
}

void TestCli::plan()
{
    QFETCH(Fixture, fixture);
    QFETCH(QStringList, rows);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, fixture));
    QStringList global;
    if (!arguments.contains(QLatin1String("--from"))) {
        const QString database = root + QStringLiteral("/test.db");
        QVERIFY(createDatabase(database, rows));
        global << QStringLiteral("--url") << QStringLiteral("sqlite:///") + database;
    }
    const CliRun result = run(root, global + arguments);
    QCOMPARE(withoutHints(result.err), err);
    COMPARE_TEXT(result.out, out.replace(QStringLiteral("@ROOT@"), root));
    QCOMPARE(result.exitCode, exitCode);
}

// ---------------------------------------------------------------------------
// which database

void TestCli::precedence_data()
{
    QTest::addColumn<bool>("defaultEnv");
    QTest::addColumn<QString>("databaseUrl");   // the DATABASE_URL variable; empty: unset
    QTest::addColumn<QStringList>("arguments"); // global options before "current"
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("usesDevelopment"); // dev.db exists only when it is the one read
    QTest::addColumn<QString>("warning");      // stderr

    // dev.db (default_env development) is at 1975ea83b712, staging.db at ae1027a6acf,
    // other.db (--url) at 27c6a30d7c24, env.db (DATABASE_URL) at 53fffde5ad5.
    const QString development = QStringLiteral("1975ea83b712 (branchpoint)\n");
    const QString staging = QStringLiteral("ae1027a6acf\n");
    const QString other = QStringLiteral("27c6a30d7c24\n");
    const QString fromVariable = QStringLiteral("53fffde5ad5 (head) (mergepoint)\n");
    const QString variable = QStringLiteral("sqlite:///env.db");
    const QStringList url{QStringLiteral("--url"), QStringLiteral("sqlite:///@ROOT@/other.db")};

    QTest::newRow("default_env") << true << QString() << QStringList() << development << true << QString();
    QTest::newRow("default_env beats DATABASE_URL, with a warning")
        << true << variable << QStringList() << development << true
        << QStringLiteral("warning: DATABASE_URL is set but not used: default_env 'development' (sqlite:///dev.db) "
                          "comes first; pass -e ENV or --url to choose\n");
    QTest::newRow("--url beats default_env") << true << variable << url << other << false << QString();
    QTest::newRow("-e selects [env.NAME]")
        << true << variable << QStringList{QStringLiteral("-e"), QStringLiteral("staging")} << staging << false
        << QString();
    QTest::newRow("--env=NAME") << true << QString() << QStringList{QStringLiteral("--env=staging")} << staging << false
                                << QString();
    QTest::newRow("DATABASE_URL without default_env")
        << false << variable << QStringList() << fromVariable << false << QString();
    QTest::newRow("--url beats DATABASE_URL") << false << variable << url << other << false << QString();
    QTest::newRow("-e beats DATABASE_URL")
        << false << variable << QStringList{QStringLiteral("-e"), QStringLiteral("development")} << development << true
        << QString();
}

void TestCli::precedence()
{
    QFETCH(bool, defaultEnv);
    QFETCH(QString, databaseUrl);
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    QFETCH(bool, usesDevelopment);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged,
                         QString(defaultEnv ? QStringLiteral("default_env = development\n") : QString()) +
                             QStringLiteral("\n[env.development]\nurl = sqlite:///dev.db\n"
                                            "\n[env.staging]\nurl = sqlite:///staging.db\n")));
    if (usesDevelopment)
        QVERIFY(createDatabase(root + QStringLiteral("/dev.db"), {QStringLiteral("1975ea83b712")}));
    QVERIFY(createDatabase(root + QStringLiteral("/staging.db"), {QStringLiteral("ae1027a6acf")}));
    QVERIFY(createDatabase(root + QStringLiteral("/other.db"), {QStringLiteral("27c6a30d7c24")}));
    QVERIFY(createDatabase(root + QStringLiteral("/env.db"), {QStringLiteral("53fffde5ad5")}));
    for (QString &argument : arguments)
        argument.replace(QStringLiteral("@ROOT@"), root);

    const QStringList environment =
        databaseUrl.isEmpty() ? QStringList() : QStringList{QStringLiteral("DATABASE_URL=") + databaseUrl};
    const CliRun result = run(root, arguments + QStringList{QStringLiteral("current")}, environment);
    QTEST(result.err, "warning");
    QCOMPARE(result.out, expected);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(QFileInfo::exists(root + QStringLiteral("/dev.db")), usesDevelopment);
}

void TestCli::noDatabaseUrl()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged));
    const CliRun result = run(root, {QStringLiteral("current")});
    QCOMPARE(result.err, QStringLiteral("FAILED: no database URL: pass --url, -e ENV, set default_env in "
                                        "%1/retort.ini, or set DATABASE_URL\n")
                             .arg(root));
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, 1);
}

void TestCli::unknownEnvironment()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged,
                         QStringLiteral("default_env = development\n\n[env.development]\nurl = sqlite:///dev.db\n"
                                        "\n[env.staging]\nurl = sqlite:///staging.db\n")));
    const CliRun result = run(root, {QStringLiteral("-e"), QStringLiteral("prod"), QStringLiteral("current")});
    QCOMPARE(result.err,
             QStringLiteral("FAILED: unknown environment 'prod'; known environments: development, staging\n"));
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, 1);
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/dev.db")));
}

void TestCli::passwordsMasked_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("errorStart");

    const QStringList url{QStringLiteral("--url"), kPostgresUrl};
    const QString cannotConnect = QStringLiteral("FAILED: cannot connect to %1: ").arg(kPostgresMasked);
    const QString noDriver =
        QStringLiteral("FAILED: the Qt SQL driver QPSQL for %1 is not installed").arg(kPostgresMasked);
    const QString connectError = QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")) ? cannotConnect : noDriver;

    QTest::newRow("current") << url + QStringList{QStringLiteral("current")} << QStringList() << 1 << connectError;
    QTest::newRow("current --verbose") << url + QStringList{QStringLiteral("current"), QStringLiteral("--verbose")}
                                       << QStringList() << 1 << connectError;
    QTest::newRow("history -i") << url + QStringList{QStringLiteral("history"), QStringLiteral("-i")} << QStringList()
                                << 1 << connectError;
    QTest::newRow("show current") << url + QStringList{QStringLiteral("show"), QStringLiteral("current")}
                                  << QStringList() << 1 << connectError;
    QTest::newRow("plan") << url + QStringList{QStringLiteral("plan"), QStringLiteral("heads")} << QStringList() << 1
                          << connectError;
    QTest::newRow("environment from retort.ini")
        << QStringList{QStringLiteral("-e"), QStringLiteral("production"), QStringLiteral("current")} << QStringList()
        << 1 << connectError;
    QTest::newRow("DATABASE_URL") << QStringList{QStringLiteral("current")}
                                  << QStringList{QStringLiteral("DATABASE_URL=") + kPostgresUrl} << 1 << connectError;
    QTest::newRow("bad port")
        << QStringList{QStringLiteral("--url"), QStringLiteral("postgresql://u:s3cret@host:notaport/db"),
                       QStringLiteral("current")}
        << QStringList() << 1
        << QStringLiteral(
               "FAILED: --url: invalid port 'notaport' in database URL 'postgresql://u:***@host:notaport/db'");
    QTest::newRow("bad DATABASE_URL") << QStringList{QStringLiteral("current")}
                                      << QStringList{QStringLiteral(
                                             "DATABASE_URL=postgresql://u:s3cret@host:notaport/db")}
                                      << 1
                                      << QStringLiteral("FAILED: DATABASE_URL: invalid port 'notaport' in database URL "
                                                        "'postgresql://u:***@host:notaport/db'");
    QTest::newRow("-e with --url") << url + QStringList{QStringLiteral("-e"), QStringLiteral("production"),
                                                        QStringLiteral("current")}
                                   << QStringList() << 2
                                   << QStringLiteral("FAILED: -e/--env and --url cannot be combined");
    // Usage errors echo arguments back: a URL among them must be masked too.
    QTest::newRow("--url after the command")
        << QStringList{QStringLiteral("current"), QStringLiteral("--url=") + kPostgresUrl} << QStringList() << 2
        << QStringLiteral("FAILED: retort current: unrecognized argument '--url=%1'").arg(kPostgresMasked);
    QTest::newRow("misspelt global option")
        << QStringList{QStringLiteral("--urll=") + kPostgresUrl, QStringLiteral("current")} << QStringList() << 2
        << QStringLiteral("FAILED: unrecognized argument '--urll=%1'").arg(kPostgresMasked);
    QTest::newRow("URL as a positional")
        << QStringList{QStringLiteral("show"), kPostgresUrl, QStringLiteral("extra")} << QStringList() << 2
        << QStringLiteral("FAILED: retort show: expected REV, got %1 extra").arg(kPostgresMasked);
}

void TestCli::passwordsMasked()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(int, exitCode);
    QFETCH(QString, errorStart);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged,
                         QStringLiteral("\n[env.production]\nurl = %1\nproduction = true\n").arg(kPostgresUrl)));
    const CliRun result = run(root, arguments, environment);
    // The URL is the production environment's own: its gate applies, and the user hears so first.
    static const QRegularExpression adopted(QStringLiteral(
        "^warning: (--url|DATABASE_URL) names the database of production environment 'production'; its safety gates "
        "apply\n"));
    // The password written into retort.ini is itself worth a warning (without the password).
    static const QRegularExpression literal(QStringLiteral(
        "^warning: [^\n]*retort.ini:\\d+: the url of \\[env.production\\] holds a password in plain text[^\n]*\n"));
    // So is one typed into --url, which every user can read in the process list.
    static const QRegularExpression visible(
        QStringLiteral("^warning: the password in --url is visible to every user of this machine[^\n]*\n"));
    QString err = result.err;
    if (exitCode != 2)
        QVERIFY2(err.contains(literal), qPrintable(result.err));
    err.remove(literal);
    if (exitCode != 2 && arguments.contains(QStringLiteral("--url")) && arguments.join(u' ').contains(kPostgresUrl))
        QVERIFY2(err.contains(visible), qPrintable(result.err));
    err.remove(visible);
    QVERIFY2(err.remove(adopted).startsWith(errorStart), qPrintable(result.err));
    QVERIFY2(!result.err.contains(kPassword), qPrintable(result.err));
    QVERIFY2(!result.out.contains(kPassword), qPrintable(result.out));
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, exitCode);
}

// ---------------------------------------------------------------------------
// --json

void TestCli::jsonListing_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("key"); // the document's one field, a list of revision objects
    QTest::addColumn<QStringList>("revisions");

    const QString json = QStringLiteral("--json");
    const QString heads = QStringLiteral("heads");
    const QString revisions = QStringLiteral("revisions");

    QTest::newRow("heads") << Fixture::Branched << QStringList{heads, json} << heads << QStringList{kRev27c6, kRevAe10};
    QTest::newRow("heads, merged") << Fixture::Merged << QStringList{heads, json} << heads << QStringList{kRev53ff};
    QTest::newRow("heads, effective head")
        << Fixture::Auth << QStringList{heads, json} << heads
        << QStringList{QStringLiteral("3f1c2a9b7d10"), QStringLiteral("5b2e44c0a1f3")};
    QTest::newRow("heads --resolve-dependencies")
        << Fixture::Auth << QStringList{heads, QStringLiteral("--resolve-dependencies"), json} << heads
        << QStringList{QStringLiteral("3f1c2a9b7d10")};
    QTest::newRow("heads, empty project") << Fixture::Empty << QStringList{heads, json} << heads << QStringList();
    QTest::newRow("branches, newest first")
        << Fixture::TwoBranchPoints << QStringList{QStringLiteral("branches"), json} << QStringLiteral("branch_points")
        << QStringList{QStringLiteral("b00000000003"), QStringLiteral("b00000000001")};
    QTest::newRow("branches, none") << Fixture::Ambiguous << QStringList{QStringLiteral("branches"), json}
                                    << QStringLiteral("branch_points") << QStringList();
    QTest::newRow("history") << Fixture::Merged << QStringList{QStringLiteral("history"), json} << revisions
                             << QStringList{kRev53ff, kRev27c6, kRevAe10, kRev1975};
    QTest::newRow("history --verbose changes nothing")
        << Fixture::Merged << QStringList{QStringLiteral("history"), QStringLiteral("-v"), json} << revisions
        << QStringList{kRev53ff, kRev27c6, kRevAe10, kRev1975};
    QTest::newRow("history -rSTART:END") << Fixture::Merged
                                         << QStringList{QStringLiteral("history"), json,
                                                        QStringLiteral("-r1975ea:ae1027")}
                                         << revisions << QStringList{kRevAe10, kRev1975};
    QTest::newRow("history -r START:") << Fixture::Merged
                                       << QStringList{QStringLiteral("history"), QStringLiteral("-r"),
                                                      QStringLiteral("ae1027a6acf:"), json}
                                       << revisions << QStringList{kRev53ff, kRevAe10};
    QTest::newRow("show prefix") << Fixture::Branched
                                 << QStringList{QStringLiteral("show"), QStringLiteral("ae10"), json} << revisions
                                 << QStringList{kRevAe10};
    QTest::newRow("show heads") << Fixture::Branched << QStringList{QStringLiteral("show"), heads, json} << revisions
                                << QStringList{kRev27c6, kRevAe10};
    QTest::newRow("show base") << Fixture::Branched << QStringList{QStringLiteral("show"), QStringLiteral("base"), json}
                               << revisions << QStringList();
}

// heads, branches, history and show --json: one object on stdout, its list in the text output's order, every
// revision with the same fields.
void TestCli::jsonListing()
{
    QFETCH(Fixture, fixture);
    QFETCH(QStringList, arguments);
    QFETCH(QString, key);
    QFETCH(QStringList, revisions);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, fixture));
    const CliRun result = run(root, arguments);
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    QString problem;
    const QJsonObject document = jsonObject(result.out, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(document.keys(), QStringList{key});
    const QJsonArray listed = document.value(key).toArray();
    QCOMPARE(revisionIds(listed), revisions);
    // history alone adds is_current, null unless -i read the database.
    const bool history = arguments.first() == QLatin1String("history");
    for (const QJsonValue &revision : listed) {
        QJsonObject object = revision.toObject();
        if (history) {
            QVERIFY(object.value(QStringLiteral("is_current")).isNull());
            object.remove(QStringLiteral("is_current"));
        }
        QCOMPARE(object.keys(), kRevisionFields);
    }
}

void TestCli::jsonRevisionFields_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("expected"); // strings: @ROOT@ stands for the project folder

    const QString auth = QStringLiteral("3f1c2a9b7d10");
    const QString users = QStringLiteral("5b2e44c0a1f3");
    auto row = [](const char *name, Fixture fixture, const QString &revision, const char *field, QJsonValue value) {
        QTest::newRow(name) << fixture << revision << QString::fromLatin1(field) << value;
    };
    row("merge: down_revisions", Fixture::Merged, kRev53ff, "down_revisions", QJsonArray{kRev27c6, kRevAe10});
    row("merge: is_merge", Fixture::Merged, kRev53ff, "is_merge", true);
    row("merge: is_head", Fixture::Merged, kRev53ff, "is_head", true);
    row("merge: is_branch_point", Fixture::Merged, kRev53ff, "is_branch_point", false);
    row("merge: is_base", Fixture::Merged, kRev53ff, "is_base", false);
    row("merge: next_revisions", Fixture::Merged, kRev53ff, "next_revisions", QJsonArray());
    row("merge: label spread from a parent", Fixture::Merged, kRev53ff, "branch_labels",
        QJsonArray{QStringLiteral("shoppingcart")});
    row("merge: message", Fixture::Merged, kRev53ff, "message", QStringLiteral("merge ae1 and 27c"));
    row("merge: create_date as written", Fixture::Merged, kRev53ff, "create_date",
        QStringLiteral("2026-11-25 13:37:38.925311"));
    row("merge: path", Fixture::Merged, kRev53ff, "path",
        QStringLiteral("@ROOT@/migrations/versions/53fffde5ad5_merge_ae1_and_27c.sql"));
    row("merge: doc", Fixture::Merged, kRev53ff, "doc",
        QStringLiteral("merge ae1 and 27c\n\nRevision ID: 53fffde5ad5\nRevises: 27c6a30d7c24, ae1027a6acf\nCreate "
                       "Date: 2026-11-25 13:37:38.925311"));
    row("branch point: is_branch_point", Fixture::Merged, kRev1975, "is_branch_point", true);
    row("branch point: next_revisions", Fixture::Merged, kRev1975, "next_revisions", QJsonArray{kRev27c6, kRevAe10});
    row("branch point: is_base", Fixture::Merged, kRev1975, "is_base", true);
    row("branch point: down_revisions", Fixture::Merged, kRev1975, "down_revisions", QJsonArray());
    row("branch point: is_head", Fixture::Merged, kRev1975, "is_head", false);
    row("depends_on", Fixture::Auth, auth, "depends_on", QJsonArray{users});
    row("own label", Fixture::Auth, auth, "branch_labels", QJsonArray{QStringLiteral("auth")});
    row("transactional", Fixture::Auth, auth, "transactional", true);
    row("no dialect sections", Fixture::Auth, auth, "dialect_sections", QJsonArray());
    row("a head nothing depends on", Fixture::Auth, auth, "is_effective_head", false);
    row("a head only depended on: is_head", Fixture::Auth, users, "is_head", true);
    row("a head only depended on: is_effective_head", Fixture::Auth, users, "is_effective_head", true);
}

// show REV --json: each field of the one revision object.
void TestCli::jsonRevisionFields()
{
    QFETCH(Fixture, fixture);
    QFETCH(QString, revision);
    QFETCH(QString, field);
    QFETCH(QJsonValue, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, fixture));
    const CliRun result = run(root, {QStringLiteral("show"), revision, QStringLiteral("--json")});
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    QString problem;
    const QJsonArray revisions = jsonObject(result.out, &problem).value(QStringLiteral("revisions")).toArray();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(revisionIds(revisions), QStringList{revision});
    if (expected.isString())
        expected = expected.toString().replace(QStringLiteral("@ROOT@"), root);
    QCOMPARE(revisions.first().toObject().value(field), expected);
}

void TestCli::jsonHistoryCurrent_data()
{
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("revisions");
    QTest::addColumn<QJsonArray>("isCurrent");

    QTest::newRow("-i, both branches applied")
        << QStringList{kRev27c6, kRevAe10} << QStringList{QStringLiteral("-i")}
        << QStringList{kRev53ff, kRev27c6, kRevAe10, kRev1975} << QJsonArray{false, true, true, false};
    QTest::newRow("-i at the head, with a range")
        << QStringList{kRev53ff} << QStringList{QStringLiteral("-i"), QStringLiteral("-r"), kRevAe10 + QLatin1Char(':')}
        << QStringList{kRev53ff, kRevAe10} << QJsonArray{true, false};
    QTest::newRow("-i on an empty database")
        << QStringList() << QStringList{QStringLiteral("-i")} << QStringList{kRev53ff, kRev27c6, kRevAe10, kRev1975}
        << QJsonArray{false, false, false, false};
    // The database is read for the range, not to mark anything: null, as without -i.
    QTest::newRow("-r current: without -i")
        << QStringList{kRev27c6, kRevAe10} << QStringList{QStringLiteral("-r"), QStringLiteral("current:")}
        << QStringList{kRev53ff, kRev27c6, kRevAe10} << QJsonArray{QJsonValue(), QJsonValue(), QJsonValue()};
}

void TestCli::jsonHistoryCurrent()
{
    QFETCH(QStringList, rows);
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, revisions);
    QFETCH(QJsonArray, isCurrent);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged));
    const QString database = root + QStringLiteral("/test.db");
    QVERIFY(createDatabase(database, rows));
    const CliRun result = run(root, QStringList{QStringLiteral("--url"), QStringLiteral("sqlite:///") + database,
                                                QStringLiteral("history"), QStringLiteral("--json")} +
                                        arguments);
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    QString problem;
    const QJsonArray listed = jsonObject(result.out, &problem).value(QStringLiteral("revisions")).toArray();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(revisionIds(listed), revisions);
    QJsonArray marks;
    for (const QJsonValue &revision : listed)
        marks.append(revision.toObject().value(QStringLiteral("is_current")));
    QCOMPARE(marks, isCurrent);
}

void TestCli::jsonCurrent_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<bool>("viaEnvironment"); // -e dev, or --url
    QTest::addColumn<bool>("atHeads");
    QTest::addColumn<QStringList>("revisions"); // compared as a set, as the version table's order varies

    QTest::newRow("two heads") << Fixture::Branched << QStringList{kRevAe10, kRev27c6} << false << true
                               << QStringList{kRev27c6, kRevAe10};
    QTest::newRow("two heads, through an environment")
        << Fixture::Branched << QStringList{kRevAe10, kRev27c6} << true << true << QStringList{kRev27c6, kRevAe10};
    QTest::newRow("below the merge") << Fixture::Merged << QStringList{kRev27c6, kRevAe10} << false << false
                                     << QStringList{kRev27c6, kRevAe10};
    // The row the other one implies is in database_revisions, not in revisions (as current prints them).
    QTest::newRow("row implied by another")
        << Fixture::Branched << QStringList{kRev1975, kRevAe10} << false << false << QStringList{kRevAe10};
    QTest::newRow("empty version table") << Fixture::Merged << QStringList() << true << false << QStringList();
}

void TestCli::jsonCurrent()
{
    QFETCH(Fixture, fixture);
    QFETCH(QStringList, rows);
    QFETCH(bool, viaEnvironment);
    QFETCH(bool, atHeads);
    QFETCH(QStringList, revisions);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, fixture, QStringLiteral("\n[env.dev]\nurl = sqlite:///test.db\n")));
    const QString database = root + QStringLiteral("/test.db");
    QVERIFY(createDatabase(database, rows));
    const QString url = QStringLiteral("sqlite:///") + database;
    const QStringList target = viaEnvironment ? QStringList{QStringLiteral("-e"), QStringLiteral("dev")}
                                              : QStringList{QStringLiteral("--url"), url};
    const CliRun result = run(root, target + QStringList{QStringLiteral("current"), QStringLiteral("--json")});
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    QString problem;
    const QJsonObject document = jsonObject(result.out, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(document.keys(),
             sorted({QStringLiteral("url"), QStringLiteral("environment"), QStringLiteral("database_revisions"),
                     QStringLiteral("at_heads"), QStringLiteral("revisions")}));
    // The URL as the environment writes it (relative to retort.ini), or as --url gave it.
    QCOMPARE(document.value(QStringLiteral("url")).toString(),
             viaEnvironment ? QStringLiteral("sqlite:///test.db") : url);
    QCOMPARE(document.value(QStringLiteral("environment")),
             viaEnvironment ? QJsonValue(QStringLiteral("dev")) : QJsonValue());
    QCOMPARE(document.value(QStringLiteral("at_heads")).toBool(), atHeads);
    QStringList databaseRevisions;
    for (const QJsonValue &row : document.value(QStringLiteral("database_revisions")).toArray())
        databaseRevisions << row.toString();
    QCOMPARE(sorted(databaseRevisions), sorted(rows));
    const QJsonArray listed = document.value(QStringLiteral("revisions")).toArray();
    QCOMPARE(sorted(revisionIds(listed)), sorted(revisions));
    for (const QJsonValue &revision : listed)
        QCOMPARE(revision.toObject().keys(), kRevisionFields);
}

// backup --list --json on a real backup: its fields, then what is left when the note beside it is gone.
void TestCli::jsonBackupList()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, Fixture::Merged, QStringLiteral("\n[env.dev]\nurl = sqlite:///test.db\n")));
    QVERIFY(createDatabase(root + QStringLiteral("/test.db"), {QStringLiteral("ae1027a6acf")}));
    const QStringList list{QStringLiteral("-e"), QStringLiteral("dev"), QStringLiteral("backup"),
                           QStringLiteral("--list"), QStringLiteral("--json")};
    const QString directory = root + QStringLiteral("/backups");

    CliRun result = run(root, list);
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    QString problem;
    QJsonObject document = jsonObject(result.out, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(document,
             (QJsonObject{{QStringLiteral("directory"), directory}, {QStringLiteral("backups"), QJsonArray()}}));

    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-2);
    result = run(root, {QStringLiteral("-e"), QStringLiteral("dev"), QStringLiteral("backup")});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    result = run(root, list);
    QCOMPARE(result.err, QString());
    QCOMPARE(result.exitCode, 0);
    document = jsonObject(result.out, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(document.value(QStringLiteral("directory")).toString(), directory);
    const QJsonArray backups = document.value(QStringLiteral("backups")).toArray();
    QCOMPARE(backups.size(), 1);
    QJsonObject backup = backups.first().toObject();
    QCOMPARE(backup.keys(),
             sorted({QStringLiteral("created_at"), QStringLiteral("environment"), QStringLiteral("database"),
                     QStringLiteral("method"), QStringLiteral("revisions"), QStringLiteral("verification"),
                     QStringLiteral("sha256"), QStringLiteral("bytes"), QStringLiteral("path")}));
    const QString createdAt = backup.value(QStringLiteral("created_at")).toString();
    QVERIFY2(createdAt.endsWith(QLatin1Char('Z')), qPrintable(createdAt));
    const QDateTime created = QDateTime::fromString(createdAt, Qt::ISODate);
    QVERIFY2(created.isValid() && created >= before && created <= QDateTime::currentDateTimeUtc(),
             qPrintable(createdAt));
    QCOMPARE(backup.value(QStringLiteral("environment")).toString(), QStringLiteral("dev"));
    QCOMPARE(backup.value(QStringLiteral("database")).toString(), QStringLiteral("sqlite:///test.db"));
    QCOMPARE(backup.value(QStringLiteral("method")).toString(), QStringLiteral("sqlite"));
    QCOMPARE(backup.value(QStringLiteral("revisions")), QJsonValue(QJsonArray{QStringLiteral("ae1027a6acf")}));
    QVERIFY2(backup.value(QStringLiteral("verification"))
                 .toString()
                 .startsWith(QStringLiteral("PRAGMA integrity_check: ok")),
             qPrintable(result.out));
    static const QRegularExpression sha256(QStringLiteral("^[0-9a-f]{64}$"));
    QVERIFY2(sha256.match(backup.value(QStringLiteral("sha256")).toString()).hasMatch(), qPrintable(result.out));
    const QFileInfo file(backup.value(QStringLiteral("path")).toString());
    QCOMPARE(file.absolutePath(), directory);
    QVERIFY(file.size() > 0);
    QCOMPARE(backup.value(QStringLiteral("bytes")).toInteger(), file.size());

    // Without its note, a backup is only a file: what the note said is null, not guessed.
    QVERIFY(QFile::remove(file.dir().filePath(QLatin1Char('.') + file.fileName() + QStringLiteral(".json"))));
    result = run(root, list);
    QCOMPARE(result.exitCode, 0);
    document = jsonObject(result.out, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    backup = document.value(QStringLiteral("backups")).toArray().first().toObject();
    for (const char *unknown : {"environment", "database", "revisions", "verification", "sha256"})
        QVERIFY2(backup.value(QLatin1String(unknown)).isNull(), unknown);
    QCOMPARE(backup.value(QStringLiteral("bytes")).toInteger(), file.size());

    // --json describes a list; a backup being taken prints its record as text.
    result =
        run(root, {QStringLiteral("-e"), QStringLiteral("dev"), QStringLiteral("backup"), QStringLiteral("--json")});
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, 2);
    const QJsonObject error = jsonObject(result.err, &problem).value(QStringLiteral("error")).toObject();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("command_line"));
    QCOMPARE(QDir(directory).entryList(QDir::Files).size(), 1); // no second backup
}

void TestCli::jsonErrors_data()
{
    QTest::addColumn<Fixture>("fixture");
    QTest::addColumn<QString>("extraFile"); // written into the versions folder when not empty
    QTest::addColumn<QString>("extraContents");
    QTest::addColumn<QStringList>("rows"); // the database @URL@ names
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message"); // @ROOT@: the project folder
    QTest::addColumn<QString>("file");    // empty: null
    QTest::addColumn<int>("line");        // 0: null

    const QString none;
    const QString json = QStringLiteral("--json");
    const QString url = QStringLiteral("--url=@URL@");
    QTest::newRow("unknown revision") << Fixture::Merged << none << none << QStringList()
                                      << QStringList{QStringLiteral("show"), QStringLiteral("nope"), json}
                                      << QStringLiteral("resolution_error") << 1
                                      << QStringLiteral("Can't locate revision identified by 'nope'") << none << 0;
    QTest::newRow("unknown revision in the database")
        << Fixture::Merged << none << none << QStringList{QStringLiteral("deadbeef0000")}
        << QStringList{url, QStringLiteral("current"), json} << QStringLiteral("resolution_error") << 1
        << QStringLiteral("Can't locate revision identified by 'deadbeef0000'") << none << 0;
    QTest::newRow("parse error: file and line")
        << Fixture::Merged << QStringLiteral("bad_id.sql")
        << migration(QStringLiteral("bad"), QStringLiteral("bad-id"), QString(), QStringLiteral("2026-01-01 00:00:00"))
        << QStringList() << QStringList{QStringLiteral("heads"), json} << QStringLiteral("parse") << 1
        << QStringLiteral("@ROOT@/migrations/versions/bad_id.sql:3: Character(s) '-' not allowed in revision "
                          "identifier 'bad-id'")
        << QStringLiteral("@ROOT@/migrations/versions/bad_id.sql") << 3;
    QTest::newRow("missing parent: the file, no line")
        << Fixture::Merged << QStringLiteral("0f0f0f0f0f0f_orphan.sql")
        << migration(QStringLiteral("orphan"), QStringLiteral("0f0f0f0f0f0f"), QStringLiteral("0123456789ab"),
                     QStringLiteral("2026-01-01 00:00:00"))
        << QStringList() << QStringList{QStringLiteral("history"), json} << QStringLiteral("missing_revision") << 1
        << QStringLiteral("Revision 0123456789ab referenced from 0f0f0f0f0f0f is not present (Revises: in "
                          "@ROOT@/migrations/versions/0f0f0f0f0f0f_orphan.sql)")
        << QStringLiteral("@ROOT@/migrations/versions/0f0f0f0f0f0f_orphan.sql") << 0;
    QTest::newRow("multiple heads") << Fixture::Branched << none << none << QStringList()
                                    << QStringList{QStringLiteral("show"), QStringLiteral("head"), json}
                                    << QStringLiteral("multiple_heads") << 1 << kMultipleHeads.mid(8).chopped(1) << none
                                    << 0;
    QTest::newRow("current --check-heads")
        << Fixture::Branched << none << none << QStringList{QStringLiteral("ae1027a6acf")}
        << QStringList{url, QStringLiteral("current"), QStringLiteral("--check-heads"), json}
        << QStringLiteral("revision_error") << 1 << QStringLiteral("Database is not on all head revisions") << none
        << 0;
    QTest::newRow("history range without a colon")
        << Fixture::Merged << none << none << QStringList()
        << QStringList{QStringLiteral("history"), json, QStringLiteral("-r"), QStringLiteral("ae10")}
        << QStringLiteral("command_line") << 2
        << QStringLiteral("History range requires [start]:[end], [start]:, or :[end]") << none << 0;
    // Arguments that do not parse: "--json" among them still asks for JSON.
    QTest::newRow("unrecognized option")
        << Fixture::Merged << none << none << QStringList()
        << QStringList{QStringLiteral("heads"), json, QStringLiteral("--bogus")} << QStringLiteral("command_line") << 2
        << QStringLiteral("retort heads: unrecognized argument '--bogus' (see 'retort heads --help')") << none << 0;
    QTest::newRow("extra argument") << Fixture::Merged << none << none << QStringList()
                                    << QStringList{QStringLiteral("branches"), json, QStringLiteral("extra")}
                                    << QStringLiteral("command_line") << 2
                                    << QStringLiteral("retort branches: expected no arguments, got extra (see "
                                                      "'retort branches --help')")
                                    << none << 0;
}

// A failing command given --json: only the error object, on stderr, with the exit status it has without
// --json; and without --json, the FAILED line with the same message.
void TestCli::jsonErrors()
{
    QFETCH(Fixture, fixture);
    QFETCH(QString, extraFile);
    QFETCH(QString, extraContents);
    QFETCH(QStringList, rows);
    QFETCH(QStringList, arguments);
    QFETCH(QString, code);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QFETCH(QString, file);
    QFETCH(int, line);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = canonical(dir);
    QVERIFY(writeProject(root, fixture));
    if (!extraFile.isEmpty())
        QVERIFY(writeFile(root + QStringLiteral("/migrations/versions/") + extraFile, extraContents));
    const QString database = root + QStringLiteral("/test.db");
    QVERIFY(createDatabase(database, rows));
    arguments.replaceInStrings(QStringLiteral("@URL@"), QStringLiteral("sqlite:///") + database);
    message.replace(QStringLiteral("@ROOT@"), root);
    file.replace(QStringLiteral("@ROOT@"), root);

    CliRun result = run(root, arguments);
    QCOMPARE(result.out, QString());
    QCOMPARE(result.exitCode, exitCode);
    QString problem;
    const QJsonObject document = jsonObject(result.err, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(document.keys(), QStringList{QStringLiteral("error")});
    const QJsonObject expected{
        {QStringLiteral("code"), code},
        {QStringLiteral("exit_code"), exitCode},
        {QStringLiteral("message"), message},
        {QStringLiteral("file"), file.isEmpty() ? QJsonValue() : QJsonValue(file)},
        {QStringLiteral("line"), line == 0 ? QJsonValue() : QJsonValue(line)},
    };
    QJsonObject error = document.value(QStringLiteral("error")).toObject();
    // The hints are tst_guidance's; here, that they are the lines the text output has.
    const QJsonArray hints = error.take(QStringLiteral("hints")).toArray();
    QCOMPARE(error, expected);

    arguments.removeAll(QStringLiteral("--json"));
    result = run(root, arguments);
    QCOMPARE(result.out, QString());
    QCOMPARE(result.err, QStringLiteral("FAILED: ") + message + QLatin1Char('\n') + hintText(hints));
    QCOMPARE(result.exitCode, exitCode);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
