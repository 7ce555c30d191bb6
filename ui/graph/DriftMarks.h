// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QString>

namespace retort {
class ScriptDirectory;
struct DriftReport;
} // namespace retort

namespace retort::ui {

// What the graph and the details panel say of applied revisions that drifted (DriftCheck): one explanation per
// revision (map index) to mark. An edited revision is marked itself; one whose file is gone has no node, so the
// revision its history row says it was applied on is marked for it.
class DriftMarks
{
    Q_DECLARE_TR_FUNCTIONS(DriftMarks)

public:
    static QHash<int, QString> of(const ScriptDirectory &scripts, const DriftReport &report);
};

} // namespace retort::ui
