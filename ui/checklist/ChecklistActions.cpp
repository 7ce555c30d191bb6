// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistActions.h"

#include "core/lint/StepRisk.h"
#include "core/runtime/VersionTable.h"
#include "core/revision/RevisionResolver.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/RunRequest.h"
#include "core/safety/DatabaseBackup.h"
#include "core/safety/SafetyGate.h"
#include "ui/ProjectSession.h"
#include "ui/RunFlow.h"
#include "ui/checklist/ChecklistPanel.h"
#include "ui/editor/EditorPane.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QThread>

namespace retort::ui {

namespace {

WalkBackup walkBackupOf(const std::optional<BackupRecord> &backup, const QString &skipReason)
{
    WalkBackup walkBackup;
    if (backup) {
        walkBackup.path = backup->path;
        walkBackup.bytes = backup->bytes;
        walkBackup.durationMs = backup->durationMs;
        walkBackup.verification = backup->verification;
    } else {
        walkBackup.skippedReason = skipReason;
    }
    return walkBackup;
}

} // namespace

ChecklistActions::ChecklistActions(ProjectSession *session, RunFlow *runs, EditorPane *editor, ChecklistPanel *panel)
    : QObject(panel), m_session(session), m_runs(runs), m_editor(editor), m_panel(panel)
{
    connect(panel, &ChecklistPanel::actionRequested, this, &ChecklistActions::run);
    // Every run that passes the gate records its backup in the walk, a checklist step or not.
    connect(runs, &RunFlow::gatePassed, panel,
            [panel](const std::optional<BackupRecord> &backup, const QString &skipReason) {
                panel->setBackup(walkBackupOf(backup, skipReason));
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
        const MigrationPlanner planner(m_session->scripts().map());
        const auto steps = planRequest(planner, request, m_session->currentRows());
        if (steps.ok()) {
            const std::optional<Dialect> dialect =
                m_session->target() ? std::optional(m_session->target()->url.dialect()) : std::nullopt;
            const LintFindings findings = request.command == RunRequest::Command::Stamp
                                              ? LintFindings()
                                              : lintSteps(m_session->scripts(), steps.value(),
                                                          LintContext::forProject(m_session->config(), dialect));
            QStringList lines;
            for (const MigrationStep &step : steps.value()) {
                lines << planner.logLine(step);
                if (step.kind != MigrationStep::Kind::Revision)
                    continue;
                for (const LintFinding &finding :
                     riskOf(m_session->scripts().script(step.revision), step.isUpgrade, findings).findings)
                    lines << QStringLiteral("    ") + finding.stepLine();
            }
            m_panel->setPlan(lines);
        }
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
                m_panel->setBackup(walkBackupOf(record.value(), QString()));
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
    const QString current = versionRowsText(rows, map);
    if (!verify) {
        finish(StepOutcome::Succeeded, current);
        return;
    }
    const Result<QVector<int>> wanted = RevisionResolver(map).revisionsFor(expected.split(u' ', Qt::SkipEmptyParts));
    if (!wanted.ok()) {
        finish(StepOutcome::Failed, wanted.error().message);
        return;
    }
    QSet<QString> wantedIds;
    for (int index : wanted.value())
        wantedIds.insert(map.at(index).id);
    if (wantedIds == QSet<QString>(rows.cbegin(), rows.cend()))
        finish(StepOutcome::Succeeded, tr("current is %1, as expected (%2)").arg(current, expected));
    else
        finish(StepOutcome::Failed,
               tr("current is %1; expected %2 (%3)")
                   .arg(current, QStringList(wantedIds.cbegin(), wantedIds.cend()).join(u','), expected));
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
    const ScriptDirectory &scripts = m_session->scripts();
    const RevisionMap &map = scripts.map();
    QVector<int> matches;
    for (int i = 0; i < map.size(); ++i) {
        if (map.at(i).doc == message)
            matches << i;
    }
    if (matches.size() != 1) {
        finish(StepOutcome::Failed,
               matches.isEmpty()
                   ? tr("no revision has the message \"%1\"").arg(message)
                   : tr("%n revisions have the message \"%1\"; delete the file by hand", nullptr, int(matches.size()))
                         .arg(message));
        return;
    }
    const Revision &revision = map.at(matches.first());
    if (!map.heads().contains(matches.first())) {
        finish(StepOutcome::Failed, tr("%1 is not a head: other revisions build on it").arg(revision.id));
        return;
    }
    if (m_session->currentRows().contains(revision.id)) {
        finish(StepOutcome::Failed, tr("%1 is applied to the database: downgrade it first").arg(revision.id));
        return;
    }
    const QString path = scripts.script(matches.first()).path;
    if (!QFile::remove(path)) {
        finish(StepOutcome::Failed, tr("cannot delete %1").arg(QDir::toNativeSeparators(path)));
        return;
    }
    m_session->reload();
    finish(StepOutcome::Succeeded, tr("deleted %1").arg(QDir::toNativeSeparators(path)));
}

} // namespace retort::ui
