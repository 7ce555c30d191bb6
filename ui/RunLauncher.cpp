// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RunLauncher.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/GateDescription.h"
#include "core/safety/SafetyGate.h"
#include "ui/AlembicRunNotes.h"
#include "ui/ProjectSession.h"
#include "ui/RenderedPlan.h"
#include "ui/RunWorker.h"

#include <QDir>
#include <QFutureWatcher>
#include <QPointer>
#include <QSet>
#include <QThread>

#include <memory>

namespace retort::ui {

namespace {

bool sameRows(const QStringList &a, const QStringList &b)
{
    return QSet<QString>(a.cbegin(), a.cend()) == QSet<QString>(b.cbegin(), b.cend());
}

} // namespace

RunLauncher::RunLauncher(ProjectSession *session, RunController *controller, QObject *parent)
    : QObject(parent), m_session(session), m_controller(controller)
{
    connect(m_session, &ProjectSession::readFinished, this, &RunLauncher::onReadFinished);
}

RunLauncher::~RunLauncher()
{
    if (m_worker) {
        QThread *thread = m_worker->thread();
        m_worker->cancel();
        thread->wait(); // the runner stops before its next statement
    }
}

bool RunLauncher::settlesFailedRun() const
{
    // The history's latest run failed part way, perhaps (UnsettledRun): upgrades and downgrades refuse until a
    // stamp records where the database is, even where it already is, as `retort stamp` does.
    const QVector<RevisionRunEntry> history = m_session->history();
    return !history.isEmpty() && !history.first().success && history.first().direction != HistoryEvent::Stamp;
}

QString RunLauncher::verbFor(const Pending &pending) const
{
    const QString verb = pending.command == RunRequest::Command::Upgrade     ? tr("Upgrade")
                         : pending.command == RunRequest::Command::Downgrade ? tr("Downgrade")
                                                                             : tr("Stamp");
    return pending.rehearsal ? tr("Rehearse %1").arg(verb.toLower()) : verb;
}

bool RunLauncher::start(RunRequest::Command command, const QString &target, bool rehearsal, bool shownPlan)
{
    if (isBusy() || !m_session->isLoaded() || !m_session->target())
        return false;
    Pending pending;
    pending.command = command;
    pending.target = target;
    pending.rehearsal = rehearsal;
    if (shownPlan)
        pending.shown = m_controller->plan();
    m_pending = pending;
    Q_EMIT preparing(tr("Reading the database before asking to %1 to %2…").arg(verbFor(pending).toLower(), target));
    // Always from what the database holds now, never from what was read a while ago.
    m_pending->readRequest = m_session->refreshCurrentRows(ProjectSession::Refresh::Quiet);
    return true;
}

void RunLauncher::cancel()
{
    if (m_worker) {
        m_worker->cancel();
        Q_EMIT messageLogged(tr("Cancelling before the next statement…"));
    } else if (m_pending) {
        decline(tr("Cancelled before the run started."), false);
    }
}

void RunLauncher::decline(const QString &reason, bool error)
{
    m_pending.reset();
    m_lastSummary = reason;
    Q_EMIT declined(reason, error);
}

void RunLauncher::onReadFinished(quint64 requestId, bool ok)
{
    // A later read (a refresh meanwhile) is at least as fresh as the one asked for.
    if (!m_pending || requestId < m_pending->readRequest)
        return;
    const Pending pending = *m_pending;
    if (!ok) {
        decline(tr("The database could not be read, so nothing was run: %1").arg(m_session->lastReadError()), true);
        return;
    }
    prepare(pending);
}

void RunLauncher::prepare(const Pending &pending)
{
    const QStringList rows = m_session->currentRows();
    const ScriptDirectory &scripts = m_session->scripts();
    const ProjectConfig &config = m_session->config();
    const QString versionTable = VersionTable(config.versionTable(), config.versionTableSchema()).qualifiedName();
    if (const QString incomplete = RunController::incompleteReason(scripts); !incomplete.isEmpty()) {
        decline(tr("Nothing was run: %1.").arg(incomplete), true);
        return;
    }
    if (!m_session->target()) {
        decline(tr("Nothing was run: the environment names no database."), true);
        return;
    }
    const Dialect dialect = m_session->target()->url.dialect();
    if (pending.shown) {
        const ShownPlan &shown = *pending.shown;
        // Its SQL on screen is one dialect's sections: never run another's under it.
        if (shown.dialect != dialect) {
            decline(tr("The plan on screen shows the SQL a %1 database runs, but the environment's database is %2, "
                       "whose revision sections may differ. Nothing was run; review the plan for this database and "
                       "run again.")
                        .arg(dialectName(shown.dialect), dialectName(dialect)),
                    true);
            return;
        }
        // The plan on screen must still be what the database plans to; the controller has re-planned.
        const ShownPlan fresh = RunController::planTowards(scripts, pending.target, rows, dialect, versionTable);
        if (!sameRows(rows, shown.fromRows) || fresh.downgrade != shown.downgrade ||
            fresh.migrationSteps() != shown.migrationSteps()) {
            decline(tr("The database changed since the plan was shown: it was %1, it is %2 now (another run "
                       "or program moved it). Nothing was run; the plan on screen is updated: review it and run "
                       "again.")
                        .arg(versionStateText(shown.fromRows), versionStateText(rows)),
                    true);
            return;
        }
    }
    RunRequest request;
    request.command = pending.command;
    request.targets = QStringList{pending.target};
    request.rehearsal = pending.rehearsal;
    const MigrationPlanner planner(scripts.map());
    const Result<QVector<MigrationStep>> steps = planRequest(planner, request, rows);
    if (!steps.ok()) {
        decline(steps.error().message, true);
        return;
    }
    if (pending.command == RunRequest::Command::Stamp && steps->isEmpty() && !settlesFailedRun()) {
        // Nothing would change: no confirmation, no gate, no run; the version table is already right.
        m_pending.reset();
        m_lastSummary = tr("Nothing to stamp: the version table is already %1.").arg(versionStateText(rows));
        Q_EMIT messageLogged(m_lastSummary);
        Q_EMIT finished(Outcome::Succeeded, tr("Nothing to stamp"), m_lastSummary, QString(), 0);
        return;
    }
    // What was asked about is what runs: the runner plans again under its lock and compares.
    request.expected = PlanExpectation{rows, steps.value(), dialect};
    const DatabaseTarget database = *m_session->target();
    // An Alembic project's .py revisions go to its own Alembic (the bridge), as on the command line.
    const RunSettings settings = RunSettings::fromConfig(config, database.environmentName);
    if (const QString refusal = AlembicRunNotes::refusal(scripts, steps.value(), request, settings);
        !refusal.isEmpty()) {
        decline(refusal, true);
        return;
    }
    // The question names the risks of what the project's Alembic renders for the plan's Python: the plan on
    // screen's report when it is this plan's, else rendered now, off the UI thread, before asking.
    std::optional<RenderReport> rendered;
    if (request.command != RunRequest::Command::Stamp && !request.runExactSql &&
        RenderedPlan::needsAlembic(scripts, steps.value())) {
        if (!m_rendered || m_rendered->state() != RenderedPlan::State::Ready || m_rendered->steps() != steps.value()) {
            awaitRender(pending, request, settings);
            return;
        }
        rendered = m_rendered->report();
    }
    confirmAndLaunch(pending, request, settings, rendered);
}

void RunLauncher::awaitRender(const Pending &pending, const RunRequest &request, const RunSettings &settings)
{
    const std::shared_ptr<const ScriptDirectory> scripts = m_session->sharedScripts();
    const quint64 id = ++m_renders;
    m_pending->renderRequest = id;
    Q_EMIT preparing(tr("Rendering the plan's Python with the project's Alembic before asking…"));
    auto *watcher = new QFutureWatcher<RenderReport>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id, scripts, pending, request, settings] {
        watcher->deleteLater();
        if (!m_pending || m_pending->renderRequest != id)
            return; // cancelled meanwhile: declined already
        if (m_session->sharedScripts() != scripts || !m_session->target()) {
            decline(tr("The revision files changed while their SQL was rendered: nothing was run. Review the plan "
                       "and run again."),
                    true);
            return;
        }
        confirmAndLaunch(pending, request, settings, watcher->future().result());
    });
    watcher->setFuture(RenderedPlan::renderInBackground(m_session->config(), scripts, request.expected->steps,
                                                        m_session->target()->url.dialect(),
                                                        QProcessEnvironment::systemEnvironment()));
}

