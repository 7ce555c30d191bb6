// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/MigrationRunner.h"

#include "core/TextFormat.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/AlembicRun.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/DriftCheck.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/LockWaitWatcher.h"
#include "core/runtime/RunChecks.h"
#include "core/runtime/RunLock.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/UnsettledRun.h"
#include "core/runtime/VersionTable.h"
#include "core/runtime/DatabaseFingerprint.h"
#include "core/runtime/ProductionCheck.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"
#include "core/script/StatementSplitter.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace retort {

namespace {

// The version table as read back from the database after a failure; when the database cannot be read
// any more (a lost connection), what this run last committed, saying so.
QString versionTableState(const VersionTable &table, const Result<QStringList> &readBack, const QStringList &committed)
{
    if (readBack.ok())
        return table.describe(readBack.value());
    return QStringLiteral("%1 could not be read back (%2); when this run last committed, %3")
        .arg(table.qualifiedName(), readBack.error().message, table.describe(committed));
}

} // namespace

// The state of one run: its connection, where the transaction stands, and the
// history rows it writes.
class MigrationRunner::Run
{
public:
    Run(MigrationRunner &runner, const DatabaseUrl &url, const RunRequest &request)
        : m_runner(runner), m_url(url), m_request(request), m_dialect(SqlDialect::create(url.dialect())),
          m_versionTable(runner.m_settings.versionTable, runner.m_settings.versionTableSchema),
          m_planner(runner.m_scripts.map()), m_checks(runner.m_scripts, m_planner, m_versionTable, request, *m_dialect),
          m_runId(request.continuesRun.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                                 : request.continuesRun)
    {
    }

    Result<RunResult> execute();

private:
    // What went wrong in a step, for failure().
    struct StepFailure
    {
        QString where;     // file:line, or the version table
        QString statement; // empty when cancelled
        QString message;   // the database's; for the history row, "cancelled"
        int committed = 0; // statements of the revision the database has committed
        bool cancelled = false;
        SourceLocation statementAt = {}; // the failing statement's place in its file
    };

    // Opens the connection; a new SQLite file only for a request that can be planned from nothing.
    Status connect();
    Status applyTimeouts();
    QString timeoutHint() const;
    void announceDialect();
    Status takeLock(std::unique_ptr<RunLock> *lock);
    Status recordClearance();
    // The history table made and checked for an unsettled revision, the gate's backup row, the production mark:
    // what every writing run does before its first revision.
    Status prepareHistory(const QStringList &currentRows);
    // A plan of Alembic .py revisions, handed to the project's Alembic (AlembicRun).
    Result<RunResult> runThroughAlembic(const QVector<PlannedStep> &planned, const QStringList &currentRows);
    // Marks the database production inside this gated write when retort.ini declares it so.
    Status markProduction();
    bool isOutsideTransaction(const MigrationStep &step) const;
    Status exec(const QString &sql, const QString &what);
    Status begin();
    Status commit();
    void rollback();
    Status runStep(int number, int count, const PlannedStep &planned);
    // The step's history row: inserted, or (a revision outside a transaction) its start row finished.
    Status recordHistory(const PlannedStep &planned, const QDateTime &started, qint64 milliseconds,
                         const QString &error, std::optional<int> statementsCommitted);
    HistoryRecord historyRecord(const PlannedStep &planned, const QDateTime &started) const;
    Error failure(const PlannedStep &planned, const StepFailure &what, qint64 milliseconds, const QDateTime &started);
    Status recordQuietStamp();
    // Says which applied revisions' files changed since they ran, if any; never stops the run.
    void warnOfDrift(const QStringList &rows);
    // Inserts a row through the run's prepared statement.
    Status insertHistory(const HistoryRecord &record);
    // A stamp's rows, one per revision it changes (HistoryRecord::forStampedRevisions), from what the rows
    // written so far left the version table at to `rowsAfter`.
    Status recordStamp(const HistoryRecord &summary, const QStringList &rowsAfter);
    QString historyTable() const;

