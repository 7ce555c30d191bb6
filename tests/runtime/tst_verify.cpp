// SPDX-License-Identifier: GPL-3.0-or-later
// retort verify: the revisions a database has applied against the checksums their history rows recorded,
// through the real CLI, on SQLite files and (as tst_verify_integration) on PostgreSQL and MariaDB.
#include "tests/runtime/StepsProject.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace retort;
using namespace retort::testing;

namespace {

const QString &kA = kStepA;
const QString &kB = kStepB;
const QString &kC = kStepC;
using Fixture = StepsProject;

} // namespace

class TestVerify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { checkCliAndServers(&m_urls); }
    void findsWhatChangedSinceItRan_data();
    void findsWhatChangedSinceItRan();
#ifndef RETORT_INTEGRATION
    void missingDatabaseIsNotCreated();
#endif

private:
    QHash<QString, QString> m_urls;
};

void TestVerify::findsWhatChangedSinceItRan_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("story");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("lines"); // lines of the report, in order
    QTest::addColumn<QString>("summary");   // its last line, after the URL
    const QStringList stories = {QStringLiteral("clean"),
                                 QStringLiteral("edited in place"),
                                 QStringLiteral("renamed"),
                                 QStringLiteral("head file deleted"),
                                 QStringLiteral("stamped"),
                                 QStringLiteral("pending file edited"),
                                 QStringLiteral("downgraded, then edited")};
    const auto ok = [](const QString &id) {
        return QStringLiteral("ok          %1  migrations/versions/%1_step.sql").arg(id);
    };
    const auto unverified = [](const QString &id) {
        return QStringLiteral("unverified  %1  migrations/versions/%1_step.sql: no checksum recorded").arg(id);
    };
    for (const QString &backend : backends()) {
        auto row = [&backend](const QString &story) -> QTestData & {
            return QTest::newRow(qPrintable(backend + QStringLiteral(": ") + story)) << backend << story;
        };
        row(stories[0]) << 0 << QStringList{ok(kA), ok(kB), ok(kC)}
                        << QStringLiteral("3 applied revision(s): 3 unchanged, 0 edited, 0 missing, 0 unverified.");
        row(stories[1]) << 8
                        << QStringList{ok(kA),
                                       QStringLiteral("EDITED      %1  migrations/versions/%1_step.sql: the upgrade "
                                                      "section is not what ran (upgrade ")
                                           .arg(kB),
                                       ok(kC)}
                        << QStringLiteral("3 applied revision(s): 2 unchanged, 1 edited, 0 missing, 0 unverified.");
        // What ran is the content, not the file's name.
        row(stories[2]) << 0
                        << QStringList{ok(kA),
                                       QStringLiteral("ok          %1  migrations/versions/%1_renamed.sql").arg(kB),
                                       ok(kC)}
                        << QStringLiteral("3 applied revision(s): 3 unchanged, 0 edited, 0 missing, 0 unverified.");
        row(stories[3]) << 8
                        << QStringList{ok(kA), ok(kB),
                                       QStringLiteral("MISSING     %1: the database has it applied, and no file in "
                                                      "the versions folder defines it")
                                           .arg(kC)}
                        << QStringLiteral("3 applied revision(s): 2 unchanged, 0 edited, 1 missing, 0 unverified.");
        // A stamp runs nothing: there is no SQL that ran to compare with.
        row(stories[4]) << 0 << QStringList{unverified(kA), unverified(kB), unverified(kC)}
                        << QStringLiteral("3 applied revision(s): 0 unchanged, 0 edited, 0 missing, 3 unverified.");
        row(stories[5]) << 0 << QStringList{ok(kA)}
                        << QStringLiteral("1 applied revision(s): 1 unchanged, 0 edited, 0 missing, 0 unverified.");
        row(stories[6]) << 0 << QStringList{ok(kA), ok(kB)}
                        << QStringLiteral("2 applied revision(s): 2 unchanged, 0 edited, 0 missing, 0 unverified.");
    }
}

