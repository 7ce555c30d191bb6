// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "core/DemoProject.h"
#include "ui/AlembicSectionDialog.h"
#include "ui/DatabaseRefresher.h"
#include "ui/EnvironmentBar.h"
#include "ui/EnvironmentHeader.h"
#include "ui/ErrorStrip.h"
#include "ui/GuiSettings.h"
#include "ui/LogPane.h"
#include "ui/NewRevisionDialog.h"
#include "ui/ProjectPaths.h"
#include "ui/ProjectSession.h"
#include "ui/RunController.h"
#include "ui/RunFlow.h"
#include "ui/RunLauncher.h"
#include "ui/WorkbenchActions.h"
#include "ui/WorkbenchPanels.h"
#include "ui/WelcomePage.h"
#include "ui/checklist/ChecklistActions.h"
#include "ui/checklist/ChecklistPanel.h"
#include "ui/details/RevisionDetails.h"
#include "ui/editor/SqlEditor.h"
#include "ui/graph/RevisionGraphView.h"
#include "ui/pending/PendingPanel.h"
#include "ui/problems/ProblemsPanel.h"
#include "ui/safety/ProductionGateDialog.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace retort::ui {

namespace {

QWidget *areaHost(const QString &name, QWidget *parent)
{
    auto *host = new QWidget(parent);
    host->setObjectName(name);
    auto *layout = new QVBoxLayout(host);
    layout->setContentsMargins(0, 0, 0, 0);
    return host;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_session(new ProjectSession(this)), m_runs(new RunController(this)),
      m_refresher(new DatabaseRefresher(m_session, this, [this] { return isRunning(); })),
      m_actions(new WorkbenchActions(this, m_session, m_runs))
{
    setAcceptDrops(true);
    m_newRevisionPrompt = [this](const RevisionMap &map) { return NewRevisionDialog::ask(map, this); };
    m_messagePrompt = [this](const QString &title, const QString &prompt, const QString &suggestion) {
        bool ok = false;
        const QString text = QInputDialog::getText(this, title, prompt, QLineEdit::Normal, suggestion, &ok);
        return ok ? text : QString();
    };
    m_sectionPrompt = [this](const QString &iniPath, const QStringList &sections) {
        return AlembicSectionDialog::ask({iniPath, sections}, this);
    };

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_header = new EnvironmentBar(central);
    layout->addWidget(m_header);
    m_errorStrip = new ErrorStrip(central);
    layout->addWidget(m_errorStrip);
    m_stack = new QStackedWidget(central);
    m_stack->addWidget(createWelcomePage());
    m_stack->addWidget(createWorkspace());
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_runFlow = new RunFlow(m_session, m_runs, m_editorPane, m_refresher, this);
    // Production databases go through the gate instead.
    setConfirmation([this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Ok | QMessageBox::Cancel, QMessageBox::Cancel) ==
               QMessageBox::Ok;
    });
    setGatePrompt([this](const GatePrompt &prompt) { return ProductionGateDialog::ask(prompt, this); });

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelRunButton"));
    connect(m_cancelButton, &QPushButton::clicked, this, &MainWindow::cancelRun);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);
    m_progress->hide();
    m_cancelButton->hide();

    connectActions();
    connectSession();
    connectRuns();
    connect(m_editorPane, &EditorPane::stateChanged, this, [this] {
        updateTitle();
        updateActions();
    });
    connect(m_editorPane, &EditorPane::errorRaised, this, &MainWindow::showError);
    connect(m_editorPane, &EditorPane::sqlSaved, this, [this](const QString &path) {
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    });

    createPanels();
    // Within the screen the first time (a laptop's 1280x800 too); afterwards, as the user left it.
    const QRect available = QGuiApplication::primaryScreen() ? QGuiApplication::primaryScreen()->availableGeometry()
                                                             : QRect(0, 0, 1280, 800);
    resize(qMin(1200, available.width() * 95 / 100), qMin(800, available.height() * 9 / 10));
    restoreSettings();
    updateTitle();
    updateActions();
}

MainWindow::~MainWindow() = default; // the launcher cancels a run still going and waits for it

