// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/HistoryRecord.h"

#include "core/NamedValues.h"

#include "core/runtime/BackupRecord.h"

#include <QDateTime>

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ScriptDirectory.h"

#include <QSqlError>
#include <QSet>
#include <QSqlQuery>
#include <QSysInfo>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace retort {

namespace {

QVariant orNull(const QString &value)
{
    return value.isEmpty() ? QVariant() : QVariant(value);
}

} // namespace

namespace {

const std::pair<HistoryEvent, const char *> kEventNames[] = {{HistoryEvent::Upgrade, "upgrade"},
                                                             {HistoryEvent::Downgrade, "downgrade"},
                                                             {HistoryEvent::Stamp, "stamp"},
                                                             {HistoryEvent::Backup, "backup"},
                                                             {HistoryEvent::BackupSkipped, "backup skipped"},
                                                             {HistoryEvent::Mark, "mark"},
                                                             {HistoryEvent::Unmark, "unmark"},
                                                             {HistoryEvent::Restore, "restore"}};

} // namespace

QString historyEventName(HistoryEvent event)
{
    return wordFor(kEventNames, event);
}

std::optional<HistoryEvent> historyEventNamed(const QString &name)
{
    return valueFor(kEventNames, name);
}

HistoryRecord HistoryRecord::event(HistoryEvent event, const QStringList &versionRows, const QString &note)
{
    HistoryRecord record;
    record.revision = versionRows.isEmpty() ? QStringLiteral("base") : versionRows.first();
    record.fromRevisions = versionRows.join(QStringLiteral(", "));
    record.toRevisions = record.fromRevisions;
    record.direction = event;
    record.startedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    record.note = note;
    record.setWhoAndWhere();
    return record;
}

HistoryRecord HistoryRecord::forBackup(const std::optional<BackupRecord> &backup, const QString &skipReason,
                                       const QStringList &versionRows)
{
    if (!backup)
        return HistoryRecord::event(HistoryEvent::BackupSkipped, versionRows,
                                    QStringLiteral("no backup: ") + skipReason);
    HistoryRecord record =
        HistoryRecord::event(HistoryEvent::Backup, versionRows, QStringLiteral("backup: ") + backup->summary());
    record.startedAt = backup->createdAt.toString(Qt::ISODateWithMs);
    record.durationMs = backup->durationMs;
    record.checksum = backup->sha256;
    return record;
}

HistoryRecord HistoryRecord::forStep(const ScriptDirectory &scripts, const MigrationStep &step, Dialect dialect)
{
    HistoryRecord record;
    if (step.kind == MigrationStep::Kind::Stamp) {
        record.direction = HistoryEvent::Stamp;
        record.fromRevisions = step.stampFrom.join(QStringLiteral(", "));
        record.toRevisions = step.stampTo.join(QStringLiteral(", "));
        record.revision = step.stampTo.isEmpty() ? step.stampFrom.value(0) : step.stampTo.value(0);
        return record;
    }
    const Revision &revision = scripts.map().at(step.revision);
    const MigrationScript &script = scripts.script(step.revision);
    record.revision = revision.id;
    record.direction = step.isUpgrade ? HistoryEvent::Upgrade : HistoryEvent::Downgrade;
    const QString down = revision.downRevisions.join(QStringLiteral(", "));
    record.fromRevisions = step.isUpgrade ? down : revision.id;
    record.toRevisions = step.isUpgrade ? revision.id : down;
    record.checksum = HistoryRecord::checksumOf(script.section(step.isUpgrade, dialect));
    return record;
}

QString HistoryRecord::checksumOf(const MigrationSection &section)
{
    if (!section.checksum.isEmpty() || section.body == SectionBody::Missing)
        return section.checksum;
    return MigrationSection::checksumOf(section.text);
}

