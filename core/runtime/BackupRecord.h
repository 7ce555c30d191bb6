// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/DatabaseUrl.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

// How a backup is taken: each database's own tool, or none; `Auto` is the one for the database.
enum class BackupMethod
{
    Auto,
    None,
    Sqlite,   // SQLite's online backup API, into a .sqlite3 file
    PgDump,   // pg_dump -Fc, into a .dump file
    MysqlDump // mysqldump --single-transaction, into a .sql file
};
// retort.ini's word for it: auto, none, sqlite, pg_dump, mysqldump.
QString backupMethodName(BackupMethod method);
std::optional<BackupMethod> backupMethodNamed(const QString &name);
// For people: "pg_dump -Fc", "sqlite", "mysqldump".
QString backupMethodDescription(BackupMethod method);

// A backup that was taken (or found in the backup folder) and verified.
struct BackupRecord
{
    QString path; // absolute
    qint64 bytes = 0;
    qint64 durationMs = 0;
    BackupMethod method = BackupMethod::None; // Sqlite, PgDump or MysqlDump
    QString verification;                     // what proved it readable, e.g. "PRAGMA integrity_check: ok (4 tables)"
    QString sha256;
    QDateTime createdAt;  // UTC
    DatabaseUrl database; // what was backed up (for take(); empty for list())
    QString identityKey;  // DatabaseIdentity::key of it, when known (take() only)
    // Noted beside the backup (.<file>.json) and read back by list(): whose backup it is and of what.
    QString environment;         // the settings' label
    QString databaseDisplay;     // the URL, password masked
    QStringList revisions;       // the version table's rows when it was taken
    bool revisionsKnown = false; // false: the version table could not be read (or list() found no note)

    // One line for logs and history notes: "<path> (1.2 MiB, pg_dump -Fc, 0.8 s; verified: ...)".
    QString summary() const;
};

} // namespace retort
