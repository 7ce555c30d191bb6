// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/Linter.h"

#include "core/lint/StatementReader.h"
#include "core/revision/MigrationStep.h"
#include "core/script/MigrationScript.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"

#include <QRegularExpression>

namespace retort {

namespace {

// "-- retort:ignore drop-table,truncate the archive was exported on 2026-11-30"
struct Suppression
{
    int line = 0;
    QStringList rules;
    QString reason;
};

QVector<Suppression> suppressionsIn(const MigrationSection &section)
{
    static const QRegularExpression comment(QStringLiteral(R"(--\s*retort:ignore\s+([\w,-]+)\s*(.*)$)"));
    QVector<Suppression> found;
    if (section.line == 0)
        return found;
    const QStringList lines = section.text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QRegularExpressionMatch match = comment.match(lines[i]);
        if (match.hasMatch())
            found.append(
                {section.line + 1 + i, match.captured(1).split(QLatin1Char(',')), match.captured(2).trimmed()});
    }
    return found;
}

// The statement a suppression on `line` belongs to: the first one starting on that line or after it.
int statementLineAfter(const SqlStatementList &statements, int line)
{
    for (const SqlStatement &statement : statements) {
        if (statement.line >= line)
            return statement.line;
    }
    return 0;
}

QString quoted(const QString &name)
{
    return name.isEmpty() ? QStringLiteral("the table") : name;
}

bool isPostgres(std::optional<Dialect> dialect)
{
    return dialect == Dialect::PostgreSQL;
}

bool isMysql(std::optional<Dialect> dialect)
{
    return dialect == Dialect::MySQL;
}

} // namespace

QString TableSize::text() const
{
    QStringList parts;
    const QString prefix = atLeast ? QStringLiteral("at least ") : QString();
    if (rows >= 0) {
        if (rows >= 1000000)
            parts << prefix + QStringLiteral("%1 M rows").arg(QString::number(rows / 1e6, 'f', 1));
        else if (rows >= 10000)
            parts << prefix + QStringLiteral("%1 k rows").arg(QString::number(rows / 1e3, 'f', 0));
        else
            parts << prefix + QStringLiteral("%1 row%2").arg(rows).arg(rows == 1 ? QString() : QStringLiteral("s"));
    }
    if (bytes >= 0) {
        const char *units[] = {"B", "kB", "MB", "GB", "TB"};
        double value = static_cast<double>(bytes);
        int unit = 0;
        while (value >= 1024 && unit < 4) {
            value /= 1024;
            ++unit;
        }
        parts << QStringLiteral("%1 %2").arg(QString::number(value, 'f', unit == 0 || value >= 100 ? 0 : 1),
                                             QLatin1String(units[unit]));
    }
    return parts.join(QStringLiteral(", "));
}

namespace {

// The table a finding is about, with its size when known: "users (1.2 M rows, 340 MB)".
QString tableLabel(const LintFinding &finding)
{
    QString table = quoted(finding.action.table);
    if (finding.size && !finding.size->text().isEmpty())
        table += QStringLiteral(" (%1)").arg(finding.size->text());
    return table;
}

} // namespace

QString LintFinding::stepLine() const
{
    return QStringLiteral("%1 %2 line %3: %4")
        .arg(severityWord(severity), QLatin1String(infoOf(rule).id))
        .arg(line)
        .arg(message());
}

