// SPDX-License-Identifier: GPL-3.0-or-later
// The SQL statement splitter (quotes, comments, dollar quoting, BEGIN...END blocks) on arbitrary text, and
// lint's readers (tokens; PostgreSQL's parser) on each statement it gives.
#include "core/lint/StatementReader.h"
#include "core/script/StatementSplitter.h"

#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString sql = retort::fuzz::text(data, size);
    const auto statements = retort::StatementSplitter::split(sql, 1, QStringLiteral("/fuzz/x.sql"));
    if (statements.ok()) {
        // Every statement is a piece of the input: the splitter never invents text.
        for (const retort::SqlStatement &statement : statements.value()) {
            if (statement.line < 1 || statement.text.size() > sql.size())
                __builtin_trap();
            // A table a reader names comes from the statement's text (unquoted), never from elsewhere.
            for (const auto dialect : {std::optional<retort::Dialect>(), std::optional(retort::Dialect::PostgreSQL)}) {
                for (const retort::StatementAction &action : retort::readStatement(statement.text, dialect)) {
                    if (action.table.size() > statement.text.size() + 1)
                        __builtin_trap();
                }
            }
        }
    }
    return 0;
}
