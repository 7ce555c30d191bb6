// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/MigrationScript.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using retort::Dialect;
using retort::ErrorCode;
using retort::MigrationScript;
using retort::MigrationScriptParser;
using retort::SqlStatement;
using retort::SqlStatementList;

namespace retort {

char *toString(const SqlStatement &statement)
{
    return qstrdup(QStringLiteral("[line %1] \"%2\"").arg(statement.line).arg(statement.text).toUtf8().constData());
}

} // namespace retort

namespace {

const QString kPath = QStringLiteral("/p/versions/a1_x.sql");

// A valid file around `header` lines, so each case shows only what it is about.
QString withUpgrade(const QString &header)
{
    return header + QStringLiteral("\n-- migrate:upgrade\nSELECT 1;\n");
}

} // namespace

class TestMigrationScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseExampleFile();
    void header_data();
    void header();
    void keys_data();
    void keys();
    void transactional_data();
    void transactional();
    void sections();
    void downgradeBeforeUpgrade();
    void baselineWithEmptySections();
    void dialectSections_data();
    void dialectSections();
    void dialectOnlySections_data();
    void dialectOnlySections();
    void dialectSectionChecksums();
    void errors_data();
    void errors();
    void percentInPath();
    void lineEndingsAndBom();
    void parseFileWithBom();
    void parseFileMissing();
    void tenThousandFiles();
};

void TestMigrationScript::parseExampleFile()
{
    const QString path = QStringLiteral(RETORT_TEST_DATA_DIR "/migrationscript/3f1c2a9b7d10_add_api_keys_table.sql");
    const auto result = MigrationScriptParser::parseFile(path);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    const MigrationScript &script = result.value();

    QCOMPARE(script.path, path);
    QCOMPARE(script.message, QStringLiteral("add api keys table"));
    QCOMPARE(script.docText, QStringLiteral("add api keys table\n"
                                            "\n"
                                            "Revision ID: 3f1c2a9b7d10\n"
                                            "Revises: ae98aa32e0d2\n"
                                            "Create Date: 2025-10-16 09:12:44.000000\n"
                                            "Branch Labels: auth\n"
                                            "Depends On: 5b2e44c0a1f3\n"
                                            "Transactional: true"));
    QCOMPARE(script.revisionId, QStringLiteral("3f1c2a9b7d10"));
    QCOMPARE(script.downRevisions, QStringList{QStringLiteral("ae98aa32e0d2")});
    QCOMPARE(script.dependsOn, QStringList{QStringLiteral("5b2e44c0a1f3")});
    QCOMPARE(script.branchLabels, QStringList{QStringLiteral("auth")});
    QCOMPARE(script.createDate, QStringLiteral("2025-10-16 09:12:44.000000"));
    QCOMPARE(script.transactional, true);
    QCOMPARE(script.revisionLine, 3);
    QCOMPARE(script.revisesLine, 4);
    QCOMPARE(script.dependsOnLine, 7);
    QCOMPARE(toStrings(script.warnings), QStringList());

    QCOMPARE(script.plainUpgrade.line, 10);
    QCOMPARE(
        script.plainUpgrade.text,
        QStringLiteral("CREATE TABLE api_keys (\n    id INTEGER PRIMARY KEY,\n    key_hash TEXT NOT NULL\n);\n\n"));
    QCOMPARE(script.plainUpgrade.statements,
             (SqlStatementList{
                 {"CREATE TABLE api_keys (\n    id INTEGER PRIMARY KEY,\n    key_hash TEXT NOT NULL\n)", 11}}));
    QCOMPARE(script.plainDowngrade.line, 16);
    QCOMPARE(script.plainDowngrade.text, QStringLiteral("DROP TABLE api_keys;\n"));
    QCOMPARE(script.plainDowngrade.statements, (SqlStatementList{{"DROP TABLE api_keys", 17}}));
}

