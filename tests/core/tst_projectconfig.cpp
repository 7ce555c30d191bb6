// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/TestFiles.h"
#include "core/script/ProjectConfig.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace retort;
using namespace retort::testing;

namespace {

const QString kMinimal = QStringLiteral("[retort]\nscript_location = migrations\n");

// `pairs` are "NAME=value"; tests never read the real environment.
QProcessEnvironment makeEnv(const QStringList &pairs = {})
{
    QProcessEnvironment env;
    for (const QString &pair : pairs) {
        const qsizetype equals = pair.indexOf(u'=');
        env.insert(pair.left(equals), pair.mid(equals + 1));
    }
    return env;
}

} // namespace

class TestProjectConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void designExample();
    void defaults();
    void values_data();
    void values();
    void commentsCrLfAndBom();
    void booleans_data();
    void booleans();
    void versionLocations();
    void historyTableCanBeDisabled();
    void environmentSettings();
    void expansion_data();
    void expansion();
    void warnings();
    void literalPasswordWarning_data();
    void literalPasswordWarning();
    void alembicPython_data();
    void alembicPython();
    void errors_data();
    void errors();
    void missingFile();
    void directoryInsteadOfFile();
    void relativeIniPath();
    void resolveTarget_data();
    void resolveTarget();
    void resolveTargetPaths();
    void resolveTargetErrors_data();
    void resolveTargetErrors();
    void defaultIniText_data();
    void defaultIniText();

private:
    Result<ProjectConfig> loadText(const QString &text, const QProcessEnvironment &env = makeEnv());
    QString projectDir() const { return m_dir->path(); }
    QString iniPath() const { return m_dir->filePath(QStringLiteral("retort.ini")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestProjectConfig::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestProjectConfig::cleanup()
{
    m_dir.reset();
}

Result<ProjectConfig> TestProjectConfig::loadText(const QString &text, const QProcessEnvironment &env)
{
    writeFile(iniPath(), text);
    return ProjectConfig::load(iniPath(), env);
}

#define LOAD_OK(config, ...)                                                                                           \
    const auto config = loadText(__VA_ARGS__);                                                                         \
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message))

void TestProjectConfig::designExample()
{
    // DESIGN.md's example, verbatim.
    const QString text = QStringLiteral(R"([retort]
script_location = migrations          ; folder holding versions/ (relative to this file)
version_locations =                   ; optional extra version folders, separated by spaces
version_table = alembic_version       ; Alembic's own name, so Alembic-managed databases are adopted as they are
version_table_schema =
history_table = retort_history        ; audit log of every run; empty disables it
transaction_per_migration = false     ; false: one transaction for the whole run (Alembic's default)
default_env = development

[env.development]
url = sqlite:///dev.db                ; relative to this file

[env.production]
url = ${DATABASE_URL}                 ; environment variables are expanded; no secret needs to be written down
production = true                     ; turns on the safety gates below
backup = auto                         ; auto | pg_dump | mysqldump | sqlite | none
backup_dir = backups
)");
    LOAD_OK(config, text, makeEnv({QStringLiteral("DATABASE_URL=postgresql://app:pw@db.example.com:5432/prod")}));

    QCOMPARE(toStrings(config->warnings()), QStringList());
    QCOMPARE(config->iniPath(), iniPath());
    QCOMPARE(config->projectDir(), projectDir());
    QCOMPARE(config->scriptLocation(), projectDir() + QStringLiteral("/migrations"));
    QCOMPARE(config->versionLocations(), QStringList{projectDir() + QStringLiteral("/migrations/versions")});
    QCOMPARE(config->versionTable(), QStringLiteral("alembic_version"));
    QCOMPARE(config->versionTableSchema(), QString());
    QCOMPARE(config->historyTable(), QStringLiteral("retort_history"));
    QCOMPARE(config->transactionPerMigration(), false);
    QCOMPARE(config->defaultEnv(), QStringLiteral("development"));
    QCOMPARE(config->environmentNames(), (QStringList{QStringLiteral("development"), QStringLiteral("production")}));

    const EnvironmentConfig development = config->environments().value(QStringLiteral("development"));
    QCOMPARE(development.name, QStringLiteral("development"));
    QCOMPARE(development.url, QStringLiteral("sqlite:///dev.db"));
    QCOMPARE(development.production, false);
    QCOMPARE(development.backup, QStringLiteral("auto"));
    QCOMPARE(development.backupDir, projectDir() + QStringLiteral("/backups"));

    const EnvironmentConfig production = config->environments().value(QStringLiteral("production"));
    QCOMPARE(production.url, QStringLiteral("postgresql://app:pw@db.example.com:5432/prod"));
    QCOMPARE(production.production, true);
    QCOMPARE(production.backup, QStringLiteral("auto"));
    QCOMPARE(production.backupDir, projectDir() + QStringLiteral("/backups"));
    QCOMPARE(production.options.value(QStringLiteral("production")), QStringLiteral("true"));
    QCOMPARE(production.options.value(QStringLiteral("url")), production.url);
}

void TestProjectConfig::defaults()
{
    LOAD_OK(config, kMinimal);
    QCOMPARE(toStrings(config->warnings()), QStringList());
    QCOMPARE(config->scriptLocation(), projectDir() + QStringLiteral("/migrations"));
    QCOMPARE(config->versionLocations(), QStringList{projectDir() + QStringLiteral("/migrations/versions")});
    QCOMPARE(config->versionTable(), QStringLiteral("alembic_version"));
    QCOMPARE(config->versionTableSchema(), QString());
    QCOMPARE(config->historyTable(), QStringLiteral("retort_history"));
    QCOMPARE(config->transactionPerMigration(), false);
    QCOMPARE(config->defaultEnv(), QString());
    QVERIFY(config->environments().isEmpty());
}

void TestProjectConfig::values_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("value");

    QTest::newRow("plain") << "version_table_schema = public"
                           << "public";
    QTest::newRow("no spaces") << "version_table_schema=public"
                               << "public";
    QTest::newRow("case and padding") << "   VERSION_Table_Schema   =   public   "
                                      << "public";
    QTest::newRow("semicolon comment") << "version_table_schema = public ; the default schema"
                                       << "public";
    QTest::newRow("hash comment after tab") << "version_table_schema = public\t# comment"
                                            << "public";
    QTest::newRow("semicolon inside") << "version_table_schema = a;b"
                                      << "a;b";
    QTest::newRow("hash inside") << "version_table_schema = a#b"
                                 << "a#b";
    QTest::newRow("inner spaces kept") << "version_table_schema = my   schema"
                                       << "my   schema";
    QTest::newRow("equals inside") << "version_table_schema = a = b"
                                   << "a = b";
    QTest::newRow("empty") << "version_table_schema ="
                           << "";
    QTest::newRow("only a comment") << "version_table_schema =                 ; nothing"
                                    << "";
}

