// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistReportPdf.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSet>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>

#include <limits>
#include <memory>

namespace retort::ui {

namespace {

constexpr qreal BodyPointSize = 10.0;
constexpr qreal TablePointSize = 9.0;
constexpr qreal CodePointSize = 9.0;

// Relative widths (percent) of the report's step table: # | Step | Done | Who | When | Result | Duration | Note.
// Sized for 9 pt text on A4 landscape: a time stamp and "Duration" fit on one line, the step text gets the most room.
const QVector<int> kStepColumnPercents{3, 30, 5, 11, 15, 16, 8, 12};

void collectTables(QTextFrame *frame, QVector<QTextTable *> &tables)
{
    for (QTextFrame *child : frame->childFrames()) {
        if (auto *table = qobject_cast<QTextTable *>(child))
            tables.append(table);
        collectTables(child, tables);
    }
}

// Markdown tables come out with a thick double border and no padding; rule them like a report.
void styleTable(QTextTable *table)
{
    // The Markdown importer merges an empty cell into the filled one before it, so a step with no result
    // would show its time stamp across the Result and Duration columns: split them back into their columns.
    for (int row = 0; row < table->rows(); ++row) {
        for (int column = 0; column < table->columns(); ++column) {
            const QTextTableCell cell = table->cellAt(row, column);
            if (cell.column() == column && cell.row() == row && (cell.columnSpan() > 1 || cell.rowSpan() > 1))
                table->splitCell(row, column, 1, 1);
        }
    }

    QTextTableFormat format = table->format();
    format.setBorder(1);
    format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    format.setBorderBrush(QColor(0x8c, 0x8c, 0x8c));
    format.setBorderCollapse(true);
    format.setCellSpacing(0);
    format.setCellPadding(3);
    format.setTopMargin(4);
    format.setBottomMargin(8);
    format.setWidth(QTextLength(QTextLength::PercentageLength, 100));
    format.setHeaderRowCount(1); // repeated at the top of each page the table continues on
    if (table->columns() == kStepColumnPercents.size()) {
        QVector<QTextLength> widths;
        for (int percent : kStepColumnPercents)
            widths.append(QTextLength(QTextLength::PercentageLength, percent));
        format.setColumnWidthConstraints(widths);
    }
    table->setFormat(format);

    // A step per row: a point smaller than the body, so eight columns fit the page's width.
    QTextCursor cells(table->document());
    cells.setPosition(table->firstPosition());
    cells.setPosition(table->lastPosition(), QTextCursor::KeepAnchor);
    QTextCharFormat smaller;
    smaller.setFontPointSize(TablePointSize);
    cells.mergeCharFormat(smaller);

    // The header row on a light shade: the PDF is paper, always white, so fixed colours are right here.
    for (int column = 0; column < table->columns(); ++column) {
        QTextTableCell cell = table->cellAt(0, column);
        QTextTableCellFormat cellFormat = cell.format().toTableCellFormat();
        cellFormat.setBackground(QColor(0xec, 0xee, 0xf1));
        cell.setFormat(cellFormat);
    }
}

// Inline code and code blocks: the system's fixed font, one point smaller than the body so it sits level.
// Headings follow lists and tables closely out of the importer; give each section some air above.
void spaceHeadings(QTextDocument &document)
{
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        const int level = block.blockFormat().headingLevel();
        if (level < 2)
            continue;
        QTextCursor cursor(block);
        QTextBlockFormat format = block.blockFormat();
        format.setTopMargin(level == 2 ? 14 : 8);
        format.setBottomMargin(4);
        cursor.setBlockFormat(format);
    }
}

void sizeCode(QTextDocument &document)
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QTextCharFormat format = fragment.charFormat();
            if (!format.fontFixedPitch() && !block.blockFormat().nonBreakableLines())
                continue;
            format.setFontFamilies(fixed.families());
            format.setFontFixedPitch(true);
            format.setFontPointSize(CodePointSize);
            QTextCursor cursor(&document);
            cursor.setPosition(fragment.position());
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.setCharFormat(format);
        }
    }
}

} // namespace

