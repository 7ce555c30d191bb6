// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/revision/RevisionMap.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <optional>
#include <queue>
#include <cstdlib>
#include <vector>

namespace retort {

namespace {

Error resolutionError(const QString &message, const QString &argument)
{
    return Error(ErrorCode::ResolutionError, message, argument);
}

Error revisionError(const QString &message)
{
    return Error(ErrorCode::RevisionError, message);
}

Error relativeLengthError(const QString &relative, int steps)
{
    return revisionError(
        QStringLiteral("Relative revision %1 didn't produce %2 migrations").arg(relative).arg(std::abs(qint64(steps))));
}

Error relativeRangeError(const QString &relative)
{
    return revisionError(QStringLiteral("Relative revision %1 is out of range").arg(relative));
}

template <typename T> void appendUnique(QVector<T> &list, const T &value)
{
    if (!list.contains(value))
        list.append(value);
}

// Python's int(): optional sign and surrounding blanks, decimal digits only.
bool parsePythonInt(const QString &text, int *value)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return false;
    int start = (trimmed[0] == QLatin1Char('+') || trimmed[0] == QLatin1Char('-')) ? 1 : 0;
    if (start == trimmed.size())
        return false;
    for (int i = start; i < trimmed.size(); ++i) {
        if (!trimmed[i].isDigit())
            return false;
    }
    bool ok = false;
    *value = trimmed.toInt(&ok);
    return ok;
}

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

// The ancestors of one revision, discovered only as far down as the questions asked so far need.
// Every path down from the root passes through strictly lower ranks, so "is x an ancestor?" only
// needs the part of the lineage ranked at or above x: in a long history with short branches that
// is a few dozen revisions, where a full walk would visit all of them at every merge point.
class LazyLineage
{
public:
    LazyLineage(int root, const std::vector<int> &rank, int count) : m_rank(&rank), m_seen(size_t(count), 0)
    {
        discover(root);
    }

    template <typename DownOf> bool contains(int revision, const DownOf &downOf)
    {
        const int floor = (*m_rank)[size_t(revision)];
        while (!m_frontier.empty() && m_frontier.top().first >= floor) {
            const int current = m_frontier.top().second;
            m_frontier.pop();
            for (int down : downOf(current))
                discover(down);
        }
        return m_seen[size_t(revision)];
    }

private:
    void discover(int revision)
    {
        if (m_seen[size_t(revision)])
            return;
        m_seen[size_t(revision)] = 1;
        m_frontier.emplace((*m_rank)[size_t(revision)], revision);
    }

    const std::vector<int> *m_rank;
    std::vector<char> m_seen;
    std::priority_queue<std::pair<int, int>> m_frontier; // (rank, revision), highest rank first
};

} // namespace

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
        result << (index >= 0 ? m_revisions[index].id : QString());
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
        if (target < 0)
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

// ---------------------------------------------------------------------------
// identifiers

Result<RevisionMap::ResolvedNumber> RevisionMap::resolveRevisionNumber(const QString &identifier, bool isNone) const
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
            RETORT_TRY(const QVector<int> filtered, filterForLineage(m_heads, resolved.branchLabel));
            resolved.ids = this->ids(filtered);
        } else {
            resolved.ids = this->ids(m_realHeads);
        }
    } else if (id == QLatin1String("head")) {
        RETORT_TRY(const int head, currentHead(resolved.branchLabel));
        if (head != None)
            resolved.ids << m_revisions[head].id;
    } else {
        resolved.ids << id;
    }
    return resolved;
}

Result<int> RevisionMap::currentHead(const QString &branchLabel) const
{
    QVector<int> heads = m_heads;
    if (!branchLabel.isEmpty()) {
        RETORT_TRY(heads, filterForLineage(heads, branchLabel));
    }
    if (heads.size() > 1) {
        const QString argument = branchLabel.isEmpty() ? QStringLiteral("head") : branchLabel + QStringLiteral("@head");
        Error error(ErrorCode::MultipleHeads,
                    QStringLiteral("Multiple heads are present for given argument '%1'; %2")
                        .arg(argument, ids(heads).join(QStringLiteral(", "))),
                    argument);
        error.details = ids(heads);
        return error;
    }
    return heads.isEmpty() ? None : heads.first();
}

Result<QVector<int>> RevisionMap::revisionsFor(const QStringList &identifiers) const
{
    QVector<int> result;
    for (const QString &identifier : identifiers) {
        RETORT_TRY(const QVector<int> some, revisionsFor(identifier));
        result += some;
    }
    return result;
}

