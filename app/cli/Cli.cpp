// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Cli.h"

#include "app/cli/PlanReport.h"
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionFormatter.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/OfflineScript.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/ProductionCheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QDateTime>
#include <QSaveFile>

namespace retort::cli {

namespace {

const OptionSpec verboseOption{
    {QStringLiteral("-v"), QStringLiteral("--verbose")}, QString(), QStringLiteral("Use more verbose output")};

const OptionSpec sqlOption{
    {QStringLiteral("--sql")}, QString(), QStringLiteral("Don't touch the database; print the SQL script to stdout")};

// The options of every command that writes: the production gate's, and how long to wait for
// another run.
const QVector<OptionSpec> gateOptions{
    {{QStringLiteral("--lock-timeout")},
     QStringLiteral("SECONDS"),
     QStringLiteral("Wait this long for another run's migration lock (default: lock_timeout, 300)")},
    {{QStringLiteral("--yes")}, QString(), QStringLiteral("Confirm a run on a production environment")},
    {{QStringLiteral("--no-backup")},
     QString(),
     QStringLiteral("Production: run without taking a backup first (needs --reason)")},
    {{QStringLiteral("--reason")}, QStringLiteral("TEXT"), QStringLiteral("Why no backup is taken; recorded")},
    {{QStringLiteral("--rehearse")},
     QString(),
     QStringLiteral("Run the plan in a transaction and roll it back; nothing is kept")},
};

QVector<OptionSpec> withGate(QVector<OptionSpec> options)
{
    options += gateOptions;
    return options;
}

Error usageError(const QString &message)
{
    return Error(ErrorCode::CommandLine, message);
}

QStringList splitList(const QStringList &values)
{
    QStringList items;
    for (const QString &value : values) {
        for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            items << part.trimmed();
    }
    return items;
}

} // namespace

Cli::Cli(QTextStream &out, QTextStream &err, QProcessEnvironment environment)
    : m_out(out), m_err(err), m_environment(std::move(environment))
{
    registerCommands();
}

void Cli::registerCommands()
{
    using std::placeholders::_1;
    m_commands = {
        {QStringLiteral("init"),
         QStringLiteral("DIRECTORY"),
         QStringLiteral("Initialize a new migrations folder and retort.ini"),
         {},
         std::bind(&Cli::runInit, this, _1),
         1,
         1},
        {QStringLiteral("revision"),
         QString(),
         QStringLiteral("Create a new revision file"),
         {{{QStringLiteral("-m"), QStringLiteral("--message")},
           QStringLiteral("MESSAGE"),
           QStringLiteral("Message string to use with 'revision'")},
          {{QStringLiteral("--rev-id")},
           QStringLiteral("REV_ID"),
           QStringLiteral("Hardcoded revision id instead of generating one")},
          {{QStringLiteral("--head")},
           QStringLiteral("HEAD"),
           QStringLiteral("Revision to base the new revision on (default: head)")},
          {{QStringLiteral("--splice")},
           QString(),
           QStringLiteral("Allow a non-head revision as the 'head' to splice onto")},
          {{QStringLiteral("--branch-label")},
           QStringLiteral("LABEL"),
           QStringLiteral("Branch label to apply to the new revision"),
           true},
          {{QStringLiteral("--depends-on")},
           QStringLiteral("REV"),
           QStringLiteral("Revision this one depends on (repeatable)"),
           true},
          {{QStringLiteral("--version-path")},
           QStringLiteral("PATH"),
           QStringLiteral("Versions folder to write the file into")},
          {{QStringLiteral("--autogenerate")},
           QString(),
           QStringLiteral("Not available: Retort migrations are written SQL")}},
         std::bind(&Cli::runRevision, this, _1),
         0,
         0},
        {QStringLiteral("merge"),
         QStringLiteral("REV..."),
         QStringLiteral("Merge two or more revisions together (e.g. 'heads')"),
         {{{QStringLiteral("-m"), QStringLiteral("--message")},
           QStringLiteral("MESSAGE"),
           QStringLiteral("Message string to use with 'merge'")},
          {{QStringLiteral("--rev-id")},
           QStringLiteral("REV_ID"),
           QStringLiteral("Hardcoded revision id instead of generating one")},
          {{QStringLiteral("--branch-label")},
           QStringLiteral("LABEL"),
           QStringLiteral("Branch label to apply to the merge revision"),
           true}},
         std::bind(&Cli::runMerge, this, _1),
         1,
         -1},
        {QStringLiteral("heads"),
         QString(),
         QStringLiteral("Show current available heads in the migrations folder"),
         {verboseOption,
          {{QStringLiteral("--resolve-dependencies")},
           QString(),
           QStringLiteral("Treat dependency versions as down revisions")}},
         std::bind(&Cli::runHeads, this, _1),
         0,
         0},
        {QStringLiteral("branches"),
         QString(),
         QStringLiteral("Show current branch points"),
         {verboseOption},
         std::bind(&Cli::runBranches, this, _1),
         0,
         0},
        {QStringLiteral("current"),
         QString(),
         QStringLiteral("Display the current revision(s) of the database"),
         {verboseOption,
          {{QStringLiteral("-c"), QStringLiteral("--check-heads")},
           QString(),
           QStringLiteral("Fail unless the database is on all head revisions")}},
         std::bind(&Cli::runCurrent, this, _1),
         0,
         0},
        {QStringLiteral("history"),
         QString(),
         QStringLiteral("List changeset scripts in chronological order, newest first"),
         {{{QStringLiteral("-r"), QStringLiteral("--rev-range")},
           QStringLiteral("[START]:[END]"),
           QStringLiteral("Range of revisions to include")},
          verboseOption,
          {{QStringLiteral("-i"), QStringLiteral("--indicate-current")},
           QString(),
           QStringLiteral("Mark the database's current revision(s)")}},
         std::bind(&Cli::runHistory, this, _1),
         0,
         0},
        {QStringLiteral("show"),
         QStringLiteral("REV"),
         QStringLiteral("Show the revision(s) denoted by the given symbol"),
         {},
         std::bind(&Cli::runShow, this, _1),
         1,
         1},
        {QStringLiteral("upgrade"), QStringLiteral("REV"),
         QStringLiteral("Upgrade to a later version (--sql: print the script for [START:]REV instead)"),
         withGate({sqlOption}), std::bind(&Cli::runUpgrade, this, _1), 1, 1},
        {QStringLiteral("downgrade"), QStringLiteral("REV"),
         QStringLiteral("Revert to a previous version (--sql: print the script for START:REV instead)"),
         withGate({sqlOption}), std::bind(&Cli::runDowngrade, this, _1), 1, 1},
        {QStringLiteral("stamp"), QStringLiteral("REV..."),
         QStringLiteral("Set the version table to the given revision(s) without running any migration"),
         withGate(
             {sqlOption,
              {{QStringLiteral("--purge")}, QString(), QStringLiteral("Empty the version table before stamping")}}),
         std::bind(&Cli::runStamp, this, _1), 1, -1},
        {QStringLiteral("plan"),
         QStringLiteral("REV"),
         QStringLiteral("Show the steps an upgrade (or downgrade) to REV would take, with the tables each touches"),
         {{{QStringLiteral("--from")},
           QStringLiteral("REV[,REV]"),
           QStringLiteral("Plan from these version rows instead of reading the database ('base' for empty)")},
          {{QStringLiteral("--upgrade")}, QString(), QStringLiteral("Plan an upgrade (the default)")},
          {{QStringLiteral("--downgrade")}, QString(), QStringLiteral("Plan a downgrade")},
          verboseOption},
         std::bind(&Cli::runPlan, this, _1),
         1,
         1},
        {QStringLiteral("backup"),
         QString(),
         QStringLiteral("Back up the database with its own tools, verify the backup and record it"),
         {{{QStringLiteral("--list")}, QString(), QStringLiteral("List the backups already in backup_dir")}},
         std::bind(&Cli::runBackup, this, _1),
         0,
         0},
        {QStringLiteral("restore"),
         QStringLiteral("BACKUP"),
         QStringLiteral("Restore a verified backup into the named database (created when missing) after confirmation: "
                        "it holds exactly the backup's contents, with its history and production mark kept"),
         {{{QStringLiteral("--into")},
           QStringLiteral("NAME"),
           QStringLiteral("The database to restore into (a file path for SQLite); required")},
          {{QStringLiteral("--yes")}, QString(), QStringLiteral("Confirm without a prompt")},
          {{QStringLiteral("--no-backup")},
           QString(),
           QStringLiteral("Do not back up the database's current state first (into a production database: needs "
                          "--reason)")},
          {{QStringLiteral("--reason")}, QStringLiteral("TEXT"), QStringLiteral("Why no backup is taken")},
          {{QStringLiteral("--terminate-sessions")},
           QString(),
           QStringLiteral("PostgreSQL: end other sessions on the database at the switch instead of stopping")}},
         std::bind(&Cli::runRestore, this, _1),
         1,
         1},
        {QStringLiteral("mark-production"),
         QString(),
         QStringLiteral("Mark the database as production, so every configuration that reaches it meets the gate"),
         {{{QStringLiteral("--as")},
           QStringLiteral("ENV"),
           QStringLiteral("The production environment the mark names (default: the one in use)")},
          {{QStringLiteral("--yes")}, QString(), QStringLiteral("Replace a mark the database already carries")}},
         std::bind(&Cli::runMarkProduction, this, _1),
         0,
         0},
        {QStringLiteral("unmark-production"), QString(),
         QStringLiteral("Remove the production mark (a copy, say), through the production gate; recorded"),
         withGate({}), std::bind(&Cli::runUnmarkProduction, this, _1), 0, 0},
        {QStringLiteral("checklist"),
         QStringLiteral("FILE"),
         QStringLiteral("Print a maintenance-window checklist and the status of its saved walk"),
         {{{QStringLiteral("--report")},
           QStringLiteral("FILE.md"),
           QStringLiteral("Write the walk's report in Markdown to this file")}},
         std::bind(&Cli::runChecklist, this, _1),
         1,
         1},
    };
}

void Cli::printUsage(QTextStream &stream) const
{
    stream << "usage: retort [-c CONFIG] [-e ENV | --url URL] COMMAND [options]\n\n"
              "Retort manages Alembic-style schema revisions written in plain SQL.\n\n"
              "global options:\n"
              "  -c, --config CONFIG         Project file (default: ./retort.ini, or $RETORT_CONFIG)\n"
              "  -e, --env ENV               Environment of retort.ini to use ([env.ENV])\n"
              "  --url URL                   Database URL, overriding the environment\n"
              "  -h, --help                  Show this help, or a command's help after its name\n"
              "  --version                   Show the version\n\n"
              "commands:\n";
    for (const Command &command : m_commands)
        stream << "  " << command.name.leftJustified(19) << command.summary << '\n';
    stream << "\nRun 'retort COMMAND --help' for a command's options.\n";
}

void Cli::printCommandHelp(const Command &command) const
{
    ArgumentParser parser(command.options);
    m_out << "usage: retort " << command.name << (command.options.isEmpty() ? "" : " [options]")
          << (command.arguments.isEmpty() ? QString() : QLatin1Char(' ') + command.arguments) << "\n\n"
          << command.summary << "\n";
    if (!command.options.isEmpty())
        m_out << "\noptions:\n" << parser.optionsHelp() << '\n';
}

int Cli::run(const QStringList &arguments)
{
    const ArgumentParser globalParser({
        {{QStringLiteral("-c"), QStringLiteral("--config")}, QStringLiteral("CONFIG"), QString()},
        {{QStringLiteral("-e"), QStringLiteral("--env")}, QStringLiteral("ENV"), QString()},
        {{QStringLiteral("--url")}, QStringLiteral("URL"), QString()},
        {{QStringLiteral("-h"), QStringLiteral("--help")}, QString(), QString()},
        {{QStringLiteral("--version")}, QString(), QString()},
    });
    ParsedArguments globals;
    QStringList rest;
    QString error;
    if (!globalParser.parse(arguments, &globals, &error, true, &rest)) {
        m_err << "FAILED: " << maskPasswords(error) << "\n";
        printUsage(m_err);
        return 2;
    }
    if (globals.isSet(QStringLiteral("--version"))) {
        m_out << "retort " << RETORT_VERSION << '\n';
        return 0;
    }
    if (rest.isEmpty()) {
        printUsage(globals.isSet(QStringLiteral("--help")) ? m_out : m_err);
        return globals.isSet(QStringLiteral("--help")) ? 0 : 2;
    }
    if (globals.isSet(QStringLiteral("--env")) && globals.isSet(QStringLiteral("--url"))) {
        m_err << "FAILED: -e/--env and --url cannot be combined; --url names the database by itself\n";
        return 2;
    }
    m_configPath = globals.value(QStringLiteral("--config"));
    if (m_configPath.isEmpty())
        m_configPath = m_environment.value(QStringLiteral("RETORT_CONFIG"), QStringLiteral("retort.ini"));
    m_envName = globals.value(QStringLiteral("--env"));
    m_url = globals.value(QStringLiteral("--url"));

    const QString name = rest.takeFirst();
    const auto command =
        std::find_if(m_commands.cbegin(), m_commands.cend(), [&name](const Command &c) { return c.name == name; });
    if (command == m_commands.cend()) {
        m_err << "FAILED: unknown command '" << maskPasswords(name) << "'\n";
        printUsage(m_err);
        return 2;
    }
    QVector<OptionSpec> options = command->options;
    options.append({{QStringLiteral("-h"), QStringLiteral("--help")}, QString(), QStringLiteral("Show this help")});
    ParsedArguments parsed;
    if (!ArgumentParser(options).parse(rest, &parsed, &error)) {
        m_err << "FAILED: retort " << name << ": " << maskPasswords(error) << " (see 'retort " << name << " --help')\n";
        return 2;
    }
    if (parsed.isSet(QStringLiteral("--help")) || globals.isSet(QStringLiteral("--help"))) {
        printCommandHelp(*command);
        return 0;
    }
    const int count = parsed.positionals.size();
    if (count < command->minPositionals || (command->maxPositionals >= 0 && count > command->maxPositionals)) {
        m_err << "FAILED: retort " << name << ": expected "
              << (command->arguments.isEmpty() ? QStringLiteral("no arguments") : command->arguments) << ", got "
              << (count == 0 ? QStringLiteral("none") : maskPasswords(parsed.positionals.join(QLatin1Char(' '))))
              << " (see 'retort " << name << " --help')\n";
        return 2;
    }
    const Status status = command->run(parsed);
    m_out.flush();
    if (!status.ok()) {
        m_err << "FAILED: " << maskPasswords(status.error().message) << '\n';
        return status.error().code == ErrorCode::CommandLine ? 2 : 1;
    }
    return 0;
}

// ---------------------------------------------------------------------------
// shared steps

Result<ProjectConfig> Cli::loadConfig() const
{
    if (!QFileInfo::exists(m_configPath)) {
        return Error(ErrorCode::Config,
                     QStringLiteral("No config file '%1' found; run 'retort init DIRECTORY' to create one, or pass "
                                    "-c PATH")
                         .arg(m_configPath));
    }
    RETORT_TRY(ProjectConfig config, ProjectConfig::load(m_configPath, m_environment));
    for (const Diagnostic &warning : config.warnings())
        m_err << "warning: " << warning.toString() << '\n';
    return config;
}

Result<ScriptDirectory> Cli::loadScripts(const ProjectConfig &config, ScriptContents contents)
{
    RETORT_TRY(ScriptDirectory scripts, ScriptDirectory::load(config, contents));
    for (const Diagnostic &warning : scripts.warnings())
        m_err << "warning: " << warning.toString() << '\n';
    if (m_keepLoaded)
        m_loaded.append(scripts); // shares the data: the command's copy then frees nothing
    return scripts;
}

Result<DatabaseTarget> Cli::databaseTarget(const ProjectConfig &config) const
{
    RETORT_TRY(DatabaseTarget target, config.resolveTarget(m_url, m_envName, m_environment));
    if (!m_url.isEmpty() && !target.url.password().isEmpty()) {
        m_err << "warning: the password in --url is visible to every user of this machine in the process list "
                 "(ps); put the URL in DATABASE_URL, or the password in a variable that retort.ini expands\n";
    }
    for (const QString &note : std::as_const(target.notes))
        m_err << "warning: " << maskPasswords(note) << '\n';
    return target;
}

Result<QStringList> Cli::readCurrentRows(const ProjectConfig &config, const DatabaseTarget &target) const
{
    RETORT_TRY(const auto connection, DatabaseConnection::open(target.url, DatabaseConnection::Mode::ReadOnly));
    if (!connection->exists()) {
        m_err << "note: " << target.url.database() << " does not exist yet; it has no version table\n";
        return QStringList();
    }
    const VersionTable table(config.versionTable(), config.versionTableSchema());
    return table.readRows(connection->database());
}

void Cli::printLine(const QString &text)
{
    m_out << text << '\n';
}

// ---------------------------------------------------------------------------
// commands

Status Cli::runInit(const ParsedArguments &args)
{
    const QString directory = args.positionals.first();
    const QDir dir(directory);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        return Error(ErrorCode::Io, QStringLiteral("Directory %1 already exists and is not empty").arg(directory));
    const QString absolute = QFileInfo(directory).absoluteFilePath();
    for (const QString &folder : {absolute, absolute + QStringLiteral("/versions")}) {
        if (QFileInfo::exists(folder))
            continue;
        m_out << "Creating directory " << QDir::cleanPath(folder) << " ...";
        if (!QDir().mkpath(folder)) {
            m_out << "  FAILED\n";
            return Error(ErrorCode::Io, QStringLiteral("cannot create directory %1").arg(folder));
        }
        m_out << "  done\n";
    }
    const QString iniPath = QFileInfo(m_configPath).absoluteFilePath();
    if (QFileInfo::exists(iniPath)) {
        m_out << "File " << iniPath << " already exists, skipping\n";
    } else {
        const QString location = QFileInfo(iniPath).absoluteDir().relativeFilePath(absolute);
        m_out << "Generating " << iniPath << " ...";
        QSaveFile file(iniPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(ProjectConfig::defaultIniText(location).toUtf8()) < 0 ||
            !file.commit()) {
            m_out << "  FAILED\n";
            return Error(ErrorCode::Io, QStringLiteral("%1: cannot write file: %2").arg(iniPath, file.errorString()));
        }
        m_out << "  done\n";
    }
    RETORT_CHECK(writeGitignore(QFileInfo(iniPath).absolutePath()));
    m_out << "Please edit the database URLs in " << iniPath << " before proceeding.\n";
    return Status::success();
}

// Backups hold every row of a database, local SQLite databases hold test data, and .retort/ holds walks:
// none of it belongs in the repository the project lives in. An existing .gitignore gets what it lacks.
Status Cli::writeGitignore(const QString &folder)
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
    m_out << (adding ? "Adding Retort's entries to " : "Generating ") << path << " ...";
    QFile file(path);
    QByteArray text;
    if (!before.trimmed().isEmpty()) // a blank line between the user's entries and Retort's
        text += before.endsWith('\n') ? "\n" : "\n\n";
    text += "# Retort: backups hold every row of a database; local databases and Retort's state stay out of git.\n";
    text += missing.join(u'\n').toUtf8() + '\n';
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(text) != text.size()) {
        m_out << "  FAILED\n";
        return Error(ErrorCode::Io, QStringLiteral("%1: cannot write file: %2").arg(path, file.errorString()));
    }
    m_out << "  done\n";
    return Status::success();
}

