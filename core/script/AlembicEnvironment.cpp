// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/AlembicEnvironment.h"

#include "core/script/PythonTokens.h"

#include <QFile>

namespace retort {

AlembicEnvironment AlembicEnvironment::read(const QString &envPyPath)
{
    QFile file(envPyPath);
    if (envPyPath.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return parse(QString::fromUtf8(file.readAll()));
}

AlembicEnvironment AlembicEnvironment::parse(const QString &text)
{
    AlembicEnvironment environment;
    const PythonSource source(text);
    const QVector<PythonToken> &tokens = source.tokens();
    for (qsizetype i = 0; i + 2 < tokens.size(); ++i) {
        const bool table = tokens[i].isName(QLatin1StringView("version_table"));
        const bool schema = tokens[i].isName(QLatin1StringView("version_table_schema"));
        if ((!table && !schema) || !tokens[i + 1].is(QLatin1StringView("=")))
            continue;
        // The argument's value runs to the next ',' or ')' at its own depth.
        Setting setting{tokens[i].line, std::nullopt};
        qsizetype end = i + 2;
        int depth = 0;
        for (; end < tokens.size(); ++end) {
            const PythonToken &token = tokens[end];
            if (token.is(QLatin1StringView("(")) || token.is(QLatin1StringView("[")) ||
                token.is(QLatin1StringView("{")))
                ++depth;
            else if (depth > 0 && (token.is(QLatin1StringView(")")) || token.is(QLatin1StringView("]")) ||
                                   token.is(QLatin1StringView("}"))))
                --depth;
            else if (depth == 0 && (token.is(QLatin1StringView(",")) || token.is(QLatin1StringView(")"))))
                break;
        }
        QString value;
        bool literal = end > i + 2;
        for (qsizetype v = i + 2; v < end && literal; ++v) {
            if (schema && end == i + 3 && tokens[v].isName(QLatin1StringView("None")))
                break;
            const std::optional<PythonStringValue> part =
                tokens[v].kind == PythonTokenKind::String ? pythonStringValue(tokens[v].text) : std::nullopt;
            literal = part && !part->bytes && !part->formatted;
            if (literal)
                value += part->value;
        }
        if (literal)
            setting.literal = value;
        (table ? environment.versionTable : environment.versionTableSchema) = setting;
    }
    return environment;
}

} // namespace retort
