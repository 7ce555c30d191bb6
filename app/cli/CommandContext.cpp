// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/CommandContext.h"

#include "core/TextFormat.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"

#include <QFileInfo>

namespace retort::cli {

void CommandContext::setGlobals(QString configPath, QString environmentName, QString url, bool configGiven,
                                QString section)
{
    m_configPath = std::move(configPath);
    m_configGiven = configGiven;
    m_section = std::move(section);
    m_environmentName = std::move(environmentName);
    m_url = std::move(url);
}

void CommandContext::printLine(const QString &text)
{
    m_out << text << '\n';
}

QString CommandContext::ask(const QString &prompt)
{
    return askLine(prompt).value_or(QString());
}

std::optional<QString> CommandContext::askLine(const QString &prompt)
{
    if (!m_input)
        return std::nullopt;
    m_out.flush(); // what was said before the question comes first
    m_err << prompt;
    m_err.flush();
    QString line;
    if (!m_input->readLineInto(&line))
        return std::nullopt;
    return line.trimmed();
}

Result<ProjectConfig> CommandContext::loadConfig()
{
    // An Alembic project is opened as it is; `init` still writes retort.ini (it reads configPath()).
    static const QString alembicIni = QStringLiteral("alembic.ini");
    const QString path =
        !m_configGiven && !QFileInfo::exists(m_configPath) && QFileInfo::exists(alembicIni) ? alembicIni : m_configPath;
    if (!QFileInfo::exists(path)) {
        return Error(ErrorCode::Config,
                     m_configGiven ? QStringLiteral("No config file '%1' found; run 'retort init DIRECTORY' to create "
                                                    "one, or pass -c PATH")
                                         .arg(m_configPath)
                                   : QStringLiteral("No config file '%1' or '%2' found; run 'retort init DIRECTORY' to "
                                                    "create one, or pass -c PATH")
                                         .arg(m_configPath, alembicIni));
    }
    RETORT_TRY(ProjectConfig config, ProjectConfig::load(path, m_environment, m_section));
    for (const Diagnostic &warning : config.warnings())
        m_err << "warning: " << warning.toString() << '\n';
    return config;
}

Result<ScriptDirectory> CommandContext::loadScripts(const ProjectConfig &config, ScriptContents contents)
{
    RETORT_TRY(ScriptDirectory scripts, ScriptDirectory::load(config, contents));
    for (const Diagnostic &warning : scripts.warnings())
        m_err << "warning: " << warning.toString() << '\n';
    return scripts;
}

Result<DatabaseTarget> CommandContext::databaseTarget(const ProjectConfig &config)
{
    RETORT_TRY(DatabaseTarget target, config.resolveTarget(m_url, m_environmentName, m_environment));
    if (!m_url.isEmpty() && !target.url.password().isEmpty()) {
        m_err << "warning: the password in --url is visible to every user of this machine in the process list "
                 "(ps); put the URL in DATABASE_URL, or the password in a variable that retort.ini expands\n";
    }
    for (const QString &note : std::as_const(target.notes))
        m_err << "warning: " << maskPasswords(note) << '\n';
    return target;
}

Result<QStringList> CommandContext::readCurrentRows(const ProjectConfig &config, const DatabaseTarget &target,
                                                    const RevisionMap *map, std::unique_ptr<DatabaseConnection> *keep)
{
    RETORT_TRY(auto connection, DatabaseConnection::open(target.url, DatabaseConnection::Mode::ReadOnly));
    if (!connection->exists()) {
        m_err << "note: " << target.url.database() << " does not exist yet; it has no version table\n";
        return QStringList();
    }
    const VersionTable table(config.versionTable(), config.versionTableSchema());
    RETORT_TRY(const QStringList rows, table.readRows(connection->database()));
    DatabaseFacts facts;
    facts.database = target.url.toDisplayString();
    facts.rows = rows;
    if (!config.historyTable().isEmpty()) {
        facts.historyTable = SqlDialect::create(target.url.dialect())
                                 ->qualifiedTable(config.historyTable(), config.versionTableSchema());
    }
    QStringList unknown;
    for (const QString &row : rows) {
        if (map && !RevisionMap::isRevision(map->indexOf(row)))
            unknown << row;
    }
    // Read now, while connected: only an error about these rows needs it, and the rows are read already.
    const auto recorded = Guidance::readRecorded(connection->database(), target.url.dialect(), config.historyTable(),
                                                 config.versionTableSchema(), unknown);
    facts.historyRead = map && recorded.ok();
    if (recorded.ok())
        facts.recorded = recorded.value();
    else
        m_err << "warning: " << maskPasswords(recorded.error().message) << '\n';
    m_databaseFacts = std::move(facts);
    if (keep)
        *keep = std::move(connection);
    return rows;
}

QString CommandContext::retortCommand() const
{
    QString command = QStringLiteral("retort");
    if (m_configGiven && m_configPath != QLatin1String("retort.ini"))
        command += QStringLiteral(" -c '%1'").arg(m_configPath);
    if (m_section != ProjectConfig::kDefaultAlembicSection)
        command += QStringLiteral(" -n '%1'").arg(m_section);
    if (!m_environmentName.isEmpty())
        command += QStringLiteral(" -e %1").arg(m_environmentName);
    if (!m_url.isEmpty())
        command += QStringLiteral(" --url '%1'").arg(maskPasswords(m_url));
    return command;
}

} // namespace retort::cli