    MigrationRunner &m_runner;
    const DatabaseUrl &m_url;
    const RunRequest &m_request;
    std::unique_ptr<SqlDialect> m_dialect;
    VersionTable m_versionTable;
    MigrationPlanner m_planner;
    RunChecks m_checks;
    QString m_runId;
    ProductionStatus m_production;
    std::unique_ptr<DatabaseConnection> m_connection;
    QSqlDatabase m_db;
    std::optional<QSqlQuery> m_historyInsert; // prepared once per run; declared after m_db, so it goes first
    std::unique_ptr<RunLock> m_lock;          // released first, while the connection is still open
    std::unique_ptr<LockWaitWatcher> m_lockWatcher;
    bool m_inTransaction = false;
    bool m_lockedOnce = false;
    QStringList m_committedRows; // the version table as the database has it committed
    QStringList m_expectedRows;  // the version table as the run has it so far
    QStringList m_purgedRows;    // stamp --purge: what the version table held before it was emptied
    QStringList m_recordedRows;  // the version table as this run's stamp rows have it so far (before any purge)
};

Status MigrationRunner::Run::exec(const QString &sql, const QString &what)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return Error(ErrorCode::Database, QStringLiteral("%1: %2").arg(what, databaseMessage(query.lastError())));
    return Status::success();
}

Status MigrationRunner::Run::begin()
{
    RETORT_CHECK(exec(m_dialect->beginStatement(), QStringLiteral("cannot begin a transaction")));
    m_inTransaction = true;
    if (m_lockedOnce) {
        // SQLite's lock is the transaction: after a revision that ran outside
        // one, make sure nobody moved the version table meanwhile.
        RETORT_TRY(const QStringList rows, m_versionTable.readRows(m_db));
        if (QSet<QString>(rows.cbegin(), rows.cend()) !=
            QSet<QString>(m_expectedRows.cbegin(), m_expectedRows.cend())) {
            rollback();
            return Error(ErrorCode::Database,
                         QStringLiteral("%1 changed while this run had it unlocked (%2, where this run expected %3); "
                                        "another process is migrating this database. Stopped.")
                             .arg(m_versionTable.qualifiedName(), m_versionTable.describe(rows),
                                  m_expectedRows.isEmpty() ? QStringLiteral("it empty")
                                                           : m_expectedRows.join(QStringLiteral(", "))));
        }
    }
    m_lockedOnce = true;
    return Status::success();
}

Status MigrationRunner::Run::commit()
{
    if (!m_inTransaction)
        return Status::success();
    m_inTransaction = false;
    RETORT_CHECK(exec(QStringLiteral("COMMIT"), QStringLiteral("cannot commit")));
    m_committedRows = m_expectedRows;
    return Status::success();
}

void MigrationRunner::Run::rollback()
{
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    QSqlQuery query(m_db);
    query.exec(QStringLiteral("ROLLBACK"));
}

QString MigrationRunner::Run::historyTable() const
{
    const QString &name = m_runner.m_settings.historyTable;
    return name.isEmpty() ? QString() : m_dialect->qualifiedTable(name, m_runner.m_settings.versionTableSchema);
}

Status MigrationRunner::Run::connect()
{
    const QString path = m_url.database();
    if (m_url.dialect() == Dialect::SQLite && !m_url.isMemory() && !QFileInfo::exists(path)) {
        if (m_request.rehearsal)
            return Error(ErrorCode::Refused, QStringLiteral("there is no database at %1 to rehearse on").arg(path));
        // Only a request that can be planned from an empty database creates the file.
        RETORT_CHECK(planRequest(m_planner, m_request, {}));
        const QString folder = QFileInfo(path).absolutePath();
        if (!QFileInfo(folder).isDir()) {
            return Error(ErrorCode::Io,
                         QStringLiteral("cannot create the SQLite database %1: the folder %2 does not exist; nothing "
                                        "was changed")
                             .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(folder)),
                         path);
        }
        Q_EMIT m_runner.messageLogged(
            QStringLiteral("Creating a new SQLite database at %1.").arg(QDir::toNativeSeparators(path)));
    }
    RETORT_TRY(m_connection, DatabaseConnection::open(m_url));
    m_db = m_connection->database();
    return Status::success();
}

// Said after a statement the database ended for waiting or running too long: which limit, and what to do.
QString MigrationRunner::Run::timeoutHint() const
{
    const RunSettings &settings = m_runner.m_settings;
    QStringList limits;
    if (settings.dbLockTimeoutSeconds > 0)
        limits << QStringLiteral("db_lock_timeout = %1 s").arg(settings.dbLockTimeoutSeconds);
    if (settings.dbStatementTimeoutSeconds > 0)
        limits << QStringLiteral("db_statement_timeout = %1 s").arg(settings.dbStatementTimeoutSeconds);
    return QStringLiteral("(Retort gave up waiting%1: another session holds a lock this statement needs, or it ran "
                          "too long; find the session, or run again when it is done.)")
        .arg(limits.isEmpty() ? QString() : QStringLiteral(" at ") + limits.join(QStringLiteral(", ")));
}

