// SPDX-License-Identifier: GPL-3.0-or-later
// The static reader of Alembic .py revision files: every header form real projects use, what must
// be refused (with the file and line), messages, and what upgrade()/downgrade() are.
#include "core/script/AlembicScript.h"
#include "core/script/MigrationScript.h"
#include "tests/support/TestFiles.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;

Q_DECLARE_METATYPE(retort::SectionBody)

namespace {

const QString kPath = QStringLiteral("/p/alembic/versions/x_test.py");

// The header of Alembic's template around `fields`, with the usual imports and empty bodies.
QString module(const QString &fields, const QString &doc = QStringLiteral("\"\"\"add things\n\nRevision ID: x\n"
                                                                          "Revises: y\nCreate Date: 2024-01-06 "
                                                                          "10:00:00.000000\n\n\"\"\"\n"))
{
    return doc + QStringLiteral("from alembic import op\nimport sqlalchemy as sa\n\n") + fields +
           QStringLiteral("\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n");
}

QString typed(const QString &annotation, const QString &value)
{
    return QStringLiteral("revision: str = 'x'\ndown_revision: %1 = %2\nbranch_labels: %1 = None\n"
                          "depends_on: %1 = None\n")
        .arg(annotation, value);
}

} // namespace

class TestAlembicScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void header_data();
    void header();
    void message_data();
    void message();
    void refused_data();
    void refused();
    void bodies_data();
    void bodies();
    void importedConstants_data();
    void importedConstants();
    void fileChecksumIsTheFileDigest();
    void moduleNames_data();
    void moduleNames();
};

