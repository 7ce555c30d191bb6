// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/MigrationStep.h"
#include "core/runtime/MigrationRunner.h"
#include "core/script/DatabaseUrl.h"

#include <QSet>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;
class QTreeWidget;

namespace retort {
class ScriptDirectory;
}

namespace retort::ui {

// The steps a run to the chosen target would take from the environment's
// version-table rows, planned without touching the database.
//
// The direction is chosen as `retort plan` chooses it: an upgrade when the
// target is ahead (or the upgrade fails for a reason other than the target
// being behind), otherwise a downgrade. Each step lists the tables its section
// touches, whether it runs outside a transaction and its version-table change.
// Errors (unknown target, several heads, ...) are shown in words in place of
// the steps.
//
// The ScriptDirectory is not owned; it must outlive the panel or be replaced
// with setScripts(nullptr) first. Planning runs on the GUI thread: it is pure
// and reads no files.
class PendingPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PendingPanel(QWidget *parent = nullptr);

    void setScripts(const ScriptDirectory *scripts);
    void setCurrentRows(const QStringList &rows);
    // The environment's settings and dialect, for the offline SQL preview.
    void setRunSettings(const RunSettings &settings);
    void setDialect(Dialect dialect);

    // Replans for a target identifier ("head", "heads", "base", an id, a label...).
    void setTarget(const QString &target);
    QString target() const;

    bool isDowngrade() const { return m_downgrade; }
    const QVector<PlannedStep> &plannedSteps() const { return m_planned; }
    // The steps list as shown, one entry per step: "1. upgrade a -> b, msg".
    QStringList stepTexts() const;
    // Tables touched by step `number` (0-based): "users (create)", ...
    QStringList stepTables(int number) const;
    QString errorText() const { return m_errorText; }
    QString previewSql() const { return m_previewSql; }

Q_SIGNALS:
    // The offline SQL script of the plan (empty when there is no plan).
    void previewChanged(const QString &sql);
    // The revisions (map indexes) the plan runs.
    void pendingRevisionsChanged(const QSet<int> &revisions);

private:
    void fillTargets();
    void replan();
    void showError(const QString &message);

    const ScriptDirectory *m_scripts = nullptr;
    QStringList m_currentRows;
    RunSettings m_settings;
    Dialect m_dialect = Dialect::SQLite;

    QComboBox *m_target = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_steps = nullptr;

    bool m_downgrade = false;
    QVector<PlannedStep> m_planned;
    QString m_errorText;
    QString m_previewSql;
    QSet<int> m_pending;
};

} // namespace retort::ui
