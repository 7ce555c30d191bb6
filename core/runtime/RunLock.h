// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

namespace retort {

// The lock that keeps two runs on one database apart for the whole run, whatever the
// transactions inside it: a PostgreSQL advisory lock, a MySQL/MariaDB named lock (both held by
// the run's session, so they go when it dies; `key` names the database and its version table),
// or for SQLite an flock() on the database file itself (whatever path reached it; the kernel
// drops it when the process dies). The SQLite lock's descriptor is never closed (that would drop
// SQLite's own locks on the file): it is kept for the next run on the same file.
//
// A run that has to wait says who holds the lock and since when, once, through `waiting`, and
// gives up after `timeoutSeconds` with an error that says the same.
class RunLock
{
public:
    using WaitingCallback = std::function<void(const QString &message)>;

    [[nodiscard]] static Result<std::unique_ptr<RunLock>> acquire(QSqlDatabase &db, Dialect dialect, const QString &key,
                                                                  int timeoutSeconds, const WaitingCallback &waiting);
    virtual ~RunLock() = default;

    // How a PostgreSQL holder names itself in application_name, which waiters read back:
    // "retort alice@build-7 pid 4242 since 2026-11-26T02:40:00Z", at most kApplicationNameBytes.
    static QString applicationName(const QString &sinceUtcIso);
    static constexpr int kApplicationNameBytes = 63;

protected:
    RunLock() = default;
};

} // namespace retort