QString LintFinding::summary() const
{
    const QString table = tableLabel(*this);
    const QString subject = action.table.isEmpty() ? action.object : table;
    switch (rule) {
    case LintRule::DropTable:
        return QStringLiteral("drops table %1").arg(table);
    case LintRule::DropColumn:
        return QStringLiteral("drops a column of %1").arg(table);
    case LintRule::Truncate:
        return QStringLiteral("truncates %1").arg(table);
    case LintRule::DeleteAllRows:
        return QStringLiteral("deletes every row of %1").arg(table);
    case LintRule::UpdateAllRows:
        return QStringLiteral("updates every row of %1").arg(table);
    case LintRule::IndexLocksWrites:
        return QStringLiteral("blocks writes to %1 while an index is built").arg(table);
    case LintRule::DropIndexLocks:
        return QStringLiteral("locks the table of index %1 while dropping it").arg(subject);
    case LintRule::ReindexLocks:
        return QStringLiteral("blocks writes while reindexing %1").arg(subject);
    case LintRule::ConstraintValidates:
        return QStringLiteral("blocks writes to %1 while checking a constraint").arg(table);
    case LintRule::SetNotNull:
        return QStringLiteral("locks %1 while checking NOT NULL").arg(table);
    case LintRule::UniqueConstraint:
        return QStringLiteral("locks %1 while building a unique index").arg(table);
    case LintRule::AlterLocksTable:
        return QStringLiteral("locks %1 for the whole ALTER").arg(table);
    case LintRule::ColumnTypeChange:
        return QStringLiteral("rewrites %1 to change a column's type").arg(table);
    case LintRule::VolatileDefault:
        return QStringLiteral("rewrites %1 to fill a new column").arg(table);
    case LintRule::TableRewrite:
        return QStringLiteral("rewrites %1").arg(action.table.isEmpty() ? QStringLiteral("every table") : table);
    case LintRule::CopyingAlter:
        return QStringLiteral("copies %1 (ALGORITHM=COPY)").arg(table);
    case LintRule::RenameTable:
        return QStringLiteral("renames table %1").arg(table);
    case LintRule::RenameColumn:
        return QStringLiteral("renames a column of %1").arg(table);
    case LintRule::NotNullWithoutDefault:
        return QStringLiteral("adds a NOT NULL column without default to %1").arg(table);
    case LintRule::ConcurrentlyInTransaction:
        return QStringLiteral("runs CONCURRENTLY inside a transaction, which fails");
    case LintRule::VacuumInTransaction:
        return QStringLiteral("runs VACUUM inside a transaction, which fails");
    case LintRule::TransactionControl:
        return QStringLiteral("ends the run's transaction");
    case LintRule::DdlWithDml:
        return QStringLiteral("mixes schema and row changes (MySQL commits between them)");
    case LintRule::NoDowngrade:
        break;
    }
    return QStringLiteral("has no downgrade");
}

