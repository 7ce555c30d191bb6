// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/StatementAction.h"

namespace retort {

// Functions whose value differs per row: a column added with one as its default is filled row by row.
namespace {

const char *const kVolatileFunctions[] = {"random",           "gen_random_uuid",
                                          "uuid_generate_v1", "uuid_generate_v4",
                                          "clock_timestamp",  "timeofday",
                                          "nextval",          "uuid",
                                          "uuid_short",       "rand",
                                          "sys_guid",         "randomblob"};

} // namespace

bool isVolatileFunction(const QString &name)
{
    for (const char *function : kVolatileFunctions) {
        if (name.compare(QLatin1String(function), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

StatementAction makeAction(ActionKind kind, const QString &table, const QString &object)
{
    StatementAction result;
    result.kind = kind;
    result.table = table;
    result.object = object;
    return result;
}

bool isSchemaChange(ActionKind kind)
{
    switch (kind) {
    case ActionKind::Insert:
    case ActionKind::Update:
    case ActionKind::Delete:
    case ActionKind::TransactionControl:
    case ActionKind::Vacuum:
        return false;
    default:
        return true;
    }
}

bool isRowChange(ActionKind kind)
{
    return kind == ActionKind::Insert || kind == ActionKind::Update || kind == ActionKind::Delete;
}

} // namespace retort
