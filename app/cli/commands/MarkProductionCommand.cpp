// SPDX-License-Identifier: GPL-3.0-or-later
// retort mark-production: the mark in the database that makes every way to it meet the gate.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/TextFormat.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/RunRequest.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/runtime/ProductionCheck.h"
#include "core/runtime/ProductionMark.h"
#include "core/safety/SafetyGate.h"

namespace retort::cli::commands {

namespace {

const OptionSpec kAs{{QStringLiteral("--as")},
                     QStringLiteral("ENV"),
                     QStringLiteral("The production environment the mark names (default: the one in use)")};
const OptionSpec kYes{
    {QStringLiteral("--yes")}, QString(), QStringLiteral("Replace a mark the database already carries")};

class MarkProductionCommand : public ProjectCommand
{
public:
    MarkProductionCommand()
        : ProjectCommand(
              QStringLiteral("mark-production"), QString(),
              QStringLiteral("Mark the database as production, so every configuration that reaches it meets the gate"),
              {kAs, kYes}, Arity::none(), std::nullopt)
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

Status MarkProductionCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ProjectConfig &config = project.config;
    RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
    const QString environment = args.isSet(kAs) ? args.value(kAs) : target.environmentName;
    if (environment.trimmed().isEmpty()) {
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("name the production environment the mark stands for: --as NAME"));
    }
    const RunSettings settings = RunSettings::fromConfig(config, target.environmentName);
    RETORT_TRY(const auto connection, DatabaseConnection::open(target.url, DatabaseConnection::Mode::ReadOnly));
    if (!connection->exists())
        return Error(ErrorCode::Io, QStringLiteral("there is no database at %1 to mark").arg(target.url.database()));
    QSqlDatabase readOnly = connection->database();
    RETORT_TRY(const ProductionStatus status, ProductionCheck::assess(readOnly, target.url, settings));
    const QString name = SafetyGate::confirmationName(status);
    if (status.mark && status.mark->madeOn(status.identity) && status.mark->environment == environment) {
        context.printLine(QStringLiteral("%1 already carries the production mark of %2; nothing changed.")
                              .arg(name, status.mark->summary()));
        return Status::success();
    }
    if (status.mark && !args.isSet(kYes)) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("%1 carries the production mark of %2, made on %3; pass --yes to replace it; "
                                    "nothing was changed")
                         .arg(name, status.mark->summary(), status.mark->identityDescription));
    }
    if (!status.identity.known) {
        context.err() << "note: " << maskPasswords(status.identity.unknownReason)
                      << ": the mark cannot name this database's identity, so it counts wherever it is found\n";
    }
    RETORT_TRY(const auto writable, DatabaseConnection::open(target.url));
    QSqlDatabase db = writable->database();
    const auto dialect = SqlDialect::create(target.url.dialect());
    RETORT_CHECK(ProductionMark::write(db, *dialect, settings.versionTableSchema, environment, status.identity));
    const QString note =
        QStringLiteral("production mark of environment '%1' on %2").arg(environment, status.identity.description());
    RETORT_TRY(const QStringList rows, VersionTable(settings.versionTable, settings.versionTableSchema).readRows(db));
    RETORT_CHECK(recordInHistory(db, target.url, settings, HistoryRecord::event(HistoryEvent::Mark, rows, note)));
    context.printLine(
        QStringLiteral("Marked %1 as the database of production environment '%2': every configuration that "
                       "reaches it meets the production gate.")
            .arg(name, environment));
    return Status::success();
}

} // namespace

std::unique_ptr<Command> markProduction()
{
    return std::make_unique<MarkProductionCommand>();
}

} // namespace retort::cli::commands
