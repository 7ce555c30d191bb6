// SPDX-License-Identifier: GPL-3.0-or-later
// retort plan REV: the steps a run to REV would take, with the tables each touches.
#include "app/cli/CommandContext.h"
#include "core/revision/RevisionResolver.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/PlanReport.h"
#include "core/runtime/AlembicBridge.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/TableSizes.h"

namespace retort::cli::commands {

namespace {

const OptionSpec kFrom{
    {QStringLiteral("--from")},
    QStringLiteral("REV[,REV]"),
    QStringLiteral("Plan from these version rows instead of reading the database ('base' for empty)")};
const OptionSpec kUpgrade{{QStringLiteral("--upgrade")}, QString(), QStringLiteral("Plan an upgrade (the default)")};
const OptionSpec kDowngrade{{QStringLiteral("--downgrade")}, QString(), QStringLiteral("Plan a downgrade")};
const OptionSpec kDialect{{QStringLiteral("--dialect")},
                          QStringLiteral("DIALECT"),
                          QStringLiteral("With --from: plan the sections a postgresql, mysql or sqlite database runs")};

class PlanCommand : public ProjectCommand
{
public:
    PlanCommand()
        : ProjectCommand(
              QStringLiteral("plan"), QStringLiteral("REV"),
              QStringLiteral(
                  "Show the steps an upgrade (or downgrade) to REV would take, with the tables each touches"),
              {kFrom, kUpgrade, kDowngrade, kDialect, kVerbose, kJson}, Arity::exactly(1), ScriptContents::Everything)
    {
    }

    Status checkArguments(const ParsedArguments &args) const override
    {
        if (args.isSet(kUpgrade) && args.isSet(kDowngrade))
            return Error(ErrorCode::CommandLine, QStringLiteral("--upgrade and --downgrade cannot be combined"));
        // A database read names its own dialect; another one would plan SQL it does not run.
        if (args.isSet(kDialect) && !args.isSet(kFrom))
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("--dialect plans without a database and needs --from; with a database, the "
                                        "plan is for its dialect"));
        RETORT_TRY(const std::optional<Dialect> dialect, dialectOption(args, kDialect));
        Q_UNUSED(dialect);
        return Status::success();
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

Status PlanCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ProjectConfig &config = project.config;
    const ScriptDirectory &scripts = *project.scripts;
    PlanReport::Request request;
    std::unique_ptr<DatabaseConnection> connection; // kept open for the sizes of the tables lint names
    request.destination = args.positionals.first();
    request.direction = args.isSet(kDowngrade)
                            ? PlanReport::Direction::Downgrade
                            : (args.isSet(kUpgrade) ? PlanReport::Direction::Upgrade : PlanReport::Direction::Either);
    if (args.isSet(kFrom)) {
        const QStringList from = splitList(args.all(kFrom));
        if (!(from.size() == 1 && from.first() == QLatin1String("base"))) {
            for (const QString &identifier : from) {
                auto index = RevisionResolver(scripts.map()).revisionFor(identifier);
                if (!index.ok())
                    return commandError(index.error());
                if (index.value() >= 0)
                    request.currentRows << scripts.map().at(index.value()).id;
            }
        }
        request.databaseDescription = QStringLiteral("(offline: --from %1)").arg(from.join(QLatin1Char(',')));
        RETORT_TRY(request.dialect, dialectOption(args, kDialect));
    } else {
        RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
        RETORT_TRY(request.currentRows, context.readCurrentRows(config, target, &scripts.map(), &connection));
        if (connection) {
            const Dialect dialect = target.url.dialect();
            request.addTableSizes = [&connection, dialect](LintFindings &findings) {
                addTableSizes(connection->database(), dialect, findings);
            };
        }
        request.dialect = target.url.dialect();
        request.render = AlembicBridge::renderer(config, target.url.dialect());
        request.databaseDescription = target.url.toDisplayString();
        if (!target.environmentName.isEmpty())
            request.databaseDescription += QStringLiteral(" (environment '%1')").arg(target.environmentName);
    }
    request.verbose = args.isSet(kVerbose);
    RETORT_TRY(request.lintSettings, LintSettings::fromConfig(config));
    RETORT_TRY(const PlanReport report, PlanReport::build(scripts, request));
    if (args.isSet(kJson))
        printJson(context, report.json());
    else
        context.out() << report.text();
    return Status::success();
}

} // namespace

std::unique_ptr<Command> plan()
{
    return std::make_unique<PlanCommand>();
}

} // namespace retort::cli::commands
