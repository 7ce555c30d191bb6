// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QStyledItemDelegate>

namespace retort::ui {

// Paints the revision graph in column 0 of a RevisionGraphModel view, from the
// row's GraphRowRole (lanes, lines, palette indices), StatusRole and
// NodeFlagsRole, like GitAhead's CommitList. Everything it draws comes from the
// index and the style option: paint() keeps no cache and reads no settings, so
// only the rows the view shows cost anything.
//
// Nodes: filled for applied and current revisions, a ring around current ones,
// hollow for pending ones, faded for revisions off the path to the target; a
// diamond marks a merge point. Other columns are painted as usual.
class GraphDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit GraphDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The fixed lane palette: mid-tone colours that read on light and dark bases.
    static QColor laneColor(int palette);
    static int paletteSize();
    // Width of one lane and height of a row for a font.
    static int laneWidth(const QFontMetrics &metrics);
    static int rowHeight(const QFontMetrics &metrics);
    // Where the node of `lane` sits in a cell.
    static QPointF nodeCenter(const QRect &cell, int lane, const QFontMetrics &metrics);
    // The drift badge's colour (a node whose DriftRole is not empty).
    static inline const QColor DriftColor = QColor(0xd3, 0x2f, 0x2f);
};

} // namespace retort::ui
