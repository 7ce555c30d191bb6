// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace retort::cli {

struct OptionSpec
{
    QStringList names; // "-m", "--message"
    QString valueName; // empty: a flag
    QString help;
    bool repeatable = false;
};

struct ParsedArguments
{
    QMap<QString, QStringList> values; // keyed by the option's last (long) name
    QStringList positionals;

    bool isSet(const QString &name) const { return values.contains(name); }
    QString value(const QString &name) const { return values.value(name).value(0); }
    QStringList all(const QString &name) const { return values.value(name); }
    // The same by the option itself, so that its name is written once.
    bool isSet(const OptionSpec &option) const { return isSet(option.names.last()); }
    QString value(const OptionSpec &option) const { return value(option.names.last()); }
    QStringList all(const OptionSpec &option) const { return all(option.names.last()); }
};

// Argument parsing in argparse's manner: "--opt value", "--opt=value",
// "-o value", "-ovalue", "--" ends options, and "-1"/"-2" stay positionals
// (relative revisions).
class ArgumentParser
{
public:
    explicit ArgumentParser(QVector<OptionSpec> options) : m_options(std::move(options)) {}

    // Parses until the first positional when `stopAtPositional` (global options
    // before the command name); `rest` receives what was not parsed.
    bool parse(const QStringList &arguments, ParsedArguments *parsed, QString *error, bool stopAtPositional = false,
               QStringList *rest = nullptr) const;
    QString optionsHelp() const;

private:
    const OptionSpec *find(const QString &name) const;

    QVector<OptionSpec> m_options;
};

} // namespace retort::cli
