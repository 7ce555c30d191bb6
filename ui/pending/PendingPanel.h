// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/Linter.h"

#include "core/revision/MigrationStep.h"
#include "core/runtime/RunRequest.h"
#include "core/script/DatabaseUrl.h"

#include <QSet>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QTreeWidget;

namespace retort {
class ScriptDirectory;
}

namespace retort::ui {

class RenderedPlan;
class RunController;

// The window's plan (RunController) as a list: each step, what it risks (drops or rewrites data, runs
// outside a transaction), the tables its section touches, its version-table change; errors (unknown
// target, several heads, ...) in words in place of the steps. The Target box sets the controller's
// target, the one the toolbar's actions use. Also renders the plan's offline SQL for the editor.
//
// It shares the project snapshot it plans from (null: no project). Everything runs on the GUI thread:
// planning is pure and reads no files.
class PendingPanel : public QWidget
{
    Q_OBJECT

public:
    enum Column
    {
        NumberColumn,
        StepColumn,
        RiskColumn,
        TablesColumn,
        NotesColumn
    };

    // Shows `controller`'s plan; without one (a panel on its own, in tests) it plans with its own.
    explicit PendingPanel(RunController *controller = nullptr, QWidget *parent = nullptr);

    RunController *controller() const { return m_controller; }
    // Passed on to the controller (the panel also lists the targets the scripts offer).
    void setScripts(std::shared_ptr<const ScriptDirectory> scripts);
    void setCurrentRows(const QStringList &rows);
    void setTarget(const QString &target);
    // The environment's settings, for the offline SQL preview; its dialect, passed on to the controller: the
    // plan, its risks and its SQL are that dialect's sections.
    void setRunSettings(const RunSettings &settings);
    void setDialect(Dialect dialect);
    // The project's [lint] severities: the risk column shows the findings that count.
    void setLintSettings(const LintSettings &settings);
    // The database's table sizes (read with its history): findings name them, as `retort lint` does.
    void setTableSizes(const QHash<QString, TableSize> &sizes);
    // What the project's Alembic renders for the plan's .py revisions (null: nothing is rendered, and a Python
    // body's risk reads "not read"): rendered SQL is read for risks and tables as a .sql file's is, and a section
    // that could not be rendered whole says why in the Risk column.
    void setRenderedPlan(const RenderedPlan *rendered);

    QString target() const;
    bool isDowngrade() const;
    const QVector<PlannedStep> &plannedSteps() const;
    // The steps list as shown, one entry per step: "1. upgrade a -> b, msg".
    QStringList stepTexts() const;
    // Tables touched by step `number` (0-based): "users (create)", ...
    QStringList stepTables(int number) const;
    // What step `number` risks, as shown: "drops table t; outside a transaction"; empty for none.
    QString stepRisk(int number) const;
    // The Risk cell's tooltip of step `number`: the findings line by line, or why the SQL is not known.
    QString stepRiskTip(int number) const;
    // The Notes cell of step `number`.
    QString stepNotes(int number) const;
    QString summaryText() const;
    QString errorText() const { return m_errorText; }
    QString previewSql() const { return m_previewSql; }

Q_SIGNALS:
    // The offline SQL script of the plan (empty when there is no plan).
    void previewChanged(const QString &sql);
    // The revisions (map indexes) the plan runs.
    // The revisions the plan runs, and whether it runs their downgrades.
    void pendingRevisionsChanged(const QSet<int> &revisions, bool downgrade);

private:
    void fillTargets();
    void showPlan();
    void showError(const QString &message);
    // The summary's lines about the plan's Alembic revisions: who runs them, and how far their SQL is rendered.
    QStringList alembicSummary(int alembicSteps, int unrendered, bool downgrade, const QString &target) const;

    RunController *m_controller;
    const RenderedPlan *m_rendered = nullptr;
    RunSettings m_settings;
    LintSettings m_lintSettings;
    QHash<QString, TableSize> m_tableSizes;

    QComboBox *m_target = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_steps = nullptr;

    QString m_errorText;
    QString m_previewSql;
    QSet<int> m_pending;
    bool m_pendingDowngrade = false;
};

} // namespace retort::ui
