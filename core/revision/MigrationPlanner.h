// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/MigrationStep.h"
#include "core/revision/RevisionMap.h"
#include "core/revision/RevisionOrder.h"
#include "core/revision/RevisionResolver.h"

namespace retort {

// Turns a command (upgrade/downgrade/stamp/history and a target) and the
// current version-table rows into the ordered steps Alembic would take, and the
// version-table changes each step makes. Pure: no database involved.
//
// Errors are already worded as Alembic's command layer words them
// ("Can't locate revision identified by 'x'", "Destination x is not a valid
// upgrade target from current head(s)", ...).
class MigrationPlanner
{
public:
    explicit MigrationPlanner(const RevisionMap &map) : m_map(map), m_resolver(map), m_order(map) {}

    [[nodiscard]] Result<QVector<MigrationStep>> upgradeSteps(const QString &destination,
                                                              const QStringList &currentRows) const;
    // `warnings` receives Alembic's warning for `downgrade -N` with several rows.
    [[nodiscard]] Result<QVector<MigrationStep>>
    downgradeSteps(const QString &destination, const QStringList &currentRows, QStringList *warnings = nullptr) const;
    [[nodiscard]] Result<QVector<MigrationStep>> stampSteps(const QStringList &destinations,
                                                            const QStringList &currentRows) const;

    // Runs the steps against a model of the version table (rows in physical
    // order), so a plan is known to fit before anything touches a database.
    [[nodiscard]] Result<QVector<PlannedStep>>
    simulate(const QVector<MigrationStep> &steps, const QStringList &currentRows,
             const QString &versionTable = QStringLiteral("alembic_version")) const;

    // `history -r base:head`: the revisions newest first. Empty base/head mean
    // base/heads; `currentRows` replaces the word "current".
    [[nodiscard]] Result<QVector<int>> historyRevisions(const QString &base, const QString &head,
                                                        const QStringList &currentRows = {}) const;

    // The revisions `current` prints for the given rows.
    [[nodiscard]] Result<QVector<int>> currentRevisions(const QStringList &rows) const;

    // "upgrade a, b -> c" (Alembic's short_log) and the same with ", message".
    QString shortLog(const MigrationStep &step) const;
    QString logLine(const MigrationStep &step) const;

private:
    const RevisionMap &m_map;
    RevisionResolver m_resolver;
    RevisionOrder m_order;
};

// How Alembic's command layer rewords a revision error (_catch_revision_errors).
struct RevisionErrorWording
{
    QString ancestor;      // with %(start)s / %(end)s
    QString multipleHeads; // with %(head_arg)s / %(heads)s
    QString start;
    QString end;
};
Error commandError(const Error &error, const RevisionErrorWording &wording = {});

} // namespace retort