void TestProjectConfig::values()
{
    QFETCH(QString, line);
    LOAD_OK(config, kMinimal + line + u'\n');
    QCOMPARE(toStrings(config->warnings()), QStringList());
    QTEST(config->versionTableSchema(), "value");
}

void TestProjectConfig::commentsCrLfAndBom()
{
    const QString text = QStringLiteral("\xFEFF; leading comment\r\n"
                                        "# another\r\n"
                                        "\r\n"
                                        "   ; indented comment\r\n"
                                        "[retort]   ; section comment\r\n"
                                        "script_location = db\r\n"
                                        "\t# indented hash comment\r\n"
                                        "version_table = versions\r\n");
    LOAD_OK(config, text);
    QCOMPARE(toStrings(config->warnings()), QStringList());
    QCOMPARE(config->scriptLocation(), projectDir() + QStringLiteral("/db"));
    QCOMPARE(config->versionTable(), QStringLiteral("versions"));
}

void TestProjectConfig::booleans_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("value");

    QTest::newRow("true") << "true" << true;
    QTest::newRow("TRUE") << "TRUE" << true;
    QTest::newRow("yes") << "yes" << true;
    QTest::newRow("Yes") << "Yes" << true;
    QTest::newRow("on") << "on" << true;
    QTest::newRow("1") << "1" << true;
    QTest::newRow("false") << "false" << false;
    QTest::newRow("no") << "no" << false;
    QTest::newRow("off") << "off" << false;
    QTest::newRow("0") << "0" << false;
}

void TestProjectConfig::booleans()
{
    QFETCH(QString, text);
    QFETCH(bool, value);
    LOAD_OK(config, kMinimal + QStringLiteral("transaction_per_migration = %1\n[env.x]\nproduction = %1\n").arg(text));
    QCOMPARE(config->transactionPerMigration(), value);
    QCOMPARE(config->environments().value(QStringLiteral("x")).production, value);
}

void TestProjectConfig::versionLocations()
{
    LOAD_OK(config, kMinimal + QStringLiteral("version_locations = extra   ../shared/versions\tmigrations/versions "
                                              "extra/ /abs/versions\n"));
    const QString parent = QFileInfo(projectDir()).absolutePath();
    QCOMPARE(
        config->versionLocations(),
        (QStringList{projectDir() + QStringLiteral("/migrations/versions"), projectDir() + QStringLiteral("/extra"),
                     parent + QStringLiteral("/shared/versions"), QStringLiteral("/abs/versions")}));
}

