// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/AlembicBridge.h"

#include "core/DataFiles.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"
#include "core/script/StatementSplitter.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>

#include <signal.h>

namespace retort {

namespace {

constexpr int kProtocol = 1;
constexpr int kStartSeconds = 5;
constexpr int kStderrLinesKept = 40;
// How long a preview (or identity probe) may take before it is given up: it runs no migration, only imports.
constexpr int kRenderSeconds = 120;
// After a cancel, how long Alembic gets to roll back and stop before it is killed.
constexpr int kInterruptGraceMs = 5000;

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QString whatStillWorks()
{
    return QStringLiteral("the graph, history, current, stamp and the SQL of exact revisions (empty, or literal "
                          "op.execute) work without it");
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list << item.toString();
    return list;
}

RenderedSection::Label labelFromName(const QString &name)
{
    using Label = RenderedSection::Label;
    for (Label label : {Label::Exact, Label::Rendered, Label::NeedsDatabase, Label::RefusesOffline, Label::ImportError,
                        Label::Error, Label::NotRendered}) {
        if (RenderedSection::labelName(label) == name)
            return label;
    }
    return Label::Error;
}

// The SQL of an exact section as it runs, one statement per line group, ';'-terminated as Alembic renders.
QString exactSql(const SqlStatementList &statements)
{
    QString sql;
    for (const SqlStatement &statement : statements)
        sql += statement.text + QStringLiteral(";\n\n");
    return sql;
}

} // namespace

QString AlembicBridge::helperPath()
{
    return dataFile(QStringLiteral("alembic/retort_alembic.py"), QStringLiteral("resources/alembic/retort_alembic.py"));
}

QString AlembicBridge::sqlalchemyUrl(const DatabaseUrl &url)
{
    if (url.dialect() == Dialect::SQLite) {
        // Relative SQLite paths are Retort's (from retort.ini's folder); Alembic runs elsewhere.
        return url.isMemory() ? QStringLiteral("sqlite://") : QStringLiteral("sqlite:///") + url.database();
    }
    return url.toString();
}

Result<AlembicBridge> AlembicBridge::forProject(const ProjectConfig &config, const QProcessEnvironment &environment)
{
    if (config.alembicIniPath().isEmpty()) {
        return Error(ErrorCode::Config,
                     QStringLiteral("%1 names no alembic.ini, so Alembic cannot run this project (set alembic_ini in "
                                    "[retort]); %2")
                         .arg(nativePath(config.iniPath()), whatStillWorks()));
    }
    AlembicBridge bridge;
    bridge.m_ini = config.alembicIniPath();
    bridge.m_section =
        config.alembicSection().isEmpty() ? ProjectConfig::kDefaultAlembicSection : config.alembicSection();
    bridge.m_scriptLocation = config.scriptLocation();
    // Where people run alembic: beside alembic.ini, so its prepend_sys_path (usually '.') finds the application.
    bridge.m_workingDirectory = QFileInfo(config.alembicIniPath()).absolutePath();
    bridge.m_environment = environment;

    QString python = config.alembicPython();
    QString source = config.alembicPythonSetAt().isNull()
                         ? QString()
                         : QStringLiteral("[alembic] python at %1").arg(config.alembicPythonSetAt().toString());
    if (python.isEmpty() && !environment.value(QStringLiteral("RETORT_PYTHON")).isEmpty()) {
        python = environment.value(QStringLiteral("RETORT_PYTHON"));
        source = QStringLiteral("RETORT_PYTHON");
    }
    if (python.isEmpty()) {
        python = QStringLiteral("python3");
        source = QStringLiteral("the default (no [alembic] python in retort.ini, no RETORT_PYTHON)");
    }
    if (!python.contains(u'/')) {
        const QStringList path = environment.value(QStringLiteral("PATH")).split(u':', Qt::SkipEmptyParts);
        const QString found = QStandardPaths::findExecutable(python, path);
        if (found.isEmpty()) {
            return Error(ErrorCode::Config,
                         QStringLiteral("no Python: '%1' (%2) is not on PATH; set [alembic] python = "
                                        ".venv/bin/python in retort.ini to the project's interpreter. Until then, %3")
                             .arg(python, source, whatStillWorks()));
        }
        python = found;
    } else if (!QFileInfo(python).isExecutable()) {
        return Error(ErrorCode::Config,
                     QStringLiteral("no Python: %1 (%2) is not an executable file; until it is, %3")
                         .arg(nativePath(python), source, whatStillWorks()),
                     config.alembicPythonSetAt().file);
    }
    bridge.m_python = python;
    bridge.m_helper = helperPath();
    if (!QFileInfo::exists(bridge.m_helper)) {
        return Error(ErrorCode::Config,
                     QStringLiteral("Retort's Alembic helper is missing (%1): reinstall Retort; until then, %2")
                         .arg(nativePath(bridge.m_helper), whatStillWorks()));
    }
    return bridge;
}

QString AlembicBridge::equivalentCommand(bool upgrade, const QString &target) const
{
    QStringList words{m_python, QStringLiteral("-m"), QStringLiteral("alembic"), QStringLiteral("-c"), m_ini};
    if (m_section != ProjectConfig::kDefaultAlembicSection)
        words << QStringLiteral("-n") << m_section;
    words << QStringLiteral("-x") << QStringLiteral("url=…")
          << (upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade")) << target;
    return words.join(u' ');
}

Result<QVector<QJsonObject>>
AlembicBridge::converse(QJsonObject request, const QProcessEnvironment &extra,
                        const std::function<Status(const QJsonObject &, QIODevice &)> &onAnswer,
                        const std::function<void(const QString &)> &log, const std::atomic_bool *cancel,
                        int deadlineMs) const
{
    request.insert(QStringLiteral("protocol"), kProtocol);
    request.insert(QStringLiteral("ini"), m_ini);
    request.insert(QStringLiteral("section"), m_section);
    request.insert(QStringLiteral("script_location"), m_scriptLocation);

    QProcessEnvironment environment = m_environment;
    for (const QString &key : extra.keys())
        environment.insert(key, extra.value(key));
    // The project's folders stay as they were: no __pycache__ left beside its revisions.
    environment.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));

    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_workingDirectory);
    process.start(m_python, {m_helper});
    if (!process.waitForStarted(kStartSeconds * 1000)) {
        return Error(ErrorCode::Config, QStringLiteral("cannot start %1: %2; %3")
                                            .arg(nativePath(m_python), process.errorString(), whatStillWorks()));
    }
    process.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');

    QVector<QJsonObject> answers;
    QStringList stderrTail;
    QByteArray out;
    QByteArray err;
    std::optional<Error> stopped;
    QElapsedTimer sinceInterrupt;
    auto drain = [&](bool final) {
        out += process.readAllStandardOutput();
        err += process.readAllStandardError();
        for (qsizetype newline; (newline = err.indexOf('\n')) >= 0 || (final && !err.isEmpty());) {
            const QString line = QString::fromUtf8(err.left(newline < 0 ? err.size() : newline));
            err.remove(0, newline < 0 ? err.size() : newline + 1);
            stderrTail << line;
            if (stderrTail.size() > kStderrLinesKept)
                stderrTail.removeFirst();
            if (log)
                log(line);
        }
        for (qsizetype newline; (newline = out.indexOf('\n')) >= 0;) {
            const QByteArray line = out.left(newline);
            out.remove(0, newline + 1);
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
            if (!document.isObject()) {
                stopped = Error(ErrorCode::Config, QStringLiteral("Retort's Alembic helper answered something it does "
                                                                  "not understand: %1")
                                                       .arg(QString::fromUtf8(line.left(200))));
                continue;
            }
            answers << document.object();
            if (onAnswer && !stopped) {
                const Status status = onAnswer(answers.last(), process);
                if (!status.ok())
                    stopped = status.error();
            }
        }
    };
    QElapsedTimer running;
    running.start();
    bool overdue = false;
    while (process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        drain(false);
        if (deadlineMs > 0 && running.elapsed() > deadlineMs && !overdue) {
            // A preview that hangs (a revision importing something that waits) must not hang plan or lint.
            overdue = true;
            process.kill();
        }
        if (cancel && *cancel) {
            if (!sinceInterrupt.isValid()) {
                sinceInterrupt.start();
                ::kill(pid_t(process.processId()), SIGINT);
            } else if (sinceInterrupt.elapsed() > kInterruptGraceMs) {
                process.kill();
            }
        }
    }
    process.waitForFinished(-1);
    drain(true);
    if (overdue) {
        return Error(
            ErrorCode::Config,
            QStringLiteral("the project's Python did not finish within %1 s and was stopped").arg(deadlineMs / 1000));
    }
    if (stopped)
        return *stopped;
    if (answers.isEmpty() || (answers.last().value(QStringLiteral("event")).toString() != QLatin1String("done") &&
                              answers.last().value(QStringLiteral("event")).toString() != QLatin1String("failed") &&
                              answers.last().value(QStringLiteral("event")).toString() != QLatin1String("stopped"))) {
        const QString tail = stderrTail.join(u'\n').trimmed();
        return Error(ErrorCode::Config, QStringLiteral("%1 %2 ended without an answer (exit %3)%4")
                                            .arg(nativePath(m_python), nativePath(m_helper))
                                            .arg(process.exitStatus() == QProcess::CrashExit ? -1 : process.exitCode())
                                            .arg(tail.isEmpty() ? QString() : QStringLiteral(":\n") + tail));
    }
    return answers;
}

