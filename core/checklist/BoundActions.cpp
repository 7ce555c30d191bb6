// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checklist/BoundActions.h"

#include "core/lint/Linter.h"
#include "core/lint/StepRisk.h"
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionResolver.h"
#include "core/runtime/RunRequest.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ScriptDirectory.h"

#include <QDir>
#include <QSet>

namespace retort {

Result<QStringList> walkPlanLines(const ScriptDirectory &scripts, const RunRequest &request, const QStringList &rows,
                                  const LintContext &lint)
{
    const MigrationPlanner planner(scripts.map());
    RETORT_TRY(const QVector<MigrationStep> steps, planRequest(planner, request, rows));
    const LintFindings findings =
        request.command == RunRequest::Command::Stamp ? LintFindings() : lintSteps(scripts, steps, lint);
    QStringList lines;
    for (const MigrationStep &step : steps) {
        lines << planner.logLine(step);
        if (step.kind != MigrationStep::Kind::Revision)
            continue;
        for (const LintFinding &finding : riskOf(scripts.script(step.revision), step.isUpgrade, findings).findings)
            lines << QStringLiteral("    ") + finding.stepLine();
    }
    return lines;
}

StepResult currentRevisionResult(const RevisionMap &map, const QStringList &rows)
{
    return {StepOutcome::Succeeded, versionRowsText(rows, map)};
}

StepResult verifyCurrentResult(const RevisionMap &map, const QStringList &rows, const QString &expected)
{
    const QString current = versionRowsText(rows, map);
    const Result<QVector<int>> wanted = RevisionResolver(map).revisionsFor(expected.split(u' ', Qt::SkipEmptyParts));
    if (!wanted.ok())
        return {StepOutcome::Failed, wanted.error().message};
    QSet<QString> wantedIds;
    for (int index : wanted.value())
        wantedIds.insert(map.at(index).id);
    if (wantedIds == QSet<QString>(rows.cbegin(), rows.cend()))
        return {StepOutcome::Succeeded, QStringLiteral("current is %1, as expected (%2)").arg(current, expected)};
    QStringList ids(wantedIds.cbegin(), wantedIds.cend());
    ids.sort();
    return {StepOutcome::Failed,
            QStringLiteral("current is %1; expected %2 (%3)").arg(current, ids.join(u','), expected)};
}

Result<QString> testRevisionFile(const ScriptDirectory &scripts, const QStringList &rows, const QString &message)
{
    const RevisionMap &map = scripts.map();
    QVector<int> matches;
    for (int i = 0; i < map.size(); ++i) {
        if (map.at(i).doc == message)
            matches << i;
    }
    if (matches.isEmpty())
        return Error(ErrorCode::Refused, QStringLiteral("no revision has the message \"%1\"").arg(message));
    if (matches.size() > 1) {
        return Error(ErrorCode::Refused, QStringLiteral("%1 revisions have the message \"%2\"; delete the file by hand")
                                             .arg(matches.size())
                                             .arg(message));
    }
    const Revision &revision = map.at(matches.first());
    if (!map.heads().contains(matches.first()))
        return Error(ErrorCode::Refused,
                     QStringLiteral("%1 is not a head: other revisions build on it").arg(revision.id));
    if (rows.contains(revision.id))
        return Error(ErrorCode::Refused,
                     QStringLiteral("%1 is applied to the database: downgrade it first").arg(revision.id));
    return scripts.script(matches.first()).path;
}

} // namespace retort