void TestProjectConfig::historyTableCanBeDisabled()
{
    LOAD_OK(config, kMinimal + QStringLiteral("history_table =          ; disabled\n"));
    QCOMPARE(config->historyTable(), QString());
}

void TestProjectConfig::environmentSettings()
{
    LOAD_OK(config, kMinimal + QStringLiteral("[env.a]\nbackup = PG_DUMP\nbackup_dir = dumps\nURL = mysql://h/db\n"
                                              "maintenance_contact = dba@example.com ; who to call\n"
                                              "[env.b]\nbackup = none\nbackup_dir = /var/backups/app\n"
                                              "db_lock_timeout = 2.5\ndb_statement_timeout = 0\n"
                                              "[env.c]\nbackup_dir =\n"
                                              "[env.d]\nbackup_dir = ~/retort-backups\n[env.e]\nbackup_dir = ~\n"
                                              "[env.f]\nbackup_dir = ~x/backups\n"));
    QCOMPARE(config->environments().value(QStringLiteral("a")).dbLockTimeoutSeconds, std::optional<double>());
    QCOMPARE(config->environments().value(QStringLiteral("b")).dbLockTimeoutSeconds, std::optional<double>(2.5));
    QCOMPARE(config->environments().value(QStringLiteral("b")).dbStatementTimeoutSeconds, std::optional<double>(0));
    // "~/" is the home folder, as a shell reads it; "~x" is a folder of the project like any other name.
    QCOMPARE(config->environments().value(QStringLiteral("d")).backupDir,
             QDir::homePath() + QStringLiteral("/retort-backups"));
    QCOMPARE(config->environments().value(QStringLiteral("e")).backupDir, QDir::cleanPath(QDir::homePath()));
    QCOMPARE(config->environments().value(QStringLiteral("f")).backupDir, projectDir() + QStringLiteral("/~x/backups"));
    const EnvironmentConfig a = config->environments().value(QStringLiteral("a"));
    QCOMPARE(a.backup, QStringLiteral("pg_dump"));
    QCOMPARE(a.backupDir, projectDir() + QStringLiteral("/dumps"));
    QCOMPARE(a.url, QStringLiteral("mysql://h/db"));
    QCOMPARE(a.options.value(QStringLiteral("maintenance_contact")), QStringLiteral("dba@example.com"));
    const EnvironmentConfig b = config->environments().value(QStringLiteral("b"));
    QCOMPARE(b.backup, QStringLiteral("none"));
    QCOMPARE(b.backupDir, QStringLiteral("/var/backups/app"));
    QCOMPARE(config->environments().value(QStringLiteral("c")).backupDir, projectDir() + QStringLiteral("/backups"));
    // A key of its own is kept, and named, in case it is a typo.
    QCOMPARE(toStrings(config->warnings()),
             QStringList{iniPath() + QStringLiteral(":7: unknown key 'maintenance_contact' in [env.a]")});
}

void TestProjectConfig::expansion_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("expanded");

    QTest::newRow("braces") << "${DB_HOST}"
                            << "db";
    QTest::newRow("bare") << "$DB_HOST"
                          << "db";
    QTest::newRow("inside a url") << "postgresql://${DB_USER}:${DB_PASSWORD}@$DB_HOST:5432/app"
                                  << "postgresql://app:p@ss w0rd@db:5432/app";
    QTest::newRow("bare ends at dot") << "$DB_HOST.internal"
                                      << "db.internal";
    QTest::newRow("bare takes the longest name") << "$DB_HOSTX"
                                                 << "";
    QTest::newRow("braces delimit") << "${DB_HOST}X"
                                    << "dbX";
    QTest::newRow("dollar dollar") << "$$DB_HOST"
                                   << "$DB_HOST";
    QTest::newRow("dollar dollar inside") << "a$$b"
                                          << "a$b";
    QTest::newRow("dollar before digit") << "price $5"
                                         << "price $5";
    QTest::newRow("trailing dollar") << "end$"
                                     << "end$";
    QTest::newRow("undefined") << "${UNDEFINED}"
                               << "";
    QTest::newRow("defined but empty") << "${EMPTY}x"
                                       << "x";
    QTest::newRow("value of a variable is not expanded again") << "$RAW"
                                                               << "$DB_HOST";
}

void TestProjectConfig::expansion()
{
    QFETCH(QString, raw);
    const QProcessEnvironment env =
        makeEnv({QStringLiteral("DB_HOST=db"), QStringLiteral("DB_USER=app"), QStringLiteral("DB_PASSWORD=p@ss w0rd"),
                 QStringLiteral("EMPTY="), QStringLiteral("RAW=$DB_HOST")});
    LOAD_OK(config, kMinimal + QStringLiteral("version_table_schema = %1\n[env.x]\nvalue = %1\n").arg(raw), env);
    QTEST(config->environments().value(QStringLiteral("x")).options.value(QStringLiteral("value")), "expanded");
    QTEST(config->versionTableSchema(), "expanded");
}

