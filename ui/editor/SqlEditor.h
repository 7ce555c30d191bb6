// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QsciLexer;
class QsciLexerPython;
class QsciLexerSQL;
class QsciScintilla;

namespace retort::ui {

// The SQL viewer/editor: a small facade over QsciScintilla (SQL lexer with colours that follow
// the palette, line-number margin, folding, brace matching; a Python lexer while it shows an Alembic
// revision's .py file) plus an inline find bar (Ctrl+F,
// Enter = next, Shift+Enter = previous, Escape closes). GUI thread only.
class SqlEditor : public QWidget
{
    Q_OBJECT

public:
    explicit SqlEditor(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const;
    // Loads a file read-write, remembers its path and clears the modified flag. False (and an
    // empty editor) when the file cannot be read. A .py file is coloured as Python, anything else as SQL.
    bool showFile(const QString &path);
    // Whether the text is coloured as Python (an Alembic revision's file) rather than SQL.
    bool showsPython() const;
    QString filePath() const { return m_filePath; }
    // Writes the text (UTF-8) and clears the modified flag. False when the file cannot be written.
    bool saveTo(const QString &path);

    void setReadOnly(bool readOnly);
    bool isReadOnly() const;
    bool isModified() const;

    // Marks a 1-based line as failing (margin marker and a squiggle) and scrolls to it;
    // 0 clears the mark. The mark goes when the text is replaced.
    void setErrorLine(int line);
    int errorLine() const { return m_errorLine; }
    // Scrolls so that the 1-based `line` shows near the top, with a little of what precedes it.
    void scrollToLine(int line);
    // Long lines wrap at the edge instead of scrolling sideways (a narrow read-only pane).
    void setLineWrap(bool wrap);

    // Searches forward (or backward) from the cursor, wrapping; selects the match.
    bool findNext(const QString &text, bool backwards = false);
    void showFindBar();
    // Editable files only (a read-only preview refuses): replace the current
    // match and find the next / replace every match, as one undo step.
    bool replaceNext(const QString &text, const QString &replacement);
    int replaceAll(const QString &text, const QString &replacement);

    // For tests and callers that need the lexer or the raw widget.
    QsciScintilla *view() const { return m_view; }
    QsciLexerSQL *lexer() const { return m_lexer; }
    QsciLexerPython *pythonLexer() const { return m_pythonLexer; }

Q_SIGNALS:
    void modificationChanged(bool modified);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void styleLexer(QsciLexer *lexer, const QFont &font, const QColor &paper, const QColor &text);
    void useLexer(QsciLexer *lexer);
    void updateMarginWidth();
    void clearErrorLine();

    QsciScintilla *m_view = nullptr;
    QsciLexerSQL *m_lexer = nullptr;
    QsciLexerPython *m_pythonLexer = nullptr;
    QWidget *m_findBar = nullptr;
    QLineEdit *m_findField = nullptr;
    QLabel *m_findStatus = nullptr;
    QLineEdit *m_replaceField = nullptr;
    QList<QWidget *> m_replaceWidgets;
    QString m_filePath;
    int m_errorLine = 0;
};

} // namespace retort::ui
