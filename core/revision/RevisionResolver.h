// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/RevisionMap.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

// What an identifier names in a revision graph, as Alembic resolves it: ids and unique prefixes, branch
// labels, head, heads, base, label@head, label@base, rev@rev, +N, -N, rev+N, rev-N, label@+N. Lists of
// indexes may hold RevisionMap::None (base) and RevisionMap::BaseMarker.
class RevisionResolver
{
public:
    explicit RevisionResolver(const RevisionMap &map) : m_map(map) {}

    // Alembic's get_revisions(): each identifier may give several revisions
    // ("heads", "-1"), entries may be None or BaseMarker.
    [[nodiscard]] Result<QVector<int>> revisionsFor(const QString &identifier) const;
    [[nodiscard]] Result<QVector<int>> revisionsFor(const QStringList &identifiers) const;
    // Alembic's get_revision(): one revision or None; several is MultipleHeads.
    [[nodiscard]] Result<int> revisionFor(const QString &identifier) const;
    // get_current_head(label): the single head (of the branch), None when empty.
    [[nodiscard]] Result<int> currentHead(const QString &branchLabel = QString()) const;

    // Keeps the targets that share lineage (are ancestor or descendant) with
    // what `checkAgainst` names (Alembic's filter_for_lineage).
    [[nodiscard]] Result<QVector<int>> filterForLineage(const QVector<int> &targets, const QString &checkAgainst,
                                                        bool includeDependencies = false) const;

    // The branch heads of the closure of the given version-table rows
    // (Alembic's _get_all_current): what `current` prints.
    [[nodiscard]] Result<QVector<int>> allCurrent(const QStringList &rows) const;

    // The revision a branch label names (the one that declares it).
    [[nodiscard]] Result<int> resolveBranch(const QString &branchLabel) const;
    // Steps `steps` revisions up (positive) or down from `start`, on `branchLabel` when given.
    [[nodiscard]] Result<int> walk(int start, int steps, const QString &branchLabel, bool noOverwalk) const;

private:
    // An identifier split into the revision ids it stands for and the branch it was qualified with.
    struct ResolvedNumber
    {
        QStringList ids;
        QString branchLabel;
    };
    [[nodiscard]] Result<ResolvedNumber> resolveRevisionNumber(const QString &identifier, bool isNone = false) const;
    [[nodiscard]] Result<int> revisionForIdent(const QString &resolvedId, const QString &checkBranch = QString()) const;
    [[nodiscard]] Result<bool> sharesLineage(int target, const QStringList &testAgainst,
                                             bool includeDependencies) const;

    const RevisionMap &m_map;
};

} // namespace retort