void TestAlembicScript::header_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QStringList>("down");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QStringList>("dependsOn");

    const QStringList none;
    const QStringList y{QStringLiteral("y")};
    QTest::newRow("single quotes") << module(QStringLiteral("revision = 'x'\ndown_revision = 'y'\nbranch_labels = "
                                                            "None\ndepends_on = None"))
                                   << "x" << y << none << none;
    QTest::newRow("double quotes") << module(QStringLiteral("revision = \"x\"\ndown_revision = \"y\"")) << "x" << y
                                   << none << none;
    QTest::newRow("triple quotes") << module(QStringLiteral("revision = '''x'''\ndown_revision = \"\"\"y\"\"\"")) << "x"
                                   << y << none << none;
    QTest::newRow("base") << module(QStringLiteral("revision = 'x'\ndown_revision = None")) << "x" << none << none
                          << none;
    QTest::newRow("empty tuple is a base")
        << module(QStringLiteral("revision = 'x'\ndown_revision = ()")) << "x" << none << none << none;
    QTest::newRow("adjacent strings across lines")
        << module(QStringLiteral("revision = ('normalize_locked'\n            '_text_default')\ndown_revision = 'y'"))
        << "normalize_locked_text_default" << y << none << none;
    QTest::newRow("plus") << module(QStringLiteral("revision = 'ab' + 'cd'\ndown_revision = 'y'")) << "abcd" << y
                          << none << none;
    QTest::newRow("backslash continuation")
        << module(QStringLiteral("revision = \\\n    'x'\ndown_revision = 'y'")) << "x" << y << none << none;
    QTest::newRow("raw and unicode prefixes")
        << module(QStringLiteral("revision = r'x'\ndown_revision = u'y'")) << "x" << y << none << none;
    QTest::newRow("escapes") << module(QStringLiteral("revision = 'a\\x62c'\ndown_revision = \"\\u0079\"")) << "abc"
                             << y << none << none;
    QTest::newRow("f-string without fields")
        << module(QStringLiteral("revision = f'x'\ndown_revision = 'y'")) << "x" << y << none << none;
    QTest::newRow("merge of two (tuple)")
        << module(QStringLiteral("revision = 'x'\ndown_revision = ('a1', 'b2')")) << "x"
        << QStringList{QStringLiteral("a1"), QStringLiteral("b2")} << none << none;
    QTest::newRow("merge of three (list, trailing comma, lines)")
        << module(QStringLiteral("revision = 'x'\ndown_revision = [\n    'a1',  # first\n    'b2',\n    'c3',\n]"))
        << "x" << QStringList{QStringLiteral("a1"), QStringLiteral("b2"), QStringLiteral("c3")} << none << none;
    QTest::newRow("bare tuple") << module(QStringLiteral("revision = 'x'\ndown_revision = 'a1', 'b2'")) << "x"
                                << QStringList{QStringLiteral("a1"), QStringLiteral("b2")} << none << none;
    QTest::newRow("branch label as a string")
        << module(QStringLiteral("revision = 'x'\ndown_revision = None\nbranch_labels = 'expand'")) << "x" << none
        << QStringList{QStringLiteral("expand")} << none;
    QTest::newRow("one-tuple label and depends_on")
        << module(QStringLiteral("revision = 'x'\ndown_revision = 'y'\nbranch_labels = ('contract',)\n"
                                 "depends_on = ('a1', 'b2')"))
        << "x" << y << QStringList{QStringLiteral("contract")}
        << QStringList{QStringLiteral("a1"), QStringLiteral("b2")};
    QTest::newRow("a name assigned earlier")
        << module(QStringLiteral("PARENT = 'y'\nrevision = 'x'\ndown_revision = PARENT")) << "x" << y << none << none;
    QTest::newRow("the last assignment wins")
        << module(QStringLiteral("revision = 'old'\ndown_revision = 'z'\nrevision = 'x'\ndown_revision = 'y'")) << "x"
        << y << none << none;
    QTest::newRow("semicolons") << module(QStringLiteral("revision = 'x'; down_revision = 'y'")) << "x" << y << none
                                << none;
    QTest::newRow("chained assignment") << module(QStringLiteral("revision = rev = 'x'\ndown_revision = 'y'")) << "x"
                                        << y << none << none;
    QTest::newRow("plus-equals on a tuple")
        << module(QStringLiteral("revision = 'x'\ndown_revision = ('a1',)\ndown_revision += ('b2',)")) << "x"
        << QStringList{QStringLiteral("a1"), QStringLiteral("b2")} << none << none;
    QTest::newRow("comments and strings that look like assignments")
        << module(QStringLiteral("# revision = 'no'\nNOTE = \"revision = 'no' # not a comment\"\nrevision = 'x'  # "
                                 "yes\ndown_revision = 'y'"))
        << "x" << y << none << none;
    QTest::newRow("assignments inside functions and classes are not the module's")
        << module(QStringLiteral("revision = 'x'\ndown_revision = 'y'\n\ndef helper():\n    revision = 'no'\n\n"
                                 "class Thing:\n    down_revision = 'no'\n"))
        << "x" << y << none << none;
    QTest::newRow("an if block that sets something else")
        << module(QStringLiteral("revision = 'x'\ndown_revision = 'y'\nif TYPE_CHECKING:\n    from x import y\n"))
        << "x" << y << none << none;
    QTest::newRow("legacy id-only file name")
        << QStringLiteral("down_revision = None\n\ndef upgrade():\n    pass\n") << "ab12" << none << none << none;
    QTest::newRow("CRLF and a byte order mark")
        << QString(QChar(0xFEFF)) + module(QStringLiteral("revision = 'x'\ndown_revision = (\n 'y',\n)"))
                                        .replace(u'\n', QStringLiteral("\r\n"))
        << "x" << y << none << none;

    // The nine annotation spellings real projects use.
    const QStringList annotations{QStringLiteral("Union[str, None]"),
                                  QStringLiteral("Union[str, Sequence[str], None]"),
                                  QStringLiteral("str | None"),
                                  QStringLiteral("str | Sequence[str] | None"),
                                  QStringLiteral("tuple[str] | None"),
                                  QStringLiteral("str | tuple[str, ...] | None"),
                                  QStringLiteral("Union[str, sa.Sequence[str], None]"),
                                  QStringLiteral("Optional[str]"),
                                  QStringLiteral("str")};
    for (const QString &annotation : annotations) {
        QTest::addRow("annotated %s", qPrintable(annotation))
            << module(typed(annotation, QStringLiteral("'y'"))) << "x" << y << none << none;
    }
}

void TestAlembicScript::header()
{
    QFETCH(QString, text);
    QFETCH(QString, revision);
    QFETCH(QStringList, down);
    QFETCH(QStringList, labels);
    QFETCH(QStringList, dependsOn);
    const QString path = QTest::currentDataTag() == QLatin1String("legacy id-only file name")
                             ? QStringLiteral("/p/alembic/versions/ab12.py")
                             : kPath;
    const Result<MigrationScript> script = AlembicScriptReader::parse(path, text, PythonFiles::none());
    QVERIFY2(script.ok(), qPrintable(script.ok() ? QString() : script.error().message));
    QCOMPARE(script.value().format, ScriptFormat::AlembicPython);
    QCOMPARE(script.value().revisionId, revision);
    QCOMPARE(script.value().downRevisions, down);
    QCOMPARE(script.value().branchLabels, labels);
    QCOMPARE(script.value().dependsOn, dependsOn);
}

