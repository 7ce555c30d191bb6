// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RunWorker.h"

#include "core/safety/ScratchRehearsal.h"

#include <QFileInfo>
#include <QThread>

namespace retort::ui {

RunWorker::RunWorker(ScriptDirectory scripts, RunSettings settings, DatabaseUrl url, RunRequest request)
    : m_scripts(std::move(scripts)), m_url(std::move(url)), m_request(std::move(request))
{
    m_runner = new MigrationRunner(m_scripts, std::move(settings), this);
    // Direct: the runner emits on the worker thread, where this object lives during the run;
    // re-emitting there lets Qt queue the signals to receivers on other threads.
    connect(m_runner, &MigrationRunner::stepStarted, this, [this](int number, int count, const QString &description) {
        // MigrationRunner::run() clears its cancel flag as it starts: a cancel() that came in
        // before that is applied again here, before the step's first statement.
        if (m_cancelRequested)
            m_runner->cancel();
        Q_EMIT stepStarted(number, count, description);
    });
    connect(m_runner, &MigrationRunner::stepFinished, this, &RunWorker::stepFinished);
    // Direct: while a statement waits for a lock, who holds it is logged from the runner's watcher thread, and
    // this thread is blocked in that statement; the log (on the UI thread) gets it queued from here.
    connect(m_runner, &MigrationRunner::messageLogged, this, &RunWorker::messageLogged, Qt::DirectConnection);
}

RunWorker::~RunWorker() = default;

void RunWorker::setGate(const DatabaseTarget &target, const ProductionStatus &status, const BackupSettings &backup,
                        const GateDecision &decision, bool rehearseFirst)
{
    m_gate = Gate{target, status, backup, decision, rehearseFirst};
}

void RunWorker::setRehearsalOnCopy(const BackupSettings &backup, const RunSettings &settings)
{
    m_onCopy = OnCopy{backup, settings};
}

Result<RunResult> RunWorker::rehearseOnCopy(const QString &backupPath)
{
    ScratchRehearsalRequest request;
    request.url = m_url;
    request.request = m_request;
    request.request.rehearsal = false;
    request.settings = m_onCopy->settings;
    request.backup = m_onCopy->backup;
    request.backupPath = backupPath;
    Q_EMIT messageLogged(tr("Rehearsing the plan on a scratch copy restored from a backup…"));
    Result<RunResult> result = ScratchRehearsal::run(
        m_scripts, request, [this](const QString &message) { Q_EMIT messageLogged(maskPasswords(message)); });
    return result;
}

bool RunWorker::passGate(std::optional<RehearsalStop> *stop)
{
    const auto log = [this](const QString &message) { Q_EMIT messageLogged(maskPasswords(message)); };
    if (m_gate->rehearseFirst && m_onCopy) {
        // Alembic commits in its own process: the rehearsal runs on a copy restored from the gate's own backup.
        Result<SafetyClearance> clearance =
            SafetyGate::clear(m_gate->target, m_gate->status, m_gate->backup, m_gate->decision, log);
        if (!clearance.ok()) {
            Q_EMIT failed(maskPasswords(clearance.error().message), QString(), 0);
            return false;
        }
        if (!clearance->rehearsalOnly())
            Q_EMIT gatePassed(clearance->backup(), clearance->skipReason());
        const Result<RunResult> rehearsed = rehearseOnCopy(clearance->backup() ? clearance->backup()->path : QString());
        if (rehearsed.ok())
            Q_EMIT messageLogged(rehearsed->rehearsalOutcome() + u' ' + rehearsed->rehearsalCheck());
        if (!rehearsed.ok()) {
            Q_EMIT failed(
                maskPasswords(tr("Rehearsal failed; nothing was changed.\n%1").arg(rehearsed.error().message)),
                rehearsed.error().location.file, rehearsed.error().location.line);
            return false;
        }
        m_request.clearance = std::move(clearance).value();
        return true;
    }
    if (m_gate->rehearseFirst) {
        // The rehearsal takes the run's locks: it needs the confirmation too (and no backup).
        GateDecision confirmation = m_gate->decision;
        confirmation.rehearsalOnly = true;
        Result<SafetyClearance> confirmed =
            SafetyGate::clear(m_gate->target, m_gate->status, m_gate->backup, confirmation, log);
        if (!confirmed.ok()) {
            Q_EMIT failed(maskPasswords(confirmed.error().message), QString(), 0);
            return false;
        }
        RunRequest rehearsal = m_request;
        rehearsal.rehearsal = true;
        rehearsal.clearance = std::move(confirmed).value();
        Q_EMIT messageLogged(tr("Rehearsing the plan first…"));
        const Result<RunResult> rehearsed = m_runner->run(m_url, rehearsal);
        if (!rehearsed.ok()) {
            Q_EMIT failed(
                maskPasswords(tr("Rehearsal failed; nothing was changed.\n%1").arg(rehearsed.error().message)),
                QString(), 0);
            return false;
        }
        Q_EMIT messageLogged(rehearsed->rehearsalOutcome() + u' ' + rehearsed->rehearsalCheck());
        if (!rehearsed->rehearsalStoppedBefore.isEmpty())
            *stop = RehearsalStop{rehearsed->stoppedBeforeStep, rehearsed->rehearsalStoppedBefore,
                                  rehearsed->rehearsalStepsLeft};
    }
    Result<SafetyClearance> clearance =
        SafetyGate::clear(m_gate->target, m_gate->status, m_gate->backup, m_gate->decision, log);
    if (!clearance.ok()) {
        Q_EMIT failed(maskPasswords(clearance.error().message), QString(), 0);
        return false;
    }
    if (!clearance->rehearsalOnly())
        Q_EMIT gatePassed(clearance->backup(), clearance->skipReason());
    m_request.clearance = std::move(clearance).value();
    return true;
}

void RunWorker::start()
{
    Q_ASSERT(!m_thread);
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("retort-run"));
    moveToThread(m_thread);
    connect(m_thread, &QThread::started, this, &RunWorker::run);
    // The worker is deleted on its thread as the thread ends; the thread object (which lives on
    // the starting thread) is deleted there afterwards.
    connect(m_thread, &QThread::finished, this, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start();
}

void RunWorker::cancel()
{
    m_cancelRequested = true;
    m_runner->cancel();
    answerContinue(false);
}

void RunWorker::answerContinue(bool goOn)
{
    {
        const std::lock_guard<std::mutex> lock(m_answerMutex);
        if (!m_answer)
            m_answer = goOn;
    }
    m_answered.notify_all();
}

bool RunWorker::waitForAnswer()
{
    std::unique_lock<std::mutex> lock(m_answerMutex);
    m_answered.wait(lock, [this] { return m_answer.has_value(); });
    return *m_answer && !m_cancelRequested;
}

void RunWorker::run()
{
    if (m_cancelRequested) {
        Q_EMIT messageLogged(tr("Cancelled before the run started."));
        Q_EMIT cancelled();
        QThread::currentThread()->quit();
        return;
    }
    std::optional<RehearsalStop> stop;
    if (m_gate && !passGate(&stop)) {
        QThread::currentThread()->quit();
        return;
    }
    if (stop) {
        runPastRehearsal(*stop);
        QThread::currentThread()->quit();
        return;
    }
    if (m_request.rehearsal && m_onCopy) {
        const Result<RunResult> rehearsed = rehearseOnCopy(QString());
        if (rehearsed.ok()) {
            Q_EMIT rehearsedOnCopy(rehearsed->scratchCopy);
            Q_EMIT rehearsalChecked(rehearsed->rehearsalCheck());
        }
        report(rehearsed);
        QThread::currentThread()->quit();
        return;
    }
    const Result<RunResult> result = m_runner->run(m_url, m_request);
    if (result.ok() && m_request.rehearsal) {
        Q_EMIT rehearsalChecked(result->rehearsalCheck());
        if (!result->rehearsalStoppedBefore.isEmpty())
            Q_EMIT rehearsalStopped(result->rehearsalStoppedBefore, result->rehearsalStepsLeft);
    }
    report(result);
    QThread::currentThread()->quit();
}

void RunWorker::runPastRehearsal(const RehearsalStop &stop)
{
    // The steps the rehearsal covered run (and commit) as a run of their own.
    RunResult rehearsedPart;
    rehearsedPart.rowsBefore = m_request.expected ? m_request.expected->fromRows : QStringList();
    rehearsedPart.rowsAfter = rehearsedPart.rowsBefore;
    if (stop.step > 1) {
        RunRequest first = m_request;
        first.stopBeforeStep = stop.step;
        const Result<RunResult> result = m_runner->run(m_url, first);
        if (!result.ok()) {
            report(result);
            return;
        }
        rehearsedPart = result.value();
    }
    Q_EMIT continueAsked(stop.description, stop.stepsLeft, rehearsedPart.rowsAfter);
    const bool goOn = waitForAnswer();
    if (m_cancelRequested) {
        Q_EMIT messageLogged(tr("Cancelled before %1: the rehearsed steps ran, the database is at %2.")
                                 .arg(stop.description, rehearsedPart.rowsAfter.join(QStringLiteral(", "))));
        Q_EMIT cancelled();
        return;
    }
    if (!goOn) {
        Q_EMIT messageLogged(
            tr("Stopped before %1, as asked: it and what follows were not run.").arg(stop.description));
        Q_EMIT stoppedBeforeUnrehearsed(stop.description, stop.stepsLeft);
        Q_EMIT finished(rehearsedPart.rowsBefore, rehearsedPart.rowsAfter, rehearsedPart.stepsRun);
        return;
    }
    // Exactly the steps left of the plan asked about, from where the first part left the database.
    RunRequest rest = m_request;
    rest.continuesRun = rehearsedPart.runId; // one run in the history, one backup row
    if (m_request.expected)
        rest.expected = PlanExpectation{rehearsedPart.rowsAfter, m_request.expected->steps.mid(stop.step - 1),
                                        m_request.expected->dialect};
    report(m_runner->run(m_url, rest), &rehearsedPart);
}

void RunWorker::report(const Result<RunResult> &result, const RunResult *earlier)
{
    if (result.ok()) {
        if (earlier)
            Q_EMIT finished(earlier->rowsBefore, result->rowsAfter, earlier->stepsRun + result->stepsRun);
        else
            Q_EMIT finished(result->rowsBefore, result->rowsAfter, result->stepsRun);
    } else if (result.error().code == ErrorCode::Cancelled) {
        Q_EMIT messageLogged(maskPasswords(result.error().message));
        Q_EMIT cancelled();
    } else {
        const SourceLocation &at = result.error().location;
        Q_EMIT failed(maskPasswords(result.error().message), at.file, at.line);
    }
}

} // namespace retort::ui
