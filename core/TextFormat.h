// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace retort {

// "1.2 MiB", "512 bytes": sizes as reports and logs show them.
QString humanSize(qint64 bytes);
// "340 ms", "1.2 s", "2 min 5 s", "1 h 3 min".
QString humanDuration(qint64 ms);
// The first line of a statement or message, trimmed: what a one-line summary shows of it.
inline QString firstLine(const QString &text)
{
    return text.section(u'\n', 0, 0).trimmed();
}

// Levenshtein distance, for naming the key or rule a misspelt one meant.
int editDistance(const QString &a, const QString &b);

} // namespace retort
