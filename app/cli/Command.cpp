// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Command.h"

#include "app/cli/CommandContext.h"

namespace retort::cli {

Status ProjectCommand::execute(CommandContext &context, const ParsedArguments &args)
{
    RETORT_TRY(ProjectConfig config, context.loadConfig());
    Project project{std::move(config), std::nullopt};
    if (m_contents) {
        auto scripts = context.loadScripts(project.config, *m_contents);
        if (!scripts.ok())
            return withHints(context, project, scripts.error());
        project.scripts = std::move(scripts).value();
    }
    m_project = std::move(project);
    const Status status = run(context, *m_project, args);
    return status.ok() ? status : withHints(context, *m_project, status.error());
}

Error ProjectCommand::withHints(const CommandContext &context, const Project &project, Error error) const
{
    Guidance guidance(project.config, project.scripts ? &*project.scripts : nullptr, name(), context.retortCommand());
    if (context.databaseFacts())
        guidance.setDatabase(*context.databaseFacts());
    error.hints += guidance.hintsFor(error);
    return error;
}

} // namespace retort::cli
