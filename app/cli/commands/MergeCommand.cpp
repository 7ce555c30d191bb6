// SPDX-License-Identifier: GPL-3.0-or-later
// retort merge REV...: a revision that joins heads.
#include "app/cli/commands/Commands.h"

namespace retort::cli::commands {

namespace {

const OptionSpec kMessage{{QStringLiteral("-m"), QStringLiteral("--message")},
                          QStringLiteral("MESSAGE"),
                          QStringLiteral("Message string to use with 'merge'")};
const OptionSpec kBranchLabel{{QStringLiteral("--branch-label")},
                              QStringLiteral("LABEL"),
                              QStringLiteral("Branch label to apply to the merge revision"),
                              true};

class MergeCommand : public ProjectCommand
{
public:
    MergeCommand()
        : ProjectCommand(QStringLiteral("merge"), QStringLiteral("REV..."),
                         QStringLiteral("Merge two or more revisions together (e.g. 'heads')"),
                         {kMessage, kRevId, kBranchLabel}, Arity::atLeast(1))
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override
    {
        ScriptDirectory::NewRevision request;
        request.message = args.value(kMessage);
        request.revisionId = args.value(kRevId);
        request.heads = args.positionals;
        request.branchLabels = splitList(args.all(kBranchLabel));
        RETORT_CHECK(writeRevision(context, project, request));
        return Status::success();
    }
};

} // namespace

std::unique_ptr<Command> merge()
{
    return std::make_unique<MergeCommand>();
}

} // namespace retort::cli::commands
