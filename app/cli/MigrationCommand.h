// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/Command.h"
#include "core/runtime/MigrationRunner.h"

namespace retort::cli {

// upgrade, downgrade and stamp: a run through MigrationRunner (the production gate first where it applies,
// progress on stderr, the version table at the end), a rehearsal, or with --sql the offline script.
class MigrationCommand : public ProjectCommand
{
public:
    static const OptionSpec kSql;
    static const OptionSpec kLockTimeout;
    static const OptionSpec kRehearse;
    static const OptionSpec kRunExactSql;

    // `options` come before --sql and the gate's options.
    MigrationCommand(QString name, QString usage, QString summary, QVector<OptionSpec> options, Arity arity);

    Status checkArguments(const ParsedArguments &args) const final;

protected:
    // What the command's arguments ask for: the request, and with --sql the revision the script starts from.
    struct Migration
    {
        RunRequest request;
        QString startRevision;
    };
    [[nodiscard]] virtual Result<Migration> migration(const ParsedArguments &args) const = 0;
    // upgrade/downgrade REV, or START:REV with --sql (which downgrade requires, as Alembic does).
    [[nodiscard]] static Result<Migration> range(const ParsedArguments &args, RunRequest::Command command);

    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) final;

private:
    // `request` to the database, or as a script from `startRevision` with --sql.
    [[nodiscard]] Status runMigration(CommandContext &context, const Project &project, RunRequest request,
                                      const ParsedArguments &args, const QString &startRevision);
    [[nodiscard]] Status printOfflineScript(CommandContext &context, const Project &project,
                                            const DatabaseTarget &target, const RunRequest &request,
                                            const QString &startRevision);
};

// upgrade and downgrade: one revision (or START:REV with --sql) in one direction.
class RangeCommand : public MigrationCommand
{
public:
    RangeCommand(QString name, QString summary, RunRequest::Command direction)
        : MigrationCommand(std::move(name), QStringLiteral("REV"), std::move(summary), {kRunExactSql},
                           Arity::exactly(1)),
          m_direction(direction)
    {
    }

protected:
    Result<Migration> migration(const ParsedArguments &args) const override { return range(args, m_direction); }

private:
    RunRequest::Command m_direction;
};

} // namespace retort::cli
