// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace retort {

// The demo project a first start offers: the seed's adoption story on SQLite. The shipped copy is read-only
// (/usr/share/retort/demo once installed), so the window opens a copy of it in a folder of the person's own.
namespace DemoProject {

// The shipped demo: ../share/retort/demo beside the program, else the source tree's migrations/demo.
QString shippedDirectory();
// $XDG_DATA_HOME/retort/demo (~/.local/share/retort/demo).
QString userDirectory();

// Makes `target` a working copy of the demo in `shipped` and returns its retort.ini. A target that already holds
// a retort.ini is the person's copy from an earlier start and is kept as it is (their database, their edits).
// Otherwise the project file, the init*.sql schema files and versions/*.sql are copied into a folder beside the
// target and renamed into place, so a failed copy never leaves half a demo; then dev.db is created from init.sql:
// the application's schema before any migration tool, without a version table, as the adoption story starts.
// Errors name the file or folder that could not be read or written.
[[nodiscard]] Result<QString> prepare(const QString &shipped, const QString &target);

} // namespace DemoProject

} // namespace retort
