// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/TestFiles.h"
#include "core/script/ScriptDirectory.h"

#include "core/script/ProjectConfig.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace retort;
using namespace retort::testing;

namespace {

// A valid migration file; `extraHeader` holds whole "-- Key: value\n" lines.
QString scriptText(const QString &id, const QString &revises = QString(), const QString &extraHeader = QString())
{
    return QStringLiteral("-- revision %1\n"
                          "--\n"
                          "-- Revision ID: %1\n"
                          "-- Revises: %2\n"
                          "%3"
                          "\n"
                          "-- migrate:upgrade\n"
                          "CREATE TABLE t_%1 (id INTEGER);\n"
                          "\n"
                          "-- migrate:downgrade\n"
                          "DROP TABLE t_%1;\n")
        .arg(id, revises, extraHeader);
}

QStringList filesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files, QDir::Name);
}

QStringList idsOf(const RevisionMap &map, const QVector<int> &indexes)
{
    return map.ids(indexes);
}

const QDateTime kCreateDate(QDate(2025, 10, 16), QTime(9, 12, 44, 123));

} // namespace

#define LOAD_OK(directory, locations)                                                                                  \
    const Result<ScriptDirectory> directory##Result = ScriptDirectory::load(locations);                                \
    QVERIFY2(directory##Result.ok(),                                                                                   \
             qPrintable(directory##Result.ok() ? QString() : directory##Result.error().message));                      \
    const ScriptDirectory &directory = directory##Result.value()

#define CREATE_OK(path, directory, request)                                                                            \
    const Result<QString> path##Result = (directory).createRevision(request);                                          \
    QVERIFY2(path##Result.ok(), qPrintable(path##Result.ok() ? QString() : path##Result.error().message));             \
    const QString path = path##Result.value()

class TestScriptDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // loading
    void loadOrder();
    void loadIgnoresOtherFiles();
    void loadEmptyFolder();
    void loadFromProjectConfig();
    void warningsPassThrough();
    void loadErrors_data();
    void loadErrors();
    void missingVersionsFolder();
    void missingSecondVersionsFolder();
    void loadLeavingOut_data();
    void loadLeavingOut();
    void loadLeavingOutWholeProject();

    // createRevision
    void createRevisionText();
    void createRevisionRoundTrip();
    void createRevisionGeneratedId();
    void createRevisionWithoutMessage();
    void createFirstBase();
    void createRevisionHeads_data();
    void createRevisionHeads();
    void createRevisionHeadErrors_data();
    void createRevisionHeadErrors();
    void ambiguousPrefix();
    void createRevisionDependsOn();
    void createRevisionDependsOnErrors_data();
    void createRevisionDependsOnErrors();
    void branchLabelClashWritesNothing_data();
    void branchLabelClashWritesNothing();
    void revisionIdErrors_data();
    void revisionIdErrors();
    void versionPathWithTwoFolders();
    void versionPathWithOneFolder();

    // helpers
    void slugFor_data();
    void slugFor();
    void generateRevisionId();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    QString versions() const { return path(QStringLiteral("versions")); }
    bool write(const QString &relative, const QString &text) const { return writeFile(path(relative), text); }
    // Two heads: bbbb0002 and the labelled cccc0003 both revise aaaa0001; dddd0004 is another base.
    void writeBranchedProject() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestScriptDirectory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("versions")));
}

void TestScriptDirectory::cleanup()
{
    m_dir.reset();
}

void TestScriptDirectory::writeBranchedProject() const
{
    write(QStringLiteral("versions/aaaa0001_base.sql"), scriptText(QStringLiteral("aaaa0001")));
    write(QStringLiteral("versions/bbbb0002_main.sql"),
          scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001")));
    write(QStringLiteral("versions/cccc0003_feature.sql"),
          scriptText(QStringLiteral("cccc0003"), QStringLiteral("aaaa0001"),
                     QStringLiteral("-- Branch Labels: feature\n")));
}

// ---------------------------------------------------------------------------
// loading

void TestScriptDirectory::loadOrder()
{
    // Folder by folder, each sorted by file name (code points: upper case before lower case),
    // whatever the revision ids or the graph say.
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("more")));
    write(QStringLiteral("versions/b_second.sql"), scriptText(QStringLiteral("ffff0002"), QStringLiteral("eeee0001")));
    write(QStringLiteral("versions/a_first.sql"), scriptText(QStringLiteral("eeee0001")));
    write(QStringLiteral("versions/C_upper.sql"), scriptText(QStringLiteral("dddd0009"), QStringLiteral("ffff0002")));
    write(QStringLiteral("more/0_zero.sql"), scriptText(QStringLiteral("aaaa0003"), QStringLiteral("dddd0009")));
    write(QStringLiteral("more/9_nine.sql"), scriptText(QStringLiteral("bbbb0004"), QStringLiteral("aaaa0003")));

    const QStringList locations{versions(), path(QStringLiteral("more"))};
    LOAD_OK(directory, locations);
    QCOMPARE(directory.versionLocations(), locations);
    QCOMPARE(toStrings(directory.warnings()), QStringList());

    const QStringList expectedPaths{path(QStringLiteral("versions/C_upper.sql")),
                                    path(QStringLiteral("versions/a_first.sql")),
                                    path(QStringLiteral("versions/b_second.sql")),
                                    path(QStringLiteral("more/0_zero.sql")), path(QStringLiteral("more/9_nine.sql"))};
    const QStringList expectedIds{QStringLiteral("dddd0009"), QStringLiteral("eeee0001"), QStringLiteral("ffff0002"),
                                  QStringLiteral("aaaa0003"), QStringLiteral("bbbb0004")};
    const RevisionMap &map = directory.map();
    QCOMPARE(map.size(), 5);
    for (int i = 0; i < map.size(); ++i) {
        QCOMPARE(directory.script(i).path, expectedPaths[i]);
        QCOMPARE(directory.script(i).revisionId, expectedIds[i]);
        QCOMPARE(map.at(i).id, expectedIds[i]);
        QCOMPARE(map.at(i).path, expectedPaths[i]);
        QCOMPARE(map.at(i).doc, QStringLiteral("revision ") + expectedIds[i]);
    }
    QCOMPARE(idsOf(map, map.heads()), QStringList{QStringLiteral("bbbb0004")});
    QCOMPARE(idsOf(map, map.bases()), QStringList{QStringLiteral("eeee0001")});
    QCOMPARE(directory.script(3).plainUpgrade.statements.size(), 1);
    QCOMPARE(directory.script(3).plainUpgrade.statements.first().text,
             QStringLiteral("CREATE TABLE t_aaaa0003 (id INTEGER)"));
}

