// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistPanel.h"

#include "core/TextFormat.h"
#include "core/checklist/ChecklistReport.h"
#include "ui/checklist/ChecklistReportPdf.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QEvent>
#include <QResizeEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::ui {

namespace {

enum StepColumn
{
    StepColumn, // check box, number, text and action tag, as the Markdown file reads
    DoneColumn,
    ResultColumn,
    ColumnCount
};

constexpr int KeyRole = Qt::UserRole;         // the step's key; empty on section rows
constexpr int IndexRole = Qt::UserRole + 1;   // the item's index in the checklist; -1 for steps it no longer has
constexpr int SectionRole = Qt::UserRole + 2; // a section row's heading

constexpr int DefaultMinutes = 30;

const QString kBuiltInChecklist = QStringLiteral(":/checklists/maintenance-window.md");

// Text colours for states, chosen by the lightness of the background they are drawn on so that they read on
// light and dark palettes alike.
bool isDark(const QColor &background)
{
    return background.lightness() < 128;
}

QColor amberOn(const QColor &background)
{
    return isDark(background) ? QColor(0xff, 0xb7, 0x4d) : QColor(0xa6, 0x57, 0x00);
}

QColor redOn(const QColor &background)
{
    return isDark(background) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);
}

QColor greenOn(const QColor &background)
{
    return isDark(background) ? QColor(0x7e, 0xd3, 0x8a) : QColor(0x1b, 0x7a, 0x2e);
}

QString stateName(ChecklistWalk::WindowState state)
{
    switch (state) {
    case ChecklistWalk::WindowState::NotStarted:
        return QStringLiteral("NotStarted");
    case ChecklistWalk::WindowState::OnTime:
        return QStringLiteral("OnTime");
    case ChecklistWalk::WindowState::Amber:
        return QStringLiteral("Amber");
    case ChecklistWalk::WindowState::Red:
        return QStringLiteral("Red");
    }
    return QString();
}

// "4:05", "12:34", "1:02:03".
QString clockText(qint64 seconds)
{
    seconds = qAbs(seconds);
    const qint64 hours = seconds / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    const QChar zero(u'0');
    if (hours > 0)
        return QStringLiteral("%1:%2:%3").arg(hours).arg(minutes, 2, 10, zero).arg(seconds % 60, 2, 10, zero);
    return QStringLiteral("%1:%2").arg(minutes).arg(seconds % 60, 2, 10, zero);
}

QString utcText(const QDateTime &time, const QString &format)
{
    return time.toUTC().toString(format) + QStringLiteral(" UTC");
}

// A step dealt with by skipping it: recorded as done (the walk can finish), never shown ticked.
bool isSkipped(const WalkStep *step)
{
    return step && step->done && step->outcome == StepOutcome::Skipped;
}

QString outcomeText(const WalkStep &step)
{
    QString text;
    if (step.outcome != StepOutcome::NotRun)
        text = stepOutcomeName(step.outcome);
    if (!step.result.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(": ")) + step.result;
    if (step.durationMs > 0)
        text += QStringLiteral(" (%1)").arg(humanDuration(step.durationMs));
    return text;
}

// The seconds of `time`, without milliseconds: the walk file and the report show seconds.
QDateTime toSeconds(const QDateTime &time)
{
    return QDateTime::fromSecsSinceEpoch(time.toSecsSinceEpoch(), Qt::UTC);
}

// The next five-minute mark after `time`, a plausible planned start to offer.
QDateTime nextFiveMinutes(const QDateTime &time)
{
    const qint64 step = 5 * 60;
    return QDateTime::fromSecsSinceEpoch((time.toSecsSinceEpoch() / step + 1) * step, Qt::UTC);
}

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

