// SPDX-License-Identifier: GPL-3.0-or-later
// retort status: every exit status produced by a real database state, through the real CLI, on SQLite
// files and (as tst_status_integration) on PostgreSQL and MariaDB.
#include "tests/runtime/StepsProject.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace retort;
using namespace retort::testing;

class TestStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { checkCliAndServers(&m_urls); }
    void exitStatusSaysWhichState_data();
    void exitStatusSaysWhichState();

private:
    QHash<QString, QString> m_urls;
};

void TestStatus::exitStatusSaysWhichState_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("state");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("says"); // what the line says after "dev URL: "
    QTest::addColumn<QString>("word"); // --json's "state"
    for (const QString &backend : backends()) {
        auto row = [&backend](const QString &state) -> QTestData & {
            return QTest::newRow(qPrintable(backend + QStringLiteral(": ") + state)) << backend << state;
        };
        row(QStringLiteral("at heads")) << 0 << QStringLiteral("at heads; database %1; heads %1").arg(kStepC)
                                        << QStringLiteral("at_heads");
        row(QStringLiteral("pending")) << 3 << QStringLiteral("2 pending; database %1; heads %2").arg(kStepA, kStepC)
                                       << QStringLiteral("pending");
        // A pending revision with a section for another dialect only: pending, and status says upgrade refuses it.
        row(QStringLiteral("pending without a section"))
            << 3
            << QStringLiteral("2 pending (1 with no section for %1, which upgrade refuses: %2); database %3; heads %2")
                   .arg(backend == kMariadb ? QStringLiteral("mysql") : backend, kStepC, kStepA)
            << QStringLiteral("pending");
        row(QStringLiteral("unknown revision"))
            << 4 << QStringLiteral("unknown revision %1 (no file defines it; see retort verify)").arg(kStepC)
            << QStringLiteral("unknown_revision");
        row(QStringLiteral("not adopted"))
            << 5 << QStringLiteral("not adopted (no revision applied; retort stamp or retort upgrade adopts it)")
            << QStringLiteral("not_adopted");
        row(QStringLiteral("cannot connect"))
            << 6 << QStringLiteral("cannot connect: ") << QStringLiteral("unreachable");
        row(QStringLiteral("interrupted")) << 7 << QStringLiteral("interrupted run: ") << QStringLiteral("interrupted");
        const QString edited =
            QStringLiteral("1 applied revision(s) changed since they ran: edited %2 (see retort verify); database %1")
                .arg(QStringLiteral("%1"), kStepA);
        row(QStringLiteral("edited")) << 8 << edited.arg(kStepC) << QStringLiteral("drifted");
        // When several apply, the first of 6, 5, 4, 7, 8, 3 says it.
        row(QStringLiteral("edited and pending")) << 8 << edited.arg(kStepB) << QStringLiteral("drifted");
    }
}