void TestScriptDirectory::loadIgnoresOtherFiles()
{
    write(QStringLiteral("versions/aaaa0001_base.sql"), scriptText(QStringLiteral("aaaa0001")));
    write(QStringLiteral("versions/README.md"), QStringLiteral("not a migration\n"));
    // Not Alembic revision modules either (those are listed: see tst_scriptcache).
    write(QStringLiteral("versions/__init__.py"), QStringLiteral("\n"));
    write(QStringLiteral("versions/.#bbbb0002_x.py"), QStringLiteral("revision = 'bbbb0002'\n"));
    write(QStringLiteral("versions/bbbb0002_x.pyc"), QStringLiteral("revision = 'bbbb0002'\n"));
    write(QStringLiteral("versions/.cccc0003_hidden.sql"), scriptText(QStringLiteral("cccc0003")));
    QVERIFY(QDir(versions()).mkpath(QStringLiteral("nested")));
    write(QStringLiteral("versions/nested/dddd0004_nested.sql"), scriptText(QStringLiteral("dddd0004")));
    QVERIFY(QDir(versions()).mkpath(QStringLiteral("folder.sql")));

    LOAD_OK(directory, QStringList{versions()});
    QCOMPARE(directory.map().size(), 1);
    QCOMPARE(directory.map().at(0).id, QStringLiteral("aaaa0001"));
}

void TestScriptDirectory::loadEmptyFolder()
{
    LOAD_OK(directory, QStringList{versions()});
    QVERIFY(directory.map().isEmpty());
    QVERIFY(directory.map().heads().isEmpty());
    QCOMPARE(toStrings(directory.warnings()), QStringList());
}

void TestScriptDirectory::loadFromProjectConfig()
{
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("migrations/versions")));
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("extra")));
    write(QStringLiteral("retort.ini"),
          QStringLiteral("[retort]\nscript_location = migrations\nversion_locations = extra\n"));
    write(QStringLiteral("migrations/versions/aaaa0001_base.sql"), scriptText(QStringLiteral("aaaa0001")));
    write(QStringLiteral("extra/bbbb0002_next.sql"),
          scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001")));

    const Result<ProjectConfig> config = ProjectConfig::load(path(QStringLiteral("retort.ini")), QProcessEnvironment());
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    const Result<ScriptDirectory> directory = ScriptDirectory::load(config.value());
    QVERIFY2(directory.ok(), qPrintable(directory.ok() ? QString() : directory.error().message));
    QCOMPARE(directory->versionLocations(),
             (QStringList{path(QStringLiteral("migrations/versions")), path(QStringLiteral("extra"))}));
    QCOMPARE(directory->map().size(), 2);
    QCOMPARE(directory->script(1).path, path(QStringLiteral("extra/bbbb0002_next.sql")));
    QCOMPARE(idsOf(directory->map(), directory->map().heads()), QStringList{QStringLiteral("bbbb0002")});
}

void TestScriptDirectory::warningsPassThrough()
{
    write(QStringLiteral("versions/aaaa0001_base.sql"),
          scriptText(QStringLiteral("aaaa0001"), QString(), QStringLiteral("-- Reviewed By: dba\n")));
    write(QStringLiteral("versions/bbbb0002_next.sql"),
          scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001"),
                     QStringLiteral("-- Ticket: OPS-1\n-- Owner: team\n")));

    LOAD_OK(directory, QStringList{versions()});
    QCOMPARE(toStrings(directory.warnings()),
             (QStringList{path(QStringLiteral("versions/aaaa0001_base.sql")) + QStringLiteral(":5: unknown header key "
                                                                                              "'Reviewed By'"),
                          path(QStringLiteral("versions/bbbb0002_next.sql")) + QStringLiteral(":5: unknown header key "
                                                                                              "'Ticket'"),
                          path(QStringLiteral("versions/bbbb0002_next.sql")) + QStringLiteral(":6: unknown header key "
                                                                                              "'Owner'")}));
    QCOMPARE(directory.script(1).warnings.size(), 2);
}

