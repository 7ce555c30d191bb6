// SPDX-License-Identifier: GPL-3.0-or-later
// The production side of the command line: the safety gate before a run,
// `backup`, `restore` and `checklist`.
#include "app/cli/Cli.h"

#include "core/TextFormat.h"
#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistReport.h"
#include "core/checklist/ChecklistWalk.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/DatabaseBackup.h"
#include "core/safety/DatabaseRestore.h"
#include "core/safety/PostgresRestore.h"
#include "core/safety/GateDescription.h"
#include "core/safety/ProductionMark.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace retort::cli {

namespace {

// What a finished restore tells the person: where the database is now, what was kept, what to clean up.
QString restoreSummary(const DatabaseUrl &destination, const RestoreOutcome &outcome)
{
    QStringList lines{QStringLiteral("Restored into %1: %2.")
                          .arg(destination.toDisplayString(),
                               outcome.revisions.isEmpty()
                                   ? QStringLiteral("no revision applied")
                                   : QStringLiteral("at ") + outcome.revisions.join(QStringLiteral(", ")))};
    if (outcome.historyRecorded) {
        lines << QStringLiteral("History kept: %1 row(s) the backup lacks carried over (%2 brought up to date), and "
                                "the restore recorded.")
                     .arg(outcome.historyRowsCarried)
                     .arg(outcome.historyRowsUpdated);
    }
    if (!outcome.markCarried.isEmpty())
        lines << QStringLiteral("The production mark of environment '%1' was carried over.").arg(outcome.markCarried);
    if (!outcome.markKept.isEmpty()) {
        lines << QStringLiteral("The backup carries the production mark of environment '%1', which the database it "
                                "replaced did not: it stays until `retort unmark-production` removes it.")
                     .arg(outcome.markKept);
    }
    if (!outcome.keptDatabase.isEmpty()) {
        lines << QStringLiteral("The database it replaced is kept as %1; drop it when you no longer need it: "
                                "DROP DATABASE %2;")
                     .arg(outcome.keptDatabase, PostgresRestore::quoted(outcome.keptDatabase));
    }
    return lines.join(u'\n');
}

} // namespace

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
    const QString reached =
        result->rowsAfter.isEmpty() ? QStringLiteral("(empty)") : result->rowsAfter.join(QStringLiteral(", "));
    if (result->rehearsalStoppedBefore.isEmpty()) {
        m_err << QStringLiteral("Rehearsal: %1 step(s) ran and were rolled back; the run would leave the version "
                                "table at %2.\n")
                     .arg(result->stepsRun)
                     .arg(reached);
    } else {
        // It never reached the run's end: say where it stopped, not where the run would end.
        m_err << QStringLiteral("Rehearsal: %1 step(s) ran and were rolled back, reaching %2; it stopped before %3 "
                                "(Transactional: false), so %4.\n")
                     .arg(result->stepsRun)
                     .arg(reached, result->rehearsalStoppedBefore, result->notRehearsed());
    }
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

Result<GateDecision> Cli::askConfirmation(const ProductionStatus &status, const QString &question,
                                          const ParsedArguments &args, const QString &action)
{
    GateDecision decision;
    decision.assumeYes = args.isSet(QStringLiteral("--yes"));
    decision.skipBackup = args.isSet(QStringLiteral("--no-backup"));
    decision.skipReason = args.value(QStringLiteral("--reason"));
    if (decision.skipBackup && decision.skipReason.trimmed().isEmpty())
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("--no-backup needs --reason \"why no backup is needed\"; it is recorded"));
    if (decision.assumeYes)
        return decision;
    if (!m_input) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("%1. No terminal is attached to ask for confirmation: %2; nothing was changed")
                         .arg(SafetyGate::production(status), action));
    }
    decision.typedName = ask(question);
    return decision;
}

