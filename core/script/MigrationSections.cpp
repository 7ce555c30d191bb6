// SPDX-License-Identifier: GPL-3.0-or-later
// A parsed file's sections: which one a database runs, and what to say when it has none.
#include "core/script/MigrationScript.h"

#include <QDir>

#include <algorithm>

namespace retort {

QString sectionMarkerText(bool upgrade, std::optional<Dialect> dialect)
{
    QString text = upgrade ? QStringLiteral("-- migrate:upgrade") : QStringLiteral("-- migrate:downgrade");
    if (dialect)
        text += u' ' + dialectName(*dialect);
    return text;
}

const MigrationSection &MigrationScript::section(bool upgrade, std::optional<Dialect> dialect) const
{
    const QMap<Dialect, MigrationSection> &sections = upgrade ? dialectUpgrades : dialectDowngrades;
    if (dialect) {
        const auto found = sections.constFind(*dialect);
        if (found != sections.constEnd())
            return *found;
    }
    return upgrade ? plainUpgrade : plainDowngrade;
}

std::optional<Error> MigrationScript::sectionError(bool upgrade, Dialect dialect) const
{
    const MigrationSection &chosen = section(upgrade, dialect);
    // An Alembic file without the function is Alembic's to judge; only a .sql file's dialect sections leave a gap.
    if (format != ScriptFormat::Sql || chosen.body != SectionBody::Missing)
        return std::nullopt;
    // The sections it has instead, in file order.
    QList<const MigrationSection *> others;
    for (const MigrationSection &other : upgrade ? dialectUpgrades : dialectDowngrades)
        others << &other;
    std::sort(others.begin(), others.end(), [](const auto *a, const auto *b) { return a->line < b->line; });
    QStringList written;
    for (const MigrationSection *other : std::as_const(others))
        written << describeSection(*other, upgrade);
    const int firstLine = others.isEmpty() ? 0 : others.first()->line;
    Error error(ErrorCode::MissingSection,
                QStringLiteral("%1: revision %2 has no %3 section for %4: it has %5 and no plain '%6'; add '%7' or a "
                               "plain '%6'")
                    .arg(QDir::toNativeSeparators(path), revisionId,
                         upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), dialectName(dialect),
                         written.join(QStringLiteral(", ")), sectionMarkerText(upgrade, std::nullopt),
                         sectionMarkerText(upgrade, dialect)),
                SourceLocation{path, firstLine});
    return error;
}

QString describeSection(const MigrationSection &section, bool upgrade)
{
    if (section.body == SectionBody::Missing || section.line == 0)
        return QStringLiteral("no %1 section").arg(upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"));
    return QStringLiteral("'%1' (line %2)").arg(sectionMarkerText(upgrade, section.dialect)).arg(section.line);
}

QList<Dialect> MigrationScript::sectionDialects() const
{
    QList<Dialect> dialects = dialectUpgrades.keys();
    for (Dialect dialect : dialectDowngrades.keys()) {
        if (!dialects.contains(dialect))
            dialects << dialect;
    }
    std::sort(dialects.begin(), dialects.end());
    return dialects;
}

QStringList MigrationScript::sectionDialectNames() const
{
    QStringList names;
    for (Dialect dialect : sectionDialects())
        names << dialectName(dialect);
    return names;
}

QVector<MigrationSection *> MigrationScript::allSections()
{
    QVector<MigrationSection *> sections{&plainUpgrade, &plainDowngrade};
    for (MigrationSection &section : dialectUpgrades)
        sections << &section;
    for (MigrationSection &section : dialectDowngrades)
        sections << &section;
    return sections;
}

QVector<const MigrationSection *> MigrationScript::allSections() const
{
    QVector<const MigrationSection *> sections{&plainUpgrade, &plainDowngrade};
    for (const MigrationSection &section : dialectUpgrades)
        sections << &section;
    for (const MigrationSection &section : dialectDowngrades)
        sections << &section;
    return sections;
}

} // namespace retort
