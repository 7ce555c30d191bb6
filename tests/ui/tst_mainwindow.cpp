// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/LogPane.h"
#include "ui/MainWindow.h"
#include "ui/details/RevisionDetails.h"
#include "ui/graph/GraphDelegate.h"
#include "ui/graph/RevisionGraphModel.h"
#include "ui/graph/RevisionGraphView.h"
#include "ui/pending/PendingPanel.h"
#include "ui/safety/ProductionGateDialog.h"

#include "DemoProject.h"

#include "ui/ProjectSession.h"
#include "ui/editor/SqlEditor.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTreeView>
#include <QPalette>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

namespace {

// Every text a user can see or hover in the window: titles, labels, fields, logs, lists, tooltips.
QStringList everyText(QWidget &window)
{
    QStringList texts{window.windowTitle()};
    for (QWidget *widget : window.findChildren<QWidget *>()) {
        texts << widget->windowTitle() << widget->toolTip() << widget->statusTip();
        if (auto *label = qobject_cast<QLabel *>(widget))
            texts << label->text();
        else if (auto *line = qobject_cast<QLineEdit *>(widget))
            texts << line->text();
        else if (auto *plain = qobject_cast<QPlainTextEdit *>(widget))
            texts << plain->toPlainText();
        else if (auto *rich = qobject_cast<QTextEdit *>(widget))
            texts << rich->toPlainText();
        else if (auto *button = qobject_cast<QAbstractButton *>(widget))
            texts << button->text();
        else if (auto *combo = qobject_cast<QComboBox *>(widget)) {
            for (int i = 0; i < combo->count(); ++i)
                texts << combo->itemText(i) << combo->itemData(i, Qt::ToolTipRole).toString();
        }
    }
    return texts;
}

// Opens `ini` in `window`, shows it, and finds its graph and details panel.
bool openShown(MainWindow &window, const QString &ini, RevisionGraphView **graph, RevisionDetails **details)
{
    if (!window.openProject(ini))
        return false;
    window.show();
    *graph = window.findChild<RevisionGraphView *>();
    *details = window.findChild<RevisionDetails *>();
    return *graph && *details;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui")).clear();
    }