Result<SafetyClearance> Cli::passProductionGate(const ProjectConfig &config, const ScriptDirectory &scripts,
                                                const DatabaseTarget &target, const ProductionStatus &status,
                                                const RunRequest &request, const ParsedArguments &args,
                                                MigrationRunner &runner)
{
    RETORT_TRY(const QStringList rows, readCurrentRows(config, target));
    RETORT_TRY(const GateDescription description, GateDescription::describe(scripts, request, rows, status));
    for (const QString &line : description.lines())
        m_err << maskPasswords(line) << '\n';
    const QString action = request.rehearsal
                               ? QStringLiteral("pass --yes (a rehearsal keeps nothing, so it takes no backup)")
                               : QStringLiteral("pass --yes, with a backup (the default) or --no-backup --reason "
                                                "\"...\"");
    RETORT_TRY(GateDecision decision, askConfirmation(status, description.question, args, action));
    decision.rehearsalOnly = request.rehearsal;
    const bool confirmedHere = !decision.assumeYes && decision.typedName.trimmed() == description.confirmationName;
    if (confirmedHere && !request.rehearsal && SqlDialect::create(target.url.dialect())->transactionalDdl()) {
        const QString answer = ask(
            description.rehearsalStopsBefore.isEmpty()
                ? QStringLiteral("Rehearse first (run the plan in a transaction and roll it back)? [Y/n] ")
                : QStringLiteral("Rehearse first (run the plan in a transaction and roll it back; it stops before %1, "
                                 "which runs outside a transaction)? [Y/n] ")
                      .arg(description.rehearsalStopsBefore));
        if (!answer.startsWith(u'n', Qt::CaseInsensitive)) {
            GateDecision forRehearsal = decision;
            forRehearsal.rehearsalOnly = true;
            RETORT_TRY(SafetyClearance confirmed, SafetyGate::clear(target, status, {}, forRehearsal));
            RunRequest rehearsal = request;
            rehearsal.rehearsal = true;
            rehearsal.clearance = std::move(confirmed);
            RETORT_CHECK(printRehearsal(runner.run(target.url, rehearsal)));
        }
    }
    return SafetyGate::clear(target, status, BackupSettings::forTarget(config, target), decision,
                             [this](const QString &message) { m_err << message << '\n'; });
}

Status Cli::runBackup(const ParsedArguments &args)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
    const BackupSettings settings = BackupSettings::forTarget(config, target);
    const QVector<BackupRecord> existing = DatabaseBackup::list(settings);
    if (args.isSet(QStringLiteral("--list"))) {
        // Each backup: when, whose, how big, at which revision, of which database; its file; how it was verified.
        for (const BackupRecord &record : existing) {
            const QString revisions = !record.revisionsKnown ? QStringLiteral("revision unknown")
                                      : record.revisions.isEmpty()
                                          ? QStringLiteral("no revision applied")
                                          : QStringLiteral("at ") + record.revisions.join(QStringLiteral(", "));
            QStringList first{record.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
                              record.environment.isEmpty() ? QStringLiteral("?") : record.environment,
                              humanSize(record.bytes), revisions};
            if (!record.databaseDisplay.isEmpty())
                first << maskPasswords(record.databaseDisplay);
            printLine(first.join(QStringLiteral("  ")));
            printLine(QStringLiteral("    ") + QDir::toNativeSeparators(record.path));
            printLine(QStringLiteral("    ") + (record.verification.isEmpty()
                                                    ? QStringLiteral("no note of its verification beside it")
                                                    : QStringLiteral("verified: ") + record.verification));
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
    const BackupRecording recording =
        recordBackupInHistory(target.url, RunSettings::fromConfig(config, target.environmentName), record);
    if (!recording.recorded)
        m_err << QStringLiteral("Not recorded in the history: %1.\n").arg(maskPasswords(recording.notRecorded));
    if (!existing.isEmpty()) {
        m_err << QStringLiteral("%1 older backup(s) in %2 (retort backup --list); Retort never deletes them.\n")
                     .arg(existing.size())
                     .arg(QDir::toNativeSeparators(settings.directory));
    }
    return Status::success();
}

// Restoring over a production database replaces it: its current state is backed up first (with its
// production environment's settings when retort.ini has them), unless --no-backup --reason says why not.
// Production by what the database is: its identity, its mark; a database not there yet only by its URL.
ProductionStatus Cli::restoreDestinationStatus(const ProjectConfig &config, const DatabaseTarget &target,
                                               const DatabaseUrl &destination) const
{
    // The environment in use when the restore goes into its own database, none when elsewhere.
    const RunSettings settings =
        RunSettings::fromConfig(config, destination.sameDatabase(target.url) ? target.environmentName : QString());
    const Result<ProductionStatus> assessed = ProductionCheck::assess(destination, settings);
    ProductionStatus status = assessed.ok() ? assessed.value() : ProductionStatus();
    for (const ProductionEnvironment &environment : settings.productionEnvironments) {
        if (!status.gated() && environment.url.sameDatabase(destination)) {
            status.reason = ProductionReason::Configured;
            status.environment = environment.name;
        }
    }
    return status;
}

Result<QString> Cli::backUpBeforeRestore(const ProjectConfig &config, const DatabaseUrl &destination,
                                         const ProductionStatus &status, const ParsedArguments &args)
{
    const QString reason = args.value(QStringLiteral("--reason")).trimmed();
    if (args.isSet(QStringLiteral("--no-backup"))) {
        if (!status.gated())
            return QString();
        if (reason.isEmpty()) {
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("--no-backup needs --reason \"why no backup is needed\""));
        }
        m_err << "Not backing up production environment '" << status.environment << "' first: " << reason << '\n';
        return QString();
    }
    // Nothing there yet: the restore creates it.
    if (destination.dialect() == Dialect::SQLite ? !QFileInfo::exists(destination.database())
                                                 : !DatabaseConnection::open(destination).ok())
        return QString();
    const QString environment =
        status.gated() && config.environments().contains(status.environment) ? status.environment : m_envName;
    RETORT_TRY(const DatabaseTarget target, config.resolveTarget(m_url, environment, m_environment));
    const BackupSettings backupSettings = BackupSettings::forTarget(config, target);
    if (DatabaseBackup::resolveMethod(backupSettings.method, destination.dialect()) == QLatin1String("none")) {
        if (status.gated()) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("production environment '%1' keeps no backups (backup = none), and a restore "
                                        "replaces it: pass --no-backup --reason \"...\"; nothing was changed")
                             .arg(status.environment));
        }
        m_err << "Not backing up " << destination.databaseLabel() << " first: backup = none in retort.ini\n";
        return QString();
    }
    if (status.gated())
        m_err << "Backing up production environment '" << status.environment << "' before replacing it ...\n";
    else
        m_err << "Backing up " << destination.databaseLabel() << " before replacing it ...\n";
    RETORT_TRY(const BackupRecord record, DatabaseBackup::take(destination, backupSettings));
    m_err << "Backup " << record.summary() << '\n';
    return record.path;
}

