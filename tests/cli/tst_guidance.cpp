// SPDX-License-Identifier: GPL-3.0-or-later
// The guidance `retort` gives after a failure (indented "hint:" lines on stderr, after Alembic's FAILED line,
// which stays as Alembic words it), run as a user runs it: the real binary on real projects and SQLite
// databases. Suggested commands are run too where they are the way out.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/RetortCli.h"
#include "tests/support/TestFiles.h"

using namespace retort::testing;

namespace {

// One revision file in Retort's format, creating a table named after it so a run does something.
QString revisionFile(const QString &id, const QString &revises, const QString &message,
                     const QString &labels = QString())
{
    QString text = QStringLiteral("-- %1\n--\n-- Revision ID: %2\n-- Revises: %3\n").arg(message, id, revises);
    if (!labels.isEmpty())
        text += QStringLiteral("-- Branch Labels: %1\n").arg(labels);
    return text + QStringLiteral("\n-- migrate:upgrade\nCREATE TABLE t_%1 (id INTEGER);\n\n-- migrate:downgrade\n"
                                 "DROP TABLE t_%1;\n")
                      .arg(id);
}

struct RevisionSpec
{
    QString id;
    QString revises;
    QString labels;
};

// retort.ini (SQLite dev.db beside it) and the revisions under migrations/versions.
bool writeProject(const QString &root, const QVector<RevisionSpec> &revisions)
{
    bool ok = writeFile(root + QStringLiteral("/retort.ini"),
                        "[retort]\nscript_location = migrations\ndefault_env = dev\n\n[env.dev]\n"
                        "url = sqlite:///dev.db\n") &&
              QDir().mkpath(root + QStringLiteral("/migrations/versions"));
    for (const RevisionSpec &revision : revisions) {
        ok = ok && writeFile(root + QStringLiteral("/migrations/versions/%1_r.sql").arg(revision.id),
                             revisionFile(revision.id, revision.revises, QStringLiteral("rev ") + revision.id,
                                          revision.labels));
    }
    return ok;
}

// The hint lines of stderr (the command lines below them included), without their indentation.
QStringList hintLines(const QString &err)
{
    QStringList lines;
    for (const QString &line : err.split(u'\n', Qt::SkipEmptyParts)) {
        if (line.startsWith(QLatin1String("  ")))
            lines << line.trimmed();
    }
    return lines;
}

// The project of the merge case: a <- b, a <- c (label "side"), m merges b and c.
const QVector<RevisionSpec> kMerged{
    {QStringLiteral("aaaa00000001"), {}, {}},
    {QStringLiteral("bbbb00000002"), QStringLiteral("aaaa00000001"), {}},
    {QStringLiteral("cccc00000003"), QStringLiteral("aaaa00000001"), QStringLiteral("side")},
    {QStringLiteral("dddd00000004"), QStringLiteral("bbbb00000002, cccc00000003"), {}}};

} // namespace

class TestGuidance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unknownRevisionWithHistory_data();
    void unknownRevisionWithHistory();
    void unknownRevisionJson();
    void alembicBaselineIsRead();
    void multipleHeads_data();
    void multipleHeads();
    void mergePointDowngrade();
    void offlineWithoutStart();
    void missingVersionsFolder();
    void emptyVersionsFolder();
};

void TestGuidance::unknownRevisionWithHistory_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("current") << QStringList{QStringLiteral("current")};
    QTest::newRow("upgrade head") << QStringList{QStringLiteral("upgrade"), QStringLiteral("head")};
    QTest::newRow("downgrade base") << QStringList{QStringLiteral("downgrade"), QStringLiteral("base")};
}

// The seed's case: the database was upgraded to a revision whose file is gone.
void TestGuidance::unknownRevisionWithHistory()
{
    QFETCH(QStringList, arguments);
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(writeProject(root, {{QStringLiteral("aaaa00000001"), {}, {}},
                                {QStringLiteral("bbbb00000002"), QStringLiteral("aaaa00000001"), {}}}));
    QCOMPARE(runRetort(root, {QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 0);
    QVERIFY(QFile::remove(root + QStringLiteral("/migrations/versions/bbbb00000002_r.sql")));

    const CliRun run = runRetort(root, arguments);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QLatin1String("FAILED: Can't locate revision identified by 'bbbb00000002'\n")),
             qPrintable(run.err));
    const QStringList hints = hintLines(run.err);
    QVERIFY2(hints.value(0).startsWith(QLatin1String("hint: the database sqlite:///")) &&
                 hints.value(0).endsWith(QLatin1String("dev.db is at bbbb00000002, and no file in "
                                                       "migrations/versions defines it")),
             qPrintable(run.err));
    QVERIFY2(
        hints.value(1).startsWith(QLatin1String("hint: retort_history recorded it: upgrade from aaaa00000001 by ")),
        qPrintable(run.err));
    QVERIFY2(hints.value(1).contains(QLatin1String(", environment dev, retort ")), qPrintable(run.err));
    QVERIFY2(hints.contains(QLatin1String("git log --all --stat -- 'migrations/versions/*bbbb00000002*'")),
             qPrintable(run.err));
    // What it was applied on is the revision to stamp when its changes are not there.
    QVERIFY2(hints.contains(QLatin1String("retort stamp --purge aaaa00000001")), qPrintable(run.err));
    QVERIFY2(!run.err.contains(QLatin1String("init")), qPrintable(run.err));
}

