// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/TestFiles.h"
#include "core/script/AlembicIni.h"
#include "core/script/ProjectConfig.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace retort;
using namespace retort::testing;

namespace {

// Alembic resolves relative paths from where it runs; each test chooses that folder and gets its own back.
class CurrentDirectory
{
public:
    explicit CurrentDirectory(const QString &path) : m_previous(QDir::currentPath()) { QDir::setCurrent(path); }
    ~CurrentDirectory() { QDir::setCurrent(m_previous); }

private:
    QString m_previous;
};

} // namespace

class TestAlembicIni : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void values_data();
    void values();
    void errors_data();
    void errors();
    void missingSectionNamesTheOthers();

    void scriptLocationFromCurrentDirectoryThenIniFolder();
    void scriptLocationForms_data();
    void scriptLocationForms();
    void flaskMigrateLayout();
    void missingScriptLocation();
    void versionLocations_data();
    void versionLocations();
    void badSeparator_data();
    void badSeparator();
    void recursiveFlag_data();
    void recursiveFlag();
    void sectionByName();
    void sqlalchemyUrl_data();
    void sqlalchemyUrl();
    void retortIniWithAlembicIni();
    void retortIniWithBothLocations();
    void folders();
    void projectRootAndWriterSettings();

private:
    QString root() const { return m_dir->path(); }
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    void makeFolder(const QString &relative) { QVERIFY(QDir().mkpath(path(relative))); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

#define LOAD_OK(config, ...)                                                                                           \
    const auto config = ProjectConfig::load(__VA_ARGS__);                                                              \
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message))

void TestAlembicIni::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestAlembicIni::values_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("key");   // in [a]
    QTest::addColumn<QString>("value"); // %1 is the ini's folder

    QTest::newRow("equals") << "[a]\nk = v\n"
                            << "k"
                            << "v";
    QTest::newRow("colon") << "[a]\nk: v\n"
                           << "k"
                           << "v";
    QTest::newRow("first delimiter, colon") << "[a]\nk: x = y\n"
                                            << "k"
                                            << "x = y";
    QTest::newRow("first delimiter, equals") << "[a]\nk = x: y\n"
                                             << "k"
                                             << "x: y";
    QTest::newRow("keys lower-cased") << "[a]\nSQLAlchemy.URL = v\n"
                                      << "sqlalchemy.url"
                                      << "v";
    QTest::newRow("no inline comments") << "[a]\nk = v ; not a comment # nor this\n"
                                        << "k"
                                        << "v ; not a comment # nor this";
    QTest::newRow("full-line comments") << "# c\n[a]\n; c\n  # c\nk = v\n"
                                        << "k"
                                        << "v";
    QTest::newRow("empty value") << "[a]\nk =\n"
                                 << "k"
                                 << "";
    QTest::newRow("continuation") << "[a]\nk = one\n    two\n\n    three\n\nnext = x\n"
                                  << "k"
                                  << "one\ntwo\n\nthree";
    QTest::newRow("comment inside continuation") << "[a]\nk = one\n  # c\n  two\n"
                                                 << "k"
                                                 << "one\ntwo";
    QTest::newRow("value on the next line") << "[a]\nk =\n    one\n    two\n"
                                            << "k"
                                            << "\none\ntwo";
    QTest::newRow("same section") << "[a]\nbase = /x\nk = %(base)s/y\n"
                                  << "k"
                                  << "/x/y";
    QTest::newRow("from DEFAULT") << "[DEFAULT]\nbase = /d\n[a]\nk = %(base)s/y\n"
                                  << "k"
                                  << "/d/y";
    QTest::newRow("section wins over DEFAULT") << "[DEFAULT]\nbase = /d\n[a]\nbase = /s\nk = %(base)s\n"
                                               << "k"
                                               << "/s";
    QTest::newRow("DEFAULT key belongs to the section") << "[DEFAULT]\nk = d\n[a]\n"
                                                        << "k"
                                                        << "d";
    QTest::newRow("here") << "[a]\nk = %(here)s/migrations\n"
                          << "k"
                          << "%1/migrations";
    QTest::newRow("here set in the file") << "[DEFAULT]\nhere = /elsewhere\n[a]\nk = %(here)s\n"
                                          << "k"
                                          << "/elsewhere";
    QTest::newRow("percent escape") << "[a]\nk = %%(rev)s_%%(slug)s 100%%\n"
                                    << "k"
                                    << "%(rev)s_%(slug)s 100%";
    QTest::newRow("nested") << "[a]\nx = %(y)s!\ny = %(z)s%%\nz = 1\nk = <%(x)s>\n"
                            << "k"
                            << "<1%!>";
    QTest::newRow("reference upper case") << "[a]\nbase = b\nk = %(BASE)s\n"
                                          << "k"
                                          << "b";
    QTest::newRow("text after a header") << "[a] ; note\nk = v\n"
                                         << "k"
                                         << "v";
    QTest::newRow("CRLF and BOM") << "\xEF\xBB\xBF[a]\r\nk = v\r\n  w\r\n"
                                  << "k"
                                  << "v\nw";
    QTest::newRow("DEFAULT twice") << "[DEFAULT]\nx = 1\n[a]\n[DEFAULT]\nk = 2\n"
                                   << "k"
                                   << "2";
}