Status Cli::runRevision(const ParsedArguments &args)
{
    if (args.isSet(QStringLiteral("--autogenerate"))) {
        return usageError(QStringLiteral("--autogenerate is not available: Retort migrations are plain SQL; create "
                                         "the revision and write its upgrade and downgrade SQL"));
    }
    ScriptDirectory::NewRevision request;
    request.message = args.value(QStringLiteral("--message"));
    request.revisionId = args.value(QStringLiteral("--rev-id"));
    if (args.isSet(QStringLiteral("--head")))
        request.heads = QStringList{args.value(QStringLiteral("--head"))};
    request.splice = args.isSet(QStringLiteral("--splice"));
    request.branchLabels = splitList(args.all(QStringLiteral("--branch-label")));
    request.dependsOn = splitList(args.all(QStringLiteral("--depends-on")));
    request.versionPath = args.value(QStringLiteral("--version-path"));
    return writeRevision(request);
}

Status Cli::runMerge(const ParsedArguments &args)
{
    ScriptDirectory::NewRevision request;
    request.message = args.value(QStringLiteral("--message"));
    request.revisionId = args.value(QStringLiteral("--rev-id"));
    request.heads = args.positionals;
    request.branchLabels = splitList(args.all(QStringLiteral("--branch-label")));
    return writeRevision(request);
}