ChecklistPanel::ChecklistPanel(QWidget *parent)
    : QWidget(parent), m_clock([] { return QDateTime::currentDateTimeUtc(); }), m_checklists(new QComboBox(this)),
      m_title(new QLabel(this)), m_description(new QLabel(this)), m_descriptionToggle(new QToolButton(this)),
      m_summary(new QLabel(this)), m_warning(new QLabel(this)),
      m_plannedStartCheck(new QCheckBox(tr("Planned &start:"), this)), m_plannedStart(new QDateTimeEdit(this)),
      m_minutes(new QSpinBox(this)), m_startWindow(new QPushButton(tr("Start &window now"), this)),
      m_timer(new QLabel(this)), m_timerCaption(new QLabel(this)), m_steps(new QTreeWidget(this)),
      m_stepText(new QLabel(this)), m_stepInfo(new QLabel(this)), m_note(new QLineEdit(this)),
      m_runStep(new QPushButton(tr("&Run step"), this)), m_skipStep(new QPushButton(tr("S&kip step"), this)),
      m_exportMarkdown(new QPushButton(tr("Export &Markdown…"), this)),
      m_exportPdf(new QPushButton(tr("Export &PDF…"), this)), m_reset(new QPushButton(tr("Reset walk…"), this)),
      m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("checklistPanel"));
    m_checklists->setObjectName(QStringLiteral("checklistCombo"));
    m_title->setObjectName(QStringLiteral("checklistTitle"));
    m_description->setObjectName(QStringLiteral("checklistDescription"));
    m_descriptionToggle->setObjectName(QStringLiteral("descriptionToggle"));
    m_summary->setObjectName(QStringLiteral("walkSummary"));
    m_warning->setObjectName(QStringLiteral("checklistWarning"));
    m_plannedStartCheck->setObjectName(QStringLiteral("plannedStartCheck"));
    m_plannedStart->setObjectName(QStringLiteral("plannedStart"));
    m_minutes->setObjectName(QStringLiteral("plannedMinutes"));
    m_startWindow->setObjectName(QStringLiteral("startWindowButton"));
    m_timer->setObjectName(QStringLiteral("windowTimer"));
    m_timerCaption->setObjectName(QStringLiteral("windowCaption"));
    m_steps->setObjectName(QStringLiteral("checklistSteps"));
    m_stepText->setObjectName(QStringLiteral("stepText"));
    m_stepInfo->setObjectName(QStringLiteral("stepInfo"));
    m_note->setObjectName(QStringLiteral("stepNote"));
    m_runStep->setObjectName(QStringLiteral("runStepButton"));
    m_skipStep->setObjectName(QStringLiteral("skipStepButton"));
    m_exportMarkdown->setObjectName(QStringLiteral("exportMarkdownButton"));
    m_exportPdf->setObjectName(QStringLiteral("exportPdfButton"));
    m_reset->setObjectName(QStringLiteral("resetWalkButton"));

    m_checklists->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_checklists->setMinimumContentsLength(20);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::MarkdownText);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_descriptionToggle->setAutoRaise(true);
    m_descriptionToggle->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning->hide();

    // The window: when it starts (UTC, as the report shows it) and for how long.
    m_plannedStartCheck->setToolTip(tr("Plan the window's start; without one the window starts when you press "
                                       "Start window now."));
    m_plannedStart->setTimeSpec(Qt::UTC);
    m_plannedStart->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    m_plannedStart->setCalendarPopup(true);
    m_plannedStart->setDateTime(nextFiveMinutes(m_clock()));
    m_minutes->setRange(1, 24 * 60);
    m_minutes->setValue(DefaultMinutes);
    m_minutes->setSuffix(tr(" min"));
    m_minutes->setToolTip(tr("The window's planned length"));
    m_startWindow->setToolTip(tr("Start the window now, for the planned duration"));
    auto *minutesLabel = new QLabel(tr("&Duration:"), this);
    minutesLabel->setBuddy(m_minutes);

    QFont timerFont = m_timer->font();
    timerFont.setBold(true);
    timerFont.setPointSizeF(timerFont.pointSizeF() * 2.0);
    m_timer->setFont(timerFont);
    m_timer->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_timerCaption->setAlignment(Qt::AlignRight | Qt::AlignTop);
    m_timerCaption->setWordWrap(true);

    auto *windowBox = new QGroupBox(tr("Window"), this);
    auto *windowGrid = new QGridLayout(windowBox);
    windowGrid->addWidget(m_plannedStartCheck, 0, 0);
    windowGrid->addWidget(m_plannedStart, 0, 1, 1, 2);
    windowGrid->addWidget(minutesLabel, 1, 0);
    windowGrid->addWidget(m_minutes, 1, 1);
    windowGrid->addWidget(m_startWindow, 1, 2);
    windowGrid->addWidget(m_timer, 0, 3);
    windowGrid->addWidget(m_timerCaption, 1, 3);
    windowGrid->setColumnStretch(3, 1);

    m_steps->setColumnCount(ColumnCount);
    m_steps->setHeaderLabels({tr("Step"), tr("Done"), tr("Result")});
    m_steps->setItemDelegate(new WrappingDelegate(m_steps));
    m_steps->setWordWrap(true);
    m_steps->setUniformRowHeights(false);
    m_steps->setRootIsDecorated(false);
    m_steps->setItemsExpandable(false);
    m_steps->setIndentation(m_steps->fontMetrics().averageCharWidth() * 2);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    m_steps->setTextElideMode(Qt::ElideRight);
    m_steps->setAllColumnsShowFocus(true);
    QHeaderView *header = m_steps->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(StepColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(DoneColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ResultColumn, QHeaderView::Interactive);
    header->resizeSection(ResultColumn, m_steps->fontMetrics().averageCharWidth() * 24); // resizeEvent() adapts it
    // Wrapped rows change height with their column: lay the rows out again once the resizing settles.
    connect(header, &QHeaderView::sectionResized, this, [this](int column) {
        if (column == StepColumn || column == ResultColumn)
            QMetaObject::invokeMethod(m_steps, &QTreeView::doItemsLayout, Qt::QueuedConnection);
    });

    // The selected step: its full text, what it is bound to or who did it, and a note.
    m_stepText->setWordWrap(true);
    m_stepText->setTextFormat(Qt::MarkdownText);
    m_stepText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stepInfo->setWordWrap(true);
    m_stepInfo->setTextFormat(Qt::PlainText);
    m_stepInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setPlaceholderText(tr("Note for this step (saved with it; say why when skipping)"));
    m_note->setClearButtonEnabled(true);
    m_runStep->setToolTip(tr("Run the step's action through the same checks as the window's own buttons"));
    auto *noteLabel = new QLabel(tr("&Note:"), this);
    noteLabel->setBuddy(m_note);
    auto *stepBox = new QGroupBox(tr("Selected step"), this);
    auto *stepLayout = new QVBoxLayout(stepBox);
    stepLayout->addWidget(m_stepText);
    stepLayout->addWidget(m_stepInfo);
    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(noteLabel);
    noteRow->addWidget(m_note, 1);
    stepLayout->addLayout(noteRow);
    auto *stepButtons = new QHBoxLayout;
    stepButtons->addWidget(m_runStep);
    stepButtons->addWidget(m_skipStep);
    stepButtons->addStretch(1);
    stepLayout->addLayout(stepButtons);

    m_reset->setToolTip(tr("Discard this walk's checked steps, notes and results and start again"));
    auto *bottomRow = new QHBoxLayout;
    bottomRow->addWidget(m_exportMarkdown);
    bottomRow->addWidget(m_exportPdf);
    bottomRow->addStretch(1);
    bottomRow->addWidget(m_reset);

    auto *checklistLabel = new QLabel(tr("&Checklist:"), this);
    checklistLabel->setBuddy(m_checklists);
    auto *checklistRow = new QHBoxLayout;
    checklistRow->addWidget(checklistLabel);
    checklistRow->addWidget(m_checklists, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(checklistRow);
    layout->addWidget(m_title);
    auto *descriptionRow = new QHBoxLayout;
    descriptionRow->addWidget(m_description, 1);
    descriptionRow->addWidget(m_descriptionToggle, 0, Qt::AlignBottom);
    layout->addLayout(descriptionRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_warning);
    layout->addWidget(windowBox);
    layout->addWidget(m_steps, 1);
    layout->addWidget(stepBox);
    layout->addLayout(bottomRow);

    connect(m_checklists, &QComboBox::activated, this, &ChecklistPanel::onComboActivated);
    connect(m_descriptionToggle, &QToolButton::clicked, this, [this] {
        m_descriptionExpanded = !m_descriptionExpanded;
        updateDescription();
    });
    connect(m_steps, &QTreeWidget::itemChanged, this, &ChecklistPanel::onItemChanged);
    connect(m_steps, &QTreeWidget::currentItemChanged, this, &ChecklistPanel::updateDetails);
    connect(m_note, &QLineEdit::textChanged, this, &ChecklistPanel::onNoteEdited);
    connect(m_plannedStartCheck, &QCheckBox::toggled, this, &ChecklistPanel::onPlannedStartToggled);
    connect(m_plannedStart, &QDateTimeEdit::dateTimeChanged, this, &ChecklistPanel::onPlannedStartEdited);
    connect(m_minutes, &QSpinBox::valueChanged, this, &ChecklistPanel::onMinutesEdited);
    connect(m_startWindow, &QPushButton::clicked, this, &ChecklistPanel::startWindow);
    connect(m_runStep, &QPushButton::clicked, this, &ChecklistPanel::runSelectedStep);
    connect(m_skipStep, &QPushButton::clicked, this, &ChecklistPanel::skipSelectedStep);
    connect(m_exportMarkdown, &QPushButton::clicked, this, &ChecklistPanel::chooseMarkdownExport);
    connect(m_exportPdf, &QPushButton::clicked, this, &ChecklistPanel::choosePdfExport);
    connect(m_reset, &QPushButton::clicked, this, &ChecklistPanel::confirmReset);
    connect(m_tick, &QTimer::timeout, this, &ChecklistPanel::updateWindow);
    m_tick->start(1000);

    setProject(QString(), QString(), QString());
}

ChecklistPanel::~ChecklistPanel() = default;

void ChecklistPanel::setProject(const QString &projectDir, const QString &environment, const QString &database)
{
    // The same project again (it reloads on every change on disk): keep the open walk as it is.
    if (!projectDir.isEmpty() && projectDir == m_projectDir && environment == m_environment && m_checklist) {
        m_database = database;
        return;
    }
    const QString previous = m_checklist ? m_checklist->path() : QString();
    m_projectDir = projectDir;
    m_environment = environment;
    m_database = database;
    setEnabled(!projectDir.isEmpty());
    if (projectDir.isEmpty()) {
        m_checklists->clear();
        m_checklist.reset();
        m_walk.reset();
        m_walkPath.clear();
        m_checklistError.clear();
        m_walkError.clear();
        m_saveError.clear();
        fillSteps();
        return;
    }
    const QStringList available = Checklist::available(projectDir);
    QString select = available.contains(previous) ? previous : QString();
    if (select.isEmpty())
        select = available.contains(kBuiltInChecklist) ? kBuiltInChecklist : available.value(0);
    fillChecklistCombo(select);
    if (!select.isEmpty())
        openChecklist(select);
}

void ChecklistPanel::fillChecklistCombo(const QString &select)
{
    const QSignalBlocker blocker(m_checklists);
    m_checklists->clear();
    for (const QString &path : Checklist::available(m_projectDir)) {
        const QString name = QFileInfo(path).fileName();
        const bool builtIn = path.startsWith(QStringLiteral(":/"));
        m_checklists->addItem(builtIn ? tr("%1 (built-in)").arg(name) : tr("%1 (project)").arg(name), path);
        m_checklists->setItemData(m_checklists->count() - 1,
                                  builtIn ? tr("Shipped with Retort") : QDir::toNativeSeparators(path),
                                  Qt::ToolTipRole);
    }
    m_checklists->setCurrentIndex(m_checklists->findData(select));
}

bool ChecklistPanel::openChecklist(const QString &path)
{
    int index = m_checklists->findData(path);
    if (index < 0 && !path.isEmpty()) {
        const QSignalBlocker blocker(m_checklists);
        m_checklists->addItem(tr("%1 (file)").arg(QFileInfo(path).fileName()), path);
        index = m_checklists->count() - 1;
        m_checklists->setItemData(index, QDir::toNativeSeparators(path), Qt::ToolTipRole);
    }
    {
        const QSignalBlocker blocker(m_checklists);
        m_checklists->setCurrentIndex(index);
    }

    m_checklist.reset();
    m_walk.reset();
    m_walkPath.clear();
    m_checklistError.clear();
    m_walkError.clear();
    m_saveError.clear();
    if (m_projectDir.isEmpty()) {
        m_checklistError = tr("Open a project first: walks are saved in the project's folder.");
    } else {
        Result<Checklist> loaded = Checklist::load(path);
        if (loaded.ok()) {
            m_checklist = std::move(loaded).value();
            loadWalk();
        } else {
            m_checklistError = tr("Cannot read the checklist: %1").arg(loaded.error().message);
        }
    }
    fillSteps();
    Q_EMIT walkChanged();
    return m_checklist.has_value();
}

void ChecklistPanel::loadWalk()
{
    m_walkPath = ChecklistWalk::savePath(m_projectDir, m_checklist->path(), m_environment);
    if (!QFileInfo::exists(m_walkPath)) {
        m_walk = ChecklistWalk::start(*m_checklist, m_environment, m_database);
        return;
    }
    Result<ChecklistWalk> loaded = ChecklistWalk::load(m_walkPath);
    if (!loaded.ok()) {
        // Never overwrite a walk we cannot read without the user's word: Reset walk asks first.
        m_walkError = tr("The saved walk cannot be read: %1. Reset walk starts a new one and replaces the file.")
                          .arg(loaded.error().message);
        return;
    }
    m_walk = std::move(loaded).value();
    // Items added to the file since the walk began get open steps; the recorded ones stay as they are.
    if (!m_walk->matches(*m_checklist))
        m_walk->addMissingSteps(*m_checklist);
    // A walk nobody has begun describes the database as it is named now.
    if (!m_walk->startedAt.isValid())
        m_walk->database = m_database;
}

const ChecklistWalk *ChecklistPanel::walk() const
{
    return m_walk ? &*m_walk : nullptr;
}

const Checklist *ChecklistPanel::checklist() const
{
    return m_checklist ? &*m_checklist : nullptr;
}

QString ChecklistPanel::walkPath() const
{
    return m_walkPath;
}

void ChecklistPanel::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); };
    updateWindow();
}

