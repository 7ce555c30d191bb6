// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace retort {

// One executable statement of a migration section, with the 1-based line in
// its file where the statement's first token stands, so errors can say file:line.
struct SqlStatement
{
    QString text; // without the trailing ';'
    int line = 0;

    bool operator==(const SqlStatement &other) const { return text == other.text && line == other.line; }
};

using SqlStatementList = QList<SqlStatement>;

} // namespace retort
