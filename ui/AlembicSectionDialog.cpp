// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AlembicSectionDialog.h"

#include "core/script/AlembicIni.h"
#include "core/script/ProjectConfig.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace retort::ui {

std::optional<AlembicSectionDialog::Choice> AlembicSectionDialog::choiceFor(const QString &path)
{
    QString iniPath = path;
    if (QFileInfo(path).isDir()) {
        // ProjectConfig::load's order: a retort.ini wins over the alembic.ini beside it.
        const QDir folder(path);
        if (QFileInfo(folder.filePath(QStringLiteral("retort.ini"))).isFile())
            return std::nullopt;
        iniPath = folder.filePath(QStringLiteral("alembic.ini"));
    }
    if (!QFileInfo(iniPath).isFile())
        return std::nullopt;
    const Result<AlembicIni> ini = AlembicIni::load(iniPath);
    if (!ini.ok() || ini->hasSection(QStringLiteral("retort")))
        return std::nullopt;
    Choice choice;
    choice.iniPath = ini->path();
    for (const QString &section : ini->sectionNames()) {
        if (ini->hasKey(section, QStringLiteral("script_location")))
            choice.sections << section;
    }
    if (choice.sections.size() < 2)
        return std::nullopt;
    return choice;
}

AlembicSectionDialog::AlembicSectionDialog(const Choice &choice, QWidget *parent)
    : QDialog(parent), m_list(new QListWidget(this))
{
    setWindowTitle(tr("Choose a Configuration"));
    auto *layout = new QVBoxLayout(this);
    auto *text = new QLabel(tr("%1 holds %n configuration(s). Open which one? (The command line's -n chooses "
                               "the same.)",
                               nullptr, int(choice.sections.size()))
                                .arg(QDir::toNativeSeparators(choice.iniPath)),
                            this);
    text->setWordWrap(true);
    layout->addWidget(text);
    m_list->setObjectName(QStringLiteral("sectionList"));
    m_list->addItems(choice.sections);
    const int preferred = int(choice.sections.indexOf(ProjectConfig::kDefaultAlembicSection));
    m_list->setCurrentRow(preferred >= 0 ? preferred : 0);
    layout->addWidget(m_list);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);
    // Room for the path and the title; the list as tall as its few names.
    setMinimumWidth(460);
    m_list->setMaximumHeight(m_list->sizeHintForRow(0) * int(qMin(choice.sections.size() + 1, qsizetype(12))) +
                             2 * m_list->frameWidth());
}

QString AlembicSectionDialog::section() const
{
    return m_list->currentItem() ? m_list->currentItem()->text() : QString();
}

std::optional<QString> AlembicSectionDialog::ask(const Choice &choice, QWidget *parent)
{
    AlembicSectionDialog dialog(choice, parent);
    if (dialog.exec() != QDialog::Accepted || dialog.section().isEmpty())
        return std::nullopt;
    return dialog.section();
}

} // namespace retort::ui
