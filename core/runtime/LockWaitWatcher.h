// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QString>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace retort {

// While a run's statement waits for a lock another session holds, says every `intervalSeconds` who holds
// it: on PostgreSQL the sessions pg_blocking_pids() names, with their user, application, client, how long
// their transaction has been open and their last query; on MySQL/MariaDB the session InnoDB says blocks a
// row lock, or, for a metadata lock (an ALTER behind an open transaction), the sessions with a transaction
// open. It watches through a connection of its own on a thread of its own, and reports from that thread.
// SQLite has no such view (a busy file says nothing of who holds it): no watcher.
class LockWaitWatcher
{
public:
    using Report = std::function<void(const QString &message)>;

    // Watches the session `runDb` is (its backend pid / connection id, read now); nullptr on SQLite or when
    // the session cannot be named.
    static std::unique_ptr<LockWaitWatcher> start(const QSqlDatabase &runDb, const DatabaseUrl &url,
                                                  double intervalSeconds, Report report);
    ~LockWaitWatcher(); // stops the thread and waits for it
    LockWaitWatcher(const LockWaitWatcher &) = delete;
    LockWaitWatcher &operator=(const LockWaitWatcher &) = delete;

private:
    LockWaitWatcher(DatabaseUrl url, qint64 session, double intervalSeconds, Report report);
    void watch();

    DatabaseUrl m_url;
    qint64 m_session;
    double m_intervalSeconds;
    Report m_report;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace retort
