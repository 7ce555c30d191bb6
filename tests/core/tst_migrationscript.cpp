// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/MigrationScript.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

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

    QCOMPARE(script.upgrade.line, 10);
    QCOMPARE(
        script.upgrade.text,
        QStringLiteral("CREATE TABLE api_keys (\n    id INTEGER PRIMARY KEY,\n    key_hash TEXT NOT NULL\n);\n\n"));
    QCOMPARE(script.upgrade.statements,
             (SqlStatementList{
                 {"CREATE TABLE api_keys (\n    id INTEGER PRIMARY KEY,\n    key_hash TEXT NOT NULL\n)", 11}}));
    QCOMPARE(script.downgrade.line, 16);
    QCOMPARE(script.downgrade.text, QStringLiteral("DROP TABLE api_keys;\n"));
    QCOMPARE(script.downgrade.statements, (SqlStatementList{{"DROP TABLE api_keys", 17}}));
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
    QCOMPARE(result->upgrade.line, 4);
    QCOMPARE(result->upgrade.text,
             QStringLiteral("-- first table\nCREATE TABLE a (id INT);\n\nINSERT INTO a VALUES (1);\n"));
    QCOMPARE(result->upgrade.statements,
             (SqlStatementList{{"CREATE TABLE a (id INT)", 6}, {"INSERT INTO a VALUES (1)", 8}}));
    QCOMPARE(result->downgrade.line, 9);
    QCOMPARE(result->downgrade.text, QStringLiteral("\nDROP TABLE a"));
    QCOMPARE(result->downgrade.statements, (SqlStatementList{{"DROP TABLE a", 11}}));
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
    QCOMPARE(result->downgrade.line, 2);
    QCOMPARE(result->downgrade.statements, (SqlStatementList{{"DROP TABLE a", 3}}));
    QCOMPARE(result->upgrade.line, 4);
    QCOMPARE(result->upgrade.statements, (SqlStatementList{{"CREATE TABLE a (id INT)", 5}}));
}

void TestMigrationScript::baselineWithEmptySections()
{
    const auto withDowngrade = MigrationScriptParser::parse(
        kPath, QStringLiteral("-- baseline\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\n\n"
                              "-- migrate:downgrade\n"));
    QVERIFY2(withDowngrade.ok(), qPrintable(withDowngrade.ok() ? QString() : withDowngrade.error().message));
    QCOMPARE(withDowngrade->downRevisions, QStringList());
    QCOMPARE(withDowngrade->upgrade.line, 6);
    QCOMPARE(withDowngrade->upgrade.text, QStringLiteral("\n"));
    QCOMPARE(withDowngrade->upgrade.statements, SqlStatementList());
    QCOMPARE(withDowngrade->downgrade.line, 8);
    QCOMPARE(withDowngrade->downgrade.text, QString());
    QCOMPARE(withDowngrade->downgrade.statements, SqlStatementList());

    const auto upgradeOnly =
        MigrationScriptParser::parse(kPath, QStringLiteral("-- Revision ID: a1\n-- migrate:upgrade"));
    QVERIFY(upgradeOnly.ok());
    QCOMPARE(upgradeOnly->upgrade.line, 2);
    QCOMPARE(upgradeOnly->upgrade.text, QString());
    QCOMPARE(upgradeOnly->downgrade.line, 0);
    QCOMPARE(upgradeOnly->downgrade.text, QString());
    QCOMPARE(upgradeOnly->downgrade.statements, SqlStatementList());
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
                                       << p + ":4: duplicate '-- migrate:upgrade' section" << p + ":4";
    QTest::newRow("duplicate downgrade")
        << "-- Revision ID: a1\n-- migrate:downgrade\n-- migrate:upgrade\n-- Migrate:Downgrade\n"
        << p + ":4: duplicate '-- migrate:downgrade' section" << p + ":4";
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
    QCOMPARE(result->upgrade.line, 6);
    QCOMPARE(result->upgrade.text, QStringLiteral("CREATE TABLE a (\n  id INT\n);\n"));
    QCOMPARE(result->upgrade.statements, (SqlStatementList{{"CREATE TABLE a (\n  id INT\n)", 7}}));
    QCOMPARE(result->downgrade.statements, (SqlStatementList{{"DROP TABLE a", 11}}));
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
    QCOMPARE(result->upgrade.statements, (SqlStatementList{{QStringLiteral("SELECT 'été'"), 5}}));
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
        statements += result->upgrade.statements.size() + result->downgrade.statements.size();
    }
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(statements, 30000);
    // Well under a second in a release build; the bound leaves room for debug and sanitizer builds.
    QVERIFY2(elapsed < 5000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
}

QTEST_GUILESS_MAIN(TestMigrationScript)
#include "tst_migrationscript.moc"
