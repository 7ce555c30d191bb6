// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Cli.h"

#include "app/cli/commands/Commands.h"
#include "core/NamedValues.h"
#include "core/TextFormat.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace retort::cli {

namespace {

// The `code` of the --json error object: one word per ErrorCode, fixed so scripts can rely on it.
constexpr std::pair<ErrorCode, const char *> kErrorWords[] = {
    {ErrorCode::Io, "io"},
    {ErrorCode::Config, "config"},
    {ErrorCode::Parse, "parse"},
    {ErrorCode::CommandLine, "command_line"},
    {ErrorCode::RevisionError, "revision_error"},
    {ErrorCode::ResolutionError, "resolution_error"},
    {ErrorCode::MultipleHeads, "multiple_heads"},
    {ErrorCode::RangeNotAncestor, "range_not_ancestor"},
    {ErrorCode::CycleDetected, "cycle_detected"},
    {ErrorCode::DependencyCycleDetected, "dependency_cycle_detected"},
    {ErrorCode::DuplicateRevision, "duplicate_revision"},
    {ErrorCode::MissingRevision, "missing_revision"},
    {ErrorCode::Database, "database"},
    {ErrorCode::Refused, "refused"},
    {ErrorCode::Cancelled, "cancelled"},
    {ErrorCode::Drift, "drift"},
    {ErrorCode::NoDatabaseUrl, "no_database_url"},
    {ErrorCode::Unreachable, "unreachable"},
    {ErrorCode::LintErrors, "lint_errors"},
    {ErrorCode::AmbiguousWalk, "ambiguous_walk"},
    {ErrorCode::MissingSection, "missing_section"},
};

bool takesJson(const Command &command)
{
    const QVector<OptionSpec> &options = command.options();
    return std::any_of(options.cbegin(), options.cend(),
                       [](const OptionSpec &option) { return option.names == commands::kJson.names; });
}

} // namespace

Cli::Cli(QTextStream &out, QTextStream &err, QProcessEnvironment environment)
    : m_context(out, err, std::move(environment))
{
    using namespace commands;
    for (auto make :
         {init,  revision, merge, heads,  branches, current, history, show,           upgrade,          downgrade,
          stamp, plan,     lint,  verify, status,   backup,  restore, markProduction, unmarkProduction, checklist})
        m_commands.push_back(make());
}

void Cli::printUsage(QTextStream &stream) const
{
    stream << "usage: retort [-c CONFIG] [-e ENV | --url URL] COMMAND [options]\n\n"
              "Retort manages Alembic-style schema revisions written in plain SQL.\n\n"
              "global options:\n"
              "  -c, --config CONFIG         Project file or folder: a retort.ini, an alembic.ini or a versions\n"
              "                              folder (default: $RETORT_CONFIG, else ./retort.ini, else ./alembic.ini)\n"
              "  -n, --name SECTION          Section of alembic.ini to read, as Alembic's -n (default: alembic)\n"
              "  -e, --env ENV               Environment of retort.ini to use ([env.ENV])\n"
              "  --url URL                   Database URL, overriding the environment\n"
              "  -h, --help                  Show this help, or a command's help after its name\n"
              "  --version                   Show the version\n\n"
              "commands:\n";
    for (const auto &command : m_commands)
        stream << "  " << command->name().leftJustified(19) << command->summary() << '\n';
    stream << "\nRun 'retort COMMAND --help' for a command's options.\n";
}

void Cli::printCommandHelp(const Command &command)
{
    ArgumentParser parser(command.options());
    m_context.out() << "usage: retort " << command.name() << (command.options().isEmpty() ? "" : " [options]")
                    << (command.usage().isEmpty() ? QString() : QLatin1Char(' ') + command.usage()) << "\n\n"
                    << command.summary() << "\n";
    if (!command.details().isEmpty())
        m_context.out() << '\n' << command.details() << '\n';
    if (!command.options().isEmpty())
        m_context.out() << "\noptions:\n" << parser.optionsHelp() << '\n';
}

int Cli::exitCode(ErrorCode code)
{
    switch (code) {
    case ErrorCode::CommandLine:
        return 2;
    case ErrorCode::Unreachable:
        return 6;
    case ErrorCode::Drift:
        return 8;
    case ErrorCode::LintErrors:
        return 9;
    default:
        return 1;
    }
}

