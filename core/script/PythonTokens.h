// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>
#include <QVector>

#include <optional>

namespace retort {

// Python source cut into tokens and logical lines, enough to read an Alembic revision module's
// literals without running it: strings in every quoting and prefix, comments, brackets (inside which
// lines go on), backslash continuations and each logical line's indentation. It never evaluates
// anything but string literals.
enum class PythonTokenKind
{
    Name,   // identifiers and keywords
    Number, // any numeric literal
    String, // one string literal with its prefix and quotes
    Op,     // an operator or delimiter: ( ) [ ] { } , : ; . = -> == += ... and so on
};

struct PythonToken
{
    PythonTokenKind kind = PythonTokenKind::Op;
    QStringView text; // into the source
    int line = 0;     // 1-based line where the token starts

    bool is(QLatin1StringView op) const { return kind != PythonTokenKind::String && sameText(op); }
    bool isName(QLatin1StringView name) const { return kind == PythonTokenKind::Name && sameText(name); }

private:
    // text == s, inline: the parsers ask this of nearly every token, mostly of one-character operators.
    bool sameText(QLatin1StringView s) const
    {
        if (text.size() != s.size())
            return false;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (text[i].unicode() != uchar(s.data()[i]))
                return false;
        }
        return true;
    }
};

// One statement line as Python sees it: physical lines joined inside brackets and after a backslash.
// Comments and blank lines make none.
struct PythonLogicalLine
{
    int indent = 0; // width of the leading whitespace of its first physical line (a tab to the next multiple of 8)
    int line = 0;   // its first physical line
    int lastLine = 0;
    qsizetype begin = 0; // token range [begin, end) in PythonSource::tokens
    qsizetype end = 0;
};

struct PythonSyntaxError
{
    int line = 0;
    QString message; // "unterminated string", "unclosed '('"...
};

class PythonSource
{
public:
    // Tokenizes `text`. Stops at the first error, which error() then holds;
    // the lines before it stay readable.
    explicit PythonSource(const QString &text);
    PythonSource(const PythonSource &) = delete; // tokens point into its text
    PythonSource &operator=(const PythonSource &) = delete;

    const QVector<PythonToken> &tokens() const { return m_tokens; }
    const QVector<PythonLogicalLine> &lines() const { return m_lines; }
    const std::optional<PythonSyntaxError> &error() const { return m_error; }
    const QString &text() const { return m_text; }

    // The source text of physical lines [first, last], as written.
    QString physicalLines(int first, int last) const;

private:
    void tokenize();
    void fail(int line, const QString &message);

    QString m_text; // with Python's universal newlines applied
    QVector<PythonToken> m_tokens;
    QVector<PythonLogicalLine> m_lines;
    QVector<qsizetype> m_lineStarts; // offset of each physical line
    std::optional<PythonSyntaxError> m_error;
};

// What a string literal token stands for.
struct PythonStringValue
{
    QString value;
    bool bytes = false;     // b'' — not a str
    bool formatted = false; // f'' with a {field}: computed when the module runs
};

// The value of one string token (prefix, quotes and escapes applied), or nullopt for a malformed one.
std::optional<PythonStringValue> pythonStringValue(QStringView token);

} // namespace retort
