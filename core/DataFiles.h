// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace retort {

// Where Retort's own data files are: <the program's folder>/../share/retort once installed (so a package
// extracted anywhere finds its own), else the source tree the build came from, so a build runs without
// installing. `installed` is relative to share/retort ("alembic/retort_alembic.py"), `inSourceTree` to the
// source tree ("resources/alembic/retort_alembic.py"). Returns the installed path when that file exists.
QString dataFile(const QString &installed, const QString &inSourceTree);

// <the program's folder>/../share/retort, cleaned; it may not exist (a build that was not installed).
QString installedDataDirectory();

} // namespace retort
