// SPDX-License-Identifier: GPL-3.0-or-later
// retort revision: a new revision file.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"

namespace retort::cli::commands {

namespace {

const OptionSpec kMessage{{QStringLiteral("-m"), QStringLiteral("--message")},
                          QStringLiteral("MESSAGE"),
                          QStringLiteral("Message string to use with 'revision'")};
const OptionSpec kHead{{QStringLiteral("--head")},
                       QStringLiteral("HEAD"),
                       QStringLiteral("Revision to base the new revision on (default: head)")};
const OptionSpec kSplice{
    {QStringLiteral("--splice")}, QString(), QStringLiteral("Allow a non-head revision as the 'head' to splice onto")};
const OptionSpec kBranchLabel{{QStringLiteral("--branch-label")},
                              QStringLiteral("LABEL"),
                              QStringLiteral("Branch label to apply to the new revision"),
                              true};
const OptionSpec kDependsOn{{QStringLiteral("--depends-on")},
                            QStringLiteral("REV"),
                            QStringLiteral("Revision this one depends on (repeatable)"),
                            true};
const OptionSpec kVersionPath{{QStringLiteral("--version-path")},
                              QStringLiteral("PATH"),
                              QStringLiteral("Versions folder to write the file into")};
const OptionSpec kAutogenerate{
    {QStringLiteral("--autogenerate")}, QString(), QStringLiteral("Not available: Retort migrations are written SQL")};
const OptionSpec kSqlFile{{QStringLiteral("--sql")},
                          QString(),
                          QStringLiteral("In an Alembic project, write a .sql revision instead of a .py one")};

class RevisionCommand : public ProjectCommand
{
public:
    RevisionCommand()
        : ProjectCommand(
              QStringLiteral("revision"), QString(), QStringLiteral("Create a new revision file"),
              {kMessage, kRevId, kHead, kSplice, kBranchLabel, kDependsOn, kVersionPath, kAutogenerate, kSqlFile},
              Arity::none())
    {
    }

    Status checkArguments(const ParsedArguments &args) const override
    {
        if (args.isSet(kAutogenerate)) {
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("--autogenerate is not available: Retort does not compare models with the "
                                        "database; create the revision and write its upgrade and downgrade SQL (in an "
                                        "Alembic project, alembic revision --autogenerate writes a file Retort reads "
                                        "as it is)"));
        }
        return Status::success();
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override
    {
        ScriptDirectory::NewRevision request;
        request.message = args.value(kMessage);
        request.revisionId = args.value(kRevId);
        if (args.isSet(kHead))
            request.heads = QStringList{args.value(kHead)};
        request.splice = args.isSet(kSplice);
        request.branchLabels = splitList(args.all(kBranchLabel));
        request.dependsOn = splitList(args.all(kDependsOn));
        request.versionPath = args.value(kVersionPath);
        RETORT_CHECK(writeRevision(context, project, request,
                                   args.isSet(kSqlFile) ? RevisionFileKind::Sql : RevisionFileKind::ProjectDefault));
        return Status::success();
    }
};

} // namespace

Result<QString> writeRevision(CommandContext &context, const Project &project, ScriptDirectory::NewRevision request,
                              RevisionFileKind kind)
{
    if (kind == RevisionFileKind::ProjectDefault) {
        QString note;
        request.alembic = AlembicRevisionWriter::layoutFor(project.config, &note);
        if (!note.isEmpty())
            context.err() << "note: " << note << '\n';
    } else if (project.config.writesAlembicRevisions()) {
        context.err() << "warning: Alembic reads only .py revisions: once this .sql revision is in the graph, alembic "
                         "no longer sees the graph whole (Retort does)\n";
    }
    RETORT_TRY(const QString path, project.scripts->createRevision(request));
    context.out() << "Generating " << path << " ...  done\n";
    return path;
}

std::unique_ptr<Command> revision()
{
    return std::make_unique<RevisionCommand>();
}

} // namespace retort::cli::commands
