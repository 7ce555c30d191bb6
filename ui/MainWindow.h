// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/runtime/RunRequest.h"
#include "core/script/ScriptDirectory.h"
#include "ui/safety/GatePrompt.h"

#include <QMainWindow>
#include <QPointer>

class QDockWidget;
class QMenu;

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace retort::ui {

class EnvironmentBar;
class ErrorStrip;
class LogPane;
class ProjectSession;
class RunController;
class RunLauncher;
class DatabaseRefresher;
class SqlEditor;
class WorkbenchActions;

// The main window over one open project: environment picker with connection state, current
// revision(s) and a production banner; the graph, details and pending panels (provided by their
// owners through the set…Widget() functions); the SQL editor; the log pane; run progress.
// GUI thread only. Runs go through RunWorker; at most one runs at a time.
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
    enum class UnsavedAnswer
    {
        Save,
        Discard,
        Cancel
    };
    // Asked with the file and what is about to happen; the default shows a QMessageBox; tests replace it.
    using UnsavedPrompt = std::function<UnsavedAnswer(const QString &file, const QString &what)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override; // cancels a run still going and waits for its thread

    // Opens a retort.ini (or a folder holding one) and remembers it as the last/recent project.
    bool openProject(const QString &path);
    ProjectSession *session() const { return m_session; }
    SqlEditor *editor() const { return m_editor; }

    // The panels other parts provide; each replaces the previous one (the window takes ownership).
    QWidget *graphArea() const { return m_graphArea; }
    void setGraphWidget(QWidget *widget);
    void setDetailsWidget(QWidget *widget);
    void setPendingWidget(QWidget *widget);
    // A panel docked at `area`, with its show/hide action in the View menu.
    void addDock(QDockWidget *dock, Qt::DockWidgetArea area);

    // The one target and plan (RunController) that the pending panel lists and Upgrade, Downgrade,
    // Stamp and Rehearse act on ("heads" by default, and again after every run).
    RunController *runController() const { return m_runs; }
    void setTarget(const QString &identifier);
    QString target() const;
    void setConfirmation(Confirmation confirmation);
    void setMessagePrompt(MessagePrompt prompt) { m_messagePrompt = std::move(prompt); }
    void setNewRevisionPrompt(NewRevisionPrompt prompt) { m_newRevisionPrompt = std::move(prompt); }
    void setUnsavedPrompt(UnsavedPrompt prompt) { m_unsavedPrompt = std::move(prompt); }
    // With unsaved edits in the editor, asks to save or discard them before `what` ("open another
    // revision", "run"); false when cancelled. Discarding shows the file as it is on disk again;
    // saving reloads the project, so a run uses what was saved.
    bool settleUnsavedEdits(const QString &what);
    void setGatePrompt(GatePromptFunction prompt);
    // A backup taken outside a run (a checklist's {backup} step) that the next gate offers to reuse.
    void setRecentBackup(const BackupRecord &backup);
    const std::optional<BackupRecord> &recentBackup() const;

    // Shows a revision file in the editor, editable, with an optional failing line marked. False when
    // unsaved edits of another file were kept (cancelled) or the file cannot be read. The path is
    // taken by value: saving the edits first reloads the scripts a caller's reference points into.
    bool showRevisionFile(QString path, int errorLine = 0);
    // The offline SQL of the pending plan, read-only in the editor.
    void showPreview(const QString &sql);

    // From the moment a run is asked for (the database is read again, the confirmation asked) until
    // its end has been handled.
    bool isRunning() const { return m_running; }
    // The plan on screen, when it is one: Upgrade runs an upgrade plan, Downgrade a downgrade plan;
    // otherwise the error strip says why not. Stamp stamps the target; Rehearse rehearses the plan.
    void upgrade();
    void downgrade();
    void downgradeOneStep();
    void stamp();
    void rehearseUpgrade();
    void cancelRun();
    // Asks for a run of `command` to `target` (the checklist's steps): the database is read again,
    // then the confirmation (or on production the gate) is asked, then it runs. False when it cannot
    // start at all (already running, no project); otherwise runEnded or runDeclined follows.
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
    QWidget *createWelcomePage();
    QWidget *createWorkspace();
    // The red banner: production by retort.ini, or by what the database is (its mark, its identity).
    void updateProductionBanner();
    void setRunning(bool running);
    void connectLauncher();
    // The plan on screen, if `downgrade` says which way it goes; otherwise the error strip says why not.
    void runShownPlan(bool downgrade, bool rehearsal);
    void showError(const QString &message);
    void hideError();
    void updateTitle();
    void updateEditorTitle();
    void updateEnvironment();
    void updateCurrentRows();
    void updateActions();
    void openProjectDialog();
    // Asks for the message (a dialog: never during a run's wait) and writes the file.
    void createRevision(const ScriptDirectory::NewRevision &request);
    void saveEditor();
    void saveSqlAs();
    void restoreSettings();
    void saveSettings() const;
    static void replaceWidget(QWidget *host, QWidget *widget);

    ProjectSession *m_session = nullptr;
    RunController *m_runs;   // the one target and plan
    RunLauncher *m_launcher; // asks and runs
    MessagePrompt m_messagePrompt;
    NewRevisionPrompt m_newRevisionPrompt;
    UnsavedPrompt m_unsavedPrompt;
    DatabaseRefresher *m_refresher; // F5, coming back, the idle poll
    WorkbenchActions *m_actions;    // the menus, the toolbar, and when each action may be used

    QStackedWidget *m_stack = nullptr;
    EnvironmentBar *m_header = nullptr;
    ErrorStrip *m_errorStrip = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_leftSplitter = nullptr;
    QSplitter *m_rightSplitter = nullptr;
    QWidget *m_graphArea = nullptr;
    QWidget *m_detailsArea = nullptr;
    QWidget *m_pendingArea = nullptr;
    QLabel *m_editorTitle = nullptr;
    SqlEditor *m_editor = nullptr;
    bool m_running = false;
    bool m_errorFromProjectLoad = false; // whether the error strip shows a project (not run) error
    bool m_previewWanted = true;         // whether plan previews may replace the editor's content
    LogPane *m_log = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace retort::ui
