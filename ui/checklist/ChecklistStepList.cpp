// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistStepList.h"

#include "ui/checklist/StateColours.h"
#include "ui/checklist/WalkStepText.h"

#include <QEvent>
#include <QHeaderView>
#include <QResizeEvent>
#include <QScopedValueRollback>
#include <QStyledItemDelegate>

namespace retort::ui {

namespace {

constexpr int StepColumn = ChecklistStepList::StepColumn;
constexpr int DoneColumn = ChecklistStepList::DoneColumn;
constexpr int ResultColumn = ChecklistStepList::ResultColumn;

constexpr int KeyRole = Qt::UserRole;         // the step's key; empty on section rows
constexpr int IndexRole = Qt::UserRole + 1;   // the item's index in the checklist; -1 for steps it no longer has
constexpr int SectionRole = Qt::UserRole + 2; // a section row's heading

// Wraps the step and result columns to their width, so a long step reads in full in a narrow dock; the
// other columns size to their contents. Row heights follow the columns (the panel relays them out on resize).
class WrappingDelegate : public QStyledItemDelegate
{
public:
    explicit WrappingDelegate(QTreeView *view) : QStyledItemDelegate(view), m_view(view) {}

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem wrapped(option);
        if (index.column() != StepColumn && index.column() != ResultColumn) {
            wrapped.features &= ~QStyleOptionViewItem::WrapText;
            wrapped.rect = QRect();
            return QStyledItemDelegate::sizeHint(wrapped, index);
        }
        int width = m_view->columnWidth(index.column());
        if (index.column() == 0) {
            int depth = m_view->rootIsDecorated() ? 1 : 0;
            for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
                ++depth;
            width -= depth * m_view->indentation();
        }
        // The style subtracts a decoration from the text's width, not the check box: do it here.
        if (index.data(Qt::CheckStateRole).isValid()) {
            const QStyle *style = m_view->style();
            width -= style->pixelMetric(QStyle::PM_IndicatorWidth, &option, m_view) +
                     2 * (style->pixelMetric(QStyle::PM_FocusFrameHMargin, &option, m_view) + 1);
        }
        wrapped.features |= QStyleOptionViewItem::WrapText;
        wrapped.rect = QRect(0, 0, qMax(width, 40), 1); // the style wraps only within a valid rect
        return QStyledItemDelegate::sizeHint(wrapped, index);
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        // Fusion outlines check boxes in a darker shade of Window, which vanishes on a dark Base; give it a
        // Window that outlines the box visibly. Nothing else in an item's painting reads Window.
        const QColor base = option.palette.color(QPalette::Base);
        if (isDark(base) && index.data(Qt::CheckStateRole).isValid()) {
            QStyleOptionViewItem visible(option);
            visible.palette.setColor(QPalette::Window, QColor::fromHsl(0, 0, qMin(255, base.lightness() + 130)));
            QStyledItemDelegate::paint(painter, visible, index);
            return;
        }
        QStyledItemDelegate::paint(painter, option, index);
    }

private:
    QTreeView *m_view;
};

} // namespace

ChecklistStepList::ChecklistStepList(std::function<QDateTime()> now, std::function<QString()> runningKey,
                                     QWidget *parent)
    : QTreeWidget(parent), m_now(std::move(now)), m_runningKey(std::move(runningKey))
{
    setObjectName(QStringLiteral("checklistSteps"));
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Step"), tr("Done"), tr("Result")});
    setItemDelegate(new WrappingDelegate(this));
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
    columns->setSectionResizeMode(StepColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(DoneColumn, QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(ResultColumn, QHeaderView::Interactive);
    columns->resizeSection(ResultColumn, fontMetrics().averageCharWidth() * 24); // resizeEvent() adapts it
    // Wrapped rows change height with their column: lay the rows out again once the resizing settles.
    connect(columns, &QHeaderView::sectionResized, this, [this](int column) {
        if (column == StepColumn || column == ResultColumn)
            QMetaObject::invokeMethod(this, &QTreeView::doItemsLayout, Qt::QueuedConnection);
    });
    connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        const QString key = item->data(StepColumn, KeyRole).toString();
        if (!m_updating && column == StepColumn && !key.isEmpty())
            Q_EMIT checkToggled(key, item->checkState(StepColumn) == Qt::Checked);
    });
}