void TestMigrationScript::header_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("docText");
    QTest::addColumn<QStringList>("warnings");

    QTest::newRow("alembic layout")
        << "-- add a column\n--\n-- Revision ID: a1\n-- Revises: \n-- Create Date: 2025-01-01"
        << "add a column"
        << "add a column\n\nRevision ID: a1\nRevises: \nCreate Date: 2025-01-01" << QStringList();
    QTest::newRow("multi-line message") << "-- add api keys\n--   and tokens\n--\n-- Revision ID: a1"
                                        << "add api keys and tokens"
                                        << "add api keys\n  and tokens\n\nRevision ID: a1" << QStringList();
    QTest::newRow("no message") << "-- Revision ID: a1\n-- Revises:" << QString()
                                << "Revision ID: a1\nRevises:" << QStringList();
    QTest::newRow("message looks like a key") << "-- fix: nulls in emails\n--\n-- Revision ID: a1"
                                              << "fix: nulls in emails"
                                              << "fix: nulls in emails\n\nRevision ID: a1" << QStringList();
    QTest::newRow("message looks like a directive") << "-- migrate:users to v2\n--\n-- Revision ID: a1"
                                                    << "migrate:users to v2"
                                                    << "migrate:users to v2\n\nRevision ID: a1" << QStringList();
    QTest::newRow("message looks like a known key") << "-- Revises: the login flow\n--\n-- Revision ID: a1"
                                                    << "Revises: the login flow"
                                                    << "Revises: the login flow\n\nRevision ID: a1" << QStringList();
    QTest::newRow("unknown key") << "-- msg\n--\n-- Revision ID: a1\n-- Author: bob\n-- Ticket Id: OPS-12"
                                 << "msg"
                                 << "msg\n\nRevision ID: a1\nAuthor: bob\nTicket Id: OPS-12"
                                 << QStringList{"/p/versions/a1_x.sql:4: unknown header key 'Author'",
                                                "/p/versions/a1_x.sql:5: unknown header key 'Ticket Id'"};
    QTest::newRow("prose after the keys")
        << "-- msg\n--\n-- Revision ID: a1\n--\n-- see https://example.com/x\n-- a note"
        << "msg"
        << "msg\n\nRevision ID: a1\n\nsee https://example.com/x\na note" << QStringList();
    QTest::newRow("blank lines") << "\n\n-- msg\n\n-- Revision ID: a1\n\n-- later\n\n"
                                 << "msg"
                                 << "msg\n\nRevision ID: a1\n\nlater" << QStringList();
    QTest::newRow("indentation and markers") << "  --msg\n--\n--    Revision ID: a1\n--\n--"
                                             << "msg"
                                             << "msg\n\n   Revision ID: a1" << QStringList();
}

void TestMigrationScript::header()
{
    QFETCH(QString, header);
    QFETCH(QString, message);
    QFETCH(QString, docText);
    QFETCH(QStringList, warnings);

    const auto result = MigrationScriptParser::parse(kPath, withUpgrade(header));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->revisionId, QStringLiteral("a1"));
    QCOMPARE(result->message, message);
    QCOMPARE(result->docText, docText);
    QCOMPARE(toStrings(result->warnings), warnings);
}

void TestMigrationScript::keys_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("revisionId");
    QTest::addColumn<QStringList>("downRevisions");
    QTest::addColumn<QStringList>("dependsOn");
    QTest::addColumn<QStringList>("branchLabels");
    QTest::addColumn<QString>("createDate");
    QTest::addColumn<bool>("transactional");

    QTest::newRow("base") << "-- m\n--\n-- Revision ID: a1\n-- Revises:"
                          << "a1" << QStringList() << QStringList() << QStringList() << QString() << true;
    QTest::newRow("merge") << "-- m\n--\n-- Revision ID: a1\n-- Revises: b2,  c3 ,,d4, b2"
                           << "a1" << QStringList{"b2", "c3", "d4"} << QStringList() << QStringList() << QString()
                           << true;
    QTest::newRow("case-insensitive keys")
        << "-- m\n--\n-- REVISION id: a1\n-- revises: b2\n-- depends on: c3, d4\n-- branch LABELS: x, y\n"
           "-- create date:  2025-10-16 09:12:44 \n-- TRANSACTIONAL: No"
        << "a1" << QStringList{"b2"} << QStringList{"c3", "d4"} << QStringList{"x", "y"} << "2025-10-16 09:12:44"
        << false;
    QTest::newRow("keys before message end")
        << "-- Revision ID: a1\n-- Branch Labels: ,\n-- Transactional: off"
        << "a1" << QStringList() << QStringList() << QStringList() << QString() << false;
}

void TestMigrationScript::keys()
{
    QFETCH(QString, header);
    QFETCH(QString, revisionId);
    QFETCH(QStringList, downRevisions);
    QFETCH(QStringList, dependsOn);
    QFETCH(QStringList, branchLabels);
    QFETCH(QString, createDate);
    QFETCH(bool, transactional);

    const auto result = MigrationScriptParser::parse(kPath, withUpgrade(header));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->revisionId, revisionId);
    QCOMPARE(result->downRevisions, downRevisions);
    QCOMPARE(result->dependsOn, dependsOn);
    QCOMPARE(result->branchLabels, branchLabels);
    QCOMPARE(result->createDate, createDate);
    QCOMPARE(result->transactional, transactional);
    QCOMPARE(toStrings(result->warnings), QStringList());
}

