// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/DriftCheck.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/script/ScriptDirectory.h"

#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace retort {

namespace {

struct RecordedRun
{
    QString checksum;
    QString at;
    QString by;
    QString event;
    QStringList from; // the revisions it was applied on
};

// The latest successful upgrade or stamp row of each revision, oldest first so later rows win. A stamp
// row carries no checksum: a revision last stamped is unverified, whatever ran before.
Result<QHash<QString, RecordedRun>> latestRuns(const QSqlDatabase &db, const QString &historyTable, bool *found)
{
    QHash<QString, RecordedRun> runs;
    *found = false;
    if (historyTable.isEmpty())
        return runs;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString sql =
        QStringLiteral("SELECT revision, direction, checksum, started_at, os_user, host, from_revisions FROM %1 "
                       "WHERE success = 1 AND direction IN ('%2', '%3') ORDER BY id")
            .arg(historyTable, historyEventName(HistoryEvent::Upgrade), historyEventName(HistoryEvent::Stamp));
    if (!query.exec(sql)) {
        // No history table yet (a database Retort never ran on) is nothing recorded, not an error.
        const QString bare = historyTable.section(u'.', -1).remove(u'"').remove(u'`');
        if (!db.tables().contains(bare, Qt::CaseInsensitive))
            return runs;
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read %1: %2").arg(historyTable, databaseMessage(query.lastError())));
    }
    *found = true;
    while (query.next()) {
        const QString user = query.value(4).toString();
        const QString host = query.value(5).toString();
        runs.insert(query.value(0).toString(),
                    {query.value(2).toString(), query.value(3).toString(), host.isEmpty() ? user : user + u'@' + host,
                     query.value(1).toString(),
                     query.value(6).toString().split(QStringLiteral(", "), Qt::SkipEmptyParts)});
    }
    return runs;
}

} // namespace

int DriftReport::count(AppliedRevisionCheck::Finding finding) const
{
    return int(std::count_if(revisions.cbegin(), revisions.cend(),
                             [finding](const AppliedRevisionCheck &check) { return check.finding == finding; }));
}

Result<DriftReport> DriftCheck::run(const ScriptDirectory &scripts, const QSqlDatabase &db,
                                    const QStringList &versionRows, const QString &historyTable)
{
    const RevisionMap &map = scripts.map();
    DriftReport report;
    RETORT_TRY(const auto runs, latestRuns(db, historyTable, &report.historyTableFound));
    // A row no file defines is missing; what it was applied on (its history row says) is applied too.
    QVector<int> known;
    QStringList rows = versionRows;
    QSet<QString> seen;
    while (!rows.isEmpty()) {
        const QString row = rows.takeFirst();
        if (seen.contains(row))
            continue;
        seen.insert(row);
        const int index = map.indexOf(row);
        if (RevisionMap::isRevision(index)) {
            known << index;
            continue;
        }
        AppliedRevisionCheck missing;
        missing.finding = AppliedRevisionCheck::Finding::MissingFile;
        missing.revision = row;
        const auto run = runs.constFind(row);
        if (run != runs.constEnd()) {
            missing.recordedChecksum = run->checksum;
            missing.recordedAt = run->at;
            missing.recordedBy = run->by;
            missing.recordedEvent = run->event;
            rows << run->from;
        }
        report.revisions << missing;
    }
    RETORT_TRY(QVector<int> applied, map.ancestors(known));
    // Bases first, the order they were applied in.
    std::sort(applied.begin(), applied.end(),
              [&map](int a, int b) { return map.rank(a) != map.rank(b) ? map.rank(a) < map.rank(b) : a < b; });

    QVector<AppliedRevisionCheck> checked;
    for (int index : std::as_const(applied)) {
        const MigrationScript &script = scripts.script(index);
        AppliedRevisionCheck check;
        check.revision = map.at(index).id;
        check.path = script.path;
        check.currentChecksum = script.upgrade.checksum.isEmpty() ? MigrationSection::checksumOf(script.upgrade.text)
                                                                  : script.upgrade.checksum;
        const auto run = runs.constFind(check.revision);
        if (run != runs.constEnd()) {
            check.recordedChecksum = run->checksum;
            check.recordedAt = run->at;
            check.recordedBy = run->by;
            check.recordedEvent = run->event;
        }
        if (check.recordedChecksum.isEmpty())
            check.finding = AppliedRevisionCheck::Finding::Unverified;
        else if (check.recordedChecksum != check.currentChecksum)
            check.finding = AppliedRevisionCheck::Finding::Edited;
        checked << check;
    }
    report.revisions = checked + report.revisions;
    return report;
}

} // namespace retort
