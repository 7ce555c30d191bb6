// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/details/RevisionRunEntry.h"

#include <QObject>
#include <QVector>

class QDockWidget;
class QMainWindow;

namespace retort::ui {

class ChecklistPanel;
class EditorPane;
class PendingPanel;
class ProblemsPanel;
class ProjectSession;
class RenderedPlan;
class RevisionDetails;
class RevisionGraphView;
class RunController;
class RunLauncher;

// Keeps the workbench's panels in step with the project session and the run controller: each loaded
// project goes to the graph, the details and the pending panel as the session's shared snapshot (a
// project that failed to load empties them); the graph shows the database's rows and what the chosen
// target would run; a selected node shows its details, its runs and its file in the editor; the plan's
// offline SQL goes to the editor; the SQL the project's Alembic renders for the plan's .py revisions
// (RenderedPlan, which this owns) goes to the pending panel, the editor and the run's question; the
// problems dock comes up for errors. The window builds the panels and docks them; this only connects
// them. Lives on the UI thread.
class WorkbenchPanels : public QObject
{
    Q_OBJECT

public:
    // The window's panels (owned by its layout and docks).
    struct Panels
    {
        RevisionGraphView *graph;
        RevisionDetails *details;
        PendingPanel *pending;
        ChecklistPanel *checklist;
        ProblemsPanel *problems;
        QDockWidget *problemsDock; // in `window`, sized there when errors bring it up
    };

    WorkbenchPanels(const Panels &panels, ProjectSession *session, RunController *controller, EditorPane *editor,
                    RunLauncher *launcher, QMainWindow *window);

private:
    // The session's snapshot to every panel that shows the project; null empties them.
    void showProject();
    void showEnvironment();
    // Gives the details panel the history rows of the revision it shows.
    void showRunsOfSelection();
    // Marks applied revisions whose files changed since they ran, on the graph and in the details: the session's
    // recorded checksums against the loaded files, each time either is read again.
    void showDrift();
    // Lists the session's problems; errors bring the dock up (and it goes again once they are fixed).
    void showProblems();
    void openRevision(int revision);
    void openProblem(const QString &file, int line);
    // The revision whose file `path` is; -1 for none.
    int revisionOfFile(const QString &path) const;

    Panels m_panels;
    ProjectSession *m_session;
    RunController *m_controller;
    EditorPane *m_editor;
    QMainWindow *m_window;
    RenderedPlan *m_rendered;
    bool m_problemsDockRaisedForErrors = false;
    QVector<RevisionRunEntry> m_history; // the session's history rows, latest first
};

} // namespace retort::ui