void TestMigrationScript::transactional_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("expected");

    const std::pair<const char *, bool> valid[] = {{"true", true}, {"True", true},   {"yes", true},    {"1", true},
                                                   {"ON", true},   {"false", false}, {"FALSE", false}, {"no", false},
                                                   {"0", false},   {"off", false}};
    for (const auto &[value, expected] : valid)
        QTest::newRow(value) << QString::fromLatin1(value) << true << expected;
    for (const char *value : {"maybe", "", "2", "y", "truee"})
        QTest::newRow(qPrintable(QStringLiteral("invalid '%1'").arg(QLatin1String(value))))
            << QString::fromLatin1(value) << false << false;
}

void TestMigrationScript::transactional()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QFETCH(bool, expected);

    const auto result = MigrationScriptParser::parse(kPath, withUpgrade(QStringLiteral("-- m\n--\n-- Revision ID: a1\n"
                                                                                       "-- Transactional: %1")
                                                                            .arg(value)));
    if (valid) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(result->transactional, expected);
    } else {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::Parse);
        QCOMPARE(result.error().message,
                 QStringLiteral("/p/versions/a1_x.sql:4: invalid value '%1' for 'Transactional' header "
                                "(expected true or false)")
                     .arg(value));
        QCOMPARE(result.error().context, QStringLiteral("/p/versions/a1_x.sql:4"));
        // The place travels as fields too, for the workbench to open the file at the line.
        QCOMPARE(result.error().location.file, QStringLiteral("/p/versions/a1_x.sql"));
        QCOMPARE(result.error().location.line, 4);
    }
}

void TestMigrationScript::sections()
{
    const QString text = QStringLiteral("-- m\n"                      // 1
                                        "--\n"                        // 2
                                        "-- Revision ID: a1\n"        // 3
                                        "-- MIGRATE:UPGRADE\n"        // 4
                                        "-- first table\n"            // 5
                                        "CREATE TABLE a (id INT);\n"  // 6
                                        "\n"                          // 7
                                        "INSERT INTO a VALUES (1);\n" // 8
                                        "  -- migrate:downgrade  \n"  // 9
                                        "\n"                          // 10
                                        "DROP TABLE a");              // 11
    const auto result = MigrationScriptParser::parse(kPath, text);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->plainUpgrade.line, 4);
    QCOMPARE(result->plainUpgrade.text,
             QStringLiteral("-- first table\nCREATE TABLE a (id INT);\n\nINSERT INTO a VALUES (1);\n"));
    QCOMPARE(result->plainUpgrade.statements,
             (SqlStatementList{{"CREATE TABLE a (id INT)", 6}, {"INSERT INTO a VALUES (1)", 8}}));
    QCOMPARE(result->plainDowngrade.line, 9);
    QCOMPARE(result->plainDowngrade.text, QStringLiteral("\nDROP TABLE a"));
    QCOMPARE(result->plainDowngrade.statements, (SqlStatementList{{"DROP TABLE a", 11}}));
}

void TestMigrationScript::downgradeBeforeUpgrade()
{
    const QString text = QStringLiteral("-- Revision ID: a1\n"
                                        "-- migrate:downgrade\n"
                                        "DROP TABLE a;\n"
                                        "-- migrate:upgrade\n"
                                        "CREATE TABLE a (id INT);\n");
    const auto result = MigrationScriptParser::parse(kPath, text);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->plainDowngrade.line, 2);
    QCOMPARE(result->plainDowngrade.statements, (SqlStatementList{{"DROP TABLE a", 3}}));
    QCOMPARE(result->plainUpgrade.line, 4);
    QCOMPARE(result->plainUpgrade.statements, (SqlStatementList{{"CREATE TABLE a (id INT)", 5}}));
}

void TestMigrationScript::baselineWithEmptySections()
{
    const auto withDowngrade = MigrationScriptParser::parse(
        kPath, QStringLiteral("-- baseline\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\n\n"
                              "-- migrate:downgrade\n"));
    QVERIFY2(withDowngrade.ok(), qPrintable(withDowngrade.ok() ? QString() : withDowngrade.error().message));
    QCOMPARE(withDowngrade->downRevisions, QStringList());
    QCOMPARE(withDowngrade->plainUpgrade.line, 6);
    QCOMPARE(withDowngrade->plainUpgrade.text, QStringLiteral("\n"));
    QCOMPARE(withDowngrade->plainUpgrade.statements, SqlStatementList());
    QCOMPARE(withDowngrade->plainDowngrade.line, 8);
    QCOMPARE(withDowngrade->plainDowngrade.text, QString());
    QCOMPARE(withDowngrade->plainDowngrade.statements, SqlStatementList());

    const auto upgradeOnly =
        MigrationScriptParser::parse(kPath, QStringLiteral("-- Revision ID: a1\n-- migrate:upgrade"));
    QVERIFY(upgradeOnly.ok());
    QCOMPARE(upgradeOnly->plainUpgrade.line, 2);
    QCOMPARE(upgradeOnly->plainUpgrade.text, QString());
    QCOMPARE(upgradeOnly->plainDowngrade.line, 0);
    QCOMPARE(upgradeOnly->plainDowngrade.text, QString());
    QCOMPARE(upgradeOnly->plainDowngrade.statements, SqlStatementList());
}

