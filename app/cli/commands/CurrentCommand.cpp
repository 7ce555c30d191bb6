// SPDX-License-Identifier: GPL-3.0-or-later
// retort current: the revisions the database is at.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionFormatter.h"
#include <QSet>

namespace retort::cli::commands {

namespace {

const OptionSpec kCheckHeads{{QStringLiteral("-c"), QStringLiteral("--check-heads")},
                             QString(),
                             QStringLiteral("Fail unless the database is on all head revisions")};

class CurrentCommand : public ProjectCommand
{
public:
    CurrentCommand()
        : ProjectCommand(QStringLiteral("current"), QString(),
                         QStringLiteral("Display the current revision(s) of the database"),
                         {kVerbose, kCheckHeads, kJson}, Arity::none())
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

Status CurrentCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ProjectConfig &config = project.config;
    const ScriptDirectory &scripts = *project.scripts;
    RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
    RETORT_TRY(const QStringList rows, context.readCurrentRows(config, target, &scripts.map()));
    const bool json = args.isSet(kJson);
    const bool verbose = args.isSet(kVerbose) && !json;
    if (verbose)
        context.printLine(QStringLiteral("Current revision(s) for %1:").arg(target.url.toDisplayString()));
    const QStringList heads = scripts.map().ids(scripts.map().heads());
    const bool atHeads = QSet<QString>(rows.cbegin(), rows.cend()) == QSet<QString>(heads.cbegin(), heads.cend());
    // As in Alembic, the check comes before any revision is printed: a failing
    // --check-heads prints only the FAILED line.
    if (args.isSet(kCheckHeads) && !atHeads)
        return Error(ErrorCode::RevisionError, QStringLiteral("Database is not on all head revisions"));
    const MigrationPlanner planner(scripts.map());
    RETORT_TRY(const QVector<int> current, planner.currentRevisions(rows));
    if (json) {
        printJson(context, QJsonObject{
                               {QStringLiteral("url"), target.url.toDisplayString()},
                               {QStringLiteral("environment"), jsonText(target.environmentName)},
                               {QStringLiteral("database_revisions"), QJsonArray::fromStringList(rows)},
                               {QStringLiteral("at_heads"), atHeads},
                               {QStringLiteral("revisions"), revisionsJson(scripts, current)},
                           });
        return Status::success();
    }
    const RevisionFormatter formatter(scripts.map());
    for (int index : current)
        context.printLine(formatter.format(index, verbose, {}));
    return Status::success();
}

} // namespace

std::unique_ptr<Command> current()
{
    return std::make_unique<CurrentCommand>();
}

} // namespace retort::cli::commands
