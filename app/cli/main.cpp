// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Cli.h"

#include <QCoreApplication>

#include <cstdio>

#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("retort"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    // Never destroyed, nor the project its command keeps: freeing a 10,000-revision project one string
    // at a time costs more than the kernel takes to drop the whole process (compilers skip it for the
    // same reason). The pointer keeps it reachable, so leak checkers do not count it.
    static retort::cli::Cli *cli = new retort::cli::Cli(out, err);
    // Confirmations are asked only of a person: never read from a pipe or a CI job's stdin.
    QTextStream in(stdin);
    if (isatty(STDIN_FILENO) && isatty(STDERR_FILENO))
        cli->setTerminalInput(&in);
    const int status = cli->run(app.arguments().mid(1));
    out.flush();
    err.flush();
    return status;
}