void TestScriptDirectory::loadErrors_data()
{
    // File names are relative to versions/; in `message`, {v} stands for that folder.
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message");

    const QString base = scriptText(QStringLiteral("aaaa0001"));
    QTest::newRow("SQL outside a section")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_bad.sql")}
        << QStringList{base, QStringLiteral("-- bad\n--\n-- Revision ID: bbbb0002\n-- Revises: aaaa0001\n"
                                            "DROP TABLE users;\n-- migrate:upgrade\n")}
        << ErrorCode::Parse
        << QStringLiteral("{v}/bbbb0002_bad.sql:5: SQL outside a '-- migrate:upgrade' or '-- migrate:downgrade' "
                          "section");
    QTest::newRow("duplicate header") << QStringList{QStringLiteral("bbbb0002_bad.sql")}
                                      << QStringList{QStringLiteral(
                                             "-- bad\n--\n-- Revision ID: bbbb0002\n-- Revises:\n-- Revises: aaaa0001\n"
                                             "-- migrate:upgrade\n")}
                                      << ErrorCode::Parse
                                      << QStringLiteral("{v}/bbbb0002_bad.sql:5: duplicate 'Revises' header");
    QTest::newRow("missing Revision ID") << QStringList{QStringLiteral("bbbb0002_bad.sql")}
                                         << QStringList{QStringLiteral("-- bad\n--\n-- Revises:\n-- migrate:upgrade\n")}
                                         << ErrorCode::Parse
                                         << QStringLiteral("{v}/bbbb0002_bad.sql: missing 'Revision ID' header");
    QTest::newRow("duplicate id across files")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_copy.sql")}
        << QStringList{base, base} << ErrorCode::DuplicateRevision
        << QStringLiteral("Revision aaaa0001 is present more than once: {v}/aaaa0001_base.sql and "
                          "{v}/bbbb0002_copy.sql");
    QTest::newRow("dangling Revises")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_next.sql")}
        << QStringList{base, scriptText(QStringLiteral("bbbb0002"), QStringLiteral("ffff9999"))}
        << ErrorCode::MissingRevision
        << QStringLiteral("Revision ffff9999 referenced from bbbb0002 is not present (Revises: in "
                          "{v}/bbbb0002_next.sql)");
    QTest::newRow("dangling Revises in a merge")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_merge.sql")}
        << QStringList{base, scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001, ffff9999"))}
        << ErrorCode::MissingRevision
        << QStringLiteral("Revision ffff9999 referenced from bbbb0002 is not present (Revises: in "
                          "{v}/bbbb0002_merge.sql)");
    QTest::newRow("dangling Depends On")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_next.sql")}
        << QStringList{base, scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001"),
                                        QStringLiteral("-- Depends On: nolabel\n"))}
        << ErrorCode::MissingRevision
        << QStringLiteral("Revision nolabel referenced from bbbb0002 is not present (Depends On: in "
                          "{v}/bbbb0002_next.sql)");
    QTest::newRow("Depends On a prefix is dangling")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_next.sql")}
        << QStringList{base, scriptText(QStringLiteral("bbbb0002"), QString(), QStringLiteral("-- Depends On: aaaa\n"))}
        << ErrorCode::MissingRevision
        << QStringLiteral("Revision aaaa referenced from bbbb0002 is not present (Depends On: in "
                          "{v}/bbbb0002_next.sql)");
    QTest::newRow("cycle") << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_head.sql"),
                                          QStringLiteral("cccc0003_loop.sql"), QStringLiteral("dddd0004_loop.sql")}
                           << QStringList{base, scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001")),
                                          scriptText(QStringLiteral("cccc0003"), QStringLiteral("dddd0004")),
                                          scriptText(QStringLiteral("dddd0004"), QStringLiteral("cccc0003"))}
                           << ErrorCode::CycleDetected
                           << QStringLiteral(
                                  "Cycle is detected in revisions (cccc0003, dddd0004): {v}/cccc0003_loop.sql, "
                                  "{v}/dddd0004_loop.sql");
    QTest::newRow("cycle without head or base")
        << QStringList{QStringLiteral("dddd0004_loop.sql"), QStringLiteral("cccc0003_loop.sql")}
        << QStringList{scriptText(QStringLiteral("dddd0004"), QStringLiteral("cccc0003")),
                       scriptText(QStringLiteral("cccc0003"), QStringLiteral("dddd0004"))}
        << ErrorCode::CycleDetected
        << QStringLiteral("Cycle is detected in revisions (cccc0003, dddd0004): {v}/cccc0003_loop.sql, "
                          "{v}/dddd0004_loop.sql");
    QTest::newRow("dependency cycle")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_dep.sql"),
                       QStringLiteral("cccc0003_child.sql"), QStringLiteral("dddd0004_head.sql")}
        << QStringList{base,
                       scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001"),
                                  QStringLiteral("-- Depends On: cccc0003\n")),
                       scriptText(QStringLiteral("cccc0003"), QStringLiteral("bbbb0002")),
                       scriptText(QStringLiteral("dddd0004"), QStringLiteral("aaaa0001"))}
        << ErrorCode::DependencyCycleDetected
        << QStringLiteral("Dependency cycle is detected in revisions (bbbb0002, cccc0003): {v}/bbbb0002_dep.sql, "
                          "{v}/cccc0003_child.sql");
    QTest::newRow("branch label used twice")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_other.sql")}
        << QStringList{scriptText(QStringLiteral("aaaa0001"), QString(), QStringLiteral("-- Branch Labels: core\n")),
                       scriptText(QStringLiteral("bbbb0002"), QString(), QStringLiteral("-- Branch Labels: core\n"))}
        << ErrorCode::RevisionError
        << QStringLiteral("Branch name 'core' in revision bbbb0002 already used by revision aaaa0001 "
                          "({v}/bbbb0002_other.sql, {v}/aaaa0001_base.sql)");
}

void TestScriptDirectory::loadErrors()
{
    QFETCH(QStringList, names);
    QFETCH(QStringList, texts);
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);

    for (int i = 0; i < names.size(); ++i)
        QVERIFY(write(QStringLiteral("versions/") + names[i], texts[i]));
    const Result<ScriptDirectory> directory = ScriptDirectory::load(QStringList{versions()});
    QVERIFY(!directory.ok());
    QCOMPARE(directory.error().message, QString(message).replace(QStringLiteral("{v}"), versions()));
    QCOMPARE(directory.error().code, code);
}

void TestScriptDirectory::missingVersionsFolder()
{
    const QString missing = path(QStringLiteral("nowhere/versions"));
    const Result<ScriptDirectory> directory = ScriptDirectory::load(QStringList{missing});
    QVERIFY(!directory.ok());
    QCOMPARE(directory.error().code, ErrorCode::Io);
    QCOMPARE(directory.error().message,
             QStringLiteral("Path doesn't exist: %1. Please use the 'init' command to create a new scripts folder.")
                 .arg(missing));
    QCOMPARE(directory.error().context, missing);
}

void TestScriptDirectory::missingSecondVersionsFolder()
{
    write(QStringLiteral("versions/aaaa0001_base.sql"), scriptText(QStringLiteral("aaaa0001")));
    // An unclean path is reported cleaned and absolute.
    const QString missing = versions() + QStringLiteral("/../extra/./");
    const Result<ScriptDirectory> directory = ScriptDirectory::load(QStringList{versions(), missing});
    QVERIFY(!directory.ok());
    QCOMPARE(directory.error().message,
             QStringLiteral("Path doesn't exist: %1. Please use the 'init' command to create a new scripts folder.")
                 .arg(path(QStringLiteral("extra"))));
}

