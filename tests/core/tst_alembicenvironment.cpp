// SPDX-License-Identifier: GPL-3.0-or-later
// The version table an Alembic project's env.py names: read without running it, taken over when
// retort.ini says nothing, refused when retort.ini names another table (two tables, two histories).
#include "core/script/AlembicEnvironment.h"
#include "core/script/ProjectConfig.h"
#include "tests/support/TestFiles.h"

#include <QTemporaryDir>
#include <QTest>

using namespace retort;

class TestAlembicEnvironment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void project_data();
    void project();
};

void TestAlembicEnvironment::parse_data()
{
    QTest::addColumn<QString>("envPy");
    QTest::addColumn<int>("tableLine"); // 0: not named
    QTest::addColumn<QString>("table"); // "?": an expression
    QTest::addColumn<int>("schemaLine");
    QTest::addColumn<QString>("schema");

    QTest::newRow("none") << "context.configure(connection=connection, target_metadata=target_metadata)\n"
                          << 0 << QString() << 0 << QString();
    QTest::newRow("literal table and schema")
        << "def run():\n    context.configure(\n        connection=connection,\n        version_table='app_version',\n"
           "        version_table_schema=\"ops\",\n    )\n"
        << 4 << "app_version" << 5 << "ops";
    QTest::newRow("schema None") << "context.configure(version_table_schema=None, version_table='v')\n"
                                 << 1 << "v" << 1 << "";
    QTest::newRow("an expression") << "context.configure(version_table=settings.VERSION_TABLE)\n"
                                   << 1 << "?" << 0 << QString();
    QTest::newRow("a call in the argument") << "context.configure(version_table=name('x'), target_metadata=m)\n"
                                            << 1 << "?" << 0 << QString();
    QTest::newRow("a comparison is not an argument") << "if version_table == 'x':\n    pass\n"
                                                     << 0 << QString() << 0 << QString();
}

void TestAlembicEnvironment::parse()
{
    QFETCH(QString, envPy);
    QFETCH(int, tableLine);
    QFETCH(QString, table);
    QFETCH(int, schemaLine);
    QFETCH(QString, schema);
    const AlembicEnvironment environment = AlembicEnvironment::parse(envPy);
    QCOMPARE(environment.versionTable.has_value(), tableLine > 0);
    if (tableLine > 0) {
        QCOMPARE(environment.versionTable->line, tableLine);
        QCOMPARE(environment.versionTable->literal.value_or(QStringLiteral("?")), table);
    }
    QCOMPARE(environment.versionTableSchema.has_value(), schemaLine > 0);
    if (schemaLine > 0)
        QCOMPARE(environment.versionTableSchema->literal.value_or(QStringLiteral("?")), schema);
}

void TestAlembicEnvironment::project_data()
{
    QTest::addColumn<QString>("retortIni"); // empty: the alembic.ini alone
    QTest::addColumn<QString>("envPy");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("message"); // the warning, or the error when table is empty

    const QString configure = QStringLiteral("context.configure(connection=c, version_table='app_version')\n");
    QTest::newRow("alembic.ini alone: taken over")
        << QString() << configure << "app_version"
        << "migrations/env.py:1: env.py names the version_table 'app_version', so Retort reads and writes it too "
           "(mirror it with version_table = app_version in retort.ini to say so)";
    QTest::newRow("retort.ini silent: taken over")
        << "[retort]\nalembic_ini = alembic.ini\n"
        << configure << "app_version"
        << "migrations/env.py:1: env.py names the version_table 'app_version', so Retort reads and writes it too "
           "(mirror it with version_table = app_version in retort.ini to say so)";
    QTest::newRow("retort.ini mirrors it") << "[retort]\nalembic_ini = alembic.ini\nversion_table = app_version\n"
                                           << configure << "app_version" << QString();
    QTest::newRow("retort.ini names another table")
        << "[retort]\nalembic_ini = alembic.ini\nversion_table = alembic_version\n"
        << configure << QString()
        << "retort.ini:3: version_table = alembic_version, but migrations/env.py:1 passes "
           "version_table='app_version' to Alembic; make them the same table";
    QTest::newRow("an expression: a warning")
        << QString() << "context.configure(version_table=settings.TABLE)\n"
        << "alembic_version"
        << "migrations/env.py:1: version_table is set from an expression Retort cannot read without running env.py; "
           "Retort uses 'alembic_version': set version_table in retort.ini if Alembic's differs";
    QTest::newRow("the default named: nothing to say")
        << QString() << "context.configure(version_table='alembic_version')\n"
        << "alembic_version" << QString();
}

void TestAlembicEnvironment::project()
{
    QFETCH(QString, retortIni);
    QFETCH(QString, envPy);
    QFETCH(QString, table);
    QFETCH(QString, message);
    QTemporaryDir dir;
    using testing::writeFile;
    QVERIFY(
        writeFile(dir.filePath(QStringLiteral("alembic.ini")), "[alembic]\nscript_location = %(here)s/migrations\n"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("migrations/env.py")), envPy));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("migrations/versions"))));
    if (!retortIni.isEmpty())
        QVERIFY(writeFile(dir.filePath(QStringLiteral("retort.ini")), retortIni));
    const QString ini =
        dir.filePath(retortIni.isEmpty() ? QStringLiteral("alembic.ini") : QStringLiteral("retort.ini"));
    const Result<ProjectConfig> config = ProjectConfig::load(ini, QProcessEnvironment());
    const QString prefix = dir.path() + u'/';
    if (table.isEmpty()) {
        QVERIFY(!config.ok());
        QCOMPARE(QString(config.error().message).replace(prefix, QString()), message);
        return;
    }
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config.value().versionTable(), table);
    QStringList warnings = toStrings(config.value().warnings());
    warnings.replaceInStrings(prefix, QString());
    QCOMPARE(warnings, message.isEmpty() ? QStringList() : QStringList{message});
}

QTEST_GUILESS_MAIN(TestAlembicEnvironment)
#include "tst_alembicenvironment.moc"
