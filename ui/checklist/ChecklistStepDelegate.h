// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/checklist/ChecklistStepModel.h"

#include <QStyledItemDelegate>

class QTreeView;

namespace retort::ui {

// Paints ChecklistStepModel's rows in a tree view. The step and result columns wrap to their width, so a long
// step reads in full in a narrow dock (the other columns size to their contents; the view lays the rows out
// again when a column's width changes). A cell's ToneRole becomes its text colour, picked for the Base it is
// painted on, so the states read on light and dark palettes alike; check boxes stay outlined on a dark Base.
class ChecklistStepDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    // `view` (not owned) gives the column widths that rows wrap to; the delegate is its child.
    explicit ChecklistStepDelegate(QTreeView *view);

    // The text colour of `tone` on `base`; invalid for Tone::Normal (the palette's Text).
    static QColor toneColour(ChecklistStepModel::Tone tone, const QColor &base);

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    QTreeView *m_view;
};

} // namespace retort::ui
