// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/RunRequest.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/VersionTable.h"

namespace retort {

RunSettings RunSettings::fromConfig(const ProjectConfig &config, const QString &environmentName,
                                    const QProcessEnvironment &processEnvironment)
{
    RunSettings settings;
    settings.versionTable = config.versionTable();
    settings.versionTableSchema = config.versionTableSchema();
    settings.historyTable = config.historyTable();
    settings.transactionPerMigration = config.transactionPerMigration();
    settings.lockTimeoutSeconds = config.lockTimeoutSeconds();
    settings.environmentName = environmentName;
    const EnvironmentConfig environment = config.environments().value(environmentName);
    settings.production = environment.production;
    settings.dbLockTimeoutSeconds =
        environment.dbLockTimeoutSeconds.value_or(settings.production ? kProductionLockTimeoutSeconds : 0);
    settings.dbStatementTimeoutSeconds = environment.dbStatementTimeoutSeconds.value_or(0);
    settings.productionEnvironments = config.productionEnvironments();
    if (config.writesAlembicRevisions()) {
        Result<AlembicBridge> bridge = AlembicBridge::forProject(config, processEnvironment);
        if (bridge.ok())
            settings.alembic = std::move(bridge.value());
        else
            settings.alembicUnavailable = bridge.error().message;
    }
    return settings;
}

QString RunResult::notRehearsed() const
{
    return rehearsalStepsLeft <= 1
               ? QStringLiteral("that step was not rehearsed")
               : QStringLiteral("that step and the %1 after it were not rehearsed").arg(rehearsalStepsLeft - 1);
}

QString RunResult::rehearsalOutcome() const
{
    if (!scratchCopy.isEmpty())
        return QStringLiteral("Rehearsal passed on a scratch copy (%1): %2 step(s) ran there; the run would leave the "
                              "version table %3.")
            .arg(scratchCopy)
            .arg(stepsRun)
            .arg(versionStateText(rowsAfter));
    if (rehearsalStoppedBefore.isEmpty())
        return QStringLiteral("Rehearsal passed: %1 step(s) ran and were rolled back; the run would leave the version "
                              "table %2.")
            .arg(stepsRun)
            .arg(versionStateText(rowsAfter));
    // It never reached the run's end: say where it stopped, not where the run would end.
    return QStringLiteral("Rehearsal stopped before %1 (Transactional: false), with the version table %2: %3 step(s) "
                          "ran and were rolled back; %4.")
        .arg(rehearsalStoppedBefore, versionStateText(rowsAfter))
        .arg(stepsRun)
        .arg(notRehearsed());
}

QString RunResult::rehearsalCheck() const
{
    if (!scratchCopy.isEmpty())
        return QStringLiteral("The database itself was not written to; the scratch copy was dropped.");
    if (rehearsalChanges.isEmpty())
        return QStringLiteral("Database unchanged: %1 compared before and after.").arg(unchangedProof);
    return QStringLiteral("The database differs from before the rehearsal (another session may have written "
                          "meanwhile): %1.")
        .arg(rehearsalChanges.join(QStringLiteral("; ")));
}

Result<QVector<MigrationStep>> planRequest(const MigrationPlanner &planner, const RunRequest &request,
                                           const QStringList &rows, QStringList *warnings)
{
    switch (request.command) {
    case RunRequest::Command::Upgrade:
        return planner.upgradeSteps(request.targets.value(0), rows);
    case RunRequest::Command::Downgrade:
        return planner.downgradeSteps(request.targets.value(0), rows, warnings);
    case RunRequest::Command::Stamp:
        break;
    }
    return planner.stampSteps(request.targets, request.purge ? QStringList() : rows);
}

} // namespace retort
