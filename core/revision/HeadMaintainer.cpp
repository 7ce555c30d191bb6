// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/revision/HeadMaintainer.h"

#include <QSet>

#include <algorithm>
#include <limits>

namespace retort {

namespace {

VersionChange insertRow(const QString &to)
{
    return {VersionChange::Kind::Insert, QString(), to};
}

VersionChange updateRow(const QString &from, const QString &to)
{
    return {VersionChange::Kind::Update, from, to};
}

VersionChange deleteRow(const QString &from)
{
    return {VersionChange::Kind::Delete, from, QString()};
}

} // namespace

HeadMaintainer::HeadMaintainer(const RevisionMap &map, QStringList rows, QString versionTable)
    : m_map(map), m_rows(std::move(rows)), m_versionTable(std::move(versionTable)), m_depth(map.size(), -1)
{
    // Post-order over the normalized down revisions; build() has ruled out cycles.
    std::vector<int> stack;
    for (int start = 0; start < map.size(); ++start) {
        stack.push_back(start);
        while (!stack.empty()) {
            const int index = stack.back();
            if (m_depth[index] >= 0) {
                stack.pop_back();
                continue;
            }
            int depth = 0;
            bool ready = true;
            for (int down : map.at(index).normalizedDown) {
                if (m_depth[down] < 0) {
                    stack.push_back(down);
                    ready = false;
                } else {
                    depth = std::max(depth, m_depth[down] + 1);
                }
            }
            if (ready) {
                m_depth[index] = depth;
                stack.pop_back();
            }
        }
    }
}

Result<QVector<VersionChange>> HeadMaintainer::apply(const MigrationStep &step)
{
    RETORT_TRY(const QVector<VersionChange> changes,
               step.kind == MigrationStep::Kind::Stamp ? planStampStep(step) : planRevisionStep(step));
    QStringList rows = m_rows;
    for (const VersionChange &change : changes)
        RETORT_CHECK(applyChange(rows, change));
    m_rows = rows;
    return changes;
}

Status HeadMaintainer::applyChange(QStringList &rows, const VersionChange &change) const
{
    switch (change.kind) {
    case VersionChange::Kind::Insert:
        if (rows.contains(change.to)) {
            return Error(ErrorCode::RevisionError,
                         QStringLiteral("Version %1 is already present in '%2'").arg(change.to, m_versionTable));
        }
        rows << change.to;
        break;
    case VersionChange::Kind::Update: {
        const int at = rows.indexOf(change.from);
        if (at < 0 || (change.to != change.from && rows.contains(change.to))) {
            return Error(ErrorCode::RevisionError,
                         QStringLiteral("Online migration expected to match one row when updating '%1' to '%2' in "
                                        "'%3'; %4 found")
                             .arg(change.from, change.to, m_versionTable)
                             .arg(at < 0 ? 0 : 1));
        }
        rows[at] = change.to;
        break;
    }
    case VersionChange::Kind::Delete:
        if (!rows.removeOne(change.from)) {
            return Error(
                ErrorCode::RevisionError,
                QStringLiteral("Online migration expected to match one row when deleting '%1' in '%2'; 0 found")
                    .arg(change.from, m_versionTable));
        }
        break;
    }
    return Status::success();
}

// The down revisions a downgrade of `revision` must leave as rows: those no
// other remaining row already implies. As in Alembic 1.8 (which the recorded
// corpus follows), with no other row every down revision gets its row back,
// even one that another of them implies through depends_on.
QStringList HeadMaintainer::unmergeTargets(const Revision &revision) const
{
    QVector<int> others;
    for (const QString &row : m_rows) {
        if (row != revision.id)
            others << m_map.indexOf(row);
    }
    if (others.isEmpty())
        return m_map.ids(revision.normalizedDown);
    return notImpliedBy(others, revision.normalizedDown);
}

QStringList HeadMaintainer::notImpliedBy(const QVector<int> &rows, const QVector<int> &revisions) const
{
    // Walk down from the rows, but never below the shallowest of `revisions`: nothing there can
    // lead to one of them. A run of N steps would otherwise walk the whole graph N times.
    int floor = std::numeric_limits<int>::max();
    for (int revision : revisions)
        floor = std::min(floor, m_depth[revision]);
    QSet<int> wanted(revisions.cbegin(), revisions.cend());
    QSet<int> implied;
    QSet<int> seen;
    std::vector<int> stack;
    for (int row : rows) {
        if (RevisionMap::isRevision(row)) // a row naming no file
            stack.push_back(row);
    }
    while (!stack.empty() && implied.size() < wanted.size()) {
        const int index = stack.back();
        stack.pop_back();
        if (m_depth[index] < floor || seen.contains(index))
            continue;
        seen.insert(index);
        if (wanted.contains(index))
            implied.insert(index);
        for (int down : m_map.at(index).normalizedDown)
            stack.push_back(down);
    }
    QStringList kept;
    for (int revision : revisions) {
        if (!implied.contains(revision))
            kept << m_map.at(revision).id;
    }
    return kept;
}

Result<QVector<VersionChange>> HeadMaintainer::planRevisionStep(const MigrationStep &step) const
{
    const Revision &revision = m_map.at(step.revision);
    const QStringList downIds = m_map.ids(revision.normalizedDown);
    const QSet<QString> heads(m_rows.cbegin(), m_rows.cend());
    QVector<VersionChange> changes;

    if (!step.isUpgrade) {
        if (heads.contains(revision.id)) {
            const QStringList targets = unmergeTargets(revision);
            if (downIds.isEmpty() || targets.isEmpty()) {
                changes << deleteRow(revision.id); // the branch ends here
                return changes;
            }
            if (downIds.size() > 1) {
                // Unmerge: the row moves to one parent, the others get rows of their own.
                for (int i = 0; i + 1 < targets.size(); ++i)
                    changes << insertRow(targets[i]);
                changes << updateRow(revision.id, targets.last());
                return changes;
            }
        }
    } else {
        QStringList presentParents;
        for (const QString &down : downIds) {
            if (heads.contains(down))
                presentParents << down;
        }
        if (downIds.isEmpty() || presentParents.isEmpty()) {
            changes << insertRow(revision.id); // a new branch
            return changes;
        }
        if (downIds.size() > 1 && presentParents.size() > 1) {
            // Merge: one parent row becomes this revision, the other parent rows go,
            // except parents that another remaining row still implies.
            QStringList merged = downIds;
            QVector<int> others;
            for (const QString &row : m_rows) {
                if (!downIds.contains(row))
                    others << m_map.indexOf(row);
            }
            if (!others.isEmpty())
                merged = notImpliedBy(others, revision.normalizedDown);
            if (merged.isEmpty()) {
                return Error(ErrorCode::RevisionError,
                             QStringLiteral("Cannot merge into %1: none of its parents is a row of '%2'")
                                 .arg(revision.id, m_versionTable));
            }
            for (int i = 0; i + 1 < merged.size(); ++i)
                changes << deleteRow(merged[i]);
            changes << updateRow(merged.last(), revision.id);
            return changes;
        }
    }
    // A plain move along one line.
    QString down;
    if (downIds.size() == 1) {
        down = downIds.first();
    } else {
        QStringList present;
        for (const QString &candidate : downIds) {
            if (heads.contains(candidate))
                present << candidate;
        }
        if (present.size() != 1) {
            return Error(ErrorCode::RevisionError,
                         QStringLiteral("Can't do an UPDATE of '%1' for revision %2 because its down revision is "
                                        "ambiguous (%3)")
                             .arg(m_versionTable, revision.id, downIds.join(QStringLiteral(", "))));
        }
        down = present.first();
    }
    changes << (step.isUpgrade ? updateRow(down, revision.id) : updateRow(revision.id, down));
    return changes;
}

Result<QVector<VersionChange>> HeadMaintainer::planStampStep(const MigrationStep &step) const
{
    const QSet<QString> heads(m_rows.cbegin(), m_rows.cend());
    auto anyMissing = [&heads](const QStringList &list) {
        for (const QString &item : list) {
            if (!heads.contains(item))
                return true;
        }
        return false;
    };
    QVector<VersionChange> changes;
    if (!step.isUpgrade && step.branchMove) {
        if (step.stampFrom.size() != 1)
            return Error(ErrorCode::RevisionError, QStringLiteral("A branch delete needs exactly one row to delete"));
        changes << deleteRow(step.stampFrom.first());
    } else if (step.isUpgrade && (step.branchMove || anyMissing(step.stampFrom)) && anyMissing(step.stampTo)) {
        if (step.stampTo.size() != 1)
            return Error(ErrorCode::RevisionError, QStringLiteral("A new branch needs exactly one row to insert"));
        changes << insertRow(step.stampTo.first());
    } else if (step.stampFrom.size() > 1) {
        for (int i = 0; i + 1 < step.stampFrom.size(); ++i)
            changes << deleteRow(step.stampFrom[i]);
        changes << updateRow(step.stampFrom.last(), step.stampTo.value(0));
    } else if (step.stampTo.size() > 1) {
        for (int i = 0; i + 1 < step.stampTo.size(); ++i)
            changes << insertRow(step.stampTo[i]);
        changes << updateRow(step.stampFrom.value(0), step.stampTo.last());
    } else {
        if (step.stampFrom.size() != 1 || step.stampTo.size() != 1) {
            return Error(ErrorCode::RevisionError,
                         QStringLiteral("Cannot stamp from %1 to %2: the move is ambiguous")
                             .arg(step.stampFrom.join(QStringLiteral(", ")), step.stampTo.join(QStringLiteral(", "))));
        }
        changes << updateRow(step.stampFrom.first(), step.stampTo.first());
    }
    return changes;
}

} // namespace retort
