// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checklist/WalkHistory.h"

#include "core/TextFormat.h"
#include "core/checklist/ChecklistReport.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"

#include <QDir>
#include <QSet>
#include <QSqlQuery>

namespace retort {

namespace {

std::optional<HistoryEvent> eventOf(ChecklistAction::Kind kind)
{
    switch (kind) {
    case ChecklistAction::Kind::Upgrade:
        return HistoryEvent::Upgrade;
    case ChecklistAction::Kind::Downgrade:
        return HistoryEvent::Downgrade;
    case ChecklistAction::Kind::Stamp:
        return HistoryEvent::Stamp;
    default:
        return std::nullopt;
    }
}

bool isVersionChange(HistoryEvent event)
{
    return event == HistoryEvent::Upgrade || event == HistoryEvent::Downgrade || event == HistoryEvent::Stamp;
}

// Whether the version table, as the row left it, is what it holds now: the revision an upgrade applied is
// among the rows; what a downgrade or a stamp went to is all there (nothing: the table is empty).
bool leftAsItIs(const HistoryEntry &entry, const QStringList &rows)
{
    if (entry.event == HistoryEvent::Upgrade)
        return rows.contains(entry.revision);
    if (entry.toRevisions.isEmpty())
        return rows.isEmpty();
    return QSet<QString>(rows.cbegin(), rows.cend())
        .contains(QSet<QString>(entry.toRevisions.cbegin(), entry.toRevisions.cend()));
}

QString doneWords(HistoryEvent event)
{
    switch (event) {
    case HistoryEvent::Upgrade:
        return QStringLiteral("upgraded to");
    case HistoryEvent::Downgrade:
        return QStringLiteral("downgraded to");
    default:
        return QStringLiteral("stamped");
    }
}

} // namespace

Result<QVector<HistoryEntry>> readHistorySince(const QSqlDatabase &db, Dialect dialect, const QString &table,
                                               const QString &schema, const QDateTime &since)
{
    QVector<HistoryEntry> entries;
    if (table.isEmpty() || !since.isValid())
        return entries;
    RETORT_TRY(const bool present, VersionTable(table, schema).exists(db));
    if (!present)
        return entries;
    const QString qualified = SqlDialect::create(dialect)->qualifiedTable(table, schema);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString sql =
        QStringLiteral("SELECT revision, direction, from_revisions, to_revisions, started_at, os_user, "
                       "host, checksum FROM %1 WHERE success = 1 AND direction IN ('%2', '%3', '%4', "
                       "'%5') ORDER BY id")
            .arg(qualified, historyEventName(HistoryEvent::Upgrade), historyEventName(HistoryEvent::Downgrade),
                 historyEventName(HistoryEvent::Stamp), historyEventName(HistoryEvent::Backup));
    if (!query.exec(sql))
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read %1: %2").arg(qualified, databaseMessage(query.lastError())));
    const QString separator = QStringLiteral(", ");
    while (query.next()) {
        HistoryEntry entry;
        entry.at = QDateTime::fromString(query.value(4).toString(), Qt::ISODateWithMs).toUTC();
        // A row whose time does not read is not known to be since the walk began.
        if (!entry.at.isValid() || entry.at < since)
            continue;
        entry.event = historyEventNamed(query.value(1).toString()).value_or(HistoryEvent::Upgrade);
        entry.revision = query.value(0).toString();
        entry.fromRevisions = query.value(2).toString().split(separator, Qt::SkipEmptyParts);
        entry.toRevisions = query.value(3).toString().split(separator, Qt::SkipEmptyParts);
        const QString user = query.value(5).toString();
        const QString host = query.value(6).toString();
        entry.by = host.isEmpty() ? user : user + u'@' + host;
        entry.checksum = query.value(7).toString();
        entries.append(entry);
    }
    return entries;
}

PriorState priorRun(const ChecklistAction &action, const QVector<MigrationStep> &plan, const QStringList &rows,
                    const QVector<HistoryEntry> &since, const RevisionMap &map)
{
    PriorState state;
    if (!plan.isEmpty())
        return state;
    const QString current = versionRowsText(rows, map);
    state.kind = PriorState::Kind::NothingToDo;
    if (action.kind == ChecklistAction::Kind::Stamp) {
        state.result = QStringLiteral("nothing to do: the version table is already %1").arg(current);
    } else if (action.kind == ChecklistAction::Kind::Rehearse) {
        state.result = QStringLiteral("nothing to rehearse: already at %1 (%2)").arg(action.target, current);
        return state;
    } else {
        state.result = QStringLiteral("nothing to do: already at %1 (%2)").arg(action.target, current);
    }
    const std::optional<HistoryEvent> event = eventOf(action.kind);
    // The last change of the version table since the walk began, whoever made it.
    const HistoryEntry *last = nullptr;
    for (const HistoryEntry &entry : since) {
        if (isVersionChange(entry.event))
            last = &entry;
    }
    if (!event || !last || last->event != *event || !leftAsItIs(*last, rows))
        return state;
    state.kind = PriorState::Kind::DoneSince;
    state.result = QStringLiteral("already done: %1 %2 by %3 at %4 (history)")
                       .arg(doneWords(*event), current, last->by.isEmpty() ? QStringLiteral("someone") : last->by,
                            checklistTime(last->at));
    return state;
}

PriorState priorBackup(const QVector<HistoryEntry> &since, const QVector<BackupRecord> &backups)
{
    PriorState state;
    for (auto entry = since.crbegin(); entry != since.crend(); ++entry) {
        if (entry->event != HistoryEvent::Backup || entry->checksum.isEmpty())
            continue;
        for (const BackupRecord &backup : backups) {
            if (backup.sha256 != entry->checksum)
                continue;
            state.kind = PriorState::Kind::DoneSince;
            state.backup = backup;
            state.result =
                QStringLiteral("already done: backup %1 (%2) taken by %3 at %4 (history)")
                    .arg(QDir::toNativeSeparators(backup.path), humanSize(backup.bytes),
                         entry->by.isEmpty() ? QStringLiteral("someone") : entry->by, checklistTime(entry->at));
            return state;
        }
    }
    return state;
}

} // namespace retort