Status Cli::writeRevision(const ScriptDirectory::NewRevision &request)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const ScriptDirectory scripts, loadScripts(config, ScriptContents::GraphOnly));
    RETORT_TRY(const QString path, scripts.createRevision(request));
    m_out << "Generating " << path << " ...  done\n";
    return Status::success();
}

Status Cli::runHeads(const ParsedArguments &args)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const ScriptDirectory scripts, loadScripts(config, ScriptContents::GraphOnly));
    const RevisionMap &map = scripts.map();
    const RevisionFormatter formatter(map);
    RevisionFormatter::Options options;
    options.includeBranches = true;
    options.treeIndicators = false;
    const QVector<int> &heads = args.isSet(QStringLiteral("--resolve-dependencies")) ? map.realHeads() : map.heads();
    for (int head : heads)
        printLine(formatter.format(head, args.isSet(QStringLiteral("--verbose")), options));
    return Status::success();
}

Status Cli::runBranches(const ParsedArguments &args)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const ScriptDirectory scripts, loadScripts(config, ScriptContents::GraphOnly));
    const RevisionMap &map = scripts.map();
    const MigrationPlanner planner(map);
    RETORT_TRY(const QVector<int> revisions, planner.historyRevisions(QString(), QString()));
    const bool verbose = args.isSet(QStringLiteral("--verbose"));
    const RevisionFormatter formatter(map);
    RevisionFormatter::Options branchOptions;
    branchOptions.includeBranches = true;
    RevisionFormatter::Options childOptions = branchOptions;
    childOptions.includeDoc = verbose;
    for (int index : revisions) {
        const Revision &revision = map.at(index);
        if (!revision.isBranchPoint())
            continue;
        QStringList children;
        for (int child : revision.next) {
            children << QString(revision.id.size(), QLatin1Char(' ')) + QStringLiteral(" -> ") +
                            formatter.headOnly(child, childOptions);
        }
        printLine(formatter.format(index, verbose, branchOptions) + QLatin1Char('\n') +
                  children.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    }
    return Status::success();
}