namespace {

// Plain sections, a PostgreSQL upgrade (with a dollar-quoted body and a forced statement), a MySQL downgrade.
const QString kDialectFile = QStringLiteral("-- Revision ID: a1\n"                                 // 1
                                            "\n"                                                   // 2
                                            "-- migrate:upgrade\n"                                 // 3
                                            "CREATE TABLE t (id INTEGER PRIMARY KEY);\n"           // 4
                                            "-- migrate:downgrade\n"                               // 5
                                            "DROP TABLE t;\n"                                      // 6
                                            "-- Migrate:Upgrade Postgres\n"                        // 7
                                            "CREATE TABLE t (id SERIAL PRIMARY KEY);\n"            // 8
                                            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$\n" // 9
                                            "LANGUAGE sql;\n"                                      // 10
                                            "-- migrate:statement-begin\n"                         // 11
                                            "DO 'BEGIN PERFORM 1; END'\n"                          // 12
                                            "-- migrate:statement-end\n"                           // 13
                                            "-- migrate:downgrade MARIADB\n"                       // 14
                                            "DROP TABLE IF EXISTS t;\n");                          // 15

} // namespace

// The section a database of each dialect runs: its own when the file has one, else the plain one, per direction.
void TestMigrationScript::dialectSections_data()
{
    QTest::addColumn<int>("dialect"); // -1: none known
    QTest::addColumn<bool>("upgrade");
    QTest::addColumn<int>("line");
    QTest::addColumn<QStringList>("statements");

    const QStringList plainUp{QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY)")};
    const QStringList plainDown{QStringLiteral("DROP TABLE t")};
    QTest::newRow("sqlite upgrade: plain") << int(Dialect::SQLite) << true << 3 << plainUp;
    QTest::newRow("sqlite downgrade: plain") << int(Dialect::SQLite) << false << 5 << plainDown;
    QTest::newRow("postgresql upgrade: its own (alias, any case)")
        << int(Dialect::PostgreSQL) << true << 7
        << QStringList{QStringLiteral("CREATE TABLE t (id SERIAL PRIMARY KEY)"),
                       QStringLiteral("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$\nLANGUAGE sql"),
                       QStringLiteral("DO 'BEGIN PERFORM 1; END'")};
    QTest::newRow("postgresql downgrade: plain") << int(Dialect::PostgreSQL) << false << 5 << plainDown;
    QTest::newRow("mysql upgrade: plain") << int(Dialect::MySQL) << true << 3 << plainUp;
    QTest::newRow("mysql downgrade: its own (mariadb)")
        << int(Dialect::MySQL) << false << 14 << QStringList{QStringLiteral("DROP TABLE IF EXISTS t")};
    QTest::newRow("no dialect known: plain") << -1 << true << 3 << plainUp;
}

void TestMigrationScript::dialectSections()
{
    QFETCH(int, dialect);
    QFETCH(bool, upgrade);
    QFETCH(int, line);
    QFETCH(QStringList, statements);

    const auto result = MigrationScriptParser::parse(kPath, kDialectFile);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    const std::optional<Dialect> database = dialect < 0 ? std::nullopt : std::optional<Dialect>(Dialect(dialect));
    const retort::MigrationSection &section = result->section(upgrade, database);
    QCOMPARE(section.line, line);
    QStringList texts;
    for (const SqlStatement &statement : section.statements)
        texts << statement.text;
    QCOMPARE(texts, statements);
    QCOMPARE(section.body, retort::SectionBody::Sql);
    if (database)
        QVERIFY(!result->sectionError(upgrade, *database));
    QCOMPARE(result->sectionDialects(), (QList<Dialect>{Dialect::PostgreSQL, Dialect::MySQL}));
    // Statements keep their file lines in a dialect section too (errors name them).
    if (line == 7)
        QCOMPARE(section.statements.at(2).line, 12);
}