void ChecklistReportPdf::fillDocument(QTextDocument &document, const QString &markdown)
{
    QFont font = QGuiApplication::font();
    font.setPointSizeF(BodyPointSize);
    document.setDefaultFont(font);
    // Paths and revision lists have no spaces to break at; a narrow cell breaks them anywhere rather than clip.
    QTextOption option = document.defaultTextOption();
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    document.setDefaultTextOption(option);
    // GitHub's dialect as GitHub renders it: Qt's also underlines _text_, which the report means as emphasis.
    constexpr int Underline = 0x4000; // md4c's MD_FLAG_UNDERLINE, part of Qt's MarkdownDialectGitHub
    document.setMarkdown(
        markdown, QTextDocument::MarkdownFeatures(QFlag(int(QTextDocument::MarkdownDialectGitHub) & ~Underline)));

    // One edit: the layout follows once, not after each of the many format changes below.
    QTextCursor edit(&document);
    edit.beginEditBlock();
    // A 2 cm margin, in the 96-dpi units the layout scales to its device (the PDF's 300 dpi).
    QTextFrameFormat frame = document.rootFrame()->frameFormat();
    frame.setMargin(2.0 / 2.54 * 96.0);
    document.rootFrame()->setFrameFormat(frame);

    QVector<QTextTable *> tables;
    collectTables(document.rootFrame(), tables);
    for (QTextTable *table : std::as_const(tables))
        styleTable(table);
    sizeCode(document);
    spaceHeadings(document);
    edit.endEditBlock();
}

namespace {

// The vertical extent of a table row, from the blocks of its cells (padding aside).
struct RowExtent
{
    qreal top = 0;
    qreal bottom = 0;
};

RowExtent rowExtent(const QTextDocument &document, QTextTable *table, int row)
{
    QAbstractTextDocumentLayout *layout = document.documentLayout();
    RowExtent extent{std::numeric_limits<qreal>::max(), 0};
    for (int column = 0; column < table->columns(); ++column) {
        const QTextTableCell cell = table->cellAt(row, column);
        const QTextBlock first = document.findBlock(cell.firstPosition());
        const QTextBlock last = document.findBlock(cell.lastPosition());
        extent.top = qMin(extent.top, layout->blockBoundingRect(first).top());
        extent.bottom = qMax(extent.bottom, layout->blockBoundingRect(last).bottom());
    }
    return extent;
}

QVector<QTextTable *> tablesOf(const QTextDocument &document)
{
    QVector<QTextTable *> tables;
    collectTables(document.rootFrame(), tables);
    return tables;
}

} // namespace

namespace {

// A paragraph of its own that starts a new page: between the parts of a table split where a row would
// cross a page's foot. A word joiner, so the paragraph is not empty (an empty one is hidden by tables).
const QString kPageBreakMarker = QStringLiteral("\u2060");

// The Markdown again, each table split before the rows in `breakBefore` (line numbers), its header row
// repeated after the break. `rowLines` receives, per table of the result in order, the line each row
// came from (the header's line for a repeated header).
QString splitTables(const QStringList &lines, const QSet<int> &breakBefore, QVector<QVector<int>> *rowLines)
{
    QStringList out;
    rowLines->clear();
    int headerLine = -1; // the current table's header; its separator follows it
    for (int i = 0; i < lines.size(); ++i) {
        const bool tableLine = lines[i].startsWith(u'|');
        if (!tableLine) {
            headerLine = -1;
            out << lines[i];
            continue;
        }
        if (headerLine < 0) { // a table starts: its header and separator
            headerLine = i;
            if (breakBefore.contains(i))
                out << QString() << kPageBreakMarker << QString();
            rowLines->append(QVector<int>{i});
            out << lines[i];
            continue;
        }
        if (i == headerLine + 1) {
            out << lines[i];
            continue;
        }
        if (breakBefore.contains(i)) {
            out << QString() << kPageBreakMarker << QString() << lines[headerLine] << lines[headerLine + 1];
            rowLines->append(QVector<int>{headerLine});
        }
        rowLines->last().append(i);
        out << lines[i];
    }
    return out.join(u'\n');
}

// The markers start new pages and take almost no room.
void applyPageBreakMarkers(QTextDocument &document)
{
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (block.text() != kPageBreakMarker)
            continue;
        QTextCursor cursor(block);
        QTextBlockFormat format = block.blockFormat();
        format.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
        format.setTopMargin(0);
        format.setBottomMargin(0);
        format.setLineHeight(1, QTextBlockFormat::FixedHeight);
        cursor.setBlockFormat(format);
    }
}

} // namespace

