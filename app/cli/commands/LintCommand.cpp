// SPDX-License-Identifier: GPL-3.0-or-later
// retort lint: the risks of the SQL about to run, per statement, before anything runs.
#include "app/cli/CommandContext.h"
#include "core/runtime/AlembicBridge.h"
#include "app/cli/LintReport.h"
#include "app/cli/commands/Commands.h"
#include "core/lint/Linter.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/RunChecks.h"
#include "core/runtime/TableSizes.h"
#include "core/runtime/VersionTable.h"

#include <QJsonArray>

namespace retort::cli::commands {

namespace {

const OptionSpec kDialect{
    {QStringLiteral("--dialect")},
    QStringLiteral("DIALECT"),
    QStringLiteral("Lint for postgresql, mysql or sqlite without a database (from base to heads)")};
const OptionSpec kRules{{QStringLiteral("--rules")},
                        QString(),
                        QStringLiteral("List the rules, their categories and this project's severities")};

class LintCommand : public ProjectCommand
{
public:
    LintCommand()
        : ProjectCommand(QStringLiteral("lint"), QStringLiteral("[RANGE]"),
                         QStringLiteral("Show the risks of the SQL about to run (default: what is pending for the "
                                        "database; exit 9 when an error-level finding remains)"),
                         {kDialect, kRules, kVerbose, kJson}, Arity{0, 1}, ScriptContents::Everything)
    {
    }

