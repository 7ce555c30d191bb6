// SPDX-License-Identifier: GPL-3.0-or-later
// retort downgrade REV: undo the revisions down to REV (or print them with --sql START:REV).
#include "app/cli/MigrationCommand.h"
#include "app/cli/commands/Commands.h"

namespace retort::cli::commands {

std::unique_ptr<Command> downgrade()
{
    return std::make_unique<RangeCommand>(
        QStringLiteral("downgrade"),
        QStringLiteral("Revert to a previous version (--sql: print the script for START:REV instead)"),
        RunRequest::Command::Downgrade);
}

} // namespace retort::cli::commands