void RunLauncher::confirmAndLaunch(const Pending &pending, const RunRequest &request, const RunSettings &settings,
                                   const std::optional<RenderReport> &rendered)
{
    auto *worker = new RunWorker(m_session->scripts(), settings, m_session->target()->url, request);
    // A plan the project's Alembic runs is rehearsed on a scratch copy: a rollback could not take it back.
    if (request.expected && !request.runExactSql &&
        AlembicRunNotes::holdsAlembicRevisions(m_session->scripts(), request.expected->steps))
        worker->setRehearsalOnCopy(BackupSettings::forTarget(m_session->config(), *m_session->target()), settings);
    const QString verb = verbFor(pending);
    if (!ask(pending, request, settings, rendered, verb, worker)) {
        delete worker;
        return;
    }
    launch(worker, verb, pending);
}

bool RunLauncher::ask(const Pending &pending, const RunRequest &request, const RunSettings &settings,
                      const std::optional<RenderReport> &rendered, const QString &verb, RunWorker *worker)
{
    const DatabaseTarget database = *m_session->target();
    const ProductionStatus status = m_session->productionStatus().value_or(ProductionStatus());
    LintContext lint = LintContext::forProject(m_session->config(), database.url.dialect());
    if (rendered) // read as rendered: the risks of Python bodies too, and why a section is not whole
        lint.render = [report = *rendered](const ScriptDirectory &, const QVector<MigrationStep> &) { return report; };
    const Result<GateDescription> description =
        GateDescription::describe(m_session->scripts(), request, m_session->currentRows(), status, lint);
    if (!description.ok()) {
        decline(description.error().message, true);
        return false;
    }
    const QVector<MigrationStep> &steps = request.expected->steps;
    if (!m_session->isProduction()) {
        if (pending.rehearsal || !m_confirmation)
            return true; // a rehearsal on development keeps nothing
        // Without environments (an alembic.ini) the database is named by its URL alone.
        const QString where =
            m_session->environment().isEmpty()
                ? database.url.toDisplayString()
                : QStringLiteral("%1 (%2)").arg(m_session->environment(), database.url.toDisplayString());
        QString text = tr("%1 %2 to %3: %n step(s).", nullptr, int(description->planLines.size()))
                           .arg(verb, where, pending.target);
        // The steps themselves: "-1" or "heads" alone does not say which revisions.
        constexpr int shownSteps = 12;
        text += u'\n' + description->planLines.mid(0, shownSteps).join(u'\n');
        if (description->planLines.size() > shownSteps)
            text += u'\n' + tr("… and %n more", nullptr, int(description->planLines.size() - shownSteps));
        if (request.command == RunRequest::Command::Stamp && steps.isEmpty()) {
            text += QStringLiteral("\n\n") +
                    tr("The version table stays %1. The stamp records in the history that the run which failed "
                       "there is settled (what it left was finished or undone by hand), so Upgrade and Downgrade "
                       "run again.")
                        .arg(versionStateText(request.expected->fromRows));
        }
        const QStringList risks = description->riskLines();
        if (!risks.isEmpty())
            text += QStringLiteral("\n\n") + risks.join(u'\n');
        const QString alembic = AlembicRunNotes::runnerLine(m_session->scripts(), steps, request, settings, false);
        if (!alembic.isEmpty())
            text += QStringLiteral("\n\n") + alembic;
        if (!m_confirmation(tr("%1 database").arg(verb), text)) {
            decline(tr("Not run: cancelled at the confirmation."), false);
            return false;
        }
        return true;
    }
    const ProjectConfig &config = m_session->config();
    const BackupSettings backup = BackupSettings::forTarget(config, database);
    GatePrompt prompt;
    prompt.verb = verb;
    prompt.environment = m_session->environment();
    prompt.databaseDisplay = database.url.toDisplayString();
    prompt.why = maskPasswords(description->why);
    prompt.databaseDescription = maskPasswords(description->database);
    prompt.notes = description->notes + description->riskLines();
    if (const QString alembic = AlembicRunNotes::runnerLine(m_session->scripts(), steps, request, settings, true);
        !alembic.isEmpty())
        prompt.notes << alembic;
    prompt.databaseName = description->confirmationName;
    prompt.planLines = description->planLines;
    prompt.withoutRunning = description->withoutRunning;
    prompt.withoutRunningApplied = description->withoutRunningApplied;
    prompt.rehearsalOnly = request.rehearsal;
    prompt.rehearsalStopsBefore = description->rehearsalStopsBefore;
    const BackupMethod method = DatabaseBackup::resolveMethod(backup.method, database.url.dialect());
    if (method != BackupMethod::None) {
        prompt.backupMethod =
            tr("%1 into %2").arg(backupMethodDescription(method), QDir::toNativeSeparators(backup.directory));
    }
    // Alembic commits in its own process: a plan it runs is rehearsed on a scratch copy (SQLite, PostgreSQL).
    const bool alembic = !request.runExactSql && AlembicRunNotes::holdsAlembicRevisions(m_session->scripts(), steps);
    prompt.rehearsalPossible = alembic ? database.url.dialect() != Dialect::MySQL
                                       : SqlDialect::create(database.url.dialect())->transactionalDdl();
    if (m_recentBackup && SafetyGate::canReuse(*m_recentBackup, status, database.url))
        prompt.recentBackup = m_recentBackup;
    const std::optional<GateAnswer> answer = m_gatePrompt ? m_gatePrompt(prompt) : std::nullopt;
    if (!answer) {
        decline(tr("Not run: cancelled at the production gate."), false);
        return false;
    }
    worker->setGate(database, status, backup, answer->decision, answer->rehearseFirst && prompt.rehearsalPossible);
    return true;
}