void TestGuidance::unknownRevisionJson()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(writeProject(root, {{QStringLiteral("aaaa00000001"), {}, {}}}));
    QCOMPARE(runRetort(root, {QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 0);
    QVERIFY(QFile::remove(root + QStringLiteral("/migrations/versions/aaaa00000001_r.sql")));

    const CliRun run = runRetort(
        root, {QStringLiteral("-e"), QStringLiteral("dev"), QStringLiteral("current"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 1);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(run.err.toUtf8(), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(run.err));
    const QJsonObject error = document.object().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("message")).toString(),
             QStringLiteral("Can't locate revision identified by 'aaaa00000001'"));
    const QJsonArray hints = error.value(QStringLiteral("hints")).toArray();
    QVERIFY(hints.size() >= 3);
    QVERIFY(hints.first().toObject().value(QStringLiteral("command")).isNull());
    // The suggested commands keep the -e that chose the database.
    bool stamp = false;
    for (const QJsonValue &hint : hints)
        stamp = stamp || hint.toObject().value(QStringLiteral("command")).toString() ==
                             QLatin1String("retort -e dev stamp --purge REVISION");
    QVERIFY2(stamp, qPrintable(run.err));
}

// An Alembic project's database, never run by Retort: no history, .py revisions where .sql ones are read.
void TestGuidance::alembicBaselineIsRead()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(writeProject(root, {}));
    QVERIFY(writeFile(root + QStringLiteral("/migrations/versions/ae98aa32e0d2_baseline_existing_schema.py"),
                      "revision = 'ae98aa32e0d2'\ndown_revision = None\n"));
    QCOMPARE(runRetort(root, {QStringLiteral("stamp"), QStringLiteral("base")}).exitCode, 0);
    {
        const QString connection = QStringLiteral("alembicBaselineIsRead");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(root + QStringLiteral("/dev.db"));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("DROP TABLE IF EXISTS retort_history")));
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS alembic_version (version_num "
                                              "VARCHAR(32) NOT NULL PRIMARY KEY)")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO alembic_version VALUES ('ae98aa32e0d2')")));
        }
        QSqlDatabase::removeDatabase(connection);
    }

    // The seed's case: the team's Alembic baseline is read as it is, so the database's revision is known.
    const CliRun run = runRetort(root, {QStringLiteral("current")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral("ae98aa32e0d2 (head)\n"));
}

void TestGuidance::multipleHeads_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("commands"); // after the merge command

    QTest::newRow("upgrade head")
        << QStringList{QStringLiteral("upgrade"), QStringLiteral("head")}
        << QStringLiteral("Multiple head revisions are present for given argument 'head'; please specify a specific "
                          "target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads")
        << QStringList{QStringLiteral("retort upgrade heads"), QStringLiteral("retort upgrade bbbb00000002@head"),
                       QStringLiteral("retort upgrade side@head")};
    QTest::newRow("stamp head") << QStringList{QStringLiteral("stamp"), QStringLiteral("head")}
                                << QStringLiteral("Multiple heads are present; please specify a single target revision")
                                << QStringList{QStringLiteral("retort stamp heads"),
                                               QStringLiteral("retort stamp bbbb00000002@head"),
                                               QStringLiteral("retort stamp side@head")};
    QTest::newRow("revision") << QStringList{QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("x")}
                              << QStringLiteral("Multiple heads are present; please specify the head revision on "
                                                "which the new revision should be based, or perform a merge.")
                              << QStringList{QStringLiteral("retort revision -m MESSAGE --head bbbb00000002@head")};
}

void TestGuidance::multipleHeads()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QFETCH(QStringList, commands);
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(writeProject(root, kMerged.mid(0, 3)));

    const CliRun run = runRetort(root, arguments);
    QCOMPARE(run.exitCode, 1);
    // Alembic's line as it is, and nothing after it but the hints.
    const QString failed = QStringLiteral("FAILED: ") + message + u'\n';
    QVERIFY2(run.err.contains(failed), qPrintable(run.err));
    const QString after = run.err.mid(run.err.indexOf(failed) + failed.size());
    QCOMPARE(after.split(u'\n', Qt::SkipEmptyParts).filter(QRegularExpression(QStringLiteral("^\\S"))), QStringList());
    QStringList expected{QStringLiteral("hint: the project has 2 heads: bbbb00000002 'rev bbbb00000002', "
                                        "cccc00000003 (side) 'rev cccc00000003'"),
                         QStringLiteral("hint: join them with a merge revision (it runs no SQL unless you add some):"),
                         QStringLiteral("retort merge -m \"merge\" heads")};
    const QStringList hints = hintLines(run.err);
    QCOMPARE(hints.mid(0, 3), expected);
    QStringList suggested;
    for (const QString &line : hints.mid(3)) {
        if (line.startsWith(QLatin1String("retort ")))
            suggested << line;
    }
    QCOMPARE(suggested, commands);
}

