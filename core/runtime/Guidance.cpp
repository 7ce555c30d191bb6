// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/Guidance.h"
#include "core/script/AlembicScript.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace retort {

namespace {

QString listed(const QStringList &items)
{
    return items.join(QStringLiteral(", "));
}

} // namespace

Guidance::Guidance(const ProjectConfig &config, const ScriptDirectory *scripts, QString command, QString retort)
    : m_config(config), m_scripts(scripts), m_command(std::move(command)), m_retort(std::move(retort))
{
}

QVector<Hint> Guidance::hintsFor(const Error &error) const
{
    switch (error.code) {
    case ErrorCode::ResolutionError:
        return unknownRevision(error.context);
    case ErrorCode::MultipleHeads:
        return multipleHeads(error.details);
    case ErrorCode::AmbiguousWalk:
        return ambiguousWalk(error.context, error.details);
    case ErrorCode::Io:
        return missingFolders();
    default:
        return {};
    }
}

QVector<Hint> Guidance::offlineFromBase(const QString &target) const
{
    return {
        {QStringLiteral("with no START, the script starts at base: it creates %1 and runs every revision up to %2, "
                        "as for an empty database")
             .arg(m_config.versionTable(), target),
         QString()},
        {QStringLiteral("for a database already at a revision, start there (%1 current prints it):").arg(m_retort),
         QStringLiteral("%1 upgrade --sql CURRENT:%2").arg(m_retort, target)},
    };
}

QString Guidance::describe(const QString &id) const
{
    const int index = m_scripts ? m_scripts->map().indexOf(id) : RevisionMap::None;
    if (!RevisionMap::isRevision(index))
        return id;
    const Revision &revision = m_scripts->map().at(index);
    QString text = id;
    if (!revision.branchLabels.isEmpty())
        text += QStringLiteral(" (%1)").arg(listed(revision.branchLabels));
    if (!revision.doc.isEmpty())
        text += QStringLiteral(" '%1'").arg(revision.doc);
    return text;
}

QString Guidance::shown(const QString &path)
{
    const QString relative = QDir::current().relativeFilePath(path);
    return relative.startsWith(QLatin1String("..")) ? QDir::cleanPath(path) : relative;
}

QVector<Hint> Guidance::unknownRevision(const QString &identifier) const
{
    const bool inDatabase = m_database && m_database->rows.contains(identifier);
    QVector<Hint> hints = inDatabase ? databaseAtUnknownRevision(identifier) : QVector<Hint>{};
    hints += versionFolders();
    if (!inDatabase)
        return hints;
    const QString folder = shown(m_config.versionLocations().first());
    hints << Hint{QStringLiteral("if its file was lost, restore it, e.g. from git (the log lists the commits that "
                                 "had it; then git checkout COMMIT -- FILE):"),
                  QStringLiteral("git log --all --stat -- '%1/*%2*'").arg(folder, identifier)};
    // What it was applied on is the likeliest right revision when its changes are not in the database.
    const auto recorded = m_database->recorded.constFind(identifier);
    QString parent;
    if (recorded != m_database->recorded.constEnd() && recorded->applied && m_scripts) {
        const QStringList &from = recorded->restsOn;
        if (from.size() == 1 && RevisionMap::isRevision(m_scripts->map().indexOf(from.first())))
            parent = from.first();
    }
    if (parent.isEmpty()) {
        hints << Hint{QStringLiteral("or, if the database's schema is that of a revision the files define, record "
                                     "that one instead (no SQL runs; %1 history lists them):")
                          .arg(m_retort),
                      QStringLiteral("%1 stamp --purge REVISION").arg(m_retort)};
    } else {
        hints << Hint{QStringLiteral("or, if %1's changes are not in the database, record the revision it was "
                                     "applied on instead (no SQL runs):")
                          .arg(identifier),
                      QStringLiteral("%1 stamp --purge %2").arg(m_retort, parent)};
    }
    return hints;
}

