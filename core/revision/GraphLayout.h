// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/RevisionMap.h"

#include <QVector>

namespace retort {

// A line drawn inside one row of the graph view, in lane coordinates. A row is
// split at its middle, where the node sits:
//  - Through: a vertical line from the top to the bottom of the row at `fromLane`
//    (an edge passing this row on its way down); toLane == fromLane.
//  - Upper:   from (fromLane, top) to (toLane, middle): an edge from a child in an
//    earlier row arriving at this row's node (toLane is the node's lane).
//  - Lower:   from (fromLane, middle) to (toLane, bottom): an edge leaving this
//    row's node (fromLane) towards a parent in a later row.
// Palette entries are indices, not colours: the view picks the colours.
struct LaneLine
{
    enum class Part
    {
        Through,
        Upper,
        Lower
    };

    Part part = Part::Through;
    int fromLane = 0;
    int toLane = 0;
    int palette = 0;

    bool operator==(const LaneLine &other) const
    {
        return part == other.part && fromLane == other.fromLane && toLane == other.toLane && palette == other.palette;
    }
};

struct GraphRow
{
    int revision = -1; // index in the RevisionMap
    int lane = 0;      // the node's lane
    int palette = 0;   // the node's colour index
    QVector<LaneLine> lines;
};

struct GraphLayout
{
    QVector<GraphRow> rows;
    int laneCount = 0;
    int paletteSize = 8; // palette indices are 0 .. paletteSize-1
};

// Lays the graph out like a git history graph: one row per revision in the
// given order (newest first, as `history` lists them; every revision must come
// before its down revisions), a lane per line of descent, a free lane reused
// before a new one is opened, a branch keeping its lane (and colour) from its
// head down to where it forks. Edges follow down revisions only; depends_on is
// not drawn. Pure: the same map and order always give the same layout.
GraphLayout layoutGraph(const RevisionMap &map, const QVector<int> &order);

} // namespace retort
