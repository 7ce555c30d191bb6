// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/GateDescription.h"
#include "core/runtime/RunChecks.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/RunRequest.h"
#include "core/safety/SafetyGate.h"
#include "core/script/ScriptDirectory.h"
#include "core/lint/StepRisk.h"
#include "core/lint/TableUsage.h"

#include <algorithm>

namespace retort {

namespace {

QVector<int> appliedBy(const RevisionMap &map, const QStringList &rows)
{
    QVector<int> indexes;
    for (const QString &row : rows) {
        if (map.indexOf(row) != RevisionMap::None)
            indexes << map.indexOf(row);
    }
    return map.ancestors(indexes).value();
}

} // namespace

Result<GateDescription> GateDescription::describe(const ScriptDirectory &scripts, const RunRequest &request,
                                                  const QStringList &rows, const ProductionStatus &status,
                                                  const LintContext &lint)
{
    GateDescription description;
    if (status.gated())
        description.why = SafetyGate::production(status);
    description.database = status.identity.description();
    description.notes = status.notes;
    description.confirmationName = SafetyGate::confirmationName(status);

    const RevisionMap &map = scripts.map();
    const MigrationPlanner planner(map);
    RETORT_TRY(const QVector<MigrationStep> steps, planRequest(planner, request, rows));
    // Refused before the question and the backup, not after them.
    if (request.runExactSql)
        RETORT_CHECK(refusePythonRevisions(scripts, steps, PythonRevisionUse::ExactRun));
    // A stamp runs no SQL: there is nothing to lint or render.
    const bool runsSql = request.command != RunRequest::Command::Stamp;
    if (runsSql && lint.dialect)
        RETORT_CHECK(refuseMissingSections(scripts, steps, *lint.dialect));
    std::optional<RenderReport> rendered;
    if (runsSql && lint.render)
        rendered = lint.render(scripts, steps);
    LintFindings findings;
    if (runsSql) {
        findings = lintSteps(scripts, steps, lint.dialect, lint.settings, rendered ? &*rendered : nullptr);
        if (lint.addTableSizes)
            lint.addTableSizes(findings);
    }
    if (runsSql && !request.runExactSql &&
        std::any_of(steps.cbegin(), steps.cend(), [&scripts](const MigrationStep &s) {
            return s.kind == MigrationStep::Kind::Revision &&
                   scripts.script(s.revision).format == ScriptFormat::AlembicPython;
        })) {
        description.notes << QStringLiteral(
            "the project's Alembic runs the plan's .py revisions (their Python), inside "
            "this gate: after the confirmation and the backup, under Retort's lock, "
            "and only once env.py's own connection proves to reach this database");
    }
    for (int i = 0; i < steps.size(); ++i) {
        const MigrationStep &step = steps[i];
        description.planLines << QStringLiteral("%1. %2").arg(i + 1).arg(planner.logLine(step));
        if (step.kind != MigrationStep::Kind::Revision)
            continue;
        const MigrationScript &script = scripts.script(step.revision);
        const QString name = QStringLiteral("%1 %2").arg(map.at(step.revision).id, map.at(step.revision).doc).trimmed();
        QStringList said;
        for (const LintFinding &finding : riskOf(script, step.isUpgrade, findings).findings)
            said << QStringLiteral("%1 (%2)").arg(finding.summary(), severityWord(finding.severity));
        const RenderedSection *section = rendered ? rendered->find(script.revisionId, step.isUpgrade) : nullptr;
        if (section && !section->complete())
            said << section->describe();
        said.removeDuplicates();
        if (!said.isEmpty())
            description.risks << QStringLiteral("%1: %2").arg(name, said.join(QStringLiteral("; ")));
        if (!script.transactional) {
            description.outsideTransaction << name;
            if (description.rehearsalStopsBefore.isEmpty())
                description.rehearsalStopsBefore = planner.logLine(step);
        }
    }
    QString counts = QStringLiteral("%1 step(s)").arg(steps.size());

    if (request.command == RunRequest::Command::Stamp && !request.rehearsal) {
        const QStringList from = request.purge ? QStringList() : rows;
        RETORT_TRY(const QVector<PlannedStep> planned, planner.simulate(steps, from));
        const QStringList after = planned.isEmpty() ? from : planned.last().rowsAfter;
        const QVector<int> before = appliedBy(map, rows);
        const QVector<int> later = appliedBy(map, after);
        QVector<int> added;
        QVector<int> removed;
        for (int index : later) {
            if (!before.contains(index))
                added << index;
        }
        for (int index : before) {
            if (!later.contains(index))
                removed << index;
        }
        description.withoutRunningApplied = !added.isEmpty() || removed.isEmpty();
        QVector<int> revisions = description.withoutRunningApplied ? added : removed;
        std::sort(revisions.begin(), revisions.end(), [&map](int a, int b) { return map.rank(a) < map.rank(b); });
        for (int index : std::as_const(revisions)) {
            const MigrationScript &script = scripts.script(index);
            const QString tables = describeTableUsage(
                script.section(description.withoutRunningApplied, lint.dialect).statements, lint.dialect);
            description.withoutRunning << QStringLiteral("%1 %2%3").arg(
                map.at(index).id, map.at(index).doc,
                tables.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(tables));
        }
        if (!added.isEmpty() && !removed.isEmpty()) {
            description.notes
                << QStringLiteral("the stamp also marks %1 revision(s) as not applied").arg(removed.size());
        }
        counts =
            QStringLiteral("%1 revision(s) marked %2 without running")
                .arg(description.withoutRunning.size())
                .arg(description.withoutRunningApplied ? QStringLiteral("applied") : QStringLiteral("not applied"));
    }
    description.question = QStringLiteral("Type '%1' to continue (%2): ").arg(description.confirmationName, counts);
    return description;
}

QStringList GateDescription::riskLines() const
{
    QStringList text;
    if (!risks.isEmpty()) {
        text << QStringLiteral("%1 revision(s) with risks lint finds (retort lint says how to avoid each):")
                    .arg(risks.size());
        for (const QString &line : risks)
            text << QStringLiteral("  ") + line;
    }
    if (!outsideTransaction.isEmpty()) {
        text << QStringLiteral("%1 revision(s) run outside a transaction (what they do is kept at once):")
                    .arg(outsideTransaction.size());
        for (const QString &line : outsideTransaction)
            text << QStringLiteral("  ") + line;
    }
    return text;
}

QStringList GateDescription::lines() const
{
    QStringList text;
    if (!why.isEmpty())
        text << QStringLiteral("PRODUCTION: ") + why << QStringLiteral("  database: ") + database;
    for (const QString &note : notes)
        text << QStringLiteral("  note: ") + note;
    text << QStringLiteral("Plan (%1 step(s)):").arg(planLines.size());
    for (const QString &line : planLines)
        text << QStringLiteral("  ") + line;
    text << riskLines();
    if (!withoutRunning.isEmpty()) {
        text << QStringLiteral("%1 revision(s) will be marked %2 without running:")
                    .arg(withoutRunning.size())
                    .arg(withoutRunningApplied ? QStringLiteral("applied") : QStringLiteral("not applied"));
        for (const QString &line : withoutRunning)
            text << QStringLiteral("  ") + line;
    }
    return text;
}

} // namespace retort
