// SPDX-License-Identifier: GPL-3.0-or-later
// An existing Alembic project opens in the window as it is, without Python: its alembic.ini (the section
// chosen when there are several), its folder, or a bare versions folder; a .py file the reader refuses is
// listed in Problems at its line while the rest shows; a .py revision shows its source and what its
// functions are; without the project's Python, Upgrade and the pending list say why nothing can run or be
// rendered (tst_alembicpreview has them with it); Stamp works.
#include "core/script/AlembicScript.h"
#include "ui/AlembicSectionDialog.h"
#include "ui/MainWindow.h"
#include "ui/ProjectSession.h"
#include "ui/details/RevisionDetails.h"
#include "ui/editor/RenderedSqlView.h"
#include "ui/editor/SqlEditor.h"
#include "ui/graph/RevisionGraphView.h"
#include "ui/pending/PendingPanel.h"

#include "DemoProject.h"

#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

namespace {

const QString AlembicData = QStringLiteral(RETORT_TEST_DATA_DIR "/alembic");

// A copy of a fixture of tests/data/alembic in `dir`.
QString copyFixture(const QTemporaryDir &dir, const QString &name)
{
    return copyTree(AlembicData + u'/' + name, dir.path()) ? dir.path() : QString();
}

// RETORT_PYTHON set for the scope of a test, as a person's shell would.
struct ScopedPython
{
    explicit ScopedPython(const QString &python) { qputenv("RETORT_PYTHON", python.toUtf8()); }
    ~ScopedPython() { qunsetenv("RETORT_PYTHON"); }
};

} // namespace