void TestAlembicIni::values()
{
    QFETCH(QString, text);
    QFETCH(QString, key);
    QFETCH(QString, value);
    const auto ini = AlembicIni::parse(text, path(QStringLiteral("alembic.ini")));
    QVERIFY2(ini.ok(), qPrintable(ini.ok() ? QString() : ini.error().message));
    const auto read = ini->value(QStringLiteral("a"), key);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    QVERIFY(read->has_value());
    QCOMPARE(read.value()->text, QString(value).replace(QLatin1String("%1"), QDir::cleanPath(root())));
    QVERIFY(!ini->sectionNames().contains(QStringLiteral("DEFAULT")));
}

void TestAlembicIni::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("key");     // read from [a]; empty: the parse fails
    QTest::addColumn<QString>("message"); // %1 is the ini's path

    QTest::newRow("duplicate section") << "[a]\n[b]\n[a]\n"
                                       << ""
                                       << "%1:3: duplicate section [a] (first on line 1)";
    QTest::newRow("duplicate key") << "[a]\nk = 1\nK: 2\n"
                                   << ""
                                   << "%1:3: duplicate key 'k' in [a] (first on line 2)";
    QTest::newRow("duplicate DEFAULT key") << "[DEFAULT]\nk = 1\n[DEFAULT]\nk = 2\n"
                                           << ""
                                           << "%1:4: duplicate key 'k' in [DEFAULT] (first on line 2)";
    QTest::newRow("key before a section") << "k = v\n[a]\n"
                                          << ""
                                          << "%1:1: a key before any [section]";
    QTest::newRow("no delimiter") << "[a]\njust words\n"
                                  << ""
                                  << "%1:2: expected 'key = value', 'key: value' or '[section]'";
    QTest::newRow("no key") << "[a]\n= v\n"
                            << ""
                            << "%1:2: expected 'key = value', 'key: value' or '[section]'";
    QTest::newRow("empty header") << "[a]\n[]\n"
                                  << ""
                                  << "%1:2: expected 'key = value', 'key: value' or '[section]'";
    QTest::newRow("missing reference") << "[a]\nk = %(nope)s\n"
                                       << "k"
                                       << "%1:2: 'k' in [a]: %(nope)s names no key of [a] or [DEFAULT]";
    QTest::newRow("lone percent") << "[a]\n\nk = 50% off\n"
                                  << "k"
                                  << "%1:3: 'k' in [a]: '%' must be followed by '%' or '(', found: '% off' (write "
                                     "%% for a literal %)";
    QTest::newRow("bad reference") << "[a]\nk = %(x\n"
                                   << "k"
                                   << "%1:2: 'k' in [a]: bad %(name)s reference at '%(x' (write %% for a literal %)";
    QTest::newRow("self reference") << "[a]\nk = %(k)s\n"
                                    << "k"
                                    << "%1:2: 'k' in [a]: %(name)s nested more than 10 deep (does a key refer to "
                                       "itself?)";
}

