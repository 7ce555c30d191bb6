// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/WalkActions.h"

#include "app/cli/CommandContext.h"
#include "app/cli/OnlineRun.h"
#include "app/cli/commands/Commands.h"
#include "core/TextFormat.h"
#include "core/lint/Linter.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/UnsettledRun.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/DatabaseBackup.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

namespace retort::cli {

namespace {

RunRequest requestFor(const ChecklistAction &action)
{
    RunRequest request;
    request.command = action.kind == ChecklistAction::Kind::Downgrade ? RunRequest::Command::Downgrade
                      : action.kind == ChecklistAction::Kind::Stamp   ? RunRequest::Command::Stamp
                                                                      : RunRequest::Command::Upgrade;
    request.targets = action.kind == ChecklistAction::Kind::Stamp ? action.target.split(u' ', Qt::SkipEmptyParts)
                                                                  : QStringList{action.target};
    request.rehearsal = action.kind == ChecklistAction::Kind::Rehearse;
    return request;
}

bool isRun(ChecklistAction::Kind kind)
{
    return kind == ChecklistAction::Kind::Upgrade || kind == ChecklistAction::Kind::Downgrade ||
           kind == ChecklistAction::Kind::Stamp || kind == ChecklistAction::Kind::Rehearse;
}

BoundStepOutcome failed(const Error &error)
{
    return {{StepOutcome::Failed, maskPasswords(error.message)}, 0, error};
}

BoundStepOutcome succeeded(const QString &text)
{
    return {{StepOutcome::Succeeded, text}, 0, std::nullopt};
}

} // namespace

WalkActions::WalkActions(CommandContext &context, Project project, DatabaseTarget target,
                         const ParsedArguments &gateAnswers)
    : m_context(context), m_project(std::move(project)), m_target(std::move(target)), m_gateAnswers(gateAnswers)
{
}

WalkActions::~WalkActions() = default;

Result<QStringList> WalkActions::readRows(std::unique_ptr<DatabaseConnection> *connection)
{
    return m_context.readCurrentRows(m_project.config, m_target, &m_project.scripts->map(), connection);
}

std::optional<QStringList> WalkActions::currentRows()
{
    const Result<QStringList> rows = readRows(nullptr);
    if (rows.ok())
        return rows.value();
    m_context.err() << "warning: " << maskPasswords(rows.error().message) << '\n';
    return std::nullopt;
}

Result<QVector<HistoryEntry>> WalkActions::historySince(const std::unique_ptr<DatabaseConnection> &connection,
                                                        const QDateTime &since) const
{
    if (!connection)
        return QVector<HistoryEntry>();
    const ProjectConfig &config = m_project.config;
    return readHistorySince(connection->database(), m_target.url.dialect(), config.historyTable(),
                            config.versionTableSchema(), since);
}

PriorState WalkActions::prior(const ChecklistAction &action, ChecklistWalk &walk)
{
    const Result<PriorState> found = findPrior(action, walk);
    if (found.ok())
        return found.value();
    m_context.err() << "warning: cannot tell whether the step was done already: "
                    << maskPasswords(found.error().message) << '\n';
    return PriorState();
}

Result<PriorState> WalkActions::findPrior(const ChecklistAction &action, ChecklistWalk &walk)
{
    const ProjectConfig &config = m_project.config;
    if (action.kind == ChecklistAction::Kind::Backup) {
        std::unique_ptr<DatabaseConnection> connection;
        RETORT_CHECK(readRows(&connection));
        RETORT_TRY(const QVector<HistoryEntry> since, historySince(connection, walk.startedAt));
        const BackupSettings settings = BackupSettings::forTarget(config, m_target);
        PriorState state = priorBackup(since, DatabaseBackup::list(settings));
        if (state.kind != PriorState::Kind::DoneSince)
            return state;
        // Relied on only while it still reads whole.
        const Result<QString> verified = DatabaseBackup::verify(state.backup->path, state.backup->method, settings);
        if (!verified.ok()) {
            m_context.err() << QStringLiteral("The backup %1 the history records since the walk began does not "
                                              "verify (%2); a new one is taken.\n")
                                   .arg(QDir::toNativeSeparators(state.backup->path),
                                        maskPasswords(verified.error().message));
            return PriorState();
        }
        // Of this database: its own history table recorded it, so the next gate may use it.
        state.backup->verification = verified.value();
        state.backup->database = m_target.url;
        m_recentBackup = state.backup;
        walk.backup = WalkBackup::of(state.backup);
        return state;
    }
    if (!isRun(action.kind))
        return PriorState();
    std::unique_ptr<DatabaseConnection> connection;
    RETORT_TRY(const QStringList rows, readRows(&connection));
    const ScriptDirectory &scripts = *m_project.scripts;
    const Result<QVector<MigrationStep>> plan = planRequest(MigrationPlanner(scripts.map()), requestFor(action), rows);
    if (!plan.ok() || !plan->isEmpty())
        return PriorState(); // the run plans again and says what is wrong
    if (connection) {
        // A run left part way is not "nothing to do": the run refuses and says how to settle it.
        const VersionTable versionTable(config.versionTable(), config.versionTableSchema());
        const QString history = config.historyTable().isEmpty()
                                    ? QString()
                                    : SqlDialect::create(m_target.url.dialect())
                                          ->qualifiedTable(config.historyTable(), config.versionTableSchema());
        if (!history.isEmpty() &&
            !UnsettledRun::check(connection->database(), m_target.url.dialect(), history, scripts, rows, versionTable)
                 .ok())
            return PriorState();
    }
    RETORT_TRY(const QVector<HistoryEntry> since, historySince(connection, walk.startedAt));
    walk.finalRevisions = rows;
    return priorRun(action, plan.value(), rows, since, scripts.map());
}

BoundStepOutcome WalkActions::run(const ChecklistAction &action, ChecklistWalk &walk)
{
    QElapsedTimer timer;
    timer.start();
    BoundStepOutcome outcome;
    switch (action.kind) {
    case ChecklistAction::Kind::Upgrade:
    case ChecklistAction::Kind::Downgrade:
    case ChecklistAction::Kind::Stamp:
    case ChecklistAction::Kind::Rehearse:
        outcome = runMigration(action, walk);
        break;
    case ChecklistAction::Kind::Backup:
        outcome = takeBackup(walk);
        break;
    case ChecklistAction::Kind::Current:
    case ChecklistAction::Kind::VerifyCurrent:
        outcome = checkCurrent(action, walk);
        break;
    case ChecklistAction::Kind::CreateRevision:
        outcome = createRevision(action.target);
        break;
    case ChecklistAction::Kind::DeleteRevision:
        outcome = deleteRevision(action.target);
        break;
    case ChecklistAction::Kind::None:
        outcome = failed(Error(ErrorCode::CommandLine, QStringLiteral("this step has no action to run")));
        break;
    }
    outcome.durationMs = timer.elapsed();
    return outcome;
}

BoundStepOutcome WalkActions::runMigration(const ChecklistAction &action, ChecklistWalk &walk)
{
    const ProjectConfig &config = m_project.config;
    const ScriptDirectory &scripts = *m_project.scripts;
    const RunRequest request = requestFor(action);
    if (!request.rehearsal) {
        // The report's plan: what this run is about to do, and under each step what lint finds in it.
        const Result<QStringList> rows = readRows(nullptr);
        if (rows.ok()) {
            const Result<QStringList> lines =
                walkPlanLines(scripts, request, rows.value(), LintContext::forProject(config, m_target.url.dialect()));
            if (lines.ok())
                walk.plan = lines.value();
        }
    }
    OnlineRunOptions options;
    options.recentBackup = m_recentBackup;
    const Result<OnlineRunOutcome> ran =
        runOnline(m_context, config, scripts, m_target, request, m_gateAnswers, options);
    if (!ran.ok()) {
        const Error &error = ran.error();
        // Refused or cancelled before anything was written: not run, as the window records a declined run.
        if (error.code == ErrorCode::Refused || error.code == ErrorCode::Cancelled)
            return {{StepOutcome::Skipped, QStringLiteral("Not run: ") + maskPasswords(error.message)}, 0, error};
        return failed(error);
    }
    // Every run that passed the gate records its backup in the walk, a checklist step or not.
    if (ran->gated && !request.rehearsal)
        walk.backup = WalkBackup::of(ran->backup, ran->backupSkipReason);
    const RunResult &result = ran->result;
    if (request.rehearsal)
        return succeeded(result.rehearsalOutcome() + u' ' + result.rehearsalCheck());
    // A backup taken before a run that may have written is no longer one of the database as it is.
    m_recentBackup.reset();
    walk.finalRevisions = result.rowsAfter;
    return succeeded(QStringLiteral("Finished: %1 step(s); the database is %2.")
                         .arg(result.stepsRun)
                         .arg(versionStateText(result.rowsAfter)));
}

BoundStepOutcome WalkActions::takeBackup(ChecklistWalk &walk)
{
    const Result<commands::TakenBackup> taken = commands::takeBackup(m_context, m_project.config, m_target);
    if (!taken.ok())
        return failed(taken.error());
    m_recentBackup = taken->record;
    walk.backup = WalkBackup::of(taken->record);
    QString result = taken->record.summary();
    if (!taken->notRecorded.isEmpty())
        result += QStringLiteral(" (not recorded in the history: %1)").arg(taken->notRecorded);
    return succeeded(result);
}

BoundStepOutcome WalkActions::checkCurrent(const ChecklistAction &action, ChecklistWalk &walk)
{
    const Result<QStringList> rows = readRows(nullptr);
    if (!rows.ok())
        return failed(rows.error());
    walk.finalRevisions = rows.value();
    const RevisionMap &map = m_project.scripts->map();
    const StepResult result = action.kind == ChecklistAction::Kind::VerifyCurrent
                                  ? verifyCurrentResult(map, rows.value(), action.target)
                                  : currentRevisionResult(map, rows.value());
    if (result.outcome == StepOutcome::Failed)
        return {result, 0, Error(ErrorCode::Database, result.text)};
    return {result, 0, std::nullopt};
}

BoundStepOutcome WalkActions::createRevision(const QString &message)
{
    ScriptDirectory::NewRevision request;
    request.message = message;
    const Result<QString> path = commands::writeRevision(m_context, m_project, request);
    if (!path.ok())
        return failed(path.error());
    if (const Status reloaded = reloadScripts(); !reloaded.ok())
        return failed(reloaded.error());
    return succeeded(QStringLiteral("created %1").arg(QDir::toNativeSeparators(path.value())));
}

// Only the test revision a walk made is removed: a head, not applied, named by its message.
BoundStepOutcome WalkActions::deleteRevision(const QString &message)
{
    const Result<QStringList> rows = readRows(nullptr);
    if (!rows.ok())
        return failed(rows.error());
    const Result<QString> file = testRevisionFile(*m_project.scripts, rows.value(), message);
    if (!file.ok())
        return failed(file.error());
    const QString path = QDir::toNativeSeparators(file.value());
    if (!QFile::remove(file.value()))
        return failed(Error(ErrorCode::Io, QStringLiteral("cannot delete %1").arg(path), path));
    if (const Status reloaded = reloadScripts(); !reloaded.ok())
        return failed(reloaded.error());
    return succeeded(QStringLiteral("deleted %1").arg(path));
}

Status WalkActions::reloadScripts()
{
    RETORT_TRY(ScriptDirectory scripts, m_context.loadScripts(m_project.config, ScriptContents::Everything));
    m_project.scripts = std::move(scripts);
    return Status::success();
}

} // namespace retort::cli
