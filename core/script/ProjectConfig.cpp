// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/ProjectConfig.h"

#include "core/TextFormat.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace retort {

namespace {

struct IniEntry
{
    QString key; // lower case
    QString value;
    int line = 0;
};

struct IniSection
{
    QString name;
    int line = 0;
    QList<IniEntry> entries;
};

SourceLocation location(const QString &path, int line)
{
    return {path, line};
}

Error configError(const SourceLocation &where, const QString &message)
{
    return Error(ErrorCode::Config, where.toString() + QStringLiteral(": ") + message, where);
}

// An inline comment starts at ';' or '#' preceded by whitespace, so values such as
// "postgresql://host/db#x" or "a;b" survive intact.
QString withoutInlineComment(const QString &text)
{
    for (qsizetype i = 1; i < text.size(); ++i) {
        if ((text.at(i) == u';' || text.at(i) == u'#') && text.at(i - 1).isSpace())
            return text.left(i);
    }
    return text;
}

// Written by hand because QSettings treats ';' and '#' differently, unescapes backslashes,
// and cannot report line numbers.
Result<QList<IniSection>> parseIni(const QString &text, const QString &path)
{
    QList<IniSection> sections;
    QHash<QString, int> sectionLines;
    QHash<QString, int> keyLines; // keys of the current section

    const QStringList lines = text.split(u'\n');
    for (int index = 0; index < lines.size(); ++index) {
        const QString trimmed = lines.at(index).trimmed(); // also drops a '\r' of CRLF files
        if (trimmed.isEmpty() || trimmed.startsWith(u';') || trimmed.startsWith(u'#'))
            continue;
        const int lineNumber = index + 1;
        const SourceLocation where = location(path, lineNumber);

        if (trimmed.startsWith(u'[')) {
            const QString header = withoutInlineComment(trimmed).trimmed();
            if (!header.endsWith(u']'))
                return configError(where, QStringLiteral("expected 'key = value' or '[section]'"));
            const QString name = header.mid(1, header.size() - 2).trimmed();
            if (name.isEmpty())
                return configError(where, QStringLiteral("empty section name"));
            if (sectionLines.contains(name)) {
                return configError(where, QStringLiteral("duplicate section [%1] (first on line %2)")
                                              .arg(name, QString::number(sectionLines.value(name))));
            }
            sectionLines.insert(name, lineNumber);
            keyLines.clear();
            sections.append(IniSection{name, lineNumber, {}});
            continue;
        }

        const qsizetype equals = trimmed.indexOf(u'=');
        const QString key = equals < 0 ? QString() : trimmed.left(equals).trimmed().toLower();
        if (key.isEmpty())
            return configError(where, QStringLiteral("expected 'key = value' or '[section]'"));
        if (sections.isEmpty())
            return configError(where, QStringLiteral("'%1' is outside any [section]").arg(key));
        IniSection &section = sections.last();
        if (keyLines.contains(key)) {
            return configError(where, QStringLiteral("duplicate key '%1' in [%2] (first on line %3)")
                                          .arg(key, section.name, QString::number(keyLines.value(key))));
        }
        keyLines.insert(key, lineNumber);
        section.entries.append(IniEntry{key, withoutInlineComment(trimmed.mid(equals + 1)).trimmed(), lineNumber});
    }
    return sections;
}

struct Expansion
{
    QString value;
    QStringList undefinedVariables;
};

bool isNameStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

// ${VAR} and $VAR from `env`; "$$" is a literal '$', as is a '$' not followed by a name.
} // namespace

std::optional<int> ProjectConfig::parseLockTimeout(const QString &text)
{
    bool ok = false;
    const int seconds = text.trimmed().toInt(&ok);
    if (!ok || seconds < 0 || seconds > 86400)
        return std::nullopt;
    return seconds;
}

