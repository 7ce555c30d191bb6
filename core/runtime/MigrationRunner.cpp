// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/MigrationRunner.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/RunLock.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/safety/DatabaseFingerprint.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace retort {

RunSettings RunSettings::fromConfig(const ProjectConfig &config, const QString &environmentName)
{
    RunSettings settings;
    settings.versionTable = config.versionTable();
    settings.versionTableSchema = config.versionTableSchema();
    settings.historyTable = config.historyTable();
    settings.transactionPerMigration = config.transactionPerMigration();
    settings.lockTimeoutSeconds = config.lockTimeoutSeconds();
    settings.environmentName = environmentName;
    settings.production = config.environments().value(environmentName).production;
    return settings;
}

Result<QVector<MigrationStep>> planRequest(const MigrationPlanner &planner, const RunRequest &request,
                                           const QStringList &rows, QStringList *warnings)
{
    switch (request.command) {
    case RunRequest::Command::Upgrade:
        return planner.upgradeSteps(request.targets.value(0), rows);
    case RunRequest::Command::Downgrade:
        return planner.downgradeSteps(request.targets.value(0), rows, warnings);
    case RunRequest::Command::Stamp:
        break;
    }
    return planner.stampSteps(request.targets, request.purge ? QStringList() : rows);
}

namespace {

// Whether a statement ends or starts a transaction on its own (COMMIT, ROLLBACK, END, BEGIN,
// START TRANSACTION): inside a rehearsal it would commit what ran before it.
bool controlsTransaction(const QString &sql)
{
    static const QRegularExpression leading(
        QStringLiteral("^(?:\\s+|--[^\\n]*\\n|/\\*.*?\\*/)*(COMMIT|ROLLBACK|END|BEGIN|START\\s+TRANSACTION)\\b"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    return leading.match(sql).hasMatch();
}

QString rowsText(const QStringList &rows)
{
    return rows.isEmpty() ? QStringLiteral("empty") : rows.join(QStringLiteral(", "));
}

// "alembic_version is at X", read back from the database after a failure; when the database cannot
// be read any more (a lost connection), what this run last committed, saying so.
QString versionTableState(const QString &table, const Result<QStringList> &readBack, const QStringList &committed)
{
    if (readBack.ok())
        return QStringLiteral("%1 is at %2").arg(table, rowsText(readBack.value()));
    return QStringLiteral("%1 could not be read back (%2); it was at %3 when this run last committed")
        .arg(table, readBack.error().message, rowsText(committed));
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
          m_planner(runner.m_scripts.map()), m_runId(QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
    }

    Result<RunResult> execute();

private:
    Status checkAllowed() const;
    Status recordClearance();
    // Refuses to run on after a run that died inside a Transactional: false revision.
    Status checkInterruptedRun();
    // A rehearsal refuses plans whose SQL commits on its own (before anything runs).
    Status checkRehearsable(const QVector<PlannedStep> &steps) const;
    bool isOutsideTransaction(const MigrationStep &step) const;
    Status exec(const QString &sql, const QString &what);
    Status begin();
    Status commit();
    void rollback();
    Status prepareTables(bool versionTableExists);
    Status runStep(int number, int count, const PlannedStep &planned);
    Status recordHistory(const PlannedStep &planned, const QDateTime &started, qint64 milliseconds,
                         const QString &error);
    Error failure(const PlannedStep &planned, const QString &where, const QString &statement, const QString &message,
                  qint64 milliseconds, const QDateTime &started, int statementsDone);
    QString historyTable() const;

    MigrationRunner &m_runner;
    const DatabaseUrl &m_url;
    const RunRequest &m_request;
    std::unique_ptr<SqlDialect> m_dialect;
    VersionTable m_versionTable;
    MigrationPlanner m_planner;
    QString m_runId;
    std::unique_ptr<DatabaseConnection> m_connection;
    QSqlDatabase m_db;
    std::optional<QSqlQuery> m_historyInsert; // prepared once per run; declared after m_db, so it goes first
    bool m_inTransaction = false;
    bool m_lockedOnce = false;
    QStringList m_committedRows; // the version table as the database has it committed
    QStringList m_expectedRows;  // the version table as the run has it so far
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
                         QStringLiteral("%1 changed while this run had it unlocked (now: %2, expected: %3); another "
                                        "process is migrating this database. Stopped.")
                             .arg(m_versionTable.qualifiedName(), rowsText(rows), rowsText(m_expectedRows)));
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

Status MigrationRunner::Run::prepareTables(bool versionTableExists)
{
    if (!versionTableExists)
        RETORT_CHECK(
            exec(m_versionTable.createStatement(*m_dialect), QStringLiteral("cannot create the version table")));
    return Status::success();
}

Status MigrationRunner::Run::checkAllowed() const
{
    if (m_request.rehearsal) {
        if (!m_dialect->transactionalDdl()) {
            return Error(ErrorCode::Refused,
                         QStringLiteral("cannot rehearse on %1: it commits DDL implicitly, so a rehearsal would really "
                                        "apply the changes. Rehearse on a copy instead (retort backup, then retort "
                                        "restore BACKUP --into NAME)")
                             .arg(m_dialect->displayName()));
        }
        return Status::success();
    }
    if (m_runner.m_settings.production &&
        (!m_request.clearance || !m_request.clearance->database().sameDatabase(m_url))) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("'%1' is a production environment: stamp, upgrade and downgrade need a backup (or "
                                    "a written reason to skip it) and a confirmation first; nothing was changed")
                         .arg(m_runner.m_settings.environmentName));
    }
    return Status::success();
}

Status MigrationRunner::Run::recordClearance()
{
    if (!m_request.clearance || historyTable().isEmpty())
        return Status::success();
    RETORT_TRY(const QStringList rows, m_versionTable.readRows(m_db));
    HistoryRecord record = backupHistoryRecord(m_request.clearance->backup(), m_request.clearance->skipReason(), rows);
    record.environment = m_runner.m_settings.environmentName;
    record.runId = m_runId;
    return record.insertInto(m_db, historyTable());
}

Status MigrationRunner::Run::checkInterruptedRun()
{
    const QString history = historyTable();
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT h.revision, h.started_at, h.os_user, h.host, h.run_id, h.direction FROM %1 h "
                                 "WHERE h.error = ? AND NOT EXISTS (SELECT 1 FROM %1 later WHERE later.id > h.id "
                                 "AND (later.run_id = h.run_id OR later.direction = 'stamp')) ORDER BY h.id DESC")
                      .arg(history));
    query.addBindValue(HistoryRecord::outsideTransactionStarted());
    if (!query.exec())
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot read %1: %2").arg(history, databaseMessage(query.lastError())));
    RETORT_TRY(const QStringList rows, m_versionTable.readRows(m_db));
    const RevisionMap &map = m_runner.m_scripts.map();
    QVector<int> rowIndexes;
    for (const QString &row : rows) {
        if (map.indexOf(row) != RevisionMap::None)
            rowIndexes << map.indexOf(row);
    }
    const QVector<int> applied = map.ancestors(rowIndexes).value();
    while (query.next()) {
        // The version table moves only after the last statement: a revision it already shows done (or
        // undone) finished, and only its closing history row was lost.
        const QString revision = query.value(0).toString();
        const bool isApplied = applied.contains(map.indexOf(revision));
        if (isApplied == (query.value(5).toString() == QLatin1String("upgrade")))
            continue;
        return Error(
            ErrorCode::Refused,
            QStringLiteral("A run stopped inside revision %1, which runs outside a transaction "
                           "(Transactional: false): it started at %2 by %3@%4 (run %5) and never finished, so "
                           "some of its statements may have stayed applied while %6 is at %7. Check what %1 "
                           "did, then record the outcome: `retort stamp %1` if it completed, or undo it by hand "
                           "and `retort stamp %8`. Nothing was changed.")
                .arg(revision, query.value(1).toString(), query.value(2).toString(), query.value(3).toString(),
                     query.value(4).toString(), m_versionTable.qualifiedName(), rowsText(rows),
                     rows.isEmpty() ? QStringLiteral("base") : rows.join(QLatin1Char(' '))));
    }
    return Status::success();
}