void TestScriptDirectory::loadLeavingOut_data()
{
    // A window keeps the rest of the project when one file is broken. `kept` are the ids that load (in
    // file order); `leftOut` the problems, "{v}" standing for versions/.
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<QStringList>("kept");
    QTest::addColumn<QStringList>("leftOut");

    const QString base = scriptText(QStringLiteral("aaaa0001"));
    const QString second = scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001"));
    const QString third = scriptText(QStringLiteral("cccc0003"), QStringLiteral("bbbb0002"));
    const QString fourth = scriptText(QStringLiteral("dddd0004"), QStringLiteral("cccc0003"));
    const QStringList chain{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_two.sql"),
                            QStringLiteral("cccc0003_three.sql"), QStringLiteral("dddd0004_four.sql")};
    QTest::newRow("unparsable file mid-chain")
        << chain
        << QStringList{base,
                       QStringLiteral("-- two\n--\n-- Revision ID: bbbb0002\n-- Revises: aaaa0001\n"
                                      "DROP TABLE users;\n"),
                       third, fourth}
        << QStringList{QStringLiteral("aaaa0001")}
        << QStringList{QStringLiteral("{v}/bbbb0002_two.sql:5: SQL outside a '-- migrate:upgrade' or "
                                      "'-- migrate:downgrade' section"),
                       QStringLiteral("{v}/cccc0003_three.sql:4: left out: it revises bbbb0002, whose file "
                                      "{v}/bbbb0002_two.sql could not be loaded"),
                       QStringLiteral("{v}/dddd0004_four.sql:4: left out: it revises cccc0003, which was left out")};
    QTest::newRow("dangling Revises keeps the rest")
        << chain
        << QStringList{base, second, scriptText(QStringLiteral("cccc0003"), QStringLiteral("ffff9999")), fourth}
        << QStringList{QStringLiteral("aaaa0001"), QStringLiteral("bbbb0002")}
        << QStringList{QStringLiteral("{v}/cccc0003_three.sql:4: Revision ffff9999 referenced from cccc0003 is not "
                                      "present (Revises: in {v}/cccc0003_three.sql)"),
                       QStringLiteral("{v}/dddd0004_four.sql:4: left out: it revises cccc0003, which was left out")};
    QTest::newRow("duplicate id: the first file keeps it")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_two.sql"),
                       QStringLiteral("bbbb0002_zcopy.sql")}
        << QStringList{base, second, second} << QStringList{QStringLiteral("aaaa0001"), QStringLiteral("bbbb0002")}
        << QStringList{QStringLiteral("{v}/bbbb0002_zcopy.sql:3: Revision bbbb0002 is present more than once: "
                                      "{v}/bbbb0002_two.sql and {v}/bbbb0002_zcopy.sql")};
    QTest::newRow("cycle beside a good chain")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_two.sql"),
                       QStringLiteral("cccc0003_loop.sql"), QStringLiteral("dddd0004_loop.sql")}
        << QStringList{base, second, scriptText(QStringLiteral("cccc0003"), QStringLiteral("dddd0004")),
                       scriptText(QStringLiteral("dddd0004"), QStringLiteral("cccc0003"))}
        << QStringList{QStringLiteral("aaaa0001"), QStringLiteral("bbbb0002")}
        << QStringList{QStringLiteral("{v}/cccc0003_loop.sql:3: Cycle is detected in revisions (cccc0003, "
                                      "dddd0004): {v}/cccc0003_loop.sql, {v}/dddd0004_loop.sql"),
                       QStringLiteral("{v}/dddd0004_loop.sql:3: Cycle is detected in revisions (cccc0003, "
                                      "dddd0004): {v}/cccc0003_loop.sql, {v}/dddd0004_loop.sql")};
    QTest::newRow("dangling Depends On")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_two.sql"),
                       QStringLiteral("cccc0003_three.sql")}
        << QStringList{base,
                       scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001"),
                                  QStringLiteral("-- Depends On: nolabel\n")),
                       third}
        << QStringList{QStringLiteral("aaaa0001")}
        << QStringList{QStringLiteral("{v}/bbbb0002_two.sql:3: Revision nolabel referenced from bbbb0002 is not "
                                      "present (Depends On: in {v}/bbbb0002_two.sql)"),
                       QStringLiteral("{v}/cccc0003_three.sql:4: left out: it revises bbbb0002, which was left out")};
    QTest::newRow("branch label used twice")
        << QStringList{QStringLiteral("aaaa0001_base.sql"), QStringLiteral("bbbb0002_other.sql")}
        << QStringList{scriptText(QStringLiteral("aaaa0001"), QString(), QStringLiteral("-- Branch Labels: core\n")),
                       scriptText(QStringLiteral("bbbb0002"), QString(), QStringLiteral("-- Branch Labels: core\n"))}
        << QStringList{QStringLiteral("aaaa0001")}
        << QStringList{QStringLiteral("{v}/bbbb0002_other.sql:3: Branch name 'core' in revision bbbb0002 already "
                                      "used by revision aaaa0001 ({v}/bbbb0002_other.sql, {v}/aaaa0001_base.sql)")};
}

void TestScriptDirectory::loadLeavingOut()
{
    QFETCH(QStringList, names);
    QFETCH(QStringList, texts);
    QFETCH(QStringList, kept);
    QFETCH(QStringList, leftOut);

    for (int i = 0; i < names.size(); ++i)
        QVERIFY(write(QStringLiteral("versions/") + names[i], texts[i]));
    // The strict load refuses the project, as the command line does.
    QVERIFY(!ScriptDirectory::load(QStringList{versions()}).ok());

    const Result<ScriptDirectory> directory = ScriptDirectory::loadLeavingOut(QStringList{versions()});
    QVERIFY2(directory.ok(), qPrintable(directory.ok() ? QString() : directory.error().message));
    QStringList ids;
    for (int i = 0; i < directory->map().size(); ++i) {
        ids << directory->map().at(i).id;
        QCOMPARE(directory->script(i).revisionId, ids.last()); // scripts and graph agree index by index
    }
    QCOMPARE(ids, kept);
    for (QString &expected : leftOut)
        expected.replace(QStringLiteral("{v}"), versions());
    QCOMPARE(toStrings(directory->leftOut()), leftOut);
    QVERIFY(!directory->isComplete());
    for (const Diagnostic &problem : directory->leftOut())
        QCOMPARE(problem.severity, Diagnostic::Severity::Error);
}

void TestScriptDirectory::loadLeavingOutWholeProject()
{
    // Nothing wrong: the same graph as load(), nothing left out, warnings kept.
    writeBranchedProject();
    write(QStringLiteral("versions/eeee0005_note.sql"),
          scriptText(QStringLiteral("eeee0005"), QStringLiteral("bbbb0002"), QStringLiteral("-- Ticket: OPS-1\n")));
    LOAD_OK(strict, QStringList{versions()});
    const Result<ScriptDirectory> lenient = ScriptDirectory::loadLeavingOut(QStringList{versions()});
    QVERIFY(lenient.ok());
    QVERIFY(lenient->isComplete());
    QCOMPARE(lenient->map().size(), strict.map().size());
    QCOMPARE(idsOf(lenient->map(), lenient->map().heads()), idsOf(strict.map(), strict.map().heads()));
    QCOMPARE(toStrings(lenient->warnings()), toStrings(strict.warnings()));
    QCOMPARE(lenient->warnings().size(), 1);

    // A folder that cannot be listed still fails: there is no project to show.
    const Result<ScriptDirectory> missing =
        ScriptDirectory::loadLeavingOut(QStringList{path(QStringLiteral("nowhere"))});
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::Io);
}

// ---------------------------------------------------------------------------
// createRevision

