// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/AlembicRun.h"

#include "core/TextFormat.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ScriptDirectory.h"

#include <QDir>
#include <QSet>

namespace retort {

namespace {

QSet<QString> asSet(const QStringList &rows)
{
    return QSet<QString>(rows.cbegin(), rows.cend());
}

QString fileOf(const ScriptDirectory &scripts, const MigrationStep &step)
{
    return QDir::toNativeSeparators(scripts.script(step.revision).path);
}

} // namespace

Status AlembicRun::canDelegate(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned,
                               const RunRequest &request)
{
    QStringList sqlFiles;
    for (const PlannedStep &step : planned) {
        if (step.step.kind == MigrationStep::Kind::Revision &&
            scripts.script(step.step.revision).format != ScriptFormat::AlembicPython)
            sqlFiles << fileOf(scripts, step.step);
    }
    if (!sqlFiles.isEmpty()) {
        return Error(
            ErrorCode::Refused,
            QStringLiteral("nothing was run: the plan mixes Alembic .py revisions with Retort .sql ones (%1), "
                           "and Alembic cannot run a .sql file. Run the .sql revisions on their own first "
                           "(upgrade to the last of them), or, if every .py revision of the plan is exact SQL, "
                           "pass --run-exact-sql to run the whole plan through Retort's own connection.")
                .arg(sqlFiles.join(QStringLiteral(", "))));
    }
    if (request.stopBeforeStep > 0 || !request.continuesRun.isEmpty()) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("nothing was run: Alembic runs a plan as a whole, so it cannot stop part way as "
                                    "asked; upgrade to the revision to stop at instead"));
    }
    if (request.rehearsal) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("nothing was run: Alembic commits in its own process, so a rehearsal cannot roll "
                                    "it back; it is rehearsed on a scratch copy restored from a backup instead (retort "
                                    "upgrade --rehearse does that for an Alembic project)"));
    }
    return Status::success();
}

Status AlembicRun::sameAsPlanned(const QVector<AlembicPlannedStep> &steps, QVector<PlannedStep> &planned) const
{
    auto describe = [](const QString &revision, bool upgrade) {
        return QStringLiteral("%1 %2").arg(upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), revision);
    };
    QStringList alembic;
    QStringList shown;
    for (const AlembicPlannedStep &step : steps)
        alembic << describe(step.revision, step.upgrade);
    for (const PlannedStep &step : planned)
        shown << describe(m_scripts.map().at(step.step.revision).id, step.step.isUpgrade);
    QStringList alembicSorted = alembic;
    QStringList shownSorted = shown;
    alembicSorted.sort();
    shownSorted.sort();
    if (alembicSorted != shownSorted) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("nothing was run: Alembic would run %1, but the plan shown was %2; stopped before "
                                    "the first revision")
                         .arg(alembic.isEmpty() ? QStringLiteral("nothing") : alembic.join(QStringLiteral(", ")),
                              shown.join(QStringLiteral(", "))));
    }
    if (alembic != shown) {
        // The same revisions, with independent branches taken in another order (Alembic's ordering changed between
        // versions): the run follows Alembic's, which must still be one the graph allows, and says so.
        QVector<MigrationStep> reordered;
        for (const QString &step : std::as_const(alembic))
            reordered << planned.at(int(shown.indexOf(step))).step;
        Result<QVector<PlannedStep>> simulated =
            m_planner.simulate(reordered, m_rowsBefore, m_versionTable.qualifiedName());
        if (!simulated.ok()) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("nothing was run: Alembic would run the plan's revisions in an order the graph "
                                        "does not allow (%1): %2; stopped before the first revision")
                             .arg(alembic.join(QStringLiteral(", ")), simulated.error().message));
        }
        planned = std::move(simulated).value();
        m_hooks.log(QStringLiteral("note: Alembic takes the plan's independent branches in another order than shown: "
                                   "%1.")
                        .arg(alembic.join(QStringLiteral(", "))));
    }
    for (int i = 0; i < steps.size(); ++i) {
        const MigrationScript &script = m_scripts.script(planned.at(i).step.revision);
        if (steps.at(i).sha256 != script.fileDigest) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("nothing was run: %1 is not the file Retort read and showed (it changed since, "
                                        "or Alembic loads another: %2); stopped before the first revision. Look at "
                                        "it again, then run again.")
                             .arg(QDir::toNativeSeparators(script.path), QDir::toNativeSeparators(steps.at(i).file)),
                         script.path);
        }
    }
    return Status::success();
}

