// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistStepModel.h"

#include "ui/checklist/WalkStepText.h"

#include <QFont>

namespace retort::ui {

bool ChecklistStepModel::Shown::operator==(const Shown &other) const
{
    return text == other.text && toolTip == other.toolTip && tone == other.tone && checkState == other.checkState &&
           checkable == other.checkable;
}

ChecklistStepModel::ChecklistStepModel(std::function<QDateTime()> now, std::function<QString()> runningKey,
                                       QObject *parent)
    : QAbstractItemModel(parent), m_now(std::move(now)), m_runningKey(std::move(runningKey))
{
}

void ChecklistStepModel::fill(const Checklist *checklist, const ChecklistWalk *walk)
{
    beginResetModel();
    m_checklist = checklist;
    m_walk = walk;
    m_nodes = checklist && walk ? layout() : QVector<Node>();
    m_topLevel.clear();
    const QString running = m_runningKey();
    const QDate today = m_now().toUTC().date();
    for (int i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].parent < 0)
            m_topLevel << i;
        m_nodes[i].shown = show(m_nodes[i], running, today);
    }
    endResetModel();
}

void ChecklistStepModel::showSteps()
{
    if (!m_checklist || !m_walk)
        return;
    if (!sameRows(m_nodes, layout())) {
        fill(m_checklist, m_walk);
        return;
    }
    const QString running = m_runningKey();
    const QDate today = m_now().toUTC().date();
    for (int i = 0; i < m_nodes.size(); ++i) {
        const Shown shown = show(m_nodes[i], running, today);
        if (shown == m_nodes[i].shown)
            continue;
        m_nodes[i].shown = shown;
        Q_EMIT dataChanged(indexOfNode(i, 0), indexOfNode(i, ColumnCount - 1));
    }
}

QVector<ChecklistStepModel::Node> ChecklistStepModel::layout() const
{
    QVector<Node> nodes;
    int section = -1;
    int topLevelRows = 0;
    const auto add = [&](Node node) {
        node.parent = node.section ? -1 : section;
        node.row = node.parent < 0 ? topLevelRows++ : int(nodes[node.parent].children.size());
        if (node.parent >= 0)
            nodes[node.parent].children << int(nodes.size());
        nodes << node;
        if (node.section)
            section = int(nodes.size()) - 1;
    };
    const auto addSection = [&](const QString &heading) {
        Node node;
        node.section = true;
        node.heading = heading;
        add(node);
    };
    const auto addStep = [&](const QString &key, int item) {
        Node node;
        node.key = key;
        node.item = item;
        add(node);
    };
    const QVector<ChecklistItem> &items = m_checklist->items();
    QString sectionName;
    for (int i = 0; i < items.size(); ++i) {
        const ChecklistItem &item = items.at(i);
        if (i == 0 || item.section != sectionName) {
            sectionName = item.section;
            section = -1;
            if (!sectionName.isEmpty())
                addSection(sectionName);
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
    return nodes;
}

bool ChecklistStepModel::sameRows(const QVector<Node> &a, const QVector<Node> &b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i) {
        if (a[i].section != b[i].section || a[i].heading != b[i].heading || a[i].key != b[i].key ||
            a[i].item != b[i].item || a[i].parent != b[i].parent) {
            return false;
        }
    }
    return true;
}

ChecklistStepModel::Shown ChecklistStepModel::show(const Node &node, const QString &running, const QDate &today) const
{
    return node.section ? showSection(node) : showStep(node, running, today);
}

ChecklistStepModel::Shown ChecklistStepModel::showStep(const Node &node, const QString &running,
                                                       const QDate &today) const
{
    Shown shown;
    const WalkStep *step = m_walk->step(node.key);
    const ChecklistItem *item = node.item >= 0 ? &m_checklist->items().at(node.item) : nullptr;
    const QString text = item ? item->text : (step ? step->text : node.key);
    const bool done = step && step->done;
    const bool skipped = isSkipped(step);
    const bool isRunning = !node.key.isEmpty() && node.key == running;

    shown.checkable = item && !isRunning;
    // What a bound step does stays with the text, in words ("Runs: upgrade head"); a separate column would
    // starve the text in a narrow dock.
    const QString action = item ? item->action.description() : QString();
    QString stepText = item ? QStringLiteral("%1. %2").arg(node.item + 1).arg(text) : text;
    if (!action.isEmpty())
        stepText += QStringLiteral(" — ") + action;
    shown.text[StepColumn] = stepText;
    shown.checkState = done && !skipped ? Qt::Checked : Qt::Unchecked;
    shown.toolTip[StepColumn] = stepText;
    if (step && !step->note.isEmpty())
        shown.toolTip[StepColumn] += QLatin1Char('\n') + tr("Note: %1").arg(step->note);

    QString who;
    QString whoTip;
    if (done && (!step->by.isEmpty() || step->at.isValid())) {
        const QString by = step->by.isEmpty() ? tr("someone") : step->by;
        // The date only when it is not today's: steps of one window read as times.
        const bool isToday = step->at.isValid() && step->at.toUTC().date() == today;
        who = step->at.isValid()
                  ? tr("%1 · %2").arg(by, step->at.toUTC().toString(isToday ? QStringLiteral("HH:mm")
                                                                            : QStringLiteral("yyyy-MM-dd HH:mm")))
                  : by;
        whoTip = tr("%1 at %2")
                     .arg(step->whoAndWhere(tr("someone")),
                          step->at.isValid() ? utcText(step->at, QStringLiteral("yyyy-MM-dd HH:mm:ss")) : tr("?"));
    }
    if (skipped) {
        who = who.isEmpty() ? tr("skipped") : tr("skipped: %1").arg(who);
        whoTip = tr("Skipped, not done") + (whoTip.isEmpty() ? QString() : QStringLiteral(" — ") + whoTip);
        shown.tone[DoneColumn] = Tone::Attention;
    }
    shown.text[DoneColumn] = who;
    shown.toolTip[DoneColumn] = whoTip;

    QString result = step ? outcomeText(*step) : QString();
    if (isRunning) {
        result = tr("running…");
    } else if (step && step->outcome == StepOutcome::Failed) {
        shown.tone[ResultColumn] = Tone::Failed;
    } else if (step && step->outcome == StepOutcome::Succeeded) {
        shown.tone[ResultColumn] = Tone::Succeeded;
    } else if (step && (step->outcome == StepOutcome::Skipped || step->outcome == StepOutcome::DoneByHand)) {
        shown.tone[ResultColumn] = Tone::Attention;
    }
    shown.text[ResultColumn] = result;
    shown.toolTip[ResultColumn] = result;
    return shown;
}

ChecklistStepModel::Shown ChecklistStepModel::showSection(const Node &node) const
{
    int done = 0;
    int skipped = 0;
    for (int child : node.children) {
        const WalkStep *step = m_walk->step(m_nodes[child].key);
        if (isSkipped(step))
            ++skipped;
        else if (step && step->done)
            ++done;
    }
    Shown shown;
    shown.text[StepColumn] = tr("%1 — %2 of %3 done").arg(node.heading).arg(done).arg(node.children.size());
    if (skipped > 0)
        shown.text[StepColumn] += tr(", %1 skipped").arg(skipped);
    return shown;
}

QModelIndex ChecklistStepModel::indexForKey(const QString &key) const
{
    if (key.isEmpty())
        return {};
    for (int i = 0; i < m_nodes.size(); ++i) {
        if (!m_nodes[i].section && m_nodes[i].key == key)
            return indexOfNode(i);
    }
    return {};
}

QModelIndex ChecklistStepModel::indexOfNode(int node, int column) const
{
    return createIndex(m_nodes[node].row, column, quintptr(node));
}

QModelIndex ChecklistStepModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const QVector<int> &rows = parent.isValid() ? m_nodes[int(parent.internalId())].children : m_topLevel;
    return indexOfNode(rows[row], column);
}