QDateTime ChecklistPanel::now() const
{
    return m_clock().toUTC();
}

void ChecklistPanel::setPlan(const QStringList &planLines)
{
    if (!m_walk || m_walk->plan == planLines)
        return;
    m_walk->plan = planLines;
    walkEdited();
}

void ChecklistPanel::setFinalRevisions(const QStringList &revisions)
{
    if (!m_walk || m_walk->finalRevisions == revisions)
        return;
    m_walk->finalRevisions = revisions;
    walkEdited();
}

void ChecklistPanel::setBackup(const WalkBackup &backup)
{
    if (!m_walk)
        return;
    m_walk->backup = backup;
    walkEdited();
}

void ChecklistPanel::actionFinished(const QString &key, StepOutcome outcome, const QString &result, qint64 durationMs)
{
    const bool requested = m_running && m_running->key == key;
    const QString target = requested ? m_running->walkPath : m_walkPath;
    if (requested)
        m_running.reset();

    const auto apply = [&](ChecklistWalk &walk) {
        if (!walk.step(key))
            return false; // not a step of this walk: nothing to record
        walk.recordResult(key, outcome, result, durationMs);
        if (outcome == StepOutcome::Succeeded)
            walk.markDone(key, QString(), now());
        return true;
    };

    if (m_walk && target == m_walkPath) {
        apply(*m_walk);
        walkEdited();
        return;
    }
    // The user opened another checklist while the action ran: the result belongs to the walk that asked.
    if (!target.isEmpty()) {
        Result<ChecklistWalk> other = ChecklistWalk::load(target);
        if (other.ok() && apply(other.value())) {
            const Status saved = other->save(target);
            if (!saved.ok())
                m_saveError = saved.error().message;
        }
    }
    walkEdited();
}