void TestAlembicScript::message_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("docText");
    QTest::addColumn<QString>("createDate");

    const QString fields = QStringLiteral("revision = 'x'\ndown_revision = None\n");
    QTest::newRow("template") << module(fields) << "add things"
                              << "add things\n\nRevision ID: x\nRevises: y\nCreate Date: 2024-01-06 10:00:00.000000"
                              << "2024-01-06 10:00:00.000000";
    QTest::newRow("a first paragraph over several lines")
        << module(fields, QStringLiteral("\"\"\"Add the orders table\nand its index\n\nRevision ID: x\n\"\"\"\n"))
        << "Add the orders table\nand its index"
        << "Add the orders table\nand its index\n\nRevision ID: x" << QString();
    QTest::newRow("single-quoted docstring") << module(fields, QStringLiteral("'one line'\n")) << "one line"
                                             << "one line" << QString();
    QTest::newRow("comments before the docstring")
        << module(fields, QStringLiteral("# -*- coding: utf-8 -*-\n# Copyright\n\"\"\"after comments\"\"\"\n"))
        << "after comments"
        << "after comments" << QString();
    QTest::newRow("a string after the imports is no docstring")
        << QStringLiteral("from alembic import op\n\"\"\"late description\n\nCreate Date: 2024\n\"\"\"\n") + fields +
               QStringLiteral("def upgrade():\n    pass\n")
        << QString() << QString() << QString();
    QTest::newRow("escapes in the docstring")
        << module(fields, QStringLiteral("\"tab\\there \\\"quoted\\\" back\\\\slash \\x41 it\\'s\"\n"))
        << "tab\there \"quoted\" back\\slash A it's"
        << "tab\there \"quoted\" back\\slash A it's" << QString();
    QTest::newRow("no string at all") << module(fields, QString()) << QString() << QString() << QString();
    QTest::newRow("a parenthesized docstring")
        << module(fields, QStringLiteral("(\"\"\"paren doc\"\"\")\n")) << "paren doc"
        << "paren doc" << QString();
    QTest::newRow("__doc__ reassigned") << module(fields + QStringLiteral("__doc__ = 'new doc'\n")) << "new doc"
                                        << "new doc" << QString();
    QTest::newRow("a bytes literal is no docstring")
        << module(fields, QStringLiteral("b'bytes'\n")) << QString() << QString() << QString();
    QTest::newRow("Revises: disagreeing with down_revision is only text")
        << module(fields, QStringLiteral("\"\"\"rebased\n\nRevision ID: x\nRevises: old\n\"\"\"\n")) << "rebased"
        << "rebased\n\nRevision ID: x\nRevises: old" << QString();
}

void TestAlembicScript::message()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(QString, docText);
    QFETCH(QString, createDate);
    const Result<MigrationScript> script = AlembicScriptReader::parse(kPath, text, PythonFiles::none());
    QVERIFY2(script.ok(), qPrintable(script.ok() ? QString() : script.error().message));
    QCOMPARE(script.value().message, message);
    QCOMPARE(script.value().docText, docText);
    QCOMPARE(script.value().createDate, createDate);
    QCOMPARE(script.value().downRevisions, QStringList());
}

