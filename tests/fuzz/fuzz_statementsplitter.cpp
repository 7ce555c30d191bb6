// SPDX-License-Identifier: GPL-3.0-or-later
// The SQL statement splitter (quotes, comments, dollar quoting, BEGIN...END blocks) on arbitrary text.
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
        }
    }
    return 0;
}
