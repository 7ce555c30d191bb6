// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/Guidance.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"

#include <QProcessEnvironment>
#include <QTextStream>

#include <mutex>
#include <optional>

namespace retort {
class DatabaseConnection;
}

namespace retort::cli {

// What every command works with: the streams, the terminal (if a person is at one), the process
// environment, the global options (-c, -e, --url), and the steps commands share. Results go to `out`;
// progress, warnings and questions to `err`.
class CommandContext
{
public:
    CommandContext(QTextStream &out, QTextStream &err, QProcessEnvironment environment)
        : m_out(out), m_err(err), m_environment(std::move(environment))
    {
    }

    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    const QProcessEnvironment &environment() const { return m_environment; }
    // Confirmations are read from here; null without a terminal, where nothing is ever asked.
    QTextStream *input() const { return m_input; }
    void setInput(QTextStream *input) { m_input = input; }
    // A run's progress lines come from more than one thread (the run's, and its lock watcher's).
    std::mutex &progressMutex() { return m_progressMutex; }

    // `configGiven`: named by -c or $RETORT_CONFIG; otherwise loadConfig() reads ./retort.ini, else
    // ./alembic.ini. `section`: the alembic.ini section (-n/--name).
    void setGlobals(QString configPath, QString environmentName, QString url, bool configGiven = true,
                    QString section = ProjectConfig::kDefaultAlembicSection);
    const QString &configPath() const { return m_configPath; }
    const QString &section() const { return m_section; }
    const QString &environmentName() const { return m_environmentName; }
    const QString &url() const { return m_url; }

    void printLine(const QString &text);
    // A command that succeeds with something to say in its exit status (`status`: 3 pending, …).
    void setExitCode(int code) { m_exitCode = code; }
    int exitCode() const { return m_exitCode; }
    // Asks at the terminal; empty without one.
    QString ask(const QString &prompt);
    // The same, telling an answer from the end of the input (Ctrl-D): nullopt then, or without a terminal.
    std::optional<QString> askLine(const QString &prompt);

    [[nodiscard]] Result<ProjectConfig> loadConfig();
    [[nodiscard]] Result<ScriptDirectory> loadScripts(const ProjectConfig &config, ScriptContents contents);
    // The database the global options name, with their warnings.
    [[nodiscard]] Result<DatabaseTarget> databaseTarget(const ProjectConfig &config);
    // The version-table rows of the target database, in the order it returns them. Kept, with (given `map`)
    // what the history table recorded of rows the map does not define, for the guidance of a later error.
    // `keep`, when given, receives the read-only connection (null when the SQLite file does not exist).
    [[nodiscard]] Result<QStringList> readCurrentRows(const ProjectConfig &config, const DatabaseTarget &target,
                                                      const RevisionMap *map = nullptr,
                                                      std::unique_ptr<DatabaseConnection> *keep = nullptr);
    // What the last readCurrentRows() found; empty before one succeeded.
    const std::optional<DatabaseFacts> &databaseFacts() const { return m_databaseFacts; }
    // "retort" with the global options that chose the project and the database, to start suggested commands.
    QString retortCommand() const;

private:
    QTextStream &m_out;
    QTextStream &m_err;
    QProcessEnvironment m_environment;
    QTextStream *m_input = nullptr;
    std::mutex m_progressMutex;
    int m_exitCode = 0;
    QString m_configPath;
    bool m_configGiven = true;
    QString m_section = ProjectConfig::kDefaultAlembicSection;
    QString m_environmentName;
    QString m_url;
    std::optional<DatabaseFacts> m_databaseFacts;
};

} // namespace retort::cli
