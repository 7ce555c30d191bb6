// SPDX-License-Identifier: GPL-3.0-or-later
// An Alembic project's Python in the window, with the project's own Alembic (the system's /usr/bin/python3, or
// ALEMBIC_PYTHON's; skipped without it, label `alembic`): beside a pending .py revision's source, the SQL its
// Alembic renders under its label, and the pending list's risks read from it; an edit from outside renders
// again; Upgrade from the window runs the plan through the project's Alembic inside Retort's gates, and a
// refusal or an Alembic failure ends clearly, with the traceback in the log.
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/ProductionMark.h"
#include "core/runtime/SqlDialect.h"
#include "ui/LogPane.h"
#include "ui/MainWindow.h"
#include "ui/ProjectSession.h"
#include "ui/RenderedPlan.h"
#include "ui/RunLauncher.h"
#include "ui/editor/RenderedSqlView.h"
#include "ui/editor/SqlEditor.h"
#include "ui/graph/RevisionGraphModel.h"
#include "ui/graph/RevisionGraphView.h"
#include "ui/pending/PendingPanel.h"

#include "DemoProject.h"
#include "tests/support/RetortCli.h"

#include <QLabel>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

namespace {

const QString Versions = QStringLiteral("alembic/versions/");
const QString AddExpiry = QStringLiteral("3f1c2a9b7d10");
const QString AddLocale = QStringLiteral("8c4f2b6e9d31");
const QString DropCache = QStringLiteral("b1f6a8d2c453");

// A revision that looks at the database: offline SQL cannot say what it does.
const QString QueriesTheDatabase = QStringLiteral("conn = op.get_bind()\n"
                                                  "    conn.execute(sa.text(\"select 1\")).fetchall()");

// `from` replaced by `to` in the project's file `relative`; false when `from` is not in it.
bool patchFile(const QTemporaryDir &dir, const QString &relative, const QString &from, const QString &to)
{
    if (relative.isEmpty())
        return true;
    QString text = readFile(dir.filePath(relative));
    if (!text.contains(from))
        return false;
    return rewriteInPlace(dir.filePath(relative), text.replace(from, to).toUtf8());
}

// The 1-based line of `text` in the project's file `relative`.
int lineOf(const QTemporaryDir &dir, const QString &relative, const QString &text)
{
    const QString content = readFile(dir.filePath(relative));
    const qsizetype at = content.indexOf(text);
    return at < 0 ? 0 : int(content.left(at).count(u'\n')) + 1;
}

// The plan step (0-based) that runs `revision`, or -1.
int stepOf(const MainWindow &window, const PendingPanel &pending, const QString &revision)
{
    const RevisionMap &map = window.session()->scripts().map();
    for (int i = 0; i < pending.plannedSteps().size(); ++i) {
        const MigrationStep &step = pending.plannedSteps().at(i).step;
        if (step.kind == MigrationStep::Kind::Revision && map.at(step.revision).id == revision)
            return i;
    }
    return -1;
}

// Rows of the demo's retort_history for revision runs: "revision direction success".
QStringList historyRows(const QTemporaryDir &dir)
{
    QStringList rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("history"));
        db.setDatabaseName(dir.filePath(QStringLiteral("dev.db")));
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT revision, direction, success FROM retort_history "
                                           "WHERE direction IN ('upgrade', 'downgrade') ORDER BY id"),
                            db);
            while (query.next())
                rows << QStringLiteral("%1 %2 %3")
                            .arg(query.value(0).toString(), query.value(1).toString(), query.value(2).toString());
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("history"));
    return rows;
}

} // namespace

