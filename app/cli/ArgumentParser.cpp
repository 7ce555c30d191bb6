// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ArgumentParser.h"

#include <QRegularExpression>

namespace retort::cli {

const OptionSpec *ArgumentParser::find(const QString &name) const
{
    for (const OptionSpec &option : m_options) {
        if (option.names.contains(name))
            return &option;
    }
    return nullptr;
}

bool ArgumentParser::parse(const QStringList &arguments, ParsedArguments *parsed, QString *error, bool stopAtPositional,
                           QStringList *rest) const
{
    static const QRegularExpression negativeNumber(QStringLiteral("^-\\d"));
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        const bool looksLikeOption =
            argument.startsWith(QLatin1Char('-')) && argument.size() > 1 && !negativeNumber.match(argument).hasMatch();
        if (argument == QLatin1String("--")) {
            if (stopAtPositional) {
                if (rest)
                    *rest = arguments.mid(i + 1);
                return true;
            }
            parsed->positionals += arguments.mid(i + 1);
            return true;
        }
        if (!looksLikeOption) {
            if (stopAtPositional) {
                if (rest)
                    *rest = arguments.mid(i);
                return true;
            }
            parsed->positionals << argument;
            continue;
        }
        QString name = argument;
        QString attached;
        bool hasAttached = false;
        if (argument.startsWith(QLatin1String("--"))) {
            const int equals = argument.indexOf(QLatin1Char('='));
            if (equals > 0) {
                name = argument.left(equals);
                attached = argument.mid(equals + 1);
                hasAttached = true;
            }
        } else if (argument.size() > 2 && !find(argument)) {
            name = argument.left(2); // "-rSTART:END"
            attached = argument.mid(2);
            hasAttached = true;
        }
        const OptionSpec *option = find(name);
        if (!option) {
            *error = QStringLiteral("unrecognized argument '%1'").arg(argument);
            return false;
        }
        const QString key = option->names.last();
        if (option->valueName.isEmpty()) {
            if (hasAttached) {
                *error = QStringLiteral("option %1 takes no value").arg(name);
                return false;
            }
            parsed->values[key] << QStringLiteral("1");
            continue;
        }
        QString value;
        if (hasAttached) {
            value = attached;
        } else if (i + 1 < arguments.size()) {
            value = arguments[++i];
        } else {
            *error = QStringLiteral("option %1 expects a value (%2)").arg(name, option->valueName);
            return false;
        }
        if (!option->repeatable && parsed->values.contains(key)) {
            *error = QStringLiteral("option %1 given more than once").arg(name);
            return false;
        }
        parsed->values[key] << value;
    }
    if (rest)
        rest->clear();
    return true;
}

QString ArgumentParser::optionsHelp() const
{
    QStringList lines;
    for (const OptionSpec &option : m_options) {
        QString left = option.names.join(QStringLiteral(", "));
        if (!option.valueName.isEmpty())
            left += QLatin1Char(' ') + option.valueName;
        lines << QStringLiteral("  %1  %2").arg(left.leftJustified(28), option.help);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace retort::cli
