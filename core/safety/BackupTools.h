// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/DatabaseUrl.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>

class QTemporaryFile;

namespace retort {

struct BackupSettings;

// What backups and restores share: each database's own tools run as child processes (passwords through
// their environment or an option file, never their command line), and SQLite's online backup.
namespace backup_tools {

// An I/O error with any password in `message` masked.
Error backupError(const QString &message, const QString &context = QString());

// Copies the SQLite database `from` into `to` (created when missing) through the online backup API, in
// one step: one consistent snapshot of `from` while others write, and one write transaction on `to`, so
// `to` keeps its inode and its other connections see the whole copy or none of it.
[[nodiscard]] Status copySqlite(const QString &from, const QString &to);
// PRAGMA integrity_check over the whole file: "PRAGMA integrity_check: ok (4 tables)".
[[nodiscard]] Result<QString> verifySqlite(const QString &path);

// libpq's connection string for `url`, without its password (that goes in PGPASSWORD).
QString libpqConnectionString(const DatabaseUrl &url);
// A [client] option file for mysql/mysqldump, readable by its owner only, removed when dropped.
[[nodiscard]] Result<std::unique_ptr<QTemporaryFile>> mysqlOptionFile(const DatabaseUrl &url);

struct ToolRun
{
    QString program;
    QStringList arguments;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QString inputFile;
};
// Runs a tool to its end; its standard output is returned. A missing tool or a non-zero exit is an
// error quoting the tool's own message.
[[nodiscard]] Result<QByteArray> runTool(const ToolRun &run);
// A PostgreSQL client tool (pg_dump, pg_restore) for `url`: the program and the password.
ToolRun postgresTool(const BackupSettings &settings, const QString &tool, const DatabaseUrl &url);
// The `mysql` client loading `dumpPath` into `database` on the server of `url`; `optionFile` must outlive
// the run.
ToolRun mysqlLoad(const BackupSettings &settings, const QTemporaryFile &optionFile, const QString &database,
                  const QString &dumpPath);

QString sha256Of(const QString &path);

} // namespace backup_tools
} // namespace retort
