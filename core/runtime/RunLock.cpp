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
#include <QHash>
#include <QMutex>
#include <QRegularExpression>
#include <QSysInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

QString readProcFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll()) : QString();
}

QString processFile(const QString &pid, const QString &name)
{
    return readProcFile(QStringLiteral("/proc/%1/%2").arg(pid, name));
}

QString processOwner(const QString &pid)
{
    struct stat status = {};
    if (::stat(QFile::encodeName(QStringLiteral("/proc/") + pid).constData(), &status) != 0)
        return QStringLiteral("?");
    const passwd *entry = ::getpwuid(status.st_uid);
    return entry ? QString::fromLocal8Bit(entry->pw_name) : QString::number(status.st_uid);
}

// When the process started, UTC: its start in clock ticks after boot (/proc/PID/stat, field 22) and
// the boot time (/proc/stat, btime).
QString processStart(const QString &pid)
{
    const QString stat = processFile(pid, QStringLiteral("stat"));
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    const QStringList after = stat.mid(stat.lastIndexOf(u')') + 2).split(u' ');
    const qint64 ticks = after.value(19).toLongLong(); // field 22 is the 20th after the name
    qint64 boot = 0;
    for (const QString &line : readProcFile(QStringLiteral("/proc/stat")).split(u'\n')) {
        if (line.startsWith(QLatin1String("btime ")))
            boot = line.mid(6).trimmed().toLongLong();
    }
    const long perSecond = ::sysconf(_SC_CLK_TCK);
    if (ticks <= 0 || boot <= 0 || perSecond <= 0)
        return QStringLiteral("an unknown time");
    return QDateTime::fromSecsSinceEpoch(boot + ticks / perSecond, Qt::UTC).toString(Qt::ISODate);
}

// The descriptors this process has locked SQLite databases through. Closing any descriptor of a file
// drops every POSIX lock the process holds on it, SQLite's own included, so none is ever closed: an
// unlocked one waits here for the next run on the same file (one per run at a time, so the pool
// stays as small as the most runs this process had on one file at once).
class LockDescriptors
{
public:
    // An unlocked descriptor of the file `path` names, or -1 with `error` set.
    static int take(const QString &path, QString *error)
    {
        const QByteArray name = QFile::encodeName(path);
        struct stat status = {};
        if (::stat(name.constData(), &status) == 0) {
            QMutexLocker lock(&mutex());
            QVector<int> &idle = pool()[FileKey{status.st_dev, status.st_ino}];
            if (!idle.isEmpty())
                return idle.takeLast();
        }
        int fd = ::open(name.constData(), O_RDWR | O_CLOEXEC);
        if (fd < 0 && (errno == EACCES || errno == EROFS))
            fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC); // flock() needs no write access
        if (fd < 0)
            *error = QString::fromLocal8Bit(std::strerror(errno));
        return fd;
    }

    // Unlocks `fd` and keeps it for a later take().
    static void give(int fd)
    {
        ::flock(fd, LOCK_UN);
        struct stat status = {};
        if (::fstat(fd, &status) != 0)
            return; // cannot happen for an open descriptor; leaking it is the safe side
        QMutexLocker lock(&mutex());
        pool()[FileKey{status.st_dev, status.st_ino}].append(fd);
    }

private:
    struct FileKey
    {
        dev_t device;
        ino_t inode;
        bool operator==(const FileKey &other) const { return device == other.device && inode == other.inode; }
    };
    friend size_t qHash(const FileKey &key, size_t seed) { return qHashMulti(seed, key.device, key.inode); }

    static QMutex &mutex()
    {
        static QMutex instance;
        return instance;
    }
    static QHash<FileKey, QVector<int>> &pool()
    {
        static QHash<FileKey, QVector<int>> instance;
        return instance;
    }
};