void TestAlembicIni::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, key);
    QFETCH(QString, message);
    const QString iniPath = path(QStringLiteral("alembic.ini"));
    const auto ini = AlembicIni::parse(text, iniPath);
    if (key.isEmpty()) {
        QVERIFY(!ini.ok());
        QCOMPARE(ini.error().message, message.arg(iniPath));
        QCOMPARE(ini.error().code, ErrorCode::Config);
        return;
    }
    QVERIFY2(ini.ok(), qPrintable(ini.ok() ? QString() : ini.error().message));
    const auto read = ini->value(QStringLiteral("a"), key);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().message, message.arg(iniPath));
    QVERIFY(ini->rawValue(QStringLiteral("a"), key).has_value()); // the raw text stays readable
}

void TestAlembicIni::missingSectionNamesTheOthers()
{
    const QString iniPath = path(QStringLiteral("alembic.ini"));
    QVERIFY(writeFile(iniPath, "[one]\nscript_location = m\n[two]\n"));
    const auto config = ProjectConfig::load(iniPath, QProcessEnvironment());
    QVERIFY(!config.ok());
    QCOMPARE(config.error().message, iniPath + QStringLiteral(": no [alembic] section; it has [one], [two]"));
    QVERIFY(writeFile(iniPath, "# nothing\n"));
    const auto empty = ProjectConfig::load(iniPath, QProcessEnvironment());
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().message, iniPath + QStringLiteral(": no [alembic] section; it has no sections"));
}

void TestAlembicIni::scriptLocationFromCurrentDirectoryThenIniFolder()
{
    makeFolder(QStringLiteral("project/migrations/versions"));
    makeFolder(QStringLiteral("elsewhere"));
    const QString iniPath = path(QStringLiteral("project/alembic.ini"));
    QVERIFY(writeFile(iniPath, "[alembic]\nscript_location = migrations\n"));
    {
        const CurrentDirectory here(path(QStringLiteral("project")));
        LOAD_OK(config, iniPath, QProcessEnvironment());
        QVERIFY(config->isAlembicProject());
        QCOMPARE(config->alembicIniPath(), iniPath);
        QCOMPARE(config->scriptLocation(), path(QStringLiteral("project/migrations")));
        QCOMPARE(config->scriptLocationSetAt().line, 2);
        QCOMPARE(config->versionLocations(), QStringList{path(QStringLiteral("project/migrations/versions"))});
        QVERIFY(config->warnings().isEmpty());
        QCOMPARE(config->versionTable(), QStringLiteral("alembic_version"));
        QCOMPARE(config->historyTable(), QStringLiteral("retort_history"));
        QVERIFY(config->environments().isEmpty());
        QVERIFY(!config->recursiveVersionLocations());
    }
    {
        const CurrentDirectory elsewhere(path(QStringLiteral("elsewhere")));
        LOAD_OK(config, iniPath, QProcessEnvironment());
        QCOMPARE(config->scriptLocation(), path(QStringLiteral("project/migrations")));
        QCOMPARE(config->warnings().size(), 1);
        const QString note = config->warnings().first().toString();
        QVERIFY2(note.startsWith(iniPath + QStringLiteral(":2: script_location 'migrations' is not under the current "
                                                          "directory")),
                 qPrintable(note));
    }
    {
        // The current directory's folder comes first, as in Alembic.
        makeFolder(QStringLiteral("elsewhere/migrations/versions"));
        const CurrentDirectory elsewhere(path(QStringLiteral("elsewhere")));
        LOAD_OK(config, iniPath, QProcessEnvironment());
        QCOMPARE(config->scriptLocation(), path(QStringLiteral("elsewhere/migrations")));
        QVERIFY(config->warnings().isEmpty());
    }
}

