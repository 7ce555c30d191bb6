// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

class QTextDocument;

namespace retort::ui {

// Renders a checklist report (checklistReportMarkdown()) to a PDF: A4 landscape, 2 cm margins, a 10 pt
// body font, tables with ruled cells and a shaded header row, page numbers at the foot of each page.
// Uses QTextDocument and QPdfWriter only (QtGui), so it needs no printer support. GUI thread only.
class ChecklistReportPdf
{
    Q_DECLARE_TR_FUNCTIONS(ChecklistReportPdf)

public:
    // Fills `document` with `markdown` laid out as the PDF shows it (fonts, table borders, column widths).
    static void fillDocument(QTextDocument &document, const QString &markdown);

    // Writes the PDF to `path`, with `title` as its document title. Returns an error message naming the
    // file, or an empty string on success; the written file is checked to be a non-empty PDF.
    static QString write(const QString &markdown, const QString &path, const QString &title);
};

} // namespace retort::ui
