// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/MigrationStep.h"

#include "core/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

namespace retort {

class ScriptDirectory;
class SqlDialect;

// One row of the history table: a revision run or a stamp, who ran it, where,
// and how it ended. See DESIGN.md "Running migrations".
struct HistoryRecord
{
    QString revision;
    QString direction; // upgrade, downgrade, stamp
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

    // Fills revision, direction, from/to and checksum for a step.
    static HistoryRecord forStep(const ScriptDirectory &scripts, const MigrationStep &step);
    // The current OS user and host.
    void setWhoAndWhere();

    static QString columnList();
    // The error of the row written before a Transactional: false revision runs: a run adds a row
    // after it whatever happens, so a start row left alone means the process died inside it.
    static QString outsideTransactionStarted();
    // The values in columnList() order; empty strings become NULL.
    QVariantList values() const;

    // Creates the history table `table` (in `schema`) unless it exists.
    [[nodiscard]] static Status ensureTable(QSqlDatabase &db, const SqlDialect &dialect, const QString &table,
                                            const QString &schema);
    // Appends this row to the table named `qualifiedTable`.
    [[nodiscard]] Status insertInto(QSqlDatabase &db, const QString &qualifiedTable) const;
    // The same through a query prepared once with insertStatement(), for a run's many rows.
    static QString insertStatement(const QString &qualifiedTable);
    [[nodiscard]] Status insertWith(QSqlQuery &prepared, const QString &qualifiedTable) const;
};

} // namespace retort
