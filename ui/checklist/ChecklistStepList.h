// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"

#include <QDateTime>
#include <QTreeView>

#include <functional>

namespace retort::ui {

class ChecklistStepModel;

// The steps of a checklist walk (ChecklistStepModel, painted by ChecklistStepDelegate): sections expanded, their
// heading across the row; the result column takes about a third of the width and hides in a narrow dock; rows
// wrap and are laid out again when their columns change width. The selected step stays selected across fill().
//
// The list shows; it changes nothing in the walk: a check box the user flips is told by checkToggled() and the
// owner, having decided, shows the walk again (showSteps()). GUI thread only.
class ChecklistStepList : public QTreeView
{
    Q_OBJECT

public:
    // `now` dates the Done column (a time for today, a date before); `runningKey` names the step whose action is
    // running (empty: none), which cannot be ticked meanwhile.
    ChecklistStepList(std::function<QDateTime()> now, std::function<QString()> runningKey, QWidget *parent = nullptr);

    // Builds the rows for `checklist` and its `walk` (not owned; both read until the next fill()), keeping the
    // selected step. Nothing shown when either is null.
    void fill(const Checklist *checklist, const ChecklistWalk *walk);
    // Every row again from the walk (after it changed).
    void showSteps();

    ChecklistStepModel *stepModel() const { return m_model; }
    QString currentKey() const;                        // the selected step's key; empty for none or a section row
    QModelIndex indexForKey(const QString &key) const; // invalid for a step the list does not show
    void selectKey(const QString &key);

Q_SIGNALS:
    // The user flipped a step's check box; its row shows the walk until showSteps().
    void checkToggled(const QString &key, bool checked);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // After a reset: sections expanded and spanned, the step that was selected selected again.
    void showRows();

    ChecklistStepModel *m_model;
    QString m_keptKey; // the selected step across a reset
};

} // namespace retort::ui
