// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/GuiSettings.h"

namespace retort::ui::GuiSettings {

namespace {
constexpr int MaxRecentProjects = 8;
}

QSettings open()
{
    return QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui"));
}

QString lastProject()
{
    return open().value(QStringLiteral("project/last")).toString();
}

QStringList recentProjects()
{
    return open().value(QStringLiteral("project/recent")).toStringList();
}

void rememberProject(const QString &iniPath)
{
    QSettings store = open();
    QStringList recent = store.value(QStringLiteral("project/recent")).toStringList();
    recent.removeAll(iniPath);
    recent.prepend(iniPath);
    while (recent.size() > MaxRecentProjects)
        recent.removeLast();
    store.setValue(QStringLiteral("project/recent"), recent);
    store.setValue(QStringLiteral("project/last"), iniPath);
}

} // namespace retort::ui::GuiSettings
