// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/ArgumentParser.h"
#include "core/Result.h"
#include "core/runtime/MigrationRunner.h"
#include "core/safety/SafetyGate.h"

namespace retort::cli {

class CommandContext;

// The production gate on the command line, for the commands that write to a production database.
namespace gate_prompt {

// The options of every command that passes the gate.
extern const OptionSpec kYes;
extern const OptionSpec kNoBackup;
extern const OptionSpec kReason;

// --no-backup comes with --reason: what it is recorded with. Checked before anything is read.
[[nodiscard]] Status checkBackupOptions(const ParsedArguments &args);
// --yes, or the confirmation name typed at a terminal; the decision's backup part from --no-backup and
// --reason. `action` ends the refusal without a terminal ("pass --yes, ...").
[[nodiscard]] Result<GateDecision> askConfirmation(CommandContext &context, const ProductionStatus &status,
                                                   const QString &question, const ParsedArguments &args,
                                                   const QString &action);
// Shows why the database is production and the plan, confirms, offers a rehearsal at a terminal, and takes
// the backup (or records --no-backup --reason); a rehearsal needs the confirmation only. `recentBackup`, a
// backup taken earlier (a checklist's {backup} step), stands in for a new one when SafetyGate::canReuse it.
[[nodiscard]] Result<SafetyClearance> pass(CommandContext &context, const ProjectConfig &config,
                                           const ScriptDirectory &scripts, const DatabaseTarget &target,
                                           const ProductionStatus &status, const RunRequest &request,
                                           const ParsedArguments &args, MigrationRunner &runner,
                                           const std::optional<BackupRecord> &recentBackup = std::nullopt);
// What a rehearsal did, and whether the database was left as it was; the rehearsal's result when it passed.
[[nodiscard]] Result<RunResult> printRehearsal(CommandContext &context, const Result<RunResult> &result);
// Rehearses `request` on a scratch copy restored from `backupPath` (empty: a backup taken for it), the way an
// Alembic project's runs are rehearsed (Alembic commits in its own process), and prints the outcome.
[[nodiscard]] Result<RunResult> rehearseOnScratchCopy(CommandContext &context, const ProjectConfig &config,
                                                      const ScriptDirectory &scripts, const DatabaseTarget &target,
                                                      const RunRequest &request, const QString &backupPath);

} // namespace gate_prompt
} // namespace retort::cli
