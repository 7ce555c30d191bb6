// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/WelcomePage.h"

#include "core/DemoProject.h"
#include "ui/GuiSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace retort::ui {

namespace {

QPushButton *addButton(const QString &text, const QString &name, QWidget *page, QHBoxLayout *row)
{
    auto *button = new QPushButton(text, page);
    button->setObjectName(name);
    row->addWidget(button);
    return button;
}

QLabel *centredLabel(const QString &text, QWidget *page)
{
    auto *label = new QLabel(text, page);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    return label;
}

} // namespace

WelcomePage::WelcomePage(QWidget *parent) : QWidget(parent)
{
    // One readable column in the middle, however wide the window.
    auto *column = new QWidget(this);
    column->setMaximumWidth(640);
    auto *layout = new QVBoxLayout(column);
    auto *title = centredLabel(tr("No project open"), column);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    title->setFont(font);
    layout->addWidget(title);
    layout->addWidget(centredLabel(
        tr("Open a retort.ini, an Alembic project's alembic.ini, or a folder; or drop one onto this window."), column));

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    connect(addButton(tr("Open Project…"), QStringLiteral("openProjectButton"), column, buttons), &QPushButton::clicked,
            this, &WelcomePage::openProjectClicked);
    connect(addButton(tr("Open Folder…"), QStringLiteral("openFolderButton"), column, buttons), &QPushButton::clicked,
            this, &WelcomePage::openFolderClicked);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    layout->addSpacing(24);
    auto *demoTitle = centredLabel(tr("New to Retort?"), column);
    QFont bold = demoTitle->font();
    bold.setBold(true);
    demoTitle->setFont(bold);
    layout->addWidget(demoTitle);
    layout->addWidget(centredLabel(
        tr("The demo re-enacts a team adopting migrations on an existing SQLite database: stamp the baseline, "
           "review the pending revisions and their SQL, then upgrade. It is copied to %1 first, so your changes "
           "stay yours.")
            .arg(QDir::toNativeSeparators(DemoProject::userDirectory())),
        column));
    auto *demoRow = new QHBoxLayout;
    demoRow->addStretch(1);
    QPushButton *demo = addButton(tr("Try the Demo Project"), QStringLiteral("openDemoButton"), column, demoRow);
    demo->setDefault(true);
    connect(demo, &QPushButton::clicked, this, &WelcomePage::demoClicked);
    demoRow->addStretch(1);
    layout->addLayout(demoRow);

    m_recentBox = new QWidget(column);
    auto *recentLayout = new QVBoxLayout(m_recentBox);
    recentLayout->setContentsMargins(0, 24, 0, 0);
    auto *recentTitle = new QLabel(tr("Recent projects"), m_recentBox);
    recentTitle->setFont(bold);
    recentLayout->addWidget(recentTitle);
    m_recent = new QListWidget(m_recentBox);
    m_recent->setObjectName(QStringLiteral("recentProjects"));
    m_recent->setToolTip(tr("Double-click or press Enter to open"));
    connect(m_recent, &QListWidget::itemActivated, this, &WelcomePage::chooseRecent);
    recentLayout->addWidget(m_recent);
    layout->addWidget(m_recentBox);

    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto *centred = new QHBoxLayout;
    centred->addStretch(1);
    centred->addWidget(column);
    centred->addStretch(1);
    outer->addLayout(centred);
    outer->addStretch(2);
    refreshRecentProjects();
}

void WelcomePage::refreshRecentProjects()
{
    m_recent->clear();
    const QStringList recent = GuiSettings::recentProjects();
    for (const QString &path : recent) {
        auto *item = new QListWidgetItem(QDir::toNativeSeparators(path), m_recent);
        item->setData(Qt::UserRole, path);
        if (!QFileInfo::exists(path)) {
            item->setText(tr("%1 (no longer there)").arg(QDir::toNativeSeparators(path)));
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
        }
    }
    m_recentBox->setVisible(!recent.isEmpty());
}

void WelcomePage::showEvent(QShowEvent *event)
{
    refreshRecentProjects();
    QWidget::showEvent(event);
}

void WelcomePage::chooseRecent(QListWidgetItem *item)
{
    if (item && (item->flags() & Qt::ItemIsEnabled))
        Q_EMIT recentProjectChosen(item->data(Qt::UserRole).toString());
}

} // namespace retort::ui
