// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/runtime/MigrationRunner.h"
#include "core/safety/ProductionCheck.h"
#include "core/script/DatabaseUrl.h"
#include "ui/details/RevisionDetails.h"

#include <QObject>
#include <QSqlDatabase>
#include <QVector>
#include <QStringList>

namespace retort::ui {

// Reads a database's version table and history table. Lives on ProjectSession's reader thread:
// read() must be invoked there (queued), and it opens, uses and drops its own uniquely named
// connection on that thread. Each read ends with exactly one of rowsRead / readFailed carrying its
// request id; a read that reaches rowsRead emits historyRead (same id) just before it.
class DatabaseReader : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // At most this many history rows are read (the latest ones).
    static constexpr int MaxHistoryRows = 10000;

    // Reader thread only. Opens read-only: a missing SQLite file reads as "no rows" and is not created.
    // An empty history table (history disabled), a missing one or one that cannot be read gives no
    // history entries and does not fail the read. Whether the database is production (its identity,
    // its mark) is read alongside.
    void read(quint64 requestId, const retort::DatabaseUrl &url, const retort::RunSettings &settings);

    // Reader thread only (or any thread owning `db`). The history rows, latest first, at most
    // MaxHistoryRows; empty when the table is missing or unreadable.
    static QVector<RevisionRunEntry> readHistory(const QSqlDatabase &db, const QString &historyTable,
                                                 const QString &schema);

Q_SIGNALS:
    // Whether the database is production, and why: emitted before historyRead and rowsRead.
    void productionRead(quint64 requestId, const retort::ProductionStatus &status);
    // The history rows, latest first (see readHistory()).
    void historyRead(quint64 requestId, const QVector<retort::ui::RevisionRunEntry> &entries);
    // `note` says something about the database worth showing (e.g. the file does not exist yet).
    void rowsRead(quint64 requestId, const QStringList &rows, const QString &note);
    void readFailed(quint64 requestId, const QString &message);
};

} // namespace retort::ui
