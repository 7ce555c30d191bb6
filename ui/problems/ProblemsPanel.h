// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Diagnostic.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace retort::ui {

// What is wrong with the open project, one row per problem: errors (a file left out of the graph, a
// retort.ini that cannot be read) before warnings, each with its file (relative to the project), line
// and message. Activating a row (double-click, Enter) asks to open the file at that line.
class ProblemsPanel : public QWidget
{
    Q_OBJECT

public:
    enum Column
    {
        SeverityColumn,
        FileColumn,
        LineColumn,
        MessageColumn
    };

    explicit ProblemsPanel(QWidget *parent = nullptr);

    // `projectFolder` shortens the file names shown (the full path is in each row's tooltip).
    void setProblems(const Diagnostics &problems, const QString &projectFolder);
    int errorCount() const { return m_errors; }
    int warningCount() const { return m_warnings; }
    // "2 errors, 1 warning", for a dock's title.
    QString summary() const;

Q_SIGNALS:
    void openRequested(const QString &file, int line);

private:
    void activate(QTreeWidgetItem *item);

    QLabel *m_heading;
    QTreeWidget *m_list;
    int m_errors = 0;
    int m_warnings = 0;
};

} // namespace retort::ui
