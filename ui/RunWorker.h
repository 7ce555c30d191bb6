// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/runtime/MigrationRunner.h"
#include "core/safety/SafetyGate.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>

class QThread;

namespace retort::ui {

// One upgrade, downgrade or stamp run of core's MigrationRunner on a thread of its own.
//
// Create it on the GUI thread and call start() once: the worker moves itself and its runner to
// a new QThread, runs there (the runner opens its own connection on that thread) and afterwards
// deletes itself and the thread. Its signals are emitted on the worker thread, so receivers on
// the GUI thread get them queued. Every run ends with exactly one terminal signal: finished,
// failed or cancelled. cancel() may be called from any thread; it takes effect before the
// runner's next statement. Hold it in a QPointer: it is gone after the terminal signal.
class RunWorker : public QObject
{
    Q_OBJECT

public:
    RunWorker(ScriptDirectory scripts, RunSettings settings, DatabaseUrl url, RunRequest request);
    ~RunWorker() override;

    // A production run: before it, on the worker thread, SafetyGate::clear() takes the backup
    // (or records why not) and, with `rehearseFirst`, the plan is rehearsed; a failure of either
    // ends the run before anything is written. Call before start().
    void setGate(const DatabaseTarget &target, const ProductionStatus &status, const BackupSettings &backup,
                 const GateDecision &decision, bool rehearseFirst);

    // Rehearsals on a scratch copy restored from a backup (ScratchRehearsal) instead of a rolled-back transaction:
    // for a plan the project's Alembic runs, which commits in its own process. Call before start().
    void setRehearsalOnCopy(const BackupSettings &backup, const RunSettings &settings);

    void start();  // GUI thread, once
    void cancel(); // any thread; also answers a pending continueAsked with "stop"
    // The answer to continueAsked (any thread): true runs the steps left, false stops there.
    void answerContinue(bool goOn);

Q_SIGNALS:
    void stepStarted(int number, int count, const QString &description);
    void stepFinished(int number, int count, const QString &description, qint64 milliseconds);
    void messageLogged(const QString &message);
    void finished(const QStringList &rowsBefore, const QStringList &rowsAfter, int stepsRun);
    // `file` and `line` locate the failing statement when there is one ("" and 0 otherwise).
    void failed(const QString &message, const QString &file, int line);
    void cancelled();
    // A rehearsal's own report, just before its `finished`: what it did not rehearse, and
    // whether the database was found unchanged.
    void rehearsalChecked(const QString &report);
    // A rehearsal that stopped before a revision outside a transaction: which step, and how many
    // (that one included) were not rehearsed. Just before its `finished`.
    void rehearsalStopped(const QString &stoppedBefore, int stepsLeft);
    // Rehearse-first stopped before `stoppedBefore` (Transactional: false): the rehearsed steps have run
    // and committed (the database is at `rowsNow`); the worker waits for answerContinue() before the
    // `stepsLeft` steps that were not rehearsed.
    void continueAsked(const QString &stoppedBefore, int stepsLeft, const QStringList &rowsNow);
    // The answer was to stop: just before `finished`, which reports the rehearsed part only.
    void stoppedBeforeUnrehearsed(const QString &stoppedBefore, int stepsLeft);
    // A rehearsal ran on a scratch copy (`copy` says which and from what backup): just before its `finished`.
    void rehearsedOnCopy(const QString &copy);
    // The gate passed: the backup taken (or reused), or a skipped one with its reason.
    void gatePassed(const std::optional<retort::BackupRecord> &backup, const QString &skipReason);

private:
    struct Gate
    {
        DatabaseTarget target;
        ProductionStatus status;
        BackupSettings backup;
        GateDecision decision;
        bool rehearseFirst = false;
    };

    // Where rehearse-first stopped: 1-based step, its description, the steps from it on.
    struct RehearsalStop
    {
        int step = 0;
        QString description;
        int stepsLeft = 0;
    };

    void run(); // worker thread
    // The gate's part of run(): false when it failed (the terminal signal has been emitted). `stop` is
    // set when rehearse-first did not reach the end of the plan.
    bool passGate(std::optional<RehearsalStop> *stop);
    // The real run after a rehearsal that stopped early: as far as was rehearsed, then asks, then the rest.
    void runPastRehearsal(const RehearsalStop &stop);
    // A rehearsal on a scratch copy restored from `backupPath` (empty: one taken for it); logs its outcome.
    Result<RunResult> rehearseOnCopy(const QString &backupPath);
    // Blocks the worker thread until answerContinue() or cancel().
    bool waitForAnswer();
    // The terminal signal for a run's result (finished counts `earlier` as run before it).
    void report(const Result<RunResult> &result, const RunResult *earlier = nullptr);

    struct OnCopy
    {
        BackupSettings backup;
        RunSettings settings;
    };
    std::optional<OnCopy> m_onCopy;
    ScriptDirectory m_scripts;           // the runner keeps a reference: declared before it
    MigrationRunner *m_runner = nullptr; // child: moves with the worker
    DatabaseUrl m_url;
    RunRequest m_request;
    std::optional<Gate> m_gate;
    QThread *m_thread = nullptr;
    std::atomic_bool m_cancelRequested{false};
    std::mutex m_answerMutex;
    std::condition_variable m_answered;
    std::optional<bool> m_answer; // under m_answerMutex
};

} // namespace retort::ui