void TestProjectConfig::alembicPython_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<QString>("python"); // %1 is the folder of retort.ini
    QTest::newRow("unset") << QString() << QString();
    QTest::newRow("the project's virtualenv") << ".venv/bin/python"
                                              << "%1/.venv/bin/python";
    QTest::newRow("absolute") << "/opt/py/bin/python3"
                              << "/opt/py/bin/python3";
    QTest::newRow("a name on PATH") << "python3.11"
                                    << "python3.11";
    QTest::newRow("from the environment") << "${PROJECT_PY}"
                                          << "/srv/py/bin/python";
}

void TestProjectConfig::alembicPython()
{
    QFETCH(QString, written);
    QFETCH(QString, python);
    const QString section = written.isEmpty() ? QString() : QStringLiteral("[alembic]\npython = %1\n").arg(written);
    LOAD_OK(config, kMinimal + section, makeEnv({QStringLiteral("PROJECT_PY=/srv/py/bin/python")}));
    QCOMPARE(config->alembicPython(), python.contains(QLatin1String("%1")) ? python.arg(m_dir->path()) : python);
    QCOMPARE(config->alembicPythonSetAt().line, written.isEmpty() ? 0 : 4);
}

void TestProjectConfig::warnings()
{
    LOAD_OK(config, kMinimal + QStringLiteral("sqlalchemy.url = x\n"
                                              "[alembic]\n"
                                              "script_location = other\n"
                                              "[env.dev]\n"
                                              "custom = kept\n"
                                              "[Retort]\n"));
    QCOMPARE(toStrings(config->warnings()),
             (QStringList{iniPath() + QStringLiteral(":3: unknown key 'sqlalchemy.url' in [retort]"),
                          // retort.ini's [alembic] holds only `python`; Alembic's own settings live in alembic.ini.
                          iniPath() + QStringLiteral(":5: unknown key 'script_location' in [alembic]"),
                          iniPath() + QStringLiteral(":7: unknown key 'custom' in [env.dev]"),
                          iniPath() + QStringLiteral(":8: unknown section [Retort]")}));
    QCOMPARE(config->scriptLocation(), projectDir() + QStringLiteral("/migrations"));
    QCOMPARE(config->environments().value(QStringLiteral("dev")).options.value(QStringLiteral("custom")),
             QStringLiteral("kept"));
}

void TestProjectConfig::literalPasswordWarning_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("warned");
    QTest::newRow("literal password") << "postgresql://app:s3cret@db.example.com/shop" << true;
    QTest::newRow("literal, with $$ escape") << "postgresql://app:pa$$word@db/shop" << true;
    QTest::newRow("MySQL literal") << "mysql://root:hunter2@127.0.0.1:3306/shop" << true;
    QTest::newRow("password from a variable") << "postgresql://app:${PGPASSWORD}@db/shop" << false;
    QTest::newRow("$VAR form") << "postgresql://app:$PGPASSWORD@db/shop" << false;
    QTest::newRow("whole url from a variable") << "${DATABASE_URL}" << false;
    QTest::newRow("no password") << "postgresql://app@db/shop" << false;
    QTest::newRow("SQLite") << "sqlite:///dev.db" << false;
}

void TestProjectConfig::literalPasswordWarning()
{
    QFETCH(QString, url);
    QFETCH(bool, warned);
    QProcessEnvironment env = makeEnv();
    env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("from-env"));
    env.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("postgresql://u:from-env@h/d"));
    LOAD_OK(config, kMinimal + QStringLiteral("[env.prod]\nurl = ") + url + QLatin1Char('\n'), env);
    const QString warnings = toStrings(config->warnings()).join(QLatin1Char('\n'));
    QCOMPARE(warnings.contains(QStringLiteral(":4: the url of [env.prod] holds a password in plain text")), warned);
    for (const QString &secret : {QStringLiteral("s3cret"), QStringLiteral("hunter2"), QStringLiteral("from-env")})
        QVERIFY2(!warnings.contains(secret), qPrintable(warnings));
}

