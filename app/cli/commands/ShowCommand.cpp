// SPDX-License-Identifier: GPL-3.0-or-later
// retort show REV: the revisions a symbol names, in full.
#include "app/cli/CommandContext.h"
#include "core/revision/RevisionResolver.h"
#include "app/cli/commands/Commands.h"
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionFormatter.h"

namespace retort::cli::commands {

namespace {

class ShowCommand : public ProjectCommand
{
public:
    ShowCommand()
        : ProjectCommand(QStringLiteral("show"), QStringLiteral("REV"),
                         QStringLiteral("Show the revision(s) denoted by the given symbol"), {kJson}, Arity::exactly(1))
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

Status ShowCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ProjectConfig &config = project.config;
    const ScriptDirectory &scripts = *project.scripts;
    const QString symbol = args.positionals.first();
    QStringList identifiers{symbol};
    if (symbol == QLatin1String("current")) {
        RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
        RETORT_TRY(identifiers, context.readCurrentRows(config, target));
    }
    auto revisions = RevisionResolver(scripts.map()).revisionsFor(identifiers);
    if (!revisions.ok())
        return commandError(revisions.error());
    QVector<int> shown = revisions.value();
    shown.removeIf([](int index) { return !RevisionMap::isRevision(index); }); // "base" names no revision
    if (args.isSet(kJson)) {
        // A list even for one: `heads`, `current` and `base` name several revisions, or none.
        printJson(context, QJsonObject{{QStringLiteral("revisions"), revisionsJson(scripts, shown)}});
        return Status::success();
    }
    const RevisionFormatter formatter(scripts.map());
    for (int index : std::as_const(shown))
        context.printLine(formatter.logEntry(index));
    return Status::success();
}

} // namespace

std::unique_ptr<Command> show()
{
    return std::make_unique<ShowCommand>();
}

} // namespace retort::cli::commands
