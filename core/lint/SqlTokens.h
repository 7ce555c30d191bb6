// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVector>

namespace retort {

// One token of an SQL statement. Comments and blanks are not tokens; strings (quoted, E'', $tag$ bodies) are
// one token each, so nothing inside them is ever read as SQL.
struct SqlToken
{
    enum class Kind
    {
        Word,       // a bare keyword or name
        QuotedName, // "x", `x` or [x]: always a name, never a keyword; `text` is unquoted
        String,     // '...', $$...$$: `text` is the source, quotes included
        Number,
        Symbol // one character: ( ) , . ; = @ and the rest
    };

    Kind kind = Kind::Symbol;
    QString text;
    int offset = 0; // in the statement
    int depth = 0;  // parentheses open around it (a '(' itself counts the depth outside it)

    bool isWord(const char *keyword) const
    {
        return kind == Kind::Word && text.compare(QLatin1String(keyword), Qt::CaseInsensitive) == 0;
    }
    bool isSymbol(char symbol) const { return kind == Kind::Symbol && text == QLatin1Char(symbol); }
    bool isName() const { return kind == Kind::Word || kind == Kind::QuotedName; }
};

using SqlTokens = QVector<SqlToken>;

// The tokens of one statement of SQLite, PostgreSQL or MySQL/MariaDB. Never fails: an unterminated quote or
// comment runs to the end.
SqlTokens tokenize(const QString &statement);

} // namespace retort