namespace {

// Undefined variables expand to "" and are reported back so a later error can explain an empty value.
Result<Expansion> expandVariables(const QString &raw, const QProcessEnvironment &env, const SourceLocation &where)
{
    Expansion result;
    qsizetype i = 0;
    while (i < raw.size()) {
        const QChar c = raw.at(i);
        if (c != u'$' || i + 1 >= raw.size()) {
            result.value += c;
            ++i;
            continue;
        }
        const QChar next = raw.at(i + 1);
        QString name;
        if (next == u'$') {
            result.value += u'$';
            i += 2;
            continue;
        } else if (next == u'{') {
            const qsizetype close = raw.indexOf(u'}', i + 2);
            if (close < 0)
                return configError(where, QStringLiteral("unterminated '${' (write $$ for a literal $)"));
            name = raw.mid(i + 2, close - i - 2);
            const bool valid =
                !name.isEmpty() && isNameStart(name.at(0)) && std::all_of(name.cbegin(), name.cend(), isNameChar);
            if (!valid)
                return configError(where, QStringLiteral("invalid variable name '${%1}'").arg(name));
            i = close + 1;
        } else if (isNameStart(next)) {
            qsizetype end = i + 1;
            while (end < raw.size() && isNameChar(raw.at(end)))
                ++end;
            name = raw.mid(i + 1, end - i - 1);
            i = end;
        } else {
            result.value += c;
            ++i;
            continue;
        }
        if (env.contains(name))
            result.value += env.value(name);
        else if (!result.undefinedVariables.contains(name))
            result.undefinedVariables.append(name);
    }
    return result;
}

// A password written into the value itself, not taken from a variable: with every variable
// expanded to nothing, something is still there to mask.
bool holdsLiteralPassword(const QString &raw, const SourceLocation &where)
{
    const auto withoutVariables = expandVariables(raw, QProcessEnvironment(), where);
    return withoutVariables.ok() && maskPasswords(withoutVariables->value) != withoutVariables->value;
}

std::optional<bool> parseBool(const QString &text)
{
    const QString value = text.toLower();
    if (value == QLatin1String("true") || value == QLatin1String("yes") || value == QLatin1String("on") ||
        value == QLatin1String("1"))
        return true;
    if (value == QLatin1String("false") || value == QLatin1String("no") || value == QLatin1String("off") ||
        value == QLatin1String("0"))
        return false;
    return std::nullopt;
}

Error badBool(const SourceLocation &where, const QString &value, const QString &key, const QString &section)
{
    return configError(
        where, QStringLiteral("invalid value '%1' for '%2' in [%3]; expected true or false").arg(value, key, section));
}

QString absolutePath(const QString &base, const QString &path)
{
    return QDir::cleanPath(QDir(base).absoluteFilePath(path));
}

const QString kEnvPrefix = QStringLiteral("env.");

// An unknown key: a warning, unless it is a near miss (edit distance 2 or less) of a key whose
// absence would quietly switch a safety off or point at another table; that fails closed.
std::optional<Error> checkUnknownKey(const SourceLocation &where, const QString &key, const QString &section,
                                     const QStringList &guarded, const QString &consequence, Diagnostics *warnings)
{
    for (const QString &known : guarded) {
        if (editDistance(key, known) <= 2) {
            return configError(where, QStringLiteral("unknown key '%1' in [%2]: did you mean '%3'? %4, so this is an "
                                                     "error, not a warning")
                                          .arg(key, section, known, consequence));
        }
    }
    warnings->append(
        {Diagnostic::Severity::Warning, where, QStringLiteral("unknown key '%1' in [%2]").arg(key, section)});
    return std::nullopt;
}

const QStringList kEnvironmentKeys = {QStringLiteral("url"),
                                      QStringLiteral("production"),
                                      QStringLiteral("backup"),
                                      QStringLiteral("backup_dir"),
                                      QStringLiteral("pg_dump"),
                                      QStringLiteral("pg_restore"),
                                      QStringLiteral("mysqldump"),
                                      QStringLiteral("mysql"),
                                      QStringLiteral("db_lock_timeout"),
                                      QStringLiteral("db_statement_timeout")};

// One "key = value ; comment" line of the default file, comments aligned as in DESIGN.md.
QString iniLine(const QString &assignment, const QString &comment = QString())
{
    if (comment.isEmpty())
        return assignment + u'\n';
    return assignment.leftJustified(37) + QStringLiteral(" ; ") + comment + u'\n';
}

} // namespace

