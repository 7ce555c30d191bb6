// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistWindowBox.h"

#include "ui/checklist/StateColours.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QTimer>

namespace retort::ui {

namespace {

constexpr int DefaultMinutes = 30;

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

// The next five-minute mark after `time`, a plausible planned start to offer.
QDateTime nextFiveMinutes(const QDateTime &time)
{
    const qint64 step = 5 * 60;
    return QDateTime::fromSecsSinceEpoch((time.toSecsSinceEpoch() / step + 1) * step, Qt::UTC);
}
} // namespace

ChecklistWindowBox::ChecklistWindowBox(std::function<QDateTime()> now, QWidget *parent)
    : QGroupBox(tr("Window"), parent), m_now(std::move(now)),
      m_plannedStartCheck(new QCheckBox(tr("Planned &start:"), this)), m_plannedStart(new QDateTimeEdit(this)),
      m_minutes(new QSpinBox(this)), m_startWindow(new QPushButton(tr("Start &window now"), this)),
      m_timer(new QLabel(this)), m_timerCaption(new QLabel(this)), m_tick(new QTimer(this))
{
    m_plannedStartCheck->setObjectName(QStringLiteral("plannedStartCheck"));
    m_plannedStart->setObjectName(QStringLiteral("plannedStart"));
    m_minutes->setObjectName(QStringLiteral("plannedMinutes"));
    m_startWindow->setObjectName(QStringLiteral("startWindowButton"));
    m_timer->setObjectName(QStringLiteral("windowTimer"));
    m_timerCaption->setObjectName(QStringLiteral("windowCaption"));

    m_plannedStartCheck->setToolTip(tr("Plan the window's start; without one the window starts when you press "
                                       "Start window now."));
    m_plannedStart->setTimeSpec(Qt::UTC);
    m_plannedStart->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    m_plannedStart->setCalendarPopup(true);
    m_plannedStart->setDateTime(nextFiveMinutes(m_now()));
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
    m_timer->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_timerCaption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_timerCaption->setWordWrap(true);

    // The timer above the controls: side by side they would set the dock's narrowest width.
    auto *grid = new QGridLayout(this);
    grid->addWidget(m_timer, 0, 0, 1, 2);
    grid->addWidget(m_timerCaption, 0, 2, 1, 2);
    grid->addWidget(m_plannedStartCheck, 1, 0);
    grid->addWidget(m_plannedStart, 1, 1, 1, 3);
    grid->addWidget(minutesLabel, 2, 0);
    grid->addWidget(m_minutes, 2, 1);
    grid->addWidget(m_startWindow, 2, 2);
    grid->setColumnStretch(3, 1);

    connect(m_plannedStartCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_updating && m_walk)
            Q_EMIT windowPlanned(on ? ChecklistWalk::wholeSeconds(m_plannedStart->dateTime()) : QDateTime(),
                                 on ? m_minutes->value() : 0);
    });
    connect(m_plannedStart, &QDateTimeEdit::dateTimeChanged, this, [this](const QDateTime &start) {
        if (!m_updating && m_walk && m_plannedStartCheck->isChecked())
            Q_EMIT windowPlanned(ChecklistWalk::wholeSeconds(start), m_walk->plannedMinutes);
    });
    connect(m_minutes, &QSpinBox::valueChanged, this, [this](int minutes) {
        if (!m_updating && m_walk && m_walk->plannedMinutes > 0)
            Q_EMIT windowPlanned(m_walk->plannedStart, minutes);
    });
    connect(m_startWindow, &QPushButton::clicked, this, &ChecklistWindowBox::startNowRequested);
    connect(m_tick, &QTimer::timeout, this, &ChecklistWindowBox::refresh);
    m_tick->start(1000);
    showWalk(nullptr);
}

void ChecklistWindowBox::showWalk(const ChecklistWalk *walk)
{
    m_walk = walk;
    showPlan();
    refresh();
}

int ChecklistWindowBox::plannedMinutes() const
{
    return m_minutes->value();
}

void ChecklistWindowBox::showPlan()
{
    const QScopedValueRollback<bool> updating(m_updating, true);
    const bool planned = m_walk && m_walk->plannedMinutes > 0;
    m_plannedStartCheck->setChecked(planned);
    if (planned && m_walk->windowStart().isValid())
        m_plannedStart->setDateTime(m_walk->windowStart().toUTC());
    else if (!planned)
        m_plannedStart->setDateTime(nextFiveMinutes(m_now()));
    if (planned)
        m_minutes->setValue(m_walk->plannedMinutes);
    m_plannedStartCheck->setEnabled(m_walk != nullptr);
    m_plannedStart->setEnabled(planned);
    m_minutes->setEnabled(m_walk != nullptr);
}

void ChecklistWindowBox::refresh()
{
    QString text = QStringLiteral("--:--");
    QString caption;
    ChecklistWalk::WindowState state = ChecklistWalk::WindowState::NotStarted;
    const QDateTime clock = m_now().toUTC();
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
        hasWindow
            ? tr("Planned end: %1 UTC").arg(m_walk->windowEnd().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
            : QString());
    const bool canStart =
        m_walk && !m_walk->isFinished() && (!hasWindow || state == ChecklistWalk::WindowState::NotStarted);
    m_startWindow->setEnabled(canStart);
}

void ChecklistWindowBox::changeEvent(QEvent *event)
{
    QGroupBox::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // the state colours are picked for the background
        refresh();
}

} // namespace retort::ui
