// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace retort {

// An ini file read as Alembic reads alembic.ini: Python's configparser with its defaults (strict,
// BasicInterpolation) and `here` (the absolute folder of the file) in [DEFAULT]:
// - `key = value` or `key: value`, split at the first '=' or ':'; keys lower-cased, section names not;
// - full-line comments start with '#' or ';'; there are no inline comments ("a ; b" is the value);
// - a line indented deeper than its key's line continues the value (joined by newlines, blank lines
//   kept inside it, trailing ones dropped);
// - [DEFAULT]'s keys belong to every section; a section or key given twice is an error;
// - value() expands %(name)s from the same section or [DEFAULT], and %% to %.
// Every error names the file and line.
class AlembicIni
{
public:
    struct Value
    {
        QString text;
        int line = 0; // the line of its key
    };

    [[nodiscard]] static Result<AlembicIni> load(const QString &path);
    // `path` names the file in messages and gives `here`.
    [[nodiscard]] static Result<AlembicIni> parse(QString text, const QString &path);

    QString path() const { return m_path; } // absolute
    // The sections in file order, without [DEFAULT] (which configparser does not count as one).
    QStringList sectionNames() const;
    bool hasSection(const QString &name) const { return findSection(name) != nullptr; }
    int sectionLine(const QString &name) const;
    // Whether `key` is set in `section` or [DEFAULT] (configparser's has_option).
    bool hasKey(const QString &section, const QString &key) const { return rawValue(section, key).has_value(); }
    // As written (after joining continuation lines); nullopt when absent.
    std::optional<Value> rawValue(const QString &section, const QString &key) const;
    // Interpolated; nullopt when absent, an error (at the key's line) when a %(name)s cannot be expanded.
    [[nodiscard]] Result<std::optional<Value>> value(const QString &section, const QString &key) const;

    // "<path>: no [name] section; it has [a], [b]" (or "it has no sections").
    Error missingSection(const QString &name) const;

private:
    struct Entry
    {
        QString key;
        QStringList lines; // joined by '\n' when parsing ends
        QString value;
        int line = 0;
    };
    struct Section
    {
        QString name;
        int line = 0;
        QVector<Entry> entries;
    };
    const Section *findSection(const QString &name) const;
    std::optional<Value> lookUp(const Section *section, const QString &key) const;
    // Appends `text` expanded to `into`; errors name `key` (the one read) and its `line`.
    [[nodiscard]] Status interpolate(const Section *section, const QString &key, int line, const QString &text,
                                     int depth, QString &into) const;

    QString m_path;
    Section m_defaults; // [DEFAULT], holding `here` unless the file sets it
    QVector<Section> m_sections;
};

} // namespace retort
