// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/ScriptDirectory.h"

namespace retort::cli {

// The text of `retort plan`: the steps an upgrade or downgrade would take from
// the given rows, with each step's file, the tables it touches and its
// version-table change, worked out before anything runs.
class PlanReport
{
public:
    enum class Direction
    {
        Upgrade,
        Downgrade,
        Either
    };

    struct Request
    {
        QString destination;
        Direction direction = Direction::Either; // Either: upgrade, or downgrade when REV lies below
        QStringList currentRows;
        QString databaseDescription;
        bool verbose = false; // list every statement with its line
    };

    [[nodiscard]] static Result<QString> render(const ScriptDirectory &scripts, const Request &request);
};

} // namespace retort::cli
