// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>

class QThread;

namespace retort::ui {

class ChecklistPanel;
class EditorPane;
class ProjectSession;
class RunFlow;

// Carries out the bound steps of a checklist walk for the panel: upgrade,
// downgrade and stamp through the window's own runs (RunFlow, and so through the
// production gate), rehearsals, backups on a worker thread, `current` and its
// verification, and the test revision that the preview test plan creates and
// deletes (shown in the editor). Each request ends with exactly one
// ChecklistPanel::actionFinished(). GUI thread only.
class ChecklistActions : public QObject
{
    Q_OBJECT

public:
    ChecklistActions(ProjectSession *session, RunFlow *runs, EditorPane *editor, ChecklistPanel *panel);
    ~ChecklistActions() override; // waits for a backup still running

    void run(const QString &key, const ChecklistAction &action);

private:
    void finish(StepOutcome outcome, const QString &result);
    void startRun(const ChecklistAction &action);
    void startBackup();
    // Reads the version table again (a run may have just ended), then calls `then`; a failed read
    // finishes the step.
    void withFreshRows(const std::function<void()> &then);
    void reportCurrent(bool verify, const QString &expected);
    void createRevision(const QString &message);
    void deleteRevision(const QString &message);

    ProjectSession *m_session;
    RunFlow *m_runs;
    EditorPane *m_editor;
    ChecklistPanel *m_panel;
    QString m_key;              // the step being carried out; empty when idle
    bool m_awaitingRun = false; // the step is a run the window is doing for it
    QElapsedTimer m_timer;
    QPointer<QThread> m_backupThread;
    QMetaObject::Connection m_readFinished;
};

} // namespace retort::ui