// The environment's lock and statement timeouts, for every statement of the run (a rehearsal's too). On
// SQLite the lock is the file's, which other programs' writes hold too: unset, they are waited for as long
// as for another run.
Status MigrationRunner::Run::applyTimeouts()
{
    const RunSettings &settings = m_runner.m_settings;
    for (const SqlDialect::SessionSetting &setting :
         m_dialect->timeoutSettings(settings.dbLockTimeoutSeconds, settings.dbStatementTimeoutSeconds)) {
        if (!setting.statement.isEmpty()) {
            QSqlQuery query(m_db);
            if (query.exec(setting.statement))
                continue;
            if (!setting.optional) {
                return Error(ErrorCode::Database, QStringLiteral("cannot set the run's timeouts (%1): %2")
                                                      .arg(setting.statement, databaseMessage(query.lastError())));
            }
        }
        Q_EMIT m_runner.messageLogged(setting.whenRefused + u'.');
    }
    if (settings.dbLockTimeoutSeconds > 0) {
        Q_EMIT m_runner.messageLogged(QStringLiteral("A statement waits at most %1 s for a lock another session holds "
                                                     "(db_lock_timeout).")
                                          .arg(settings.dbLockTimeoutSeconds));
    }
    return Status::success();
}

void MigrationRunner::Run::announceDialect()
{
    Q_EMIT m_runner.messageLogged(QStringLiteral("Context impl %1.").arg(m_dialect->displayName()));
    if (m_dialect->transactionalDdl()) {
        Q_EMIT m_runner.messageLogged(QStringLiteral("Will assume transactional DDL."));
    } else {
        Q_EMIT m_runner.messageLogged(
            QStringLiteral("%1 commits DDL implicitly: each revision is recorded as soon as it completes, and a "
                           "revision that fails half way keeps the statements before the failure.")
                .arg(m_dialect->displayName()));
    }
}

Status MigrationRunner::Run::takeLock(std::unique_ptr<RunLock> *lock)
{
    // PostgreSQL's advisory locks belong to the database; MySQL's named locks to the server, so the key
    // names the database as the server knows it, whatever the URL called it.
    const QString database =
        m_production.identity.database.isEmpty() ? m_url.database() : m_production.identity.database;
    RETORT_TRY(*lock, RunLock::acquire(m_db, m_dialect->kind(), database + u'/' + m_versionTable.qualifiedName(),
                                       m_runner.m_settings.lockTimeoutSeconds,
                                       [this](const QString &message) { Q_EMIT m_runner.messageLogged(message); }));
    return Status::success();
}

Status MigrationRunner::Run::recordClearance()
{
    if (!m_request.clearance || historyTable().isEmpty() || !m_request.continuesRun.isEmpty())
        return Status::success();
    RETORT_TRY(const QStringList rows, m_versionTable.readRows(m_db));
    HistoryRecord record =
        HistoryRecord::forBackup(m_request.clearance->backup(), m_request.clearance->skipReason(), rows);
    record.environment = m_runner.m_settings.environmentName;
    record.runId = m_runId;
    return record.insertInto(m_db, historyTable());
}

Status MigrationRunner::Run::markProduction()
{
    if (m_request.rehearsal || !m_production.needsMark())
        return Status::success();
    RETORT_CHECK(ProductionMark::write(m_db, *m_dialect, m_runner.m_settings.versionTableSchema,
                                       m_production.environment, m_production.identity));
    Q_EMIT m_runner.messageLogged(
        QStringLiteral("Marked %1 as the database of production environment '%2' (%3): "
                       "every configuration that reaches it meets the gate.")
            .arg(m_production.identity.confirmationName(), m_production.environment, ProductionMark::tableName()));
    if (historyTable().isEmpty())
        return Status::success();
    RETORT_TRY(const QStringList rows, m_versionTable.readRows(m_db));
    HistoryRecord record =
        HistoryRecord::event(HistoryEvent::Mark, rows,
                             QStringLiteral("production mark of environment '%1' on %2")
                                 .arg(m_production.environment, m_production.identity.description()));
    record.environment = m_runner.m_settings.environmentName;
    record.runId = m_runId;
    return record.insertInto(m_db, historyTable());
}

