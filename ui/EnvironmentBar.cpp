// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/EnvironmentBar.h"

#include "core/TextFormat.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace retort::ui {

EnvironmentBar::EnvironmentBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("environmentBar"));
    auto *row = new QHBoxLayout;
    row->setContentsMargins(8, 6, 8, 6);
    row->setSpacing(10);
    auto *label = new QLabel(tr("&Environment:"), this);
    m_environmentCombo = new QComboBox(this);
    m_environmentCombo->setObjectName(QStringLiteral("environmentCombo"));
    m_environmentCombo->setMinimumContentsLength(12);
    label->setBuddy(m_environmentCombo);
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_connectionLabel->setMaximumWidth(420);
    m_cancelConnection = new QToolButton(this);
    m_cancelConnection->setObjectName(QStringLiteral("cancelConnectionButton"));
    m_cancelConnection->setText(tr("Cancel"));
    m_cancelConnection->setToolTip(tr("Stop waiting for this database (switching environments works meanwhile too)"));
    m_cancelConnection->hide();
    connect(m_cancelConnection, &QToolButton::clicked, this, &EnvironmentBar::cancelConnectionRequested);
    m_currentLabel = new QLabel(this);
    m_currentLabel->setObjectName(QStringLiteral("currentRevisionLabel"));
    m_currentLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_targetLabel = new QLabel(this);
    m_targetLabel->setObjectName(QStringLiteral("targetLabel"));
    row->addWidget(label);
    row->addWidget(m_environmentCombo);
    row->addWidget(m_connectionLabel);
    row->addWidget(m_cancelConnection);
    row->addSpacing(12);
    row->addWidget(m_currentLabel);
    row->addStretch(1);
    row->addWidget(m_targetLabel);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("productionBanner"));
    m_banner->setAlignment(Qt::AlignCenter);
    m_banner->setWordWrap(true); // a long path or reason must not set the window's width
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #c62828; color: white; font-weight: bold; "
                                           "font-size: 13pt; padding: 6px; }"));
    m_banner->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(row);
    layout->addWidget(m_banner);

    connect(m_environmentCombo, &QComboBox::currentTextChanged, this, [this](const QString &name) {
        if (!name.isEmpty() && m_hasEnvironments)
            Q_EMIT environmentSelected(name);
    });
    setTarget(QStringLiteral("head"));
}

void EnvironmentBar::setEnvironments(const QStringList &names, const QString &current)
{
    const QSignalBlocker blocker(m_environmentCombo);
    m_environmentCombo->clear();
    m_environmentCombo->addItems(names);
    m_environmentCombo->setCurrentText(current);
    m_environmentCombo->setToolTip(QString());
    if (!m_hasEnvironments) // off while it showed a database's source (never during a run: no project opens then)
        m_environmentCombo->setEnabled(true);
    m_hasEnvironments = true;
}

void EnvironmentBar::setDatabaseSource(const QString &source, const QString &explanation)
{
    const QSignalBlocker blocker(m_environmentCombo);
    m_environmentCombo->clear();
    m_environmentCombo->addItem(source);
    m_environmentCombo->setToolTip(explanation);
    m_environmentCombo->setEnabled(false);
    m_hasEnvironments = false;
}

void EnvironmentBar::setSelectionEnabled(bool enabled)
{
    m_environmentCombo->setEnabled(enabled && m_hasEnvironments);
}

void EnvironmentBar::setConnectionState(ConnectionState state, const QString &detail)
{
    struct Look
    {
        QString mark;
        QString word;
        QString colour;
    };
    const Look look = [state]() -> Look {
        switch (state) {
        case ConnectionState::Connecting:
            return {QStringLiteral("◌"), tr("connecting…"), QStringLiteral("#8d6e00")};
        case ConnectionState::Connected:
            return {QStringLiteral("●"), tr("connected"), QStringLiteral("#2e7d32")};
        case ConnectionState::Failed:
            return {QStringLiteral("✖"), tr("failed"), QStringLiteral("#c62828")};
        case ConnectionState::TimedOut:
            return {QStringLiteral("⧗"), tr("timed out"), QStringLiteral("#e65100")};
        case ConnectionState::Unknown:
            break;
        }
        return {QStringLiteral("○"), tr("not connected"), QStringLiteral("#616161")};
    }();
    // One line, elided: a driver's message can run over several lines; the tooltip has it all.
    const QString summary = firstLine(detail);
    const bool sayDetail = !summary.isEmpty() && state != ConnectionState::Connecting;
    const QString shown = sayDetail ? QStringLiteral("%1 %2: %3").arg(look.mark, look.word, summary)
                                    : QStringLiteral("%1 %2").arg(look.mark, look.word);
    m_connectionLabel->setText(
        m_connectionLabel->fontMetrics().elidedText(shown, Qt::ElideRight, m_connectionLabel->maximumWidth()));
    m_connectionLabel->setToolTip(detail.isEmpty() ? look.word : look.word + QStringLiteral(": ") + detail);
    m_connectionLabel->setStyleSheet(QStringLiteral("color: %1;").arg(look.colour));
    m_cancelConnection->setVisible(state == ConnectionState::Connecting);
}

void EnvironmentBar::setCurrentRevisions(const QString &text)
{
    m_currentLabel->setText(tr("Current: %1").arg(text));
}

void EnvironmentBar::setTarget(const QString &identifier)
{
    m_targetLabel->setText(tr("Target: %1").arg(identifier));
}

void EnvironmentBar::setProduction(bool production, const QString &environment, const QString &url)
{
    m_environmentCombo->setToolTip(url);
    m_banner->setText(tr("PRODUCTION — %1: %2").arg(environment, url));
    m_banner->setToolTip(m_banner->text());
    m_banner->setVisible(production);
}

} // namespace retort::ui
