// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>

namespace retort::bench {

// Figures go to stdout, one line each.
inline QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// A benchmark that cannot measure says why and stops.
[[noreturn]] inline void fail(const QString &message)
{
    out().flush();
    std::fprintf(stderr, "FAILED: %s\n", qPrintable(message));
    std::exit(1);
}

} // namespace retort::bench
