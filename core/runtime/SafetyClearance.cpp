// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/SafetyClearance.h"

namespace retort {

QString SafetyClearance::historyNote() const
{
    return m_backup ? QStringLiteral("backup: ") + m_backup->summary() : QStringLiteral("no backup: ") + m_skipReason;
}

bool SafetyClearance::covers(const DatabaseIdentity &identity, const DatabaseUrl &url) const
{
    if (m_identity.known && identity.known)
        return m_identity.key == identity.key;
    return m_database.sameDatabase(url);
}

Status admitToRun(const ProductionStatus &status, const std::optional<SafetyClearance> &clearance,
                  const DatabaseUrl &url, bool rehearsal)
{
    if (!status.gated())
        return Status::success();
    const QString why = status.summary();
    if (!clearance) {
        return Error(ErrorCode::Refused,
                     rehearsal ? QStringLiteral("%1. A rehearsal takes the run's locks and needs the same confirmation "
                                                "first; nothing was changed")
                                     .arg(why)
                               : QStringLiteral("%1. stamp, upgrade and downgrade need a confirmation and a backup (or "
                                                "a written reason to skip it) first; nothing was changed")
                                     .arg(why));
    }
    if (!clearance->covers(status.identity, url)) {
        return Error(ErrorCode::Refused, QStringLiteral("%1. The confirmation given was for %2, another database; "
                                                        "nothing was changed")
                                             .arg(why, clearance->identity().confirmationName()));
    }
    if (clearance->rehearsalOnly() && !rehearsal) {
        return Error(ErrorCode::Refused, QStringLiteral("%1. The confirmation given was for a rehearsal, which takes "
                                                        "no backup; nothing was changed")
                                             .arg(why));
    }
    return Status::success();
}

} // namespace retort
