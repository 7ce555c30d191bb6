// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Command.h"

#include "app/cli/CommandContext.h"

namespace retort::cli {

Status ProjectCommand::execute(CommandContext &context, const ParsedArguments &args)
{
    RETORT_TRY(ProjectConfig config, context.loadConfig());
    Project project{std::move(config), std::nullopt};
    if (m_contents) {
        RETORT_TRY(ScriptDirectory scripts, context.loadScripts(project.config, *m_contents));
        project.scripts = std::move(scripts);
    }
    m_project = std::move(project);
    return run(context, *m_project, args);
}

} // namespace retort::cli
