// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/details/RevisionDetails.h"

#include <QObject>
#include <QVector>

class QDockWidget;

namespace retort::ui {

class ChecklistPanel;
class MainWindow;
class PendingPanel;
class ProblemsPanel;
class RevisionDetails;
class RevisionGraphView;

// Puts the revision graph, the details and the pending panel into a main
// window and keeps them in step with its project session: the graph shows the
// database's rows and what the chosen target would run, a selected node shows
// its details and file, and the plan's offline SQL goes to the editor.
// Lives on the UI thread; the panels are owned by the window's layout.
class WorkbenchPanels : public QObject
{
    Q_OBJECT

public:
    explicit WorkbenchPanels(MainWindow *window);

    RevisionGraphView *graph() const { return m_graph; }
    RevisionDetails *details() const { return m_details; }
    PendingPanel *pending() const { return m_pending; }
    ChecklistPanel *checklist() const { return m_checklist; }
    ProblemsPanel *problems() const { return m_problems; }

private:
    // The session's snapshot to every panel that shows the project; null empties them.
    void showProject();
    void applyEnvironment();
    // Gives the details panel the history rows of the revision it shows.
    void showRunsOfSelection();
    // Lists the session's problems; errors bring the dock up (and it goes again once they are fixed).
    void showProblems();
    // The revision whose file `path` is; -1 for none.
    int revisionOfFile(const QString &path) const;

    MainWindow *m_window;
    RevisionGraphView *m_graph;
    RevisionDetails *m_details;
    PendingPanel *m_pending;
    ChecklistPanel *m_checklist;
    ProblemsPanel *m_problems;
    QDockWidget *m_problemsDock;
    bool m_problemsDockRaisedForErrors = false;
    QVector<RevisionRunEntry> m_history; // the session's history rows, latest first
};

} // namespace retort::ui
