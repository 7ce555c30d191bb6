// SPDX-License-Identifier: GPL-3.0-or-later
// retort status: one line for a person or a CI job, and an exit status that says which state it is.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/runtime/DatabaseStatus.h"
#include "core/runtime/VersionTable.h"

namespace retort::cli::commands {

namespace {

class StatusCommand : public ProjectCommand
{
public:
    StatusCommand()
        : ProjectCommand(QStringLiteral("status"), QString(),
                         QStringLiteral("One line on the database against the project; the exit status says which "
                                        "(0 at heads, 3 pending, 4 unknown revision, 5 not adopted, 6 cannot "
                                        "connect, 7 interrupted run, 8 applied files edited)"),
                         {}, Arity::none(), ScriptContents::Everything)
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

// The exit status of each verdict, as the README documents them.
int exitStatus(StatusVerdict verdict)
{
    switch (verdict) {
    case StatusVerdict::AtHeads:
        return 0;
    case StatusVerdict::Pending:
        return 3;
    case StatusVerdict::UnknownRevision:
        return 4;
    case StatusVerdict::NotAdopted:
        return 5;
    case StatusVerdict::Unreachable:
        return 6;
    case StatusVerdict::Interrupted:
        return 7;
    case StatusVerdict::Drifted:
        break;
    }
    return 8;
}

QString verdictText(const DatabaseStatus &status)
{
    switch (status.verdict) {
    case StatusVerdict::AtHeads:
        return QStringLiteral("at heads");
    case StatusVerdict::Pending:
        return QStringLiteral("%1 pending").arg(status.pending);
    case StatusVerdict::UnknownRevision:
        return QStringLiteral("unknown revision %1 (no file defines it; see retort verify)")
            .arg(status.unknownRows.join(QStringLiteral(", ")));
    case StatusVerdict::NotAdopted:
        return QStringLiteral("not adopted (no revision applied; retort stamp or retort upgrade adopts it)");
    case StatusVerdict::Unreachable:
        return QStringLiteral("cannot connect: ") + status.problem;
    case StatusVerdict::Interrupted:
        return QStringLiteral("interrupted run: ") + status.problem;
    case StatusVerdict::Drifted:
        break;
    }
    return QStringLiteral("%1 applied revision(s) edited since they ran (see retort verify)").arg(status.drifted);
}

Status StatusCommand::run(CommandContext &context, const Project &project, const ParsedArguments &)
{
    RETORT_TRY(const DatabaseTarget target, context.databaseTarget(project.config));
    const DatabaseStatus status = DatabaseStatus::read(*project.scripts, project.config, target.url);
    const QString where = target.environmentName.isEmpty()
                              ? target.url.toDisplayString()
                              : target.environmentName + u' ' + target.url.toDisplayString();
    QString line = QStringLiteral("%1: %2").arg(where, verdictText(status));
    if (status.verdict != StatusVerdict::Unreachable && status.verdict != StatusVerdict::NotAdopted) {
        line += QStringLiteral("; database %1; heads %2")
                    .arg(versionRowsText(status.rows), status.heads.join(QStringLiteral(", ")));
    }
    context.printLine(line);
    context.setExitCode(exitStatus(status.verdict));
    return Status::success();
}

} // namespace

std::unique_ptr<Command> status()
{
    return std::make_unique<StatusCommand>();
}

} // namespace retort::cli::commands
