// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/GatePrompt.h"
#include "core/runtime/AlembicBridge.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/TableSizes.h"

#include "app/cli/CommandContext.h"
#include "core/TextFormat.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/DatabaseBackup.h"
#include "core/safety/GateDescription.h"
#include "core/safety/SafetyGate.h"
#include "core/safety/ScratchRehearsal.h"

namespace retort::cli::gate_prompt {

const OptionSpec kYes{
    {QStringLiteral("--yes")}, QString(), QStringLiteral("Confirm a run on a production environment")};
const OptionSpec kNoBackup{{QStringLiteral("--no-backup")},
                           QString(),
                           QStringLiteral("Production: run without taking a backup first (needs --reason)")};
const OptionSpec kReason{
    {QStringLiteral("--reason")}, QStringLiteral("TEXT"), QStringLiteral("Why no backup is taken; recorded")};

Status checkBackupOptions(const ParsedArguments &args)
{
    if (args.isSet(kNoBackup) && args.value(kReason).trimmed().isEmpty())
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("--no-backup needs --reason \"why no backup is needed\"; it is recorded"));
    return Status::success();
}

Result<GateDecision> askConfirmation(CommandContext &context, const ProductionStatus &status, const QString &question,
                                     const ParsedArguments &args, const QString &action)
{
    GateDecision decision;
    decision.assumeYes = args.isSet(kYes);
    decision.skipBackup = args.isSet(kNoBackup);
    decision.skipReason = args.value(kReason);
    RETORT_CHECK(checkBackupOptions(args));
    if (decision.assumeYes)
        return decision;
    if (!context.input()) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("%1. No terminal is attached to ask for confirmation: %2; nothing was changed")
                         .arg(SafetyGate::production(status), action));
    }
    decision.typedName = context.ask(question);
    return decision;
}

Result<SafetyClearance> pass(CommandContext &context, const ProjectConfig &config, const ScriptDirectory &scripts,
                             const DatabaseTarget &target, const ProductionStatus &status, const RunRequest &request,
                             const ParsedArguments &args, MigrationRunner &runner,
                             const std::optional<BackupRecord> &recentBackup)
{
    std::unique_ptr<DatabaseConnection> connection; // for the sizes of the tables lint's findings name
    RETORT_TRY(const QStringList rows, context.readCurrentRows(config, target, &scripts.map(), &connection));
    LintContext lint = LintContext::forProject(config, target.url.dialect());
    lint.render = AlembicBridge::renderer(config, target.url.dialect());
    if (connection) {
        lint.addTableSizes = [&connection, &target](LintFindings &findings) {
            addTableSizes(connection->database(), target.url.dialect(), findings);
        };
    }
    RETORT_TRY(const GateDescription description, GateDescription::describe(scripts, request, rows, status, lint));
    for (const QString &line : description.lines())
        context.err() << maskPasswords(line) << '\n';
    const QString action = request.rehearsal
                               ? QStringLiteral("pass --yes (a rehearsal keeps nothing, so it takes no backup)")
                               : QStringLiteral("pass --yes, with a backup (the default) or --no-backup --reason "
                                                "\"...\"");
    RETORT_TRY(GateDecision decision, askConfirmation(context, status, description.question, args, action));
    decision.rehearsalOnly = request.rehearsal;
    if (recentBackup && SafetyGate::canReuse(*recentBackup, status, target.url))
        decision.existingBackup = recentBackup;
    const bool confirmedHere = !decision.assumeYes && decision.typedName.trimmed() == description.confirmationName;
    // Alembic commits in its own process: its runs are rehearsed on a copy restored from the gate's backup.
    const bool onScratchCopy = config.writesAlembicRevisions();
    if (confirmedHere && !request.rehearsal && !onScratchCopy &&
        SqlDialect::create(target.url.dialect())->transactionalDdl()) {
        const QString answer = context.ask(
            description.rehearsalStopsBefore.isEmpty()
                ? QStringLiteral("Rehearse first (run the plan in a transaction and roll it back)? [Y/n] ")
                : QStringLiteral("Rehearse first (run the plan in a transaction and roll it back; it stops before %1, "
                                 "which runs outside a transaction)? [Y/n] ")
                      .arg(description.rehearsalStopsBefore));
        if (!answer.startsWith(u'n', Qt::CaseInsensitive)) {
            GateDecision forRehearsal = decision;
            forRehearsal.rehearsalOnly = true;
            RETORT_TRY(SafetyClearance confirmed, SafetyGate::clear(target, status, {}, forRehearsal));
            RunRequest rehearsal = request;
            rehearsal.rehearsal = true;
            rehearsal.clearance = std::move(confirmed);
            RETORT_CHECK(printRehearsal(context, runner.run(target.url, rehearsal)));
        }
    }
    RETORT_TRY(SafetyClearance clearance,
               SafetyGate::clear(target, status, BackupSettings::forTarget(config, target), decision,
                                 [&context](const QString &message) { context.err() << message << '\n'; }));
    if (confirmedHere && !request.rehearsal && onScratchCopy && clearance.backup() &&
        target.url.dialect() != Dialect::MySQL) {
        const QString answer =
            context.ask(QStringLiteral("Rehearse first on a scratch copy restored from this backup (the real "
                                       "database is not touched)? [Y/n] "));
        if (!answer.startsWith(u'n', Qt::CaseInsensitive))
            RETORT_CHECK(rehearseOnScratchCopy(context, config, scripts, target, request, clearance.backup()->path));
    }
    return clearance;
}

Result<RunResult> rehearseOnScratchCopy(CommandContext &context, const ProjectConfig &config,
                                        const ScriptDirectory &scripts, const DatabaseTarget &target,
                                        const RunRequest &request, const QString &backupPath)
{
    ScratchRehearsalRequest rehearsal;
    rehearsal.url = target.url;
    rehearsal.request = request;
    rehearsal.settings = RunSettings::fromConfig(config, target.environmentName);
    rehearsal.backup = BackupSettings::forTarget(config, target);
    rehearsal.backupPath = backupPath;
    return printRehearsal(context, ScratchRehearsal::run(scripts, rehearsal, [&context](const QString &message) {
                              context.err() << maskPasswords(message) << '\n';
                              context.err().flush();
                          }));
}

Result<RunResult> printRehearsal(CommandContext &context, const Result<RunResult> &result)
{
    if (!result.ok() && result.error().code == ErrorCode::Refused)
        return result.error();
    if (!result.ok())
        return Error(result.error().code, QStringLiteral("rehearsal failed: ") + result.error().message);
    context.err() << result->rehearsalOutcome() << '\n';
    context.err() << (result->rehearsalChanges.isEmpty() ? "" : "warning: ") << result->rehearsalCheck() << '\n';
    return result.value();
}

} // namespace retort::cli::gate_prompt
