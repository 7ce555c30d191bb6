// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/PythonTokens.h"

#include <algorithm>
#include <array>

namespace retort {

namespace {

bool isAsciiLetter(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isNameStart(QChar c)
{
    if (c.unicode() < 0x80)
        return c == u'_' || isAsciiLetter(c.unicode());
    return c.isLetter();
}

bool isNameChar(QChar c)
{
    if (c.unicode() < 0x80) // ASCII, as nearly every name is: no Unicode tables
        return c == u'_' || isAsciiLetter(c.unicode()) || (c >= u'0' && c <= u'9');
    return c.isLetterOrNumber() || c.category() == QChar::Mark_NonSpacing ||
           c.category() == QChar::Mark_SpacingCombining || c.category() == QChar::Number_DecimalDigit;
}

bool isStringPrefix(QStringView word)
{
    if (word.size() > 2)
        return false;
    int raw = 0, bytes = 0, format = 0, unicode = 0;
    for (QChar c : word) {
        switch (c.toLower().unicode()) {
        case u'r':
            ++raw;
            break;
        case u'b':
            ++bytes;
            break;
        case u'f':
            ++format;
            break;
        case u'u':
            ++unicode;
            break;
        default:
            return false;
        }
    }
    // Python's own combinations: r, u, b, f, br/rb, fr/rf.
    return raw <= 1 && bytes <= 1 && format <= 1 && unicode <= 1 && !(bytes && format) && !(unicode && word.size() > 1);
}

// Longest first, so "**=" is not read as "**" then "=".
constexpr std::array<QLatin1StringView, 5> kThreeCharOps{QLatin1StringView("**="), QLatin1StringView("//="),
                                                         QLatin1StringView("..."), QLatin1StringView(">>="),
                                                         QLatin1StringView("<<=")};
constexpr std::array<QLatin1StringView, 20> kTwoCharOps{
    QLatin1StringView("->"), QLatin1StringView("**"), QLatin1StringView("//"), QLatin1StringView("=="),
    QLatin1StringView("!="), QLatin1StringView("<="), QLatin1StringView(">="), QLatin1StringView(":="),
    QLatin1StringView("+="), QLatin1StringView("-="), QLatin1StringView("*="), QLatin1StringView("/="),
    QLatin1StringView("%="), QLatin1StringView("&="), QLatin1StringView("|="), QLatin1StringView("^="),
    QLatin1StringView("@="), QLatin1StringView("<<"), QLatin1StringView(">>"), QLatin1StringView("<>")};

qsizetype opLength(QStringView rest)
{
    // Delimiters no longer operator starts with, and the commonest operators, without scanning the tables.
    const char16_t second = rest.size() > 1 ? rest[1].unicode() : 0;
    switch (rest.front().unicode()) {
    case u'(':
    case u')':
    case u'[':
    case u']':
    case u'{':
    case u'}':
    case u',':
    case u';':
    case u'~':
        return 1;
    case u'.':
        return rest.startsWith(QLatin1StringView("...")) ? 3 : 1;
    case u'=':
    case u':':
        return second == u'=' ? 2 : 1;
    case u'-':
        return second == u'>' || second == u'=' ? 2 : 1;
    default:
        break;
    }
    for (QLatin1StringView op : kThreeCharOps) {
        if (rest.startsWith(op))
            return 3;
    }
    for (QLatin1StringView op : kTwoCharOps) {
        if (rest.startsWith(op))
            return 2;
    }
    return 1;
}

constexpr qsizetype kMaxNesting = 200;

QChar closerOf(QChar opener)
{
    return opener == u'(' ? u')' : opener == u'[' ? u']' : u'}';
}

} // namespace

PythonSource::PythonSource(const QString &text) : m_text(text)
{
    if (m_text.contains(u'\r')) {
        // Python reads source with universal newlines: a string literal never holds the \r of CRLF.
        m_text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        m_text.replace(u'\r', u'\n');
    }
    tokenize();
}

void PythonSource::fail(int line, const QString &message)
{
    if (!m_error)
        m_error = PythonSyntaxError{line, message};
}

QString PythonSource::physicalLines(int first, int last) const
{
    if (first < 1 || first > m_lineStarts.size() || last < first)
        return QString();
    const qsizetype from = m_lineStarts[first - 1];
    const qsizetype to = last < m_lineStarts.size() ? m_lineStarts[last] : m_text.size();
    QString lines = m_text.mid(from, to - from);
    if (lines.endsWith(u'\n'))
        lines.chop(1);
    return lines;
}

void PythonSource::tokenize()
{
    const QString &s = m_text;
    const qsizetype n = s.size();
    qsizetype i = 0;
    int line = 1;
    m_lineStarts << 0;
    m_tokens.reserve(n / 5);             // about one token per five characters in a revision module
    QVector<QPair<QChar, int>> brackets; // opener and its line
    bool continued = false;              // the previous physical line ended in a backslash
    bool inLogicalLine = false;
    int pendingIndent = 0; // of a statement that starts after a line holding only a continuation
    PythonLogicalLine current;

    auto newPhysicalLine = [&](qsizetype nextStart) {
        ++line;
        m_lineStarts << nextStart;
    };
    auto endLogicalLine = [&] {
        if (inLogicalLine) {
            current.end = m_tokens.size();
            current.lastLine = line;
            m_lines << current;
        }
        inLogicalLine = false;
    };

    while (i < n && !m_error) {
        const bool atLineStart = i == m_lineStarts.last();
        if (atLineStart && brackets.isEmpty() && !continued) {
            // Measure the indentation; a blank or comment-only line is no statement.
            int width = 0;
            qsizetype j = i;
            while (j < n && (s[j] == u' ' || s[j] == u'\t' || s[j] == u'\f')) {
                width = s[j] == u'\t' ? (width / 8 + 1) * 8 : s[j] == u'\f' ? 0 : width + 1;
                ++j;
            }
            if (j >= n)
                break;
            if (s[j] == u'\n' || s[j] == u'#') {
                while (j < n && s[j] != u'\n')
                    ++j;
                if (j < n)
                    newPhysicalLine(j + 1);
                i = j + 1;
                continue;
            }
            if (s[j] == u'\\' && j + 1 < n && s[j + 1] == u'\n') {
                // A line of only a continuation joins the next one, whose statement keeps this indentation.
                pendingIndent = width;
                i = j;
            } else {
                i = j;
                inLogicalLine = true;
                current = PythonLogicalLine{width, line, line, m_tokens.size(), m_tokens.size()};
            }
        }
        continued = false;
        const QChar c = s[i];
        if (c == u' ' || c == u'\t' || c == u'\f') {
            ++i;
            continue;
        }
        if (c == u'#') {
            while (i < n && s[i] != u'\n')
                ++i;
            continue;
        }
        if (c == u'\n') {
            if (brackets.isEmpty())
                endLogicalLine();
            newPhysicalLine(i + 1);
            ++i;
            continue;
        }
        if (c == u'\\') {
            if (i + 1 < n && s[i + 1] == u'\n') {
                continued = true;
                newPhysicalLine(i + 2);
                i += 2;
                continue;
            }
            if (i + 1 >= n) {
                fail(line, QStringLiteral("unexpected end of file after a line continuation"));
                break;
            }
            fail(line, QStringLiteral("unexpected character after a line continuation"));
            break;
        }
        if (!inLogicalLine) {
            // Tokens after a continuation at the start of a line: the logical line starts here.
            inLogicalLine = true;
            current = PythonLogicalLine{pendingIndent, line, line, m_tokens.size(), m_tokens.size()};
        }

        const qsizetype start = i;
        const int startLine = line;
        // A string, possibly with a prefix (r, b, f, u and their pairs).
        qsizetype quoteAt = -1;
        if (c == u'\'' || c == u'"') {
            quoteAt = i;
        } else if (isNameStart(c)) {
            qsizetype j = i;
            while (j < n && isNameChar(s[j]))
                ++j;
            if (j < n && (s[j] == u'\'' || s[j] == u'"') && isStringPrefix(QStringView(s).mid(i, j - i)))
                quoteAt = j;
            else {
                const QStringView name = QStringView(s).mid(i, j - i);
                // Python reads identifiers in NFKC: a name that normalizes to another would be misread.
                if (!std::all_of(name.begin(), name.end(), [](QChar ch) { return ch.unicode() < 0x80; }) &&
                    name.toString().normalized(QString::NormalizationForm_KC) != name) {
                    fail(line, QStringLiteral("the name '%1' is '%2' to Python (NFKC)")
                                   .arg(name.toString(), name.toString().normalized(QString::NormalizationForm_KC)));
                    break;
                }
                m_tokens << PythonToken{PythonTokenKind::Name, name, line};
                i = j;
                continue;
            }
        }
        if (quoteAt >= 0) {
            const QChar quote = s[quoteAt];
            const bool triple = quoteAt + 2 < n && s[quoteAt + 1] == quote && s[quoteAt + 2] == quote;
            qsizetype j = quoteAt + (triple ? 3 : 1);
            bool closed = false;
            while (j < n) {
                const QChar d = s[j];
                if (d == u'\\') {
                    if (j + 1 < n && s[j + 1] == u'\n')
                        newPhysicalLine(j + 2);
                    j += 2;
                    continue;
                }
                if (d == u'\n') {
                    if (!triple)
                        break;
                    newPhysicalLine(j + 1);
                    ++j;
                    continue;
                }
                if (d == quote) {
                    if (!triple) {
                        ++j;
                        closed = true;
                        break;
                    }
                    if (j + 2 < n && s[j + 1] == quote && s[j + 2] == quote) {
                        j += 3;
                        closed = true;
                        break;
                    }
                }
                ++j;
            }
            if (!closed) {
                fail(startLine, triple ? QStringLiteral("unterminated triple-quoted string")
                                       : QStringLiteral("unterminated string"));
                break;
            }
            m_tokens << PythonToken{PythonTokenKind::String, QStringView(s).mid(start, std::min(j, n) - start),
                                    startLine};
            i = j;
            continue;
        }
        if (c.isDigit() || (c == u'.' && i + 1 < n && s[i + 1].isDigit())) {
            qsizetype j = i + 1;
            while (j < n) {
                const QChar d = s[j];
                if (d.isLetterOrNumber() || d == u'_' || d == u'.') {
                    ++j;
                } else if ((d == u'+' || d == u'-') && (s[j - 1] == u'e' || s[j - 1] == u'E') &&
                           !(s[start] == u'0' && start + 1 < n && (s[start + 1] == u'x' || s[start + 1] == u'X'))) {
                    ++j;
                } else {
                    break;
                }
            }
            m_tokens << PythonToken{PythonTokenKind::Number, QStringView(s).mid(i, j - i), line};
            i = j;
            continue;
        }
        if (c == u'(' || c == u'[' || c == u'{') {
            if (brackets.size() >= kMaxNesting) { // Python's own limit; deeper would only exhaust the reader
                fail(line, QStringLiteral("too many nested parentheses"));
                break;
            }
            brackets << qMakePair(c, line);
        } else if (c == u')' || c == u']' || c == u'}') {
            if (brackets.isEmpty() || closerOf(brackets.last().first) != c) {
                fail(line, QStringLiteral("unmatched '%1'").arg(c));
                break;
            }
            brackets.removeLast();
        } else if (c.isSpace()) {
            ++i; // other blanks (no-break spaces) Python would refuse; they separate nothing here
            continue;
        }
        const qsizetype length = opLength(QStringView(s).mid(i, 3));
        m_tokens << PythonToken{PythonTokenKind::Op, QStringView(s).mid(i, length), line};
        i += length;
    }
    if (!m_error && !brackets.isEmpty())
        fail(brackets.last().second, QStringLiteral("'%1' was never closed").arg(brackets.last().first));
    if (!m_error)
        endLogicalLine();
}

namespace {

// \\ \' \" \a \b \f \n \r \t \v: what the character after the backslash stands for.
std::optional<QChar> simpleEscape(QChar escaped)
{
    static constexpr std::pair<char16_t, char16_t> kEscapes[] = {
        {u'\\', u'\\'}, {u'\'', u'\''}, {u'"', u'"'},  {u'a', 0x07},  {u'b', 0x08},
        {u'f', 0x0c},   {u'n', u'\n'},  {u'r', u'\r'}, {u't', u'\t'}, {u'v', 0x0b}};
    for (const auto &[letter, character] : kEscapes) {
        if (escaped == letter)
            return QChar(character);
    }
    return std::nullopt;
}

// The escapes of a non-raw literal's body applied; nullopt for a malformed \x, \u or \U.
std::optional<QString> unescaped(QStringView body, bool bytes)
{
    QString value;
    value.reserve(body.size());
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body[i];
        if (c != u'\\' || i + 1 >= body.size()) {
            value += c;
            continue;
        }
        const QChar e = body[++i];
        auto hexDigits = [&](int count) -> std::optional<uint> {
            if (i + count >= body.size())
                return std::nullopt;
            bool ok = false;
            const uint code = body.mid(i + 1, count).toUInt(&ok, 16);
            if (!ok)
                return std::nullopt;
            i += count;
            return code;
        };
        if (e == u'\n')
            continue; // a backslash-newline joins the lines
        if (const std::optional<QChar> simple = simpleEscape(e)) {
            value += *simple;
            continue;
        }
        switch (e.unicode()) {
        case u'x': {
            const std::optional<uint> code = hexDigits(2);
            if (!code)
                return std::nullopt;
            value += QChar(char16_t(*code));
            break;
        }
        case u'u':
        case u'U': {
            if (bytes) {
                value += u'\\';
                value += e;
                break;
            }
            const std::optional<uint> code = hexDigits(e == u'u' ? 4 : 8);
            if (!code || *code > 0x10FFFF)
                return std::nullopt;
            const char32_t point = char32_t(*code);
            value += QString::fromUcs4(&point, 1);
            break;
        }
        default:
            if (e >= u'0' && e <= u'7') {
                uint code = e.unicode() - u'0';
                for (int k = 0; k < 2 && i + 1 < body.size() && body[i + 1] >= u'0' && body[i + 1] <= u'7'; ++k)
                    code = code * 8 + (body[++i].unicode() - u'0');
                value += QChar(char16_t(code));
            } else {
                // Unknown escapes (and \N{name}, which needs Unicode's name table) stay as written.
                value += u'\\';
                value += e;
            }
        }
    }
    return value;
}

// An f-string is a literal only when it has no replacement field; {{ and }} are its braces.
bool hasReplacementField(QStringView body)
{
    for (qsizetype i = 0; i < body.size(); ++i) {
        if (body[i] != u'{' && body[i] != u'}')
            continue;
        if (i + 1 < body.size() && body[i + 1] == body[i])
            ++i;
        else
            return true;
    }
    return false;
}

} // namespace

std::optional<PythonStringValue> pythonStringValue(QStringView token)
{
    qsizetype at = 0;
    bool raw = false;
    PythonStringValue result;
    while (at < token.size() && token[at] != u'\'' && token[at] != u'"') {
        const char16_t p = token[at].toLower().unicode();
        raw = raw || p == u'r';
        result.bytes = result.bytes || p == u'b';
        result.formatted = result.formatted || p == u'f';
        ++at;
    }
    if (at >= token.size())
        return std::nullopt;
    const QChar quote = token[at];
    const qsizetype quoteLength = token.size() - at >= 6 && token[at + 1] == quote && token[at + 2] == quote ? 3 : 1;
    if (token.size() - at < 2 * quoteLength)
        return std::nullopt;
    const QStringView body = token.mid(at + quoteLength, token.size() - at - 2 * quoteLength);
    if (result.formatted) {
        if (hasReplacementField(body))
            return result;
        result.formatted = false;
    }
    std::optional<QString> value = raw ? std::optional<QString>(body.toString()) : unescaped(body, result.bytes);
    if (!value)
        return std::nullopt;
    result.value = std::move(*value);
    if (token.left(at).contains(u'f', Qt::CaseInsensitive)) {
        result.value.replace(QStringLiteral("{{"), QStringLiteral("{"));
        result.value.replace(QStringLiteral("}}"), QStringLiteral("}"));
    }
    return result;
}

} // namespace retort
