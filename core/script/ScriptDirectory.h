// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/RevisionMap.h"
#include "core/script/AlembicRevisionWriter.h"
#include "core/script/MigrationScript.h"
#include "core/script/ScriptCache.h"

#include <QDateTime>
#include <QStringList>
#include <QVector>

namespace retort {

class ProjectConfig;

// The migration files of a project (Alembic's ScriptDirectory): reads every
// versions folder, parses the files and builds the RevisionMap; writes new
// revision and merge files.
class ScriptDirectory
{
public:
    // Files are read folder by folder, each folder sorted by file name, which
    // fixes the order of independent branches.
    // Unchanged files come from the ScriptCache. GraphOnly leaves every section's text and
    // statements empty, for commands that only read the graph.
    // `walk` says whether subfolders of each versions folder hold revisions too.
    [[nodiscard]] static Result<ScriptDirectory> load(const QStringList &versionLocations,
                                                      ScriptContents contents = ScriptContents::Everything);
    [[nodiscard]] static Result<ScriptDirectory> load(const QStringList &versionLocations, FolderWalk walk,
                                                      ScriptContents contents = ScriptContents::Everything);
    // The config's version folders, walked as its recursiveVersionLocations() says.
    [[nodiscard]] static Result<ScriptDirectory> load(const ProjectConfig &config,
                                                      ScriptContents contents = ScriptContents::Everything);
    // Loads as much as can be loaded, for a window that keeps showing a project while one of its files
    // is broken: a file that cannot be parsed, and a revision whose place in the graph cannot be
    // settled (its parent missing or left out, an id or label used twice, a cycle), is left out and
    // listed in leftOut(). Fails only when a folder cannot be listed. Nothing runs from a directory
    // that left something out (MigrationRunner refuses).
    [[nodiscard]] static Result<ScriptDirectory> loadLeavingOut(const QStringList &versionLocations,
                                                                FolderWalk walk = FolderWalk::TopLevel);
    [[nodiscard]] static Result<ScriptDirectory> loadLeavingOut(const ProjectConfig &config);

    // What loadLeavingOut() left out, and why (Severity::Error each); empty after load().
    const Diagnostics &leftOut() const { return m_leftOut; }
    bool isComplete() const { return m_leftOut.isEmpty(); }

    const RevisionMap &map() const { return m_map; }
    const MigrationScript &script(int index) const { return m_scripts[index]; }
    const QStringList &versionLocations() const { return m_versionLocations; }
    const Diagnostics &warnings() const { return m_warnings; }

    struct NewRevision
    {
        QString message;
        QString revisionId;  // empty: a random 12-digit hex id
        QStringList heads;   // what it revises; empty means "head"
        bool splice = false; // allow revising a non-head
        QStringList branchLabels;
        QStringList dependsOn; // ids, prefixes or labels
        QString versionPath;   // empty: the (single) versions folder
        QDateTime createDate;  // invalid: now
        // Set: an Alembic .py revision in the project's layout (AlembicRevisionWriter::layoutFor), else .sql.
        std::optional<AlembicRevisionWriter::Layout> alembic;
    };
    // Writes versions/<rev>_<slug>.sql and returns its absolute path. The new
    // file is checked against the graph before it is written.
    [[nodiscard]] Result<QString> createRevision(const NewRevision &request) const;

    // The files of `revisions` that are no longer what was parsed (their bytes changed, or they are gone),
    // as "path (changed on disk since it was read)": a run refuses rather than run older SQL.
    QStringList changedOnDisk(const QVector<int> &revisions) const;

    // The graph node a parsed file describes.
    static Revision revisionOf(const MigrationScript &script);
    static QString generateRevisionId();
    static QString slugFor(const QString &message);
    static QString renderScript(const QString &message, const QString &revisionId, const QStringList &downRevisions,
                                const QDateTime &createDate, const QStringList &branchLabels,
                                const QStringList &dependsOn);

private:
    QStringList m_versionLocations;
    QVector<MigrationScript> m_scripts;
    RevisionMap m_map;
    Diagnostics m_warnings;
    Diagnostics m_leftOut;
};

} // namespace retort