// A file may have only dialect sections in a direction: another dialect then has nothing there, which is an
// error before anything runs (never an empty section that does nothing).
void TestMigrationScript::dialectOnlySections_data()
{
    QTest::addColumn<int>("dialect");
    QTest::addColumn<bool>("upgrade");
    QTest::addColumn<int>("line"); // of the section it runs; 0 with `error`
    QTest::addColumn<QString>("error");

    const QString p = kPath;
    QTest::newRow("postgresql upgrade") << int(Dialect::PostgreSQL) << true << 3 << QString();
    QTest::newRow("sqlite upgrade") << int(Dialect::SQLite) << true << 5 << QString();
    QTest::newRow("mysql upgrade: none")
        << int(Dialect::MySQL) << true << 0
        << p + ": revision a1 has no upgrade section for mysql: it has '-- migrate:upgrade postgresql' (line 3), "
               "'-- migrate:upgrade sqlite' (line 5) and no plain '-- migrate:upgrade'; add '-- migrate:upgrade "
               "mysql' or a plain '-- migrate:upgrade'";
    QTest::newRow("postgresql downgrade") << int(Dialect::PostgreSQL) << false << 7 << QString();
    QTest::newRow("sqlite downgrade: none")
        << int(Dialect::SQLite) << false << 0
        << p + ": revision a1 has no downgrade section for sqlite: it has '-- migrate:downgrade postgresql' (line 7) "
               "and no plain '-- migrate:downgrade'; add '-- migrate:downgrade sqlite' or a plain "
               "'-- migrate:downgrade'";
}

void TestMigrationScript::dialectOnlySections()
{
    QFETCH(int, dialect);
    QFETCH(bool, upgrade);
    QFETCH(int, line);
    QFETCH(QString, error);

    const auto result = MigrationScriptParser::parse(kPath, QStringLiteral("-- Revision ID: a1\n"
                                                                           "\n"
                                                                           "-- migrate:upgrade postgresql\n"
                                                                           "SELECT 1;\n"
                                                                           "-- migrate:upgrade sqlite\n"
                                                                           "SELECT 2;\n"
                                                                           "-- migrate:downgrade postgresql\n"
                                                                           "SELECT 3;\n"));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    const retort::MigrationSection &section = result->section(upgrade, Dialect(dialect));
    const std::optional<retort::Error> missing = result->sectionError(upgrade, Dialect(dialect));
    if (error.isEmpty()) {
        QCOMPARE(section.line, line);
        QCOMPARE(section.statements.size(), 1);
        QVERIFY(!missing);
        return;
    }
    QCOMPARE(section.body, retort::SectionBody::Missing);
    QVERIFY(section.statements.isEmpty());
    QVERIFY(section.checksum.isEmpty()); // nothing runs, so nothing is vouched for
    QVERIFY(missing);
    QCOMPARE(missing->code, ErrorCode::MissingSection);
    QCOMPARE(missing->message, error);
    QCOMPARE(missing->location.file, kPath);
    QCOMPARE(missing->location.line, upgrade ? 3 : 7); // its first section for another dialect

    // A direction with no section at all stays what it always was: an empty downgrade, for every dialect.
    const auto noDowngrade =
        MigrationScriptParser::parse(kPath, QStringLiteral("-- Revision ID: a1\n-- migrate:upgrade mysql\nA;\n"));
    QVERIFY(noDowngrade.ok());
    QCOMPARE(noDowngrade->section(false, Dialect::SQLite).body, retort::SectionBody::Sql);
    QVERIFY(!noDowngrade->sectionError(false, Dialect::SQLite));
    QVERIFY(noDowngrade->sectionError(true, Dialect::SQLite));
}

// Each section's checksum is of its own text: adding another dialect's section after the last one leaves the
// upgrade that ran where it was (verify compares upgrade sections), and each dialect's checksum is its own.
void TestMigrationScript::dialectSectionChecksums()
{
    const QString before = QStringLiteral("-- Revision ID: a1\n-- migrate:upgrade\nA;\n\n-- migrate:downgrade\nB;\n");
    const auto plain = MigrationScriptParser::parse(kPath, before);
    const auto extended = MigrationScriptParser::parse(
        kPath, before + QStringLiteral("\n-- migrate:upgrade postgresql\nA2;\n-- migrate:upgrade mysql\nA3;\n"));
    QVERIFY(plain.ok() && extended.ok());
    QCOMPARE(extended->section(true, Dialect::SQLite).checksum, plain->section(true, Dialect::SQLite).checksum);
    QCOMPARE(extended->section(true, Dialect::PostgreSQL).checksum,
             retort::MigrationSection::checksumOf(QStringLiteral("A2;\n")));
    QCOMPARE(extended->section(true, Dialect::MySQL).checksum,
             retort::MigrationSection::checksumOf(QStringLiteral("A3;\n")));
    QVERIFY(extended->section(true, Dialect::PostgreSQL).checksum != extended->section(true, Dialect::MySQL).checksum);
}

