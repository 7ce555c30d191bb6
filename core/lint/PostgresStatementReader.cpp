// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/PostgresStatementReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

namespace retort {

namespace {

// libpg_query's JSON wraps every node in an object keyed by its type: {"RangeVar": {...}}.
QJsonObject node(const QJsonValue &value, const char *type)
{
    return value.toObject().value(QLatin1String(type)).toObject();
}

QString text(const QJsonObject &object, const char *field)
{
    return object.value(QLatin1String(field)).toString();
}

bool flag(const QJsonObject &object, const char *field)
{
    return object.value(QLatin1String(field)).toBool();
}

QJsonArray list(const QJsonObject &object, const char *field)
{
    return object.value(QLatin1String(field)).toArray();
}

QString rangeName(const QJsonObject &rangeVar)
{
    const QString schema = text(rangeVar, "schemaname");
    const QString name = text(rangeVar, "relname");
    return schema.isEmpty() ? name : schema + QLatin1Char('.') + name;
}

// A list of String nodes ("schema", "name") as one dotted name.
QString dottedName(const QJsonArray &strings)
{
    QStringList parts;
    for (const QJsonValue &part : strings)
        parts << text(node(part, "String"), "sval");
    return parts.join(QLatin1Char('.'));
}

// Whether an expression calls a function that gives each row its own value.
bool callsVolatileFunction(const QJsonValue &value)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray()) {
            if (callsVolatileFunction(item))
                return true;
        }
        return false;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QLatin1String("FuncCall")) {
            const QJsonArray names = list(it.value().toObject(), "funcname");
            if (!names.isEmpty() && isVolatileFunction(text(node(names.last(), "String"), "sval")))
                return true;
        }
        if ((it.value().isObject() || it.value().isArray()) && callsVolatileFunction(it.value()))
            return true;
    }
    return false;
}

StatementAction addColumn(const QString &table, const QJsonObject &columnDef)
{
    StatementAction add = makeAction(ActionKind::AddColumn, table, text(columnDef, "colname"));
    const QJsonArray typeNames = list(node(columnDef, "typeName"), "names");
    const QString type = typeNames.isEmpty() ? QString() : text(node(typeNames.last(), "String"), "sval");
    if (type == QLatin1String("serial") || type == QLatin1String("bigserial") || type == QLatin1String("smallserial")) {
        add.fillsEveryRow = true;
        add.hasDefault = true;
    }
    for (const QJsonValue &value : list(columnDef, "constraints")) {
        const QJsonObject constraint = node(value, "Constraint");
        const QString type = text(constraint, "contype");
        if (type == QLatin1String("CONSTR_NOTNULL") || type == QLatin1String("CONSTR_PRIMARY"))
            add.notNull = true;
        if (type == QLatin1String("CONSTR_PRIMARY") || type == QLatin1String("CONSTR_UNIQUE"))
            add.unique = true;
        if (type == QLatin1String("CONSTR_DEFAULT")) {
            add.hasDefault = true;
            add.fillsEveryRow = add.fillsEveryRow || callsVolatileFunction(constraint.value(QLatin1String("raw_expr")));
        }
        if (type == QLatin1String("CONSTR_IDENTITY") || type == QLatin1String("CONSTR_GENERATED")) {
            add.hasDefault = true;
            add.fillsEveryRow = true;
        }
    }
    return add;
}

StatementAction addConstraint(const QString &table, const QJsonObject &constraint)
{
    const QString type = text(constraint, "contype");
    StatementAction add = makeAction(ActionKind::AddConstraint, table, text(constraint, "conname"));
    add.unique = type == QLatin1String("CONSTR_UNIQUE") || type == QLatin1String("CONSTR_PRIMARY");
    add.usesExistingIndex = !text(constraint, "indexname").isEmpty();
    add.validatesRows = (type == QLatin1String("CONSTR_FOREIGN") || type == QLatin1String("CONSTR_CHECK")) &&
                        !flag(constraint, "skip_validation");
    if (!add.unique && type != QLatin1String("CONSTR_FOREIGN") && type != QLatin1String("CONSTR_CHECK"))
        add.kind = ActionKind::AlterTable; // EXCLUDE and the rest
    return add;
}

