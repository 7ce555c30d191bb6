// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/runtime/RunRequest.h"
#include "ui/RunController.h"
#include "ui/RunWorker.h"
#include "ui/safety/GatePrompt.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace retort::ui {

class ProjectSession;
class RenderedPlan;

// Starts the window's runs so that what runs is what the person saw: it reads the database again
// first, plans from what it holds now, and when the run is the plan on screen and the database moved
// meanwhile it stops and says so (the plan on screen is updated); otherwise it asks (the
// confirmation naming the steps and their risks, or the production gate) and hands the worker
// exactly the plan that was asked about (RunRequest::expected), which the runner checks again under
// its lock. A plan of Alembic .py revisions is asked about with the risks of the SQL the project's
// Alembic renders for it: the plan on screen's (RenderedPlan), else rendered off the UI thread first.
//
// GUI thread only. One run at a time, from the moment it is asked for until its end; every start()
// that is accepted ends with exactly one of declined() or finished(). A stamp that would change
// nothing finishes at once, without asking and without running, unless the latest run failed part
// way: then it runs, to record that the database is settled where it is.
class RunLauncher : public QObject
{
    Q_OBJECT

public:
    // How a run ended: the window shows an error for a failure, not for a cancel the user asked for.
    enum class Outcome
    {
        Succeeded,
        Failed,
        Cancelled
    };
    Q_ENUM(Outcome)

    using Confirmation = std::function<bool(const QString &title, const QString &text)>;
    using GatePromptFunction = std::function<std::optional<GateAnswer>(const GatePrompt &prompt)>;

    RunLauncher(ProjectSession *session, RunController *controller, QObject *parent = nullptr);
    ~RunLauncher() override; // cancels a run still going and waits for its thread

    void setConfirmation(Confirmation confirmation) { m_confirmation = std::move(confirmation); }
    void setGatePrompt(GatePromptFunction prompt) { m_gatePrompt = std::move(prompt); }
    void setRecentBackup(const BackupRecord &backup) { m_recentBackup = backup; }
    // What the project's Alembic rendered for the plan on screen, for the confirmation of an Alembic plan.
    void setRenderedPlan(const RenderedPlan *rendered) { m_rendered = rendered; }
    const std::optional<BackupRecord> &recentBackup() const { return m_recentBackup; }

    // `command` to `target`; `shownPlan`: it is the plan on screen (the toolbar's actions), which must
    // still be what the database plans to. False when it cannot start at all (busy, no project).
    bool start(RunRequest::Command command, const QString &target, bool rehearsal, bool shownPlan);
    void cancel();
    // From start() until declined() or finished() has been emitted.
    bool isBusy() const { return m_pending.has_value() || m_worker; }
    QString lastSummary() const { return m_lastSummary; }

Q_SIGNALS:
    // Reading the database before asking (a moment, usually).
    void preparing(const QString &description);
    // Not run: cancelled at the confirmation, the plan changed, the database could not be read.
    // `error` false when the person chose not to run.
    void declined(const QString &reason, bool error);
    void started(const QString &description);
    void stepStarted(int number, int count, const QString &description);
    void stepFinished(int number, qint64 milliseconds);
    void messageLogged(const QString &message);
    void gatePassed(const std::optional<retort::BackupRecord> &backup, const QString &skipReason);
    // `file` and `line` locate a failing statement ("" and 0 otherwise).
    void finished(retort::ui::RunLauncher::Outcome outcome, const QString &status, const QString &summary,
                  const QString &file, int line);

private:
    struct Pending
    {
        RunRequest::Command command = RunRequest::Command::Upgrade;
        QString target;
        bool rehearsal = false;
        std::optional<ShownPlan> shown; // the plan on screen when it was asked for
        quint64 readRequest = 0;
        quint64 renderRequest = 0; // the render of its Python awaited before asking (0: none)
    };

    void onReadFinished(quint64 requestId, bool ok);
    void prepare(const Pending &pending);
    // Renders the plan's Python with the project's Alembic off the UI thread, then asks (its risks are named).
    void awaitRender(const Pending &pending, const RunRequest &request, const RunSettings &settings);
    // Asks, then hands the run to a worker. `rendered`: the plan's Python as the project's Alembic renders it.
    void confirmAndLaunch(const Pending &pending, const RunRequest &request, const RunSettings &settings,
                          const std::optional<RenderReport> &rendered);
    // The confirmation or the gate; false when declined (the reason already emitted).
    bool ask(const Pending &pending, const RunRequest &request, const RunSettings &settings,
             const std::optional<RenderReport> &rendered, const QString &verb, RunWorker *worker);
    void launch(RunWorker *worker, const QString &verb, const Pending &pending);
    void decline(const QString &reason, bool error);
    QString verbFor(const Pending &pending) const;
    // Whether a stamp that changes no row still has something to record: a run that failed part way.
    bool settlesFailedRun() const;

    ProjectSession *m_session;
    RunController *m_controller;
    Confirmation m_confirmation;
    GatePromptFunction m_gatePrompt;
    const RenderedPlan *m_rendered = nullptr;
    std::optional<BackupRecord> m_recentBackup;
    std::optional<Pending> m_pending;
    QPointer<RunWorker> m_worker;
    QString m_lastSummary;
    quint64 m_renders = 0;
};

} // namespace retort::ui