void TestAlembicIni::scriptLocationForms_data()
{
    QTest::addColumn<QString>("scriptLocation");
    QTest::addColumn<QString>("expected"); // relative to the temporary folder

    QTest::newRow("relative") << "app/db/migrations"
                              << "app/db/migrations";
    QTest::newRow("%(here)s") << "%(here)s/app/db/migrations"
                              << "app/db/migrations";
    QTest::newRow("package:path") << "app.db:migrations"
                                  << "app/db/migrations";
    QTest::newRow("package:nested path") << "app:db:migrations"
                                         << "app/db/migrations";
    QTest::newRow("absolute") << "%1/app/db/migrations"
                              << "app/db/migrations";
}

void TestAlembicIni::scriptLocationForms()
{
    QFETCH(QString, scriptLocation);
    QFETCH(QString, expected);
    makeFolder(QStringLiteral("app/db/migrations/versions"));
    QVERIFY(writeFile(path(QStringLiteral("app/__init__.py")), ""));
    QVERIFY(writeFile(path(QStringLiteral("alembic.ini")),
                      QStringLiteral("[alembic]\nscript_location = ") +
                          QString(scriptLocation).replace(QLatin1String("%1"), root()) + QLatin1Char('\n')));
    const CurrentDirectory here(root());
    LOAD_OK(config, path(QStringLiteral("alembic.ini")), QProcessEnvironment());
    QCOMPARE(config->scriptLocation(), QDir::cleanPath(path(expected)));
}

void TestAlembicIni::flaskMigrateLayout()
{
    makeFolder(QStringLiteral("migrations/versions"));
    QVERIFY(writeFile(path(QStringLiteral("migrations/env.py")), "# env\n"));
    QVERIFY(writeFile(path(QStringLiteral("migrations/alembic.ini")),
                      "# A generic, single database configuration.\n\n[alembic]\n# template used to generate "
                      "migration files\n# file_template = %%(rev)s_%%(slug)s\n\n[loggers]\nkeys = root\n"));
    const CurrentDirectory here(root());
    LOAD_OK(config, path(QStringLiteral("migrations/alembic.ini")), QProcessEnvironment());
    QCOMPARE(config->scriptLocation(), path(QStringLiteral("migrations")));
    QCOMPARE(config->versionLocations(), QStringList{path(QStringLiteral("migrations/versions"))});
    QCOMPARE(config->envPyPath(), path(QStringLiteral("migrations/env.py")));
}

void TestAlembicIni::missingScriptLocation()
{
    const QString iniPath = path(QStringLiteral("alembic.ini"));
    QVERIFY(writeFile(iniPath, "\n[alembic]\nsqlalchemy.url = sqlite://\n"));
    const CurrentDirectory here(root());
    const auto config = ProjectConfig::load(iniPath, QProcessEnvironment());
    QVERIFY(!config.ok());
    QVERIFY2(config.error().message.startsWith(iniPath +
                                               QStringLiteral(":2: No 'script_location' key found in configuration")),
             qPrintable(config.error().message));

    QVERIFY(writeFile(iniPath, "[alembic]\nscript_location = nowhere\n"));
    const auto missing = ProjectConfig::load(iniPath, QProcessEnvironment());
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().message,
             iniPath + QStringLiteral(":2: Path doesn't exist: '%1'.  Please use the 'init' command to create a new "
                                      "scripts folder.")
                           .arg(path(QStringLiteral("nowhere"))));
}