void TestProjectConfig::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message"); // %1 is the absolute ini path

    QTest::newRow("empty file") << ""
                                << "%1: missing [retort] section";
    QTest::newRow("empty alembic python") << kMinimal + "[alembic]\npython =\n"
                                          << "%1:4: [alembic] python is empty; name an interpreter, such as "
                                             ".venv/bin/python, or remove the line to use python3";
    // A misspelt key would quietly run another interpreter than the project's.
    QTest::newRow("alembic pyhton") << kMinimal + "[alembic]\npyhton = .venv/bin/python\n"
                                    << "%1:4: unknown key 'pyhton' in [alembic]: did you mean 'python'? without it "
                                       "another interpreter would run the project's Alembic, so this is an error, not "
                                       "a warning";
    QTest::newRow("no retort section") << "[env.dev]\nurl = sqlite://\n"
                                       << "%1: missing [retort] section";
    QTest::newRow("no script_location") << "[retort]\nversion_table = v\n"
                                        << "%1: missing 'script_location' in [retort]";
    QTest::newRow("empty script_location") << "[retort]\nscript_location =   ; later\n"
                                           << "%1: missing 'script_location' in [retort]";
    QTest::newRow("not key = value") << "[retort]\nscript_location = m\n\nthis is not valid\n"
                                     << "%1:4: expected 'key = value' or '[section]'";
    QTest::newRow("colon delimiter") << "[retort]\nscript_location: m\n"
                                     << "%1:2: expected 'key = value' or '[section]'";
    QTest::newRow("unclosed section") << "[retort\nscript_location = m\n"
                                      << "%1:1: expected 'key = value' or '[section]'";
    QTest::newRow("no key") << "[retort]\n = value\n"
                            << "%1:2: expected 'key = value' or '[section]'";
    QTest::newRow("key before any section") << "; comment\nscript_location = m\n[retort]\n"
                                            << "%1:2: 'script_location' is outside any [section]";
    QTest::newRow("empty section name") << "[retort]\nscript_location = m\n[  ]\n"
                                        << "%1:3: empty section name";
    QTest::newRow("duplicate section") << "[retort]\nscript_location = m\n[retort]\n"
                                       << "%1:3: duplicate section [retort] (first on line 1)";
    QTest::newRow("duplicate key") << "[retort]\nscript_location = a\nScript_Location = b\n"
                                   << "%1:3: duplicate key 'script_location' in [retort] (first on line 2)";
    QTest::newRow("bad transaction_per_migration")
        << "[retort]\nscript_location = m\ntransaction_per_migration = maybe\n"
        << "%1:3: invalid value 'maybe' for 'transaction_per_migration' in [retort]; expected true or false";
    QTest::newRow("empty version_table") << "[retort]\nscript_location = m\nversion_table =\n"
                                         << "%1:3: 'version_table' must not be empty";
    QTest::newRow("bad production") << "[retort]\nscript_location = m\n[env.prod]\nproduction = sure\n"
                                    << "%1:4: invalid value 'sure' for 'production' in [env.prod]; "
                                       "expected true or false";
    QTest::newRow("bad backup") << "[retort]\nscript_location = m\n[env.prod]\nbackup = tar\n"
                                << "%1:4: invalid backup 'tar' in [env.prod]; "
                                   "expected auto, pg_dump, mysqldump, sqlite or none";
    QTest::newRow("bad db_lock_timeout") << "[retort]\nscript_location = m\n[env.prod]\ndb_lock_timeout = 10s\n"
                                         << "%1:4: invalid db_lock_timeout '10s' in [env.prod]; expected seconds, "
                                            "e.g. 10 or 0.5 (0: no limit)";
    QTest::newRow("negative db_statement_timeout")
        << "[retort]\nscript_location = m\n[env.prod]\ndb_statement_timeout = -1\n"
        << "%1:4: invalid db_statement_timeout '-1' in [env.prod]; expected seconds, e.g. 10 or 0.5 (0: no limit)";
    QTest::newRow("environment without name") << "[retort]\nscript_location = m\n[env.]\n"
                                              << "%1:3: an environment section needs a name: [env.NAME]";
    QTest::newRow("default_env names nothing")
        << "[retort]\nscript_location = m\ndefault_env = staging\n[env.dev]\nurl = sqlite://\n"
        << "%1: default_env 'staging' names no [env.staging] section";
    QTest::newRow("default_env without environments") << "[retort]\nscript_location = m\ndefault_env = dev\n"
                                                      << "%1: default_env 'dev' names no [env.dev] section";
    QTest::newRow("unterminated variable") << "[retort]\nscript_location = ${HOME\n"
                                           << "%1:2: unterminated '${' (write $$ for a literal $)";
    QTest::newRow("bad variable name") << "[retort]\nscript_location = m\n[env.x]\nurl = ${A-B}\n"
                                       << "%1:4: invalid variable name '${A-B}'";
    QTest::newRow("empty variable name") << "[retort]\nscript_location = ${}\n"
                                         << "%1:2: invalid variable name '${}'";
    // Near misses of the keys that keep production safe fail closed (unknown keys only warn).
    const QString env = QStringLiteral(": did you mean '%1'? A misspelt production, backup or backup_dir would quietly "
                                       "leave the production gate or its backups off, so this is an error, not a "
                                       "warning");
    const QString table = QStringLiteral(": did you mean '%1'? A misspelt version or history table would read another "
                                         "table than the one that records what ran, so this is an error, not a "
                                         "warning");
    QTest::newRow("producton") << "[retort]\nscript_location = m\n[env.prod]\nproducton = true\n"
                               << "%1:4: unknown key 'producton' in [env.prod]" + env.arg("production");
    QTest::newRow("prodution, any value") << "[retort]\nscript_location = m\n[env.prod]\nprodution = no\n"
                                          << "%1:4: unknown key 'prodution' in [env.prod]" + env.arg("production");
    QTest::newRow("backups") << "[retort]\nscript_location = m\n[env.prod]\nbackups = pg_dump\n"
                             << "%1:4: unknown key 'backups' in [env.prod]" + env.arg("backup");
    QTest::newRow("backupdir") << "[retort]\nscript_location = m\n[env.prod]\nbackupdir = /srv\n"
                               << "%1:4: unknown key 'backupdir' in [env.prod]" + env.arg("backup_dir");
    QTest::newRow("history_tables") << "[retort]\nscript_location = m\nhistory_tables =\n"
                                    << "%1:3: unknown key 'history_tables' in [retort]" + table.arg("history_table");
    QTest::newRow("version_tabel") << "[retort]\nscript_location = m\nversion_tabel = v\n"
                                   << "%1:3: unknown key 'version_tabel' in [retort]" + table.arg("version_table");
    QTest::newRow("version_table_shema") << "[retort]\nscript_location = m\nversion_table_shema = ops\n"
                                         << "%1:3: unknown key 'version_table_shema' in [retort]" +
                                                table.arg("version_table_schema");
}

