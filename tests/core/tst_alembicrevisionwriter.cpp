// SPDX-License-Identifier: GPL-3.0-or-later
// New Alembic revision files: the project's script.py.mako filled in (or Alembic's default layout),
// file names from file_template, and a result the static reader reads back as written.
#include "core/script/AlembicRevisionWriter.h"
#include "core/script/AlembicScript.h"

#include <QTest>

using namespace retort;

namespace {

// Alembic 1.16's template: typed headers and docstrings in the functions.
const char kTypedTemplate[] = R"("""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
)";

AlembicRevisionWriter::Fields fields(const QStringList &down, const QStringList &labels = {},
                                     const QStringList &dependsOn = {})
{
    return {QStringLiteral("Add invoice notes"),
            QStringLiteral("c0ffee000001"),
            down,
            labels,
            dependsOn,
            QDateTime(QDate(2024, 3, 7), QTime(9, 5, 3, 250))};
}

} // namespace

class TestAlembicRevisionWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsBackAsWritten_data();
    void readsBackAsWritten();
    void defaultLayout();
    void templateOnlyMakoCanFill();
    void fileNames_data();
    void fileNames();
    void pythonRepr_data();
    void pythonRepr();
};

void TestAlembicRevisionWriter::readsBackAsWritten_data()
{
    QTest::addColumn<QString>("mako");
    QTest::addColumn<QStringList>("down");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QStringList>("dependsOn");
    const QString typed = QString::fromUtf8(kTypedTemplate);
    QTest::newRow("default, base") << QString() << QStringList() << QStringList() << QStringList();
    QTest::newRow("default, one parent") << QString() << QStringList{QStringLiteral("ae98aa32e0d2")} << QStringList()
                                         << QStringList();
    QTest::newRow("default, merge with label and dependency")
        << QString() << QStringList{QStringLiteral("a1"), QStringLiteral("b2")}
        << QStringList{QStringLiteral("billing")} << QStringList{QStringLiteral("c3")};
    QTest::newRow("typed template, merge") << typed << QStringList{QStringLiteral("a1"), QStringLiteral("b2")}
                                           << QStringList() << QStringList{QStringLiteral("c3"), QStringLiteral("d4")};
}

void TestAlembicRevisionWriter::readsBackAsWritten()
{
    QFETCH(QString, mako);
    QFETCH(QStringList, down);
    QFETCH(QStringList, labels);
    QFETCH(QStringList, dependsOn);
    const AlembicRevisionWriter::Rendered rendered =
        AlembicRevisionWriter::render(mako, fields(down, labels, dependsOn));
    QCOMPARE(rendered.templateNote, QString());
    const Result<MigrationScript> script = AlembicScriptReader::parse(
        QStringLiteral("/p/versions/c0ffee000001_add_invoice_notes.py"), rendered.text, PythonFiles::none());
    QVERIFY2(script.ok(), qPrintable(script.ok() ? rendered.text : script.error().message + u'\n' + rendered.text));
    QCOMPARE(script.value().revisionId, QStringLiteral("c0ffee000001"));
    QCOMPARE(script.value().downRevisions, down);
    QCOMPARE(script.value().branchLabels, labels);
    QCOMPARE(script.value().dependsOn, dependsOn);
    QCOMPARE(script.value().message, QStringLiteral("Add invoice notes"));
    QCOMPARE(script.value().createDate, QStringLiteral("2024-03-07 09:05:03.250000"));
    QCOMPARE(script.value().plainUpgrade.body, SectionBody::LiteralSql);
    QCOMPARE(script.value().plainDowngrade.body, SectionBody::LiteralSql);
    QVERIFY(script.value().plainUpgrade.text.startsWith(QLatin1String("-- the SQL that upgrades the schema")));
}

void TestAlembicRevisionWriter::defaultLayout()
{
    const QString text =
        AlembicRevisionWriter::render(QString(), fields({QStringLiteral("a1"), QStringLiteral("b2")})).text;
    QVERIFY2(
        text.startsWith(QLatin1String("\"\"\"Add invoice notes\n\nRevision ID: c0ffee000001\nRevises: a1, b2\n"
                                      "Create Date: 2024-03-07 09:05:03.250000\n\n\"\"\"\nfrom alembic import op\n")),
        qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("revision = 'c0ffee000001'\ndown_revision = ('a1', 'b2')\nbranch_labels = "
                                         "None\ndepends_on = None\n")),
             qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("def upgrade() -> None:\n    op.execute(\n        \"\"\"\n")),
             qPrintable(text));
}

