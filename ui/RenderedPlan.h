// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/MigrationStep.h"
#include "core/runtime/AlembicBridge.h"
#include "core/script/ProjectConfig.h"

#include <QFutureWatcher>
#include <QObject>
#include <QProcessEnvironment>

#include <memory>
#include <optional>

class QTimer;

namespace retort {
class ScriptDirectory;
}

namespace retort::ui {

class RunController;

// The SQL the project's own Alembic renders for the window's plan (AlembicBridge::render): the plan's .py
// revisions whose bodies are Python, rendered offline for the environment's dialect on a pool thread, never
// on the UI thread; exact bodies (empty, literal op.execute) are known at once. It follows the controller:
// a new plan, project or dialect starts a render after a short pause; at most one render runs at a time (the
// latest plan asked for meanwhile goes next), and an answer for a plan no longer shown is dropped. The
// render itself cannot be interrupted: a superseded one finishes on its thread and is ignored.
//
// GUI thread only. `stateChanged` says when a render starts or its report arrives.
class RenderedPlan : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Idle,      // nothing in the plan needs Alembic (no project, no .py revision, an empty plan)
        Rendering, // the plan's Python bodies are being rendered
        Ready,     // report() is the plan's
    };

    // Milliseconds a plan must stay before it is rendered (typing in the target box plans at each key).
    static constexpr int SettleMilliseconds = 150;

    explicit RenderedPlan(RunController *controller, QObject *parent = nullptr);

    // The project the plan is of (null config: none, nothing is rendered), the dialect to render for, and the
    // environment the project's Python gets (RETORT_PYTHON, PATH, DATABASE_URL...).
    void setProject(const std::optional<ProjectConfig> &config, Dialect dialect,
                    const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    RunController *controller() const { return m_controller; }
    State state() const { return m_state; }
    // The report for the plan shown (Ready), with every revision step's section in plan order; empty otherwise.
    const RenderReport &report() const { return m_report; }
    // The steps report() is of.
    const QVector<MigrationStep> &steps() const { return m_renderedSteps; }
    // The section of `revision`'s upgrade or downgrade in the plan shown; null while rendering or when the plan
    // does not run it.
    const RenderedSection *section(const QString &revision, bool upgrade) const;
    // Whether `steps` of `scripts` hold a .py revision whose body is Python (only Alembic can say its SQL).
    static bool needsAlembic(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps);
    // AlembicBridge::render() of `steps` on a pool thread, which holds its own copies (the snapshot stays whole
    // whatever the session loads meanwhile); the future has the report once it is done.
    static QFuture<RenderReport> renderInBackground(const ProjectConfig &config,
                                                    std::shared_ptr<const ScriptDirectory> scripts,
                                                    const QVector<MigrationStep> &steps, Dialect dialect,
                                                    const QProcessEnvironment &environment);

Q_SIGNALS:
    void stateChanged();

private:
    struct Request
    {
        std::shared_ptr<const ScriptDirectory> scripts;
        QVector<MigrationStep> steps;
        Dialect dialect = Dialect::SQLite;
        bool operator==(const Request &other) const
        {
            return scripts == other.scripts && steps == other.steps && dialect == other.dialect;
        }
    };

    void planChanged();
    void startNext();
    void onRendered();
    void setState(State state);

    RunController *m_controller;
    std::optional<ProjectConfig> m_config;
    Dialect m_dialect = Dialect::SQLite;
    QProcessEnvironment m_environment;

    std::optional<Request> m_wanted;  // the plan shown, when it needs Alembic
    std::optional<Request> m_running; // the render going on a pool thread
    std::optional<Request> m_done;    // the one m_report is of
    RenderReport m_report;
    QVector<MigrationStep> m_renderedSteps;
    State m_state = State::Idle;
    QTimer *m_settle;
    QFutureWatcher<RenderReport> m_watcher;
};

} // namespace retort::ui
