// SPDX-License-Identifier: GPL-3.0-or-later
// ScriptCache::listFolder: which files of a versions folder are revisions, in the order they are read.
#include "core/script/ScriptCache.h"

#include <QFile>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <thread>

#include <dirent.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace retort {

namespace {

// Below this many files, one thread stats them faster than two can start.
constexpr int kParallelStatFrom = 512;

bool hasSqlSuffix(const char *name)
{
    const size_t length = std::strlen(name);
    return length > 4 && ::strcasecmp(name + length - 4, ".sql") == 0;
}

// Alembic's rule, the regex `(?!\.\#|__init__)(.*\.py)$` matched from the name's start.
bool isAlembicModuleName(const char *name)
{
    const size_t length = std::strlen(name);
    return length >= 3 && std::strcmp(name + length - 3, ".py") == 0 && std::strncmp(name, ".#", 2) != 0 &&
           std::strncmp(name, "__init__", 8) != 0;
}

bool isRevisionFileName(const char *name)
{
    return (name[0] != '.' && hasSqlSuffix(name)) || isAlembicModuleName(name);
}

// A revision file's name within its folder, both as decoded (for sorting, as QDir sorts) and as
// the file system spells it.
struct FolderEntry
{
    QString name;
    QByteArray nativeName;
};

bool isSubfolder(int parentFd, const dirent *entry)
{
    if (entry->d_type == DT_DIR)
        return true;
    if (entry->d_type != DT_UNKNOWN)
        return false; // a link to a folder included: Alembic's os.walk does not follow links
    struct stat info;
    return ::fstatat(parentFd, entry->d_name, &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(info.st_mode);
}

// Appends the revision file names of `dir` (at `relative` inside the listed folder, "" or "a/b/") in
// listing order, then those of its subfolders when recursive. Takes ownership of `dir`. A subfolder
// that cannot be opened is skipped, as os.walk skips it.
void collectNames(DIR *dir, const QByteArray &relative, FolderWalk walk, std::vector<QByteArray> &names)
{
    std::vector<FolderEntry> files;
    std::vector<FolderEntry> subfolders;
    const int fd = ::dirfd(dir);
    while (const dirent *entry = ::readdir(dir)) {
        const char *name = entry->d_name;
        if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0)
            continue;
        if (isRevisionFileName(name))
            files.push_back({QFile::decodeName(name), QByteArray(name)});
        else if (walk == FolderWalk::Recursive && !QByteArrayView(name).endsWith("__pycache__") &&
                 isSubfolder(fd, entry))
            subfolders.push_back({QFile::decodeName(name), QByteArray(name)});
    }
    const auto byName = [](const FolderEntry &a, const FolderEntry &b) { return a.name < b.name; };
    std::sort(files.begin(), files.end(), byName);
    for (FolderEntry &file : files)
        names.push_back(relative + file.nativeName);
    std::sort(subfolders.begin(), subfolders.end(), byName);
    for (const FolderEntry &subfolder : subfolders) {
        const int childFd = ::openat(fd, subfolder.nativeName.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (childFd < 0)
            continue;
        if (DIR *child = ::fdopendir(childFd))
            collectNames(child, relative + subfolder.nativeName + '/', walk, names);
        else
            ::close(childFd);
    }
    ::closedir(dir);
}

} // namespace

Result<QVector<ListedScript>> ScriptCache::listFolder(const QString &folder, FolderWalk walk)
{
    const QByteArray encoded = QFile::encodeName(folder);
    DIR *dir = ::opendir(encoded.constData());
    if (!dir) {
        return Error(
            ErrorCode::Io,
            QStringLiteral("%1: cannot list folder: %2").arg(folder, QString::fromLocal8Bit(std::strerror(errno))),
            folder);
    }
    // Kept open for the lookups below, which are relative to it; collectNames closes `dir`.
    const int folderFd = ::dup(::dirfd(dir));
    if (folderFd < 0) {
        const int error = errno;
        ::closedir(dir);
        return Error(
            ErrorCode::Io,
            QStringLiteral("%1: cannot list folder: %2").arg(folder, QString::fromLocal8Bit(std::strerror(error))),
            folder);
    }
    std::vector<QByteArray> names;
    collectNames(dir, QByteArray(), walk, names);
    // Looking up each name is most of the cost of listing a large folder; the lookups are
    // independent, so they share the cores.
    std::vector<std::optional<FileStamp>> stamps(names.size());
    std::atomic<size_t> next{0};
    auto statSome = [&names, &stamps, &next, folderFd] {
        constexpr size_t kBatch = 64;
        for (size_t from = next.fetch_add(kBatch); from < names.size(); from = next.fetch_add(kBatch)) {
            for (size_t i = from; i < std::min(from + kBatch, names.size()); ++i) {
                struct stat info;
                // Follows links, as QDir::Files does; a dangling link or a fifo is no migration file.
                if (::fstatat(folderFd, names[i].constData(), &info, 0) == 0 && S_ISREG(info.st_mode))
                    stamps[i] = FileStamp::of(info);
            }
        }
    };
    std::optional<std::thread> helper;
    if (names.size() >= kParallelStatFrom && std::thread::hardware_concurrency() > 1)
        helper.emplace(statSome);
    statSome();
    if (helper)
        helper->join();
    ::close(folderFd);

    // Already in listing order: each folder's files sorted by name, subfolders after them.
    QVector<ListedScript> files;
    files.reserve(qsizetype(names.size()));
    for (size_t i = 0; i < names.size(); ++i) {
        if (stamps[i])
            files.append({QFile::decodeName(names[i]), std::move(names[i]), *stamps[i]});
    }
    return files;
}

} // namespace retort
