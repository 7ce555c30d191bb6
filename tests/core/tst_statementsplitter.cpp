// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/StatementSplitter.h"

#include <QElapsedTimer>
#include <QTest>

using retort::ErrorCode;
using retort::SqlStatement;
using retort::SqlStatementList;
using retort::StatementSplitter;

namespace retort {

// Found by QTest through argument-dependent lookup, so a failing list comparison prints the statement.
char *toString(const SqlStatement &statement)
{
    return qstrdup(QStringLiteral("[line %1] \"%2\"").arg(statement.line).arg(statement.text).toUtf8().constData());
}

} // namespace retort

class TestStatementSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
    void firstLineOffset();
    void errors_data();
    void errors();
    void largeInputIsLinear();
};

void TestStatementSplitter::split_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<SqlStatementList>("expected");

    // Basics
    QTest::newRow("single") << "SELECT 1;" << SqlStatementList{{"SELECT 1", 1}};
    QTest::newRow("no trailing semicolon") << "SELECT 1" << SqlStatementList{{"SELECT 1", 1}};
    QTest::newRow("two lines") << "CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n"
                               << SqlStatementList{{"CREATE TABLE a (id INT)", 1}, {"CREATE TABLE b (id INT)", 2}};
    QTest::newRow("two on one line") << "SELECT 1; SELECT 2" << SqlStatementList{{"SELECT 1", 1}, {"SELECT 2", 1}};
    QTest::newRow("multi-line statement") << "\n  CREATE TABLE a (\n    id INT\n  );  \n"
                                          << SqlStatementList{{"CREATE TABLE a (\n    id INT\n  )", 2}};
    QTest::newRow("empty statements dropped") << ";;\n  ;\nSELECT 1;;" << SqlStatementList{{"SELECT 1", 3}};
    QTest::newRow("empty input") << "" << SqlStatementList{};
    QTest::newRow("whitespace only") << " \n\t\n" << SqlStatementList{};
    QTest::newRow("comments only") << "-- nothing\n/* here; */\n;\n" << SqlStatementList{};
    QTest::newRow("crlf") << "SELECT 1;\r\nSELECT\r\n  2;\r\n"
                          << SqlStatementList{{"SELECT 1", 1}, {"SELECT\r\n  2", 2}};
    QTest::newRow("unicode") << "SELECT 'ü;' AS größe;\nSELECT 2;"
                             << SqlStatementList{{"SELECT 'ü;' AS größe", 1}, {"SELECT 2", 2}};

    // Comments
    QTest::newRow("leading comments dropped") << "-- create a\n/* note;\n   more */\n\nCREATE TABLE a (id INT);"
                                              << SqlStatementList{{"CREATE TABLE a (id INT)", 5}};
    QTest::newRow("inner comments kept") << "SELECT 1, -- one; don't\n  2 /* two; */\nFROM t;"
                                         << SqlStatementList{{"SELECT 1, -- one; don't\n  2 /* two; */\nFROM t", 1}};
    // A renderer appends ';' to each statement, so a statement must never end in a line comment.
    QTest::newRow("comment after last token dropped") << "SELECT 1 -- done\n;\nSELECT 2 -- last\n"
                                                      << SqlStatementList{{"SELECT 1", 1}, {"SELECT 2", 3}};
    QTest::newRow("line comment with quote")
        << "SELECT 1; -- it's; here\nSELECT 2;" << SqlStatementList{{"SELECT 1", 1}, {"SELECT 2", 2}};
    QTest::newRow("nested block comment")
        << "/* outer /* inner; */ still; ' */ SELECT 1;SELECT 2;" << SqlStatementList{{"SELECT 1", 1}, {"SELECT 2", 1}};
    QTest::newRow("block comment lines counted")
        << "/*\n\n*/ SELECT 1;\n/* x */\nSELECT 2;" << SqlStatementList{{"SELECT 1", 3}, {"SELECT 2", 5}};
    QTest::newRow("mysql executable comment") << "/*!40101 SET NAMES utf8 */;\nSELECT 1;"
                                              << SqlStatementList{{"/*!40101 SET NAMES utf8 */", 1}, {"SELECT 1", 2}};
    QTest::newRow("division is not a comment")
        << "SELECT 4/2; SELECT 3-1;" << SqlStatementList{{"SELECT 4/2", 1}, {"SELECT 3-1", 1}};

    // Quotes
    QTest::newRow("semicolon in string") << "INSERT INTO t VALUES ('a;b');SELECT 2;"
                                         << SqlStatementList{{"INSERT INTO t VALUES ('a;b')", 1}, {"SELECT 2", 1}};
    QTest::newRow("doubled quote") << "INSERT INTO t VALUES ('it''s; -- fine');SELECT 2;"
                                   << SqlStatementList{{"INSERT INTO t VALUES ('it''s; -- fine')", 1}, {"SELECT 2", 1}};
    QTest::newRow("empty string") << "SELECT '';SELECT '''';" << SqlStatementList{{"SELECT ''", 1}, {"SELECT ''''", 1}};
    QTest::newRow("backslash in standard string")
        << "SELECT 'C:\\';SELECT 2;" << SqlStatementList{{"SELECT 'C:\\'", 1}, {"SELECT 2", 1}};
    QTest::newRow("postgres escape string") << "SELECT E'it\\'s; ok', e'\\\\';SELECT 2;"
                                            << SqlStatementList{{"SELECT E'it\\'s; ok', e'\\\\'", 1}, {"SELECT 2", 1}};
    QTest::newRow("word ending in e is no escape prefix")
        << "SELECT name'a\\';SELECT 2;" << SqlStatementList{{"SELECT name'a\\'", 1}, {"SELECT 2", 1}};
    QTest::newRow("multi-line string") << "INSERT INTO t VALUES ('a\nb;\nc');\nSELECT 1;"
                                       << SqlStatementList{{"INSERT INTO t VALUES ('a\nb;\nc')", 1}, {"SELECT 1", 4}};
    QTest::newRow("double-quoted identifier")
        << "CREATE TABLE \"a;b\" (\"x\"\"y;\" INT, z TEXT DEFAULT 'q\"');SELECT 1;"
        << SqlStatementList{{"CREATE TABLE \"a;b\" (\"x\"\"y;\" INT, z TEXT DEFAULT 'q\"')", 1}, {"SELECT 1", 1}};
    QTest::newRow("backtick identifier") << "CREATE TABLE `a;b` (`c``;` INT);SELECT 1;"
                                         << SqlStatementList{{"CREATE TABLE `a;b` (`c``;` INT)", 1}, {"SELECT 1", 1}};
    QTest::newRow("comment markers in string")
        << "SELECT '--', '/*';SELECT 2;" << SqlStatementList{{"SELECT '--', '/*'", 1}, {"SELECT 2", 1}};

    // Dollar quotes
    QTest::newRow("dollar quote")
        << "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\nSELECT 1;"
        << SqlStatementList{{"CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql", 1},
                            {"SELECT 1", 6}};
    QTest::newRow("tagged dollar quote") << "DO $body$ BEGIN PERFORM $$;'$$; END $body$;SELECT 1;"
                                         << SqlStatementList{{"DO $body$ BEGIN PERFORM $$;'$$; END $body$", 1},
                                                             {"SELECT 1", 1}};
    QTest::newRow("dollar quote tags differ")
        << "SELECT $a$ $b$; $a$;SELECT 2;" << SqlStatementList{{"SELECT $a$ $b$; $a$", 1}, {"SELECT 2", 1}};
    QTest::newRow("parameter placeholders")
        << "PREPARE p AS SELECT $1, $2 FROM t WHERE a = $10;EXECUTE p(1, 2);"
        << SqlStatementList{{"PREPARE p AS SELECT $1, $2 FROM t WHERE a = $10", 1}, {"EXECUTE p(1, 2)", 1}};
    QTest::newRow("dollar inside identifier")
        << "SELECT a$b$ FROM t;SELECT $x + 1;" << SqlStatementList{{"SELECT a$b$ FROM t", 1}, {"SELECT $x + 1", 1}};

    // Trigger bodies
    QTest::newRow("sqlite trigger")
        << "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n    INSERT INTO log VALUES (1);\n    UPDATE a SET n = n + 1;\n"
           "END;\nSELECT 1;"
        << SqlStatementList{{"CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n    INSERT INTO log VALUES (1);\n"
                             "    UPDATE a SET n = n + 1;\nEND",
                             1},
                            {"SELECT 1", 6}};
    QTest::newRow("trigger with case expression")
        << "CREATE TRIGGER t AFTER UPDATE ON a BEGIN UPDATE a SET s = CASE WHEN new.x > 0 THEN 'p' ELSE 'n' END; "
           "DELETE FROM b; END;SELECT 1;"
        << SqlStatementList{{"CREATE TRIGGER t AFTER UPDATE ON a BEGIN UPDATE a SET s = CASE WHEN new.x > 0 THEN "
                             "'p' ELSE 'n' END; DELETE FROM b; END",
                             1},
                            {"SELECT 1", 1}};
    QTest::newRow("sqlite trigger with when clause")
        << "CREATE TRIGGER t AFTER UPDATE ON a WHEN CASE WHEN new.x THEN 1 ELSE 0 END BEGIN DELETE FROM b; END;"
           "SELECT 1;"
        << SqlStatementList{
               {"CREATE TRIGGER t AFTER UPDATE ON a WHEN CASE WHEN new.x THEN 1 ELSE 0 END BEGIN DELETE FROM b; END",
                1},
               {"SELECT 1", 1}};
    QTest::newRow("temp trigger, lower case")
        << "create temp trigger if not exists t before delete on a begin select raise(abort, 'no'); end;\nselect 1;"
        << SqlStatementList{
               {"create temp trigger if not exists t before delete on a begin select raise(abort, 'no'); end", 1},
               {"select 1", 2}};
    QTest::newRow("temporary trigger") << "CREATE TEMPORARY TRIGGER t BEFORE DELETE ON a BEGIN SELECT 1; END;SELECT 2;"
                                       << SqlStatementList{
                                              {"CREATE TEMPORARY TRIGGER t BEFORE DELETE ON a BEGIN SELECT 1; END", 1},
                                              {"SELECT 2", 1}};
    QTest::newRow("mysql definer trigger with if")
        << "CREATE DEFINER=`root`@`localhost` TRIGGER t BEFORE INSERT ON a FOR EACH ROW\nBEGIN\n  IF NEW.x < 0 THEN\n"
           "    SET NEW.x = 0;\n  END IF;\nEND;\nSELECT 1;"
        << SqlStatementList{{"CREATE DEFINER=`root`@`localhost` TRIGGER t BEFORE INSERT ON a FOR EACH ROW\nBEGIN\n"
                             "  IF NEW.x < 0 THEN\n    SET NEW.x = 0;\n  END IF;\nEND",
                             1},
                            {"SELECT 1", 7}};
    QTest::newRow("mysql definer current_user")
        << "CREATE DEFINER = CURRENT_USER() TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; "
           "SET NEW.y = 2; END;SELECT 1;"
        << SqlStatementList{{"CREATE DEFINER = CURRENT_USER() TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN "
                             "SET NEW.x = 1; SET NEW.y = 2; END",
                             1},
                            {"SELECT 1", 1}};
    QTest::newRow("or replace trigger")
        << "CREATE OR REPLACE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; SET NEW.y = 2; END;"
           "SELECT 1;"
        << SqlStatementList{
               {"CREATE OR REPLACE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; SET NEW.y = 2; END",
                1},
               {"SELECT 1", 1}};
    QTest::newRow("mysql nested blocks and loops")
        << "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW\nBEGIN\n  lbl: BEGIN\n    SET @x = 1;\n  END lbl;\n"
           "  WHILE @x < 3 DO SET @x = @x + 1; END WHILE;\n"
           "  CASE NEW.k WHEN 1 THEN SET NEW.v = 'a'; ELSE SET NEW.v = 'b'; END CASE;\nEND;\nSELECT 1;"
        << SqlStatementList{{"CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW\nBEGIN\n  lbl: BEGIN\n    SET @x = 1;\n"
                             "  END lbl;\n  WHILE @x < 3 DO SET @x = @x + 1; END WHILE;\n"
                             "  CASE NEW.k WHEN 1 THEN SET NEW.v = 'a'; ELSE SET NEW.v = 'b'; END CASE;\nEND",
                             1},
                            {"SELECT 1", 9}};
    QTest::newRow("trigger without body")
        << "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1;\nSELECT 1;"
        << SqlStatementList{{"CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1", 1}, {"SELECT 1", 2}};
    QTest::newRow("postgres trigger")
        << "CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION touch();\nSELECT 1;"
        << SqlStatementList{{"CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION touch()", 1},
                            {"SELECT 1", 2}};
    QTest::newRow("end in quotes and comments of a trigger")
        << "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO log VALUES ('END'); -- END;\n  /* END; */ "
           "SELECT \"end\";\nEND;\nSELECT 1;"
        << SqlStatementList{{"CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO log VALUES ('END'); -- END;\n"
                             "  /* END; */ SELECT \"end\";\nEND",
                             1},
                            {"SELECT 1", 5}};
    QTest::newRow("transaction begin") << "BEGIN;\nCREATE TABLE a (id INT);\nCOMMIT;"
                                       << SqlStatementList{{"BEGIN", 1}, {"CREATE TABLE a (id INT)", 2}, {"COMMIT", 3}};
    QTest::newRow("begin transaction then trigger")
        << "BEGIN TRANSACTION;\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\nEND TRANSACTION;"
        << SqlStatementList{{"BEGIN TRANSACTION", 1},
                            {"CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END", 2},
                            {"END TRANSACTION", 3}};
    QTest::newRow("begin and end as column names")
        << "CREATE TABLE spans (begin INT, \"end\" INT, backend TEXT);\nCREATE TABLE trigger_log (id INT);\nBEGIN;"
        << SqlStatementList{{"CREATE TABLE spans (begin INT, \"end\" INT, backend TEXT)", 1},
                            {"CREATE TABLE trigger_log (id INT)", 2},
                            {"BEGIN", 3}};
    QTest::newRow("leading comment before trigger")
        << "-- audit\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END;"
        << SqlStatementList{{"CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END", 2}};

    // Forced statements
    QTest::newRow("statement-begin/end")
        << "SELECT 1;\n-- migrate:statement-begin\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
           "-- migrate:statement-end\nSELECT 2;"
        << SqlStatementList{
               {"SELECT 1", 1}, {"CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND", 3}, {"SELECT 2", 9}};
    QTest::newRow("statement markers case and whitespace")
        << "  --   MIGRATE:Statement-Begin  \nSELECT 1; SELECT 2;\n\t-- migrate:STATEMENT-END\t\n"
        << SqlStatementList{{"SELECT 1; SELECT 2", 2}};
    QTest::newRow("statement markers without space")
        << "--migrate:statement-begin\nSELECT 1; SELECT 2\n--migrate:statement-end"
        << SqlStatementList{{"SELECT 1; SELECT 2", 2}};
    QTest::newRow("forced block content is not lexed")
        << "-- migrate:statement-begin\nSELECT 'it's; $$ /* ;\n-- migrate:statement-end\nSELECT 2;"
        << SqlStatementList{{"SELECT 'it's; $$ /*", 2}, {"SELECT 2", 4}};
    QTest::newRow("forced block flushes pending statement")
        << "SELECT 1\n-- migrate:statement-begin\nSELECT 2; SELECT 3\n-- migrate:statement-end\n"
        << SqlStatementList{{"SELECT 1", 1}, {"SELECT 2; SELECT 3", 3}};
    QTest::newRow("forced block leading comments dropped")
        << "-- migrate:statement-begin\n-- why\n\n  DO 1; DO 2;\n-- migrate:statement-end"
        << SqlStatementList{{"DO 1; DO 2", 4}};
    QTest::newRow("forced empty block") << "-- migrate:statement-begin\n\n-- migrate:statement-end\nSELECT 1;"
                                        << SqlStatementList{{"SELECT 1", 4}};
    QTest::newRow("two forced blocks")
        << "-- migrate:statement-begin\nA;\n-- migrate:statement-end\n-- migrate:statement-begin\nB;\n"
           "-- migrate:statement-end\n"
        << SqlStatementList{{"A", 2}, {"B", 5}};
    QTest::newRow("marker after code is a comment")
        << "SELECT 1; -- migrate:statement-end\nSELECT 2; -- migrate:statement-begin"
        << SqlStatementList{{"SELECT 1", 1}, {"SELECT 2", 2}};
    QTest::newRow("marker inside block comment is a comment")
        << "/*\n-- migrate:statement-end\n*/\nSELECT 1;" << SqlStatementList{{"SELECT 1", 4}};
}

