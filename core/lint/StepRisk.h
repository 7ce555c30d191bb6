// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/Linter.h"

#include <QStringList>

namespace retort {

struct MigrationScript;

// What running one direction of a revision risks, as the pending list, the graph and every
// confirmation mark it: lint's findings that count (errors and warnings, not suppressed), and whether
// it runs outside a transaction (Transactional: false), where a failure leaves what ran so far in place.
struct StepRisk
{
    LintFindings findings;
    bool outsideTransaction = false;

    bool any() const { return !findings.isEmpty() || outsideTransaction; }
    // "drops table t", …, "outside a transaction": one phrase each.
    QStringList phrases() const;
    // The categories only, for a narrow column: "destructive, blocking, no transaction".
    QString kinds() const;
};

// The revision on its own (tables it creates are new; those of other revisions exist).
StepRisk riskOf(const MigrationScript &script, bool upgrade, const LintContext &lint = {});
// The revision's share of a whole plan's findings (lintSteps), where what earlier steps create is new.
StepRisk riskOf(const MigrationScript &script, bool upgrade, const LintFindings &planFindings);

} // namespace retort
