// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/ArgumentParser.h"
#include "core/Result.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"

#include <QString>
#include <QVector>

#include <memory>
#include <optional>

namespace retort::cli {

class CommandContext;

// How many positional arguments a command takes.
struct Arity
{
    int min = 0;
    int max = 0; // kAny: no limit
    static constexpr int kAny = -1;

    static Arity none() { return {0, 0}; }
    static Arity exactly(int count) { return {count, count}; }
    static Arity atLeast(int count) { return {count, kAny}; }
    bool accepts(int count) const { return count >= min && (max == kAny || count <= max); }
};

// One `retort` command: its name, usage and options, and what it does (in the manner of KeePassXC's
// src/cli). Commands are registered in Cli; each lives in its own file under commands/.
class Command
{
public:
    Command(QString name, QString usage, QString summary, QVector<OptionSpec> options, Arity arity)
        : m_name(std::move(name)), m_usage(std::move(usage)), m_summary(std::move(summary)),
          m_options(std::move(options)), m_arity(arity)
    {
    }
    virtual ~Command() = default;
    Command(const Command &) = delete;
    Command &operator=(const Command &) = delete;

    const QString &name() const { return m_name; }
    const QString &usage() const { return m_usage; } // what follows the options, e.g. "REV"
    const QString &summary() const { return m_summary; }
    // More for `retort COMMAND --help`, after the summary: paragraphs, '\n'-separated; empty for most commands.
    virtual QString details() const { return QString(); }
    const QVector<OptionSpec> &options() const { return m_options; }
    Arity arity() const { return m_arity; }

    // Arguments that cannot work together, refused before anything is read (retort.ini included).
    [[nodiscard]] virtual Status checkArguments(const ParsedArguments &args) const
    {
        Q_UNUSED(args);
        return Status::success();
    }
    [[nodiscard]] virtual Status execute(CommandContext &context, const ParsedArguments &args) = 0;

private:
    QString m_name;
    QString m_usage;
    QString m_summary;
    QVector<OptionSpec> m_options;
    Arity m_arity;
};

// What a command that reads the project has: retort.ini, and the revision files when it needs them.
struct Project
{
    ProjectConfig config;
    std::optional<ScriptDirectory> scripts;
};

// A command that works on the project: retort.ini loaded (its warnings printed) and, unless `contents` is
// empty, the revision files (GraphOnly: headers only). The project stays with the command: the process
// ends without freeing it, one string at a time (main() never destroys the Cli).
class ProjectCommand : public Command
{
public:
    // `contents`: which revision files to read (std::nullopt: none, retort.ini alone).
    ProjectCommand(QString name, QString usage, QString summary, QVector<OptionSpec> options, Arity arity,
                   std::optional<ScriptContents> contents = ScriptContents::GraphOnly)
        : Command(std::move(name), std::move(usage), std::move(summary), std::move(options), arity),
          m_contents(contents)
    {
    }

    Status execute(CommandContext &context, const ParsedArguments &args) final;

protected:
    [[nodiscard]] virtual Status run(CommandContext &context, const Project &project, const ParsedArguments &args) = 0;

private:
    // `error` with the guidance the project (and the database, where the command read it) can give.
    Error withHints(const CommandContext &context, const Project &project, Error error) const;

    std::optional<ScriptContents> m_contents;
    std::optional<Project> m_project;
};

} // namespace retort::cli
