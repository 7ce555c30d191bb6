// SPDX-License-Identifier: GPL-3.0-or-later
// retort upgrade REV: run the revisions up to REV (or print them with --sql).
#include "app/cli/MigrationCommand.h"
#include "app/cli/commands/Commands.h"

namespace retort::cli::commands {

std::unique_ptr<Command> upgrade()
{
    return std::make_unique<RangeCommand>(
        QStringLiteral("upgrade"),
        QStringLiteral("Upgrade to a later version (--sql: print the script for [START:]REV instead)"),
        RunRequest::Command::Upgrade);
}

} // namespace retort::cli::commands
