// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Diagnostic.h"
#include "core/Result.h"
#include "core/script/DatabaseUrl.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace retort {

class AlembicIni;

struct EnvironmentConfig
{
    QString name;
    QString url; // after ${VAR} expansion
    bool production = false;
    QString backup = QStringLiteral("auto"); // auto | pg_dump | mysqldump | sqlite | none
    QString backupDir;                       // absolute
    // How long a run's statements wait for a lock another session holds, and how long one may run
    // (db_lock_timeout, db_statement_timeout, seconds); unset: production waits 10 s for a lock, others
    // as long as the database does, and statements run as long as they take.
    std::optional<double> dbLockTimeoutSeconds;
    std::optional<double> dbStatementTimeoutSeconds;
    QMap<QString, QString> options; // every key of the section, expanded
};

// A production environment of retort.ini, by the URL it names: databases are compared with it by
// what they are (DatabaseIdentity), not by how the URLs are spelt.
struct ProductionEnvironment
{
    QString name;
    DatabaseUrl url;
};

// Which database a command talks to, after applying the precedence
// --url > -e/--env > default_env > DATABASE_URL.
struct DatabaseTarget
{
    DatabaseUrl url;
    // Empty when --url or DATABASE_URL was used, unless it names a production environment's database.
    QString environmentName;
    bool production = false;
    QString source;    // "--url", "environment 'x'", "default_env 'x'", "DATABASE_URL"
    QStringList notes; // things the user should hear about (an unset ${VAR}, an unused DATABASE_URL)
};

// retort.ini, see DESIGN.md "Project file"; or an Alembic project as it is (DESIGN.md "Existing Alembic
// projects"): its alembic.ini, or a bare versions folder.
class ProjectConfig
{
public:
    // Loads and validates the file. ${VAR} and $VAR are expanded from `env`;
    // an undefined variable expands to "" (a later use of an empty url reports it).
    // `path` is a retort.ini (a file with a [retort] section), whose `alembic_ini = FILE` may take the
    // script locations from an alembic.ini; or an alembic.ini (any other file), read from its
    // `section`; or a folder: its retort.ini, else its alembic.ini, else the folder itself as a bare
    // versions folder when it holds revision files. Relative paths of an alembic.ini are looked for
    // from `workingDirectory` first (empty: the current directory, as Alembic does; the window, which has
    // no meaningful one, passes the project's folder).
    [[nodiscard]] static Result<ProjectConfig>
    load(const QString &path, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
         const QString &section = kDefaultAlembicSection, const QString &workingDirectory = QString());
    // The same from the file's text; `iniPath` places the project (relative paths, messages).
    [[nodiscard]] static Result<ProjectConfig> parse(QString text, const QString &iniPath,
                                                     const QProcessEnvironment &env,
                                                     const QString &section = kDefaultAlembicSection,
                                                     const QString &workingDirectory = QString());
    static inline const QString kDefaultAlembicSection = QStringLiteral("alembic");

    // The config came from an alembic.ini or a bare versions folder, not from a retort.ini.
    bool isAlembicProject() const { return m_isAlembicProject; }
    // Alembic's configuration says where the scripts are (an alembic.ini, read directly or through alembic_ini,
    // or a bare versions folder): Alembic reads this project too, so new revisions are .py files.
    bool writesAlembicRevisions() const { return m_isAlembicProject || !m_alembicIniPath.isEmpty(); }
    // The alembic.ini read (directly or through retort.ini's alembic_ini); empty when none.
    QString alembicIniPath() const { return m_alembicIniPath; }
    // The alembic.ini section read (Alembic's -n/--name), when there is an alembic.ini.
    QString alembicSection() const { return m_alembicSection; }
    // The interpreter that runs the project's Alembic: retort.ini's [alembic] python (relative to the project's
    // folder), else empty (AlembicBridge then looks for RETORT_PYTHON, else python3 on PATH).
    QString alembicPython() const { return m_alembicPython; }
    SourceLocation alembicPythonSetAt() const { return m_alembicPythonSetAt; }
    // The nearest folder, from the ini's (alembic.ini's when there is one) upwards, holding .git,
    // pyproject.toml, setup.py or setup.cfg; else the ini's folder. Imports are followed from here.
    QString projectRoot() const;
    // Alembic's file_template and truncate_slug_length, for writing revisions as the project names them.
    QString fileTemplate() const { return m_fileTemplate; }
    std::optional<int> truncateSlugLength() const { return m_truncateSlugLength; }
    // <script_location>/env.py when it exists; empty otherwise.
    QString envPyPath() const;