Status AlembicRun::admit(const EnvironmentConnection &connection, const DatabaseIdentity &identity,
                         const QStringList &rowsBefore, QVector<PlannedStep> &planned)
{
    m_environment = connection;
    if (!connection.identity.sameDatabase(identity)) {
        const QString reached = connection.identity.known
                                    ? connection.identity.description()
                                    : QStringLiteral("a database whose identity cannot be read (%1)")
                                          .arg(connection.identity.unknownReason);
        return Error(ErrorCode::Refused,
                     QStringLiteral("nothing was run: env.py connects to %1, not to %2, the database Retort planned "
                                    "for and the gate cleared. env.py must take its URL from DATABASE_URL or -x url=, "
                                    "which Retort sets; stopped before the first revision.")
                         .arg(reached, identity.description()));
    }
    if (asSet(connection.heads) != asSet(rowsBefore)) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("nothing was run: through env.py's connection %1, but the plan was made from %2; "
                                    "stopped before the first revision")
                         .arg(m_versionTable.describe(connection.heads), versionRowsText(rowsBefore)));
    }
    RETORT_CHECK(sameAsPlanned(connection.steps, planned));
    m_hooks.log(QStringLiteral("env.py connects to %1, the database planned for; %2.")
                    .arg(connection.identity.description(), m_versionTable.describe(connection.heads)));
    return Status::success();
}

std::optional<int> AlembicRun::stepsDone(const QVector<PlannedStep> &planned, const QStringList &rowsBefore,
                                         const QStringList &rows) const
{
    const QSet<QString> now = asSet(rows);
    for (int done = int(planned.size()); done > 0; --done) {
        if (asSet(planned.at(done - 1).rowsAfter) == now)
            return done;
    }
    if (asSet(rowsBefore) == now)
        return 0;
    return std::nullopt;
}

void AlembicRun::recordStart(const PlannedStep &planned, StepState &state)
{
    state.started = QDateTime::currentDateTimeUtc();
    if (m_historyTable.isEmpty())
        return;
    // Before Alembic starts: if Retort dies meanwhile, the next run finds the rows unfinished and refuses
    // until the version table or a stamp settles them (UnsettledRun).
    const HistoryRecord start = HistoryRecord::startOf(m_hooks.historyRecord(planned, state.started));
    const Status written = start.insertInto(m_db, m_historyTable);
    state.startRowWritten = written.ok();
    if (!written.ok())
        m_hooks.log(QStringLiteral("warning: ") + written.error().message);
}

Status AlembicRun::recordEnd(const PlannedStep &planned, const StepState &state, const QString &error,
                             std::optional<int> statementsCommitted)
{
    if (m_historyTable.isEmpty() || !state.startRowWritten)
        return Status::success();
    HistoryRecord record = m_hooks.historyRecord(planned, state.started);
    record.durationMs = std::max<qint64>(state.milliseconds, 0);
    record.success = error.isEmpty();
    record.error = error;
    record.statementsCommitted = statementsCommitted;
    return record.finishIn(m_db, m_historyTable);
}

