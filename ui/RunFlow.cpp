// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RunFlow.h"

#include "ui/DatabaseRefresher.h"
#include "ui/ProjectSession.h"
#include "ui/RunController.h"
#include "ui/RunLauncher.h"
#include "ui/editor/EditorPane.h"

namespace retort::ui {

RunFlow::RunFlow(ProjectSession *session, RunController *controller, EditorPane *editor, DatabaseRefresher *refresher,
                 QObject *parent)
    : QObject(parent), m_session(session), m_controller(controller), m_editor(editor), m_refresher(refresher),
      m_launcher(new RunLauncher(session, controller, this))
{
    connect(m_launcher, &RunLauncher::preparing, this, [this](const QString &description) {
        Q_EMIT errorCleared();
        Q_EMIT statusChanged(description, 0);
        setRunning(true);
    });
    connect(m_launcher, &RunLauncher::declined, this, [this](const QString &reason, bool error) {
        Q_EMIT lineLogged(reason);
        if (error)
            Q_EMIT errorRaised(reason);
        Q_EMIT statusChanged(tr("Not run"), 5000);
        setRunning(false);
        Q_EMIT runDeclined(reason);
    });
    connect(m_launcher, &RunLauncher::gatePassed, this, &RunFlow::gatePassed);
    connect(m_launcher, &RunLauncher::finished, this,
            [this](RunLauncher::Outcome outcome, const QString &status, const QString &summary, const QString &file,
                   int line) {
                const bool succeeded = outcome == RunLauncher::Outcome::Succeeded;
                if (!succeeded && !file.isEmpty())
                    m_editor->showRevisionFile(file, line);
                if (outcome == RunLauncher::Outcome::Failed)
                    Q_EMIT errorRaised(summary);
                Q_EMIT statusChanged(status, 5000);
                setRunning(false);
                m_refresher->refreshAfterOwnRun();
                Q_EMIT runEnded(succeeded);
            });
}

QString RunFlow::lastSummary() const
{
    return m_launcher->lastSummary();
}

void RunFlow::setRecentBackup(const BackupRecord &backup)
{
    m_launcher->setRecentBackup(backup);
}

const std::optional<BackupRecord> &RunFlow::recentBackup() const
{
    return m_launcher->recentBackup();
}

void RunFlow::runShownPlan(bool downgrade, bool rehearsal)
{
    const ShownPlan &plan = m_controller->plan();
    QString reason;
    if (!plan.error.isEmpty())
        reason = tr("Cannot plan to %1: %2").arg(plan.target, plan.error);
    else if (!plan.rowsKnown)
        reason = tr("The database has not been read, so there is no plan to run yet.");
    else if (plan.steps.isEmpty())
        reason = tr("Nothing to do: the database is already at %1.").arg(plan.target);
    else if (plan.downgrade != downgrade)
        reason = plan.downgrade ? tr("The plan to %1 is a downgrade: the target lies below the database. Use "
                                     "Downgrade to run it.")
                                      .arg(plan.target)
                                : tr("The plan to %1 is an upgrade: the target lies above the database. Use Upgrade "
                                     "to run it.")
                                      .arg(plan.target);
    if (!reason.isEmpty()) {
        Q_EMIT errorRaised(reason);
        return;
    }
    if (!m_session->target()) {
        Q_EMIT errorRaised(m_session->targetError());
        return;
    }
    // The run uses the files on disk: never while the editor shows other text for one of them.
    if (!m_editor->settleUnsavedEdits(tr("running")))
        return;
    const ShownPlan shown = m_controller->plan(); // saving re-planned: run what is shown now
    if (!shown.runnable() || shown.downgrade != downgrade) {
        Q_EMIT errorRaised(tr("The plan changed when the file was saved; review it and run again."));
        return;
    }
    m_launcher->start(downgrade ? RunRequest::Command::Downgrade : RunRequest::Command::Upgrade, shown.target,
                      rehearsal, true);
}

bool RunFlow::startRun(RunRequest::Command command, const QString &target, bool rehearsal)
{
    if (isRunning() || !m_session->isLoaded())
        return false;
    if (!m_session->target()) {
        Q_EMIT errorRaised(m_session->targetError());
        return false;
    }
    if (!m_editor->settleUnsavedEdits(tr("running")))
        return false;
    return m_launcher->start(command, target, rehearsal, false);
}

void RunFlow::cancel()
{
    if (isRunning())
        m_launcher->cancel();
}

void RunFlow::setRunning(bool running)
{
    m_running = running;
    Q_EMIT runningChanged(running);
}

} // namespace retort::ui