Status MigrationRunner::Run::prepareHistory(const QStringList &currentRows)
{
    // The history table lives outside the run's transactions, so a failure's
    // row survives the rollback. Created under the lock: two first runs racing
    // on CREATE TABLE IF NOT EXISTS fail on PostgreSQL (duplicate pg_type row).
    if (!historyTable().isEmpty() && !m_request.rehearsal) {
        RETORT_CHECK(HistoryRecord::ensureTable(m_db, *m_dialect, m_runner.m_settings.historyTable,
                                                m_runner.m_settings.versionTableSchema));
        if (m_request.command != RunRequest::Command::Stamp) {
            RETORT_CHECK(UnsettledRun::check(m_db, m_dialect->kind(), historyTable(), m_runner.m_scripts, currentRows,
                                             m_versionTable));
        }
        RETORT_CHECK(recordClearance());
    }
    return markProduction();
}

Result<RunResult> MigrationRunner::Run::runThroughAlembic(const QVector<PlannedStep> &planned,
                                                          const QStringList &currentRows)
{
    RETORT_CHECK(AlembicRun::canDelegate(m_runner.m_scripts, planned, m_request));
    const std::optional<AlembicBridge> &bridge = m_runner.m_settings.alembic;
    if (!bridge) {
        return Error(ErrorCode::Config, QStringLiteral("nothing was run: the plan holds Alembic revisions, which only "
                                                       "the project's Alembic runs, and %1")
                                            .arg(m_runner.m_settings.alembicUnavailable));
    }
    RETORT_CHECK(prepareHistory(currentRows));
    if (planned.isEmpty()) {
        RunResult result;
        result.rowsBefore = result.rowsAfter = currentRows;
        result.runId = m_runId;
        return result;
    }
    AlembicRun::Hooks hooks;
    hooks.log = [this](const QString &message) { Q_EMIT m_runner.messageLogged(message); };
    hooks.stepStarted = [this](int number, int count, const QString &description) {
        Q_EMIT m_runner.stepStarted(number, count, description);
    };
    hooks.stepFinished = [this](int number, int count, const QString &description, qint64 milliseconds) {
        Q_EMIT m_runner.stepFinished(number, count, description, milliseconds);
    };
    hooks.historyRecord = [this](const PlannedStep &step, const QDateTime &started) {
        return historyRecord(step, started);
    };
    AlembicRun run(*bridge, m_runner.m_scripts, m_planner, m_versionTable, m_db, historyTable(), std::move(hooks));
    const RunSettings &settings = m_runner.m_settings;
    RETORT_TRY(RunResult result,
               run.run(m_url, m_request, m_production.identity, planned, currentRows,
                       m_dialect->timeoutSettings(settings.dbLockTimeoutSeconds, settings.dbStatementTimeoutSeconds),
                       m_runner.m_cancelled));
    result.runId = m_runId;
    return result;
}

