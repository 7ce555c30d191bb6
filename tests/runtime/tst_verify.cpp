// SPDX-License-Identifier: GPL-3.0-or-later
// retort verify: the revisions a database has applied against the checksums their history rows recorded,
// through the real CLI, on SQLite files and (as tst_verify_integration) on PostgreSQL and MariaDB.
#include "tests/runtime/StepsProject.h"

#include <QFile>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
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
    void showsWhatChangedFromGit();
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
                                 QStringLiteral("downgraded, then edited"),
                                 QStringLiteral("stamped, then edited"),
                                 QStringLiteral("stamped down, edited, stamped up"),
                                 QStringLiteral("stamped down, put back by hand")};
    const auto ok = [](const QString &id) {
        return QStringLiteral("ok          %1  migrations/versions/%1_step.sql").arg(id);
    };
    const auto edited = [](const QString &id, const QString &event) {
        return QStringLiteral(
                   "EDITED      %1  migrations/versions/%1_step.sql: the upgrade section is not what ran (%2 ")
            .arg(id, event);
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
        row(stories[1]) << 8 << QStringList{ok(kA), edited(kB, QStringLiteral("upgrade")), ok(kC)}
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
        // A stamp runs nothing, and says the files are what the database holds: it records their checksums.
        row(stories[4]) << 0 << QStringList{ok(kA), ok(kB), ok(kC)}
                        << QStringLiteral("3 applied revision(s): 3 unchanged, 0 edited, 0 missing, 0 unverified.");
        row(stories[5]) << 0 << QStringList{ok(kA)}
                        << QStringLiteral("1 applied revision(s): 1 unchanged, 0 edited, 0 missing, 0 unverified.");
        row(stories[6]) << 0 << QStringList{ok(kA), ok(kB)}
                        << QStringLiteral("2 applied revision(s): 2 unchanged, 0 edited, 0 missing, 0 unverified.");
        row(stories[7]) << 8 << QStringList{ok(kA), edited(kB, QStringLiteral("stamp")), ok(kC)}
                        << QStringLiteral("3 applied revision(s): 2 unchanged, 1 edited, 0 missing, 0 unverified.");
        // What a stamp takes away it no longer vouches for; stamped again, the file is what it vouches for.
        row(stories[8]) << 0 << QStringList{ok(kA), ok(kB), ok(kC)}
                        << QStringLiteral("3 applied revision(s): 3 unchanged, 0 edited, 0 missing, 0 unverified.");
        // Put back with no row of its own (Alembic, or by hand): nothing recorded to compare with.
        row(stories[9]) << 0 << QStringList{ok(kA), unverified(kB), unverified(kC)}
                        << QStringLiteral("3 applied revision(s): 1 unchanged, 0 edited, 0 missing, 2 unverified.");
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
    auto stamp = [&f](const QString &target) {
        const CliRun run = f.retort({QStringLiteral("stamp"), target});
        return run.exitCode == 0 ? QString() : run.err;
    };
    if (story.startsWith(QLatin1String("stamped"))) {
        QCOMPARE(stamp(QStringLiteral("head")), QString());
        if (story.startsWith(QLatin1String("stamped down")))
            QCOMPARE(stamp(kA), QString());
    } else if (story == QLatin1String("pending file edited")) {
        QCOMPARE(upgradeTo(kA), QString());
        QVERIFY(rewriteInPlace(f.file(kC), "VALUES (1, 10)", "VALUES (1, 99)"));
    } else {
        QCOMPARE(upgradeTo(QStringLiteral("head")), QString());
    }
    if (story == QLatin1String("edited in place") || story == QLatin1String("stamped, then edited")) {
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
    } else if (story == QLatin1String("stamped down, edited, stamped up")) {
        QVERIFY(rewriteInPlace(f.file(kC), "VALUES (1, 10)", "VALUES (1, 99)"));
        QCOMPARE(stamp(QStringLiteral("head")), QString());
    } else if (story == QLatin1String("stamped down, put back by hand")) {
        auto url = DatabaseUrl::parse(f.url);
        QVERIFY2(url.ok(), errorOf(url).constData());
        auto connection = DatabaseConnection::open(url.value());
        QVERIFY2(connection.ok(), errorOf(connection).constData());
        QSqlQuery query(connection.value()->database());
        QVERIFY2(query.exec(QStringLiteral("UPDATE alembic_version SET version_num = '%1'").arg(kC)),
                 qPrintable(query.lastError().text()));
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
        QCOMPARE(keys, (QStringList{QStringLiteral("applied_commit"), QStringLiteral("current_checksum"),
                                    QStringLiteral("diff"), QStringLiteral("file"), QStringLiteral("finding"),
                                    QStringLiteral("recorded_at"), QStringLiteral("recorded_by"),
                                    QStringLiteral("recorded_checksum"), QStringLiteral("recorded_event"),
                                    QStringLiteral("revision")}));
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

// In a git work tree, an edited revision shows what changed since the commit whose text ran, found by the
// checksum the history row recorded, however many commits came after it.
void TestVerify::showsWhatChangedFromGit()
{
    Fixture f;
    prepareStepsProject(f, kSqlite, m_urls);
    if (QTest::currentTestFailed())
        return;
    auto git = [&f](const QStringList &arguments) {
        QProcess process;
        process.setWorkingDirectory(f.root);
        process.start(QStringLiteral("git"),
                      QStringList{QStringLiteral("-c"), QStringLiteral("user.name=Test"), QStringLiteral("-c"),
                                  QStringLiteral("user.email=t@example.org"), QStringLiteral("-c"),
                                  QStringLiteral("commit.gpgsign=false")} +
                          arguments);
        if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            return QStringLiteral("FAILED");
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    };
    if (git({QStringLiteral("init"), QStringLiteral("-q")}) == QLatin1String("FAILED"))
        QSKIP("git cannot be run here");
    QCOMPARE(git({QStringLiteral("add"), QStringLiteral("migrations")}), QString());
    QCOMPARE(git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("three steps")}),
             QString());
    const QString applied = git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    const CliRun upgrade = f.retort({QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(upgrade.exitCode == 0, qPrintable(upgrade.err));
    QVERIFY(rewriteInPlace(f.file(kB), "VARCHAR(40)", "VARCHAR(80)"));
    // Committed, and committed again after: the text that ran is further back than HEAD.
    QCOMPARE(git({QStringLiteral("commit"), QStringLiteral("-qam"), QStringLiteral("wider")}), QString());
    QVERIFY(rewriteInPlace(f.file(kA), "-- step\n", "-- Step\n")); // the header, not the upgrade section
    QCOMPARE(git({QStringLiteral("commit"), QStringLiteral("-qam"), QStringLiteral("header")}), QString());

    const QString diff = QStringLiteral("--- migrations/versions/%1_step.sql (upgrade section as applied, commit %2)\n"
                                        "+++ migrations/versions/%1_step.sql (now)\n"
                                        "@@ -1 +1 @@\n"
                                        "-CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what VARCHAR(40));\n"
                                        "+CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what VARCHAR(80));\n")
                             .arg(kB, applied.left(12));
    const CliRun run = f.retort({QStringLiteral("verify")});
    QVERIFY2(run.exitCode == 8, qPrintable(run.out + run.err));
    QString indented = diff.trimmed();
    indented.replace(u'\n', QStringLiteral("\n    "));
    QVERIFY2(run.out.contains(QStringLiteral("it ran as in commit %1:\n    %2\n").arg(applied.left(12), indented)),
             qPrintable(run.out));
    QVERIFY2(!run.out.contains(QStringLiteral("SHA-256")), qPrintable(run.out));

    const CliRun json = f.retort({QStringLiteral("verify"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 8);
    const QJsonArray revisions =
        QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("revisions")).toArray();
    QCOMPARE(revisions.size(), 3);
    QCOMPARE(revisions.at(1).toObject().value(QStringLiteral("diff")).toString(), diff);
    QCOMPARE(revisions.at(1).toObject().value(QStringLiteral("applied_commit")).toString(), applied);
    QVERIFY(revisions.at(0).toObject().value(QStringLiteral("diff")).isNull()); // unchanged: no diff
}
#endif

QTEST_GUILESS_MAIN(TestVerify)
#include "tst_verify.moc"