void TestProjectConfig::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const auto config = loadText(text);
    QVERIFY(!config.ok());
    QCOMPARE(config.error().code, ErrorCode::Config);
    QCOMPARE(config.error().message, message.replace(QStringLiteral("%1"), iniPath()));
}

void TestProjectConfig::missingFile()
{
    const QString path = m_dir->filePath(QStringLiteral("nope/retort.ini"));
    const auto config = ProjectConfig::load(path, makeEnv());
    QVERIFY(!config.ok());
    QCOMPARE(config.error().code, ErrorCode::Io);
    QCOMPARE(config.error().message, path + QStringLiteral(": cannot read file: No such file or directory"));
}

void TestProjectConfig::directoryInsteadOfFile()
{
    // A folder opens its retort.ini, alembic.ini or revision files (see tst_alembicini); this one has none.
    const auto config = ProjectConfig::load(projectDir(), makeEnv());
    QVERIFY(!config.ok());
    QCOMPARE(config.error().code, ErrorCode::Config);
    QCOMPARE(config.error().message,
             QDir::cleanPath(projectDir()) +
                 QStringLiteral(": no retort.ini, alembic.ini or revision files (*.py, *.sql) in this folder"));
    writeFile(iniPath(), kMinimal);
    const auto fromFolder = ProjectConfig::load(projectDir(), makeEnv());
    QVERIFY(fromFolder.ok());
    QCOMPARE(fromFolder->iniPath(), QDir::cleanPath(iniPath()));
}

void TestProjectConfig::relativeIniPath()
{
    writeFile(iniPath(), kMinimal);
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(projectDir()));
    const auto config = ProjectConfig::load(QStringLiteral("./retort.ini"), makeEnv());
    QVERIFY(QDir::setCurrent(previous));
    QVERIFY(config.ok());
    // Compared through canonical paths: the temporary folder may sit behind a symlink.
    QCOMPARE(QFileInfo(config->iniPath()).canonicalFilePath(), QFileInfo(iniPath()).canonicalFilePath());
    QVERIFY(QFileInfo(config->iniPath()).isAbsolute());
    QVERIFY(QFileInfo(config->scriptLocation()).isAbsolute());
}

