// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RunController.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/RunChecks.h"
#include "core/script/ScriptDirectory.h"

namespace retort::ui {

QVector<MigrationStep> ShownPlan::migrationSteps() const
{
    QVector<MigrationStep> list;
    list.reserve(steps.size());
    for (const PlannedStep &step : steps)
        list << step.step;
    return list;
}

RunController::RunController(QObject *parent) : QObject(parent)
{
    m_plan.target = defaultTarget();
}

void RunController::setScripts(std::shared_ptr<const ScriptDirectory> scripts)
{
    m_scripts = std::move(scripts);
    replan();
}

void RunController::setCurrentRows(const QStringList &rows, bool known)
{
    m_rows = rows;
    m_rowsKnown = known;
    replan();
}

void RunController::setVersionTable(const QString &qualifiedName)
{
    if (m_versionTable == qualifiedName)
        return;
    m_versionTable = qualifiedName;
    replan();
}

void RunController::setDialect(Dialect dialect)
{
    if (m_dialect == dialect)
        return;
    m_dialect = dialect;
    replan();
}

void RunController::setTarget(const QString &target)
{
    const QString trimmed = target.trimmed();
    if (trimmed == m_plan.target)
        return;
    m_plan.target = trimmed;
    Q_EMIT targetChanged(trimmed);
    replan();
}

ShownPlan RunController::planTowards(const ScriptDirectory &scripts, const QString &target, const QStringList &rows,
                                     Dialect dialect, const QString &versionTable)
{
    ShownPlan plan;
    plan.target = target;
    plan.dialect = dialect;
    plan.fromRows = rows;
    plan.rowsKnown = true;
    if (target.isEmpty()) {
        plan.error = tr("no target: choose head, heads, base, a revision or a label");
        return plan;
    }
    const MigrationPlanner planner(scripts.map());
    Result<QVector<MigrationStep>> steps = planner.upgradeSteps(target, rows);
    if (!steps.ok() || steps.value().isEmpty()) {
        const Result<QVector<MigrationStep>> downgrade = planner.downgradeSteps(target, rows);
        if (downgrade.ok() && (!downgrade.value().isEmpty() || !steps.ok())) {
            steps = downgrade;
            plan.downgrade = true;
        }
    }
    if (!steps.ok()) {
        plan.error = steps.error().message;
        return plan;
    }
    if (const Status sections = refuseMissingSections(scripts, steps.value(), dialect); !sections.ok()) {
        plan.error = sections.error().message;
        return plan;
    }
    const Result<QVector<PlannedStep>> planned = planner.simulate(steps.value(), rows, versionTable);
    if (!planned.ok())
        plan.error = planned.error().message;
    else
        plan.steps = planned.value();
    return plan;
}

QString RunController::incompleteReason(const ScriptDirectory &scripts)
{
    if (scripts.isComplete())
        return QString();
    return tr("%n migration file(s) could not be loaded (see Problems); nothing is planned or run until they are "
              "fixed",
              nullptr, int(scripts.leftOut().size()));
}

void RunController::replan()
{
    const QString target = m_plan.target;
    if (!m_scripts) {
        m_plan = ShownPlan();
        m_plan.target = target;
        m_plan.dialect = m_dialect;
        m_plan.error = tr("no project open");
    } else if (!m_scripts->isComplete()) {
        // The graph lacks what was left out: its heads and paths are not the project's.
        m_plan = ShownPlan();
        m_plan.target = target;
        m_plan.dialect = m_dialect;
        m_plan.error = incompleteReason(*m_scripts);
        m_plan.rowsKnown = m_rowsKnown;
    } else {
        m_plan = planTowards(*m_scripts, target, m_rows, m_dialect, m_versionTable);
        m_plan.rowsKnown = m_rowsKnown;
    }
    Q_EMIT planChanged();
}

} // namespace retort::ui
