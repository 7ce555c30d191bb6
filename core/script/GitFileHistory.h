// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/Dialect.h"

#include <QString>

#include <optional>

namespace retort {

// Earlier versions of a migration file from git, to show what changed in a revision since it ran. Runs `git`
// (from PATH, never through a shell) with a short timeout per call; a file outside a git work tree, git
// missing, slow or failing all read as "not recoverable". Any thread.
class GitFileHistory
{
public:
    struct Section
    {
        QString text;   // the upgrade section as that commit has it
        QString commit; // full hash
    };

    // The upgrade section a database of `dialect` runs (MigrationScript::section) of the newest commit's version
    // of `path` (followed through renames) whose such section's SHA-256 is `checksum`; nullopt when no commit
    // has it.
    static std::optional<Section> upgradeSectionWithChecksum(const QString &path, const QString &checksum,
                                                             std::optional<Dialect> dialect);

    // A unified diff (git diff --no-index, 3 lines of context) from `before` to `after`, its file headers
    // `--- beforeLabel` / `+++ afterLabel`; empty when git cannot make one or the texts are the same.
    static QString unifiedDiff(const QString &before, const QString &after, const QString &beforeLabel,
                               const QString &afterLabel);

    // Milliseconds each git call may take.
    static constexpr int kTimeoutMs = 5000;
};

} // namespace retort
