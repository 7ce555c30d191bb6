// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/DriftCheck.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/script/GitFileHistory.h"
#include "core/script/ScriptDirectory.h"

#include <QDir>
#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace retort {

Result<RecordedRevisions> DriftCheck::read(const QSqlDatabase &db, const QString &historyTable)
{
    RecordedRevisions recorded;
    if (historyTable.isEmpty())
        return recorded;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // Oldest first, so later rows win.
    const QString sql =
        QStringLiteral(
            "SELECT revision, direction, checksum, started_at, os_user, host, from_revisions, "
            "to_revisions, environment, tool_version FROM %1 WHERE success = 1 AND direction IN ('%2', '%3', '%4') "
            "ORDER BY id")
            .arg(historyTable, historyEventName(HistoryEvent::Upgrade), historyEventName(HistoryEvent::Downgrade),
                 historyEventName(HistoryEvent::Stamp));
    if (!query.exec(sql)) {
        // No history table yet (a database Retort never ran on) is nothing recorded, not an error.
        const QString bare = historyTable.section(u'.', -1).remove(u'"').remove(u'`');
        if (!db.tables().contains(bare, Qt::CaseInsensitive))
            return recorded;
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read %1: %2").arg(historyTable, databaseMessage(query.lastError())));
    }
    recorded.historyTableFound = true;
    const QString separator = QStringLiteral(", ");
    while (query.next()) {
        const QString revision = query.value(0).toString();
        const QString event = query.value(1).toString();
        const QStringList from = query.value(6).toString().split(separator, Qt::SkipEmptyParts);
        const QStringList to = query.value(7).toString().split(separator, Qt::SkipEmptyParts);
        RecordedRevision row;
        if (event == historyEventName(HistoryEvent::Stamp)) {
            // A stamp's row per revision goes from its down revisions to it (applied) or the other way. A row
            // with the revision on both sides (a stamp that moved nothing) says nothing of it. (Before stamps
            // wrote a row per revision, one row without a checksum stood for the whole stamp: where it went
            // reads unverified.)
            if (from.contains(revision) && to.contains(revision))
                continue;
            row.applied = to.contains(revision);
        } else {
            row.applied = event == historyEventName(HistoryEvent::Upgrade);
        }
        // Only an applying row vouches for a text; after a row that took the revision away, whatever puts it back
        // without a row of its own (Alembic, a hand-written UPDATE) left nothing to compare with.
        row.checksum = row.applied ? query.value(2).toString() : QString();
        row.at = query.value(3).toString();
        const QString user = query.value(4).toString();
        const QString host = query.value(5).toString();
        row.by = host.isEmpty() ? user : user + u'@' + host;
        row.event = event;
        row.restsOn = row.applied ? from : to;
        row.environment = query.value(8).toString();
        row.toolVersion = query.value(9).toString();
        recorded.revisions.insert(revision, row);
    }
    return recorded;
}

Result<DriftReport> DriftCheck::run(const ScriptDirectory &scripts, const QSqlDatabase &db, Dialect dialect,
                                    const QStringList &versionRows, const QString &historyTable)
{
    RETORT_TRY(const RecordedRevisions recorded, read(db, historyTable));
    return compare(scripts, dialect, versionRows, recorded);
}

namespace {

void copyRecord(const RecordedRevision &recorded, AppliedRevisionCheck *check)
{
    check->recordedChecksum = recorded.checksum;
    check->recordedAt = recorded.at;
    check->recordedBy = recorded.by;
    check->recordedEvent = recorded.event;
    check->appliedOn = recorded.restsOn;
}

} // namespace

int DriftReport::count(AppliedRevisionCheck::Finding finding) const
{
    return int(std::count_if(revisions.cbegin(), revisions.cend(),
                             [finding](const AppliedRevisionCheck &check) { return check.finding == finding; }));
}

QStringList DriftReport::ids(AppliedRevisionCheck::Finding finding) const
{
    QStringList found;
    for (const AppliedRevisionCheck &check : revisions) {
        if (check.finding == finding)
            found << check.revision;
    }
    return found;
}

QString DriftReport::describe(const QStringList &edited, const QStringList &missing)
{
    QStringList parts;
    if (!edited.isEmpty())
        parts << QStringLiteral("edited ") + edited.join(QStringLiteral(", "));
    if (!missing.isEmpty())
        parts << QStringLiteral("missing file ") + missing.join(QStringLiteral(", "));
    return parts.join(QStringLiteral("; "));
}

Result<DriftReport> DriftCheck::compare(const ScriptDirectory &scripts, Dialect dialect, const QStringList &versionRows,
                                        const RecordedRevisions &recorded)
{
    const RevisionMap &map = scripts.map();
    DriftReport report;
    report.historyTableFound = recorded.historyTableFound;
    const auto &runs = recorded.revisions;
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
            copyRecord(*run, &missing);
            rows << run->restsOn;
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
        check.currentChecksum = HistoryRecord::checksumOf(script.section(true, dialect));
        const auto run = runs.constFind(check.revision);
        if (run != runs.constEnd())
            copyRecord(*run, &check);
        if (check.recordedChecksum.isEmpty())
            check.finding = AppliedRevisionCheck::Finding::Unverified;
        else if (check.recordedChecksum != check.currentChecksum)
            check.finding = AppliedRevisionCheck::Finding::Edited;
        checked << check;
    }
    report.revisions = checked + report.revisions;
    return report;
}

void DriftCheck::addDiffs(const ScriptDirectory &scripts, Dialect dialect, DriftReport *report)
{
    for (AppliedRevisionCheck &check : report->revisions) {
        if (check.finding != AppliedRevisionCheck::Finding::Edited)
            continue;
        const auto applied = GitFileHistory::upgradeSectionWithChecksum(check.path, check.recordedChecksum, dialect);
        if (!applied)
            continue;
        const int index = scripts.map().indexOf(check.revision);
        if (!RevisionMap::isRevision(index))
            continue;
        const QString name = QDir::current().relativeFilePath(check.path);
        check.diff = GitFileHistory::unifiedDiff(
            applied->text, scripts.script(index).section(true, dialect).text,
            QStringLiteral("%1 (upgrade section as applied, commit %2)").arg(name, applied->commit.left(12)),
            QStringLiteral("%1 (now)").arg(name));
        if (!check.diff.isEmpty())
            check.diffCommit = applied->commit;
    }
}

} // namespace retort
