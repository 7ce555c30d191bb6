// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/revision/RevisionMap.h"

#include "core/revision/RevisionSupport.h"

#include <QSet>

#include <algorithm>
#include <optional>
#include <vector>

namespace retort {

using namespace revision_support;

// ---------------------------------------------------------------------------
// building

Result<RevisionMap> RevisionMap::build(QVector<Revision> revisions)
{
    RevisionMap map;
    map.m_revisions = std::move(revisions);
    map.m_ids.reserve(map.m_revisions.size());
    for (int i = 0; i < map.m_revisions.size(); ++i) {
        Revision &revision = map.m_revisions[i];
        revision.resetGraphFields();
        revision.index = i;
        const auto existing = map.m_ids.constFind(revision.id);
        if (existing != map.m_ids.constEnd()) {
            return Error(ErrorCode::DuplicateRevision,
                         QStringLiteral("Revision %1 is present more than once: %2 and %3")
                             .arg(revision.id, map.m_revisions[*existing].path, revision.path),
                         SourceLocation{revision.path, 0});
        }
        map.m_ids.insert(revision.id, i);
    }
    for (const Revision &revision : std::as_const(map.m_revisions)) {
        for (const QString &label : revision.ownBranchLabels) {
            const int holder = map.m_labels.value(label, map.m_ids.value(label, None));
            if (holder != None) {
                return Error(ErrorCode::RevisionError,
                             QStringLiteral("Branch name '%1' in revision %2 already used by revision %3 (%4, %5)")
                                 .arg(label, revision.id, map.m_revisions[holder].id, revision.path,
                                      map.m_revisions[holder].path),
                             SourceLocation{revision.path, 0});
            }
            map.m_labels.insert(label, revision.index);
        }
    }
    RETORT_CHECK(map.linkRevisions());
    // Ranking succeeds exactly when the graph has no cycle; only then can the reachability
    // walks that name the revisions on a cycle be skipped.
    if (!map.rankRevisions()) {
        RETORT_CHECK(map.detectCycles());
        return Error(ErrorCode::CycleDetected, QStringLiteral("Cycle is detected in revisions"));
    }
    map.normalizeDependencies();
    map.spreadBranchLabels();
    return map;
}

bool RevisionMap::rankRevisions()
{
    // Kahn's order over every down edge: a revision ranks above everything it revises or depends on.
    const int count = size();
    m_rank.assign(size_t(count), 0);
    std::vector<int> pending(size_t(count), 0);
    std::vector<int> ready;
    for (int i = 0; i < count; ++i) {
        pending[size_t(i)] = int(m_revisions[i].allDown.size());
        if (pending[size_t(i)] == 0)
            ready.push_back(i);
    }
    int next = 0;
    while (!ready.empty()) {
        const int index = ready.back();
        ready.pop_back();
        m_rank[size_t(index)] = next++;
        for (int child : std::as_const(m_revisions[index].allNext)) {
            if (--pending[size_t(child)] == 0)
                ready.push_back(child);
        }
    }
    return next == count;
}

Status RevisionMap::linkRevisions()
{
    const int count = size();
    std::vector<char> versionedChild(count, 0);
    std::vector<char> anyChild(count, 0);
    for (Revision &revision : m_revisions) {
        for (const QString &downId : std::as_const(revision.downRevisions)) {
            const int parent = m_ids.value(downId, None);
            if (parent == None) {
                return Error(ErrorCode::MissingRevision,
                             QStringLiteral("Revision %1 referenced from %2 is not present (Revises: in %3)")
                                 .arg(downId, revision.id, revision.path),
                             SourceLocation{revision.path, 0});
            }
            appendUnique(revision.down, parent);
        }
        // Dependencies are exact ids or branch labels, as in Alembic.
        for (const QString &dependency : std::as_const(revision.dependencies)) {
            int target = m_ids.value(dependency, None);
            if (target == None)
                target = m_labels.value(dependency, None);
            if (target == None) {
                return Error(ErrorCode::MissingRevision,
                             QStringLiteral("Revision %1 referenced from %2 is not present (Depends On: in %3)")
                                 .arg(dependency, revision.id, revision.path),
                             SourceLocation{revision.path, 0});
            }
            if (target == revision.index) {
                return Error(ErrorCode::DependencyCycleDetected,
                             QStringLiteral("Dependency self-loop is detected in revisions (%1): %2")
                                 .arg(revision.id, revision.path),
                             SourceLocation{revision.path, 0});
            }
            appendUnique(revision.resolvedDependencies, target);
        }
        revision.allDown = revision.down;
        for (int dependency : std::as_const(revision.resolvedDependencies))
            appendUnique(revision.allDown, dependency);
    }
    for (const Revision &revision : std::as_const(m_revisions)) {
        for (int parent : revision.allDown) {
            Revision &parentRevision = m_revisions[parent];
            appendUnique(parentRevision.allNext, revision.index);
            anyChild[parent] = 1;
            if (revision.down.contains(parent)) {
                appendUnique(parentRevision.next, revision.index);
                versionedChild[parent] = 1;
            }
        }
    }
    for (const Revision &revision : std::as_const(m_revisions)) {
        if (!versionedChild[revision.index])
            m_heads.append(revision.index);
        if (!anyChild[revision.index])
            m_realHeads.append(revision.index);
        if (revision.isBase())
            m_bases.append(revision.index);
        if (revision.isRealBase())
            m_realBases.append(revision.index);
    }
    return Status::success();
}

void RevisionMap::normalizeDependencies()
{
    // A dependency is implied when a versioned ancestor already depends on it. Only another
    // revision naming the same dependency can be that ancestor, so most revisions need no walk,
    // and the others walk their lineage only down to the lowest-ranked such revision.
    std::vector<std::vector<int>> dependents(static_cast<size_t>(size()));
    for (const Revision &revision : std::as_const(m_revisions)) {
        for (int dependency : revision.resolvedDependencies)
            dependents[size_t(dependency)].push_back(revision.index);
    }
    auto downOf = [this](int revision) -> const QVector<int> & { return m_revisions[revision].down; };
    for (Revision &revision : m_revisions) {
        revision.normalizedDependencies = revision.resolvedDependencies;
        std::optional<LazyLineage> lineage;
        for (int dependency : std::as_const(revision.resolvedDependencies)) {
            const std::vector<int> &others = dependents[size_t(dependency)];
            if (others.size() < 2)
                continue;
            if (!lineage)
                lineage.emplace(revision.index, m_rank, size());
            const bool implied = std::any_of(others.cbegin(), others.cend(), [&](int other) {
                return other != revision.index && lineage->contains(other, downOf);
            });
            if (implied)
                revision.normalizedDependencies.removeAll(dependency);
        }
        // Alembic keeps these in a set, so its order is the hash order; map order
        // is a deterministic stand-in.
        std::sort(revision.normalizedDependencies.begin(), revision.normalizedDependencies.end());
        revision.normalizedDown = revision.down;
        for (int dependency : std::as_const(revision.normalizedDependencies))
            appendUnique(revision.normalizedDown, dependency);
    }
}

Status RevisionMap::detectCycles() const
{
    if (m_revisions.isEmpty())
        return Status::success();
    auto cycleError = [this](ErrorCode code, const QString &kind, QVector<int> members) {
        std::sort(members.begin(), members.end(),
                  [this](int a, int b) { return m_revisions[a].id < m_revisions[b].id; });
        QStringList paths;
        for (int member : members)
            paths << m_revisions[member].path;
        Error error(code, QStringLiteral("%1 is detected in revisions (%2): %3")
                              .arg(kind, ids(members).join(QStringLiteral(", ")), paths.join(QStringLiteral(", "))));
        error.details = ids(members); // the revisions on the cycle
        return error;
    };
    QVector<int> everything;
    for (int i = 0; i < size(); ++i)
        everything << i;
    // Whatever is not both reachable down from a head and up from a base sits on a cycle.
    auto unreachable = [this](Direction down, const QVector<int> &heads, Direction up, const QVector<int> &bases) {
        std::vector<char> fromHeads(size(), 0);
        for (int index : related(down, heads, false).value())
            fromHeads[index] = 1;
        std::vector<char> both(size(), 0);
        for (int index : related(up, bases, false).value())
            both[index] = fromHeads[index];
        QVector<int> missing;
        for (int i = 0; i < size(); ++i) {
            if (!both[i])
                missing << i;
        }
        return missing;
    };
    if (m_heads.isEmpty() || m_bases.isEmpty())
        return cycleError(ErrorCode::CycleDetected, QStringLiteral("Cycle"), everything);
    QVector<int> missing = unreachable(Direction::DownVersioned, m_heads, Direction::Up, m_bases);
    if (!missing.isEmpty())
        return cycleError(ErrorCode::CycleDetected, QStringLiteral("Cycle"), missing);
    if (m_realHeads.isEmpty() || m_realBases.isEmpty())
        return cycleError(ErrorCode::DependencyCycleDetected, QStringLiteral("Dependency cycle"), everything);
    missing = unreachable(Direction::DownAll, m_realHeads, Direction::UpAll, m_realBases);
    if (!missing.isEmpty())
        return cycleError(ErrorCode::DependencyCycleDetected, QStringLiteral("Dependency cycle"), missing);
    // Alembic's reachability test misses a cycle whose members are reachable
    // from both a head and a base. Peeling the graph from its bases and then
    // from its heads leaves exactly the revisions on (or between) cycles.
    missing = onCycles(Direction::DownVersioned, Direction::Up);
    if (!missing.isEmpty())
        return cycleError(ErrorCode::CycleDetected, QStringLiteral("Cycle"), missing);
    missing = onCycles(Direction::DownAll, Direction::UpAll);
    if (!missing.isEmpty())
        return cycleError(ErrorCode::DependencyCycleDetected, QStringLiteral("Dependency cycle"), missing);
    return Status::success();
}

QVector<int> RevisionMap::onCycles(Direction down, Direction up) const
{
    const int count = size();
    std::vector<char> removed(count, 0);
    auto peel = [&](Direction inward, Direction outward) {
        std::vector<int> pending(count, 0);
        std::vector<int> ready;
        for (int i = 0; i < count; ++i) {
            if (removed[i])
                continue;
            for (int other : neighbours(m_revisions[i], inward))
                pending[i] += removed[other] ? 0 : 1;
            if (pending[i] == 0)
                ready.push_back(i);
        }
        while (!ready.empty()) {
            const int index = ready.back();
            ready.pop_back();
            removed[index] = 1;
            for (int other : neighbours(m_revisions[index], outward)) {
                if (!removed[other] && --pending[other] == 0)
                    ready.push_back(other);
            }
        }
    };
    peel(down, up);
    peel(up, down);
    QVector<int> remaining;
    for (int i = 0; i < count; ++i) {
        if (!removed[i])
            remaining << i;
    }
    return remaining;
}

void RevisionMap::spreadBranchLabels()
{
    // Labels as small numbers, and per revision the numbers it carries, in the order it gets
    // them; the names are filled in once at the end. Appending strings per revision and label
    // was most of the time in a large project with a few dozen labels.
    QHash<QString, int> labelNumbers;
    QStringList labelNames;
    std::vector<std::vector<int>> carried(static_cast<size_t>(size()));
    auto numberOf = [&labelNumbers, &labelNames](const QString &label) {
        auto found = labelNumbers.constFind(label);
        if (found == labelNumbers.constEnd()) {
            found = labelNumbers.insert(label, int(labelNames.size()));
            labelNames << label;
        }
        return *found;
    };
    for (const Revision &revision : std::as_const(m_revisions)) {
        for (const QString &label : revision.ownBranchLabels)
            carried[size_t(revision.index)].push_back(numberOf(label));
    }
    std::vector<char> seen(size_t(size()), 0);
    std::vector<int> stack;
    for (int i = 0; i < size(); ++i) {
        const QStringList &labels = m_revisions[i].ownBranchLabels;
        if (labels.isEmpty())
            continue;
        std::vector<int> numbers;
        for (const QString &label : labels)
            numbers.push_back(numberOf(label));
        auto addLabels = [&numbers, &carried](int target) {
            std::vector<int> &has = carried[size_t(target)];
            for (int number : numbers) {
                if (std::find(has.cbegin(), has.cend(), number) == has.cend())
                    has.push_back(number);
            }
        };
        // Every descendant carries the label; then, walking down from the last one visited
        // (in the order related() visits them), so do ancestors up to the first branch or
        // merge point.
        std::fill(seen.begin(), seen.end(), 0);
        stack.assign(1, i);
        int last = None;
        while (!stack.empty()) {
            const int current = stack.back();
            stack.pop_back();
            if (seen[size_t(current)])
                continue;
            seen[size_t(current)] = 1;
            stack.insert(stack.end(), m_revisions[current].next.cbegin(), m_revisions[current].next.cend());
            addLabels(current);
            last = current;
        }
        int parent = last;
        while (parent != None && !m_revisions[parent].isRealBranchPoint() && !m_revisions[parent].isMergePoint()) {
            addLabels(parent);
            parent = m_revisions[parent].down.isEmpty() ? None : m_revisions[parent].down.first();
        }
    }
    for (Revision &revision : m_revisions) {
        const std::vector<int> &numbers = carried[size_t(revision.index)];
        revision.branchLabels.reserve(qsizetype(numbers.size()));
        for (int number : numbers)
            revision.branchLabels << labelNames[number];
    }
}

QStringList RevisionMap::ids(const QVector<int> &indexes) const
{
    QStringList result;
    result.reserve(indexes.size());
    for (int index : indexes)
        result << (isRevision(index) ? m_revisions[index].id : QString());
    return result;
}

// ---------------------------------------------------------------------------
// traversal

const QVector<int> &RevisionMap::neighbours(const Revision &revision, Direction direction) const
{
    switch (direction) {
    case Direction::Down:
        return revision.normalizedDown;
    case Direction::DownVersioned:
        return revision.down;
    case Direction::DownAll:
        return revision.allDown;
    case Direction::Up:
        return revision.next;
    case Direction::UpAll:
        break;
    }
    return revision.allNext;
}

Result<QVector<int>> RevisionMap::related(Direction direction, const QVector<int> &targets, bool check) const
{
    QVector<int> out;
    std::vector<char> seen(size(), 0);
    std::vector<int> todo;
    QSet<int> perTarget;
    for (int target : targets) {
        if (!isRevision(target))
            return revisionError(QStringLiteral("cannot walk the graph from base"));
        todo.push_back(target);
        perTarget.clear();
        while (!todo.empty()) {
            const int current = todo.back();
            todo.pop_back();
            if (check)
                perTarget.insert(current);
            if (seen[current])
                continue;
            seen[current] = 1;
            for (int neighbour : neighbours(m_revisions[current], direction))
                todo.push_back(neighbour);
            out.append(current);
        }
        if (check) {
            QVector<int> overlaps;
            for (int other : targets) {
                if (other != target && perTarget.contains(other))
                    appendUnique(overlaps, other);
            }
            if (!overlaps.isEmpty()) {
                return revisionError(QStringLiteral("Requested revision %1 overlaps with other requested revisions %2")
                                         .arg(m_revisions[target].id, ids(overlaps).join(QStringLiteral(", "))));
            }
        }
    }
    return out;
}

Result<QVector<int>> RevisionMap::ancestors(const QVector<int> &targets, bool includeDependencies, bool check) const
{
    return related(includeDependencies ? Direction::Down : Direction::DownVersioned, targets, check);
}

Result<QVector<int>> RevisionMap::descendants(const QVector<int> &targets, bool includeDependencies, bool check) const
{
    return related(includeDependencies ? Direction::UpAll : Direction::Up, targets, check);
}

} // namespace retort
