// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"

#include <QDateTime>
#include <QTreeWidget>

#include <functional>

namespace retort::ui {

// The steps of a checklist walk, grouped by section ("Deploy — 2 of 5 done"): each with its check box,
// number, text and what it does in words; who checked it and when; and what its action reported,
// coloured by outcome. A skipped step shows no tick. Steps the walk recorded for items the file no
// longer has are listed at the end, read-only. The long columns wrap, so a step reads in full in a
// narrow dock.
//
// The list shows; it changes nothing in the walk: a check box the user flips is told by checkToggled()
// and the owner, having decided, shows the walk again (showSteps()). GUI thread only.
class ChecklistStepList : public QTreeWidget
{
    Q_OBJECT

public:
    enum Column
    {
        StepColumn, // check box, number, text and what the step does
        DoneColumn,
        ResultColumn,
        ColumnCount
    };

    // `now` dates the Done column (a time for today, a date before); `runningKey` names the step whose
    // action is running (empty: none), which cannot be ticked meanwhile.
    ChecklistStepList(std::function<QDateTime()> now, std::function<QString()> runningKey, QWidget *parent = nullptr);

    // Builds the rows for `checklist` and its `walk` (not owned; both read until the next fill()), keeping
    // the selected step. Nothing shown when either is null.
    void fill(const Checklist *checklist, const ChecklistWalk *walk);
    // Every row again from the walk (after it changed).
    void showSteps();

    QString currentKey() const; // the selected step's key; empty for none or a section row
    QTreeWidgetItem *itemForKey(const QString &key) const;
    void selectKey(const QString &key);

Q_SIGNALS:
    // The user flipped a step's check box (its row still shows the flipped state until showSteps()).
    void checkToggled(const QString &key, bool checked);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void showStep(QTreeWidgetItem *item);
    void showSectionCounts();

    std::function<QDateTime()> m_now;
    std::function<QString()> m_runningKey;
    const Checklist *m_checklist = nullptr;
    const ChecklistWalk *m_walk = nullptr;
    bool m_updating = false; // writing into its own items: their changes are not the user's
};

} // namespace retort::ui
