// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ErrorStrip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace retort::ui {

ErrorStrip::ErrorStrip(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("errorStrip"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(QStringLiteral("#errorStrip { background: #fdecea; border-bottom: 1px solid #e57373; }"
                                 "#errorStrip QLabel { color: #8b1a1a; }"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("errorText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &ErrorStrip::dismiss);
    layout->addWidget(m_text, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void ErrorStrip::showMessage(const QString &message)
{
    m_text->setText(message);
    show();
}

void ErrorStrip::dismiss()
{
    hide();
    m_text->clear();
}

QString ErrorStrip::message() const
{
    return m_text->text();
}

} // namespace retort::ui