class TestAlembicPreview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("Retort"), QStringLiteral("retort-gui")).clear();
        if (!pythonImports(QStringLiteral("alembic")))
            QSKIP("no Alembic for this interpreter: Alembic window tests skipped");
        // The project's Python, as a person sets it (the python3 on PATH may have no Alembic).
        qputenv("RETORT_PYTHON", alembicPython().toUtf8());
    }

    void renderedBesideThePython_data()
    {
        QTest::addColumn<QString>("revision");
        QTest::addColumn<QString>("file"); // patched: `from` becomes `to`
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("label");    // in the label, as describe() says it
        QTest::addColumn<QString>("lineText"); // the label names the line of this text in the file
        QTest::addColumn<QString>("sql");      // in the SQL shown
        QTest::addColumn<QString>("risk");     // the pending list's Risk cell (empty: no risk)
        QTest::addColumn<bool>("warning");     // the label stands out: the SQL is not whole

        QTest::newRow("rendered") << AddExpiry << QString() << QString() << QString()
                                  << QStringLiteral("rendered offline by the project's Alembic") << QString()
                                  << QStringLiteral("ALTER TABLE api_keys ADD COLUMN expires_at DATETIME") << QString()
                                  << false;
        QTest::newRow("rendered, with a risk") << DropCache << QString() << QString() << QString()
                                               << QStringLiteral("rendered offline by the project's Alembic")
                                               << QString() << QStringLiteral("DROP TABLE cache_scraped_raw")
                                               << QStringLiteral("drops table cache_scraped_raw") << false;
        QTest::newRow("exact") << Baseline << QString() << QString() << QString()
                               << QStringLiteral("exact: empty, runs nothing") << QString()
                               << QStringLiteral("-- Nothing: this function runs no SQL.") << QString() << false;
        const QString locale = Versions + QStringLiteral("8c4f2b6e9d31_add_user_locale.py");
        QTest::newRow("needs a live database")
            << AddLocale << locale
            << QStringLiteral("op.execute(\"UPDATE app_users SET locale = 'de' WHERE email LIKE "
                              "'%.de'\")")
            << QueriesTheDatabase << QStringLiteral("needs a live database: it asks for the connection (get_bind)")
            << QStringLiteral("conn = op.get_bind()") << QStringLiteral("-- PARTIAL") << QStringLiteral("needs live DB")
            << true;
        const QString expiry = Versions + QStringLiteral("3f1c2a9b7d10_add_expiry_and_last_use_to_api_keys.py");
        QTest::newRow("import error") << AddExpiry << expiry << QStringLiteral("import sqlalchemy as sa\n")
                                      << QStringLiteral("import sqlalchemy as sa\nimport retort_no_such_module\n")
                                      << QStringLiteral("import error:") << QString()
                                      << QStringLiteral("-- No SQL: import error") << QStringLiteral("import error")
                                      << true;
    }

    void renderedBesideThePython()
    {
        QFETCH(QString, revision);
        QFETCH(QString, file);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, label);
        QFETCH(QString, lineText);
        QFETCH(QString, sql);
        QFETCH(QString, risk);
        QFETCH(bool, warning);

        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        QVERIFY(patchFile(dir, file, from, to));
        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.show();
        auto *pending = window.findChild<PendingPanel *>();
        auto *rendered = window.findChild<RenderedPlan *>();
        auto *view = window.findChild<RenderedSqlView *>();
        QVERIFY(pending && rendered && view);
        // No database yet: the plan runs every revision, from base.
        QTRY_COMPARE_WITH_TIMEOUT(pending->plannedSteps().size(), 5, RunTimeout);

        const int index = window.session()->scripts().map().indexOf(revision);
        QVERIFY(window.findChild<RevisionGraphView *>()->selectRevision(index));
        // The Python source, and beside it the SQL it runs.
        QVERIFY(window.editor()->showsPython());
        QVERIFY(view->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(rendered->state(), RenderedPlan::State::Ready, RunTimeout);
        const int step = stepOf(window, *pending, revision);
        QVERIFY(step >= 0);
        QVERIFY2(view->heading().contains(QStringLiteral("step %1 of the plan to heads").arg(step + 1)),
                 qPrintable(view->heading()));
        QVERIFY2(view->labelText().contains(label), qPrintable(view->labelText()));
        if (!lineText.isEmpty()) {
            const QString at = QStringLiteral("%1:%2").arg(QFileInfo(file).fileName()).arg(lineOf(dir, file, lineText));
            QVERIFY2(view->labelText().contains(at), qPrintable(view->labelText() + QStringLiteral("\n") + at));
        }
        QVERIFY2(view->sqlText().contains(sql), qPrintable(view->sqlText()));
        QCOMPARE(view->isWarning(), warning);

        // The pending list reads the same: risks of the rendered SQL, or why its SQL is not known.
        if (risk.isEmpty()) {
            QCOMPARE(pending->stepRisk(step), QString());
        } else {
            QVERIFY2(pending->stepRisk(step).contains(risk), qPrintable(pending->stepRisk(step)));
        }
        if (warning)
            QCOMPARE(pending->stepRiskTip(step), view->labelText());
        // The graph marks the revision alike.
        const RevisionGraphModel *model = window.findChild<RevisionGraphView *>()->model();
        const QModelIndex riskCell = model->index(model->rowOfRevision(index), RevisionGraphModel::RiskColumn);
        if (warning) {
            QCOMPARE(riskCell.data().toString(), pending->stepRisk(step));
        } else {
            QCOMPARE(riskCell.data(RevisionGraphModel::RiskRole).toStringList().join(QStringLiteral("; ")),
                     pending->stepRisk(step));
        }
        QVERIFY2(pending->summaryText().contains(
                     QStringLiteral("hands them to the project's Alembic (%1 -m alembic upgrade heads)")
                         .arg(alembicPython())),
                 qPrintable(pending->summaryText()));
        saveScreenshot(window, QStringLiteral("alembic-rendered-") + QString::fromLatin1(QTest::currentDataTag()));
    }

    // The plan's tables and risks come from the rendered SQL, as a .sql revision's do.
    void pendingListReadsTheRenderedSql()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        MainWindow window;
        QVERIFY(window.openProject(ini));
        auto *pending = window.findChild<PendingPanel *>();
        auto *rendered = window.findChild<RenderedPlan *>();
        QTRY_COMPARE_WITH_TIMEOUT(pending->plannedSteps().size(), 5, RunTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(rendered->state(), RenderedPlan::State::Ready, RunTimeout);
        QVERIFY2(rendered->report().renderer.startsWith(QStringLiteral("Alembic ")),
                 qPrintable(rendered->report().unavailable));
        const int expiry = stepOf(window, *pending, AddExpiry);
        QCOMPARE(pending->stepTables(expiry), QStringList{QStringLiteral("api_keys (alter)")});
        QVERIFY2(pending->stepNotes(expiry).contains(QStringLiteral("its SQL rendered by the project's Alembic")),
                 qPrintable(pending->stepNotes(expiry)));
        QVERIFY2(pending->summaryText().contains(QStringLiteral("Their SQL is rendered offline by Alembic")),
                 qPrintable(pending->summaryText()));
        // No "not read" is left once rendered; every Python step is read.
        for (int i = 0; i < pending->plannedSteps().size(); ++i)
            QVERIFY2(!pending->stepRisk(i).contains(QStringLiteral("not read")), qPrintable(pending->stepRisk(i)));
    }

    // A revision edited from outside while on screen is rendered again, from what the file holds now.
    void renderFollowsAnEditFromOutside()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        MainWindow window;
        QVERIFY(window.openProject(ini));
        window.show();
        auto *pending = window.findChild<PendingPanel *>();
        auto *view = window.findChild<RenderedSqlView *>();
        QTRY_COMPARE_WITH_TIMEOUT(pending->plannedSteps().size(), 5, RunTimeout);
        QVERIFY(window.findChild<RevisionGraphView *>()->selectRevision(
            window.session()->scripts().map().indexOf(AddExpiry)));
        QTRY_VERIFY_WITH_TIMEOUT(view->sqlText().contains(QStringLiteral("last_used_at")), RunTimeout);

        QVERIFY(patchFile(dir, Versions + QStringLiteral("3f1c2a9b7d10_add_expiry_and_last_use_to_api_keys.py"),
                          QStringLiteral("def downgrade"),
                          QStringLiteral("    op.add_column('api_keys', sa.Column('revoked_at', sa.DateTime()))\n\n\n"
                                         "def downgrade")));
        QTRY_VERIFY_WITH_TIMEOUT(view->sqlText().contains(QStringLiteral("ADD COLUMN revoked_at")), RunTimeout);
        QVERIFY(window.editor()->text().contains(QStringLiteral("revoked_at")));
    }

    // A run to another target than the plan on screen (the checklist's steps, Downgrade One Step) renders its
    // Python first, off the UI thread, so the question names what the rendered SQL risks; then Alembic runs it.
    void startRunRendersBeforeAsking()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        const QString created = createAlembicDemoDatabase(dir, AddLocale);
        QVERIFY2(created.isEmpty(), qPrintable(created));
        QVERIFY(execOnDemo(dir, QStringLiteral("ALTER TABLE app_users ADD COLUMN locale VARCHAR(16)")).isEmpty());
        MainWindow window;
        QStringList confirmations;
        window.setConfirmation([&confirmations](const QString &, const QString &text) {
            confirmations << text;
            return true;
        });
        QVERIFY(window.openProject(ini));
        window.show();
        auto *launcher = window.findChild<RunLauncher *>();
        QSignalSpy preparing(launcher, &RunLauncher::preparing);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->currentRowsKnown(), RunTimeout);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QVERIFY(window.startRun(RunRequest::Command::Downgrade, QStringLiteral("-1")));
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 3 * RunTimeout);
        QVERIFY2(ended.first().first().toBool(), qPrintable(window.lastRunSummary()));
        QCOMPARE(preparing.size(), 2); // reading the database, then rendering
        QVERIFY2(preparing.last().first().toString().startsWith(QStringLiteral("Rendering the plan's Python")),
                 qPrintable(preparing.last().first().toString()));
        QCOMPARE(confirmations.size(), 1);
        QVERIFY2(confirmations.first().contains(QStringLiteral("drops a column of app_users")),
                 qPrintable(confirmations.first()));
        QVERIFY2(confirmations.first().contains(QStringLiteral("downgrade -1")), qPrintable(confirmations.first()));
        QCOMPARE(versionRows(dir), QStringList{QStringLiteral("5b2e44c0a1f3")});
        QCOMPARE(historyRows(dir), QStringList{QStringLiteral("8c4f2b6e9d31 downgrade 1")});
    }

    // A production database: the gate names who runs the plan and the risks of its rendered SQL, and offers no
    // rehearsal (Alembic commits in its own process).
    void productionGateOfAnAlembicPlan()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        const QString created = createAlembicDemoDatabase(dir);
        QVERIFY2(created.isEmpty(), qPrintable(created));
        {
            const DatabaseUrl url =
                DatabaseUrl::parse(QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("dev.db"))).value();
            auto connection = DatabaseConnection::open(url);
            QVERIFY(connection.ok());
            QSqlDatabase db = connection.value()->database();
            const Status marked =
                ProductionMark::write(db, *SqlDialect::create(Dialect::SQLite), QString(), QStringLiteral("production"),
                                      DatabaseIdentity::ofSqliteFile(url.database()));
            QVERIFY2(marked.ok(), marked.ok() ? "" : qPrintable(marked.error().message));
        }
        MainWindow window;
        std::optional<GatePrompt> asked;
        window.setGatePrompt([&asked](const GatePrompt &prompt) {
            asked = prompt;
            return std::optional<GateAnswer>(); // cancelled at the gate
        });
        QVERIFY(window.openProject(ini));
        window.show();
        QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade"));
        QTRY_VERIFY_WITH_TIMEOUT(upgrade->isEnabled(), RunTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->isProduction(), RunTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(window.findChild<RenderedPlan *>()->state(), RenderedPlan::State::Ready, RunTimeout);
        QSignalSpy declined(&window, &MainWindow::runDeclined);
        upgrade->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(declined.size(), 1, RunTimeout);
        QVERIFY(asked.has_value());
        const QString notes = asked->notes.join(u'\n');
        QVERIFY2(notes.contains(
                     QStringLiteral("the project's Alembic is %1; it runs as: %1 -m alembic -c").arg(alembicPython())),
                 qPrintable(notes));
        QVERIFY2(notes.contains(QStringLiteral("drops table cache_scraped_raw")), qPrintable(notes));
        // Rehearse-first is offered: on a scratch copy restored from the gate's backup.
        QVERIFY(asked->rehearsalPossible);
        QCOMPARE(versionRows(dir), QStringList{Baseline});
    }

    // Rehearse the Plan on an Alembic plan: the plan runs through Alembic on a copy restored from a backup, and the
    // database itself stays where it was.
    void rehearsalOnAScratchCopy()
    {
        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        const QString created = createAlembicDemoDatabase(dir);
        QVERIFY2(created.isEmpty(), qPrintable(created));
        MainWindow window;
        window.setConfirmation([](const QString &, const QString &) { return true; });
        QVERIFY(window.openProject(ini));
        window.show();
        QAction *rehearse = actionNamed(window, QStringLiteral("Rehearse the Plan"));
        QTRY_VERIFY_WITH_TIMEOUT(rehearse->isEnabled(), RunTimeout);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        rehearse->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 3 * RunTimeout);
        QVERIFY2(ended.first().first().toBool(), qPrintable(errorText(window)));
        const QString logText = window.findChild<LogPane *>()->toPlainText();
        QVERIFY2(logText.count(QStringLiteral("Rehearsal passed on a scratch copy (a temporary SQLite file, "
                                              "restored from a backup taken for the rehearsal and removed "
                                              "afterwards)")) == 1 &&
                     logText.contains(QStringLiteral("4 step(s) ran there; the run would leave the version table "
                                                     "at %1.")
                                          .arg(DemoHead)),
                 qPrintable(logText));
        QVERIFY2(logText.contains(QStringLiteral("env.py connects to SQLite file ")), qPrintable(logText));
        QCOMPARE(versionRows(dir), QStringList{Baseline});
        QCOMPARE(historyRows(dir), QStringList());
    }

    void upgradeThroughTheWindow_data()
    {
        QTest::addColumn<QString>("file"); // patched: `from` becomes `to`
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("succeeds");
        QTest::addColumn<QStringList>("rowsAfter");
        QTest::addColumn<QStringList>("history"); // "revision direction success", in run order
        QTest::addColumn<QString>("error");       // in the error strip
        QTest::addColumn<QString>("log");         // in the log pane
        QTest::addColumn<QString>("failingLine"); // the editor shows `file` at this text's line (empty: nothing)

        const QStringList applied{QStringLiteral("3f1c2a9b7d10 upgrade 1"), QStringLiteral("5b2e44c0a1f3 upgrade 1"),
                                  QStringLiteral("8c4f2b6e9d31 upgrade 1"), QStringLiteral("b1f6a8d2c453 upgrade 1")};
        QTest::newRow("runs") << QString() << QString() << QString() << true << QStringList{DemoHead} << applied
                              << QString() << QStringLiteral("Running the plan with the project's Alembic")
                              << QString();
        // env.py takes a URL of its own: stopped before the first revision, nothing written.
        QTest::newRow("env.py elsewhere")
            << QStringLiteral("alembic/env.py")
            << QStringLiteral("return os.environ.get(\"DATABASE_URL\") or config.get_main_option(\"sqlalchemy.url\")")
            << QStringLiteral("return \"sqlite:///\" + os.path.join(os.path.dirname(__file__), \"elsewhere.db\")")
            << false << QStringList{Baseline} << QStringList() << QStringLiteral("env.py connects to")
            << QStringLiteral("env.py connects to") << QString();
        // A revision raises in Alembic: the run stops there, and the traceback is in the log.
        QTest::newRow("alembic fails")
            << Versions + QStringLiteral("3f1c2a9b7d10_add_expiry_and_last_use_to_api_keys.py")
            << QStringLiteral("op.add_column('api_keys', sa.Column('expires_at'")
            << QStringLiteral("op.add_column('no_such_table', sa.Column('expires_at'") << false << QStringList{Baseline}
            << QStringList{QStringLiteral("3f1c2a9b7d10 upgrade 0"), QStringLiteral("5b2e44c0a1f3 upgrade 0"),
                           QStringLiteral("8c4f2b6e9d31 upgrade 0"), QStringLiteral("b1f6a8d2c453 upgrade 0")}
            << QStringLiteral("failed in Alembic at ") << QStringLiteral("Traceback (most recent call last)")
            << QStringLiteral("op.add_column('no_such_table'");
    }

    void upgradeThroughTheWindow()
    {
        QFETCH(QString, file);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, succeeds);
        QFETCH(QStringList, rowsAfter);
        QFETCH(QStringList, history);
        QFETCH(QString, error);
        QFETCH(QString, log);
        QFETCH(QString, failingLine);

        QTemporaryDir dir;
        const QString ini = makeAlembicDemoProject(dir);
        QVERIFY(!ini.isEmpty());
        const QString created = createAlembicDemoDatabase(dir);
        QVERIFY2(created.isEmpty(), qPrintable(created));
        QVERIFY(patchFile(dir, file, from, to));
        MainWindow window;
        QStringList confirmations;
        window.setConfirmation([&confirmations](const QString &, const QString &text) {
            confirmations << text;
            return true;
        });
        QVERIFY(window.openProject(ini));
        window.show();
        auto *rendered = window.findChild<RenderedPlan *>();
        QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade"));
        QTRY_VERIFY_WITH_TIMEOUT(upgrade->isEnabled(), RunTimeout);
        // A plan Alembic runs is rehearsed on a scratch copy: Alembic commits in its own process.
        QAction *rehearse = actionNamed(window, QStringLiteral("Rehearse the Plan"));
        QVERIFY(rehearse->isEnabled());
        QVERIFY2(rehearse->toolTip().contains(QStringLiteral("on a scratch copy restored from a backup")),
                 qPrintable(rehearse->toolTip()));
        QTRY_COMPARE_WITH_TIMEOUT(rendered->state(), RenderedPlan::State::Ready, RunTimeout);

        QSignalSpy ended(&window, &MainWindow::runEnded);
        upgrade->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 3 * RunTimeout);
        QCOMPARE(confirmations.size(), 1);
        // Asked with who runs it, and what its rendered SQL risks.
        QVERIFY2(confirmations.first().contains(
                     QStringLiteral("The project's Alembic runs this plan (%1)").arg(alembicPython())),
                 qPrintable(confirmations.first()));
        if (file.isEmpty()) {
            QVERIFY2(confirmations.first().contains(QStringLiteral("drops table cache_scraped_raw")),
                     qPrintable(confirmations.first()));
        }
        const QString logText = window.findChild<LogPane *>()->toPlainText();
        QCOMPARE(ended.first().first().toBool(), succeeds);
        QCOMPARE(versionRows(dir), rowsAfter);
        QCOMPARE(historyRows(dir), history);
        QVERIFY2(logText.contains(log), qPrintable(logText));
        if (succeeds) {
            QVERIFY2(errorText(window).isEmpty(), qPrintable(errorText(window)));
            auto *current = window.findChild<QLabel *>(QStringLiteral("currentRevisionLabel"));
            QTRY_VERIFY_WITH_TIMEOUT(current->text().contains(DemoHead), RunTimeout);
        } else {
            QVERIFY2(errorText(window).contains(error), qPrintable(errorText(window)));
        }
        if (!failingLine.isEmpty()) {
            // The revision's own line, where Alembic failed, named and shown (not SQLAlchemy's).
            const int line = lineOf(dir, file, failingLine);
            QVERIFY2(errorText(window).contains(QStringLiteral("%1:%2").arg(dir.filePath(file)).arg(line)),
                     qPrintable(errorText(window)));
            QCOMPARE(window.editor()->filePath(), dir.filePath(file));
            QCOMPARE(window.editor()->errorLine(), line);
        }
        saveScreenshot(window, QStringLiteral("alembic-upgrade-") + QString::fromLatin1(QTest::currentDataTag()));
        if (succeeds)
            return;

        // Where a revision failed part way (SQLite: Alembic's DDL commits as it runs), the next runs refuse
        // until a stamp records where the database is: Stamp does, even where it already is. Where nothing
        // ran, there is nothing to record.
        const bool failedPartWay = !history.isEmpty();
        window.setTarget(rowsAfter.first());
        QAction *stamp = actionNamed(window, QStringLiteral("Stamp"));
        QTRY_VERIFY_WITH_TIMEOUT(stamp->isEnabled(), RunTimeout);
        stamp->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 2, RunTimeout);
        QVERIFY2(ended.last().first().toBool(), qPrintable(window.lastRunSummary()));
        QCOMPARE(confirmations.size(), failedPartWay ? 2 : 1);
        if (failedPartWay) {
            QVERIFY2(confirmations.last().contains(QStringLiteral("The version table stays at %1").arg(Baseline)),
                     qPrintable(confirmations.last()));
        } else {
            QVERIFY2(window.lastRunSummary().startsWith(QStringLiteral("Nothing to stamp")),
                     qPrintable(window.lastRunSummary()));
        }
        QCOMPARE(versionRows(dir), rowsAfter);
    }
};

QTEST_MAIN(TestAlembicPreview)
#include "tst_alembicpreview.moc"