// Who holds an flock() on the file `fd` is open on, from the kernel's /proc/locks: its user, program
// and pid, and since when that process runs (the kernel does not say when the lock was taken).
QString flockHolder(int fd)
{
    struct stat status = {};
    QFile locks(QStringLiteral("/proc/locks"));
    if (::fstat(fd, &status) != 0 || !locks.open(QIODevice::ReadOnly | QIODevice::Text))
        return QStringLiteral("another process (it could not be identified)");
    // "1: FLOCK  ADVISORY  WRITE 4242 fe:00:123456 0 EOF": major and minor in hex, the inode in decimal.
    const QString file = QStringLiteral("%1:%2:%3")
                             .arg(major(status.st_dev), 2, 16, QLatin1Char('0'))
                             .arg(minor(status.st_dev), 2, 16, QLatin1Char('0'))
                             .arg(quint64(status.st_ino));
    static const QRegularExpression space(QStringLiteral("\\s+"));
    // Read whole: /proc files say they are empty, so QFile::atEnd() would be true at once.
    const QStringList lines = QString::fromLatin1(locks.readAll()).split(u'\n');
    for (const QString &line : lines) {
        const QStringList fields = line.split(space, Qt::SkipEmptyParts);
        if (fields.size() < 6 || fields.at(1) != QLatin1String("FLOCK") || fields.at(5) != file)
            continue;
        const QString pid = fields.at(4);
        const QString program = processFile(pid, QStringLiteral("comm")).trimmed();
        return QStringLiteral("%1@%2 (pid %3, %4) running since %5")
            .arg(processOwner(pid), QSysInfo::machineHostName(), pid, program.isEmpty() ? QStringLiteral("?") : program,
                 processStart(pid));
    }
    return QStringLiteral("another process (it could not be identified)");
}

// SQLite: flock() on the database file itself, so every path that reaches the file (a symbolic or
// hard link, a linked folder) meets the same lock, and no file is created beside it.
class FileRunLock : public RunLock
{
public:
    explicit FileRunLock(int fd) : m_fd(fd) {}
    ~FileRunLock() override { LockDescriptors::give(m_fd); }

    static Result<std::unique_ptr<RunLock>> acquire(const QString &databasePath, int timeoutSeconds,
                                                    const RunLock::WaitingCallback &waiting)
    {
        QString reason;
        const int fd = LockDescriptors::take(databasePath, &reason);
        if (fd < 0)
            return lockError(QStringLiteral("cannot open %1 to lock it: %2").arg(databasePath, reason));
        QDeadlineTimer deadline(qint64(timeoutSeconds) * 1000);
        bool announced = false;
        while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                const QString failure = QString::fromLocal8Bit(std::strerror(errno));
                LockDescriptors::give(fd);
                return lockError(QStringLiteral("cannot lock %1: %2").arg(databasePath, failure));
            }
            if (deadline.hasExpired()) {
                const QString who = flockHolder(fd);
                LockDescriptors::give(fd);
                return timedOut(who, timeoutSeconds);
            }
            if (!announced && waiting) {
                waiting(waitingMessage(flockHolder(fd), timeoutSeconds));
                announced = true;
            }
            QThread::msleep(kPollMilliseconds);
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
        query.exec(
            QStringLiteral("SET application_name = %1").arg(SqlDialect::literal(RunLock::applicationName(nowUtc()))));
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

QString RunLock::applicationName(const QString &sinceUtcIso)
{
    HistoryRecord who;
    who.setWhoAndWhere();
    const QByteArray tail =
        QStringLiteral(" pid %1 since %2").arg(QCoreApplication::applicationPid()).arg(sinceUtcIso).toUtf8();
    const QByteArray head = QByteArrayLiteral("retort ");
    // PostgreSQL keeps 63 bytes of application_name and says so in a NOTICE on every run when it cuts:
    // user@host gives way, cut at a character boundary; the pid and the time stay whole.
    QString person = QStringLiteral("%1@%2").arg(who.osUser, who.host);
    while (!person.isEmpty() && head.size() + person.toUtf8().size() + tail.size() > kApplicationNameBytes)
        person.chop(person.size() >= 2 && person.at(person.size() - 1).isLowSurrogate() ? 2 : 1);
    return QString::fromUtf8(head) + person + QString::fromUtf8(tail);
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
