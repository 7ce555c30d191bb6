// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/PythonExpression.h"

namespace retort {

bool opensBracket(const PythonToken &token)
{
    return token.kind == PythonTokenKind::Op && (token.text == u'(' || token.text == u'[' || token.text == u'{');
}

bool closesBracket(const PythonToken &token)
{
    return token.kind == PythonTokenKind::Op && (token.text == u')' || token.text == u']' || token.text == u'}');
}

// Splits [begin, end) at top-level occurrences of `separator`.
QVector<QPair<qsizetype, qsizetype>> splitTopLevel(const QVector<PythonToken> &tokens, qsizetype begin, qsizetype end,
                                                   QLatin1StringView separator)
{
    QVector<QPair<qsizetype, qsizetype>> parts;
    int depth = 0;
    qsizetype from = begin;
    for (qsizetype i = begin; i < end; ++i) {
        if (opensBracket(tokens[i]))
            ++depth;
        else if (closesBracket(tokens[i]))
            --depth;
        else if (depth == 0 && tokens[i].is(separator)) {
            parts.append({from, i});
            from = i + 1;
        }
    }
    parts.append({from, end});
    return parts;
}

PythonValue concatenated(const PythonValue &left, const PythonValue &right, int line)
{
    if (!left.isKnown())
        return left;
    if (!right.isKnown())
        return right;
    if (left.kind == PythonValue::Kind::Str && right.kind == PythonValue::Kind::Str)
        return {PythonValue::Kind::Str, left.text + right.text, {}, line};
    if (left.kind == PythonValue::Kind::Sequence && right.kind == PythonValue::Kind::Sequence)
        return {PythonValue::Kind::Sequence, {}, left.items + right.items, line};
    return PythonValue::unknown(line, QStringLiteral("'+' of values that are not both strings or both tuples"));
}

namespace {

// Recursive descent over one expression's tokens: strings (adjacent ones joined), None, names and
// their attributes, tuples, lists and '+'. Anything else is computed by running the module.
class ExpressionReader
{
public:
    ExpressionReader(const PythonNames &names, const QVector<PythonToken> &tokens, qsizetype begin, qsizetype end,
                     int line)
        : m_names(names), m_tokens(tokens), m_at(begin), m_end(end), m_line(line)
    {
    }

    PythonValue read()
    {
        if (m_at >= m_end)
            return PythonValue::unknown(m_line, QStringLiteral("no value"));
        PythonValue value = tuple(m_end);
        if (value.isKnown() && m_at < m_end)
            return computed(m_at);
        return value;
    }

private:
    PythonValue computed(qsizetype at)
    {
        const int line = at < m_end ? m_tokens[at].line : m_line;
        const QString what = at < m_end ? m_tokens[at].text.toString() : QString();
        return PythonValue::unknown(
            line, what.isEmpty() ? QStringLiteral("its value is computed when the module runs")
                                 : QStringLiteral("its value is computed when the module runs ('%1' at line %2)")
                                       .arg(what, QString::number(line)));
    }

    // item (',' item)* [','] up to `end`: a tuple when a comma is present.
    PythonValue tuple(qsizetype end)
    {
        PythonValue first = sum(end);
        if (!first.isKnown() || m_at >= end || !m_tokens[m_at].is(QLatin1StringView(",")))
            return first;
        PythonValue result{PythonValue::Kind::Sequence, {}, {first}, m_line};
        while (m_at < end && m_tokens[m_at].is(QLatin1StringView(","))) {
            ++m_at;
            if (m_at >= end || closesBracket(m_tokens[m_at]))
                break; // a trailing comma
            PythonValue item = sum(end);
            if (!item.isKnown())
                return item;
            result.items.append(std::move(item));
        }
        return result;
    }

    PythonValue sum(qsizetype end)
    {
        PythonValue value = atom(end);
        while (value.isKnown() && m_at < end && m_tokens[m_at].is(QLatin1StringView("+"))) {
            const int line = m_tokens[m_at].line;
            ++m_at;
            value = concatenated(value, atom(end), line);
        }
        return value;
    }

    // The index of the bracket closing the one at `open`, or -1.
    qsizetype closing(qsizetype open) const
    {
        int depth = 0;
        for (qsizetype i = open; i < m_end; ++i) {
            if (opensBracket(m_tokens[i]))
                ++depth;
            else if (closesBracket(m_tokens[i]) && --depth == 0)
                return i;
        }
        return -1;
    }