class TestAlembicWorkbench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui")).clear();
    }

    void opensAnAlembicIni()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        MainWindow window;
        window.setSectionPrompt([](const QString &, const QStringList &) -> std::optional<QString> {
            QTest::qFail("one configuration: nothing to choose", __FILE__, __LINE__);
            return std::nullopt;
        });
        QVERIFY(window.openProject(ini));
        window.show();
        QCOMPARE(window.session()->iniPath(), QFileInfo(ini).absoluteFilePath());
        QVERIFY(window.session()->config().isAlembicProject());
        QCOMPARE(window.session()->projectLabel(), QStringLiteral("alembic.ini [alembic]"));
        QVERIFY2(window.windowTitle().startsWith(QFileInfo(dir.path()).fileName() +
                                                 QStringLiteral(" — alembic.ini [alembic]")),
                 qPrintable(window.windowTitle()));
        QCOMPARE(window.session()->scripts().map().size(), 5);
        QVERIFY(!window.session()->hasErrors());
        // The database named by DATABASE_URL is read (empty: no version table yet).
        auto *current = window.findChild<QLabel *>(QStringLiteral("currentRevisionLabel"));
        QTRY_VERIFY2_WITH_TIMEOUT(window.session()->currentRowsKnown(),
                                  qPrintable(window.session()->targetError() + window.session()->lastReadError()),
                                  RunTimeout);
        QVERIFY2(!current->text().contains(QStringLiteral("unknown")), qPrintable(current->text()));
    }

    // The window has no working directory the user chose: a relative script_location is the ini's folder's,
    // with nothing to warn about, wherever the program was started.
    void relativeScriptLocationIsTheIniFolders()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        QString text = readFile(ini);
        QVERIFY(text.contains(QLatin1String("script_location = %(here)s/alembic")));
        QVERIFY(writeFile(ini, text.replace(QStringLiteral("%(here)s/alembic"), QStringLiteral("alembic"))));
        QVERIFY(QDir::currentPath() != dir.path());
        MainWindow window;
        QVERIFY(window.openProject(ini));
        QCOMPARE(window.session()->config().scriptLocation(), dir.filePath(QStringLiteral("alembic")));
        QCOMPARE(toStrings(window.session()->problems()), QStringList());
        QCOMPARE(window.session()->scripts().map().size(), 5);
    }

    void opensAFolder()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        MainWindow window;
        // The folder holds alembic.ini: it is the project file from now on (title, edits reload).
        QVERIFY(window.openProject(dir.path()));
        QCOMPARE(window.session()->iniPath(), QFileInfo(ini).absoluteFilePath());
        QCOMPARE(window.session()->projectLabel(), QStringLiteral("alembic.ini [alembic]"));

        // A bare versions folder, as Alembic keeps it.
        const QString versions = dir.filePath(QStringLiteral("alembic/versions"));
        QVERIFY(window.openProject(versions));
        QCOMPARE(window.session()->iniPath(), versions);
        QCOMPARE(window.session()->projectLabel(), QStringLiteral("Alembic versions folder"));
        QCOMPARE(window.session()->scripts().map().size(), 5);
        QVERIFY2(window.windowTitle().startsWith(QStringLiteral("versions — Alembic versions folder")),
                 qPrintable(window.windowTitle()));
    }

    void choosesASectionOfAnIniWithSeveral()
    {
        QTemporaryDir dir;
        QVERIFY(!copyFixture(dir, QStringLiteral("h-sections")).isEmpty());
        const QString ini = dir.filePath(QStringLiteral("alembic.ini"));
        MainWindow window;
        QString askedAbout;
        QStringList offered;
        std::optional<QString> answer;
        window.setSectionPrompt([&](const QString &iniPath, const QStringList &sections) {
            askedAbout = iniPath;
            offered = sections;
            return answer;
        });

        // Cancelled: nothing opens.
        QVERIFY(!window.openProject(ini));
        QCOMPARE(askedAbout, QFileInfo(ini).absoluteFilePath());
        QCOMPARE(offered, (QStringList{QStringLiteral("alembic"), QStringLiteral("reporting"),
                                       QStringLiteral("archive"), QStringLiteral("newer")}));
        QVERIFY(!window.session()->isLoaded());

        // The folder asks about its alembic.ini too; [reporting] adds its own version folder.
        answer = QStringLiteral("reporting");
        offered.clear();
        QVERIFY(window.openProject(dir.path()));
        QCOMPARE(askedAbout, QFileInfo(ini).absoluteFilePath());
        QCOMPARE(offered.size(), 4);
        QCOMPARE(window.session()->alembicSection(), QStringLiteral("reporting"));
        QCOMPARE(window.session()->projectLabel(), QStringLiteral("alembic.ini [reporting]"));
        QVERIFY(window.session()->scripts().map().indexOf(QStringLiteral("cc33dd44ee55")) >= 0);

        // Given (as `retort-gui -n archive`), it is not asked; a reload keeps it.
        offered.clear();
        QVERIFY(window.openProject(ini, QStringLiteral("archive")));
        QVERIFY(offered.isEmpty());
        QVERIFY(window.session()->reload());
        QCOMPARE(window.session()->alembicSection(), QStringLiteral("archive"));
        QCOMPARE(window.session()->scripts().map().indexOf(QStringLiteral("cc33dd44ee55")), -1);
    }

    void sectionDialogOffersTheSections()
    {
        QTemporaryDir dir;
        QVERIFY(!copyFixture(dir, QStringLiteral("h-sections")).isEmpty());
        const auto choice = AlembicSectionDialog::choiceFor(dir.filePath(QStringLiteral("alembic.ini")));
        QVERIFY(choice);
        // Nothing to choose in a single configuration, nor in a retort.ini.
        QTemporaryDir single;
        QVERIFY(!makeAlembicDemoProject(single).isEmpty());
        QVERIFY(!AlembicSectionDialog::choiceFor(single.path()));
        QVERIFY(!AlembicSectionDialog::choiceFor(QStringLiteral(RETORT_SOURCE_DIR "/migrations/demo/retort.ini")));

        AlembicSectionDialog dialog(*choice);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *list = dialog.findChild<QListWidget *>(QStringLiteral("sectionList"));
        QCOMPARE(list->count(), 4);
        QCOMPARE(dialog.section(), QStringLiteral("alembic")); // Alembic's default comes first
        QTest::keyClick(list, Qt::Key_Down);
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(dialog.section(), QStringLiteral("archive"));
        QTest::keyClick(list, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void refusedFileIsAProblemAtItsLine()
    {
        QTemporaryDir dir;
        QVERIFY(!copyFixture(dir, QStringLiteral("k-computed")).isEmpty());
        const QString refused = dir.filePath(QStringLiteral("migrations/versions/5d6e7f8a9b0c_plugin_job_columns.py"));
        const Result<MigrationScript> reader = AlembicScriptReader::parse(refused, readFile(refused));
        QVERIFY(!reader.ok());

        MainWindow window;
        QVERIFY(window.openProject(dir.filePath(QStringLiteral("alembic.ini"))));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The rest of the graph is there; the refused file is not.
        const RevisionMap &map = window.session()->scripts().map();
        QCOMPARE(map.size(), 1);
        QVERIFY(map.indexOf(QStringLiteral("4c5d6e7f8a9b")) >= 0);

        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
        QVERIFY(!dock->isHidden());
        auto *list = window.findChild<QTreeWidget *>(QStringLiteral("problemsList"));
        QStringList rows;
        for (int index = 0; index < list->topLevelItemCount(); ++index)
            rows << list->topLevelItem(index)->text(0) + u' ' + list->topLevelItem(index)->text(1) + u':' +
                        list->topLevelItem(index)->text(2) + u' ' + list->topLevelItem(index)->text(3);
        // One error (a warning may follow: the fixture's relative script_location, found from the ini's folder).
        QVERIFY2(dock->windowTitle().startsWith(QStringLiteral("Problems (1 error")), qPrintable(rows.join(u'\n')));
        QTreeWidgetItem *row = list->topLevelItem(0);
        QCOMPARE(row->text(0), QStringLiteral("Error"));
        QCOMPARE(row->text(1), QStringLiteral("migrations/versions/5d6e7f8a9b0c_plugin_job_columns.py"));
        QCOMPARE(row->text(2), QStringLiteral("21"));
        // The reader's own words, not a generic "could not be loaded".
        QVERIFY2(reader.error().message.contains(row->text(3)), qPrintable(row->text(3)));
        saveScreenshot(window, QStringLiteral("alembic-refused"));
    }

    void pythonRevisionShowsItsSourceAndBodies()
    {
        QTemporaryDir dir;
        QVERIFY(!copyFixture(dir, QStringLiteral("f-bodies")).isEmpty());
        MainWindow window;
        QVERIFY(window.openProject(dir.filePath(QStringLiteral("alembic.ini"))));
        window.show();
        auto *graph = window.findChild<RevisionGraphView *>();
        auto *details = window.findChild<RevisionDetails *>();
        const RevisionMap &map = window.session()->scripts().map();

        // Literal op.execute() SQL is shown as the SQL it sends.
        QVERIFY(graph->selectRevision(map.indexOf(QStringLiteral("8b9c0d1e2f3a"))));
        QVERIFY2(details->plainText().contains(QStringLiteral("upgrade() is literal SQL")),
                 qPrintable(details->plainText()));
        const MigrationScript &literal =
            window.session()->scripts().script(map.indexOf(QStringLiteral("8b9c0d1e2f3a")));
        QVERIFY(!literal.plainUpgrade.statements.isEmpty());
        QVERIFY(details->plainText().contains(literal.plainUpgrade.statements.first().text.trimmed()));

        // A Python body: the file itself, coloured as Python, editable as a .sql file is.
        const int python = map.indexOf(QStringLiteral("a0d1e2f3a4b5"));
        QVERIFY(graph->selectRevision(python));
        QCOMPARE(window.editor()->filePath(), window.session()->scripts().script(python).path);
        QVERIFY(window.editor()->showsPython());
        QVERIFY(!window.editor()->isReadOnly());
        QVERIFY(window.editor()->text().contains(QStringLiteral("def upgrade(")));
        QVERIFY2(details->plainText().contains(QStringLiteral("upgrade() is Python")),
                 qPrintable(details->plainText()));
        auto *title = window.findChild<QLabel *>(QStringLiteral("editorTitle"));
        QVERIFY2(title->text().contains(QStringLiteral("upgrade() is Python")), qPrintable(title->text()));

        // The plan's offline SQL is SQL again.
        window.setTarget(QStringLiteral("heads"));
        QTRY_VERIFY(window.editor()->filePath().isEmpty());
        QVERIFY(!window.editor()->showsPython());
        saveScreenshot(window, QStringLiteral("alembic-python"));
    }

    // Broken from outside while on screen: the editor reads it again, marks the line, and says it is left out.
    void fileOnScreenBrokenFromOutside()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.show();
        auto *graph = window.findChild<RevisionGraphView *>();
        const int head = window.session()->scripts().map().indexOf(DemoHead);
        QVERIFY(graph->selectRevision(head));
        const QString path = window.session()->scripts().script(head).path;
        QByteArray text = readFile(path).toUtf8();
        QVERIFY(text.contains("depends_on = None"));
        text.replace("depends_on = None", "depends_on = compute()");
        QVERIFY(rewriteInPlace(path, text));

        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasErrors(), 10000);
        QVERIFY(window.editor()->text().contains(QStringLiteral("compute()")));
        const int line = int(text.left(text.indexOf("depends_on")).count('\n')) + 1;
        QCOMPARE(window.editor()->errorLine(), line);
        auto *title = window.findChild<QLabel *>(QStringLiteral("editorTitle"));
        QVERIFY2(title->text().endsWith(QStringLiteral("not loaded (see Problems)")), qPrintable(title->text()));
    }

    // The project's Python is what runs its revisions: without it, Upgrade says so before asking anything.
    void upgradeWithoutThePythonSaysWhy()
    {
        const ScopedPython python(QStringLiteral("/nonexistent/bin/python3"));
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        MainWindow window;
        int confirmations = 0;
        window.setConfirmation([&confirmations](const QString &, const QString &) { return ++confirmations > 0; });
        QVERIFY(window.openProject(ini));
        window.show();
        QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade"));
        QTRY_VERIFY_WITH_TIMEOUT(upgrade->isEnabled(), RunTimeout);
        QSignalSpy declined(&window, &MainWindow::runDeclined);
        upgrade->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(declined.size(), 1, RunTimeout);
        QCOMPARE(confirmations, 0); // refused before anything is asked
        const QString error = errorText(window);
        QVERIFY2(error.contains(QStringLiteral("which only the project's Alembic runs, and no Python: "
                                               "/nonexistent/bin/python3 (RETORT_PYTHON)")),
                 qPrintable(error));
        QVERIFY(versionRows(dir).isEmpty());
        saveScreenshot(window, QStringLiteral("alembic-upgrade-refused"));
    }

    void stampsAnAlembicProject()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(window.openProject(ini));
        window.show();
        QAction *stamp = actionNamed(window, QStringLiteral("Stamp"));
        QTRY_VERIFY_WITH_TIMEOUT(stamp->isEnabled(), RunTimeout);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        stamp->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, RunTimeout);
        QVERIFY2(ended.first().first().toBool(), qPrintable(window.lastRunSummary()));
        QCOMPARE(versionRows(dir), QStringList{DemoHead});
        auto *current = window.findChild<QLabel *>(QStringLiteral("currentRevisionLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(DemoHead), RunTimeout);
        QVERIFY(errorText(window).isEmpty());
    }

    // A Python body's risks are unknown until the project's Alembic renders it: without its Python, the pending
    // list says so (and why) rather than leave the cell empty.
    void pendingListSaysWhyPythonIsNotRendered()
    {
        const ScopedPython python(QStringLiteral("/nonexistent/bin/python3"));
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.show();
        auto *pending = window.findChild<PendingPanel *>();
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepTexts().size(), 5, RunTimeout);
        QCOMPARE(pending->stepRisk(0), QString()); // the empty baseline: nothing to risk
        QTRY_COMPARE_WITH_TIMEOUT(pending->stepRisk(1), QStringLiteral("not rendered"), RunTimeout);
        QVERIFY2(
            pending->stepRiskTip(1).startsWith(QStringLiteral("not rendered: no Python: /nonexistent/bin/python3")),
            qPrintable(pending->stepRiskTip(1)));
        QVERIFY2(pending->summaryText().contains(QStringLiteral("Their Python is not rendered: no Python")),
                 qPrintable(pending->summaryText()));
        // Beside the source, the same reason, where it cannot be missed.
        auto *graph = window.findChild<RevisionGraphView *>();
        QVERIFY(graph->selectRevision(window.session()->scripts().map().indexOf(AfterBaseline)));
        auto *view = window.findChild<RenderedSqlView *>();
        QVERIFY(view->isVisible());
        QVERIFY(view->isWarning());
        QCOMPARE(view->labelText(), pending->stepRiskTip(1));
    }

    // New Revision in an Alembic project writes a .py file Alembic reads, shown in the editor.
    void newRevisionIsAnAlembicModule()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        MainWindow window;
        window.setNewRevisionPrompt([](const RevisionMap &) {
            ScriptDirectory::NewRevision request;
            request.message = QStringLiteral("add invoice notes");
            request.revisionId = QStringLiteral("c0ffee000001");
            return std::optional<ScriptDirectory::NewRevision>(request);
        });
        QVERIFY(window.openProject(ini));
        window.show();
        actionNamed(window, QStringLiteral("New Revision…"))->trigger();
        const QString path = dir.filePath(QStringLiteral("alembic/versions/c0ffee000001_add_invoice_notes.py"));
        QVERIFY(QFile::exists(path));
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->scripts().map().size(), 6, RunTimeout);
        const int index = window.session()->scripts().map().indexOf(QStringLiteral("c0ffee000001"));
        QVERIFY(index >= 0);
        const MigrationScript &script = window.session()->scripts().script(index);
        QCOMPARE(script.format, ScriptFormat::AlembicPython);
        QCOMPARE(script.downRevisions, QStringList{DemoHead});
        QCOMPARE(script.plainUpgrade.body, SectionBody::LiteralSql);
    }
};

QTEST_MAIN(TestAlembicWorkbench)
#include "tst_alembicworkbench.moc"