void RunLauncher::launch(RunWorker *worker, const QString &verb, const Pending &pending)
{
    m_pending.reset();
    m_worker = worker;
    const bool rehearsal = pending.rehearsal;
    connect(worker, &RunWorker::gatePassed, this,
            [this](const std::optional<BackupRecord> &backup, const QString &skipReason) {
                if (backup)
                    m_recentBackup = backup;
                Q_EMIT gatePassed(backup, skipReason);
            });
    connect(worker, &RunWorker::stepStarted, this, &RunLauncher::stepStarted);
    connect(worker, &RunWorker::stepFinished, this, [this](int number, int, const QString &, qint64 milliseconds) {
        Q_EMIT stepFinished(number, milliseconds);
    });
    connect(worker, &RunWorker::messageLogged, this, &RunLauncher::messageLogged);
    auto rehearsalReport = std::make_shared<QString>();
    connect(worker, &RunWorker::rehearsalChecked, this, [this, rehearsalReport](const QString &report) {
        Q_EMIT messageLogged(report);
        *rehearsalReport = report;
    });
    // What the rehearsal did, gathered from the worker's signals for its report.
    auto rehearsed = std::make_shared<RunResult>();
    connect(worker, &RunWorker::rehearsedOnCopy, this,
            [rehearsed](const QString &copy) { rehearsed->scratchCopy = copy; });
    connect(worker, &RunWorker::rehearsalStopped, this, [rehearsed](const QString &step, int stepsLeft) {
        rehearsed->rehearsalStoppedBefore = step;
        rehearsed->rehearsalStepsLeft = stepsLeft;
    });
    // Rehearse-first stopped short: the rehearsed steps have run; nothing unrehearsed runs unasked.
    const QPointer<RunWorker> asking(worker);
    connect(worker, &RunWorker::continueAsked, this,
            [this, asking](const QString &step, int stepsLeft, const QStringList &rowsNow) {
                const QString text =
                    tr("The rehearsal stopped before %1: it runs outside a transaction (Transactional: false), so it "
                       "could not be rehearsed. The steps before it have run and are committed: the database is "
                       "%2.\n\n%n step(s) from there on were not rehearsed. If one fails, what ran before it stays "
                       "in place.\n\nRun them now? Cancel stops here, with the database %2.",
                       nullptr, stepsLeft)
                        .arg(step, versionStateText(rowsNow));
                const bool goOn = m_confirmation && m_confirmation(tr("Run Past the Rehearsal?"), text);
                if (asking)
                    asking->answerContinue(goOn);
            });
    auto stoppedAsAsked = std::make_shared<QString>();
    connect(worker, &RunWorker::stoppedBeforeUnrehearsed, this,
            [stoppedAsAsked](const QString &step, int) { *stoppedAsAsked = step; });
    // The end of every run: the worker is done with the scripts; a backup taken before a run that may
    // have written is no longer one of the database as it is; the target goes back to every head.
    auto end = [this, rehearsal](Outcome outcome, const QString &status, const QString &file, int line) {
        m_worker = nullptr;
        m_session->holdReloads(false);
        if (!rehearsal) {
            m_recentBackup.reset();
            if (m_controller->target() != RunController::defaultTarget()) {
                m_controller->setTarget(RunController::defaultTarget());
                Q_EMIT messageLogged(tr("The target is back to %1; its plan is made again from the database as the "
                                        "run left it.")
                                         .arg(RunController::defaultTarget()));
            }
        }
        Q_EMIT finished(outcome, status, m_lastSummary, file, line);
    };
    connect(worker, &RunWorker::finished, this,
            [this, rehearsal, rehearsalReport, rehearsed, stoppedAsAsked,
             end](const QStringList &, const QStringList &rowsAfter, int stepsRun) {
                const QString state = versionStateText(rowsAfter);
                if (!stoppedAsAsked->isEmpty()) {
                    m_lastSummary = tr("Stopped before %1, as asked: the %n rehearsed step(s) before it ran; the "
                                       "database is %2. The rest was not run.",
                                       nullptr, stepsRun)
                                        .arg(*stoppedAsAsked, state);
                } else if (!rehearsal) {
                    m_lastSummary = tr("Finished: %n step(s); the database is %1.", nullptr, stepsRun).arg(state);
                } else {
                    rehearsed->rowsAfter = rowsAfter;
                    rehearsed->stepsRun = stepsRun;
                    m_lastSummary = rehearsed->rehearsalOutcome();
                }
                Q_EMIT messageLogged(m_lastSummary);
                if (!rehearsalReport->isEmpty())
                    m_lastSummary += u' ' + *rehearsalReport;
                const QString status = !rehearsal ? tr("Run finished")
                                       : rehearsed->rehearsalStoppedBefore.isEmpty()
                                           ? tr("Rehearsal finished")
                                           : tr("Rehearsal stopped early (see the log)");
                end(Outcome::Succeeded, status, QString(), 0);
            });
    connect(worker, &RunWorker::failed, this, [this, end](const QString &message, const QString &file, int line) {
        m_lastSummary = message;
        Q_EMIT messageLogged(message);
        end(Outcome::Failed, tr("Run failed"), file, line);
    });
    connect(worker, &RunWorker::cancelled, this, [this, end] {
        m_lastSummary = tr("Cancelled.");
        Q_EMIT messageLogged(m_lastSummary);
        end(Outcome::Cancelled, tr("Run cancelled"), QString(), 0);
    });

    const QString environment = m_session->environment().isEmpty() ? QString() : u' ' + m_session->environment();
    Q_EMIT started(QStringLiteral("— %1%2 → %3 —").arg(verb, environment, pending.target));
    m_session->holdReloads(true); // the worker reads the scripts until its terminal signal
    worker->start();
}

} // namespace retort::ui
