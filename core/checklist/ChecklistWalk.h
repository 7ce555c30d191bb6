// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace retort {

class Checklist;
struct BackupRecord;

enum class StepOutcome
{
    NotRun,
    Succeeded,
    Failed,
    Skipped,
    DoneByHand, // a step bound to an action, checked without running it; the result holds the reason
};

// "not run", "succeeded", "failed", "skipped", "done by hand": the words reports and the JSON file use.
QString stepOutcomeName(StepOutcome outcome);

// The backup taken during a walk, or why none was.
struct WalkBackup
{
    QString path;
    qint64 bytes = 0;
    qint64 durationMs = 0;
    QString verification;  // how it was checked, e.g. "opens as SQLite, 12 tables"
    QString skippedReason; // non-empty: no backup was taken, for this reason

    bool skipped() const { return !skippedReason.isEmpty(); }
    // The backup a {backup} step or a run's gate took, or (none) the reason the gate recorded for skipping it.
    static WalkBackup of(const std::optional<BackupRecord> &backup, const QString &skipReason = {});
    bool operator==(const WalkBackup &other) const;
    bool operator!=(const WalkBackup &other) const { return !(*this == other); }
};

// What happened to one checklist item during a walk.
struct WalkStep
{
    QString key;  // ChecklistItem::key
    QString text; // the item's text when the walk recorded it, to report items the file no longer has
    bool done = false;
    QString by;   // OS user who checked it
    QString host; // and the machine
    QDateTime at; // when, UTC
    QString note;
    QString result; // what the bound action reported, e.g. "backups/prod-20261125.db, 1.2 MiB"
    StepOutcome outcome = StepOutcome::NotRun;
    qint64 durationMs = 0;

    bool operator==(const WalkStep &other) const;
    bool operator!=(const WalkStep &other) const { return !(*this == other); }

    // "user@host", or what of it is known; `nobody` when no user was recorded.
    QString whoAndWhere(const QString &nobody = QString()) const
    {
        if (by.isEmpty())
            return nobody;
        return host.isEmpty() ? by : by + QLatin1Char('@') + host;
    }
};

// The state of walking one checklist against one environment: who checked what and when, the
// bound actions' results, the window timing and the facts the report needs. Saved as JSON next to
// the project (savePath()), never in the database. A plain value; not thread-safe.
struct ChecklistWalk
{
    // `time` in UTC without its milliseconds: the walk file and the report keep seconds.
    static QDateTime wholeSeconds(const QDateTime &time)
    {
        return QDateTime::fromSecsSinceEpoch(time.toSecsSinceEpoch(), Qt::UTC);
    }

    enum class WindowState
    {
        NotStarted, // no window planned, or it has not begun
        OnTime,
        Amber, // less than 20 % of the planned duration, or less than a minute, left
        Red,   // the window has ended
    };

    static constexpr int FormatVersion = 1;

    QString checklistPath;     // as given (":/checklists/x.md" or a file path)
    QString checklistTitle;    // at the start of the walk
    QString checklistChecksum; // Checklist::checksum() at the start of the walk
    QString environment;
    QString database;        // display string, password already masked by the caller
    QDateTime plannedStart;  // the window's start; invalid: the window starts with the walk
    int plannedMinutes = 0;  // the window's length; 0: no window
    QDateTime startedAt;     // the first step checked (or set by the caller)
    QDateTime finishedAt;    // the last step checked; cleared when a step is undone
    QVector<WalkStep> steps; // one per item of the checklist, in its order, plus any added later
    std::optional<WalkBackup> backup;
    QStringList plan;           // the plan's step lines, as shown before the run
    QStringList finalRevisions; // the database's current revisions at the end

    // A new walk with one open step per item (items checked in the file start done, by nobody).
    static ChecklistWalk start(const Checklist &checklist, const QString &environment, const QString &database,
                               const QDateTime &plannedStart = {}, int plannedMinutes = 0);

    // <projectDir>/.retort/walks/<checklist base name>-<environment>.json. Characters other than
    // letters, digits, '.', '_' and '-' become '_'; an empty environment is "default".
    static QString savePath(const QString &projectDir, const QString &checklistPath, const QString &environment);

    // Writes atomically (QSaveFile), creating the folder. Errors name the file.
    [[nodiscard]] Status save(const QString &path) const;
    // Errors name the file: missing or unreadable (Io), not JSON, not a walk, or a version this
    // build does not read (Parse).
    [[nodiscard]] static Result<ChecklistWalk> load(const QString &path);

    // Checks the step: by/host are the current OS user and host (HistoryRecord::setWhoAndWhere),
    // `at` defaults to now. The first check sets startedAt; the check that completes every step
    // sets finishedAt. A key the walk does not know gets a new step (see addMissingSteps()).
    void markDone(const QString &key, const QString &note = {}, const QDateTime &at = {});
    // The step's note, as typed; does not check the step.
    void setNote(const QString &key, const QString &note);
    // Records what a bound action did; does not check the step.
    void recordResult(const QString &key, StepOutcome outcome, const QString &result, qint64 durationMs);
    // Deals with the step by skipping it: checked (the walk can finish) with outcome Skipped, never reported
    // done; a result it has from a run stays. `reason` becomes its note; empty, the note it has is the reason.
    // False, changing nothing, when neither gives one.
    bool skip(const QString &key, const QString &reason = {}, const QDateTime &at = {});
    // Checks a step bound to an action without running it: outcome DoneByHand, its result the note saying how
    // and why. `note` becomes its note; empty, the note it has is used. False, changing nothing, without one.
    bool markDoneByHand(const QString &key, const QString &note = {}, const QDateTime &at = {});
    // Unchecks the step (who and when are cleared, the result and the note stay: it did run).
    void undo(const QString &key);
    // Brings the walk to `checklist` after the file changed: appends steps for items the walk has none for, and
    // drops the steps of items the file no longer has (an item's text edited, or the item removed) that recorded
    // nothing: nobody can tick them, so they would keep the walk from ever finishing. Steps that recorded something
    // stay, for the report. With those gone, a walk whose every step is done is finished, at its last check.
    void addMissingSteps(const Checklist &checklist);

    const WalkStep *step(const QString &key) const; // nullptr when absent
    int doneCount() const;
    bool isFinished() const { return finishedAt.isValid(); }
    // Whether the checklist is the file the walk started with (same checksum).
    bool matches(const Checklist &checklist) const;
    // Names `database` (a display string) the walk's database when it may go on against it: a walk nobody has begun
    // takes the name, as does one begun without a database known (manual steps so far); an empty `database` changes
    // nothing. False, changing nothing, when the walk began on another database: its steps and its report tell of
    // that one, so it must not go on against this one.
    [[nodiscard]] bool adoptDatabase(const QString &database);

    // The window, from plannedStart (else startedAt) for plannedMinutes; invalid without one.
    QDateTime windowStart() const;
    QDateTime windowEnd() const;
    // Pure functions of the walk and `now`. Once the walk is finished the clock stops at finishedAt.
    WindowState windowState(const QDateTime &now) const;
    qint64 secondsRemaining(const QDateTime &now) const; // negative when over; 0 without a window

    bool operator==(const ChecklistWalk &other) const;
    bool operator!=(const ChecklistWalk &other) const { return !(*this == other); }
};

} // namespace retort