void TestVerify::findsWhatChangedSinceItRan()
{
    QFETCH(QString, backend);
    QFETCH(QString, story);
    QFETCH(int, exitCode);
    QFETCH(QStringList, lines);
    QFETCH(QString, summary);
    Fixture f;
    prepareStepsProject(f, backend, m_urls);
    if (QTest::currentTestFailed())
        return;

    auto upgradeTo = [&f](const QString &target) {
        const CliRun run = f.retort({QStringLiteral("upgrade"), target});
        return run.exitCode == 0 ? QString() : run.err;
    };
    if (story == QLatin1String("stamped")) {
        const CliRun run = f.retort({QStringLiteral("stamp"), QStringLiteral("head")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    } else if (story == QLatin1String("pending file edited")) {
        QCOMPARE(upgradeTo(kA), QString());
        QVERIFY(rewriteInPlace(f.file(kC), "VALUES (1, 10)", "VALUES (1, 99)"));
    } else {
        QCOMPARE(upgradeTo(QStringLiteral("head")), QString());
    }
    if (story == QLatin1String("edited in place")) {
        // Same length, same inode: only the content says it changed.
        QVERIFY(rewriteInPlace(f.file(kB), "VARCHAR(40)", "VARCHAR(80)"));
    } else if (story == QLatin1String("renamed")) {
        QVERIFY(QFile::rename(f.file(kB), f.root + QStringLiteral("/migrations/versions/%1_renamed.sql").arg(kB)));
    } else if (story == QLatin1String("head file deleted")) {
        QVERIFY(QFile::remove(f.file(kC)));
    } else if (story == QLatin1String("downgraded, then edited")) {
        const CliRun run = f.retort({QStringLiteral("downgrade"), QStringLiteral("-1")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(rewriteInPlace(f.file(kC), "VALUES (1, 10)", "VALUES (1, 99)"));
    }

    const CliRun run = f.retort({QStringLiteral("verify")});
    QVERIFY2(run.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1\n%2%3").arg(run.exitCode).arg(run.out, run.err)));
    const QStringList out = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(out.size(), lines.size() + 1);
    for (int i = 0; i < lines.size(); ++i)
        QVERIFY2(out[i].startsWith(lines[i]), qPrintable(out[i] + QStringLiteral("\nexpected: ") + lines[i]));
    QVERIFY2(out.last().endsWith(QStringLiteral(": ") + summary), qPrintable(out.last()));
    // The same as one JSON document: a revision per line, the counts of the summary, the same exit status.
    const CliRun json = f.retort({QStringLiteral("verify"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, exitCode);
    QCOMPARE(json.err, QString());
    const QJsonObject document = QJsonDocument::fromJson(json.out.toUtf8()).object();
    const QJsonArray revisions = document.value(QStringLiteral("revisions")).toArray();
    QCOMPARE(revisions.size(), lines.size());
    for (int i = 0; i < lines.size(); ++i) {
        const QJsonObject revision = revisions.at(i).toObject();
        QStringList keys = revision.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList{QStringLiteral("current_checksum"), QStringLiteral("file"),
                                    QStringLiteral("finding"), QStringLiteral("recorded_at"),
                                    QStringLiteral("recorded_by"), QStringLiteral("recorded_checksum"),
                                    QStringLiteral("recorded_event"), QStringLiteral("revision")}));
        QVERIFY2(lines[i].contains(revision.value(QStringLiteral("revision")).toString()), qPrintable(lines[i]));
    }
    const QString counts = QStringLiteral("%1 unchanged, %2 edited, %3 missing, %4 unverified")
                               .arg(document.value(QStringLiteral("unchanged")).toInt())
                               .arg(document.value(QStringLiteral("edited")).toInt())
                               .arg(document.value(QStringLiteral("missing")).toInt())
                               .arg(document.value(QStringLiteral("unverified")).toInt());
    QVERIFY2(summary.contains(counts), qPrintable(counts));
    QVERIFY(document.value(QStringLiteral("history_table_found")).toBool());
    if (exitCode == 8) {
        QVERIFY2(run.err.startsWith(QStringLiteral("FAILED: ")) && run.err.contains(QStringLiteral("since they ran")),
                 qPrintable(run.err));
    } else {
        QCOMPARE(run.err, QString());
    }
}

#ifndef RETORT_INTEGRATION
// verify only reads: a SQLite path that is not there is said to be so, and stays not there.
void TestVerify::missingDatabaseIsNotCreated()
{
    Fixture f;
    prepareStepsProject(f, kSqlite, m_urls);
    const QString path = f.root + QStringLiteral("/shop.db");
    const CliRun run = f.retort({QStringLiteral("verify")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral("%1 does not exist: nothing is applied, nothing to verify.\n").arg(path));
    QVERIFY(!QFileInfo::exists(path));
}
#endif

QTEST_GUILESS_MAIN(TestVerify)
#include "tst_verify.moc"
