// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/editor/SqlEditor.h"

#include "ui/editor/QsciIncludes.h"

#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSaveFile>
#include <QShortcut>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace retort::ui {

namespace {

constexpr int ErrorMarker = 1;     // margin symbol on the failing line
constexpr int ErrorBackground = 2; // its line background
constexpr int ErrorIndicator = 8;  // squiggle under the failing line's text
constexpr int LineNumberMargin = 0;
constexpr int FoldMargin = 2;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

SqlEditor::SqlEditor(QWidget *parent) : QWidget(parent)
{
    m_view = new QsciScintilla(this);
    m_view->setObjectName(QStringLiteral("sqlView"));
    m_lexer = new QsciLexerSQL(m_view);
    m_lexer->setFoldComments(true);
    m_lexer->setFoldCompact(false);
    m_pythonLexer = new QsciLexerPython(m_view);
    m_pythonLexer->setFoldComments(true);
    m_pythonLexer->setFoldCompact(false);
    m_view->setLexer(m_lexer);
    m_view->setUtf8(true);
    m_view->setMarginType(LineNumberMargin, QsciScintilla::NumberMargin);
    m_view->setMarginLineNumbers(LineNumberMargin, true);
    m_view->setMarginWidth(1, 14); // the error marker's margin
    m_view->setFolding(QsciScintilla::BoxedTreeFoldStyle, FoldMargin);
    m_view->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_view->setCaretLineVisible(true);
    m_view->setIndentationsUseTabs(false);
    m_view->setTabWidth(4);
    m_view->setAutoIndent(true);
    m_view->setWrapMode(QsciScintilla::WrapNone);
    // The horizontal scroll bar follows the longest line instead of a fixed 2000 px.
    m_view->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTH, 1);
    m_view->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTHTRACKING, 1);
    m_view->markerDefine(QsciScintilla::RightArrow, ErrorMarker);
    m_view->markerDefine(QsciScintilla::Background, ErrorBackground);
    m_view->indicatorDefine(QsciScintilla::SquiggleIndicator, ErrorIndicator);

    connect(m_view, &QsciScintilla::linesChanged, this, &SqlEditor::updateMarginWidth);
    connect(m_view, &QsciScintilla::modificationChanged, this, &SqlEditor::modificationChanged);

    // The inline find bar: no dialog, it never takes the window modal.
    m_findBar = new QWidget(this);
    m_findBar->setObjectName(QStringLiteral("findBar"));
    auto *findLayout = new QHBoxLayout(m_findBar);
    findLayout->setContentsMargins(4, 2, 4, 2);
    findLayout->addWidget(new QLabel(tr("Find:"), m_findBar));
    m_findField = new QLineEdit(m_findBar);
    m_findField->setObjectName(QStringLiteral("findField"));
    m_findField->setClearButtonEnabled(true);
    findLayout->addWidget(m_findField, 1);
    auto *previous = new QToolButton(m_findBar);
    previous->setText(tr("Previous"));
    auto *next = new QToolButton(m_findBar);
    next->setText(tr("Next"));
    auto *close = new QToolButton(m_findBar);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Close (Esc)"));
    m_findStatus = new QLabel(m_findBar);
    findLayout->addWidget(previous);
    findLayout->addWidget(next);
    findLayout->addWidget(m_findStatus);
    // Replacing only makes sense in an editable revision file, not in a preview.
    m_replaceField = new QLineEdit(m_findBar);
    m_replaceField->setObjectName(QStringLiteral("replaceField"));
    m_replaceField->setPlaceholderText(tr("Replace with"));
    auto *replace = new QToolButton(m_findBar);
    replace->setText(tr("Replace"));
    auto *replaceAllButton = new QToolButton(m_findBar);
    replaceAllButton->setText(tr("Replace All"));
    m_replaceWidgets = {m_replaceField, replace, replaceAllButton};
    findLayout->addWidget(m_replaceField, 1);
    findLayout->addWidget(replace);
    findLayout->addWidget(replaceAllButton);
    findLayout->addWidget(close);
    m_findBar->hide();
    connect(replace, &QToolButton::clicked, this, [this] { replaceNext(m_findField->text(), m_replaceField->text()); });
    connect(replaceAllButton, &QToolButton::clicked, this,
            [this] { replaceAll(m_findField->text(), m_replaceField->text()); });

    connect(m_findField, &QLineEdit::returnPressed, this, [this] { findNext(m_findField->text()); });
    connect(next, &QToolButton::clicked, this, [this] { findNext(m_findField->text()); });
    connect(previous, &QToolButton::clicked, this, [this] { findNext(m_findField->text(), true); });
    connect(close, &QToolButton::clicked, this, [this] {
        m_findBar->hide();
        m_view->setFocus();
    });
    auto *findShortcut =
        new QShortcut(QKeySequence::Find, this, this, &SqlEditor::showFindBar, Qt::WidgetWithChildrenShortcut);
    Q_UNUSED(findShortcut);
    auto *findNextShortcut = new QShortcut(
        QKeySequence::FindNext, this, this, [this] { findNext(m_findField->text()); }, Qt::WidgetWithChildrenShortcut);
    Q_UNUSED(findNextShortcut);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_findBar, m_findBar, &QWidget::hide,
                                 Qt::WidgetWithChildrenShortcut);
    Q_UNUSED(escape);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_findBar);

    applyPalette();
    updateMarginWidth();
}

