// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/StepRisk.h"

#include "core/script/MigrationScript.h"

namespace retort {

QStringList StepRisk::phrases() const
{
    QStringList list = data.drops + data.rewrites;
    if (outsideTransaction)
        list << QStringLiteral("outside a transaction");
    return list;
}

StepRisk riskOf(const MigrationScript &script, bool upgrade)
{
    StepRisk risk;
    risk.data = riskOf(upgrade ? script.upgrade.statements : script.downgrade.statements);
    risk.outsideTransaction = !script.transactional;
    return risk;
}

} // namespace retort