QString ChecklistPanel::exportMarkdown(const QString &path) const
{
    if (!m_checklist || !m_walk)
        return tr("No checklist walk is open.");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(checklistReportMarkdown(*m_checklist, *m_walk).toUtf8()) < 0 ||
        !file.commit()) {
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    }
    return QString();
}

QString ChecklistPanel::exportPdf(const QString &path) const
{
    if (!m_checklist || !m_walk)
        return tr("No checklist walk is open.");
    const QString title = m_walk->environment.isEmpty()
                              ? tr("Report: %1").arg(m_checklist->title())
                              : tr("Report: %1 (%2)").arg(m_checklist->title(), m_walk->environment);
    return ChecklistReportPdf::write(checklistReportMarkdown(*m_checklist, *m_walk), path, title);
}

QString ChecklistPanel::warningText() const
{
    return m_warning->text();
}

void ChecklistPanel::resetWalk()
{
    if (!m_checklist)
        return;
    m_walk = ChecklistWalk::start(*m_checklist, m_environment, m_database);
    m_walkError.clear();
    fillSteps();
    walkEdited();
}

void ChecklistPanel::startWindow()
{
    if (!m_walk)
        return;
    m_walk->plannedStart = toSeconds(now());
    m_walk->plannedMinutes = m_minutes->value();
    walkEdited();
}

void ChecklistPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The state colours are picked for the background: pick again for a new palette.
    if (event->type() == QEvent::PaletteChange) {
        for (QTreeWidgetItemIterator it(m_steps); *it; ++it) {
            if (!(*it)->data(StepColumn, KeyRole).toString().isEmpty())
                updateStepItem(*it);
        }
        updateWindow();
        updateWarning();
    }
}

void ChecklistPanel::fillSteps()
{
    const QString selected = selectedKey();
    {
        const QScopedValueRollback<bool> updating(m_updating, true);
        m_steps->clear();
        if (m_checklist && m_walk) {
            QTreeWidgetItem *section = nullptr;
            QString sectionName;
            const QVector<ChecklistItem> &items = m_checklist->items();
            const auto addStep = [&](const QString &key, int index) {
                auto *item = section ? new QTreeWidgetItem(section) : new QTreeWidgetItem(m_steps);
                item->setData(StepColumn, KeyRole, key);
                item->setData(StepColumn, IndexRole, index);
                updateStepItem(item);
            };
            const auto addSection = [&](const QString &name) {
                section = new QTreeWidgetItem(m_steps);
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
            m_steps->expandAll();
        }
    }
    if (QTreeWidgetItem *item = itemForKey(selected))
        m_steps->setCurrentItem(item);
    updateEverything();
}

void ChecklistPanel::updateEverything()
{
    updateSectionItems();
    updateWindowControls();
    updateWindow();
    updateSummary();
    updateWarning();
    updateDetails();
    updateEnabled();
}

void ChecklistPanel::updateStepItem(QTreeWidgetItem *item)
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
    const bool running = m_running && m_running->key == key && m_running->walkPath == m_walkPath;
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
        const bool today = step->at.isValid() && step->at.toUTC().date() == now().date();
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

void ChecklistPanel::updateSectionItems()
{
    if (!m_walk)
        return;
    const QScopedValueRollback<bool> updating(m_updating, true);
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        QTreeWidgetItem *section = m_steps->topLevelItem(i);
        if (section->childCount() == 0)
            continue;
        int done = 0;
        for (int c = 0; c < section->childCount(); ++c) {
            const WalkStep *step = m_walk->step(section->child(c)->data(StepColumn, KeyRole).toString());
            if (step && step->done)
                ++done;
        }
        section->setText(StepColumn, tr("%1 — %2 of %3 done")
                                         .arg(section->data(StepColumn, SectionRole).toString())
                                         .arg(done)
                                         .arg(section->childCount()));
    }
}

