// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

// Something worth telling about a project file that does not stop it loading (an unknown key, a
// password in plain text), or, in a project loaded as far as it can be, what was left out and why.
struct Diagnostic
{
    enum class Severity
    {
        Warning,
        Error,
    };

    Severity severity = Severity::Warning;
    SourceLocation where;
    QString text; // without the location

    // An error told as a diagnostic: its place, and its message without the "file:line: " it starts with.
    static Diagnostic fromError(const Error &error, Severity severity = Severity::Error)
    {
        const QString prefix = error.location.toString() + QStringLiteral(": ");
        const bool placed = !error.location.isNull() && error.message.startsWith(prefix);
        return {severity, error.location, placed ? error.message.mid(prefix.size()) : error.message};
    }

    // "file:line: text", as the command line prints it.
    QString toString() const { return where.isNull() ? text : where.toString() + QStringLiteral(": ") + text; }
    bool operator==(const Diagnostic &other) const
    {
        return severity == other.severity && where == other.where && text == other.text;
    }
};

using Diagnostics = QVector<Diagnostic>;

// Each as toString() gives it.
inline QStringList toStrings(const Diagnostics &diagnostics)
{
    QStringList texts;
    texts.reserve(diagnostics.size());
    for (const Diagnostic &diagnostic : diagnostics)
        texts << diagnostic.toString();
    return texts;
}

} // namespace retort
