// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/Dialect.h"

#include <QSqlDatabase>
#include <QStringList>

namespace retort {

class ScriptDirectory;
class VersionTable;

// A revision that a run left part way: the process died inside a revision that runs outside a
// transaction, or a revision failed after some of its statements had committed (one by one outside
// a transaction; implicitly with DDL on MySQL/MariaDB). Running on would apply those statements a
// second time (`balance = balance + 10` twice), so upgrade and downgrade refuse until a stamp settles
// it: `retort stamp` where the database really is, once the rest was finished or undone by hand.
class UnsettledRun
{
public:
    // Refuses (ErrorCode::Refused) while `historyTable` records such a revision with no stamp after it,
    // and the version table `rows` do not show it finished (a run killed after its last statement and
    // version change only lost the end of its history row). The message names the revision, who ran
    // it and when, the statements that stayed committed, and the stamp for each outcome. `db` is of `dialect`.
    [[nodiscard]] static Status check(const QSqlDatabase &db, Dialect dialect, const QString &historyTable,
                                      const ScriptDirectory &scripts, const QStringList &rows,
                                      const VersionTable &versionTable);

    // "file:line: first line" of the first `count` statements of a revision's upgrade (or downgrade)
    // section as a database of `dialect` runs it: what stayed committed.
    static QStringList committedStatements(const ScriptDirectory &scripts, int revision, bool upgrade, int count,
                                           Dialect dialect);
    // The two ways out, as commands: finish the revision by hand and stamp where it leads, or undo what
    // committed and stamp where the version table is (`rows`).
    static QString settleAdvice(const ScriptDirectory &scripts, int revision, bool upgrade, const QStringList &rows);
};

} // namespace retort
