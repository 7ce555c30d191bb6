// SPDX-License-Identifier: GPL-3.0-or-later
// retort stamp REV...: set the version table without running anything.
#include "app/cli/MigrationCommand.h"
#include "app/cli/commands/Commands.h"

namespace retort::cli::commands {

namespace {

const OptionSpec kPurge{
    {QStringLiteral("--purge")}, QString(), QStringLiteral("Empty the version table before stamping")};

class StampCommand : public MigrationCommand
{
public:
    StampCommand()
        : MigrationCommand(
              QStringLiteral("stamp"), QStringLiteral("REV..."),
              QStringLiteral("Set the version table to the given revision(s) without running any migration"), {kPurge},
              Arity::atLeast(1))
    {
    }

protected:
    Result<Migration> migration(const ParsedArguments &args) const override;
};

Result<MigrationCommand::Migration> StampCommand::migration(const ParsedArguments &args) const
{
    Migration migration;
    RunRequest &request = migration.request;
    request.command = RunRequest::Command::Stamp;
    request.purge = args.isSet(kPurge);
    const bool offline = args.isSet(kSql);
    if (offline && request.purge)
        return Error(ErrorCode::CommandLine, QStringLiteral("Can't use --purge with --sql mode"));
    QString &start = migration.startRevision;
    bool startSeen = false;
    for (QString target : args.positionals) {
        if (offline && target.contains(QLatin1Char(':'))) {
            const QString from = target.section(QLatin1Char(':'), 0, 0);
            if (startSeen && from != start) {
                return Error(
                    ErrorCode::CommandLine,
                    QStringLiteral("Stamp operation with --sql only supports a single starting revision at a time"));
            }
            start = from;
            startSeen = true;
            target = target.section(QLatin1Char(':'), 1);
        }
        request.targets << target;
    }
    return migration;
}

} // namespace

std::unique_ptr<Command> stamp()
{
    return std::make_unique<StampCommand>();
}

} // namespace retort::cli::commands
