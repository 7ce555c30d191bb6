// SPDX-License-Identifier: GPL-3.0-or-later
// retort heads: the heads of the revision graph.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/revision/RevisionFormatter.h"

namespace retort::cli::commands {

namespace {

const OptionSpec kResolveDependencies{{QStringLiteral("--resolve-dependencies")},
                                      QString(),
                                      QStringLiteral("Treat dependency versions as down revisions")};

class HeadsCommand : public ProjectCommand
{
public:
    HeadsCommand()
        : ProjectCommand(QStringLiteral("heads"), QString(),
                         QStringLiteral("Show current available heads in the migrations folder"),
                         {kVerbose, kResolveDependencies, kJson}, Arity::none())
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

Status HeadsCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ScriptDirectory &scripts = *project.scripts;
    const RevisionMap &map = scripts.map();
    const RevisionFormatter formatter(map);
    RevisionFormatter::Options options;
    options.includeBranches = true;
    options.treeIndicators = false;
    const QVector<int> &heads = args.isSet(kResolveDependencies) ? map.realHeads() : map.heads();
    if (args.isSet(kJson)) {
        printJson(context, QJsonObject{{QStringLiteral("heads"), revisionsJson(scripts, heads)}});
        return Status::success();
    }
    for (int head : heads)
        context.printLine(formatter.format(head, args.isSet(kVerbose), options));
    return Status::success();
}

} // namespace

std::unique_ptr<Command> heads()
{
    return std::make_unique<HeadsCommand>();
}

} // namespace retort::cli::commands
