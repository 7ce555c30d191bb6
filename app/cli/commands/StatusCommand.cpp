// SPDX-License-Identifier: GPL-3.0-or-later
// retort status: one line for a person or a CI job, and an exit status that says which state it is.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/runtime/DatabaseStatus.h"
#include "core/runtime/DriftCheck.h"
#include "core/NamedValues.h"
#include "core/runtime/VersionTable.h"

#include <QJsonArray>

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
                         {kJson}, Arity::none(), ScriptContents::Everything)
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

// The `state` field of --json: one word per verdict, fixed so scripts can rely on it.
constexpr std::pair<StatusVerdict, const char *> kStateWords[] = {
    {StatusVerdict::AtHeads, "at_heads"},
    {StatusVerdict::Pending, "pending"},
    {StatusVerdict::UnknownRevision, "unknown_revision"},
    {StatusVerdict::NotAdopted, "not_adopted"},
    {StatusVerdict::Unreachable, "unreachable"},
    {StatusVerdict::Interrupted, "interrupted"},
    {StatusVerdict::Drifted, "drifted"},
};

QJsonObject statusJson(const DatabaseTarget &target, const DatabaseStatus &status)
{
    return QJsonObject{
        {QStringLiteral("environment"), jsonText(target.environmentName)},
        {QStringLiteral("url"), target.url.toDisplayString()},
        {QStringLiteral("state"), wordFor(kStateWords, status.verdict)},
        {QStringLiteral("exit_code"), exitStatus(status.verdict)},
        {QStringLiteral("database_revisions"), QJsonArray::fromStringList(status.rows)},
        {QStringLiteral("heads"), QJsonArray::fromStringList(status.heads)},
        {QStringLiteral("pending"), status.pending},
        {QStringLiteral("no_section_revisions"), QJsonArray::fromStringList(status.noSection)},
        {QStringLiteral("drifted"), status.drifted},
        {QStringLiteral("edited_revisions"), QJsonArray::fromStringList(status.edited)},
        {QStringLiteral("missing_revisions"), QJsonArray::fromStringList(status.missing)},
        {QStringLiteral("unknown_revisions"), QJsonArray::fromStringList(status.unknownRows)},
        {QStringLiteral("problem"), jsonText(status.problem)},
    };
}

QString verdictText(const DatabaseStatus &status)
{
    switch (status.verdict) {
    case StatusVerdict::AtHeads:
        return QStringLiteral("at heads");
    case StatusVerdict::Pending:
        if (!status.noSection.isEmpty()) {
            // Pending, but an upgrade would refuse them: a check that reads only "pending" would be misled.
            return QStringLiteral("%1 pending (%2 with no section for %3, which upgrade refuses: %4)")
                .arg(status.pending)
                .arg(status.noSection.size())
                .arg(dialectName(status.dialect), status.noSection.join(QStringLiteral(", ")));
        }
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
    return QStringLiteral("%1 applied revision(s) changed since they ran: %2 (see retort verify)")
        .arg(status.drifted)
        .arg(DriftReport::describe(status.edited, status.missing));
}

Status StatusCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    RETORT_TRY(const DatabaseTarget target, context.databaseTarget(project.config));
    const DatabaseStatus status = DatabaseStatus::read(*project.scripts, project.config, target.url);
    context.setExitCode(exitStatus(status.verdict));
    if (args.isSet(kJson)) {
        printJson(context, statusJson(target, status));
        return Status::success();
    }
    const QString where = target.environmentName.isEmpty()
                              ? target.url.toDisplayString()
                              : target.environmentName + u' ' + target.url.toDisplayString();
    QString line = QStringLiteral("%1: %2").arg(where, verdictText(status));
    // A verdict that outranks drift still names it.
    if (status.drifted > 0 && status.verdict != StatusVerdict::Drifted)
        line += QStringLiteral("; also ") + DriftReport::describe(status.edited, status.missing);
    if (status.verdict != StatusVerdict::Unreachable && status.verdict != StatusVerdict::NotAdopted) {
        line += QStringLiteral("; database %1; heads %2")
                    .arg(versionRowsText(status.rows), status.heads.join(QStringLiteral(", ")));
    }
    context.printLine(line);
    return Status::success();
}

} // namespace

std::unique_ptr<Command> status()
{
    return std::make_unique<StatusCommand>();
}

} // namespace retort::cli::commands
