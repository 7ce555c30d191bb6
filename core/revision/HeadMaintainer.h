// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/MigrationStep.h"
#include "core/revision/RevisionMap.h"

#include <vector>

namespace retort {

// Tracks the rows of the version table through a run and says which INSERT,
// UPDATE and DELETE each step needs, with Alembic's rules for new branches,
// merges, unmerges and deleted branches. Rows keep their physical order: an
// INSERT appends, an UPDATE keeps the row's place (Alembic's `downgrade -1`
// with several rows depends on that order).
class HeadMaintainer
{
public:
    HeadMaintainer(const RevisionMap &map, QStringList rows, QString versionTable = QStringLiteral("alembic_version"));

    // Applies the step to the tracked rows and returns the changes. A step that
    // does not fit the rows (Alembic would crash or find no row) is an error and
    // leaves the rows as they were.
    [[nodiscard]] Result<QVector<VersionChange>> apply(const MigrationStep &step);

    const QStringList &rows() const { return m_rows; }

private:
    [[nodiscard]] Result<QVector<VersionChange>> planRevisionStep(const MigrationStep &step) const;
    [[nodiscard]] Result<QVector<VersionChange>> planStampStep(const MigrationStep &step) const;
    QStringList unmergeTargets(const Revision &revision) const;
    // The ids of `revisions` that are not ancestors of the `rows` (a row counts as its own
    // ancestor), order kept. Unknown rows imply nothing.
    QStringList notImpliedBy(const QVector<int> &rows, const QVector<int> &revisions) const;
    [[nodiscard]] Status applyChange(QStringList &rows, const VersionChange &change) const;

    const RevisionMap &m_map;
    QStringList m_rows;
    QString m_versionTable;
    // Per revision, the longest path down to a base (normalized down revisions): an ancestor is
    // always shallower, which bounds the ancestor walks to the part of the graph that matters.
    std::vector<int> m_depth;
};

} // namespace retort
