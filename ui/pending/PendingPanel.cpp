// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pending/PendingPanel.h"

#include "ui/RenderedPlan.h"
#include "ui/RunController.h"
#include "ui/pending/RenderedLabel.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/HistoryRecord.h"
#include "core/runtime/OfflineScript.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/script/AlembicScript.h"
#include "core/script/ScriptDirectory.h"
#include "core/lint/StepRisk.h"
#include "core/lint/TableUsage.h"

#include <QComboBox>
#include <QDir>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::ui {

namespace {

// "is at a1b2c3d4e5f6", or "has no revision applied": a database without version rows is not empty (an
// existing schema being adopted has every table but no version table yet).
QString databaseState(const QStringList &rows)
{
    return rows.isEmpty() ? PendingPanel::tr("has no revision applied")
                          : PendingPanel::tr("is %1").arg(versionStateText(rows));
}

} // namespace

PendingPanel::PendingPanel(RunController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller ? controller : new RunController(this)), m_target(new QComboBox(this)),
      m_summary(new QLabel(this)), m_steps(new QTreeWidget(this))
{
    m_target->setEditable(true);
    m_target->setInsertPolicy(QComboBox::NoInsert);
    m_target->setToolTip(tr("What Upgrade, Downgrade and Stamp act on: head, heads, base, a revision id or prefix, "
                            "label@head, +N, -N ..."));
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_target->setMinimumContentsLength(16);

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_steps->setColumnCount(5);
    m_steps->setHeaderLabels({tr("#"), tr("Step"), tr("Risk"), tr("Tables"), tr("Notes")});
    m_steps->setRootIsDecorated(false);
    m_steps->setUniformRowHeights(true);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    m_steps->header()->setSectionResizeMode(NumberColumn, QHeaderView::ResizeToContents);
    // The step ("upgrade a -> b, message") is what a reviewer reads first: never cut it.
    m_steps->header()->setSectionResizeMode(StepColumn, QHeaderView::ResizeToContents);
    m_steps->header()->setSectionResizeMode(RiskColumn, QHeaderView::ResizeToContents);

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

    // One target: what is typed here is what the toolbar runs.
    connect(m_target, &QComboBox::currentTextChanged, m_controller, &RunController::setTarget);
    connect(m_controller, &RunController::targetChanged, this, [this](const QString &target) {
        if (m_target->currentText().trimmed() != target) {
            const QSignalBlocker blocker(m_target);
            m_target->setEditText(target);
        }
    });
    connect(m_controller, &RunController::planChanged, this, &PendingPanel::showPlan);
    fillTargets();
    showPlan();
}

void PendingPanel::setScripts(std::shared_ptr<const ScriptDirectory> scripts)
{
    m_controller->setScripts(std::move(scripts));
    fillTargets();
}

void PendingPanel::setCurrentRows(const QStringList &rows)
{
    m_controller->setCurrentRows(rows);
}

void PendingPanel::setTarget(const QString &target)
{
    m_controller->setTarget(target);
}

void PendingPanel::setRunSettings(const RunSettings &settings)
{
    m_settings = settings;
    m_controller->setVersionTable(VersionTable(settings.versionTable, settings.versionTableSchema).qualifiedName());
    showPlan();
}

void PendingPanel::setDialect(Dialect dialect)
{
    m_controller->setDialect(dialect); // re-plans, and the plan's change shows it
}

void PendingPanel::setTableSizes(const QHash<QString, TableSize> &sizes)
{
    if (sizes == m_tableSizes)
        return;
    m_tableSizes = sizes;
    showPlan();
}

void PendingPanel::setRenderedPlan(const RenderedPlan *rendered)
{
    if (m_rendered)
        disconnect(m_rendered, nullptr, this, nullptr);
    m_rendered = rendered;
    if (m_rendered)
        connect(m_rendered, &RenderedPlan::stateChanged, this, &PendingPanel::showPlan);
    showPlan();
}

void PendingPanel::setLintSettings(const LintSettings &settings)
{
    m_lintSettings = settings;
    showPlan();
}

QString PendingPanel::target() const
{
    return m_controller->target();
}

bool PendingPanel::isDowngrade() const
{
    return m_controller->plan().downgrade;
}