void TestStatementSplitter::split()
{
    QFETCH(QString, sql);
    QFETCH(SqlStatementList, expected);

    const retort::Result<SqlStatementList> result = StatementSplitter::split(sql);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result.value(), expected);
}

void TestStatementSplitter::firstLineOffset()
{
    const auto result = StatementSplitter::split(QStringLiteral("\n\nSELECT 1;\n/* a\n b */ SELECT\n 2;"), 10,
                                                 QStringLiteral("versions/a.sql"));
    QVERIFY(result.ok());
    QCOMPARE(result.value(), (SqlStatementList{{"SELECT 1", 12}, {"SELECT\n 2", 14}}));
}

void TestStatementSplitter::errors_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<int>("firstLine");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("context");

    const QString file = QStringLiteral("versions/a1_x.sql");
    QTest::newRow("string") << "SELECT 1;\nSELECT 'abc;\nSELECT 2;" << file << 5
                            << "versions/a1_x.sql:6: unterminated string literal"
                            << "versions/a1_x.sql:6";
    QTest::newRow("string without file name")
        << "SELECT 'abc" << QString() << 1 << "line 1: unterminated string literal"
        << "line 1";
    QTest::newRow("escape string ending in backslash quote")
        << "SELECT E'abc\\'" << file << 1 << "versions/a1_x.sql:1: unterminated string literal"
        << "versions/a1_x.sql:1";
    QTest::newRow("quoted identifier") << "\n\nSELECT \"abc" << file << 1
                                       << "versions/a1_x.sql:3: unterminated quoted identifier"
                                       << "versions/a1_x.sql:3";
    QTest::newRow("backtick identifier") << "SELECT `abc;\n"
                                         << QString() << 7 << "line 7: unterminated quoted identifier"
                                         << "line 7";
    QTest::newRow("block comment") << "SELECT 1;\n/* a /* b */\nSELECT 2;" << file << 1
                                   << "versions/a1_x.sql:2: unterminated block comment"
                                   << "versions/a1_x.sql:2";
    QTest::newRow("tagged dollar quote") << "SELECT 1;\nDO $fn$ BEGIN END $$;" << file << 1
                                         << "versions/a1_x.sql:2: unterminated dollar-quoted string $fn$"
                                         << "versions/a1_x.sql:2";
    QTest::newRow("dollar quote") << "SELECT $$abc" << QString() << 1 << "line 1: unterminated dollar-quoted string $$"
                                  << "line 1";
    QTest::newRow("begin without end") << "SELECT 1;\n-- migrate:statement-begin\nSELECT 2;" << file << 1
                                       << "versions/a1_x.sql:2: migrate:statement-begin without migrate:statement-end"
                                       << "versions/a1_x.sql:2";
    QTest::newRow("begin at end of input")
        << "-- migrate:statement-begin" << file << 3
        << "versions/a1_x.sql:3: migrate:statement-begin without migrate:statement-end"
        << "versions/a1_x.sql:3";
    QTest::newRow("begin before begin")
        << "-- migrate:statement-begin\nA;\n-- migrate:statement-begin\nB;\n-- migrate:statement-end" << file << 1
        << "versions/a1_x.sql:1: migrate:statement-begin without migrate:statement-end"
        << "versions/a1_x.sql:1";
    QTest::newRow("end without begin") << "SELECT 1;\n  -- migrate:statement-end\n"
                                       << file << 1
                                       << "versions/a1_x.sql:2: migrate:statement-end without migrate:statement-begin"
                                       << "versions/a1_x.sql:2";
    QTest::newRow("file name with placeholders") << "SELECT 'x"
                                                 << "v/%1%2.sql" << 4 << "v/%1%2.sql:4: unterminated string literal"
                                                 << "v/%1%2.sql:4";
    QTest::newRow("second end") << "-- migrate:statement-begin\nA\n-- migrate:statement-end\n-- migrate:statement-end"
                                << QString() << 1 << "line 4: migrate:statement-end without migrate:statement-begin"
                                << "line 4";
}

