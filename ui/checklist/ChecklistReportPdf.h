// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QVector>

#include <memory>

class QPaintDevice;
class QSizeF;
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
    // Give it a document without a layout yet (documentLayout() not called): importing into a laid-out
    // document is slow.
    static void fillDocument(QTextDocument &document, const QString &markdown);
    // A document of `markdown` as fillDocument() makes it, laid out on `device` in pages of `page` (device
    // units), with each table row whole on one page: a table is split before a row that would cross a
    // page's foot, its header row repeated on the next page. A row taller than most of a page may break.
    static std::unique_ptr<QTextDocument> paginate(const QString &markdown, QPaintDevice *device, const QSizeF &page);
    // The page, in the document's coordinates, each row of each table spans (first and last), in document
    // order: for tests, and to check paginate().
    struct RowPages
    {
        int first = 0;
        int last = 0;
    };
    static QVector<RowPages> rowPages(const QTextDocument &document);

    // Writes the PDF to `path`, with `title` as its document title. Returns an error message naming the
    // file, or an empty string on success; the written file is checked to be a non-empty PDF.
    static QString write(const QString &markdown, const QString &path, const QString &title);
};

} // namespace retort::ui
