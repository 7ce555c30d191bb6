// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/PlanReport.h"

#include "app/cli/LintReport.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/VersionTable.h"
#include "core/lint/TableUsage.h"

#include <QDir>

namespace retort::cli {

Result<QString> PlanReport::render(const ScriptDirectory &scripts, const Request &request)
{
    const RevisionMap &map = scripts.map();
    const MigrationPlanner planner(map);
    bool upgrade = request.direction != Direction::Downgrade;
    Result<QVector<MigrationStep>> steps = QVector<MigrationStep>();
    if (upgrade) {
        steps = planner.upgradeSteps(request.destination, request.currentRows);
        const bool tryDowngrade = !steps.ok() || steps.value().isEmpty();
        if (request.direction == Direction::Either && tryDowngrade) {
            auto downgrade = planner.downgradeSteps(request.destination, request.currentRows);
            if (downgrade.ok() && (!downgrade.value().isEmpty() || !steps.ok())) {
                steps = downgrade;
                upgrade = false;
            }
        }
    } else {
        steps = planner.downgradeSteps(request.destination, request.currentRows);
    }
    if (!steps.ok())
        return steps.error();
    RETORT_TRY(const QVector<PlannedStep> planned, planner.simulate(steps.value(), request.currentRows));

    QString text;
    QTextStream out(&text);
    out << "Plan: " << (upgrade ? "upgrade" : "downgrade") << " to " << request.destination << '\n';
    out << "Database: " << request.databaseDescription << '\n';
    out << "Current: " << versionRowsText(request.currentRows) << '\n';
    if (planned.isEmpty()) {
        out << "Nothing to do: the database is already at " << request.destination << ".\n";
        return text;
    }
    int number = 0;
    for (const PlannedStep &step : planned) {
        const MigrationScript &script = scripts.script(step.step.revision);
        const MigrationSection &section = step.step.isUpgrade ? script.upgrade : script.downgrade;
        out << QStringLiteral("%1. ").arg(++number, 3) << planner.logLine(step.step) << '\n';
        out << "       file: " << displayPath(script.path);
        if (section.line > 0)
            out << ':' << section.line;
        out << '\n';
        QStringList tables;
        for (const SqlStatement &statement : section.statements) {
            for (const TableUsage &usage : tablesTouchedBy(statement.text)) {
                const QString entry = QStringLiteral("%1 (%2)").arg(usage.table, usage.action);
                if (!tables.contains(entry))
                    tables << entry;
            }
        }
        out << "       statements: " << section.statements.size();
        if (!tables.isEmpty())
            out << "; tables: " << tables.join(QStringLiteral(", "));
        out << '\n';
        if (!script.transactional)
            out << "       runs outside a transaction (Transactional: false)\n";
        QStringList changes;
        for (const VersionChange &change : step.changes)
            changes << change.describe();
        out << "       version table: " << changes.join(QStringLiteral("; ")) << '\n';
        if (request.verbose) {
            for (const SqlStatement &statement : section.statements)
                out << QStringLiteral("       %1: ").arg(statement.line, 5)
                    << statement.text.section(QLatin1Char('\n'), 0, 0) << '\n';
        }
    }
    out << "After: " << versionRowsText(planned.last().rowsAfter) << '\n';
    out << planned.size() << (planned.size() == 1 ? " revision to " : " revisions to ")
        << (upgrade ? "upgrade" : "downgrade") << ".\n";
    return text;
}

} // namespace retort::cli
