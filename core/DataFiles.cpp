// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DataFiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace retort {

QString installedDataDirectory()
{
    return QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/retort"));
}

QString dataFile(const QString &installed, const QString &inSourceTree)
{
    const QString candidate = installedDataDirectory() + QLatin1Char('/') + installed;
    if (QFileInfo::exists(candidate))
        return candidate;
    return QDir::cleanPath(QStringLiteral(RETORT_SOURCE_DIR "/") + inSourceTree);
}

} // namespace retort
