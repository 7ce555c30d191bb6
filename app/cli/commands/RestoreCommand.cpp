// SPDX-License-Identifier: GPL-3.0-or-later
// retort restore BACKUP --into NAME: the backup put back exactly, its history and mark kept (DatabaseRestore).
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/runtime/VersionTable.h"
#include "core/TextFormat.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/RunRequest.h"
#include "core/safety/DatabaseBackup.h"
#include "core/safety/DatabaseRestore.h"
#include "core/safety/PostgresRestore.h"
#include "core/runtime/ProductionCheck.h"
#include "core/safety/SafetyGate.h"

#include <QDir>
#include <QFileInfo>

namespace retort::cli::commands {

namespace {

const OptionSpec kInto{{QStringLiteral("--into")},
                       QStringLiteral("NAME"),
                       QStringLiteral("The database to restore into (a file path for SQLite); required")};
const OptionSpec kYes{{QStringLiteral("--yes")}, QString(), QStringLiteral("Confirm without a prompt")};
const OptionSpec kNoBackup{{QStringLiteral("--no-backup")},
                           QString(),
                           QStringLiteral("Do not back up the database's current state first (into a production "
                                          "database: needs --reason)")};
const OptionSpec kReason{
    {QStringLiteral("--reason")}, QStringLiteral("TEXT"), QStringLiteral("Why no backup is taken")};
const OptionSpec kTerminateSessions{
    {QStringLiteral("--terminate-sessions")},
    QString(),
    QStringLiteral("PostgreSQL: end other sessions on the database at the switch instead of stopping")};

// What a finished restore tells the person: where the database is now, what was kept, what to clean up.
QString restoreSummary(const DatabaseUrl &destination, const RestoreOutcome &outcome)
{
    QStringList lines{QStringLiteral("Restored into %1: %2.")
                          .arg(destination.toDisplayString(), versionStateText(outcome.revisions))};
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

class RestoreCommand : public ProjectCommand
{
public:
    RestoreCommand()
        : ProjectCommand(QStringLiteral("restore"), QStringLiteral("BACKUP"),
                         QStringLiteral("Restore a verified backup into the named database (created when missing) "
                                        "after confirmation: it holds exactly the backup's contents, with its history "
                                        "and production mark kept"),
                         {kInto, kYes, kNoBackup, kReason, kTerminateSessions}, Arity::exactly(1), std::nullopt)
    {
    }

    Status checkArguments(const ParsedArguments &args) const override
    {
        if (args.value(kInto).isEmpty())
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("restore needs --into NAME: the database to restore into"));
        return Status::success();
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;

private:
    // Whether the database a restore replaces is production (its identity and mark, or a production
    // environment's URL naming it).
    static ProductionStatus destinationStatus(const ProjectConfig &config, const DatabaseTarget &target,
                                              const DatabaseUrl &destination);
    // The backup of what `destination` holds, taken before a restore replaces it: the path, or empty when
    // there is nothing to back up or the person said not to.
    static Result<QString> backUpBeforeRestore(CommandContext &context, const ProjectConfig &config,
                                               const DatabaseUrl &destination, const ProductionStatus &status,
                                               const ParsedArguments &args);
};

Status RestoreCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const QString into = args.value(kInto);
    const ProjectConfig &config = project.config;
    RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
    const QString backupPath = QFileInfo(args.positionals.first()).absoluteFilePath();
    const DatabaseUrl destination = target.url.withDatabase(into, QDir::currentPath());
    // Over a production database the gate's own name is typed: an SQLite file's canonical path, a server's
    // host:port/database.
    const ProductionStatus status = destinationStatus(config, target, destination);
    const QString name = status.gated() ? SafetyGate::confirmationName(status) : destination.databaseLabel();
    if (status.gated())
        context.err() << maskPasswords(SafetyGate::production(status)) << '\n';
    const BackupRecord backup = DatabaseBackup::describe(backupPath);
    context.err() << QStringLiteral("Restore %1 into %2 (its current contents are replaced)\n")
                         .arg(QDir::toNativeSeparators(backupPath), destination.toDisplayString());
    if (!backup.databaseDisplay.isEmpty()) {
        context.err() << QStringLiteral("The backup is of %1 (environment '%2'), taken %3 at %4\n")
                             .arg(backup.databaseDisplay, backup.environment, backup.createdAt.toString(Qt::ISODate),
                                  !backup.revisionsKnown       ? QStringLiteral("an unknown revision")
                                  : backup.revisions.isEmpty() ? QStringLiteral("no revision")
                                                               : backup.revisions.join(QStringLiteral(", ")));
    } else {
        context.err()
            << "The backup has no note beside it: whose it is, and its revisions and checksum, cannot be checked\n";
    }
    QString typed = name;
    if (!args.isSet(kYes)) {
        if (!context.input()) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("restore replaces the contents of '%1' and no terminal is attached to ask for "
                                        "confirmation: pass --yes; nothing was changed")
                             .arg(name));
        }
        typed = context.ask(QStringLiteral("Type '%1' to restore into it: ").arg(name));
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
    request.terminateSessions = args.isSet(kTerminateSessions);
    request.lockTimeoutSeconds = settings.lockTimeoutSeconds;
    request.dbLockTimeoutSeconds = settings.dbLockTimeoutSeconds;
    request.backUpReplaced = [&]() { return backUpBeforeRestore(context, config, destination, status, args); };
    RETORT_TRY(const RestoreOutcome outcome,
               DatabaseRestore::run(request, [&context](const QString &message) { context.err() << message << '\n'; }));
    context.printLine(restoreSummary(destination, outcome));
    return Status::success();
}

ProductionStatus RestoreCommand::destinationStatus(const ProjectConfig &config, const DatabaseTarget &target,
                                                   const DatabaseUrl &destination)
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

Result<QString> RestoreCommand::backUpBeforeRestore(CommandContext &context, const ProjectConfig &config,
                                                    const DatabaseUrl &destination, const ProductionStatus &status,
                                                    const ParsedArguments &args)
{
    const QString reason = args.value(kReason).trimmed();
    if (args.isSet(kNoBackup)) {
        if (!status.gated())
            return QString();
        if (reason.isEmpty()) {
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("--no-backup needs --reason \"why no backup is needed\""));
        }
        context.err() << "Not backing up production environment '" << status.environment << "' first: " << reason
                      << '\n';
        return QString();
    }
    // Nothing there yet: the restore creates it.
    if (destination.dialect() == Dialect::SQLite ? !QFileInfo::exists(destination.database())
                                                 : !DatabaseConnection::open(destination).ok())
        return QString();
    const QString environment = status.gated() && config.environments().contains(status.environment)
                                    ? status.environment
                                    : context.environmentName();
    RETORT_TRY(const DatabaseTarget target, config.resolveTarget(context.url(), environment, context.environment()));
    const BackupSettings backupSettings = BackupSettings::forTarget(config, target);
    if (DatabaseBackup::resolveMethod(backupSettings.method, destination.dialect()) == BackupMethod::None) {
        if (status.gated()) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("production environment '%1' keeps no backups (backup = none), and a restore "
                                        "replaces it: pass --no-backup --reason \"...\"; nothing was changed")
                             .arg(status.environment));
        }
        context.err() << "Not backing up " << destination.databaseLabel() << " first: backup = none in retort.ini\n";
        return QString();
    }
    if (status.gated())
        context.err() << "Backing up production environment '" << status.environment << "' before replacing it ...\n";
    else
        context.err() << "Backing up " << destination.databaseLabel() << " before replacing it ...\n";
    RETORT_TRY(const BackupRecord record, DatabaseBackup::take(destination, backupSettings));
    context.err() << "Backup " << record.summary() << '\n';
    return record.path;
}

} // namespace

std::unique_ptr<Command> restore()
{
    return std::make_unique<RestoreCommand>();
}

} // namespace retort::cli::commands