void TestStatementSplitter::errors()
{
    QFETCH(QString, sql);
    QFETCH(QString, fileName);
    QFETCH(int, firstLine);
    QFETCH(QString, message);
    QFETCH(QString, context);

    const retort::Result<SqlStatementList> result = StatementSplitter::split(sql, firstLine, fileName);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Parse);
    QCOMPARE(result.error().message, message);
    QCOMPARE(result.error().context, context);
}

// Projects have thousands of files; a quadratic corner would show up as a hang, not a slow test.
void TestStatementSplitter::largeInputIsLinear()
{
    const QString block = QStringLiteral(
        "-- comment; with 'quote\n"
        "INSERT INTO t (a, \"b\", `c`) VALUES ('x;y', $1, E'\\'', $$;$$, $q$ $$ ; $q$); /* c /* n */ ; */\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = CASE WHEN 1 THEN 2 END; SELECT $a; END;\n"
        "-- migrate:statement-begin\nA; B;\n-- migrate:statement-end\n");
    const int repetitions = 20000;
    QString sql;
    sql.reserve(block.size() * repetitions);
    for (int i = 0; i < repetitions; ++i)
        sql += block;

    QElapsedTimer timer;
    timer.start();
    const auto result = StatementSplitter::split(sql);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(result.ok());
    QCOMPARE(result->size(), repetitions * 3);
    QCOMPARE(result->constLast(), (SqlStatement{"A; B", repetitions * 6 - 1}));
    // About 6 MB; a linear scan takes well under a second even in a sanitizer build.
    QVERIFY2(elapsed < 5000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
}

QTEST_GUILESS_MAIN(TestStatementSplitter)
#include "tst_statementsplitter.moc"
