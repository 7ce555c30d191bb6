// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/Dialect.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

class ScriptDirectory;
class SqlDialect;

// One applied revision as `verify` finds it against what the history table recorded when it ran.
struct AppliedRevisionCheck
{
    enum class Finding
    {
        Unchanged,   // the SHA-256 of the upgrade section the database's dialect runs is the one recorded
        Edited,      // it is not: the file was changed after it was applied
        Unverified,  // nothing recorded to compare with (applied by Alembic before adoption, or by a Retort
                     // that did not record stamps' checksums yet)
        MissingFile, // the database has it applied and no file defines it
    };

    Finding finding = Finding::Unchanged;
    QString revision;
    QString path;             // the file, when there is one
    QString recordedChecksum; // what the history row holds, when it holds one
    QString currentChecksum;  // the file's upgrade section for the database's dialect now
    QString recordedAt;       // when the row was written (UTC, ISO 8601)
    QString recordedBy;       // user@host of that row
    QString recordedEvent;    // "upgrade" or "stamp"
    // Edited only: a unified diff of the upgrade section from the text that ran to the file's, when git has
    // that text (DriftCheck::addDiffs()); empty otherwise.
    QString diff;
    QString diffCommit;    // the commit whose version of the file ran
    QStringList appliedOn; // MissingFile: what its history row says it was applied on
};

// What the history table says of one revision: its latest successful row that applied it (an upgrade, or a
// stamp that marked it applied) or took it away (a downgrade, a stamp down).
struct RecordedRevision
{
    bool applied = false;
    QString checksum; // of the upgrade section, when it was applied with one recorded
    QString at;
    QString by;
    QString event;
    QStringList restsOn; // what it was applied on (or left behind when it was taken away)
    QString environment; // as the run named it; empty when it named none
    QString toolVersion; // the retort that wrote the row
};

// Every revision's RecordedRevision, read from the history table.
struct RecordedRevisions
{
    QHash<QString, RecordedRevision> revisions;
    bool historyTableFound = false;
};

// Every revision the database has applied (its version rows and all they rest on), each compared with
// the checksum of its latest successful upgrade in the history table.
struct DriftReport
{
    QVector<AppliedRevisionCheck> revisions; // in the project's order, missing files last
    bool historyTableFound = false;

    int count(AppliedRevisionCheck::Finding finding) const;
    QStringList ids(AppliedRevisionCheck::Finding finding) const;
    // "edited a1, b2; missing file c3", for a one-line warning; empty when both are.
    static QString describe(const QStringList &edited, const QStringList &missing);
    // Edited or missing: applied SQL the files no longer show.
    bool drifted() const
    {
        return count(AppliedRevisionCheck::Finding::Edited) + count(AppliedRevisionCheck::Finding::MissingFile) > 0;
    }
};

// A history row records the checksum of the section that ran, so each database is compared with the section its
// dialect picks (MigrationScript::section): an edit to another dialect's section is no drift for it, while a
// section added for its dialect after the plain one ran is (the SQL it would run now is not what ran).
class DriftCheck
{
public:
    // read() and compare(). `db` is of `dialect`; `historyTable` qualified for it; empty when the project keeps
    // no history.
    [[nodiscard]] static Result<DriftReport> run(const ScriptDirectory &scripts, const QSqlDatabase &db,
                                                 Dialect dialect, const QStringList &versionRows,
                                                 const QString &historyTable);
    // The database part, on the thread that owns `db`. A missing history table is nothing recorded.
    [[nodiscard]] static Result<RecordedRevisions> read(const QSqlDatabase &db, const QString &historyTable);
    // The files part: no database, cheap (the checksums are the scripts').
    [[nodiscard]] static Result<DriftReport> compare(const ScriptDirectory &scripts, Dialect dialect,
                                                     const QStringList &versionRows, const RecordedRevisions &recorded);
    // Fills `diff` of each edited revision whose applied text git still has (GitFileHistory); slow, as it runs
    // git: for `verify`, not for `status`.
    static void addDiffs(const ScriptDirectory &scripts, Dialect dialect, DriftReport *report);
};

} // namespace retort
