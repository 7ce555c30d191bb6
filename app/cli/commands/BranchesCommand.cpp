// SPDX-License-Identifier: GPL-3.0-or-later
// retort branches: the branch points of the revision graph.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionFormatter.h"

#include <algorithm>
#include <iterator>

namespace retort::cli::commands {

namespace {

class BranchesCommand : public ProjectCommand
{
public:
    BranchesCommand()
        : ProjectCommand(QStringLiteral("branches"), QString(), QStringLiteral("Show current branch points"),
                         {kVerbose, kJson}, Arity::none())
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

Status BranchesCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ScriptDirectory &scripts = *project.scripts;
    const RevisionMap &map = scripts.map();
    const MigrationPlanner planner(map);
    RETORT_TRY(const QVector<int> revisions, planner.historyRevisions(QString(), QString()));
    if (args.isSet(kJson)) {
        QVector<int> branchPoints;
        std::copy_if(revisions.cbegin(), revisions.cend(), std::back_inserter(branchPoints),
                     [&map](int index) { return map.at(index).isBranchPoint(); });
        printJson(context, QJsonObject{{QStringLiteral("branch_points"), revisionsJson(scripts, branchPoints)}});
        return Status::success();
    }
    const bool verbose = args.isSet(kVerbose);
    const RevisionFormatter formatter(map);
    RevisionFormatter::Options branchOptions;
    branchOptions.includeBranches = true;
    RevisionFormatter::Options childOptions = branchOptions;
    childOptions.includeDoc = verbose;
    for (int index : revisions) {
        const Revision &revision = map.at(index);
        if (!revision.isBranchPoint())
            continue;
        QStringList children;
        for (int child : revision.next) {
            children << QString(revision.id.size(), QLatin1Char(' ')) + QStringLiteral(" -> ") +
                            formatter.headOnly(child, childOptions);
        }
        context.printLine(formatter.format(index, verbose, branchOptions) + QLatin1Char('\n') +
                          children.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    }
    return Status::success();
}

} // namespace

std::unique_ptr<Command> branches()
{
    return std::make_unique<BranchesCommand>();
}

} // namespace retort::cli::commands