// A helper's "failed" answer as an error: no Alembic, a broken ini, env.py raising.
static Error helperFailure(const QJsonObject &answer, const QString &python)
{
    const QString kind = answer.value(QStringLiteral("kind")).toString();
    const QString message = answer.value(QStringLiteral("message")).toString();
    const QString file = answer.value(QStringLiteral("file")).toString();
    const int line = answer.value(QStringLiteral("line")).toInt();
    QString text;
    if (kind == QLatin1String("no_alembic"))
        text = QStringLiteral("Alembic is not importable by %1 (%2); install it in the project's environment, or set "
                              "[alembic] python in retort.ini to the interpreter that has it. Until then, %3")
                   .arg(nativePath(python), message, whatStillWorks());
    else if (kind == QLatin1String("load"))
        text = QStringLiteral("Alembic could not load the revision files%1: %2")
                   .arg(file.isEmpty() ? QString() : QStringLiteral(" (at %1:%2)").arg(nativePath(file)).arg(line),
                        message);
    else if (kind == QLatin1String("env"))
        text =
            QStringLiteral("env.py failed%1: %2")
                .arg(file.isEmpty() ? QString() : QStringLiteral(" at %1:%2").arg(nativePath(file)).arg(line), message);
    else
        text = message;
    Error error(ErrorCode::Config, text, file);
    error.location = SourceLocation{file, line};
    return error;
}