void ChecklistPanel::updateDetails()
{
    const QScopedValueRollback<bool> updating(m_updating, true);
    const QString key = selectedKey();
    const WalkStep *step = m_walk && !key.isEmpty() ? m_walk->step(key) : nullptr;
    const int index = m_checklist && !key.isEmpty() ? m_checklist->indexOf(key) : -1;
    if (!step) {
        m_stepText->setText(m_walk ? tr("Select a step to add a note or run it.") : QString());
        m_stepInfo->clear();
        m_stepInfo->hide();
        m_note->clear();
        updateEnabled();
        return;
    }
    const ChecklistItem *item = index >= 0 ? &m_checklist->items().at(index) : nullptr;
    // The step's own Markdown (`code`) rendered; the number in bold as the list shows it.
    m_stepText->setText(item ? QStringLiteral("**%1.** %2").arg(index + 1).arg(item->text) : step->text);

    QStringList info;
    if (!item)
        info << tr("This step is no longer in the checklist; the walk keeps what was recorded for it.");
    else if (item->action.isNone())
        info << tr("Manual step: tick it when it is done.");
    else
        info << tr("%1. Run step runs it through the same checks as the window's buttons; ticking it without "
                   "running it needs the reason in the note.")
                    .arg(item->action.description());
    if (isSkipped(step)) {
        info << tr("Skipped (not done); Reopen Step takes the skip back.");
    } else if (step->done && (!step->by.isEmpty() || step->at.isValid())) {
        const QString by = step->by.isEmpty()     ? tr("someone")
                           : step->host.isEmpty() ? step->by
                                                  : step->by + QLatin1Char('@') + step->host;
        info << (step->at.isValid()
                     ? tr("Done by %1 at %2.").arg(by, utcText(step->at, QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                     : tr("Done by %1.").arg(by));
    } else if (step->done) {
        info << tr("Checked in the checklist file.");
    }
    if (m_running && m_running->key == key && m_running->walkPath == m_walkPath)
        info << tr("Running…");
    else if (!outcomeText(*step).isEmpty())
        info << tr("Result: %1").arg(outcomeText(*step));
    m_stepInfo->setText(info.join(QLatin1Char('\n')));
    m_stepInfo->show();
    if (m_note->text() != step->note)
        m_note->setText(step->note);
    updateEnabled();
}

void ChecklistPanel::updateWindowControls()
{
    const QScopedValueRollback<bool> updating(m_updating, true);
    const bool planned = m_walk && m_walk->plannedMinutes > 0;
    m_plannedStartCheck->setChecked(planned);
    if (planned && m_walk->windowStart().isValid())
        m_plannedStart->setDateTime(m_walk->windowStart().toUTC());
    else if (!planned)
        m_plannedStart->setDateTime(nextFiveMinutes(now()));
    if (planned)
        m_minutes->setValue(m_walk->plannedMinutes);
}

void ChecklistPanel::updateWindow()
{
    QString text = QStringLiteral("--:--");
    QString caption;
    ChecklistWalk::WindowState state = ChecklistWalk::WindowState::NotStarted;
    const QDateTime clock = now();
    const bool hasWindow = m_walk && m_walk->windowEnd().isValid();
    if (!m_walk) {
        caption.clear();
    } else if (!hasWindow) {
        caption = m_walk->plannedMinutes > 0
                      ? tr("The %1 min window starts with the first checked step").arg(m_walk->plannedMinutes)
                      : tr("No window started");
    } else {
        state = m_walk->windowState(clock);
        const qint64 remaining = m_walk->secondsRemaining(clock);
        const QDateTime start = m_walk->windowStart().toUTC();
        const QDateTime end = m_walk->windowEnd().toUTC();
        const QString range =
            tr("%1–%2 UTC")
                .arg(start.toString(start.date() == clock.date() ? QStringLiteral("HH:mm")
                                                                 : QStringLiteral("yyyy-MM-dd HH:mm")),
                     end.toString(end.date() == start.date() ? QStringLiteral("HH:mm")
                                                             : QStringLiteral("yyyy-MM-dd HH:mm")));
        caption = tr("Window %1 (%2 min)").arg(range).arg(m_walk->plannedMinutes);
        if (m_walk->isFinished())
            text = remaining >= 0 ? tr("done, %1 spare").arg(clockText(remaining))
                                  : tr("done, %1 over").arg(clockText(remaining));
        else if (state == ChecklistWalk::WindowState::NotStarted)
            text = tr("starts in %1").arg(clockText(clock.secsTo(start)));
        else if (state == ChecklistWalk::WindowState::Red)
            text = tr("%1 over").arg(clockText(remaining));
        else
            text = tr("%1 left").arg(clockText(remaining));
    }

    const QColor background = palette().color(QPalette::Window);
    QColor colour = palette().color(QPalette::WindowText);
    if (state == ChecklistWalk::WindowState::Amber)
        colour = amberOn(background);
    else if (state == ChecklistWalk::WindowState::Red)
        colour = redOn(background);
    if (m_timer->text() != text)
        m_timer->setText(text);
    if (m_timerCaption->text() != caption)
        m_timerCaption->setText(caption);
    const QString name = stateName(state);
    if (m_timer->property("windowState").toString() != name ||
        m_timer->palette().color(QPalette::WindowText) != colour) {
        m_timer->setProperty("windowState", name);
        QPalette timerPalette = m_timer->palette();
        timerPalette.setColor(QPalette::WindowText, colour);
        m_timer->setPalette(timerPalette);
    }
    m_timer->setToolTip(
        hasWindow ? tr("Planned end: %1").arg(utcText(m_walk->windowEnd(), QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                  : QString());
    const bool canStart =
        m_walk && !m_walk->isFinished() && (!hasWindow || state == ChecklistWalk::WindowState::NotStarted);
    m_startWindow->setEnabled(canStart);
}

void ChecklistPanel::updateSummary()
{
    if (!m_checklist) {
        m_title->setText(m_projectDir.isEmpty() ? tr("No project open") : tr("No checklist open"));
        m_description->clear();
        m_description->hide();
        m_descriptionToggle->hide();
        m_summary->clear();
        return;
    }
    m_title->setText(m_checklist->title());
    updateDescription();
    if (!m_walk) {
        m_summary->clear();
        return;
    }
    int done = 0;
    for (const ChecklistItem &item : m_checklist->items()) {
        const WalkStep *step = m_walk->step(item.key);
        if (step && step->done)
            ++done;
    }
    QStringList parts;
    parts << tr("Environment: %1").arg(m_walk->environment.isEmpty() ? tr("(none)") : m_walk->environment);
    if (!m_walk->database.isEmpty())
        parts << m_walk->database;
    parts << tr("%1 of %2 steps done").arg(done).arg(m_checklist->items().size());
    if (m_walk->isFinished())
        parts << tr("finished %1").arg(utcText(m_walk->finishedAt, QStringLiteral("yyyy-MM-dd HH:mm")));
    else if (m_walk->startedAt.isValid())
        parts << tr("started %1").arg(utcText(m_walk->startedAt, QStringLiteral("yyyy-MM-dd HH:mm")));
    m_summary->setText(parts.join(QStringLiteral(" · ")));
}

void ChecklistPanel::updateDescription()
{
    const QString description = m_checklist ? m_checklist->description() : QString();
    m_description->setVisible(!description.isEmpty());
    // The first paragraph says what the checklist is for; the rest is there on demand, leaving the room to the steps.
    const qsizetype paragraphEnd = description.indexOf(QLatin1String("\n\n"));
    const bool shortened = paragraphEnd >= 0 && !m_descriptionExpanded;
    m_description->setText(shortened ? description.left(paragraphEnd) : description);
    m_descriptionToggle->setVisible(paragraphEnd >= 0);
    m_descriptionToggle->setText(shortened ? tr("More…") : tr("Less"));
    m_descriptionToggle->setToolTip(shortened ? tr("Show the whole description") : tr("Show its first paragraph only"));
}

void ChecklistPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // The result column takes about a third of the list, within bounds that keep a short result on one line
    // and leave the step text most of a narrow dock.
    const int character = m_steps->fontMetrics().averageCharWidth();
    const int width = qBound(character * 14, m_steps->contentsRect().width() * 3 / 10, character * 40);
    m_steps->header()->resizeSection(ResultColumn, width);
}

void ChecklistPanel::updateWarning()
{
    QStringList errors;
    QStringList warnings;
    if (!m_checklistError.isEmpty())
        errors << m_checklistError;
    if (!m_walkError.isEmpty())
        errors << m_walkError;
    if (!m_saveError.isEmpty())
        errors << tr("The walk could not be saved: %1").arg(m_saveError);
    if (m_checklist && m_walk && !m_walk->matches(*m_checklist)) {
        warnings << tr("The checklist file changed after this walk began. The recorded steps are kept and "
                       "matched by their text; check the open steps again.");
    }
    const QStringList all = errors + warnings;
    const QString text = all.isEmpty() ? QString() : QStringLiteral("⚠ ") + all.join(QStringLiteral("\n⚠ "));
    m_warning->setText(text);
    m_warning->setVisible(!text.isEmpty());
    const QColor background = palette().color(QPalette::Window);
    QPalette warningPalette = m_warning->palette();
    warningPalette.setColor(QPalette::WindowText, errors.isEmpty() ? amberOn(background) : redOn(background));
    m_warning->setPalette(warningPalette);
}

void ChecklistPanel::updateEnabled()
{
    const QString key = selectedKey();
    const WalkStep *step = m_walk && !key.isEmpty() ? m_walk->step(key) : nullptr;
    const int index = m_checklist && step ? m_checklist->indexOf(key) : -1;
    const bool bound = index >= 0 && !m_checklist->items().at(index).action.isNone();
    const bool busy = m_running.has_value();

    m_checklists->setEnabled(!busy);
    m_plannedStartCheck->setEnabled(m_walk.has_value());
    m_plannedStart->setEnabled(m_walk && m_walk->plannedMinutes > 0);
    m_minutes->setEnabled(m_walk.has_value());
    m_steps->setEnabled(m_walk.has_value());
    m_note->setEnabled(step != nullptr);
    m_runStep->setEnabled(bound && !busy && step->outcome != StepOutcome::Succeeded);
    // The same button skips an open step and reopens a skipped one.
    const bool skipped = isSkipped(step);
    m_skipStep->setText(skipped ? tr("Re&open Step") : tr("S&kip step"));
    m_skipStep->setToolTip(skipped ? tr("Take the skip back: the step is open again")
                                   : tr("Mark the step dealt with as skipped; write the reason in the note first"));
    m_skipStep->setEnabled(index >= 0 && (!step->done || skipped) && !(busy && m_running->key == key));
    m_exportMarkdown->setEnabled(m_walk && m_checklist);
    m_exportPdf->setEnabled(m_walk && m_checklist);
    m_reset->setEnabled(m_checklist && !busy);
}

void ChecklistPanel::walkEdited()
{
    if (m_walk && !m_walkPath.isEmpty()) {
        const Status saved = m_walk->save(m_walkPath);
        m_saveError = saved.ok() ? QString() : saved.error().message;
    }
    for (QTreeWidgetItemIterator it(m_steps); *it; ++it) {
        if (!(*it)->data(StepColumn, KeyRole).toString().isEmpty())
            updateStepItem(*it);
    }
    updateEverything();
    Q_EMIT walkChanged();
}

void ChecklistPanel::onComboActivated(int index)
{
    const QString path = m_checklists->itemData(index).toString();
    if (!path.isEmpty() && (!m_checklist || m_checklist->path() != path))
        openChecklist(path);
}

void ChecklistPanel::onItemChanged(QTreeWidgetItem *item, int column)
{
    if (m_updating || column != StepColumn || !m_walk)
        return;
    const QString key = item->data(StepColumn, KeyRole).toString();
    const WalkStep *step = key.isEmpty() ? nullptr : m_walk->step(key);
    const bool checked = item->checkState(StepColumn) == Qt::Checked;
    const bool skipped = isSkipped(step);
    if (!step || (step->done == checked && !skipped)) {
        updateStepItem(item); // shows the walk's state again
        return;
    }
    if (checked) {
        const int index = m_checklist ? m_checklist->indexOf(key) : -1;
        const ChecklistAction action = index >= 0 ? m_checklist->items().at(index).action : ChecklistAction();
        if (!action.isNone() && step->outcome != StepOutcome::Succeeded) {
            // A bound step is done by running it; done another way, the report says how and why.
            if (step->note.trimmed().isEmpty()) {
                updateStepItem(item);
                m_steps->setCurrentItem(item);
                m_stepInfo->setText(m_stepInfo->text() + QLatin1Char('\n') +
                                    tr("This step is bound to an action (%1). To mark it done without running "
                                       "it, write in the note how and why it was done by hand, then tick it "
                                       "again.")
                                        .arg(action.description()));
                m_note->setFocus();
                return;
            }
            m_walk->recordResult(key, StepOutcome::DoneByHand, step->note.trimmed(), 0);
        } else if (skipped) {
            m_walk->recordResult(key, StepOutcome::NotRun, QString(), 0);
        }
        // The note typed for the step is already in the walk (onNoteEdited); markDone keeps it.
        m_walk->markDone(key, QString(), now());
    } else {
        const bool byHand = step->outcome == StepOutcome::DoneByHand;
        m_walk->undo(key);
        if (byHand) // it did not run: nothing of it stays
            m_walk->recordResult(key, StepOutcome::NotRun, QString(), 0);
    }
    m_steps->setCurrentItem(item);
    walkEdited();
}

void ChecklistPanel::onNoteEdited(const QString &text)
{
    if (m_updating || !m_walk)
        return;
    const QString key = selectedKey();
    for (WalkStep &step : m_walk->steps) {
        if (step.key != key || step.note == text)
            continue;
        step.note = text;
        const Status saved = m_walk->save(m_walkPath);
        const QString error = saved.ok() ? QString() : saved.error().message;
        if (error != m_saveError) {
            m_saveError = error;
            updateWarning();
        }
        if (QTreeWidgetItem *item = itemForKey(key))
            updateStepItem(item);
        Q_EMIT walkChanged();
        return;
    }
}

void ChecklistPanel::onPlannedStartToggled(bool on)
{
    if (m_updating || !m_walk)
        return;
    if (on) {
        m_walk->plannedStart = toSeconds(m_plannedStart->dateTime());
        m_walk->plannedMinutes = m_minutes->value();
    } else {
        m_walk->plannedStart = QDateTime();
        m_walk->plannedMinutes = 0;
    }
    walkEdited();
}

void ChecklistPanel::onPlannedStartEdited(const QDateTime &start)
{
    if (m_updating || !m_walk || !m_plannedStartCheck->isChecked())
        return;
    m_walk->plannedStart = toSeconds(start);
    walkEdited();
}

void ChecklistPanel::onMinutesEdited(int minutes)
{
    if (m_updating || !m_walk || m_walk->plannedMinutes <= 0)
        return;
    m_walk->plannedMinutes = minutes;
    walkEdited();
}

bool ChecklistPanel::runStep(const QString &key)
{
    QTreeWidgetItem *item = itemForKey(key);
    if (!item || m_running)
        return false;
    m_steps->setCurrentItem(item);
    runSelectedStep();
    return m_running.has_value() || (m_walk && m_walk->step(key) && m_walk->step(key)->outcome != StepOutcome::NotRun);
}

void ChecklistPanel::runSelectedStep()
{
    const QString key = selectedKey();
    const int index = m_checklist && m_walk ? m_checklist->indexOf(key) : -1;
    if (index < 0 || m_running)
        return;
    const ChecklistAction action = m_checklist->items().at(index).action;
    const WalkStep *step = m_walk->step(key);
    if (action.isNone() || !step || step->outcome == StepOutcome::Succeeded)
        return;
    m_running = RunningAction{key, m_walkPath};
    if (QTreeWidgetItem *item = itemForKey(key))
        updateStepItem(item);
    updateDetails();
    updateEnabled();
    // The window may answer at once (a refused gate): actionFinished() then runs inside this emit.
    Q_EMIT actionRequested(key, action);
}

void ChecklistPanel::skipSelectedStep()
{
    const QString key = selectedKey();
    const WalkStep *step = m_walk && !key.isEmpty() ? m_walk->step(key) : nullptr;
    if (isSkipped(step)) { // Reopen Step
        m_walk->undo(key);
        m_walk->recordResult(key, StepOutcome::NotRun, QString(), 0);
        walkEdited();
        return;
    }
    if (!step || step->done)
        return;
    if (step->note.trimmed().isEmpty()) {
        m_stepInfo->setText(m_stepInfo->text() + QLatin1Char('\n') +
                            tr("Write in the note why the step is skipped, then press Skip step again."));
        m_note->setFocus();
        return;
    }
    for (WalkStep &edited : m_walk->steps) {
        if (edited.key == key)
            edited.outcome = StepOutcome::Skipped;
    }
    m_walk->markDone(key, QString(), now());
    walkEdited();
}

void ChecklistPanel::confirmReset()
{
    if (!m_checklist)
        return;
    const int done = m_walk ? m_walk->doneCount() : 0;
    const QString question =
        tr("Start a new walk of “%1” for environment %2?\n\nThe current walk (%3 of %4 steps done, its notes and "
           "results) is discarded. Export its report first to keep a record.")
            .arg(m_checklist->title(), m_environment.isEmpty() ? tr("(none)") : m_environment)
            .arg(done)
            .arg(m_checklist->items().size());
    if (QMessageBox::question(this, tr("Reset Walk"), question, QMessageBox::Reset | QMessageBox::Cancel,
                              QMessageBox::Cancel) == QMessageBox::Reset) {
        resetWalk();
    }
}

QString ChecklistPanel::defaultExportPath(const QString &suffix) const
{
    const QString base = m_checklist ? QFileInfo(m_checklist->path()).completeBaseName() : QStringLiteral("checklist");
    const QString name = QStringLiteral("%1-%2-report.%3")
                             .arg(base, m_environment.isEmpty() ? QStringLiteral("default") : m_environment, suffix);
    return QDir(m_projectDir).filePath(name);
}

void ChecklistPanel::chooseMarkdownExport()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Report as Markdown"), defaultExportPath(QStringLiteral("md")),
                                     tr("Markdown (*.md);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString error = exportMarkdown(path);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export Report"), error);
}

void ChecklistPanel::choosePdfExport()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Report as PDF"), defaultExportPath(QStringLiteral("pdf")), tr("PDF (*.pdf);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString error = exportPdf(path);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export Report"), error);
}

QString ChecklistPanel::selectedKey() const
{
    const QTreeWidgetItem *item = m_steps->currentItem();
    return item ? item->data(StepColumn, KeyRole).toString() : QString();
}

QTreeWidgetItem *ChecklistPanel::itemForKey(const QString &key) const
{
    if (key.isEmpty())
        return nullptr;
    for (QTreeWidgetItemIterator it(m_steps); *it; ++it) {
        if ((*it)->data(StepColumn, KeyRole).toString() == key)
            return *it;
    }
    return nullptr;
}

} // namespace retort::ui
