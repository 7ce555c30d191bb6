// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checklist/ChecklistWalk.h"

#include <QDateTime>
#include <QGroupBox>

#include <functional>

class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;

namespace retort::ui {

// The maintenance window of a checklist walk: its planned start (UTC, as the report shows it) and
// length, Start window now, and a timer against the plan that turns amber near the end and red after
// it. It edits nothing itself: changes are asked for with windowPlanned() / startNowRequested(), and
// the panel that owns the walk shows it again with showWalk(). Ticks every second. GUI thread only.
class ChecklistWindowBox : public QGroupBox
{
    Q_OBJECT

public:
    explicit ChecklistWindowBox(std::function<QDateTime()> now, QWidget *parent = nullptr);

    // The walk to show (nullptr: none open); not owned, read until the next call.
    void showWalk(const ChecklistWalk *walk);
    // The timer and its colours again (a new clock, a new palette).
    void refresh();
    // The length the Duration box holds (the walk's, or the one offered for a new window).
    int plannedMinutes() const;

Q_SIGNALS:
    // A planned window (`start` in UTC, `minutes` long), or none (invalid start, 0 minutes).
    void windowPlanned(const QDateTime &start, int minutes);
    void startNowRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void showPlan();

    std::function<QDateTime()> m_now;
    const ChecklistWalk *m_walk = nullptr;
    bool m_updating = false; // writing into its own widgets: ignore their change signals
    QCheckBox *m_plannedStartCheck;
    QDateTimeEdit *m_plannedStart;
    QSpinBox *m_minutes;
    QPushButton *m_startWindow;
    QLabel *m_timer;
    QLabel *m_timerCaption;
    QTimer *m_tick;
};

} // namespace retort::ui
