// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/SqlTokens.h"

namespace retort {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// The end of a quoted run starting at `start` (on the opening quote), where a doubled closing quote stands
// for itself; `text` receives what is inside.
int endOfQuoted(const QString &sql, int start, QChar close, QString *text)
{
    const int n = sql.size();
    int i = start + 1;
    while (i < n) {
        if (sql[i] == close) {
            if (close != QLatin1Char(']') && i + 1 < n && sql[i + 1] == close) {
                if (text)
                    *text += close;
                i += 2;
                continue;
            }
            return i + 1;
        }
        if (text)
            *text += sql[i];
        ++i;
    }
    return n;
}

// A PostgreSQL dollar quote's tag ("$$", "$body$") at `i`, or empty.
QString dollarTag(const QString &sql, int i)
{
    if (sql[i] != QLatin1Char('$') || (i > 0 && isWordChar(sql[i - 1])))
        return {};
    int j = i + 1;
    while (j < sql.size() && (sql[j].isLetterOrNumber() || sql[j] == QLatin1Char('_')))
        ++j;
    if (j < sql.size() && sql[j] == QLatin1Char('$') && !(j > i + 1 && sql[i + 1].isDigit()))
        return sql.mid(i, j - i + 1);
    return {};
}

} // namespace

SqlTokens tokenize(const QString &sql)
{
    SqlTokens tokens;
    const int n = sql.size();
    int depth = 0;
    int i = 0;
    auto add = [&](SqlToken::Kind kind, int start, int end, QString text) {
        tokens.append(SqlToken{kind, std::move(text), start, depth});
        i = end;
    };
    while (i < n) {
        const QChar c = sql[i];
        const QChar next = i + 1 < n ? sql[i + 1] : QChar();
        if (c.isSpace()) {
            ++i;
        } else if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
            const int end = sql.indexOf(QLatin1Char('\n'), i);
            i = end < 0 ? n : end + 1;
        } else if (c == QLatin1Char('#') && tokens.isEmpty()) {
            // MySQL's '#' comment, only where no operator can stand (PostgreSQL's # is an operator).
            const int end = sql.indexOf(QLatin1Char('\n'), i);
            i = end < 0 ? n : end + 1;
        } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            const int end = sql.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? n : end + 2;
        } else if (c == QLatin1Char('\'')) {
            const int end = endOfQuoted(sql, i, c, nullptr);
            add(SqlToken::Kind::String, i, end, sql.mid(i, end - i));
        } else if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('[')) {
            QString name;
            const int end = endOfQuoted(sql, i, c == QLatin1Char('[') ? QLatin1Char(']') : c, &name);
            add(SqlToken::Kind::QuotedName, i, end, name);
        } else if (const QString tag = dollarTag(sql, i); !tag.isEmpty()) {
            const int close = sql.indexOf(tag, i + tag.size());
            const int end = close < 0 ? n : close + tag.size();
            add(SqlToken::Kind::String, i, end, sql.mid(i, end - i));
        } else if (c.isDigit()) {
            int end = i;
            while (end < n && (sql[end].isLetterOrNumber() || sql[end] == QLatin1Char('.')))
                ++end;
            add(SqlToken::Kind::Number, i, end, sql.mid(i, end - i));
        } else if (isWordChar(c)) {
            int end = i;
            while (end < n && isWordChar(sql[end]))
                ++end;
            // E'..', N'..', X'..', B'..': a prefixed string is one string.
            if (end < n && sql[end] == QLatin1Char('\'') && end - i <= 2) {
                const int close = endOfQuoted(sql, end, QLatin1Char('\''), nullptr);
                add(SqlToken::Kind::String, i, close, sql.mid(i, close - i));
            } else {
                add(SqlToken::Kind::Word, i, end, sql.mid(i, end - i));
            }
        } else {
            if (c == QLatin1Char(')') && depth > 0)
                --depth;
            add(SqlToken::Kind::Symbol, i, i + 1, QString(c));
            if (c == QLatin1Char('('))
                ++depth;
        }
    }
    return tokens;
}

} // namespace retort