Result<RunResult> MigrationRunner::Run::execute()
{
    RETORT_CHECK(checkAllowed());
    RETORT_TRY(m_connection, DatabaseConnection::open(m_url));
    m_db = m_connection->database();
    Q_EMIT m_runner.messageLogged(QStringLiteral("Context impl %1.").arg(m_dialect->displayName()));
    if (m_dialect->transactionalDdl()) {
        Q_EMIT m_runner.messageLogged(QStringLiteral("Will assume transactional DDL."));
    } else {
        Q_EMIT m_runner.messageLogged(
            QStringLiteral("%1 commits DDL implicitly: each revision is recorded as soon as it completes, and a "
                           "revision that fails half way keeps the statements before the failure.")
                .arg(m_dialect->displayName()));
    }

    const QString lockKey = m_url.database() + QLatin1Char('/') + m_versionTable.qualifiedName();
    RETORT_TRY(const std::unique_ptr<RunLock> lock,
               RunLock::acquire(m_db, m_dialect->kind(), lockKey, m_runner.m_settings.lockTimeoutSeconds,
                                [this](const QString &message) { Q_EMIT m_runner.messageLogged(message); }));

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
    const QStringList plannedFrom = m_request.purge ? QStringList() : currentRows;
    RETORT_TRY(QVector<PlannedStep> prePlanned, planFrom(plannedFrom));

    // The history table lives outside the run's transactions, so a failure's
    // row survives the rollback. Created under the lock: two first runs racing
    // on CREATE TABLE IF NOT EXISTS fail on PostgreSQL (duplicate pg_type row).
    if (!historyTable().isEmpty() && !m_request.rehearsal) {
        RETORT_CHECK(HistoryRecord::ensureTable(m_db, *m_dialect, m_runner.m_settings.historyTable,
                                                m_runner.m_settings.versionTableSchema));
        if (m_request.command != RunRequest::Command::Stamp)
            RETORT_CHECK(checkInterruptedRun());
        RETORT_CHECK(recordClearance());
    }
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
        if (m_request.purge && !rows.isEmpty()) {
            RETORT_CHECK(
                exec(m_versionTable.purgeStatement(*m_dialect), QStringLiteral("cannot purge the version table")));
            rows.clear();
        }
        QVector<PlannedStep> planned = std::move(prePlanned);
        if (rows != plannedFrom) {
            RETORT_TRY(planned, planFrom(rows));
        }
        for (const QString &warning : std::as_const(warnings))
            Q_EMIT m_runner.messageLogged(QStringLiteral("warning: ") + warning);
        RETORT_CHECK(prepareTables(tableExists));
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
    const QVector<PlannedStep> &steps = planned.value();
    if (m_request.rehearsal) {
        const Status rehearsable = checkRehearsable(steps);
        if (!rehearsable.ok()) {
            rollback();
            return rehearsable.error();
        }
    }
    for (int i = 0; i < steps.size(); ++i) {
        if (m_runner.m_cancelled) {
            rollback();
            return Error(ErrorCode::Database, QStringLiteral("Cancelled before %1; %2 is at %3.")
                                                  .arg(m_planner.logLine(steps[i].step), m_versionTable.qualifiedName(),
                                                       rowsText(m_committedRows)));
        }
        if (m_request.rehearsal && isOutsideTransaction(steps[i].step)) {
            result.rehearsalStoppedBefore = m_planner.logLine(steps[i].step);
            Q_EMIT m_runner.messageLogged(
                QStringLiteral("Rehearsal stops before %1: the revision is Transactional: false, so it cannot run "
                               "inside the rehearsal's transaction; it and the %2 step(s) after it were not rehearsed.")
                    .arg(result.rehearsalStoppedBefore)
                    .arg(steps.size() - i - 1));
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
                             .arg(status.error().message,
                                  versionTableState(m_versionTable.qualifiedName(), rows, m_committedRows)));
        }
        ++result.stepsRun;
    }
    if (m_request.rehearsal) {
        RETORT_TRY(result.rowsAfter, m_versionTable.readRows(m_db)); // what the run would leave
        rollback();
        RETORT_TRY(const DatabaseFingerprint after, DatabaseFingerprint::take(m_db, m_dialect->kind()));
        result.rehearsalChanges = after.differencesFrom(*before);
        if (result.rehearsalChanges.isEmpty())
            result.unchangedProof = after.summary();
        return result;
    }
    if (m_request.command == RunRequest::Command::Stamp && steps.isEmpty() && !historyTable().isEmpty()) {
        // A stamp that changes nothing still says something: that the version table is right as it is
        // (which also settles a run that stopped inside a revision outside a transaction).
        HistoryRecord record;
        record.direction = QStringLiteral("stamp");
        record.revision = m_committedRows.value(0, QStringLiteral("base"));
        record.fromRevisions = m_committedRows.join(QStringLiteral(", "));
        record.toRevisions = record.fromRevisions;
        record.startedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        record.setWhoAndWhere();
        record.environment = m_runner.m_settings.environmentName;
        record.runId = m_runId;
        record.note =
            m_request.note.isEmpty() ? QStringLiteral("stamped where it already was; nothing changed") : m_request.note;
        RETORT_CHECK(record.insertInto(m_db, historyTable()));
    }
    RETORT_CHECK(commit());
    RETORT_TRY(result.rowsAfter, m_versionTable.readRows(m_db));
    return result;
}