Status Cli::runMarkProduction(const ParsedArguments &args)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
    const QString environment =
        args.isSet(QStringLiteral("--as")) ? args.value(QStringLiteral("--as")) : target.environmentName;
    if (environment.trimmed().isEmpty()) {
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("name the production environment the mark stands for: --as NAME"));
    }
    const RunSettings settings = RunSettings::fromConfig(config, target.environmentName);
    RETORT_TRY(const auto connection, DatabaseConnection::open(target.url, DatabaseConnection::Mode::ReadOnly));
    if (!connection->exists())
        return Error(ErrorCode::Io, QStringLiteral("there is no database at %1 to mark").arg(target.url.database()));
    QSqlDatabase readOnly = connection->database();
    RETORT_TRY(const ProductionStatus status, ProductionCheck::assess(readOnly, target.url, settings));
    const QString name = SafetyGate::confirmationName(status);
    if (status.mark && status.mark->madeOn(status.identity) && status.mark->environment == environment) {
        printLine(QStringLiteral("%1 already carries the production mark of %2; nothing changed.")
                      .arg(name, status.mark->summary()));
        return Status::success();
    }
    if (status.mark && !args.isSet(QStringLiteral("--yes"))) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("%1 carries the production mark of %2, made on %3; pass --yes to replace it; "
                                    "nothing was changed")
                         .arg(name, status.mark->summary(), status.mark->identityDescription));
    }
    if (!status.identity.known) {
        m_err << "note: " << maskPasswords(status.identity.unknownReason)
              << ": the mark cannot name this database's identity, so it counts wherever it is found\n";
    }
    RETORT_TRY(const auto writable, DatabaseConnection::open(target.url));
    QSqlDatabase db = writable->database();
    const auto dialect = SqlDialect::create(target.url.dialect());
    RETORT_CHECK(ProductionMark::write(db, *dialect, settings.versionTableSchema, environment, status.identity));
    const QString note =
        QStringLiteral("production mark of environment '%1' on %2").arg(environment, status.identity.description());
    RETORT_TRY(const QStringList rows, VersionTable(settings.versionTable, settings.versionTableSchema).readRows(db));
    RETORT_CHECK(recordInHistory(db, target.url, settings, eventHistoryRecord(QStringLiteral("mark"), rows, note)));
    printLine(QStringLiteral("Marked %1 as the database of production environment '%2': every configuration that "
                             "reaches it meets the production gate.")
                  .arg(name, environment));
    return Status::success();
}

