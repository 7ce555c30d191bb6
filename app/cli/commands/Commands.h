// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/Command.h"
#include "core/runtime/BackupRecord.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include <memory>

// Each `retort` command, one file apiece; Cli registers them in this order (the order of `retort --help`).
namespace retort::cli::commands {

std::unique_ptr<Command> init();
std::unique_ptr<Command> revision();
std::unique_ptr<Command> merge();
std::unique_ptr<Command> heads();
std::unique_ptr<Command> branches();
std::unique_ptr<Command> current();
std::unique_ptr<Command> history();
std::unique_ptr<Command> show();
std::unique_ptr<Command> upgrade();
std::unique_ptr<Command> downgrade();
std::unique_ptr<Command> stamp();
std::unique_ptr<Command> plan();
std::unique_ptr<Command> lint();
std::unique_ptr<Command> verify();
std::unique_ptr<Command> status();
std::unique_ptr<Command> backup();
std::unique_ptr<Command> restore();
std::unique_ptr<Command> markProduction();
std::unique_ptr<Command> unmarkProduction();
std::unique_ptr<Command> checklist();

// The options more than one command takes.
extern const OptionSpec kVerbose;
extern const OptionSpec kRevId;
extern const OptionSpec kJson;

// One JSON document on stdout, for scripts (the fields each command gives are listed in the README).
void printJson(CommandContext &context, const QJsonObject &document);
// A text field of a JSON document: null when there is nothing, so scripts need not tell "" from absent.
QJsonValue jsonText(const QString &text);
// The object heads, branches, history, show and current give for the revision at `index` of the map:
// the same fields everywhere (README, "JSON output"), whatever --verbose says.
QJsonObject revisionJson(const ScriptDirectory &scripts, int index);
// revisionJson() of each of `indexes`, in their order.
QJsonArray revisionsJson(const ScriptDirectory &scripts, const QVector<int> &indexes);

// Each hint as "  LABEL: text", its command below it, indented to the text (passwords masked).
void printHints(QTextStream &stream, const QVector<Hint> &hints, const QString &label = QStringLiteral("hint"));
// The "hints" array of the --json error object: {text, command (null when none)} each.
QJsonArray hintsJson(const QVector<Hint> &hints);

// backup and a walk's {backup}: a verified backup of `target` ("Backing up ..." on stderr, its summary on stdout),
// recorded in the history table; `notRecorded` says why no row was written there (empty when one was).
struct TakenBackup
{
    BackupRecord record;
    QString notRecorded;
};
[[nodiscard]] Result<TakenBackup> takeBackup(CommandContext &context, const ProjectConfig &config,
                                             const DatabaseTarget &target);

// A --dialect NAME option (lint, plan): the dialect NAME stands for (sqlite, postgresql or postgres, mysql or
// mariadb, in any case), nullopt when the option is not given; an error naming the option and the known names
// for any other NAME.
[[nodiscard]] Result<std::optional<Dialect>> dialectOption(const ParsedArguments &args, const OptionSpec &option);

// Comma-separated values of a repeatable option, as one list.
QStringList splitList(const QStringList &values);
// Which file a new revision is: the project's own kind (.py in an Alembic project, .sql otherwise), or .sql.
enum class RevisionFileKind
{
    ProjectDefault,
    Sql
};
// revision, merge and a walk's {revision -m}: write the file, print Alembic's "Generating ...  done"; its path.
[[nodiscard]] Result<QString> writeRevision(CommandContext &context, const Project &project,
                                            ScriptDirectory::NewRevision request,
                                            RevisionFileKind kind = RevisionFileKind::ProjectDefault);

} // namespace retort::cli::commands
