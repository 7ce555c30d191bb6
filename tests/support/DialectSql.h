// SPDX-License-Identifier: GPL-3.0-or-later
// What a script shown or written for one dialect must hold: each revision's section for that dialect, and none
// of the SQL only another dialect's sections have. Shared by the CLI's offline scripts and the window's preview.
#pragma once

#include "core/revision/MigrationStep.h"
#include "core/script/ScriptDirectory.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace retort::testing {

// The first way `script` (the upgrade steps' SQL, for a database of `dialect`) breaks that rule, or empty.
inline QString dialectSqlProblem(const QString &script, const ScriptDirectory &scripts,
                                 const QVector<MigrationStep> &steps, Dialect dialect)
{
    for (const MigrationStep &step : steps) {
        if (step.kind != MigrationStep::Kind::Revision)
            continue;
        const MigrationScript &revision = scripts.script(step.revision);
        QStringList chosen;
        for (const SqlStatement &statement : revision.section(step.isUpgrade, dialect).statements) {
            chosen << statement.text.trimmed();
            if (!script.contains(chosen.last()))
                return QStringLiteral("%1's SQL is missing: %2").arg(revision.revisionId, chosen.last());
        }
        QVector<const MigrationSection *> others{&revision.section(step.isUpgrade, std::nullopt)};
        for (const MigrationSection &section : step.isUpgrade ? revision.dialectUpgrades : revision.dialectDowngrades)
            others << &section;
        for (const MigrationSection *other : std::as_const(others)) {
            for (const SqlStatement &statement : other->statements) {
                if (!chosen.contains(statement.text.trimmed()) && script.contains(statement.text.trimmed()))
                    return QStringLiteral("another dialect's SQL of %1: %2").arg(revision.revisionId, statement.text);
            }
        }
    }
    return QString();
}

} // namespace retort::testing
