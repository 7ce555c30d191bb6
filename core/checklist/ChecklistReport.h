// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace retort {

class Checklist;
struct ChecklistItem;
struct ChecklistWalk;
struct WalkStep;

// Plain text for `retort checklist FILE`: the title, each item as
// "[x] 3. Take a backup {backup} — alice at 2026-11-25 23:40 UTC: succeeded (…) note: …" under its
// section, steps the walk recorded for items the file no longer has, a warning when the file
// changed since the walk started, and a summary line ("4 of 9 steps done; window …, 2 min left").
// Without a walk the items show their state in the file and the summary says "no saved walk for
// environment '<environment>'". Pure: `now` is only used for the window's time left.
QString checklistStatusText(const Checklist &checklist, const ChecklistWalk *walk, const QString &environment = {},
                            const QDateTime &now = QDateTime::currentDateTimeUtc());

// "2026-11-25 22:10:04 UTC": a moment as walks and their reports give it.
QString checklistTime(const QDateTime &time);

// One item's line of checklistStatusText(): "[x] 3. Take a backup {backup} — alice@host at 2026-11-25 23:40 UTC:
// succeeded (…) note: …", numbered `number` (1-based, as every view numbers the items). `step` may be null.
QString checklistStepLine(int number, const ChecklistItem &item, const WalkStep *step);

// The exported report of a walk as GitHub-flavoured Markdown (also fed to
// QTextDocument::setMarkdown for PDF): environment and database, window, plan, backup, a table of
// steps per section with who/when/result/duration/note, and the final current revisions. Cell
// text has '|' escaped; URLs keep their passwords masked (masked again if a caller forgot). Pure.
QString checklistReportMarkdown(const Checklist &checklist, const ChecklistWalk &walk);

// "3 of 5 steps done", ", 1 skipped" added when steps were skipped: a skipped step is dealt with, not done.
// Without a walk, the items checked in the file count as done.
QString stepsDoneText(const Checklist &checklist, const ChecklistWalk *walk);

} // namespace retort
