// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/DriftMarks.h"

#include "core/runtime/DriftCheck.h"
#include "core/script/ScriptDirectory.h"

namespace retort::ui {

QHash<int, QString> DriftMarks::of(const ScriptDirectory &scripts, const DriftReport &report)
{
    const RevisionMap &map = scripts.map();
    QHash<int, QString> notes;
    auto add = [&notes](int index, const QString &note) {
        QString &text = notes[index];
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + note;
    };
    for (const AppliedRevisionCheck &check : report.revisions) {
        const QString when = check.recordedAt.isEmpty()
                                 ? QString()
                                 : tr(" (%1 %2 by %3)").arg(check.recordedEvent, check.recordedAt, check.recordedBy);
        if (check.finding == AppliedRevisionCheck::Finding::Edited) {
            add(map.indexOf(check.revision),
                tr("Edited since it was applied%1: the upgrade section is not what the database ran (SHA-256 then "
                   "%2…, now %3…). `retort verify` shows what changed.")
                    .arg(when, check.recordedChecksum.left(12), check.currentChecksum.left(12)));
        } else if (check.finding == AppliedRevisionCheck::Finding::MissingFile) {
            for (const QString &parent : check.appliedOn) {
                if (RevisionMap::isRevision(map.indexOf(parent)))
                    add(map.indexOf(parent), tr("The database has %1 applied on this revision%2, and no file in the "
                                                "versions folder defines %1 any more.")
                                                 .arg(check.revision, when));
            }
        }
    }
    return notes;
}

} // namespace retort::ui