std::unique_ptr<QTextDocument> ChecklistReportPdf::paginate(const QString &markdown, QPaintDevice *device,
                                                            const QSizeF &page)
{
    const QStringList lines = markdown.split(u'\n');
    QSet<int> breakBefore;
    QVector<QVector<int>> rowLines;
    // Each pass moves the first row that crosses a page's foot to the next page, then lays out again; the
    // rows before it stay where they are, so this ends after at most one pass per row.
    for (int pass = 0;; ++pass) {
        // A new document each pass, filled before it has a layout: importing into a laid-out document lays
        // it out again for every cell.
        auto document = std::make_unique<QTextDocument>();
        fillDocument(*document, splitTables(lines, breakBefore, &rowLines));
        applyPageBreakMarkers(*document);
        document->documentLayout()->setPaintDevice(device);
        document->setPageSize(page);
        int crossing = -1;
        const QVector<QTextTable *> tables = tablesOf(*document);
        for (int t = 0; t < tables.size() && t < rowLines.size() && crossing < 0; ++t) {
            for (int row = 0; row < tables[t]->rows() && row < rowLines[t].size(); ++row) {
                const RowExtent extent = rowExtent(*document, tables[t], row);
                const bool crosses = int(extent.top / page.height()) != int(extent.bottom / page.height());
                // A row taller than most of a page breaks wherever it must; moving it would not help.
                if (!crosses || extent.bottom - extent.top >= page.height() * 0.8)
                    continue;
                // A header that would stand alone at a page's foot goes with its first row.
                const int line = row <= 1 ? rowLines[t][0] : rowLines[t][row];
                if (!breakBefore.contains(line))
                    crossing = line;
                break;
            }
        }
        if (crossing < 0 || pass >= lines.size())
            return document;
        breakBefore.insert(crossing);
    }
}

QVector<ChecklistReportPdf::RowPages> ChecklistReportPdf::rowPages(const QTextDocument &document)
{
    QVector<RowPages> pages;
    const qreal pageHeight = document.pageSize().height();
    for (QTextTable *table : tablesOf(document)) {
        for (int row = 0; row < table->rows(); ++row) {
            const RowExtent extent = rowExtent(document, table, row);
            pages.append({int(extent.top / pageHeight), int(extent.bottom / pageHeight)});
        }
    }
    return pages;
}

QString ChecklistReportPdf::write(const QString &markdown, const QString &path, const QString &title)
{
    {
        // QPdfWriter says nothing when it cannot open the file; find out first, with the system's reason.
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly))
            return tr("Cannot write %1: %2").arg(path, probe.errorString());
    }
    {
        QPdfWriter writer(path);
        writer.setPageSize(QPageSize(QPageSize::A4));
        // Landscape: the steps table has eight columns, and a step's text reads best on a line or two.
        writer.setPageOrientation(QPageLayout::Landscape);
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
        writer.setResolution(300);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Retort"));
        // Laid out for the PDF's pages (its resolution, a 2 cm margin), so rows can be kept whole on them.
        const QSizeF page(writer.width(), writer.height());
        const std::unique_ptr<QTextDocument> paginated = paginate(markdown, &writer, page);
        QTextDocument &document = *paginated;
        document.setMetaInformation(QTextDocument::DocumentTitle, title);
        const qreal margin = 2.0 / 2.54 * writer.logicalDpiY();

        QPainter painter(&writer);
        const int pages = document.pageCount();
        QFont numberFont = document.defaultFont();
        numberFont.setPointSizeF(numberFont.pointSizeF() * 0.9);
        for (int index = 0; index < pages; ++index) {
            if (index > 0)
                writer.newPage();
            painter.save();
            const QRectF view(0, index * page.height(), page.width(), page.height());
            painter.translate(0, -view.top());
            QAbstractTextDocumentLayout::PaintContext context;
            context.clip = view;
            document.documentLayout()->draw(&painter, context);
            painter.restore();
            // The page number at the foot, right, inside the margin.
            painter.setFont(numberFont);
            painter.drawText(QRectF(0, page.height() - margin, page.width() - margin, margin * 0.6),
                             Qt::AlignRight | Qt::AlignBottom, QString::number(index + 1));
        }
    }
    QFile written(path);
    if (!written.open(QIODevice::ReadOnly) || written.size() == 0 || written.read(4) != "%PDF")
        return tr("Cannot write %1: the PDF came out empty").arg(path);
    return QString();
}

} // namespace retort::ui