Result<ProjectConfig> ProjectConfig::parseRetort(QString text, const QString &iniPath, const QProcessEnvironment &env,
                                                 const QString &alembicSection, const QString &workingDirectory)
{
    ProjectConfig config;
    config.m_workingDirectory = workingDirectory;
    const QFileInfo info(iniPath);
    config.m_iniPath = QDir::cleanPath(info.absoluteFilePath());
    config.m_projectDir = QDir::cleanPath(info.absolutePath());
    const QString &path = config.m_iniPath;
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);

    auto sections = parseIni(text, path);
    if (!sections)
        return sections.error();

    bool haveRetortSection = false;
    SourceLocation defaultEnvWhere;
    std::optional<IniEntry> alembicIni;
    QStringList extraVersionLocations;
    for (const IniSection &section : *sections) {
        const bool isRetort = section.name == QLatin1String("retort");
        const bool isEnv = section.name.startsWith(kEnvPrefix);
        if (section.name == QLatin1String("lint")) {
            for (const IniEntry &entry : section.entries)
                config.m_lintSettings.append(Setting{entry.key, entry.value, entry.line});
            continue;
        }
        if (section.name == QLatin1String("alembic")) {
            for (const IniEntry &entry : section.entries) {
                const SourceLocation where = location(path, entry.line);
                if (entry.key != QLatin1String("python")) {
                    if (auto error = checkUnknownKey(where, entry.key, section.name, {QStringLiteral("python")},
                                                     QStringLiteral("without it another interpreter would run the "
                                                                    "project's Alembic"),
                                                     &config.m_warnings))
                        return *error;
                    continue;
                }
                auto expanded = expandVariables(entry.value, env, where);
                if (!expanded)
                    return expanded.error();
                if (expanded->value.trimmed().isEmpty())
                    return configError(where, QStringLiteral("[alembic] python is empty; name an interpreter, such as "
                                                             ".venv/bin/python, or remove the line to use python3"));
                // A bare name is looked for on PATH, as a shell would; a path is the project's.
                const QString python = expanded->value.trimmed();
                config.m_alembicPython = python.contains(u'/') ? absolutePath(config.m_projectDir, python) : python;
                config.m_alembicPythonSetAt = where;
            }
            continue;
        }
        if (!isRetort && !isEnv) {
            config.m_warnings.append({Diagnostic::Severity::Warning, location(path, section.line),
                                      QStringLiteral("unknown section [%1]").arg(section.name)});
            continue;
        }

        EnvironmentConfig environment;
        if (isEnv) {
            environment.name = section.name.mid(kEnvPrefix.size()).trimmed();
            if (environment.name.isEmpty()) {
                return configError(location(path, section.line),
                                   QStringLiteral("an environment section needs a name: [env.NAME]"));
            }
            environment.backupDir = absolutePath(config.m_projectDir, QStringLiteral("backups"));
        }
        haveRetortSection = haveRetortSection || isRetort;

        for (const IniEntry &entry : section.entries) {
            const SourceLocation where = location(path, entry.line);
            auto expanded = expandVariables(entry.value, env, where);
            if (!expanded)
                return expanded.error();
            const QString &value = expanded->value;
            const QString &key = entry.key;

            if (isRetort) {
                if (key == QLatin1String("script_location")) {
                    config.m_scriptLocation = value.isEmpty() ? QString() : absolutePath(config.m_projectDir, value);
                    config.m_scriptLocationSetAt = where;
                } else if (key == QLatin1String("version_locations")) {
                    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
                    extraVersionLocations = value.split(whitespace, Qt::SkipEmptyParts);
                } else if (key == QLatin1String("version_table")) {
                    if (value.isEmpty())
                        return configError(where, QStringLiteral("'version_table' must not be empty"));
                    config.m_versionTable = value;
                    config.m_versionTableSetAt = where;
                } else if (key == QLatin1String("version_table_schema")) {
                    config.m_versionTableSchema = value;
                    config.m_versionTableSchemaSetAt = where;
                } else if (key == QLatin1String("history_table")) {
                    config.m_historyTable = value;
                } else if (key == QLatin1String("transaction_per_migration")) {
                    const std::optional<bool> flag = parseBool(value);
                    if (!flag)
                        return badBool(where, value, key, section.name);
                    config.m_transactionPerMigration = *flag;
                } else if (key == QLatin1String("lock_timeout")) {
                    const std::optional<int> seconds = parseLockTimeout(value);
                    if (!seconds) {
                        return configError(where, QStringLiteral("invalid lock_timeout '%1'; expected a number of "
                                                                 "seconds, 0 or more")
                                                      .arg(value));
                    }
                    config.m_lockTimeoutSeconds = *seconds;
                } else if (key == QLatin1String("default_env")) {
                    config.m_defaultEnv = value;
                    defaultEnvWhere = where;
                } else if (key == QLatin1String("alembic_ini")) {
                    alembicIni = IniEntry{key, value, entry.line};
                } else if (const auto error = checkUnknownKey(
                               where, key, section.name,
                               {QStringLiteral("version_table"), QStringLiteral("version_table_schema"),
                                QStringLiteral("history_table")},
                               QStringLiteral("A misspelt version or history table would read another table than "
                                              "the one that records what ran"),
                               &config.m_warnings)) {
                    return *error;
                }
                continue;
            }

            environment.options.insert(key, value);
            if (!kEnvironmentKeys.contains(key)) {
                const auto error = checkUnknownKey(
                    where, key, section.name,
                    {QStringLiteral("production"), QStringLiteral("backup"), QStringLiteral("backup_dir")},
                    QStringLiteral("A misspelt production, backup or backup_dir would quietly leave the production "
                                   "gate or its backups off"),
                    &config.m_warnings);
                if (error)
                    return *error;
                continue;
            }
            if (key == QLatin1String("url")) {
                environment.url = value;
                if (holdsLiteralPassword(entry.value, where)) {
                    config.m_warnings.append(
                        {Diagnostic::Severity::Warning, where,
                         QStringLiteral("the url of [%1] holds a password in plain text, readable by anyone who can "
                                        "read this file or its history; take it from the environment instead, e.g. "
                                        "postgresql://user:${PGPASSWORD}@host/db")
                             .arg(section.name)});
                }
                const QStringList &undefined = expanded->undefinedVariables;
                if (!undefined.isEmpty()) {
                    config.m_urlNotes.insert(
                        environment.name,
                        QStringLiteral("%1: url = %2 but %3 %4 not set")
                            .arg(where.toString(), maskPasswords(entry.value), undefined.join(QStringLiteral(", ")),
                                 undefined.size() == 1 ? QStringLiteral("is") : QStringLiteral("are")));
                }
            } else if (key == QLatin1String("production")) {
                const std::optional<bool> flag = parseBool(value);
                if (!flag)
                    return badBool(where, value, key, section.name);
                environment.production = *flag;
            } else if (key == QLatin1String("backup")) {
                static const QStringList methods = {QStringLiteral("auto"), QStringLiteral("pg_dump"),
                                                    QStringLiteral("mysqldump"), QStringLiteral("sqlite"),
                                                    QStringLiteral("none")};
                if (!methods.contains(value.toLower())) {
                    return configError(where, QStringLiteral("invalid backup '%1' in [%2]; expected auto, pg_dump, "
                                                             "mysqldump, sqlite or none")
                                                  .arg(value, section.name));
                }
                environment.backup = value.toLower();
            } else if (key == QLatin1String("db_lock_timeout") || key == QLatin1String("db_statement_timeout")) {
                bool number = false;
                const double seconds = value.toDouble(&number);
                if (!number || seconds < 0) {
                    return configError(where, QStringLiteral("invalid %1 '%2' in [%3]; expected seconds, e.g. 10 or "
                                                             "0.5 (0: no limit)")
                                                  .arg(key, value, section.name));
                }
                (key == QLatin1String("db_lock_timeout") ? environment.dbLockTimeoutSeconds
                                                         : environment.dbStatementTimeoutSeconds) = seconds;
            } else if (key == QLatin1String("backup_dir")) {
                // "~/x" is the user's home, as a shell would read it; anything else is relative to the project.
                const QString expanded = value == QLatin1String("~") || value.startsWith(QLatin1String("~/"))
                                             ? QDir::homePath() + value.mid(1)
                                             : value;
                if (!expanded.isEmpty())
                    environment.backupDir = absolutePath(config.m_projectDir, expanded);
            }
        }
        if (isEnv)
            config.m_envs.insert(environment.name, environment);
    }

    if (!haveRetortSection)
        return Error(ErrorCode::Config, QStringLiteral("%1: missing [retort] section").arg(path),
                     SourceLocation{path, 0});
    if (alembicIni && !config.m_scriptLocationSetAt.isNull()) {
        return configError(config.m_scriptLocationSetAt,
                           QStringLiteral("script_location and alembic_ini (line %1) both say where the scripts are; "
                                          "keep alembic_ini, which takes them from %2")
                               .arg(QString::number(alembicIni->line), alembicIni->value));
    }
    if (alembicIni) {
        RETORT_CHECK(config.adoptAlembicIni(absolutePath(config.m_projectDir, alembicIni->value), alembicSection));
    } else if (config.m_scriptLocation.isEmpty()) {
        return Error(ErrorCode::Config, QStringLiteral("%1: missing 'script_location' in [retort]").arg(path),
                     SourceLocation{path, 0});
    }
    if (!config.m_defaultEnv.isEmpty() && !config.m_envs.contains(config.m_defaultEnv)) {
        return Error(ErrorCode::Config,
                     QStringLiteral("%1: default_env '%2' names no [env.%2] section").arg(path, config.m_defaultEnv),
                     defaultEnvWhere);
    }

    if (!alembicIni)
        config.m_versionLocations.append(config.m_scriptLocation + QStringLiteral("/versions"));
    for (const QString &extra : std::as_const(extraVersionLocations)) {
        const QString folder = absolutePath(config.m_projectDir, extra);
        if (!config.m_versionLocations.contains(folder))
            config.m_versionLocations.append(folder);
    }
    return config;
}

