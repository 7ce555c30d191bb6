// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/ArgumentParser.h"
#include "core/Result.h"
#include "core/runtime/MigrationRunner.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"

#include <QProcessEnvironment>
#include <QTextStream>

#include <functional>
#include <mutex>

namespace retort::cli {

// The `retort` command line: Alembic's commands and output formats plus
// Retort's own (`plan`). Prints results on `out`, "FAILED: ..." on `err`.
class Cli
{
public:
    Cli(QTextStream &out, QTextStream &err, QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());

    // Returns the exit status: 0 success, 1 failure, 2 bad usage.
    int run(const QStringList &arguments);
    // Where confirmations are read from when a person is at a terminal;
    // without one, production commands need --yes and never prompt.
    void setTerminalInput(QTextStream *input) { m_input = input; }
    // Holds on to every project it loads, so that a Cli that is never destroyed frees nothing.
    void keepLoadedProjects() { m_keepLoaded = true; }

private:
    struct Command
    {
        QString name;
        QString arguments; // usage after the options, e.g. "REV"
        QString summary;
        QVector<OptionSpec> options;
        std::function<Status(const ParsedArguments &)> run;
        int minPositionals = 0;
        int maxPositionals = 0; // -1: any number
    };

    void registerCommands();
    void printUsage(QTextStream &stream) const;
    void printCommandHelp(const Command &command) const;

    // Steps shared by the commands.
    [[nodiscard]] Result<ProjectConfig> loadConfig() const;
    [[nodiscard]] Result<ScriptDirectory> loadScripts(const ProjectConfig &config,
                                                      ScriptContents contents = ScriptContents::Everything);
    [[nodiscard]] Result<DatabaseTarget> databaseTarget(const ProjectConfig &config) const;
    // The version-table rows of the target database, in the order it returns them.
    [[nodiscard]] Result<QStringList> readCurrentRows(const ProjectConfig &config, const DatabaseTarget &target) const;
    void printLine(const QString &text);
    // revision and merge: write the file, print Alembic's "Generating ...  done".
    Status writeRevision(const ScriptDirectory::NewRevision &request);

    Status runInit(const ParsedArguments &args);
    Status writeGitignore(const QString &folder);
    Status runRevision(const ParsedArguments &args);
    Status runMerge(const ParsedArguments &args);
    Status runHeads(const ParsedArguments &args);
    Status runBranches(const ParsedArguments &args);
    Status runCurrent(const ParsedArguments &args);
    Status runHistory(const ParsedArguments &args);
    Status runShow(const ParsedArguments &args);
    Status runPlan(const ParsedArguments &args);
    Status runUpgrade(const ParsedArguments &args);
    Status runDowngrade(const ParsedArguments &args);
    Status runStamp(const ParsedArguments &args);
    Status runRange(const ParsedArguments &args, RunRequest::Command command);
    // upgrade, downgrade and stamp: online through MigrationRunner, or the offline script with --sql.
    Status runMigration(RunRequest request, const ParsedArguments &args, const QString &startRevision);
    void connectProgress(MigrationRunner &runner, bool &lineOpen);
    Status printRehearsal(const Result<RunResult> &result);

    // Production safety (ProductionCommands.cpp).
    Status runBackup(const ParsedArguments &args);
    Status runRestore(const ParsedArguments &args);
    // Whether the database a restore replaces is production (its identity and mark, or a production
    // environment's URL naming it).
    ProductionStatus restoreDestinationStatus(const ProjectConfig &config, const DatabaseTarget &target,
                                              const DatabaseUrl &destination) const;
    // The backup of what `destination` holds, taken before a restore replaces it: the path, or empty when
    // there is nothing to back up or the person said not to.
    Result<QString> backUpBeforeRestore(const ProjectConfig &config, const DatabaseUrl &destination,
                                        const ProductionStatus &status, const ParsedArguments &args);
    Status runChecklist(const ParsedArguments &args);
    Status runMarkProduction(const ParsedArguments &args);
    Status runUnmarkProduction(const ParsedArguments &args);
    // The production gate on the command line: shows why the database is production and the plan,
    // confirms (--yes or the typed confirmation name), offers a rehearsal at a terminal, and takes the
    // backup (or records --no-backup --reason); a rehearsal needs the confirmation only.
    [[nodiscard]] Result<SafetyClearance> passProductionGate(const ProjectConfig &config,
                                                             const ScriptDirectory &scripts,
                                                             const DatabaseTarget &target,
                                                             const ProductionStatus &status, const RunRequest &request,
                                                             const ParsedArguments &args, MigrationRunner &runner);
    // --yes, or the confirmation name typed at a terminal; the decision's backup part from --no-backup
    // and --reason. `action` ends the refusal without a terminal ("pass --yes, ...").
    [[nodiscard]] Result<GateDecision> askConfirmation(const ProductionStatus &status, const QString &question,
                                                       const ParsedArguments &args, const QString &action);
    // Asks at the terminal; empty without one.
    QString ask(const QString &prompt);
    Status printOfflineScript(const ProjectConfig &config, const ScriptDirectory &scripts, const DatabaseTarget &target,
                              const RunRequest &request, const QString &startRevision);

    QTextStream &m_out;
    QTextStream &m_err;
    std::mutex m_progressMutex; // a run's progress lines come from more than one thread
    QTextStream *m_input = nullptr;
    bool m_keepLoaded = false;
    QVector<ScriptDirectory> m_loaded; // with m_keepLoaded
    QProcessEnvironment m_environment;
    QVector<Command> m_commands;
    QString m_configPath;
    QString m_envName;
    QString m_url;
};

} // namespace retort::cli
