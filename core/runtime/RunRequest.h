// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/MigrationStep.h"
#include "core/runtime/AlembicBridge.h"
#include "core/runtime/SafetyClearance.h"
#include "core/script/ProjectConfig.h"

#include <QStringList>

#include <optional>

// What a run is asked, how it treats its database, and what it reports: the types the runner, the gate,
// the command line and the workbench share, without the runner itself.
namespace retort {

class MigrationPlanner;

// How runs treat their database, from retort.ini.
struct RunSettings
{
    QString versionTable = QStringLiteral("alembic_version");
    QString versionTableSchema;
    QString historyTable = QStringLiteral("retort_history"); // empty: no history rows
    bool transactionPerMigration = false;
    QString environmentName;
    int lockTimeoutSeconds = 300; // how long to wait for another run's lock
    // How long a statement waits for a lock another session holds, and how long one may run (seconds;
    // 0: no limit), from the environment's db_lock_timeout / db_statement_timeout. Production waits
    // kProductionLockTimeoutSeconds unless told otherwise: a blocked ALTER must not queue every query behind it.
    static constexpr double kProductionLockTimeoutSeconds = 10;
    double dbLockTimeoutSeconds = 0;
    double dbStatementTimeoutSeconds = 0;
    // While a statement waits for another session's lock, who holds it is said this often (PostgreSQL,
    // MySQL/MariaDB; 0: never).
    double lockReportSeconds = 3;
    // A production database (its environment, or a URL naming a production environment's
    // database): runs that write need a SafetyClearance for it.
    bool production = false;
    // retort.ini's production environments: a database that is one of theirs, however it is
    // reached, is production too.
    QVector<ProductionEnvironment> productionEnvironments;

    // An Alembic project's own Alembic, which runs its .py revisions; unset with the reason when it cannot.
    std::optional<AlembicBridge> alembic;
    QString alembicUnavailable;

    static RunSettings fromConfig(const ProjectConfig &config, const QString &environmentName,
                                  const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
};

// What the person saw before a run (the workbench's plan): the version-table rows it was planned
// from and its steps. The run plans again under its lock and refuses, changing nothing, when they
// differ (the database moved, the files changed).
struct PlanExpectation
{
    QStringList fromRows;
    QVector<MigrationStep> steps;
    // The dialect whose sections the plan's SQL was shown from (MigrationScript::section); a run on a database of
    // another dialect refuses. Unset: the shower did not say.
    std::optional<Dialect> dialect;
};

struct RunRequest
{
    enum class Command
    {
        Upgrade,
        Downgrade,
        Stamp
    };

    Command command = Command::Upgrade;
    QStringList targets; // one for upgrade and downgrade; any number for stamp
    bool purge = false;  // stamp: empty the version table first
    QString note;        // recorded with every history row of the run
    // Run the plan in one transaction and roll it back: nothing is written,
    // not even history rows; needs transactional DDL.
    bool rehearsal = false;
    // From the production gate; required when RunSettings::production.
    std::optional<SafetyClearance> clearance;
    std::optional<PlanExpectation> expected;
    // 1-based: run only the plan's steps before this one, commit them and stop there (RunResult says
    // where). After a rehearsal that stopped early, the real run goes as far as was rehearsed, then asks.
    int stopBeforeStep = 0;
    // The id of the run this one goes on from (RunResult::runId of a run stopped with stopBeforeStep): its
    // history rows share that id, and the gate's backup row, written then, is not written again.
    QString continuesRun;
    // Alembic projects: run the plan's .py revisions through Retort's connection instead of the project's
    // Alembic, allowed only when each one's SQL is exact (empty, or literal op.execute strings).
    bool runExactSql = false;
};

struct RunResult
{
    QStringList rowsBefore;
    QStringList rowsAfter;
    int stepsRun = 0;
    QString runId; // shared by the run's history rows
    // Rehearsals: the step a Transactional: false revision stopped it before,
    // and the proof that the rollback left the database as it was.
    QString rehearsalStoppedBefore;
    int rehearsalStepsLeft = 0; // that step and the ones after it: not rehearsed
    // Where the run stopped before the end of its plan, 1-based (a rehearsal's stop, or
    // RunRequest::stopBeforeStep); 0 when it went to the end.
    int stoppedBeforeStep = 0;
    // "that step was not rehearsed" / "that step and the 2 after it were not rehearsed".
    QString notRehearsed() const;
    // What a rehearsal did, in the words the CLI and the window both use: "Rehearsal passed: …" with the
    // steps run and rolled back and where the run would leave the version table, or "Rehearsal stopped
    // before …" with where it stopped and what it left out.
    QString rehearsalOutcome() const;
    // Whether the rollback left the database as it was: what was compared, or what differs.
    QString rehearsalCheck() const;
    // A rehearsal on a scratch copy (ScratchRehearsal): what the copy was, and what it was restored from.
    QString scratchCopy;
    QString unchangedProof;       // what was compared, when it matched
    QStringList rehearsalChanges; // what differs after the rollback (other sessions may have written)
};

// The steps a request takes from the given rows (shared by online runs and
// offline scripts). `warnings` receives Alembic's warnings.
[[nodiscard]] Result<QVector<MigrationStep>> planRequest(const MigrationPlanner &planner, const RunRequest &request,
                                                         const QStringList &rows, QStringList *warnings = nullptr);

} // namespace retort
