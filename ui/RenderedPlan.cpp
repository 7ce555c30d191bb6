// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RenderedPlan.h"

#include "core/script/ScriptDirectory.h"
#include "ui/RunController.h"

#include <QPromise>
#include <QThreadPool>
#include <QTimer>

namespace retort::ui {

namespace {

bool holdsAlembicScripts(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps)
{
    return std::any_of(steps.cbegin(), steps.cend(), [&scripts](const MigrationStep &step) {
        return step.kind == MigrationStep::Kind::Revision && step.revision >= 0 &&
               scripts.script(step.revision).format == ScriptFormat::AlembicPython;
    });
}

} // namespace

RenderedPlan::RenderedPlan(RunController *controller, QObject *parent)
    : QObject(parent), m_controller(controller), m_environment(QProcessEnvironment::systemEnvironment()),
      m_settle(new QTimer(this))
{
    m_settle->setSingleShot(true);
    m_settle->setInterval(SettleMilliseconds);
    connect(m_settle, &QTimer::timeout, this, &RenderedPlan::startNext);
    connect(m_controller, &RunController::planChanged, this, &RenderedPlan::planChanged);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &RenderedPlan::onRendered);
}

void RenderedPlan::setProject(const std::optional<ProjectConfig> &config, Dialect dialect,
                              const QProcessEnvironment &environment)
{
    m_config = config;
    m_dialect = dialect;
    m_environment = environment;
    m_done.reset(); // the interpreter or the dialect may be another one now
    planChanged();
}

bool RenderedPlan::needsAlembic(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps)
{
    return std::any_of(steps.cbegin(), steps.cend(), [&scripts](const MigrationStep &step) {
        if (step.kind != MigrationStep::Kind::Revision || step.revision < 0)
            return false;
        const MigrationScript &script = scripts.script(step.revision);
        return script.format == ScriptFormat::AlembicPython &&
               script.section(step.isUpgrade, std::nullopt).body == SectionBody::Python; // the same for every dialect
    });
}

const RenderedSection *RenderedPlan::section(const QString &revision, bool upgrade) const
{
    return m_state == State::Ready ? m_report.find(revision, upgrade) : nullptr;
}

void RenderedPlan::setState(State state)
{
    m_state = state;
    Q_EMIT stateChanged();
}

void RenderedPlan::planChanged()
{
    const ShownPlan &plan = m_controller->plan();
    const Request request{m_controller->scripts(), plan.migrationSteps(), m_dialect};
    const bool alembic = m_config && m_config->writesAlembicRevisions() && request.scripts && plan.error.isEmpty() &&
                         holdsAlembicScripts(*request.scripts, request.steps);
    if (!alembic) {
        // Not an Alembic plan: said once, not at every re-plan (a large .sql project re-plans often).
        m_wanted.reset();
        m_settle->stop();
        if (m_state == State::Idle)
            return;
        m_report = RenderReport();
        m_renderedSteps.clear();
        m_done.reset();
        setState(State::Idle);
        return;
    }
    if (!needsAlembic(*request.scripts, request.steps)) {
        // Nothing to ask Python: exact bodies are read from the files, here and now (no process starts).
        m_wanted.reset();
        m_settle->stop();
        if (m_done && *m_done == request && m_state == State::Ready)
            return;
        m_report = AlembicBridge::render(*m_config, *request.scripts, request.steps, m_dialect, m_environment);
        m_renderedSteps = request.steps;
        m_done = request;
        setState(State::Ready);
        return;
    }
    if (m_done && *m_done == request) {
        // Planned again to the same steps (a poll, a re-read): the report stands.
        m_wanted.reset();
        m_settle->stop();
        if (m_state != State::Ready)
            setState(State::Ready);
        return;
    }
    if (m_wanted && *m_wanted == request)
        return; // already asked for
    m_wanted = request;
    m_done.reset();
    m_report = RenderReport();
    m_renderedSteps.clear();
    if (m_state != State::Rendering)
        setState(State::Rendering);
    if (!m_running)
        m_settle->start();
    // Otherwise the render going ends first; its answer is kept if it is this plan's, else this one starts.
}

void RenderedPlan::startNext()
{
    if (m_running || !m_wanted || !m_config)
        return;
    m_running = m_wanted;
    m_watcher.setFuture(
        renderInBackground(*m_config, m_running->scripts, m_running->steps, m_running->dialect, m_environment));
}

QFuture<RenderReport> RenderedPlan::renderInBackground(const ProjectConfig &config,
                                                       std::shared_ptr<const ScriptDirectory> scripts,
                                                       const QVector<MigrationStep> &steps, Dialect dialect,
                                                       const QProcessEnvironment &environment)
{
    auto promise = std::make_shared<QPromise<RenderReport>>();
    QFuture<RenderReport> future = promise->future();
    promise->start();
    // The global pool: the application waits for it as it quits, so no render outlives what it reads.
    QThreadPool::globalInstance()->start([promise, config, scripts = std::move(scripts), steps, dialect, environment] {
        promise->addResult(AlembicBridge::render(config, *scripts, steps, dialect, environment));
        promise->finish();
    });
    return future;
}

void RenderedPlan::onRendered()
{
    if (!m_running)
        return;
    const Request finished = *m_running;
    m_running.reset();
    const QFuture<RenderReport> future = m_watcher.future();
    if (m_wanted && *m_wanted == finished && future.resultCount() > 0) {
        m_report = future.result();
        m_renderedSteps = finished.steps;
        m_done = finished;
        m_wanted.reset();
        setState(State::Ready);
        return;
    }
    if (m_wanted)
        m_settle->start(); // the plan moved on while this one rendered: render the one shown now
}

} // namespace retort::ui
