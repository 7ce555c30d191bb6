// SPDX-License-Identifier: GPL-3.0-or-later
// ProjectConfig for Alembic projects: which kind of file or folder was named, and what an alembic.ini gives.
#include "core/script/ProjectConfig.h"
#include "core/script/AlembicEnvironment.h"

#include "core/script/AlembicConfig.h"
#include "core/script/AlembicIni.h"
#include "core/script/ScriptCache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace retort {

namespace {

const QString kRetortIni = QStringLiteral("retort.ini");
const QString kAlembicIni = QStringLiteral("alembic.ini");
// What `alembic init` writes into sqlalchemy.url, to be replaced.
const QString kPlaceholderUrl = QStringLiteral("driver://user:pass@localhost/dbname");

bool hasRetortSection(const QString &text)
{
    static const QRegularExpression header(QStringLiteral("^\\s*\\[\\s*retort\\s*\\]"),
                                           QRegularExpression::MultilineOption);
    return header.match(text).hasMatch();
}

} // namespace

Result<ProjectConfig> ProjectConfig::load(const QString &path, const QProcessEnvironment &env, const QString &section,
                                          const QString &workingDirectory)
{
    const QFileInfo info(path);
    const QString absolute = QDir::cleanPath(info.absoluteFilePath());
    if (info.isDir())
        return loadFolder(absolute, env, section, workingDirectory);
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(ErrorCode::Io, QStringLiteral("%1: cannot read file: %2").arg(absolute, file.errorString()),
                     absolute);
    }
    return parse(QString::fromUtf8(file.readAll()), path, env, section, workingDirectory);
}

Result<ProjectConfig> ProjectConfig::parse(QString text, const QString &iniPath, const QProcessEnvironment &env,
                                           const QString &section, const QString &workingDirectory)
{
    if (hasRetortSection(text))
        return parseRetort(std::move(text), iniPath, env, section, workingDirectory);
    auto alembic = parseAlembic(text, iniPath, section, workingDirectory);
    // A retort.ini that lost its [retort] section is not meant as an alembic.ini: say what it misses.
    if (!alembic.ok() && QFileInfo(iniPath).fileName() == kRetortIni)
        return parseRetort(std::move(text), iniPath, env, section, workingDirectory);
    return alembic;
}

Result<ProjectConfig> ProjectConfig::parseAlembic(QString text, const QString &iniPath, const QString &section,
                                                  const QString &workingDirectory)
{
    ProjectConfig config;
    config.m_workingDirectory = workingDirectory;
    const QFileInfo info(iniPath);
    config.m_iniPath = QDir::cleanPath(info.absoluteFilePath());
    config.m_projectDir = QDir::cleanPath(info.absolutePath());
    config.m_isAlembicProject = true;
    RETORT_TRY(const AlembicIni ini, AlembicIni::parse(std::move(text), config.m_iniPath));
    RETORT_CHECK(config.adoptAlembicIni(ini, section));
    return config;
}

Status ProjectConfig::adoptAlembicIni(const QString &path, const QString &section)
{
    RETORT_TRY(const AlembicIni ini, AlembicIni::load(path));
    return adoptAlembicIni(ini, section);
}

Status ProjectConfig::adoptAlembicIni(const AlembicIni &ini, const QString &section)
{
    RETORT_TRY(const AlembicConfig alembic, AlembicConfig::read(ini, section, workingDirectory()));
    m_alembicIniPath = alembic.iniPath;
    m_alembicSection = section;
    m_scriptLocation = alembic.scriptLocation;
    m_scriptLocationSetAt = alembic.scriptLocationSetAt;
    m_versionLocations = alembic.versionLocations;
    m_recursiveVersionLocations = alembic.recursiveVersionLocations;
    m_fileTemplate = alembic.fileTemplate;
    m_truncateSlugLength = alembic.truncateSlugLength;
    m_sqlalchemyUrlLine = alembic.sqlalchemyUrlLine;
    m_sqlalchemyUrl = alembic.sqlalchemyUrl ? alembic.sqlalchemyUrl->text : QString();
    m_warnings += alembic.notes;
    return adoptEnvironmentVersionTable();
}

