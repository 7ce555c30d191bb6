// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/OnlineRun.h"

#include "app/cli/CommandContext.h"
#include "app/cli/GatePrompt.h"
#include "core/TextFormat.h"
#include "core/runtime/MigrationRunner.h"
#include "core/runtime/ProductionCheck.h"
#include "core/runtime/VersionTable.h"

namespace retort::cli {

namespace {

void connectProgress(CommandContext &context, MigrationRunner &runner, bool &lineOpen)
{
    // Messages come from the run's thread and, while a statement waits for a lock, from the watcher's.
    auto closeLine = [&context, &lineOpen] {
        if (lineOpen)
            context.err() << '\n';
        lineOpen = false;
    };
    QObject::connect(&runner, &MigrationRunner::messageLogged, [&context, closeLine](const QString &message) {
        const std::lock_guard<std::mutex> serialized(context.progressMutex());
        closeLine();
        context.err() << message << '\n';
        context.err().flush();
    });
    QObject::connect(
        &runner, &MigrationRunner::stepStarted,
        [&context, &lineOpen, closeLine](int number, int count, const QString &description) {
            const std::lock_guard<std::mutex> serialized(context.progressMutex());
            closeLine();
            context.err() << QStringLiteral("[%1/%2] Running %3 ...").arg(number).arg(count).arg(description);
            context.err().flush();
            lineOpen = true;
        });
    QObject::connect(&runner, &MigrationRunner::stepFinished,
                     [&context, &lineOpen](int, int, const QString &, qint64 milliseconds) {
                         const std::lock_guard<std::mutex> serialized(context.progressMutex());
                         if (lineOpen)
                             context.err() << QStringLiteral(" done in %1 ms\n").arg(milliseconds);
                         else
                             context.err() << QStringLiteral("... done in %1 ms\n").arg(milliseconds);
                         context.err().flush();
                         lineOpen = false;
                     });
}

} // namespace

Result<OnlineRunOutcome> runOnline(CommandContext &context, const ProjectConfig &config, const ScriptDirectory &scripts,
                                   const DatabaseTarget &target, RunRequest request, const ParsedArguments &gateAnswers,
                                   const OnlineRunOptions &options)
{
    RunSettings settings = RunSettings::fromConfig(config, target.environmentName);
    if (options.lockTimeoutSeconds)
        settings.lockTimeoutSeconds = *options.lockTimeoutSeconds;
    MigrationRunner runner(scripts, settings);
    bool lineOpen = false;
    connectProgress(context, runner, lineOpen);
    OnlineRunOutcome outcome;
    // Production by what the database is (its identity, its mark), not by how its URL is spelt.
    RETORT_TRY(const ProductionStatus status, ProductionCheck::assess(target.url, settings));
    if (status.gated()) {
        RETORT_TRY(SafetyClearance clearance, gate_prompt::pass(context, config, scripts, target, status, request,
                                                                gateAnswers, runner, options.recentBackup));
        outcome.gated = true;
        outcome.backup = clearance.backup();
        outcome.backupSkipReason = clearance.skipReason();
        request.clearance = std::move(clearance);
    } else {
        for (const QString &note : status.notes)
            context.err() << "note: " << maskPasswords(note) << '\n';
    }
    if (request.rehearsal && config.writesAlembicRevisions()) {
        // Alembic commits in its own process: rehearsed on a scratch copy, from the gate's backup when it took one.
        const QString backupPath =
            request.clearance && request.clearance->backup() ? request.clearance->backup()->path : QString();
        RETORT_TRY(outcome.result,
                   gate_prompt::rehearseOnScratchCopy(context, config, scripts, target, request, backupPath));
        return outcome;
    }
    auto result = runner.run(target.url, request);
    if (lineOpen) // a step that failed left its progress line open
        context.err() << '\n';
    if (request.rehearsal) {
        RETORT_TRY(outcome.result, gate_prompt::printRehearsal(context, result));
        return outcome;
    }
    if (!result.ok()) {
        // The run's connection is gone; a revision it could not locate may be the database's own, whose
        // history the guidance tells (ProjectCommand adds it).
        if (result.error().code == ErrorCode::ResolutionError)
            (void)context.readCurrentRows(config, target, &scripts.map());
        return result.error();
    }
    const VersionTable table(config.versionTable(), config.versionTableSchema());
    context.err() << table.qualifiedName() << ": " << versionRowsText(result->rowsAfter) << '\n';
    outcome.result = std::move(result).value();
    return outcome;
}

} // namespace retort::cli
