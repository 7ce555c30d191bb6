// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/StatementReader.h"

#include "core/lint/PostgresStatementReader.h"
#include "core/lint/TokenStatementReader.h"

namespace retort {

StatementActions readStatement(const QString &statement, std::optional<Dialect> dialect)
{
    if (dialect == Dialect::PostgreSQL) {
        if (std::optional<StatementActions> actions = readPostgresStatement(statement))
            return *actions;
    }
    return readStatementTokens(statement);
}

} // namespace retort
