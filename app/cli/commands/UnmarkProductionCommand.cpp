// SPDX-License-Identifier: GPL-3.0-or-later
// retort unmark-production: the mark removed through the production gate, recorded.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/GatePrompt.h"
#include "app/cli/MigrationCommand.h"
#include "core/TextFormat.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/DatabaseBackup.h"
#include "core/runtime/ProductionCheck.h"
#include "core/runtime/ProductionMark.h"
#include "core/safety/SafetyGate.h"

namespace retort::cli::commands {

namespace {

class UnmarkProductionCommand : public ProjectCommand
{
public:
    UnmarkProductionCommand()
        : ProjectCommand(
              QStringLiteral("unmark-production"), QString(),
              QStringLiteral("Remove the production mark (a copy, say), through the production gate; recorded"),
              {MigrationCommand::kLockTimeout, gate_prompt::kYes, gate_prompt::kNoBackup, gate_prompt::kReason,
               MigrationCommand::kRehearse},
              Arity::none(), std::nullopt)
    {
    }

    Status checkArguments(const ParsedArguments &args) const override
    {
        if (args.value(gate_prompt::kReason).trimmed().isEmpty()) {
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("unmark-production needs --reason \"why this database is not production\"; "
                                        "it is recorded"));
        }
        return Status::success();
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

Status UnmarkProductionCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const QString reason = args.value(gate_prompt::kReason).trimmed();
    const ProjectConfig &config = project.config;
    RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
    const RunSettings settings = RunSettings::fromConfig(config, target.environmentName);
    RETORT_TRY(const ProductionStatus status, ProductionCheck::assess(target.url, settings));
    const QString name = SafetyGate::confirmationName(status);
    if (!status.mark) {
        context.printLine(QStringLiteral("%1 carries no production mark; nothing changed.").arg(name));
        return Status::success();
    }
    context.err() << "PRODUCTION: " << maskPasswords(SafetyGate::production(status)) << '\n'
                  << "  database: " << maskPasswords(status.identity.description()) << '\n'
                  << "Removing the production mark of " << status.mark->summary() << '\n';
    if (status.declaredByConfiguration()) {
        context.err() << "note: environment '" << status.environment
                      << "' has production = true: its next gated write marks the database again\n";
    }
    RETORT_TRY(const GateDecision decision,
               gate_prompt::askConfirmation(
                   context, status, QStringLiteral("Type '%1' to remove the production mark: ").arg(name), args,
                   QStringLiteral("pass --yes, with a backup (the default) or --no-backup --reason "
                                  "\"...\"")));
    RETORT_TRY(const SafetyClearance clearance,
               SafetyGate::clear(target, status, BackupSettings::forTarget(config, target), decision,
                                 [&context](const QString &message) { context.err() << message << '\n'; }));
    RETORT_TRY(const auto connection, DatabaseConnection::open(target.url));
    QSqlDatabase db = connection->database();
    const auto dialect = SqlDialect::create(target.url.dialect());
    RETORT_TRY(const QStringList rows, VersionTable(settings.versionTable, settings.versionTableSchema).readRows(db));
    RETORT_CHECK(recordInHistory(db, target.url, settings,
                                 HistoryRecord::forBackup(clearance.backup(), clearance.skipReason(), rows)));
    RETORT_CHECK(ProductionMark::remove(db, *dialect, settings.versionTableSchema));
    RETORT_CHECK(recordInHistory(db, target.url, settings, HistoryRecord::event(HistoryEvent::Unmark, rows, reason)));
    context.printLine(QStringLiteral("Removed the production mark of %1 from %2.").arg(status.mark->summary(), name));
    return Status::success();
}

} // namespace

std::unique_ptr<Command> unmarkProduction()
{
    return std::make_unique<UnmarkProductionCommand>();
}

} // namespace retort::cli::commands
