// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/RevisionGraphView.h"

#include "core/script/ScriptDirectory.h"
#include "ui/graph/GraphDelegate.h"
#include "ui/graph/RevisionGraphModel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QShortcut>
#include <QSignalBlocker>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace retort::ui {

namespace {

constexpr int MaxZoomSteps = 10;
constexpr int MinZoomSteps = -4;

} // namespace

RevisionGraphView::RevisionGraphView(QWidget *parent)
    : QWidget(parent), m_model(new RevisionGraphModel(this)), m_delegate(new GraphDelegate(this)),
      m_view(new QTreeView(this)), m_search(new QLineEdit(this)), m_searchStatus(new QLabel(this)),
      m_legend(new QLabel(this))
{
    m_search->setPlaceholderText(tr("Find revision by id prefix or message (Enter: next)"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);

    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(RevisionGraphModel::GraphColumn, m_delegate);
    m_view->setUniformRowHeights(true);
    m_view->setRootIsDecorated(false);
    m_view->setItemsExpandable(false);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    // The message keeps room to be read in a narrow pane (a stretched column would shrink to nothing beside
    // the others); what does not fit scrolls, and the last column takes what is left of a wide one.
    QHeaderView *columns = m_view->header();
    columns->setStretchLastSection(true);
    columns->setSectionResizeMode(RevisionGraphModel::RevisionColumn, QHeaderView::ResizeToContents);
    const int character = m_view->fontMetrics().averageCharWidth();
    columns->resizeSection(RevisionGraphModel::MessageColumn, character * 30);
    columns->resizeSection(RevisionGraphModel::LabelsColumn, character * 16);
    columns->resizeSection(RevisionGraphModel::RiskColumn, character * 26);
    m_view->installEventFilter(this);

    m_legend->setTextFormat(Qt::PlainText);
    m_legend->setWordWrap(true);
    m_legend->setText(tr("● applied   ◉ current (ringed)   ○ pending for the target   "
                         "faded: not on the path to the target   ◆ merge point   "
                         "⚠ lint finds a risk (drops data, locks or rewrites a table, breaks the running "
                         "application, …) or it runs outside a transaction; the Risk column says which"));
    m_legend->setToolTip(tr("Line colours tell branches apart; node fill tells the revision's state."));

    auto *searchRow = new QHBoxLayout;
    searchRow->setContentsMargins(0, 0, 0, 0);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_searchStatus);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(searchRow);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_legend);

    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        const bool found = findNext(m_search->text());
        m_searchStatus->setText(found || m_search->text().isEmpty() ? QString() : tr("no match"));
    });
    connect(m_search, &QLineEdit::textChanged, m_searchStatus, &QLabel::clear);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                const int revision = m_model->revisionAt(current.row());
                m_selectedId = m_model->scripts()->map().at(revision).id;
                Q_EMIT revisionSelected(revision);
            });
    connect(m_view, &QTreeView::doubleClicked, this, &RevisionGraphView::chooseTarget);
    connect(m_view, &QWidget::customContextMenuRequested, this, &RevisionGraphView::showContextMenu);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RevisionGraphView::updateGraphColumnWidth);

    // Scoped to this panel, so the window's own shortcuts keep working elsewhere.
    const auto addShortcut = [this](const QKeySequence &sequence, void (RevisionGraphView::*slot)()) {
        auto *shortcut = new QShortcut(sequence, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    addShortcut(QKeySequence::Find, &RevisionGraphView::focusSearch);
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Equal), &RevisionGraphView::zoomIn);
    if (QKeySequence(QKeySequence::ZoomIn) != QKeySequence(Qt::CTRL | Qt::Key_Equal))
        addShortcut(QKeySequence::ZoomIn, &RevisionGraphView::zoomIn);
    addShortcut(QKeySequence::ZoomOut, &RevisionGraphView::zoomOut);

    m_basePointSize = m_view->font().pointSizeF();
}

void RevisionGraphView::setScripts(std::shared_ptr<const ScriptDirectory> scripts)
{
    m_model->setScripts(std::move(scripts));
    const ScriptDirectory *shown = m_model->scripts().get();
    if (!shown || m_selectedId.isEmpty())
        return;
    const int revision = shown->map().indexOf(m_selectedId);
    if (revision < 0 || !selectRevision(revision))
        m_selectedId.clear(); // gone from the project: nothing stays selected
}

void RevisionGraphView::setCurrentRows(const QStringList &rows)
{
    m_model->setCurrentRows(rows);
}

void RevisionGraphView::setLintContext(const LintContext &lint)
{
    m_model->setLintContext(lint);
}

