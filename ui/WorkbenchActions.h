// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QMenu;

namespace retort::ui {

class ProjectSession;
class RunController;

// The window's actions and where they are offered: the File, Run, Revision, View and Help menus and the
// toolbar; and whether each may be used now, the reason in its tooltip when not (update()). What an
// action does is the window's: it connects their triggered() signals. GUI thread only.
class WorkbenchActions : public QObject
{
    Q_OBJECT

public:
    // Creates the actions and fills `window`'s menu bar and toolbar.
    WorkbenchActions(QMainWindow *window, ProjectSession *session, RunController *controller);

    QAction *open() const { return m_open; }
    // A folder: its retort.ini, else its alembic.ini, else a bare Alembic versions folder.
    QAction *openFolder() const { return m_openFolder; }
    QAction *save() const { return m_save; }
    QAction *saveSqlAs() const { return m_saveSqlAs; }
    QAction *upgrade() const { return m_upgrade; }
    QAction *downgrade() const { return m_downgrade; }
    QAction *downgradeStep() const { return m_downgradeStep; }
    QAction *stamp() const { return m_stamp; }
    QAction *rehearse() const { return m_rehearse; }
    QAction *cancel() const { return m_cancel; }
    QAction *newRevision() const { return m_newRevision; }
    QAction *merge() const { return m_merge; }
    QAction *refresh() const { return m_refresh; }
    QAction *poll() const { return m_poll; } // checkable: re-read the database while idle
    QAction *showLog() const { return m_showLog; }
    // Panels docked later add their show/hide actions here.
    QMenu *viewMenu() const { return m_viewMenu; }

    // The run actions act on the plan on screen: enabled only for the plan they would run; the others for
    // the project, the run going and the editor's unsaved edits.
    void update(bool running, bool unsavedEdits);

Q_SIGNALS:
    // File > Open Recent.
    void recentProjectChosen(const QString &path);
    // File > Open the Demo Project.
    void demoChosen();

private:
    void createMenus(QMainWindow *window);
    void fillRecentMenu();

    ProjectSession *m_session;
    RunController *m_controller;
    QAction *m_open;
    QAction *m_openFolder;
    QAction *m_save;
    QAction *m_saveSqlAs;
    QAction *m_quit;
    QAction *m_upgrade;
    QAction *m_downgrade;
    QAction *m_downgradeStep;
    QAction *m_stamp;
    QAction *m_rehearse;
    QAction *m_cancel;
    QAction *m_newRevision;
    QAction *m_merge;
    QAction *m_refresh;
    QAction *m_poll = nullptr;
    QAction *m_showLog = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
};

} // namespace retort::ui
