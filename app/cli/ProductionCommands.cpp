// SPDX-License-Identifier: GPL-3.0-or-later
// The production side of the command line: the safety gate before a run,
// `backup`, `restore` and `checklist`.
#include "app/cli/Cli.h"

#include "core/TextFormat.h"
#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistReport.h"
#include "core/checklist/ChecklistWalk.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/SqlDialect.h"
#include "core/safety/DatabaseBackup.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace retort::cli {

QString Cli::ask(const QString &prompt)
{
    if (!m_input)
        return QString();
    m_err << prompt;
    m_err.flush();
    return m_input->readLine().trimmed();
}

Status Cli::printRehearsal(const Result<RunResult> &result)
{
    if (!result.ok() && result.error().code == ErrorCode::Refused)
        return result.error();
    if (!result.ok())
        return Error(result.error().code, QStringLiteral("rehearsal failed: ") + result.error().message);
    m_err << QStringLiteral("Rehearsal: %1 step(s) ran and were rolled back; the run would leave the version table at "
                            "%2.\n")
                 .arg(result->stepsRun)
                 .arg(result->rowsAfter.isEmpty() ? QStringLiteral("(empty)")
                                                  : result->rowsAfter.join(QStringLiteral(", ")));
    if (!result->rehearsalStoppedBefore.isEmpty())
        m_err << "Not rehearsed: " << result->rehearsalStoppedBefore << " and what follows it (Transactional: false)\n";
    if (!result->rehearsalChanges.isEmpty()) {
        m_err << "warning: the database differs from before the rehearsal (another session may have written "
                 "meanwhile):\n";
        for (const QString &change : result->rehearsalChanges)
            m_err << "  " << change << '\n';
        return Status::success();
    }
    m_err << "Database unchanged: " << result->unchangedProof << " compared before and after.\n";
    return Status::success();
}

Result<SafetyClearance> Cli::passProductionGate(const ProjectConfig &config, const ScriptDirectory &scripts,
                                                const DatabaseTarget &target, const RunRequest &request,
                                                const ParsedArguments &args, MigrationRunner &runner)
{
    GateDecision decision;
    decision.assumeYes = args.isSet(QStringLiteral("--yes"));
    decision.skipBackup = args.isSet(QStringLiteral("--no-backup"));
    decision.skipReason = args.value(QStringLiteral("--reason"));
    if (decision.skipBackup && decision.skipReason.trimmed().isEmpty())
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("--no-backup needs --reason \"why no backup is needed\"; it is recorded"));

    const QString name = SafetyGate::confirmationName(target.url);
    m_err << QStringLiteral("PRODUCTION: environment '%1', database %2\n")
                 .arg(target.environmentName, target.url.toDisplayString());
    RETORT_TRY(const QStringList rows, readCurrentRows(config, target));
    const MigrationPlanner planner(scripts.map());
    RETORT_TRY(const QVector<MigrationStep> steps, planRequest(planner, request, rows));
    m_err << QStringLiteral("Plan (%1 step(s)):\n").arg(steps.size());
    for (int i = 0; i < steps.size(); ++i)
        m_err << QStringLiteral("  %1. %2\n").arg(i + 1).arg(planner.logLine(steps[i]));

    if (!decision.assumeYes) {
        if (!m_input) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("'%1' is a production environment and no terminal is attached to ask for "
                                        "confirmation: pass --yes, with a backup (the default) or --no-backup --reason "
                                        "\"...\"; nothing was changed")
                             .arg(target.environmentName));
        }
        decision.typedName = ask(QStringLiteral("Type the database name '%1' to continue: ").arg(name));
        if (decision.typedName == name && SqlDialect::create(target.url.dialect())->transactionalDdl()) {
            const QString answer =
                ask(QStringLiteral("Rehearse first (run the plan in a transaction and roll it back)? [Y/n] "));
            if (!answer.startsWith(u'n', Qt::CaseInsensitive)) {
                RunRequest rehearsal = request;
                rehearsal.rehearsal = true;
                RETORT_CHECK(printRehearsal(runner.run(target.url, rehearsal)));
            }
        }
    }
    return SafetyGate::clear(target, BackupSettings::forTarget(config, target), decision,
                             [this](const QString &message) { m_err << message << '\n'; });
}

Status Cli::runBackup(const ParsedArguments &args)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
    const BackupSettings settings = BackupSettings::forTarget(config, target);
    const QVector<BackupRecord> existing = DatabaseBackup::list(settings);
    if (args.isSet(QStringLiteral("--list"))) {
        for (const BackupRecord &record : existing) {
            printLine(QStringLiteral("%1  %2  %3")
                          .arg(record.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
                               humanSize(record.bytes).rightJustified(10), QDir::toNativeSeparators(record.path)));
        }
        m_err << QStringLiteral("%1 backup(s) in %2; Retort never deletes them.\n")
                     .arg(existing.size())
                     .arg(QDir::toNativeSeparators(settings.directory));
        return Status::success();
    }
    m_err << "Backing up " << target.url.toDisplayString() << " ...\n";
    m_err.flush();
    RETORT_TRY(const BackupRecord record, DatabaseBackup::take(target.url, settings));
    printLine(record.summary());
    RETORT_CHECK(recordBackupInHistory(target.url, RunSettings::fromConfig(config, target.environmentName), record));
    if (!existing.isEmpty()) {
        m_err << QStringLiteral("%1 older backup(s) in %2 (retort backup --list); Retort never deletes them.\n")
                     .arg(existing.size())
                     .arg(QDir::toNativeSeparators(settings.directory));
    }
    return Status::success();
}