void MainWindow::connectActions()
{
    connect(m_actions->open(), &QAction::triggered, this, &MainWindow::openProjectDialog);
    connect(m_actions->openFolder(), &QAction::triggered, this, &MainWindow::openFolderDialog);
    connect(m_actions->save(), &QAction::triggered, m_editorPane, &EditorPane::save);
    connect(m_actions->saveSqlAs(), &QAction::triggered, m_editorPane, &EditorPane::saveSqlAs);
    connect(m_actions->upgrade(), &QAction::triggered, this, &MainWindow::upgrade);
    connect(m_actions->downgrade(), &QAction::triggered, this, &MainWindow::downgrade);
    connect(m_actions->downgradeStep(), &QAction::triggered, this, &MainWindow::downgradeOneStep);
    connect(m_actions->stamp(), &QAction::triggered, this, &MainWindow::stamp);
    connect(m_actions->rehearse(), &QAction::triggered, this, &MainWindow::rehearseUpgrade);
    connect(m_actions->cancel(), &QAction::triggered, this, &MainWindow::cancelRun);
    connect(m_actions->newRevision(), &QAction::triggered, this, &MainWindow::newRevision);
    connect(m_actions->merge(), &QAction::triggered, this, &MainWindow::mergeHeads);
    connect(m_actions->refresh(), &QAction::triggered, this, &MainWindow::refreshDatabase);
    connect(m_actions->poll(), &QAction::toggled, this,
            [this](bool on) { m_refresher->setPollInterval(on ? DatabaseRefresher::DefaultPollMilliseconds : 0); });
    connect(m_actions->showLog(), &QAction::toggled, m_log, &QWidget::setVisible);
    connect(m_actions, &WorkbenchActions::recentProjectChosen, this,
            [this](const QString &path) { openProject(path); });
    connect(m_actions, &WorkbenchActions::demoChosen, this, &MainWindow::openDemo);
}

void MainWindow::connectSession()
{
    connect(m_session, &ProjectSession::projectLoaded, this, [this] {
        // A reload fixes a project error, not a run's failure: that one stays until the next run.
        if (m_errorFromProjectLoad)
            hideError();
        m_stack->setCurrentIndex(1);
        updateTitle();
        updateActions();
        const qsizetype leftOut = m_session->scripts().leftOut().size();
        if (leftOut == 0)
            statusBar()->showMessage(tr("Loaded %1").arg(QDir::toNativeSeparators(m_session->iniPath())), 4000);
        else
            statusBar()->showMessage(
                tr("Loaded %1 without %n file(s) that could not be loaded (see Problems)", nullptr, int(leftOut))
                    .arg(QDir::toNativeSeparators(m_session->iniPath())));
    });
    connect(m_session, &ProjectSession::projectFailed, this, [this](const QString &message) {
        showError(message);
        m_errorFromProjectLoad = true;
        updateTitle();
        updateActions();
    });
    // The header's environments, connection, current revision(s), target and production banner.
    new EnvironmentHeader(m_header, m_session, m_runs, m_editorPane);
    connect(m_session, &ProjectSession::environmentChanged, this, &MainWindow::updateTitle);
    // The reason the run actions are off names the connection's state.
    connect(m_session, &ProjectSession::connectionStateChanged, this, &MainWindow::updateActions);
    connect(m_runs, &RunController::targetChanged, this, [this](const QString &target) {
        updateTitle();
        Q_EMIT targetChanged(target);
    });
    connect(m_runs, &RunController::planChanged, this, &MainWindow::updateActions);
    connect(m_refresher, &DatabaseRefresher::movedOutside, this, [this](const QString &message) {
        m_log->appendLine(message);
        statusBar()->showMessage(message, 15000);
    });
}

void MainWindow::connectRuns()
{
    connect(m_runFlow, &RunFlow::runningChanged, this, &MainWindow::setRunning);
    connect(m_runFlow, &RunFlow::statusChanged, statusBar(), &QStatusBar::showMessage);
    connect(m_runFlow, &RunFlow::lineLogged, m_log, &LogPane::appendLine);
    connect(m_runFlow, &RunFlow::errorRaised, this, &MainWindow::showError);
    connect(m_runFlow, &RunFlow::errorCleared, this, &MainWindow::hideError);
    connect(m_runFlow, &RunFlow::runEnded, this, &MainWindow::runEnded);
    connect(m_runFlow, &RunFlow::runDeclined, this, &MainWindow::runDeclined);
    connect(m_runFlow, &RunFlow::gatePassed, this, &MainWindow::gatePassed);
    RunLauncher *launcher = m_runFlow->launcher();
    connect(launcher, &RunLauncher::started, m_log, &LogPane::appendLine);
    connect(launcher, &RunLauncher::stepStarted, this, [this](int number, int count, const QString &description) {
        m_progress->setRange(0, count);
        m_progress->setValue(number - 1);
        m_log->appendStepStarted(number, count, description);
    });
    connect(launcher, &RunLauncher::stepFinished, this, [this](int number, qint64 milliseconds) {
        m_progress->setValue(number);
        m_log->appendStepFinished(milliseconds);
    });
    connect(launcher, &RunLauncher::messageLogged, m_log, &LogPane::appendLine);
}

