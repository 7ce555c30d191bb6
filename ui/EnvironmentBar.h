// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;

namespace retort::ui {

// The strip above the workspace: environment picker, connection state, current revision(s),
// the run target, and below them the red production banner. It only displays what it is
// given; MainWindow feeds it from ProjectSession. GUI thread only.
class EnvironmentBar : public QWidget
{
    Q_OBJECT

public:
    explicit EnvironmentBar(QWidget *parent = nullptr);

    // Replaces the choices without emitting environmentSelected.
    void setEnvironments(const QStringList &names, const QString &current);
    void setSelectionEnabled(bool enabled);
    void setConnectionState(const QString &text, bool ok);
    void setCurrentRevisions(const QString &text);
    void setTarget(const QString &identifier);
    // `url` must already be masked; it is shown as is.
    void setProduction(bool production, const QString &environment, const QString &url);

Q_SIGNALS:
    void environmentSelected(const QString &name);

private:
    QComboBox *m_environmentCombo = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_currentLabel = nullptr;
    QLabel *m_targetLabel = nullptr;
    QLabel *m_banner = nullptr;
};

} // namespace retort::ui
