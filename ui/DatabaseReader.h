// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/DatabaseUrl.h"

#include <QObject>
#include <QStringList>

namespace retort::ui {

// Reads a database's version table. Lives on ProjectSession's reader thread: read() must be
// invoked there (queued), and it opens, uses and drops its own uniquely named connection on
// that thread. Each read ends with exactly one of rowsRead / readFailed carrying its request id.
class DatabaseReader : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Reader thread only. Opens read-only: a missing SQLite file reads as "no rows" and is not created.
    void read(quint64 requestId, const retort::DatabaseUrl &url, const QString &versionTable,
              const QString &versionTableSchema);

Q_SIGNALS:
    // `note` says something about the database worth showing (e.g. the file does not exist yet).
    void rowsRead(quint64 requestId, const QStringList &rows, const QString &note);
    void readFailed(quint64 requestId, const QString &message);
};

} // namespace retort::ui