QString LintFinding::message() const
{
    const QString table = tableLabel(*this);
    const QString column = action.object;
    const QString statement = [this] {
        switch (action.kind) {
        case ActionKind::CreateIndex:
            return QStringLiteral("CREATE INDEX CONCURRENTLY");
        case ActionKind::DropIndex:
            return QStringLiteral("DROP INDEX CONCURRENTLY");
        default:
            return QStringLiteral("REINDEX CONCURRENTLY");
        }
    }();
    QString text;
    switch (rule) {
    case LintRule::DropTable:
        text = QStringLiteral("drops table %1 and every row in it: the running application's queries on it fail. "
                              "Release code that no longer uses it first, and keep a verified backup")
                   .arg(table);
        break;
    case LintRule::DropColumn:
        text = QStringLiteral("drops column %1 of %2 and its data: an application version still reading or writing "
                              "it fails. Stop using the column in a release first, then drop it")
                   .arg(column, table);
        break;
    case LintRule::Truncate:
        text =
            QStringLiteral("empties %1: every row is gone for good. Make sure a verified backup holds them").arg(table);
        break;
    case LintRule::DeleteAllRows:
        text = QStringLiteral("deletes every row of %1 (no WHERE). Add a WHERE clause, or make sure a verified "
                              "backup holds them")
                   .arg(table);
        break;
    case LintRule::UpdateAllRows:
        text = QStringLiteral("updates every row of %1 (no WHERE): the old values are lost, and every row stays "
                              "locked until the run commits. Add a WHERE clause, or update in batches")
                   .arg(table);
        break;
    case LintRule::IndexLocksWrites:
        text = QStringLiteral("builds an index on %1 under a SHARE lock: inserts, updates and deletes wait until it "
                              "is built. Use CREATE INDEX CONCURRENTLY in a revision with 'Transactional: false'")
                   .arg(table);
        break;
    case LintRule::DropIndexLocks:
        text = QStringLiteral("drops index %1 under an ACCESS EXCLUSIVE lock on its table: every query on the table "
                              "waits. Use DROP INDEX CONCURRENTLY in a revision with 'Transactional: false'")
                   .arg(action.object.isEmpty() ? table : action.object);
        break;
    case LintRule::ReindexLocks:
        text = QStringLiteral("rebuilds %1 blocking writes, and reads that use the index. Use REINDEX ... "
                              "CONCURRENTLY in a revision with 'Transactional: false'")
                   .arg(action.table.isEmpty() ? action.object : table);
        break;
    case LintRule::ConstraintValidates:
        text = QStringLiteral("checks every row of %1 for the new constraint while holding a lock that blocks "
                              "writes. Add it NOT VALID, then VALIDATE CONSTRAINT in a later statement")
                   .arg(table);
        break;
    case LintRule::SetNotNull:
        text = QStringLiteral("scans every row of %1 to set %2 NOT NULL under an ACCESS EXCLUSIVE lock: reads and "
                              "writes wait. Add CHECK (%2 IS NOT NULL) NOT VALID, validate it, then SET NOT NULL")
                   .arg(table, column);
        break;
    case LintRule::UniqueConstraint:
        text = QStringLiteral("builds a unique index on %1 under an ACCESS EXCLUSIVE lock: reads and writes wait. "
                              "Build it with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX")
                   .arg(table);
        break;
    case LintRule::AlterLocksTable:
        text = QStringLiteral("asks for a lock on %1 for the whole ALTER: writes (or reads and writes) wait. Use "
                              "LOCK=NONE where the change allows it")
                   .arg(table);
        break;
    case LintRule::ColumnTypeChange:
        text = isMysql(dialect)
                   ? QStringLiteral("copies %1 to change column %2: writes wait for the whole copy. Add a new column, "
                                    "backfill it in batches, and switch over")
                         .arg(table, column)
                   : QStringLiteral("rewrites %1 and its indexes under an ACCESS EXCLUSIVE lock to change column %2's "
                                    "type: reads and writes wait. Add a new column, backfill it in batches, and "
                                    "switch over")
                         .arg(table, column);
        break;
    case LintRule::VolatileDefault:
        text = QStringLiteral("fills the new column %2 row by row: %1 is rewritten under an ACCESS EXCLUSIVE lock. "
                              "Add the column without that default, set it afterwards, and backfill in batches")
                   .arg(table, column);
        break;
    case LintRule::TableRewrite:
        text =
            QStringLiteral("rewrites %1 under an exclusive lock: every query on it waits until the copy ends. "
                           "Run it in a maintenance window, or use an online tool (pg_repack, pt-online-schema-change)")
                .arg(action.table.isEmpty() ? QStringLiteral("every table") : table);
        break;
    case LintRule::CopyingAlter:
        text = QStringLiteral("copies %1 row by row (ALGORITHM=COPY): writes wait for the whole copy. Use "
                              "ALGORITHM=INPLACE or INSTANT where the change allows it")
                   .arg(table);
        break;
    case LintRule::RenameTable:
        text = QStringLiteral("renames %1: the running application version still uses the old name and fails. "
                              "Release code that reads both names first, or leave a view under the old name")
                   .arg(table);
        break;
    case LintRule::RenameColumn:
        text = QStringLiteral("renames column %1 of %2: the running application version still uses the old name and "
                              "fails. Add the new column, write both, then drop the old one in a later release")
                   .arg(column, table);
        break;
    case LintRule::NotNullWithoutDefault:
        text = QStringLiteral("adds %1 to %2 as NOT NULL without a default: the running application's INSERTs that "
                              "do not set it fail, and PostgreSQL refuses it when the table has rows. Give it a "
                              "DEFAULT, or add it nullable and backfill")
                   .arg(column, table);
        break;
    case LintRule::ConcurrentlyInTransaction:
        text = QStringLiteral("%1 cannot run inside a transaction, and this revision runs in one: the upgrade fails "
                              "here. Put 'Transactional: false' in the revision's header")
                   .arg(statement);
        break;
    case LintRule::VacuumInTransaction:
        text = QStringLiteral("VACUUM cannot run inside a transaction, and this revision runs in one: the upgrade "
                              "fails here. Put 'Transactional: false' in the revision's header");
        break;
    case LintRule::TransactionControl:
        text = QStringLiteral("ends or opens a transaction inside the run's own: what ran before is committed even if "
                              "a later statement fails. Remove it; Retort runs each revision in a transaction");
        break;
    case LintRule::DdlWithDml:
        text = QStringLiteral("mixes schema and row changes: MySQL commits at every schema change, so if a later "
                              "statement fails the rows changed so far stay changed. Put row changes in their own "
                              "revision");
        break;
    case LintRule::NoDowngrade:
        text = QStringLiteral("has no downgrade: a downgrade past this revision cannot undo it. Write the downgrade, "
                              "or say why not with '-- retort:ignore no-downgrade REASON'");
        break;
    }
    if (ignoredWithoutReasonAt > 0)
        text += QStringLiteral(" (the retort:ignore on line %1 gives no reason, so it does not count)")
                    .arg(ignoredWithoutReasonAt);
    return text;
}