    QString iniPath() const { return m_iniPath; }               // absolute
    QString projectDir() const { return m_projectDir; }         // folder holding retort.ini
    QString scriptLocation() const { return m_scriptLocation; } // absolute
    // The line that sets script_location, for messages about the folder it names.
    SourceLocation scriptLocationSetAt() const { return m_scriptLocationSetAt; }
    // Absolute version folders: <script_location>/versions first, then version_locations.
    QStringList versionLocations() const { return m_versionLocations; }
    // Whether subfolders of the version folders hold revisions too (Alembic's recursive_version_locations).
    bool recursiveVersionLocations() const { return m_recursiveVersionLocations; }
    QString versionTable() const { return m_versionTable; }
    QString versionTableSchema() const { return m_versionTableSchema; }
    QString historyTable() const { return m_historyTable; } // empty: disabled
    bool transactionPerMigration() const { return m_transactionPerMigration; }
    // How long a run waits for another run's migration lock (lock_timeout, seconds).
    int lockTimeoutSeconds() const { return m_lockTimeoutSeconds; }
    static constexpr int kDefaultLockTimeoutSeconds = 300;
    // Whole seconds from 0 (do not wait) up to a day; nullopt otherwise.
    static std::optional<int> parseLockTimeout(const QString &text);
    QString defaultEnv() const { return m_defaultEnv; }
    QStringList environmentNames() const { return m_envs.keys(); }
    const QMap<QString, EnvironmentConfig> &environments() const { return m_envs; }
    // The environments with production = true whose url can be read (${VAR}s set).
    QVector<ProductionEnvironment> productionEnvironments() const;
    const Diagnostics &warnings() const { return m_warnings; } // unknown keys, a password in plain text…
    // The [lint] section's lines as written (rule or category = severity); core/lint's LintSettings reads
    // and checks them, naming this file and the line of a mistake.
    struct Setting
    {
        QString key;
        QString value;
        int line = 0;
    };
    const QVector<Setting> &lintSettings() const { return m_lintSettings; }

    // Applies the precedence. Errors name the missing environment or the bad URL.
    [[nodiscard]] Result<DatabaseTarget>
    resolveTarget(const QString &urlArgument, const QString &envArgument,
                  const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) const;

    // The defaults, for `retort init`.
    static QString defaultIniText(const QString &scriptLocation);

private:
    [[nodiscard]] static Result<ProjectConfig> parseRetort(QString text, const QString &iniPath,
                                                           const QProcessEnvironment &env, const QString &section,
                                                           const QString &workingDirectory);
    [[nodiscard]] static Result<ProjectConfig> parseAlembic(QString text, const QString &iniPath,
                                                            const QString &section, const QString &workingDirectory);
    [[nodiscard]] static Result<ProjectConfig> loadFolder(const QString &folder, const QProcessEnvironment &env,
                                                          const QString &section, const QString &workingDirectory);
    // Where relative paths of an alembic.ini are looked for first.
    QString workingDirectory() const;
    // Takes script and version locations (and what else Alembic's section holds) from an alembic.ini.
    [[nodiscard]] Status adoptAlembicIni(const QString &path, const QString &section);
    [[nodiscard]] Status adoptAlembicIni(const AlembicIni &ini, const QString &section);
    // The version table env.py names, when it names one with a literal (AlembicEnvironment).
    [[nodiscard]] Status adoptEnvironmentVersionTable();
    // The last fallback of resolveTarget for a project with an alembic.ini: its literal sqlalchemy.url.
    std::optional<DatabaseTarget> sqlalchemyUrlTarget() const;
    void adoptProductionEnvironment(DatabaseTarget &target) const;
    [[nodiscard]] Result<DatabaseTarget> targetForEnvironment(const QString &name, const QString &source) const;

    QString m_iniPath;
    QString m_projectDir;
    QString m_scriptLocation;
    SourceLocation m_scriptLocationSetAt;
    QStringList m_versionLocations;
    bool m_recursiveVersionLocations = false;
    bool m_isAlembicProject = false;
    QString m_workingDirectory; // empty: the process's
    QString m_alembicIniPath;
    QString m_alembicSection;
    QString m_alembicPython;
    SourceLocation m_alembicPythonSetAt;
    QString m_fileTemplate = QStringLiteral("%(rev)s_%(slug)s");
    std::optional<int> m_truncateSlugLength;
    // sqlalchemy.url of the alembic.ini as written (after %(name)s), and its line; empty when absent.
    QString m_sqlalchemyUrl;
    int m_sqlalchemyUrlLine = 0;
    QString m_versionTable = QStringLiteral("alembic_version");
    QString m_versionTableSchema;
    SourceLocation m_versionTableSetAt; // null: not in retort.ini
    SourceLocation m_versionTableSchemaSetAt;
    QString m_historyTable = QStringLiteral("retort_history");
    bool m_transactionPerMigration = false;
    int m_lockTimeoutSeconds = kDefaultLockTimeoutSeconds;
    QString m_defaultEnv;
    QMap<QString, EnvironmentConfig> m_envs;
    Diagnostics m_warnings;
    QVector<Setting> m_lintSettings;
    // Per environment, where its url was set and which variables it used that were undefined,
    // e.g. "<ini>:12: url = ${DATABASE_URL} but DATABASE_URL is not set"; for error messages.
    QMap<QString, QString> m_urlNotes;
};

} // namespace retort