void TestAlembicScript::refused_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");

    // module() puts the fields from line 11 on.
    QTest::newRow("computed by a call")
        << module(QStringLiteral("revision = 'x'\ndown_revision = compute_parent()")) << 12
        << "cannot read down_revision without running Python: it calls compute_parent() when the module runs";
    QTest::newRow("set in a try block (the real project's depends_on)")
        << module(QStringLiteral("revision = 'x'\ndown_revision = None\ntry:\n    import plugin\n    depends_on = "
                                 "plugin.REVISION\nexcept ImportError:\n    depends_on = None"))
        << 15
        << "cannot read depends_on without running Python: it is set inside the 'try' block that starts at line "
           "13, so only running the module tells its value";
    QTest::newRow("set on the if line itself")
        << module(QStringLiteral("revision = 'x'\nif FLAG: down_revision = 'a'\nelse: down_revision = 'b'")) << 12
        << "cannot read down_revision without running Python: it is set inside the 'if' block that starts at line "
           "12, so only running the module tells its value";
    QTest::newRow("f-string with a field")
        << module(QStringLiteral("revision = f'{PREFIX}1'\ndown_revision = None")) << 11
        << "cannot read revision without running Python: an f-string, whose value "
           "is computed when the module runs";
    QTest::newRow("imported from an installed package")
        << module(QStringLiteral("from myapp.settings import PARENT\nrevision = 'x'\ndown_revision = PARENT")) << 11
        << "cannot read down_revision without running Python: it comes from module 'myapp.settings', which is not a "
           "file under the project (Retort reads the project's files; it does not import installed packages)";
    QTest::newRow("a name never assigned") << module(QStringLiteral("revision = 'x'\ndown_revision = PARENT")) << 12
                                           << "cannot read down_revision without running Python: 'PARENT' is not "
                                              "assigned at the top level of x_test.py";
    QTest::newRow("a subscript") << module(QStringLiteral("revision = 'x'\ndown_revision = PARENTS[0]")) << 12
                                 << "cannot read down_revision without running Python: 'PARENTS' is not assigned at "
                                    "the top level of x_test.py";
    QTest::newRow("a conditional expression")
        << module(QStringLiteral("revision = 'x'\ndown_revision = 'a' if X else 'b'")) << 12
        << "cannot read down_revision without running Python: its value is computed when the module runs ('if' at "
           "line 12)";
    QTest::newRow("bytes") << module(QStringLiteral("revision = b'x'\ndown_revision = None")) << 11
                           << "cannot read revision without running Python: a bytes literal, not a string";
    QTest::newRow("a number in a merge") << module(QStringLiteral("revision = 'x'\ndown_revision = ('a', 3)")) << 12
                                         << "cannot read down_revision without running Python: its value is computed "
                                            "when the module runs ('3' at line 12)";
    QTest::newRow("walrus at the top level")
        << module(QStringLiteral("revision = 'x'\ndown_revision = 'a'\nprint(down_revision := 'b')")) << 13
        << "cannot read down_revision without running Python: it is assigned by ':=' inside an expression at line 13";
    QTest::newRow("a function declares it global")
        << module(QStringLiteral("revision = 'x'\ndown_revision = 'a'\n\ndef rebase():\n    global down_revision\n"
                                 "    down_revision = 'b'\n\nrebase()"))
        << 15
        << "cannot read down_revision without running Python: a function declares it global at line 15, so calling "
           "it changes its value";
    QTest::newRow("globals() at the top level")
        << module(QStringLiteral("revision = 'x'\ndown_revision = 'a'\nglobals()['down_revision'] = 'b'")) << 13
        << "cannot read revision without running Python: the module sets names at run time (line 13), so only "
           "running it tells the value of 'revision'";
    QTest::newRow("an annotated assignment inside a block")
        << module(QStringLiteral("revision = 'x'\ndown_revision = None\nif True:\n    revision: str = 'y'")) << 14
        << "cannot read revision without running Python: it is set inside the 'if' block that starts at line 13, so "
           "only running the module tells its value";
    QTest::newRow("a match capture")
        << module(QStringLiteral("revision = 'x'\ndown_revision = None\nmatch 'y':\n    case revision:\n"
                                 "        pass"))
        << 14
        << "cannot read revision without running Python: it is set inside the 'match' block that starts at line 13, "
           "so only running the module tells its value";
    QTest::newRow("a continuation-only line stays in its block")
        << module(QStringLiteral("revision = 'x'\ndown_revision = None\nif False:\n    pass\n    \\\n"
                                 "revision = 'y'"))
        << 16
        << "cannot read revision without running Python: it is set inside the 'if' block that starts at line 13, so "
           "only running the module tells its value";
    QTest::newRow("a star import") << module(QStringLiteral("revision = 'x'\ndown_revision = None\nfrom c import *"))
                                   << 13
                                   << "cannot read revision without running Python: the module sets names at run time "
                                      "(line 13), so only running it tells the value of 'revision'";
    QTest::newRow("a module __getattr__")
        << module(QStringLiteral("revision = 'x'\ndown_revision = None\ndef __getattr__(name):\n    return ('y',)"))
        << 13
        << "cannot read revision without running Python: the module sets names at run time (line 13), so only "
           "running it tells the value of 'revision'";
    QTest::newRow("exec through a module") << module(QStringLiteral("revision = 'x'\ndown_revision = None\n"
                                                                    "builtins.exec(\"revision = 'y'\")"))
                                           << 13
                                           << "cannot read revision without running Python: the module sets names at "
                                              "run time (line 13), so only running it tells the value of 'revision'";
    QTest::newRow("deep nesting") << module(QStringLiteral("revision = 'x'\ndown_revision = ") + QString(300, u'(') +
                                            QStringLiteral("None") + QString(300, u')'))
                                  << 12 << "Python syntax error: too many nested parentheses";
    QTest::newRow("another source encoding")
        << QStringLiteral("# -*- coding: latin-1 -*-\nrevision = 'x'\ndown_revision = None\n") << 1
        << "the file declares the source encoding latin-1; Retort reads revision files as UTF-8, so it cannot tell "
           "what Python reads";
    QTest::newRow("a list changed in place")
        << module(QStringLiteral("revision = 'x'\ndown_revision = ['a']\ndown_revision.append('b')")) << 13
        << "cannot read down_revision without running Python: the statement at line 13 may change it";
    QTest::newRow("a subscript assignment")
        << module(QStringLiteral("revision = 'x'\ndown_revision = ['a']\ndown_revision[0] = 'b'")) << 13
        << "cannot read down_revision without running Python: it is unpacked from an expression at line 13";
    QTest::newRow("a name Python normalizes") << module(QStringLiteral("revision = 'x'\ndown_revision = None\n"
                                                                       "\uFF52evision = 'y'"))
                                              << 13
                                              << "Python syntax error: the name '\uFF52evision' is 'revision' to "
                                                 "Python (NFKC)";
    QTest::newRow("no down_revision") << module(QStringLiteral("revision = 'x'")) << 0
                                      << "module has no down_revision (Alembic fails with AttributeError: module has "
                                         "no attribute 'down_revision')";
    QTest::newRow("no revision and a non-id file name")
        << module(QStringLiteral("down_revision = None")) << 0
        << "Could not determine revision id from filename x_test.py. Be sure the 'revision' variable is declared "
           "inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation).";
    QTest::newRow("illegal character") << module(QStringLiteral("revision = 'a-b'\ndown_revision = None")) << 11
                                       << "Character(s) '-' not allowed in revision identifier 'a-b'";
    QTest::newRow("unterminated string") << module(QStringLiteral("revision = 'x\ndown_revision = None")) << 11
                                         << "Python syntax error: unterminated string";
    QTest::newRow("unclosed bracket") << module(QStringLiteral("revision = 'x'\ndown_revision = ('a',\n")) << 12
                                      << "Python syntax error: '(' was never closed";
}

