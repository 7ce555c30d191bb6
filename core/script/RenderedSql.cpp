// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/RenderedSql.h"

#include "core/script/MigrationScript.h"

#include <QDir>
#include <QFileInfo>

namespace retort {

QString RenderedSection::labelName(Label label)
{
    switch (label) {
    case Label::Exact:
        return QStringLiteral("exact");
    case Label::Rendered:
        return QStringLiteral("rendered");
    case Label::NeedsDatabase:
        return QStringLiteral("needs_database");
    case Label::RefusesOffline:
        return QStringLiteral("refuses_offline");
    case Label::ImportError:
        return QStringLiteral("import_error");
    case Label::Error:
        return QStringLiteral("error");
    case Label::NotRendered:
        return QStringLiteral("not_rendered");
    }
    return QString();
}

QString RenderedSection::describe() const
{
    const QString at =
        line > 0 ? QStringLiteral("%1:%2").arg(QFileInfo(file).fileName()).arg(line) : QFileInfo(file).fileName();
    switch (label) {
    case Label::Exact:
        return statements.isEmpty() ? QStringLiteral("exact: empty, runs nothing (read from the file; no Python ran)")
                                    : QStringLiteral("exact: literal SQL read from the file (no Python ran)");
    case Label::Rendered:
        return offlineCheckLine > 0
                   ? QStringLiteral("rendered offline by the project's Alembic, but it asks whether it runs offline "
                                    "(%1:%2), so a live run may do otherwise")
                         .arg(QFileInfo(file).fileName())
                         .arg(offlineCheckLine)
                   : QStringLiteral("rendered offline by the project's Alembic");
    case Label::NeedsDatabase:
        return QStringLiteral("needs a live database: it asks for the connection (get_bind) at %1%2, so offline SQL "
                              "cannot show what it does")
            .arg(at, failedLine > 0 && failedLine != line
                         ? QStringLiteral(" and reads from it at line %1").arg(failedLine)
                         : QString());
    case Label::RefusesOffline:
        return QStringLiteral("refuses offline rendering at %1: %2").arg(at, message);
    case Label::ImportError:
        return QStringLiteral("import error: %1 imports '%2', which the project's Python cannot import (%3)")
            .arg(QFileInfo(file).fileName(), module, message);
    case Label::Error:
        return QStringLiteral("error while rendering, at %1: %2").arg(at, message);
    case Label::NotRendered:
        return QStringLiteral("not rendered: %1").arg(message);
    }
    return QString();
}

const RenderedSection *RenderReport::find(const QString &revision, bool upgrade) const
{
    for (const RenderedSection &section : sections) {
        if (section.revision == revision && section.upgrade == upgrade)
            return &section;
    }
    return nullptr;
}

MigrationScript scriptAsRendered(const MigrationScript &script, bool upgrade, const RenderedSection &rendered)
{
    MigrationScript copy = script;
    if (!rendered.complete())
        return copy;
    MigrationSection &section = upgrade ? copy.plainUpgrade : copy.plainDowngrade; // an Alembic file's functions
    section.statements = rendered.statements;
    for (SqlStatement &statement : section.statements)
        statement.line = section.line;
    return copy;
}

} // namespace retort
