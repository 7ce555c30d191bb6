// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/AlembicIni.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

namespace retort {

namespace {

const QString kDefaultSection = QStringLiteral("DEFAULT");
// configparser's MAX_INTERPOLATION_DEPTH: a key that refers to itself fails instead of looping.
constexpr int kMaxInterpolationDepth = 10;

Error iniError(const QString &path, int line, const QString &message)
{
    const SourceLocation where{path, line};
    return Error(ErrorCode::Config, where.toString() + QStringLiteral(": ") + message, where);
}

qsizetype indentOf(const QString &line)
{
    qsizetype at = 0;
    while (at < line.size() && line.at(at).isSpace())
        ++at;
    return at;
}

} // namespace

Result<AlembicIni> AlembicIni::load(const QString &path)
{
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QFile file(absolute);
    if (QFileInfo(absolute).isDir())
        return Error(ErrorCode::Io, QStringLiteral("%1: cannot read file: is a directory").arg(absolute), absolute);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(ErrorCode::Io, QStringLiteral("%1: cannot read file: %2").arg(absolute, file.errorString()),
                     absolute);
    }
    return parse(QString::fromUtf8(file.readAll()), absolute);
}

Result<AlembicIni> AlembicIni::parse(QString text, const QString &path)
{
    AlembicIni ini;
    const QFileInfo info(path);
    ini.m_path = QDir::cleanPath(info.absoluteFilePath());
    ini.m_defaults.name = kDefaultSection;
    ini.m_defaults.entries.append({QStringLiteral("here"), {}, QDir::cleanPath(info.absolutePath()), 0});
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);

    Section *current = nullptr;
    Entry *entry = nullptr; // the key whose value may go on
    qsizetype keyIndent = 0;
    QHash<QString, int> sectionLines;
    QHash<QString, int> keyLines; // "section\nkey" -> line
    const QStringList lines = text.split(u'\n');
    for (int index = 0; index < lines.size(); ++index) {
        QString line = lines.at(index);
        if (line.endsWith(u'\r'))
            line.chop(1);
        const int lineNumber = index + 1;
        const QString trimmed = line.trimmed();
        const bool comment = trimmed.startsWith(u'#') || trimmed.startsWith(u';');
        if (trimmed.isEmpty() || comment) {
            // A blank line belongs to a value that may go on; a comment line is dropped and changes nothing.
            if (!comment && entry)
                entry->lines.append(QString());
            continue;
        }
        const qsizetype indent = indentOf(line);
        if (entry && indent > keyIndent) {
            entry->lines.append(trimmed);
            continue;
        }
        keyIndent = indent;

        // configparser's `\[(?P<header>.+)\]`: anything may follow the last ']'.
        const qsizetype close = trimmed.lastIndexOf(u']');
        if (trimmed.startsWith(u'[') && close > 1) {
            const QString name = trimmed.mid(1, close - 1);
            entry = nullptr;
            if (name == kDefaultSection) {
                current = &ini.m_defaults;
                continue;
            }
            if (sectionLines.contains(name)) {
                return iniError(ini.m_path, lineNumber,
                                QStringLiteral("duplicate section [%1] (first on line %2)")
                                    .arg(name, QString::number(sectionLines.value(name))));
            }
            sectionLines.insert(name, lineNumber);
            ini.m_sections.append(Section{name, lineNumber, {}});
            current = &ini.m_sections.last();
            continue;
        }
        if (!current)
            return iniError(ini.m_path, lineNumber, QStringLiteral("a key before any [section]"));

        const qsizetype equals = trimmed.indexOf(u'=');
        const qsizetype colon = trimmed.indexOf(u':');
        const qsizetype delimiter = equals < 0 ? colon : colon < 0 ? equals : std::min(equals, colon);
        const QString key = delimiter < 0 ? QString() : trimmed.left(delimiter).trimmed().toLower();
        if (key.isEmpty())
            return iniError(ini.m_path, lineNumber,
                            QStringLiteral("expected 'key = value', 'key: value' or '[section]'"));
        const QString keyId = current->name + u'\n' + key;
        if (keyLines.contains(keyId)) {
            return iniError(ini.m_path, lineNumber,
                            QStringLiteral("duplicate key '%1' in [%2] (first on line %3)")
                                .arg(key, current->name, QString::number(keyLines.value(keyId))));
        }
        keyLines.insert(keyId, lineNumber);
        const QString value = trimmed.mid(delimiter + 1).trimmed();
        if (current == &ini.m_defaults && key == QLatin1String("here")) {
            // The file's own `here` replaces the one Alembic passes in, as configparser lets it.
            current->entries.removeIf([](const Entry &e) { return e.key == QLatin1String("here"); });
        }
        current->entries.append({key, {value}, QString(), lineNumber});
        entry = &current->entries.last();
    }

    const auto joinLines = [](Section &section) {
        for (Entry &e : section.entries) {
            if (e.line == 0)
                continue; // `here`, set whole
            QString joined = e.lines.join(u'\n');
            while (!joined.isEmpty() && joined.back().isSpace())
                joined.chop(1);
            e.value = joined;
            e.lines.clear();
        }
    };
    joinLines(ini.m_defaults);
    for (Section &section : ini.m_sections)
        joinLines(section);
    return ini;
}

