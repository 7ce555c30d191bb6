// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/MigrationStep.h"

#include "core/Result.h"
#include "core/script/Dialect.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <QVector>

#include <optional>

namespace retort {

class ScriptDirectory;
struct BackupRecord;
class SqlDialect;
struct MigrationSection;

// One row of the history table: a revision run or a stamp, who ran it, where,
// and how it ended. See DESIGN.md "Running migrations".
// What a history row records: a revision run either way, a stamp, or something done to the database as a
// whole (a backup taken or skipped, the production mark written or removed, a restore).
enum class HistoryEvent
{
    Upgrade,
    Downgrade,
    Stamp,
    Backup,
    BackupSkipped,
    Mark,
    Unmark,
    Restore
};
// The direction column's word for it: upgrade, downgrade, stamp, backup, "backup skipped", mark, unmark, restore.
QString historyEventName(HistoryEvent event);
std::optional<HistoryEvent> historyEventNamed(const QString &name);

struct HistoryRecord
{
    QString revision;
    HistoryEvent direction = HistoryEvent::Upgrade;
    QString fromRevisions;
    QString toRevisions;
    QString startedAt; // ISO 8601, UTC
    qint64 durationMs = 0;
    bool success = true;
    QString error;
    QString checksum; // SHA-256 of the section that ran
    QString osUser;
    QString host;
    QString environment;
    QString toolVersion = QStringLiteral(RETORT_VERSION);
    QString runId;
    QString note;
    // How many statements of the section the database has committed, where they commit one by one:
    // a revision outside a transaction (each statement), or MySQL/MariaDB (implicitly, with DDL).
    // Empty where the section commits or rolls back as a whole.
    std::optional<int> statementsCommitted;

    // A row for something done to the database as a whole, `note` saying what, while it was at `versionRows`;
    // who and when are filled in.
    static HistoryRecord event(HistoryEvent event, const QStringList &versionRows, const QString &note);
    // The row that records a backup (its file's SHA-256 as checksum) or a skipped one (the reason as note),
    // taken while the database was at `versionRows`.
    static HistoryRecord forBackup(const std::optional<BackupRecord> &backup, const QString &skipReason,
                                   const QStringList &versionRows);
    // Fills revision, direction, from/to and checksum for a step on a database of `dialect` (the checksum of the
    // section it runs there).
    static HistoryRecord forStep(const ScriptDirectory &scripts, const MigrationStep &step, Dialect dialect);
    // The checksum a row records of `section`: its own, or computed for a section built by hand, not parsed;
    // empty for a section the file does not have (SectionBody::Missing): nothing ran, nothing is vouched for.
    static QString checksumOf(const MigrationSection &section);
    // A stamp's rows, the version table going from `rowsBefore` to `rowsAfter`: `summary` (forStep's row) made
    // into one row per revision it stamps away (from the revision to its down revisions, no checksum), then one per
    // revision it marks applied (from its down revisions to it, with the checksum of the upgrade section a
    // database of `dialect` runs now), as downgrade and upgrade rows would be, so `verify` finds what a stamp
    // vouched for. Just `summary` when no revision the project defines changes state.
    static QVector<HistoryRecord> forStampedRevisions(const ScriptDirectory &scripts, const HistoryRecord &summary,
                                                      const QStringList &rowsBefore, const QStringList &rowsAfter,
                                                      Dialect dialect);
    // The current OS user and host.
    void setWhoAndWhere();

    static QString columnList();
    // The values in columnList() order; empty strings become NULL.
    QVariantList values() const;

    // A revision that runs outside a transaction gets its row before its first statement (success 0,
    // no error, statements_committed 0), committed at once, and the same row is finished when it ends
    // (finishStatement()). So a row still in that state means the process died inside the revision,
    // and a finished one never reads as a failure when the revision succeeded.
    static HistoryRecord startOf(const HistoryRecord &finished);
    // UPDATE of the start row (found by run_id, revision, direction) with '?' placeholders for
    // finishValues(), in order.
    static QString finishStatement(const QString &qualifiedTable);
    QVariantList finishValues() const;
    [[nodiscard]] Status finishIn(QSqlDatabase &db, const QString &qualifiedTable) const;

    // Creates the history table `table` (in `schema`) unless it exists, and adds the columns a table
    // made by an earlier Retort lacks.
    [[nodiscard]] static Status ensureTable(QSqlDatabase &db, const SqlDialect &dialect, const QString &table,
                                            const QString &schema);
    // Appends this row to the table named `qualifiedTable`.
    [[nodiscard]] Status insertInto(QSqlDatabase &db, const QString &qualifiedTable) const;
    // The same through a query prepared once with insertStatement(), for a run's many rows.
    static QString insertStatement(const QString &qualifiedTable);
    [[nodiscard]] Status insertWith(QSqlQuery &prepared, const QString &qualifiedTable) const;
};

} // namespace retort
