// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/DatabaseRefresher.h"

#include "core/runtime/VersionTable.h"
#include "ui/ProjectSession.h"

#include <QApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>

namespace retort::ui {

DatabaseRefresher::DatabaseRefresher(ProjectSession *session, QWidget *window, std::function<bool()> busy)
    : QObject(window), m_session(session), m_window(window), m_busy(std::move(busy)), m_pollTimer(new QTimer(this))
{
    connect(m_pollTimer, &QTimer::timeout, this, &DatabaseRefresher::poll);
    window->installEventFilter(this);
    connect(session, &ProjectSession::databaseMoved, this,
            [this](quint64 requestId, const QStringList &before, const QStringList &after) {
                if (requestId == m_ownRunRead)
                    return;
                Q_EMIT movedOutside(tr("The database moved outside this window: it was %2, it is now %1. "
                                       "The plan on screen was made again.")
                                        .arg(versionStateText(after), versionStateText(before)));
            });
}

void DatabaseRefresher::setPollInterval(int milliseconds)
{
    m_pollInterval = qMax(0, milliseconds);
    if (m_pollInterval == 0) {
        m_pollTimer->stop();
        return;
    }
    m_pollTimer->start(m_pollInterval);
}

int DatabaseRefresher::pollInterval() const
{
    return m_pollInterval;
}

void DatabaseRefresher::refreshNow()
{
    if (m_session->isLoaded() && !m_busy())
        m_session->refreshCurrentRows();
}

void DatabaseRefresher::refreshAfterOwnRun()
{
    m_ownRunRead = m_session->refreshCurrentRows();
}

void DatabaseRefresher::poll()
{
    // Idle only: not behind a dialog (its question is about the state it shows), not while a run
    // or its questions are going, not while nobody can see the window.
    if (!m_session->isLoaded() || m_busy() || !m_window->isVisible() || m_window->isMinimized() ||
        QApplication::activeModalWidget() != nullptr) {
        return;
    }
    m_session->refreshCurrentRows(ProjectSession::Refresh::Poll);
}

bool DatabaseRefresher::eventFilter(QObject *watched, QEvent *event)
{
    // Back from a terminal (where the CLI may have upgraded, marked or unmarked the database): read
    // again, quietly. Not on the first activation: the project was just read.
    if (watched == m_window && event->type() == QEvent::ActivationChange) {
        if (!m_window->isActiveWindow())
            m_leftSinceRead = true;
        else if (m_leftSinceRead && m_session->isLoaded() && !m_busy()) {
            m_leftSinceRead = false;
            m_session->refreshCurrentRows(ProjectSession::Refresh::Quiet);
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace retort::ui