QStringList AlembicIni::sectionNames() const
{
    QStringList names;
    for (const Section &section : m_sections)
        names << section.name;
    return names;
}

int AlembicIni::sectionLine(const QString &name) const
{
    const Section *section = findSection(name);
    return section ? section->line : 0;
}

const AlembicIni::Section *AlembicIni::findSection(const QString &name) const
{
    for (const Section &section : m_sections) {
        if (section.name == name)
            return &section;
    }
    return nullptr;
}

std::optional<AlembicIni::Value> AlembicIni::lookUp(const Section *section, const QString &key) const
{
    for (const Section *in : {section, &m_defaults}) {
        for (const Entry &entry : in->entries) {
            if (entry.key == key)
                return Value{entry.value, entry.line};
        }
    }
    return std::nullopt;
}

std::optional<AlembicIni::Value> AlembicIni::rawValue(const QString &section, const QString &key) const
{
    const Section *found = findSection(section);
    if (!found)
        return std::nullopt;
    return lookUp(found, key.toLower());
}

Result<std::optional<AlembicIni::Value>> AlembicIni::value(const QString &section, const QString &key) const
{
    const Section *found = findSection(section);
    if (!found)
        return std::optional<Value>();
    const std::optional<Value> raw = lookUp(found, key.toLower());
    if (!raw)
        return std::optional<Value>();
    Value expanded{QString(), raw->line};
    RETORT_CHECK(interpolate(found, key.toLower(), raw->line, raw->text, 1, expanded.text));
    return std::optional<Value>(expanded);
}

Status AlembicIni::interpolate(const Section *section, const QString &key, int line, const QString &text, int depth,
                               QString &into) const
{
    if (depth > kMaxInterpolationDepth) {
        return iniError(m_path, line,
                        QStringLiteral("'%1' in [%2]: %(name)s nested more than %3 deep (does a key refer to itself?)")
                            .arg(key, section->name, QString::number(kMaxInterpolationDepth)));
    }
    static const QRegularExpression reference(QStringLiteral("\\A%\\(([^)]+)\\)s"));
    qsizetype at = 0;
    while (at < text.size()) {
        const qsizetype percent = text.indexOf(u'%', at);
        if (percent < 0) {
            into += QStringView(text).mid(at);
            break;
        }
        into += QStringView(text).mid(at, percent - at);
        const QStringView rest = QStringView(text).mid(percent);
        if (rest.startsWith(u"%%")) {
            into += u'%';
            at = percent + 2;
        } else if (rest.startsWith(u"%(")) {
            const QRegularExpressionMatch match = reference.match(rest);
            if (!match.hasMatch()) {
                return iniError(m_path, line,
                                QStringLiteral("'%1' in [%2]: bad %(name)s reference at '%3' (write %% for a "
                                               "literal %)")
                                    .arg(key, section->name, rest.toString()));
            }
            const QString name = match.captured(1).toLower();
            const std::optional<Value> referred = lookUp(section, name);
            if (!referred) {
                return iniError(m_path, line,
                                QStringLiteral("'%1' in [%2]: %(%3)s names no key of [%2] or [DEFAULT]")
                                    .arg(key, section->name, match.captured(1)));
            }
            if (referred->text.contains(u'%')) {
                RETORT_CHECK(interpolate(section, key, line, referred->text, depth + 1, into));
            } else {
                into += referred->text;
            }
            at = percent + match.capturedLength(0);
        } else {
            return iniError(m_path, line,
                            QStringLiteral("'%1' in [%2]: '%' must be followed by '%' or '(', found: '%3' (write %% "
                                           "for a literal %)")
                                .arg(key, section->name, rest.toString()));
        }
    }
    return Status::success();
}

Error AlembicIni::missingSection(const QString &name) const
{
    QStringList have;
    for (const Section &section : m_sections)
        have << QLatin1Char('[') + section.name + QLatin1Char(']');
    const QString which = have.isEmpty() ? QStringLiteral("it has no sections")
                                         : QStringLiteral("it has ") + have.join(QStringLiteral(", "));
    return Error(ErrorCode::Config, QStringLiteral("%1: no [%2] section; %3").arg(m_path, name, which),
                 SourceLocation{m_path, 0});
}

} // namespace retort