    PythonValue atom(qsizetype end)
    {
        if (m_at >= end)
            return PythonValue::unknown(m_line, QStringLiteral("an expression ends early"));
        const PythonToken &token = m_tokens[m_at];
        if (token.kind == PythonTokenKind::String) {
            QString text;
            while (m_at < end && m_tokens[m_at].kind == PythonTokenKind::String) {
                const std::optional<PythonStringValue> part = pythonStringValue(m_tokens[m_at].text);
                if (!part)
                    return PythonValue::unknown(m_tokens[m_at].line, QStringLiteral("a malformed string"));
                if (part->bytes)
                    return PythonValue::unknown(m_tokens[m_at].line, QStringLiteral("a bytes literal, not a string"));
                if (part->formatted)
                    return PythonValue::unknown(m_tokens[m_at].line,
                                                QStringLiteral("an f-string, whose value is computed when the module "
                                                               "runs"));
                text += part->value;
                ++m_at;
            }
            return trailer({PythonValue::Kind::Str, text, {}, token.line}, end);
        }
        if (token.isName(QLatin1StringView("None"))) {
            ++m_at;
            return trailer({PythonValue::Kind::None, {}, {}, token.line}, end);
        }
        if (token.kind == PythonTokenKind::Name) {
            const QString name = token.text.toString();
            ++m_at;
            if (m_at < end && m_tokens[m_at].is(QLatin1StringView("(")))
                return PythonValue::unknown(token.line, QStringLiteral("it calls %1() when the module runs").arg(name));
            return trailer(m_names.value(name), end, name);
        }
        if (token.is(QLatin1StringView("(")) || token.is(QLatin1StringView("["))) {
            const bool list = token.is(QLatin1StringView("["));
            const qsizetype close = closing(m_at);
            if (close < 0 || close >= end)
                return computed(m_at);
            ++m_at;
            PythonValue inner;
            if (m_at == close) {
                inner = {PythonValue::Kind::Sequence, {}, {}, token.line};
            } else {
                const qsizetype innerStart = m_at;
                inner = tuple(close);
                if (inner.isKnown() && m_at != close)
                    return computed(m_at);
                const bool hadComma = inner.kind == PythonValue::Kind::Sequence &&
                                      splitTopLevel(m_tokens, innerStart, close, QLatin1StringView(",")).size() > 1;
                if (inner.isKnown() && list && !hadComma)
                    inner = {PythonValue::Kind::Sequence, {}, {inner}, token.line};
            }
            m_at = close + 1;
            return trailer(inner, end);
        }
        return computed(m_at);
    }

    // What follows an atom: attributes of a module, or anything that computes (a call, a subscript).
    PythonValue trailer(PythonValue value, qsizetype end, QString spelled = QString())
    {
        while (m_at < end && value.isKnown()) {
            const PythonToken &token = m_tokens[m_at];
            if (token.is(QLatin1StringView(".")) && m_at + 1 < end &&
                m_tokens[m_at + 1].kind == PythonTokenKind::Name) {
                const QString name = m_tokens[m_at + 1].text.toString();
                spelled += QLatin1Char('.') + name;
                m_at += 2;
                if (m_at < end && m_tokens[m_at].is(QLatin1StringView("(")))
                    return PythonValue::unknown(token.line,
                                                QStringLiteral("it calls %1() when the module runs").arg(spelled));
                if (value.kind != PythonValue::Kind::Module)
                    return PythonValue::unknown(
                        token.line, QStringLiteral("it reads an attribute (%1) when the module runs").arg(spelled));
                value = m_names.attribute(value, name, token.line);
                continue;
            }
            if (token.is(QLatin1StringView("(")) || token.is(QLatin1StringView("[")))
                return computed(m_at);
            break;
        }
        if (value.kind == PythonValue::Kind::Module && m_at >= end)
            return PythonValue::unknown(m_line, QStringLiteral("it is a module, not a string"));
        return value;
    }

    const PythonNames &m_names;
    const QVector<PythonToken> &m_tokens;
    qsizetype m_at;
    qsizetype m_end;
    int m_line;
};

} // namespace

PythonValue evaluatePythonExpression(const QVector<PythonToken> &tokens, qsizetype begin, qsizetype end, int line,
                                     const PythonNames &names)
{
    PythonValue value = ExpressionReader(names, tokens, begin, end, line).read();
    if (value.line == 0)
        value.line = line;
    return value;
}

} // namespace retort
