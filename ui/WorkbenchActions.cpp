// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/WorkbenchActions.h"

#include "ui/AlembicRunNotes.h"
#include "ui/DatabaseRefresher.h"
#include "ui/GuiSettings.h"
#include "ui/ProjectSession.h"
#include "ui/RunController.h"

#include <QAction>
#include <QDir>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QStyle>
#include <QToolBar>

namespace retort::ui {

namespace {

QAction *createAction(QMainWindow *window, QStyle::StandardPixmap icon, const QString &text,
                      const QKeySequence &shortcut, const QString &toolTip = QString())
{
    auto *created = new QAction(text, window);
    if (icon != QStyle::SP_CustomBase)
        created->setIcon(window->style()->standardIcon(icon));
    created->setShortcut(shortcut);
    if (!toolTip.isEmpty())
        created->setToolTip(toolTip);
    return created;
}

} // namespace

WorkbenchActions::WorkbenchActions(QMainWindow *window, ProjectSession *session, RunController *controller)
    : QObject(window), m_session(session), m_controller(controller),
      m_open(createAction(window, QStyle::SP_DialogOpenButton, tr("&Open Project…"), QKeySequence::Open,
                          tr("Open a retort.ini or an Alembic project's alembic.ini"))),
      m_openFolder(createAction(window, QStyle::SP_DirOpenIcon, tr("Open &Folder…"), {},
                                tr("Open a folder: its retort.ini, else its alembic.ini, else its revision files"))),
      m_save(createAction(window, QStyle::SP_DialogSaveButton, tr("&Save Revision File"), QKeySequence::Save)),
      m_saveSqlAs(createAction(window, QStyle::SP_DriveFDIcon, tr("Save SQL &As…"), QKeySequence::SaveAs,
                               tr("Save what the editor shows (e.g. the plan's offline SQL) to a file"))),
      m_quit(createAction(window, QStyle::SP_CustomBase, tr("&Quit"), QKeySequence::Quit)),
      m_upgrade(createAction(window, QStyle::SP_ArrowUp, tr("&Upgrade"), {},
                             tr("Upgrade the database to the target revision"))),
      m_downgrade(createAction(window, QStyle::SP_ArrowDown, tr("&Downgrade"), {},
                               tr("Downgrade the database to the target revision"))),
      m_downgradeStep(createAction(window, QStyle::SP_CustomBase, tr("Downgrade &One Step"), {},
                                   tr("Undo the last revision applied (downgrade -1)"))),
      m_stamp(createAction(window, QStyle::SP_DialogApplyButton, tr("&Stamp"), {},
                           tr("Write the target into the version table without running migrations"))),
      m_rehearse(createAction(window, QStyle::SP_CustomBase, tr("&Rehearse the Plan"), {},
                              tr("Run the plan in a transaction and roll it back: nothing is kept"))),
      // Escape reaches it only while a run goes: a disabled action's shortcut does not compete.
      m_cancel(createAction(window, QStyle::SP_BrowserStop, tr("&Cancel Run"), Qt::Key_Escape)),
      m_newRevision(createAction(window, QStyle::SP_FileIcon, tr("&New Revision…"), QKeySequence::New)),
      m_merge(createAction(window, QStyle::SP_CustomBase, tr("&Merge Heads…"), {})),
      m_refresh(createAction(window, QStyle::SP_BrowserReload, tr("&Refresh from the Database"), QKeySequence::Refresh,
                             tr("Read the current revision, the history and the production mark again")))
{
    connect(m_quit, &QAction::triggered, window, &QWidget::close);
    createMenus(window);
}

void WorkbenchActions::createMenus(QMainWindow *window)
{
    QMenuBar *bar = window->menuBar();
    QMenu *file = bar->addMenu(tr("&File"));
    file->addAction(m_open);
    file->addAction(m_openFolder);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &WorkbenchActions::fillRecentMenu);
    QAction *demo = file->addAction(tr("Open the &Demo Project"), this, &WorkbenchActions::demoChosen);
    demo->setToolTip(tr("The seed's adoption story on SQLite, in a copy of your own"));
    file->addAction(m_save);
    file->addAction(m_saveSqlAs);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *run = bar->addMenu(tr("&Run"));
    run->addAction(m_upgrade);
    run->addAction(m_downgrade);
    run->addAction(m_downgradeStep);
    run->addAction(m_stamp);
    run->addAction(m_rehearse);
    run->addSeparator();
    run->addAction(m_cancel);

    QMenu *revision = bar->addMenu(tr("Re&vision"));
    revision->addAction(m_newRevision);
    revision->addAction(m_merge);

