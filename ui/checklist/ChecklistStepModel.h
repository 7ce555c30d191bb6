// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QVector>

#include <array>
#include <functional>

namespace retort::ui {

// The steps of a checklist walk as a tree: a row per section ("Deploy — 2 of 5 done, 1 skipped") with its steps
// as children, steps before the first section at the top level, and the steps the walk recorded for items the
// file no longer has under "No longer in the checklist" at the end. A step row says its number, text and what it
// does in words, with its check box (a skipped step shows no tick); who checked it and when; and what its action
// reported. Orphan steps and the step whose action is running cannot be ticked.
//
// The model chooses no colours: ToneRole says how a cell's text reads (succeeded, failed, attention) and the
// delegate picks the colour for the background it paints on.
//
// It changes nothing in the walk: a tick the user gives (setData() with Qt::CheckStateRole) is told by
// checkToggled() and the rows keep showing the walk; the owner decides and calls showSteps(), which emits
// dataChanged() for the rows that read differently. fill() resets the model. GUI thread only.
class ChecklistStepModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        StepColumn, // check box, number, text and what the step does
        DoneColumn,
        ResultColumn,
        ColumnCount
    };

    enum Role
    {
        KeyRole = Qt::UserRole, // QString, the step's key in every column; empty on section rows
        ToneRole,               // int, Tone: how the cell's text reads
    };

    enum class Tone
    {
        Normal,
        Succeeded,
        Failed,
        Attention, // skipped, or done by hand
    };
    Q_ENUM(Tone)

    // `now` dates the Done column (a time for today, a date before); `runningKey` names the step whose action is
    // running (empty: none). Both are asked when the rows are shown (fill(), showSteps()).
    ChecklistStepModel(std::function<QDateTime()> now, std::function<QString()> runningKey, QObject *parent = nullptr);

    // The rows for `checklist` and its `walk` (not owned; both read until the next fill()); none when either is
    // null. Resets the model.
    void fill(const Checklist *checklist, const ChecklistWalk *walk);
    // Every row again from the walk (after it changed): dataChanged() for the rows that changed; a reset when
    // the walk's steps no longer make the same rows.
    void showSteps();

    QModelIndex indexForKey(const QString &key) const; // column 0; invalid for an unknown or empty key

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // Qt::CheckStateRole on a checkable step: emits checkToggled() and returns true, the row unchanged.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The user ticked (`checked`) or unticked a step.
    void checkToggled(const QString &key, bool checked);

private:
    // What a row says; compared to tell which rows changed.
    struct Shown
    {
        std::array<QString, ColumnCount> text;
        std::array<QString, ColumnCount> toolTip;
        std::array<Tone, ColumnCount> tone{Tone::Normal, Tone::Normal, Tone::Normal};
        int checkState = -1; // Qt::CheckState; -1: no check box (section rows)
        bool checkable = false;

        bool operator==(const Shown &other) const;
        bool operator!=(const Shown &other) const { return !(*this == other); }
    };

    struct Node
    {
        bool section = false;
        QString heading; // section rows
        QString key;     // step rows
        int item = -1;   // step rows: the item's index in the checklist; -1 for a step it no longer has
        int parent = -1; // the section's node; -1 at the top level
        int row = 0;     // under its parent
        QVector<int> children;
        Shown shown;
    };

    // The rows the checklist and the walk make, nothing shown yet.
    QVector<Node> layout() const;
    static bool sameRows(const QVector<Node> &a, const QVector<Node> &b);
    // What `node` says now. `running`: the key of the step whose action runs; `today`: the clock's date (UTC).
    Shown show(const Node &node, const QString &running, const QDate &today) const;
    Shown showStep(const Node &node, const QString &running, const QDate &today) const;
    Shown showSection(const Node &node) const;
    QModelIndex indexOfNode(int node, int column = 0) const;

    std::function<QDateTime()> m_now;
    std::function<QString()> m_runningKey;
    const Checklist *m_checklist = nullptr;
    const ChecklistWalk *m_walk = nullptr;
    QVector<Node> m_nodes; // internalId() of an index is its node's position here
    QVector<int> m_topLevel;
};

} // namespace retort::ui