void ChecklistStepList::fill(const Checklist *checklist, const ChecklistWalk *walk)
{
    m_checklist = checklist;
    m_walk = walk;
    const QString selected = currentKey();
    {
        const QScopedValueRollback<bool> updating(m_updating, true);
        clear();
        if (m_checklist && m_walk) {
            QTreeWidgetItem *section = nullptr;
            QString sectionName;
            const QVector<ChecklistItem> &items = m_checklist->items();
            const auto addStep = [&](const QString &key, int index) {
                auto *item = section ? new QTreeWidgetItem(section) : new QTreeWidgetItem(this);
                item->setData(StepColumn, KeyRole, key);
                item->setData(StepColumn, IndexRole, index);
                showStep(item);
            };
            const auto addSection = [&](const QString &name) {
                section = new QTreeWidgetItem(this);
                section->setText(StepColumn, name);
                section->setFlags(Qt::ItemIsEnabled);
                QFont font = section->font(StepColumn);
                font.setBold(true);
                section->setFont(StepColumn, font);
                section->setFirstColumnSpanned(true);
                section->setExpanded(true);
                section->setData(StepColumn, SectionRole, name);
            };
            for (int i = 0; i < items.size(); ++i) {
                const ChecklistItem &item = items.at(i);
                if (i == 0 || item.section != sectionName) {
                    sectionName = item.section;
                    if (!sectionName.isEmpty())
                        addSection(sectionName);
                    else
                        section = nullptr;
                }
                addStep(item.key, i);
            }
            // Steps the walk recorded for items the file no longer has: shown, read-only, as the report lists them.
            bool orphans = false;
            for (const WalkStep &step : std::as_const(m_walk->steps)) {
                if (m_checklist->indexOf(step.key) >= 0)
                    continue;
                if (!orphans)
                    addSection(tr("No longer in the checklist"));
                orphans = true;
                addStep(step.key, -1);
            }
            expandAll();
        }
    }
    selectKey(selected);
    showSectionCounts();
}

void ChecklistStepList::showSteps()
{
    for (QTreeWidgetItemIterator it(this); *it; ++it) {
        if (!(*it)->data(StepColumn, KeyRole).toString().isEmpty())
            showStep(*it);
    }
    showSectionCounts();
}