void TestScriptDirectory::createRevisionText()
{
    write(QStringLiteral("versions/aaaa0001_base.sql"), scriptText(QStringLiteral("aaaa0001")));
    write(QStringLiteral("versions/bbbb0002_next.sql"),
          scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001")));
    LOAD_OK(directory, QStringList{versions()});

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("Add API keys table!");
    request.revisionId = QStringLiteral("c0ffee000001");
    request.createDate = kCreateDate;
    CREATE_OK(created, directory, request);

    QCOMPARE(created, path(QStringLiteral("versions/c0ffee000001_add_api_keys_table.sql")));
    QCOMPARE(readFile(created), QStringLiteral("-- Add API keys table!\n"
                                               "--\n"
                                               "-- Revision ID: c0ffee000001\n"
                                               "-- Revises: bbbb0002\n"
                                               "-- Create Date: 2025-10-16 09:12:44.123000\n"
                                               "-- Transactional: true\n"
                                               "\n"
                                               "-- migrate:upgrade\n"
                                               "\n"
                                               "\n"
                                               "-- migrate:downgrade\n"));
    // The loaded directory describes the files as they were.
    QCOMPARE(directory.map().size(), 2);
}

void TestScriptDirectory::createRevisionRoundTrip()
{
    writeBranchedProject();
    LOAD_OK(directory, QStringList{versions()});

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("add keys");
    request.revisionId = QStringLiteral("eeee0005");
    request.heads = QStringList{QStringLiteral("feature@head")};
    request.branchLabels = QStringList{QStringLiteral("keys"), QStringLiteral("api")};
    request.dependsOn = QStringList{QStringLiteral("bbbb")};
    request.createDate = kCreateDate;
    CREATE_OK(created, directory, request);

    QCOMPARE(created, path(QStringLiteral("versions/eeee0005_add_keys.sql")));
    QCOMPARE(readFile(created), QStringLiteral("-- add keys\n"
                                               "--\n"
                                               "-- Revision ID: eeee0005\n"
                                               "-- Revises: cccc0003\n"
                                               "-- Create Date: 2025-10-16 09:12:44.123000\n"
                                               "-- Branch Labels: keys, api\n"
                                               "-- Depends On: bbbb0002\n"
                                               "-- Transactional: true\n"
                                               "\n"
                                               "-- migrate:upgrade\n"
                                               "\n"
                                               "\n"
                                               "-- migrate:downgrade\n"));

    LOAD_OK(reloaded, QStringList{versions()});
    const RevisionMap &map = reloaded.map();
    QCOMPARE(map.size(), 4);
    const Revision &revision = map.at(map.indexOf(QStringLiteral("eeee0005")));
    QCOMPARE(revision.doc, QStringLiteral("add keys"));
    QCOMPARE(revision.downRevisions, QStringList{QStringLiteral("cccc0003")});
    QCOMPARE(revision.dependencies, QStringList{QStringLiteral("bbbb0002")});
    QCOMPARE(revision.ownBranchLabels, (QStringList{QStringLiteral("keys"), QStringLiteral("api")}));
    QCOMPARE(idsOf(map, map.heads()), (QStringList{QStringLiteral("bbbb0002"), QStringLiteral("eeee0005")}));
    QCOMPARE(reloaded.script(map.indexOf(QStringLiteral("eeee0005"))).plainUpgrade.statements.size(), 0);
}

void TestScriptDirectory::createRevisionGeneratedId()
{
    write(QStringLiteral("versions/aaaa0001_base.sql"), scriptText(QStringLiteral("aaaa0001")));
    LOAD_OK(directory, QStringList{versions()});

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("next");
    CREATE_OK(created, directory, request);

    static const QRegularExpression name(QStringLiteral("^([0-9a-f]{12})_next\\.sql$"));
    const QRegularExpressionMatch match = name.match(QFileInfo(created).fileName());
    QVERIFY2(match.hasMatch(), qPrintable(created));
    QCOMPARE(QFileInfo(created).absolutePath(), versions());
    const QString text = readFile(created);
    QVERIFY(text.contains(QStringLiteral("\n-- Revision ID: ") + match.captured(1) + QLatin1Char('\n')));
    QVERIFY(text.contains(QStringLiteral("\n-- Revises: aaaa0001\n")));
    // Without a date, the file gets the current time.
    static const QRegularExpression date(QStringLiteral("\n-- Create Date: (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)"
                                                        "\\.\\d{3}000\n"));
    const QRegularExpressionMatch dateMatch = date.match(text);
    QVERIFY(dateMatch.hasMatch());
    const QDateTime written = QDateTime::fromString(dateMatch.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    QVERIFY(qAbs(written.secsTo(QDateTime::currentDateTime())) < 60);
}

void TestScriptDirectory::createRevisionWithoutMessage()
{
    // Alembic: the doc says "empty message" but the slug, taken from no message, is empty.
    write(QStringLiteral("versions/aaaa0001_base.sql"), scriptText(QStringLiteral("aaaa0001")));
    LOAD_OK(directory, QStringList{versions()});

    ScriptDirectory::NewRevision request;
    request.revisionId = QStringLiteral("bbbb0002");
    request.createDate = kCreateDate;
    CREATE_OK(created, directory, request);
    QCOMPARE(created, path(QStringLiteral("versions/bbbb0002_.sql")));
    QVERIFY(readFile(created).startsWith(QStringLiteral("-- empty message\n--\n-- Revision ID: bbbb0002\n")));

    // A message without a word character gives an empty slug too.
    request.revisionId = QStringLiteral("cccc0003");
    request.message = QStringLiteral("!!!");
    request.heads = QStringList{QStringLiteral("aaaa0001")};
    request.splice = true;
    CREATE_OK(punctuation, directory, request);
    QCOMPARE(punctuation, path(QStringLiteral("versions/cccc0003_.sql")));
    QVERIFY(readFile(punctuation).startsWith(QStringLiteral("-- !!!\n--\n")));
}

void TestScriptDirectory::createFirstBase()
{
    LOAD_OK(directory, QStringList{versions()});

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("baseline");
    request.revisionId = QStringLiteral("aaaa0001");
    request.createDate = kCreateDate;
    CREATE_OK(created, directory, request);
    QCOMPARE(created, path(QStringLiteral("versions/aaaa0001_baseline.sql")));
    QVERIFY(readFile(created).contains(QStringLiteral("\n-- Revision ID: aaaa0001\n-- Revises: \n-- Create Date: ")));

    LOAD_OK(reloaded, QStringList{versions()});
    QCOMPARE(reloaded.map().size(), 1);
    QVERIFY(reloaded.map().at(0).isBase());
}

void TestScriptDirectory::createRevisionHeads_data()
{
    QTest::addColumn<QStringList>("heads");
    QTest::addColumn<bool>("splice");
    QTest::addColumn<QString>("revises");

    QTest::newRow("full id of a head") << QStringList{QStringLiteral("bbbb0002")} << false
                                       << QStringLiteral("bbbb0002");
    QTest::newRow("prefix of a head") << QStringList{QStringLiteral("cccc")} << false << QStringLiteral("cccc0003");
    // As in Alembic, any prefix of an id longer than three characters will do.
    QTest::newRow("one-character prefix") << QStringList{QStringLiteral("c")} << false << QStringLiteral("cccc0003");
    QTest::newRow("label@head") << QStringList{QStringLiteral("feature@head")} << false << QStringLiteral("cccc0003");
    QTest::newRow("label") << QStringList{QStringLiteral("feature")} << false << QStringLiteral("cccc0003");
    QTest::newRow("heads: a merge") << QStringList{QStringLiteral("heads")} << false
                                    << QStringLiteral("bbbb0002, cccc0003");
    QTest::newRow("two heads: a merge, order kept") << QStringList{QStringLiteral("cccc0003"), QStringLiteral("bbbb")}
                                                    << false << QStringLiteral("cccc0003, bbbb0002");
    QTest::newRow("splice onto a non-head")
        << QStringList{QStringLiteral("aaaa0001")} << true << QStringLiteral("aaaa0001");
    QTest::newRow("splice onto a head") << QStringList{QStringLiteral("bbbb0002")} << true
                                        << QStringLiteral("bbbb0002");
    QTest::newRow("base: a new base") << QStringList{QStringLiteral("base")} << false << QString();
}

void TestScriptDirectory::createRevisionHeads()
{
    QFETCH(QStringList, heads);
    QFETCH(bool, splice);
    QFETCH(QString, revises);

    writeBranchedProject();
    LOAD_OK(directory, QStringList{versions()});

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("new");
    request.revisionId = QStringLiteral("ffff0006");
    request.heads = heads;
    request.splice = splice;
    CREATE_OK(created, directory, request);
    QVERIFY(readFile(created).contains(QStringLiteral("\n-- Revises: ") + revises + QLatin1Char('\n')));

    LOAD_OK(reloaded, QStringList{versions()});
    const Revision &revision = reloaded.map().at(reloaded.map().indexOf(QStringLiteral("ffff0006")));
    QCOMPARE(revision.downRevisions.join(QStringLiteral(", ")), revises);
    QVERIFY(revision.isHead());
}

void TestScriptDirectory::createRevisionHeadErrors_data()
{
    QTest::addColumn<QStringList>("heads");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("several heads") << QStringList() << ErrorCode::MultipleHeads
                                   << QStringLiteral("Multiple heads are present; please specify the head revision on "
                                                     "which the new revision should be based, or perform a merge.");
    QTest::newRow("head with several heads") << QStringList{QStringLiteral("head")} << ErrorCode::MultipleHeads
                                             << QStringLiteral("Multiple heads are present; please specify the head "
                                                               "revision on which the new revision should be based, "
                                                               "or perform a merge.");
    QTest::newRow("not a head") << QStringList{QStringLiteral("aaaa0001")} << ErrorCode::CommandLine
                                << QStringLiteral("Revision aaaa0001 is not a head revision; please specify --splice "
                                                  "to create a new branch from this revision");
    QTest::newRow("prefix of a non-head") << QStringList{QStringLiteral("aaaa")} << ErrorCode::CommandLine
                                          << QStringLiteral("Revision aaaa0001 is not a head revision; please specify "
                                                            "--splice to create a new branch from this revision");
    QTest::newRow("unknown") << QStringList{QStringLiteral("nope")} << ErrorCode::ResolutionError
                             << QStringLiteral("Can't locate revision identified by 'nope'");
    QTest::newRow("short unknown prefix") << QStringList{QStringLiteral("zz")} << ErrorCode::ResolutionError
                                          << QStringLiteral("Can't locate revision identified by 'zz'");
    QTest::newRow("same head twice") << QStringList{QStringLiteral("bbbb0002"), QStringLiteral("bbbb")}
                                     << ErrorCode::CommandLine << QStringLiteral("Duplicate head revisions specified");
}

void TestScriptDirectory::createRevisionHeadErrors()
{
    QFETCH(QStringList, heads);
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);

    writeBranchedProject();
    LOAD_OK(directory, QStringList{versions()});
    const QStringList before = filesIn(versions());

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("new");
    request.revisionId = QStringLiteral("ffff0006");
    request.heads = heads;
    const Result<QString> created = directory.createRevision(request);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().message, message);
    QCOMPARE(created.error().code, code);
    QCOMPARE(filesIn(versions()), before);
}

