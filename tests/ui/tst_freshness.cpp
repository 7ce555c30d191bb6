// SPDX-License-Identifier: GPL-3.0-or-later
// What the window shows of the files and the database is fresh: a revision file rewritten in place
// (same inode) is read again; the database is polled while the window is idle and a move made
// elsewhere is said; a server that accepts and never answers holds neither the window, nor the
// switch to another environment, nor closing it. Each case drives the real window offscreen.
#include "core/script/MigrationScript.h"
#include "core/script/ScriptDirectory.h"
#include "ui/DatabaseRefresher.h"
#include "ui/LogPane.h"
#include "ui/MainWindow.h"
#include "ui/ProjectSession.h"
#include "ui/editor/SqlEditor.h"
#include "ui/graph/RevisionGraphView.h"
#include "ui/pending/PendingPanel.h"

#include "DemoProject.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

namespace {

// Accepts connections on 127.0.0.1 and never says a word on them.
class SilentServer : public QTcpServer
{
public:
    SilentServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                socket->setParent(this); // kept open, never written to
        });
    }
};

} // namespace

class TestFreshness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui")).clear();
    }

    // An editor that saves in place changes no folder: the window reads the file again anyway, shows
    // its new text where the reader was, and an Upgrade runs it. The same bytes written again change nothing.
    void revisionFileRewrittenInPlace()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(window.openProject(ini));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        auto *graph = window.findChild<RevisionGraphView *>();
        const int revision = window.session()->scripts().map().indexOf(AfterBaseline);
        const QString path = window.session()->scripts().script(revision).path;
        QVERIFY(graph->selectRevision(revision));
        QCOMPARE(window.editor()->filePath(), path);

        QSignalSpy loaded(window.session(), &ProjectSession::projectLoaded);
        const QByteArray same = readFile(path).toUtf8();
        QVERIFY(rewriteInPlace(path, same));
        QTest::qWait(800); // past the 300 ms pause before a reload
        QCOMPARE(loaded.size(), 0);

        QByteArray edited = same;
        edited.replace("-- migrate:downgrade", "CREATE TABLE edited_in_place (id INTEGER);\n\n-- migrate:downgrade");
        QVERIFY(rewriteInPlace(path, edited));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.session()->scripts().script(window.session()->scripts().map().indexOf(AfterBaseline)).fileDigest ==
                MigrationScript::digestOf(edited),
            3000);
        QVERIFY(window.editor()->text().contains(QStringLiteral("edited_in_place")));
        QVERIFY(!window.editor()->isModified());
        QCOMPARE(graph->selectedRevision(), window.session()->scripts().map().indexOf(AfterBaseline));

        window.setTarget(AfterBaseline);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        window.upgrade();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QVERIFY2(ended.at(0).at(0).toBool(), qPrintable(window.lastRunSummary()));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tables"));
            db.setDatabaseName(dir.filePath(QStringLiteral("dev.db")));
            QVERIFY(db.open());
            QVERIFY(db.tables().contains(QStringLiteral("edited_in_place")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tables"));
    }

    // While idle, the window reads the version table again: a run made from elsewhere shows up, the plan
    // follows, and the window says the database moved. Its own runs are no news; with the poll off,
    // nothing is read behind the user's back.
    void pollNoticesRunsFromElsewhere_data()
    {
        QTest::addColumn<bool>("polling");
        QTest::newRow("polling") << true;
        QTest::newRow("poll off") << false;
    }

    void pollNoticesRunsFromElsewhere()
    {
        QFETCH(bool, polling);
        DEMO_PROJECT(dir, ini, Baseline);
        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(window.openProject(ini));
        window.show();
        auto *pending = window.findChild<PendingPanel *>();
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 7, RunTimeout);
        QAction *poll = actionNamed(window, QStringLiteral("Re-read the Database Every 5 Seconds"));
        QVERIFY(poll);
        QVERIFY(poll->isChecked()); // on by default
        poll->setChecked(polling);
        if (polling)
            window.refresher()->setPollInterval(200);

        // Our own run first: no news.
        window.setTarget(AfterBaseline);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        window.upgrade();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->currentRows(), QStringList{AfterBaseline}, RunTimeout);
        auto *log = window.findChild<LogPane *>();
        QVERIFY(!log->toPlainText().contains(QStringLiteral("moved outside")));

        window.setTarget(QStringLiteral("heads"));
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 6, RunTimeout);
        QCOMPARE(upgradeFromOutside(ini, DemoHead), QString());
        if (!polling) {
            QTest::qWait(1000);
            QCOMPARE(window.session()->currentRows(), QStringList{AfterBaseline});
            return;
        }
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->currentRows(), QStringList{DemoHead}, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 0, 3000);
        QVERIFY2(log->toPlainText().contains(QStringLiteral("The database moved outside this window: it was at %2, it "
                                                            "is now at %1.")
                                                 .arg(DemoHead, AfterBaseline)),
                 qPrintable(log->toPlainText()));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("moved outside")));
    }

    // A server that accepts and never answers: the window says "connecting…" with a Cancel, switching to
    // another environment answers at once, the attempt ends as "timed out", Cancel gives up on it, and
    // closing the window does not wait for it.
    void silentServerHoldsNothing_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
        QTest::newRow("mysql") << QStringLiteral("mysql");
    }

    void silentServerHoldsNothing()
    {
        QFETCH(QString, scheme);
        SilentServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        DEMO_PROJECT(dir, ini, Baseline);
        QVERIFY(writeFile(ini, readFile(ini) + QStringLiteral("\n[env.silent]\nurl = %1://u:p@127.0.0.1:%2/db"
                                                              "?connect_timeout=2\n")
                                                   .arg(scheme)
                                                   .arg(server.serverPort())));
        auto window = std::make_unique<MainWindow>();
        QVERIFY(window->openProject(ini));
        window->show();
        ProjectSession *session = window->session();
        QTRY_VERIFY_WITH_TIMEOUT(session->currentRowsKnown(), RunTimeout);
        auto *environments = window->findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        auto *state = window->findChild<QLabel *>(QStringLiteral("connectionLabel"));
        auto *cancel = window->findChild<QToolButton *>(QStringLiteral("cancelConnectionButton"));
        QAction *upgrade = actionNamed(*window, QStringLiteral("Upgrade"));

        environments->setCurrentText(QStringLiteral("silent"));
        QCOMPARE(session->connectionState(), ConnectionState::Connecting);
        QVERIFY(state->text().contains(QStringLiteral("connecting")));
        QVERIFY(cancel->isVisible());
        QTest::qWait(300); // the attempt is under way, held by the server
        QElapsedTimer clock;
        clock.start();
        environments->setCurrentText(QStringLiteral("development"));
        QTRY_COMPARE_WITH_TIMEOUT(session->connectionState(), ConnectionState::Connected, 1500);
        QVERIFY2(clock.elapsed() < 1500, "switching away waited for the silent server");
        QCOMPARE(session->currentRows(), QStringList{Baseline});
        QVERIFY(upgrade->isEnabled());

        environments->setCurrentText(QStringLiteral("silent"));
        QTRY_COMPARE_WITH_TIMEOUT(session->connectionState(), ConnectionState::TimedOut, 5000);
        QVERIFY2(state->text().contains(QStringLiteral("timed out")), qPrintable(state->text()));
        QVERIFY(!cancel->isVisible());
        QVERIFY(!upgrade->isEnabled());
        QVERIFY2(upgrade->toolTip().startsWith(QStringLiteral("The database has not been read: ")),
                 qPrintable(upgrade->toolTip()));

        window->refreshDatabase(); // F5: a new attempt, given up by Cancel
        QCOMPARE(session->connectionState(), ConnectionState::Connecting);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QCOMPARE(session->connectionState(), ConnectionState::Unknown);
        QVERIFY2(state->text().contains(QStringLiteral("not connected")), qPrintable(state->text()));
        QVERIFY(!upgrade->isEnabled());
        QVERIFY(!session->isReading());

        window->refreshDatabase(); // held again: closing does not wait for it
        QTest::qWait(200);
        clock.restart();
        window.reset();
        QVERIFY2(clock.elapsed() < 1000, "closing the window waited for the silent server");
    }
};

QTEST_MAIN(TestFreshness)
#include "tst_freshness.moc"