Linter::Linter(std::optional<Dialect> dialect, LintSettings settings)
    : m_dialect(dialect), m_settings(std::move(settings))
{
}

bool Linter::isNew(const QString &table) const
{
    return m_createdTables.contains(table.toLower());
}

void Linter::check(const StatementAction &action, bool transactional, QVector<LintRule> *rules) const
{
    const bool pg = isPostgres(m_dialect);
    const bool existing = !action.table.isEmpty() && !isNew(action.table);
    auto add = [rules](LintRule rule) { rules->append(rule); };
    switch (action.kind) {
    case ActionKind::DropTable:
        if (existing)
            add(LintRule::DropTable);
        break;
    case ActionKind::DropColumn:
        if (existing)
            add(LintRule::DropColumn);
        break;
    case ActionKind::Truncate:
        if (existing)
            add(LintRule::Truncate);
        break;
    case ActionKind::Delete:
    case ActionKind::Update:
        if (!action.filtered && existing)
            add(action.kind == ActionKind::Delete ? LintRule::DeleteAllRows : LintRule::UpdateAllRows);
        break;
    case ActionKind::CreateIndex:
    case ActionKind::DropIndex:
    case ActionKind::Reindex:
        if (pg && action.concurrently && transactional)
            add(LintRule::ConcurrentlyInTransaction);
        if (pg && !action.concurrently && (existing || action.table.isEmpty())) {
            add(action.kind == ActionKind::CreateIndex ? LintRule::IndexLocksWrites
                : action.kind == ActionKind::DropIndex ? LintRule::DropIndexLocks
                                                       : LintRule::ReindexLocks);
        }
        break;
    case ActionKind::AddConstraint:
        if (pg && existing && action.validatesRows)
            add(LintRule::ConstraintValidates);
        if (pg && existing && action.unique && !action.usesExistingIndex)
            add(LintRule::UniqueConstraint);
        break;
    case ActionKind::SetNotNull:
        if (pg && existing)
            add(LintRule::SetNotNull);
        break;
    case ActionKind::AlterColumnType:
        if (existing && (pg || isMysql(m_dialect)))
            add(LintRule::ColumnTypeChange);
        break;
    case ActionKind::AddColumn:
        if (existing && action.notNull && !action.hasDefault)
            add(LintRule::NotNullWithoutDefault);
        if (pg && existing && action.fillsEveryRow)
            add(LintRule::VolatileDefault);
        if (pg && existing && action.unique)
            add(LintRule::UniqueConstraint);
        break;
    case ActionKind::Vacuum:
        if (transactional && (pg || m_dialect == Dialect::SQLite) && !action.full)
            add(LintRule::VacuumInTransaction);
        if (action.full && (action.table.isEmpty() || existing)) {
            if (transactional && pg)
                add(LintRule::VacuumInTransaction);
            add(LintRule::TableRewrite);
        }
        break;
    case ActionKind::RenameTable:
        if (existing)
            add(LintRule::RenameTable);
        break;
    case ActionKind::RenameColumn:
        if (existing)
            add(LintRule::RenameColumn);
        break;
    case ActionKind::TransactionControl:
        if (transactional)
            add(LintRule::TransactionControl);
        break;
    default:
        break;
    }
    if (isMysql(m_dialect) && existing && action.copiesTable && action.kind != ActionKind::AlterColumnType)
        add(LintRule::CopyingAlter);
    if (isMysql(m_dialect) && existing && action.locksTable)
        add(LintRule::AlterLocksTable);
}

