// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/TableUsage.h"

#include <QStringList>

namespace retort {

struct MigrationScript;

// What running one direction of a revision risks, as the pending list, the graph and every
// confirmation mark it: what its section drops or rewrites (riskOf), and whether it runs outside a
// transaction (Transactional: false), where a failure leaves what ran so far in place.
struct StepRisk
{
    SectionRisk data;
    bool outsideTransaction = false;

    bool any() const { return data.any() || outsideTransaction; }
    // "drops table t", …, "outside a transaction": one phrase each.
    QStringList phrases() const;
    // The kinds only, for a narrow column: "drops data", "rewrites data", "no transaction".
    QString kinds() const;
};

StepRisk riskOf(const MigrationScript &script, bool upgrade);

} // namespace retort
