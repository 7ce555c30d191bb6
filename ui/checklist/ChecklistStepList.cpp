// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistStepList.h"

#include "ui/checklist/ChecklistStepDelegate.h"
#include "ui/checklist/ChecklistStepModel.h"

#include <QHeaderView>
#include <QResizeEvent>

namespace retort::ui {

ChecklistStepList::ChecklistStepList(std::function<QDateTime()> now, std::function<QString()> runningKey,
                                     QWidget *parent)
    : QTreeView(parent), m_model(new ChecklistStepModel(std::move(now), std::move(runningKey), this))
{
    setObjectName(QStringLiteral("checklistSteps"));
    setModel(m_model);
    setItemDelegate(new ChecklistStepDelegate(this));
    setWordWrap(true);
    setUniformRowHeights(false);
    setRootIsDecorated(false);
    setItemsExpandable(false);
    setIndentation(fontMetrics().averageCharWidth() * 2);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setTextElideMode(Qt::ElideRight);
    setAllColumnsShowFocus(true);
    QHeaderView *columns = header();
    columns->setStretchLastSection(false);
    columns->setSectionResizeMode(ChecklistStepModel::StepColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(ChecklistStepModel::DoneColumn, QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(ChecklistStepModel::ResultColumn, QHeaderView::Interactive);
    // resizeEvent() adapts it.
    columns->resizeSection(ChecklistStepModel::ResultColumn, fontMetrics().averageCharWidth() * 24);
    // Wrapped rows change height with their column: lay the rows out again once the resizing settles.
    connect(columns, &QHeaderView::sectionResized, this, [this](int column) {
        if (column == ChecklistStepModel::StepColumn || column == ChecklistStepModel::ResultColumn)
            QMetaObject::invokeMethod(this, &QTreeView::doItemsLayout, Qt::QueuedConnection);
    });
    connect(m_model, &ChecklistStepModel::checkToggled, this, &ChecklistStepList::checkToggled);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keptKey = currentKey(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &ChecklistStepList::showRows);
}

void ChecklistStepList::fill(const Checklist *checklist, const ChecklistWalk *walk)
{
    m_model->fill(checklist, walk);
}

void ChecklistStepList::showSteps()
{
    m_model->showSteps();
}

void ChecklistStepList::showRows()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->hasChildren(m_model->index(row, 0)))
            setFirstColumnSpanned(row, QModelIndex(), true);
    }
    expandAll();
    selectKey(m_keptKey);
    m_keptKey.clear();
}

QString ChecklistStepList::currentKey() const
{
    return currentIndex().data(ChecklistStepModel::KeyRole).toString();
}

QModelIndex ChecklistStepList::indexForKey(const QString &key) const
{
    return m_model->indexForKey(key);
}

void ChecklistStepList::selectKey(const QString &key)
{
    const QModelIndex index = m_model->indexForKey(key);
    if (index.isValid())
        setCurrentIndex(index);
}

void ChecklistStepList::resizeEvent(QResizeEvent *event)
{
    QTreeView::resizeEvent(event);
    // The result column takes about a third of the list, within bounds that keep a short result on one line and
    // leave the step text most of a narrow dock.
    const int character = fontMetrics().averageCharWidth();
    // In a narrow dock the step's text needs the room; its result is in the selected step's details then.
    setColumnHidden(ChecklistStepModel::ResultColumn, contentsRect().width() < character * 60);
    const int width = qBound(character * 14, contentsRect().width() * 3 / 10, character * 40);
    header()->resizeSection(ChecklistStepModel::ResultColumn, width);
}

} // namespace retort::ui
