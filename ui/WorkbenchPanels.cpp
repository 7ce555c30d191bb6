// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/WorkbenchPanels.h"

#include "core/lint/Linter.h"

#include "ui/ProjectSession.h"
#include "ui/RenderedPlan.h"
#include "ui/RunController.h"
#include "ui/RunLauncher.h"
#include "ui/checklist/ChecklistPanel.h"
#include "ui/details/RevisionDetails.h"
#include "ui/editor/EditorPane.h"
#include "ui/editor/SqlEditor.h"
#include "ui/graph/DriftMarks.h"
#include "ui/graph/RevisionGraphView.h"
#include "ui/pending/PendingPanel.h"
#include "ui/problems/ProblemsPanel.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QMainWindow>

namespace retort::ui {

WorkbenchPanels::WorkbenchPanels(const Panels &panels, ProjectSession *session, RunController *controller,
                                 EditorPane *editor, RunLauncher *launcher, QMainWindow *window)
    : QObject(window), m_panels(panels), m_session(session), m_controller(controller), m_editor(editor),
      m_window(window), m_rendered(new RenderedPlan(controller, this))
{
    panels.pending->setRenderedPlan(m_rendered);
    editor->setRenderedPlan(m_rendered);
    connect(m_rendered, &RenderedPlan::stateChanged, this,
            [this] { m_panels.graph->setRenderedSections(m_rendered->report()); });
    launcher->setRenderedPlan(m_rendered);
    RevisionGraphView *graph = panels.graph;
    PendingPanel *pending = panels.pending;
    connect(session, &ProjectSession::projectFailed, this, &WorkbenchPanels::showProject); // empties them
    connect(session, &ProjectSession::projectLoaded, this, &WorkbenchPanels::showProject);
    connect(session, &ProjectSession::environmentChanged, this, &WorkbenchPanels::showEnvironment);
    connect(session, &ProjectSession::problemsChanged, this, &WorkbenchPanels::showProblems);
    connect(session, &ProjectSession::currentRowsChanged, graph, &RevisionGraphView::setCurrentRows);
    // The plan follows what the database holds; while it is not known, the plan says so (and the run
    // actions are off) rather than planning from another environment's rows.
    connect(session, &ProjectSession::currentRowsChanged, pending, &PendingPanel::setCurrentRows);
    connect(session, &ProjectSession::connectionStateChanged, this, [this](ConnectionState state) {
        if (state != ConnectionState::Connected && state != ConnectionState::Connecting)
            m_controller->setCurrentRows({}, false);
    });
    connect(session, &ProjectSession::historyRead, this, [this](const QVector<RevisionRunEntry> &entries) {
        m_history = entries;
        showRunsOfSelection();
        showDrift();
        m_panels.pending->setTableSizes(m_session->tableSizes());
    });

    connect(pending, &PendingPanel::pendingRevisionsChanged, graph, &RevisionGraphView::setPendingRevisions);
    connect(pending, &PendingPanel::previewChanged, this,
            [this](const QString &sql) { m_editor->showPreview(sql, m_controller->target()); });
    connect(graph, &RevisionGraphView::revisionSelected, this, &WorkbenchPanels::openRevision);
    connect(panels.problems, &ProblemsPanel::openRequested, this, &WorkbenchPanels::openProblem);
    if (session->isLoaded()) {
        m_history = session->history();
        showProject();
    }
    showProblems();
}

void WorkbenchPanels::openRevision(int revision)
{
    if (!m_session->isLoaded() || revision < 0 || revision >= m_session->scripts().map().size())
        return;
    // The file first: with unsaved edits of another revision the user may keep them (Cancel), and then
    // nothing follows the click - the details stay, and the graph selects the edited revision again.
    if (!m_editor->showRevisionFile(m_session->scripts().script(revision).path)) {
        const int shown = revisionOfFile(m_editor->editor()->filePath());
        if (shown >= 0) // after the click has settled, or the view would take its own selection back
            QMetaObject::invokeMethod(
                this, [this, shown] { m_panels.graph->selectRevision(shown); }, Qt::QueuedConnection);
        return;
    }
    m_panels.details->setRevision(revision);
    showRunsOfSelection(); // after setRevision, which clears the runs
}

// A problem opens its file at its line; a revision's file is selected in the graph too, so the details agree.
void WorkbenchPanels::openProblem(const QString &file, int line)
{
    const int revision = revisionOfFile(file);
    if (revision >= 0 && m_panels.graph->selectedRevision() != revision) {
        m_panels.graph->selectRevision(revision); // opens the file, unless the user keeps unsaved edits of another
        if (QFileInfo(m_editor->editor()->filePath()) != QFileInfo(file))
            return;
    }
    if (!m_editor->showRevisionFile(file, line) || revision >= 0)
        return;
    // A file left out of the graph, or retort.ini: no revision's details stand beside it.
    m_panels.graph->clearSelection();
    m_panels.details->setRevision(-1);
}

int WorkbenchPanels::revisionOfFile(const QString &path) const
{
    if (!m_session->isLoaded() || path.isEmpty())
        return -1;
    const QFileInfo wanted(path);
    const ScriptDirectory &scripts = m_session->scripts();
    for (int index = 0; index < scripts.map().size(); ++index) {
        if (QFileInfo(scripts.script(index).path) == wanted)
            return index;
    }
    return -1;
}

void WorkbenchPanels::showProblems()
{
    ProblemsPanel *problems = m_panels.problems;
    QDockWidget *dock = m_panels.problemsDock;
    problems->setProblems(m_session->problems(), m_session->projectDir());
    dock->setWindowTitle(problems->errorCount() + problems->warningCount() == 0
                             ? tr("Problems")
                             : tr("Problems (%1)").arg(problems->summary()));
    if (problems->errorCount() > 0) {
        const bool appearing = dock->isHidden();
        if (appearing)
            m_problemsDockRaisedForErrors = true;
        dock->show();
        dock->raise();
        if (appearing && !dock->isFloating()) {
            // As tall as its rows need (a few at most), leaving the editor room to show the line in question.
            const int rows = qMin(problems->errorCount() + problems->warningCount(), 6);
            const int height = problems->fontMetrics().lineSpacing() * (rows + 5);
            m_window->resizeDocks({dock}, {height}, Qt::Vertical);
        }
    } else if (m_problemsDockRaisedForErrors) {
        m_problemsDockRaisedForErrors = false;
        dock->hide(); // brought up for errors that are fixed now
    }
}

void WorkbenchPanels::showProject()
{
    // The snapshot stays whole while a panel holds it, whatever the session loads next; a project that
    // failed to load leaves them empty. The checklist panel holds no scripts: its walk stays open.
    const std::shared_ptr<const ScriptDirectory> scripts = m_session->sharedScripts();
    m_panels.details->setScripts(scripts);
    m_panels.pending->setScripts(scripts);
    m_panels.graph->setScripts(scripts); // last: selecting the revision again fills the details
    showEnvironment();
    showDrift();
}

void WorkbenchPanels::showDrift()
{
    QHash<int, QString> notes;
    if (m_session->isLoaded() && m_session->currentRowsKnown() && m_session->target()) {
        // Against the sections this database's dialect runs, as its history rows recorded them.
        const Result<DriftReport> report = DriftCheck::compare(m_session->scripts(), m_session->target()->url.dialect(),
                                                               m_session->currentRows(), m_session->recorded());
        if (report.ok())
            notes = DriftMarks::of(m_session->scripts(), report.value());
    }
    m_panels.graph->setDriftNotes(notes);
    m_panels.details->setDriftNotes(notes);
}

void WorkbenchPanels::showEnvironment()
{
    if (!m_session->isLoaded())
        return;
    // Until this environment's database is read, nothing is known of it: no rows from another one.
    // After a reload of the same database its rows stay known: shown against the new scripts.
    const bool known = m_session->currentRowsKnown();
    m_controller->setCurrentRows(known ? m_session->currentRows() : QStringList(), known);
    m_panels.graph->setCurrentRows(known ? m_session->currentRows() : QStringList());
    m_panels.pending->setRunSettings(RunSettings::fromConfig(m_session->config(), m_session->environment()));
    // The plan, its preview and its risks are the sections this database's dialect runs.
    if (m_session->target())
        m_controller->setDialect(m_session->target()->url.dialect());
    // Rendered for the environment's dialect; without a database there is no plan to render.
    m_rendered->setProject(m_session->config(),
                           m_session->target() ? m_session->target()->url.dialect() : Dialect::SQLite);
    const LintContext lint = LintContext::forProject(
        m_session->config(),
        m_session->target() ? std::optional<Dialect>(m_session->target()->url.dialect()) : std::nullopt);
    m_panels.pending->setLintSettings(lint.settings);
    m_panels.graph->setLintContext(lint);
    m_panels.checklist->setProject(m_session->projectDir(), m_session->environment(),
                                   m_session->target() ? m_session->target()->url.toLocatedDisplayString() : QString());
}

void WorkbenchPanels::showRunsOfSelection()
{
    const int revision = m_panels.details->revision();
    if (!m_session->isLoaded() || revision < 0 || revision >= m_session->scripts().map().size())
        return;
    const QString id = m_session->scripts().map().at(revision).id;
    QVector<RevisionRunEntry> runs;
    // m_history is latest first; the panel wants oldest first.
    for (auto it = m_history.crbegin(); it != m_history.crend(); ++it) {
        if (it->revision == id)
            runs.append(*it);
    }
    m_panels.details->setRunEntries(runs);
}

} // namespace retort::ui
