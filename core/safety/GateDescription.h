// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/lint/Linter.h"
#include "core/runtime/ProductionCheck.h"

#include <QStringList>

namespace retort {

class ScriptDirectory;
struct RunRequest;

// What a confirmation shows before a write, in the terminal and in the workbench alike: the plan,
// the revisions of it that drop or rewrite data or run outside a transaction, the revisions a stamp
// marks applied (or not applied) without running them, with the tables each touches; and on
// production why the database is production, which database it is, and what to type.
struct GateDescription
{
    QString why;      // "/srv/app/prod.db is production: it is the database of production environment 'production'"
    QString database; // DatabaseIdentity::description()
    QStringList notes;
    QStringList planLines; // "1. upgrade  -> a1a1a1a1a1a1, new table"
    // The revisions of the plan lint finds risks in ("a1a1a1a1a1a1 new table: drops table t (error)") and
    // those that run outside a transaction: every confirmation names them.
    QStringList risks;
    QStringList outsideTransaction;
    // A stamp's revisions recorded as run (or as undone) with none of their SQL run:
    // "a1a1a1a1a1a1 new table (creates t_new; updates accounts)".
    QStringList withoutRunning;
    bool withoutRunningApplied = true; // marked applied; false: marked not applied
    QString confirmationName;
    QString question; // "Type '...' to continue: ", with the counts that matter
    // The first step that runs outside a transaction, where a rehearsal would stop; empty: none.
    QString rehearsalStopsBefore;

    // For `request` from the version table `rows` of the database `status` describes (a status that is
    // not gated leaves `why` empty).
    [[nodiscard]] static Result<GateDescription> describe(const ScriptDirectory &scripts, const RunRequest &request,
                                                          const QStringList &rows, const ProductionStatus &status,
                                                          const LintContext &lint);
    // The lines the terminal shows before asking.
    QStringList lines() const;
    // The plan's lines that matter in a confirmation: the risks lint finds, what runs outside a transaction.
    QStringList riskLines() const;
};

} // namespace retort
