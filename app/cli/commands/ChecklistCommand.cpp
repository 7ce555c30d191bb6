// SPDX-License-Identifier: GPL-3.0-or-later
// retort checklist FILE: a maintenance-window checklist and its saved walk; --report writes the report.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistReport.h"
#include "core/checklist/ChecklistWalk.h"
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace retort::cli::commands {

namespace {

const OptionSpec kReport{{QStringLiteral("--report")},
                         QStringLiteral("FILE.md"),
                         QStringLiteral("Write the walk's report in Markdown to this file")};

class ChecklistCommand : public ProjectCommand
{
public:
    ChecklistCommand()
        : ProjectCommand(QStringLiteral("checklist"), QStringLiteral("FILE"),
                         QStringLiteral("Print a maintenance-window checklist and the status of its saved walk"),
                         {kReport}, Arity::exactly(1), std::nullopt)
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

Status ChecklistCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ProjectConfig &config = project.config;
    QString path = args.positionals.first();
    // A shipped checklist by its name ("maintenance-window"), or a file.
    if (!QFileInfo::exists(path)) {
        for (const QString &candidate : Checklist::available(config.projectDir())) {
            if (QFileInfo(candidate).completeBaseName() == path)
                path = candidate;
        }
    }
    RETORT_TRY(const Checklist checklist, Checklist::load(path));
    QString environment = context.environmentName().isEmpty() ? config.defaultEnv() : context.environmentName();
    const QString walkPath = ChecklistWalk::savePath(config.projectDir(), checklist.path(), environment);
    std::optional<ChecklistWalk> walk;
    if (QFileInfo::exists(walkPath)) {
        RETORT_TRY(ChecklistWalk loaded, ChecklistWalk::load(walkPath));
        walk = std::move(loaded);
    }
    context.out() << checklistStatusText(checklist, walk ? &*walk : nullptr, environment);
    const QString reportPath = args.value(kReport);
    if (reportPath.isEmpty())
        return Status::success();
    if (!walk) {
        return Error(ErrorCode::Io, QStringLiteral("no saved walk of %1 for environment '%2' (%3); nothing to report")
                                        .arg(checklist.path(), environment, walkPath));
    }
    QSaveFile file(reportPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(checklistReportMarkdown(checklist, *walk).toUtf8()) < 0 ||
        !file.commit()) {
        return Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(reportPath, file.errorString()),
                     reportPath);
    }
    context.err() << "Report written to " << QDir::toNativeSeparators(reportPath) << '\n';
    return Status::success();
}

} // namespace

std::unique_ptr<Command> checklist()
{
    return std::make_unique<ChecklistCommand>();
}

} // namespace retort::cli::commands