void TestAlembicScript::refused()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, message);
    const Result<MigrationScript> script = AlembicScriptReader::parse(kPath, text, PythonFiles::none());
    QVERIFY(!script.ok());
    QCOMPARE(script.error().code, ErrorCode::Parse);
    QCOMPARE(script.error().location.file, kPath);
    QCOMPARE(script.error().location.line, line);
    const QString where = line > 0 ? kPath + u':' + QString::number(line) : kPath;
    QCOMPARE(script.error().message, where + QStringLiteral(": ") + message);
}

void TestAlembicScript::bodies_data()
{
    QTest::addColumn<QString>("functions");
    QTest::addColumn<SectionBody>("upgrade");
    QTest::addColumn<SectionBody>("downgrade");
    QTest::addColumn<QString>("upgradeText");
    QTest::addColumn<QStringList>("statements");

    QTest::newRow("pass") << "def upgrade() -> None:\n    pass\n\ndef downgrade() -> None:\n    pass\n"
                          << SectionBody::Empty << SectionBody::Empty << "" << QStringList();
    QTest::newRow("docstring, ellipsis and comments")
        << "def upgrade():\n    \"\"\"Nothing.\"\"\"\n    # ### end Alembic commands ###\n    ...\n\n"
           "def downgrade(): pass\n"
        << SectionBody::Empty << SectionBody::Empty << "" << QStringList();
    QTest::newRow("literal op.execute")
        << "def upgrade():\n    op.execute(\"CREATE TABLE t (id INT)\")\n    op.execute(\n        \"CREATE INDEX i \"\n"
           "        \"ON t (id);\"\n    )\n\ndef downgrade():\n    op.execute('DROP TABLE t')\n"
        << SectionBody::LiteralSql << SectionBody::LiteralSql << "CREATE TABLE t (id INT);\nCREATE INDEX i ON t (id);"
        << QStringList{QStringLiteral("CREATE TABLE t (id INT)"), QStringLiteral("CREATE INDEX i ON t (id)")};
    QTest::newRow("setattr inside a body does not touch the header")
        << "def upgrade():\n    setattr(thing, 'x', 1)\n"
        << SectionBody::Python << SectionBody::Missing << "def upgrade():\n    setattr(thing, 'x', 1)" << QStringList();
    QTest::newRow("op calls") << "def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer()))\n\n"
                                 "def downgrade():\n    op.drop_table('t')\n"
                              << SectionBody::Python << SectionBody::Python
                              << "def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer()))"
                              << QStringList();
    QTest::newRow("execute of a computed string")
        << "def upgrade():\n    op.execute(SQL % name)\n"
        << SectionBody::Python << SectionBody::Missing << "def upgrade():\n    op.execute(SQL % name)" << QStringList();
    QTest::newRow("a loop around literal SQL")
        << "def upgrade():\n    for t in TABLES:\n        op.execute('SELECT 1')\n"
        << SectionBody::Python << SectionBody::Missing
        << "def upgrade():\n    for t in TABLES:\n        op.execute('SELECT 1')" << QStringList();
    QTest::newRow("no downgrade") << "def upgrade():\n    pass\n"
                                  << SectionBody::Empty << SectionBody::Missing << "" << QStringList();
    QTest::newRow("the last definition wins") << "def upgrade():\n    op.drop_table('t')\n\ndef upgrade():\n    pass\n"
                                              << SectionBody::Empty << SectionBody::Missing << "" << QStringList();
    QTest::newRow("a nested function named upgrade is not the module's")
        << "def helper():\n    def upgrade():\n        pass\n"
        << SectionBody::Missing << SectionBody::Missing << "" << QStringList();
}

