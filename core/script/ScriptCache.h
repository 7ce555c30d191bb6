// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/FileStamp.h"
#include "core/script/MigrationScript.h"

#include <QString>
#include <QVector>

#include <optional>
#include <vector>

namespace retort {

struct ListedScript
{
    QString name;          // path within the listed folder: "abc_x.sql", or "release1/abc_x.py" when recursive
    QByteArray nativeName; // as the file system spells it
    FileStamp stamp;
};

// How much of a versions folder holds revisions: its own files, or (Alembic's
// recursive_version_locations = true) its subfolders' too.
enum class FolderWalk
{
    TopLevel,
    Recursive
};

// What a load needs of each file: commands that only look at the graph (heads, history,
// branches, show, revision) skip the SQL sections.
enum class ScriptContents
{
    Everything,
    GraphOnly
};

// The migration files of one versions folder as parsed by an earlier run, kept in the user's
// cache folder, as Python keeps compiled modules in __pycache__: an unchanged file is not read
// or parsed again. Nothing here is trusted blindly: an entry is used only when the file's stamp
// is unchanged, files modified in the last few seconds are never stored (their stamp could
// still change without the time moving on), and a cache file that fails its checksum, comes
// from another build of Retort or cannot be read is ignored as a whole.
//
// RETORT_NO_CACHE=1 turns it off; XDG_CACHE_HOME moves it.
class ScriptCache
{
public:
    // The revision files of `folder` (an absolute path), regular files or links to them:
    // - *.sql as QDir::entryList lists them: not hidden, the suffix in any case;
    // - Alembic's revision modules as Alembic lists them: names ending in ".py" (that case only),
    //   not starting with ".#" (an editor's lock file) or "__init__".
    // Each folder's files are sorted by name. Recursive walks as Alembic >= 1.10 does: a folder's
    // files first, then its subfolders sorted by name, depth first, skipping __pycache__ and not
    // following links to folders.
    [[nodiscard]] static Result<QVector<ListedScript>> listFolder(const QString &folder,
                                                                  FolderWalk walk = FolderWalk::TopLevel);

    // Reads the cache of `folder`; an empty cache when there is none or it is turned off.
    // With GraphOnly, only the part graph-only loads need is read.
    static ScriptCache open(const QString &folder, ScriptContents contents);
    // The same, storing only files last changed before `trustedBeforeNs` (ns since the epoch).
    static ScriptCache open(const QString &folder, ScriptContents contents, qint64 trustedBeforeNs);

    bool enabled() const { return !m_cacheFile.isEmpty(); }
    // Fills `script` with the parsed file when the cache holds it with the same stamp. With
    // GraphOnly the sections keep their line but no text or statements.
    bool take(const ListedScript &file, const QString &path, ScriptContents contents, MigrationScript &script);

    // Remembers a freshly parsed file, unless it changed too recently to trust its stamp.
    void store(const ListedScript &file, const MigrationScript &script);
    // Writes the cache when it gained or lost entries; call once, after every take() and store().
    // Failing to write only costs speed later.
    void save();

    // Where the cache of `folder` lives; empty when caching is off.
    static QString cacheFileFor(const QString &folder);

private:
    struct Entry
    {
        QByteArrayView name; // native, in m_index or freshName
        FileStamp stamp;
        QByteArrayView graph; // in m_index or freshGraph
        qint64 sectionsAt = 0;
        qint64 sectionsLength = 0;
        quint64 sectionsSum = 0;
        QByteArray freshName; // set for files parsed in this run
        QByteArray freshGraph;
        QByteArray freshSections;
        bool taken = false;
    };
    // take() in three steps: the entry of an unchanged file (-1: none), its decoding, keeping it
    // for the next cache file. (Decoding on several threads was measured slower: the allocations
    // contend.)
    int find(const ListedScript &file);
    bool decode(int entry, const QString &path, ScriptContents contents, MigrationScript &script) const;
    void keep(int entry);
    bool readIndex();
    bool readSections();
    QByteArrayView sectionsOf(const Entry &entry) const;

    QString m_cacheFile;
    QByteArray m_index;      // the cache file's index, as read
    QByteArray m_sections;   // its sections, read only when needed
    qint64 m_sectionsAt = 0; // where they start in the file
    qint64 m_sectionsLength = 0;
    std::vector<Entry> m_loaded;  // the index's entries, by name
    std::vector<Entry> m_kept;    // what the next cache file holds
    size_t m_keptFromIndex = 0;   // how many of them came from m_loaded
    qint64 m_trustedBeforeNs = 0; // files changed after this are not stored
};

} // namespace retort