Result<RunResult> MigrationRunner::Run::execute()
{
    RETORT_CHECK(m_checks.rehearsalPossible());
    RETORT_CHECK(connect());
    announceDialect();
    // What the database is, and whether it is production, by itself rather than by the URL: the
    // gate's clearance must be for this very database.
    RETORT_TRY(m_production, ProductionCheck::assess(m_db, m_url, m_runner.m_settings));
    RETORT_CHECK(admitToRun(m_production, m_request.clearance, m_url, m_request.rehearsal));
    RETORT_CHECK(takeLock(&m_lock));
    RETORT_CHECK(applyTimeouts()); // after the run lock, whose wait on SQLite sets the busy timeout of its own
    m_lockWatcher = LockWaitWatcher::start(m_db, m_url, m_runner.m_settings.lockReportSeconds,
                                           [this](const QString &message) { Q_EMIT m_runner.messageLogged(message); });

    // Planned before anything is created: a request that cannot be planned from what the database
    // holds (an unknown revision in the version table, an impossible target) changes nothing, not
    // even the history table. Under the lock the rows stay put, so the transaction below reuses this
    // plan unless another program moved them meanwhile.
    QStringList warnings;
    auto planFrom = [this, &warnings](const QStringList &rows) -> Result<QVector<PlannedStep>> {
        warnings.clear();
        RETORT_TRY(const QVector<MigrationStep> steps, planRequest(m_planner, m_request, rows, &warnings));
        return m_planner.simulate(steps, rows, m_versionTable.qualifiedName());
    };
    RETORT_TRY(const QStringList currentRows, m_versionTable.readRows(m_db));
    if (m_request.command == RunRequest::Command::Upgrade)
        warnOfDrift(currentRows);
    const QStringList plannedFrom = m_request.purge ? QStringList() : currentRows;
    RETORT_TRY(QVector<PlannedStep> prePlanned, planFrom(plannedFrom));
    // What runs must be what was shown, and the SQL what the files hold now.
    RETORT_CHECK(m_checks.asShown(currentRows, prePlanned));
    RETORT_CHECK(m_checks.filesAsRead(prePlanned));
    RETORT_CHECK(m_checks.sectionsPresent(prePlanned));
    if (holdsAlembicRevisions(m_runner.m_scripts, prePlanned)) {
        // Alembic's own revisions run through the project's Alembic, unless asked to run exact ones here.
        if (!m_request.runExactSql)
            return runThroughAlembic(prePlanned, currentRows);
        RETORT_CHECK(refusePythonRevisions(m_runner.m_scripts, prePlanned, PythonRevisionUse::ExactRun));
    }
    RETORT_CHECK(prepareHistory(currentRows));
    std::optional<DatabaseFingerprint> before;
    if (m_request.rehearsal) {
        Q_EMIT m_runner.messageLogged(QStringLiteral("Rehearsal: every step runs in one transaction that is rolled "
                                                     "back at the end; nothing is kept."));
        RETORT_TRY(before, DatabaseFingerprint::take(m_db, m_dialect->kind()));
    }

    RETORT_CHECK(begin());
    auto plannedSteps = [&]() -> Result<QVector<PlannedStep>> {
        RETORT_TRY(const bool tableExists, m_versionTable.exists(m_db));
        RETORT_TRY(QStringList rows, m_versionTable.readRows(m_db));
        m_committedRows = rows;
        m_recordedRows = rows;
        if (m_request.purge && !rows.isEmpty()) {
            RETORT_CHECK(
                exec(m_versionTable.purgeStatement(*m_dialect), QStringLiteral("cannot purge the version table")));
            m_purgedRows = rows;
            rows.clear();
        }
        QVector<PlannedStep> planned = std::move(prePlanned);
        if (rows != plannedFrom) {
            RETORT_TRY(planned, planFrom(rows));
        }
        for (const QString &warning : std::as_const(warnings))
            Q_EMIT m_runner.messageLogged(QStringLiteral("warning: ") + warning);
        if (!tableExists) {
            RETORT_CHECK(
                exec(m_versionTable.createStatement(*m_dialect), QStringLiteral("cannot create the version table")));
        }
        m_expectedRows = rows;
        return planned;
    };
    auto planned = plannedSteps();
    if (!planned.ok()) {
        rollback();
        return planned.error();
    }
    RunResult result;
    result.rowsBefore = m_committedRows;
    result.runId = m_runId;
    const QVector<PlannedStep> &steps = planned.value();
    if (m_request.rehearsal) {
        const Status rehearsable = m_checks.rehearsable(steps);
        if (!rehearsable.ok()) {
            rollback();
            return rehearsable.error();
        }
    }
    for (int i = 0; i < steps.size(); ++i) {
        if (m_runner.m_cancelled) {
            rollback();
            return Error(ErrorCode::Cancelled,
                         QStringLiteral("Cancelled before %1; %2.")
                             .arg(m_planner.logLine(steps[i].step), m_versionTable.describe(m_committedRows)));
        }
        if (i + 1 == m_request.stopBeforeStep) {
            result.stoppedBeforeStep = i + 1;
            Q_EMIT m_runner.messageLogged(
                QStringLiteral("Stopping before %1 as asked; %2 of the plan's steps left, not run.")
                    .arg(m_planner.logLine(steps[i].step))
                    .arg(steps.size() - i));
            break;
        }
        if (m_request.rehearsal && isOutsideTransaction(steps[i].step)) {
            result.stoppedBeforeStep = i + 1;
            result.rehearsalStoppedBefore = m_planner.logLine(steps[i].step);
            result.rehearsalStepsLeft = int(steps.size()) - i;
            Q_EMIT m_runner.messageLogged(
                QStringLiteral("Rehearsal stops before %1: the revision is Transactional: false, so it cannot run "
                               "inside the rehearsal's transaction; %2.")
                    .arg(result.rehearsalStoppedBefore, result.notRehearsed()));
            break;
        }
        const Status status = runStep(i + 1, int(steps.size()), steps[i]);
        if (!status.ok()) {
            if (!m_inTransaction)
                return status.error();
            // Failed after the revision's own statements (history row, commit): undo the step too.
            rollback();
            const Result<QStringList> rows = m_versionTable.readRows(m_db);
            return Error(status.error().code,
                         QStringLiteral("%1\nRolled back; %2.")
                             .arg(status.error().message, versionTableState(m_versionTable, rows, m_committedRows)));
        }
        ++result.stepsRun;
    }
    if (m_request.rehearsal) {
        RETORT_TRY(result.rowsAfter, m_versionTable.readRows(m_db)); // what the rehearsal reached
        rollback();
        RETORT_TRY(const DatabaseFingerprint after, DatabaseFingerprint::take(m_db, m_dialect->kind()));
        result.rehearsalChanges = after.differencesFrom(*before);
        if (result.rehearsalChanges.isEmpty())
            result.unchangedProof = after.summary();
        return result;
    }
    if (m_request.command == RunRequest::Command::Stamp && steps.isEmpty())
        RETORT_CHECK(recordQuietStamp());
    RETORT_CHECK(commit());
    RETORT_TRY(result.rowsAfter, m_versionTable.readRows(m_db));
    return result;
}