// downgrade -1 from a merge point: its parents named, and the commands suggested do what they say.
void TestGuidance::mergePointDowngrade()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(writeProject(root, kMerged));
    QCOMPARE(runRetort(root, {QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode, 0);

    const CliRun run = runRetort(root, {QStringLiteral("downgrade"), QStringLiteral("-1")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QLatin1String("\nFAILED: Ambiguous walk\n")), qPrintable(run.err));
    const QStringList hints = hintLines(run.err);
    const QStringList expected{
        QStringLiteral("hint: dddd00000004 is a merge point: one step down from it is each of its parents, "
                       "bbbb00000002 'rev bbbb00000002', cccc00000003 (side) 'rev cccc00000003'"),
        QStringLiteral("hint: to unapply the merge alone, leaving bbbb00000002, cccc00000003 applied (either parent "
                       "as target does the same):"),
        QStringLiteral("retort downgrade bbbb00000002"),
        QStringLiteral("hint: to go down the side of bbbb00000002 as well, cccc00000003 staying applied:"),
        QStringLiteral("retort downgrade bbbb00000002 && retort downgrade bbbb00000002@-1"),
        QStringLiteral("hint: to go down the side of cccc00000003 as well, bbbb00000002 staying applied:"),
        QStringLiteral("retort downgrade cccc00000003 && retort downgrade cccc00000003@-1"),
    };
    QCOMPARE(hints, expected);

    // The way down the side of cccc00000003 leaves bbbb00000002 alone applied.
    QCOMPARE(runRetort(root, {QStringLiteral("downgrade"), QStringLiteral("cccc00000003")}).exitCode, 0);
    QCOMPARE(runRetort(root, {QStringLiteral("downgrade"), QStringLiteral("cccc00000003@-1")}).exitCode, 0);
    const CliRun current = runRetort(root, {QStringLiteral("current")});
    QCOMPARE(current.out, QStringLiteral("bbbb00000002\n"));
}

void TestGuidance::offlineWithoutStart()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(writeProject(root, kMerged.mid(0, 2)));

    const CliRun fromBase =
        runRetort(root, {QStringLiteral("upgrade"), QStringLiteral("--sql"), QStringLiteral("head")});
    QCOMPARE(fromBase.exitCode, 0);
    QVERIFY(fromBase.out.contains(QLatin1String("CREATE TABLE alembic_version")));
    QCOMPARE(hintLines(fromBase.err),
             QStringList({QStringLiteral("note: with no START, the script starts at base: it creates alembic_version "
                                         "and runs every revision up to head, as for an empty database"),
                          QStringLiteral("note: for a database already at a revision, start there (retort current "
                                         "prints it):"),
                          QStringLiteral("retort upgrade --sql CURRENT:head")}));

    const CliRun ranged =
        runRetort(root, {QStringLiteral("upgrade"), QStringLiteral("--sql"), QStringLiteral("aaaa00000001:head")});
    QCOMPARE(ranged.exitCode, 0);
    QCOMPARE(ranged.err, QString());
}

void TestGuidance::missingVersionsFolder()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(writeProject(root, {}));
    QVERIFY(QDir(root + QStringLiteral("/migrations")).removeRecursively());

    const CliRun run = runRetort(root, {QStringLiteral("heads")});
    QCOMPARE(run.exitCode, 1);
    // Alembic's words, then where the folder comes from instead of 'init'.
    QVERIFY2(run.err.startsWith(QStringLiteral("FAILED: Path doesn't exist: %1/migrations/versions. Please use the "
                                               "'init' command to create a new scripts folder.\n")
                                    .arg(QFileInfo(root).canonicalFilePath())),
             qPrintable(run.err));
    QCOMPARE(hintLines(run.err),
             QStringList({QStringLiteral("hint: migrations/versions comes from script_location (retort.ini:2 sets "
                                         "migrations). If the revisions live elsewhere, correct it there; for a new "
                                         "project, create the folder:"),
                          QStringLiteral("mkdir -p 'migrations/versions'")}));
}

void TestGuidance::emptyVersionsFolder()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(writeProject(root, {}));

    const CliRun run = runRetort(root, {QStringLiteral("upgrade"), QStringLiteral("--sql"), QStringLiteral("ae98")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.startsWith(QLatin1String("FAILED: Can't locate revision identified by 'ae98'\n")));
    QCOMPARE(hintLines(run.err),
             QStringList(
                 {QStringLiteral("hint: migrations/versions holds no revision file (.sql, or Alembic .py); it is the "
                                 "versions folder "
                                 "of script_location (retort.ini:2 sets migrations). If the revisions live "
                                 "elsewhere, point script_location at the folder that holds their versions/")}));
}

QTEST_GUILESS_MAIN(TestGuidance)
#include "tst_guidance.moc"
