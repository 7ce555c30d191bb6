// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/GraphDelegate.h"

#include "ui/graph/RevisionGraphModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>

namespace retort::ui {

namespace {

// Tableau 10: saturated enough for white, light enough for dark bases.
constexpr std::array<QRgb, 10> LanePalette = {
    0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0x17becf,
};

constexpr int FadedAlpha = 90;

double laneX(const QRect &cell, int lane, int width)
{
    return cell.left() + lane * width + width / 2.0;
}

} // namespace

GraphDelegate::GraphDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QColor GraphDelegate::laneColor(int palette)
{
    const int size = int(LanePalette.size());
    return QColor(LanePalette[((palette % size) + size) % size]);
}

int GraphDelegate::paletteSize()
{
    return int(LanePalette.size());
}

int GraphDelegate::laneWidth(const QFontMetrics &metrics)
{
    return std::max(10, metrics.height());
}

int GraphDelegate::rowHeight(const QFontMetrics &metrics)
{
    return std::max(12, metrics.height() * 3 / 2);
}

QPointF GraphDelegate::nodeCenter(const QRect &cell, int lane, const QFontMetrics &metrics)
{
    return QPointF(laneX(cell, lane, laneWidth(metrics)), cell.top() + cell.height() / 2.0);
}

void GraphDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant rowData = index.data(RevisionGraphModel::GraphRowRole);
    if (index.column() != RevisionGraphModel::GraphColumn || !rowData.canConvert<GraphRow>()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const GraphRow row = rowData.value<GraphRow>();
    const auto status = index.data(RevisionGraphModel::StatusRole).value<RevisionGraphModel::RevisionStatus>();
    const int flags = index.data(RevisionGraphModel::NodeFlagsRole).toInt();

    // Selection and hover background as the style draws it, without text.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &background, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setClipRect(option.rect);

    const QRect &cell = option.rect;
    const int width = laneWidth(option.fontMetrics);
    const double top = cell.top();
    const double bottom = cell.top() + cell.height();
    const double middle = top + cell.height() / 2.0;
    const double quarter = cell.height() / 4.0;
    const double lineWidth = std::max(1.5, width / 7.0);

    for (const LaneLine &line : row.lines) {
        QPen pen(laneColor(line.palette), lineWidth);
        pen.setCapStyle(Qt::FlatCap);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        const double from = laneX(cell, line.fromLane, width);
        const double to = laneX(cell, line.toLane, width);
        switch (line.part) {
        case LaneLine::Part::Through:
            painter->drawLine(QPointF(from, top), QPointF(from, bottom));
            break;
        case LaneLine::Part::Upper: {
            QPainterPath path(QPointF(from, top));
            if (from == to)
                path.lineTo(to, middle);
            else
                path.cubicTo(QPointF(from, top + quarter), QPointF(to, middle - quarter), QPointF(to, middle));
            painter->drawPath(path);
            break;
        }
        case LaneLine::Part::Lower: {
            QPainterPath path(QPointF(from, middle));
            if (from == to)
                path.lineTo(to, bottom);
            else
                path.cubicTo(QPointF(from, middle + quarter), QPointF(to, bottom - quarter), QPointF(to, bottom));
            painter->drawPath(path);
            break;
        }
        }
    }

    const QPointF center(laneX(cell, row.lane, width), middle);
    const double radius = std::max(3.0, std::min(width, cell.height()) * 0.3);
    QColor color = laneColor(row.palette);
    QBrush fill(color);
    QPen outline(color, lineWidth);
    switch (status) {
    case RevisionGraphModel::RevisionStatus::Applied:
    case RevisionGraphModel::RevisionStatus::Current:
        break;
    case RevisionGraphModel::RevisionStatus::Pending:
        fill = option.palette.base();
        break;
    case RevisionGraphModel::RevisionStatus::Other:
        color.setAlpha(FadedAlpha);
        fill = QBrush(color);
        outline.setColor(color);
        break;
    }
    const auto drawNode = [&] {
        if (flags & RevisionGraphModel::MergePointNode) {
            const double r = radius * 1.3;
            const QPointF diamond[] = {center + QPointF(0, -r), center + QPointF(r, 0), center + QPointF(0, r),
                                       center + QPointF(-r, 0)};
            painter->drawPolygon(diamond, 4);
        } else {
            painter->drawEllipse(center, radius, radius);
        }
    };
    painter->setPen(outline);
    painter->setBrush(fill);
    drawNode();
    // On the selection's colour a node of a similar colour would vanish: outline it in the selection's text colour.
    const bool selected = option.state & QStyle::State_Selected;
    const QColor contrast = selected ? option.palette.highlightedText().color() : option.palette.text().color();
    if (selected) {
        painter->setPen(QPen(contrast, std::max(1.0, lineWidth * 0.6)));
        painter->setBrush(Qt::NoBrush);
        drawNode();
    }
    if (status == RevisionGraphModel::RevisionStatus::Current) {
        painter->setPen(QPen(contrast, std::max(1.0, lineWidth * 0.7)));
        painter->setBrush(Qt::NoBrush);
        const double ring = radius + lineWidth + 1.5;
        painter->drawEllipse(center, ring, ring);
    }
    // Drifted (applied, and its file no longer what ran): a red badge at the node's upper right, visible on any
    // lane colour and whatever the status.
    if (!index.data(RevisionGraphModel::DriftRole).toString().isEmpty()) {
        const double badge = std::max(2.5, radius * 0.7);
        const QPointF at = center + QPointF(radius * 0.8, -radius * 0.8);
        painter->setPen(QPen(option.palette.base().color(), 1.0));
        painter->setBrush(DriftColor);
        painter->drawEllipse(at, badge, badge);
    }
    painter->restore();
}

QSize GraphDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (index.column() != RevisionGraphModel::GraphColumn)
        return QStyledItemDelegate::sizeHint(option, index);
    const int lanes = std::max(1, index.data(RevisionGraphModel::LaneCountRole).toInt());
    return QSize(lanes * laneWidth(option.fontMetrics), rowHeight(option.fontMetrics));
}

} // namespace retort::ui
