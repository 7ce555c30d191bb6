// SPDX-License-Identifier: GPL-3.0-or-later
// retort backup: a verified backup with the database's own tools, recorded; --list shows them.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/runtime/VersionTable.h"
#include "core/TextFormat.h"
#include "core/runtime/RunRequest.h"
#include "core/safety/DatabaseBackup.h"
#include "core/safety/SafetyGate.h"

#include <QDir>
#include <QJsonArray>

namespace retort::cli::commands {

namespace {

const OptionSpec kList{{QStringLiteral("--list")}, QString(), QStringLiteral("List the backups already in backup_dir")};

class BackupCommand : public ProjectCommand
{
public:
    BackupCommand()
        : ProjectCommand(QStringLiteral("backup"), QString(),
                         QStringLiteral("Back up the database with its own tools, verify the backup and record it"),
                         {kList, kJson}, Arity::none(), std::nullopt)
    {
    }

    Status checkArguments(const ParsedArguments &args) const override
    {
        if (args.isSet(kJson) && !args.isSet(kList))
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("--json goes with --list (taking a backup prints its record as text)"));
        return Status::success();
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

// One backup of `backup --list --json`.
QJsonObject backupJson(const BackupRecord &record)
{
    return QJsonObject{
        {QStringLiteral("created_at"), record.createdAt.toString(Qt::ISODate)}, // UTC: "...Z"
        {QStringLiteral("environment"), jsonText(record.environment)},
        {QStringLiteral("database"), jsonText(maskPasswords(record.databaseDisplay))},
        {QStringLiteral("method"), backupMethodName(record.method)},
        // null, not [], when no note said: an empty list means "taken before any revision was applied".
        {QStringLiteral("revisions"),
         record.revisionsKnown ? QJsonValue(QJsonArray::fromStringList(record.revisions)) : QJsonValue()},
        {QStringLiteral("verification"), jsonText(record.verification)},
        {QStringLiteral("sha256"), jsonText(record.sha256)},
        {QStringLiteral("bytes"), record.bytes},
        {QStringLiteral("path"), QDir::toNativeSeparators(record.path)},
    };
}

Status BackupCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ProjectConfig &config = project.config;
    RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
    const BackupSettings settings = BackupSettings::forTarget(config, target);
    const QVector<BackupRecord> existing = DatabaseBackup::list(settings);
    if (args.isSet(kList) && args.isSet(kJson)) {
        QJsonArray backups;
        for (const BackupRecord &record : existing)
            backups.append(backupJson(record));
        printJson(context, QJsonObject{{QStringLiteral("directory"), QDir::toNativeSeparators(settings.directory)},
                                       {QStringLiteral("backups"), backups}});
        return Status::success();
    }
    if (args.isSet(kList)) {
        // Each backup: when, whose, how big, at which revision, of which database; its file; how it was verified.
        for (const BackupRecord &record : existing) {
            const QString revisions =
                !record.revisionsKnown ? QStringLiteral("revision unknown") : versionStateText(record.revisions);
            QStringList first{record.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
                              record.environment.isEmpty() ? QStringLiteral("?") : record.environment,
                              humanSize(record.bytes), revisions};
            if (!record.databaseDisplay.isEmpty())
                first << maskPasswords(record.databaseDisplay);
            context.printLine(first.join(QStringLiteral("  ")));
            context.printLine(QStringLiteral("    ") + QDir::toNativeSeparators(record.path));
            context.printLine(QStringLiteral("    ") + (record.verification.isEmpty()
                                                            ? QStringLiteral("no note of its verification beside it")
                                                            : QStringLiteral("verified: ") + record.verification));
        }
        context.err() << QStringLiteral("%1 backup(s) in %2; Retort never deletes them.\n")
                             .arg(existing.size())
                             .arg(QDir::toNativeSeparators(settings.directory));
        return Status::success();
    }
    RETORT_CHECK(takeBackup(context, config, target));
    if (!existing.isEmpty()) {
        context.err() << QStringLiteral("%1 older backup(s) in %2 (retort backup --list); Retort never deletes them.\n")
                             .arg(existing.size())
                             .arg(QDir::toNativeSeparators(settings.directory));
    }
    return Status::success();
}

} // namespace

Result<TakenBackup> takeBackup(CommandContext &context, const ProjectConfig &config, const DatabaseTarget &target)
{
    context.err() << "Backing up " << target.url.toDisplayString() << " ...\n";
    context.err().flush();
    TakenBackup taken;
    RETORT_TRY(taken.record, DatabaseBackup::take(target.url, BackupSettings::forTarget(config, target)));
    context.printLine(taken.record.summary());
    const BackupRecording recording =
        recordBackupInHistory(target.url, RunSettings::fromConfig(config, target.environmentName), taken.record);
    if (!recording.recorded) {
        taken.notRecorded = maskPasswords(recording.notRecorded);
        context.err() << QStringLiteral("Not recorded in the history: %1.\n").arg(taken.notRecorded);
    }
    return taken;
}

std::unique_ptr<Command> backup()
{
    return std::make_unique<BackupCommand>();
}

} // namespace retort::cli::commands