Status Cli::runCurrent(const ParsedArguments &args)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const ScriptDirectory scripts, loadScripts(config, ScriptContents::GraphOnly));
    RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
    RETORT_TRY(const QStringList rows, readCurrentRows(config, target));
    const bool verbose = args.isSet(QStringLiteral("--verbose"));
    if (verbose)
        printLine(QStringLiteral("Current revision(s) for %1:").arg(target.url.toDisplayString()));
    // As in Alembic, the check comes before any revision is printed: a failing
    // --check-heads prints only the FAILED line.
    if (args.isSet(QStringLiteral("--check-heads"))) {
        const QStringList heads = scripts.map().ids(scripts.map().heads());
        if (QSet<QString>(rows.cbegin(), rows.cend()) != QSet<QString>(heads.cbegin(), heads.cend()))
            return Error(ErrorCode::RevisionError, QStringLiteral("Database is not on all head revisions"));
    }
    const MigrationPlanner planner(scripts.map());
    RETORT_TRY(const QVector<int> current, planner.currentRevisions(rows));
    const RevisionFormatter formatter(scripts.map());
    for (int index : current)
        printLine(formatter.format(index, verbose, {}));
    return Status::success();
}

Status Cli::runHistory(const ParsedArguments &args)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const ScriptDirectory scripts, loadScripts(config, ScriptContents::GraphOnly));
    QString base;
    QString head;
    if (args.isSet(QStringLiteral("--rev-range"))) {
        const QString range = args.value(QStringLiteral("--rev-range")).trimmed();
        const int colon = range.indexOf(QLatin1Char(':'));
        if (colon < 0)
            return usageError(QStringLiteral("History range requires [start]:[end], [start]:, or :[end]"));
        base = range.left(colon);
        head = range.mid(colon + 1);
    }
    const bool indicateCurrent = args.isSet(QStringLiteral("--indicate-current"));
    QStringList rows;
    if (indicateCurrent || base == QLatin1String("current") || head == QLatin1String("current")) {
        RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
        RETORT_TRY(rows, readCurrentRows(config, target));
    }
    const MigrationPlanner planner(scripts.map());
    RETORT_TRY(const QVector<int> revisions, planner.historyRevisions(base, head, rows));
    RevisionFormatter formatter(scripts.map());
    if (indicateCurrent) {
        QSet<int> current;
        for (const QString &row : std::as_const(rows))
            current.insert(scripts.map().indexOf(row));
        formatter.setCurrent(current);
    }
    RevisionFormatter::Options options;
    options.includeBranches = true;
    options.includeDoc = true;
    options.includeParents = true;
    const bool verbose = args.isSet(QStringLiteral("--verbose"));
    for (int index : revisions)
        printLine(formatter.format(index, verbose, options));
    return Status::success();
}

