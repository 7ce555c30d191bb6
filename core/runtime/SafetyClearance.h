// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/BackupRecord.h"
#include "core/runtime/DatabaseIdentity.h"
#include "core/runtime/ProductionCheck.h"
#include "core/script/DatabaseUrl.h"

#include <optional>

namespace retort {

class SafetyGate;

// Proof that a run on a production database passed its gate: confirmed, and
// backed up (or skipped with a written reason). Only SafetyGate makes them, and
// MigrationRunner refuses to write to a production database without one for
// that same database (by identity, whatever URL reached it).
class SafetyClearance
{
public:
    const DatabaseUrl &database() const { return m_database; }
    const DatabaseIdentity &identity() const { return m_identity; }
    const std::optional<BackupRecord> &backup() const { return m_backup; }
    QString skipReason() const { return m_skipReason; }
    // Confirmed for a rehearsal only: no backup was taken, so it never clears a real run.
    bool rehearsalOnly() const { return m_rehearsalOnly; }
    // Whether it was given for the database `identity` names (reached through `url`): by identity
    // when both are known, by URL otherwise.
    bool covers(const DatabaseIdentity &identity, const DatabaseUrl &url) const;
    // For the history rows of the run: "backup: <summary>" or "no backup: <reason>".
    QString historyNote() const;

private:
    friend class SafetyGate;
    SafetyClearance() = default;

    DatabaseUrl m_database;
    DatabaseIdentity m_identity;
    std::optional<BackupRecord> m_backup;
    QString m_skipReason;
    bool m_rehearsalOnly = false;
};

// MigrationRunner's own check, after it connected and before it writes or rehearses: a production database
// needs a clearance given for it (a rehearsal accepts one given for a rehearsal only).
[[nodiscard]] Status admitToRun(const ProductionStatus &status, const std::optional<SafetyClearance> &clearance,
                                const DatabaseUrl &url, bool rehearsal);

} // namespace retort