    // The window follows the palette it is given, as with a system dark theme.
    void followsADarkPalette()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(window.openProject(ini));
        window.setPalette(darkPalette());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *pending = window.findChild<PendingPanel *>();
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 7, RunTimeout);
        // The editor's paper is dark too, not a white island in a dark window.
        const QImage editor = window.editor()->grab().toImage();
        QVERIFY(!editor.isNull());
        const QColor paper = editor.pixelColor(editor.width() - 30, editor.height() - 30);
        QVERIFY2(paper.lightness() < 100, qPrintable(paper.name()));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.findChild<QLabel *>(QStringLiteral("currentRevisionLabel"))->text().contains(Baseline), RunTimeout);
        QCoreApplication::sendPostedEvents(); // let the layouts settle before the picture
        saveScreenshot(window, QStringLiteral("dark"));
    }

    // New revision writes a file on the head and shows it; Merge heads joins two heads into one.
    void newRevisionAndMergeHeads()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        QStringList prompts;
        window.setNewRevisionPrompt([&prompts](const RevisionMap &) {
            prompts << QStringLiteral("New Revision");
            ScriptDirectory::NewRevision request;
            request.message = QStringLiteral("add orders table");
            request.heads = {DemoHead};
            return std::optional<ScriptDirectory::NewRevision>(request);
        });
        window.setMessagePrompt([&prompts](const QString &title, const QString &, const QString &suggestion) {
            prompts << title;
            return suggestion;
        });
        QVERIFY(window.openProject(ini));
        window.newRevision();
        const QStringList written = QDir(QDir(dir.path()).filePath(QStringLiteral("versions")))
                                        .entryList({QStringLiteral("*_add_orders_table.sql")});
        QCOMPARE(written.size(), 1);
        QVERIFY(window.editor()->filePath().endsWith(written.first()));
        QVERIFY(!window.editor()->isReadOnly());
        QVERIFY(window.editor()->text().contains(QStringLiteral("-- Revises: ") + DemoHead));
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->scripts().map().heads().size(), 1, RunTimeout);

        // A second head, then the merge revises both.
        const QString newHead = written.first().left(12);
        QVERIFY(writeFile(QDir(dir.path()).filePath(QStringLiteral("versions/feed00000001_side.sql")),
                          QStringLiteral("-- side\n--\n-- Revision ID: feed00000001\n-- Revises: %1\n\n"
                                         "-- migrate:upgrade\n\n-- migrate:downgrade\n")
                              .arg(DemoHead)));
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->scripts().map().heads().size(), 2, RunTimeout);
        window.mergeHeads();
        QCOMPARE(prompts, (QStringList{QStringLiteral("New Revision"), QStringLiteral("Merge Heads")}));
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->scripts().map().heads().size(), 1, RunTimeout);
        const RevisionMap &map = window.session()->scripts().map();
        const Revision &merge = map.at(map.heads().first());
        QVERIFY(merge.isMergePoint());
        QStringList parents = merge.downRevisions;
        parents.sort();
        QStringList expected{newHead, QStringLiteral("feed00000001")};
        expected.sort();
        QCOMPARE(parents, expected);
    }

    void opensTheDemoProject()
    {
        DEMO_PROJECT(dir, ini, Baseline);

        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.show();
        // The title names the target the run actions act on.
        QCOMPARE(window.windowTitle(),
                 QStringLiteral("%1 — development → heads — Retort").arg(QFileInfo(ini).absoluteDir().dirName()));
        auto *environments = window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        QVERIFY(environments);
        QCOMPARE(environments->currentText(), QStringLiteral("development"));
        QVERIFY(environments->findText(QStringLiteral("production")) >= 0);
        auto *current = window.findChild<QLabel *>(QStringLiteral("currentRevisionLabel"));
        QVERIFY(current);
        QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(Baseline), RunTimeout);
        auto *connection = window.findChild<QLabel *>(QStringLiteral("connectionLabel"));
        QVERIFY(connection->text().contains(QStringLiteral("connected")));
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("productionBanner"))->isHidden());
        QVERIFY(window.graphArea());
        QCOMPARE(window.graphArea()->objectName(), QStringLiteral("graphArea"));

        // The graph, details and pending panels are in the layout and show the project.
        auto *graph = window.findChild<RevisionGraphView *>();
        QVERIFY(graph);
        QVERIFY(window.graphArea()->isAncestorOf(graph));
        auto *pending = window.findChild<PendingPanel *>();
        QVERIFY(pending);
        QVERIFY(pending->isVisible());
        QVERIFY(window.findChild<RevisionDetails *>());
        // From the stamped baseline, "head" runs the demo's seven revisions.
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 7, RunTimeout);
        QVERIFY(pending->previewSql().contains(QStringLiteral("-- Running upgrade ae98aa32e0d2 -> 3f1c2a9b7d10")));
        QCOMPARE(window.editor()->text(), pending->previewSql());
        QVERIFY(window.editor()->isReadOnly());
        // The demo serves other databases too, each an environment of its own (its URL from a variable).
        QVERIFY(environments->findText(QStringLiteral("postgresql")) >= 0);
        QVERIFY(environments->findText(QStringLiteral("mysql")) >= 0);

        // A revision with sections for other dialects: the editor's title says which this SQLite database runs.
        QVERIFY(graph->selectRevision(window.session()->scripts().map().indexOf(QStringLiteral("7a3d9e1c5b20"))));
        auto *title = window.findChild<QLabel *>(QStringLiteral("editorTitle"));
        QVERIFY2(title->text().endsWith(QStringLiteral(" — a sqlite database runs '-- migrate:upgrade' (line 11) and "
                                                       "'-- migrate:downgrade' (line 25)")),
                 qPrintable(title->text()));

        // The project is remembered.
        QCOMPARE(QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui"))
                     .value(QStringLiteral("project/last"))
                     .toString(),
                 ini);
    }

    void detailsShowTheRevisionsHistory()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        // A backup taken at the baseline is recorded in the history too; it is no run of the baseline.
        QCOMPARE(execOnDemo(dir, QStringLiteral("INSERT INTO retort_history (revision, direction, started_at, "
                                                "duration_ms, success, tool_version) VALUES ('%1', 'backup', "
                                                "'2026-12-03T10:00:00.000Z', 5, 1, 'test')")
                                     .arg(Baseline)),
                 QString());

        MainWindow window;
        RevisionGraphView *graph = nullptr;
        RevisionDetails *details = nullptr;
        QVERIFY(openShown(window, ini, &graph, &details));
        const int baseline = window.session()->scripts().map().indexOf(Baseline);
        QVERIFY(baseline >= 0);

        // The stamp that made the demo database wrote a history row for the baseline; it arrives
        // from the reader thread with the version rows.
        QVERIFY(graph->selectRevision(baseline));
        QTRY_VERIFY_WITH_TIMEOUT(details->plainText().contains(QStringLiteral("stamped")), RunTimeout);
        QVERIFY(details->plainText().contains(QStringLiteral("History")));
        QVERIFY(details->plainText().contains(QStringLiteral(" on development")));
        QVERIFY(!window.session()->history().isEmpty());
        QCOMPARE(window.session()->history().size(), 1);
        QCOMPARE(window.session()->history().constFirst().direction, HistoryEvent::Stamp);
        QVERIFY2(!details->plainText().contains(QStringLiteral("applied")), qPrintable(details->plainText()));

        // Another revision has no runs.
        const int head = window.session()->scripts().map().indexOf(DemoHead);
        QVERIFY(graph->selectRevision(head));
        QVERIFY(!details->plainText().contains(QStringLiteral("History")));

        // Without a history table the rows are still read; the details just show no runs.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("drop"));
            db.setDatabaseName(QDir(dir.path()).filePath(QStringLiteral("dev.db")));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY2(query.exec(QStringLiteral("DROP TABLE %1").arg(window.session()->config().historyTable())),
                     qPrintable(query.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("drop"));
        QVERIFY(graph->selectRevision(baseline));
        window.session()->refreshCurrentRows();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->history().isEmpty(), RunTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        QVERIFY(window.session()->currentRows().contains(Baseline));
        QVERIFY(!details->plainText().contains(QStringLiteral("stamped")));
        auto *connection = window.findChild<QLabel *>(QStringLiteral("connectionLabel"));
        QVERIFY(connection->text().contains(QStringLiteral("connected")));
    }

    // An applied file edited afterwards: a red badge on its node, a tooltip, and the details say why; putting the
    // file back takes the mark away. The recorded checksum comes from the demo's stamp, read off the UI thread.
    void marksDriftedRevisions()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        const QString file =
            QDir(dir.path()).filePath(QStringLiteral("versions/%1_baseline_existing_schema.sql").arg(Baseline));
        const QString original = readFile(file);
        QVERIFY(writeFile(file, QString(original).replace(QStringLiteral("-- migrate:upgrade\n"),
                                                          QStringLiteral("-- migrate:upgrade\nSELECT 1;\n"))));

        MainWindow window;
        RevisionGraphView *graph = nullptr;
        RevisionDetails *details = nullptr;
        QVERIFY(openShown(window, ini, &graph, &details));
        RevisionGraphModel *model = graph->model();
        auto nodeOf = [&window, model](const QString &id) {
            return model->index(model->rowOfRevision(window.session()->scripts().map().indexOf(id)),
                                RevisionGraphModel::GraphColumn);
        };
        auto driftOf = [&nodeOf](const QString &id) {
            return nodeOf(id).data(RevisionGraphModel::DriftRole).toString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!driftOf(Baseline).isEmpty(), RunTimeout);
        QVERIFY2(driftOf(Baseline).startsWith(QStringLiteral("Edited since it was applied (stamp ")),
                 qPrintable(driftOf(Baseline)));
        QVERIFY(nodeOf(Baseline).data(Qt::ToolTipRole).toString().contains(driftOf(Baseline)));
        for (int row = 0; row < model->rowCount(); ++row) {
            if (row != nodeOf(Baseline).row())
                QCOMPARE(model->index(row, 0).data(RevisionGraphModel::DriftRole).toString(), QString());
        }

        // The badge as the view paints it, on the baseline's row and no other.
        QTreeView *view = graph->treeView();
        auto badgePixels = [view](const QModelIndex &node) {
            view->scrollTo(node);
            const QImage image = view->viewport()->grab(view->visualRect(node)).toImage();
            int count = 0;
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x)
                    count += image.pixelColor(x, y) == GraphDelegate::DriftColor ? 1 : 0;
            }
            return count;
        };
        QVERIFY(badgePixels(nodeOf(Baseline)) > 0);
        QCOMPARE(badgePixels(nodeOf(DemoHead)), 0);

        // A click on the node shows the explanation in the details.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(nodeOf(Baseline)).center());
        QTRY_COMPARE_WITH_TIMEOUT(details->revision(), window.session()->scripts().map().indexOf(Baseline), RunTimeout);
        QVERIFY2(details->plainText().contains(QStringLiteral("Drift: Edited since it was applied")),
                 qPrintable(details->plainText()));

        // The file as it ran: the reload clears the mark.
        QVERIFY(writeFile(file, original));
        QTRY_VERIFY_WITH_TIMEOUT(driftOf(Baseline).isEmpty(), RunTimeout);
        QVERIFY(!details->plainText().contains(QStringLiteral("Drift:")));
    }

    void droppingARetortIniOpensIt()
    {
        DEMO_PROJECT(dir, ini, Baseline);

        MainWindow window;
        window.show();
        QVERIFY(!window.session()->isLoaded());
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(ini)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(window.session()->isLoaded());
        QCOMPARE(window.session()->iniPath(), ini);

        // Something that is not a project is refused.
        QMimeData other;
        other.setUrls({QUrl::fromLocalFile(QDir(dir.path()).filePath(QStringLiteral("init.sql")))});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QApplication::sendEvent(&window, &refused);
        QVERIFY(!refused.isAccepted());
    }

    void upgradesToHeadOnAWorkerThread()
    {
        DEMO_PROJECT(dir, ini, Baseline);

        MainWindow window;
        int confirmations = 0;
        window.setConfirmation([&confirmations](const QString &, const QString &text) {
            ++confirmations;
            return text.contains(QStringLiteral("head"));
        });
        QVERIFY(window.openProject(ini));
        window.show();
        auto *current = window.findChild<QLabel *>(QStringLiteral("currentRevisionLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(Baseline), RunTimeout);

        QCOMPARE(window.target(), QStringLiteral("heads"));
        window.upgrade();
        QVERIFY(window.isRunning()); // reading the database again before asking
        QTRY_COMPARE_WITH_TIMEOUT(confirmations, 1, RunTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), RunTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(DemoHead), RunTimeout);
        QVERIFY(current->text().contains(QStringLiteral("(head)")));

        const QString log = window.findChild<QPlainTextEdit *>(QStringLiteral("logPane"))->toPlainText();
        QVERIFY2(log.contains(QStringLiteral("[1/")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("Running upgrade %1 -> ").arg(Baseline)), qPrintable(log));
        QVERIFY2(log.contains(QRegularExpression(QStringLiteral("\\.\\.\\. done in \\d+ ms"))), qPrintable(log));
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("errorStrip"))->isHidden());
        saveScreenshot(window, QStringLiteral("upgraded"));

        // A refused confirmation runs nothing.
        window.setTarget(Baseline);
        QSignalSpy declined(&window, &MainWindow::runDeclined);
        window.downgrade();
        QTRY_COMPARE_WITH_TIMEOUT(declined.size(), 1, RunTimeout);
        QCOMPARE(confirmations, 2);
        QVERIFY(!window.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(DemoHead), RunTimeout);
    }

    void failingMigrationOpensTheFileAtTheLine()
    {
        DEMO_PROJECT(dir, ini, DemoHead);

        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(window.openProject(ini));
        window.show();
        auto *current = window.findChild<QLabel *>(QStringLiteral("currentRevisionLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(DemoHead), RunTimeout);

        // A new file in versions/ reloads the project (watched, debounced).
        const QString broken = QDir(dir.path()).filePath(QStringLiteral("versions/0badc0ffee01_broken.sql"));
        QVERIFY(writeFile(broken, QStringLiteral("-- broken migration\n"
                                                 "--\n"
                                                 "-- Revision ID: 0badc0ffee01\n"
                                                 "-- Revises: %1\n"
                                                 "-- Create Date: 2025-10-20 10:00:00.000000\n"
                                                 "\n"
                                                 "-- migrate:upgrade\n"
                                                 "CREATE TABLE ok_table (id INTEGER PRIMARY KEY);\n"
                                                 "INSERT INTO no_such_table (id) VALUES (1);\n"
                                                 "\n"
                                                 "-- migrate:downgrade\n"
                                                 "DROP TABLE ok_table;\n")
                                      .arg(DemoHead)));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->scripts().map().indexOf(QStringLiteral("0badc0ffee01")) >= 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(DemoHead), RunTimeout);

        window.upgrade();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), RunTimeout);
        auto *strip = window.findChild<QWidget *>(QStringLiteral("errorStrip"));
        QVERIFY2(!strip->isHidden(),
                 qPrintable(window.findChild<QPlainTextEdit *>(QStringLiteral("logPane"))->toPlainText()));
        const QString error = window.findChild<QLabel *>(QStringLiteral("errorText"))->text();
        QVERIFY2(error.contains(QStringLiteral("no_such_table")), qPrintable(error));
        QVERIFY(window.findChild<QPlainTextEdit *>(QStringLiteral("logPane"))
                    ->toPlainText()
                    .contains(QStringLiteral("no_such_table")));
        QCOMPARE(QFileInfo(window.editor()->filePath()).canonicalFilePath(), QFileInfo(broken).canonicalFilePath());
        QCOMPARE(window.editor()->errorLine(), 9);
        QVERIFY(!window.editor()->isReadOnly());
        // Rolled back: still at the demo head.
        QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(DemoHead), RunTimeout);
        saveScreenshot(window, QStringLiteral("failed"));
    }

    // A long line in the log (a database's error, a path) wraps: it reads from its start, nothing hides off
    // to the right, and the step's "done in" stays on its line.
    void logLinesReadFromTheirStart()
    {
        LogPane pane;
        pane.resize(320, 200);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        const QString description = QStringLiteral("upgrade ae98aa32e0d2 -> 3f1c2a9b7d10, %1").arg(QString(200, u'x'));
        pane.appendStepStarted(1, 2, description);
        pane.appendStepFinished(12);
        pane.appendLine(QStringLiteral("ERROR: relation \"no_such_table\" does not exist at character 13; ") +
                        QString(150, u'y'));
        QCOMPARE(pane.horizontalScrollBar()->maximum(), 0);
        QCOMPARE(pane.horizontalScrollBar()->value(), 0);
        const QStringList lines = pane.toPlainText().split(u'\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines.first().startsWith(QStringLiteral("[1/2] Running upgrade ae98aa32e0d2")));
        QVERIFY(lines.first().endsWith(QStringLiteral(" ... done in 12 ms")));
    }

    void productionShowsTheBannerWithTheUrlMasked()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        QString text = readFile(ini);
        text += QStringLiteral("\n[env.live]\nurl = postgresql://admin:s3cret@127.0.0.1:1/app\nproduction = true\n");
        QVERIFY(writeFile(ini, text));

        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.show();
        auto *banner = window.findChild<QLabel *>(QStringLiteral("productionBanner"));
        QVERIFY(banner->isHidden());
        auto *environments = window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        environments->setCurrentText(QStringLiteral("live"));
        QCOMPARE(window.session()->environment(), QStringLiteral("live"));
        QVERIFY(!banner->isHidden());
        QVERIFY2(banner->text().contains(QStringLiteral("PRODUCTION — live: postgresql://admin:***@127.0.0.1:1/app")),
                 qPrintable(banner->text()));
        QVERIFY(!banner->text().contains(QStringLiteral("s3cret")));
        QVERIFY(window.windowTitle().contains(QStringLiteral("— live →")));
        // The connection fails (nothing listens on port 1), without blocking this thread.
        auto *connection = window.findChild<QLabel *>(QStringLiteral("connectionLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(connection->text().startsWith(QStringLiteral("✖")), RunTimeout);
        QVERIFY(!connection->text().contains(QStringLiteral("s3cret")));
        saveScreenshot(window, QStringLiteral("production"));

        // A run asks the gate first; what the gate is told masks the password too. Cancelled here, so
        // the run ends without touching anything; then nothing on screen holds the password.
        std::optional<GatePrompt> asked;
        window.setGatePrompt([&asked](const GatePrompt &prompt) {
            asked = prompt;
            return std::optional<GateAnswer>();
        });
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QSignalSpy declined(&window, &MainWindow::runDeclined);
        // Nothing listens on the URL: the database cannot be read again before asking, so nothing runs.
        if (window.startRun(RunRequest::Command::Upgrade, QStringLiteral("head")))
            QTRY_VERIFY_WITH_TIMEOUT(asked.has_value() || ended.size() > 0 || declined.size() > 0, RunTimeout);
        if (asked) {
            QVERIFY2(!asked->databaseDisplay.contains(QStringLiteral("s3cret")) &&
                         !asked->planLines.join(QString()).contains(QStringLiteral("s3cret")),
                     qPrintable(asked->databaseDisplay));
        }
        const QStringList shown = everyText(window);
        for (const QString &text : shown)
            QVERIFY2(!text.contains(QStringLiteral("s3cret")), qPrintable(text));
        QVERIFY(shown.join(QString()).contains(QStringLiteral("admin:***@")));

        environments->setCurrentText(QStringLiteral("development"));
        QVERIFY(banner->isHidden());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
