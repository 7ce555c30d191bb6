// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QStringList>

#include <optional>

class QListWidget;

namespace retort::ui {

// Which configuration of an alembic.ini to open when it holds several (sections that set
// script_location): the window's counterpart of the CLI's -n. A list of the sections, the one Alembic
// reads by default ("alembic") chosen first; double-click or OK opens, Cancel opens nothing.
class AlembicSectionDialog : public QDialog
{
    Q_OBJECT

public:
    // What to ask about a path given to Open: the alembic.ini it opens and its sections that set
    // script_location. Nothing to ask (nullopt) for a retort.ini (its [retort] section is the project), a
    // folder holding one, an alembic.ini with one such section or none, or a file that cannot be read
    // (opening it says why, as the CLI does). A folder opens its alembic.ini as ProjectConfig::load does.
    struct Choice
    {
        QString iniPath;
        QStringList sections; // in file order, two or more
    };
    static std::optional<Choice> choiceFor(const QString &path);

    AlembicSectionDialog(const Choice &choice, QWidget *parent = nullptr);
    QString section() const; // the one selected

    // Shows the dialog; the section, or nothing when cancelled.
    static std::optional<QString> ask(const Choice &choice, QWidget *parent);

private:
    QListWidget *m_list;
};

} // namespace retort::ui
