// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/Command.h"
#include "core/checklist/BoundActions.h"
#include "core/checklist/WalkHistory.h"

#include <optional>

namespace retort {
class DatabaseConnection;
}

namespace retort::cli {

class CommandContext;

// What a bound step did at the terminal.
struct BoundStepOutcome
{
    StepResult result; // recorded in the walk
    qint64 durationMs = 0;
    // Why the walk stops at this step: the error of a run that failed or was not run (refused at the gate).
    std::optional<Error> error;
};

// Carries out the bound steps of `retort checklist walk` (ui/checklist/ChecklistActions is the window's): upgrade,
// downgrade, stamp and rehearsals through runOnline (the gate of `retort upgrade`), backups as `retort backup`
// takes them, `current` and its verification, the test revision's file. Keeps the walk's plan, backup and
// final revisions as the window does: a {backup} step's backup stands in for the next gate's, and every gate's
// backup is recorded.
class WalkActions
{
public:
    WalkActions(CommandContext &context, Project project, DatabaseTarget target, const ParsedArguments &gateAnswers);
    ~WalkActions();

    // What the step finds before it runs (WalkHistory): DoneSince and NothingToDo are recorded as they are,
    // nothing runs; a {backup} done since is verified again first. NotDone when it cannot tell (said on stderr).
    PriorState prior(const ChecklistAction &action, ChecklistWalk &walk);
    BoundStepOutcome run(const ChecklistAction &action, ChecklistWalk &walk);
    // The version table's rows now; nullopt when they cannot be read (said on stderr).
    std::optional<QStringList> currentRows();

private:
    // The rows, keeping the read-only connection for the history (null when the database does not exist yet).
    Result<QStringList> readRows(std::unique_ptr<DatabaseConnection> *connection);
    Result<QVector<HistoryEntry>> historySince(const std::unique_ptr<DatabaseConnection> &connection,
                                               const QDateTime &since) const;
    Result<PriorState> findPrior(const ChecklistAction &action, ChecklistWalk &walk);
    BoundStepOutcome runMigration(const ChecklistAction &action, ChecklistWalk &walk);
    BoundStepOutcome takeBackup(ChecklistWalk &walk);
    BoundStepOutcome checkCurrent(const ChecklistAction &action, ChecklistWalk &walk);
    BoundStepOutcome createRevision(const QString &message);
    BoundStepOutcome deleteRevision(const QString &message);
    // After a revision file was written or removed: the graph read again.
    [[nodiscard]] Status reloadScripts();

    CommandContext &m_context;
    Project m_project;
    DatabaseTarget m_target;
    const ParsedArguments &m_gateAnswers;
    std::optional<BackupRecord> m_recentBackup;
};

} // namespace retort::cli
