// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

namespace retort::ui {

// Where the window asks for a project and what it accepts: whatever ProjectConfig::load opens, so the
// window and the CLI's -c open the same things (a retort.ini, an alembic.ini, a folder).
namespace ProjectPaths {

// File > Open Project…: a retort.ini or an alembic.ini (any .ini); empty when cancelled.
QString askForFile(QWidget *parent);
// File > Open Folder…; empty when cancelled.
QString askForFolder(QWidget *parent);
// Whether a dropped path is worth trying: an .ini file or a folder (opening it says what is wrong).
bool canOpen(const QString &path);

} // namespace ProjectPaths

} // namespace retort::ui