Status Cli::runShow(const ParsedArguments &args)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const ScriptDirectory scripts, loadScripts(config, ScriptContents::GraphOnly));
    const QString symbol = args.positionals.first();
    QStringList identifiers{symbol};
    if (symbol == QLatin1String("current")) {
        RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
        RETORT_TRY(identifiers, readCurrentRows(config, target));
    }
    auto revisions = scripts.map().revisionsFor(identifiers);
    if (!revisions.ok())
        return commandError(revisions.error());
    const RevisionFormatter formatter(scripts.map());
    for (int index : revisions.value()) {
        if (index >= 0)
            printLine(formatter.logEntry(index));
    }
    return Status::success();
}

Status Cli::runPlan(const ParsedArguments &args)
{
    if (args.isSet(QStringLiteral("--upgrade")) && args.isSet(QStringLiteral("--downgrade")))
        return usageError(QStringLiteral("--upgrade and --downgrade cannot be combined"));
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const ScriptDirectory scripts, loadScripts(config));
    PlanReport::Request request;
    request.destination = args.positionals.first();
    request.direction = args.isSet(QStringLiteral("--downgrade"))
                            ? PlanReport::Direction::Downgrade
                            : (args.isSet(QStringLiteral("--upgrade")) ? PlanReport::Direction::Upgrade
                                                                       : PlanReport::Direction::Either);
    if (args.isSet(QStringLiteral("--from"))) {
        const QStringList from = splitList(args.all(QStringLiteral("--from")));
        if (!(from.size() == 1 && from.first() == QLatin1String("base"))) {
            for (const QString &identifier : from) {
                auto index = scripts.map().revisionFor(identifier);
                if (!index.ok())
                    return commandError(index.error());
                if (index.value() >= 0)
                    request.currentRows << scripts.map().at(index.value()).id;
            }
        }
        request.databaseDescription = QStringLiteral("(offline: --from %1)").arg(from.join(QLatin1Char(',')));
    } else {
        RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
        RETORT_TRY(request.currentRows, readCurrentRows(config, target));
        request.databaseDescription = target.url.toDisplayString();
        if (!target.environmentName.isEmpty())
            request.databaseDescription += QStringLiteral(" (environment '%1')").arg(target.environmentName);
    }
    request.verbose = args.isSet(QStringLiteral("--verbose"));
    RETORT_TRY(const QString report, PlanReport::render(scripts, request));
    m_out << report;
    return Status::success();
}