QWidget *MainWindow::createWelcomePage()
{
    auto *page = new WelcomePage(this);
    connect(page, &WelcomePage::openProjectClicked, this, &MainWindow::openProjectDialog);
    connect(page, &WelcomePage::openFolderClicked, this, &MainWindow::openFolderDialog);
    connect(page, &WelcomePage::demoClicked, this, &MainWindow::openDemo);
    connect(page, &WelcomePage::recentProjectChosen, this, [this](const QString &path) { openProject(path); });
    return page;
}

QWidget *MainWindow::createWorkspace()
{
    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_leftSplitter = new QSplitter(Qt::Vertical, m_mainSplitter);
    m_leftSplitter->setObjectName(QStringLiteral("leftSplitter"));
    m_graphArea = areaHost(QStringLiteral("graphArea"), m_leftSplitter);
    m_graphArea->setMinimumWidth(240);
    m_detailsArea = areaHost(QStringLiteral("detailsArea"), m_leftSplitter);
    m_rightSplitter = new QSplitter(Qt::Vertical, m_mainSplitter);
    m_rightSplitter->setObjectName(QStringLiteral("rightSplitter"));
    m_pendingArea = areaHost(QStringLiteral("pendingArea"), m_rightSplitter);
    m_editorPane = new EditorPane(m_session, m_rightSplitter);
    m_log = new LogPane(m_rightSplitter);

    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setSizes({460, 740}); // until restoreSettings() brings the user's sizes
    m_rightSplitter->setStretchFactor(m_rightSplitter->indexOf(m_editorPane), 3);
    m_rightSplitter->setStretchFactor(m_rightSplitter->indexOf(m_log), 1);
    return m_mainSplitter;
}

void MainWindow::createPanels()
{
    auto *graph = new RevisionGraphView;
    auto *details = new RevisionDetails;
    auto *pending = new PendingPanel(m_runs);
    auto *checklist = new ChecklistPanel;
    auto *problems = new ProblemsPanel;
    auto *problemsDock = new QDockWidget(tr("Problems"), this);
    m_graphArea->layout()->addWidget(graph);
    m_detailsArea->layout()->addWidget(details);
    m_pendingArea->layout()->addWidget(pending);

    auto *checklistDock = new QDockWidget(tr("Checklist"), this);
    checklistDock->setObjectName(QStringLiteral("checklistDock"));
    checklistDock->setWidget(checklist);
    checklistDock->hide(); // until the user opens it (View > Checklist); a saved layout may show it
    addDock(checklistDock, Qt::RightDockWidgetArea);
    // Opened, it takes about a third of the window (its size hint would take more at 1280 px), leaving the
    // graph, the plan and the editor the room they need; the user may widen it.
    connect(checklistDock, &QDockWidget::visibilityChanged, this, [this, checklistDock](bool visible) {
        const int third = qMax(checklistDock->widget()->minimumSizeHint().width(), width() * 3 / 10);
        if (visible && !checklistDock->isFloating() && checklistDock->width() > third)
            resizeDocks({checklistDock}, {third}, Qt::Horizontal);
    });
    new ChecklistActions(m_session, m_runFlow, m_editorPane, checklist);
    problemsDock->setObjectName(QStringLiteral("problemsDock"));
    problemsDock->setWidget(problems);
    problemsDock->hide(); // until the project has an error, or the user opens it (View > Problems)
    addDock(problemsDock, Qt::BottomDockWidgetArea);

    connect(graph, &RevisionGraphView::targetChosen, this, &MainWindow::setTarget);
    new WorkbenchPanels({graph, details, pending, checklist, problems, problemsDock}, m_session, m_runs, m_editorPane,
                        m_runFlow->launcher(), this);
}

