// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/TableUsage.h"

#include <QRegularExpression>

namespace retort {

namespace {

// One SQL name, possibly schema-qualified and quoted with "", `` or [].
#define RETORT_SQL_NAME R"((?:"[^"]+"|`[^`]+`|\[[^\]]+\]|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|[\w$]+))?)"

struct Pattern
{
    QRegularExpression expression;
    QString action;
};

const QVector<Pattern> &patterns()
{
    static const auto options = QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption;
    auto make = [](const char *pattern, const char *action) {
        return Pattern{QRegularExpression(QString::fromLatin1(pattern), options), QString::fromLatin1(action)};
    };
    static const QVector<Pattern> list = {
        make(R"(^CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP(?:ORARY)?\s+|UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?()" RETORT_SQL_NAME ")",
             "create"),
        make(R"(^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?()" RETORT_SQL_NAME R"()\s+RENAME\s+TO\s+)", "rename"),
        make(R"(^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?()" RETORT_SQL_NAME ")", "alter"),
        make(R"(^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?()" RETORT_SQL_NAME ")", "drop"),
        make(R"(^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:)" RETORT_SQL_NAME
             R"(\s+)?ON\s+(?:ONLY\s+)?()" RETORT_SQL_NAME ")",
             "index"),
        make(R"(^DROP\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?)" RETORT_SQL_NAME R"(\s+ON\s+()" RETORT_SQL_NAME ")",
             "drop index"),
        make(R"(^INSERT\s+(?:OR\s+\w+\s+)?(?:IGNORE\s+)?INTO\s+()" RETORT_SQL_NAME ")", "insert"),
        make(R"(^REPLACE\s+INTO\s+()" RETORT_SQL_NAME ")", "insert"),
        make(R"(^UPDATE\s+(?:OR\s+\w+\s+)?(?:ONLY\s+)?()" RETORT_SQL_NAME ")", "update"),
        make(R"(^DELETE\s+FROM\s+(?:ONLY\s+)?()" RETORT_SQL_NAME ")", "delete"),
        make(R"(^TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?()" RETORT_SQL_NAME ")", "truncate"),
        make(R"(^CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:MATERIALIZED\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?()" RETORT_SQL_NAME ")",
             "view"),
        make(R"(^DROP\s+(?:MATERIALIZED\s+)?VIEW\s+(?:IF\s+EXISTS\s+)?()" RETORT_SQL_NAME ")", "drop view"),
        make(R"(^CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:TEMP(?:ORARY)?\s+)?TRIGGER\s+.*?\s+ON\s+()" RETORT_SQL_NAME ")",
             "trigger"),
        make(R"(^COMMENT\s+ON\s+TABLE\s+()" RETORT_SQL_NAME ")", "comment"),
    };
    return list;
}

#undef RETORT_SQL_NAME

QString unquote(const QString &name)
{
    QStringList parts;
    for (QString part : name.split(QLatin1Char('.'))) {
        part = part.trimmed();
        if (part.size() >= 2
            && ((part.startsWith(QLatin1Char('"')) && part.endsWith(QLatin1Char('"')))
                || (part.startsWith(QLatin1Char('`')) && part.endsWith(QLatin1Char('`')))
                || (part.startsWith(QLatin1Char('[')) && part.endsWith(QLatin1Char(']'))))) {
            part = part.mid(1, part.size() - 2);
        }
        parts << part;
    }
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
    for (const Pattern &pattern : patterns()) {
        const QRegularExpressionMatch match = pattern.expression.match(text);
        if (match.hasMatch())
            return {TableUsage{unquote(match.captured(1)), pattern.action}};
    }
    return {};
}

} // namespace retort