    QToolBar *toolBar = window->addToolBar(tr("Toolbar"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_open);
    toolBar->addSeparator();
    toolBar->addAction(m_upgrade);
    toolBar->addAction(m_downgrade);
    toolBar->addAction(m_stamp);
    toolBar->addAction(m_cancel);
    toolBar->addSeparator();
    toolBar->addAction(m_newRevision);

    m_viewMenu = bar->addMenu(tr("&View"));
    m_viewMenu->addAction(m_refresh);
    m_poll = m_viewMenu->addAction(
        tr("Re-read the Database &Every %1 Seconds").arg(DatabaseRefresher::DefaultPollMilliseconds / 1000));
    m_poll->setCheckable(true);
    m_poll->setToolTip(tr("While the window is idle, read the version table again to notice runs made "
                          "elsewhere (one short connection each time)"));
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(toolBar->toggleViewAction());
    m_showLog = m_viewMenu->addAction(tr("&Log Pane"));
    m_showLog->setCheckable(true);
    m_showLog->setChecked(true);

    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(tr("&About Retort"), window, [window] {
        QMessageBox::about(window, tr("About Retort"),
                           tr("<h3>Retort %1</h3><p>An Alembic-compatible database migration manager "
                              "with plain-SQL migrations.</p><p>GPL-3.0-or-later</p>")
                               .arg(QStringLiteral(RETORT_VERSION)));
    });
}

void WorkbenchActions::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = GuiSettings::recentProjects();
    for (const QString &path : recent) {
        m_recentMenu->addAction(QDir::toNativeSeparators(path), this,
                                [this, path] { Q_EMIT recentProjectChosen(path); });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
}

void WorkbenchActions::update(bool running, bool unsavedEdits)
{
    const bool loaded = m_session->isLoaded();
    // The run actions act on the plan on screen: enabled only for the plan they would run, the reason
    // in their tooltip otherwise.
    const ShownPlan &plan = m_controller->plan();
    QString unavailable;
    const bool whole = loaded && m_session->scripts().isComplete();
    if (!loaded)
        unavailable = m_session->iniPath().isEmpty() ? tr("No project open.")
                                                     : tr("The project could not be loaded (see Problems).");
    else if (running)
        unavailable = tr("A run is going.");
    else if (!whole)
        unavailable = tr("Nothing runs: %1.").arg(plan.error);
    else if (!plan.rowsKnown)
        unavailable = tr("The database has not been read: %1")
                          .arg(m_session->lastReadError().isEmpty() ? tr("connecting…") : m_session->lastReadError());
    else if (!plan.error.isEmpty())
        unavailable = tr("Cannot plan to %1: %2").arg(plan.target, plan.error);
    const int steps = int(plan.steps.size());
    auto set = [](QAction *action, bool enabled, const QString &tip) {
        action->setEnabled(enabled);
        action->setToolTip(tip);
        action->setStatusTip(tip);
    };
    if (!unavailable.isEmpty()) {
        for (QAction *action : {m_upgrade, m_downgrade, m_rehearse})
            set(action, false, unavailable);
    } else {
        set(m_upgrade, steps > 0 && !plan.downgrade,
            steps == 0       ? tr("Nothing to upgrade: the database is at %1.").arg(plan.target)
            : plan.downgrade ? tr("The target %1 lies below the database: that is a downgrade.").arg(plan.target)
                             : tr("Upgrade to %1: %n step(s).", nullptr, steps).arg(plan.target));
        set(m_downgrade, steps > 0 && plan.downgrade,
            steps == 0        ? tr("Nothing to downgrade: the database is at %1.").arg(plan.target)
            : !plan.downgrade ? tr("The target %1 lies above the database: that is an upgrade.").arg(plan.target)
                              : tr("Downgrade to %1: %n step(s).", nullptr, steps).arg(plan.target));
        // The project's Alembic commits in its own process: its plans are rehearsed on a scratch copy.
        const bool alembic = AlembicRunNotes::holdsAlembicRevisions(m_session->scripts(), plan.migrationSteps());
        set(m_rehearse, steps > 0,
            steps == 0 ? tr("Nothing to rehearse.")
            : alembic  ? tr("Rehearse the plan to %1 (%n step(s)) on a scratch copy restored from a backup: the "
                             "project's Alembic commits in its own process, so a rollback could not take it back.",
                            nullptr, steps)
                            .arg(plan.target)
                      : tr("Rehearse the plan to %1 (%n step(s)) in a transaction and roll it back.", nullptr, steps)
                            .arg(plan.target));
    }
    const bool known = whole && !running && plan.rowsKnown;
    set(m_stamp, known && !m_controller->target().isEmpty(),
        known ? tr("Write %1 into the version table without running migrations.").arg(m_controller->target())
              : unavailable);
    set(m_downgradeStep, known && !m_session->currentRows().isEmpty(),
        known && m_session->currentRows().isEmpty() ? tr("Nothing applied to undo.")
                                                    : tr("Undo the last revision applied (downgrade -1)."));
    m_cancel->setEnabled(running);
    m_open->setEnabled(!running);
    m_openFolder->setEnabled(!running);
    // A new revision revises the heads; with files left out, the graph's heads may not be the project's.
    set(m_newRevision, whole,
        whole    ? tr("Create a revision file on the head")
        : loaded ? unavailable
                 : tr("No project open."));
    set(m_merge, whole && m_session->scripts().map().heads().size() > 1,
        whole    ? tr("Create a revision that merges the heads")
        : loaded ? unavailable
                 : tr("No project open."));
    m_save->setEnabled(unsavedEdits);
}

} // namespace retort::ui
