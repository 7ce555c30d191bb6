// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/StatementSplitter.h"

#include <QLatin1String>
#include <QStringView>

#include <optional>

namespace retort {

namespace {

bool isAsciiLetter(char16_t u)
{
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

bool isAsciiDigit(char16_t u)
{
    return u >= '0' && u <= '9';
}

// PostgreSQL and MySQL both allow '$' inside unquoted identifiers, so "a$b$" is one word and
// never opens a dollar quote.
bool isWordChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return isAsciiLetter(u) || isAsciiDigit(u) || u == '_' || u == '$';
    return c.isLetterOrNumber();
}

bool isTagStart(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return isAsciiLetter(u) || u == '_';
    return c.isLetter();
}

bool isTagChar(QChar c)
{
    return isTagStart(c) || isAsciiDigit(c.unicode());
}

bool isBlank(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return u == ' ' || u == '\t' || u == '\n' || u == '\r' || u == '\f' || u == '\v';
    return c.isSpace();
}

bool is(QStringView word, QLatin1String keyword)
{
    return word.size() == keyword.size() && word.compare(keyword, Qt::CaseInsensitive) == 0;
}

// Body of a "-- ..." line: the text after the dashes, trimmed. Empty view when `line` is no comment.
QStringView lineCommentBody(QStringView line)
{
    const QStringView trimmed = line.trimmed();
    if (!trimmed.startsWith(QLatin1String("--")))
        return {};
    return trimmed.mid(2).trimmed();
}

const QLatin1String kStatementBegin("migrate:statement-begin");
const QLatin1String kStatementEnd("migrate:statement-end");

// Whether the statement being accumulated is a CREATE ... TRIGGER, whose BEGIN ... END body may hold ';'.
enum class TriggerState
{
    Start,       // no word seen yet
    AfterCreate, // CREATE [OR REPLACE] [TEMP|TEMPORARY] [CONSTRAINT] ...
    InDefiner,   // MySQL DEFINER = user@host, which may be any mix of tokens
    Trigger,
    NotTrigger,
};

// One pass over the text; every character is looked at a bounded number of times, so the cost
// is linear in the input size, whatever the input.
class Splitter
{
public:
    Splitter(const QString &sql, int firstLine, const QString &fileName)
        : m_sql(sql), m_d(sql.constData()), m_n(sql.size()), m_line(firstLine), m_fileName(fileName)
    {
    }

    Result<SqlStatementList> run();

private:
    QChar at(qsizetype pos) const { return pos < m_n ? m_d[pos] : QChar(); }
    Error makeError(int line, const QString &what) const;

    void beginToken(qsizetype start, int line);
    void noteWord(QStringView word);
    void noteOtherToken();
    bool resolvePendingEnd(QStringView nextWord);
    void flushStatement();
    void resetStatement();

    bool atLineStart(qsizetype pos) const;
    bool lineComment();
    bool forcedStatement(qsizetype markerEol);
    bool blockComment();
    bool quoted(QChar quote, const char *what);
    bool dollarQuoteOrSymbol();
    void word();
    void symbol();

    const QString &m_sql;
    const QChar *m_d;
    qsizetype m_n;
    qsizetype m_pos = 0;
    int m_line;
    const QString &m_fileName;
    SqlStatementList m_statements;
    std::optional<Error> m_error;