void TestScriptDirectory::ambiguousPrefix()
{
    // Alembic's command layer words "Multiple revisions start with ..." as a failed lookup.
    write(QStringLiteral("versions/abcd0001_base.sql"), scriptText(QStringLiteral("abcd0001")));
    write(QStringLiteral("versions/abcd0002_next.sql"),
          scriptText(QStringLiteral("abcd0002"), QStringLiteral("abcd0001")));
    LOAD_OK(directory, QStringList{versions()});

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("new");
    request.revisionId = QStringLiteral("ffff0006");
    request.heads = QStringList{QStringLiteral("abcd")};
    Result<QString> created = directory.createRevision(request);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, ErrorCode::ResolutionError);
    QCOMPARE(created.error().message, QStringLiteral("Can't locate revision identified by 'abcd' (Multiple revisions "
                                                     "start with 'abcd': 'abcd0001', 'abcd0002'...)"));

    request.heads.clear();
    request.dependsOn = QStringList{QStringLiteral("abc")};
    created = directory.createRevision(request);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().message, QStringLiteral("Can't locate revision identified by 'abc' (Multiple revisions "
                                                     "start with 'abc': 'abcd0001', 'abcd0002'...)"));
    QCOMPARE(filesIn(versions()),
             (QStringList{QStringLiteral("abcd0001_base.sql"), QStringLiteral("abcd0002_next.sql")}));
}