    Status checkArguments(const ParsedArguments &args) const override
    {
        RETORT_TRY(const std::optional<Dialect> dialect, dialectOption(args, kDialect));
        Q_UNUSED(dialect);
        return Status::success();
    }

protected:
    Status run(CommandContext &context, const Project &project, const ParsedArguments &args) override;
};

QString dialectWord(std::optional<Dialect> dialect)
{
    return dialect ? dialectName(*dialect) : QString();
}

void printRules(CommandContext &context, const LintSettings &settings)
{
    for (const LintRuleInfo &info : lintRules()) {
        context.printLine(QStringLiteral("%1  %2  %3  %4")
                              .arg(QLatin1String(info.id), -28)
                              .arg(categoryWord(info.category), -12)
                              .arg(severityWord(settings.severityOf(info.rule)), -7)
                              .arg(QLatin1String(info.catches)));
    }
}

// What is linted: the plan's steps, from which rows to where, and the database when one is read.
struct LintScope
{
    QStringList fromRows;
    QString destination = QStringLiteral("heads");
    std::optional<Dialect> dialect;
    std::unique_ptr<DatabaseConnection> connection; // null: offline
    QString database;                               // for the summary; empty offline
};

Result<LintScope> scopeFor(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    LintScope scope;
    const QString range = args.positionals.value(0);
    const bool explicitStart = range.contains(QLatin1Char(':'));
    if (!range.isEmpty())
        scope.destination = explicitStart ? range.section(QLatin1Char(':'), 1) : range;
    if (explicitStart) {
        const QString start = range.section(QLatin1Char(':'), 0, 0);
        if (start != QLatin1String("base") && !start.isEmpty()) {
            RETORT_TRY(const int index, RevisionResolver(project.scripts->map()).revisionFor(start));
            if (RevisionMap::isRevision(index))
                scope.fromRows << project.scripts->map().at(index).id;
        }
    }
    RETORT_TRY(scope.dialect, dialectOption(args, kDialect));
    if (scope.dialect)
        return scope;
    Result<DatabaseTarget> target = context.databaseTarget(project.config);
    if (!target.ok()) {
        if (target.error().code != ErrorCode::NoDatabaseUrl)
            return target.error();
        return scope; // no database named: every dialect's common rules, from base
    }
    scope.dialect = target->url.dialect();
    scope.database = target->url.toDisplayString();
    auto connection = DatabaseConnection::open(target->url, DatabaseConnection::Mode::ReadOnly);
    if (!connection.ok())
        return Error(ErrorCode::Unreachable, connection.error().message, connection.error().location);
    scope.connection = std::move(connection).value();
    if (!explicitStart && scope.connection->exists()) {
        const VersionTable versionTable(project.config.versionTable(), project.config.versionTableSchema());
        RETORT_TRY(scope.fromRows, versionTable.readRows(scope.connection->database()));
    }
    return scope;
}

} // namespace

Status LintCommand::run(CommandContext &context, const Project &project, const ParsedArguments &args)
{
    RETORT_TRY(const LintSettings settings, LintSettings::fromConfig(project.config));
    if (args.isSet(kRules)) {
        printRules(context, settings);
        return Status::success();
    }
    RETORT_TRY(const LintScope scope, scopeFor(context, project, args));
    const MigrationPlanner planner(project.scripts->map());
    auto steps = planner.upgradeSteps(scope.destination, scope.fromRows);
    if (!steps.ok())
        return commandError(steps.error());
    // A revision with nothing for this dialect would stop the run: no lint reads as clean over it.
    if (scope.dialect)
        RETORT_CHECK(refuseMissingSections(*project.scripts, steps.value(), *scope.dialect));
    // Alembic revisions' Python is read as the project's Alembic renders it for the dialect.
    std::optional<RenderReport> rendered;
    if (scope.dialect && project.config.writesAlembicRevisions())
        rendered = AlembicBridge::render(project.config, *project.scripts, steps.value(), *scope.dialect);
    LintFindings findings =
        lintSteps(*project.scripts, steps.value(), scope.dialect, settings, rendered ? &*rendered : nullptr);
    if (scope.connection && scope.connection->exists() && scope.dialect)
        addTableSizes(scope.connection->database(), *scope.dialect, findings);
    const LintTally tally(findings);

    QStringList revisions;
    QStringList notRead; // Alembic revisions whose upgrade() is Python and was not rendered whole: their SQL is unknown
    QStringList whyNotRead;
    QStringList withDialectSections; // with no dialect, only their plain sections were read
    for (const MigrationStep &step : steps.value()) {
        if (step.kind != MigrationStep::Kind::Revision)
            continue;
        revisions << project.scripts->map().at(step.revision).id;
        const MigrationScript &script = project.scripts->script(step.revision);
        if (!scope.dialect && !script.sectionDialects().isEmpty())
            withDialectSections << revisions.last();
        if (script.section(true, scope.dialect).body != SectionBody::Python)
            continue;
        const RenderedSection *section = rendered ? rendered->find(revisions.last(), true) : nullptr;
        if (section && section->complete())
            continue;
        notRead << revisions.last();
        whyNotRead << QStringLiteral("  %1: %2")
                          .arg(revisions.last(),
                               section ? section->describe()
                                       : QStringLiteral("no dialect to render it for (a database URL or --dialect)"));
    }
    if (args.isSet(kJson)) {
        QJsonArray list;
        for (const LintFinding &finding : std::as_const(findings))
            list.append(findingJson(finding));
        printJson(context,
                  QJsonObject{
                      {QStringLiteral("dialect"), jsonText(dialectWord(scope.dialect))},
                      {QStringLiteral("database"), jsonText(scope.database)},
                      {QStringLiteral("from"), QJsonArray::fromStringList(scope.fromRows)},
                      {QStringLiteral("to"), scope.destination},
                      {QStringLiteral("revisions"), QJsonArray::fromStringList(revisions)},
                      {QStringLiteral("not_read"), QJsonArray::fromStringList(notRead)},
                      {QStringLiteral("dialect_sections_not_read"), QJsonArray::fromStringList(withDialectSections)},
                      {QStringLiteral("findings"), list},
                      {QStringLiteral("errors"), tally.errors},
                      {QStringLiteral("warnings"), tally.warnings},
                      {QStringLiteral("infos"), tally.infos},
                      {QStringLiteral("suppressed"), tally.suppressed},
                  });
        context.setExitCode(tally.errors > 0 ? 9 : 0);
        return Status::success();
    }
    for (const LintFinding &finding : std::as_const(findings)) {
        if (!finding.suppressed() || args.isSet(kVerbose))
            context.printLine(findingLine(finding));
    }
    const QString where = scope.dialect ? QStringLiteral(" for %1").arg(dialectWord(scope.dialect))
                                        : QStringLiteral(" with no dialect (a database URL or --dialect adds its "
                                                         "lock and rewrite rules)");
    // A revision lint could not read is not a clean one: said, so "0 errors" never covers it.
    if (!notRead.isEmpty()) {
        context.err() << QStringLiteral("warning: %1 Alembic revision(s) not read: their upgrade() is Python, whose "
                                        "SQL the project's Alembic did not render whole:\n%2\n")
                             .arg(notRead.size())
                             .arg(whyNotRead.join(u'\n'));
    }
    if (!withDialectSections.isEmpty()) {
        context.err() << QStringLiteral("warning: %1 revision(s) have sections for one dialect, not read with no "
                                        "dialect (only their plain sections were): %2; lint with --dialect NAME\n")
                             .arg(withDialectSections.size())
                             .arg(withDialectSections.join(QStringLiteral(", ")));
    }
    context.err() << QStringLiteral("Linted %1 revision(s) from %2 to %3%4: %5.\n")
                         .arg(revisions.size() - notRead.size())
                         .arg(scope.fromRows.isEmpty() ? QStringLiteral("base") : scope.fromRows.join(u','),
                              scope.destination, where, tally.text());
    if (tally.errors == 0)
        return Status::success();
    return Error(ErrorCode::LintErrors,
                 QStringLiteral("%1 error-level finding(s): fix them, or suppress one with '-- retort:ignore RULE "
                                "reason' above its statement, or lower the rule in retort.ini's [lint]")
                     .arg(tally.errors));
}

std::unique_ptr<Command> lint()
{
    return std::make_unique<LintCommand>();
}

} // namespace retort::cli::commands