    // The statement being accumulated.
    qsizetype m_stmtStart = -1; // first character of its first token; -1 while it has none
    qsizetype m_stmtEnd = -1;   // one past its last token
    int m_stmtLine = 0;
    TriggerState m_trigger = TriggerState::Start;
    int m_depth = 0;           // open BEGIN/CASE blocks inside a trigger
    bool m_pendingEnd = false; // saw END in a trigger body; the next token says what it closes
};

Error Splitter::makeError(int line, const QString &what) const
{
    const QString where = m_fileName.isEmpty() ? QStringLiteral("line %1").arg(line)
                                               : QStringLiteral("%1:%2").arg(m_fileName, QString::number(line));
    Error error(ErrorCode::Parse, where + QStringLiteral(": ") + what, where);
    if (!m_fileName.isEmpty())
        error.location = {m_fileName, line};
    return error;
}

void Splitter::beginToken(qsizetype start, int line)
{
    if (m_stmtStart < 0) {
        m_stmtStart = start;
        m_stmtLine = line;
    }
}

void Splitter::resetStatement()
{
    m_stmtStart = -1;
    m_stmtEnd = -1;
    m_stmtLine = 0;
    m_trigger = TriggerState::Start;
    m_depth = 0;
    m_pendingEnd = false;
}

void Splitter::flushStatement()
{
    if (m_stmtStart >= 0)
        m_statements.append(SqlStatement{m_sql.mid(m_stmtStart, m_stmtEnd - m_stmtStart), m_stmtLine});
    resetStatement();
}

// Returns true when `nextWord` was consumed as part of the END (END IF, END CASE ...).
bool Splitter::resolvePendingEnd(QStringView nextWord)
{
    if (!m_pendingEnd)
        return false;
    m_pendingEnd = false;
    // MySQL flow control closes with END IF / END LOOP / END WHILE / END REPEAT; their openers
    // were never counted, because IF and REPEAT are also function names.
    if (is(nextWord, QLatin1String("IF")) || is(nextWord, QLatin1String("LOOP")) ||
        is(nextWord, QLatin1String("WHILE")) || is(nextWord, QLatin1String("REPEAT")))
        return true;
    --m_depth;
    return is(nextWord, QLatin1String("CASE"));
}

void Splitter::noteWord(QStringView word)
{
    switch (m_trigger) {
    case TriggerState::Start:
        m_trigger = is(word, QLatin1String("CREATE")) ? TriggerState::AfterCreate : TriggerState::NotTrigger;
        return;
    case TriggerState::AfterCreate:
        if (is(word, QLatin1String("TRIGGER")))
            m_trigger = TriggerState::Trigger;
        else if (is(word, QLatin1String("DEFINER")))
            m_trigger = TriggerState::InDefiner;
        else if (!is(word, QLatin1String("OR")) && !is(word, QLatin1String("REPLACE")) &&
                 !is(word, QLatin1String("TEMP")) && !is(word, QLatin1String("TEMPORARY")) &&
                 !is(word, QLatin1String("CONSTRAINT")))
            m_trigger = TriggerState::NotTrigger;
        return;
    case TriggerState::InDefiner:
        if (is(word, QLatin1String("TRIGGER")))
            m_trigger = TriggerState::Trigger;
        else if (is(word, QLatin1String("PROCEDURE")) || is(word, QLatin1String("FUNCTION")) ||
                 is(word, QLatin1String("EVENT")) || is(word, QLatin1String("VIEW")) || is(word, QLatin1String("SQL")))
            m_trigger = TriggerState::NotTrigger;
        return;
    case TriggerState::Trigger:
        if (resolvePendingEnd(word))
            return;
        // CASE ... END may also appear in a SQLite "WHEN" clause before the body; counting it
        // there is harmless because its END brings the depth back to zero.
        if (is(word, QLatin1String("BEGIN")) || is(word, QLatin1String("CASE")))
            ++m_depth;
        else if (m_depth > 0 && is(word, QLatin1String("END")))
            m_pendingEnd = true;
        return;
    case TriggerState::NotTrigger:
        return;
    }
}

void Splitter::noteOtherToken()
{
    switch (m_trigger) {
    case TriggerState::Start:
    case TriggerState::AfterCreate:
        m_trigger = TriggerState::NotTrigger;
        return;
    case TriggerState::Trigger:
        resolvePendingEnd(QStringView());
        return;
    case TriggerState::InDefiner:
    case TriggerState::NotTrigger:
        return;
    }
}

bool Splitter::atLineStart(qsizetype pos) const
{
    while (pos > 0) {
        const char16_t u = m_d[pos - 1].unicode();
        if (u == '\n')
            return true;
        if (u != ' ' && u != '\t')
            return false;
        --pos;
    }
    return true;
}

// At "--": skips to the end of the line, or handles a statement-begin/end marker line.
bool Splitter::lineComment()
{
    const qsizetype start = m_pos;
    qsizetype eol = start + 2;
    while (eol < m_n && m_d[eol] != QLatin1Char('\n'))
        ++eol;

    if (atLineStart(start)) {
        const QStringView body = QStringView(m_d + start + 2, eol - start - 2).trimmed();
        if (body.compare(kStatementBegin, Qt::CaseInsensitive) == 0)
            return forcedStatement(eol);
        if (body.compare(kStatementEnd, Qt::CaseInsensitive) == 0) {
            m_error = makeError(m_line, QStringLiteral("migrate:statement-end without migrate:statement-begin"));
            return false;
        }
    }
    m_pos = eol;
    return true;
}

// The lines up to the matching end marker are one statement, whatever they contain: this is the
// escape hatch for bodies the splitter cannot understand, so they are not lexed.
bool Splitter::forcedStatement(qsizetype markerEol)
{
    const int beginLine = m_line;
    const auto unmatched = [&] {
        m_error = makeError(beginLine, QStringLiteral("migrate:statement-begin without migrate:statement-end"));
        return false;
    };

    // Whatever came before the marker is a statement of its own, even without ';'.
    flushStatement();

    if (markerEol >= m_n)
        return unmatched();
    const qsizetype contentStart = markerEol + 1;
    int line = beginLine + 1;
    qsizetype lineStart = contentStart;
    qsizetype lineEnd = 0;
    for (;;) {
        lineEnd = lineStart;
        while (lineEnd < m_n && m_d[lineEnd] != QLatin1Char('\n'))
            ++lineEnd;
        const QStringView body = lineCommentBody(QStringView(m_d + lineStart, lineEnd - lineStart));
        if (body.compare(kStatementEnd, Qt::CaseInsensitive) == 0)
            break;
        // A second begin means the first one was never closed.
        if (body.compare(kStatementBegin, Qt::CaseInsensitive) == 0 || lineEnd >= m_n)
            return unmatched();
        lineStart = lineEnd + 1;
        ++line;
    }
    const int endLine = line;

    // Leading comments are dropped as for any statement, so `line` points at real SQL.
    qsizetype pos = contentStart;
    line = beginLine + 1;
    while (pos < lineStart) {
        const QChar c = m_d[pos];
        if (c == QLatin1Char('\n')) {
            ++line;
            ++pos;
        } else if (isBlank(c)) {
            ++pos;
        } else if (c == QLatin1Char('-') && pos + 1 < lineStart && m_d[pos + 1] == QLatin1Char('-')) {
            while (pos < lineStart && m_d[pos] != QLatin1Char('\n'))
                ++pos;
        } else {
            break;
        }
    }
    QString text = QStringView(m_d + pos, lineStart - pos).trimmed().toString();
    if (text.endsWith(QLatin1Char(';'))) {
        text.chop(1);
        text = text.trimmed();
    }
    if (!text.isEmpty())
        m_statements.append(SqlStatement{text, line});

    m_pos = lineEnd;
    m_line = endLine;
    return true;
}

bool Splitter::blockComment()
{
    const qsizetype start = m_pos;
    const int startLine = m_line;
    // MySQL runs "/*! ... */" as SQL (mysqldump is full of them), so it is a token, not a comment.
    const bool executable = at(start + 2) == QLatin1Char('!');
    int depth = 0;
    qsizetype pos = start;
    while (pos < m_n) {
        const QChar c = m_d[pos];
        if (c == QLatin1Char('/') && at(pos + 1) == QLatin1Char('*')) {
            ++depth;
            pos += 2;
        } else if (c == QLatin1Char('*') && at(pos + 1) == QLatin1Char('/')) {
            pos += 2;
            if (--depth == 0) {
                if (executable) {
                    beginToken(start, startLine);
                    noteOtherToken();
                    m_stmtEnd = pos;
                }
                m_pos = pos;
                return true;
            }
        } else {
            if (c == QLatin1Char('\n'))
                ++m_line;
            ++pos;
        }
    }
    m_error = makeError(startLine, QStringLiteral("unterminated block comment"));
    return false;
}

// A '...' string, "..." or `...` identifier; the closing quote doubled stands for itself.
bool Splitter::quoted(QChar quote, const char *what)
{
    const qsizetype start = m_pos;
    const int startLine = m_line;
    // PostgreSQL E'...' strings take backslash escapes; E must be a word of its own (not "namE'").
    const bool backslashEscapes = quote == QLatin1Char('\'') && start > 0 &&
                                  (m_d[start - 1] == QLatin1Char('E') || m_d[start - 1] == QLatin1Char('e')) &&
                                  (start == 1 || !isWordChar(m_d[start - 2]));
    beginToken(start, startLine);
    noteOtherToken();
    qsizetype pos = start + 1;
    while (pos < m_n) {
        const QChar c = m_d[pos];
        if (c == quote) {
            if (at(pos + 1) == quote) {
                pos += 2;
                continue;
            }
            m_pos = pos + 1;
            m_stmtEnd = m_pos;
            return true;
        }
        if (c == QLatin1Char('\n')) {
            ++m_line;
        } else if (backslashEscapes && c == QLatin1Char('\\') && pos + 1 < m_n) {
            if (m_d[pos + 1] == QLatin1Char('\n'))
                ++m_line;
            ++pos;
        }
        ++pos;
    }
    m_error = makeError(startLine, QString::fromLatin1(what));
    return false;
}

bool Splitter::dollarQuoteOrSymbol()
{
    const qsizetype start = m_pos;
    qsizetype tagEnd = start + 1; // index of the closing '$' of the opening delimiter
    if (at(tagEnd) != QLatin1Char('$')) {
        // "$1" is a parameter placeholder: a tag cannot start with a digit.
        if (tagEnd >= m_n || !isTagStart(m_d[tagEnd])) {
            symbol();
            return true;
        }
        while (tagEnd < m_n && isTagChar(m_d[tagEnd]))
            ++tagEnd;
        if (at(tagEnd) != QLatin1Char('$')) {
            symbol();
            return true;
        }
    }

    const int startLine = m_line;
    const QStringView delimiter(m_d + start, tagEnd - start + 1);
    const qsizetype close = QStringView(m_sql).indexOf(delimiter, tagEnd + 1);
    if (close < 0) {
        m_error = makeError(startLine, QStringLiteral("unterminated dollar-quoted string ") + delimiter.toString());
        return false;
    }
    beginToken(start, startLine);
    noteOtherToken();
    for (qsizetype pos = tagEnd + 1; pos < close; ++pos) {
        if (m_d[pos] == QLatin1Char('\n'))
            ++m_line;
    }
    m_pos = close + delimiter.size();
    m_stmtEnd = m_pos;
    return true;
}

void Splitter::word()
{
    const qsizetype start = m_pos;
    qsizetype pos = start + 1;
    while (pos < m_n && isWordChar(m_d[pos]))
        ++pos;
    beginToken(start, m_line);
    noteWord(QStringView(m_d + start, pos - start));
    m_pos = pos;
    m_stmtEnd = pos;
}

void Splitter::symbol()
{
    beginToken(m_pos, m_line);
    noteOtherToken();
    ++m_pos;
    m_stmtEnd = m_pos;
}

Result<SqlStatementList> Splitter::run()
{
    while (m_pos < m_n) {
        const QChar c = m_d[m_pos];
        const char16_t u = c.unicode();
        bool ok = true;
        if (u == '\n') {
            ++m_line;
            ++m_pos;
        } else if (isBlank(c)) {
            ++m_pos;
        } else if (u == '-' && at(m_pos + 1) == QLatin1Char('-')) {
            ok = lineComment();
        } else if (u == '/' && at(m_pos + 1) == QLatin1Char('*')) {
            ok = blockComment();
        } else if (u == '\'') {
            ok = quoted(c, "unterminated string literal");
        } else if (u == '"' || u == '`') {
            ok = quoted(c, "unterminated quoted identifier");
        } else if (u == '$') {
            ok = dollarQuoteOrSymbol();
        } else if (u == ';') {
            if (m_trigger == TriggerState::Trigger)
                resolvePendingEnd(QStringView());
            if (m_depth > 0) {
                symbol();
            } else {
                flushStatement();
                ++m_pos;
            }
        } else if (isWordChar(c)) {
            word();
        } else {
            symbol();
        }
        if (!ok)
            return *m_error;
    }
    flushStatement();
    return m_statements;
}

} // namespace

Result<SqlStatementList> StatementSplitter::split(const QString &sql, int firstLine, const QString &fileName)
{
    return Splitter(sql, firstLine, fileName).run();
}

QStringList leadingKeywords(const QString &statement, int count)
{
    QStringList words;
    qsizetype i = 0;
    const qsizetype size = statement.size();
    while (i < size && words.size() < count) {
        const QChar c = statement.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == u'-' && i + 1 < size && statement.at(i + 1) == u'-') {
            const qsizetype end = statement.indexOf(u'\n', i);
            i = end < 0 ? size : end + 1;
        } else if (c == u'#') { // MySQL's comment
            const qsizetype end = statement.indexOf(u'\n', i);
            i = end < 0 ? size : end + 1;
        } else if (c == u'/' && i + 1 < size && statement.at(i + 1) == u'*') {
            const qsizetype end = statement.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? size : end + 2;
        } else if (c.isLetter() || c == u'_') {
            const qsizetype start = i;
            while (i < size && (statement.at(i).isLetterOrNumber() || statement.at(i) == u'_'))
                ++i;
            words << statement.mid(start, i - start).toUpper();
        } else {
            break; // a parenthesis, a quote: no more words that say what the statement is
        }
    }
    return words;
}

} // namespace retort
