// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/MigrationCommand.h"
#include "core/runtime/AlembicBridge.h"

#include "core/runtime/RunChecks.h"
#include "core/revision/RevisionResolver.h"

#include "app/cli/CommandContext.h"
#include "app/cli/GatePrompt.h"
#include "app/cli/OnlineRun.h"
#include "app/cli/commands/Commands.h"
#include "core/TextFormat.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/OfflineScript.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"

namespace retort::cli {

const OptionSpec MigrationCommand::kSql{
    {QStringLiteral("--sql")}, QString(), QStringLiteral("Don't touch the database; print the SQL script to stdout")};
const OptionSpec MigrationCommand::kLockTimeout{
    {QStringLiteral("--lock-timeout")},
    QStringLiteral("SECONDS"),
    QStringLiteral("Wait this long for another run's migration lock (default: lock_timeout, 300)")};
const OptionSpec MigrationCommand::kRehearse{
    {QStringLiteral("--rehearse")},
    QString(),
    QStringLiteral("Run the plan in a transaction and roll it back; nothing is kept")};

const OptionSpec MigrationCommand::kRunExactSql{
    {QStringLiteral("--run-exact-sql")},
    QString(),
    QStringLiteral("Alembic projects: run .py revisions whose SQL is exact (empty, or literal op.execute) through "
                   "Retort's connection instead of the project's Alembic")};

MigrationCommand::MigrationCommand(QString name, QString usage, QString summary, QVector<OptionSpec> options,
                                   Arity arity)
    : ProjectCommand(std::move(name), std::move(usage), std::move(summary),
                     QVector<OptionSpec>{kSql} + options +
                         QVector<OptionSpec>{kLockTimeout, gate_prompt::kYes, gate_prompt::kNoBackup,
                                             gate_prompt::kReason, kRehearse},
                     arity, ScriptContents::Everything)
{
}

Result<MigrationCommand::Migration> MigrationCommand::range(const ParsedArguments &args, RunRequest::Command command)
{
    Migration migration;
    migration.request.command = command;
    QString revision = args.positionals.first();
    const bool offline = args.isSet(kSql);
    if (revision.contains(QLatin1Char(':'))) {
        if (!offline)
            return Error(ErrorCode::CommandLine, QStringLiteral("Range revision not allowed"));
        migration.startRevision = revision.section(QLatin1Char(':'), 0, 0);
        revision = revision.section(QLatin1Char(':'), 1);
    } else if (offline && command == RunRequest::Command::Downgrade) {
        return Error(ErrorCode::CommandLine, QStringLiteral("downgrade with --sql requires <fromrev>:<torev>"));
    }
    migration.request.targets = QStringList{revision};
    return migration;
}

Status MigrationCommand::checkArguments(const ParsedArguments &args) const
{
    RETORT_TRY(const Migration parsed, migration(args));
    Q_UNUSED(parsed);
    return Status::success();
}

Status MigrationCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    RETORT_TRY(const Migration parsed, migration(args));
    return runMigration(context, project, parsed.request, args, parsed.startRevision);
}

Status MigrationCommand::runMigration(CommandContext &context, const Project &project, RunRequest request,
                                      const ParsedArguments &args, const QString &startRevision)
{
    const ProjectConfig &config = project.config;
    const ScriptDirectory &scripts = *project.scripts;
    RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
    if (args.isSet(kSql)) {
        if (args.isSet(kRehearse))
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("--rehearse runs against the database; it cannot be combined with --sql"));
        return printOfflineScript(context, project, target, request, startRevision);
    }

    OnlineRunOptions options;
    if (args.isSet(kLockTimeout)) {
        const QString value = args.value(kLockTimeout);
        options.lockTimeoutSeconds = ProjectConfig::parseLockTimeout(value);
        if (!options.lockTimeoutSeconds) {
            return Error(
                ErrorCode::CommandLine,
                QStringLiteral("--lock-timeout: expected a number of seconds from 0 to 86400, not '%1'").arg(value));
        }
    }
    request.rehearsal = args.isSet(kRehearse);
    request.runExactSql = args.isSet(kRunExactSql);
    RETORT_CHECK(runOnline(context, config, scripts, target, request, args, options));
    return Status::success();
}

Status MigrationCommand::printOfflineScript(CommandContext &context, const Project &project,
                                            const DatabaseTarget &target, const RunRequest &request,
                                            const QString &startRevision)
{
    const ProjectConfig &config = project.config;
    const ScriptDirectory &scripts = *project.scripts;
    // Offline never reads the database: the starting point is given or base.
    QStringList rows;
    if (!startRevision.isEmpty() && startRevision != QLatin1String("base")) {
        auto start = RevisionResolver(scripts.map()).revisionFor(startRevision);
        if (!start.ok())
            return commandError(start.error());
        if (start.value() >= 0)
            rows << scripts.map().at(start.value()).id;
    }
    const MigrationPlanner planner(scripts.map());
    QStringList warnings;
    RETORT_TRY(const QVector<MigrationStep> steps, planRequest(planner, request, rows, &warnings));
    for (const QString &warning : std::as_const(warnings))
        context.err() << "warning: " << warning << '\n';
    const RunSettings settings = RunSettings::fromConfig(config, target.environmentName);
    RETORT_TRY(const QVector<PlannedStep> planned,
               planner.simulate(steps, rows,
                                VersionTable(settings.versionTable, settings.versionTableSchema).qualifiedName()));
    // A script with a revision that has nothing for this dialect would silently leave it out.
    RETORT_CHECK(refuseMissingSections(scripts, planned, target.url.dialect()));
    // Alembic revisions' Python is rendered by the project's own Alembic; without it, only exact bodies can be written.
    std::optional<RenderReport> rendered;
    if (config.writesAlembicRevisions() && holdsAlembicRevisions(scripts, planned)) {
        QVector<MigrationStep> revisionSteps;
        for (const PlannedStep &step : planned)
            revisionSteps << step.step;
        rendered = AlembicBridge::render(config, scripts, revisionSteps, target.url.dialect());
        if (!rendered->unavailable.isEmpty())
            context.err() << "note: the project's Alembic cannot render: " << rendered->unavailable << '\n';
        else if (!rendered->renderer.isEmpty())
            context.err() << "note: Python revisions rendered offline by " << rendered->renderer << '\n';
        RETORT_CHECK(refuseUnrendered(scripts, planned, *rendered));
    } else {
        RETORT_CHECK(refusePythonRevisions(scripts, planned, PythonRevisionUse::OfflineScript));
    }
    OfflineScript::Options options;
    options.rendered = rendered ? &*rendered : nullptr;
    options.settings = settings;
    options.createVersionTable = rows.isEmpty();
    const auto dialect = SqlDialect::create(target.url.dialect());
    OfflineScript::render(scripts, planned, *dialect, options, context.out());
    if (startRevision.isEmpty() && request.command == RunRequest::Command::Upgrade) {
        const Guidance guidance(config, &scripts, name(), context.retortCommand());
        commands::printHints(context.err(), guidance.offlineFromBase(request.targets.value(0)), QStringLiteral("note"));
    }
    return Status::success();
}

} // namespace retort::cli
