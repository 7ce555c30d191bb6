// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/runtime/HistoryRecord.h"

#include <QDateTime>
#include <QString>

namespace retort::ui {

// One run of a revision, as the history table of the selected environment recorded it. Plain values, so a
// worker thread can hand them over in a signal (and the reader needs no widget to fill them).
struct RevisionRunEntry
{
    QString revision; // the history row's revision column (for a stamp, the first stamped-to id)
    QDateTime appliedAt;
    QString appliedBy; // "user@host"
    QString environment;
    HistoryEvent direction = HistoryEvent::Upgrade; // Upgrade, Downgrade or Stamp
    qint64 durationMs = 0;
    bool success = true;
};

} // namespace retort::ui
