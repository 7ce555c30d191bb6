// SPDX-License-Identifier: GPL-3.0-or-later
// What RevisionMap, RevisionResolver and RevisionOrder share inside core/revision: Alembic's error wording,
// Python's int(), and a lineage discovered only as deep as asked.
#pragma once

#include "core/Result.h"

#include <QString>
#include <QVector>

#include <cstdlib>
#include <queue>
#include <utility>
#include <vector>

namespace retort::revision_support {

inline Error resolutionError(const QString &message, const QString &argument)
{
    return Error(ErrorCode::ResolutionError, message, argument);
}

inline Error revisionError(const QString &message)
{
    return Error(ErrorCode::RevisionError, message);
}

inline Error relativeLengthError(const QString &relative, int steps)
{
    return revisionError(
        QStringLiteral("Relative revision %1 didn't produce %2 migrations").arg(relative).arg(std::abs(qint64(steps))));
}

inline Error relativeRangeError(const QString &relative)
{
    return revisionError(QStringLiteral("Relative revision %1 is out of range").arg(relative));
}

template <typename T> void appendUnique(QVector<T> &list, const T &value)
{
    if (!list.contains(value))
        list.append(value);
}

// Python's int(): optional sign and surrounding blanks, decimal digits only.
inline bool parsePythonInt(const QString &text, int *value)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return false;
    int start = (trimmed[0] == QLatin1Char('+') || trimmed[0] == QLatin1Char('-')) ? 1 : 0;
    if (start == trimmed.size())
        return false;
    for (int i = start; i < trimmed.size(); ++i) {
        if (!trimmed[i].isDigit())
            return false;
    }
    bool ok = false;
    *value = trimmed.toInt(&ok);
    return ok;
}

// The ancestors of one revision, discovered only as far down as the questions asked so far need.
// Every path down from the root passes through strictly lower ranks, so "is x an ancestor?" only
// needs the part of the lineage ranked at or above x: in a long history with short branches that
// is a few dozen revisions, where a full walk would visit all of them at every merge point.
class LazyLineage
{
public:
    LazyLineage(int root, const std::vector<int> &rank, int count) : m_rank(&rank), m_seen(size_t(count), 0)
    {
        discover(root);
    }

    template <typename DownOf> bool contains(int revision, const DownOf &downOf)
    {
        const int floor = (*m_rank)[size_t(revision)];
        while (!m_frontier.empty() && m_frontier.top().first >= floor) {
            const int current = m_frontier.top().second;
            m_frontier.pop();
            for (int down : downOf(current))
                discover(down);
        }
        return m_seen[size_t(revision)];
    }

private:
    void discover(int revision)
    {
        if (m_seen[size_t(revision)])
            return;
        m_seen[size_t(revision)] = 1;
        m_frontier.emplace((*m_rank)[size_t(revision)], revision);
    }

    const std::vector<int> *m_rank;
    std::vector<char> m_seen;
    std::priority_queue<std::pair<int, int>> m_frontier; // (rank, revision), highest rank first
};

} // namespace retort::revision_support
