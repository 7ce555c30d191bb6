// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSettings>
#include <QStringList>

namespace retort::ui {

// Where the GUI remembers things between sessions (QSettings "Retort"/"retort-gui"): window
// state, the last project and the recent projects. Tests call
// QStandardPaths::setTestModeEnabled(true) first so they never touch the user's settings.
namespace GuiSettings {

QSettings open();
QString lastProject();
QStringList recentProjects(); // most recent first, at most 8
void rememberProject(const QString &iniPath);

} // namespace GuiSettings

} // namespace retort::ui
