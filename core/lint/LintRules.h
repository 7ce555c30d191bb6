// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/ProjectConfig.h"

#include <QHash>
#include <QString>
#include <QVector>

#include <optional>

namespace retort {

// What kind of harm a finding warns of. The words are fixed (README, --json): scripts rely on them.
enum class LintCategory
{
    Destructive,  // drops or erases data
    Blocking,     // holds a lock that blocks reads or writes for the statement's length
    Rewrite,      // rewrites the whole table
    Incompatible, // breaks the application version that is running
    Transaction,  // cannot run in, or ends, the run's transaction
    Irreversible, // cannot be undone by a downgrade
};

enum class LintSeverity
{
    Off,
    Info,
    Warning,
    Error,
};

enum class LintRule
{
    DropTable,
    DropColumn,
    Truncate,
    DeleteAllRows,
    UpdateAllRows,
    IndexLocksWrites,
    DropIndexLocks,
    ReindexLocks,
    ConstraintValidates,
    SetNotNull,
    UniqueConstraint,
    AlterLocksTable,
    ColumnTypeChange,
    VolatileDefault,
    TableRewrite,
    CopyingAlter,
    RenameTable,
    RenameColumn,
    NotNullWithoutDefault,
    ConcurrentlyInTransaction,
    VacuumInTransaction,
    TransactionControl,
    DdlWithDml,
    NoDowngrade,
};

// One rule: its id (as retort.ini, suppressions and --json write it), category and what it catches (README).
struct LintRuleInfo
{
    LintRule rule;
    const char *id;
    LintCategory category;
    const char *catches;
};

const QVector<LintRuleInfo> &lintRules();
const LintRuleInfo &infoOf(LintRule rule);
std::optional<LintRule> lintRuleFor(const QString &id);
QString categoryWord(LintCategory category);
QString severityWord(LintSeverity severity);

// Severities as a project sets them in retort.ini's [lint] section ("drop-table = warning",
// "blocking = error", "no-downgrade = off"); a rule's own line wins over its category's. Destructive and
// transaction findings are errors by default, the rest warnings.
class LintSettings
{
public:
    // Errors name the ini file and line of an unknown rule or category (with the nearest id) or value.
    [[nodiscard]] static Result<LintSettings> fromConfig(const ProjectConfig &config);

    LintSeverity severityOf(LintRule rule) const;

private:
    QHash<LintRule, LintSeverity> m_rules;
    QHash<LintCategory, LintSeverity> m_categories;
};

} // namespace retort
