// SPDX-License-Identifier: GPL-3.0-or-later
// retort checklist FILE: a maintenance-window checklist and its saved walk; --report writes the report.
// retort checklist walk NAME: the walk itself, step by step at a terminal, or with --yes (ChecklistWalker).
#include "app/cli/ChecklistWalker.h"
#include "app/cli/CommandContext.h"
#include "app/cli/GatePrompt.h"
#include "app/cli/WalkAnswers.h"
#include "app/cli/commands/Commands.h"
#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistReport.h"
#include "core/checklist/ChecklistWalk.h"
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace retort::cli::commands {

namespace {

const QString kWalk = QStringLiteral("walk");

const OptionSpec kReport{{QStringLiteral("--report")},
                         QStringLiteral("FILE.md"),
                         QStringLiteral("Write the walk's report in Markdown to this file")};

// The options only a walk takes (a function: they are defined in other files, initialized in no known order).
QVector<OptionSpec> walkOptions()
{
    return {ChecklistWalker::kYes,     WalkAnswers::kNote,     WalkAnswers::kSkip,
            ChecklistWalker::kRestart, gate_prompt::kNoBackup, gate_prompt::kReason};
}

class ChecklistCommand : public ProjectCommand
{
public:
    ChecklistCommand()
        : ProjectCommand(QStringLiteral("checklist"), QStringLiteral("FILE | walk NAME"),
                         QStringLiteral("Print a maintenance-window checklist and its saved walk, or walk it step "
                                        "by step (walk)"),
                         QVector<OptionSpec>{kReport} + walkOptions(), Arity{1, 2}, std::nullopt)
    {
    }

    QString details() const override;
    Status checkArguments(const ParsedArguments &args) const override;

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

bool isWalk(const ParsedArguments &args)
{
    return args.positionals.size() == 2 && args.positionals.first() == kWalk;
}

QString ChecklistCommand::details() const
{
    return QStringLiteral(
        "FILE is a checklist file, or a shipped one by name (maintenance-window, deploy-with-code,\n"
        "preview-test-plan) or one of the project's checklists/ by its base name. Without `walk` it is\n"
        "printed with the state of its saved walk for the environment (-e).\n"
        "\n"
        "walk NAME walks it: each open step shows its section, its text and what it is bound to, and asks\n"
        "  [d]one (with a note) / [s]kip (with a reason) / [r]un (bound steps) / [q]uit (the walk is saved)\n"
        "A bound step runs through the same gate as `retort upgrade` (on production: the typed confirmation\n"
        "name, the backup, the offer to rehearse first); one that fails or is refused stops the walk there.\n"
        "A step the history shows done since the walk began (an upgrade, a stamp, a backup) is recorded\n"
        "as done by whoever did it, not run again. The walk is the workbench's: saved after every step in\n"
        ".retort/walks/<checklist>-<environment>.json, so either continues what the other began.\n"
        "\n"
        "Without a terminal, --yes walks without questions: bound steps run (production needs what\n"
        "`retort upgrade --yes` needs), and every open manual step needs --note STEP=TEXT (what was done)\n"
        "or --skip STEP=REASON. STEP is the step's number as the walk prints it, its key\n"
        "(in-the-window/stop-the-application-or-switch-it-to-maintenance-mode) or the start of one key.");
}

Status ChecklistCommand::checkArguments(const ParsedArguments &args) const
{
    if (args.positionals.size() == 2 && !isWalk(args)) {
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("retort checklist: expected FILE or walk NAME, got %1 (see 'retort checklist "
                                    "--help')")
                         .arg(args.positionals.join(u' ')));
    }
    if (!isWalk(args)) {
        if (args.positionals == QStringList{kWalk} && !QFileInfo::exists(kWalk)) {
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("retort checklist walk: expected NAME, the checklist to walk (see 'retort "
                                        "checklist --help')"));
        }
        for (const OptionSpec &option : walkOptions()) {
            if (args.isSet(option)) {
                return Error(ErrorCode::CommandLine,
                             QStringLiteral("%1 goes with 'retort checklist walk NAME'").arg(option.names.first()));
            }
        }
        return Status::success();
    }
    RETORT_CHECK(gate_prompt::checkBackupOptions(args));
    return WalkAnswers::checkSyntax(args);
}

// A shipped checklist by its name ("maintenance-window"), a project's by its base name, or a file.
QString checklistPath(const ProjectConfig &config, const QString &name)
{
    if (QFileInfo::exists(name))
        return QFileInfo(name).absoluteFilePath();
    QString path = name;
    for (const QString &candidate : Checklist::available(config.projectDir())) {
        if (QFileInfo(candidate).completeBaseName() == name)
            path = candidate;
    }
    return path;
}

Status writeReport(CommandContext &context, const Checklist &checklist, const ChecklistWalk &walk,
                   const QString &reportPath)
{
    QSaveFile file(reportPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(checklistReportMarkdown(checklist, walk).toUtf8()) < 0 ||
        !file.commit()) {
        return Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(reportPath, file.errorString()),
                     reportPath);
    }
    context.err() << "Report written to " << QDir::toNativeSeparators(reportPath) << '\n';
    return Status::success();
}

Status ChecklistCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ProjectConfig &config = project.config;
    RETORT_TRY(const Checklist checklist, Checklist::load(checklistPath(config, args.positionals.last())));
    const QString environment = context.environmentName().isEmpty() ? config.defaultEnv() : context.environmentName();
    const QString reportPath = args.value(kReport);
    if (isWalk(args)) {
        ChecklistWalker walker(context, config, args, environment);
        const Status walked = walker.walk(checklist);
        // A walk that stopped at a failed step is reported too: the report says where and why.
        if (!reportPath.isEmpty() && walker.reportable())
            RETORT_CHECK(writeReport(context, checklist, *walker.current(), reportPath));
        return walked;
    }
    const QString walkPath = ChecklistWalk::savePath(config.projectDir(), checklist.path(), environment);
    std::optional<ChecklistWalk> walk;
    if (QFileInfo::exists(walkPath)) {
        RETORT_TRY(ChecklistWalk loaded, ChecklistWalk::load(walkPath));
        walk = std::move(loaded);
    }
    context.out() << checklistStatusText(checklist, walk ? &*walk : nullptr, environment);
    if (reportPath.isEmpty())
        return Status::success();
    if (!walk) {
        return Error(ErrorCode::Io, QStringLiteral("no saved walk of %1 for environment '%2' (%3); nothing to report")
                                        .arg(checklist.path(), environment, walkPath));
    }
    return writeReport(context, checklist, *walk, reportPath);
}

} // namespace

std::unique_ptr<Command> checklist()
{
    return std::make_unique<ChecklistCommand>();
}

} // namespace retort::cli::commands
