// SPDX-License-Identifier: GPL-3.0-or-later
// Files for tests: written whole (their folder made first), read back, folders copied.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

namespace retort::testing {

// Writes `bytes` into `path`, replacing it and making its folder first; false when it could not.
inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

inline bool writeFile(const QString &path, const QString &text)
{
    return writeFile(path, text.toUtf8());
}

inline bool writeFile(const QString &path, const char *text)
{
    return writeFile(path, QByteArray(text));
}

// The SHA-256 of a file's bytes, hex (what history rows record of an Alembic revision); empty when unreadable.
inline QString fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

// The file's text; empty when it cannot be read.
inline QString readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// Copies the folder `from` into `to` (made first) with everything under it, hidden files included; false when
// something could not be copied.
inline bool copyTree(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        return false;
    const QFileInfoList entries =
        QDir(from).entryInfoList(QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : entries) {
        const QString target = to + QLatin1Char('/') + entry.fileName();
        if (entry.isDir() ? !copyTree(entry.filePath(), target) : !QFile::copy(entry.filePath(), target))
            return false;
    }
    return true;
}

} // namespace retort::testing