Result<RunResult> AlembicRun::run(const DatabaseUrl &url, const RunRequest &request, const DatabaseIdentity &identity,
                                  const QVector<PlannedStep> &shownPlan, const QStringList &rowsBefore,
                                  const QVector<SqlDialect::SessionSetting> &session, const std::atomic_bool &cancel)
{
    const bool upgrade = request.command == RunRequest::Command::Upgrade;
    const QString target = request.targets.value(0);
    m_hooks.log(QStringLiteral("Running the plan with the project's Alembic (%1), as: %2")
                    .arg(QDir::toNativeSeparators(m_bridge.python()), m_bridge.equivalentCommand(upgrade, target)));
    // The plan as it runs: the one shown, or the same steps in Alembic's order (admit()).
    QVector<PlannedStep> planned = shownPlan;
    m_rowsBefore = rowsBefore;
    const int count = int(planned.size());
    QVector<StepState> states(count);
    int next = 0; // the plan's step Alembic should start next
    int current = -1;

    AlembicBridge::RunCallbacks callbacks;
    callbacks.log = m_hooks.log;
    callbacks.admit = [&](const EnvironmentConnection &connection) -> Status {
        RETORT_CHECK(admit(connection, identity, rowsBefore, planned));
        // One transaction for all the rows: on SQLite each commit is a sync of its own.
        const bool grouped = m_db.transaction();
        for (int i = 0; i < count; ++i)
            recordStart(planned.at(i), states[i]);
        if (grouped)
            m_db.commit();
        return Status::success();
    };
    callbacks.started = [&](const AlembicStepEvent &event) {
        current = -1;
        for (int i = next; i < count; ++i) {
            const MigrationStep &step = planned.at(i).step;
            if (step.isUpgrade == event.upgrade && m_scripts.map().at(step.revision).id == event.revision) {
                current = i;
                break;
            }
        }
        if (current < 0) {
            m_hooks.log(
                QStringLiteral("warning: Alembic started %1, which is not the plan's next step").arg(event.revision));
            return;
        }
        next = current + 1;
        states[current].started = QDateTime::currentDateTimeUtc();
        states[current].startedByAlembic = true;
        m_hooks.stepStarted(current + 1, count, m_planner.logLine(planned.at(current).step));
    };
    callbacks.finished = [&](const AlembicStepEvent &event) {
        if (current < 0)
            return;
        states[current].milliseconds = qint64(event.seconds * 1000.0 + 0.5);
        m_hooks.stepFinished(current + 1, count, m_planner.logLine(planned.at(current).step),
                             states[current].milliseconds);
    };

    const std::optional<AlembicRunFailure> failure =
        m_bridge.run(upgrade, target, url, m_versionTable.schema(), session, callbacks, cancel);
    if (failure &&
        (failure->kind == AlembicRunFailure::Kind::Stopped || failure->kind == AlembicRunFailure::Kind::NotStarted)) {
        return Error(failure->kind == AlembicRunFailure::Kind::Stopped ? ErrorCode::Refused : ErrorCode::Config,
                     failure->kind == AlembicRunFailure::Kind::Stopped
                         ? failure->message
                         : QStringLiteral("nothing was run: the project's Alembic could not start the run: %1")
                               .arg(failure->message));
    }
    if (failure && !failure->traceback.isEmpty())
        m_hooks.log(QStringLiteral("Alembic's traceback:\n") + failure->traceback.trimmed());

    // What the database holds now decides what happened, whatever Alembic said.
    RETORT_TRY(const QStringList rowsAfter, m_versionTable.readRows(m_db));
    const std::optional<int> done = stepsDone(planned, rowsBefore, rowsAfter);
    const int reached = done.value_or(0);
    const bool rolledBack = m_environment.transactionalDdl;
    QString failureText;
    if (failure) {
        failureText = failure->message;
    } else if (!done || *done != count) {
        failureText = QStringLiteral("Alembic finished, but %1, not where the plan leads (%2)")
                          .arg(m_versionTable.describe(rowsAfter), versionRowsText(planned.last().rowsAfter));
    }
    // The step Alembic was running when it failed; else the first the version table shows not done.
    int failedAt = reached;
    for (int i = 0; failure && i < count; ++i) {
        if (states.at(i).startedByAlembic && m_scripts.map().at(planned.at(i).step.revision).id == failure->revision)
            failedAt = i;
    }
    const QString failedName = failedAt < count ? m_scripts.map().at(planned.at(failedAt).step.revision).id : QString();
    const bool grouped = m_db.transaction();
    for (int i = 0; i < count; ++i) {
        QString error;
        std::optional<int> committed;
        if (!failureText.isEmpty() && i >= reached) {
            if (i == failedAt && !rolledBack && states.at(i).startedByAlembic) {
                // Alembic runs this dialect's DDL outside a transaction: what ran before the failure stayed.
                error = failureText + QStringLiteral(" (Alembic ran it without transactional DDL: what it did before "
                                                     "failing stayed committed; how much is not known)");
                committed = 1;
            } else if (i == failedAt) {
                error = failureText;
            } else if (i < failedAt) {
                error =
                    QStringLiteral("rolled back: it ran, but %1 failed later in the same transaction").arg(failedName);
            } else {
                error = QStringLiteral("not run: the plan stopped at %1 (%2)").arg(failedName, failureText);
            }
        }
        const Status recorded = recordEnd(planned.at(i), states.at(i), error, committed);
        if (!recorded.ok())
            m_hooks.log(QStringLiteral("warning: ") + recorded.error().message);
    }
    if (grouped)
        m_db.commit();

    RunResult result;
    result.rowsBefore = rowsBefore;
    result.rowsAfter = rowsAfter;
    result.stepsRun = reached;
    if (failureText.isEmpty())
        return result;

    const QString state = m_versionTable.describe(rowsAfter);
    QString text;
    if (failure && failure->kind == AlembicRunFailure::Kind::Cancelled) {
        text = QStringLiteral("Cancelled: Alembic was interrupted");
    } else if (reached == 0 && failure && failure->revision.isEmpty()) {
        // Alembic stopped while loading the revisions (an import error), before it ran any.
        text = QStringLiteral("Alembic failed before its first revision%1: %2")
                   .arg(failure->where.isNull() ? QString() : QStringLiteral(" at %1").arg(failure->where.toString()),
                        failureText);
    } else if (failedAt < count) {
        const MigrationStep &step = planned.at(failedAt).step;
        QString description = m_planner.shortLog(step);
        text = QStringLiteral("%1 failed in Alembic%2: %3")
                   .arg(description,
                        failure && !failure->where.isNull() ? QStringLiteral(" at %1").arg(failure->where.toString())
                                                            : QString(),
                        failureText);
    } else {
        text = failureText;
    }
    text += QStringLiteral("\n%1 of the plan's %2 step(s) committed; %3.").arg(reached).arg(count).arg(state);
    if (failure && rolledBack && failedAt > reached) {
        text += QStringLiteral("\nAlembic ran the revisions before it in the same transaction, which was rolled back: "
                               "nothing of the plan stayed after %1.")
                    .arg(versionRowsText(rowsAfter));
    }
    if (!done) {
        text += QStringLiteral("\nThat is none of the states the plan passes through: Alembic did something else than "
                               "the plan Retort showed. Look at the database before anything runs again.");
    } else if (!rolledBack && failedAt < count && failure && states.at(failedAt).startedByAlembic) {
        text += QStringLiteral("\nAlembic runs %1 without transactional DDL, so what %2 did before it failed stayed "
                               "committed: the next upgrade or downgrade refuses until you settle it with retort "
                               "stamp.")
                    .arg(url.dialectName(), failedName);
    }
    if (failure && !failure->traceback.isEmpty())
        text += QStringLiteral("\nAlembic's traceback is in the log.");
    Error error(failure && failure->kind == AlembicRunFailure::Kind::Cancelled ? ErrorCode::Cancelled
                                                                               : ErrorCode::Database,
                text, failure ? failure->where.file : QString());
    if (failure)
        error.location = failure->where;
    return error;
}

} // namespace retort
