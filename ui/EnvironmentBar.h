// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/DatabaseReader.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

namespace retort::ui {

// The strip above the workspace: environment picker, connection state, current revision(s),
// the run target, and below them the red production banner. It only displays what it is
// given; EnvironmentHeader feeds it from ProjectSession. GUI thread only.
class EnvironmentBar : public QWidget
{
    Q_OBJECT

public:
    explicit EnvironmentBar(QWidget *parent = nullptr);

    // Replaces the choices without emitting environmentSelected.
    void setEnvironments(const QStringList &names, const QString &current);
    // A project without environments (an alembic.ini): the picker shows, unchangeable, where the database
    // comes from instead ("DATABASE_URL", "sqlalchemy.url (alembic.ini:12)"), and why in its tooltip.
    void setDatabaseSource(const QString &source, const QString &explanation);
    void setSelectionEnabled(bool enabled);
    // A mark, a word and a colour per state, the detail after it (its first line; all of it in the
    // tooltip), and a Cancel button while connecting.
    void setConnectionState(retort::ui::ConnectionState state, const QString &detail);
    void setCurrentRevisions(const QString &text);
    void setTarget(const QString &identifier);
    // `url` must already be masked; it is shown as is.
    void setProduction(bool production, const QString &environment, const QString &url);

Q_SIGNALS:
    void environmentSelected(const QString &name);
    void cancelConnectionRequested();

private:
    QComboBox *m_environmentCombo = nullptr;
    bool m_hasEnvironments = false; // false: the combo shows the database's source, nothing to choose
    QLabel *m_connectionLabel = nullptr;
    QToolButton *m_cancelConnection = nullptr;
    QLabel *m_currentLabel = nullptr;
    QLabel *m_targetLabel = nullptr;
    QLabel *m_banner = nullptr;
};

} // namespace retort::ui