Result<DatabaseTarget> ProjectConfig::resolveTarget(const QString &urlArgument, const QString &envArgument,
                                                    const QProcessEnvironment &env) const
{
    if (!urlArgument.isEmpty()) {
        // Typed on a command line: relative to where it was typed, as SQLAlchemy does.
        auto url = DatabaseUrl::parse(urlArgument, QDir::currentPath());
        if (!url) {
            return Error(url.error().code, QStringLiteral("--url: ") + url.error().message, QStringLiteral("--url"));
        }
        DatabaseTarget target;
        target.url = std::move(url).value();
        target.source = QStringLiteral("--url");
        adoptProductionEnvironment(target);
        return target;
    }

    if (!envArgument.isEmpty() || !m_defaultEnv.isEmpty()) {
        const bool fromArgument = !envArgument.isEmpty();
        const QString name = fromArgument ? envArgument : m_defaultEnv;
        if (!m_envs.contains(name)) {
            const QString known =
                m_envs.isEmpty() ? QStringLiteral("%1 has no [env.NAME] sections").arg(m_iniPath)
                                 : QStringLiteral("known environments: ") + m_envs.keys().join(QStringLiteral(", "));
            return Error(ErrorCode::Config, QStringLiteral("unknown environment '%1'; %2").arg(name, known), name);
        }
        const QString source = fromArgument ? QStringLiteral("environment '%1'") : QStringLiteral("default_env '%1'");
        auto target = targetForEnvironment(name, source.arg(name));
        if (target.ok() && !fromArgument && !env.value(QStringLiteral("DATABASE_URL")).isEmpty() &&
            !m_envs.value(name).url.contains(env.value(QStringLiteral("DATABASE_URL")))) {
            // A CI job that sets DATABASE_URL and forgets -e would otherwise migrate the wrong database quietly.
            target->notes << QStringLiteral("DATABASE_URL is set but not used: default_env '%1' (%2) comes first; "
                                            "pass -e ENV or --url to choose")
                                 .arg(name, target->url.toDisplayString());
        }
        return target;
    }

    const QString databaseUrl = env.value(QStringLiteral("DATABASE_URL"));
    if (!databaseUrl.isEmpty()) {
        auto url = DatabaseUrl::parse(databaseUrl, QDir::currentPath());
        if (!url) {
            return Error(url.error().code, QStringLiteral("DATABASE_URL: ") + url.error().message,
                         QStringLiteral("DATABASE_URL"));
        }
        DatabaseTarget target;
        target.url = std::move(url).value();
        target.source = QStringLiteral("DATABASE_URL");
        adoptProductionEnvironment(target);
        return target;
    }

    if (std::optional<DatabaseTarget> target = sqlalchemyUrlTarget())
        return *target;
    if (m_sqlalchemyUrlLine > 0) {
        return Error(ErrorCode::NoDatabaseUrl,
                     QStringLiteral("no database URL: sqlalchemy.url in %1:%2 is a placeholder and is not used; pass "
                                    "--url, -e ENV or set DATABASE_URL")
                         .arg(m_alembicIniPath, QString::number(m_sqlalchemyUrlLine)),
                     m_alembicIniPath);
    }
    if (m_isAlembicProject)
        return Error(ErrorCode::NoDatabaseUrl, QStringLiteral("no database URL: pass --url or set DATABASE_URL"));
    return Error(ErrorCode::NoDatabaseUrl,
                 QStringLiteral("no database URL: pass --url, -e ENV, set default_env in %1, or set DATABASE_URL")
                     .arg(m_iniPath),
                 m_iniPath);
}

