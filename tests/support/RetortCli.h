// SPDX-License-Identifier: GPL-3.0-or-later
// The real `retort` under test, run as a user runs it: its output, its exit code, and at a terminal.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace retort::testing {

// The environment the real `retort` runs in under test: the caller's, without the variables that
// would point it at another project or database.
inline QProcessEnvironment cliEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DATABASE_URL"));
    environment.remove(QStringLiteral("RETORT_CONFIG"));
    environment.remove(QStringLiteral("RETORT_PYTHON"));
    return environment;
}

// The interpreter whose Alembic the tests run: ALEMBIC_PYTHON, else Debian's python3-alembic's.
inline QString alembicPython()
{
    const QString python = qEnvironmentVariable("ALEMBIC_PYTHON");
    return python.isEmpty() ? QStringLiteral("/usr/bin/python3") : python;
}

// Whether alembicPython() imports `modules` (e.g. "alembic", "alembic, psycopg2").
inline bool pythonImports(const QString &modules)
{
    QProcess process;
    process.start(alembicPython(), {QStringLiteral("-c"), QStringLiteral("import ") + modules});
    return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

struct CliRun
{
    int exitCode = -1; // -1: did not start, timed out or crashed (see err)
    QString out;
    QString err;
};

inline CliRun finish(QProcess &process)
{
    CliRun result;
    if (!process.waitForStarted(10000)) {
        result.err = QStringLiteral("did not start: ") + process.errorString();
        return result;
    }
    if (!process.waitForFinished(180000)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("process timed out");
        return result;
    }
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    else
        result.err.prepend(QStringLiteral("process crashed\n"));
    return result;
}

#ifdef RETORT_CLI_PATH
// Runs the `retort` under test in `workingDirectory` (empty: this process's), with no terminal and nothing on
// its input.
inline CliRun runRetort(const QString &workingDirectory, const QStringList &arguments,
                        const QProcessEnvironment &environment = cliEnvironment())
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(RETORT_CLI_PATH), arguments);
    return finish(process);
}
#endif

// Runs `commandLine` (a shell command line) at a terminal that script(1) from util-linux makes, in
// `workingDirectory`, typing `answers`; what the terminal showed is in `out`. Empty (QSKIP it) without
// script(1), in `*missing`.
inline CliRun runAtTerminal(const QString &workingDirectory, const QString &commandLine, const QByteArray &answers,
                            bool *missing)
{
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    *missing = script.isEmpty();
    if (*missing)
        return {};
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    process.setProcessEnvironment(cliEnvironment());
    process.start(script, {QStringLiteral("-qec"), commandLine, QStringLiteral("/dev/null")});
    process.waitForStarted();
    process.write(answers);
    return finish(process);
}

} // namespace retort::testing
