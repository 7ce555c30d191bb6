// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/MigrationStep.h"
#include "core/runtime/AlembicBridge.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/RunRequest.h"

#include <QDateTime>
#include <QSqlDatabase>

#include <atomic>
#include <functional>

namespace retort {

class MigrationPlanner;
class ScriptDirectory;
class VersionTable;

// An upgrade or downgrade of Alembic .py revisions, run by the project's own Alembic (AlembicBridge::run)
// while MigrationRunner holds the gate's clearance, its lock and its connection. Before the first revision
// Alembic is stopped unless env.py's own connection reaches the very database Retort planned for (its
// identity, not its revision: staging and production are often at the same one) with the version rows
// the plan started from. Afterwards the version table, read through Retort's connection, says how far the
// plan got; the history rows follow the plan up to there, each with its file's SHA-256 and Alembic's time.
class AlembicRun
{
public:
    struct Hooks
    {
        std::function<void(const QString &)> log;
        std::function<void(int number, int count, const QString &description)> stepStarted;
        std::function<void(int number, int count, const QString &description, qint64 milliseconds)> stepFinished;
        // The step's history row with who, when, the run and the gate's note filled in.
        std::function<HistoryRecord(const PlannedStep &, const QDateTime &started)> historyRecord;
    };

    AlembicRun(const AlembicBridge &bridge, const ScriptDirectory &scripts, const MigrationPlanner &planner,
               const VersionTable &versionTable, QSqlDatabase db, QString historyTable, Hooks hooks)
        : m_bridge(bridge), m_scripts(scripts), m_planner(planner), m_versionTable(versionTable), m_db(std::move(db)),
          m_historyTable(std::move(historyTable)), m_hooks(std::move(hooks))
    {
    }

    // `planned` from `rowsBefore` (read under the lock) on the database `identity` names.
    // `session`: the environment's timeouts, for env.py's connection too.
    [[nodiscard]] Result<RunResult> run(const DatabaseUrl &url, const RunRequest &request,
                                        const DatabaseIdentity &identity, const QVector<PlannedStep> &planned,
                                        const QStringList &rowsBefore,
                                        const QVector<SqlDialect::SessionSetting> &session,
                                        const std::atomic_bool &cancel);

    // Why a plan cannot go to Alembic (a .sql revision in it, a request Alembic has no form of); success
    // when it can.
    [[nodiscard]] static Status canDelegate(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned,
                                            const RunRequest &request);

private:
    struct StepState
    {
        QDateTime started;
        qint64 milliseconds = -1; // -1: Alembic did not say it finished
        bool startRowWritten = false;
        bool startedByAlembic = false; // Alembic said it began the revision
    };

    Status admit(const EnvironmentConnection &connection, const DatabaseIdentity &identity,
                 const QStringList &rowsBefore, QVector<PlannedStep> &planned);
    // Alembic's steps are the plan's, each from the file Retort read (and showed); when Alembic takes independent
    // branches in another order, `planned` is put in its order (checked against the graph from m_rowsBefore).
    Status sameAsPlanned(const QVector<AlembicPlannedStep> &steps, QVector<PlannedStep> &planned) const;
    // How many steps of the plan the version table `rows` shows done; nullopt when it shows none of the
    // plan's states.
    std::optional<int> stepsDone(const QVector<PlannedStep> &planned, const QStringList &rowsBefore,
                                 const QStringList &rows) const;
    void recordStart(const PlannedStep &planned, StepState &state);
    Status recordEnd(const PlannedStep &planned, const StepState &state, const QString &error,
                     std::optional<int> statementsCommitted);

    const AlembicBridge &m_bridge;
    const ScriptDirectory &m_scripts;
    const MigrationPlanner &m_planner;
    const VersionTable &m_versionTable;
    QSqlDatabase m_db;
    QString m_historyTable;
    Hooks m_hooks;
    EnvironmentConnection m_environment;
    QStringList m_rowsBefore;
};

} // namespace retort
