// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/MigrationStep.h"
#include "core/runtime/RunRequest.h"

#include <QString>
#include <QVector>

namespace retort {
class ScriptDirectory;
}

// What the window says, before a run, of a plan's Alembic .py revisions, which the runner hands to the
// project's own Alembic (MigrationRunner, AlembicRun): whether it can, and who runs them, as which command.
// Their risks, from the SQL the project's Alembic renders, are GateDescription's (LintContext::render).
namespace retort::ui::AlembicRunNotes {

// Whether `steps` run a revision of an Alembic .py file.
bool holdsAlembicRevisions(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps);

// Why the window must not even ask about `request` (empty when it may): Python for an Alembic that cannot
// run, a rehearsal Alembic cannot roll back, a plan mixing .sql and .py revisions. The runner would refuse
// the same under its lock; said first, nobody confirms a run that cannot be.
QString refusal(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps, const RunRequest &request,
                const RunSettings &settings);

// The confirmation's line: the project's Alembic runs the plan (its interpreter, the command a person would
// type) inside Retort's gates; `brief` for the production gate, whose notes already say what the gate does.
// Empty when `steps` hold no .py revision or `request` runs no SQL (a stamp, --run-exact-sql).
QString runnerLine(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps, const RunRequest &request,
                   const RunSettings &settings, bool brief);

} // namespace retort::ui::AlembicRunNotes
