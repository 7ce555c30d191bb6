// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/revision/RevisionResolver.h"

#include "core/revision/RevisionSupport.h"

#include <QSet>

#include <algorithm>
#include <vector>

namespace retort {

using namespace revision_support;

Result<RevisionResolver::ResolvedNumber> RevisionResolver::resolveRevisionNumber(const QString &identifier,
                                                                                 bool isNone) const
{
    ResolvedNumber resolved;
    QString id = identifier;
    const int at = identifier.indexOf(QLatin1Char('@'));
    if (!isNone && at >= 0) {
        resolved.branchLabel = identifier.left(at);
        id = identifier.mid(at + 1);
    }
    if (isNone || id == QLatin1String("base"))
        return resolved;
    if (id == QLatin1String("heads")) {
        if (!resolved.branchLabel.isEmpty()) {
            RETORT_TRY(const QVector<int> filtered, filterForLineage(m_map.m_heads, resolved.branchLabel));
            resolved.ids = m_map.ids(filtered);
        } else {
            resolved.ids = m_map.ids(m_map.m_realHeads);
        }
    } else if (id == QLatin1String("head")) {
        RETORT_TRY(const int head, currentHead(resolved.branchLabel));
        if (head != RevisionMap::None)
            resolved.ids << m_map.m_revisions[head].id;
    } else {
        resolved.ids << id;
    }
    return resolved;
}

Result<int> RevisionResolver::currentHead(const QString &branchLabel) const
{
    QVector<int> heads = m_map.m_heads;
    if (!branchLabel.isEmpty()) {
        RETORT_TRY(heads, filterForLineage(heads, branchLabel));
    }
    if (heads.size() > 1) {
        const QString argument = branchLabel.isEmpty() ? QStringLiteral("head") : branchLabel + QStringLiteral("@head");
        Error error(ErrorCode::MultipleHeads,
                    QStringLiteral("Multiple heads are present for given argument '%1'; %2")
                        .arg(argument, m_map.ids(heads).join(QStringLiteral(", "))),
                    argument);
        error.details = m_map.ids(heads);
        return error;
    }
    return heads.isEmpty() ? RevisionMap::None : heads.first();
}

Result<QVector<int>> RevisionResolver::revisionsFor(const QStringList &identifiers) const
{
    QVector<int> result;
    for (const QString &identifier : identifiers) {
        RETORT_TRY(const QVector<int> some, revisionsFor(identifier));
        result += some;
    }
    return result;
}

Result<QVector<int>> RevisionResolver::revisionsFor(const QString &identifier) const
{
    RETORT_TRY(const ResolvedNumber resolved, resolveRevisionNumber(identifier, identifier.isNull()));
    if (resolved.ids.size() == 1) {
        int steps = 0;
        if (parsePythonInt(resolved.ids.first(), &steps) && steps < 0) {
            // "-N" and "label@-N": walk down from each head.
            RETORT_TRY(QVector<int> heads, revisionsFor(QStringLiteral("heads")));
            QVector<int> result;
            for (int head : std::as_const(heads)) {
                if (!resolved.branchLabel.isNull() &&
                    !m_map.m_revisions[head].branchLabels.contains(resolved.branchLabel))
                    continue;
                RETORT_TRY(const int walked, walk(head, steps, QString(), true));
                result << walked;
            }
            return result;
        }
    }
    QVector<int> result;
    for (const QString &id : resolved.ids) {
        RETORT_TRY(const int revision, revisionForIdent(id, resolved.branchLabel));
        result << revision;
    }
    return result;
}

Result<int> RevisionResolver::revisionFor(const QString &identifier) const
{
    RETORT_TRY(const ResolvedNumber resolved, resolveRevisionNumber(identifier, identifier.isNull()));
    if (resolved.ids.size() > 1) {
        Error error(ErrorCode::MultipleHeads,
                    QStringLiteral("Multiple heads are present for given argument '%1'; %2")
                        .arg(identifier, resolved.ids.join(QStringLiteral(", "))),
                    identifier);
        error.details = resolved.ids;
        return error;
    }
    return revisionForIdent(resolved.ids.isEmpty() ? QString() : resolved.ids.first(), resolved.branchLabel);
}

Result<int> RevisionResolver::resolveBranch(const QString &branchLabel) const
{
    int revision = m_map.m_labels.value(branchLabel, m_map.m_ids.value(branchLabel, RevisionMap::None));
    if (revision != RevisionMap::None)
        return revision;
    Result<int> byIdentifier = revisionForIdent(branchLabel);
    if (!byIdentifier.ok())
        return resolutionError(QStringLiteral("No such branch: '%1'").arg(branchLabel), branchLabel);
    return byIdentifier;
}

Result<int> RevisionResolver::revisionForIdent(const QString &resolvedId, const QString &checkBranch) const
{
    int branchRevision = RevisionMap::None;
    if (!checkBranch.isEmpty()) {
        RETORT_TRY(branchRevision, resolveBranch(checkBranch));
    }
    if (resolvedId.isNull())
        return RevisionMap::None;
    int revision = m_map.m_ids.value(resolvedId, m_map.m_labels.value(resolvedId, RevisionMap::None));
    if (revision == RevisionMap::None) {
        // Prefix match over every key of Alembic's map: ids, then branch labels.
        QStringList candidates;
        for (const Revision &each : m_map.m_revisions) {
            if (each.id.size() > 3 && each.id.startsWith(resolvedId))
                candidates << each.id;
        }
        for (auto it = m_map.m_labels.constBegin(); it != m_map.m_labels.constEnd(); ++it) {
            if (it.key().size() > 3 && it.key().startsWith(resolvedId))
                candidates << it.key();
        }
        if (branchRevision != RevisionMap::None && !candidates.isEmpty()) {
            QStringList onBranch;
            for (const QString &candidate : std::as_const(candidates)) {
                const int index = m_map.m_ids.value(candidate, m_map.m_labels.value(candidate, RevisionMap::None));
                RETORT_TRY(const bool shares, sharesLineage(index, {checkBranch}, false));
                if (shares)
                    onBranch << candidate;
            }
            candidates = onBranch;
        }
        if (candidates.isEmpty()) {
            const QString hint = resolvedId.size() < 4
                                     ? QStringLiteral("; please ensure at least four characters are present for "
                                                      "partial revision identifier matches")
                                     : QString();
            return resolutionError(QStringLiteral("No such revision or branch '%1'%2").arg(resolvedId, hint),
                                   resolvedId);
        }
        if (candidates.size() > 1) {
            QStringList quoted;
            for (const QString &candidate : candidates.mid(0, 3))
                quoted << QLatin1Char('\'') + candidate + QLatin1Char('\'');
            Error error = resolutionError(QStringLiteral("Multiple revisions start with '%1': %2...")
                                              .arg(resolvedId, quoted.join(QStringLiteral(", "))),
                                          resolvedId);
            error.details = candidates;
            return error;
        }
        revision = m_map.m_ids.value(candidates.first(), m_map.m_labels.value(candidates.first(), RevisionMap::None));
    }
    if (!checkBranch.isEmpty() && revision != RevisionMap::None) {
        RETORT_TRY(const bool shares, sharesLineage(revision, {m_map.m_revisions[branchRevision].id}, false));
        if (!shares) {
            return resolutionError(QStringLiteral("Revision %1 is not a member of branch '%2'")
                                       .arg(m_map.m_revisions[revision].id, checkBranch),
                                   resolvedId);
        }
    }
    return revision;
}

Result<QVector<int>> RevisionResolver::filterForLineage(const QVector<int> &targets, const QString &checkAgainst,
                                                        bool includeDependencies) const
{
    RETORT_TRY(const ResolvedNumber resolved, resolveRevisionNumber(checkAgainst, checkAgainst.isNull()));
    QStringList shares;
    if (!resolved.branchLabel.isEmpty())
        shares << resolved.branchLabel;
    shares += resolved.ids;
    QVector<int> result;
    for (int target : targets) {
        RETORT_TRY(const bool sharing, sharesLineage(target, shares, includeDependencies));
        if (sharing)
            result << target;
    }
    return result;
}

Result<bool> RevisionResolver::sharesLineage(int target, const QStringList &testAgainst, bool includeDependencies) const
{
    if (testAgainst.isEmpty())
        return true;
    QSet<int> against;
    for (const QString &identifier : testAgainst) {
        RETORT_TRY(const int revision, revisionForIdent(identifier));
        against.insert(revision);
    }
    if (!RevisionMap::isRevision(target))
        return revisionError(QStringLiteral("cannot compare lineage of base"));
    RETORT_TRY(const QVector<int> down, m_map.ancestors({target}, includeDependencies));
    for (int index : down) {
        if (against.contains(index))
            return true;
    }
    RETORT_TRY(const QVector<int> up, m_map.descendants({target}, includeDependencies));
    for (int index : up) {
        if (against.contains(index))
            return true;
    }
    return false;
}

Result<int> RevisionResolver::walk(int start, int steps, const QString &branchLabel, bool noOverwalk) const
{
    int current = start;
    const qint64 count = std::abs(qint64(steps));
    for (qint64 i = 0; i < count; ++i) {
        QVector<int> children;
        if (steps > 0) {
            if (current == RevisionMap::BaseMarker)
                return revisionError(QStringLiteral("Walked too far"));
            children = current == RevisionMap::None ? m_map.m_bases : m_map.m_revisions[current].next;
            if (!branchLabel.isEmpty()) {
                RETORT_TRY(children, filterForLineage(children, branchLabel));
            }
        } else if (current != RevisionMap::BaseMarker) {
            children = current == RevisionMap::None ? m_map.m_heads : m_map.m_revisions[current].down;
            if (children.isEmpty())
                children << RevisionMap::BaseMarker;
        }
        if (children.isEmpty())
            return noOverwalk ? RevisionMap::None : current;
        if (children.size() > 1) {
            // Where the walk forks (empty: at base) and where it could go, for the guidance.
            Error ambiguous(ErrorCode::AmbiguousWalk, QStringLiteral("Ambiguous walk"),
                            RevisionMap::isRevision(current) ? m_map.m_revisions[current].id : QString());
            ambiguous.details = m_map.ids(children);
            return ambiguous;
        }
        current = children.first();
    }
    return current;
}

Result<QVector<int>> RevisionResolver::allCurrent(const QStringList &rows) const
{
    RETORT_TRY(const QVector<int> top, revisionsFor(rows));
    RETORT_TRY(const QVector<int> closure, m_map.ancestors(top, true));
    std::vector<char> inClosure(m_map.size(), 0);
    for (int index : top)
        inClosure[index] = 1;
    for (int index : closure)
        inClosure[index] = 1;
    // The closure is closed under ancestors, so a member has a descendant in it
    // exactly when one of its direct (versioned) children is in it.
    QVector<int> branchHeads;
    for (int index = 0; index < m_map.size(); ++index) {
        if (!inClosure[index])
            continue;
        const auto &children = m_map.m_revisions[index].next;
        if (std::none_of(children.cbegin(), children.cend(), [&inClosure](int child) { return inClosure[child]; }))
            branchHeads << index;
    }
    return branchHeads;
}

} // namespace retort
