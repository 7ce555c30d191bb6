// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistActions.h"

#include "core/checklist/BoundActions.h"
#include "core/lint/Linter.h"
#include "core/runtime/RunRequest.h"
#include "core/safety/DatabaseBackup.h"
#include "core/safety/SafetyGate.h"
#include "ui/ProjectSession.h"
#include "ui/RunFlow.h"
#include "ui/checklist/ChecklistPanel.h"
#include "ui/editor/EditorPane.h"

#include <QDir>
#include <QFile>
#include <QThread>

namespace retort::ui {

ChecklistActions::ChecklistActions(ProjectSession *session, RunFlow *runs, EditorPane *editor, ChecklistPanel *panel)
    : QObject(panel), m_session(session), m_runs(runs), m_editor(editor), m_panel(panel)
{
    connect(panel, &ChecklistPanel::actionRequested, this, &ChecklistActions::run);
    // Every run that passes the gate records its backup in the walk, a checklist step or not.
    connect(runs, &RunFlow::gatePassed, panel,
            [panel](const std::optional<BackupRecord> &backup, const QString &skipReason) {
                panel->setBackup(WalkBackup::of(backup, skipReason));
            });
    connect(session, &ProjectSession::currentRowsChanged, panel, &ChecklistPanel::setFinalRevisions);
    connect(runs, &RunFlow::runEnded, this, [this](bool succeeded) {
        // Only the run this class started: a toolbar run ending meanwhile is not a step's result.
        if (!m_awaitingRun)
            return;
        m_awaitingRun = false;
        finish(succeeded ? StepOutcome::Succeeded : StepOutcome::Failed, m_runs->lastSummary());
    });
    connect(runs, &RunFlow::runDeclined, this, [this](const QString &reason) {
        if (!m_awaitingRun)
            return;
        m_awaitingRun = false;
        finish(StepOutcome::Skipped, tr("Not run: %1").arg(reason));
    });
}

ChecklistActions::~ChecklistActions()
{
    if (m_backupThread)
        m_backupThread->wait();
}

void ChecklistActions::run(const QString &key, const ChecklistAction &action)
{
    if (!m_key.isEmpty())
        return; // the panel asks for one step at a time
    m_key = key;
    m_timer.start();
    if (!m_session->isLoaded()) {
        finish(StepOutcome::Failed, tr("No project is open."));
        return;
    }
    switch (action.kind) {
    case ChecklistAction::Kind::Upgrade:
    case ChecklistAction::Kind::Downgrade:
    case ChecklistAction::Kind::Stamp:
    case ChecklistAction::Kind::Rehearse:
        startRun(action);
        return;
    case ChecklistAction::Kind::Backup:
        startBackup();
        return;
    case ChecklistAction::Kind::Current:
    case ChecklistAction::Kind::VerifyCurrent:
        withFreshRows(
            [this, action] { reportCurrent(action.kind == ChecklistAction::Kind::VerifyCurrent, action.target); });
        return;
    case ChecklistAction::Kind::CreateRevision:
        createRevision(action.target);
        return;
    case ChecklistAction::Kind::DeleteRevision:
        withFreshRows([this, action] { deleteRevision(action.target); });
        return;
    case ChecklistAction::Kind::None:
        break;
    }
    finish(StepOutcome::Failed, tr("This step has no action to run."));
}

void ChecklistActions::finish(StepOutcome outcome, const QString &result)
{
    const QString key = m_key;
    m_key.clear();
    m_panel->actionFinished(key, outcome, result, m_timer.elapsed());
}

void ChecklistActions::startRun(const ChecklistAction &action)
{
    const bool rehearsal = action.kind == ChecklistAction::Kind::Rehearse;
    RunRequest request;
    request.command = action.kind == ChecklistAction::Kind::Downgrade ? RunRequest::Command::Downgrade
                      : action.kind == ChecklistAction::Kind::Stamp   ? RunRequest::Command::Stamp
                                                                      : RunRequest::Command::Upgrade;
    request.targets = QStringList{action.target};
    if (!rehearsal) {
        // The report's plan: what this run is about to do, and under each step what lint finds in it.
        const std::optional<Dialect> dialect =
            m_session->target() ? std::optional(m_session->target()->url.dialect()) : std::nullopt;
        const Result<QStringList> lines = walkPlanLines(m_session->scripts(), request, m_session->currentRows(),
                                                        LintContext::forProject(m_session->config(), dialect));
        if (lines.ok())
            m_panel->setPlan(lines.value());
    }
    m_awaitingRun = m_runs->startRun(request.command, action.target, rehearsal);
    if (!m_awaitingRun)
        finish(StepOutcome::Skipped, tr("Not run: another run is going, or no project is open."));
}

void ChecklistActions::startBackup()
{
    if (!m_session->target()) {
        finish(StepOutcome::Failed, m_session->targetError());
        return;
    }
    const DatabaseTarget target = *m_session->target();
    const BackupSettings settings = BackupSettings::forTarget(m_session->config(), target);
    const RunSettings runSettings = RunSettings::fromConfig(m_session->config(), m_session->environment());
    m_backupThread = QThread::create([this, target, settings, runSettings] {
        Result<BackupRecord> record = DatabaseBackup::take(target.url, settings);
        QString historyProblem;
        if (record.ok()) {
            historyProblem = recordBackupInHistory(target.url, runSettings, record.value()).notRecorded;
        }
        QMetaObject::invokeMethod(
            this,
            [this, record, historyProblem] {
                if (!record.ok()) {
                    finish(StepOutcome::Failed, maskPasswords(record.error().message));
                    return;
                }
                m_runs->setRecentBackup(record.value());
                m_panel->setBackup(WalkBackup::of(record.value(), QString()));
                QString result = record->summary();
                if (!historyProblem.isEmpty())
                    result += tr(" (not recorded in the history: %1)").arg(maskPasswords(historyProblem));
                finish(StepOutcome::Succeeded, result);
            },
            Qt::QueuedConnection);
    });
    connect(m_backupThread, &QThread::finished, m_backupThread, &QObject::deleteLater);
    m_backupThread->start();
}

void ChecklistActions::withFreshRows(const std::function<void()> &then)
{
    disconnect(m_readFinished);
    const quint64 request = m_session->refreshCurrentRows();
    m_readFinished =
        connect(m_session, &ProjectSession::readFinished, this, [this, request, then](quint64 id, bool ok) {
            if (id != request)
                return;
            disconnect(m_readFinished);
            if (ok)
                then();
            else
                finish(StepOutcome::Failed, m_session->lastReadError());
        });
}

void ChecklistActions::reportCurrent(bool verify, const QString &expected)
{
    if (!m_session->currentRowsKnown()) {
        finish(StepOutcome::Failed, tr("The database's current revision is not known (is it reachable?)."));
        return;
    }
    const RevisionMap &map = m_session->scripts().map();
    const QStringList rows = m_session->currentRows();
    const StepResult result = verify ? verifyCurrentResult(map, rows, expected) : currentRevisionResult(map, rows);
    finish(result.outcome, result.text);
}

void ChecklistActions::createRevision(const QString &message)
{
    ScriptDirectory::NewRevision request;
    request.message = message;
    QString note; // the template note is the window's to tell; the step's outcome is the file
    const Result<QString> path = m_session->createRevision(request, &note);
    if (!path.ok()) {
        finish(StepOutcome::Failed, path.error().message);
        return;
    }
    m_session->reload();
    m_editor->showRevisionFile(path.value());
    finish(StepOutcome::Succeeded, tr("created %1").arg(QDir::toNativeSeparators(path.value())));
}

// Only the test revision a walk made is removed: a head, not applied, named by its message.
void ChecklistActions::deleteRevision(const QString &message)
{
    const Result<QString> file = testRevisionFile(m_session->scripts(), m_session->currentRows(), message);
    if (!file.ok()) {
        finish(StepOutcome::Failed, file.error().message);
        return;
    }
    const QString path = file.value();
    if (!QFile::remove(path)) {
        finish(StepOutcome::Failed, tr("cannot delete %1").arg(QDir::toNativeSeparators(path)));
        return;
    }
    m_session->reload();
    finish(StepOutcome::Succeeded, tr("deleted %1").arg(QDir::toNativeSeparators(path)));
}

} // namespace retort::ui
