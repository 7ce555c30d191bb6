// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;

namespace retort::ui {

// A non-modal, dismissible error message across the window (never a dialog that blocks).
// Hidden until showMessage(). GUI thread only.
class ErrorStrip : public QWidget
{
    Q_OBJECT

public:
    explicit ErrorStrip(QWidget *parent = nullptr);

    void showMessage(const QString &message);
    void dismiss();
    QString message() const;

private:
    QLabel *m_text = nullptr;
};

} // namespace retort::ui
