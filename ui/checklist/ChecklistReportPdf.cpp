// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistReportPdf.h"

#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>

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

    QVector<QTextTable *> tables;
    collectTables(document.rootFrame(), tables);
    for (QTextTable *table : std::as_const(tables))
        styleTable(table);
    sizeCode(document);
    spaceHeadings(document);
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
        // QTextDocument::print() lays the text out inside a 2 cm margin of its own and numbers the pages.
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
        writer.setResolution(300);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Retort"));
        QTextDocument document;
        document.setMetaInformation(QTextDocument::DocumentTitle, title);
        fillDocument(document, markdown);
        document.print(&writer);
    }
    QFile written(path);
    if (!written.open(QIODevice::ReadOnly) || written.size() == 0 || written.read(4) != "%PDF")
        return tr("Cannot write %1: the PDF came out empty").arg(path);
    return QString();
}

} // namespace retort::ui