QModelIndex ChecklistStepModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parent = m_nodes[int(child.internalId())].parent;
    return parent < 0 ? QModelIndex() : indexOfNode(parent);
}

int ChecklistStepModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_topLevel.size());
    return parent.column() == 0 ? int(m_nodes[int(parent.internalId())].children.size()) : 0;
}

int ChecklistStepModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ChecklistStepModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    Q_ASSERT(checkIndex(index));
    const Node &node = m_nodes[int(index.internalId())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return node.shown.text[column];
    case Qt::ToolTipRole:
        return node.section ? QVariant() : QVariant(node.shown.toolTip[column]);
    case Qt::CheckStateRole:
        return column == StepColumn && node.shown.checkState >= 0 ? QVariant(node.shown.checkState) : QVariant();
    case Qt::FontRole:
        if (node.section && column == StepColumn) {
            QFont bold; // only the weight is set: the view's font otherwise
            bold.setBold(true);
            return bold;
        }
        return {};
    case KeyRole:
        return node.key;
    case ToneRole:
        return int(node.shown.tone[column]);
    default:
        return {};
    }
}

bool ChecklistStepModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != StepColumn || !(flags(index) & Qt::ItemIsUserCheckable))
        return false;
    Q_EMIT checkToggled(m_nodes[int(index.internalId())].key, value.toInt() == Qt::Checked);
    return true;
}

Qt::ItemFlags ChecklistStepModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Q_ASSERT(checkIndex(index));
    const Node &node = m_nodes[int(index.internalId())];
    if (node.section)
        return Qt::ItemIsEnabled;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (node.shown.checkable)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant ChecklistStepModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StepColumn:
        return tr("Step");
    case DoneColumn:
        return tr("Done");
    case ResultColumn:
        return tr("Result");
    default:
        return {};
    }
}

} // namespace retort::ui