Status ProjectConfig::adoptEnvironmentVersionTable()
{
    const QString envPy = envPyPath();
    const AlembicEnvironment environment = AlembicEnvironment::read(envPy);
    struct Field
    {
        const char *key;
        const std::optional<AlembicEnvironment::Setting> &fromEnvPy;
        QString &value;
        const SourceLocation &setAt;
    };
    for (const Field &field : {Field{"version_table", environment.versionTable, m_versionTable, m_versionTableSetAt},
                               Field{"version_table_schema", environment.versionTableSchema, m_versionTableSchema,
                                     m_versionTableSchemaSetAt}}) {
        if (!field.fromEnvPy)
            continue;
        const SourceLocation where{envPy, field.fromEnvPy->line};
        const QString key = QString::fromLatin1(field.key);
        if (!field.fromEnvPy->literal) {
            m_warnings.append({Diagnostic::Severity::Warning, where,
                               QStringLiteral("%1 is set from an expression Retort cannot read without running env.py; "
                                              "Retort uses '%2': set %1 in retort.ini if Alembic's differs")
                                   .arg(key, field.value)});
            continue;
        }
        const QString literal = *field.fromEnvPy->literal;
        if (literal == field.value)
            continue;
        if (!field.setAt.isNull()) {
            // Two tables would mean two histories: a stamp here would not move what Alembic reads.
            return Error(ErrorCode::Config,
                         QStringLiteral("%1: %2 = %3, but %4 passes %2='%5' to Alembic; make them the same table")
                             .arg(field.setAt.toString(), key, field.value, where.toString(), literal),
                         field.setAt);
        }
        m_warnings.append({Diagnostic::Severity::Warning, where,
                           QStringLiteral("env.py names the %1 '%2', so Retort reads and writes it too (mirror it "
                                          "with %1 = %2 in retort.ini to say so)")
                               .arg(key, literal)});
        field.value = literal;
    }
    return Status::success();
}

Result<ProjectConfig> ProjectConfig::loadFolder(const QString &folder, const QProcessEnvironment &env,
                                                const QString &section, const QString &workingDirectory)
{
    const QDir dir(folder);
    for (const QString &name : {kRetortIni, kAlembicIni}) {
        if (QFileInfo(dir.filePath(name)).isFile())
            return load(dir.filePath(name), env, section, workingDirectory);
    }
    RETORT_TRY(const QVector<ListedScript> files, ScriptCache::listFolder(folder));
    if (files.isEmpty()) {
        return Error(
            ErrorCode::Config,
            QStringLiteral("%1: no retort.ini, alembic.ini or revision files (*.py, *.sql) in this folder").arg(folder),
            SourceLocation{folder, 0});
    }
    // A bare versions folder, as Alembic keeps it: the folder above holds env.py when it is the script location.
    ProjectConfig config;
    config.m_iniPath = folder;
    config.m_projectDir = folder;
    config.m_isAlembicProject = true;
    const QString parent = QFileInfo(folder).absolutePath();
    config.m_scriptLocation = QFileInfo::exists(parent + QStringLiteral("/env.py")) ? parent : folder;
    config.m_versionLocations = {folder};
    return config;
}

std::optional<DatabaseTarget> ProjectConfig::sqlalchemyUrlTarget() const
{
    // Most projects leave a placeholder or an interpolation here and take the real URL from the application.
    if (m_sqlalchemyUrl.isEmpty() || m_sqlalchemyUrl == kPlaceholderUrl ||
        m_sqlalchemyUrl.contains(QLatin1String("%(")) || m_sqlalchemyUrl.contains(QLatin1String("${")))
        return std::nullopt;
    // Relative to where Alembic would run, as SQLAlchemy reads a relative SQLite path.
    Result<DatabaseUrl> url = DatabaseUrl::parse(m_sqlalchemyUrl, workingDirectory());
    if (!url.ok())
        return std::nullopt;
    DatabaseTarget target;
    target.url = std::move(url).value();
    target.source = QStringLiteral("sqlalchemy.url (%1:%2)")
                        .arg(QFileInfo(m_alembicIniPath).fileName(), QString::number(m_sqlalchemyUrlLine));
    adoptProductionEnvironment(target);
    return target;
}

QString ProjectConfig::workingDirectory() const
{
    return m_workingDirectory.isEmpty() ? QDir::currentPath() : m_workingDirectory;
}

QString ProjectConfig::projectRoot() const
{
    const QString start = m_alembicIniPath.isEmpty() ? m_projectDir : QFileInfo(m_alembicIniPath).absolutePath();
    for (QDir dir(start);;) {
        for (const char *marker : {".git", "pyproject.toml", "setup.py", "setup.cfg"}) {
            if (QFileInfo::exists(dir.filePath(QString::fromLatin1(marker))))
                return dir.absolutePath();
        }
        if (!dir.cdUp())
            return start;
    }
}

QString ProjectConfig::envPyPath() const
{
    const QString path = m_scriptLocation + QStringLiteral("/env.py");
    return QFileInfo::exists(path) ? path : QString();
}

} // namespace retort
