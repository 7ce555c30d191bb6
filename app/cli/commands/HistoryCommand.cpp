// SPDX-License-Identifier: GPL-3.0-or-later
// retort history: the revisions in order, newest first.
#include "app/cli/CommandContext.h"
#include "app/cli/commands/Commands.h"
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionFormatter.h"
#include <QSet>

namespace retort::cli::commands {

namespace {

const OptionSpec kRevRange{{QStringLiteral("-r"), QStringLiteral("--rev-range")},
                           QStringLiteral("[START]:[END]"),
                           QStringLiteral("Range of revisions to include")};
const OptionSpec kIndicateCurrent{{QStringLiteral("-i"), QStringLiteral("--indicate-current")},
                                  QString(),
                                  QStringLiteral("Mark the database's current revision(s)")};

class HistoryCommand : public ProjectCommand
{
public:
    HistoryCommand()
        : ProjectCommand(QStringLiteral("history"), QString(),
                         QStringLiteral("List changeset scripts in chronological order, newest first"),
                         {kRevRange, kVerbose, kIndicateCurrent, kJson}, Arity::none())
    {
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

Status HistoryCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    const ProjectConfig &config = project.config;
    const ScriptDirectory &scripts = *project.scripts;
    QString base;
    QString head;
    if (args.isSet(kRevRange)) {
        const QString range = args.value(kRevRange).trimmed();
        const int colon = range.indexOf(QLatin1Char(':'));
        if (colon < 0)
            return Error(ErrorCode::CommandLine,
                         QStringLiteral("History range requires [start]:[end], [start]:, or :[end]"));
        base = range.left(colon);
        head = range.mid(colon + 1);
    }
    const bool indicateCurrent = args.isSet(kIndicateCurrent);
    QStringList rows;
    if (indicateCurrent || base == QLatin1String("current") || head == QLatin1String("current")) {
        RETORT_TRY(const DatabaseTarget target, context.databaseTarget(config));
        RETORT_TRY(rows, context.readCurrentRows(config, target));
    }
    const MigrationPlanner planner(scripts.map());
    RETORT_TRY(const QVector<int> revisions, planner.historyRevisions(base, head, rows));
    QSet<int> current;
    for (const QString &row : std::as_const(rows))
        current.insert(scripts.map().indexOf(row));
    if (args.isSet(kJson)) {
        // is_current only when -i read the database: null says "not asked", not "no".
        QJsonArray list;
        for (int index : revisions) {
            QJsonObject revision = revisionJson(scripts, index);
            revision.insert(QStringLiteral("is_current"),
                            indicateCurrent ? QJsonValue(current.contains(index)) : QJsonValue());
            list.append(revision);
        }
        printJson(context, QJsonObject{{QStringLiteral("revisions"), list}});
        return Status::success();
    }
    RevisionFormatter formatter(scripts.map());
    if (indicateCurrent)
        formatter.setCurrent(current);
    RevisionFormatter::Options options;
    options.includeBranches = true;
    options.includeDoc = true;
    options.includeParents = true;
    const bool verbose = args.isSet(kVerbose);
    for (int index : revisions)
        context.printLine(formatter.format(index, verbose, options));
    return Status::success();
}

} // namespace

std::unique_ptr<Command> history()
{
    return std::make_unique<HistoryCommand>();
}

} // namespace retort::cli::commands
