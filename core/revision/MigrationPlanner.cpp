// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/revision/MigrationPlanner.h"

#include "core/revision/HeadMaintainer.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace retort {

namespace {

QString joined(const QStringList &list)
{
    return list.join(QStringLiteral(", "));
}

MigrationStep revisionStep(int revision, bool isUpgrade)
{
    MigrationStep step;
    step.kind = MigrationStep::Kind::Revision;
    step.revision = revision;
    step.isUpgrade = isUpgrade;
    return step;
}

MigrationStep stampStep(QStringList from, QStringList to, bool isUpgrade, bool branchMove)
{
    MigrationStep step;
    step.kind = MigrationStep::Kind::Stamp;
    step.stampFrom = std::move(from);
    step.stampTo = std::move(to);
    step.isUpgrade = isUpgrade;
    step.branchMove = branchMove;
    return step;
}

} // namespace

Error commandError(const Error &error, const RevisionErrorWording &wording)
{
    switch (error.code) {
    case ErrorCode::RangeNotAncestor: {
        QString message = wording.ancestor.isEmpty()
                              ? QStringLiteral("Requested range %(start)s:%(end)s does not refer to "
                                               "ancestor/descendant revisions along the same branch")
                              : wording.ancestor;
        message.replace(QStringLiteral("%(start)s"), wording.start.isNull() ? error.details.value(0) : wording.start);
        message.replace(QStringLiteral("%(end)s"), wording.end.isNull() ? error.details.value(1) : wording.end);
        return Error(ErrorCode::RangeNotAncestor, message, error.context);
    }
    case ErrorCode::MultipleHeads: {
        QString message = wording.multipleHeads.isEmpty()
                              ? QStringLiteral("Multiple head revisions are present for given argument "
                                               "'%(head_arg)s'; please specify a specific target revision, "
                                               "'<branchname>@%(head_arg)s' to narrow to a specific head, or "
                                               "'heads' for all heads")
                              : wording.multipleHeads;
        message.replace(QStringLiteral("%(head_arg)s"), wording.end.isNull() ? error.context : wording.end);
        message.replace(QStringLiteral("%(heads)s"), joined(error.details));
        Error result(ErrorCode::MultipleHeads, message, error.context);
        result.details = error.details;
        return result;
    }
    case ErrorCode::ResolutionError: {
        // Alembic's wording, plus why when the identifier is a prefix of several revisions.
        QString message = QStringLiteral("Can't locate revision identified by '%1'").arg(error.context);
        if (error.details.size() > 1)
            message += QStringLiteral(" (%1)").arg(error.message);
        return Error(ErrorCode::ResolutionError, message, error.context);
    }
    default:
        return error;
    }
}

Result<QVector<MigrationStep>> MigrationPlanner::upgradeSteps(const QString &destination,
                                                              const QStringList &currentRows) const
{
    RevisionOrder::IterateOptions options;
    options.implicitBase = true;
    auto revisions = m_order.iterateRevisions({destination}, currentRows, options);
    if (!revisions.ok()) {
        return commandError(revisions.error(),
                            {QStringLiteral("Destination %(end)s is not a valid upgrade target from current head(s)"),
                             QString(), QString(), destination});
    }
    QVector<MigrationStep> steps;
    const QVector<int> &order = revisions.value();
    for (auto it = order.crbegin(); it != order.crend(); ++it)
        steps << revisionStep(*it, true);
    return steps;
}

Result<QVector<MigrationStep>> MigrationPlanner::downgradeSteps(const QString &destination,
                                                                const QStringList &currentRows,
                                                                QStringList *warnings) const
{
    static const QRegularExpression plainRelative(QStringLiteral("^-\\d+"));
    if (warnings && plainRelative.match(destination).hasMatch() &&
        QSet<QString>(currentRows.cbegin(), currentRows.cend()).size() > 1) {
        *warnings << QStringLiteral("downgrade %1 from multiple heads is ambiguous; walking down from %2, the "
                                    "first row of the version table")
                         .arg(destination, currentRows.first());
    }
    RevisionOrder::IterateOptions options;
    options.selectForDowngrade = true;
    auto revisions = m_order.iterateRevisions(currentRows, {destination}, options);
    if (!revisions.ok()) {
        return commandError(revisions.error(),
                            {QStringLiteral("Destination %(end)s is not a valid downgrade target from current head(s)"),
                             QString(), QString(), destination});
    }
    QVector<MigrationStep> steps;
    for (int revision : revisions.value())
        steps << revisionStep(revision, false);
    return steps;
}