// Restoring over a production environment's database replaces it: its current state is backed up
// first (with that environment's settings), unless --no-backup --reason says why not.
Status Cli::backUpBeforeRestore(const ProjectConfig &config, const DatabaseUrl &destination,
                                const ParsedArguments &args)
{
    for (const EnvironmentConfig &environment : config.environments()) {
        const Result<DatabaseUrl> url = DatabaseUrl::parse(environment.url, config.projectDir());
        if (!environment.production || !url.ok() || !url->sameDatabase(destination))
            continue;
        if (args.isSet(QStringLiteral("--no-backup"))) {
            if (args.value(QStringLiteral("--reason")).trimmed().isEmpty()) {
                return Error(ErrorCode::CommandLine,
                             QStringLiteral("--no-backup needs --reason \"why no backup is needed\""));
            }
            m_err << "Not backing up production environment '" << environment.name
                  << "' first: " << args.value(QStringLiteral("--reason")) << '\n';
            return Status::success();
        }
        if (destination.dialect() == Dialect::SQLite && !QFileInfo::exists(destination.database()))
            return Status::success();
        RETORT_TRY(const DatabaseTarget target, config.resolveTarget(QString(), environment.name, m_environment));
        m_err << "Backing up production environment '" << environment.name << "' before replacing it ...\n";
        RETORT_TRY(const BackupRecord record,
                   DatabaseBackup::take(destination, BackupSettings::forTarget(config, target)));
        m_err << "Backup " << record.summary() << '\n';
        return Status::success();
    }
    return Status::success();
}

Status Cli::runRestore(const ParsedArguments &args)
{
    const QString into = args.value(QStringLiteral("--into"));
    if (into.isEmpty())
        return Error(ErrorCode::CommandLine, QStringLiteral("restore needs --into NAME: the database to restore into"));
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
    const QString backupPath = QFileInfo(args.positionals.first()).absoluteFilePath();
    const DatabaseUrl destination = target.url.withDatabase(into, QDir::currentPath());
    const QString name = destination.databaseLabel();
    m_err << QStringLiteral("Restore %1 into %2 (its current contents are replaced)\n")
                 .arg(QDir::toNativeSeparators(backupPath), destination.toDisplayString());
    QString typed = name;
    if (!args.isSet(QStringLiteral("--yes"))) {
        if (!m_input) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("restore replaces the contents of '%1' and no terminal is attached to ask for "
                                        "confirmation: pass --yes; nothing was changed")
                             .arg(name));
        }
        typed = ask(QStringLiteral("Type the database name '%1' to restore into it: ").arg(name));
    }
    RETORT_CHECK(backUpBeforeRestore(config, destination, args));
    RETORT_CHECK(DatabaseBackup::restore(backupPath, destination, typed, BackupSettings::forTarget(config, target)));
    m_err << "Restored into " << destination.toDisplayString() << '\n';
    return Status::success();
}

Status Cli::runChecklist(const ParsedArguments &args)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    QString path = args.positionals.first();
    // A shipped checklist by its name ("maintenance-window"), or a file.
    if (!QFileInfo::exists(path)) {
        for (const QString &candidate : Checklist::available(config.projectDir())) {
            if (QFileInfo(candidate).completeBaseName() == path)
                path = candidate;
        }
    }
    RETORT_TRY(const Checklist checklist, Checklist::load(path));
    QString environment = m_envName.isEmpty() ? config.defaultEnv() : m_envName;
    const QString walkPath = ChecklistWalk::savePath(config.projectDir(), checklist.path(), environment);
    std::optional<ChecklistWalk> walk;
    if (QFileInfo::exists(walkPath)) {
        RETORT_TRY(ChecklistWalk loaded, ChecklistWalk::load(walkPath));
        walk = std::move(loaded);
    }
    m_out << checklistStatusText(checklist, walk ? &*walk : nullptr, environment);
    const QString reportPath = args.value(QStringLiteral("--report"));
    if (reportPath.isEmpty())
        return Status::success();
    if (!walk) {
        return Error(ErrorCode::Io, QStringLiteral("no saved walk of %1 for environment '%2' (%3); nothing to report")
                                        .arg(checklist.path(), environment, walkPath));
    }
    QSaveFile file(reportPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(checklistReportMarkdown(checklist, *walk).toUtf8()) < 0 ||
        !file.commit()) {
        return Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(reportPath, file.errorString()),
                     reportPath);
    }
    m_err << "Report written to " << QDir::toNativeSeparators(reportPath) << '\n';
    return Status::success();
}

} // namespace retort::cli
