// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/Linter.h"
#include "core/runtime/DriftCheck.h"
#include "core/runtime/RunRequest.h"
#include "core/runtime/ProductionCheck.h"
#include "core/script/DatabaseUrl.h"
#include "core/script/ScriptDirectory.h"
#include "ui/details/RevisionRunEntry.h"

#include <QObject>
#include <QSqlDatabase>
#include <QStringList>
#include <QVector>

#include <memory>

namespace retort::ui {

// Where the window stands with the selected environment's database.
enum class ConnectionState
{
    Unknown,    // not read (nothing to read, or the attempt was cancelled)
    Connecting, // a read is going
    Connected,  // the last read worked
    Failed,     // the last read failed (refused, bad password, no such database…)
    TimedOut,   // the last read got no answer in time
};

// What one read of a database found.
struct DatabaseSnapshot
{
    QStringList rows;                     // the version table's rows
    QString note;                         // worth showing beside "connected" (a SQLite file not created yet)
    ProductionStatus production;          // whether it is production, and why
    QVector<RevisionRunEntry> history;    // latest first; empty when not read
    bool historyRead = false;             // false for a poll, which leaves the history out
    RecordedRevisions recorded;           // what the history says ran of each revision (DriftCheck::read), with it
    QHash<QString, TableSize> tableSizes; // of every table the project's SQL names, with the history
};

// Reads a database's version table, production status and history table, each read on a thread of
// its own that nobody waits for: QSqlDatabase::open() cannot be interrupted, so a server that
// accepts and never answers holds only that thread, until the read's timeouts end it. Each read
// ends with exactly one of snapshotRead / readFailed carrying its request id, emitted on the read's
// thread (connect queued); the reader then deletes itself and its thread.
class DatabaseReader : public QObject
{
    Q_OBJECT

public:
    enum class Scope
    {
        Everything,
        WithoutHistory, // the cheap poll: the version table and the production status only
    };

    // Seconds a read waits to connect, and (MySQL) for each answer, unless the URL sets connect_timeout.
    static constexpr int DefaultTimeoutSeconds = 5;
    // At most this many history rows are read (the latest ones).
    static constexpr int MaxHistoryRows = 10000;

    // The connect timeout a read of `url` uses.
    static int timeoutSeconds(const retort::DatabaseUrl &url);

    // A read not started yet: connect to its signals, then start() it.
    // `scripts` (may be null): the project whose tables' sizes a read of Everything gives lint's findings.
    DatabaseReader(quint64 requestId, retort::DatabaseUrl url, retort::RunSettings settings, Scope scope,
                   std::shared_ptr<const retort::ScriptDirectory> scripts = nullptr);
    // Moves the reader to a new thread and reads there; returns at once. Opens read-only: a missing
    // SQLite file reads as "no rows" and is not created. An empty, missing or unreadable history
    // table gives no history and does not fail the read. Do not touch the reader afterwards.
    void start();

    // Any thread owning `db`. The history rows, latest first, at most MaxHistoryRows; empty when the
    // table is missing or unreadable.
    static QVector<RevisionRunEntry> readHistory(const QSqlDatabase &db, const QString &historyTable,
                                                 const QString &schema);

Q_SIGNALS:
    void snapshotRead(quint64 requestId, const retort::ui::DatabaseSnapshot &snapshot);
    // `state` is Failed or TimedOut; `message` has its passwords masked.
    void readFailed(quint64 requestId, retort::ui::ConnectionState state, const QString &message);

private:
    void read(); // on the read's own thread

    quint64 m_requestId;
    retort::DatabaseUrl m_url;
    retort::RunSettings m_settings;
    Scope m_scope;
    std::shared_ptr<const retort::ScriptDirectory> m_scripts;
};

} // namespace retort::ui