Status Cli::runUpgrade(const ParsedArguments &args)
{
    return runRange(args, RunRequest::Command::Upgrade);
}

Status Cli::runDowngrade(const ParsedArguments &args)
{
    return runRange(args, RunRequest::Command::Downgrade);
}

// upgrade/downgrade REV, or START:REV with --sql (which downgrade requires, as Alembic does).
Status Cli::runRange(const ParsedArguments &args, RunRequest::Command command)
{
    RunRequest request;
    request.command = command;
    QString revision = args.positionals.first();
    QString start;
    const bool offline = args.isSet(QStringLiteral("--sql"));
    if (revision.contains(QLatin1Char(':'))) {
        if (!offline)
            return usageError(QStringLiteral("Range revision not allowed"));
        start = revision.section(QLatin1Char(':'), 0, 0);
        revision = revision.section(QLatin1Char(':'), 1);
    } else if (offline && command == RunRequest::Command::Downgrade) {
        return usageError(QStringLiteral("downgrade with --sql requires <fromrev>:<torev>"));
    }
    request.targets = QStringList{revision};
    return runMigration(request, args, start);
}

Status Cli::runStamp(const ParsedArguments &args)
{
    RunRequest request;
    request.command = RunRequest::Command::Stamp;
    request.purge = args.isSet(QStringLiteral("--purge"));
    const bool offline = args.isSet(QStringLiteral("--sql"));
    if (offline && request.purge)
        return usageError(QStringLiteral("Can't use --purge with --sql mode"));
    QString start;
    bool startSeen = false;
    for (QString target : args.positionals) {
        if (offline && target.contains(QLatin1Char(':'))) {
            const QString from = target.section(QLatin1Char(':'), 0, 0);
            if (startSeen && from != start) {
                return usageError(
                    QStringLiteral("Stamp operation with --sql only supports a single starting revision at a time"));
            }
            start = from;
            startSeen = true;
            target = target.section(QLatin1Char(':'), 1);
        }
        request.targets << target;
    }
    return runMigration(request, args, start);
}

