// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <optional>

#include <sys/stat.h>

namespace retort {

// What a file's metadata says about its content: if all of it is unchanged, so is the content —
// provided the file last changed a while before the stamp was read (see isSettled()).
struct FileStamp
{
    // Coarse file-system clocks (FAT: 2 s, and the kernel's own tick) can give a file rewritten
    // moments after an earlier change that earlier change's times.
    static constexpr qint64 kSettleNs = 3'000'000'000;

    qint64 size = 0;
    qint64 modifiedNs = 0;
    qint64 changedNs = 0; // inode change time: moves with every write, and `touch -d` cannot set it back
    quint64 inode = 0;

    static FileStamp of(const struct stat &info)
    {
        return {qint64(info.st_size), nanoseconds(info.st_mtim), nanoseconds(info.st_ctim), quint64(info.st_ino)};
    }
    // The stamp of `path` now (following links); none when it cannot be read.
    static std::optional<FileStamp> ofPath(const char *path)
    {
        struct stat info;
        if (::stat(path, &info) != 0)
            return std::nullopt;
        return of(info);
    }

    bool isNull() const { return inode == 0 && changedNs == 0; }
    // Whether the file had stopped changing well before `readAtNs` (ns since the epoch): only then does
    // an equal stamp later prove equal content.
    bool isSettled(qint64 readAtNs) const { return std::max(modifiedNs, changedNs) < readAtNs - kSettleNs; }

    bool operator==(const FileStamp &other) const
    {
        return size == other.size && modifiedNs == other.modifiedNs && changedNs == other.changedNs &&
               inode == other.inode;
    }
    bool operator!=(const FileStamp &other) const { return !(*this == other); }

private:
    static qint64 nanoseconds(const struct timespec &time)
    {
        return qint64(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
    }
};

} // namespace retort
