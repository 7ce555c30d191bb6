// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/RunLock.h"

#include "core/TextFormat.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/SqlDialect.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDateTime>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace retort {

namespace {

constexpr int kPollMilliseconds = 100;

QString nowUtc()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

Error lockError(const QString &message)
{
    return Error(ErrorCode::Database, message);
}

QString waitingMessage(const QString &holder, int timeoutSeconds)
{
    return QStringLiteral("Waiting for the migration lock, held by %1 (giving up after %2; --lock-timeout "
                          "changes that)")
        .arg(holder, humanDuration(qint64(timeoutSeconds) * 1000));
}

Error timedOut(const QString &holder, int timeoutSeconds)
{
    return lockError(QStringLiteral("Another run holds the migration lock on this database: %1. Gave up after %2 "
                                    "and changed nothing; wait for that run to finish, or raise --lock-timeout.")
                         .arg(holder, humanDuration(qint64(timeoutSeconds) * 1000)));
}

Error queryFailed(const QString &what, const QSqlQuery &query)
{
    return lockError(QStringLiteral("%1: %2").arg(what, query.lastError().text()));
}

// SQLite: flock() on "<database>.retort-lock"; the file's text says who holds it.
class FileRunLock : public RunLock
{
public:
    explicit FileRunLock(int fd) : m_fd(fd) {}
    ~FileRunLock() override
    {
        // Emptied first, so that a later reader never sees a finished run as the holder.
        if (::ftruncate(m_fd, 0) != 0) {
            // Only the description is lost; the lock itself goes with the descriptor.
        }
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }

    static Result<std::unique_ptr<RunLock>> acquire(const QString &databasePath, int timeoutSeconds,
                                                    const RunLock::WaitingCallback &waiting)
    {
        const QString path = databasePath + QStringLiteral(".retort-lock");
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            return lockError(QStringLiteral("cannot open the lock file %1: %2")
                                 .arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        }
        auto holder = [fd] {
            char text[512] = {};
            const ssize_t length = ::pread(fd, text, sizeof text - 1, 0);
            const QString who = length > 0 ? QString::fromUtf8(text, length).trimmed() : QString();
            return who.isEmpty() ? QStringLiteral("another process (it has not said who it is yet)") : who;
        };
        QDeadlineTimer deadline(qint64(timeoutSeconds) * 1000);
        bool announced = false;
        while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                const QString reason = QString::fromLocal8Bit(std::strerror(errno));
                ::close(fd);
                return lockError(QStringLiteral("cannot lock %1: %2").arg(path, reason));
            }
            if (deadline.hasExpired()) {
                const QString who = holder();
                ::close(fd);
                return timedOut(who, timeoutSeconds);
            }
            if (!announced && waiting) {
                waiting(waitingMessage(holder(), timeoutSeconds));
                announced = true;
            }
            QThread::msleep(kPollMilliseconds);
        }
        const QByteArray self = RunLock::holderDescription(nowUtc()).toUtf8();
        if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, self.constData(), size_t(self.size()), 0) != self.size()) {
            // The lock holds regardless; a waiter would only read a vaguer description.
        }
        return std::unique_ptr<RunLock>(new FileRunLock(fd));
    }

private:
    int m_fd;
};

// PostgreSQL: a session advisory lock; the holder names itself in application_name, which
// pg_stat_activity shows to everyone.
class AdvisoryRunLock : public RunLock
{
public:
    AdvisoryRunLock(QSqlDatabase &db, qint64 number) : m_db(db), m_number(number) {}
    ~AdvisoryRunLock() override
    {
        QSqlQuery query(m_db);
        query.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(m_number));
        query.exec(QStringLiteral("RESET application_name"));
    }

    static Result<std::unique_ptr<RunLock>> acquire(QSqlDatabase &db, const QString &key, int timeoutSeconds,
                                                    const RunLock::WaitingCallback &waiting)
    {
        const qint64 number = lockNumber(key);
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(number)) || !query.next())
            return queryFailed(QStringLiteral("cannot take the migration lock"), query);
        if (!query.value(0).toBool()) {
            if (waiting)
                waiting(waitingMessage(holder(db, number), timeoutSeconds));
            // pg_advisory_lock waits forever; lock_timeout bounds it.
            if (!query.exec(QStringLiteral("SET lock_timeout = '%1s'").arg(timeoutSeconds)))
                return queryFailed(QStringLiteral("cannot set lock_timeout"), query);
            const bool locked = query.exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(number));
            QSqlQuery reset(db);
            reset.exec(QStringLiteral("SET lock_timeout = 0"));
            if (!locked)
                return timedOut(holder(db, number), timeoutSeconds);
        }
        const QString self = RunLock::holderDescription(nowUtc()).left(60); // application_name keeps 63 bytes
        query.exec(
            QStringLiteral("SET application_name = %1").arg(SqlDialect::literal(QStringLiteral("retort ") + self)));
        return std::unique_ptr<RunLock>(new AdvisoryRunLock(db, number));
    }