void TestProjectConfig::resolveTarget_data()
{
    QTest::addColumn<bool>("withDefaultEnv");
    QTest::addColumn<QString>("urlArgument");
    QTest::addColumn<QString>("envArgument");
    QTest::addColumn<QString>("databaseUrl"); // empty: unset
    QTest::addColumn<QString>("display");
    QTest::addColumn<QString>("environmentName");
    QTest::addColumn<bool>("production");
    QTest::addColumn<QString>("source");

    const QString fromVar = QStringLiteral("mysql://ci:pw@ci-db/app");
    // clang-format off
    QTest::newRow("--url beats everything")
        << true << "postgresql://u:x@h/db" << "prod" << fromVar
        << "postgresql://u:***@h/db" << "" << false << "--url";
    QTest::newRow("-e beats default_env")
        << true << "" << "prod" << fromVar
        << "postgresql://app:***@db.example.com/prod" << "prod" << true << "environment 'prod'";
    QTest::newRow("-e without default_env")
        << false << "" << "dev" << ""
        << "sqlite:///dev.db" << "dev" << false << "environment 'dev'";
    QTest::newRow("default_env")
        << true << "" << "" << ""
        << "sqlite:///dev.db" << "dev" << false << "default_env 'dev'";
    QTest::newRow("default_env beats DATABASE_URL")
        << true << "" << "" << fromVar
        << "sqlite:///dev.db" << "dev" << false << "default_env 'dev'";
    QTest::newRow("DATABASE_URL last")
        << false << "" << "" << fromVar
        << "mysql://ci:***@ci-db/app" << "" << false << "DATABASE_URL";
    // clang-format on
}

void TestProjectConfig::resolveTarget()
{
    QFETCH(bool, withDefaultEnv);
    QFETCH(QString, urlArgument);
    QFETCH(QString, envArgument);
    QFETCH(QString, databaseUrl);

    const QString text =
        kMinimal + (withDefaultEnv ? QStringLiteral("default_env = dev\n") : QString()) +
        QStringLiteral("[env.dev]\nurl = sqlite:///dev.db\n"
                       "[env.prod]\nurl = postgresql://app:secret@db.example.com/prod\nproduction = yes\n");
    LOAD_OK(config, text);
    const QProcessEnvironment env =
        databaseUrl.isEmpty() ? makeEnv() : makeEnv({QStringLiteral("DATABASE_URL=") + databaseUrl});
    const auto target = config->resolveTarget(urlArgument, envArgument, env);
    QVERIFY2(target.ok(), qPrintable(target.ok() ? QString() : target.error().message));
    QTEST(target->url.toDisplayString(), "display");
    QTEST(target->environmentName, "environmentName");
    QTEST(target->production, "production");
    QTEST(target->source, "source");
}

void TestProjectConfig::resolveTargetPaths()
{
    // SQLite paths in retort.ini are relative to the project folder; on the command
    // line and in DATABASE_URL to the working directory, as SQLAlchemy has them.
    LOAD_OK(config, kMinimal + QStringLiteral("[env.dev]\nurl = sqlite:///data/dev.db\n"));
    const auto fromEnv = config->resolveTarget(QString(), QStringLiteral("dev"), makeEnv());
    QVERIFY(fromEnv.ok());
    QCOMPARE(fromEnv->url.database(), projectDir() + QStringLiteral("/data/dev.db"));
    const auto fromArgument = config->resolveTarget(QStringLiteral("sqlite:///other.db"), QString(), makeEnv());
    QVERIFY(fromArgument.ok());
    QCOMPARE(fromArgument->url.database(), QDir::currentPath() + QStringLiteral("/other.db"));
    const auto fromVariable =
        config->resolveTarget(QString(), QString(), makeEnv({QStringLiteral("DATABASE_URL=sqlite:///var.db")}));
    QVERIFY(fromVariable.ok());
    QCOMPARE(fromVariable->url.database(), QDir::currentPath() + QStringLiteral("/var.db"));
}

