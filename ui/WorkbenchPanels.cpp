// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/WorkbenchPanels.h"

#include "ui/MainWindow.h"
#include "ui/ProjectSession.h"
#include "ui/RunController.h"
#include "ui/checklist/ChecklistActions.h"
#include "ui/checklist/ChecklistPanel.h"
#include "ui/details/RevisionDetails.h"
#include "ui/editor/SqlEditor.h"
#include "ui/graph/RevisionGraphView.h"
#include "ui/pending/PendingPanel.h"
#include "ui/problems/ProblemsPanel.h"

#include <QDockWidget>
#include <QFileInfo>

namespace retort::ui {

WorkbenchPanels::WorkbenchPanels(MainWindow *window)
    : QObject(window), m_window(window), m_graph(new RevisionGraphView), m_details(new RevisionDetails),
      m_pending(new PendingPanel(window->runController())), m_checklist(new ChecklistPanel),
      m_problems(new ProblemsPanel), m_problemsDock(new QDockWidget(tr("Problems"), window))
{
    window->setGraphWidget(m_graph);
    window->setDetailsWidget(m_details);
    window->setPendingWidget(m_pending);
    auto *dock = new QDockWidget(tr("Checklist"), window);
    dock->setObjectName(QStringLiteral("checklistDock"));
    dock->setWidget(m_checklist);
    dock->hide(); // until the user opens it (View > Checklist); a saved layout may show it
    window->addDock(dock, Qt::RightDockWidgetArea);
    // Opened, it takes about a third of the window (its size hint would take more at 1280 px), leaving the
    // graph, the plan and the editor the room they need; the user may widen it.
    connect(dock, &QDockWidget::visibilityChanged, window, [window, dock](bool visible) {
        const int third = qMax(dock->widget()->minimumSizeHint().width(), window->width() * 3 / 10);
        if (visible && !dock->isFloating() && dock->width() > third)
            window->resizeDocks({dock}, {third}, Qt::Horizontal);
    });
    new ChecklistActions(window, m_checklist);
    m_problemsDock->setObjectName(QStringLiteral("problemsDock"));
    m_problemsDock->setWidget(m_problems);
    m_problemsDock->hide(); // until the project has an error, or the user opens it (View > Problems)
    window->addDock(m_problemsDock, Qt::BottomDockWidgetArea);

    ProjectSession *session = window->session();
    connect(session, &ProjectSession::projectFailed, this, &WorkbenchPanels::showProject); // empties them
    connect(session, &ProjectSession::projectLoaded, this, &WorkbenchPanels::showProject);
    connect(session, &ProjectSession::environmentChanged, this, &WorkbenchPanels::applyEnvironment);
    connect(session, &ProjectSession::problemsChanged, this, &WorkbenchPanels::showProblems);
    connect(session, &ProjectSession::currentRowsChanged, m_graph, &RevisionGraphView::setCurrentRows);
    // The plan follows what the database holds; while it is not known, the plan says so (and the run
    // actions are off) rather than planning from another environment's rows.
    connect(session, &ProjectSession::currentRowsChanged, m_pending, &PendingPanel::setCurrentRows);
    connect(session, &ProjectSession::connectionStateChanged, this, [this](ConnectionState state) {
        if (state != ConnectionState::Connected && state != ConnectionState::Connecting)
            m_window->runController()->setCurrentRows({}, false);
    });
    connect(session, &ProjectSession::historyRead, this, [this](const QVector<RevisionRunEntry> &entries) {
        m_history = entries;
        showRunsOfSelection();
    });

    connect(m_pending, &PendingPanel::pendingRevisionsChanged, m_graph, &RevisionGraphView::setPendingRevisions);
    connect(m_pending, &PendingPanel::previewChanged, window, &MainWindow::showPreview);
    connect(m_graph, &RevisionGraphView::revisionSelected, this, [this](int revision) {
        ProjectSession *session = m_window->session();
        if (!session->isLoaded() || revision < 0 || revision >= session->scripts().map().size())
            return;
        // The file first: with unsaved edits of another revision the user may keep them (Cancel), and then
        // nothing follows the click - the details stay, and the graph selects the edited revision again.
        if (!m_window->showRevisionFile(session->scripts().script(revision).path)) {
            const int shown = revisionOfFile(m_window->editor()->filePath());
            if (shown >= 0) // after the click has settled, or the view would take its own selection back
                QMetaObject::invokeMethod(
                    this, [this, shown] { m_graph->selectRevision(shown); }, Qt::QueuedConnection);
            return;
        }
        m_details->setRevision(revision);
        showRunsOfSelection(); // after setRevision, which clears the runs
    });
    // A problem opens its file at its line; a revision's file is selected in the graph too, so the details agree.
    connect(m_problems, &ProblemsPanel::openRequested, this, [this](const QString &file, int line) {
        const int revision = revisionOfFile(file);
        if (revision >= 0 && m_graph->selectedRevision() != revision) {
            m_graph->selectRevision(revision); // opens the file, unless the user keeps unsaved edits of another
            if (QFileInfo(m_window->editor()->filePath()) != QFileInfo(file))
                return;
        }
        if (!m_window->showRevisionFile(file, line) || revision >= 0)
            return;
        // A file left out of the graph, or retort.ini: no revision's details stand beside it.
        m_graph->clearSelection();
        m_details->setRevision(-1);
    });
    connect(m_graph, &RevisionGraphView::targetChosen, window, &MainWindow::setTarget);
    if (session->isLoaded()) {
        m_history = session->history();
        showProject();
    }
    showProblems();
}

int WorkbenchPanels::revisionOfFile(const QString &path) const
{
    ProjectSession *session = m_window->session();
    if (!session->isLoaded() || path.isEmpty())
        return -1;
    const QFileInfo wanted(path);
    const ScriptDirectory &scripts = session->scripts();
    for (int index = 0; index < scripts.map().size(); ++index) {
        if (QFileInfo(scripts.script(index).path) == wanted)
            return index;
    }
    return -1;
}

void WorkbenchPanels::showProblems()
{
    ProjectSession *session = m_window->session();
    m_problems->setProblems(session->problems(), QFileInfo(session->iniPath()).absolutePath());
    m_problemsDock->setWindowTitle(m_problems->errorCount() + m_problems->warningCount() == 0
                                       ? tr("Problems")
                                       : tr("Problems (%1)").arg(m_problems->summary()));
    if (m_problems->errorCount() > 0) {
        const bool appearing = m_problemsDock->isHidden();
        if (appearing)
            m_problemsDockRaisedForErrors = true;
        m_problemsDock->show();
        m_problemsDock->raise();
        if (appearing && !m_problemsDock->isFloating()) {
            // As tall as its rows need (a few at most), leaving the editor room to show the line in question.
            const int rows = qMin(m_problems->errorCount() + m_problems->warningCount(), 6);
            const int height = m_problems->fontMetrics().lineSpacing() * (rows + 5);
            m_window->resizeDocks({m_problemsDock}, {height}, Qt::Vertical);
        }
    } else if (m_problemsDockRaisedForErrors) {
        m_problemsDockRaisedForErrors = false;
        m_problemsDock->hide(); // brought up for errors that are fixed now
    }
}

void WorkbenchPanels::showProject()
{
    // The snapshot stays whole while a panel holds it, whatever the session loads next; a project that
    // failed to load leaves them empty. The checklist panel holds no scripts: its walk stays open.
    const std::shared_ptr<const ScriptDirectory> scripts = m_window->session()->sharedScripts();
    m_details->setScripts(scripts);
    m_pending->setScripts(scripts);
    m_graph->setScripts(scripts); // last: selecting the revision again fills the details
    applyEnvironment();
}

void WorkbenchPanels::applyEnvironment()
{
    ProjectSession *session = m_window->session();
    if (!session->isLoaded())
        return;
    // Until this environment's database is read, nothing is known of it: no rows from another one.
    // After a reload of the same database its rows stay known: shown against the new scripts.
    const bool known = session->currentRowsKnown();
    m_window->runController()->setCurrentRows(known ? session->currentRows() : QStringList(), known);
    m_graph->setCurrentRows(known ? session->currentRows() : QStringList());
    m_pending->setRunSettings(RunSettings::fromConfig(session->config(), session->environment()));
    if (session->target())
        m_pending->setDialect(session->target()->url.dialect());
    m_checklist->setProject(QFileInfo(session->iniPath()).absolutePath(), session->environment(),
                            session->target() ? session->target()->url.toDisplayString() : QString());
}

} // namespace retort::ui

namespace retort::ui {

void WorkbenchPanels::showRunsOfSelection()
{
    ProjectSession *session = m_window->session();
    const int revision = m_details->revision();
    if (!session->isLoaded() || revision < 0 || revision >= session->scripts().map().size())
        return;
    const QString id = session->scripts().map().at(revision).id;
    QVector<RevisionRunEntry> runs;
    // m_history is latest first; the panel wants oldest first.
    for (auto it = m_history.crbegin(); it != m_history.crend(); ++it) {
        if (it->revision == id)
            runs.append(*it);
    }
    m_details->setRunEntries(runs);
}

} // namespace retort::ui