void TestAlembicScript::bodies()
{
    QFETCH(QString, functions);
    QFETCH(SectionBody, upgrade);
    QFETCH(SectionBody, downgrade);
    QFETCH(QString, upgradeText);
    QFETCH(QStringList, statements);
    const QString text =
        QStringLiteral("\"\"\"m\"\"\"\nfrom alembic import op\nrevision = 'x'\ndown_revision = None\n\n") + functions;
    const Result<MigrationScript> script = AlembicScriptReader::parse(kPath, text, PythonFiles::none());
    QVERIFY2(script.ok(), qPrintable(script.ok() ? QString() : script.error().message));
    QCOMPARE(script.value().plainUpgrade.body, upgrade);
    QCOMPARE(script.value().plainDowngrade.body, downgrade);
    if (upgrade != SectionBody::Empty)
        QCOMPARE(script.value().plainUpgrade.text, upgradeText);
    QStringList found;
    for (const SqlStatement &statement : script.value().plainUpgrade.statements)
        found << statement.text;
    QCOMPARE(found, statements);
    if (upgrade != SectionBody::Missing)
        QVERIFY(script.value().plainUpgrade.line > 5);
}

void TestAlembicScript::importedConstants_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("line"); // of the refusal: where the value is read, or the import that cannot be followed

    QTest::newRow("module attribute (neutron's form)")
        << "from myproj.db.migration import cli\nbranch_labels = (cli.EXPAND_BRANCH,)"
        << "expand" << QString() << 0;
    QTest::newRow("imported name") << "from myproj.db.migration.cli import CONTRACT_BRANCH as LABEL\n"
                                      "branch_labels = LABEL"
                                   << "contract" << QString() << 0;
    QTest::newRow("import of a dotted module")
        << "import myproj.db.migration.cli\nbranch_labels = myproj.db.migration.cli.EXPAND_BRANCH"
        << "expand" << QString() << 0;
    QTest::newRow("relative import") << "from .. import labels\nbranch_labels = labels.OWN"
                                     << "own" << QString() << 0;
    QTest::newRow("a constant re-exported through a package")
        << "from myproj.db import migration\nbranch_labels = migration.REEXPORTED"
        << "expand" << QString() << 0;
    QTest::newRow("a computed constant in the other module")
        << "from myproj.db.migration import cli\nbranch_labels = cli.COMPUTED" << QString()
        << "cannot read branch_labels without running Python: %1/myproj/db/migration/cli.py:4: it calls "
           "make_label() when the module runs"
        << 4;
    QTest::newRow("a module outside the project root")
        << "from outside import LABEL\nbranch_labels = LABEL" << QString()
        << "cannot read branch_labels without running Python: it comes from module 'outside', which is not a file "
           "under the project (Retort reads the project's files; it does not import installed packages)"
        << 3;
}

