// SPDX-License-Identifier: GPL-3.0-or-later
// The window with no project: the demo a first start offers (opened from a copy of the person's own) and the
// recent projects, clicked as a person would.
#include "DemoProject.h"
#include "core/DemoProject.h"
#include "ui/GuiSettings.h"
#include "ui/MainWindow.h"
#include "ui/ProjectSession.h"
#include "ui/WelcomePage.h"
#include "ui/pending/PendingPanel.h"

#include <QApplication>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

class TestWelcomePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        // Test mode keeps settings and ~/.local/share out of the person's own folders.
        QStandardPaths::setTestModeEnabled(true);
        GuiSettings::open().clear();
        QDir(DemoProject::userDirectory()).removeRecursively();
    }

    void cleanupTestCase() { QDir(DemoProject::userDirectory()).removeRecursively(); }

    void firstStartOffersTheDemoAndOpensACopy()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *page = window.findChild<WelcomePage *>();
        QVERIFY(page && page->isVisible());
        // Nothing recent yet: no empty list to puzzle over.
        QVERIFY(!window.findChild<QListWidget *>(QStringLiteral("recentProjects"))->isVisible());
        auto *demo = window.findChild<QPushButton *>(QStringLiteral("openDemoButton"));
        QVERIFY(demo && demo->isVisible());
        QTest::mouseClick(demo, Qt::LeftButton);

        const QString copy = DemoProject::userDirectory() + QStringLiteral("/retort.ini");
        QVERIFY(window.session()->isLoaded());
        QCOMPARE(window.session()->iniPath(), copy);
        QVERIFY(!page->isVisible());
        // Opened from the copy, never from the shipped folder (read-only once installed).
        QCOMPARE(GuiSettings::lastProject(), copy);
        QVERIFY(QFileInfo::exists(DemoProject::userDirectory() + QStringLiteral("/dev.db")));
        // The adoption story's start: the existing schema without a version table, so every revision is pending.
        auto *pending = window.findChild<PendingPanel *>();
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 8, RunTimeout);
        saveScreenshot(window, QStringLiteral("demo-from-welcome"));
    }

    void theDemoCopyIsKeptBetweenStarts()
    {
        QVERIFY(DemoProject::prepare(DemoProject::shippedDirectory(), DemoProject::userDirectory()));
        const QString mine = DemoProject::userDirectory() + QStringLiteral("/versions/zz_my_own_revision.sql");
        QVERIFY(writeFile(mine, "-- kept\n"));
        MainWindow window;
        QVERIFY(window.openDemo());
        QCOMPARE(readFile(mine), QStringLiteral("-- kept\n"));
    }

    void recentProjectsAreListedAndOpen()
    {
        DEMO_PROJECT(dir, ini, Baseline);
        QTemporaryDir gone;
        const QString missing = gone.filePath(QStringLiteral("retort.ini"));
        GuiSettings::rememberProject(missing);
        GuiSettings::rememberProject(ini);

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *recent = window.findChild<QListWidget *>(QStringLiteral("recentProjects"));
        QVERIFY(recent->isVisible());
        QCOMPARE(recent->count(), 2);
        QCOMPARE(recent->item(0)->text(), QDir::toNativeSeparators(ini));
        // A project that is gone is shown as gone and cannot be chosen.
        QVERIFY(recent->item(1)->text().endsWith(QStringLiteral("(no longer there)")));
        QVERIFY(!(recent->item(1)->flags() & Qt::ItemIsEnabled));
        Q_EMIT recent->itemActivated(recent->item(1));
        QVERIFY(!window.session()->isLoaded());

        Q_EMIT recent->itemActivated(recent->item(0));
        QVERIFY(window.session()->isLoaded());
        QCOMPARE(window.session()->iniPath(), ini);
    }

    void theDemoThatCannotBeMadeIsToldNotOpened()
    {
        // Something of the person's own where the copy would go.
        QVERIFY(writeFile(DemoProject::userDirectory() + QStringLiteral("/notes.txt"), "mine"));
        MainWindow window;
        window.show();
        QVERIFY(!window.openDemo());
        QVERIFY(!window.session()->isLoaded());
        QVERIFY(errorText(window).contains(QStringLiteral("holds no retort.ini")));
        QCOMPARE(readFile(DemoProject::userDirectory() + QStringLiteral("/notes.txt")), QStringLiteral("mine"));
    }
};

QTEST_MAIN(TestWelcomePage)
#include "tst_welcomepage.moc"