void MigrationRunner::Run::warnOfDrift(const QStringList &rows)
{
    // Alembic upgrades whatever the files say, and so does Retort; but who runs it should know that what the
    // database holds is not what the files say. A history that cannot be read says nothing here.
    const Result<DriftReport> drift =
        DriftCheck::run(m_runner.m_scripts, m_db, m_dialect->kind(), rows, historyTable());
    if (!drift.ok() || !drift->drifted())
        return;
    using Finding = AppliedRevisionCheck::Finding;
    Q_EMIT m_runner.messageLogged(
        QStringLiteral("warning: applied revision(s) changed since they ran: %1 (see retort verify); upgrading "
                       "anyway")
            .arg(DriftReport::describe(drift->ids(Finding::Edited), drift->ids(Finding::MissingFile))));
}

// A stamp that moves nothing still says something: that the version table is right as it is (which
// also settles a revision a run left part way), or, with --purge, that it was emptied.
Status MigrationRunner::Run::recordQuietStamp()
{
    if (historyTable().isEmpty())
        return Status::success();
    HistoryRecord record;
    record.direction = HistoryEvent::Stamp;
    const QStringList &before = m_purgedRows.isEmpty() ? m_committedRows : m_purgedRows;
    record.revision = before.value(0, QStringLiteral("base"));
    record.fromRevisions = before.join(QStringLiteral(", "));
    record.toRevisions = m_expectedRows.join(QStringLiteral(", "));
    record.startedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    record.setWhoAndWhere();
    record.environment = m_runner.m_settings.environmentName;
    record.runId = m_runId;
    record.note = m_request.note;
    if (record.note.isEmpty()) {
        record.note = m_purgedRows.isEmpty()
                          ? QStringLiteral("stamped where it already was; nothing changed")
                          : QStringLiteral("--purge emptied %1, which held %2")
                                .arg(m_versionTable.qualifiedName(), m_purgedRows.join(QStringLiteral(", ")));
    }
    // --purge to base stamps away whatever the table held.
    return recordStamp(record, m_expectedRows);
}

Status MigrationRunner::Run::insertHistory(const HistoryRecord &record)
{
    if (!m_historyInsert) {
        m_historyInsert.emplace(m_db);
        m_historyInsert->prepare(HistoryRecord::insertStatement(historyTable()));
    }
    return record.insertWith(*m_historyInsert, historyTable());
}

Status MigrationRunner::Run::recordStamp(const HistoryRecord &summary, const QStringList &rowsAfter)
{
    const QVector<HistoryRecord> records =
        HistoryRecord::forStampedRevisions(m_runner.m_scripts, summary, m_recordedRows, rowsAfter, m_dialect->kind());
    for (const HistoryRecord &record : records)
        RETORT_CHECK(insertHistory(record));
    m_recordedRows = rowsAfter;
    return Status::success();
}

bool MigrationRunner::Run::isOutsideTransaction(const MigrationStep &step) const
{
    return runsOutsideTransaction(m_runner.m_scripts, step);
}

