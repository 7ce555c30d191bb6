// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/runtime/RunRequest.h"
#include "core/script/ScriptDirectory.h"
#include "ui/editor/EditorPane.h"
#include "ui/safety/GatePrompt.h"

#include <QMainWindow>

#include <functional>
#include <optional>

class QDockWidget;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace retort::ui {

class DatabaseRefresher;
class EnvironmentBar;
class ErrorStrip;
class LogPane;
class ProjectSession;
class RunController;
class RunFlow;
class SqlEditor;
class WorkbenchActions;

// The main window over one open project: the header (environment, connection, current revision(s),
// production banner), the graph, details and pending panels, the editor, the log pane, run progress,
// and the checklist and problems docks. It builds them and wires them: WorkbenchPanels keeps the panels
// in step with the session, WorkbenchActions holds the menus and toolbar, RunFlow the runs,
// EnvironmentHeader the header. GUI thread only; at most one run at a time.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Asked before every run with a title and a description of what will happen; true runs it.
    // The default shows a QMessageBox. Tests replace it so no modal dialog blocks them.
    using Confirmation = std::function<bool(const QString &title, const QString &text)>;
    // Asks for a new revision's message (title, prompt, suggestion); an empty result cancels.
    // The default shows a QInputDialog; tests replace it.
    using MessagePrompt =
        std::function<QString(const QString &title, const QString &prompt, const QString &suggestion)>;
    // New Revision's questions (message, head, branch label, depends on) about the graph `map`; nothing
    // cancels. The default shows a NewRevisionDialog; tests replace it.
    using NewRevisionPrompt = std::function<std::optional<ScriptDirectory::NewRevision>(const RevisionMap &map)>;
    // The production gate's questions (plan, typed name, backup, rehearsal); nothing cancels the run.
    // The default shows a ProductionGateDialog; tests replace it. Core checks the answer again.
    using GatePromptFunction = std::function<std::optional<GateAnswer>(const GatePrompt &prompt)>;
    // Unsaved edits in the editor, before something would replace them or run the file on disk.
    using UnsavedAnswer = EditorPane::UnsavedAnswer;
    using UnsavedPrompt = EditorPane::UnsavedPrompt;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override; // cancels a run still going and waits for its thread

    // Which configuration of an alembic.ini holding several to open (see AlembicSectionDialog); nothing
    // cancels. The default shows an AlembicSectionDialog; tests replace it.
    using SectionPrompt = std::function<std::optional<QString>(const QString &iniPath, const QStringList &sections)>;

    // Opens a project as the CLI's -c does (a retort.ini, an alembic.ini, a folder) and remembers it as the
    // last/recent project. Without a `section`, an alembic.ini with several configurations asks which one.
    bool openProject(const QString &path, const QString &section = QString());
    // Opens the person's copy of the demo project, making it first (DemoProject::prepare); errors go to the
    // error strip.
    bool openDemo();
    void setSectionPrompt(SectionPrompt prompt) { m_sectionPrompt = std::move(prompt); }
    ProjectSession *session() const { return m_session; }
    SqlEditor *editor() const;
    // Where the revision graph sits.
    QWidget *graphArea() const { return m_graphArea; }

    // The one target and plan (RunController) that the pending panel lists and Upgrade, Downgrade,
    // Stamp and Rehearse act on ("heads" by default, and again after every run).
    RunController *runController() const { return m_runs; }
    void setTarget(const QString &identifier);
    QString target() const;
    void setConfirmation(Confirmation confirmation);
    void setMessagePrompt(MessagePrompt prompt) { m_messagePrompt = std::move(prompt); }
    void setNewRevisionPrompt(NewRevisionPrompt prompt) { m_newRevisionPrompt = std::move(prompt); }
    void setUnsavedPrompt(UnsavedPrompt prompt);
    // See EditorPane::settleUnsavedEdits; saving reloads the project, so a run uses what was saved.
    bool settleUnsavedEdits(const QString &what);
    void setGatePrompt(GatePromptFunction prompt);
    // A backup taken outside a run (a checklist's {backup} step) that the next gate offers to reuse.
    void setRecentBackup(const BackupRecord &backup);
    const std::optional<BackupRecord> &recentBackup() const;

    // See EditorPane::showRevisionFile.
    bool showRevisionFile(QString path, int errorLine = 0);

    // From the moment a run is asked for (the database is read again, the confirmation asked) until
    // its end has been handled.
    bool isRunning() const;
    // The plan on screen, when it is one: Upgrade runs an upgrade plan, Downgrade a downgrade plan;
    // otherwise the error strip says why not. Stamp stamps the target; Rehearse rehearses the plan.
    void upgrade();
    void downgrade();
    void downgradeOneStep();
    void stamp();
    void rehearseUpgrade();
    void cancelRun();
    // See RunFlow::startRun (the checklist's steps).
    bool startRun(RunRequest::Command command, const QString &target, bool rehearsal = false);
    // The last run's outcome in one line, for the log and checklist results.
    QString lastRunSummary() const;
    // Write a new revision on the head / a merge of all heads, then show it in the editor.
    void newRevision();
    void mergeHeads();
    // Reads the database's rows, history and production status again (View > Refresh, F5).
    void refreshDatabase();
    DatabaseRefresher *refresher() const { return m_refresher; }

Q_SIGNALS:
    void targetChanged(const QString &identifier);
    // After a run's terminal signal has been handled (log written, error shown, rows re-read).
    void runEnded(bool succeeded);
    // A run asked for did not start: cancelled at the confirmation, the plan changed, no database.
    void runDeclined(const QString &reason);
    // A run's gate took or reused a backup (or recorded why not).
    void gatePassed(const std::optional<retort::BackupRecord> &backup, const QString &skipReason);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void connectActions();
    void connectSession();
    void connectRuns();
    QWidget *createWelcomePage();
    QWidget *createWorkspace();
    // The graph, details and pending panels into the workspace, the checklist and problems docks; and
    // what keeps them in step (WorkbenchPanels, ChecklistActions).
    void createPanels();
    void addDock(QDockWidget *dock, Qt::DockWidgetArea area);
    void setRunning(bool running);
    void showError(const QString &message);
    void hideError();
    void updateTitle();
    void updateActions();
    void openProjectDialog();
    void openFolderDialog();
    // Asks for the message (a dialog: never during a run's wait) and writes the file.
    void createRevision(const ScriptDirectory::NewRevision &request);
    void restoreSettings();
    void saveSettings() const;

    ProjectSession *m_session;
    RunController *m_runs;          // the one target and plan
    DatabaseRefresher *m_refresher; // F5, coming back, the idle poll
    WorkbenchActions *m_actions;
    MessagePrompt m_messagePrompt;
    NewRevisionPrompt m_newRevisionPrompt;
    SectionPrompt m_sectionPrompt;

    QStackedWidget *m_stack = nullptr;
    EnvironmentBar *m_header = nullptr;
    ErrorStrip *m_errorStrip = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_leftSplitter = nullptr;
    QSplitter *m_rightSplitter = nullptr;
    QWidget *m_graphArea = nullptr;
    QWidget *m_detailsArea = nullptr;
    QWidget *m_pendingArea = nullptr;
    EditorPane *m_editorPane = nullptr;
    LogPane *m_log = nullptr;
    RunFlow *m_runFlow = nullptr;        // asks and runs; after the editor, whose unsaved edits it settles
    bool m_errorFromProjectLoad = false; // whether the error strip shows a project (not run) error
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace retort::ui