void RevisionGraphView::setDriftNotes(const QHash<int, QString> &notes)
{
    m_model->setDriftNotes(notes);
}

void RevisionGraphView::setRenderedSections(const RenderReport &report)
{
    m_model->setRenderedSections(report);
}

void RevisionGraphView::setPendingRevisions(const QSet<int> &revisions, bool downgrade)
{
    m_model->setPendingRevisions(revisions, downgrade);
}

bool RevisionGraphView::selectRevision(int revision)
{
    const int row = m_model->rowOfRevision(revision);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, RevisionGraphModel::RevisionColumn);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

void RevisionGraphView::clearSelection()
{
    const QSignalBlocker blocker(m_view->selectionModel());
    m_view->selectionModel()->clear();
    m_selectedId.clear();
    m_view->viewport()->update();
}

int RevisionGraphView::selectedRevision() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_model->revisionAt(current.row()) : -1;
}

bool RevisionGraphView::rowMatches(int row, const QString &text) const
{
    const int revision = m_model->revisionAt(row);
    const Revision &entry = m_model->scripts()->map().at(revision);
    return entry.id.startsWith(text, Qt::CaseInsensitive) || entry.doc.contains(text, Qt::CaseInsensitive);
}

bool RevisionGraphView::findNext(const QString &text)
{
    const QString needle = text.trimmed();
    const int rows = m_model->rowCount();
    if (needle.isEmpty() || rows == 0 || !m_model->scripts())
        return false;
    const QModelIndex current = m_view->currentIndex();
    const int start = current.isValid() ? current.row() + 1 : 0;
    for (int step = 0; step < rows; ++step) {
        const int row = (start + step) % rows;
        if (rowMatches(row, needle))
            return selectRevision(m_model->revisionAt(row));
    }
    return false;
}

void RevisionGraphView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void RevisionGraphView::zoomIn()
{
    m_zoomSteps = std::min(m_zoomSteps + 1, MaxZoomSteps);
    applyZoom();
}

void RevisionGraphView::zoomOut()
{
    m_zoomSteps = std::max(m_zoomSteps - 1, MinZoomSteps);
    applyZoom();
}

void RevisionGraphView::applyZoom()
{
    QFont font = m_view->font();
    const qreal base = m_basePointSize > 0 ? m_basePointSize : 9.0;
    font.setPointSizeF(std::max(4.0, base * (1.0 + 0.15 * m_zoomSteps)));
    m_view->setFont(font);
    // Uniform row heights are measured once; make the view measure again.
    m_view->doItemsLayout();
    updateGraphColumnWidth();
}

void RevisionGraphView::updateGraphColumnWidth()
{
    const QFontMetrics metrics(m_view->font());
    const int lanes = std::max(1, m_model->laneCount());
    // Wide enough for the lanes and for the column's title, which a narrow graph would cut.
    const QFontMetrics headerMetrics(m_view->header()->font());
    const QString title = m_model->headerData(RevisionGraphModel::GraphColumn, Qt::Horizontal).toString();
    m_view->header()->resizeSection(RevisionGraphModel::GraphColumn,
                                    std::max(lanes * GraphDelegate::laneWidth(metrics) + metrics.averageCharWidth(),
                                             headerMetrics.horizontalAdvance(title) + 4 * metrics.averageCharWidth()));
    m_view->header()->resizeSection(RevisionGraphModel::RevisionColumn,
                                    metrics.horizontalAdvance(QLatin1Char('0')) * 14);
}

void RevisionGraphView::chooseTarget(const QModelIndex &index)
{
    if (!index.isValid() || !m_model->scripts())
        return;
    const int revision = m_model->revisionAt(index.row());
    Q_EMIT targetChosen(m_model->scripts()->map().at(revision).id);
}

void RevisionGraphView::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (!index.isValid())
        return;
    QMenu menu(this);
    QAction *target = menu.addAction(tr("Set as target"));
    if (menu.exec(m_view->viewport()->mapToGlobal(position)) == target)
        chooseTarget(index);
}

bool RevisionGraphView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_search && (key->key() == Qt::Key_Down || key->key() == Qt::Key_Escape)) {
            m_view->setFocus(Qt::OtherFocusReason);
            if (!m_view->currentIndex().isValid() && m_model->rowCount() > 0)
                m_view->setCurrentIndex(m_model->index(0, RevisionGraphModel::RevisionColumn));
            return true;
        }
        if (watched == m_view && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            chooseTarget(m_view->currentIndex());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace retort::ui
