// SPDX-License-Identifier: GPL-3.0-or-later
// retort verify: whether the revisions the database has applied are still what ran.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/DriftCheck.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"

#include "core/NamedValues.h"

#include <QDir>
#include <QJsonArray>

namespace retort::cli::commands {

namespace {

class VerifyCommand : public ProjectCommand
{
public:
    VerifyCommand()
        : ProjectCommand(QStringLiteral("verify"), QString(),
                         QStringLiteral("Check that the revisions the database has applied are unchanged on disk"),
                         {kJson}, Arity::none(), ScriptContents::Everything)
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

constexpr std::pair<AppliedRevisionCheck::Finding, const char *> kFindingWords[] = {
    {AppliedRevisionCheck::Finding::Unchanged, "unchanged"},
    {AppliedRevisionCheck::Finding::Edited, "edited"},
    {AppliedRevisionCheck::Finding::Unverified, "unverified"},
    {AppliedRevisionCheck::Finding::MissingFile, "missing"},
};

QJsonObject reportJson(const DatabaseTarget &target, const DriftReport &report)
{
    QJsonArray revisions;
    for (const AppliedRevisionCheck &check : report.revisions) {
        revisions.append(QJsonObject{
            {QStringLiteral("revision"), check.revision},
            {QStringLiteral("finding"), wordFor(kFindingWords, check.finding)},
            {QStringLiteral("file"), jsonText(check.path)},
            {QStringLiteral("recorded_checksum"), jsonText(check.recordedChecksum)},
            {QStringLiteral("current_checksum"), jsonText(check.currentChecksum)},
            {QStringLiteral("recorded_at"), jsonText(check.recordedAt)},
            {QStringLiteral("recorded_by"), jsonText(check.recordedBy)},
            {QStringLiteral("recorded_event"), jsonText(check.recordedEvent)},
            {QStringLiteral("diff"), jsonText(check.diff)},
            {QStringLiteral("applied_commit"), jsonText(check.diffCommit)},
        });
    }
    QJsonObject document{{QStringLiteral("url"), target.url.toDisplayString()},
                         {QStringLiteral("history_table_found"), report.historyTableFound},
                         {QStringLiteral("revisions"), revisions}};
    for (const auto &[finding, word] : kFindingWords)
        document.insert(QString::fromLatin1(word), report.count(finding));
    return document;
}

QString shortSum(const QString &checksum)
{
    return checksum.left(12);
}

QString line(const AppliedRevisionCheck &check)
{
    const QString file = check.path.isEmpty() ? QString() : QDir::current().relativeFilePath(check.path);
    const QString applied = check.recordedAt.isEmpty()
                                ? QString()
                                : QStringLiteral(" (%1 %2 by %3)")
                                      .arg(check.recordedEvent, check.recordedAt,
                                           check.recordedBy.isEmpty() ? QStringLiteral("someone") : check.recordedBy);
    // An Alembic .py revision is checked whole: its imports and helpers are part of what ran.
    const QString what = check.path.endsWith(QLatin1StringView(".py")) ? QStringLiteral("the file")
                                                                       : QStringLiteral("the upgrade section");
    switch (check.finding) {
    case AppliedRevisionCheck::Finding::Unchanged:
        return QStringLiteral("ok          %1  %2").arg(check.revision, file);
    case AppliedRevisionCheck::Finding::Edited:
        if (!check.diff.isEmpty()) {
            // Indented under its revision, so the report still reads as one line per revision.
            QString diff = check.diff.trimmed();
            diff.replace(u'\n', QStringLiteral("\n    "));
            return QStringLiteral("EDITED      %1  %2: %3 is not what ran%4; it ran as in commit %5:\n    %6")
                .arg(check.revision, file, what, applied, check.diffCommit.left(12), diff);
        }
        return QStringLiteral("EDITED      %1  %2: %3 is not what ran%4; SHA-256 then %5…, now %6…")
            .arg(check.revision, file, what, applied, shortSum(check.recordedChecksum),
                 shortSum(check.currentChecksum));
    case AppliedRevisionCheck::Finding::Unverified:
        return QStringLiteral("unverified  %1  %2: no checksum recorded%3 (applied before Retort kept history, "
                              "or put back without a row of its own)")
            .arg(check.revision, file, applied);
    case AppliedRevisionCheck::Finding::MissingFile:
        break;
    }
    return QStringLiteral("MISSING     %1: the database has it applied, and no file in the versions folder defines it")
        .arg(check.revision);
}

Status VerifyCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ProjectConfig &config = project.config;
    RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
    RETORT_TRY(const auto connection, DatabaseConnection::open(target.url, DatabaseConnection::Mode::ReadOnly));
    if (!connection->exists()) {
        if (args.isSet(kJson))
            printJson(context, reportJson(target, DriftReport()));
        else
            context.printLine(
                QStringLiteral("%1 does not exist: nothing is applied, nothing to verify.").arg(target.url.database()));
        return Status::success();
    }
    const VersionTable versionTable(config.versionTable(), config.versionTableSchema());
    RETORT_TRY(const QStringList rows, versionTable.readRows(connection->database()));
    const auto dialect = SqlDialect::create(target.url.dialect());
    const QString history = config.historyTable().isEmpty()
                                ? QString()
                                : dialect->qualifiedTable(config.historyTable(), config.versionTableSchema());
    RETORT_TRY(DriftReport report,
               DriftCheck::run(*project.scripts, connection->database(), target.url.dialect(), rows, history));
    DriftCheck::addDiffs(*project.scripts, target.url.dialect(), &report);
    if (args.isSet(kJson)) {
        // The document says it all; the exit status still tells a script that something drifted.
        printJson(context, reportJson(target, report));
        context.setExitCode(report.drifted() ? 8 : 0);
        return Status::success();
    }

    for (const AppliedRevisionCheck &check : report.revisions)
        context.printLine(line(check));
    using Finding = AppliedRevisionCheck::Finding;
    const int edited = report.count(Finding::Edited);
    const int missing = report.count(Finding::MissingFile);
    QString summary = QStringLiteral("%1: %2 applied revision(s): %3 unchanged, %4 edited, %5 missing, %6 unverified")
                          .arg(target.url.toDisplayString())
                          .arg(report.revisions.size())
                          .arg(report.count(Finding::Unchanged))
                          .arg(edited)
                          .arg(missing)
                          .arg(report.count(Finding::Unverified));
    if (!report.historyTableFound)
        summary += config.historyTable().isEmpty() ? QStringLiteral(" (history_table is empty in retort.ini: nothing "
                                                                    "is recorded to compare with)")
                                                   : QStringLiteral(" (no %1 table yet)").arg(history);
    context.printLine(summary + u'.');
    if (!report.drifted())
        return Status::success();
    return Error(ErrorCode::Drift,
                 QStringLiteral("%1 applied revision(s) edited and %2 missing since they ran: the database holds "
                                "what those files no longer say. Put the files back as they were (git log -p on "
                                "them), or, if the change was deliberate, write it as a new revision.")
                     .arg(edited)
                     .arg(missing));
}

} // namespace

std::unique_ptr<Command> verify()
{
    return std::make_unique<VerifyCommand>();
}

} // namespace retort::cli::commands
