// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/editor/SqlEditor.h"

#include "ui/editor/QsciIncludes.h"

#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using retort::ui::SqlEditor;

class TestSqlEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void usesTheSqlLexer()
    {
        SqlEditor editor;
        QVERIFY(editor.lexer());
        QCOMPARE(editor.view()->lexer(), static_cast<QsciLexer *>(editor.lexer()));
        QCOMPARE(QString::fromLatin1(editor.view()->lexer()->language()), QStringLiteral("SQL"));
        // Colours follow the palette: the default paper is the palette's base (or alternate base
        // when read-only).
        editor.setReadOnly(false);
        QCOMPARE(editor.lexer()->paper(QsciLexerSQL::Default), editor.palette().color(QPalette::Base));
    }

    void textRoundTrip()
    {
        SqlEditor editor;
        const QString sql = QStringLiteral("CREATE TABLE t (id INTEGER);\nSELECT 'é' FROM t;\n");
        editor.setText(sql);
        QCOMPARE(editor.text(), sql);
        QVERIFY(!editor.isModified());
    }

    void readOnlyIgnoresTyping()
    {
        SqlEditor editor;
        editor.setText(QStringLiteral("SELECT 1;"));
        editor.setReadOnly(true);
        QVERIFY(editor.isReadOnly());
        QVERIFY(editor.view()->isReadOnly());
        editor.show();
        QTest::keyClicks(editor.view(), QStringLiteral("DROP"));
        QCOMPARE(editor.text(), QStringLiteral("SELECT 1;"));
        editor.setReadOnly(false);
        QVERIFY(!editor.isReadOnly());
    }

    void marginFollowsLineCount()
    {
        SqlEditor editor;
        editor.setText(QStringLiteral("SELECT 1;\n"));
        const int narrow = editor.view()->marginWidth(0);
        editor.setText(QString(QStringLiteral("SELECT 1;\n")).repeated(20000));
        QVERIFY2(editor.view()->marginWidth(0) > narrow, "five-digit line numbers need a wider margin");
    }

    void errorLineIsMarkedAndCleared()
    {
        SqlEditor editor;
        QStringList lines;
        for (int i = 1; i <= 200; ++i)
            lines << QStringLiteral("SELECT %1;").arg(i);
        editor.setText(lines.join(QLatin1Char('\n')));
        editor.resize(400, 200);
        editor.setErrorLine(150);
        QCOMPARE(editor.errorLine(), 150);
        QVERIFY(editor.view()->markersAtLine(149) & (1 << 1));
        QCOMPARE(editor.view()->markersAtLine(148), 0u);
        int line = 0;
        int index = 0;
        editor.view()->getCursorPosition(&line, &index);
        QCOMPARE(line, 149);
        QVERIFY(editor.view()->firstVisibleLine() > 100);

        editor.setErrorLine(0);
        QCOMPARE(editor.errorLine(), 0);
        QCOMPARE(editor.view()->markersAtLine(149), 0u);

        editor.setErrorLine(3);
        editor.setText(QStringLiteral("SELECT 1;\nSELECT 2;\nSELECT 3;\n"));
        QCOMPARE(editor.errorLine(), 0);
        QCOMPARE(editor.view()->markersAtLine(2), 0u);
        editor.setErrorLine(999); // out of range: ignored
        QCOMPARE(editor.errorLine(), 0);
    }

    void showFileAndSave()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("abc_rev.sql"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("-- migrate:upgrade\nCREATE TABLE a (id INTEGER);\n");
        }
        SqlEditor editor;
        editor.setReadOnly(true);
        QVERIFY(editor.showFile(path));
        QVERIFY(!editor.isReadOnly());
        QCOMPARE(editor.filePath(), path);
        QVERIFY(!editor.isModified());

        QSignalSpy modified(&editor, &SqlEditor::modificationChanged);
        editor.show();
        editor.view()->setFocus();
        editor.view()->setCursorPosition(1, 0);
        QTest::keyClicks(editor.view(), QStringLiteral("--x"));
        QTest::keyClick(editor.view(), Qt::Key_Return);
        QVERIFY(editor.isModified());
        QVERIFY(!modified.isEmpty());
        QCOMPARE(modified.last().at(0).toBool(), true);

        QVERIFY(editor.saveTo(path));
        QVERIFY(!editor.isModified());
        QCOMPARE(modified.last().at(0).toBool(), false);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), editor.text());
        QVERIFY(editor.text().contains(QStringLiteral("--x\nCREATE TABLE a")));

        QVERIFY(!editor.showFile(dir.filePath(QStringLiteral("missing.sql"))));
        QVERIFY(!editor.saveTo(dir.filePath(QStringLiteral("no/such/folder/x.sql"))));
    }

    void findNextSelectsMatches()
    {
        SqlEditor editor;
        editor.setText(QStringLiteral("SELECT 1;\nselect 2;\nUPDATE t SET a = 1;\n"));
        QVERIFY(editor.findNext(QStringLiteral("select")));
        int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
        editor.view()->getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
        QCOMPARE(lineFrom, 0);
        QVERIFY(editor.findNext(QStringLiteral("select")));
        editor.view()->getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
        QCOMPARE(lineFrom, 1);
        QVERIFY(editor.findNext(QStringLiteral("select"), true));
        editor.view()->getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
        QCOMPARE(lineFrom, 0);
        QVERIFY(!editor.findNext(QStringLiteral("DELETE")));
    }

    void replaceInEditableFilesOnly()
    {
        SqlEditor editor;
        editor.setText(QStringLiteral("CREATE TABLE users (id INT);\nDROP TABLE users;\n"));
        // One match at a time: the first find selects, the replace moves on to the next match.
        QVERIFY(editor.findNext(QStringLiteral("users")));
        QVERIFY(editor.replaceNext(QStringLiteral("users"), QStringLiteral("accounts")));
        QCOMPARE(editor.text(), QStringLiteral("CREATE TABLE accounts (id INT);\nDROP TABLE users;\n"));
        QCOMPARE(editor.replaceAll(QStringLiteral("users"), QStringLiteral("app_users")), 1);
        QCOMPARE(editor.text(), QStringLiteral("CREATE TABLE accounts (id INT);\nDROP TABLE app_users;\n"));
        // A replacement containing the text does not loop, and one undo takes it all back.
        QCOMPARE(editor.replaceAll(QStringLiteral("TABLE"), QStringLiteral("TABLE TABLE")), 2);
        editor.view()->undo();
        QCOMPARE(editor.text(), QStringLiteral("CREATE TABLE accounts (id INT);\nDROP TABLE app_users;\n"));

        editor.setReadOnly(true); // a preview
        QCOMPARE(editor.replaceAll(QStringLiteral("TABLE"), QStringLiteral("VIEW")), 0);
        QVERIFY(!editor.replaceNext(QStringLiteral("TABLE"), QStringLiteral("VIEW")));
        QVERIFY(editor.text().contains(QStringLiteral("CREATE TABLE")));
        editor.showFindBar();
        QVERIFY(editor.findChild<QLineEdit *>(QStringLiteral("replaceField"))->isHidden());
    }

    void ctrlFOpensTheFindBar()
    {
        SqlEditor editor;
        editor.setText(QStringLiteral("SELECT 1;\nUPDATE t SET a = 1;\n"));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.activateWindow();
        editor.view()->setFocus();
        auto *bar = editor.findChild<QWidget *>(QStringLiteral("findBar"));
        QVERIFY(bar);
        QVERIFY(bar->isHidden());
        QTest::keyClick(editor.view(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(!bar->isHidden());
        auto *field = editor.findChild<QLineEdit *>(QStringLiteral("findField"));
        QVERIFY(field);
        QTest::keyClicks(field, QStringLiteral("UPDATE"));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(editor.view()->selectedText(), QStringLiteral("UPDATE"));
    }
};

QTEST_MAIN(TestSqlEditor)
#include "tst_sqleditor.moc"