void TestScriptDirectory::createRevisionDependsOn()
{
    writeBranchedProject();
    LOAD_OK(directory, QStringList{versions()});

    // A prefix becomes the full id; a label stays a label; a full id stays as it is.
    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("needs both");
    request.revisionId = QStringLiteral("ffff0006");
    request.heads = QStringList{QStringLiteral("bbbb0002")};
    request.dependsOn = QStringList{QStringLiteral("feature"), QStringLiteral("aaaa"), QStringLiteral("cccc0003")};
    CREATE_OK(created, directory, request);
    QVERIFY(readFile(created).contains(QStringLiteral("\n-- Depends On: feature, aaaa0001, cccc0003\n")));

    LOAD_OK(reloaded, QStringList{versions()});
    const RevisionMap &map = reloaded.map();
    const Revision &revision = map.at(map.indexOf(QStringLiteral("ffff0006")));
    QCOMPARE(revision.dependencies,
             (QStringList{QStringLiteral("feature"), QStringLiteral("aaaa0001"), QStringLiteral("cccc0003")}));
    QCOMPARE(idsOf(map, revision.resolvedDependencies),
             (QStringList{QStringLiteral("cccc0003"), QStringLiteral("aaaa0001")}));
    // cccc0003 now only has a dependant: a head, but not a real head.
    QCOMPARE(idsOf(map, map.heads()), (QStringList{QStringLiteral("cccc0003"), QStringLiteral("ffff0006")}));
    QCOMPARE(idsOf(map, map.realHeads()), QStringList{QStringLiteral("ffff0006")});
}

void TestScriptDirectory::createRevisionDependsOnErrors_data()
{
    QTest::addColumn<QStringList>("dependsOn");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("unknown") << QStringList{QStringLiteral("zzzz")} << ErrorCode::ResolutionError
                             << QStringLiteral("Can't locate revision identified by 'zzzz'");
    QTest::newRow("second one unknown") << QStringList{QStringLiteral("aaaa0001"), QStringLiteral("zzzz")}
                                        << ErrorCode::ResolutionError
                                        << QStringLiteral("Can't locate revision identified by 'zzzz'");
    QTest::newRow("base") << QStringList{QStringLiteral("base")} << ErrorCode::CommandLine
                          << QStringLiteral("Depends On cannot name base");
    QTest::newRow("several heads") << QStringList{QStringLiteral("head")} << ErrorCode::MultipleHeads
                                   << QStringLiteral("Multiple head revisions are present for given argument 'head'; "
                                                     "please specify a specific target revision, "
                                                     "'<branchname>@head' to narrow to a specific head, or 'heads' "
                                                     "for all heads");
}

void TestScriptDirectory::createRevisionDependsOnErrors()
{
    QFETCH(QStringList, dependsOn);
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);

    writeBranchedProject();
    LOAD_OK(directory, QStringList{versions()});
    const QStringList before = filesIn(versions());

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("new");
    request.revisionId = QStringLiteral("ffff0006");
    request.heads = QStringList{QStringLiteral("bbbb0002")};
    request.dependsOn = dependsOn;
    const Result<QString> created = directory.createRevision(request);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().message, message);
    QCOMPARE(created.error().code, code);
    QCOMPARE(filesIn(versions()), before);
}

void TestScriptDirectory::branchLabelClashWritesNothing_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("holder");

    QTest::newRow("another revision's label") << QStringLiteral("feature") << QStringLiteral("cccc0003");
    QTest::newRow("another revision's id") << QStringLiteral("bbbb0002") << QStringLiteral("bbbb0002");
}

void TestScriptDirectory::branchLabelClashWritesNothing()
{
    QFETCH(QString, label);
    QFETCH(QString, holder);

    writeBranchedProject();
    LOAD_OK(directory, QStringList{versions()});
    const QStringList before = filesIn(versions());

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("clash");
    request.revisionId = QStringLiteral("ffff0006");
    request.heads = QStringList{QStringLiteral("bbbb0002")};
    request.branchLabels = QStringList{QStringLiteral("fresh"), label};
    const Result<QString> created = directory.createRevision(request);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, ErrorCode::RevisionError);
    const QString holderPath = directory.map().at(directory.map().indexOf(holder)).path;
    QCOMPARE(created.error().message,
             QStringLiteral("Branch name '%1' in revision ffff0006 already used by revision %2 (%3, %4)")
                 .arg(label, holder, path(QStringLiteral("versions/ffff0006_clash.sql")), holderPath));
    QCOMPARE(filesIn(versions()), before);
    QVERIFY(!QFile::exists(path(QStringLiteral("versions/ffff0006_clash.sql"))));
}

void TestScriptDirectory::revisionIdErrors_data()
{
    QTest::addColumn<QString>("revisionId");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("already present") << QStringLiteral("bbbb0002") << ErrorCode::DuplicateRevision
                                     << QStringLiteral("Revision bbbb0002 is already present in {v}/bbbb0002_main.sql");
    QTest::newRow("@ and +") << QStringLiteral("ab@c+d") << ErrorCode::CommandLine
                             << QStringLiteral("Character(s) '+, @' not allowed in revision identifier 'ab@c+d'");
    QTest::newRow("-") << QStringLiteral("ab-cd") << ErrorCode::CommandLine
                       << QStringLiteral("Character(s) '-' not allowed in revision identifier 'ab-cd'");
    QTest::newRow(":") << QStringLiteral("ab:cd") << ErrorCode::CommandLine
                       << QStringLiteral("Character(s) ':' not allowed in revision identifier 'ab:cd'");
    QTest::newRow("space") << QStringLiteral("ab cd") << ErrorCode::CommandLine
                           << QStringLiteral("Character(s) ' ' not allowed in revision identifier 'ab cd'");
}

void TestScriptDirectory::revisionIdErrors()
{
    QFETCH(QString, revisionId);
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);

    writeBranchedProject();
    LOAD_OK(directory, QStringList{versions()});
    const QStringList before = filesIn(versions());

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("new");
    request.revisionId = revisionId;
    request.heads = QStringList{QStringLiteral("bbbb0002")};
    const Result<QString> created = directory.createRevision(request);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().message, QString(message).replace(QStringLiteral("{v}"), versions()));
    QCOMPARE(created.error().code, code);
    QCOMPARE(filesIn(versions()), before);
}