void SqlEditor::setText(const QString &text)
{
    clearErrorLine();
    useLexer(m_lexer); // previews and plans are SQL; showFile() picks again for its file
    m_view->setText(text);
    m_view->setModified(false);
    m_filePath.clear();
    updateMarginWidth();
}

QString SqlEditor::text() const
{
    return m_view->text();
}

bool SqlEditor::showFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setText(QString());
        return false;
    }
    const QString text = QString::fromUtf8(file.readAll());
    const bool sameFile = path == m_filePath;
    if (sameFile && !m_view->isModified() && text == m_view->text()) {
        setReadOnly(false);
        return true; // shown again after a reload: the cursor and the scroll stay where they were
    }
    // The same file changed on disk: keep the reader's place in it.
    const int firstLine = sameFile ? m_view->firstVisibleLine() : 0;
    int line = 0;
    int column = 0;
    if (sameFile)
        m_view->getCursorPosition(&line, &column);
    setText(text);
    m_filePath = path;
    if (QFileInfo(path).suffix() == QLatin1String("py"))
        useLexer(m_pythonLexer);
    if (sameFile) {
        m_view->setCursorPosition(std::min(line, std::max(0, m_view->lines() - 1)), 0);
        m_view->setFirstVisibleLine(firstLine);
    }
    setReadOnly(false);
    return true;
}

void SqlEditor::scrollToLine(int line)
{
    constexpr int context = 2;
    m_view->setFirstVisibleLine(std::max(0, line - 1 - context));
}

void SqlEditor::setLineWrap(bool wrap)
{
    m_view->setWrapMode(wrap ? QsciScintilla::WrapWord : QsciScintilla::WrapNone);
    m_view->setWrapVisualFlags(wrap ? QsciScintilla::WrapFlagByText : QsciScintilla::WrapFlagNone);
}

bool SqlEditor::showsPython() const
{
    return m_view->lexer() == m_pythonLexer;
}

void SqlEditor::useLexer(QsciLexer *lexer)
{
    if (m_view->lexer() == lexer)
        return;
    m_view->setLexer(lexer);
    applyPalette(); // setLexer() takes the lexer's colours over the view's
}

bool SqlEditor::saveTo(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(m_view->text().toUtf8());
    if (!file.commit())
        return false;
    m_filePath = path;
    m_view->setModified(false);
    return true;
}

void SqlEditor::setReadOnly(bool readOnly)
{
    m_view->setReadOnly(readOnly);
    applyPalette();
}

bool SqlEditor::isReadOnly() const
{
    return m_view->isReadOnly();
}

bool SqlEditor::isModified() const
{
    return m_view->isModified();
}

