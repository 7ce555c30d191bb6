// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"

#include <QDateTime>
#include <QGroupBox>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace retort::ui {

// The selected step of a walk ("Selected step"): its full text, what it is bound to or who did it and what its
// action reported, and a note; Run step, and Skip step (Reopen Step for a skipped step).
//
// It edits that step's note and outcome in the walk it shows: the note as typed; a skip, the reason written in the
// note first, and its reopening; a tick or untick from the step list (setChecked()), where a bound step ticked
// without running it needs the reason it was done by hand in the note first. It saves nothing and runs nothing:
// noteEdited() and stepEdited() tell the owner, which saves the walk and shows it again (showStep()); Run step is
// only asked for (runRequested()). GUI thread only.
class ChecklistStepEditor : public QGroupBox
{
    Q_OBJECT

public:
    // `now` dates a tick or a skip.
    explicit ChecklistStepEditor(std::function<QDateTime()> now, QWidget *parent = nullptr);

    // Shows step `key` of `walk` (a hint to select one for an empty key or a step the walk has not). `checklist`
    // and `walk` are not owned, read and `walk` edited until the next call; null: nothing open. `runningKey` names
    // the step whose action is in flight (empty: none), `runningHere` whether it is this walk's.
    void showStep(const Checklist *checklist, ChecklistWalk *walk, const QString &key, const QString &runningKey,
                  bool runningHere);
    // The step list's check box of step `key`, the one shown, flipped to `checked`: ticks or unticks the step and
    // emits stepEdited(). False when nothing changed: another step, or a bound step without the reason it was done
    // by hand (the details then say what is needed and the note takes the focus).
    bool setChecked(const QString &key, bool checked);

Q_SIGNALS:
    void noteEdited(); // the shown step's note, as typed
    void stepEdited(); // the shown step was ticked, unticked, skipped or reopened
    void runRequested(const QString &key);

private:
    void skipOrReopen();
    void onNoteEdited(const QString &text);
    // Adds `text` to the details (until the step is shown again) and puts the focus in the note.
    void explain(const QString &text);

    std::function<QDateTime()> m_now;
    const Checklist *m_checklist = nullptr;
    ChecklistWalk *m_walk = nullptr;
    QString m_key;           // the step shown; empty for none
    bool m_updating = false; // writing into its own widgets: ignore their change signals
    QLabel *m_stepText;
    QLabel *m_stepInfo;
    QLineEdit *m_note;
    QPushButton *m_runStep;
    QPushButton *m_skipStep;
};

} // namespace retort::ui