Status Cli::runMigration(RunRequest request, const ParsedArguments &args, const QString &startRevision)
{
    RETORT_TRY(const ProjectConfig config, loadConfig());
    RETORT_TRY(const ScriptDirectory scripts, loadScripts(config));
    RETORT_TRY(const DatabaseTarget target, databaseTarget(config));
    if (args.isSet(QStringLiteral("--sql"))) {
        if (args.isSet(QStringLiteral("--rehearse")))
            return usageError(QStringLiteral("--rehearse runs against the database; it cannot be combined with --sql"));
        return printOfflineScript(config, scripts, target, request, startRevision);
    }

    RunSettings settings = RunSettings::fromConfig(config, target.environmentName);
    if (args.isSet(QStringLiteral("--lock-timeout"))) {
        const QString value = args.value(QStringLiteral("--lock-timeout"));
        const std::optional<int> seconds = ProjectConfig::parseLockTimeout(value);
        if (!seconds) {
            return usageError(
                QStringLiteral("--lock-timeout: expected a number of seconds from 0 to 86400, not '%1'").arg(value));
        }
        settings.lockTimeoutSeconds = *seconds;
    }
    MigrationRunner runner(scripts, settings);
    bool lineOpen = false;
    connectProgress(runner, lineOpen);
    request.rehearsal = args.isSet(QStringLiteral("--rehearse"));
    // Production by what the database is (its identity, its mark), not by how its URL is spelt.
    RETORT_TRY(const ProductionStatus status, ProductionCheck::assess(target.url, settings));
    if (status.gated()) {
        RETORT_TRY(SafetyClearance clearance,
                   passProductionGate(config, scripts, target, status, request, args, runner));
        request.clearance = std::move(clearance);
    } else {
        for (const QString &note : status.notes)
            m_err << "note: " << maskPasswords(note) << '\n';
    }
    if (request.rehearsal)
        return printRehearsal(runner.run(target.url, request));
    auto result = runner.run(target.url, request);
    if (lineOpen)
        m_err << '\n';
    if (!result.ok())
        return result.error();
    const VersionTable table(config.versionTable(), config.versionTableSchema());
    m_err << table.qualifiedName() << ": "
          << (result->rowsAfter.isEmpty() ? QStringLiteral("(empty)") : result->rowsAfter.join(QStringLiteral(", ")))
          << '\n';
    return Status::success();
}