void MainWindow::addDock(QDockWidget *dock, Qt::DockWidgetArea area)
{
    addDockWidget(area, dock);
    m_actions->viewMenu()->addAction(dock->toggleViewAction());
    // A layout saved earlier decides whether it shows (restoreSettings() restores it for docks added before).
    restoreDockWidget(dock);
}

SqlEditor *MainWindow::editor() const
{
    return m_editorPane->editor();
}

void MainWindow::setConfirmation(Confirmation confirmation)
{
    m_runFlow->launcher()->setConfirmation(std::move(confirmation));
}

void MainWindow::setGatePrompt(GatePromptFunction prompt)
{
    m_runFlow->launcher()->setGatePrompt(std::move(prompt));
}

void MainWindow::setUnsavedPrompt(UnsavedPrompt prompt)
{
    m_editorPane->setUnsavedPrompt(std::move(prompt));
}

void MainWindow::setRecentBackup(const BackupRecord &backup)
{
    m_runFlow->setRecentBackup(backup);
}

const std::optional<BackupRecord> &MainWindow::recentBackup() const
{
    return m_runFlow->recentBackup();
}

QString MainWindow::lastRunSummary() const
{
    return m_runFlow->lastSummary();
}

bool MainWindow::isRunning() const
{
    return m_runFlow && m_runFlow->isRunning();
}

QString MainWindow::target() const
{
    return m_runs->target();
}

void MainWindow::setTarget(const QString &identifier)
{
    m_editorPane->previewWanted(); // choosing a target asks to see its plan's SQL
    m_runs->setTarget(identifier.isEmpty() ? RunController::defaultTarget() : identifier);
}

bool MainWindow::settleUnsavedEdits(const QString &what)
{
    return m_editorPane->settleUnsavedEdits(what);
}

bool MainWindow::showRevisionFile(QString path, int errorLine)
{
    return m_editorPane->showRevisionFile(std::move(path), errorLine);
}

void MainWindow::refreshDatabase()
{
    m_refresher->refreshNow();
}