Result<QVector<MigrationStep>> MigrationPlanner::stampSteps(const QStringList &destinations,
                                                            const QStringList &currentRows) const
{
    const RevisionErrorWording wording{
        QString(), QStringLiteral("Multiple heads are present; please specify a single target revision"), QString(),
        QString()};
    auto fail = [&wording](const Error &error) { return commandError(error, wording); };

    const QStringList targets = destinations.isEmpty() ? QStringList{QStringLiteral("base")} : destinations;
    auto resolved = m_resolver.revisionsFor(targets);
    if (!resolved.ok())
        return fail(resolved.error());
    QVector<int> dests = resolved.value();
    if (dests.isEmpty())
        dests << RevisionMap::None;
    if (dests.contains(RevisionMap::BaseMarker)) {
        return Error(ErrorCode::RevisionError, QStringLiteral("Stamp target %1 walks below base").arg(joined(targets)));
    }

    // Alembic moves every row that shares lineage with any destination, using
    // the rows it started with. With several destinations that can move a row
    // twice, where Alembic crashes; then each destination instead moves the
    // rows that share its own lineage as they stand after the ones before it.
    auto plan = [&](bool followRows) -> Result<QVector<MigrationStep>> {
        HeadMaintainer rows(m_map, currentRows);
        auto headsOnLineage = [&](const QStringList &lineageOf) -> Result<QVector<int>> {
            RETORT_TRY(const QVector<int> heads, m_resolver.revisionsFor(rows.rows()));
            QVector<int> filtered;
            for (const QString &target : lineageOf) {
                if (target.isEmpty())
                    continue;
                RETORT_TRY(const QVector<int> onLineage, m_resolver.filterForLineage(heads, target, true));
                for (int head : onLineage) {
                    if (!filtered.contains(head))
                        filtered << head;
                }
            }
            return filtered;
        };
        RETORT_TRY(const QVector<int> initialHeads, headsOnLineage(targets));
        QVector<MigrationStep> steps;
        auto addStep = [&](MigrationStep step) -> Status {
            RETORT_TRY(const QVector<VersionChange> changes, rows.apply(step));
            Q_UNUSED(changes);
            steps << std::move(step);
            return Status::success();
        };
        for (int dest : std::as_const(dests)) {
            QVector<int> filteredHeads = initialHeads;
            if (followRows && dest != RevisionMap::None) {
                RETORT_TRY(filteredHeads, headsOnLineage({m_map.at(dest).id}));
            }
            const QStringList filteredIds = m_map.ids(filteredHeads);
            if (dest == RevisionMap::None) {
                for (const QString &head : filteredIds)
                    RETORT_CHECK(addStep(stampStep({head}, {}, false, true)));
                continue;
            }
            if (filteredHeads.contains(dest))
                continue;
            RETORT_TRY(const QVector<int> below, m_map.descendants({dest}));
            RETORT_TRY(const QVector<int> above, m_map.ancestors({dest}));
            auto intersects = [&filteredHeads](const QVector<int> &set) {
                return std::any_of(set.cbegin(), set.cend(),
                                   [&filteredHeads](int i) { return filteredHeads.contains(i); });
            };
            const QString destId = m_map.at(dest).id;
            if (intersects(below)) {
                // The rows sit above the target: move them all down to it in one step.
                RETORT_CHECK(addStep(stampStep(filteredIds, {destId}, false, false)));
            } else if (intersects(above)) {
                RETORT_CHECK(addStep(stampStep(filteredIds, {destId}, true, false)));
            } else {
                RETORT_CHECK(addStep(stampStep({}, {destId}, true, true)));
            }
        }
        return steps;
    };
    auto steps = plan(false);
    if (!steps.ok() && dests.size() > 1 && steps.error().code == ErrorCode::RevisionError)
        steps = plan(true);
    if (!steps.ok())
        return fail(steps.error());
    return steps;
}

Result<QVector<PlannedStep>> MigrationPlanner::simulate(const QVector<MigrationStep> &steps,
                                                        const QStringList &currentRows,
                                                        const QString &versionTable) const
{
    HeadMaintainer maintainer(m_map, currentRows, versionTable);
    QVector<PlannedStep> planned;
    planned.reserve(steps.size());
    for (const MigrationStep &step : steps) {
        auto changes = maintainer.apply(step);
        if (!changes.ok()) {
            return Error(changes.error().code,
                         QStringLiteral("%1 (at step '%2')").arg(changes.error().message, shortLog(step)));
        }
        planned.append(PlannedStep{step, changes.value(), maintainer.rows()});
    }
    return planned;
}

Result<QVector<int>> MigrationPlanner::historyRevisions(const QString &base, const QString &head,
                                                        const QStringList &currentRows) const
{
    auto side = [&currentRows](const QString &value, const QString &fallback) {
        if (value == QLatin1String("current"))
            return currentRows.isEmpty() ? QStringList{fallback} : currentRows;
        return QStringList{value.isEmpty() ? fallback : value};
    };
    const QStringList lower = side(base, QStringLiteral("base"));
    const QStringList upper = side(head, QStringLiteral("heads"));
    RevisionOrder::IterateOptions options;
    options.inclusive = true;
    options.assertRelativeLength = false;
    auto revisions = m_order.iterateRevisions(upper, lower, options);
    if (!revisions.ok())
        return commandError(revisions.error(), {QString(), QString(), joined(lower), joined(upper)});
    return revisions;
}

Result<QVector<int>> MigrationPlanner::currentRevisions(const QStringList &rows) const
{
    auto revisions = m_resolver.allCurrent(rows);
    if (!revisions.ok())
        return commandError(revisions.error());
    return revisions;
}

QString MigrationPlanner::shortLog(const MigrationStep &step) const
{
    if (step.kind == MigrationStep::Kind::Stamp)
        return QStringLiteral("stamp_revision %1 -> %2").arg(joined(step.stampFrom), joined(step.stampTo));
    const Revision &revision = m_map.at(step.revision);
    const QString down = joined(revision.downRevisions);
    if (step.isUpgrade)
        return QStringLiteral("upgrade %1 -> %2").arg(down, revision.id);
    return QStringLiteral("downgrade %1 -> %2").arg(revision.id, down);
}

QString MigrationPlanner::logLine(const MigrationStep &step) const
{
    if (step.kind == MigrationStep::Kind::Revision && !m_map.at(step.revision).doc.isEmpty())
        return shortLog(step) + QStringLiteral(", ") + m_map.at(step.revision).doc;
    return shortLog(step);
}

} // namespace retort