void SqlEditor::setErrorLine(int line)
{
    clearErrorLine();
    if (line <= 0 || line > m_view->lines())
        return;
    m_errorLine = line;
    const int index = line - 1;
    m_view->markerAdd(index, ErrorMarker);
    m_view->markerAdd(index, ErrorBackground);
    m_view->fillIndicatorRange(index, 0, index, m_view->text(index).length(), ErrorIndicator);
    m_view->setCursorPosition(index, 0);
    m_view->ensureLineVisible(index);
    // Centre the line where the view is tall enough, so the context above it is visible too.
    m_view->setFirstVisibleLine(qMax(0, index - m_view->SendScintilla(QsciScintillaBase::SCI_LINESONSCREEN) / 2));
}

void SqlEditor::clearErrorLine()
{
    m_view->markerDeleteAll(ErrorMarker);
    m_view->markerDeleteAll(ErrorBackground);
    if (m_view->lines() > 0)
        m_view->clearIndicatorRange(0, 0, m_view->lines() - 1, m_view->text(m_view->lines() - 1).length(),
                                    ErrorIndicator);
    m_errorLine = 0;
}

bool SqlEditor::findNext(const QString &text, bool backwards)
{
    if (text.isEmpty())
        return false;
    int line = -1;
    int index = -1;
    if (backwards && m_view->hasSelectedText()) {
        // findFirst searches backwards from the cursor, which sits after the current match.
        int lineTo = 0;
        int indexTo = 0;
        m_view->getSelection(&line, &index, &lineTo, &indexTo);
    }
    const bool found = m_view->findFirst(text, false, false, false, true, !backwards, line, index);
    m_findStatus->setText(found ? QString() : tr("Not found"));
    return found;
}

bool SqlEditor::replaceNext(const QString &text, const QString &replacement)
{
    if (m_view->isReadOnly() || text.isEmpty())
        return false;
    // The selection is the match findNext() left; replace it, then move on.
    if (m_view->hasSelectedText() && m_view->selectedText().compare(text, Qt::CaseInsensitive) == 0)
        m_view->replace(replacement);
    return findNext(text);
}

int SqlEditor::replaceAll(const QString &text, const QString &replacement)
{
    if (m_view->isReadOnly() || text.isEmpty())
        return 0;
    int count = 0;
    m_view->beginUndoAction(); // one Ctrl+Z undoes them all
    bool found = m_view->findFirst(text, false, false, false, false, true, 0, 0);
    while (found) {
        m_view->replace(replacement);
        ++count;
        found = m_view->findNext();
    }
    m_view->endUndoAction();
    m_findStatus->setText(tr("%n replaced", nullptr, count));
    return count;
}

void SqlEditor::showFindBar()
{
    for (QWidget *widget : std::as_const(m_replaceWidgets))
        widget->setVisible(!m_view->isReadOnly());
    m_findBar->show();
    if (m_view->hasSelectedText() && !m_view->selectedText().contains(QLatin1Char('\n')))
        m_findField->setText(m_view->selectedText());
    m_findField->setFocus();
    m_findField->selectAll();
}

void SqlEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void SqlEditor::updateMarginWidth()
{
    const QString digits = QString::number(qMax(m_view->lines(), 1));
    m_view->setMarginWidth(LineNumberMargin, QStringLiteral("9") + QString(digits.size(), QLatin1Char('9')));
}

void SqlEditor::styleLexer(QsciLexer *lexer, const QFont &font, const QColor &paper, const QColor &text)
{
    lexer->setDefaultPaper(paper);
    lexer->setDefaultColor(text);
    lexer->setPaper(paper, -1);
    lexer->setColor(text, -1);
    lexer->setFont(font, -1);
}

