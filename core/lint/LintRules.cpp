// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/LintRules.h"

#include "core/NamedValues.h"
#include "core/TextFormat.h"

namespace retort {

namespace {

constexpr std::pair<LintCategory, const char *> kCategoryWords[] = {
    {LintCategory::Destructive, "destructive"}, {LintCategory::Blocking, "blocking"},
    {LintCategory::Rewrite, "rewrite"},         {LintCategory::Incompatible, "incompatible"},
    {LintCategory::Transaction, "transaction"}, {LintCategory::Irreversible, "irreversible"},
};

constexpr std::pair<LintSeverity, const char *> kSeverityWords[] = {
    {LintSeverity::Off, "off"},
    {LintSeverity::Info, "info"},
    {LintSeverity::Warning, "warning"},
    {LintSeverity::Error, "error"},
};

} // namespace

const QVector<LintRuleInfo> &lintRules()
{
    using C = LintCategory;
    static const QVector<LintRuleInfo> rules = {
        {LintRule::DropTable, "drop-table", C::Destructive, "DROP TABLE"},
        {LintRule::DropColumn, "drop-column", C::Destructive, "ALTER TABLE ... DROP COLUMN"},
        {LintRule::Truncate, "truncate", C::Destructive, "TRUNCATE"},
        {LintRule::DeleteAllRows, "delete-all-rows", C::Destructive, "DELETE without WHERE"},
        {LintRule::UpdateAllRows, "update-all-rows", C::Destructive, "UPDATE without WHERE"},
        {LintRule::IndexLocksWrites, "index-locks-writes", C::Blocking,
         "PostgreSQL: CREATE INDEX without CONCURRENTLY on an existing table"},
        {LintRule::DropIndexLocks, "drop-index-locks", C::Blocking, "PostgreSQL: DROP INDEX without CONCURRENTLY"},
        {LintRule::ReindexLocks, "reindex-locks", C::Blocking, "PostgreSQL: REINDEX without CONCURRENTLY"},
        {LintRule::ConstraintValidates, "constraint-validates", C::Blocking,
         "PostgreSQL: ADD FOREIGN KEY / CHECK without NOT VALID on an existing table"},
        {LintRule::SetNotNull, "set-not-null", C::Blocking, "PostgreSQL: ALTER COLUMN ... SET NOT NULL"},
        {LintRule::UniqueConstraint, "unique-constraint", C::Blocking,
         "PostgreSQL: ADD UNIQUE / PRIMARY KEY without USING INDEX on an existing table"},
        {LintRule::AlterLocksTable, "alter-locks-table", C::Blocking, "MySQL: ALTER TABLE ... LOCK=SHARED|EXCLUSIVE"},
        {LintRule::ColumnTypeChange, "column-type-change", C::Rewrite,
         "ALTER COLUMN ... TYPE (PostgreSQL), MODIFY / CHANGE (MySQL) on an existing table"},
        {LintRule::VolatileDefault, "volatile-default", C::Rewrite,
         "PostgreSQL: ADD COLUMN filled per row (volatile DEFAULT, serial, identity, stored generated)"},
        {LintRule::TableRewrite, "table-rewrite", C::Rewrite, "VACUUM FULL, CLUSTER, OPTIMIZE TABLE"},
        {LintRule::CopyingAlter, "copying-alter", C::Rewrite, "MySQL: ALTER TABLE ... ALGORITHM=COPY"},
        {LintRule::RenameTable, "rename-table", C::Incompatible, "renaming an existing table"},
        {LintRule::RenameColumn, "rename-column", C::Incompatible, "renaming a column of an existing table"},
        {LintRule::NotNullWithoutDefault, "not-null-without-default", C::Incompatible,
         "ADD COLUMN ... NOT NULL without DEFAULT on an existing table"},
        {LintRule::ConcurrentlyInTransaction, "concurrently-in-transaction", C::Transaction,
         "PostgreSQL: CREATE/DROP INDEX or REINDEX CONCURRENTLY in a transactional revision"},
        {LintRule::VacuumInTransaction, "vacuum-in-transaction", C::Transaction,
         "VACUUM in a transactional revision (PostgreSQL, SQLite)"},
        {LintRule::TransactionControl, "transaction-control", C::Transaction,
         "BEGIN, COMMIT, ROLLBACK, SAVEPOINT in a transactional revision"},
        {LintRule::DdlWithDml, "ddl-with-dml", C::Transaction,
         "MySQL: schema and row changes in one transactional revision"},
        {LintRule::NoDowngrade, "no-downgrade", C::Irreversible,
         "an upgrade that changes something with an empty or missing downgrade"},
    };
    return rules;
}

const LintRuleInfo &infoOf(LintRule rule)
{
    return lintRules().at(static_cast<int>(rule));
}

std::optional<LintRule> lintRuleFor(const QString &id)
{
    for (const LintRuleInfo &info : lintRules()) {
        if (id == QLatin1String(info.id))
            return info.rule;
    }
    return std::nullopt;
}

QString categoryWord(LintCategory category)
{
    return wordFor(kCategoryWords, category);
}

QString severityWord(LintSeverity severity)
{
    return wordFor(kSeverityWords, severity);
}

Result<LintSettings> LintSettings::fromConfig(const ProjectConfig &config)
{
    LintSettings settings;
    for (const ProjectConfig::Setting &entry : config.lintSettings()) {
        const SourceLocation where{config.iniPath(), entry.line};
        const std::optional<LintSeverity> severity = valueFor(kSeverityWords, entry.value);
        if (!severity) {
            return Error(ErrorCode::Config,
                         QStringLiteral("%1: invalid severity '%2' for '%3' in [lint]; expected error, warning, info "
                                        "or off")
                             .arg(where.toString(), entry.value, entry.key),
                         where);
        }
        if (const std::optional<LintRule> rule = lintRuleFor(entry.key)) {
            settings.m_rules.insert(*rule, *severity);
        } else if (const std::optional<LintCategory> category = valueFor(kCategoryWords, entry.key)) {
            settings.m_categories.insert(*category, *severity);
        } else {
            QString nearest;
            int best = 3;
            auto consider = [&](const QString &known) {
                const int d = editDistance(entry.key, known);
                if (d < best) {
                    best = d;
                    nearest = known;
                }
            };
            for (const LintRuleInfo &info : lintRules())
                consider(QLatin1String(info.id));
            for (const auto &[category, word] : kCategoryWords)
                consider(QLatin1String(word));
            return Error(
                ErrorCode::Config,
                QStringLiteral("%1: unknown rule or category '%2' in [lint]%3; `retort lint --rules` lists them")
                    .arg(where.toString(), entry.key,
                         nearest.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(nearest)),
                where);
        }
    }
    return settings;
}

LintSeverity LintSettings::severityOf(LintRule rule) const
{
    if (const auto it = m_rules.constFind(rule); it != m_rules.cend())
        return *it;
    const LintCategory category = infoOf(rule).category;
    if (const auto it = m_categories.constFind(category); it != m_categories.cend())
        return *it;
    return category == LintCategory::Destructive || category == LintCategory::Transaction ? LintSeverity::Error
                                                                                          : LintSeverity::Warning;
}

} // namespace retort