QVector<Hint> Guidance::databaseAtUnknownRevision(const QString &revision) const
{
    const DatabaseFacts &database = *m_database;
    QStringList folders;
    for (const QString &folder : m_config.versionLocations())
        folders << shown(folder);
    QVector<Hint> hints{{QStringLiteral("the database %1 is at %2, and no file in %3 defines it")
                             .arg(database.database, revision, listed(folders)),
                         QString()}};
    if (database.historyTable.isEmpty() || !database.historyRead)
        return hints;
    const auto recorded = database.recorded.constFind(revision);
    if (recorded == database.recorded.constEnd()) {
        hints << Hint{QStringLiteral("%1 records no successful upgrade or stamp of %2: Alembic or another tool "
                                     "applied it, or Retort before it kept history")
                          .arg(database.historyTable, revision),
                      QString()};
        return hints;
    }
    const RecordedRevision &run = *recorded;
    const QString restsOn = run.restsOn.isEmpty() ? QStringLiteral("base") : run.restsOn.join(QStringLiteral(", "));
    // The last row may have taken it away (a downgrade): something outside Retort put it back since.
    QString text = QStringLiteral("%1 recorded it: %2 %3 %4 by %5 at %6")
                       .arg(database.historyTable, run.event,
                            run.applied ? QStringLiteral("from") : QStringLiteral("(taking it away) to"), restsOn,
                            run.by.isEmpty() ? QStringLiteral("an unknown user") : run.by, run.at);
    if (!run.environment.isEmpty())
        text += QStringLiteral(", environment %1").arg(run.environment);
    text += QStringLiteral(", retort %1 (its message was in the file only)").arg(run.toolVersion);
    hints << Hint{text, QString()};
    return hints;
}

QVector<Hint> Guidance::versionFolders() const
{
    QVector<Hint> hints;
    int revisionFiles = 0;
    for (const QString &location : m_config.versionLocations()) {
        const QDir folder(location);
        for (const QString &name : folder.entryList(QDir::Files)) {
            if (name.endsWith(QLatin1StringView(".sql"), Qt::CaseInsensitive) ||
                AlembicScriptReader::isRevisionModuleName(name))
                ++revisionFiles;
        }
    }
    const SourceLocation setAt = m_config.scriptLocationSetAt();
    if (revisionFiles == 0) {
        hints << Hint{QStringLiteral("%1 holds no revision file (.sql, or Alembic .py); it is the versions folder of "
                                     "script_location (%2 sets %3). If the revisions live elsewhere, point "
                                     "script_location at the folder that holds their versions/")
                          .arg(shown(m_config.versionLocations().first()), shown(setAt.toString()),
                               shown(m_config.scriptLocation())),
                      QString()};
    }
    return hints;
}

QVector<Hint> Guidance::multipleHeads(const QStringList &heads) const
{
    if (heads.isEmpty())
        return {};
    QStringList described;
    for (const QString &head : heads)
        described << describe(head);
    QVector<Hint> hints{
        {QStringLiteral("the project has %1 heads: %2").arg(heads.size()).arg(listed(described)), QString()},
        {QStringLiteral("join them with a merge revision (it runs no SQL unless you add some):"),
         QStringLiteral("%1 merge -m \"merge\" heads").arg(m_retort)},
    };
    const bool takesHeads = m_command == QLatin1String("upgrade") || m_command == QLatin1String("stamp") ||
                            m_command == QLatin1String("plan");
    if (m_command == QLatin1String("revision")) {
        hints << Hint{QStringLiteral("or base the new revision on one of them:"),
                      QStringLiteral("%1 revision -m MESSAGE --head %2@head").arg(m_retort, heads.first())};
        return hints;
    }
    if (!takesHeads)
        return hints;
    hints << Hint{QStringLiteral("or %1 all of them:").arg(m_command),
                  QStringLiteral("%1 %2 heads").arg(m_retort, m_command)};
    for (const QString &head : heads) {
        const int index = m_scripts ? m_scripts->map().indexOf(head) : RevisionMap::None;
        const QStringList labels =
            RevisionMap::isRevision(index) ? m_scripts->map().at(index).branchLabels : QStringList();
        hints << Hint{QStringLiteral("or one branch:"),
                      QStringLiteral("%1 %2 %3@head").arg(m_retort, m_command, labels.value(0, head))};
    }
    return hints;
}

