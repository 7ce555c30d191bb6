// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/SqlStatement.h"

namespace retort {

// Splits a migration section into statements on ';' outside quotes ('..', "..",
// `..`), comments (--, /* */), PostgreSQL dollar quotes ($$ / $tag$) and
// BEGIN ... END bodies of CREATE TRIGGER. "-- migrate:statement-begin" and
// "-- migrate:statement-end" lines force the lines between them into one statement.
class StatementSplitter
{
public:
    // `firstLine` is the file line number of the first line of `sql`; `fileName`
    // is only used in error messages ("file:line: unterminated ...").
    [[nodiscard]] static Result<SqlStatementList> split(const QString &sql, int firstLine = 1,
                                                        const QString &fileName = QString());
};

// The first `count` words of a statement, upper case, after any leading whitespace and comments
// ("CREATE", "TEMPORARY", "TABLE"): what kind of statement it is.
QStringList leadingKeywords(const QString &statement, int count);

} // namespace retort
