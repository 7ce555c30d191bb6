// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/revision/RevisionOrder.h"

#include "core/revision/RevisionSupport.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <optional>
#include <vector>

namespace retort {

using namespace revision_support;

namespace {

// Alembic's relative destination syntax, matched at the start only:
// [label@][symbol](+|-)N
struct RelativeDestination
{
    bool matched = false;
    QString branchLabel; // null when absent
    QString symbol;      // null when absent
    QString relative;    // "+2", "-1"
    int steps = 0;
    bool inRange = true;
};

RelativeDestination matchRelativeDestination(const QString &target)
{
    static const QRegularExpression pattern(QStringLiteral("^(?:(.+?)@)?(\\w+)?((?:\\+|-)\\d+)"),
                                            QRegularExpression::UseUnicodePropertiesOption);
    RelativeDestination result;
    const QRegularExpressionMatch match = pattern.match(target);
    if (!match.hasMatch())
        return result;
    result.matched = true;
    if (match.capturedStart(1) >= 0)
        result.branchLabel = match.captured(1);
    if (match.capturedStart(2) >= 0)
        result.symbol = match.captured(2);
    result.relative = match.captured(3);
    bool ok = false;
    result.steps = result.relative.toInt(&ok);
    // A count nobody means (and whose absolute value overflows) is out of range.
    result.inRange = ok && std::abs(qint64(result.steps)) <= 1000000;
    return result;
}

} // namespace

Result<RevisionOrder::DowngradeTarget> RevisionOrder::parseDowngradeTarget(const QStringList &currentRevisions,
                                                                           const QString &target,
                                                                           bool assertRelativeLength) const
{
    DowngradeTarget result;
    if (target.isNull())
        return result;
    const RelativeDestination relative = matchRelativeDestination(target);
    if (relative.matched && !relative.inRange)
        return relativeRangeError(relative.relative);
    if (relative.matched) {
        result.branchLabel = relative.branchLabel;
        if (relative.steps >= 0) {
            if (relative.symbol.isNull())
                return relativeLengthError(relative.relative, relative.steps);
            RETORT_TRY(const int start, m_resolver.revisionFor(relative.symbol));
            RETORT_TRY(result.revision,
                       m_resolver.walk(start, relative.steps, relative.branchLabel, assertRelativeLength));
            if (result.revision == RevisionMap::None)
                return revisionError(QStringLiteral("Walked too far"));
            return result;
        }
        const bool fromCurrent = relative.symbol.isNull();
        QString symbol = relative.symbol;
        if (fromCurrent) {
            if (!relative.branchLabel.isNull()) {
                RETORT_TRY(const QVector<int> rows, m_resolver.revisionsFor(currentRevisions));
                RETORT_TRY(QVector<int> onBranch, m_resolver.filterForLineage(rows, relative.branchLabel));
                if (onBranch.isEmpty()) {
                    // Every branch head may hide behind a single row through depends_on.
                    RETORT_TRY(const QVector<int> all, m_resolver.allCurrent(currentRevisions));
                    RETORT_TRY(onBranch, m_resolver.filterForLineage(all, relative.branchLabel));
                }
                if (onBranch.size() != 1) {
                    return revisionError(onBranch.isEmpty()
                                             ? QStringLiteral("No current revision on branch '%1' to walk down from")
                                                   .arg(relative.branchLabel)
                                             : QStringLiteral("Ambiguous walk"));
                }
                symbol = m_map.m_revisions[onBranch.first()].id;
            } else {
                if (currentRevisions.isEmpty())
                    return relativeLengthError(relative.relative, relative.steps);
                // Alembic warns and walks down from the first row it reads.
                symbol = currentRevisions.first();
                result.branchLabel = symbol;
            }
        }
        RETORT_TRY(const int start, m_resolver.revisionFor(result.branchLabel.isNull()
                                                               ? symbol
                                                               : result.branchLabel + QLatin1Char('@') + symbol));
        RETORT_TRY(result.revision, m_resolver.walk(start, relative.steps, QString(), assertRelativeLength));
        if (result.revision == RevisionMap::None) {
            if (fromCurrent)
                return relativeLengthError(relative.relative, relative.steps);
            return revisionError(QStringLiteral("Walked too far"));
        }
        return result;
    }
    const int at = target.lastIndexOf(QLatin1Char('@'));
    if (at > 0)
        result.branchLabel = target.left(at);
    RETORT_TRY(result.revision, m_resolver.revisionFor(target.mid(at + 1)));
    return result;
}

Result<QVector<int>> RevisionOrder::parseUpgradeTarget(const QStringList &currentRevisions, const QStringList &target,
                                                       bool assertRelativeLength) const
{
    RelativeDestination relative;
    if (target.size() == 1 && !target.first().isNull())
        relative = matchRelativeDestination(target.first());
    if (!relative.matched) {
        if (target.size() == 1)
            return m_resolver.revisionsFor(target.first());
        return m_resolver.revisionsFor(target);
    }
    if (!relative.inRange)
        return relativeRangeError(relative.relative);
    if (relative.steps > 0) {
        if (relative.symbol.isNull()) {
            QVector<int> startRevisions;
            if (currentRevisions.isEmpty()) {
                startRevisions << RevisionMap::None;
            } else {
                for (const QString &row : currentRevisions) {
                    RETORT_TRY(const int index, m_resolver.revisionFor(row));
                    startRevisions << index;
                }
            }
            if (!relative.branchLabel.isNull()) {
                RETORT_TRY(const QVector<int> rows, m_resolver.revisionsFor(currentRevisions));
                RETORT_TRY(startRevisions, m_resolver.filterForLineage(rows, relative.branchLabel));
                if (startRevisions.isEmpty()) {
                    // The branch has no row: start from the tips of its applied part.
                    RETORT_TRY(const QVector<int> applied, m_map.ancestors(rows));
                    RETORT_TRY(const QVector<int> active, m_resolver.filterForLineage(applied, relative.branchLabel));
                    QSet<int> below;
                    for (int index : active) {
                        for (int down : m_map.m_revisions[index].normalizedDown)
                            below.insert(down);
                    }
                    for (int index : active) {
                        if (!below.contains(index))
                            startRevisions << index;
                    }
                    std::sort(startRevisions.begin(), startRevisions.end());
                    if (startRevisions.isEmpty())
                        startRevisions << RevisionMap::None;
                }
            }
            if (startRevisions.size() > 1)
                return revisionError(QStringLiteral("Ambiguous upgrade from multiple current revisions"));
            RETORT_TRY(const int walked, m_resolver.walk(startRevisions.first(), relative.steps, relative.branchLabel,
                                                         assertRelativeLength));
            if (walked == RevisionMap::None)
                return relativeLengthError(relative.relative, relative.steps);
            return QVector<int>{walked};
        }
        RETORT_TRY(const int start, m_resolver.revisionFor(relative.symbol));
        RETORT_TRY(const int walked,
                   m_resolver.walk(start, relative.steps, relative.branchLabel, assertRelativeLength));
        return QVector<int>{walked};
    }
    if (relative.symbol.isNull())
        return relativeLengthError(relative.relative, relative.steps);
    RETORT_TRY(const int start,
               m_resolver.revisionFor(relative.branchLabel.isNull()
                                          ? relative.symbol
                                          : relative.branchLabel + QLatin1Char('@') + relative.symbol));
    RETORT_TRY(const int walked, m_resolver.walk(start, relative.steps, QString(), assertRelativeLength));
    return QVector<int>{walked};
}

Result<RevisionOrder::Collected> RevisionOrder::collectDowngradeRevisions(const QStringList &upper,
                                                                          const QStringList &lower,
                                                                          const IterateOptions &options) const
{
    const QString target = lower.isEmpty() ? QString() : lower.first();
    RETORT_TRY(const DowngradeTarget parsed, parseDowngradeTarget(upper, target, options.assertRelativeLength));
    const int targetRevision = parsed.revision == RevisionMap::BaseMarker ? RevisionMap::None : parsed.revision;

    QVector<int> roots;
    if (targetRevision == RevisionMap::None) {
        // Alembic scans its map's values, where a labelled base appears once
        // more under its label; the duplicate matters to the label filter below.
        roots = m_map.m_bases;
        for (auto it = m_map.m_labels.constBegin(); it != m_map.m_labels.constEnd(); ++it) {
            if (m_map.m_revisions[it.value()].isBase())
                roots << it.value();
        }
    } else if (options.inclusive) {
        roots << targetRevision;
    } else {
        roots = m_map.m_revisions[targetRevision].next;
    }
    if (!parsed.branchLabel.isEmpty() && roots.size() > 1) {
        RETORT_TRY(const int branch, m_resolver.resolveBranch(parsed.branchLabel));
        RETORT_TRY(const QVector<int> lineage, m_map.ancestors({branch}, false));
        const QSet<int> onBranch(lineage.cbegin(), lineage.cend());
        QVector<int> filtered;
        for (int root : std::as_const(roots)) {
            if (onBranch.contains(root))
                appendUnique(filtered, root);
        }
        roots = filtered;
        if (roots.isEmpty())
            return revisionError(QStringLiteral("Not a valid downgrade target from current heads"));
    }
    RETORT_TRY(const QVector<int> heads, m_resolver.revisionsFor(upper));
    RETORT_TRY(const QVector<int> dropped, m_map.descendants(roots, true));
    RETORT_TRY(const QVector<int> active, m_map.ancestors(heads, true));
    const QSet<int> activeSet(active.cbegin(), active.cend());
    Collected collected;
    collected.heads = heads;
    for (int index : dropped) {
        if (activeSet.contains(index))
            collected.revisions << index;
    }
    if (options.implicitBase) {
        RETORT_TRY(const QVector<int> kept, m_map.ancestors(roots, true));
        const QSet<int> keptSet(kept.cbegin(), kept.cend());
        for (int index : active) {
            if (!keptSet.contains(index))
                appendUnique(collected.revisions, index);
        }
    }
    if (targetRevision != RevisionMap::None && collected.revisions.isEmpty() && !heads.contains(targetRevision)) {
        Error error(ErrorCode::RangeNotAncestor,
                    QStringLiteral("Revision Nothing to drop is not an ancestor of revision %1")
                        .arg(upper.join(QStringLiteral(", "))));
        error.details = QStringList{QStringLiteral("Nothing to drop"), upper.join(QStringLiteral(", "))};
        return error;
    }
    return collected;
}

Result<RevisionOrder::Collected> RevisionOrder::collectUpgradeRevisions(const QStringList &upper,
                                                                        const QStringList &lower,
                                                                        const IterateOptions &options) const
{
    RETORT_TRY(QVector<int> targets, parseUpgradeTarget(lower, upper, options.assertRelativeLength));
    for (int target : std::as_const(targets)) {
        if (!RevisionMap::isRevision(target))
            return revisionError(QStringLiteral("Walked too far"));
    }
    if (lower.size() == 1 && lower.first().contains(QLatin1Char('@'))) {
        // A named base (label@base:...) keeps only targets on that branch.
        QString branch = lower.first().section(QLatin1Char('@'), 0, 0);
        RETORT_TRY(const int branchRevision, m_resolver.revisionFor(branch));
        if (branchRevision != RevisionMap::None && m_map.m_revisions[branchRevision].id == branch) {
            if (m_map.m_revisions[branchRevision].branchLabels.size() != 1)
                return revisionError(QStringLiteral("Revision %1 does not carry exactly one branch label").arg(branch));
            branch = m_map.m_revisions[branchRevision].branchLabels.first();
        }
        QVector<int> onBranch;
        for (int target : std::as_const(targets)) {
            if (m_map.m_revisions[target].branchLabels.contains(branch))
                appendUnique(onBranch, target);
        }
        targets = onBranch;
    }
    RETORT_TRY(QVector<int> required, m_map.ancestors(targets, true, true));
    for (int target : std::as_const(targets))
        appendUnique(required, target);
    const QSet<int> requiredSet(required.cbegin(), required.cend());

    RETORT_TRY(QVector<int> current, m_resolver.revisionsFor(lower));
    if (!options.implicitBase) {
        for (int revision : std::as_const(current)) {
            if (RevisionMap::isRevision(revision) && !requiredSet.contains(revision)) {
                Error error(ErrorCode::RangeNotAncestor,
                            QStringLiteral("Revision %1 is not an ancestor of revision %2")
                                .arg(lower.join(QStringLiteral(", ")), upper.join(QStringLiteral(", "))));
                error.details = QStringList{lower.join(QStringLiteral(", ")), upper.join(QStringLiteral(", "))};
                return error;
            }
        }
    }
    QStringList effectiveLower = lower;
    if (!current.isEmpty() && current.first() == RevisionMap::None) {
        RETORT_TRY(const DowngradeTarget parsed,
                   parseDowngradeTarget(upper, lower.value(0), options.assertRelativeLength));
        if (parsed.revision == RevisionMap::BaseMarker || parsed.revision == RevisionMap::None) {
            current.clear();
            effectiveLower.clear();
        } else {
            current = {parsed.revision};
            effectiveLower = QStringList{m_map.m_revisions[parsed.revision].id};
        }
    }
    for (int revision : std::as_const(current)) {
        if (!RevisionMap::isRevision(revision))
            return revisionError(QStringLiteral("Walked too far"));
    }
    RETORT_TRY(const QVector<int> currentLineage, m_map.ancestors(current, true, true));
    QSet<int> currentSet(currentLineage.cbegin(), currentLineage.cend());
    for (int revision : std::as_const(current))
        currentSet.insert(revision);

    Collected collected;
    collected.heads = targets;
    for (int revision : std::as_const(required)) {
        if (!currentSet.contains(revision))
            collected.revisions << revision;
    }
    if (options.inclusive) {
        RETORT_TRY(const QVector<int> lowerRevisions, m_resolver.revisionsFor(effectiveLower));
        for (int revision : lowerRevisions) {
            if (RevisionMap::isRevision(revision))
                appendUnique(collected.revisions, revision);
        }
    }
    if (!current.isEmpty() && !options.implicitBase) {
        RETORT_TRY(const QVector<int> above, m_map.descendants(current, false, true));
        const QSet<int> aboveSet(above.cbegin(), above.cend());
        QVector<int> kept;
        for (int revision : std::as_const(collected.revisions)) {
            if (aboveSet.contains(revision))
                kept << revision;
        }
        collected.revisions = kept;
    }
    return collected;
}

QVector<int> RevisionOrder::topologicalSort(const QVector<int> &revisions, const QVector<int> &heads) const
{
    const int count = m_map.size();
    std::vector<char> todo(count, 0);
    int remaining = 0;
    for (int revision : revisions) {
        if (!todo[revision]) {
            todo[revision] = 1;
            ++remaining;
        }
    }
    auto normalizedDownOf = [this](int revision) -> const QVector<int> & {
        return m_map.m_revisions[revision].normalizedDown;
    };

    QVector<int> currentHeads;
    for (int head : heads) {
        if (RevisionMap::isRevision(head) && todo[head])
            appendUnique(currentHeads, head);
    }
    std::sort(currentHeads.begin(), currentHeads.end());
    // Alembic keeps each pending head's ancestor set and drops the head itself from it when it
    // steps down a plain chain; a revision left behind is output and never a candidate again,
    // so that drop cannot change an answer and the lineage can stay rooted where it started.
    std::vector<LazyLineage> ancestorsByHead;
    for (int head : std::as_const(currentHeads))
        ancestorsByHead.emplace_back(head, m_map.m_rank, count);

    // Descend branch by branch, yielding to another pending head whenever that
    // head still needs the candidate; this fixes Alembic's order exactly.
    QVector<int> output;
    output.reserve(remaining);
    int candidateIndex = 0;
    while (!currentHeads.isEmpty()) {
        const int candidate = currentHeads[candidateIndex];
        bool yielded = false;
        for (int other = 0; other < int(ancestorsByHead.size()); ++other) {
            if (other != candidateIndex && ancestorsByHead[size_t(other)].contains(candidate, normalizedDownOf)) {
                candidateIndex = other;
                yielded = true;
                break;
            }
        }
        if (yielded)
            continue;
        if (todo[candidate]) {
            output << candidate;
            todo[candidate] = 0;
        }
        const Revision &revision = m_map.m_revisions[candidate];
        QVector<int> headsToAdd;
        for (int down : revision.normalizedDown) {
            if (todo[down] && !currentHeads.contains(down))
                headsToAdd << down;
        }
        if (headsToAdd.isEmpty()) {
            currentHeads.removeAt(candidateIndex);
            ancestorsByHead.erase(ancestorsByHead.begin() + candidateIndex);
            candidateIndex = std::max(candidateIndex - 1, 0);
        } else if (revision.normalizedDependencies.isEmpty() && revision.down.size() == 1) {
            currentHeads[candidateIndex] = headsToAdd.first();
        } else {
            currentHeads[candidateIndex] = headsToAdd.first();
            ancestorsByHead[size_t(candidateIndex)] = LazyLineage(headsToAdd.first(), m_map.m_rank, count);
            for (int i = 1; i < headsToAdd.size(); ++i) {
                currentHeads << headsToAdd[i];
                ancestorsByHead.emplace_back(headsToAdd[i], m_map.m_rank, count);
            }
        }
    }
    return output;
}

Result<QVector<int>> RevisionOrder::iterateRevisions(const QStringList &upper, const QStringList &lower,
                                                     const IterateOptions &options) const
{
    RETORT_TRY(const Collected collected, options.selectForDowngrade ? collectDowngradeRevisions(upper, lower, options)
                                                                     : collectUpgradeRevisions(upper, lower, options));
    return topologicalSort(collected.revisions, collected.heads);
}

} // namespace retort
