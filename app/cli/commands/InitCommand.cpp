// SPDX-License-Identifier: GPL-3.0-or-later
// retort init DIRECTORY: the migrations folder, retort.ini and a .gitignore.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace retort::cli::commands {

namespace {

class InitCommand : public Command
{
public:
    InitCommand()
        : Command(QStringLiteral("init"), QStringLiteral("DIRECTORY"),
                  QStringLiteral("Initialize a new migrations folder and retort.ini"), {}, Arity::exactly(1))
    {
    }

    Status execute(CommandContext &context, const ParsedArguments &args) override;

private:
    static Status writeGitignore(CommandContext &context, const QString &folder);
};

Status InitCommand::execute(CommandContext &context, const ParsedArguments &args)
{
    const QString directory = args.positionals.first();
    const QDir dir(directory);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        return Error(ErrorCode::Io, QStringLiteral("Directory %1 already exists and is not empty").arg(directory));
    const QString absolute = QFileInfo(directory).absoluteFilePath();
    for (const QString &folder : {absolute, absolute + QStringLiteral("/versions")}) {
        if (QFileInfo::exists(folder))
            continue;
        context.out() << "Creating directory " << QDir::cleanPath(folder) << " ...";
        if (!QDir().mkpath(folder)) {
            context.out() << "  FAILED\n";
            return Error(ErrorCode::Io, QStringLiteral("cannot create directory %1").arg(folder));
        }
        context.out() << "  done\n";
    }
    const QString iniPath = QFileInfo(context.configPath()).absoluteFilePath();
    if (QFileInfo::exists(iniPath)) {
        context.out() << "File " << iniPath << " already exists, skipping\n";
    } else {
        const QString location = QFileInfo(iniPath).absoluteDir().relativeFilePath(absolute);
        context.out() << "Generating " << iniPath << " ...";
        QSaveFile file(iniPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(ProjectConfig::defaultIniText(location).toUtf8()) < 0 ||
            !file.commit()) {
            context.out() << "  FAILED\n";
            return Error(ErrorCode::Io, QStringLiteral("%1: cannot write file: %2").arg(iniPath, file.errorString()));
        }
        context.out() << "  done\n";
    }
    RETORT_CHECK(writeGitignore(context, QFileInfo(iniPath).absolutePath()));
    context.out() << "Please edit the database URLs in " << iniPath << " before proceeding.\n";
    return Status::success();
}

// Backups hold every row of a database, local SQLite databases hold test data, and .retort/ holds walks:
// none of it belongs in the repository the project lives in. An existing .gitignore gets what it lacks.
Status InitCommand::writeGitignore(CommandContext &context, const QString &folder)
{
    static const QStringList entries = {
        QStringLiteral("backups/"),  QStringLiteral("*.db"),     QStringLiteral("*.db-journal"),
        QStringLiteral("*.db-wal"),  QStringLiteral("*.db-shm"), QStringLiteral("*.sqlite"),
        QStringLiteral("*.sqlite3"), QStringLiteral("*.lock"),   QStringLiteral(".retort/")};
    const QString path = QDir(folder).filePath(QStringLiteral(".gitignore"));
    QFile existing(path);
    QStringList present;
    QByteArray before;
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly))
            return Error(ErrorCode::Io, QStringLiteral("%1: cannot read file: %2").arg(path, existing.errorString()));
        before = existing.readAll();
        for (const QByteArray &line : before.split('\n'))
            present << QString::fromUtf8(line).trimmed();
        existing.close();
    }
    QStringList missing;
    for (const QString &entry : entries) {
        if (!present.contains(entry))
            missing << entry;
    }
    if (missing.isEmpty())
        return Status::success();
    const bool adding = existing.exists();
    context.out() << (adding ? "Adding Retort's entries to " : "Generating ") << path << " ...";
    QFile file(path);
    QByteArray text;
    if (!before.trimmed().isEmpty()) // a blank line between the user's entries and Retort's
        text += before.endsWith('\n') ? "\n" : "\n\n";
    text += "# Retort: backups hold every row of a database; local databases and Retort's state stay out of git.\n";
    text += missing.join(u'\n').toUtf8() + '\n';
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(text) != text.size()) {
        context.out() << "  FAILED\n";
        return Error(ErrorCode::Io, QStringLiteral("%1: cannot write file: %2").arg(path, file.errorString()));
    }
    context.out() << "  done\n";
    return Status::success();
}

} // namespace

std::unique_ptr<Command> init()
{
    return std::make_unique<InitCommand>();
}

} // namespace retort::cli::commands