Status MigrationRunner::Run::checkRehearsable(const QVector<PlannedStep> &steps) const
{
    for (const PlannedStep &planned : steps) {
        if (planned.step.kind != MigrationStep::Kind::Revision || isOutsideTransaction(planned.step))
            break; // the rehearsal stops there anyway
        const MigrationScript &script = m_runner.m_scripts.script(planned.step.revision);
        const MigrationSection &section = planned.step.isUpgrade ? script.upgrade : script.downgrade;
        for (const SqlStatement &statement : section.statements) {
            if (controlsTransaction(statement.text)) {
                return Error(ErrorCode::Refused,
                             QStringLiteral("cannot rehearse: %1:%2 runs '%3', which would end the rehearsal's "
                                            "transaction and keep what ran before it; nothing was changed")
                                 .arg(QDir::toNativeSeparators(script.path))
                                 .arg(statement.line)
                                 .arg(statement.text.section(QLatin1Char('\n'), 0, 0).trimmed()),
                             QStringLiteral("%1:%2").arg(script.path).arg(statement.line));
            }
        }
    }
    return Status::success();
}

bool MigrationRunner::Run::isOutsideTransaction(const MigrationStep &step) const
{
    return step.kind == MigrationStep::Kind::Revision && !m_runner.m_scripts.script(step.revision).transactional;
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
    if (!transactional && !m_request.rehearsal)
        RETORT_CHECK(recordHistory(planned, started, 0, HistoryRecord::outsideTransactionStarted()));
    QElapsedTimer timer;
    timer.start();
    int done = 0;
    if (script) {
        const MigrationSection &section = step.isUpgrade ? script->upgrade : script->downgrade;
        for (const SqlStatement &statement : section.statements) {
            if (m_runner.m_cancelled) {
                return failure(planned, QString(), QString(), QStringLiteral("cancelled"), timer.elapsed(), started,
                               done);
            }
            QSqlQuery query(m_db);
            if (!query.exec(statement.text)) {
                return failure(planned,
                               QStringLiteral("%1:%2").arg(QDir::toNativeSeparators(script->path)).arg(statement.line),
                               statement.text, databaseMessage(query.lastError()), timer.elapsed(), started, done);
            }
            ++done;
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
            return failure(planned, m_versionTable.qualifiedName(), sql, message, timer.elapsed(), started, done);
        }
    }
    m_expectedRows = planned.rowsAfter;
    if (!transactional)
        m_committedRows = m_expectedRows; // autocommit
    const qint64 milliseconds = timer.elapsed();
    if (!m_request.rehearsal) {
        RETORT_CHECK(recordHistory(planned, started, milliseconds, QString()));
        if (m_runner.m_settings.transactionPerMigration || !m_dialect->transactionalDdl())
            RETORT_CHECK(commit());
    }
    Q_EMIT m_runner.stepFinished(number, count, description, milliseconds);
    return Status::success();
}

