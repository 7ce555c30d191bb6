// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistStepDelegate.h"

#include "ui/checklist/StateColours.h"

#include <QTreeView>

namespace retort::ui {

ChecklistStepDelegate::ChecklistStepDelegate(QTreeView *view) : QStyledItemDelegate(view), m_view(view) {}

QColor ChecklistStepDelegate::toneColour(ChecklistStepModel::Tone tone, const QColor &base)
{
    switch (tone) {
    case ChecklistStepModel::Tone::Succeeded:
        return greenOn(base);
    case ChecklistStepModel::Tone::Failed:
        return redOn(base);
    case ChecklistStepModel::Tone::Attention:
        return amberOn(base);
    case ChecklistStepModel::Tone::Normal:
        break;
    }
    return QColor();
}

void ChecklistStepDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto tone = ChecklistStepModel::Tone(index.data(ChecklistStepModel::ToneRole).toInt());
    const QColor colour = toneColour(tone, option->palette.color(QPalette::Base));
    if (colour.isValid())
        option->palette.setColor(QPalette::Text, colour);
}

QSize ChecklistStepDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem wrapped(option);
    const int column = index.column();
    if (column != ChecklistStepModel::StepColumn && column != ChecklistStepModel::ResultColumn) {
        wrapped.features &= ~QStyleOptionViewItem::WrapText;
        wrapped.rect = QRect();
        return QStyledItemDelegate::sizeHint(wrapped, index);
    }
    int width = m_view->columnWidth(column);
    if (column == 0) {
        int depth = m_view->rootIsDecorated() ? 1 : 0;
        for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
            ++depth;
        width -= depth * m_view->indentation();
    }
    // The style subtracts a decoration from the text's width, not the check box: do it here.
    if (index.data(Qt::CheckStateRole).isValid()) {
        const QStyle *style = m_view->style();
        width -= style->pixelMetric(QStyle::PM_IndicatorWidth, &option, m_view) +
                 2 * (style->pixelMetric(QStyle::PM_FocusFrameHMargin, &option, m_view) + 1);
    }
    wrapped.features |= QStyleOptionViewItem::WrapText;
    wrapped.rect = QRect(0, 0, qMax(width, 40), 1); // the style wraps only within a valid rect
    return QStyledItemDelegate::sizeHint(wrapped, index);
}

void ChecklistStepDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // Fusion outlines check boxes in a darker shade of Window, which vanishes on a dark Base; give it a Window that
    // outlines the box visibly. Nothing else in an item's painting reads Window.
    const QColor base = option.palette.color(QPalette::Base);
    if (isDark(base) && index.data(Qt::CheckStateRole).isValid()) {
        QStyleOptionViewItem visible(option);
        visible.palette.setColor(QPalette::Window, QColor::fromHsl(0, 0, qMin(255, base.lightness() + 130)));
        QStyledItemDelegate::paint(painter, visible, index);
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
}

} // namespace retort::ui
