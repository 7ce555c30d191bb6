// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/RevisionMap.h"

#include <QSet>
#include <QString>

namespace retort {

// Alembic's output line formats (Script.cmd_format, _head_only, log_entry), so
// scripts that parse `alembic heads/history/current/show` keep working.
class RevisionFormatter
{
public:
    struct Options
    {
        bool includeBranches = false;
        bool includeDoc = false;
        bool includeParents = false;
        bool treeIndicators = true;
    };

    explicit RevisionFormatter(const RevisionMap &map) : m_map(map) {}

    // Revisions listed here get " (current)" / "Rev: x (current)".
    void setCurrent(const QSet<int> &current) { m_current = current; }

    // One line: "a -> b (label) (head) (branchpoint), message".
    QString headOnly(int index, const Options &options) const;
    // The verbose block "Rev: ...\nParent: ...\n...Path: ...\n\n    doc\n".
    QString logEntry(int index) const;
    QString format(int index, bool verbose, const Options &options) const
    {
        return verbose ? logEntry(index) : headOnly(index, options);
    }
    // "<base>" or the comma-joined down revisions.
    QString downRevisionText(int index) const;

private:
    const RevisionMap &m_map;
    QSet<int> m_current;
};

} // namespace retort