void ChecklistStepList::showStep(QTreeWidgetItem *item)
{
    if (!m_walk || !m_checklist)
        return;
    const QScopedValueRollback<bool> updating(m_updating, true);
    const QString key = item->data(StepColumn, KeyRole).toString();
    const int index = item->data(StepColumn, IndexRole).toInt();
    const WalkStep *step = m_walk->step(key);
    const ChecklistItem *checklistItem = index >= 0 ? &m_checklist->items().at(index) : nullptr;
    const QString text = checklistItem ? checklistItem->text : (step ? step->text : key);
    const bool done = step && step->done;
    const bool skipped = isSkipped(step);
    const bool running = !key.isEmpty() && key == m_runningKey();
    const QColor base = palette().color(QPalette::Base);

    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (checklistItem && !running)
        flags |= Qt::ItemIsUserCheckable;
    item->setFlags(flags);
    // What a bound step does stays with the text, in words ("Runs: upgrade head"); a separate column would
    // starve the text in a narrow dock.
    const QString action = checklistItem ? checklistItem->action.description() : QString();
    QString shown = checklistItem ? QStringLiteral("%1. %2").arg(index + 1).arg(text) : text;
    if (!action.isEmpty())
        shown += QStringLiteral(" — ") + action;
    item->setText(StepColumn, shown);
    item->setCheckState(StepColumn, done && !skipped ? Qt::Checked : Qt::Unchecked);
    QString tip = shown;
    if (step && !step->note.isEmpty())
        tip += QLatin1Char('\n') + tr("Note: %1").arg(step->note);
    item->setToolTip(StepColumn, tip);

    QString who;
    QString whoTip;
    if (done && (!step->by.isEmpty() || step->at.isValid())) {
        const QString by = step->by.isEmpty() ? tr("someone") : step->by;
        // The date only when it is not today's: steps of one window read as times.
        const bool today = step->at.isValid() && step->at.toUTC().date() == m_now().toUTC().date();
        who = step->at.isValid()
                  ? tr("%1 · %2").arg(by, step->at.toUTC().toString(today ? QStringLiteral("HH:mm")
                                                                          : QStringLiteral("yyyy-MM-dd HH:mm")))
                  : by;
        whoTip = tr("%1 at %2")
                     .arg(step->host.isEmpty() ? by : by + QLatin1Char('@') + step->host,
                          step->at.isValid() ? utcText(step->at, QStringLiteral("yyyy-MM-dd HH:mm:ss")) : tr("?"));
    }
    if (skipped) {
        who = who.isEmpty() ? tr("skipped") : tr("skipped: %1").arg(who);
        whoTip = tr("Skipped, not done") + (whoTip.isEmpty() ? QString() : QStringLiteral(" — ") + whoTip);
    }
    item->setText(DoneColumn, who);
    item->setToolTip(DoneColumn, whoTip);
    item->setForeground(DoneColumn, skipped ? amberOn(base) : palette().color(QPalette::Text));

    QString result = step ? outcomeText(*step) : QString();
    QColor resultColour = palette().color(QPalette::Text);
    if (running) {
        result = tr("running…");
    } else if (step && step->outcome == StepOutcome::Failed) {
        resultColour = redOn(base);
    } else if (step && step->outcome == StepOutcome::Succeeded) {
        resultColour = greenOn(base);
    } else if (step && (step->outcome == StepOutcome::Skipped || step->outcome == StepOutcome::DoneByHand)) {
        resultColour = amberOn(base);
    }
    item->setText(ResultColumn, result);
    item->setToolTip(ResultColumn, result);
    item->setForeground(ResultColumn, resultColour);
}

void ChecklistStepList::showSectionCounts()
{
    if (!m_walk)
        return;
    const QScopedValueRollback<bool> updating(m_updating, true);
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem *section = topLevelItem(i);
        if (section->childCount() == 0)
            continue;
        int done = 0;
        int skipped = 0;
        for (int c = 0; c < section->childCount(); ++c) {
            const WalkStep *step = m_walk->step(section->child(c)->data(StepColumn, KeyRole).toString());
            if (isSkipped(step))
                ++skipped;
            else if (step && step->done)
                ++done;
        }
        QString text = tr("%1 — %2 of %3 done")
                           .arg(section->data(StepColumn, SectionRole).toString())
                           .arg(done)
                           .arg(section->childCount());
        if (skipped > 0)
            text += tr(", %1 skipped").arg(skipped);
        section->setText(StepColumn, text);
    }
}

QString ChecklistStepList::currentKey() const
{
    const QTreeWidgetItem *item = currentItem();
    return item ? item->data(StepColumn, KeyRole).toString() : QString();
}

QTreeWidgetItem *ChecklistStepList::itemForKey(const QString &key) const
{
    if (key.isEmpty())
        return nullptr;
    for (QTreeWidgetItemIterator it(const_cast<ChecklistStepList *>(this)); *it; ++it) {
        if ((*it)->data(StepColumn, KeyRole).toString() == key)
            return *it;
    }
    return nullptr;
}

void ChecklistStepList::selectKey(const QString &key)
{
    if (QTreeWidgetItem *item = itemForKey(key))
        setCurrentItem(item);
}

void ChecklistStepList::changeEvent(QEvent *event)
{
    QTreeWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // the state colours are picked for the background
        showSteps();
}

void ChecklistStepList::resizeEvent(QResizeEvent *event)
{
    QTreeWidget::resizeEvent(event);
    // The result column takes about a third of the list, within bounds that keep a short result on one line
    // and leave the step text most of a narrow dock.
    const int character = fontMetrics().averageCharWidth();
    // In a narrow dock the step's text needs the room; its result is in the selected step's details then.
    setColumnHidden(ResultColumn, contentsRect().width() < character * 60);
    const int width = qBound(character * 14, contentsRect().width() * 3 / 10, character * 40);
    header()->resizeSection(ResultColumn, width);
}

} // namespace retort::ui
