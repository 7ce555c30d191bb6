// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/RevisionMap.h"
#include "core/revision/RevisionResolver.h"

#include <QStringList>
#include <QVector>

namespace retort {

// The revisions an upgrade or a downgrade passes through, in the order they run (Alembic's
// iterate_revisions and the collection behind it).
class RevisionOrder
{
public:
    explicit RevisionOrder(const RevisionMap &map) : m_map(map), m_resolver(map) {}

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

private:
    struct DowngradeTarget
    {
        QString branchLabel;
        int revision = RevisionMap::None;
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

    const RevisionMap &m_map;
    RevisionResolver m_resolver;
};

} // namespace retort
