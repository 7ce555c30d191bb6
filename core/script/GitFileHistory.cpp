// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/GitFileHistory.h"

#include "core/script/MigrationScript.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

namespace retort {

namespace {

// Commits that touch a file at most looked at: a migration file changes a few times, not hundreds.
constexpr int kMaxCommits = 200;

struct GitRun
{
    bool finished = false; // ran to its end in time (whatever its exit code)
    int exitCode = -1;
    QByteArray out;
};

// `git arguments` in `directory`, `input` on its stdin. Never prompts (no terminal, no pager, no editor).
GitRun runGit(const QString &directory, const QStringList &arguments, const QByteArray &input = QByteArray())
{
    QProcess process;
    process.setWorkingDirectory(directory);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    environment.insert(QStringLiteral("GIT_PAGER"), QStringLiteral("cat"));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    process.setProcessEnvironment(environment);
    process.setStandardErrorFile(QProcess::nullDevice());
    process.start(QStringLiteral("git"), QStringList{QStringLiteral("--no-pager")} + arguments);
    GitRun run;
    if (!process.waitForStarted(GitFileHistory::kTimeoutMs))
        return run; // no git
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(GitFileHistory::kTimeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return run;
    }
    run.finished = process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    return run;
}

} // namespace

std::optional<GitFileHistory::Section>
GitFileHistory::upgradeSectionWithChecksum(const QString &path, const QString &checksum, std::optional<Dialect> dialect)
{
    const QFileInfo file(path);
    const QString directory = file.absolutePath();
    if (checksum.isEmpty() || !QFileInfo(directory).isDir())
        return std::nullopt;
    // Each commit that touched the file, newest first, with the file's path (from the top) in that commit.
    const GitRun log =
        runGit(directory, {QStringLiteral("log"), QStringLiteral("--follow"),
                           QStringLiteral("--max-count=%1").arg(kMaxCommits), QStringLiteral("--format=commit %H"),
                           QStringLiteral("--name-only"), QStringLiteral("--"), file.fileName()});
    if (!log.finished || log.exitCode != 0)
        return std::nullopt; // not in a work tree, or no git
    QStringList commits;
    QStringList objects;
    QString commit;
    for (const QByteArray &line : log.out.split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (text.isEmpty())
            continue;
        if (text.startsWith(QLatin1String("commit "))) {
            commit = text.mid(7);
            continue;
        }
        if (commit.isEmpty())
            continue; // a second name of one commit
        commits << commit;
        objects << commit + u':' + text;
        commit.clear();
    }
    if (objects.isEmpty())
        return std::nullopt;
    // Every version in one process: "<oid> blob <size>\n<bytes>\n" each, or "<name> missing\n".
    const GitRun batch =
        runGit(directory, {QStringLiteral("cat-file"), QStringLiteral("--batch")}, objects.join(u'\n').toUtf8() + '\n');
    if (!batch.finished || batch.exitCode != 0)
        return std::nullopt;
    qsizetype at = 0;
    for (const QString &version : std::as_const(commits)) {
        const qsizetype headerEnd = batch.out.indexOf('\n', at);
        if (headerEnd < 0)
            break;
        const QList<QByteArray> header = batch.out.mid(at, headerEnd - at).split(' ');
        at = headerEnd + 1;
        if (header.size() != 3 || header[1] != "blob")
            continue; // missing
        const qsizetype size = header[2].toLongLong();
        const QByteArray bytes = batch.out.mid(at, size);
        at += size + 1;
        const Result<MigrationScript> script = MigrationScriptParser::parse(path, QString::fromUtf8(bytes));
        // The section that version gave the dialect (a dialect section added later leaves the plain one).
        if (script.ok() && script->section(true, dialect).checksum == checksum)
            return Section{script->section(true, dialect).text, version};
    }
    return std::nullopt;
}

QString GitFileHistory::unifiedDiff(const QString &before, const QString &after, const QString &beforeLabel,
                                    const QString &afterLabel)
{
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return QString();
    auto write = [&scratch](const QString &name, const QString &text) {
        QFile file(scratch.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) >= 0;
    };
    if (!write(QStringLiteral("before"), before) || !write(QStringLiteral("after"), after))
        return QString();
    // Exit 1: the files differ.
    const GitRun diff =
        runGit(scratch.path(), {QStringLiteral("diff"), QStringLiteral("--no-index"), QStringLiteral("--no-color"),
                                QStringLiteral("--no-ext-diff"), QStringLiteral("--unified=3"),
                                QStringLiteral("before"), QStringLiteral("after")});
    if (!diff.finished || diff.exitCode != 1)
        return QString();
    // git's own headers name the scratch files: the hunks from the first "@@" on, under ours.
    const QString text = QString::fromUtf8(diff.out);
    const qsizetype hunks = text.startsWith(QStringLiteral("@@")) ? 0 : text.indexOf(QStringLiteral("\n@@"));
    if (hunks < 0)
        return QString();
    return QStringLiteral("--- %1\n+++ %2\n").arg(beforeLabel, afterLabel) + text.mid(hunks == 0 ? 0 : hunks + 1);
}

} // namespace retort