QVector<HistoryRecord> HistoryRecord::forStampedRevisions(const ScriptDirectory &scripts, const HistoryRecord &summary,
                                                          const QStringList &rowsBefore, const QStringList &rowsAfter,
                                                          Dialect dialect)
{
    const RevisionMap &map = scripts.map();
    // Rows no file defines (what --purge clears) stand for nothing the project can name.
    auto applied = [&map](const QStringList &rows) {
        QVector<int> known;
        for (const QString &row : rows) {
            if (RevisionMap::isRevision(map.indexOf(row)))
                known << map.indexOf(row);
        }
        const Result<QVector<int>> all = map.ancestors(known);
        return all.ok() ? QSet<int>(all->cbegin(), all->cend()) : QSet<int>();
    };
    const QSet<int> before = applied(rowsBefore);
    const QSet<int> after = applied(rowsAfter);
    QVector<int> marked(after.cbegin(), after.cend());
    marked.erase(std::remove_if(marked.begin(), marked.end(), [&before](int index) { return before.contains(index); }),
                 marked.end());
    QVector<int> away(before.cbegin(), before.cend());
    away.erase(std::remove_if(away.begin(), away.end(), [&after](int index) { return after.contains(index); }),
               away.end());
    if (marked.isEmpty() && away.isEmpty())
        return {summary};
    auto byRank = [&map](int a, int b) { return map.rank(a) != map.rank(b) ? map.rank(a) < map.rank(b) : a < b; };
    // In the order an upgrade would apply them, and a downgrade take them away.
    std::sort(marked.begin(), marked.end(), byRank);
    std::sort(away.begin(), away.end(), [&byRank](int a, int b) { return byRank(b, a); });
    QVector<HistoryRecord> records;
    auto add = [&](int index, bool applies) {
        const Revision &revision = map.at(index);
        const QString down = revision.downRevisions.join(QStringLiteral(", "));
        HistoryRecord record = summary;
        record.revision = revision.id;
        // As an upgrade or downgrade row would: DriftCheck tells the two apart by to_revisions.
        record.fromRevisions = applies ? down : revision.id;
        record.toRevisions = applies ? revision.id : down;
        record.checksum = applies ? HistoryRecord::checksumOf(scripts.script(index).section(true, dialect)) : QString();
        records << record;
    };
    for (int index : std::as_const(away))
        add(index, false);
    for (int index : std::as_const(marked))
        add(index, true);
    return records;
}

namespace {

// The account behind the process, when no variable names the user: looked up once, as getpwuid
// reads the user database on every call (once per history row otherwise).
QString accountName()
{
#ifdef Q_OS_UNIX
    static const QString name = [] {
        const passwd *entry = getpwuid(geteuid());
        return entry ? QString::fromLocal8Bit(entry->pw_name) : QString();
    }();
    return name;
#else
    return QString();
#endif
}

} // namespace

void HistoryRecord::setWhoAndWhere()
{
    for (const char *variable : {"USER", "USERNAME", "LOGNAME"}) {
        osUser = qEnvironmentVariable(variable);
        if (!osUser.isEmpty())
            break;
    }
    // Services and containers often run without USER set.
    if (osUser.isEmpty())
        osUser = accountName();
    static const QString machine = QSysInfo::machineHostName();
    host = machine;
}

QString HistoryRecord::columnList()
{
    return QStringLiteral("revision, direction, from_revisions, to_revisions, started_at, duration_ms, success, error, "
                          "checksum, os_user, host, environment, tool_version, run_id, note, statements_committed");
}

QVariantList HistoryRecord::values() const
{
    // No from/to at base: NULL, the same online and in offline scripts.
    return {revision,
            historyEventName(direction),
            orNull(fromRevisions),
            orNull(toRevisions),
            startedAt,
            durationMs,
            success ? 1 : 0,
            orNull(error),
            orNull(checksum),
            orNull(osUser),
            orNull(host),
            orNull(environment),
            toolVersion,
            orNull(runId),
            orNull(note),
            statementsCommitted ? QVariant(*statementsCommitted) : QVariant()};
}