QVector<Hint> Guidance::ambiguousWalk(const QString &from, const QStringList &reached) const
{
    if (!m_scripts || reached.isEmpty())
        return {};
    const RevisionMap &map = m_scripts->map();
    const int index = map.indexOf(from);
    QStringList described;
    for (const QString &id : reached)
        described << describe(id);
    const bool downward = RevisionMap::isRevision(index) && map.ids(map.at(index).down) == reached;
    if (!downward) {
        QVector<Hint> hints{
            {RevisionMap::isRevision(index)
                 ? QStringLiteral("%1 is a branch point: one step up from it is %2").arg(from, listed(described))
                 : QStringLiteral("the project has several bases: %1").arg(listed(described)),
             QString()}};
        if (m_command != QLatin1String("upgrade"))
            return hints;
        for (const QString &id : reached)
            hints << Hint{QStringLiteral("name the one to go to:"), QStringLiteral("%1 upgrade %2").arg(m_retort, id)};
        return hints;
    }
    QVector<Hint> hints{
        {QStringLiteral("%1 is a merge point: one step down from it is each of its parents, %2")
             .arg(from, listed(described)),
         QString()},
    };
    if (m_command != QLatin1String("downgrade"))
        return hints;
    hints << Hint{QStringLiteral("to unapply the merge alone, leaving %1 applied (either parent as target does the "
                                 "same):")
                      .arg(listed(reached)),
                  QStringLiteral("%1 downgrade %2").arg(m_retort, reached.first())};
    for (const QString &parent : reached) {
        QStringList others = reached;
        others.removeAll(parent);
        hints << Hint{
            QStringLiteral("to go down the side of %1 as well, %2 staying applied:").arg(parent, listed(others)),
            QStringLiteral("%1 downgrade %2 && %1 downgrade %2@-1").arg(m_retort, parent)};
    }
    return hints;
}

QVector<Hint> Guidance::missingFolders() const
{
    QVector<Hint> hints;
    const QStringList locations = m_config.versionLocations();
    for (const QString &location : locations) {
        if (QFileInfo::exists(location))
            continue;
        const bool own = location == locations.first();
        const QString source =
            own ? QStringLiteral("script_location (%1 sets %2)")
                      .arg(shown(m_config.scriptLocationSetAt().toString()), shown(m_config.scriptLocation()))
                : QStringLiteral("version_locations in %1").arg(shown(m_config.iniPath()));
        hints << Hint{QStringLiteral("%1 comes from %2. If the revisions live elsewhere, correct it there; for a new "
                                     "project, create the folder:")
                          .arg(shown(location), source),
                      QStringLiteral("mkdir -p '%1'").arg(shown(location))};
    }
    return hints;
}

Result<QHash<QString, RecordedRevision>> Guidance::readRecorded(const QSqlDatabase &db, Dialect dialect,
                                                                const QString &table, const QString &schema,
                                                                const QStringList &revisions)
{
    QHash<QString, RecordedRevision> recorded;
    if (table.isEmpty() || revisions.isEmpty())
        return recorded;
    RETORT_TRY(const RecordedRevisions all,
               DriftCheck::read(db, SqlDialect::create(dialect)->qualifiedTable(table, schema)));
    for (const QString &revision : revisions) {
        if (const auto it = all.revisions.constFind(revision); it != all.revisions.cend())
            recorded.insert(revision, *it);
    }
    return recorded;
}

} // namespace retort