bool MainWindow::openProject(const QString &path, const QString &section)
{
    if (isRunning()) {
        showError(tr("A run is in progress; cancel it or wait for it before opening another project."));
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (!settleUnsavedEdits(tr("opening %1").arg(QDir::toNativeSeparators(absolute))))
        return false;
    QString chosen = section;
    if (chosen.isEmpty()) {
        if (const auto choice = AlembicSectionDialog::choiceFor(absolute)) {
            const std::optional<QString> answer = m_sectionPrompt(choice->iniPath, choice->sections);
            if (!answer)
                return false; // the project on screen stays
            chosen = *answer;
        }
    }
    m_editorPane->clear();
    const bool opened = m_session->open(absolute, chosen);
    GuiSettings::rememberProject(absolute);
    if (!opened)
        m_stack->setCurrentIndex(0);
    return opened;
}

bool MainWindow::openDemo()
{
    const Result<QString> project = DemoProject::prepare(DemoProject::shippedDirectory(), DemoProject::userDirectory());
    if (!project) {
        showError(tr("Cannot prepare the demo project: %1").arg(project.error().message));
        return false;
    }
    return openProject(*project);
}

void MainWindow::openProjectDialog()
{
    const QString path = ProjectPaths::askForFile(this);
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::openFolderDialog()
{
    const QString path = ProjectPaths::askForFolder(this);
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::upgrade()
{
    m_runFlow->runShownPlan(false, false);
}

void MainWindow::downgrade()
{
    m_runFlow->runShownPlan(true, false);
}

void MainWindow::rehearseUpgrade()
{
    m_runFlow->runShownPlan(m_runs->plan().downgrade, true);
}

void MainWindow::downgradeOneStep()
{
    startRun(RunRequest::Command::Downgrade, QStringLiteral("-1"));
}

void MainWindow::stamp()
{
    startRun(RunRequest::Command::Stamp, target());
}

bool MainWindow::startRun(RunRequest::Command command, const QString &target, bool rehearsal)
{
    return m_runFlow->startRun(command, target, rehearsal);
}

void MainWindow::cancelRun()
{
    if (!isRunning())
        return;
    m_runFlow->cancel();
    m_cancelButton->setEnabled(false);
}

void MainWindow::setRunning(bool running)
{
    m_progress->setVisible(running);
    m_cancelButton->setVisible(running);
    m_cancelButton->setEnabled(running);
    m_header->setSelectionEnabled(!running);
    if (running)
        m_progress->setRange(0, 0); // busy until the first step says how many there are
    updateActions();
}

void MainWindow::showError(const QString &message)
{
    m_errorFromProjectLoad = false;
    m_errorStrip->showMessage(message);
}

void MainWindow::hideError()
{
    m_errorStrip->dismiss();
}

void MainWindow::updateTitle()
{
    if (m_session->iniPath().isEmpty()) {
        setWindowTitle(tr("Retort"));
        return;
    }
    // The project's folder, and what it is unless a plain retort.ini: "shop — alembic.ini [alembic]".
    QString folder = QFileInfo(m_session->projectDir()).fileName();
    if (!m_session->projectLabel().isEmpty())
        folder += QStringLiteral(" — ") + m_session->projectLabel();
    // The target too: it is what the run actions act on.
    // A leading '*' while the editor holds unsaved changes.
    const QString modified = m_editorPane->hasUnsavedEdits() ? QStringLiteral("* ") : QString();
    if (m_session->environment().isEmpty())
        setWindowTitle(QStringLiteral("%1%2 → %3 — Retort").arg(modified, folder, target()));
    else
        setWindowTitle(
            QStringLiteral("%1%2 — %3 → %4 — Retort").arg(modified, folder, m_session->environment(), target()));
}

void MainWindow::updateActions()
{
    m_actions->update(isRunning(), m_editorPane->hasUnsavedEdits());
}

void MainWindow::newRevision()
{
    if (!m_session->isLoaded())
        return;
    // Held: the dialog's event loop may see the project reloaded.
    const std::shared_ptr<const ScriptDirectory> scripts = m_session->sharedScripts();
    if (const std::optional<ScriptDirectory::NewRevision> request = m_newRevisionPrompt(scripts->map()))
        createRevision(*request);
}

void MainWindow::mergeHeads()
{
    if (!m_session->isLoaded())
        return;
    const RevisionMap &map = m_session->scripts().map();
    QStringList heads;
    for (int index : map.heads())
        heads << map.at(index).id;
    ScriptDirectory::NewRevision request;
    request.heads = heads;
    request.message =
        m_messagePrompt(tr("Merge Heads"), tr("Merge %1 with the message:").arg(heads.join(QStringLiteral(", "))),
                        tr("merge heads"))
            .trimmed();
    if (!request.message.isEmpty())
        createRevision(request);
}

void MainWindow::createRevision(const ScriptDirectory::NewRevision &request)
{
    if (!m_session->isLoaded())
        return;
    QString note;
    const Result<QString> path = m_session->createRevision(request, &note);
    if (!path.ok()) {
        showError(path.error().message);
        return;
    }
    if (!note.isEmpty())
        m_log->appendLine(note);
    m_session->reload();
    showRevisionFile(path.value());
}

void MainWindow::restoreSettings()
{
    const QSettings store = GuiSettings::open();
    restoreGeometry(store.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(store.value(QStringLiteral("window/state")).toByteArray());
    m_mainSplitter->restoreState(store.value(QStringLiteral("window/mainSplitter")).toByteArray());
    m_leftSplitter->restoreState(store.value(QStringLiteral("window/leftSplitter")).toByteArray());
    m_rightSplitter->restoreState(store.value(QStringLiteral("window/rightSplitter")).toByteArray());
    m_actions->poll()->setChecked(store.value(QStringLiteral("view/pollDatabase"), true).toBool());
    m_refresher->setPollInterval(m_actions->poll()->isChecked() ? DatabaseRefresher::DefaultPollMilliseconds : 0);
}

void MainWindow::saveSettings() const
{
    QSettings store = GuiSettings::open();
    store.setValue(QStringLiteral("window/geometry"), saveGeometry());
    store.setValue(QStringLiteral("window/state"), saveState());
    store.setValue(QStringLiteral("window/mainSplitter"), m_mainSplitter->saveState());
    store.setValue(QStringLiteral("window/leftSplitter"), m_leftSplitter->saveState());
    store.setValue(QStringLiteral("window/rightSplitter"), m_rightSplitter->saveState());
    store.setValue(QStringLiteral("view/pollDatabase"), m_actions->poll()->isChecked());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (isRunning()) {
        showError(tr("A run is in progress: cancel it first."));
        event->ignore();
        return;
    }
    if (!settleUnsavedEdits(tr("closing the window"))) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile() && ProjectPaths::canOpen(urls.first().toLocalFile()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    openProject(urls.first().toLocalFile());
}

} // namespace retort::ui