private:
    static qint64 lockNumber(const QString &key)
    {
        const QByteArray digest = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256);
        qint64 number = 0;
        for (int i = 0; i < 8; ++i)
            number = (number << 8) | quint8(digest[i]);
        return number;
    }

    // A bigint advisory key shows in pg_locks as classid (high half) and objid (low half).
    static QString holder(QSqlDatabase &db, qint64 number)
    {
        const quint64 key = quint64(number);
        QSqlQuery query(db);
        const bool found =
            query.exec(QStringLiteral("SELECT a.application_name, a.usename, a.client_addr::text, a.pid, "
                                      "to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                                      "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                                      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                                      "AND l.classid::bigint = %1 AND l.objid::bigint = %2")
                           .arg(key >> 32)
                           .arg(key & 0xFFFFFFFFu)) &&
            query.next();
        if (!found)
            return QStringLiteral("another session (it could not be identified)");
        const QString application = query.value(0).toString();
        if (application.startsWith(QLatin1String("retort ")))
            return application.mid(7);
        return QStringLiteral("PostgreSQL session %1 of %2%3, connected since %4")
            .arg(query.value(3).toString(), query.value(1).toString(),
                 query.value(2).toString().isEmpty() ? QString() : QStringLiteral(" from ") + query.value(2).toString(),
                 query.value(4).toString());
    }

    QSqlDatabase m_db;
    qint64 m_number;
};

// MySQL/MariaDB: GET_LOCK, held by the session; the holder is found through IS_USED_LOCK
// and the process list, which knows the account but not when the lock was taken.
class NamedRunLock : public RunLock
{
public:
    NamedRunLock(QSqlDatabase &db, QString name) : m_db(db), m_name(std::move(name)) {}
    ~NamedRunLock() override
    {
        QSqlQuery query(m_db);
        query.exec(QStringLiteral("SELECT RELEASE_LOCK(%1)").arg(SqlDialect::literal(m_name)));
    }

    static Result<std::unique_ptr<RunLock>> acquire(QSqlDatabase &db, const QString &key, int timeoutSeconds,
                                                    const RunLock::WaitingCallback &waiting)
    {
        // GET_LOCK names are limited to 64 characters.
        const QString name = QStringLiteral("retort:") + key.left(56);
        QSqlQuery query(db);
        auto tryLock = [&query, &name](int seconds) -> Result<bool> {
            if (!query.exec(QStringLiteral("SELECT GET_LOCK(%1, %2)").arg(SqlDialect::literal(name)).arg(seconds)) ||
                !query.next()) {
                return queryFailed(QStringLiteral("cannot take the migration lock"), query);
            }
            return query.value(0).toInt() == 1;
        };
        RETORT_TRY(bool locked, tryLock(0));
        if (!locked) {
            if (waiting)
                waiting(waitingMessage(holder(db, name), timeoutSeconds));
            RETORT_TRY(locked, tryLock(timeoutSeconds));
            if (!locked)
                return timedOut(holder(db, name), timeoutSeconds);
        }
        return std::unique_ptr<RunLock>(new NamedRunLock(db, name));
    }

private:
    static QString holder(QSqlDatabase &db, const QString &name)
    {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT p.ID, p.USER, p.HOST FROM information_schema.PROCESSLIST p "
                                       "WHERE p.ID = IS_USED_LOCK(%1)")
                            .arg(SqlDialect::literal(name))) ||
            !query.next()) {
            return QStringLiteral("another session (it could not be identified)");
        }
        return QStringLiteral("connection %1 of %2 from %3")
            .arg(query.value(0).toString(), query.value(1).toString(), query.value(2).toString());
    }

    QSqlDatabase m_db;
    QString m_name;
};

} // namespace

QString RunLock::holderDescription(const QString &sinceUtcIso)
{
    HistoryRecord who;
    who.setWhoAndWhere();
    return QStringLiteral("%1@%2 (pid %3, retort %4) since %5")
        .arg(who.osUser, who.host)
        .arg(QCoreApplication::applicationPid())
        .arg(QStringLiteral(RETORT_VERSION), sinceUtcIso);
}

Result<std::unique_ptr<RunLock>> RunLock::acquire(QSqlDatabase &db, Dialect dialect, const QString &key,
                                                  int timeoutSeconds, const WaitingCallback &waiting)
{
    switch (dialect) {
    case Dialect::SQLite: {
        // Other programs writing to the file are waited for as long.
        QSqlQuery busy(db);
        if (!busy.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(qint64(timeoutSeconds) * 1000)))
            return queryFailed(QStringLiteral("cannot set the busy timeout"), busy);
        const QString path = db.databaseName();
        if (path.isEmpty() || path == QLatin1String(":memory:") || path.startsWith(QLatin1String("file::memory:")))
            return std::unique_ptr<RunLock>(); // nobody else can reach an in-memory database
        return FileRunLock::acquire(path, timeoutSeconds, waiting);
    }
    case Dialect::PostgreSQL:
        return AdvisoryRunLock::acquire(db, key, timeoutSeconds, waiting);
    case Dialect::MySQL:
        break;
    }
    return NamedRunLock::acquire(db, key, timeoutSeconds, waiting);
}

} // namespace retort
