// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/TextFormat.h"
#include "core/runtime/UnsettledRun.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ScriptDirectory.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <optional>

namespace retort {

namespace {

// What Retort 0.1 wrote as the error of a revision's start row (it then added a second row at the
// end): still recognised, so a database it left part way is not run on.
const QString kLegacyStartRow = QStringLiteral("started outside a transaction; no later row of this run means it "
                                               "stopped inside this revision");

struct LeftPartWay
{
    QString revision;
    bool upgrade = true;
    QString startedAt;
    QString who;
    QString runId;
    QString error;                          // empty: the run stopped inside it
    std::optional<int> statementsCommitted; // empty: not known
    QString checksum;
};

QString rowsAsArguments(const QStringList &rows)
{
    return rows.isEmpty() ? QStringLiteral("base") : rows.join(u' ');
}

} // namespace

QStringList UnsettledRun::committedStatements(const ScriptDirectory &scripts, int revision, bool upgrade, int count,
                                              Dialect dialect)
{
    QStringList lines;
    const MigrationScript &script = scripts.script(revision);
    const MigrationSection &section = script.section(upgrade, dialect);
    for (int i = 0; i < count && i < section.statements.size(); ++i) {
        const SqlStatement &statement = section.statements.at(i);
        lines << QStringLiteral("%1:%2: %3")
                     .arg(QDir::toNativeSeparators(script.path))
                     .arg(statement.line)
                     .arg(firstLine(statement.text));
    }
    return lines;
}

QString UnsettledRun::settleAdvice(const ScriptDirectory &scripts, int revision, bool upgrade, const QStringList &rows)
{
    const Revision &node = scripts.map().at(revision);
    // Where the version table would be had the revision finished: it in place of its parents (upgrade),
    // or its parents in place of it (downgrade).
    QStringList finished;
    const QStringList &replaced = upgrade ? node.downRevisions : QStringList{node.id};
    for (const QString &row : rows) {
        if (!replaced.contains(row))
            finished << row;
    }
    for (const QString &added : upgrade ? QStringList{node.id} : node.downRevisions) {
        if (!finished.contains(added))
            finished << added;
    }
    return QStringLiteral("  - finish the rest of %1's %2 by hand, then: retort stamp %3\n"
                          "  - or undo what committed by hand, then: retort stamp %4")
        .arg(node.id, upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), rowsAsArguments(finished),
             rowsAsArguments(rows));
}

Status UnsettledRun::check(const QSqlDatabase &db, Dialect dialect, const QString &historyTable,
                           const ScriptDirectory &scripts, const QStringList &rows, const VersionTable &versionTable)
{
    // The states of HistoryRecord rows: a start row never finished (success 0, no error, a count), a
    // failure that left statements committed (a count above 0), or Retort 0.1's start row with no later
    // row of its run. Any stamp after it settles it.
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("SELECT h.revision, h.direction, h.started_at, h.os_user, h.host, h.run_id, h.error, "
                       "h.statements_committed, h.checksum FROM %1 h WHERE h.success = 0 AND ("
                       "(h.error IS NULL AND h.statements_committed IS NOT NULL) OR h.statements_committed > 0 "
                       "OR (h.error = ? AND NOT EXISTS (SELECT 1 FROM %1 l WHERE l.id > h.id AND l.run_id = "
                       "h.run_id))) AND NOT EXISTS (SELECT 1 FROM %1 s WHERE s.id > h.id AND s.direction = "
                       "'stamp') ORDER BY h.id DESC")
            .arg(historyTable));
    query.addBindValue(kLegacyStartRow);
    if (!query.exec())
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read %1: %2").arg(historyTable, databaseMessage(query.lastError())));
    const RevisionMap &map = scripts.map();
    QVector<int> rowIndexes;
    for (const QString &row : rows) {
        if (map.indexOf(row) != RevisionMap::None)
            rowIndexes << map.indexOf(row);
    }
    const QVector<int> applied = map.ancestors(rowIndexes).value();
    while (query.next()) {
        LeftPartWay left;
        left.revision = query.value(0).toString();
        left.upgrade = query.value(1).toString() == QLatin1String("upgrade");
        left.startedAt = query.value(2).toString();
        left.who = QStringLiteral("%1@%2").arg(query.value(3).toString(), query.value(4).toString());
        left.runId = query.value(5).toString();
        const QString error = query.value(6).toString();
        left.error = error == kLegacyStartRow ? QString() : error;
        if (!query.isNull(7) && error != kLegacyStartRow)
            left.statementsCommitted = query.value(7).toInt();
        left.checksum = query.value(8).toString();
        const int index = map.indexOf(left.revision);
        // A run killed after the revision's version change (the last thing it does) only lost the end
        // of its history row: the version table shows the revision done (or undone).
        if (left.error.isEmpty() && index != RevisionMap::None && applied.contains(index) == left.upgrade)
            continue;

        const QString state = versionTable.describe(rows);
        QString what;
        if (left.error.isEmpty()) {
            what = QStringLiteral("A run stopped inside revision %1, which runs outside a transaction "
                                  "(Transactional: false): it started at %2 by %3 (run %4) and never finished, so "
                                  "some of its statements may have stayed applied while %5.")
                       .arg(left.revision, left.startedAt, left.who, left.runId, state);
        } else {
            what = QStringLiteral("Revision %1 failed part way when run at %2 by %3 (run %4): %5")
                       .arg(left.revision, left.startedAt, left.who, left.runId, firstLine(left.error));
            // An Alembic revision's Python has no statements to list: its history row only knows that something
            // stayed (AlembicRun), not what.
            const bool python =
                index != RevisionMap::None && scripts.script(index).format == ScriptFormat::AlembicPython;
            if (left.statementsCommitted && *left.statementsCommitted > 0 && index != RevisionMap::None && !python) {
                const QStringList committed =
                    committedStatements(scripts, index, left.upgrade, *left.statementsCommitted, dialect);
                const bool changed = scripts.script(index).section(left.upgrade, dialect).checksum != left.checksum;
                what += QStringLiteral("\nThese %1 statement(s) stayed committed%2:\n  %3\nwhile %4.")
                            .arg(*left.statementsCommitted)
                            .arg(changed ? QStringLiteral(" (the file has changed since; these are its first "
                                                          "statements today)")
                                         : QString())
                            .arg(committed.join(QStringLiteral("\n  ")), state);
            } else {
                what += QStringLiteral("\n%1 of its statements stayed committed while %2.")
                            .arg(left.statementsCommitted && !python ? QString::number(*left.statementsCommitted)
                                                                     : QStringLiteral("Some"),
                                 state);
            }
        }
        const QString advice = index == RevisionMap::None
                                   ? QStringLiteral("  (no file defines %1 any more) settle it by hand, then: "
                                                    "retort stamp %2")
                                         .arg(left.revision, rowsAsArguments(rows))
                                   : settleAdvice(scripts, index, left.upgrade, rows);
        return Error(ErrorCode::Refused,
                     QStringLiteral("%1\nRunning on could apply them twice. Settle it first:\n%2\nNothing was changed.")
                         .arg(what, advice));
    }
    return Status::success();
}

} // namespace retort
