// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

class QTimer;
class QWidget;

namespace retort::ui {

class ProjectSession;

// Keeps what the window shows of the database fresh: F5 (refreshNow), coming back to the window
// (a quiet read), and a poll of the version table every few seconds while the window is idle (shown,
// no run or question going, no dialog open). When a read finds the database moved by someone else
// (the CLI, another window, a restore), it says so. GUI thread only.
class DatabaseRefresher : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultPollMilliseconds = 5000;

    // `busy` says when the window must not read on its own (a run or its questions are going).
    DatabaseRefresher(ProjectSession *session, QWidget *window, std::function<bool()> busy);

    // 0 (the start) turns the poll off.
    void setPollInterval(int milliseconds);
    int pollInterval() const;
    // An announced read (F5, View > Refresh).
    void refreshNow();
    // The read after a run of this window's own: what it finds moved is no news.
    void refreshAfterOwnRun();

Q_SIGNALS:
    // "The database moved outside this window: it is now at …, it was at …"
    void movedOutside(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void poll();

    ProjectSession *m_session;
    QWidget *m_window;
    std::function<bool()> m_busy;
    QTimer *m_pollTimer;
    int m_pollInterval = 0;
    bool m_leftSinceRead = false; // the window lost focus since it last read the database
    quint64 m_ownRunRead = 0;     // the read that follows this window's run
};

} // namespace retort::ui
