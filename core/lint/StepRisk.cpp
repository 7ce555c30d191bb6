// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/StepRisk.h"

#include "core/script/MigrationScript.h"

namespace retort {

QStringList StepRisk::phrases() const
{
    QStringList list;
    for (const LintFinding &finding : findings) {
        if (!list.contains(finding.summary()))
            list << finding.summary();
    }
    if (outsideTransaction)
        list << QStringLiteral("outside a transaction");
    return list;
}

QString StepRisk::kinds() const
{
    QStringList list;
    for (const LintFinding &finding : findings) {
        if (!list.contains(categoryWord(finding.category())))
            list << categoryWord(finding.category());
    }
    if (outsideTransaction)
        list << QStringLiteral("no transaction");
    return list.join(QStringLiteral(", "));
}

StepRisk riskOf(const MigrationScript &script, bool upgrade, const LintFindings &planFindings)
{
    StepRisk risk;
    for (const LintFinding &finding : planFindings) {
        if (finding.revision == script.revisionId && finding.upgrade == upgrade && !finding.suppressed() &&
            finding.severity >= LintSeverity::Warning)
            risk.findings << finding;
    }
    risk.outsideTransaction = !script.transactional;
    return risk;
}

StepRisk riskOf(const MigrationScript &script, bool upgrade, const LintContext &lint)
{
    Linter linter(lint.dialect, lint.settings);
    return riskOf(script, upgrade, linter.lint(script, upgrade));
}

} // namespace retort