Status Cli::runUnmarkProduction(const ParsedArguments &args)
{
    const QString reason = args.value(QStringLiteral("--reason")).trimmed();
    if (reason.isEmpty()) {
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("unmark-production needs --reason \"why this database is not production\"; it "
                                    "is recorded"));
    }
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
    const RunSettings settings = RunSettings::fromConfig(config, target.environmentName);
    RETORT_TRY(const ProductionStatus status, ProductionCheck::assess(target.url, settings));
    const QString name = SafetyGate::confirmationName(status);
    if (!status.mark) {
        printLine(QStringLiteral("%1 carries no production mark; nothing changed.").arg(name));
        return Status::success();
    }
    m_err << "PRODUCTION: " << maskPasswords(SafetyGate::production(status)) << '\n'
          << "  database: " << maskPasswords(status.identity.description()) << '\n'
          << "Removing the production mark of " << status.mark->summary() << '\n';
    if (status.declaredByConfiguration()) {
        m_err << "note: environment '" << status.environment
              << "' has production = true: its next gated write marks the database again\n";
    }
    RETORT_TRY(const GateDecision decision,
               askConfirmation(status, QStringLiteral("Type '%1' to remove the production mark: ").arg(name), args,
                               QStringLiteral("pass --yes, with a backup (the default) or --no-backup --reason "
                                              "\"...\"")));
    RETORT_TRY(const SafetyClearance clearance,
               SafetyGate::clear(target, status, BackupSettings::forTarget(config, target), decision,
                                 [this](const QString &message) { m_err << message << '\n'; }));
    RETORT_TRY(const auto connection, DatabaseConnection::open(target.url));
    QSqlDatabase db = connection->database();
    const auto dialect = SqlDialect::create(target.url.dialect());
    RETORT_TRY(const QStringList rows, VersionTable(settings.versionTable, settings.versionTableSchema).readRows(db));
    RETORT_CHECK(recordInHistory(db, target.url, settings,
                                 backupHistoryRecord(clearance.backup(), clearance.skipReason(), rows)));
    RETORT_CHECK(ProductionMark::remove(db, *dialect, settings.versionTableSchema));
    RETORT_CHECK(recordInHistory(db, target.url, settings, eventHistoryRecord(QStringLiteral("unmark"), rows, reason)));
    printLine(QStringLiteral("Removed the production mark of %1 from %2.").arg(status.mark->summary(), name));
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
    // Over a production database the gate's own name is typed: an SQLite file's canonical path, a server's
    // host:port/database.
    const ProductionStatus status = restoreDestinationStatus(config, target, destination);
    const QString name = status.gated() ? SafetyGate::confirmationName(status) : destination.databaseLabel();
    if (status.gated())
        m_err << maskPasswords(SafetyGate::production(status)) << '\n';
    const BackupRecord backup = DatabaseBackup::describe(backupPath);
    m_err << QStringLiteral("Restore %1 into %2 (its current contents are replaced)\n")
                 .arg(QDir::toNativeSeparators(backupPath), destination.toDisplayString());
    if (!backup.databaseDisplay.isEmpty()) {
        m_err << QStringLiteral("The backup is of %1 (environment '%2'), taken %3 at %4\n")
                     .arg(backup.databaseDisplay, backup.environment, backup.createdAt.toString(Qt::ISODate),
                          !backup.revisionsKnown       ? QStringLiteral("an unknown revision")
                          : backup.revisions.isEmpty() ? QStringLiteral("no revision")
                                                       : backup.revisions.join(QStringLiteral(", ")));
    } else {
        m_err << "The backup has no note beside it: whose it is, and its revisions and checksum, cannot be checked\n";
    }
    QString typed = name;
    if (!args.isSet(QStringLiteral("--yes"))) {
        if (!m_input) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("restore replaces the contents of '%1' and no terminal is attached to ask for "
                                        "confirmation: pass --yes; nothing was changed")
                             .arg(name));
        }
        typed = ask(QStringLiteral("Type '%1' to restore into it: ").arg(name));
    }
    const RunSettings settings = RunSettings::fromConfig(config, target.environmentName);
    RestoreRequest request;
    request.backupPath = backupPath;
    request.target = destination;
    request.confirmedName = typed;
    request.expectedName = name;
    request.backup = BackupSettings::forTarget(config, target);
    request.historyTable = settings.historyTable;
    request.environmentName = target.environmentName;
    request.terminateSessions = args.isSet(QStringLiteral("--terminate-sessions"));
    request.lockTimeoutSeconds = settings.lockTimeoutSeconds;
    request.dbLockTimeoutSeconds = settings.dbLockTimeoutSeconds;
    request.backUpReplaced = [&]() { return backUpBeforeRestore(config, destination, status, args); };
    RETORT_TRY(const RestoreOutcome outcome,
               DatabaseRestore::run(request, [this](const QString &message) { m_err << message << '\n'; }));
    printLine(restoreSummary(destination, outcome));
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