void TestAlembicRevisionWriter::templateOnlyMakoCanFill()
{
    const QString mako = QString::fromUtf8(kTypedTemplate) + QStringLiteral("% if x:\n# ${extra}\n% endif\n");
    const AlembicRevisionWriter::Rendered rendered = AlembicRevisionWriter::render(mako, fields({}));
    QCOMPARE(rendered.templateNote, QStringLiteral("script.py.mako was not used: it uses Mako control lines or blocks "
                                                   "('% if x:'); the file follows Alembic's default layout"));
    QVERIFY(rendered.text.contains(QLatin1String("\nrevision = 'c0ffee000001'\n")));
    const AlembicRevisionWriter::Rendered other =
        AlembicRevisionWriter::render(QStringLiteral("revision = ${repr(up_revision)}\n# ${config.x}\n"), fields({}));
    QCOMPARE(other.templateNote, QStringLiteral("script.py.mako was not used: it uses ${config.x}, which only Mako can "
                                                "fill in; the file follows Alembic's default layout"));
}

void TestAlembicRevisionWriter::fileNames_data()
{
    QTest::addColumn<QString>("fileTemplate");
    QTest::addColumn<int>("truncate");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::newRow("default") << "%(rev)s_%(slug)s" << 40 << "Add invoice notes"
                             << "c0ffee000001_add_invoice_notes.py" << QString();
    QTest::newRow("no message: no slug") << "%(rev)s_%(slug)s" << 40 << ""
                                         << "c0ffee000001_.py" << QString();
    QTest::newRow("dated, as Alembic's commented-out line")
        << "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s" << 40 << "Add invoice notes"
        << "2024_03_07_0905-c0ffee000001_add_invoice_notes.py" << QString();
    QTest::newRow("date and slug only (no id)") << "%(year)d%(month).2d%(day).2d_%(slug)s" << 40 << "x y"
                                                << "20240307_x_y.py" << QString();
    QTest::newRow("truncated slug") << "%(rev)s_%(slug)s" << 10 << "add the invoice notes column"
                                    << "c0ffee000001_add_the_.py" << QString();
    QTest::newRow("a literal percent") << "%(rev)s_100%%" << 40 << "x"
                                       << "c0ffee000001_100%.py" << QString();
    QTest::newRow("unknown field") << "%(rev)s_%(branch)s" << 40 << "x" << QString()
                                   << "file_template: unknown field %(branch); Alembic knows rev, slug, epoch, year, "
                                      "month, day, hour, minute and second";
}

void TestAlembicRevisionWriter::fileNames()
{
    QFETCH(QString, fileTemplate);
    QFETCH(int, truncate);
    QFETCH(QString, message);
    QFETCH(QString, name);
    QFETCH(QString, error);
    AlembicRevisionWriter::Fields named = fields({});
    named.message = message;
    const Result<QString> result = AlembicRevisionWriter::fileName(fileTemplate, truncate, named);
    if (error.isEmpty()) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(result.value(), name);
    } else {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().message, error);
    }
}

void TestAlembicRevisionWriter::pythonRepr_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("repr");
    QTest::newRow("plain") << "ae98aa32e0d2"
                           << "'ae98aa32e0d2'";
    QTest::newRow("single quote") << "it's"
                                  << "\"it's\"";
    QTest::newRow("both quotes") << "it's \"x\""
                                 << "'it\\'s \"x\"'";
    QTest::newRow("backslash and newline") << "a\\b\nc"
                                           << "'a\\\\b\\nc'";
}

void TestAlembicRevisionWriter::pythonRepr()
{
    QFETCH(QString, text);
    QFETCH(QString, repr);
    QCOMPARE(AlembicRevisionWriter::pythonRepr(text), repr);
}

QTEST_GUILESS_MAIN(TestAlembicRevisionWriter)
#include "tst_alembicrevisionwriter.moc"