QVector<ProductionEnvironment> ProjectConfig::productionEnvironments() const
{
    QVector<ProductionEnvironment> environments;
    for (const EnvironmentConfig &environment : m_envs) {
        if (!environment.production || environment.url.isEmpty())
            continue;
        Result<DatabaseUrl> url = DatabaseUrl::parse(environment.url, m_projectDir);
        if (url.ok())
            environments.append({environment.name, std::move(url).value()});
    }
    return environments;
}

void ProjectConfig::adoptProductionEnvironment(DatabaseTarget &target) const
{
    // Naming a production database by its URL must not be a way around its safety gates.
    for (const EnvironmentConfig &environment : m_envs) {
        if (!environment.production || environment.url.isEmpty())
            continue;
        const Result<DatabaseUrl> url = DatabaseUrl::parse(environment.url, m_projectDir);
        if (!url.ok() || !url->sameDatabase(target.url))
            continue;
        target.notes << QStringLiteral("%1 names the database of production environment '%2'; its safety gates apply")
                            .arg(target.source.startsWith(QLatin1String("environment")) ||
                                         target.source.startsWith(QLatin1String("default_env"))
                                     ? QStringLiteral("The URL of ") + target.source
                                     : target.source,
                                 environment.name);
        target.environmentName = environment.name;
        target.production = true;
        return;
    }
}