HistoryRecord HistoryRecord::startOf(const HistoryRecord &finished)
{
    HistoryRecord start = finished;
    start.durationMs = 0;
    start.success = false;
    start.error.clear();
    start.statementsCommitted = 0;
    return start;
}

QString HistoryRecord::finishStatement(const QString &qualifiedTable)
{
    return QStringLiteral("UPDATE %1 SET duration_ms = ?, success = ?, error = ?, statements_committed = ? "
                          "WHERE run_id = ? AND revision = ? AND direction = ? AND success = 0 AND error IS NULL")
        .arg(qualifiedTable);
}

QVariantList HistoryRecord::finishValues() const
{
    return {durationMs,
            success ? 1 : 0,
            orNull(error),
            statementsCommitted ? QVariant(*statementsCommitted) : QVariant(),
            runId,
            revision,
            historyEventName(direction)};
}

Status HistoryRecord::finishIn(QSqlDatabase &db, const QString &qualifiedTable) const
{
    QSqlQuery query(db);
    query.prepare(finishStatement(qualifiedTable));
    const QVariantList bound = finishValues();
    for (int i = 0; i < int(bound.size()); ++i)
        query.bindValue(i, bound.at(i));
    const bool updated = query.exec();
    const QSqlError error = query.lastError();
    query.finish();
    if (!updated) {
        return Error(ErrorCode::Database, QStringLiteral("cannot record the end of %1 in %2: %3")
                                              .arg(revision, qualifiedTable, databaseMessage(error)));
    }
    return Status::success();
}

Status HistoryRecord::ensureTable(QSqlDatabase &db, const SqlDialect &dialect, const QString &table,
                                  const QString &schema)
{
    // Checked first: PostgreSQL answers IF NOT EXISTS on an existing table with a NOTICE on stderr.
    RETORT_TRY(const bool exists, VersionTable(table, schema).exists(db));
    const QString qualified = dialect.qualifiedTable(table, schema);
    QSqlQuery query(db);
    if (exists) {
        // Tables made before statements_committed existed (Retort 0.1) get it, empty in their old rows.
        if (query.exec(QStringLiteral("SELECT statements_committed FROM %1 WHERE 1 = 0").arg(qualified)))
            return Status::success();
        if (!query.exec(QStringLiteral("ALTER TABLE %1 ADD COLUMN statements_committed INTEGER").arg(qualified))) {
            return Error(ErrorCode::Database, QStringLiteral("cannot add statements_committed to %1: %2")
                                                  .arg(qualified, databaseMessage(query.lastError())));
        }
        return Status::success();
    }
    if (!query.exec(dialect.createHistoryTableStatement(qualified))) {
        return Error(ErrorCode::Database, QStringLiteral("cannot create the history table %1: %2")
                                              .arg(qualified, query.lastError().text().trimmed()));
    }
    return Status::success();
}

QString HistoryRecord::insertStatement(const QString &qualifiedTable)
{
    QStringList placeholders;
    for (qsizetype i = 0; i < columnList().count(u',') + 1; ++i)
        placeholders << QStringLiteral("?");
    return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
        .arg(qualifiedTable, columnList(), placeholders.join(QStringLiteral(", ")));
}

Status HistoryRecord::insertInto(QSqlDatabase &db, const QString &qualifiedTable) const
{
    QSqlQuery query(db);
    query.prepare(insertStatement(qualifiedTable));
    return insertWith(query, qualifiedTable);
}

Status HistoryRecord::insertWith(QSqlQuery &prepared, const QString &qualifiedTable) const
{
    const QVariantList row = values();
    for (int i = 0; i < int(row.size()); ++i)
        prepared.bindValue(i, row.at(i));
    const bool inserted = prepared.exec();
    const QSqlError error = prepared.lastError();
    prepared.finish(); // reset, so no statement stays open across a COMMIT or ROLLBACK
    if (!inserted) {
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot record the run in %1: %2").arg(qualifiedTable, databaseMessage(error)));
    }
    return Status::success();
}

} // namespace retort