void TestAlembicIni::versionLocations_data()
{
    QTest::addColumn<QString>("settings");     // lines after script_location
    QTest::addColumn<QStringList>("expected"); // folders under the temporary folder

    QTest::newRow("none: versions/") << "" << QStringList{"migrations/versions"};
    QTest::newRow("empty: versions/") << "version_locations =\n" << QStringList{"migrations/versions"};
    QTest::newRow("replaces versions/") << "version_locations = a\n" << QStringList{"a"};
    QTest::newRow("legacy: spaces and commas") << "version_locations = a, b  c,d\n" << QStringList{"a", "b", "c", "d"};
    QTest::newRow("legacy: not on ':'") << "version_locations = a:b\n" << QStringList{};
    QTest::newRow("path_separator space") << "path_separator = space\nversion_locations = a  b\n"
                                          << QStringList{"a", "b"};
    QTest::newRow("path_separator newline") << "path_separator = newline\nversion_locations =\n    a\n    c d\n"
                                            << QStringList{"a", "c d"};
    QTest::newRow("path_separator os") << "path_separator = os\nversion_locations = a:b\n" << QStringList{"a", "b"};
    QTest::newRow("path_separator :") << "path_separator = :\nversion_locations = a:c d\n" << QStringList{"a", "c d"};
    QTest::newRow("path_separator ;") << "path_separator = ;\nversion_locations = a; b\n" << QStringList{"a", "b"};
    QTest::newRow("version_path_separator") << "version_path_separator = ;\nversion_locations = a;b\n"
                                            << QStringList{"a", "b"};
    QTest::newRow("path_separator wins") << "path_separator = ;\nversion_path_separator = :\n"
                                            "version_locations = a;b\n"
                                         << QStringList{"a", "b"};
    QTest::newRow("missing folders skipped") << "version_locations = a nope b\n" << QStringList{"a", "b"};
    QTest::newRow("%(here)s and duplicates") << "version_locations = %(here)s/a a\n" << QStringList{"a"};
    QTest::newRow("listing versions/ itself") << "version_locations = migrations/versions b\n"
                                              << QStringList{"migrations/versions", "b"};
}

void TestAlembicIni::versionLocations()
{
    QFETCH(QString, settings);
    QFETCH(QStringList, expected);
    for (const char *folder : {"migrations/versions", "a", "b", "c", "c d", "d"})
        makeFolder(QString::fromUtf8(folder));
    const QString iniPath = path(QStringLiteral("alembic.ini"));
    QVERIFY(writeFile(iniPath, QStringLiteral("[alembic]\nscript_location = migrations\n") + settings));
    const CurrentDirectory here(root());
    LOAD_OK(config, iniPath, QProcessEnvironment());
    QStringList folders;
    for (const QString &folder : config->versionLocations())
        folders << QDir(root()).relativeFilePath(folder);
    QCOMPARE(folders, expected);
    if (QTest::currentDataTag() == QLatin1String("missing folders skipped")) {
        QCOMPARE(config->warnings().size(), 1);
        QCOMPARE(config->warnings().first().toString(),
                 iniPath + QStringLiteral(":3: version_locations: %1 does not exist; skipped, as Alembic skips it")
                               .arg(path(QStringLiteral("nope"))));
    }
}

void TestAlembicIni::badSeparator_data()
{
    QTest::addColumn<QString>("settings");
    QTest::addColumn<QString>("message"); // %1 is the ini's path

    QTest::newRow("path_separator") << "version_locations = a\npath_separator = comma\n"
                                    << "%1:4: 'comma' is not a valid value for path_separator; expected 'space', "
                                       "'newline', 'os', ':', ';'";
    QTest::newRow("version_path_separator") << "version_path_separator = ,\nversion_locations = a\n"
                                            << "%1:3: ',' is not a valid value for version_path_separator; expected "
                                               "'space', 'newline', 'os', ':', ';'";
}