void TestScriptDirectory::versionPathWithTwoFolders()
{
    const QString more = path(QStringLiteral("more"));
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("more")));
    write(QStringLiteral("versions/aaaa0001_base.sql"), scriptText(QStringLiteral("aaaa0001")));
    write(QStringLiteral("more/bbbb0002_next.sql"), scriptText(QStringLiteral("bbbb0002"), QStringLiteral("aaaa0001")));
    write(QStringLiteral("versions/cccc0003_other.sql"), scriptText(QStringLiteral("cccc0003")));
    LOAD_OK(directory, (QStringList{versions(), more}));

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("next");

    // No --version-path: the folder of the (first) revised revision.
    request.revisionId = QStringLiteral("dddd0004");
    request.heads = QStringList{QStringLiteral("bbbb0002")};
    CREATE_OK(beside, directory, request);
    QCOMPARE(beside, more + QStringLiteral("/dddd0004_next.sql"));

    request.revisionId = QStringLiteral("eeee0005");
    request.heads = QStringList{QStringLiteral("cccc0003"), QStringLiteral("bbbb0002")};
    CREATE_OK(merge, directory, request);
    QCOMPARE(merge, versions() + QStringLiteral("/eeee0005_next.sql"));

    // An explicit folder wins, compared after cleaning the path.
    request.revisionId = QStringLiteral("ffff0006");
    request.heads = QStringList{QStringLiteral("cccc0003")};
    request.versionPath = more + QStringLiteral("/../more/.");
    CREATE_OK(explicitPath, directory, request);
    QCOMPARE(explicitPath, more + QStringLiteral("/ffff0006_next.sql"));

    const QStringList before = filesIn(versions()) + filesIn(more);

    // A new base has no parent folder to follow.
    request.revisionId = QStringLiteral("abab0007");
    request.heads = QStringList{QStringLiteral("base")};
    request.versionPath.clear();
    Result<QString> created = directory.createRevision(request);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, ErrorCode::CommandLine);
    QCOMPARE(created.error().message,
             QStringLiteral("Multiple version locations present, please specify --version-path"));

    // A folder that is not a version location.
    request.heads = QStringList{QStringLiteral("bbbb0002")};
    request.versionPath = path(QStringLiteral("elsewhere"));
    created = directory.createRevision(request);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, ErrorCode::CommandLine);
    QCOMPARE(created.error().message, QStringLiteral("Path %1 is not represented in current version locations")
                                          .arg(path(QStringLiteral("elsewhere"))));
    QCOMPARE(filesIn(versions()) + filesIn(more), before);
    QVERIFY(!QDir(path(QStringLiteral("elsewhere"))).exists());

    // With --version-path, a new base is fine.
    request.heads = QStringList{QStringLiteral("base")};
    request.versionPath = more;
    CREATE_OK(newBase, directory, request);
    QCOMPARE(newBase, more + QStringLiteral("/abab0007_next.sql"));
}

void TestScriptDirectory::versionPathWithOneFolder()
{
    write(QStringLiteral("versions/aaaa0001_base.sql"), scriptText(QStringLiteral("aaaa0001")));
    LOAD_OK(directory, QStringList{versions()});

    ScriptDirectory::NewRevision request;
    request.message = QStringLiteral("next");
    request.revisionId = QStringLiteral("bbbb0002");
    request.versionPath = path(QStringLiteral("other"));
    const Result<QString> created = directory.createRevision(request);
    QVERIFY(!created.ok());
    QCOMPARE(
        created.error().message,
        QStringLiteral("Path %1 is not represented in current version locations").arg(path(QStringLiteral("other"))));

    request.versionPath = versions() + QLatin1Char('/');
    CREATE_OK(explicitPath, directory, request);
    QCOMPARE(explicitPath, versions() + QStringLiteral("/bbbb0002_next.sql"));
}

// ---------------------------------------------------------------------------
// helpers

void TestScriptDirectory::slugFor_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("slug");

    // Expected values are what Alembic's _rev_path gives.
    QTest::newRow("words") << QStringLiteral("add api keys table") << QStringLiteral("add_api_keys_table");
    QTest::newRow("lowercased") << QStringLiteral("Add API Keys Table") << QStringLiteral("add_api_keys_table");
    QTest::newRow("punctuation") << QStringLiteral("add users; drop old-table!")
                                 << QStringLiteral("add_users_drop_old_table");
    QTest::newRow("blanks") << QStringLiteral("  leading   and\ttrailing\n ") << QStringLiteral("leading_and_trailing");
    QTest::newRow("underscores kept") << QStringLiteral("fix_user_ids") << QStringLiteral("fix_user_ids");
    QTest::newRow("leading underscores") << QStringLiteral("__init__ helper") << QStringLiteral("__init___helper");
    QTest::newRow("digits") << QStringLiteral("v2.1 release") << QStringLiteral("v2_1_release");
    QTest::newRow("non-ASCII") << QStringLiteral("Ünïcode Straße café") << QStringLiteral("ünïcode_straße_café");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("no word") << QStringLiteral("!!! ...") << QString();
    QTest::newRow("39 characters") << QStringLiteral("create index on users email for lookups")
                                   << QStringLiteral("create_index_on_users_email_for_lookups");
    QTest::newRow("exactly 40 characters") << QStringLiteral("abcdefghij klmnopqrst uvwxyzabcd efghijk")
                                           << QStringLiteral("abcdefghij_klmnopqrst_uvwxyzabcd_efghijk");
    QTest::newRow("cut inside a word") << QStringLiteral("add a very long message that goes past the forty limit")
                                       << QStringLiteral("add_a_very_long_message_that_goes_past_");
    QTest::newRow("word ending at 40 is dropped too") << QStringLiteral("abcdefghij klmnopqrst uvwxyzabcd efghijk nop")
                                                      << QStringLiteral("abcdefghij_klmnopqrst_uvwxyzabcd_");
    QTest::newRow("underscore at 40") << QStringLiteral("abcdefghij klmnopqrst uvwxyzabcd abcdef gh")
                                      << QStringLiteral("abcdefghij_klmnopqrst_uvwxyzabcd_abcdef_");
    QTest::newRow("one long word") << QString(50, QLatin1Char('a')) << QString(40, QLatin1Char('a')) + QLatin1Char('_');
}

void TestScriptDirectory::slugFor()
{
    QFETCH(QString, message);
    QFETCH(QString, slug);

    QCOMPARE(ScriptDirectory::slugFor(message), slug);
}

void TestScriptDirectory::generateRevisionId()
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{12}$"));
    QSet<QString> seen;
    for (int i = 0; i < 100; ++i) {
        const QString id = ScriptDirectory::generateRevisionId();
        QVERIFY2(hex.match(id).hasMatch(), qPrintable(id));
        seen.insert(id);
    }
    QCOMPARE(seen.size(), 100);
    QVERIFY(ScriptDirectory::generateRevisionId() != ScriptDirectory::generateRevisionId());
}

QTEST_GUILESS_MAIN(TestScriptDirectory)
#include "tst_scriptdirectory.moc"
