// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pending/PendingPanel.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/OfflineScript.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ScriptDirectory.h"
#include "core/script/TableUsage.h"

#include <QComboBox>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::ui {

namespace {

enum StepColumn
{
    NumberColumn,
    StepColumn,
    TablesColumn,
    NotesColumn
};

QString describeChange(const VersionChange &change)
{
    switch (change.kind) {
    case VersionChange::Kind::Insert:
        return PendingPanel::tr("INSERT %1").arg(change.to);
    case VersionChange::Kind::Update:
        return PendingPanel::tr("UPDATE %1 -> %2").arg(change.from, change.to);
    case VersionChange::Kind::Delete:
        break;
    }
    return PendingPanel::tr("DELETE %1").arg(change.from);
}

QString rowsText(const QStringList &rows)
{
    return rows.isEmpty() ? PendingPanel::tr("base (empty version table)") : rows.join(QStringLiteral(", "));
}

} // namespace

PendingPanel::PendingPanel(QWidget *parent)
    : QWidget(parent), m_target(new QComboBox(this)), m_summary(new QLabel(this)), m_steps(new QTreeWidget(this))
{
    m_target->setEditable(true);
    m_target->setInsertPolicy(QComboBox::NoInsert);
    m_target->setToolTip(tr("head, heads, base, a revision id or prefix, label@head, +N, -N ..."));
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_target->setMinimumContentsLength(16);

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_steps->setColumnCount(4);
    m_steps->setHeaderLabels({tr("#"), tr("Step"), tr("Tables"), tr("Notes")});
    m_steps->setRootIsDecorated(false);
    m_steps->setUniformRowHeights(true);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    m_steps->header()->setSectionResizeMode(NumberColumn, QHeaderView::ResizeToContents);
    // The step ("upgrade a -> b, message") is what a reviewer reads first: never cut it.
    m_steps->header()->setSectionResizeMode(StepColumn, QHeaderView::ResizeToContents);

    auto *targetLabel = new QLabel(tr("&Target:"), this);
    targetLabel->setBuddy(m_target);
    auto *targetRow = new QHBoxLayout;
    targetRow->setContentsMargins(0, 0, 0, 0);
    targetRow->addWidget(targetLabel);
    targetRow->addWidget(m_target, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(targetRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_steps, 1);

    connect(m_target, &QComboBox::currentTextChanged, this, &PendingPanel::replan);
    fillTargets();
}

void PendingPanel::setScripts(const ScriptDirectory *scripts)
{
    m_scripts = scripts;
    fillTargets();
    replan();
}

void PendingPanel::setCurrentRows(const QStringList &rows)
{
    m_currentRows = rows;
    replan();
}

void PendingPanel::setRunSettings(const RunSettings &settings)
{
    m_settings = settings;
    replan();
}

void PendingPanel::setDialect(Dialect dialect)
{
    m_dialect = dialect;
    replan();
}

void PendingPanel::setTarget(const QString &target)
{
    if (m_target->currentText() == target)
        replan();
    else
        m_target->setEditText(target); // replans through currentTextChanged
}

QString PendingPanel::target() const
{
    return m_target->currentText().trimmed();
}

QStringList PendingPanel::stepTexts() const
{
    QStringList texts;
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_steps->topLevelItem(i);
        texts << QStringLiteral("%1 %2").arg(item->text(NumberColumn), item->text(StepColumn));
    }
    return texts;
}

QStringList PendingPanel::stepTables(int number) const
{
    const QTreeWidgetItem *item = m_steps->topLevelItem(number);
    return item ? item->data(TablesColumn, Qt::UserRole).toStringList() : QStringList();
}

void PendingPanel::fillTargets()
{
    const QSignalBlocker blocker(m_target);
    const QString previous = m_target->currentText();
    m_target->clear();
    m_target->addItem(QStringLiteral("head"));
    m_target->addItem(QStringLiteral("heads"));
    m_target->addItem(QStringLiteral("base"));
    if (m_scripts) {
        const RevisionMap &map = m_scripts->map();
        QStringList labels;
        for (const Revision &revision : map.revisions()) {
            for (const QString &label : revision.ownBranchLabels)
                labels << label + QStringLiteral("@head");
        }
        labels.sort();
        m_target->addItems(labels);
        // Newest first, as the graph lists them.
        const MigrationPlanner planner(map);
        const Result<QVector<int>> history = planner.historyRevisions(QString(), QString());
        if (history.ok()) {
            for (int revision : history.value()) {
                if (revision < 0)
                    continue;
                m_target->addItem(map.at(revision).id);
                m_target->setItemData(m_target->count() - 1, map.at(revision).doc, Qt::ToolTipRole);
            }
        }
    }
    m_target->setEditText(previous.isEmpty() ? QStringLiteral("head") : previous);
}