Result<DatabaseTarget> ProjectConfig::targetForEnvironment(const QString &name, const QString &source) const
{
    const EnvironmentConfig environment = m_envs.value(name);
    const QString note = m_urlNotes.value(name);
    if (environment.url.isEmpty()) {
        return Error(ErrorCode::Config,
                     QStringLiteral("environment '%1' has no url (%2)").arg(name, note.isEmpty() ? m_iniPath : note),
                     m_iniPath);
    }
    auto url = DatabaseUrl::parse(environment.url, m_projectDir);
    if (!url) {
        QString message = QStringLiteral("environment '%1': %2").arg(name, url.error().message);
        if (!note.isEmpty())
            message += QStringLiteral(" (%1)").arg(note);
        return Error(url.error().code, message, url.error().context);
    }
    DatabaseTarget target;
    target.url = std::move(url).value();
    if (!note.isEmpty())
        target.notes << QStringLiteral("environment '%1': %2").arg(name, note);
    target.environmentName = name;
    target.production = environment.production;
    target.source = source;
    if (!target.production)
        adoptProductionEnvironment(target); // another environment's name for a production database
    return target;
}

QString ProjectConfig::defaultIniText(const QString &scriptLocation)
{
    QString folder = scriptLocation.isEmpty() ? QStringLiteral("migrations") : scriptLocation;
    folder.replace(QStringLiteral("$"), QStringLiteral("$$")); // values are expanded when loaded

    QString text;
    text += QStringLiteral("# Retort project file. Relative paths are relative to this file.\n"
                           "# ${VAR} and $VAR are expanded from the environment; write $$ for a literal $.\n"
                           "\n"
                           "[retort]\n");
    text += iniLine(QStringLiteral("script_location = ") + folder, QStringLiteral("folder holding versions/"));
    text += iniLine(QStringLiteral("version_locations ="),
                    QStringLiteral("optional extra version folders, separated by spaces"));
    text += iniLine(QStringLiteral("version_table = alembic_version"),
                    QStringLiteral("Alembic's own name, so Alembic-managed databases are adopted as they are"));
    text += iniLine(QStringLiteral("version_table_schema ="));
    text += iniLine(QStringLiteral("history_table = retort_history"),
                    QStringLiteral("audit log of every run; empty disables it"));
    text += iniLine(QStringLiteral("transaction_per_migration = false"),
                    QStringLiteral("false: one transaction for the whole run (Alembic's default)"));
    text += iniLine(QStringLiteral("default_env = development"),
                    QStringLiteral("used when neither --url nor -e ENV is given"));
    text += QStringLiteral("\n[env.development]\n");
    text += iniLine(QStringLiteral("url = sqlite:///dev.db"), QStringLiteral("relative to this file"));
    text += QStringLiteral("\n# [env.production]\n");
    text += iniLine(QStringLiteral("# url = ${DATABASE_URL}"), QStringLiteral("no secret needs to be written down"));
    text += iniLine(QStringLiteral("# production = true"),
                    QStringLiteral("backup and confirmation before stamp, upgrade and downgrade"));
    text += iniLine(QStringLiteral("# backup = auto"), QStringLiteral("auto | pg_dump | mysqldump | sqlite | none"));
    text += iniLine(QStringLiteral("# backup_dir = backups"));
    return text;
}

} // namespace retort