Status MigrationRunner::Run::recordHistory(const PlannedStep &planned, const QDateTime &started, qint64 milliseconds,
                                           const QString &error)
{
    if (historyTable().isEmpty())
        return Status::success();
    HistoryRecord record = HistoryRecord::forStep(m_runner.m_scripts, planned.step);
    record.startedAt = started.toString(Qt::ISODateWithMs);
    record.durationMs = milliseconds;
    record.success = error.isEmpty();
    record.error = error;
    record.setWhoAndWhere();
    record.environment = m_runner.m_settings.environmentName;
    record.runId = m_runId;
    record.note = m_request.note;
    if (m_request.clearance) {
        const QString gate = m_request.clearance->historyNote();
        record.note = record.note.isEmpty() ? gate : record.note + QStringLiteral("; ") + gate;
    }
    if (!m_historyInsert) {
        m_historyInsert.emplace(m_db);
        m_historyInsert->prepare(HistoryRecord::insertStatement(historyTable()));
    }
    return record.insertWith(*m_historyInsert, historyTable());
}

Error MigrationRunner::Run::failure(const PlannedStep &planned, const QString &where, const QString &statement,
                                    const QString &message, qint64 milliseconds, const QDateTime &started,
                                    int statementsDone)
{
    const bool wasInTransaction = m_inTransaction;
    rollback();
    // What the database really holds now, rather than what the run believes.
    const Result<QStringList> rows = m_versionTable.readRows(m_db);
    const QString state = versionTableState(m_versionTable.qualifiedName(), rows, m_committedRows);
    const MigrationStep &step = planned.step;
    QString description = m_planner.shortLog(step);
    if (step.kind == MigrationStep::Kind::Revision && !m_runner.m_scripts.map().at(step.revision).doc.isEmpty())
        description += QStringLiteral(" (%1)").arg(m_runner.m_scripts.map().at(step.revision).doc);
    QString text = message == QLatin1String("cancelled")
                       ? QStringLiteral("Cancelled before a statement of %1").arg(description)
                       : QStringLiteral("%1 failed at %2: %3\n%4")
                             .arg(description, where, statement.section(QLatin1Char('\n'), 0, 0).trimmed(), message);
    // With nothing of the revision run yet, nothing can have stayed applied: no advice to repair by hand.
    if ((wasInTransaction && m_dialect->transactionalDdl()) || statementsDone == 0) {
        text += QStringLiteral("\nRolled back; %1.").arg(state);
    } else {
        text += QStringLiteral("\n%1 cannot roll back: the %2 statement(s) of this revision before the failure may "
                               "have stayed applied; %3. Complete or undo them by hand, then stamp.")
                    .arg(m_dialect->transactionalDdl()
                             ? QStringLiteral("A revision outside a transaction")
                             : m_dialect->displayName() + QStringLiteral(" commits DDL implicitly and"))
                    .arg(statementsDone)
                    .arg(state);
    }
    if (m_request.rehearsal)
        text.replace(QStringLiteral("\nRolled back;"), QStringLiteral("\nRehearsal rolled back;"));
    // The failure's history row commits on its own, after the rollback.
    if (!historyTable().isEmpty() && !m_request.rehearsal) {
        const Status recorded = recordHistory(planned, started, milliseconds, message);
        if (!recorded.ok())
            text += QStringLiteral("\n(") + recorded.error().message + QLatin1Char(')');
    }
    return Error(ErrorCode::Database, text, where);
}

MigrationRunner::MigrationRunner(const ScriptDirectory &scripts, RunSettings settings, QObject *parent)
    : QObject(parent), m_scripts(scripts), m_settings(std::move(settings))
{
}

Result<RunResult> MigrationRunner::run(const DatabaseUrl &url, const RunRequest &request)
{
    // Reset when a run ends, not when it starts: a cancel() that arrives before
    // the run starts still counts, and the next run starts fresh.
    Run run(*this, url, request);
    Result<RunResult> result = run.execute();
    m_cancelled = false;
    return result;
}

} // namespace retort
