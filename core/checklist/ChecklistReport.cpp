// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checklist/ChecklistReport.h"

#include "core/TextFormat.h"

#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"
#include "core/script/DatabaseUrl.h"

#include <QLocale>
#include <QStringList>

namespace retort {

namespace {

const QString kDash = QStringLiteral("\u2014");   // —
const QString kEnDash = QStringLiteral("\u2013"); // –

QString utc(const QDateTime &time, const QString &format)
{
    return time.toUTC().toString(format);
}

QString minuteTime(const QDateTime &time)
{
    return utc(time, QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

// "2 min", "45 s", "1 h 5 min": a coarse span for the window clock.
QString span(qint64 seconds)
{
    seconds = qAbs(seconds);
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return QStringLiteral("%1 min").arg(minutes);
    return minutes % 60 == 0 ? QStringLiteral("%1 h").arg(minutes / 60)
                             : QStringLiteral("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

// "2026-11-25 10:00–10:05 UTC", with both dates when the window crosses midnight.
QString windowRange(const ChecklistWalk &walk)
{
    const QDateTime start = walk.windowStart().toUTC();
    const QDateTime end = walk.windowEnd().toUTC();
    const QString endText = start.date() == end.date() ? end.toString(QStringLiteral("HH:mm"))
                                                       : end.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    return start.toString(QStringLiteral("yyyy-MM-dd HH:mm")) + kEnDash + endText + QStringLiteral(" UTC");
}

QString oneLine(const QString &text)
{
    QString line = maskPasswords(text);
    line.replace(QStringLiteral("\r\n"), QStringLiteral(" "));
    line.replace(u'\n', u' ');
    line.replace(u'\r', u' ');
    return line;
}

QString tagText(const ChecklistAction &action)
{
    return action.isNone() ? QString() : QStringLiteral("{%1}").arg(action.text());
}

// "succeeded (backups/x.db, 1.2 MiB)", "failed", or just the result text.
QString outcomeText(const WalkStep &step)
{
    const QString result = oneLine(step.result);
    if (step.outcome == StepOutcome::NotRun)
        return result;
    const QString name = stepOutcomeName(step.outcome);
    return result.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, result);
}

QString statusLine(const QString &number, const QString &text, const ChecklistAction &action, bool done,
                   const WalkStep *step)
{
    // "[-]" for a skipped step: it is dealt with, not done.
    const bool skipped = done && step && step->outcome == StepOutcome::Skipped;
    QString line = QStringLiteral("[%1] %2 %3")
                       .arg(QChar(skipped ? u'-'
                                  : done  ? u'x'
                                          : u' '))
                       .arg(number, oneLine(text));
    const QString tag = tagText(action);
    if (!tag.isEmpty())
        line += u' ' + tag;
    if (!step)
        return line;
    QString who;
    if (step->done && (!step->by.isEmpty() || step->at.isValid())) {
        who = step->by.isEmpty() ? QStringLiteral("someone") : step->by;
        if (step->at.isValid())
            who += QStringLiteral(" at ") + minuteTime(step->at);
    }
    const QString outcome = outcomeText(*step);
    if (!who.isEmpty() && !outcome.isEmpty())
        line += QStringLiteral(" %1 %2: %3").arg(kDash, who, outcome);
    else if (!who.isEmpty() || !outcome.isEmpty())
        line += QStringLiteral(" %1 %2").arg(kDash, who + outcome);
    if (!step->note.isEmpty())
        line += QStringLiteral(" note: ") + oneLine(step->note);
    return line;
}

// Steps the walk recorded for keys the checklist no longer has, in the walk's order.
QVector<const WalkStep *> orphanSteps(const Checklist &checklist, const ChecklistWalk &walk)
{
    QVector<const WalkStep *> orphans;
    for (const WalkStep &step : walk.steps) {
        if (checklist.indexOf(step.key) < 0)
            orphans.append(&step);
    }
    return orphans;
}

QString windowSummary(const ChecklistWalk &walk, const QDateTime &now)
{
    if (!walk.windowEnd().isValid())
        return QString();
    QString text = QStringLiteral("window ") + windowRange(walk);
    const qint64 remaining = walk.secondsRemaining(now);
    if (walk.isFinished()) {
        text += QStringLiteral(", finished at %1 UTC").arg(utc(walk.finishedAt, QStringLiteral("HH:mm")));
        if (remaining < 0)
            text += QStringLiteral(" (%1 over)").arg(span(remaining));
        return text;
    }
    switch (walk.windowState(now)) {
    case ChecklistWalk::WindowState::NotStarted:
        return text + QStringLiteral(", starts in %1").arg(span(now.secsTo(walk.windowStart())));
    case ChecklistWalk::WindowState::OnTime:
    case ChecklistWalk::WindowState::Amber:
        return text + QStringLiteral(", %1 left").arg(span(remaining));
    case ChecklistWalk::WindowState::Red:
        return text + QStringLiteral(", %1 over").arg(span(remaining));
    }
    return text;
}

// Markdown helpers. Table cells: one line, '|' escaped.
QString cell(const QString &text)
{
    QString escaped = oneLine(text);
    escaped.replace(u'|', QStringLiteral("\\|"));
    return escaped;
}

QString code(const QString &text)
{
    const QString body = oneLine(text);
    return body.contains(u'`') ? QStringLiteral("`` %1 ``").arg(body) : QStringLiteral("`%1`").arg(body);
}

QString tableHeader()
{
    return QStringLiteral("| # | Step | Done | Who | When (UTC) | Result | Duration | Note |\n"
                          "|---:|---|---|---|---|---|---:|---|\n");
}

QString tableRow(const QString &number, const QString &text, const ChecklistAction &action, const WalkStep *step)
{
    // The reader of a report wants what the step does in words, not the file's {tag}.
    QString stepText = cell(text);
    if (!action.isNone())
        stepText += QStringLiteral(" — ") + cell(action.description());
    QString done = QStringLiteral("no");
    QString who;
    QString when;
    QString result;
    QString duration;
    QString note;
    if (step) {
        // A skipped step is dealt with, not done: never "yes".
        done = !step->done                             ? QStringLiteral("no")
               : step->outcome == StepOutcome::Skipped ? QStringLiteral("skipped")
                                                       : QStringLiteral("yes");
        if (step->done) {
            who = step->whoAndWhere();
            if (step->at.isValid())
                when = utc(step->at, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        }
        result = step->outcome == StepOutcome::NotRun ? step->result
                 : step->result.isEmpty()             ? stepOutcomeName(step->outcome)
                                          : stepOutcomeName(step->outcome) + QStringLiteral(": ") + step->result;
        if (step->durationMs > 0)
            duration = humanDuration(step->durationMs);
        note = step->note;
    }
    return QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |\n")
        .arg(number, stepText, done, cell(who), when, cell(result), duration, cell(note));
}

} // namespace

QString checklistTime(const QDateTime &time)
{
    return utc(time, QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

QString checklistStepLine(int number, const ChecklistItem &item, const WalkStep *step)
{
    const bool done = step ? step->done : item.initiallyChecked;
    return statusLine(QStringLiteral("%1.").arg(number), item.text, item.action, done, step);
}

QString checklistStatusText(const Checklist &checklist, const ChecklistWalk *walk, const QString &environment,
                            const QDateTime &now)
{
    QStringList lines;
    lines << QStringLiteral("%1 (%2)").arg(checklist.title(), checklist.path());
    if (walk) {
        QString where = QStringLiteral("environment '%1'").arg(walk->environment);
        if (!walk->database.isEmpty())
            where += QStringLiteral(", database ") + oneLine(walk->database);
        lines << where;
        if (!walk->matches(checklist)) {
            lines << QStringLiteral("warning: the checklist changed since this walk started; steps are matched by "
                                    "their text, check the open ones again");
        }
    }

    QString section;
    const QVector<ChecklistItem> &items = checklist.items();
    for (int i = 0; i < items.size(); ++i) {
        const ChecklistItem &item = items.at(i);
        if (i == 0 || item.section != section) {
            section = item.section;
            lines << QString();
            if (!section.isEmpty())
                lines << section;
        }
        lines << checklistStepLine(i + 1, item, walk ? walk->step(item.key) : nullptr);
    }

    if (walk) {
        const QVector<const WalkStep *> orphans = orphanSteps(checklist, *walk);
        if (!orphans.isEmpty()) {
            lines << QString() << QStringLiteral("Recorded for steps no longer in the checklist");
            for (const WalkStep *step : orphans)
                lines << statusLine(QStringLiteral("-"), step->text, ChecklistAction(), step->done, step);
        }
    }

    QString summary = stepsDoneText(checklist, walk);
    if (walk) {
        const QString window = windowSummary(*walk, now);
        if (!window.isEmpty())
            summary += QStringLiteral("; ") + window;
        else if (walk->isFinished())
            summary += QStringLiteral("; finished at ") + minuteTime(walk->finishedAt);
    } else {
        summary += environment.isEmpty() ? QStringLiteral("; no saved walk")
                                         : QStringLiteral("; no saved walk for environment '%1'").arg(environment);
    }
    lines << QString() << summary;
    return lines.join(u'\n') + u'\n';
}

QString checklistReportMarkdown(const Checklist &checklist, const ChecklistWalk &walk)
{
    QString md;
    md += QStringLiteral("# Report: %1\n\n").arg(oneLine(checklist.title()));
    md += QStringLiteral("- **Checklist:** %1\n").arg(code(checklist.path()));
    md += QStringLiteral("- **Environment:** %1\n")
              .arg(walk.environment.isEmpty() ? QStringLiteral("(none)") : oneLine(walk.environment));
    md += QStringLiteral("- **Database:** %1\n")
              .arg(walk.database.isEmpty() ? QStringLiteral("(not recorded)") : code(walk.database));
    md += QStringLiteral("- **Steps done:** %1\n")
              .arg(stepsDoneText(checklist, &walk).remove(QStringLiteral(" steps done")));
    if (!walk.matches(checklist)) {
        md += QStringLiteral("\n> **Note:** the checklist file changed after this walk started (checksum %1 then, "
                             "%2 now). Steps are matched by their text.\n")
                  .arg(walk.checklistChecksum.left(12), checklist.checksum().left(12));
    }

    md += QStringLiteral("\n## Window\n\n");
    if (walk.plannedMinutes > 0 && walk.windowStart().isValid()) {
        md += QStringLiteral("- **Planned:** %1 for %2 (until %3 UTC)\n")
                  .arg(minuteTime(walk.windowStart()), span(qint64(walk.plannedMinutes) * 60),
                       utc(walk.windowEnd(), QStringLiteral("HH:mm")));
    } else {
        md += QStringLiteral("- **Planned:** no window was planned\n");
    }
    md += QStringLiteral("- **Started:** %1\n")
              .arg(walk.startedAt.isValid() ? checklistTime(walk.startedAt) : QStringLiteral("not started"));
    md += QStringLiteral("- **Finished:** %1\n")
              .arg(walk.finishedAt.isValid() ? checklistTime(walk.finishedAt) : QStringLiteral("not finished"));
    if (walk.startedAt.isValid() && walk.finishedAt.isValid())
        md += QStringLiteral("- **Took:** %1\n").arg(humanDuration(walk.startedAt.msecsTo(walk.finishedAt)));
    if (walk.windowEnd().isValid() && walk.finishedAt.isValid()) {
        const qint64 overrunMs = walk.windowEnd().msecsTo(walk.finishedAt);
        md += QStringLiteral("- **Overrun:** %1\n")
                  .arg(overrunMs > 0 ? humanDuration(overrunMs) : QStringLiteral("none"));
    }

    md += QStringLiteral("\n## Plan\n\n");
    if (walk.plan.isEmpty()) {
        md += QStringLiteral("_No plan was recorded._\n");
    } else {
        md += QStringLiteral("```\n");
        for (const QString &line : walk.plan)
            md += maskPasswords(line) + u'\n';
        md += QStringLiteral("```\n");
    }

    md += QStringLiteral("\n## Backup\n\n");
    if (!walk.backup) {
        md += QStringLiteral("_No backup was recorded._\n");
    } else if (walk.backup->skipped()) {
        md += QStringLiteral("- **Skipped:** %1\n").arg(oneLine(walk.backup->skippedReason));
    } else {
        const WalkBackup &backup = *walk.backup;
        md += QStringLiteral("- **File:** %1\n").arg(code(backup.path));
        md += QStringLiteral("- **Size:** %1 (%2 bytes)\n").arg(humanSize(backup.bytes)).arg(backup.bytes);
        md += QStringLiteral("- **Took:** %1\n").arg(humanDuration(backup.durationMs));
        md += QStringLiteral("- **Verification:** %1\n")
                  .arg(backup.verification.isEmpty() ? QStringLiteral("not verified") : oneLine(backup.verification));
    }

    md += QStringLiteral("\n## Steps\n");
    const QVector<ChecklistItem> &items = checklist.items();
    QString section;
    for (int i = 0; i < items.size(); ++i) {
        const ChecklistItem &item = items.at(i);
        if (i == 0 || item.section != section) {
            section = item.section;
            md += u'\n';
            if (!section.isEmpty())
                md += QStringLiteral("### %1\n\n").arg(oneLine(section));
            md += tableHeader();
        }
        md += tableRow(QString::number(i + 1), item.text, item.action, walk.step(item.key));
    }
    const QVector<const WalkStep *> orphans = orphanSteps(checklist, walk);
    if (!orphans.isEmpty()) {
        md += QStringLiteral("\n### No longer in the checklist\n\n") + tableHeader();
        for (const WalkStep *step : orphans)
            md += tableRow(QStringLiteral("\u2013"), step->text, ChecklistAction(), step);
    }

    md += QStringLiteral("\n## Final revisions\n\n");
    if (walk.finalRevisions.isEmpty()) {
        md += QStringLiteral("_Not recorded._\n");
    } else {
        for (const QString &revision : walk.finalRevisions)
            md += QStringLiteral("- %1\n").arg(code(revision));
    }
    md += QStringLiteral("\n---\n\n_Report by Retort %1._\n").arg(QStringLiteral(RETORT_VERSION));
    return md;
}

QString stepsDoneText(const Checklist &checklist, const ChecklistWalk *walk)
{
    int done = 0;
    int skipped = 0;
    for (const ChecklistItem &item : checklist.items()) {
        const WalkStep *step = walk ? walk->step(item.key) : nullptr;
        if (step && step->done && step->outcome == StepOutcome::Skipped)
            ++skipped;
        else if (step ? step->done : item.initiallyChecked)
            ++done;
    }
    QString text = QStringLiteral("%1 of %2 steps done").arg(done).arg(checklist.items().size());
    if (skipped > 0)
        text += QStringLiteral(", %1 skipped").arg(skipped);
    return text;
}

} // namespace retort
