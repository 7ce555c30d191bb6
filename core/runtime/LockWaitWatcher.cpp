// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/LockWaitWatcher.h"

#include "core/runtime/DatabaseConnection.h"

#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <chrono>

namespace retort {

namespace {

// One blocking session in words: "pid 4242 (alice, psql, 127.0.0.1, idle in transaction, transaction open
// 42 s): UPDATE customers SET ...".
QString describeSession(const QString &id, const QStringList &facts, qint64 transactionSeconds, const QString &query)
{
    QStringList parts;
    for (const QString &fact : facts) {
        if (!fact.isEmpty())
            parts << fact;
    }
    if (transactionSeconds >= 0)
        parts << QStringLiteral("transaction open %1 s").arg(transactionSeconds);
    QString text = QStringLiteral("%1 (%2)").arg(id, parts.join(QStringLiteral(", ")));
    if (!query.trimmed().isEmpty())
        text += QStringLiteral(": ") + query.simplified();
    return text;
}

QString postgresBlockers(const QSqlDatabase &db, qint64 session)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "SELECT EXTRACT(EPOCH FROM now() - w.query_start)::bigint, b.pid, b.usename, "
        "COALESCE(b.application_name, ''), CASE WHEN b.client_port = -1 THEN 'local socket' ELSE "
        "COALESCE(host(b.client_addr), 'address not shown') END, COALESCE(b.state, ''), "
        "COALESCE(EXTRACT(EPOCH FROM now() - b.xact_start)::bigint, -1), left(COALESCE(b.query, ''), 200) "
        "FROM pg_stat_activity w CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid) "
        "JOIN pg_stat_activity b ON b.pid = blocker.pid WHERE w.pid = ? ORDER BY b.pid"));
    query.addBindValue(session);
    if (!query.exec())
        return QString();
    qint64 waited = 0;
    QStringList blockers;
    while (query.next()) {
        waited = query.value(0).toLongLong();
        blockers << describeSession(QStringLiteral("pid %1").arg(query.value(1).toLongLong()),
                                    {query.value(2).toString(), query.value(3).toString(), query.value(4).toString(),
                                     query.value(5).toString()},
                                    query.value(6).toLongLong(), query.value(7).toString());
    }
    if (blockers.isEmpty())
        return QString();
    return QStringLiteral("Waiting %1 s for a lock held by %2").arg(waited).arg(blockers.join(QStringLiteral("; ")));
}

// MySQL/MariaDB sessions by id, other than the run's and the watcher's. (InnoDB's views, which give a
// transaction's age, need the PROCESS privilege; a condition on them finds nothing without it.)
QStringList mysqlSessions(const QSqlDatabase &db, const QString &condition, qint64 session)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT p.ID, p.USER, p.HOST, p.COMMAND, -1, LEFT(COALESCE(p.INFO, ''), 200) "
                                 "FROM information_schema.PROCESSLIST p WHERE p.ID <> ? AND p.ID <> CONNECTION_ID() "
                                 "AND ") +
                  condition + QStringLiteral(" ORDER BY p.ID"));
    query.addBindValue(session);
    if (condition.contains(u'?'))
        query.addBindValue(session);
    QStringList sessions;
    if (!query.exec())
        return sessions;
    while (query.next()) {
        sessions << describeSession(
            QStringLiteral("id %1").arg(query.value(0).toLongLong()),
            {query.value(1).toString() + u'@' + query.value(2).toString(),
             query.value(3) == QLatin1String("Sleep") ? QStringLiteral("idle") : query.value(3).toString()},
            -1, query.value(5).toString());
    }
    return sessions;
}

