// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "ui/DatabaseRefresher.h"
#include "ui/EnvironmentBar.h"
#include "ui/ErrorStrip.h"
#include "ui/GuiSettings.h"
#include "ui/LogPane.h"
#include "ui/NewRevisionDialog.h"
#include "ui/ProjectSession.h"
#include "ui/RunController.h"
#include "ui/RunLauncher.h"
#include "ui/WorkbenchActions.h"
#include "ui/WorkbenchPanels.h"
#include "ui/editor/SqlEditor.h"
#include "ui/safety/ProductionGateDialog.h"

#include "core/runtime/VersionTable.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/SqlDialect.h"
#include "core/safety/GateDescription.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QThread>
#include <QGuiApplication>
#include <QScreen>
#include <QVBoxLayout>

#include <memory>

namespace retort::ui {

namespace {

// A retort.ini path for a dropped or given path: the file itself, or the one inside a folder.
QString iniPathFor(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return QDir(path).filePath(QStringLiteral("retort.ini"));
    return info.absoluteFilePath();
}

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
      m_launcher(new RunLauncher(m_session, m_runs, this)),
      m_refresher(new DatabaseRefresher(m_session, this, [this] { return isRunning(); })),
      m_actions(new WorkbenchActions(this, m_session, m_runs))
{
    setAcceptDrops(true);
    // Production databases go through the gate instead.
    setConfirmation([this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Ok | QMessageBox::Cancel, QMessageBox::Cancel) ==
               QMessageBox::Ok;
    });
    setGatePrompt([this](const GatePrompt &prompt) { return ProductionGateDialog::ask(prompt, this); });
    m_unsavedPrompt = [this](const QString &file, const QString &what) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved Changes"),
            tr("%1 has unsaved changes. Save them before %2?").arg(QDir::toNativeSeparators(file), what),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        return answer == QMessageBox::Save      ? UnsavedAnswer::Save
               : answer == QMessageBox::Discard ? UnsavedAnswer::Discard
                                                : UnsavedAnswer::Cancel;
    };
    m_newRevisionPrompt = [this](const RevisionMap &map) { return NewRevisionDialog::ask(map, this); };
    m_messagePrompt = [this](const QString &title, const QString &prompt, const QString &suggestion) {
        bool ok = false;
        const QString text = QInputDialog::getText(this, title, prompt, QLineEdit::Normal, suggestion, &ok);
        return ok ? text : QString();
    };
    connectActions();

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

