// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/problems/ProblemsPanel.h"

#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace retort::ui {

namespace {

constexpr int kPathRole = Qt::UserRole;
constexpr int kLineRole = Qt::UserRole + 1;

} // namespace

ProblemsPanel::ProblemsPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("problemsHeading"));
    m_heading->setWordWrap(true);
    layout->addWidget(m_heading);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("problemsList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setWordWrap(false);
    m_list->setHeaderLabels({tr("Severity"), tr("File"), tr("Line"), tr("Message")});
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(SeverityColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(FileColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(LineColumn, QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);
    connect(m_list, &QTreeWidget::itemActivated, this, &ProblemsPanel::activate);
    setProblems({}, QString());
}

void ProblemsPanel::setProblems(const Diagnostics &problems, const QString &projectFolder)
{
    Diagnostics sorted = problems;
    // Errors first; otherwise in the order found (file order), which is the order to fix them in.
    std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return a.severity == Diagnostic::Severity::Error && b.severity != Diagnostic::Severity::Error;
    });
    m_list->clear();
    m_errors = 0;
    m_warnings = 0;
    const QDir folder(projectFolder);
    for (const Diagnostic &problem : std::as_const(sorted)) {
        const bool error = problem.severity == Diagnostic::Severity::Error;
        (error ? m_errors : m_warnings)++;
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(SeverityColumn, error ? tr("Error") : tr("Warning"));
        item->setIcon(SeverityColumn,
                      style()->standardIcon(error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning));
        const QString file = problem.where.file;
        const QString shown = file.isEmpty() || projectFolder.isEmpty() || !file.startsWith(folder.absolutePath())
                                  ? file
                                  : folder.relativeFilePath(file);
        item->setText(FileColumn, QDir::toNativeSeparators(shown));
        item->setToolTip(FileColumn, QDir::toNativeSeparators(file));
        if (problem.where.line > 0)
            item->setText(LineColumn, QString::number(problem.where.line));
        item->setTextAlignment(LineColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(MessageColumn, problem.text);
        item->setToolTip(MessageColumn, problem.text); // long messages (a cycle's files) in full
        item->setData(SeverityColumn, kPathRole, file);
        item->setData(SeverityColumn, kLineRole, problem.where.line);
    }
    if (m_errors > 0)
        m_heading->setText(tr("The graph leaves out what these errors name, and nothing runs until they are fixed. "
                              "Double-click a row to open the file there."));
    else if (m_warnings > 0)
        m_heading->setText(tr("Warnings do not stop a run. Double-click a row to open the file there."));
    else
        m_heading->setText(tr("No problems in the project."));
}

QString ProblemsPanel::summary() const
{
    // Spelled out: the title is read at a glance, "error(s)" is not.
    const QString errors = m_errors == 1 ? tr("1 error") : tr("%1 errors").arg(m_errors);
    const QString warnings = m_warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(m_warnings);
    if (m_errors == 0 && m_warnings == 0)
        return tr("no problems");
    if (m_warnings == 0)
        return errors;
    if (m_errors == 0)
        return warnings;
    return tr("%1, %2").arg(errors, warnings);
}

void ProblemsPanel::activate(QTreeWidgetItem *item)
{
    const QString file = item->data(SeverityColumn, kPathRole).toString();
    if (!file.isEmpty())
        Q_EMIT openRequested(file, item->data(SeverityColumn, kLineRole).toInt());
}

} // namespace retort::ui