void TestAlembicScript::importedConstants()
{
    QFETCH(QString, header);
    QFETCH(QString, label);
    QFETCH(QString, error);
    QFETCH(int, line);
    QTemporaryDir dir;
    const QString root = dir.path() + QStringLiteral("/repo");
    using testing::writeFile;
    // outside.py sits above the project root (the folder with pyproject.toml): never read.
    QVERIFY(writeFile(dir.path() + QStringLiteral("/outside.py"), "LABEL = 'no'\n"));
    QVERIFY(writeFile(root + QStringLiteral("/pyproject.toml"), "[project]\nname = 'myproj'\n"));
    QVERIFY(writeFile(root + QStringLiteral("/myproj/__init__.py"), ""));
    QVERIFY(writeFile(root + QStringLiteral("/myproj/db/__init__.py"), ""));
    QVERIFY(writeFile(root + QStringLiteral("/myproj/db/migration/__init__.py"),
                      "from myproj.db.migration.cli import EXPAND_BRANCH as REEXPORTED\n"));
    QVERIFY(writeFile(root + QStringLiteral("/myproj/db/migration/cli.py"),
                      "\"\"\"CLI.\"\"\"\nEXPAND_BRANCH = 'expand'\nCONTRACT_BRANCH = \"contract\"\nCOMPUTED = "
                      "make_label()\n"));
    QVERIFY(writeFile(root + QStringLiteral("/myproj/db/migration/alembic/labels.py"), "OWN = 'own'\n"));
    const QString path = root + QStringLiteral("/myproj/db/migration/alembic/versions/x_test.py");
    const QString text = QStringLiteral("revision = 'x'\ndown_revision = None\n") + header + u'\n';
    const Result<MigrationScript> script = AlembicScriptReader::parse(path, text);
    if (error.isEmpty()) {
        QVERIFY2(script.ok(), qPrintable(script.ok() ? QString() : script.error().message));
        QCOMPARE(script.value().branchLabels, QStringList{label});
        QVERIFY(!script.value().headerSources.isEmpty()); // such a file is never cached
    } else {
        QVERIFY(!script.ok());
        QCOMPARE(script.error().location.line, line);
        QCOMPARE(script.error().message,
                 QStringLiteral("%1:%2: ").arg(path).arg(line) + (error.contains(u'%') ? error.arg(root) : error));
    }
}

void TestAlembicScript::fileChecksumIsTheFileDigest()
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/versions/ab12_x.py");
    const QByteArray bytes = "revision = 'ab12'\ndown_revision = None\n\ndef upgrade():\n    pass\n";
    QVERIFY(testing::writeFile(path, bytes));
    const Result<MigrationScript> script = MigrationScriptParser::parseFile(path);
    QVERIFY2(script.ok(), qPrintable(script.ok() ? QString() : script.error().message));
    const QString sha = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QCOMPARE(script.value().fileDigest, sha);
    QCOMPARE(script.value().plainUpgrade.checksum, sha);
    QCOMPARE(script.value().plainDowngrade.checksum, sha);
    QVERIFY(script.value().headerSources.isEmpty());
}

void TestAlembicScript::moduleNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("revision");
    QTest::newRow("revision") << "ae98aa32e0d2_baseline.py" << true;
    QTest::newRow("date slug") << "2024_01_05_1000_baseline.py" << true;
    QTest::newRow("emacs lock") << ".#ae98_baseline.py" << false;
    QTest::newRow("package") << "__init__.py" << false;
    QTest::newRow("compiled") << "ae98_baseline.pyc" << false;
    QTest::newRow("upper-case suffix") << "ae98_baseline.PY" << false;
}

void TestAlembicScript::moduleNames()
{
    QFETCH(QString, name);
    QFETCH(bool, revision);
    QCOMPARE(AlembicScriptReader::isRevisionModuleName(name), revision);
}

QTEST_GUILESS_MAIN(TestAlembicScript)
#include "tst_alembicscript.moc"
