// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/checklist/ChecklistWalk.h"

#include <QString>
#include <QStringList>

namespace retort {

class RevisionMap;
class ScriptDirectory;
struct LintContext;
struct RunRequest;

// What the bound actions of a checklist do apart from how they are run: the parts the workbench
// (ui/checklist/ChecklistActions) and the terminal (`retort checklist walk`) share, so a step reads and
// records the same wherever it was walked. Pure: nothing here connects or writes.

// What a bound action ended with: the outcome and the result line the walk records.
struct StepResult
{
    StepOutcome outcome = StepOutcome::NotRun;
    QString text;
};

// The report's plan of a run a step starts from `rows`: each step's log line and, under a revision, what
// lint finds in it (none for a stamp). An error when the request does not plan (the run says so too).
[[nodiscard]] Result<QStringList> walkPlanLines(const ScriptDirectory &scripts, const RunRequest &request,
                                                const QStringList &rows, const LintContext &lint);

// {current}: the version table's rows, heads marked ("a (head)").
StepResult currentRevisionResult(const RevisionMap &map, const QStringList &rows);
// {verify current = REV…}: succeeded when the rows are exactly the revisions REV… names, failed otherwise
// (saying what was found and expected) or when REV does not resolve.
StepResult verifyCurrentResult(const RevisionMap &map, const QStringList &rows, const QString &expected);

// {delete revision "MESSAGE"}: the file of the test revision a walk made, which may go: the one revision with
// that message, a head, not applied to the database (`rows`). Errors (Refused) say why not.
[[nodiscard]] Result<QString> testRevisionFile(const ScriptDirectory &scripts, const QStringList &rows,
                                               const QString &message);

} // namespace retort