int Cli::run(const QStringList &arguments)
{
    const ArgumentParser globalParser({
        {{QStringLiteral("-c"), QStringLiteral("--config")}, QStringLiteral("CONFIG"), QString()},
        {{QStringLiteral("-e"), QStringLiteral("--env")}, QStringLiteral("ENV"), QString()},
        {{QStringLiteral("-n"), QStringLiteral("--name")}, QStringLiteral("SECTION"), QString()},
        {{QStringLiteral("--url")}, QStringLiteral("URL"), QString()},
        {{QStringLiteral("-h"), QStringLiteral("--help")}, QString(), QString()},
        {{QStringLiteral("--version")}, QString(), QString()},
    });
    ParsedArguments globals;
    QStringList rest;
    QString error;
    if (!globalParser.parse(arguments, &globals, &error, true, &rest)) {
        m_context.err() << "FAILED: " << maskPasswords(error) << "\n";
        printUsage(m_context.err());
        return 2;
    }
    if (globals.isSet(QStringLiteral("--version"))) {
        m_context.out() << "retort " << RETORT_VERSION << '\n';
        return 0;
    }
    if (rest.isEmpty()) {
        printUsage(globals.isSet(QStringLiteral("--help")) ? m_context.out() : m_context.err());
        return globals.isSet(QStringLiteral("--help")) ? 0 : 2;
    }
    if (globals.isSet(QStringLiteral("--env")) && globals.isSet(QStringLiteral("--url"))) {
        m_context.err() << "FAILED: -e/--env and --url cannot be combined; --url names the database by itself\n";
        return 2;
    }
    QString configPath = globals.value(QStringLiteral("--config"));
    if (configPath.isEmpty())
        configPath = m_context.environment().value(QStringLiteral("RETORT_CONFIG"));
    const bool configGiven = !configPath.isEmpty();
    if (!configGiven)
        configPath = QStringLiteral("retort.ini");
    QString section = globals.value(QStringLiteral("--name"));
    if (section.isEmpty())
        section = ProjectConfig::kDefaultAlembicSection;
    m_context.setGlobals(configPath, globals.value(QStringLiteral("--env")), globals.value(QStringLiteral("--url")),
                         configGiven, section);

    const QString name = rest.takeFirst();
    const auto found = std::find_if(m_commands.cbegin(), m_commands.cend(),
                                    [&name](const std::unique_ptr<Command> &c) { return c->name() == name; });
    if (found == m_commands.cend()) {
        m_context.err() << "FAILED: unknown command '" << maskPasswords(name) << "'\n";
        printUsage(m_context.err());
        return 2;
    }
    Command &command = **found;
    QVector<OptionSpec> options = command.options();
    options.append({{QStringLiteral("-h"), QStringLiteral("--help")}, QString(), QStringLiteral("Show this help")});
    ParsedArguments parsed;
    if (!ArgumentParser(options).parse(rest, &parsed, &error)) {
        // Arguments that do not parse cannot say whether --json was meant as an option: any "--json" counts.
        return fail(
            Error(ErrorCode::CommandLine, QStringLiteral("retort %1: %2 (see 'retort %1 --help')").arg(name, error)),
            takesJson(command) && rest.contains(commands::kJson.names.first()));
    }
    const bool json = takesJson(command) && parsed.isSet(commands::kJson);
    if (parsed.isSet(QStringLiteral("--help")) || globals.isSet(QStringLiteral("--help"))) {
        printCommandHelp(command);
        return 0;
    }
    const int count = parsed.positionals.size();
    if (!command.arity().accepts(count)) {
        return fail(Error(ErrorCode::CommandLine,
                          QStringLiteral("retort %1: expected %2, got %3 (see 'retort %1 --help')")
                              .arg(name, command.usage().isEmpty() ? QStringLiteral("no arguments") : command.usage(),
                                   count == 0 ? QStringLiteral("none") : parsed.positionals.join(QLatin1Char(' ')))),
                    json);
    }
    m_context.setExitCode(0);
    Status status = command.checkArguments(parsed);
    if (status.ok())
        status = command.execute(m_context, parsed);
    m_context.out().flush();
    if (!status.ok())
        return fail(status.error(), json);
    return m_context.exitCode();
}

int Cli::fail(const Error &error, bool json)
{
    const int code = exitCode(error.code);
    const QString message = maskPasswords(error.message);
    if (!json) {
        m_context.err() << "FAILED: " << message << '\n';
        commands::printHints(m_context.err(), error.hints);
        return code;
    }
    const SourceLocation &at = error.location;
    const QJsonObject object{
        {QStringLiteral("code"), wordFor(kErrorWords, error.code)},
        {QStringLiteral("exit_code"), code},
        {QStringLiteral("message"), message},
        {QStringLiteral("file"), commands::jsonText(at.file)},
        {QStringLiteral("line"), at.line > 0 ? QJsonValue(at.line) : QJsonValue()},
        {QStringLiteral("hints"), commands::hintsJson(error.hints)},
    };
    m_context.err() << QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("error"), object}}).toJson(QJsonDocument::Indented));
    return code;
}

} // namespace retort::cli