void TestStatus::exitStatusSaysWhichState()
{
    QFETCH(QString, backend);
    QFETCH(QString, state);
    QFETCH(int, exitCode);
    QFETCH(QString, says);
    QFETCH(QString, word);
    StepsProject f;
    prepareStepsProject(f, backend, m_urls);
    if (QTest::currentTestFailed())
        return;
    auto retortOk = [&f](const QStringList &arguments) {
        const CliRun run = f.retort(arguments);
        return run.exitCode == 0 ? QString() : run.err;
    };
    const QString upgrade = QStringLiteral("upgrade");
    if (state == QLatin1String("at heads") || state == QLatin1String("unknown revision") ||
        state == QLatin1String("edited")) {
        QCOMPARE(retortOk({upgrade, QStringLiteral("head")}), QString());
    } else if (state.startsWith(QLatin1String("pending"))) {
        QCOMPARE(retortOk({upgrade, kStepA}), QString());
    } else if (state == QLatin1String("edited and pending")) {
        QCOMPARE(retortOk({upgrade, kStepB}), QString());
    } else if (state == QLatin1String("cannot connect")) {
        f.environment.insert(QStringLiteral("STEPS_TEST_URL"), QStringLiteral("postgresql://retort@127.0.0.1:1/none"));
    } else if (state == QLatin1String("interrupted")) {
        // A revision outside a transaction whose second statement fails: its first stays committed.
        QVERIFY(f.writeRevision(QStringLiteral("d4d4d4d4d4d4"), kStepC,
                                QStringLiteral("INSERT INTO orders (id, total) VALUES (2, 20);\n"
                                               "INSERT INTO no_such_table (id) VALUES (1);\n"),
                                QStringLiteral("-- Transactional: false\n")));
        const CliRun run = f.retort({upgrade, QStringLiteral("head")});
        QVERIFY2(run.exitCode == 1, qPrintable(run.err));
    }
    if (state == QLatin1String("unknown revision"))
        QVERIFY(QFile::remove(f.file(kStepC)));
    const bool noSection = state == QLatin1String("pending without a section");
    if (noSection) {
        const QByteArray other = backend == kSqlite ? "postgresql" : "sqlite";
        QVERIFY(rewriteInPlace(f.file(kStepC), "-- migrate:upgrade\n", "-- migrate:upgrade " + other + '\n'));
        const CliRun refused = f.retort({upgrade, QStringLiteral("head")});
        QVERIFY2(refused.exitCode == 1 && refused.err.contains(QStringLiteral("has no upgrade section for")), qPrintable(refused.err));
    }
    if (state.startsWith(QLatin1String("edited")))
        QVERIFY(rewriteInPlace(f.file(kStepA), "NOT NULL", "NULL    "));

    const CliRun run = f.retort({QStringLiteral("status")});
    QVERIFY2(run.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1\n%2%3").arg(run.exitCode).arg(run.out, run.err)));
    // The URL as every message shows it: the password masked.
    const auto shown = DatabaseUrl::parse(
        state == QLatin1String("cannot connect") ? QStringLiteral("postgresql://retort@127.0.0.1:1/none") : f.url);
    QVERIFY2(shown.ok(), errorOf(shown).constData());
    const QString where = shown->toDisplayString();
    QVERIFY2(run.out.startsWith(QStringLiteral("dev %1: %2").arg(where, says)) && run.out.count(u'\n') == 1,
             qPrintable(run.out + QStringLiteral("\nexpected: dev %1: %2").arg(where, says)));
    QCOMPARE(run.err, QString());
    // The same as one JSON document, with the fields the README lists.
    const CliRun json = f.retort({QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, exitCode);
    const QJsonObject document = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QStringList keys = document.keys();
    keys.sort();
    QCOMPARE(keys,
             (QStringList{QStringLiteral("database_revisions"), QStringLiteral("drifted"),
                          QStringLiteral("edited_revisions"), QStringLiteral("environment"),
                          QStringLiteral("exit_code"), QStringLiteral("heads"), QStringLiteral("missing_revisions"),
                          QStringLiteral("no_section_revisions"), QStringLiteral("pending"), QStringLiteral("problem"), QStringLiteral("state"),
                          QStringLiteral("unknown_revisions"), QStringLiteral("url")}));
    QCOMPARE(document.value(QStringLiteral("state")).toString(), word);
    QCOMPARE(document.value(QStringLiteral("exit_code")).toInt(), exitCode);
    QCOMPARE(document.value(QStringLiteral("environment")).toString(), QStringLiteral("dev"));
    QCOMPARE(document.value(QStringLiteral("url")).toString(), where);
    QCOMPARE(document.value(QStringLiteral("problem")).isNull(), exitCode != 6 && exitCode != 7);
    QCOMPARE(document.value(QStringLiteral("edited_revisions")).toArray(),
             exitCode == 8 ? QJsonArray{kStepA} : QJsonArray());
    QCOMPARE(document.value(QStringLiteral("no_section_revisions")).toArray(), noSection ? QJsonArray{kStepC} : QJsonArray());
    if (backend == kSqlite && state == QLatin1String("not adopted"))
        QVERIFY2(!QFileInfo::exists(f.root + QStringLiteral("/shop.db")), "status created the database");
}

QTEST_GUILESS_MAIN(TestStatus)
#include "tst_status.moc"