void PendingPanel::showError(const QString &message)
{
    m_errorText = message;
    // A red that reads on light and dark backgrounds.
    m_summary->setStyleSheet(QStringLiteral("color: #e15759;"));
    m_summary->setText(tr("Cannot plan: %1").arg(message));
}

void PendingPanel::replan()
{
    m_steps->clear();
    m_planned.clear();
    m_errorText.clear();
    m_downgrade = false;
    QSet<int> pending;
    QString sql;
    const QString destination = target();
    m_summary->setStyleSheet(QString());

    if (!m_scripts) {
        m_summary->setText(tr("No project open."));
    } else if (destination.isEmpty()) {
        m_summary->setText(tr("Choose a target."));
    } else {
        const RevisionMap &map = m_scripts->map();
        const MigrationPlanner planner(map);
        // `retort plan`'s choice: an upgrade unless it fails or is empty and a
        // downgrade to the same target does something (or the upgrade failed).
        Result<QVector<MigrationStep>> steps = planner.upgradeSteps(destination, m_currentRows);
        if (!steps.ok() || steps.value().isEmpty()) {
            const Result<QVector<MigrationStep>> downgrade = planner.downgradeSteps(destination, m_currentRows);
            if (downgrade.ok() && (!downgrade.value().isEmpty() || !steps.ok())) {
                steps = downgrade;
                m_downgrade = true;
            }
        }
        const QString versionTable =
            VersionTable(m_settings.versionTable, m_settings.versionTableSchema).qualifiedName();
        Result<QVector<PlannedStep>> planned = steps.ok() ? planner.simulate(steps.value(), m_currentRows, versionTable)
                                                          : Result<QVector<PlannedStep>>(steps.error());
        if (!planned.ok()) {
            showError(planned.error().message);
        } else if (planned.value().isEmpty()) {
            m_summary->setText(tr("Nothing to do: the database is already at %1 (current: %2).")
                                   .arg(destination, rowsText(m_currentRows)));
        } else {
            m_planned = planned.value();
            int number = 0;
            for (const PlannedStep &step : std::as_const(m_planned)) {
                auto *item = new QTreeWidgetItem(m_steps);
                item->setText(NumberColumn, QStringLiteral("%1.").arg(++number));
                item->setText(StepColumn, planner.logLine(step.step));
                QStringList tables;
                QStringList notes;
                if (step.step.kind == MigrationStep::Kind::Revision && step.step.revision >= 0) {
                    pending.insert(step.step.revision);
                    const MigrationScript &script = m_scripts->script(step.step.revision);
                    const MigrationSection &section = step.step.isUpgrade ? script.upgrade : script.downgrade;
                    for (const SqlStatement &statement : section.statements) {
                        for (const TableUsage &usage : tablesTouchedBy(statement.text)) {
                            const QString entry = QStringLiteral("%1 (%2)").arg(usage.table, usage.action);
                            if (!tables.contains(entry))
                                tables << entry;
                        }
                    }
                    if (!script.transactional)
                        notes << tr("Transactional: false (runs outside a transaction)");
                    item->setToolTip(StepColumn, script.path);
                }
                QStringList changes;
                for (const VersionChange &change : step.changes)
                    changes << describeChange(change);
                if (!changes.isEmpty())
                    notes << tr("version table: %1").arg(changes.join(QStringLiteral("; ")));
                item->setText(TablesColumn, tables.join(QStringLiteral(", ")));
                item->setData(TablesColumn, Qt::UserRole, tables);
                item->setText(NotesColumn, notes.join(QStringLiteral("; ")));
                item->setToolTip(NotesColumn, notes.join(QLatin1Char('\n')));
            }
            m_summary->setText(
                tr("%n revision(s) to %1 to %2, from %3.", nullptr, int(m_planned.size()))
                    .arg(m_downgrade ? tr("downgrade") : tr("upgrade"), destination, rowsText(m_currentRows)));

            OfflineScript::Options options;
            options.settings = m_settings;
            options.createVersionTable = m_currentRows.isEmpty();
            const auto dialect = SqlDialect::create(m_dialect);
            sql = OfflineScript::render(*m_scripts, m_planned, *dialect, options);
        }
    }

    if (sql != m_previewSql) {
        m_previewSql = sql;
        Q_EMIT previewChanged(m_previewSql);
    }
    if (pending != m_pending) {
        m_pending = pending;
        Q_EMIT pendingRevisionsChanged(m_pending);
    }
}

} // namespace retort::ui
