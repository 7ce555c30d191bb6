// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/MigrationStep.h"
#include "core/runtime/DatabaseIdentity.h"
#include "core/runtime/SqlDialect.h"
#include "core/script/DatabaseUrl.h"
#include "core/script/RenderedSql.h"

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <functional>
#include <optional>

namespace retort {

class ProjectConfig;
class ScriptDirectory;

// A revision Alembic is about to run (a delegated run, before its first statement).
struct AlembicPlannedStep
{
    QString revision;
    bool upgrade = true;
    QString file;
    QString sha256; // of the file's bytes as Alembic loaded it
};

// What env.py's own connection says of its database, before anything runs.
struct EnvironmentConnection
{
    // A delegated run: the steps Alembic worked out, in order, with their files (empty for probe()).
    QVector<AlembicPlannedStep> steps;
    DatabaseIdentity identity;
    QStringList heads; // the version table as that connection reads it
    QString dialectName;
    // Alembic's reading: whether a failing revision's statements are rolled back (SQLite: no, its DDL
    // commits as it runs), and whether each revision commits on its own.
    bool transactionalDdl = true;
    bool transactionPerMigration = false;
};

// A revision Alembic started or finished in a delegated run.
struct AlembicStepEvent
{
    QString revision;
    bool upgrade = true;
    double seconds = 0; // finished: from the revision's first statement to its version-table change
    QStringList heads;  // finished: the version table after it
};

// Why a delegated run ended early.
struct AlembicRunFailure
{
    enum class Kind
    {
        NotStarted, // the helper could not start or answer (no interpreter, no Alembic, env.py broken)
        Failed,     // a revision raised: `revision` is the one that was running
        Stopped,    // Retort said no at the identity check: nothing ran
        Cancelled,  // the person cancelled; Alembic was interrupted
    };
    Kind kind = Kind::Failed;
    QString revision;
    QString message;   // the exception's last line
    QString traceback; // Alembic's, whole
    SourceLocation where;
};

// Runs the project's Python with the helper Retort ships (resources/alembic/retort_alembic.py,
// installed as share/retort/alembic/retort_alembic.py beside the programs): offline rendering for
// previews and lint, env.py's identity, and upgrade/downgrade through alembic.command, which is what
// `python -m alembic` calls. Retort itself never runs Python.
class AlembicBridge
{
public:
    // The interpreter is retort.ini's [alembic] python, else $RETORT_PYTHON, else python3 on PATH.
    // Fails (ErrorCode::Config) without an alembic.ini, without that interpreter or without the helper,
    // saying what still works.
    [[nodiscard]] static Result<AlembicBridge> forProject(const ProjectConfig &config,
                                                          const QProcessEnvironment &environment);

    // Each revision step's section: exact ones as read; the others rendered by the helper, one process for
    // the whole plan. Never fails: what could not run is in `unavailable` and the labels.
    static RenderReport render(const ProjectConfig &config, const ScriptDirectory &scripts,
                               const QVector<MigrationStep> &steps, Dialect dialect,
                               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    // render() bound to a project and a dialect, for LintContext::render: empty unless Alembic reads the project.
    static std::function<RenderReport(const ScriptDirectory &, const QVector<MigrationStep> &)>
    renderer(const ProjectConfig &config, Dialect dialect,
             const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    // The database env.py connects to when given `url` (as DATABASE_URL and -x url=), through its own
    // connection; nothing is written (Alembic's `current`).
    [[nodiscard]] Result<EnvironmentConnection> probe(const DatabaseUrl &url, const QString &schema) const;

    struct RunCallbacks
    {
        // Before the first revision: whether to go on. An error stops the run before anything ran.
        std::function<Status(const EnvironmentConnection &)> admit;
        std::function<void(const AlembicStepEvent &)> started;
        std::function<void(const AlembicStepEvent &)> finished;
        std::function<void(const QString &line)> log; // Alembic's log and the project's output, line by line
    };
    // `alembic upgrade|downgrade TARGET` on `url`: nullopt when Alembic finished, else why it did not,
    // with Alembic's traceback. `session` (the environment's timeouts) is applied to env.py's connection once
    // admitted. `cancel` set from another thread interrupts Alembic (SIGINT, as Ctrl+C).
    [[nodiscard]] std::optional<AlembicRunFailure> run(bool upgrade, const QString &target, const DatabaseUrl &url,
                                                       const QString &schema,
                                                       const QVector<SqlDialect::SessionSetting> &session,
                                                       const RunCallbacks &callbacks,
                                                       const std::atomic_bool &cancel) const;

    QString python() const { return m_python; }
    QString helper() const { return m_helper; }
    // The command a person would type for the same run, for logs and messages.
    QString equivalentCommand(bool upgrade, const QString &target) const;
    // The URL as SQLAlchemy reads it (an SQLite path made absolute).
    static QString sqlalchemyUrl(const DatabaseUrl &url);
    // Where the helper is: share/retort/alembic beside the programs, else the source tree's copy.
    static QString helperPath();

private:
    // Starts the helper with `request`, reads its answers; `onAnswer` may write to the helper's stdin. A
    // `deadlineMs` above 0 stops the helper when it runs longer (never a run's: a migration takes what it takes).
    Result<QVector<QJsonObject>> converse(QJsonObject request, const QProcessEnvironment &extra,
                                          const std::function<Status(const QJsonObject &, QIODevice &)> &onAnswer,
                                          const std::function<void(const QString &)> &log,
                                          const std::atomic_bool *cancel, int deadlineMs = 0) const;

    QString m_python;
    QString m_helper;
    QString m_ini;
    QString m_section;
    QString m_scriptLocation;
    QString m_workingDirectory;
    QProcessEnvironment m_environment;
};

} // namespace retort
