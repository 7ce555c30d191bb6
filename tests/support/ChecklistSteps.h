// SPDX-License-Identifier: GPL-3.0-or-later
// The rows of a checklist walk's step list (ChecklistStepModel), read and ticked as the view does.
#pragma once

#include "ui/checklist/ChecklistStepModel.h"

#include <QAbstractItemModel>
#include <QModelIndex>
#include <QString>

namespace retort::testing {

// The row of step `key` in `column`; invalid when the list does not show it.
inline QModelIndex stepIndex(const ui::ChecklistStepModel &model, const QString &key,
                             int column = ui::ChecklistStepModel::StepColumn)
{
    return model.indexForKey(key).siblingAtColumn(column);
}

// What a cell says.
inline QString cellText(const QModelIndex &index)
{
    return index.data(Qt::DisplayRole).toString();
}

// Whether a row has a check box (step rows have, section rows not).
inline bool hasCheckBox(const QModelIndex &index)
{
    return index.siblingAtColumn(ui::ChecklistStepModel::StepColumn).data(Qt::CheckStateRole).isValid();
}

// Its check box; Unchecked for a row without one.
inline Qt::CheckState checkState(const QModelIndex &index)
{
    return Qt::CheckState(index.siblingAtColumn(ui::ChecklistStepModel::StepColumn).data(Qt::CheckStateRole).toInt());
}

inline bool isUserCheckable(const QModelIndex &index)
{
    return index.siblingAtColumn(ui::ChecklistStepModel::StepColumn).flags().testFlag(Qt::ItemIsUserCheckable);
}

// Flips a step's check box as the view's delegate does on a click or the space bar: through setData().
// False when the row cannot be ticked.
inline bool setChecked(ui::ChecklistStepModel &model, const QString &key, bool checked)
{
    const QModelIndex index = model.indexForKey(key);
    return isUserCheckable(index) && model.setData(index, checked ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
}

// The top-level row whose step-column text starts with `heading` (a section: "Deploy — 2 of 5 done").
inline QModelIndex sectionIndex(const QAbstractItemModel &model, const QString &heading)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (model.hasChildren(index) && cellText(index).startsWith(heading))
            return index;
    }
    return {};
}

} // namespace retort::testing
