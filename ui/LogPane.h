// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPlainTextEdit>

namespace retort::ui {

// The read-only run log. Progress reads as the command line prints it:
// "[2/7] Running upgrade a -> b, message ... done in 4 ms". GUI thread only.
class LogPane : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit LogPane(QWidget *parent = nullptr);

    void appendLine(const QString &line);
    // Opens a step's line; stepFinished() completes it unless another line came in between.
    void appendStepStarted(int number, int count, const QString &description);
    void appendStepFinished(qint64 milliseconds);

private:
    void showLatest();

    bool m_stepLineOpen = false;
};

} // namespace retort::ui
