// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/TextFormat.h"
#include "core/checklist/ChecklistWalk.h"

#include <QDateTime>
#include <QString>

namespace retort::ui {

// How the checklist views word a step's state: shared by the step list and the selected step's details.

inline QString utcText(const QDateTime &time, const QString &format)
{
    return time.toUTC().toString(format) + QStringLiteral(" UTC");
}

// A step dealt with by skipping it: recorded as done (the walk can finish), never shown ticked.
inline bool isSkipped(const WalkStep *step)
{
    return step && step->done && step->outcome == StepOutcome::Skipped;
}

// "succeeded: backups/x.db (1.2 s)", "done by hand: <reason>", or just the result.
inline QString outcomeText(const WalkStep &step)
{
    QString text;
    if (step.outcome != StepOutcome::NotRun)
        text = stepOutcomeName(step.outcome);
    if (!step.result.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(": ")) + step.result;
    if (step.durationMs > 0)
        text += QStringLiteral(" (%1)").arg(humanDuration(step.durationMs));
    return text;
}

} // namespace retort::ui
