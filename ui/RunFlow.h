// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/runtime/BackupRecord.h"
#include "core/runtime/RunRequest.h"

#include <QObject>

#include <optional>

namespace retort::ui {

class DatabaseRefresher;
class EditorPane;
class ProjectSession;
class RunController;
class RunLauncher;

// The window's runs as a person sees them, shared by the toolbar and the checklist: which runs may
// start (the plan on screen, or a command to a target), the editor's unsaved edits settled first, the
// run handed to RunLauncher (which reads the database again and asks), and its end made known: the
// failing file shown, the database read again, runEnded or runDeclined. It shows nothing itself: the
// window shows what the signals say. GUI thread only; at most one run at a time.
class RunFlow : public QObject
{
    Q_OBJECT

public:
    RunFlow(ProjectSession *session, RunController *controller, EditorPane *editor, DatabaseRefresher *refresher,
            QObject *parent = nullptr);

    // Asks and runs; its questions (confirmation, gate) and its progress signals are set and read there.
    RunLauncher *launcher() const { return m_launcher; }

    // From the moment a run is asked for (the database is read again, the confirmation asked) until
    // its end has been handled.
    bool isRunning() const { return m_running; }
    // The plan on screen, if `downgrade` says which way it goes; otherwise errorRaised says why not.
    void runShownPlan(bool downgrade, bool rehearsal);
    // `command` to `target`: the database is read again, then the confirmation (or on production the
    // gate) is asked, then it runs. False when it cannot start at all (already running, no project);
    // otherwise runEnded or runDeclined follows.
    bool startRun(RunRequest::Command command, const QString &target, bool rehearsal = false);
    void cancel();
    // The last run's outcome in one line, for the log and checklist results.
    QString lastSummary() const;
    // A backup taken outside a run (a checklist's {backup} step) that the next gate offers to reuse.
    void setRecentBackup(const BackupRecord &backup);
    const std::optional<BackupRecord> &recentBackup() const;

Q_SIGNALS:
    void runningChanged(bool running);
    // For the status bar, for `milliseconds` (0: until the next one).
    void statusChanged(const QString &message, int milliseconds);
    // A line for the log that the launcher does not write itself (why a run was declined).
    void lineLogged(const QString &line);
    // Why a run cannot start or did not finish; errorCleared when a run is being asked for again.
    void errorRaised(const QString &message);
    void errorCleared();
    // After a run's terminal signal has been handled (error shown, rows asked for again).
    void runEnded(bool succeeded);
    // A run asked for did not start: cancelled at the confirmation, the plan changed, no database.
    void runDeclined(const QString &reason);
    // A run's gate took or reused a backup (or recorded why not).
    void gatePassed(const std::optional<retort::BackupRecord> &backup, const QString &skipReason);

private:
    void setRunning(bool running);

    ProjectSession *m_session;
    RunController *m_controller;
    EditorPane *m_editor;
    DatabaseRefresher *m_refresher;
    RunLauncher *m_launcher;
    bool m_running = false;
};

} // namespace retort::ui