void Cli::connectProgress(MigrationRunner &runner, bool &lineOpen)
{
    // Messages come from the run's thread and, while a statement waits for a lock, from the watcher's.
    auto closeLine = [this, &lineOpen] {
        if (lineOpen)
            m_err << '\n';
        lineOpen = false;
    };
    QObject::connect(&runner, &MigrationRunner::messageLogged, [this, closeLine](const QString &message) {
        const std::lock_guard<std::mutex> serialized(m_progressMutex);
        closeLine();
        m_err << message << '\n';
        m_err.flush();
    });
    QObject::connect(&runner, &MigrationRunner::stepStarted,
                     [this, &lineOpen, closeLine](int number, int count, const QString &description) {
                         const std::lock_guard<std::mutex> serialized(m_progressMutex);
                         closeLine();
                         m_err << QStringLiteral("[%1/%2] Running %3 ...").arg(number).arg(count).arg(description);
                         m_err.flush();
                         lineOpen = true;
                     });
    QObject::connect(&runner, &MigrationRunner::stepFinished,
                     [this, &lineOpen](int, int, const QString &, qint64 milliseconds) {
                         const std::lock_guard<std::mutex> serialized(m_progressMutex);
                         if (lineOpen)
                             m_err << QStringLiteral(" done in %1 ms\n").arg(milliseconds);
                         else
                             m_err << QStringLiteral("... done in %1 ms\n").arg(milliseconds);
                         m_err.flush();
                         lineOpen = false;
                     });
}

Status Cli::printOfflineScript(const ProjectConfig &config, const ScriptDirectory &scripts,
                               const DatabaseTarget &target, const RunRequest &request, const QString &startRevision)
{
    // Offline never reads the database: the starting point is given or base.
    QStringList rows;
    if (!startRevision.isEmpty() && startRevision != QLatin1String("base")) {
        auto start = scripts.map().revisionFor(startRevision);
        if (!start.ok())
            return commandError(start.error());
        if (start.value() >= 0)
            rows << scripts.map().at(start.value()).id;
    }
    const MigrationPlanner planner(scripts.map());
    QStringList warnings;
    RETORT_TRY(const QVector<MigrationStep> steps, planRequest(planner, request, rows, &warnings));
    for (const QString &warning : std::as_const(warnings))
        m_err << "warning: " << warning << '\n';
    const RunSettings settings = RunSettings::fromConfig(config, target.environmentName);
    RETORT_TRY(const QVector<PlannedStep> planned,
               planner.simulate(steps, rows,
                                VersionTable(settings.versionTable, settings.versionTableSchema).qualifiedName()));
    OfflineScript::Options options;
    options.settings = settings;
    options.createVersionTable = rows.isEmpty();
    const auto dialect = SqlDialect::create(target.url.dialect());
    OfflineScript::render(scripts, planned, *dialect, options, m_out);
    return Status::success();
}

} // namespace retort::cli
