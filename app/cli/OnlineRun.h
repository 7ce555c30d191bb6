// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/ArgumentParser.h"
#include "core/Result.h"
#include "core/runtime/BackupRecord.h"
#include "core/runtime/RunRequest.h"

#include <optional>

namespace retort {
class ProjectConfig;
class ScriptDirectory;
struct DatabaseTarget;
} // namespace retort

namespace retort::cli {

class CommandContext;

struct OnlineRunOptions
{
    std::optional<int> lockTimeoutSeconds; // unset: the environment's lock_timeout
    // A backup taken earlier in the same walk ({backup}): the gate uses it instead of taking another when it is of
    // this database and recent (SafetyGate::canReuse), as the window's gate does.
    std::optional<BackupRecord> recentBackup;
};

// What a run did, and what its gate decided about the backup.
struct OnlineRunOutcome
{
    RunResult result;
    bool gated = false; // the database is production: the gate was passed
    std::optional<BackupRecord> backup;
    QString backupSkipReason;
};

// `request` (upgrade, downgrade or stamp, or a rehearsal of one) run against `target` the way `retort upgrade`
// runs it: production by what the database is, then the gate at the terminal (GatePrompt::pass, reading --yes,
// --no-backup and --reason from `gateAnswers`), progress on stderr, and at the end the version table (a
// rehearsal: what it did). Shared by the migration commands and the bound steps of `retort checklist walk`, so
// both pass the same gate.
[[nodiscard]] Result<OnlineRunOutcome> runOnline(CommandContext &context, const ProjectConfig &config,
                                                 const ScriptDirectory &scripts, const DatabaseTarget &target,
                                                 RunRequest request, const ParsedArguments &gateAnswers,
                                                 const OnlineRunOptions &options = {});

} // namespace retort::cli
