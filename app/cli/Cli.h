// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/Command.h"
#include "app/cli/CommandContext.h"

#include <QProcessEnvironment>
#include <QTextStream>

#include <memory>
#include <vector>

namespace retort::cli {

// The `retort` command line: Alembic's commands and output formats plus Retort's own. It reads the global
// options, finds the command (commands/), checks its arguments, runs it, and turns its Status into the one
// exit-code rule: 0 success, 1 failure ("FAILED: ..." on `err`), 2 bad usage, 8 applied files edited. A
// command given --json reports its failure as a JSON error object on `err` instead, with the same exit status.
class Cli
{
public:
    Cli(QTextStream &out, QTextStream &err, QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());

    int run(const QStringList &arguments);
    // Where confirmations are read from when a person is at a terminal; without one, production commands
    // need --yes and never prompt.
    void setTerminalInput(QTextStream *input) { m_context.setInput(input); }

private:
    static int exitCode(ErrorCode code);
    // Reports `error` on `err` (a JSON error object when `json`) and returns the exit status it means.
    int fail(const Error &error, bool json);
    void printUsage(QTextStream &stream) const;
    void printCommandHelp(const Command &command);

    CommandContext m_context;
    std::vector<std::unique_ptr<Command>> m_commands;
};

} // namespace retort::cli
