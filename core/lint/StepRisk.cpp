// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/StepRisk.h"

#include "core/script/MigrationScript.h"

namespace retort {

QStringList StepRisk::phrases() const
{
    QStringList list = data.drops + data.rewrites;
    if (outsideTransaction)
        list << QStringLiteral("outside a transaction");
    return list;
}

QString StepRisk::kinds() const
{
    QStringList list;
    if (!data.drops.isEmpty())
        list << QStringLiteral("drops data");
    if (!data.rewrites.isEmpty())
        list << QStringLiteral("rewrites data");
    if (outsideTransaction)
        list << QStringLiteral("no transaction");
    return list.join(QStringLiteral(", "));
}

StepRisk riskOf(const MigrationScript &script, bool upgrade)
{
    StepRisk risk;
    risk.data = riskOf(upgrade ? script.upgrade.statements : script.downgrade.statements);
    risk.outsideTransaction = !script.transactional;
    return risk;
}

} // namespace retort