StatementActions alterTable(const QJsonObject &statement)
{
    const QString table = rangeName(statement.value(QLatin1String("relation")).toObject());
    StatementActions actions;
    for (const QJsonValue &value : list(statement, "cmds")) {
        const QJsonObject command = node(value, "AlterTableCmd");
        const QString subtype = text(command, "subtype");
        const QString name = text(command, "name");
        const QJsonObject def = command.value(QLatin1String("def")).toObject();
        if (subtype == QLatin1String("AT_AddColumn"))
            actions << addColumn(table, node(def, "ColumnDef"));
        else if (subtype == QLatin1String("AT_DropColumn"))
            actions << makeAction(ActionKind::DropColumn, table, name);
        else if (subtype == QLatin1String("AT_AlterColumnType"))
            actions << makeAction(ActionKind::AlterColumnType, table, name);
        else if (subtype == QLatin1String("AT_SetNotNull"))
            actions << makeAction(ActionKind::SetNotNull, table, name);
        else if (subtype == QLatin1String("AT_AddConstraint"))
            actions << addConstraint(table, node(def, "Constraint"));
        else
            actions << makeAction(ActionKind::AlterTable, table, name);
    }
    if (actions.isEmpty())
        actions << makeAction(ActionKind::AlterTable, table);
    return actions;
}

StatementActions drop(const QJsonObject &statement)
{
    const QString type = text(statement, "removeType");
    ActionKind kind;
    if (type == QLatin1String("OBJECT_TABLE"))
        kind = ActionKind::DropTable;
    else if (type == QLatin1String("OBJECT_INDEX"))
        kind = ActionKind::DropIndex;
    else if (type == QLatin1String("OBJECT_VIEW") || type == QLatin1String("OBJECT_MATVIEW"))
        kind = ActionKind::DropView;
    else
        return {};
    StatementActions actions;
    for (const QJsonValue &object : list(statement, "objects")) {
        const QString name = dottedName(list(node(object, "List"), "items"));
        StatementAction each =
            kind == ActionKind::DropIndex ? makeAction(kind, QString(), name) : makeAction(kind, name);
        each.concurrently = flag(statement, "concurrent");
        actions << each;
    }
    return actions;
}

// Whether a list of DefElem options names `option` (VACUUM (FULL), REINDEX (CONCURRENTLY)).
bool hasOption(const QJsonObject &statement, const char *field, const char *option)
{
    for (const QJsonValue &value : list(statement, field)) {
        if (text(node(value, "DefElem"), "defname") == QLatin1String(option))
            return true;
    }
    return false;
}

