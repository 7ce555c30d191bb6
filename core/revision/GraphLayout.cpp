// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/revision/GraphLayout.h"

namespace retort {

namespace {

constexpr int FreeLane = -1;

// One column of the graph while the rows are walked: the revision its line
// leads to (FreeLane when nothing is drawn in it) and the line's colour.
struct Lane
{
    int waitingFor = FreeLane;
    int palette = 0;
};

// The lanes of one walk. Only grows: a freed lane is reused, never removed, so
// every lane keeps its column for the whole graph.
class Lanes
{
public:
    explicit Lanes(int paletteSize) : m_paletteSize(paletteSize) {}

    int size() const { return int(m_lanes.size()); }
    Lane &operator[](int lane) { return m_lanes[lane]; }

    // The leftmost lane waiting for `revision` among lanes [0, end); -1 if none.
    int waitingFor(int revision, int end) const
    {
        for (int lane = 0; lane < end; ++lane) {
            if (m_lanes[lane].waitingFor == revision)
                return lane;
        }
        return -1;
    }
    int waitingFor(int revision) const { return waitingFor(revision, size()); }

    // The leftmost free lane, opening a new one only when none is free; it gets
    // the next palette index and waits for `revision`.
    int open(int revision)
    {
        int lane = waitingFor(FreeLane);
        if (lane < 0) {
            lane = size();
            m_lanes.append(Lane());
        }
        m_lanes[lane] = {revision, m_nextPalette};
        m_nextPalette = (m_nextPalette + 1) % m_paletteSize;
        return lane;
    }

private:
    QVector<Lane> m_lanes;
    int m_paletteSize;
    int m_nextPalette = 0;
};

} // namespace

// One pass over the rows, O(rows x lanes). Lines of a row come in lane order
// for Through and Upper, then the Lower lines in down-revision order.
//
// Colours: Through and Upper lines take their lane's colour, the node its lane's
// colour; the Lower line to the first down revision takes the node's colour (a
// branch keeps its colour down to where it joins), a Lower line to another down
// revision of a merge the colour of the lane it enters (the merged branch's).
//
// Where an edge ends: a node continues into its first down revision in its own
// lane. When a lane to its left already leads to that revision, the edge joins
// it instead and the node's lane is freed: the lanes stay few, and the left one
// (the main line, listed first) never moves right. A lane to its right that
// leads there is left alone; both converge on the revision's row (Upper lines),
// so the branch keeps its lane down to where it forks. Down revisions of a merge
// join any lane already leading to them or open a lane.
GraphLayout layoutGraph(const RevisionMap &map, const QVector<int> &order)
{
    GraphLayout layout;
    const int rowCount = int(order.size());
    QVector<int> rowOf(map.size(), -1);
    for (int row = 0; row < rowCount; ++row) {
        Q_ASSERT(order[row] >= 0 && order[row] < map.size());
        rowOf[order[row]] = row;
    }

    Lanes lanes(layout.paletteSize);
    layout.rows.reserve(rowCount);
    QVector<int> parents;
    for (int row = 0; row < rowCount; ++row) {
        GraphRow current;
        current.revision = order[row];

        // The node: where the lanes leading to it converge, or a new lane for a head.
        int nodeLane = lanes.waitingFor(current.revision);
        if (nodeLane < 0) {
            nodeLane = lanes.open(current.revision);
            lanes[nodeLane].waitingFor = FreeLane; // nothing arrives from above: no Upper line
        }
        current.lane = nodeLane;
        current.palette = lanes[nodeLane].palette;
        for (int lane = 0; lane < lanes.size(); ++lane) {
            Lane &state = lanes[lane];
            if (state.waitingFor == current.revision) {
                current.lines.append({LaneLine::Part::Upper, lane, nodeLane, state.palette});
                state.waitingFor = FreeLane;
            } else if (state.waitingFor != FreeLane) {
                current.lines.append({LaneLine::Part::Through, lane, lane, state.palette});
            }
        }

        // The edges to the down revisions; the node's lane is free here, as are the
        // lanes that converged into it. Down revisions that are not in the order (or not below this row) are not drawn.
        parents.clear();
        for (int parent : map.at(current.revision).down) {
            if (rowOf.value(parent, -1) > row && !parents.contains(parent))
                parents.append(parent);
        }
        for (int i = 0; i < parents.size(); ++i) {
            const int parent = parents[i];
            if (i == 0) {
                int target = lanes.waitingFor(parent, nodeLane);
                if (target < 0) {
                    target = nodeLane;
                    lanes[nodeLane] = {parent, current.palette};
                }
                current.lines.append({LaneLine::Part::Lower, nodeLane, target, current.palette});
                continue;
            }
            int target = lanes.waitingFor(parent);
            if (target < 0)
                target = lanes.open(parent);
            current.lines.append({LaneLine::Part::Lower, nodeLane, target, lanes[target].palette});
        }
        layout.rows.append(current);
    }
    layout.laneCount = lanes.size();
    return layout;
}

} // namespace retort
