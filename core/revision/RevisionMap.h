// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/Revision.h"

#include <QHash>
#include <QStringList>
#include <QVector>

#include <vector>

namespace retort {

// The revision graph, built once and immutable afterwards (Alembic's RevisionMap).
// Revisions are addressed by index; the index order is the order the files were
// listed in (sorted by file name), which fixes every otherwise arbitrary order.
//
// Identifier semantics follow Alembic 1.8: full ids, prefixes (unique among ids
// and branch labels), head, heads, base, label@head, label@base, rev@rev, +N, -N,
// rev+N, rev-N, label@+N.
class RevisionMap
{
public:
    // Special entries in the index lists some lookups return.
    static constexpr int None = -1;       // "base": no revision
    static constexpr int BaseMarker = -2; // a walk that stepped below a base

    RevisionMap() = default;

    // Validates the graph: duplicate ids, clashing branch labels, dangling
    // Revises:/Depends On:, cycles. Errors name the files involved.
    [[nodiscard]] static Result<RevisionMap> build(QVector<Revision> revisions);

    int size() const { return int(m_revisions.size()); }
    bool isEmpty() const { return m_revisions.isEmpty(); }
    const Revision &at(int index) const { return m_revisions[index]; }
    const QVector<Revision> &revisions() const { return m_revisions; }
    // Exact id lookup; -1 when absent.
    int indexOf(const QString &id) const { return m_ids.value(id, None); }
    QStringList ids(const QVector<int> &indexes) const;

    const QVector<int> &heads() const { return m_heads; }         // no revision revises them
    const QVector<int> &realHeads() const { return m_realHeads; } // nothing revises or depends on them
    const QVector<int> &bases() const { return m_bases; }
    // A position in a topological order: above every revision it revises or depends on.
    int rank(int index) const { return m_rank[size_t(index)]; }
    const QVector<int> &realBases() const { return m_realBases; }

    // Alembic's get_revisions(): each identifier may give several revisions
    // ("heads", "-1"), entries may be None or BaseMarker.
    [[nodiscard]] Result<QVector<int>> revisionsFor(const QString &identifier) const;
    [[nodiscard]] Result<QVector<int>> revisionsFor(const QStringList &identifiers) const;
    // Alembic's get_revision(): one revision or None; several is MultipleHeads.
    [[nodiscard]] Result<int> revisionFor(const QString &identifier) const;
    // get_current_head(label): the single head (of the branch), None when empty.
    [[nodiscard]] Result<int> currentHead(const QString &branchLabel = QString()) const;

    // Ancestors (through down revisions and, with dependencies, depends_on) or
    // descendants of the targets, the targets included. With `check`, a target
    // that is an ancestor/descendant of another is an error, as in Alembic.
    [[nodiscard]] Result<QVector<int>> ancestors(const QVector<int> &targets, bool includeDependencies = true,
                                                 bool check = false) const;
    [[nodiscard]] Result<QVector<int>> descendants(const QVector<int> &targets, bool includeDependencies = true,
                                                   bool check = false) const;

    // Keeps the targets that share lineage (are ancestor or descendant) with
    // what `checkAgainst` names (Alembic's filter_for_lineage).
    [[nodiscard]] Result<QVector<int>> filterForLineage(const QVector<int> &targets, const QString &checkAgainst,
                                                        bool includeDependencies = false) const;

    // Alembic's iterate_revisions(): the revisions between `upper` and `lower`,
    // newest first. For upgrades `upper` is the target and `lower` the current
    // heads; with `selectForDowngrade` `upper` is the current heads and `lower`
    // the target. An empty list element means base.
    struct IterateOptions
    {
        bool implicitBase = false;
        bool inclusive = false;
        bool assertRelativeLength = true;
        bool selectForDowngrade = false;
    };
    [[nodiscard]] Result<QVector<int>> iterateRevisions(const QStringList &upper, const QStringList &lower,
                                                        const IterateOptions &options) const;

    // The branch heads of the closure of the given version-table rows
    // (Alembic's _get_all_current): what `current` prints.
    [[nodiscard]] Result<QVector<int>> allCurrent(const QStringList &rows) const;

private:
    struct ResolvedNumber
    {
        QStringList ids;
        QString branchLabel;
    };
    [[nodiscard]] Result<ResolvedNumber> resolveRevisionNumber(const QString &identifier, bool isNone = false) const;
    [[nodiscard]] Result<int> revisionForIdent(const QString &resolvedId, const QString &checkBranch = QString()) const;
    [[nodiscard]] Result<int> resolveBranch(const QString &branchLabel) const;
    [[nodiscard]] Result<bool> sharesLineage(int target, const QStringList &testAgainst,
                                             bool includeDependencies) const;
    [[nodiscard]] Result<int> walk(int start, int steps, const QString &branchLabel, bool noOverwalk) const;

    struct DowngradeTarget
    {
        QString branchLabel;
        int revision = None;
    };
    [[nodiscard]] Result<DowngradeTarget> parseDowngradeTarget(const QStringList &currentRevisions,
                                                               const QString &target, bool assertRelativeLength) const;
    [[nodiscard]] Result<QVector<int>> parseUpgradeTarget(const QStringList &currentRevisions,
                                                          const QStringList &target, bool assertRelativeLength) const;
    struct Collected
    {
        QVector<int> revisions;
        QVector<int> heads;
    };
    [[nodiscard]] Result<Collected> collectDowngradeRevisions(const QStringList &upper, const QStringList &lower,
                                                              const IterateOptions &options) const;
    [[nodiscard]] Result<Collected> collectUpgradeRevisions(const QStringList &upper, const QStringList &lower,
                                                            const IterateOptions &options) const;
    QVector<int> topologicalSort(const QVector<int> &revisions, const QVector<int> &heads) const;

    enum class Direction
    {
        Down,
        DownVersioned,
        DownAll,
        Up,
        UpAll
    };
    [[nodiscard]] Result<QVector<int>> related(Direction direction, const QVector<int> &targets, bool check) const;
    const QVector<int> &neighbours(const Revision &revision, Direction direction) const;

    Status linkRevisions();
    Status detectCycles() const;
    QVector<int> onCycles(Direction down, Direction up) const;
    void normalizeDependencies();
    void spreadBranchLabels();
    bool rankRevisions(); // false when the graph has a cycle

    QVector<Revision> m_revisions;
    QHash<QString, int> m_ids;    // revision id -> index
    QHash<QString, int> m_labels; // branch label -> index of the revision that declares it
    QVector<int> m_heads;
    QVector<int> m_realHeads;
    QVector<int> m_bases;
    QVector<int> m_realBases;
    std::vector<int> m_rank; // a topological order: above every revision it revises or depends on
};

} // namespace retort
