// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/GraphLayout.h"
#include "core/lint/StepRisk.h"
#include "core/script/RenderedSql.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QMetaType>
#include <QSet>
#include <QStringList>
#include <QVector>

#include <memory>

namespace retort {
class ScriptDirectory;
}

namespace retort::ui {

// The revisions of a project as table rows in history order (newest first, as
// `retort history` lists them), with the graph layout of each row in
// GraphRowRole for GraphDelegate to paint in column 0.
//
// The model chooses no colours: it hands out palette indices (GraphRow) and a
// RevisionStatus; the delegate turns them into pixels (the risk mark is the
// style's warning icon). Every data() call is O(1) or cached: whatever depends
// on the graph is computed once in setScripts(), the statuses once per
// setCurrentRows()/setPendingRevisions(), a row's risk when it is first shown.
//
// It shares the project snapshot it shows (ProjectSession::sharedScripts()):
// a reload hands a new one; null shows no rows.
class RevisionGraphModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        GraphColumn,
        RevisionColumn, // the id, with the warning icon when the revision is marked (RiskColumn says why)
        MessageColumn,
        LabelsColumn,
        RiskColumn, // what the revision risks in the direction it would run (upgrade unless the plan downgrades it)
        StatusColumn,
        ColumnCount
    };

    enum class RevisionStatus
    {
        Applied, // below the current rows
        Current, // in the version table
        Pending, // runs for the chosen target
        Other,   // neither applied nor on the path to the target
    };
    Q_ENUM(RevisionStatus)

    // Flags describing a node's shape in the graph (NodeFlagsRole).
    enum NodeFlag
    {
        HeadNode = 0x1,
        BaseNode = 0x2,
        BranchPointNode = 0x4,
        MergePointNode = 0x8
    };

    enum Role
    {
        GraphRowRole = Qt::UserRole + 1, // retort::GraphRow
        StatusRole,                      // RevisionStatus
        RevisionIndexRole,               // int, index in the RevisionMap
        NodeFlagsRole,                   // int, NodeFlag bits
        LaneCountRole,                   // int, lanes of the whole layout (same for every row)
        PaletteSizeRole,                 // int, palette indices are 0 .. size-1
        RiskRole,                        // QStringList, StepRisk::phrases() (empty: nothing marked)
        DriftRole,                       // QString, why the applied revision drifted (DriftMarks; empty: it did not)
    };

    explicit RevisionGraphModel(QObject *parent = nullptr);

    void setScripts(std::shared_ptr<const ScriptDirectory> scripts);
    const std::shared_ptr<const ScriptDirectory> &scripts() const { return m_scripts; }
    // The version-table rows of the selected environment (full revision ids).
    void setCurrentRows(const QStringList &rows);
    // The database's dialect and the project's severities, for the risk marks (lint's findings).
    void setLintContext(const LintContext &lint);
    QStringList currentRows() const { return m_currentRows; }
    // Revisions (map indexes) the pending plan runs; `downgrade`: it runs their downgrades, so their
    // risk is their downgrade's.
    void setPendingRevisions(const QSet<int> &revisions, bool downgrade = false);
    // Per revision (map index), why it is marked as drifted (DriftMarks::of); empty marks none.
    void setDriftNotes(const QHash<int, QString> &notes);
    // What the project's Alembic rendered for the plan's .py revisions (RenderedPlan): a pending Python body is
    // marked by the risks of its rendered SQL, or says in the Risk column why its SQL is not known.
    void setRenderedSections(const RenderReport &report);

    int laneCount() const { return m_layout.laneCount; }
    // Row of a revision (map index), -1 when not shown.
    int rowOfRevision(int revision) const { return m_rowOfRevision.value(revision, -1); }
    int revisionAt(int row) const;
    RevisionStatus statusAt(int row) const { return m_status.value(row, RevisionStatus::Other); }

    static QString statusText(RevisionStatus status);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void recomputeStatus();
    QString toolTipAt(int row) const;
    bool runsDowngrade(int row) const;
    qint64 riskKey(int row) const;
    // The rendered section of the row's Python body in the direction it would run; null for none.
    const RenderedSection *renderedAt(int row) const;
    // Computed when first asked for (only rows on screen are): per revision and direction.
    const StepRisk &riskAt(int row) const;

    std::shared_ptr<const ScriptDirectory> m_scripts;
    GraphLayout m_layout;
    QHash<int, int> m_rowOfRevision;
    QVector<QString> m_shortIds;      // per row
    QVector<QString> m_labels;        // per row
    QVector<int> m_nodeFlags;         // per row
    QVector<RevisionStatus> m_status; // per row
    QStringList m_currentRows;
    QSet<int> m_pending;
    bool m_pendingDowngrade = false;
    QHash<int, QString> m_driftNotes;          // by revision
    mutable QHash<qint64, StepRisk> m_risks;   // revision * 2 + (downgrade ? 1 : 0)
    QHash<qint64, RenderedSection> m_rendered; // by the same key, for the current snapshot
    LintContext m_lint;
};

} // namespace retort::ui

Q_DECLARE_METATYPE(retort::GraphRow)
