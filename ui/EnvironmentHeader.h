// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

namespace retort::ui {

class EditorPane;
class EnvironmentBar;
class ProjectSession;
class RunController;

// Keeps the window's header (an EnvironmentBar) saying what the session and the run controller know:
// the environments and the one in use, the connection, the current revision(s), the target, and the
// production banner (production by retort.ini, or by what the database is: its mark, its identity).
// Choosing another environment settles the editor's unsaved edits first. GUI thread only.
class EnvironmentHeader : public QObject
{
    Q_OBJECT

public:
    EnvironmentHeader(EnvironmentBar *bar, ProjectSession *session, RunController *controller, EditorPane *editor);

    // The picker shows the environment in use, the revisions "…" until they are read.
    void showEnvironment();

private:
    void showProduction();
    void showCurrentRows();

    EnvironmentBar *m_bar;
    ProjectSession *m_session;
    EditorPane *m_editor;
};

} // namespace retort::ui
