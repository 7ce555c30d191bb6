// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/LintRules.h"
#include "core/lint/StatementAction.h"
#include "core/script/DatabaseUrl.h"
#include "core/script/RenderedSql.h"

#include <QHash>
#include <QSet>

#include <functional>

#include <optional>

namespace retort {

struct MigrationScript;

// How big a table is, when connected: an estimate of its rows and its bytes on disk (-1: unknown).
struct TableSize
{
    qint64 rows = -1;
    qint64 bytes = -1;
    bool atLeast = false; // counting stopped: at least `rows` rows

    QString text() const; // "1.2 M rows, 340 MB"
    bool operator==(const TableSize &other) const
    {
        return rows == other.rows && bytes == other.bytes && atLeast == other.atLeast;
    }
};

// One risk lint found in one statement of a revision.
struct LintFinding
{
    LintRule rule = LintRule::DropTable;
    LintSeverity severity = LintSeverity::Warning;
    QString revision;
    QString file; // absolute path
    int line = 0;
    bool upgrade = true; // which section
    StatementAction action;
    std::optional<Dialect> dialect;
    std::optional<TableSize> size; // of action.table, when connected
    // `-- retort:ignore RULE reason` above the statement: the reason; empty when not suppressed.
    QString suppressedBecause;
    // An ignore comment for this rule that gives no reason (so it does not suppress): its line, or 0.
    int ignoredWithoutReasonAt = 0;

    bool suppressed() const { return !suppressedBecause.isEmpty(); }
    LintCategory category() const { return infoOf(rule).category; }
    // One line: what happens to the running application, and how to do it safely.
    QString message() const;
    // Under a plan's step: "error drop-table line 8: <message>".
    QString stepLine() const;
    // A few words for a narrow place (the pending list, the graph, a confirmation): "drops table users".
    QString summary() const;
};

using LintFindings = QVector<LintFinding>;

// Lints revisions' sections in the order a run takes them, so a table created by an earlier one is new
// (locks and rewrites of a table nobody uses yet are harmless) and not existing.
class Linter
{
public:
    Linter(std::optional<Dialect> dialect, LintSettings settings);

    LintFindings lint(const MigrationScript &script, bool upgrade);

private:
    void check(const StatementAction &action, bool transactional, QVector<LintRule> *rules) const;
    bool isNew(const QString &table) const;

    std::optional<Dialect> m_dialect;
    LintSettings m_settings;
    QSet<QString> m_createdTables; // lower case
};

class ScriptDirectory;
class ProjectConfig;

// Puts each finding's table size from `sizes` (keyed by the table as findings name it) into it.
void applyTableSizes(LintFindings &findings, const QHash<QString, TableSize> &sizes);
struct MigrationStep;

// What lint reads a project's SQL for: the database's dialect (none: the rules every dialect shares) and
// the project's severities.
struct LintContext
{
    std::optional<Dialect> dialect;
    LintSettings settings;
    // When connected: puts the sizes of the tables findings name into them (runtime's addTableSizes).
    std::function<void(LintFindings &)> addTableSizes;
    // Alembic projects: the SQL the project's Alembic renders for the steps' Python bodies (runtime's
    // AlembicBridge::render), so those are read too; unset, only exact SQL is.
    std::function<RenderReport(const ScriptDirectory &, const QVector<MigrationStep> &)> render;

    // The project's [lint] severities; a mistake there (which lint and plan report) falls back to the
    // defaults, so a confirmation shows more rather than less.
    static LintContext forProject(const ProjectConfig &config, std::optional<Dialect> dialect);
};

// The findings of every revision step of a plan, in its order (stamp steps run no SQL). A Python body is read
// as `rendered` has it, when it has it complete.
LintFindings lintSteps(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps,
                       std::optional<Dialect> dialect, const LintSettings &settings,
                       const RenderReport *rendered = nullptr);
inline LintFindings lintSteps(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps,
                              const LintContext &context)
{
    std::optional<RenderReport> rendered;
    if (context.render)
        rendered = context.render(scripts, steps);
    LintFindings findings =
        lintSteps(scripts, steps, context.dialect, context.settings, rendered ? &*rendered : nullptr);
    if (context.addTableSizes)
        context.addTableSizes(findings);
    return findings;
}

// The counts a summary gives: findings at each severity, and how many were suppressed.
struct LintTally
{
    int errors = 0;
    int warnings = 0;
    int infos = 0;
    int suppressed = 0;

    explicit LintTally(const LintFindings &findings);
    QString text() const; // "2 errors, 1 warning (1 suppressed)"
};

} // namespace retort
