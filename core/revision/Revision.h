// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

// One node of the revision graph, in Alembic's terms. The fields up to `path`
// come from the migration file; the rest is filled in by RevisionMap::build()
// and refers to other revisions by their index in the map.
struct Revision
{
    QString id;
    QStringList downRevisions;   // "Revises:" as written, order kept
    QStringList dependencies;    // "Depends On:" as written (ids, prefixes or labels)
    QStringList ownBranchLabels; // "Branch Labels:" as written
    QString path;                // file the revision came from
    QString doc;                 // first paragraph of the header (Alembic's doc)
    QString longDoc;             // the whole header comment (Alembic's docstring)

    int index = -1;    // its place in the map (RevisionMap::None until built)
    QVector<int> down; // versioned down revisions
    QVector<int> resolvedDependencies;
    QVector<int> normalizedDependencies; // dependencies that no ancestor already depends on
    QVector<int> normalizedDown;         // down + normalizedDependencies, deduplicated
    QVector<int> allDown;                // down + resolvedDependencies, deduplicated
    QVector<int> next;                   // revisions whose Revises: names this one (map order)
    QVector<int> allNext;                // revisions that revise or depend on this one (map order)
    QStringList branchLabels;            // own labels plus the ones spread from relatives

    // Forgets what build() derived, so the revision can go into a new map.
    void resetGraphFields()
    {
        index = -1;
        down.clear();
        resolvedDependencies.clear();
        normalizedDependencies.clear();
        normalizedDown.clear();
        allDown.clear();
        next.clear();
        allNext.clear();
        branchLabels.clear();
    }

    bool isBase() const { return down.isEmpty(); }
    bool isRealBase() const { return down.isEmpty() && dependencies.isEmpty(); }
    bool isHead() const { return next.isEmpty(); }
    bool isRealHead() const { return allNext.isEmpty(); }
    bool isBranchPoint() const { return next.size() > 1; }
    bool isRealBranchPoint() const { return allNext.size() > 1; }
    bool isMergePoint() const { return down.size() > 1; }
};

} // namespace retort