LintFindings Linter::lint(const MigrationScript &script, bool upgrade)
{
    const MigrationSection &section = script.section(upgrade, m_dialect);
    const MigrationSection &other = script.section(!upgrade, m_dialect);
    LintFindings findings;
    auto add = [&](LintRule rule, int line, const StatementAction &action) {
        const LintSeverity severity = m_settings.severityOf(rule);
        if (severity == LintSeverity::Off)
            return;
        for (const LintFinding &earlier : std::as_const(findings)) {
            if (earlier.rule == rule && earlier.line == line && earlier.action.table == action.table &&
                earlier.action.object == action.object)
                return; // one ALTER with the same risk twice says it once
        }
        LintFinding finding;
        finding.rule = rule;
        finding.severity = severity;
        finding.revision = script.revisionId;
        finding.file = script.path;
        finding.line = line;
        finding.upgrade = upgrade;
        finding.action = action;
        finding.dialect = m_dialect;
        findings.append(finding);
    };

    bool changesSchema = false;
    bool changesRows = false;
    bool mixReported = false;
    for (const SqlStatement &statement : section.statements) {
        const StatementActions actions = readStatement(statement.text, m_dialect);
        for (const StatementAction &action : actions) {
            QVector<LintRule> rules;
            check(action, script.transactional, &rules);
            for (LintRule rule : std::as_const(rules))
                add(rule, statement.line, action);
            changesSchema = changesSchema || isSchemaChange(action.kind);
            changesRows = changesRows || isRowChange(action.kind);
            if (isMysql(m_dialect) && script.transactional && changesSchema && changesRows && !mixReported) {
                mixReported = true;
                add(LintRule::DdlWithDml, statement.line, action);
            }
        }
        // After the statement's own checks: what it creates is new to every later statement and revision.
        for (const StatementAction &action : actions) {
            if (action.kind == ActionKind::CreateTable)
                m_createdTables.insert(action.table.toLower());
        }
    }
    // A Python downgrade() does something only running it tells: not "no downgrade".
    if (upgrade && !section.statements.isEmpty() && other.statements.isEmpty() && other.body != SectionBody::Python)
        add(LintRule::NoDowngrade, other.line > 0 ? other.line : section.line, StatementAction());

    // Suppressions: above the statement (or on its first line), for the rules they name; for no-downgrade,
    // anywhere in either section.
    QVector<Suppression> suppressions = suppressionsIn(section) + suppressionsIn(other);
    for (LintFinding &finding : findings) {
        const QString id = QLatin1String(infoOf(finding.rule).id);
        for (const Suppression &suppression : std::as_const(suppressions)) {
            if (!suppression.rules.contains(id))
                continue;
            const bool applies = finding.rule == LintRule::NoDowngrade ||
                                 statementLineAfter(section.statements, suppression.line) == finding.line;
            if (!applies)
                continue;
            if (suppression.reason.isEmpty())
                finding.ignoredWithoutReasonAt = suppression.line;
            else
                finding.suppressedBecause = suppression.reason;
        }
    }
    return findings;
}

LintFindings lintSteps(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps,
                       std::optional<Dialect> dialect, const LintSettings &settings, const RenderReport *rendered)
{
    Linter linter(dialect, settings);
    LintFindings findings;
    for (const MigrationStep &step : steps) {
        if (step.kind != MigrationStep::Kind::Revision)
            continue;
        const MigrationScript &script = scripts.script(step.revision);
        const RenderedSection *section = rendered ? rendered->find(script.revisionId, step.isUpgrade) : nullptr;
        if (section && section->label == RenderedSection::Label::Rendered)
            findings += linter.lint(scriptAsRendered(script, step.isUpgrade, *section), step.isUpgrade);
        else
            findings += linter.lint(script, step.isUpgrade);
    }
    return findings;
}

void applyTableSizes(LintFindings &findings, const QHash<QString, TableSize> &sizes)
{
    for (LintFinding &finding : findings) {
        if (const auto it = sizes.constFind(finding.action.table); it != sizes.cend())
            finding.size = *it;
    }
}

LintContext LintContext::forProject(const ProjectConfig &config, std::optional<Dialect> dialect)
{
    Result<LintSettings> settings = LintSettings::fromConfig(config);
    return LintContext{dialect, settings.ok() ? settings.value() : LintSettings(), {}, {}};
}

LintTally::LintTally(const LintFindings &findings)
{
    for (const LintFinding &finding : findings) {
        if (finding.suppressed())
            ++suppressed;
        else if (finding.severity == LintSeverity::Error)
            ++errors;
        else if (finding.severity == LintSeverity::Warning)
            ++warnings;
        else if (finding.severity == LintSeverity::Info)
            ++infos;
    }
}

QString LintTally::text() const
{
    auto count = [](int n, const char *noun) {
        return QStringLiteral("%1 %2%3").arg(n).arg(QLatin1String(noun)).arg(n == 1 ? QString() : QStringLiteral("s"));
    };
    QStringList parts{count(errors, "error"), count(warnings, "warning")};
    if (infos > 0)
        parts << count(infos, "note");
    QString text = parts.join(QStringLiteral(", "));
    if (suppressed > 0)
        text += QStringLiteral(" (%1 suppressed)").arg(suppressed);
    return text;
}

} // namespace retort