Status MigrationRunner::Run::runStep(int number, int count, const PlannedStep &planned)
{
    const MigrationStep &step = planned.step;
    const bool isRevision = step.kind == MigrationStep::Kind::Revision;
    const MigrationScript *script = isRevision ? &m_runner.m_scripts.script(step.revision) : nullptr;
    const bool transactional = !script || script->transactional;
    const QString description = m_planner.logLine(step);

    if (!transactional && m_inTransaction)
        RETORT_CHECK(commit()); // what ran before is kept whatever this revision does
    if (transactional && !m_inTransaction)
        RETORT_CHECK(begin());

    Q_EMIT m_runner.stepStarted(number, count, description);
    const QDateTime started = QDateTime::currentDateTimeUtc();
    // Committed before the first statement: if the process dies inside the revision, the next run finds it.
    if (!transactional && !m_request.rehearsal && !historyTable().isEmpty())
        RETORT_CHECK(HistoryRecord::startOf(historyRecord(planned, started)).insertInto(m_db, historyTable()));
    QElapsedTimer timer;
    timer.start();
    int done = 0;      // statements that ran
    int committed = 0; // of them, those the database has committed
    // Outside a transaction every statement commits as it runs. On MySQL/MariaDB a DDL statement
    // commits what ran before it and ends the transaction: what follows commits as it runs too.
    bool committing = !transactional;
    if (script) {
        const MigrationSection &section = script->section(step.isUpgrade, m_dialect->kind());
        const QString file = QDir::toNativeSeparators(script->path);
        for (const SqlStatement &statement : section.statements) {
            if (m_runner.m_cancelled)
                return failure(planned, {QString(), QString(), QStringLiteral("cancelled"), committed, true},
                               timer.elapsed(), started);
            QSqlQuery query(m_db);
            if (!query.exec(statement.text)) {
                // A DDL statement that fails while running has still committed what ran before it.
                if (committing || m_dialect->committedBeforeFailing(statement.text, query.lastError()))
                    committed = done;
                QString message = databaseMessage(query.lastError());
                if (m_dialect->isTimeout(query.lastError()))
                    message += u' ' + timeoutHint();
                return failure(planned,
                               {QStringLiteral("%1:%2").arg(file).arg(statement.line), statement.text, message,
                                committed, false, SourceLocation{script->path, statement.line}},
                               timer.elapsed(), started);
            }
            ++done;
            committing = committing || m_dialect->commitsImplicitly(statement.text);
            if (committing)
                committed = done;
        }
    }
    for (const VersionChange &change : planned.changes) {
        const QString sql = m_versionTable.changeStatement(*m_dialect, change);
        QSqlQuery query(m_db);
        const bool ok = query.exec(sql);
        if (!ok || query.numRowsAffected() != 1) {
            const QString message = ok ? QStringLiteral("expected to change one row of %1; %2 changed (has another "
                                                        "process moved it?)")
                                             .arg(m_versionTable.qualifiedName())
                                             .arg(query.numRowsAffected())
                                       : databaseMessage(query.lastError());
            return failure(planned, {m_versionTable.qualifiedName(), sql, message, committed}, timer.elapsed(),
                           started);
        }
    }
    m_expectedRows = planned.rowsAfter;
    if (!transactional)
        m_committedRows = m_expectedRows; // autocommit
    const qint64 milliseconds = timer.elapsed();
    if (!m_request.rehearsal) {
        RETORT_CHECK(recordHistory(planned, started, milliseconds, QString(),
                                   transactional ? std::nullopt : std::optional<int>(done)));
        if (m_runner.m_settings.transactionPerMigration || !m_dialect->transactionalDdl())
            RETORT_CHECK(commit());
    }
    Q_EMIT m_runner.stepFinished(number, count, description, milliseconds);
    return Status::success();
}

HistoryRecord MigrationRunner::Run::historyRecord(const PlannedStep &planned, const QDateTime &started) const
{
    HistoryRecord record = HistoryRecord::forStep(m_runner.m_scripts, planned.step, m_dialect->kind());
    record.startedAt = started.toString(Qt::ISODateWithMs);
    record.setWhoAndWhere();
    record.environment = m_runner.m_settings.environmentName;
    record.runId = m_runId;
    record.note = m_request.note;
    if (m_request.clearance) {
        const QString gate = m_request.clearance->historyNote();
        record.note = record.note.isEmpty() ? gate : record.note + QStringLiteral("; ") + gate;
    }
    if (planned.step.kind == MigrationStep::Kind::Stamp && !m_purgedRows.isEmpty()) {
        const QString purged = QStringLiteral("--purge emptied %1 first, which held %2")
                                   .arg(m_versionTable.qualifiedName(), m_purgedRows.join(QStringLiteral(", ")));
        record.note = record.note.isEmpty() ? purged : purged + QStringLiteral("; ") + record.note;
    }
    return record;
}

