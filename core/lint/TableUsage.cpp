// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/TableUsage.h"

#include "core/lint/StatementReader.h"
#include "core/script/ScriptDirectory.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace retort {

namespace {

// The word TableUsage gives a statement's action; empty for what touches no table by name.
QString usageWord(const StatementAction &action)
{
    switch (action.kind) {
    case ActionKind::CreateTable:
        return QStringLiteral("create");
    case ActionKind::AlterTable:
    case ActionKind::AddColumn:
    case ActionKind::RenameColumn:
    case ActionKind::AlterColumnType:
    case ActionKind::SetNotNull:
    case ActionKind::AddConstraint:
        return QStringLiteral("alter");
    case ActionKind::RenameTable:
        return QStringLiteral("rename");
    case ActionKind::DropColumn:
        return QStringLiteral("drop column");
    case ActionKind::DropTable:
        return QStringLiteral("drop");
    case ActionKind::CreateIndex:
        return QStringLiteral("index");
    case ActionKind::DropIndex:
        return action.table.isEmpty() ? QString() : QStringLiteral("drop index");
    case ActionKind::Insert:
        return QStringLiteral("insert");
    case ActionKind::Update:
        return action.filtered ? QStringLiteral("update") : QStringLiteral("update all");
    case ActionKind::Delete:
        return action.filtered ? QStringLiteral("delete") : QStringLiteral("delete all");
    case ActionKind::Truncate:
        return QStringLiteral("truncate");
    case ActionKind::CreateView:
        return QStringLiteral("view");
    case ActionKind::DropView:
        return QStringLiteral("drop view");
    case ActionKind::CreateTrigger:
        return QStringLiteral("trigger");
    case ActionKind::Comment:
        return QStringLiteral("comment");
    case ActionKind::Reindex:
    case ActionKind::CreateFunction:
    case ActionKind::Vacuum:
    case ActionKind::TransactionControl:
        break;
    }
    return {};
}

// One ALTER TABLE is one usage of its table: what loses data is named before a rename, a rename before
// any other change.
int alterRank(const QString &word)
{
    if (word == QLatin1String("drop column"))
        return 2;
    if (word == QLatin1String("rename"))
        return 1;
    return word == QLatin1String("alter") ? 0 : -1;
}

} // namespace

QVector<TableUsage> tablesTouchedBy(const QString &statement, std::optional<Dialect> dialect)
{
    QVector<TableUsage> usages;
    for (const StatementAction &action : readStatement(statement, dialect)) {
        const QString word = usageWord(action);
        if (word.isEmpty() || action.table.isEmpty())
            continue;
        auto same = std::find_if(usages.begin(), usages.end(), [&](const TableUsage &usage) {
            return usage.table == action.table &&
                   (usage.action == word || (alterRank(usage.action) >= 0 && alterRank(word) >= 0));
        });
        if (same == usages.end())
            usages.append(TableUsage{action.table, word});
        else if (alterRank(word) > alterRank(same->action))
            same->action = word;
    }
    return usages;
}

QStringList tablesNamedIn(const ScriptDirectory &scripts, std::optional<Dialect> dialect)
{
    QStringList tables;
    QSet<QString> seen;
    for (int i = 0; i < scripts.map().size(); ++i) {
        const MigrationScript &script = scripts.script(i);
        for (const MigrationSection *section : {&script.section(true, dialect), &script.section(false, dialect)}) {
            for (const SqlStatement &statement : section->statements) {
                for (const StatementAction &action : readStatement(statement.text, dialect)) {
                    if (!action.table.isEmpty() && !seen.contains(action.table)) {
                        seen.insert(action.table);
                        tables << action.table;
                    }
                }
            }
        }
    }
    return tables;
}

QString describeTableUsage(const SqlStatementList &statements, std::optional<Dialect> dialect)
{
    static const QList<QPair<QString, QString>> verbs = {
        {QStringLiteral("create"), QStringLiteral("creates")},
        {QStringLiteral("alter"), QStringLiteral("alters")},
        {QStringLiteral("rename"), QStringLiteral("renames")},
        {QStringLiteral("drop"), QStringLiteral("drops")},
        {QStringLiteral("index"), QStringLiteral("indexes")},
        {QStringLiteral("drop index"), QStringLiteral("drops an index of")},
        {QStringLiteral("insert"), QStringLiteral("inserts into")},
        {QStringLiteral("update"), QStringLiteral("updates")},
        {QStringLiteral("delete"), QStringLiteral("deletes from")},
        {QStringLiteral("drop column"), QStringLiteral("drops a column of")},
        {QStringLiteral("delete all"), QStringLiteral("deletes every row of")},
        {QStringLiteral("update all"), QStringLiteral("updates every row of")},
        {QStringLiteral("truncate"), QStringLiteral("truncates")},
        {QStringLiteral("view"), QStringLiteral("creates view")},
        {QStringLiteral("drop view"), QStringLiteral("drops view")},
        {QStringLiteral("trigger"), QStringLiteral("adds a trigger to")},
        {QStringLiteral("comment"), QStringLiteral("comments on")},
    };
    // In the order the statements first do each thing.
    QStringList actions;
    QHash<QString, QStringList> tables;
    for (const SqlStatement &statement : statements) {
        for (const TableUsage &usage : tablesTouchedBy(statement.text, dialect)) {
            if (!actions.contains(usage.action))
                actions << usage.action;
            if (!tables[usage.action].contains(usage.table))
                tables[usage.action] << usage.table;
        }
    }
    QStringList phrases;
    for (const QString &action : std::as_const(actions)) {
        QString verb = action;
        for (const auto &[name, text] : verbs) {
            if (name == action)
                verb = text;
        }
        phrases << verb + u' ' + tables.value(action).join(QStringLiteral(", "));
    }
    return phrases.join(QStringLiteral("; "));
}

} // namespace retort