RenderReport AlembicBridge::render(const ProjectConfig &config, const ScriptDirectory &scripts,
                                   const QVector<MigrationStep> &steps, Dialect dialect,
                                   const QProcessEnvironment &environment)
{
    RenderReport report;
    QJsonArray asked;
    for (const MigrationStep &step : steps) {
        if (step.kind != MigrationStep::Kind::Revision)
            continue;
        const MigrationScript &script = scripts.script(step.revision);
        const MigrationSection &section = script.section(step.isUpgrade, dialect);
        RenderedSection rendered;
        rendered.revision = script.revisionId;
        rendered.upgrade = step.isUpgrade;
        rendered.file = script.path;
        rendered.line = section.line;
        switch (section.body) {
        case SectionBody::Sql:
        case SectionBody::Empty:
        case SectionBody::LiteralSql:
            rendered.label = RenderedSection::Label::Exact;
            rendered.statements = section.statements;
            rendered.sql = exactSql(section.statements);
            break;
        case SectionBody::Missing:
            rendered.label = RenderedSection::Label::Error;
            if (const std::optional<Error> missing = script.sectionError(step.isUpgrade, dialect))
                rendered.message = missing->message;
            else
                rendered.message = QStringLiteral("the file defines no %1()")
                                       .arg(step.isUpgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"));
            break;
        case SectionBody::Python:
            rendered.label = RenderedSection::Label::NotRendered;
            asked.append(QJsonObject{{QStringLiteral("revision"), script.revisionId},
                                     {QStringLiteral("upgrade"), step.isUpgrade},
                                     {QStringLiteral("file"), script.path}});
            break;
        }
        report.sections << rendered;
    }
    if (asked.isEmpty())
        return report;

    auto notRendered = [&report](const QString &why) {
        report.unavailable = why;
        for (RenderedSection &section : report.sections) {
            if (section.label == RenderedSection::Label::NotRendered)
                section.message = why;
        }
        return report;
    };
    const Result<AlembicBridge> bridge = forProject(config, environment);
    if (!bridge.ok())
        return notRendered(bridge.error().message);
    const QJsonObject request{{QStringLiteral("action"), QStringLiteral("render")},
                              {QStringLiteral("dialect"), retort::dialectName(dialect)},
                              {QStringLiteral("revisions"), asked}};
    const Result<QVector<QJsonObject>> answers =
        bridge->converse(request, {}, nullptr, nullptr, nullptr, kRenderSeconds * 1000);
    if (!answers.ok())
        return notRendered(answers.error().message);
    for (const QJsonObject &answer : answers.value()) {
        const QString event = answer.value(QStringLiteral("event")).toString();
        if (event == QLatin1String("failed"))
            return notRendered(helperFailure(answer, bridge->python()).message);
        if (event == QLatin1String("hello")) {
            report.renderer = QStringLiteral("Alembic %1 (Python %2, %3)")
                                  .arg(answer.value(QStringLiteral("alembic")).toString(),
                                       answer.value(QStringLiteral("python_version")).toString(),
                                       nativePath(answer.value(QStringLiteral("python")).toString()));
            continue;
        }
        if (event != QLatin1String("rendered"))
            continue;
        const QString revision = answer.value(QStringLiteral("revision")).toString();
        const bool upgrade = answer.value(QStringLiteral("upgrade")).toBool();
        for (RenderedSection &section : report.sections) {
            if (section.revision != revision || section.upgrade != upgrade ||
                section.label != RenderedSection::Label::NotRendered)
                continue;
            section.label = labelFromName(answer.value(QStringLiteral("label")).toString());
            section.sql = answer.value(QStringLiteral("sql")).toString();
            section.line = answer.value(QStringLiteral("line")).toInt();
            section.failedLine = answer.value(QStringLiteral("failed_line")).toInt();
            section.offlineCheckLine = answer.value(QStringLiteral("offline_check_line")).toInt();
            section.module = answer.value(QStringLiteral("module")).toString();
            section.message = answer.value(QStringLiteral("message")).toString();
            // What was rendered must be the file Retort read (and shows): one edited in between is not previewed.
            const QString rendered = answer.value(QStringLiteral("sha256")).toString();
            const QString &read = scripts.script(scripts.map().indexOf(revision)).fileDigest;
            if (!rendered.isEmpty() && !read.isEmpty() && rendered != read) {
                section.label = RenderedSection::Label::Error;
                section.sql.clear();
                section.message = QStringLiteral("%1 changed on disk after Retort read it, so what was rendered is not "
                                                 "what is shown; read the project again")
                                      .arg(QDir::toNativeSeparators(section.file));
            }
            if (section.complete()) {
                const Result<SqlStatementList> statements = StatementSplitter::split(section.sql, 1, section.file);
                if (statements.ok()) {
                    section.statements = statements.value();
                } else {
                    section.label = RenderedSection::Label::Error;
                    section.message = QStringLiteral("the rendered SQL cannot be split into statements: ") +
                                      statements.error().message;
                }
            }
            break;
        }
    }
    for (RenderedSection &section : report.sections) {
        if (section.label == RenderedSection::Label::NotRendered && section.message.isEmpty())
            section.message = QStringLiteral("the helper gave no answer for it");
    }
    return report;
}

std::function<RenderReport(const ScriptDirectory &, const QVector<MigrationStep> &)>
AlembicBridge::renderer(const ProjectConfig &config, Dialect dialect, const QProcessEnvironment &environment)
{
    if (!config.writesAlembicRevisions())
        return {};
    return [config, dialect, environment](const ScriptDirectory &scripts, const QVector<MigrationStep> &steps) {
        return render(config, scripts, steps, dialect, environment);
    };
}

namespace {

// The identity from the helper's "identity" answer: its rows fed to the queries DatabaseIdentity asks.
Result<EnvironmentConnection> environmentConnection(const QJsonObject &answer, const DatabaseUrl &url,
                                                    const QString &schema)
{
    EnvironmentConnection connection;
    connection.dialectName = answer.value(QStringLiteral("dialect")).toString();
    connection.heads = stringList(answer.value(QStringLiteral("heads")));
    connection.transactionalDdl = answer.value(QStringLiteral("transactional_ddl")).toBool(true);
    for (const QJsonValue &value : answer.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject step = value.toObject();
        const QJsonValue revision = step.value(QStringLiteral("revision"));
        connection.steps.append(
            {revision.isArray() ? stringList(revision).join(QStringLiteral(", ")) : revision.toString(),
             step.value(QStringLiteral("upgrade")).toBool(), step.value(QStringLiteral("file")).toString(),
             step.value(QStringLiteral("sha256")).toString()});
    }
    connection.transactionPerMigration = answer.value(QStringLiteral("transaction_per_migration")).toBool();
    QHash<QString, QJsonObject> rows;
    for (const QJsonValue &row : answer.value(QStringLiteral("rows")).toArray())
        rows.insert(row.toObject().value(QStringLiteral("sql")).toString(), row.toObject());
    const DatabaseIdentity::QueryRow queryRow = [&rows](const QString &sql, int columns) -> Result<QStringList> {
        const QJsonObject row = rows.value(sql);
        if (row.contains(QStringLiteral("error")) || !row.value(QStringLiteral("row")).isArray())
            return Error(ErrorCode::Database, row.value(QStringLiteral("error")).toString(QStringLiteral("no row")));
        const QStringList values = stringList(row.value(QStringLiteral("row")));
        if (values.size() < columns)
            return Error(ErrorCode::Database, QStringLiteral("%1 gave %2 column(s)").arg(sql).arg(values.size()));
        return values;
    };
    // env.py may reach another kind of server than the URL names: read it as what it is.
    DatabaseUrl reached = url;
    const QString dialect = connection.dialectName;
    const bool sameKind = (dialect == QLatin1String("sqlite")) == (url.dialect() == Dialect::SQLite) &&
                          (dialect == QLatin1String("postgresql")) == (url.dialect() == Dialect::PostgreSQL);
    if (!sameKind) {
        connection.identity.dialect = url.dialect();
        connection.identity.unknownReason = QStringLiteral("env.py connected to a %1 database").arg(dialect);
        return connection;
    }
    RETORT_TRY(connection.identity, DatabaseIdentity::read(queryRow, reached, schema));
    return connection;
}

QJsonArray identityQueries(Dialect dialect)
{
    return QJsonArray::fromStringList(DatabaseIdentity::identityQueries(dialect));
}

QJsonArray sessionStatements(const QVector<SqlDialect::SessionSetting> &session)
{
    QJsonArray statements;
    for (const SqlDialect::SessionSetting &setting : session) {
        if (!setting.statement.isEmpty())
            statements.append(QJsonObject{{QStringLiteral("sql"), setting.statement},
                                          {QStringLiteral("optional"), setting.optional}});
    }
    return statements;
}

QProcessEnvironment urlEnvironment(const DatabaseUrl &url)
{
    QProcessEnvironment extra;
    extra.insert(QStringLiteral("DATABASE_URL"), AlembicBridge::sqlalchemyUrl(url));
    return extra;
}

} // namespace

Result<EnvironmentConnection> AlembicBridge::probe(const DatabaseUrl &url, const QString &schema) const
{
    const QJsonObject request{{QStringLiteral("action"), QStringLiteral("identity")},
                              {QStringLiteral("url"), sqlalchemyUrl(url)},
                              {QStringLiteral("queries"), identityQueries(url.dialect())}};
    RETORT_TRY(const QVector<QJsonObject> answers,
               converse(request, urlEnvironment(url), nullptr, nullptr, nullptr, kRenderSeconds * 1000));
    for (const QJsonObject &answer : answers) {
        const QString event = answer.value(QStringLiteral("event")).toString();
        if (event == QLatin1String("failed"))
            return helperFailure(answer, m_python);
        if (event == QLatin1String("identity"))
            return environmentConnection(answer, url, schema);
    }
    return Error(ErrorCode::Config, QStringLiteral("env.py never connected (the helper reported no identity)"));
}

std::optional<AlembicRunFailure> AlembicBridge::run(bool upgrade, const QString &target, const DatabaseUrl &url,
                                                    const QString &schema,
                                                    const QVector<SqlDialect::SessionSetting> &session,
                                                    const RunCallbacks &callbacks, const std::atomic_bool &cancel) const
{
    const QJsonObject request{
        {QStringLiteral("action"), QStringLiteral("run")},
        {QStringLiteral("command"), upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade")},
        {QStringLiteral("target"), target},
        {QStringLiteral("url"), sqlalchemyUrl(url)},
        {QStringLiteral("queries"), identityQueries(url.dialect())},
        {QStringLiteral("session"), sessionStatements(session)}};
    auto stepEvent = [](const QJsonObject &answer) {
        AlembicStepEvent event;
        const QJsonValue revision = answer.value(QStringLiteral("revision"));
        event.revision = revision.isArray() ? stringList(revision).join(QStringLiteral(", ")) : revision.toString();
        event.upgrade = answer.value(QStringLiteral("upgrade")).toBool();
        event.seconds = answer.value(QStringLiteral("seconds")).toDouble();
        event.heads = stringList(answer.value(QStringLiteral("heads")));
        return event;
    };
    bool admitted = false;
    bool stoppedAfterAdmission = false;
    std::optional<Error> refusal;
    auto onAnswer = [&](const QJsonObject &answer, QIODevice &helper) -> Status {
        const QString event = answer.value(QStringLiteral("event")).toString();
        if (event == QLatin1String("identity")) {
            if (admitted) {
                // env.py runs migrations a second time, on a connection of its own (a multi-database env.py):
                // one run is checked for one database, so it stops before that second one is touched.
                stoppedAfterAdmission = true;
                refusal = Error(ErrorCode::Refused,
                                QStringLiteral("env.py ran migrations on a second connection after the first (a "
                                               "multi-database env.py); Retort checks and runs one database per run, "
                                               "so Alembic was stopped before it touched the second"));
                helper.write("stop\n");
                return Status::success();
            }
            const Result<EnvironmentConnection> connection = environmentConnection(answer, url, schema);
            const Status verdict = connection.ok() ? callbacks.admit(connection.value()) : Status(connection.error());
            admitted = verdict.ok();
            if (!admitted)
                refusal = verdict.error();
            helper.write(admitted ? "go\n" : "stop\n");
        } else if (event == QLatin1String("step_started") && callbacks.started) {
            callbacks.started(stepEvent(answer));
        } else if (event == QLatin1String("step_finished") && callbacks.finished) {
            callbacks.finished(stepEvent(answer));
        }
        return Status::success();
    };
    const Result<QVector<QJsonObject>> answers =
        converse(request, urlEnvironment(url), onAnswer, callbacks.log, &cancel);
    AlembicRunFailure failure;
    if (refusal) {
        // Stopped before anything ran, or (after admission) part way: then what committed is the version table's.
        failure.kind = stoppedAfterAdmission ? AlembicRunFailure::Kind::Failed : AlembicRunFailure::Kind::Stopped;
        failure.message = refusal->message;
        return failure;
    }
    if (!answers.ok()) {
        failure.kind = cancel.load() ? AlembicRunFailure::Kind::Cancelled : AlembicRunFailure::Kind::NotStarted;
        failure.message = answers.error().message;
        return failure;
    }
    const QJsonObject &last = answers->last();
    if (last.value(QStringLiteral("event")).toString() == QLatin1String("done")) {
        if (admitted)
            return std::nullopt;
        // Whatever ran, nothing was checked first: never taken for a run that passed.
        failure.kind = AlembicRunFailure::Kind::NotStarted;
        failure.message = QStringLiteral("the helper finished without reporting env.py's connection first");
        return failure;
    }
    const QString kind = last.value(QStringLiteral("kind")).toString();
    if (kind != QLatin1String("run")) {
        failure.kind = AlembicRunFailure::Kind::NotStarted;
        failure.message = helperFailure(last, m_python).message;
        failure.traceback = last.value(QStringLiteral("traceback")).toString();
        return failure;
    }
    failure.kind = last.value(QStringLiteral("cancelled")).toBool() || cancel.load()
                       ? AlembicRunFailure::Kind::Cancelled
                       : AlembicRunFailure::Kind::Failed;
    failure.revision = last.value(QStringLiteral("revision")).toString();
    failure.traceback = last.value(QStringLiteral("traceback")).toString();
    // The exception's first line: SQLAlchemy's later lines are the statement and a link.
    failure.message = last.value(QStringLiteral("message")).toString().trimmed().section(u'\n', 0, 0);
    failure.where =
        SourceLocation{last.value(QStringLiteral("file")).toString(), last.value(QStringLiteral("line")).toInt()};
    return failure;
}

} // namespace retort