Status MigrationRunner::Run::recordHistory(const PlannedStep &planned, const QDateTime &started, qint64 milliseconds,
                                           const QString &error, std::optional<int> statementsCommitted)
{
    if (historyTable().isEmpty())
        return Status::success();
    HistoryRecord record = historyRecord(planned, started);
    record.durationMs = milliseconds;
    record.success = error.isEmpty();
    record.error = error;
    record.statementsCommitted = statementsCommitted;
    if (isOutsideTransaction(planned.step))
        return record.finishIn(m_db, historyTable());
    // A failed stamp changed nothing: its one row says so.
    if (planned.step.kind == MigrationStep::Kind::Stamp && record.success)
        return recordStamp(record, planned.rowsAfter);
    return insertHistory(record);
}

Error MigrationRunner::Run::failure(const PlannedStep &planned, const StepFailure &what, qint64 milliseconds,
                                    const QDateTime &started)
{
    rollback();
    // What the database really holds now, rather than what the run believes.
    const Result<QStringList> rows = m_versionTable.readRows(m_db);
    const QString state = versionTableState(m_versionTable, rows, m_committedRows);
    const MigrationStep &step = planned.step;
    const bool isRevision = step.kind == MigrationStep::Kind::Revision;
    QString description = m_planner.shortLog(step);
    if (isRevision && !m_runner.m_scripts.map().at(step.revision).doc.isEmpty())
        description += QStringLiteral(" (%1)").arg(m_runner.m_scripts.map().at(step.revision).doc);
    QString text = what.cancelled ? QStringLiteral("Cancelled before a statement of %1").arg(description)
                                  : QStringLiteral("%1 failed at %2: %3\n%4")
                                        .arg(description, what.where, firstLine(what.statement), what.message);
    if (what.committed == 0) {
        text += (m_request.rehearsal ? QStringLiteral("\nRehearsal rolled back; %1.")
                                     : QStringLiteral("\nRolled back; %1."))
                    .arg(state);
    } else {
        // Never "rolled back" for what the database has committed: say which statements, and how to settle.
        const QStringList committed = UnsettledRun::committedStatements(
            m_runner.m_scripts, step.revision, step.isUpgrade, what.committed, m_dialect->kind());
        const QStringList rowsNow = rows.ok() ? rows.value() : m_committedRows;
        text +=
            QStringLiteral("\n%1 statement(s) of it stayed committed, because %2:\n  %3\n%4, as before the "
                           "revision. The next upgrade or downgrade refuses until you settle it:\n%5")
                .arg(what.committed)
                .arg(isOutsideTransaction(step)
                         ? QStringLiteral("it runs outside a transaction (Transactional: false)")
                         : m_dialect->displayName() +
                               QStringLiteral(" commits at a DDL statement, and what follows it commits as it runs"))
                .arg(committed.join(QStringLiteral("\n  ")), state,
                     UnsettledRun::settleAdvice(m_runner.m_scripts, step.revision, step.isUpgrade, rowsNow));
        if (historyTable().isEmpty()) {
            text += QStringLiteral("\nThis project keeps no history table (history_table is empty), so Retort cannot "
                                   "remember this: settle it before anything runs again.");
        }
    }
    // The failure's history row commits on its own, after the rollback.
    if (!historyTable().isEmpty() && !m_request.rehearsal) {
        const bool tracked = isOutsideTransaction(step) || !m_dialect->transactionalDdl();
        const Status recorded = recordHistory(planned, started, milliseconds, what.message,
                                              tracked ? std::optional<int>(what.committed) : std::nullopt);
        if (!recorded.ok())
            text += QStringLiteral("\n(") + recorded.error().message + QLatin1Char(')');
    }
    Error error(what.cancelled ? ErrorCode::Cancelled : ErrorCode::Database, text, what.where);
    error.location = what.statementAt;
    return error;
}

MigrationRunner::MigrationRunner(const ScriptDirectory &scripts, RunSettings settings, QObject *parent)
    : QObject(parent), m_scripts(scripts), m_settings(std::move(settings))
{
}

Result<RunResult> MigrationRunner::run(const DatabaseUrl &url, const RunRequest &request)
{
    // Reset when a run ends, not when it starts: a cancel() that arrives before
    // the run starts still counts, and the next run starts fresh.
    if (!m_scripts.isComplete()) {
        // A graph with files left out has other heads and other paths than the project: plan nothing on it.
        const Diagnostic &first = m_scripts.leftOut().first();
        return Error(ErrorCode::Refused,
                     QStringLiteral("nothing was run: %1 file(s) of the project could not be loaded, so its graph is "
                                    "not whole; first: %2")
                         .arg(m_scripts.leftOut().size())
                         .arg(first.toString()),
                     first.where);
    }
    Run run(*this, url, request);
    Result<RunResult> result = run.execute();
    m_cancelled = false;
    return result;
}

} // namespace retort