void TestAlembicIni::badSeparator()
{
    QFETCH(QString, settings);
    QFETCH(QString, message);
    makeFolder(QStringLiteral("migrations/versions"));
    const QString iniPath = path(QStringLiteral("alembic.ini"));
    QVERIFY(writeFile(iniPath, QStringLiteral("[alembic]\nscript_location = migrations\n") + settings));
    const CurrentDirectory here(root());
    const auto config = ProjectConfig::load(iniPath, QProcessEnvironment());
    QVERIFY(!config.ok());
    QCOMPARE(config.error().message, message.arg(iniPath));
}

void TestAlembicIni::recursiveFlag_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("recursive");
    QTest::addColumn<bool>("warned");

    QTest::newRow("true") << "true" << true << false;
    QTest::newRow("false") << "false" << false << false;
    QTest::newRow("True: off, as in Alembic") << "True" << false << true;
    QTest::newRow("yes: off, as in Alembic") << "yes" << false << true;
}

void TestAlembicIni::recursiveFlag()
{
    QFETCH(QString, value);
    QFETCH(bool, recursive);
    QFETCH(bool, warned);
    makeFolder(QStringLiteral("migrations/versions"));
    const QString iniPath = path(QStringLiteral("alembic.ini"));
    QVERIFY(writeFile(iniPath, QStringLiteral("[alembic]\nscript_location = migrations\nrecursive_version_locations = "
                                              "%1\n")
                                   .arg(value)));
    const CurrentDirectory here(root());
    LOAD_OK(config, iniPath, QProcessEnvironment());
    QCOMPARE(config->recursiveVersionLocations(), recursive);
    QCOMPARE(config->warnings().size(), warned ? 1 : 0);
}

void TestAlembicIni::sectionByName()
{
    makeFolder(QStringLiteral("one/versions"));
    makeFolder(QStringLiteral("two/versions"));
    const QString iniPath = path(QStringLiteral("alembic.ini"));
    QVERIFY(writeFile(iniPath, "[alembic]\nscript_location = one\n\n[second_db]\nscript_location = two\n"));
    const CurrentDirectory here(root());
    LOAD_OK(first, iniPath, QProcessEnvironment());
    QCOMPARE(first->scriptLocation(), path(QStringLiteral("one")));
    LOAD_OK(second, iniPath, QProcessEnvironment(), QStringLiteral("second_db"));
    QCOMPARE(second->scriptLocation(), path(QStringLiteral("two")));
    const auto missing = ProjectConfig::load(iniPath, QProcessEnvironment(), QStringLiteral("third"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().message, iniPath + QStringLiteral(": no [third] section; it has [alembic], [second_db]"));
}

void TestAlembicIni::sqlalchemyUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("databaseUrl"); // DATABASE_URL, empty: unset
    QTest::addColumn<QString>("source");      // empty: no URL resolves

    QTest::newRow("placeholder") << "driver://user:pass@localhost/dbname"
                                 << ""
                                 << "";
    QTest::newRow("empty") << ""
                           << ""
                           << "";
    QTest::newRow("interpolation left over") << "%(DB_URL)s"
                                             << ""
                                             << "";
    QTest::newRow("environment variable") << "${DATABASE_URL}"
                                          << ""
                                          << "";
    QTest::newRow("not a URL") << "not a url"
                               << ""
                               << "";
    QTest::newRow("literal") << "sqlite:///app.db"
                             << ""
                             << "sqlalchemy.url (alembic.ini:3)";
    QTest::newRow("DATABASE_URL comes first") << "sqlite:///app.db"
                                              << "sqlite:///other.db"
                                              << "DATABASE_URL";
    QTest::newRow("placeholder, DATABASE_URL") << "driver://user:pass@localhost/dbname"
                                               << "sqlite:///other.db"
                                               << "DATABASE_URL";
}

