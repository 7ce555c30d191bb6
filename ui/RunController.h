// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/MigrationStep.h"
#include "core/script/Dialect.h"

#include <QObject>
#include <QStringList>
#include <QVector>

#include <memory>

namespace retort {
class ScriptDirectory;
}

namespace retort::ui {

// A plan as the window shows it: towards a target from the version-table rows it was made from.
struct ShownPlan
{
    QString target;
    bool downgrade = false; // the target lies below the database
    // The database's dialect: whose revision sections the plan shows and runs (MigrationScript::section).
    Dialect dialect = Dialect::SQLite;
    QVector<PlannedStep> steps;
    QString error; // why it cannot be planned (unknown target, several heads, ...)
    QStringList fromRows;
    bool rowsKnown = false; // false: planned from no rows because the database is not read yet

    bool runnable() const { return rowsKnown && error.isEmpty() && !steps.isEmpty(); }
    QVector<MigrationStep> migrationSteps() const;
};

// The window's one target and its plan. The pending panel lists it, the toolbar's Upgrade, Downgrade
// and Stamp act on it, the title and the editor's header name it, and a run is told to run exactly it
// (RunRequest::expected), so what runs is what was on screen. It plans again whenever the scripts, the
// rows or the target change.
//
// GUI thread only; planning is pure and reads no files. It shares the project snapshot it plans from
// (ProjectSession::sharedScripts()); null plans nothing ("no project open").
class RunController : public QObject
{
    Q_OBJECT

public:
    // Where the target returns after a run: every head (one or several).
    static QString defaultTarget() { return QStringLiteral("heads"); }

    explicit RunController(QObject *parent = nullptr);

    void setScripts(std::shared_ptr<const ScriptDirectory> scripts);
    // The database's version-table rows; `known` false while they are not read (or could not be).
    void setCurrentRows(const QStringList &rows, bool known = true);
    void setVersionTable(const QString &qualifiedName);
    // The environment's database's dialect: the plan shows (and a run of it runs) that dialect's sections.
    void setDialect(Dialect dialect);
    void setTarget(const QString &target);

    const std::shared_ptr<const ScriptDirectory> &scripts() const { return m_scripts; }
    QString target() const { return m_plan.target; }
    const ShownPlan &plan() const { return m_plan; }

    // Towards `target` from `rows` as `retort plan` does: an upgrade, or a downgrade when the upgrade
    // has nothing to do (or fails) and the downgrade does something; an error when a revision of it has no
    // section for `dialect` (the run would refuse it).
    static ShownPlan planTowards(const ScriptDirectory &scripts, const QString &target, const QStringList &rows,
                                 Dialect dialect, const QString &versionTable = QStringLiteral("alembic_version"));

    // Why nothing can be planned or run from `scripts`: files of the project were left out of its graph
    // (ScriptDirectory::loadLeavingOut). Empty when the graph is whole.
    static QString incompleteReason(const ScriptDirectory &scripts);

Q_SIGNALS:
    void targetChanged(const QString &target);
    void planChanged();

private:
    void replan();

    std::shared_ptr<const ScriptDirectory> m_scripts;
    QStringList m_rows;
    bool m_rowsKnown = false;
    QString m_versionTable = QStringLiteral("alembic_version");
    Dialect m_dialect = Dialect::SQLite;
    ShownPlan m_plan;
};

} // namespace retort::ui