void TestMigrationScript::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("context");

    const QString p = kPath;
    QTest::newRow("missing revision id") << "-- m\n--\n-- Revises: b2\n-- migrate:upgrade\n"
                                         << p + ": missing 'Revision ID' header" << p;
    QTest::newRow("empty revision id") << "-- m\n--\n-- Revision ID:\n-- migrate:upgrade\n"
                                       << p + ": missing 'Revision ID' header" << p;
    QTest::newRow("revision id in message only") << "-- m\n-- Author: x\n--\n-- migrate:upgrade\n"
                                                 << p + ": missing 'Revision ID' header" << p;
    QTest::newRow("empty file") << "" << p + ": missing 'Revision ID' header" << p;
    // A Revises: dropped silently would turn the revision into a new base.
    QTest::newRow("key outside the Revision ID paragraph")
        << "-- m\n--\n-- Revision ID: a1\n-- Create Date: x\n--\n-- Revises: b2\n-- migrate:upgrade\n"
        << p + ":6: 'Revises:' must stand in the paragraph that holds 'Revision ID:' (no '--' line between them)"
        << p + ":6";
    QTest::newRow("misspelt downgrade marker")
        << "-- Revision ID: a1\n-- migrate:upgrade\nCREATE TABLE t (id INT);\n-- migrate: downgrade\nDROP TABLE t;\n"
        << p + ":4: '-- migrate: downgrade' looks like the directive '-- migrate:downgrade'; write it exactly so"
        << p + ":4";
    QTest::newRow("marker with an extra dash")
        << "-- Revision ID: a1\n-- migrate:upgrade\nCREATE TABLE t (id INT);\n--- migrate:downgrade\nDROP TABLE t;\n"
        << p + ":4: '-- - migrate:downgrade' looks like the directive '-- migrate:downgrade'; write it exactly so"
        << p + ":4";
    QTest::newRow("revision id too long") << "-- Revision ID: " + QString(33, 'a') + "\n-- migrate:upgrade\n"
                                          << p + ":1: Revision identifier '" + QString(33, 'a') +
                                                 "' is longer than 32 characters, the width of the version "
                                                 "table's version_num column"
                                          << p + ":1";
    QTest::newRow("missing upgrade") << "-- m\n--\n-- Revision ID: a1\n\n-- migrate:downgrade\nDROP TABLE a;\n"
                                     << p + ": missing '-- migrate:upgrade' section" << p;
    QTest::newRow("duplicate upgrade") << "-- Revision ID: a1\n-- migrate:upgrade\nA;\n-- migrate:upgrade\nB;\n"
                                       << p + ":4: duplicate '-- migrate:upgrade' section; the first is at line 2"
                                       << p + ":4";
    QTest::newRow("duplicate downgrade")
        << "-- Revision ID: a1\n-- migrate:downgrade\n-- migrate:upgrade\n-- Migrate:Downgrade\n"
        << p + ":4: duplicate '-- migrate:downgrade' section; the first is at line 2" << p + ":4";
    // Dialect sections: a name Retort does not know must never read as a comment (its SQL would then run in
    // the section before it, on every database).
    const QString known = QStringLiteral("sqlite, postgresql (or postgres), mysql (or mariadb)");
    QTest::newRow("unknown dialect") << "-- Revision ID: a1\n-- migrate:upgrade\nA;\n-- migrate:upgrade postgre\nB;\n"
                                     << p + ":4: unknown dialect 'postgre' in '-- migrate:upgrade postgre'; expected " +
                                            known
                                     << p + ":4";
    QTest::newRow("unknown dialect before any section")
        << "-- Revision ID: a1\n\n-- migrate:downgrade oracle\nB;\n-- migrate:upgrade\n"
        << p + ":3: unknown dialect 'oracle' in '-- migrate:downgrade oracle'; expected " + known << p + ":3";
    QTest::newRow("two dialects on one marker")
        << "-- Revision ID: a1\n-- migrate:upgrade\nA;\n-- migrate:upgrade postgresql mysql\nB;\n"
        << p +
               ":4: '-- migrate:upgrade postgresql mysql' is not a section marker; write '-- migrate:upgrade' or "
               "'-- migrate:upgrade DIALECT' with one dialect of " +
               known
        << p + ":4";
    QTest::newRow("dialect glued to the marker")
        << "-- Revision ID: a1\n-- migrate:upgrade\nA;\n-- migrate:downgrade:sqlite\nB;\n"
        << p +
               ":4: '-- migrate:downgrade:sqlite' is not a section marker; write '-- migrate:downgrade' or "
               "'-- migrate:downgrade DIALECT' with one dialect of " +
               known
        << p + ":4";
    QTest::newRow("duplicate dialect section")
        << "-- Revision ID: a1\n-- migrate:upgrade postgresql\nA;\n-- migrate:upgrade\nB;\n"
           "-- migrate:upgrade PostgreSQL\nC;\n"
        << p + ":6: duplicate '-- migrate:upgrade postgresql' section; the first is at line 2" << p + ":6";
    QTest::newRow("duplicate through an alias")
        << "-- Revision ID: a1\n-- migrate:upgrade\n-- migrate:downgrade mysql\nA;\n-- migrate:downgrade MariaDB\nB;\n"
        << p + ":5: duplicate '-- migrate:downgrade mysql' section ('MariaDB' is mysql); the first is at line 3"
        << p + ":5";
    QTest::newRow("misspelt dialect marker")
        << "-- Revision ID: a1\n-- migrate:upgrade\nA;\n-- migrate: upgrade postgresql\nB;\n"
        << p + ":4: '-- migrate: upgrade postgresql' looks like the directive '-- migrate:upgrade postgresql'; write "
               "it exactly so"
        << p + ":4";
    QTest::newRow("only a dialect downgrade")
        << "-- m\n--\n-- Revision ID: a1\n\n-- migrate:downgrade sqlite\nDROP TABLE a;\n"
        << p + ": missing '-- migrate:upgrade' section" << p;
    QTest::newRow("unterminated dollar quote in a dialect section")
        << "-- Revision ID: a1\n-- migrate:upgrade\nA;\n-- migrate:upgrade postgresql\nSELECT $$x;\n"
        << p + ":5: unterminated dollar-quoted string $$" << p + ":5";
    QTest::newRow("sql before sections")
        << "-- m\n--\n-- Revision ID: a1\n\nCREATE TABLE a (id INT);\n-- migrate:upgrade\n"
        << p + ":5: SQL outside a '-- migrate:upgrade' or '-- migrate:downgrade' section" << p + ":5";
    QTest::newRow("sql without sections") << "-- Revision ID: a1\nSELECT 1;\n"
                                          << p + ":2: SQL outside a '-- migrate:upgrade' or '-- migrate:downgrade' "
                                                 "section"
                                          << p + ":2";
    QTest::newRow("misspelt marker") << "-- Revision ID: a1\n-- migrate:upgrade\nA;\n-- migrate:downgrde\nB;\n"
                                     << p + ":4: unknown directive '-- migrate:downgrde'" << p + ":4";
    QTest::newRow("duplicate header key") << "-- m\n--\n-- Revision ID: a1\n-- Revises: b2\n-- revises: c3\n"
                                          << p + ":5: duplicate 'Revises' header" << p + ":5";
    QTest::newRow("dash in revision id") << "-- m\n--\n-- Revision ID: a-1\n-- migrate:upgrade\n"
                                         << p + ":3: Character(s) '-' not allowed in revision identifier 'a-1'"
                                         << p + ":3";
    QTest::newRow("many illegal characters")
        << "-- Revision ID: a@b+c-d:e@f g\n-- migrate:upgrade\n"
        << p + ":1: Character(s) ' , +, -, :, @' not allowed in revision identifier 'a@b+c-d:e@f g'" << p + ":1";
    QTest::newRow("self loop") << "-- m\n--\n-- Revises: b2, a1\n-- Revision ID: a1\n-- migrate:upgrade\n"
                               << p + ":3: Self-loop is detected in revisions (a1)" << p + ":3";
    QTest::newRow("dependency self loop")
        << "-- m\n--\n-- Revision ID: a1\n-- Revises: b2\n-- Depends On: a1\n-- migrate:upgrade\n"
        << p + ":5: Dependency self-loop is detected in revisions (a1)" << p + ":5";
    QTest::newRow("unterminated string in upgrade")
        << "-- Revision ID: a1\n\n-- migrate:upgrade\nSELECT 1;\nSELECT 'x;\n-- migrate:downgrade\nSELECT 2;\n"
        << p + ":5: unterminated string literal" << p + ":5";
    QTest::newRow("unterminated comment in downgrade")
        << "-- Revision ID: a1\n-- migrate:upgrade\n-- migrate:downgrade\nSELECT 1;\n/* x\n"
        << p + ":5: unterminated block comment" << p + ":5";
    QTest::newRow("statement-begin without end")
        << "-- Revision ID: a1\n-- migrate:upgrade\n-- migrate:statement-begin\nA;\n-- migrate:downgrade\n"
           "-- migrate:statement-end\n"
        << p + ":3: migrate:statement-begin without migrate:statement-end" << p + ":3";
}