const QVector<PlannedStep> &PendingPanel::plannedSteps() const
{
    return m_controller->plan().steps;
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

QString PendingPanel::stepRisk(int number) const
{
    const QTreeWidgetItem *item = m_steps->topLevelItem(number);
    return item ? item->text(RiskColumn) : QString();
}

QString PendingPanel::stepRiskTip(int number) const
{
    const QTreeWidgetItem *item = m_steps->topLevelItem(number);
    return item ? item->toolTip(RiskColumn) : QString();
}

QString PendingPanel::stepNotes(int number) const
{
    const QTreeWidgetItem *item = m_steps->topLevelItem(number);
    return item ? item->text(NotesColumn) : QString();
}

QString PendingPanel::summaryText() const
{
    return m_summary->text();
}

QStringList PendingPanel::alembicSummary(int alembicSteps, int unrendered, bool downgrade, const QString &target) const
{
    QStringList lines;
    const QString verb = downgrade ? QStringLiteral("downgrade") : QStringLiteral("upgrade");
    // Said before Upgrade is pressed: who runs them, and whether it can.
    if (m_settings.alembic) {
        lines << tr("%n step(s) are Alembic revisions: %1 hands them to the project's Alembic (%2 -m alembic %3 "
                    "%4), inside Retort's gates: the confirmation, Retort's lock, env.py's connection checked to reach "
                    "this database, and the history rows.",
                    nullptr, alembicSteps)
                     .arg(downgrade ? tr("Downgrade") : tr("Upgrade"),
                          QDir::toNativeSeparators(m_settings.alembic->python()), verb, target);
    } else if (!m_settings.alembicUnavailable.isEmpty()) {
        lines << tr("%n step(s) are Alembic revisions, which only the project's Alembic runs, and it cannot: %1. "
                    "Stamp records a state without running anything.",
                    nullptr, alembicSteps)
                     .arg(m_settings.alembicUnavailable);
    }
    if (!m_rendered)
        return lines;
    const RenderReport &report = m_rendered->report();
    if (m_rendered->state() == RenderedPlan::State::Rendering)
        lines << tr("Rendering their SQL with the project's Alembic…");
    else if (!report.unavailable.isEmpty())
        lines << tr("Their Python is not rendered: %1").arg(report.unavailable);
    else if (unrendered > 0)
        lines << tr("%n step(s) could not be rendered offline (see the Risk column); the rest is SQL rendered by %1.",
                    nullptr, unrendered)
                     .arg(report.renderer);
    else if (!report.renderer.isEmpty())
        lines << tr("Their SQL is rendered offline by %1.").arg(report.renderer);
    return lines;
}

void PendingPanel::fillTargets()
{
    const QSignalBlocker blocker(m_target);
    m_target->clear();
    m_target->addItem(QStringLiteral("heads"));
    m_target->addItem(QStringLiteral("head"));
    m_target->addItem(QStringLiteral("base"));
    if (const ScriptDirectory *scripts = m_controller->scripts().get()) {
        const RevisionMap &map = scripts->map();
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
    m_target->setEditText(m_controller->target());
}

void PendingPanel::showError(const QString &message)
{
    m_errorText = message;
    // A red that reads on light and dark backgrounds.
    m_summary->setStyleSheet(QStringLiteral("color: #e15759;"));
    m_summary->setText(tr("Cannot plan: %1").arg(message));
}

void PendingPanel::showPlan()
{
    m_steps->clear();
    m_errorText.clear();
    QSet<int> pending;
    QString sql;
    m_summary->setStyleSheet(QString());
    const ShownPlan &plan = m_controller->plan();
    const ScriptDirectory *scripts = m_controller->scripts().get();

    if (!scripts) {
        m_summary->setText(tr("No project open."));
    } else if (plan.target.isEmpty()) {
        m_summary->setText(tr("Choose a target."));
    } else if (!plan.error.isEmpty()) {
        showError(plan.error);
    } else if (!plan.rowsKnown) {
        // A plan from rows nobody read would be a guess (from base): none is shown, nor pending colours.
        m_summary->setText(tr("Nothing is planned until the database is read (its state is in the header)."));
    } else if (plan.steps.isEmpty()) {
        m_summary->setText(
            tr("Nothing to do for %1: the database %2.").arg(plan.target, databaseState(plan.fromRows)));
    } else {
        const MigrationPlanner planner(scripts->map());
        const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
        // Linted as one plan: a table an earlier step creates is new to the later ones.
        // Python bodies are read as the project's Alembic rendered them, once their report is the plan's.
        const RenderReport *report = m_rendered && m_rendered->state() == RenderedPlan::State::Ready &&
                                             m_rendered->steps() == plan.migrationSteps()
                                         ? &m_rendered->report()
                                         : nullptr;
        LintFindings findings = lintSteps(*scripts, plan.migrationSteps(), plan.dialect, m_lintSettings, report);
        applyTableSizes(findings, m_tableSizes);
        int number = 0;
        int pythonSteps = 0;
        int unrendered = 0;
        for (const PlannedStep &step : plan.steps) {
            auto *item = new QTreeWidgetItem(m_steps);
            item->setText(NumberColumn, QStringLiteral("%1.").arg(++number));
            item->setText(StepColumn, planner.logLine(step.step));
            QStringList tables;
            QStringList notes;
            StepRisk risk;
            bool unread = false; // Python: what it does to the database is unknown until Alembic renders it
            const RenderedSection *rendered = nullptr;
            if (step.step.kind == MigrationStep::Kind::Revision && step.step.revision >= 0) {
                pending.insert(step.step.revision);
                const MigrationScript &script = scripts->script(step.step.revision);
                const MigrationSection &section = script.section(step.step.isUpgrade, plan.dialect);
                if (report && script.format == ScriptFormat::AlembicPython && section.body == SectionBody::Python)
                    rendered = report->find(script.revisionId, step.step.isUpgrade);
                const SqlStatementList &statements =
                    rendered && rendered->complete() ? rendered->statements : section.statements;
                for (const SqlStatement &statement : statements) {
                    for (const TableUsage &usage : tablesTouchedBy(statement.text, plan.dialect)) {
                        const QString entry = QStringLiteral("%1 (%2)").arg(usage.table, usage.action);
                        if (!tables.contains(entry))
                            tables << entry;
                    }
                }
                risk = riskOf(script, step.step.isUpgrade, findings);
                if (script.format == ScriptFormat::AlembicPython) {
                    ++pythonSteps;
                    notes << describeAlembicBody(section, step.step.isUpgrade);
                    unread = section.body == SectionBody::Python && !(rendered && rendered->complete());
                    if (rendered && rendered->complete())
                        notes << tr("its SQL rendered by the project's Alembic");
                    else if (rendered)
                        ++unrendered;
                }
                if (!script.transactional)
                    notes << tr("Transactional: false (runs outside a transaction)");
                item->setToolTip(StepColumn, script.path);
            }
            if (risk.any()) {
                item->setIcon(NumberColumn, warning); // at the start of the row, where the eye goes first
                item->setText(RiskColumn, risk.phrases().join(QStringLiteral("; ")));
                // The tooltip says what happens and how to do it safely, line by line, as retort lint does.
                QStringList explained;
                for (const LintFinding &finding : std::as_const(risk.findings)) {
                    explained << tr("line %1, %2 %3: %4")
                                     .arg(finding.line)
                                     .arg(severityWord(finding.severity), QLatin1String(infoOf(finding.rule).id),
                                          finding.message());
                }
                if (risk.outsideTransaction)
                    explained << tr("outside a transaction: a failure leaves what ran so far in place");
                item->setToolTip(RiskColumn, explained.join(QLatin1Char('\n')));
            } else if (unread) {
                // Never an empty cell that reads as "no risk": what is not known says why.
                item->setIcon(NumberColumn, style()->standardIcon(QStyle::SP_MessageBoxQuestion));
                if (rendered) {
                    item->setText(RiskColumn, shortLabel(*rendered));
                    item->setToolTip(RiskColumn, rendered->describe());
                } else if (m_rendered && m_rendered->state() == RenderedPlan::State::Rendering) {
                    item->setText(RiskColumn, tr("rendering…"));
                    item->setToolTip(RiskColumn, tr("The project's Alembic is rendering its SQL; its risks follow."));
                } else {
                    item->setText(RiskColumn, tr("not read (Python)"));
                    item->setToolTip(RiskColumn, tr("Retort reads SQL; this function is Python, whose SQL only "
                                                    "Alembic renders (alembic upgrade --sql). Review its source in the "
                                                    "editor."));
                }
            } else if (rendered) {
                item->setToolTip(RiskColumn, tr("No risk found in the SQL %1").arg(rendered->describe()));
            }
            QStringList changes;
            for (const VersionChange &change : step.changes)
                changes << change.describe();
            if (!changes.isEmpty())
                notes << tr("version table: %1").arg(changes.join(QStringLiteral("; ")));
            item->setText(TablesColumn, tables.join(QStringLiteral(", ")));
            item->setData(TablesColumn, Qt::UserRole, tables);
            item->setText(NotesColumn, notes.join(QStringLiteral("; ")));
            item->setToolTip(NotesColumn, notes.join(QLatin1Char('\n')));
        }
        QString summary =
            tr("%n revision(s) to %1 to %2; the database %3.", nullptr, int(plan.steps.size()))
                .arg(plan.downgrade ? tr("downgrade") : tr("upgrade"), plan.target, databaseState(plan.fromRows));
        if (pythonSteps > 0) {
            for (const QString &line : alembicSummary(pythonSteps, unrendered, plan.downgrade, plan.target))
                summary += u'\n' + line;
        }
        m_summary->setText(summary);

        OfflineScript::Options options;
        options.rendered = report; // each Python body's rendered SQL under its label, once rendered
        options.settings = m_settings;
        options.createVersionTable = plan.fromRows.isEmpty();
        // The plan's dialect, whose sections a run of this plan runs (RunLauncher holds it to that).
        const auto dialect = SqlDialect::create(plan.dialect);
        sql = OfflineScript::render(*scripts, plan.steps, *dialect, options);
    }

    if (sql != m_previewSql) {
        m_previewSql = sql;
        Q_EMIT previewChanged(m_previewSql);
    }
    if (pending != m_pending || plan.downgrade != m_pendingDowngrade) {
        m_pending = pending;
        m_pendingDowngrade = plan.downgrade;
        Q_EMIT pendingRevisionsChanged(m_pending, m_pendingDowngrade);
    }
}

} // namespace retort::ui
