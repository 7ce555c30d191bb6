// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/RevisionGraphModel.h"

#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionFormatter.h"
#include "core/script/ScriptDirectory.h"
#include "core/lint/StepRisk.h"
#include "ui/pending/RenderedLabel.h"

#include <QApplication>
#include <QStyle>

namespace retort::ui {

namespace {

constexpr int ShortIdLength = 12;

} // namespace

RevisionGraphModel::RevisionGraphModel(QObject *parent) : QAbstractTableModel(parent)
{
    qRegisterMetaType<retort::GraphRow>();
}

void RevisionGraphModel::setScripts(std::shared_ptr<const ScriptDirectory> scripts)
{
    beginResetModel();
    m_scripts = std::move(scripts);
    m_risks.clear();
    m_rendered.clear();
    m_driftNotes.clear(); // by the old snapshot's indexes
    m_layout = GraphLayout();
    m_rowOfRevision.clear();
    m_shortIds.clear();
    m_labels.clear();
    m_nodeFlags.clear();
    if (m_scripts && !m_scripts->map().isEmpty()) {
        const RevisionMap &map = m_scripts->map();
        const MigrationPlanner planner(map);
        const Result<QVector<int>> history = planner.historyRevisions(QString(), QString());
        if (history.ok()) {
            m_layout = layoutGraph(map, history.value());
        } else {
            // A map RevisionMap::build() accepted always has a history; keep
            // the view usable should that ever fail: index order, no lines.
            for (int i = map.size() - 1; i >= 0; --i) {
                GraphRow row;
                row.revision = i;
                m_layout.rows << row;
            }
            m_layout.laneCount = 1;
        }
        const int rows = int(m_layout.rows.size());
        m_shortIds.reserve(rows);
        m_labels.reserve(rows);
        m_nodeFlags.reserve(rows);
        for (int row = 0; row < rows; ++row) {
            const Revision &revision = map.at(m_layout.rows[row].revision);
            m_rowOfRevision.insert(revision.index, row);
            m_shortIds << revision.id.left(ShortIdLength);
            QStringList tags = revision.branchLabels;
            int flags = 0;
            if (revision.isHead()) {
                flags |= HeadNode;
                tags << QStringLiteral("head");
            }
            if (revision.isBranchPoint()) {
                flags |= BranchPointNode;
                tags << QStringLiteral("branchpoint");
            }
            if (revision.isMergePoint()) {
                flags |= MergePointNode;
                tags << QStringLiteral("mergepoint");
            }
            if (revision.isBase()) {
                flags |= BaseNode;
                tags << QStringLiteral("base");
            }
            m_labels << tags.join(QStringLiteral(", "));
            m_nodeFlags << flags;
        }
    }
    recomputeStatus();
    endResetModel();
}

void RevisionGraphModel::setCurrentRows(const QStringList &rows)
{
    m_currentRows = rows;
    recomputeStatus();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RevisionGraphModel::setLintContext(const LintContext &lint)
{
    m_lint = lint;
    m_risks.clear();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RevisionGraphModel::setRenderedSections(const RenderReport &report)
{
    QHash<qint64, RenderedSection> rendered;
    if (m_scripts) {
        for (const RenderedSection &section : report.sections) {
            const int revision = m_scripts->map().indexOf(section.revision);
            const MigrationScript *script = revision >= 0 ? &m_scripts->script(revision) : nullptr;
            // Rendered SQL stands in for an Alembic file's Python functions (its plain sections) only.
            const MigrationSection *body = script ? &script->section(section.upgrade, std::nullopt) : nullptr;
            if (body && body->body == SectionBody::Python)
                rendered.insert(qint64(revision) * 2 + (section.upgrade ? 0 : 1), section);
        }
    }
    if (rendered.isEmpty() && m_rendered.isEmpty())
        return;
    m_rendered = rendered;
    m_risks.clear();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {RiskRole, Qt::DisplayRole, Qt::ToolTipRole, Qt::DecorationRole});
}

void RevisionGraphModel::setPendingRevisions(const QSet<int> &revisions, bool downgrade)
{
    m_pending = revisions;
    m_pendingDowngrade = downgrade;
    recomputeStatus();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int RevisionGraphModel::revisionAt(int row) const
{
    return row >= 0 && row < m_layout.rows.size() ? m_layout.rows[row].revision : -1;
}

QString RevisionGraphModel::statusText(RevisionStatus status)
{
    switch (status) {
    case RevisionStatus::Applied:
        return tr("applied");
    case RevisionStatus::Current:
        return tr("current");
    case RevisionStatus::Pending:
        return tr("pending");
    case RevisionStatus::Other:
        break;
    }
    return tr("not on the path");
}

void RevisionGraphModel::recomputeStatus()
{
    const int rows = int(m_layout.rows.size());
    m_status.fill(RevisionStatus::Other, rows);
    if (!m_scripts)
        return;
    const RevisionMap &map = m_scripts->map();
    QVector<int> current;
    for (const QString &id : std::as_const(m_currentRows)) {
        const int revision = map.indexOf(id);
        if (revision != RevisionMap::None)
            current << revision;
    }
    QSet<int> applied;
    if (!current.isEmpty()) {
        const Result<QVector<int>> ancestors = map.ancestors(current, true);
        if (ancestors.ok()) {
            for (int revision : ancestors.value()) {
                if (revision >= 0)
                    applied.insert(revision);
            }
        }
    }
    const QSet<int> currentSet(current.cbegin(), current.cend());
    for (int row = 0; row < rows; ++row) {
        const int revision = m_layout.rows[row].revision;
        if (m_pending.contains(revision))
            m_status[row] = RevisionStatus::Pending;
        else if (currentSet.contains(revision))
            m_status[row] = RevisionStatus::Current;
        else if (applied.contains(revision))
            m_status[row] = RevisionStatus::Applied;
    }
}

int RevisionGraphModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_layout.rows.size());
}

int RevisionGraphModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RevisionGraphModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_scripts)
        return QVariant();
    const int row = index.row();
    const GraphRow &graphRow = m_layout.rows[row];
    switch (role) {
    case GraphRowRole:
        return QVariant::fromValue(graphRow);
    case StatusRole:
        return QVariant::fromValue(m_status[row]);
    case RevisionIndexRole:
        return graphRow.revision;
    case NodeFlagsRole:
        return m_nodeFlags[row];
    case LaneCountRole:
        return m_layout.laneCount;
    case PaletteSizeRole:
        return m_layout.paletteSize;
    case Qt::ToolTipRole:
        return toolTipAt(row);
    case RiskRole:
        return riskAt(row).phrases();
    case DriftRole:
        return m_driftNotes.value(graphRow.revision);
    case Qt::DecorationRole:
        // By the id, which a narrow graph always shows; the Risk column may be scrolled out of sight. What ran
        // differing from the file outranks what the file would risk.
        if (index.column() == RevisionColumn && m_driftNotes.contains(graphRow.revision))
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        if (index.column() == RevisionColumn && riskAt(row).any())
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case RevisionColumn:
            return m_shortIds[row];
        case MessageColumn:
            return m_scripts->map().at(graphRow.revision).doc;
        case LabelsColumn:
            return m_labels[row];
        case RiskColumn:
            if (const RenderedSection *rendered = renderedAt(row); rendered && !rendered->complete())
                return shortLabel(*rendered); // not "no risk": its SQL is not known
            return riskAt(row).kinds();       // the whole of it in the tooltip
        case StatusColumn:
            return statusText(m_status[row]);
        default:
            return QVariant();
        }
    default:
        return QVariant();
    }
}