void TestMigrationScript::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(QString, context);

    const auto result = MigrationScriptParser::parse(kPath, text);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Parse);
    QCOMPARE(result.error().message, message);
    QCOMPARE(result.error().context, context);
    QCOMPARE(result.error().location.toString(), context); // the same place, as fields
}

// Messages are built with QString::arg; a '%1' in a path must not be taken for a placeholder.
void TestMigrationScript::percentInPath()
{
    const QString path = QStringLiteral("/p/%1%2/a1.sql");
    const auto warned = MigrationScriptParser::parse(
        path, QStringLiteral("-- m\n--\n-- Revision ID: a1\n-- Foo: x\n-- migrate:upgrade"));
    QVERIFY(warned.ok());
    QCOMPARE(toStrings(warned->warnings), QStringList{QStringLiteral("/p/%1%2/a1.sql:4: unknown header key 'Foo'")});

    const auto outside = MigrationScriptParser::parse(path, QStringLiteral("-- Revision ID: a1\nA;\n"));
    QVERIFY(!outside.ok());
    QCOMPARE(outside.error().message,
             QStringLiteral("/p/%1%2/a1.sql:2: SQL outside a '-- migrate:upgrade' or '-- migrate:downgrade' section"));

    const auto unterminated =
        MigrationScriptParser::parse(path, QStringLiteral("-- Revision ID: a1\n-- migrate:upgrade\n'"));
    QVERIFY(!unterminated.ok());
    QCOMPARE(unterminated.error().message, QStringLiteral("/p/%1%2/a1.sql:3: unterminated string literal"));
}