StatementActions readNode(const QString &type, const QJsonObject &statement)
{
    const QString relation = rangeName(statement.value(QLatin1String("relation")).toObject());
    if (type == QLatin1String("CreateStmt"))
        return {makeAction(ActionKind::CreateTable, relation)};
    if (type == QLatin1String("CreateTableAsStmt")) {
        const QString name =
            rangeName(statement.value(QLatin1String("into")).toObject().value(QLatin1String("rel")).toObject());
        return {makeAction(text(statement, "objtype") == QLatin1String("OBJECT_MATVIEW") ? ActionKind::CreateView
                                                                                         : ActionKind::CreateTable,
                           name)};
    }
    if (type == QLatin1String("IndexStmt")) {
        StatementAction index = makeAction(ActionKind::CreateIndex, relation, text(statement, "idxname"));
        index.concurrently = flag(statement, "concurrent");
        index.unique = flag(statement, "unique");
        return {index};
    }
    if (type == QLatin1String("DropStmt"))
        return drop(statement);
    if (type == QLatin1String("AlterTableStmt")) {
        const QString objectType = text(statement, "objtype");
        if (!objectType.isEmpty() && objectType != QLatin1String("OBJECT_TABLE"))
            return {};
        return alterTable(statement);
    }
    if (type == QLatin1String("RenameStmt")) {
        const QString renamed = text(statement, "renameType");
        if (renamed == QLatin1String("OBJECT_TABLE"))
            return {makeAction(ActionKind::RenameTable, relation)};
        if (renamed == QLatin1String("OBJECT_COLUMN"))
            return {makeAction(ActionKind::RenameColumn, relation, text(statement, "subname"))};
        return relation.isEmpty() ? StatementActions() : StatementActions{makeAction(ActionKind::AlterTable, relation)};
    }
    if (type == QLatin1String("InsertStmt"))
        return {makeAction(ActionKind::Insert, relation)};
    if (type == QLatin1String("UpdateStmt") || type == QLatin1String("DeleteStmt")) {
        StatementAction change =
            makeAction(type == QLatin1String("UpdateStmt") ? ActionKind::Update : ActionKind::Delete, relation);
        change.filtered = statement.contains(QLatin1String("whereClause"));
        return {change};
    }
    if (type == QLatin1String("TruncateStmt")) {
        StatementActions actions;
        for (const QJsonValue &value : list(statement, "relations"))
            actions << makeAction(ActionKind::Truncate, rangeName(node(value, "RangeVar")));
        return actions;
    }
    if (type == QLatin1String("ViewStmt"))
        return {makeAction(ActionKind::CreateView, rangeName(statement.value(QLatin1String("view")).toObject()))};
    if (type == QLatin1String("CreateTrigStmt"))
        return {makeAction(ActionKind::CreateTrigger, relation, text(statement, "trigname"))};
    if (type == QLatin1String("CreateFunctionStmt"))
        return {makeAction(ActionKind::CreateFunction, QString(), dottedName(list(statement, "funcname")))};
    if (type == QLatin1String("CommentStmt") && text(statement, "objtype") == QLatin1String("OBJECT_TABLE"))
        return {makeAction(ActionKind::Comment,
                           dottedName(list(node(statement.value(QLatin1String("object")), "List"), "items")))};
    if (type == QLatin1String("VacuumStmt") && flag(statement, "is_vacuumcmd")) {
        StatementActions actions;
        const bool full = hasOption(statement, "options", "full");
        for (const QJsonValue &value : list(statement, "rels"))
            actions << makeAction(ActionKind::Vacuum,
                                  rangeName(node(value, "VacuumRelation").value(QLatin1String("relation")).toObject()));
        if (actions.isEmpty())
            actions << makeAction(ActionKind::Vacuum, QString());
        for (StatementAction &each : actions)
            each.full = full;
        return actions;
    }
    if (type == QLatin1String("ClusterStmt")) {
        StatementAction cluster = makeAction(ActionKind::Vacuum, relation);
        cluster.full = true;
        return {cluster};
    }
    if (type == QLatin1String("ReindexStmt")) {
        const bool table = text(statement, "kind") == QLatin1String("REINDEX_OBJECT_TABLE");
        StatementAction reindex =
            makeAction(ActionKind::Reindex, table ? relation : QString(), table ? QString() : relation);
        if (reindex.object.isEmpty() && !table)
            reindex.object = text(statement, "name");
        reindex.concurrently = hasOption(statement, "params", "concurrently");
        return {reindex};
    }
    if (type == QLatin1String("TransactionStmt"))
        return {makeAction(ActionKind::TransactionControl, QString())};
    return {};
}

} // namespace

std::optional<StatementActions> readPostgresStatement(const QString &statement)
{
    const QByteArray source = statement.toUtf8();
    PgQueryParseResult result = pg_query_parse(source.constData());
    if (result.error) {
        pg_query_free_parse_result(result);
        return std::nullopt;
    }
    const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(result.parse_tree));
    pg_query_free_parse_result(result);
    StatementActions actions;
    for (const QJsonValue &value : tree.object().value(QLatin1String("stmts")).toArray()) {
        const QJsonObject statementNode = value.toObject().value(QLatin1String("stmt")).toObject();
        for (auto it = statementNode.begin(); it != statementNode.end(); ++it)
            actions << readNode(it.key(), it.value().toObject());
    }
    return actions;
}

} // namespace retort
