// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/PythonTokens.h"

#include <QPair>
#include <QString>
#include <QVector>

#include <functional>

namespace retort {

// A value a module-level name holds, as far as reading the module (never running it) can tell:
// a string, None, a tuple or list of such, or unknown with the reason.
struct PythonValue
{
    enum class Kind
    {
        Str,
        None,
        Sequence,
        Unknown,
        Module, // an imported module (its file, or a package folder)
    };
    Kind kind = Kind::Unknown;
    QString text;               // Str: the string; Module: the file or folder; Unknown: why
    QVector<PythonValue> items; // Sequence
    int line = 0;               // where it was set, or where reading it failed

    static PythonValue unknown(int line, QString why) { return {Kind::Unknown, std::move(why), {}, line}; }
    bool isKnown() const { return kind != Kind::Unknown; }
};

// What an expression's names stand for: a module-level name's value, and an attribute of an imported module.
struct PythonNames
{
    std::function<PythonValue(const QString &name)> value;
    std::function<PythonValue(const PythonValue &module, const QString &name, int line)> attribute;
};

// Tokens [begin, end) as an expression, evaluated without running anything: strings (adjacent ones joined),
// None, names and their module attributes, tuples, lists and '+'. Anything else (a call, a subscript, an
// operator) is unknown, with where and why.
PythonValue evaluatePythonExpression(const QVector<PythonToken> &tokens, qsizetype begin, qsizetype end, int line,
                                     const PythonNames &names);

bool opensBracket(const PythonToken &token);
bool closesBracket(const PythonToken &token);
// [begin, end) cut at the top-level occurrences of `separator` (not inside brackets).
QVector<QPair<qsizetype, qsizetype>> splitTopLevel(const QVector<PythonToken> &tokens, qsizetype begin, qsizetype end,
                                                   QLatin1StringView separator);
// left + right for two strings or two sequences; unknown otherwise.
PythonValue concatenated(const PythonValue &left, const PythonValue &right, int line);

} // namespace retort