void TestProjectConfig::resolveTargetErrors_data()
{
    QTest::addColumn<QString>("sections"); // appended to a minimal [retort] section
    QTest::addColumn<QString>("urlArgument");
    QTest::addColumn<QString>("envArgument");
    QTest::addColumn<QString>("databaseUrl"); // empty: unset
    QTest::addColumn<QString>("message");     // %1 is the absolute ini path

    const QString twoEnvs = QStringLiteral("[env.prod]\nurl = mysql://h/db\n[env.dev]\nurl = sqlite://\n");
    // clang-format off
    QTest::newRow("unknown environment")
        << twoEnvs << "" << "staging" << ""
        << "unknown environment 'staging'; known environments: dev, prod";
    QTest::newRow("unknown environment, none defined")
        << "" << "" << "dev" << ""
        << "unknown environment 'dev'; %1 has no [env.NAME] sections";
    QTest::newRow("nothing at all")
        << twoEnvs << "" << "" << ""
        << "no database URL: pass --url, -e ENV, set default_env in %1, or set DATABASE_URL";
    QTest::newRow("environment without url")
        << "[env.dev]\nproduction = false\n" << "" << "dev" << ""
        << "environment 'dev' has no url (%1)";
    QTest::newRow("empty url")
        << "[env.dev]\nurl =\n" << "" << "dev" << ""
        << "environment 'dev' has no url (%1)";
    QTest::newRow("url from an unset variable")
        << "[env.prod]\nurl = ${DATABASE_URL}   ; from the deployment\n" << "" << "prod" << ""
        << "environment 'prod' has no url (%1:4: url = ${DATABASE_URL} but DATABASE_URL is not set)";
    QTest::newRow("url from two unset variables")
        << "default_env = prod\n[env.prod]\nurl = $SCHEME$REST\n" << "" << "" << ""
        << "environment 'prod' has no url (%1:5: url = $SCHEME$REST but SCHEME, REST are not set)";
    QTest::newRow("bad url in environment")
        << "[env.dev]\nurl = oracle://u:pw@h/db\n" << "" << "dev" << ""
        << "environment 'dev': unsupported database URL scheme 'oracle' in 'oracle://u:***@h/db'; "
           "expected sqlite, postgresql, mysql or mariadb";
    QTest::newRow("bad url from an unset variable")
        << "[env.dev]\nurl = postgresql://u:pw@h:${PORT}/db\n" << "" << "dev" << ""
        << "environment 'dev': invalid port '' in database URL 'postgresql://u:***@h:/db'; expected a number "
           "from 1 to 65535 (%1:4: url = postgresql://u:***@h:${PORT}/db but PORT is not set)";
    QTest::newRow("bad --url")
        << twoEnvs << "nonsense" << "dev" << ""
        << "--url: invalid database URL 'nonsense'";
    QTest::newRow("bad DATABASE_URL")
        << "" << "" << "" << "postgresql://u:pw@h:99999/db"
        << "DATABASE_URL: invalid port '99999' in database URL 'postgresql://u:***@h:99999/db'; "
           "expected a number from 1 to 65535";
    // clang-format on
}

void TestProjectConfig::resolveTargetErrors()
{
    QFETCH(QString, sections);
    QFETCH(QString, urlArgument);
    QFETCH(QString, envArgument);
    QFETCH(QString, databaseUrl);
    QFETCH(QString, message);

    LOAD_OK(config, kMinimal + sections);
    const QProcessEnvironment env =
        databaseUrl.isEmpty() ? makeEnv() : makeEnv({QStringLiteral("DATABASE_URL=") + databaseUrl});
    const auto target = config->resolveTarget(urlArgument, envArgument, env);
    QVERIFY(!target.ok());
    // Nothing naming a database is its own code: lint, for one, then reads the project without one.
    QCOMPARE(target.error().code,
             QTest::currentDataTag() == QLatin1String("nothing at all") ? ErrorCode::NoDatabaseUrl : ErrorCode::Config);
    QCOMPARE(target.error().message, message.replace(QStringLiteral("%1"), iniPath()));
}

void TestProjectConfig::defaultIniText_data()
{
    QTest::addColumn<QString>("scriptLocation");
    QTest::addColumn<QString>("expectedFolder"); // relative to the project folder

    QTest::newRow("migrations") << "migrations"
                                << "migrations";
    QTest::newRow("nested") << "db/migrations"
                            << "db/migrations";
    QTest::newRow("dollar sign") << "mig$rations"
                                 << "mig$rations";
    QTest::newRow("long name") << "a/very/long/path/to/the/folder/holding/migrations"
                               << "a/very/long/path/to/the/folder/holding/migrations";
}

void TestProjectConfig::defaultIniText()
{
    QFETCH(QString, scriptLocation);
    QFETCH(QString, expectedFolder);

    const QString text = ProjectConfig::defaultIniText(scriptLocation);
    QVERIFY(text.contains(QStringLiteral("# [env.production]")));
    LOAD_OK(config, text);
    QCOMPARE(toStrings(config->warnings()), QStringList());
    QCOMPARE(config->scriptLocation(), projectDir() + u'/' + expectedFolder);
    QCOMPARE(config->versionLocations(),
             QStringList{projectDir() + u'/' + expectedFolder + QStringLiteral("/versions")});
    QCOMPARE(config->versionTable(), QStringLiteral("alembic_version"));
    QCOMPARE(config->versionTableSchema(), QString());
    QCOMPARE(config->historyTable(), QStringLiteral("retort_history"));
    QCOMPARE(config->transactionPerMigration(), false);
    QCOMPARE(config->defaultEnv(), QStringLiteral("development"));
    QCOMPARE(config->environmentNames(), QStringList{QStringLiteral("development")});

    const auto target = config->resolveTarget(QString(), QString(), makeEnv());
    QVERIFY(target.ok());
    QCOMPARE(target->url.database(), projectDir() + QStringLiteral("/dev.db"));
    QCOMPARE(target->source, QStringLiteral("default_env 'development'"));
    QCOMPARE(target->production, false);
}

QTEST_GUILESS_MAIN(TestProjectConfig)
#include "tst_projectconfig.moc"