void TestMigrationScript::lineEndingsAndBom()
{
    const QString text = QStringLiteral("\xFEFF-- m\r\n--\r\n-- Revision ID: a1\r\n-- Revises: b2\r\n\r\n"
                                        "-- migrate:upgrade\r\nCREATE TABLE a (\r\n  id INT\r\n);\r\n"
                                        "-- migrate:downgrade\r\nDROP TABLE a;\r\n");
    const auto result = MigrationScriptParser::parse(kPath, text);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->message, QStringLiteral("m"));
    QCOMPARE(result->docText, QStringLiteral("m\n\nRevision ID: a1\nRevises: b2"));
    QCOMPARE(result->revisionId, QStringLiteral("a1"));
    QCOMPARE(result->downRevisions, QStringList{QStringLiteral("b2")});
    QCOMPARE(result->plainUpgrade.line, 6);
    QCOMPARE(result->plainUpgrade.text, QStringLiteral("CREATE TABLE a (\n  id INT\n);\n"));
    QCOMPARE(result->plainUpgrade.statements, (SqlStatementList{{"CREATE TABLE a (\n  id INT\n)", 7}}));
    QCOMPARE(result->plainDowngrade.statements, (SqlStatementList{{"DROP TABLE a", 11}}));
}

void TestMigrationScript::parseFileWithBom()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("a1_größe.sql"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\xEF\xBB\xBF-- gr\xC3\xB6\xC3\x9F"
               "e\r\n--\r\n-- Revision ID: a1\r\n-- migrate:upgrade\r\n"
               "SELECT '\xC3\xA9t\xC3\xA9';\r\n");
    file.close();

    const auto result = MigrationScriptParser::parseFile(path);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->path, path);
    QCOMPARE(result->message, QStringLiteral("größe"));
    QCOMPARE(result->plainUpgrade.statements, (SqlStatementList{{QStringLiteral("SELECT 'été'"), 5}}));
}

void TestMigrationScript::parseFileMissing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("missing.sql"));
    const auto result = MigrationScriptParser::parseFile(path);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Io);
    QCOMPARE(result.error().message, path + QStringLiteral(": cannot read file: No such file or directory"));
    QCOMPARE(result.error().context, path);
}

// A project of 10,000 revisions is parsed on every open; this keeps the parser from
// growing a per-file cost that only shows at that scale.
void TestMigrationScript::tenThousandFiles()
{
    QStringList texts;
    for (int i = 0; i < 10000; ++i) {
        texts.append(QStringLiteral("-- add table %1\n--\n-- Revision ID: r%1\n-- Revises: r%2\n"
                                    "-- Create Date: 2025-10-16 09:12:44.000000\n\n"
                                    "-- migrate:upgrade\nCREATE TABLE t%1 (\n    id INTEGER PRIMARY KEY,\n"
                                    "    name TEXT NOT NULL DEFAULT 'x;y'\n);\nCREATE INDEX ix%1 ON t%1 (name);\n\n"
                                    "-- migrate:downgrade\nDROP TABLE t%1;\n")
                         .arg(i)
                         .arg(i - 1));
    }
    QElapsedTimer timer;
    timer.start();
    int statements = 0;
    for (const QString &text : std::as_const(texts)) {
        const auto result = MigrationScriptParser::parse(kPath, text);
        QVERIFY(result.ok());
        statements += result->plainUpgrade.statements.size() + result->plainDowngrade.statements.size();
    }
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(statements, 30000);
    // Well under a second in a release build; the bound leaves room for debug and sanitizer builds.
    QVERIFY2(elapsed < 5000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
}

QTEST_GUILESS_MAIN(TestMigrationScript)
#include "tst_migrationscript.moc"
