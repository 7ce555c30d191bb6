// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

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
        Unchanged,   // the upgrade section's SHA-256 is the one recorded when it ran
        Edited,      // it is not: the file was changed after it was applied
        Unverified,  // nothing recorded to compare with (applied by Alembic before adoption, or stamped)
        MissingFile, // the database has it applied and no file defines it
    };

    Finding finding = Finding::Unchanged;
    QString revision;
    QString path;             // the file, when there is one
    QString recordedChecksum; // what the history row holds, when it holds one
    QString currentChecksum;  // the file's upgrade section now
    QString recordedAt;       // when the row was written (UTC, ISO 8601)
    QString recordedBy;       // user@host of that row
    QString recordedEvent;    // "upgrade" or "stamp"
};

// Every revision the database has applied (its version rows and all they rest on), each compared with
// the checksum of its latest successful upgrade in the history table.
struct DriftReport
{
    QVector<AppliedRevisionCheck> revisions; // in the project's order, missing files last
    bool historyTableFound = false;

    int count(AppliedRevisionCheck::Finding finding) const;
    // Edited or missing: applied SQL the files no longer show.
    bool drifted() const
    {
        return count(AppliedRevisionCheck::Finding::Edited) + count(AppliedRevisionCheck::Finding::MissingFile) > 0;
    }
};

class DriftCheck
{
public:
    // `historyTable` qualified for `dialect`; empty when the project keeps no history.
    [[nodiscard]] static Result<DriftReport> run(const ScriptDirectory &scripts, const QSqlDatabase &db,
                                                 const QStringList &versionRows, const QString &historyTable);
};

} // namespace retort
