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
    // Revisions are named by their index; the index lists lookups return may also hold these two
    // places, which are not revisions. Test with isRevision(), never against a number.
    static constexpr int None = -1;       // "base": no revision
    static constexpr int BaseMarker = -2; // a walk that stepped below a base
    static constexpr bool isRevision(int index) { return index >= 0; }

    RevisionMap() = default;

    // Validates the graph: duplicate ids, clashing branch labels, dangling
    // Revises:/Depends On:, cycles. Errors name the files involved.
    [[nodiscard]] static Result<RevisionMap> build(QVector<Revision> revisions);

    int size() const { return int(m_revisions.size()); }
    bool isEmpty() const { return m_revisions.isEmpty(); }
    const Revision &at(int index) const { return m_revisions[index]; }
    const QVector<Revision> &revisions() const { return m_revisions; }
    // Exact id lookup; None when absent.
    int indexOf(const QString &id) const { return m_ids.value(id, None); }
    QStringList ids(const QVector<int> &indexes) const;

    const QVector<int> &heads() const { return m_heads; }         // no revision revises them
    const QVector<int> &realHeads() const { return m_realHeads; } // nothing revises or depends on them
    const QVector<int> &bases() const { return m_bases; }
    // A position in a topological order: above every revision it revises or depends on.
    int rank(int index) const { return m_rank[size_t(index)]; }
    const QVector<int> &realBases() const { return m_realBases; }

    // Ancestors (through down revisions and, with dependencies, depends_on) or
    // descendants of the targets, the targets included. With `check`, a target
    // that is an ancestor/descendant of another is an error, as in Alembic.
    [[nodiscard]] Result<QVector<int>> ancestors(const QVector<int> &targets, bool includeDependencies = true,
                                                 bool check = false) const;
    [[nodiscard]] Result<QVector<int>> descendants(const QVector<int> &targets, bool includeDependencies = true,
                                                   bool check = false) const;

private:
    // Identifier resolution and upgrade/downgrade order read the graph's own tables and walks.
    friend class RevisionResolver;
    friend class RevisionOrder;

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