void TestAlembicIni::sqlalchemyUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, databaseUrl);
    QFETCH(QString, source);
    makeFolder(QStringLiteral("migrations/versions"));
    const QString iniPath = path(QStringLiteral("alembic.ini"));
    QVERIFY(writeFile(iniPath, QStringLiteral("[alembic]\nscript_location = migrations\nsqlalchemy.url = %1\n")
                                   .arg(QString(url).replace(QLatin1String("%("), QLatin1String("%%(")))));
    const CurrentDirectory here(root());
    QProcessEnvironment env;
    if (!databaseUrl.isEmpty())
        env.insert(QStringLiteral("DATABASE_URL"), databaseUrl);
    LOAD_OK(config, iniPath, env);
    const auto target = config->resolveTarget(QString(), QString(), env);
    if (source.isEmpty()) {
        QVERIFY(!target.ok());
        QCOMPARE(target.error().code, ErrorCode::NoDatabaseUrl);
        QCOMPARE(target.error().message,
                 QStringLiteral("no database URL: sqlalchemy.url in %1:3 is a placeholder and is not used; pass --url, "
                                "-e ENV or set DATABASE_URL")
                     .arg(iniPath));
        return;
    }
    QVERIFY2(target.ok(), qPrintable(target.ok() ? QString() : target.error().message));
    QCOMPARE(target->source, source);
    // --url still comes first.
    const auto overridden = config->resolveTarget(QStringLiteral("sqlite:///x.db"), QString(), env);
    QVERIFY(overridden.ok());
    QCOMPARE(overridden->source, QStringLiteral("--url"));
}

void TestAlembicIni::retortIniWithAlembicIni()
{
    makeFolder(QStringLiteral("db/migrations/versions"));
    makeFolder(QStringLiteral("db/release1"));
    QVERIFY(writeFile(path(QStringLiteral("db/alembic.ini")),
                      "[alembic]\nscript_location = %(here)s/migrations\nversion_locations = %(here)s/release1\n"
                      "recursive_version_locations = true\nsqlalchemy.url = driver://user:pass@localhost/dbname\n"));
    QVERIFY(writeFile(path(QStringLiteral("retort.ini")),
                      "[retort]\nalembic_ini = db/alembic.ini\nhistory_table = audit\ndefault_env = dev\n\n"
                      "[env.dev]\nurl = sqlite:///dev.db\n"));
    LOAD_OK(config, path(QStringLiteral("retort.ini")), QProcessEnvironment());
    QVERIFY(!config->isAlembicProject());
    QCOMPARE(config->alembicIniPath(), path(QStringLiteral("db/alembic.ini")));
    QCOMPARE(config->scriptLocation(), path(QStringLiteral("db/migrations")));
    QCOMPARE(config->versionLocations(), QStringList{path(QStringLiteral("db/release1"))});
    QVERIFY(config->recursiveVersionLocations());
    QCOMPARE(config->historyTable(), QStringLiteral("audit"));
    QCOMPARE(config->environmentNames(), QStringList{QStringLiteral("dev")});
    const auto target = config->resolveTarget(QString(), QString(), QProcessEnvironment());
    QVERIFY(target.ok());
    QCOMPARE(target->source, QStringLiteral("default_env 'dev'"));
}

void TestAlembicIni::retortIniWithBothLocations()
{
    makeFolder(QStringLiteral("migrations/versions"));
    QVERIFY(writeFile(path(QStringLiteral("alembic.ini")), "[alembic]\nscript_location = migrations\n"));
    const QString iniPath = path(QStringLiteral("retort.ini"));
    QVERIFY(writeFile(iniPath, "[retort]\nscript_location = migrations\nalembic_ini = alembic.ini\n"));
    const auto config = ProjectConfig::load(iniPath, QProcessEnvironment());
    QVERIFY(!config.ok());
    QCOMPARE(config.error().message,
             iniPath + QStringLiteral(":2: script_location and alembic_ini (line 3) both say where the scripts are; "
                                      "keep alembic_ini, which takes them from alembic.ini"));
}