    connect(m_session, &ProjectSession::projectLoaded, this, [this] {
        // A reload fixes a project error, not a run's failure: that one stays until the next run.
        if (m_errorFromProjectLoad)
            hideError();
        m_stack->setCurrentIndex(1);
        m_header->show();
        updateEnvironment();
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
    connect(m_session, &ProjectSession::environmentChanged, this, [this] {
        updateEnvironment();
        updateTitle();
    });
    connect(m_session, &ProjectSession::currentRowsChanged, this, &MainWindow::updateCurrentRows);
    connect(m_session, &ProjectSession::connectionStateChanged, this,
            [this](ConnectionState state, const QString &detail) {
                m_header->setConnectionState(state, detail);
                if (state != ConnectionState::Connected && state != ConnectionState::Connecting)
                    m_header->setCurrentRevisions(tr("unknown"));
                updateActions(); // the reason the run actions are off names the state
            });
    connect(m_header, &EnvironmentBar::cancelConnectionRequested, m_session, &ProjectSession::cancelRead);
    connect(m_header, &EnvironmentBar::environmentSelected, this, [this](const QString &name) {
        if (name == m_session->environment())
            return;
        if (settleUnsavedEdits(tr("switching to environment %1").arg(name)))
            m_session->setEnvironment(name);
        else
            updateEnvironment(); // the picker shows the environment still in use
    });
    connect(m_runs, &RunController::targetChanged, this, [this](const QString &target) {
        m_header->setTarget(target);
        updateTitle();
        Q_EMIT targetChanged(target);
    });
    connect(m_runs, &RunController::planChanged, this, &MainWindow::updateActions);
    connectLauncher();
    connect(m_refresher, &DatabaseRefresher::movedOutside, this, [this](const QString &message) {
        m_log->appendLine(message);
        statusBar()->showMessage(message, 15000);
    });
    m_header->setTarget(m_runs->target());
    connect(m_editor, &SqlEditor::modificationChanged, this, [this] {
        updateTitle();
        updateEditorTitle();
        updateActions();
    });

    m_header->hide();
    new WorkbenchPanels(this); // graph, details and pending panels, kept in step with the session
    // Within the screen the first time (a laptop's 1280x800 too); afterwards, as the user left it.
    const QRect available = QGuiApplication::primaryScreen() ? QGuiApplication::primaryScreen()->availableGeometry()
                                                             : QRect(0, 0, 1280, 800);
    resize(qMin(1200, available.width() * 95 / 100), qMin(800, available.height() * 9 / 10));
    restoreSettings();
    updateTitle();
    updateActions();
}

MainWindow::~MainWindow() = default; // the launcher cancels a run still going and waits for it

void MainWindow::setConfirmation(Confirmation confirmation)
{
    m_launcher->setConfirmation(std::move(confirmation));
}

void MainWindow::setGatePrompt(GatePromptFunction prompt)
{
    m_launcher->setGatePrompt(std::move(prompt));
}

void MainWindow::setRecentBackup(const BackupRecord &backup)
{
    m_launcher->setRecentBackup(backup);
}

const std::optional<BackupRecord> &MainWindow::recentBackup() const
{
    return m_launcher->recentBackup();
}

QString MainWindow::lastRunSummary() const
{
    return m_launcher->lastSummary();
}

QString MainWindow::target() const
{
    return m_runs->target();
}

void MainWindow::connectLauncher()
{
    connect(m_launcher, &RunLauncher::preparing, this, [this](const QString &description) {
        hideError();
        statusBar()->showMessage(description);
        setRunning(true);
    });
    connect(m_launcher, &RunLauncher::declined, this, [this](const QString &reason, bool error) {
        m_log->appendLine(reason);
        if (error)
            showError(reason);
        statusBar()->showMessage(tr("Not run"), 5000);
        setRunning(false);
        Q_EMIT runDeclined(reason);
    });
    connect(m_launcher, &RunLauncher::started, m_log, &LogPane::appendLine);
    connect(m_launcher, &RunLauncher::stepStarted, this, [this](int number, int count, const QString &description) {
        m_progress->setRange(0, count);
        m_progress->setValue(number - 1);
        m_log->appendStepStarted(number, count, description);
    });
    connect(m_launcher, &RunLauncher::stepFinished, this, [this](int number, qint64 milliseconds) {
        m_progress->setValue(number);
        m_log->appendStepFinished(milliseconds);
    });
    connect(m_launcher, &RunLauncher::messageLogged, m_log, &LogPane::appendLine);
    connect(m_launcher, &RunLauncher::gatePassed, this, &MainWindow::gatePassed);
    connect(m_launcher, &RunLauncher::finished, this,
            [this](RunLauncher::Outcome outcome, const QString &status, const QString &summary, const QString &file,
                   int line) {
                const bool succeeded = outcome == RunLauncher::Outcome::Succeeded;
                if (!succeeded && !file.isEmpty())
                    showRevisionFile(file, line);
                if (outcome == RunLauncher::Outcome::Failed)
                    showError(summary);
                statusBar()->showMessage(status, 5000);
                setRunning(false);
                m_refresher->refreshAfterOwnRun();
                Q_EMIT runEnded(succeeded);
            });
}

void MainWindow::connectActions()
{
    connect(m_actions->open(), &QAction::triggered, this, &MainWindow::openProjectDialog);
    connect(m_actions->save(), &QAction::triggered, this, &MainWindow::saveEditor);
    connect(m_actions->saveSqlAs(), &QAction::triggered, this, &MainWindow::saveSqlAs);
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
    connect(m_actions, &WorkbenchActions::recentProjectChosen, this, &MainWindow::openProject);
}

void MainWindow::refreshDatabase()
{
    m_refresher->refreshNow();
}

QWidget *MainWindow::createWelcomePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    auto *title = new QLabel(tr("No project open"), page);
    title->setAlignment(Qt::AlignCenter);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    title->setFont(font);
    auto *hint = new QLabel(tr("Open a retort.ini, or drop one onto this window."), page);
    hint->setAlignment(Qt::AlignCenter);
    auto *open = new QPushButton(tr("Open Project…"), page);
    open->setObjectName(QStringLiteral("openProjectButton"));
    connect(open, &QPushButton::clicked, this, &MainWindow::openProjectDialog);
    layout->addWidget(title);
    layout->addWidget(hint);
    layout->addWidget(open, 0, Qt::AlignCenter);
    layout->addStretch(2);
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
    // Until the graph view is set: a hint, so the space does not look broken.
    auto *placeholder = new QLabel(tr("The revision graph appears here."), m_graphArea);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setEnabled(false);
    m_graphArea->layout()->addWidget(placeholder);
    m_detailsArea = areaHost(QStringLiteral("detailsArea"), m_leftSplitter);
    m_detailsArea->hide();
    m_rightSplitter = new QSplitter(Qt::Vertical, m_mainSplitter);
    m_rightSplitter->setObjectName(QStringLiteral("rightSplitter"));
    m_pendingArea = areaHost(QStringLiteral("pendingArea"), m_rightSplitter);
    m_pendingArea->hide();

    auto *editorBox = new QWidget(m_rightSplitter);
    auto *editorLayout = new QVBoxLayout(editorBox);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->setSpacing(2);
    m_editorTitle = new QLabel(tr("Select a revision to see its SQL."), editorBox);
    m_editorTitle->setObjectName(QStringLiteral("editorTitle"));
    m_editorTitle->setContentsMargins(6, 2, 6, 0);
    m_editor = new SqlEditor(editorBox);
    m_editor->setObjectName(QStringLiteral("sqlEditor"));
    m_editor->setReadOnly(true);
    editorLayout->addWidget(m_editorTitle);
    editorLayout->addWidget(m_editor, 1);

    m_log = new LogPane(m_rightSplitter);
    connect(m_actions->showLog(), &QAction::toggled, m_log, &QWidget::setVisible);

    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setSizes({460, 740}); // until restoreSettings() brings the user's sizes
    m_rightSplitter->setStretchFactor(m_rightSplitter->indexOf(editorBox), 3);
    m_rightSplitter->setStretchFactor(m_rightSplitter->indexOf(m_log), 1);
    return m_mainSplitter;
}

void MainWindow::replaceWidget(QWidget *host, QWidget *widget)
{
    QLayout *layout = host->layout();
    while (QLayoutItem *item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (widget)
        layout->addWidget(widget);
    host->setVisible(widget != nullptr || host->objectName() == QLatin1String("graphArea"));
}

void MainWindow::addDock(QDockWidget *dock, Qt::DockWidgetArea area)
{
    addDockWidget(area, dock);
    m_actions->viewMenu()->addAction(dock->toggleViewAction());
    // A layout saved earlier (restoreSettings ran in the constructor) decides whether it shows.
    restoreDockWidget(dock);
}

void MainWindow::setGraphWidget(QWidget *widget)
{
    replaceWidget(m_graphArea, widget);
}

void MainWindow::setDetailsWidget(QWidget *widget)
{
    replaceWidget(m_detailsArea, widget);
}

void MainWindow::setPendingWidget(QWidget *widget)
{
    replaceWidget(m_pendingArea, widget);
}

bool MainWindow::openProject(const QString &path)
{
    if (isRunning()) {
        showError(tr("A run is in progress; cancel it or wait for it before opening another project."));
        return false;
    }
    const QString iniPath = iniPathFor(path);
    if (!settleUnsavedEdits(tr("opening %1").arg(QDir::toNativeSeparators(iniPath))))
        return false;
    m_editor->setText(QString());
    m_editorTitle->setText(tr("Select a revision to see its SQL."));
    const bool opened = m_session->open(iniPath);
    GuiSettings::rememberProject(iniPath);
    if (!opened)
        m_stack->setCurrentIndex(0);
    return opened;
}

void MainWindow::setTarget(const QString &identifier)
{
    m_previewWanted = true; // choosing a target asks to see its plan's SQL
    m_runs->setTarget(identifier.isEmpty() ? RunController::defaultTarget() : identifier);
}

bool MainWindow::settleUnsavedEdits(const QString &what)
{
    if (!m_editor->isModified() || m_editor->filePath().isEmpty())
        return true;
    const QString path = m_editor->filePath();
    switch (m_unsavedPrompt ? m_unsavedPrompt(path, what) : UnsavedAnswer::Cancel) {
    case UnsavedAnswer::Cancel:
        return false;
    case UnsavedAnswer::Discard:
        m_editor->showFile(path); // the file as it is on disk; nothing unsaved stays on screen
        break;
    case UnsavedAnswer::Save:
        if (!m_editor->saveTo(path)) {
            showError(tr("Cannot write %1").arg(QDir::toNativeSeparators(path)));
            return false;
        }
        // Parsed again now, not after the file watcher's pause: what runs next is what was saved.
        if (m_session->isLoaded())
            m_session->reload();
        break;
    }
    updateEditorTitle();
    updateActions();
    return true;
}

bool MainWindow::showRevisionFile(QString path, int errorLine)
{
    const bool sameFile = QFileInfo(path) == QFileInfo(m_editor->filePath());
    if (!sameFile && !settleUnsavedEdits(tr("opening another revision")))
        return false;
    m_previewWanted = false; // a file shown on purpose stays until a target is chosen
    if (sameFile && m_editor->isModified()) {
        // Already on screen, with edits of its own: they stay (only the failing line is marked).
        if (errorLine > 0)
            m_editor->setErrorLine(errorLine);
        return true;
    }
    if (!m_editor->showFile(path)) {
        showError(tr("Cannot read %1").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    updateEditorTitle();
    if (errorLine > 0)
        m_editor->setErrorLine(errorLine);
    updateActions();
    return true;
}

void MainWindow::updateEditorTitle()
{
    const QString path = m_editor->filePath();
    if (path.isEmpty())
        return; // a preview or nothing: its own title stands
    m_editorTitle->setText(m_editor->isModified() ? tr("%1 — modified, not saved").arg(QDir::toNativeSeparators(path))
                                                  : QDir::toNativeSeparators(path));
}

void MainWindow::showPreview(const QString &sql)
{
    // Replans after every run or reload must not push away a file the user
    // opened (or the failing file of a run), nor unsaved edits.
    if (m_editor->isModified() || (!m_previewWanted && !m_editor->filePath().isEmpty()))
        return;
    // An empty plan must not leave the previous plan's SQL on screen.
    m_editor->setText(sql.isEmpty() ? tr("-- Nothing to run for the target %1.\n").arg(target()) : sql);
    m_editor->setReadOnly(true);
    m_editorTitle->setText(tr("Offline SQL of the plan to %1 (read-only)").arg(target()));
    updateActions();
}

void MainWindow::saveSqlAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save SQL As"), QStringLiteral("plan.sql"),
                                                      tr("SQL files (*.sql);;All files (*)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_editor->text().toUtf8()) < 0 || !file.commit()) {
        showError(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return;
    }
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
}

void MainWindow::upgrade()
{
    runShownPlan(false, false);
}

void MainWindow::downgrade()
{
    runShownPlan(true, false);
}

void MainWindow::rehearseUpgrade()
{
    runShownPlan(m_runs->plan().downgrade, true);
}

void MainWindow::runShownPlan(bool downgrade, bool rehearsal)
{
    const ShownPlan &plan = m_runs->plan();
    QString reason;
    if (!plan.error.isEmpty())
        reason = tr("Cannot plan to %1: %2").arg(plan.target, plan.error);
    else if (!plan.rowsKnown)
        reason = tr("The database has not been read, so there is no plan to run yet.");
    else if (plan.steps.isEmpty())
        reason = tr("Nothing to do: the database is already at %1.").arg(plan.target);
    else if (plan.downgrade != downgrade)
        reason = plan.downgrade ? tr("The plan to %1 is a downgrade: the target lies below the database. Use "
                                     "Downgrade to run it.")
                                      .arg(plan.target)
                                : tr("The plan to %1 is an upgrade: the target lies above the database. Use Upgrade "
                                     "to run it.")
                                      .arg(plan.target);
    if (!reason.isEmpty()) {
        showError(reason);
        return;
    }
    if (!m_session->target()) {
        showError(m_session->targetError());
        return;
    }
    // The run uses the files on disk: never while the editor shows other text for one of them.
    if (!settleUnsavedEdits(tr("running")))
        return;
    const ShownPlan shown = m_runs->plan(); // saving re-planned: run what is shown now
    if (!shown.runnable() || shown.downgrade != downgrade) {
        showError(tr("The plan changed when the file was saved; review it and run again."));
        return;
    }
    m_launcher->start(downgrade ? RunRequest::Command::Downgrade : RunRequest::Command::Upgrade, shown.target,
                      rehearsal, true);
}

void MainWindow::downgradeOneStep()
{
    startRun(RunRequest::Command::Downgrade, QStringLiteral("-1"));
}

void MainWindow::stamp()
{
    startRun(RunRequest::Command::Stamp, target());
}

void MainWindow::cancelRun()
{
    if (!isRunning())
        return;
    m_launcher->cancel();
    m_cancelButton->setEnabled(false);
}

bool MainWindow::startRun(RunRequest::Command command, const QString &target, bool rehearsal)
{
    if (isRunning() || !m_session->isLoaded())
        return false;
    if (!m_session->target()) {
        showError(m_session->targetError());
        return false;
    }
    if (!settleUnsavedEdits(tr("running")))
        return false;
    return m_launcher->start(command, target, rehearsal, false);
}

void MainWindow::setRunning(bool running)
{
    m_running = running;
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
    const QString folder = QFileInfo(m_session->iniPath()).absoluteDir().dirName();
    // The target too: it is what the run actions act on.
    // A leading '*' while the editor holds unsaved changes.
    const QString modified =
        m_editor->isModified() && !m_editor->filePath().isEmpty() ? QStringLiteral("* ") : QString();
    if (m_session->environment().isEmpty())
        setWindowTitle(QStringLiteral("%1%2 → %3 — Retort").arg(modified, folder, target()));
    else
        setWindowTitle(
            QStringLiteral("%1%2 — %3 → %4 — Retort").arg(modified, folder, m_session->environment(), target()));
}

void MainWindow::updateEnvironment()
{
    if (!m_session->isLoaded())
        return;
    m_header->setEnvironments(m_session->config().environmentNames(), m_session->environment());
    updateProductionBanner();
    m_header->setCurrentRevisions(QStringLiteral("…"));
}

void MainWindow::updateProductionBanner()
{
    const auto &target = m_session->target();
    QString url = target ? target->url.toDisplayString()
                         : maskPasswords(m_session->config().environments().value(m_session->environment()).url);
    if (url.isEmpty())
        url = tr("(no URL)");
    // Which database it is (its path or server, resolved), and why it is production.
    const auto &status = m_session->productionStatus();
    if (status && status->gated())
        url = status->identity.confirmationName() + QStringLiteral(" — ") + maskPasswords(status->explanation());
    m_header->setProduction(m_session->isProduction(), m_session->environment(), url);
}

void MainWindow::updateCurrentRows()
{
    updateProductionBanner(); // read with the rows
    const QStringList rows = m_session->currentRows();
    const QString text =
        m_session->isLoaded() ? versionRowsText(rows, m_session->scripts().map()) : versionRowsText(rows);
    m_header->setCurrentRevisions(text);
}

void MainWindow::updateActions()
{
    m_actions->update(isRunning(), !m_editor->filePath().isEmpty() && m_editor->isModified());
}

void MainWindow::openProjectDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), QString(),
                                                      tr("Retort project (retort.ini *.ini);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
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
    const Result<QString> path = m_session->scripts().createRevision(request);
    if (!path.ok()) {
        showError(path.error().message);
        return;
    }
    m_session->reload();
    showRevisionFile(path.value());
}

void MainWindow::saveEditor()
{
    if (m_editor->filePath().isEmpty())
        return;
    if (!m_editor->saveTo(m_editor->filePath()))
        showError(tr("Cannot write %1").arg(QDir::toNativeSeparators(m_editor->filePath())));
    updateEditorTitle();
    updateActions();
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
    const QFileInfo ini(urls.size() == 1 && urls.first().isLocalFile() ? iniPathFor(urls.first().toLocalFile())
                                                                       : QString());
    if (ini.isFile() && ini.suffix().compare(QLatin1String("ini"), Qt::CaseInsensitive) == 0)
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