QString mysqlBlockers(const QSqlDatabase &db, qint64 session)
{
    QSqlQuery waiting(db);
    waiting.prepare(
        QStringLiteral("SELECT TIME, COALESCE(STATE, '') FROM information_schema.PROCESSLIST WHERE ID = ?"));
    waiting.addBindValue(session);
    if (!waiting.exec() || !waiting.next())
        return QString();
    const qint64 waited = waiting.value(0).toLongLong();
    const QString state = waiting.value(1).toString();
    // A row lock: InnoDB names the transaction in the way (MariaDB; MySQL 8 moved the view, and says nothing here).
    const QStringList rowBlockers = mysqlSessions(
        db,
        QStringLiteral("p.ID IN (SELECT b.trx_mysql_thread_id FROM information_schema.INNODB_LOCK_WAITS w "
                       "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id "
                       "JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id "
                       "WHERE r.trx_mysql_thread_id = ?)"),
        session);
    if (!rowBlockers.isEmpty()) {
        return QStringLiteral("Waiting %1 s for a row lock held by %2")
            .arg(waited)
            .arg(rowBlockers.join(QStringLiteral("; ")));
    }
    if (!state.contains(QLatin1String("lock"), Qt::CaseInsensitive))
        return QString();
    // A metadata lock (an ALTER behind a transaction that read a table): MariaDB's metadata_lock_info plugin
    // names the sessions holding one in this database; without it, InnoDB's open transactions, then the idle
    // sessions on the database, are the candidates.
    const QStringList holders = mysqlSessions(
        db,
        QStringLiteral("p.ID IN (SELECT THREAD_ID FROM information_schema.METADATA_LOCK_INFO WHERE TABLE_SCHEMA = "
                       "DATABASE() AND THREAD_ID <> ?)"),
        session);
    if (!holders.isEmpty())
        return QStringLiteral("Waiting %1 s (%2) for a lock held by %3")
            .arg(waited)
            .arg(state, holders.join(QStringLiteral("; ")));
    QStringList candidates = mysqlSessions(
        db, QStringLiteral("p.ID IN (SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX)"), session);
    if (candidates.isEmpty())
        candidates = mysqlSessions(db, QStringLiteral("p.DB = DATABASE() AND p.COMMAND = 'Sleep'"), session);
    return QStringLiteral("Waiting %1 s (%2); the server does not say who holds it (MariaDB's metadata_lock_info "
                          "plugin would); %3")
        .arg(waited)
        .arg(state, candidates.isEmpty()
                        ? QStringLiteral("no other session of this account is open on the database (those of other "
                                         "accounts need the PROCESS privilege to see)")
                        : QStringLiteral("it is one of: ") + candidates.join(QStringLiteral("; ")));
}

} // namespace

std::unique_ptr<LockWaitWatcher> LockWaitWatcher::start(const QSqlDatabase &runDb, const DatabaseUrl &url,
                                                        double intervalSeconds, Report report)
{
    if (url.dialect() == Dialect::SQLite || intervalSeconds <= 0)
        return nullptr;
    QSqlQuery query(runDb);
    if (!query.exec(url.dialect() == Dialect::PostgreSQL ? QStringLiteral("SELECT pg_backend_pid()")
                                                         : QStringLiteral("SELECT CONNECTION_ID()")) ||
        !query.next())
        return nullptr;
    return std::unique_ptr<LockWaitWatcher>(
        new LockWaitWatcher(url, query.value(0).toLongLong(), intervalSeconds, std::move(report)));
}

LockWaitWatcher::LockWaitWatcher(DatabaseUrl url, qint64 session, double intervalSeconds, Report report)
    : m_url(std::move(url)), m_session(session), m_intervalSeconds(intervalSeconds), m_report(std::move(report))
{
    m_thread = std::thread([this] { watch(); });
}

LockWaitWatcher::~LockWaitWatcher()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void LockWaitWatcher::watch()
{
    // Connected on this thread (Qt's connections belong to one), bounded so a stop is never held up long.
    const auto connection = DatabaseConnection::open(m_url, DatabaseConnection::Mode::ReadOnly, 5);
    if (!connection.ok())
        return;
    const QSqlDatabase db = connection.value()->database();
    if (m_url.dialect() == Dialect::PostgreSQL) {
        QSqlQuery bounded(db); // a server that stops answering never holds up the end of the run
        bounded.exec(QStringLiteral("SET statement_timeout = '5s'"));
    }
    const auto interval = std::chrono::milliseconds(qint64(m_intervalSeconds * 1000));
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (m_wake.wait_for(lock, interval, [this] { return m_stop; }))
                return;
        }
        const QString blockers =
            m_url.dialect() == Dialect::PostgreSQL ? postgresBlockers(db, m_session) : mysqlBlockers(db, m_session);
        if (!blockers.isEmpty())
            m_report(blockers); // outside the lock: the run's end does not wait for the receiver
    }
}

} // namespace retort