void SqlEditor::applyPalette()
{
    const QPalette palette = this->palette();
    const bool dark = isDark(palette);
    QColor paper = palette.color(QPalette::Base);
    if (m_view->isReadOnly())
        paper = dark ? paper.lighter(115) : palette.color(QPalette::AlternateBase);
    const QColor text = palette.color(QPalette::Text);

    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    styleLexer(m_lexer, font, paper, text);
    styleLexer(m_pythonLexer, font, paper, text);

    const QColor comment = dark ? QColor(0x8a, 0x9a, 0x8a) : QColor(0x5f, 0x7f, 0x5f);
    const QColor keyword = dark ? QColor(0x7a, 0xb8, 0xff) : QColor(0x00, 0x3f, 0xb0);
    const QColor string = dark ? QColor(0xe6, 0xb4, 0x73) : QColor(0xa3, 0x15, 0x15);
    const QColor number = dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58);
    for (int style : {QsciLexerSQL::Comment, QsciLexerSQL::CommentLine, QsciLexerSQL::CommentDoc,
                      QsciLexerSQL::CommentLineHash, QsciLexerSQL::PlusComment})
        m_lexer->setColor(comment, style);
    for (int style :
         {QsciLexerSQL::Keyword, QsciLexerSQL::PlusKeyword, QsciLexerSQL::KeywordSet5, QsciLexerSQL::KeywordSet6})
        m_lexer->setColor(keyword, style);
    QFont bold = font;
    bold.setBold(true);
    m_lexer->setFont(bold, QsciLexerSQL::Keyword);
    for (int style : {QsciLexerSQL::SingleQuotedString, QsciLexerSQL::DoubleQuotedString})
        m_lexer->setColor(string, style);
    m_lexer->setColor(number, QsciLexerSQL::Number);
    // The same colours for Python, so an Alembic revision reads like the SQL beside it.
    for (int style : {QsciLexerPython::Comment, QsciLexerPython::CommentBlock})
        m_pythonLexer->setColor(comment, style);
    m_pythonLexer->setColor(keyword, QsciLexerPython::Keyword);
    m_pythonLexer->setFont(bold, QsciLexerPython::Keyword);
    for (int style : {QsciLexerPython::SingleQuotedString, QsciLexerPython::DoubleQuotedString,
                      QsciLexerPython::TripleSingleQuotedString, QsciLexerPython::TripleDoubleQuotedString,
                      QsciLexerPython::SingleQuotedFString, QsciLexerPython::DoubleQuotedFString,
                      QsciLexerPython::TripleSingleQuotedFString, QsciLexerPython::TripleDoubleQuotedFString})
        m_pythonLexer->setColor(string, style);
    m_pythonLexer->setColor(number, QsciLexerPython::Number);
    for (int style : {QsciLexerPython::FunctionMethodName, QsciLexerPython::ClassName, QsciLexerPython::Decorator})
        m_pythonLexer->setColor(text, style);

    const QColor margin = palette.color(QPalette::Window);
    m_view->setMarginsBackgroundColor(margin);
    m_view->setMarginsForegroundColor(palette.color(QPalette::PlaceholderText));
    m_view->setMarginsFont(font);
    m_view->setFoldMarginColors(margin, margin);
    m_view->setCaretForegroundColor(text);
    m_view->setCaretLineBackgroundColor(dark ? paper.lighter(125) : paper.darker(106));
    m_view->setMatchedBraceBackgroundColor(dark ? QColor(0x3a, 0x5a, 0x3a) : QColor(0xc8, 0xf0, 0xc8));
    m_view->setUnmatchedBraceForegroundColor(QColor(0xd0, 0x20, 0x20));
    m_view->setSelectionBackgroundColor(palette.color(QPalette::Highlight));
    m_view->setSelectionForegroundColor(palette.color(QPalette::HighlightedText));
    const QColor error(0xd0, 0x20, 0x20);
    m_view->setMarkerForegroundColor(error, ErrorMarker);
    m_view->setMarkerBackgroundColor(error, ErrorMarker);
    m_view->setIndicatorForegroundColor(error, ErrorIndicator);
    m_view->setMarkerBackgroundColor(dark ? QColor(0x5a, 0x1e, 0x1e) : QColor(0xfd, 0xdc, 0xdc), ErrorBackground);
    updateMarginWidth();
}

} // namespace retort::ui