void TestAlembicIni::folders()
{
    // A bare versions folder.
    makeFolder(QStringLiteral("migrations/versions"));
    QVERIFY(writeFile(path(QStringLiteral("migrations/versions/abc_first.py")), "revision = 'abc'\n"));
    QVERIFY(writeFile(path(QStringLiteral("migrations/env.py")), "# env\n"));
    {
        LOAD_OK(config, path(QStringLiteral("migrations/versions")), QProcessEnvironment());
        QVERIFY(config->isAlembicProject());
        QVERIFY(config->alembicIniPath().isEmpty());
        QCOMPARE(config->versionLocations(), QStringList{path(QStringLiteral("migrations/versions"))});
        QCOMPARE(config->scriptLocation(), path(QStringLiteral("migrations")));
        const auto target = config->resolveTarget(QString(), QString(), QProcessEnvironment());
        QVERIFY(!target.ok());
        QCOMPARE(target.error().message, QStringLiteral("no database URL: pass --url or set DATABASE_URL"));
    }
    // A folder with an alembic.ini.
    QVERIFY(writeFile(path(QStringLiteral("alembic.ini")), "[alembic]\nscript_location = %(here)s/migrations\n"));
    {
        LOAD_OK(config, root(), QProcessEnvironment());
        QCOMPARE(config->alembicIniPath(), path(QStringLiteral("alembic.ini")));
        QCOMPARE(config->scriptLocation(), path(QStringLiteral("migrations")));
    }
    // retort.ini comes first.
    QVERIFY(writeFile(path(QStringLiteral("retort.ini")), "[retort]\nscript_location = migrations\n"));
    {
        LOAD_OK(config, root(), QProcessEnvironment());
        QVERIFY(!config->isAlembicProject());
        QCOMPARE(config->iniPath(), path(QStringLiteral("retort.ini")));
    }
    // Nothing to open.
    makeFolder(QStringLiteral("empty"));
    QVERIFY(writeFile(path(QStringLiteral("empty/__init__.py")), ""));
    const auto empty = ProjectConfig::load(path(QStringLiteral("empty")), QProcessEnvironment());
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().message,
             path(QStringLiteral("empty")) +
                 QStringLiteral(": no retort.ini, alembic.ini or revision files (*.py, *.sql) in this folder"));
}

void TestAlembicIni::projectRootAndWriterSettings()
{
    makeFolder(QStringLiteral("service/db/migrations/versions"));
    QVERIFY(writeFile(path(QStringLiteral("service/pyproject.toml")), "[project]\n"));
    const QString iniPath = path(QStringLiteral("service/db/alembic.ini"));
    QVERIFY(writeFile(iniPath, "[alembic]\nscript_location = %(here)s/migrations\n"
                               "file_template = %%(year)d_%%(rev)s_%%(slug)s\ntruncate_slug_length = 20\n"));
    LOAD_OK(config, iniPath, QProcessEnvironment());
    QCOMPARE(config->projectRoot(), path(QStringLiteral("service")));
    QCOMPARE(config->fileTemplate(), QStringLiteral("%(year)d_%(rev)s_%(slug)s"));
    QCOMPARE(config->truncateSlugLength(), std::optional<int>(20));
    QVERIFY(config->envPyPath().isEmpty());

    QVERIFY(QFile::remove(path(QStringLiteral("service/pyproject.toml"))));
    QVERIFY(writeFile(iniPath, "[alembic]\nscript_location = %(here)s/migrations\ntruncate_slug_length = many\n"));
    const auto bad = ProjectConfig::load(iniPath, QProcessEnvironment());
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message,
             iniPath + QStringLiteral(":3: invalid truncate_slug_length 'many'; expected a whole number"));

    QVERIFY(writeFile(iniPath, "[alembic]\nscript_location = %(here)s/migrations\n"));
    LOAD_OK(plain, iniPath, QProcessEnvironment());
    QCOMPARE(plain->fileTemplate(), QStringLiteral("%(rev)s_%(slug)s"));
    QVERIFY(!plain->truncateSlugLength());
}

QTEST_GUILESS_MAIN(TestAlembicIni)
#include "tst_alembicini.moc"