Result<QVector<int>> RevisionMap::revisionsFor(const QString &identifier) const
{
    RETORT_TRY(const ResolvedNumber resolved, resolveRevisionNumber(identifier, identifier.isNull()));
    if (resolved.ids.size() == 1) {
        int steps = 0;
        if (parsePythonInt(resolved.ids.first(), &steps) && steps < 0) {
            // "-N" and "label@-N": walk down from each head.
            RETORT_TRY(QVector<int> heads, revisionsFor(QStringLiteral("heads")));
            QVector<int> result;
            for (int head : std::as_const(heads)) {
                if (!resolved.branchLabel.isNull() && !m_revisions[head].branchLabels.contains(resolved.branchLabel))
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

Result<int> RevisionMap::revisionFor(const QString &identifier) const
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

Result<int> RevisionMap::resolveBranch(const QString &branchLabel) const
{
    int revision = m_labels.value(branchLabel, m_ids.value(branchLabel, None));
    if (revision != None)
        return revision;
    Result<int> byIdentifier = revisionForIdent(branchLabel);
    if (!byIdentifier.ok())
        return resolutionError(QStringLiteral("No such branch: '%1'").arg(branchLabel), branchLabel);
    return byIdentifier;
}

Result<int> RevisionMap::revisionForIdent(const QString &resolvedId, const QString &checkBranch) const
{
    int branchRevision = None;
    if (!checkBranch.isEmpty()) {
        RETORT_TRY(branchRevision, resolveBranch(checkBranch));
    }
    if (resolvedId.isNull())
        return None;
    int revision = m_ids.value(resolvedId, m_labels.value(resolvedId, None));
    if (revision == None) {
        // Prefix match over every key of Alembic's map: ids, then branch labels.
        QStringList candidates;
        for (const Revision &each : m_revisions) {
            if (each.id.size() > 3 && each.id.startsWith(resolvedId))
                candidates << each.id;
        }
        for (auto it = m_labels.constBegin(); it != m_labels.constEnd(); ++it) {
            if (it.key().size() > 3 && it.key().startsWith(resolvedId))
                candidates << it.key();
        }
        if (branchRevision != None && !candidates.isEmpty()) {
            QStringList onBranch;
            for (const QString &candidate : std::as_const(candidates)) {
                const int index = m_ids.value(candidate, m_labels.value(candidate, None));
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
        revision = m_ids.value(candidates.first(), m_labels.value(candidates.first(), None));
    }
    if (!checkBranch.isEmpty() && revision != None) {
        RETORT_TRY(const bool shares, sharesLineage(revision, {m_revisions[branchRevision].id}, false));
        if (!shares) {
            return resolutionError(
                QStringLiteral("Revision %1 is not a member of branch '%2'").arg(m_revisions[revision].id, checkBranch),
                resolvedId);
        }
    }
    return revision;
}

Result<QVector<int>> RevisionMap::filterForLineage(const QVector<int> &targets, const QString &checkAgainst,
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

Result<bool> RevisionMap::sharesLineage(int target, const QStringList &testAgainst, bool includeDependencies) const
{
    if (testAgainst.isEmpty())
        return true;
    QSet<int> against;
    for (const QString &identifier : testAgainst) {
        RETORT_TRY(const int revision, revisionForIdent(identifier));
        against.insert(revision);
    }
    if (target < 0)
        return revisionError(QStringLiteral("cannot compare lineage of base"));
    RETORT_TRY(const QVector<int> down, ancestors({target}, includeDependencies));
    for (int index : down) {
        if (against.contains(index))
            return true;
    }
    RETORT_TRY(const QVector<int> up, descendants({target}, includeDependencies));
    for (int index : up) {
        if (against.contains(index))
            return true;
    }
    return false;
}

Result<int> RevisionMap::walk(int start, int steps, const QString &branchLabel, bool noOverwalk) const
{
    int current = start;
    const qint64 count = std::abs(qint64(steps));
    for (qint64 i = 0; i < count; ++i) {
        QVector<int> children;
        if (steps > 0) {
            if (current == BaseMarker)
                return revisionError(QStringLiteral("Walked too far"));
            children = current == None ? m_bases : m_revisions[current].next;
            if (!branchLabel.isEmpty()) {
                RETORT_TRY(children, filterForLineage(children, branchLabel));
            }
        } else if (current != BaseMarker) {
            children = current == None ? m_heads : m_revisions[current].down;
            if (children.isEmpty())
                children << BaseMarker;
        }
        if (children.isEmpty())
            return noOverwalk ? None : current;
        if (children.size() > 1)
            return revisionError(QStringLiteral("Ambiguous walk"));
        current = children.first();
    }
    return current;
}

// ---------------------------------------------------------------------------
// planning

Result<RevisionMap::DowngradeTarget> RevisionMap::parseDowngradeTarget(const QStringList &currentRevisions,
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
            RETORT_TRY(const int start, revisionFor(relative.symbol));
            RETORT_TRY(result.revision, walk(start, relative.steps, relative.branchLabel, assertRelativeLength));
            if (result.revision == None)
                return revisionError(QStringLiteral("Walked too far"));
            return result;
        }
        const bool fromCurrent = relative.symbol.isNull();
        QString symbol = relative.symbol;
        if (fromCurrent) {
            if (!relative.branchLabel.isNull()) {
                RETORT_TRY(const QVector<int> rows, revisionsFor(currentRevisions));
                RETORT_TRY(QVector<int> onBranch, filterForLineage(rows, relative.branchLabel));
                if (onBranch.isEmpty()) {
                    // Every branch head may hide behind a single row through depends_on.
                    RETORT_TRY(const QVector<int> all, allCurrent(currentRevisions));
                    RETORT_TRY(onBranch, filterForLineage(all, relative.branchLabel));
                }
                if (onBranch.size() != 1) {
                    return revisionError(onBranch.isEmpty()
                                             ? QStringLiteral("No current revision on branch '%1' to walk down from")
                                                   .arg(relative.branchLabel)
                                             : QStringLiteral("Ambiguous walk"));
                }
                symbol = m_revisions[onBranch.first()].id;
            } else {
                if (currentRevisions.isEmpty())
                    return relativeLengthError(relative.relative, relative.steps);
                // Alembic warns and walks down from the first row it reads.
                symbol = currentRevisions.first();
                result.branchLabel = symbol;
            }
        }
        RETORT_TRY(const int start,
                   revisionFor(result.branchLabel.isNull() ? symbol : result.branchLabel + QLatin1Char('@') + symbol));
        RETORT_TRY(result.revision, walk(start, relative.steps, QString(), assertRelativeLength));
        if (result.revision == None) {
            if (fromCurrent)
                return relativeLengthError(relative.relative, relative.steps);
            return revisionError(QStringLiteral("Walked too far"));
        }
        return result;
    }
    const int at = target.lastIndexOf(QLatin1Char('@'));
    if (at > 0)
        result.branchLabel = target.left(at);
    RETORT_TRY(result.revision, revisionFor(target.mid(at + 1)));
    return result;
}

Result<QVector<int>> RevisionMap::parseUpgradeTarget(const QStringList &currentRevisions, const QStringList &target,
                                                     bool assertRelativeLength) const
{
    RelativeDestination relative;
    if (target.size() == 1 && !target.first().isNull())
        relative = matchRelativeDestination(target.first());
    if (!relative.matched) {
        if (target.size() == 1)
            return revisionsFor(target.first());
        return revisionsFor(target);
    }
    if (!relative.inRange)
        return relativeRangeError(relative.relative);
    if (relative.steps > 0) {
        if (relative.symbol.isNull()) {
            QVector<int> startRevisions;
            if (currentRevisions.isEmpty()) {
                startRevisions << None;
            } else {
                for (const QString &row : currentRevisions) {
                    RETORT_TRY(const int index, revisionFor(row));
                    startRevisions << index;
                }
            }
            if (!relative.branchLabel.isNull()) {
                RETORT_TRY(const QVector<int> rows, revisionsFor(currentRevisions));
                RETORT_TRY(startRevisions, filterForLineage(rows, relative.branchLabel));
                if (startRevisions.isEmpty()) {
                    // The branch has no row: start from the tips of its applied part.
                    RETORT_TRY(const QVector<int> applied, ancestors(rows));
                    RETORT_TRY(const QVector<int> active, filterForLineage(applied, relative.branchLabel));
                    QSet<int> below;
                    for (int index : active) {
                        for (int down : m_revisions[index].normalizedDown)
                            below.insert(down);
                    }
                    for (int index : active) {
                        if (!below.contains(index))
                            startRevisions << index;
                    }
                    std::sort(startRevisions.begin(), startRevisions.end());
                    if (startRevisions.isEmpty())
                        startRevisions << None;
                }
            }
            if (startRevisions.size() > 1)
                return revisionError(QStringLiteral("Ambiguous upgrade from multiple current revisions"));
            RETORT_TRY(const int walked,
                       walk(startRevisions.first(), relative.steps, relative.branchLabel, assertRelativeLength));
            if (walked == None)
                return relativeLengthError(relative.relative, relative.steps);
            return QVector<int>{walked};
        }
        RETORT_TRY(const int start, revisionFor(relative.symbol));
        RETORT_TRY(const int walked, walk(start, relative.steps, relative.branchLabel, assertRelativeLength));
        return QVector<int>{walked};
    }
    if (relative.symbol.isNull())
        return relativeLengthError(relative.relative, relative.steps);
    RETORT_TRY(const int start,
               revisionFor(relative.branchLabel.isNull() ? relative.symbol
                                                         : relative.branchLabel + QLatin1Char('@') + relative.symbol));
    RETORT_TRY(const int walked, walk(start, relative.steps, QString(), assertRelativeLength));
    return QVector<int>{walked};
}

Result<RevisionMap::Collected> RevisionMap::collectDowngradeRevisions(const QStringList &upper,
                                                                      const QStringList &lower,
                                                                      const IterateOptions &options) const
{
    const QString target = lower.isEmpty() ? QString() : lower.first();
    RETORT_TRY(const DowngradeTarget parsed, parseDowngradeTarget(upper, target, options.assertRelativeLength));
    const int targetRevision = parsed.revision == BaseMarker ? None : parsed.revision;

    QVector<int> roots;
    if (targetRevision == None) {
        // Alembic scans its map's values, where a labelled base appears once
        // more under its label; the duplicate matters to the label filter below.
        roots = m_bases;
        for (auto it = m_labels.constBegin(); it != m_labels.constEnd(); ++it) {
            if (m_revisions[it.value()].isBase())
                roots << it.value();
        }
    } else if (options.inclusive) {
        roots << targetRevision;
    } else {
        roots = m_revisions[targetRevision].next;
    }
    if (!parsed.branchLabel.isEmpty() && roots.size() > 1) {
        RETORT_TRY(const int branch, resolveBranch(parsed.branchLabel));
        RETORT_TRY(const QVector<int> lineage, ancestors({branch}, false));
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
    RETORT_TRY(const QVector<int> heads, revisionsFor(upper));
    RETORT_TRY(const QVector<int> dropped, descendants(roots, true));
    RETORT_TRY(const QVector<int> active, ancestors(heads, true));
    const QSet<int> activeSet(active.cbegin(), active.cend());
    Collected collected;
    collected.heads = heads;
    for (int index : dropped) {
        if (activeSet.contains(index))
            collected.revisions << index;
    }
    if (options.implicitBase) {
        RETORT_TRY(const QVector<int> kept, ancestors(roots, true));
        const QSet<int> keptSet(kept.cbegin(), kept.cend());
        for (int index : active) {
            if (!keptSet.contains(index))
                appendUnique(collected.revisions, index);
        }
    }
    if (targetRevision != None && collected.revisions.isEmpty() && !heads.contains(targetRevision)) {
        Error error(ErrorCode::RangeNotAncestor,
                    QStringLiteral("Revision Nothing to drop is not an ancestor of revision %1")
                        .arg(upper.join(QStringLiteral(", "))));
        error.details = QStringList{QStringLiteral("Nothing to drop"), upper.join(QStringLiteral(", "))};
        return error;
    }
    return collected;
}

Result<RevisionMap::Collected> RevisionMap::collectUpgradeRevisions(const QStringList &upper, const QStringList &lower,
                                                                    const IterateOptions &options) const
{
    RETORT_TRY(QVector<int> targets, parseUpgradeTarget(lower, upper, options.assertRelativeLength));
    for (int target : std::as_const(targets)) {
        if (target < 0)
            return revisionError(QStringLiteral("Walked too far"));
    }
    if (lower.size() == 1 && lower.first().contains(QLatin1Char('@'))) {
        // A named base (label@base:...) keeps only targets on that branch.
        QString branch = lower.first().section(QLatin1Char('@'), 0, 0);
        RETORT_TRY(const int branchRevision, revisionFor(branch));
        if (branchRevision != None && m_revisions[branchRevision].id == branch) {
            if (m_revisions[branchRevision].branchLabels.size() != 1)
                return revisionError(QStringLiteral("Revision %1 does not carry exactly one branch label").arg(branch));
            branch = m_revisions[branchRevision].branchLabels.first();
        }
        QVector<int> onBranch;
        for (int target : std::as_const(targets)) {
            if (m_revisions[target].branchLabels.contains(branch))
                appendUnique(onBranch, target);
        }
        targets = onBranch;
    }
    RETORT_TRY(QVector<int> required, ancestors(targets, true, true));
    for (int target : std::as_const(targets))
        appendUnique(required, target);
    const QSet<int> requiredSet(required.cbegin(), required.cend());

    RETORT_TRY(QVector<int> current, revisionsFor(lower));
    if (!options.implicitBase) {
        for (int revision : std::as_const(current)) {
            if (revision >= 0 && !requiredSet.contains(revision)) {
                Error error(ErrorCode::RangeNotAncestor,
                            QStringLiteral("Revision %1 is not an ancestor of revision %2")
                                .arg(lower.join(QStringLiteral(", ")), upper.join(QStringLiteral(", "))));
                error.details = QStringList{lower.join(QStringLiteral(", ")), upper.join(QStringLiteral(", "))};
                return error;
            }
        }
    }
    QStringList effectiveLower = lower;
    if (!current.isEmpty() && current.first() == None) {
        RETORT_TRY(const DowngradeTarget parsed,
                   parseDowngradeTarget(upper, lower.value(0), options.assertRelativeLength));
        if (parsed.revision == BaseMarker || parsed.revision == None) {
            current.clear();
            effectiveLower.clear();
        } else {
            current = {parsed.revision};
            effectiveLower = QStringList{m_revisions[parsed.revision].id};
        }
    }
    for (int revision : std::as_const(current)) {
        if (revision < 0)
            return revisionError(QStringLiteral("Walked too far"));
    }
    RETORT_TRY(const QVector<int> currentLineage, ancestors(current, true, true));
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
        RETORT_TRY(const QVector<int> lowerRevisions, revisionsFor(effectiveLower));
        for (int revision : lowerRevisions) {
            if (revision >= 0)
                appendUnique(collected.revisions, revision);
        }
    }
    if (!current.isEmpty() && !options.implicitBase) {
        RETORT_TRY(const QVector<int> above, descendants(current, false, true));
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

QVector<int> RevisionMap::topologicalSort(const QVector<int> &revisions, const QVector<int> &heads) const
{
    const int count = size();
    std::vector<char> todo(count, 0);
    int remaining = 0;
    for (int revision : revisions) {
        if (!todo[revision]) {
            todo[revision] = 1;
            ++remaining;
        }
    }
    auto normalizedDownOf = [this](int revision) -> const QVector<int> & {
        return m_revisions[revision].normalizedDown;
    };

    QVector<int> currentHeads;
    for (int head : heads) {
        if (head >= 0 && todo[head])
            appendUnique(currentHeads, head);
    }
    std::sort(currentHeads.begin(), currentHeads.end());
    // Alembic keeps each pending head's ancestor set and drops the head itself from it when it
    // steps down a plain chain; a revision left behind is output and never a candidate again,
    // so that drop cannot change an answer and the lineage can stay rooted where it started.
    std::vector<LazyLineage> ancestorsByHead;
    for (int head : std::as_const(currentHeads))
        ancestorsByHead.emplace_back(head, m_rank, count);

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
        const Revision &revision = m_revisions[candidate];
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
            ancestorsByHead[size_t(candidateIndex)] = LazyLineage(headsToAdd.first(), m_rank, count);
            for (int i = 1; i < headsToAdd.size(); ++i) {
                currentHeads << headsToAdd[i];
                ancestorsByHead.emplace_back(headsToAdd[i], m_rank, count);
            }
        }
    }
    return output;
}

Result<QVector<int>> RevisionMap::iterateRevisions(const QStringList &upper, const QStringList &lower,
                                                   const IterateOptions &options) const
{
    RETORT_TRY(const Collected collected, options.selectForDowngrade ? collectDowngradeRevisions(upper, lower, options)
                                                                     : collectUpgradeRevisions(upper, lower, options));
    return topologicalSort(collected.revisions, collected.heads);
}

Result<QVector<int>> RevisionMap::allCurrent(const QStringList &rows) const
{
    RETORT_TRY(const QVector<int> top, revisionsFor(rows));
    RETORT_TRY(const QVector<int> closure, ancestors(top, true));
    std::vector<char> inClosure(size(), 0);
    for (int index : top)
        inClosure[index] = 1;
    for (int index : closure)
        inClosure[index] = 1;
    // The closure is closed under ancestors, so a member has a descendant in it
    // exactly when one of its direct (versioned) children is in it.
    QVector<int> branchHeads;
    for (int index = 0; index < size(); ++index) {
        if (!inClosure[index])
            continue;
        const auto &children = m_revisions[index].next;
        if (std::none_of(children.cbegin(), children.cend(), [&inClosure](int child) { return inClosure[child]; }))
            branchHeads << index;
    }
    return branchHeads;
}

} // namespace retort
