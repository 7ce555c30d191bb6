// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QListWidget;
class QListWidgetItem;

namespace retort::ui {

// What the window shows with no project open: Open Project / Open Folder, the demo project a first start
// offers (a copy of the seed's adoption story, made in the person's own data folder) and the recent
// projects, read again each time the page is shown. GUI thread only.
class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    // Lists GuiSettings::recentProjects() again; one that no longer exists is listed greyed out, not opened.
    void refreshRecentProjects();

Q_SIGNALS:
    void openProjectClicked();
    void openFolderClicked();
    void demoClicked();
    void recentProjectChosen(const QString &path);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void chooseRecent(QListWidgetItem *item);

    QWidget *m_recentBox = nullptr;
    QListWidget *m_recent = nullptr;
};

} // namespace retort::ui
