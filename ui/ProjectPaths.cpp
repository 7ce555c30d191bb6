// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ProjectPaths.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>

namespace retort::ui::ProjectPaths {

QString askForFile(QWidget *parent)
{
    return QFileDialog::getOpenFileName(
        parent, QCoreApplication::translate("ProjectPaths", "Open Project"), QString(),
        QCoreApplication::translate("ProjectPaths", "Project files (retort.ini alembic.ini *.ini);;All files (*)"));
}

QString askForFolder(QWidget *parent)
{
    return QFileDialog::getExistingDirectory(parent, QCoreApplication::translate("ProjectPaths", "Open Folder"));
}

bool canOpen(const QString &path)
{
    const QFileInfo info(path);
    return info.isDir() || (info.isFile() && info.suffix().compare(QLatin1String("ini"), Qt::CaseInsensitive) == 0);
}

} // namespace retort::ui::ProjectPaths
