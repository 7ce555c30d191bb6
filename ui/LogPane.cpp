// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/LogPane.h"

#include <QFontDatabase>
#include <QScrollBar>
#include <QTextCursor>

namespace retort::ui {

LogPane::LogPane(QWidget *parent) : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("logPane"));
    setReadOnly(true);
    setMaximumBlockCount(5000);
    // Long lines (a database's error, a path) wrap: every line reads from its start, none hides off to the right.
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setPlaceholderText(tr("Run output appears here."));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
}

void LogPane::appendLine(const QString &line)
{
    m_stepLineOpen = false;
    appendPlainText(line);
    showLatest();
}

void LogPane::showLatest()
{
    // The newest line in sight, from its start, wherever the user had scrolled.
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    horizontalScrollBar()->setValue(0);
}

void LogPane::appendStepStarted(int number, int count, const QString &description)
{
    appendLine(QStringLiteral("[%1/%2] Running %3 ...").arg(number).arg(count).arg(description));
    m_stepLineOpen = true;
}

void LogPane::appendStepFinished(qint64 milliseconds)
{
    const QString done = QStringLiteral("done in %1 ms").arg(milliseconds);
    if (!m_stepLineOpen) {
        appendLine(done);
        return;
    }
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QLatin1Char(' ') + done);
    m_stepLineOpen = false;
    showLatest();
}

} // namespace retort::ui
