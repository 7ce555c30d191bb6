// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/safety/ProductionCheck.h"

#include <QStringList>

namespace retort {

class ScriptDirectory;
struct RunRequest;

// What the production gate shows before a write, in the terminal and in the workbench alike: why
// the database is production, which database it is, the plan, the revisions a stamp marks applied
// (or not applied) without running them, with the tables each touches, and what to type.
struct GateDescription
{
    QString why;      // "/srv/app/prod.db is production: it is the database of production environment 'production'"
    QString database; // DatabaseIdentity::description()
    QStringList notes;
    QStringList planLines; // "1. upgrade  -> a1a1a1a1a1a1, new table"
    // A stamp's revisions recorded as run (or as undone) with none of their SQL run:
    // "a1a1a1a1a1a1 new table (creates t_new; updates accounts)".
    QStringList withoutRunning;
    bool withoutRunningApplied = true; // marked applied; false: marked not applied
    QString confirmationName;
    QString question; // "Type '...' to continue: ", with the counts that matter
    // The first step that runs outside a transaction, where a rehearsal would stop; empty: none.
    QString rehearsalStopsBefore;

    // For `request` from the version table `rows` of the database `status` describes.
    [[nodiscard]] static Result<GateDescription> describe(const ScriptDirectory &scripts, const RunRequest &request,
                                                          const QStringList &rows, const ProductionStatus &status);
    // The lines the terminal shows before asking.
    QStringList lines() const;
};

} // namespace retort
