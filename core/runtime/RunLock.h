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
// the run's session, so they go when it dies), or for SQLite an flock() on a file beside the
// database (which the kernel drops when the process dies).
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

    // "alice@build-7 (pid 4242, retort 0.1.0) since 2026-11-26T02:40:00Z": how a holder names itself.
    static QString holderDescription(const QString &sinceUtcIso);

protected:
    RunLock() = default;
};

} // namespace retort
