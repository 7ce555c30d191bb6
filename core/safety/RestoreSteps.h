// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/DatabaseIdentity.h"
#include "core/runtime/ProductionMark.h"
#include "core/runtime/RunLock.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/DatabaseRestore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

#include <memory>
#include <optional>

namespace retort {

// One row of a history table: its id, and its values in HistoryRecord::columnList() order.
struct HistoryRow
{
    qint64 id = 0;
    QVariantList values;

    // What the row is about, whatever happened to it since: a start row finished later is the same row.
    QString key() const;
};

// What the database being replaced held that a restore keeps: its history, its production mark.
struct ReplacedDatabase
{
    bool exists = false;
    QStringList versionRows;
    bool hasHistory = false;
    QVector<HistoryRow> historyRows;
    std::optional<ProductionMark> mark;
    DatabaseIdentity identity;
};

// The steps all three databases share, bound to one request.
class RestoreSteps
{
public:
    RestoreSteps(const RestoreRequest &request, const DatabaseRestore::Progress &progress)
        : m_request(request), m_progress(progress), m_dialect(SqlDialect::create(request.target.dialect())),
          m_versionTable(request.backup.versionTable, request.backup.versionTableSchema)
    {
    }

    void say(const QString &message) const
    {
        if (m_progress)
            m_progress(message);
    }
    const SqlDialect &dialect() const { return *m_dialect; }

    // The environment's db_lock_timeout on a connection the restore drops, creates or renames databases through.
    Status applyTimeouts(const QSqlDatabase &db) const;

    // The request's backup of the database being replaced, taken now; its path goes in the `restore` row.
    Status backUpReplaced();
    const QString &preRestoreBackup() const { return m_preRestoreBackup; }

    // Keeps other runs out while the database is read and replaced (the runner's own key).
    Result<std::unique_ptr<RunLock>> lock(QSqlDatabase &db, const QString &database) const;

    Result<ReplacedDatabase> readReplaced(QSqlDatabase &db, const DatabaseUrl &url) const;
    // The restored database's version table against what the backup noted when it was taken.
    Result<QStringList> checkVersions(const QSqlDatabase &restored, const BackupRecord &backup) const;
    // Carries the history and the mark over into `restored` and adds the `restore` row.
    Status settle(QSqlDatabase &restored, const ReplacedDatabase &replaced, const BackupRecord &backup,
                  const QString &keptName, RestoreOutcome *outcome) const;

private:
    QString historyTable() const
    {
        return m_dialect->qualifiedTable(m_request.historyTable, m_request.backup.versionTableSchema);
    }
    Result<QVector<HistoryRow>> readHistory(const QSqlDatabase &db) const;
    Status carryHistory(QSqlDatabase &restored, const ReplacedDatabase &replaced, RestoreOutcome *outcome) const;

    const RestoreRequest &m_request;
    DatabaseRestore::Progress m_progress;
    std::unique_ptr<SqlDialect> m_dialect;
    VersionTable m_versionTable;
    QString m_preRestoreBackup;
};

} // namespace retort
