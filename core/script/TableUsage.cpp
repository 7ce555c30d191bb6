// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/TableUsage.h"

#include <QHash>
#include <QRegularExpression>

namespace retort {

namespace {

// One SQL name, possibly schema-qualified, each part bare or quoted with "" or `` (a doubled quote
// stands for itself) or [].
#define RETORT_SQL_PART R"((?:"(?:[^"]|"")+"|`(?:[^`]|``)+`|\[[^\]]+\]|[\w$]+))"
#define RETORT_SQL_NAME RETORT_SQL_PART R"((?:\s*\.\s*)" RETORT_SQL_PART ")?"

struct Pattern
{
    QRegularExpression expression; // group 1 is the table
    QString action;
    bool list = false; // "DROP TABLE a, b": every name of the comma list is touched
};

const QRegularExpression::PatternOptions kOptions = QRegularExpression::CaseInsensitiveOption |
                                                    QRegularExpression::DotMatchesEverythingOption |
                                                    QRegularExpression::UseUnicodePropertiesOption;

const QVector<Pattern> &patterns()
{
    auto make = [](const char *pattern, const char *action, bool list = false) {
        return Pattern{QRegularExpression(QString::fromLatin1(pattern), kOptions), QString::fromLatin1(action), list};
    };
    // Order matters: the first pattern that matches wins (RENAME TO before any other ALTER TABLE).
    static const QVector<Pattern> list = {
        make(R"(^CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP(?:ORARY)?\s+|UNLOGGED\s+)?TABLE\s+)"
             R"((?:IF\s+NOT\s+EXISTS\s+)?()" RETORT_SQL_NAME ")",
             "create"),
        // RENAME TO/AS (and MySQL's bare "RENAME new_name") renames the table; "RENAME [COLUMN] a TO b",
        // RENAME CONSTRAINT/INDEX/KEY rename something inside it.
        make(R"(^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?()" RETORT_SQL_NAME R"()\s+RENAME\s+)"
             R"((?:(?:TO|AS)(?=\s|["`\[])|(?!(?:COLUMN|CONSTRAINT|INDEX|KEY)\b))" RETORT_SQL_NAME R"(\s*;?\s*$))",
             "rename"),
        make(R"(^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?()" RETORT_SQL_NAME ")", "alter"),
        make(R"(^DROP\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?()" RETORT_SQL_NAME ")", "drop", true),
        make(R"(^CREATE\s+(?:(?:UNIQUE|FULLTEXT|SPATIAL)\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?)"
             R"((?:)" RETORT_SQL_NAME R"(\s+)?ON\s+(?:ONLY\s+)?()" RETORT_SQL_NAME ")",
             "index"),
        make(R"(^DROP\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?)" RETORT_SQL_NAME R"(\s+ON\s+()" RETORT_SQL_NAME
             ")",
             "drop index"),
        make(R"(^INSERT\s+(?:OR\s+\w+\s+)?(?:IGNORE\s+)?INTO\s+()" RETORT_SQL_NAME ")", "insert"),
        make(R"(^REPLACE\s+INTO\s+()" RETORT_SQL_NAME ")", "insert"),
        make(R"(^UPDATE\s+(?:OR\s+\w+\s+)?(?:ONLY\s+)?()" RETORT_SQL_NAME ")", "update"),
        make(R"(^DELETE\s+FROM\s+(?:ONLY\s+)?()" RETORT_SQL_NAME ")", "delete"),
        make(R"(^TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?()" RETORT_SQL_NAME ")", "truncate", true),
        make(R"(^CREATE\s+(?:OR\s+REPLACE\s+)?(?:ALGORITHM\s*=\s*\w+\s+)?(?:DEFINER\s*=\s*\S+\s+)?)"
             R"((?:SQL\s+SECURITY\s+\w+\s+)?(?:TEMP(?:ORARY)?\s+)?(?:RECURSIVE\s+)?(?:MATERIALIZED\s+)?VIEW\s+)"
             R"((?:IF\s+NOT\s+EXISTS\s+)?()" RETORT_SQL_NAME ")",
             "view"),
        make(R"(^DROP\s+(?:MATERIALIZED\s+)?VIEW\s+(?:IF\s+EXISTS\s+)?()" RETORT_SQL_NAME ")", "drop view", true),
        // The trigger's own name is read as a name, so a quoted name containing " ON " is not the table.
        make(R"(^CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:TEMP(?:ORARY)?\s+|CONSTRAINT\s+)?)"
             R"(TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?)" RETORT_SQL_NAME R"(\s+(?:.*?\s)?ON\s+()" RETORT_SQL_NAME ")",
             "trigger"),
        make(R"(^COMMENT\s+ON\s+TABLE\s+()" RETORT_SQL_NAME ")", "comment"),
    };
    return list;
}

// The rest of a comma list, matched at the end of the previous name.
const QRegularExpression &nextListName()
{
    static const QRegularExpression expression(QStringLiteral(R"(\s*,\s*()" RETORT_SQL_NAME ")"), kOptions);
    return expression;
}

// An ALTER TABLE clause that drops a column (first after the table's name, or after a comma): not a
// constraint, an index, a key, a default or NOT NULL, which drop no data.
const QRegularExpression &dropColumnClause()
{
    static const QRegularExpression expression(
        QStringLiteral(R"((?:^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?)" RETORT_SQL_NAME
                       R"(\s+|,\s*)DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?)"
                       R"((?!(?:CONSTRAINT|INDEX|KEY|PRIMARY|FOREIGN|CHECK|PARTITION|DEFAULT|NOT|EXPRESSION|)"
                       R"(IDENTITY|SYSTEM)\b))" RETORT_SQL_PART),
        kOptions);
    return expression;
}

#undef RETORT_SQL_NAME
#undef RETORT_SQL_PART

// `"app"."Users"` -> `app.Users`: quotes go (a doubled quote inside stays once), blanks around
// the dots go, and a dot inside quotes stays part of its name.
QString unquote(QStringView name)
{
    QStringList parts;
    QString part;
    qsizetype i = 0;
    while (i < name.size()) {
        const QChar c = name[i];
        if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('[')) {
            const QChar close = c == QLatin1Char('[') ? QLatin1Char(']') : c;
            for (++i; i < name.size(); ++i) {
                if (name[i] != close) {
                    part += name[i];
                } else if (close != QLatin1Char(']') && i + 1 < name.size() && name[i + 1] == close) {
                    part += close;
                    ++i;
                } else {
                    ++i;
                    break;
                }
            }
        } else if (c == QLatin1Char('.')) {
            parts << part;
            part.clear();
            ++i;
        } else {
            if (!c.isSpace())
                part += c;
            ++i;
        }
    }
    parts << part;
    return parts.join(QLatin1Char('.'));
}

// Leading comments are not part of what the statement does.
QString withoutLeadingComments(const QString &statement)
{
    int i = 0;
    const int n = statement.size();
    while (i < n) {
        if (statement[i].isSpace()) {
            ++i;
        } else if (statement.mid(i, 2) == QLatin1String("--")) {
            const int end = statement.indexOf(QLatin1Char('\n'), i);
            i = end < 0 ? n : end + 1;
        } else if (statement.mid(i, 2) == QLatin1String("/*")) {
            const int end = statement.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? n : end + 2;
        } else {
            break;
        }
    }
    return statement.mid(i);
}

} // namespace

QVector<TableUsage> tablesTouchedBy(const QString &statement)
{
    const QString text = withoutLeadingComments(statement);
    static const QRegularExpression where(QStringLiteral("\\bWHERE\\b"), kOptions);
    for (const Pattern &pattern : patterns()) {
        QRegularExpressionMatch match = pattern.expression.match(text);
        if (!match.hasMatch())
            continue;
        QString action = pattern.action;
        // What loses data is told apart from what does not (a column dropped; every row deleted or updated).
        if (action == QLatin1String("alter") && dropColumnClause().match(text).hasMatch())
            action = QStringLiteral("drop column");
        else if ((action == QLatin1String("delete") || action == QLatin1String("update")) &&
                 !where.match(text).hasMatch())
            action += QStringLiteral(" all");
        QVector<TableUsage> usages{TableUsage{unquote(match.capturedView(1)), action}};
        while (pattern.list) {
            match = nextListName().match(text, match.capturedEnd(1), QRegularExpression::NormalMatch,
                                         QRegularExpression::AnchorAtOffsetMatchOption);
            if (!match.hasMatch())
                break;
            usages.append(TableUsage{unquote(match.capturedView(1)), pattern.action});
        }
        return usages;
    }
    return {};
}

QString describeTableUsage(const SqlStatementList &statements)
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
        for (const TableUsage &usage : tablesTouchedBy(statement.text)) {
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

bool SectionRisk::any() const
{
    return !drops.isEmpty() || !rewrites.isEmpty();
}

QString SectionRisk::summary() const
{
    return (drops + rewrites).join(QStringLiteral("; "));
}

SectionRisk riskOf(const SqlStatementList &statements)
{
    SectionRisk risk;
    auto add = [](QStringList &list, const QString &text) {
        if (!list.contains(text))
            list << text;
    };
    for (const SqlStatement &statement : statements) {
        for (const TableUsage &usage : tablesTouchedBy(statement.text)) {
            if (usage.action == QLatin1String("drop"))
                add(risk.drops, QStringLiteral("drops table %1").arg(usage.table));
            else if (usage.action == QLatin1String("drop column"))
                add(risk.drops, QStringLiteral("drops a column of %1").arg(usage.table));
            else if (usage.action == QLatin1String("truncate"))
                add(risk.drops, QStringLiteral("truncates %1").arg(usage.table));
            else if (usage.action == QLatin1String("delete all"))
                add(risk.drops, QStringLiteral("deletes every row of %1").arg(usage.table));
            else if (usage.action == QLatin1String("update all"))
                add(risk.rewrites, QStringLiteral("updates every row of %1").arg(usage.table));
        }
    }
    return risk;
}

} // namespace retort