QString RevisionGraphModel::toolTipAt(int row) const
{
    const RevisionMap &map = m_scripts->map();
    const Revision &revision = map.at(m_layout.rows[row].revision);
    const RevisionFormatter formatter(map);
    QString text =
        tr("%1 (%2)\n%3\nParent: %4")
            .arg(revision.id, statusText(m_status[row]), revision.doc, formatter.downRevisionText(revision.index));
    if (!m_labels[row].isEmpty())
        text += tr("\nLabels: %1").arg(m_labels[row]);
    if (!revision.dependencies.isEmpty())
        text += tr("\nDepends on: %1").arg(revision.dependencies.join(QStringLiteral(", ")));
    QStringList risk = riskAt(row).phrases();
    if (const RenderedSection *rendered = renderedAt(row); rendered && !rendered->complete())
        risk << rendered->describe();
    if (!risk.isEmpty()) {
        text += (runsDowngrade(row) ? tr("\nIts downgrade: %1") : tr("\nIts upgrade: %1"))
                    .arg(risk.join(QStringLiteral("; ")));
    }
    const QString drift = m_driftNotes.value(revision.index);
    if (!drift.isEmpty())
        text += u'\n' + drift;
    return text;
}

void RevisionGraphModel::setDriftNotes(const QHash<int, QString> &notes)
{
    if (notes == m_driftNotes)
        return;
    m_driftNotes = notes;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {DriftRole, Qt::ToolTipRole, Qt::DecorationRole});
}

bool RevisionGraphModel::runsDowngrade(int row) const
{
    return m_pendingDowngrade && m_pending.contains(m_layout.rows[row].revision);
}

qint64 RevisionGraphModel::riskKey(int row) const
{
    return qint64(m_layout.rows[row].revision) * 2 + (runsDowngrade(row) ? 1 : 0);
}

const RenderedSection *RevisionGraphModel::renderedAt(int row) const
{
    const auto found = m_rendered.constFind(riskKey(row));
    return found == m_rendered.cend() ? nullptr : &*found;
}

const StepRisk &RevisionGraphModel::riskAt(int row) const
{
    const int revision = m_layout.rows[row].revision;
    const bool downgrade = runsDowngrade(row);
    const qint64 key = riskKey(row);
    auto found = m_risks.find(key);
    if (found == m_risks.end()) {
        // A Python body reads as the project's Alembic rendered it, when it rendered it whole.
        const MigrationScript &script = m_scripts->script(revision);
        const RenderedSection *rendered = renderedAt(row);
        found = m_risks.insert(key, rendered && rendered->complete()
                                        ? riskOf(scriptAsRendered(script, !downgrade, *rendered), !downgrade, m_lint)
                                        : riskOf(script, !downgrade, m_lint));
    }
    return *found;
}

QVariant RevisionGraphModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case GraphColumn:
        return tr("Graph");
    case RevisionColumn:
        return tr("Revision");
    case MessageColumn:
        return tr("Message");
    case LabelsColumn:
        return tr("Labels");
    case RiskColumn:
        return tr("Risk");
    case StatusColumn:
        return tr("Status");
    default:
        return QVariant();
    }
}

} // namespace retort::ui
