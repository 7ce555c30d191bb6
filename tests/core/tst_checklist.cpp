// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/TestFiles.h"
#include "core/checklist/Checklist.h"
#include "core/TextFormat.h"
#include "core/checklist/ChecklistReport.h"
#include "core/checklist/ChecklistWalk.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;
using namespace retort::testing;

using Kind = ChecklistAction::Kind;
using WindowState = ChecklistWalk::WindowState;
Q_DECLARE_METATYPE(ChecklistAction::Kind)
Q_DECLARE_METATYPE(ChecklistWalk::WindowState)

namespace {

const QString kPath = QStringLiteral("checklists/x.md");

QDateTime utcTime(int hour, int minute, int second = 0, int day = 25)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute, second), Qt::UTC);
}

QStringList actionTexts(const Checklist &checklist)
{
    QStringList texts;
    for (const ChecklistItem &item : checklist.items()) {
        if (!item.action.isNone())
            texts << item.action.text();
    }
    return texts;
}

// The report's sample: two sections, an item checked in the file, a bound backup and upgrade.
const QString kSample = QStringLiteral("# Deploy to production\n"
                                       "\n"
                                       "Short description.\n"
                                       "\n"
                                       "## Before\n"
                                       "- [x] Review the plan with the team\n"
                                       "- [ ] Schedule the window\n"
                                       "\n"
                                       "## Deploy\n"
                                       "- [ ] Take a backup {backup}\n"
                                       "- [ ] Apply the pending migrations {upgrade head}\n"
                                       "- [ ] Verify {verify current = head}\n");

Checklist sampleChecklist(const QString &text = kSample)
{
    auto checklist = Checklist::parse(text, QStringLiteral("test/deploy.md"));
    if (!checklist.ok())
        qFatal("sample does not parse: %s", qPrintable(checklist.error().message));
    return checklist.value();
}

ChecklistWalk sampleWalk(const Checklist &checklist)
{
    ChecklistWalk walk =
        ChecklistWalk::start(checklist, QStringLiteral("production"),
                             QStringLiteral("postgresql://app:***@db.example.com:5432/prod"), utcTime(23, 38), 5);
    const QVector<ChecklistItem> &items = checklist.items();
    walk.startedAt = utcTime(23, 29, 30);
    WalkStep &schedule = walk.steps[1];
    schedule.done = true;
    schedule.by = QStringLiteral("bob");
    schedule.at = utcTime(23, 30);
    walk.recordResult(items.at(2).key, StepOutcome::Succeeded, QStringLiteral("backups/prod-20261125.db, 1.2 MiB"),
                      1234);
    WalkStep &backup = walk.steps[2];
    backup.done = true;
    backup.by = QStringLiteral("alice");
    backup.host = QStringLiteral("ops-1");
    backup.at = utcTime(23, 40);
    backup.note = QStringLiteral("took longer than usual");
    walk.recordResult(items.at(3).key, StepOutcome::Failed, QStringLiteral("column x | y exists"), 80);
    walk.backup = WalkBackup{QStringLiteral("backups/prod-20261125.db"), 1258291, 1234,
                             QStringLiteral("pg_restore --list read 42 entries"), QString()};
    walk.plan = QStringList{QStringLiteral("Plan: upgrade to head"),
                            QStringLiteral("  1. upgrade ae98aa32e0d2 -> 3f1c2a9b7d10, add expiry")};
    walk.finalRevisions = QStringList{QStringLiteral("ae98aa32e0d2")};
    return walk;
}

// Pipes in a Markdown table row that are column separators (not escaped).
int columnSeparators(const QString &row)
{
    int count = 0;
    for (qsizetype i = 0; i < row.size(); ++i) {
        if (row.at(i) == u'|' && (i == 0 || row.at(i - 1) != u'\\'))
            ++count;
    }
    return count;
}

} // namespace

class TestChecklist : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void actions_data();
    void actions();
    void actionTextRoundTrips();
    void errors_data();
    void errors();
    void structure();
    void titleFallbackAndPreamble();
    void fencesCrLfAndBom();
    void keysSurviveEditsElsewhere();
    void removedItemsDoNotKeepTheWalkOpen();
    void loadMissingFile();
    void builtIns_data();
    void builtIns();
    void builtInResourceAndQrcAgree();
    void availableListsBuiltInsThenProject();
    void previewPlanCleansUpBeforeDeleting();

    void savePath_data();
    void savePath();
    void walkRoundTrip();
    void walkSkippedBackupRoundTrip();
    void walkLoadErrors_data();
    void walkLoadErrors();
    void walkLoadMissingFile();
    void walkSaveError();
    void markDoneUndoAndResults();
    void adoptDatabase_data();
    void adoptDatabase();
    void windowState_data();
    void windowState();

    void statusText();
    void statusTextWithoutWalk();
    void statusTextChangedChecklist();
    void statusTextWindow_data();
    void statusTextWindow();
    void reportMarkdown();
    void reportMasksAndEscapes();
    void reportSkippedBackupAndNoWindow();
    void humanSizes_data();
    void humanSizes();
    void humanDurations_data();
    void humanDurations();
};

void TestChecklist::actions_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("text");

    auto row = [](const char *name, const char *line, Kind kind, const char *target, const char *canonical,
                  const char *text) {
        QTest::newRow(name) << QString::fromUtf8(line) << kind << QString::fromUtf8(target)
                            << QString::fromUtf8(canonical) << QString::fromUtf8(text);
    };
    row("manual", "- [ ] Tell the team", Kind::None, "", "", "Tell the team");
    row("backup", "- [ ] Take a backup {backup}", Kind::Backup, "", "backup", "Take a backup");
    row("upgrade head", "- [ ] Apply {upgrade head}", Kind::Upgrade, "head", "upgrade head", "Apply");
    row("upgrade +1", "- [ ] One more {upgrade +1}", Kind::Upgrade, "+1", "upgrade +1", "One more");
    row("downgrade -1", "- [ ] Back {downgrade -1}", Kind::Downgrade, "-1", "downgrade -1", "Back");
    row("downgrade base", "- [ ] All back {downgrade base}", Kind::Downgrade, "base", "downgrade base", "All back");
    row("stamp head", "- [ ] Stamp {stamp head}", Kind::Stamp, "head", "stamp head", "Stamp");
    row("stamp id", "- [ ] Stamp {stamp ae98aa32e0d2}", Kind::Stamp, "ae98aa32e0d2", "stamp ae98aa32e0d2", "Stamp");
    row("stamp two", "- [ ] Stamp {stamp  a1b2  c3d4}", Kind::Stamp, "a1b2 c3d4", "stamp a1b2 c3d4", "Stamp");
    row("current", "- [ ] Show {current}", Kind::Current, "", "current", "Show");
    row("verify head", "- [ ] Check {verify current = head}", Kind::VerifyCurrent, "head", "verify current = head",
        "Check");
    row("verify rev tight", "- [ ] Check {verify current=ae98aa32e0d2}", Kind::VerifyCurrent, "ae98aa32e0d2",
        "verify current = ae98aa32e0d2", "Check");
    row("rehearse", "- [ ] Rehearse {rehearse upgrade head}", Kind::Rehearse, "head", "rehearse upgrade head",
        "Rehearse");
    row("revision", "- [ ] New {revision -m \"test migration\"}", Kind::CreateRevision, "test migration",
        "revision -m \"test migration\"", "New");
    row("revision single quotes", "- [ ] New {revision -m 'say \"hi\"'}", Kind::CreateRevision, "say \"hi\"",
        "revision -m 'say \"hi\"'", "New");
    row("delete revision", "- [ ] Clean up {delete revision \"test migration\"}", Kind::DeleteRevision,
        "test migration", "delete revision \"test migration\"", "Clean up");
    row("keywords any case", "- [ ] Apply {Upgrade HEAD}", Kind::Upgrade, "HEAD", "upgrade HEAD", "Apply");
    row("spaces inside braces", "- [ ] Apply {  upgrade   head  }  ", Kind::Upgrade, "head", "upgrade head", "Apply");
    row("star bullet", "* [ ] Apply {upgrade head}", Kind::Upgrade, "head", "upgrade head", "Apply");
    row("plus bullet, indented", "  + [ ] Apply {upgrade head}", Kind::Upgrade, "head", "upgrade head", "Apply");
    row("tag only", "- [ ] {backup}", Kind::Backup, "", "backup", "backup");
    row("braces inside text", "- [ ] Check {x} in the config", Kind::None, "", "", "Check {x} in the config");
    row("braces inside text and a tag", "- [ ] Set {x} to 1 {current}", Kind::Current, "", "current", "Set {x} to 1");
    row("variable at the end", "- [ ] Export ${DATABASE_URL}", Kind::None, "", "", "Export ${DATABASE_URL}");
    row("tag in code span", "- [ ] Write `{backup}`", Kind::None, "", "", "Write `{backup}`");
    row("no space before brace", "- [ ] Run it{backup}", Kind::None, "", "", "Run it{backup}");
}

void TestChecklist::actions()
{
    QFETCH(QString, line);
    QFETCH(Kind, kind);
    QFETCH(QString, target);
    QFETCH(QString, canonical);
    QFETCH(QString, text);

    const auto checklist = Checklist::parse(QStringLiteral("# T\n") + line + u'\n', kPath);
    QVERIFY2(checklist.ok(), qPrintable(checklist.ok() ? QString() : checklist.error().message));
    QCOMPARE(checklist->items().size(), 1);
    const ChecklistItem &item = checklist->items().first();
    QCOMPARE(item.action.kind, kind);
    QCOMPARE(item.action.target, target);
    QCOMPARE(item.action.text(), canonical);
    QCOMPARE(item.text, text);
    QCOMPARE(item.line, 2);
}

void TestChecklist::actionTextRoundTrips()
{
    const QStringList tags{QStringLiteral("backup"),
                           QStringLiteral("upgrade head"),
                           QStringLiteral("downgrade -1"),
                           QStringLiteral("stamp a1 b2"),
                           QStringLiteral("current"),
                           QStringLiteral("verify current = heads"),
                           QStringLiteral("rehearse upgrade +2"),
                           QStringLiteral("revision -m \"test migration\""),
                           QStringLiteral("delete revision 'it''s'")};
    for (const QString &tag : tags) {
        const auto action = ChecklistAction::parse(tag);
        if (tag.endsWith(QStringLiteral("'it''s'"))) {
            QVERIFY(!action.ok()); // no escapes inside quotes
            continue;
        }
        QVERIFY2(action.ok(), qPrintable(tag));
        const auto again = ChecklistAction::parse(action->text());
        QVERIFY2(again.ok(), qPrintable(action->text()));
        QCOMPARE(again.value(), action.value());
        QCOMPARE(again->text(), tag);
    }
}

void TestChecklist::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    // Items start on line 7, under a title, a description and a section.
    const QString head = QStringLiteral("# Title\n\nSome words.\n\n## Section\n\n");
    const QString at7 = QStringLiteral("checklists/x.md:7: ");
    const QString expectedForms =
        QStringLiteral("known actions: backup, upgrade REV, downgrade REV, stamp REV, current, verify current = REV, "
                       "rehearse upgrade REV, revision -m \"MESSAGE\", delete revision \"MESSAGE\"");

    QTest::newRow("unknown") << head + QStringLiteral("- [ ] Reboot the server {reboot}\n")
                             << at7 + QStringLiteral("unknown action {reboot}; ") + expectedForms;
    QTest::newRow("empty tag") << head + QStringLiteral("- [ ] Nothing {}\n")
                               << at7 + QStringLiteral("unknown action {}; ") + expectedForms;
    QTest::newRow("upgrade without target")
        << head + QStringLiteral("- [ ] Apply {upgrade}\n")
        << at7 + QStringLiteral("malformed action {upgrade}; expected {upgrade REV}, e.g. {upgrade head}");
    QTest::newRow("upgrade two targets")
        << head + QStringLiteral("- [ ] Apply {upgrade head +1}\n")
        << at7 + QStringLiteral("malformed action {upgrade head +1}; expected {upgrade REV}, e.g. {upgrade head}");
    QTest::newRow("upgrade option") << head + QStringLiteral("- [ ] Apply {upgrade --sql}\n")
                                    << at7 + QStringLiteral("malformed action {upgrade --sql}; expected {upgrade REV}");
    QTest::newRow("downgrade without target")
        << head + QStringLiteral("- [ ] Back {downgrade}\n")
        << at7 + QStringLiteral("malformed action {downgrade}; expected {downgrade REV}, e.g. {downgrade -1}");
    QTest::newRow("stamp without target") << head + QStringLiteral("- [ ] Stamp {stamp}\n")
                                          << at7 + QStringLiteral("malformed action {stamp}; expected {stamp REV}");
    QTest::newRow("stamp option") << head + QStringLiteral("- [ ] Stamp {stamp --purge head}\n")
                                  << at7 + QStringLiteral("malformed action {stamp --purge head}");
    QTest::newRow("verify without =")
        << head + QStringLiteral("- [ ] Check {verify current head}\n")
        << at7 + QStringLiteral("malformed action {verify current head}; expected {verify current = REV}");
    QTest::newRow("verify without target") << head + QStringLiteral("- [ ] Check {verify current =}\n")
                                           << at7 + QStringLiteral("malformed action {verify current =}");
    QTest::newRow("backup with argument")
        << head + QStringLiteral("- [ ] Back up {backup now}\n")
        << at7 + QStringLiteral("malformed action {backup now}; {backup} takes no argument");
    QTest::newRow("current with argument") << head + QStringLiteral("- [ ] Show {current head}\n")
                                           << at7 + QStringLiteral("malformed action {current head}");
    QTest::newRow("rehearse downgrade")
        << head + QStringLiteral("- [ ] Rehearse {rehearse downgrade -1}\n")
        << at7 + QStringLiteral("malformed action {rehearse downgrade -1}; expected {rehearse upgrade REV}");
    QTest::newRow("revision unquoted")
        << head + QStringLiteral("- [ ] New {revision -m test}\n")
        << at7 + QStringLiteral("malformed action {revision -m test}; expected {revision -m \"MESSAGE\"}");
    QTest::newRow("revision empty message") << head + QStringLiteral("- [ ] New {revision -m \"\"}\n")
                                            << at7 + QStringLiteral("malformed action {revision -m \"\"}");
    QTest::newRow("delete without message")
        << head + QStringLiteral("- [ ] Clean {delete revision}\n")
        << at7 + QStringLiteral("malformed action {delete revision}; expected {delete revision \"MESSAGE\"}");
    QTest::newRow("error on a later item")
        << head + QStringLiteral("- [ ] Fine {backup}\n- [ ] Fine too\n- [ ] Bad {reboot}\n")
        << QStringLiteral("checklists/x.md:9: unknown action {reboot}");
    QTest::newRow("tag on a continuation line") << head + QStringLiteral("- [ ] A long item\n  that goes on {reboot}\n")
                                                << QStringLiteral("checklists/x.md:8: unknown action {reboot}");
    QTest::newRow("empty item") << head + QStringLiteral("- [ ]\n") << at7 + QStringLiteral("empty checklist item");
}

void TestChecklist::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);

    const auto checklist = Checklist::parse(text, kPath);
    QVERIFY(!checklist.ok());
    QCOMPARE(checklist.error().code, ErrorCode::Parse);
    QVERIFY2(checklist.error().message.startsWith(message), qPrintable(checklist.error().message));
    QVERIFY(message.startsWith(checklist.error().context + QStringLiteral(": ")));
}

void TestChecklist::structure()
{
    const QString text = QStringLiteral("# Release night\n"
                                        "\n"
                                        "First paragraph of the description,\n"
                                        "still the first.\n"
                                        "\n"
                                        "Second paragraph.\n"
                                        "\n"
                                        "- [ ] Before any section\n"
                                        "## Preparation ##\n"
                                        "- [x] Done in the file\n"
                                        "- [X] Also done\n"
                                        "- [ ] Twice\n"
                                        "- [ ] Twice\n"
                                        "Free text after items is not description.\n"
                                        "### Deployment\n"
                                        "- [ ] A long step that is\n"
                                        "      continued here {upgrade head}\n"
                                        "  - a plain sub-bullet is not part of it\n"
                                        "- [ ] Twice\n");
    const auto parsed = Checklist::parse(text, kPath);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    const Checklist &checklist = parsed.value();

    QCOMPARE(checklist.title(), QStringLiteral("Release night"));
    QCOMPARE(checklist.path(), kPath);
    QCOMPARE(checklist.description(),
             QStringLiteral("First paragraph of the description,\nstill the first.\n\nSecond paragraph."));
    QCOMPARE(checklist.checksum(),
             QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex()));
    QCOMPARE(checklist.isBuiltIn(), false);

    const QVector<ChecklistItem> &items = checklist.items();
    QCOMPARE(items.size(), 7);
    QCOMPARE(items.at(0).section, QString());
    QCOMPARE(items.at(0).key, QStringLiteral("before-any-section"));
    QCOMPARE(items.at(0).line, 8);
    QCOMPARE(items.at(1).section, QStringLiteral("Preparation"));
    QCOMPARE(items.at(1).initiallyChecked, true);
    QCOMPARE(items.at(2).initiallyChecked, true);
    QCOMPARE(items.at(3).initiallyChecked, false);
    QCOMPARE(items.at(1).key, QStringLiteral("preparation/done-in-the-file"));
    QCOMPARE(items.at(3).key, QStringLiteral("preparation/twice"));
    QCOMPARE(items.at(4).key, QStringLiteral("preparation/twice-2"));
    QCOMPARE(items.at(5).section, QStringLiteral("Deployment"));
    QCOMPARE(items.at(5).text, QStringLiteral("A long step that is continued here"));
    QCOMPARE(items.at(5).action.text(), QStringLiteral("upgrade head"));
    QCOMPARE(items.at(5).key, QStringLiteral("deployment/a-long-step-that-is-continued-here-upgrade-head"));
    QCOMPARE(items.at(5).line, 16);
    QCOMPARE(items.at(6).key, QStringLiteral("deployment/twice")); // another section: no clash
    QCOMPARE(checklist.indexOf(QStringLiteral("preparation/twice-2")), 4);
    QCOMPARE(checklist.indexOf(QStringLiteral("nope")), -1);
}

void TestChecklist::titleFallbackAndPreamble()
{
    const auto untitled = Checklist::parse(QStringLiteral("Just words.\n\n- [ ] A step\n"),
                                           QStringLiteral("/somewhere/checklists/night-shift.md"));
    QVERIFY(untitled.ok());
    QCOMPARE(untitled->title(), QStringLiteral("night-shift"));
    QCOMPARE(untitled->description(), QStringLiteral("Just words."));

    // Lines above the title are not its description; a second H1 is a section.
    const auto preamble =
        Checklist::parse(QStringLiteral("<!-- licence -->\n# Real title\nWords.\n# Part two\n- [ ] Step\n"), kPath);
    QVERIFY(preamble.ok());
    QCOMPARE(preamble->title(), QStringLiteral("Real title"));
    QCOMPARE(preamble->description(), QStringLiteral("Words."));
    QCOMPARE(preamble->items().first().section, QStringLiteral("Part two"));

    const auto empty = Checklist::parse(QString(), QStringLiteral("empty.md"));
    QVERIFY(empty.ok());
    QCOMPARE(empty->title(), QStringLiteral("empty"));
    QCOMPARE(empty->items().size(), 0);
}

void TestChecklist::fencesCrLfAndBom()
{
    const QString text = QStringLiteral("\uFEFF# Title\r\n"
                                        "\r\n"
                                        "```\r\n"
                                        "- [ ] not an item {reboot}\r\n"
                                        "```\r\n"
                                        "- [ ] Real {upgrade head}\r\n"
                                        "~~~\r\n"
                                        "- [ ] not one either\r\n"
                                        "~~~\r\n");
    const auto checklist = Checklist::parse(text, kPath);
    QVERIFY2(checklist.ok(), qPrintable(checklist.ok() ? QString() : checklist.error().message));
    QCOMPARE(checklist->title(), QStringLiteral("Title"));
    QCOMPARE(checklist->description(), QStringLiteral("```\n- [ ] not an item {reboot}\n```"));
    QCOMPARE(checklist->items().size(), 1);
    QCOMPARE(checklist->items().first().text, QStringLiteral("Real"));
    QCOMPARE(checklist->items().first().action.target, QStringLiteral("head"));
    QCOMPARE(checklist->items().first().line, 6);
}

void TestChecklist::keysSurviveEditsElsewhere()
{
    const Checklist before =
        sampleChecklist(QStringLiteral("# T\n## A\n- [ ] Shedule the window\n- [ ] Take a backup {backup}\n"));
    const Checklist after = sampleChecklist(
        QStringLiteral("# T\n## A\n- [ ] Announce it\n- [ ] Schedule the window\n- [ ] Take a backup {backup}\n"));
    QCOMPARE(after.items().at(2).key, before.items().at(1).key);
    QVERIFY(before.checksum() != after.checksum());

    // A walk begun on the old file still finds the backup step, reports the change, and can
    // add the new items.
    ChecklistWalk walk = ChecklistWalk::start(before, QStringLiteral("production"), QString());
    walk.markDone(before.items().at(1).key, QString(), utcTime(10, 0));
    QVERIFY(walk.matches(before));
    QVERIFY(!walk.matches(after));
    QVERIFY(walk.step(after.items().at(2).key)->done);
    QVERIFY(!walk.step(after.items().at(0).key));
    walk.addMissingSteps(after);
    // The misspelt step recorded nothing: it goes, else nobody could ever finish the walk.
    QCOMPARE(walk.steps.size(), 3);
    QVERIFY(!walk.step(before.items().at(0).key));
    QCOMPARE(walk.step(after.items().at(0).key)->text, QStringLiteral("Announce it"));
    walk.markDone(after.items().at(0).key, QString(), utcTime(10, 5));
    walk.markDone(after.items().at(1).key, QString(), utcTime(10, 6));
    QVERIFY(walk.isFinished());
    QCOMPARE(walk.finishedAt, utcTime(10, 6));
}

// A step of an item the file no longer has: one that recorded something stays for the report; when the open step
// it leaves was the last one, the walk is finished at its last check.
void TestChecklist::removedItemsDoNotKeepTheWalkOpen()
{
    const Checklist before = sampleChecklist(
        QStringLiteral("# T\n## A\n- [ ] Announce it\n- [ ] Take a backup {backup}\n- [ ] Call the vendor\n"));
    const Checklist after = sampleChecklist(QStringLiteral("# T\n## A\n- [ ] Announce it\n- [ ] Take a backup {backup}\n"));
    ChecklistWalk walk = ChecklistWalk::start(before, QStringLiteral("production"), QString());
    walk.markDone(before.items().at(0).key, QStringLiteral("on #ops"), utcTime(9, 0));
    walk.recordResult(before.items().at(1).key, StepOutcome::Succeeded, QStringLiteral("backups/p.db"), 10);
    walk.markDone(before.items().at(1).key, QString(), utcTime(9, 30));
    QVERIFY(!walk.isFinished());
    walk.addMissingSteps(after);
    QCOMPARE(walk.steps.size(), 2);
    QVERIFY(walk.isFinished());
    QCOMPARE(walk.finishedAt, utcTime(9, 30));

    // An open step with a note stays (it is reported as no longer in the checklist).
    ChecklistWalk noted = ChecklistWalk::start(before, QStringLiteral("production"), QString());
    noted.setNote(before.items().at(2).key, QStringLiteral("vendor asked for Tuesday"));
    noted.addMissingSteps(after);
    QCOMPARE(noted.steps.size(), 3);
    QCOMPARE(noted.step(before.items().at(2).key)->note, QStringLiteral("vendor asked for Tuesday"));
}

void TestChecklist::loadMissingFile()
{
    const auto checklist = Checklist::load(QStringLiteral("/nonexistent/checklists/x.md"));
    QVERIFY(!checklist.ok());
    QCOMPARE(checklist.error().code, ErrorCode::Io);
    QVERIFY(checklist.error().message.contains(QStringLiteral("/nonexistent/checklists/x.md")));
}

void TestChecklist::builtIns_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("actions");

    QTest::newRow("deploy-with-code") << QStringLiteral("deploy-with-code")
                                      << QStringList{QStringLiteral("backup"), QStringLiteral("stamp head"),
                                                     QStringLiteral("verify current = head")};
    QTest::newRow("maintenance-window") << QStringLiteral("maintenance-window")
                                        << QStringList{
                                               QStringLiteral("backup"), QStringLiteral("rehearse upgrade head"),
                                               QStringLiteral("upgrade head"), QStringLiteral("verify current = head")};
    QTest::newRow("preview-test-plan") << QStringLiteral("preview-test-plan")
                                       << QStringList{QStringLiteral("stamp ae98aa32e0d2"),
                                                      QStringLiteral("verify current = ae98aa32e0d2"),
                                                      QStringLiteral("upgrade head"),
                                                      QStringLiteral("verify current = head"),
                                                      QStringLiteral("revision -m \"test migration\""),
                                                      QStringLiteral("upgrade head"),
                                                      QStringLiteral("downgrade -1"),
                                                      QStringLiteral("upgrade head"),
                                                      QStringLiteral("downgrade -1"),
                                                      QStringLiteral("delete revision \"test migration\""),
                                                      QStringLiteral("verify current = head")};
}

void TestChecklist::builtIns()
{
    QFETCH(QString, name);
    QFETCH(QStringList, actions);

    const QString path = QStringLiteral(":/checklists/%1.md").arg(name);
    const auto checklist = Checklist::load(path);
    QVERIFY2(checklist.ok(), qPrintable(checklist.ok() ? QString() : checklist.error().message));
    QVERIFY(checklist->isBuiltIn());
    QVERIFY(!checklist->title().isEmpty());
    QVERIFY(checklist->title() != name); // a real H1, not the fallback
    QVERIFY(!checklist->description().isEmpty());
    QCOMPARE(actionTexts(checklist.value()), actions);
    QVERIFY(checklist->items().size() > actions.size()); // manual steps too

    // The resource is the file in the source tree.
    const auto source = Checklist::load(QStringLiteral(RETORT_SOURCE_DIR "/resources/checklists/%1.md").arg(name));
    QVERIFY(source.ok());
    QCOMPARE(source->checksum(), checklist->checksum());

    QStringList keys;
    for (const ChecklistItem &item : checklist->items())
        keys << item.key;
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()).size(), keys.size());
}

void TestChecklist::builtInResourceAndQrcAgree()
{
    QFile resource(QStringLiteral(":/checklists/preview-test-plan.md"));
    QVERIFY(resource.open(QIODevice::ReadOnly));
    QVERIFY(resource.readAll().startsWith("# "));

    QFile qrc(QStringLiteral(RETORT_SOURCE_DIR "/resources/checklists.qrc"));
    QVERIFY(qrc.open(QIODevice::ReadOnly));
    const QString qrcText = QString::fromUtf8(qrc.readAll());
    QVERIFY(qrcText.contains(QStringLiteral("prefix=\"/checklists\"")));
    QStringList aliases;
    const QRegularExpression alias(QStringLiteral("<file alias=\"([^\"]+)\">checklists/([^<]+)</file>"));
    for (auto it = alias.globalMatch(qrcText); it.hasNext();) {
        const auto match = it.next();
        QCOMPARE(match.captured(1), match.captured(2));
        aliases << match.captured(1);
    }
    QCOMPARE(aliases, QDir(QStringLiteral(":/checklists")).entryList(QDir::Files, QDir::Name));
    QCOMPARE(aliases, QDir(QStringLiteral(RETORT_SOURCE_DIR "/resources/checklists"))
                          .entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name));
}

void TestChecklist::availableListsBuiltInsThenProject()
{
    const QStringList builtIns{QStringLiteral(":/checklists/deploy-with-code.md"),
                               QStringLiteral(":/checklists/maintenance-window.md"),
                               QStringLiteral(":/checklists/preview-test-plan.md")};
    QCOMPARE(Checklist::available(QString()), builtIns);

    QTemporaryDir project;
    QVERIFY(project.isValid());
    QCOMPARE(Checklist::available(project.path()), builtIns); // no checklists/ folder
    QVERIFY(QDir(project.path()).mkdir(QStringLiteral("checklists")));
    const QString own = project.filePath(QStringLiteral("checklists"));
    writeFile(own + QStringLiteral("/zz-restore.md"), QStringLiteral("# Restore\n"));
    writeFile(own + QStringLiteral("/aa-release.md"), QStringLiteral("# Release\n"));
    writeFile(own + QStringLiteral("/notes.txt"), QStringLiteral("not a checklist\n"));
    const QStringList expected =
        builtIns + QStringList{own + QStringLiteral("/aa-release.md"), own + QStringLiteral("/zz-restore.md")};
    QCOMPARE(Checklist::available(project.path()), expected);
}

// Plays the preview plan's bound steps on a model of the migrations folder and the database:
// every step must be possible, and the walk must end with the database at an existing head and
// the test revision gone (the adoption guide's plan deleted the file the database was still at).
void TestChecklist::previewPlanCleansUpBeforeDeleting()
{
    const auto checklist = Checklist::load(QStringLiteral(":/checklists/preview-test-plan.md"));
    QVERIFY(checklist.ok());

    // The demo project: a linear view is enough here (baseline … head).
    QStringList revisions{QStringLiteral("ae98aa32e0d2"), QStringLiteral("3f1c2a9b7d10"),
                          QStringLiteral("b1f6a8d2c453")};
    QString current; // no version table
    QString testRevision;
    for (const ChecklistItem &item : checklist->items()) {
        const ChecklistAction &action = item.action;
        const QString context = item.action.text();
        switch (action.kind) {
        case Kind::Stamp:
            QVERIFY2(revisions.contains(action.target), qPrintable(context));
            current = action.target;
            break;
        case Kind::VerifyCurrent: {
            const QString expected = action.target == QLatin1String("head") ? revisions.last() : action.target;
            QVERIFY2(current == expected, qPrintable(context + QStringLiteral(" but current is ") + current));
            break;
        }
        case Kind::Upgrade:
            QCOMPARE(action.target, QStringLiteral("head"));
            QVERIFY2(current.isEmpty() || revisions.contains(current), qPrintable(context));
            current = revisions.last();
            break;
        case Kind::Downgrade: {
            QCOMPARE(action.target, QStringLiteral("-1"));
            const qsizetype index = revisions.indexOf(current);
            QVERIFY2(index > 0, qPrintable(context));
            current = revisions.at(index - 1);
            break;
        }
        case Kind::CreateRevision:
            QVERIFY(testRevision.isEmpty());
            testRevision = QStringLiteral("49be4f5e010d");
            revisions.append(testRevision);
            break;
        case Kind::DeleteRevision:
            QVERIFY(!testRevision.isEmpty());
            QVERIFY2(current != testRevision, "the database would be left at a revision whose file is deleted");
            revisions.removeAll(testRevision);
            testRevision.clear();
            break;
        default:
            QVERIFY2(action.isNone(), qPrintable(context));
        }
    }
    QVERIFY(testRevision.isEmpty());
    QCOMPARE(current, QStringLiteral("b1f6a8d2c453"));
}

void TestChecklist::savePath_data()
{
    QTest::addColumn<QString>("checklist");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("expected");

    QTest::newRow("built-in") << QStringLiteral(":/checklists/deploy-with-code.md") << QStringLiteral("production")
                              << QStringLiteral("/p/.retort/walks/deploy-with-code-production.json");
    QTest::newRow("project file") << QStringLiteral("/p/checklists/night.release.md") << QStringLiteral("staging")
                                  << QStringLiteral("/p/.retort/walks/night.release-staging.json");
    QTest::newRow("no environment") << QStringLiteral("checklists/x.md") << QString()
                                    << QStringLiteral("/p/.retort/walks/x-default.json");
    QTest::newRow("unsafe characters") << QStringLiteral("checklists/my list.md") << QStringLiteral("../prod")
                                       << QStringLiteral("/p/.retort/walks/my_list-.._prod.json");
}

void TestChecklist::savePath()
{
    QFETCH(QString, checklist);
    QFETCH(QString, environment);
    QFETCH(QString, expected);
    QCOMPARE(ChecklistWalk::savePath(QStringLiteral("/p"), checklist, environment), expected);
}

void TestChecklist::walkRoundTrip()
{
    const Checklist checklist = sampleChecklist();
    ChecklistWalk walk = sampleWalk(checklist);
    walk.finishedAt = QDateTime(QDate(2026, 11, 25), QTime(23, 44, 7, 250), Qt::UTC);
    walk.steps[4].note = QStringLiteral("multi\nline, \"quoted\", ünïcode");
    walk.steps.append(WalkStep{QStringLiteral("gone/old-step"), QStringLiteral("Old step"), true,
                               QStringLiteral("carol"), QStringLiteral("ops-2"), utcTime(23, 1), QString(), QString(),
                               StepOutcome::Skipped, 0});

    QTemporaryDir project;
    QVERIFY(project.isValid());
    const QString path = ChecklistWalk::savePath(project.path(), checklist.path(), walk.environment);
    const Status saved = walk.save(path);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));

    const auto loaded = ChecklistWalk::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    QCOMPARE(loaded->checklistPath, walk.checklistPath);
    QCOMPARE(loaded->checklistTitle, QStringLiteral("Deploy to production"));
    QCOMPARE(loaded->checklistChecksum, checklist.checksum());
    QCOMPARE(loaded->environment, QStringLiteral("production"));
    QCOMPARE(loaded->database, walk.database);
    QCOMPARE(loaded->plannedStart, utcTime(23, 38));
    QCOMPARE(loaded->plannedStart.timeSpec(), Qt::UTC);
    QCOMPARE(loaded->plannedMinutes, 5);
    QCOMPARE(loaded->startedAt, walk.startedAt);
    QCOMPARE(loaded->finishedAt, walk.finishedAt);
    QCOMPARE(loaded->finishedAt.time().msec(), 250);
    QCOMPARE(loaded->steps.size(), 6);
    for (int i = 0; i < walk.steps.size(); ++i)
        QVERIFY2(loaded->steps.at(i) == walk.steps.at(i), qPrintable(walk.steps.at(i).key));
    QCOMPARE(loaded->steps.at(2).at.timeSpec(), Qt::UTC);
    QCOMPARE(loaded->steps.at(2).outcome, StepOutcome::Succeeded);
    QCOMPARE(loaded->steps.at(2).durationMs, qint64(1234));
    QVERIFY(loaded->backup.has_value());
    QCOMPARE(loaded->backup->bytes, qint64(1258291));
    QCOMPARE(loaded->backup->verification, walk.backup->verification);
    QCOMPARE(loaded->plan, walk.plan);
    QCOMPARE(loaded->finalRevisions, walk.finalRevisions);
    QVERIFY(loaded.value() == walk);

    // A versioned, readable JSON file; saving again replaces it.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(root.value(QStringLiteral("version")).toInt(), ChecklistWalk::FormatVersion);
    QCOMPARE(root.value(QStringLiteral("window")).toObject().value(QStringLiteral("plannedStart")).toString(),
             QStringLiteral("2026-11-25T23:38:00.000Z"));
    file.close();
    walk.plannedMinutes = 10;
    QVERIFY(walk.save(path).ok());
    QCOMPARE(ChecklistWalk::load(path)->plannedMinutes, 10);
    QCOMPARE(QDir(project.filePath(QStringLiteral(".retort/walks"))).entryList(QDir::Files),
             QStringList{QStringLiteral("deploy-production.json")});
}

void TestChecklist::walkSkippedBackupRoundTrip()
{
    ChecklistWalk walk = ChecklistWalk::start(sampleChecklist(), QStringLiteral("staging"), QString());
    QVERIFY(!walk.plannedStart.isValid());
    walk.backup = WalkBackup{QString(), 0, 0, QString(), QStringLiteral("nightly snapshot at 02:00")};
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("walk.json"));
    QVERIFY(walk.save(path).ok());
    const auto loaded = ChecklistWalk::load(path);
    QVERIFY(loaded.ok());
    QVERIFY(loaded.value() == walk);
    QVERIFY(loaded->backup->skipped());
    QVERIFY(!loaded->plannedStart.isValid());
    QVERIFY(!loaded->startedAt.isValid());

    walk.backup.reset();
    QVERIFY(walk.save(path).ok());
    QVERIFY(!ChecklistWalk::load(path)->backup.has_value());
}

void TestChecklist::walkLoadErrors_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("message");

    QTest::newRow("bad JSON") << QStringLiteral("{\"format\": ") << QStringLiteral("not valid JSON");
    QTest::newRow("empty file") << QString() << QStringLiteral("not valid JSON");
    QTest::newRow("array") << QStringLiteral("[1, 2]") << QStringLiteral("not a Retort checklist walk");
    QTest::newRow("other JSON") << QStringLiteral("{\"version\": 1}") << QStringLiteral("not a Retort checklist walk");
    QTest::newRow("newer version") << QStringLiteral("{\"format\": \"retort-checklist-walk\", \"version\": 2}")
                                   << QStringLiteral(
                                          "checklist walk version 2 is not supported; this Retort reads version 1");
    QTest::newRow("no version") << QStringLiteral("{\"format\": \"retort-checklist-walk\"}")
                                << QStringLiteral("checklist walk version (missing) is not supported");
    QTest::newRow("bad time") << QStringLiteral("{\"format\": \"retort-checklist-walk\", \"version\": 1, "
                                                "\"window\": {\"startedAt\": \"yesterday\"}}")
                              << QStringLiteral("\"startedAt\" is not an ISO 8601 time");
    QTest::newRow("bad outcome") << QStringLiteral("{\"format\": \"retort-checklist-walk\", \"version\": 1, "
                                                   "\"steps\": [{\"key\": \"a\", \"outcome\": \"meh\"}]}")
                                 << QStringLiteral("unknown step outcome \"meh\"");
    QTest::newRow("step without key") << QStringLiteral("{\"format\": \"retort-checklist-walk\", \"version\": 1, "
                                                        "\"steps\": [{\"outcome\": \"failed\"}]}")
                                      << QStringLiteral("a step has no \"key\"");
}

void TestChecklist::walkLoadErrors()
{
    QFETCH(QString, content);
    QFETCH(QString, message);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QVERIFY(writeFile(path, content));
    const auto walk = ChecklistWalk::load(path);
    QVERIFY(!walk.ok());
    QCOMPARE(walk.error().code, ErrorCode::Parse);
    QCOMPARE(walk.error().context, path);
    QVERIFY2(walk.error().message.startsWith(path + QStringLiteral(": ") + message), qPrintable(walk.error().message));
}

void TestChecklist::walkLoadMissingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral(".retort/walks/none-production.json"));
    const auto walk = ChecklistWalk::load(path);
    QVERIFY(!walk.ok());
    QCOMPARE(walk.error().code, ErrorCode::Io);
    QVERIFY2(walk.error().message.startsWith(QStringLiteral("cannot read checklist walk ") + path),
             qPrintable(walk.error().message));
}

void TestChecklist::walkSaveError()
{
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("file"));
    QVERIFY(writeFile(blocker, QStringLiteral("x")));
    const QString path = blocker + QStringLiteral("/walks/x.json");
    const Status saved = ChecklistWalk().save(path);
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().code, ErrorCode::Io);
    QVERIFY2(saved.error().message.contains(blocker), qPrintable(saved.error().message));
}

// Which database a walk is about: the one it began on, never another named later.
void TestChecklist::adoptDatabase_data()
{
    QTest::addColumn<bool>("begun");
    QTest::addColumn<QString>("recorded");
    QTest::addColumn<QString>("named");
    QTest::addColumn<bool>("adopted");
    QTest::addColumn<QString>("after");

    const QString first = QStringLiteral("sqlite:////srv/app/dev.db");
    const QString second = QStringLiteral("sqlite:////srv/copy/dev.db");
    QTest::newRow("nobody began it: it takes the name") << false << first << second << true << second;
    QTest::newRow("begun on this database") << true << first << first << true << first;
    QTest::newRow("begun on another database") << true << first << second << false << first;
    QTest::newRow("begun with no database known") << true << QString() << second << true << second;
    QTest::newRow("no database named now") << true << first << QString() << true << first;
}

void TestChecklist::adoptDatabase()
{
    QFETCH(bool, begun);
    QFETCH(QString, recorded);
    QFETCH(QString, named);
    ChecklistWalk walk = ChecklistWalk::start(sampleChecklist(), QStringLiteral("production"), recorded);
    if (begun)
        walk.markDone(walk.steps.at(1).key, QStringLiteral("announced"));
    QCOMPARE(walk.startedAt.isValid(), begun);
    QTEST(walk.adoptDatabase(named), "adopted");
    QTEST(walk.database, "after");
}

void TestChecklist::markDoneUndoAndResults()
{
    const QByteArray savedUser = qgetenv("USER");
    qputenv("USER", "alice");
    const Checklist checklist = sampleChecklist();
    const QVector<ChecklistItem> &items = checklist.items();
    ChecklistWalk walk = ChecklistWalk::start(checklist, QStringLiteral("production"), QString());
    QCOMPARE(walk.steps.size(), 5);
    QCOMPARE(walk.steps.at(0).text, QStringLiteral("Review the plan with the team"));
    QCOMPARE(walk.doneCount(), 1); // checked in the file
    QVERIFY(walk.steps.at(0).by.isEmpty());
    QVERIFY(walk.matches(checklist));

    walk.markDone(items.at(1).key, QStringLiteral("Thursday 23:38"), utcTime(9, 0));
    const WalkStep *step = walk.step(items.at(1).key);
    QVERIFY(step->done);
    QCOMPARE(step->by, QStringLiteral("alice"));
    QCOMPARE(step->host, QSysInfo::machineHostName());
    QCOMPARE(step->at, utcTime(9, 0));
    QCOMPARE(step->note, QStringLiteral("Thursday 23:38"));
    QCOMPARE(walk.startedAt, utcTime(9, 0));
    QCOMPARE(walk.doneCount(), 2);

    const QDateTime before = QDateTime::currentDateTimeUtc();
    walk.markDone(items.at(2).key);
    QVERIFY(walk.step(items.at(2).key)->at >= before.addSecs(-1));
    QCOMPARE(walk.step(items.at(2).key)->at.timeSpec(), Qt::UTC);
    QCOMPARE(walk.startedAt, utcTime(9, 0)); // the first check only

    walk.recordResult(items.at(3).key, StepOutcome::Succeeded, QStringLiteral("7 revisions applied"), 42);
    QCOMPARE(walk.step(items.at(3).key)->done, false); // a result does not check the step
    QCOMPARE(walk.step(items.at(3).key)->outcome, StepOutcome::Succeeded);
    QCOMPARE(walk.step(items.at(3).key)->durationMs, qint64(42));

    walk.markDone(items.at(3).key, QString(), utcTime(9, 5));
    QVERIFY(!walk.isFinished());
    walk.markDone(items.at(4).key, QString(), utcTime(9, 6));
    QCOMPARE(walk.doneCount(), 5);
    QCOMPARE(walk.finishedAt, utcTime(9, 6));

    walk.undo(items.at(1).key);
    step = walk.step(items.at(1).key);
    QVERIFY(!step->done);
    QVERIFY(step->by.isEmpty());
    QVERIFY(!step->at.isValid());
    QCOMPARE(step->note, QStringLiteral("Thursday 23:38")); // the note stays
    QVERIFY(!walk.isFinished());
    QCOMPARE(walk.doneCount(), 4);
    walk.undo(items.at(3).key);
    QCOMPARE(walk.step(items.at(3).key)->outcome, StepOutcome::Succeeded); // it did run

    // A key the walk does not know gets a step of its own.
    walk.markDone(QStringLiteral("extra/step"), QStringLiteral("added by hand"), utcTime(9, 7));
    QCOMPARE(walk.steps.size(), 6);
    QCOMPARE(walk.steps.last().key, QStringLiteral("extra/step"));
    QCOMPARE(walk.doneCount(), 4);

    qputenv("USER", savedUser);
}

void TestChecklist::windowState_data()
{
    QTest::addColumn<QDateTime>("plannedStart");
    QTest::addColumn<int>("minutes");
    QTest::addColumn<QDateTime>("startedAt");
    QTest::addColumn<QDateTime>("finishedAt");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<WindowState>("state");
    QTest::addColumn<qint64>("remaining");

    const QDateTime ten = utcTime(10, 0);
    const QDateTime none;
    // Five minutes: 20 % is one minute, so amber in the last minute.
    QTest::newRow("5 min, before") << ten << 5 << none << none << utcTime(9, 59, 59) << WindowState::NotStarted
                                   << qint64(301);
    QTest::newRow("5 min, at start") << ten << 5 << none << none << ten << WindowState::OnTime << qint64(300);
    QTest::newRow("5 min, 60 s left") << ten << 5 << none << none << utcTime(10, 4) << WindowState::OnTime
                                      << qint64(60);
    QTest::newRow("5 min, 59 s left") << ten << 5 << none << none << utcTime(10, 4, 1) << WindowState::Amber
                                      << qint64(59);
    QTest::newRow("5 min, 1 s left") << ten << 5 << none << none << utcTime(10, 4, 59) << WindowState::Amber
                                     << qint64(1);
    QTest::newRow("5 min, at end") << ten << 5 << none << none << utcTime(10, 5) << WindowState::Red << qint64(0);
    QTest::newRow("5 min, over") << ten << 5 << none << none << utcTime(10, 7, 30) << WindowState::Red << qint64(-150);
    // An hour: amber in the last 12 minutes.
    QTest::newRow("60 min, 12:01 left") << ten << 60 << none << none << utcTime(10, 47, 59) << WindowState::OnTime
                                        << qint64(721);
    QTest::newRow("60 min, 11:59 left") << ten << 60 << none << none << utcTime(10, 48, 1) << WindowState::Amber
                                        << qint64(719);
    // Two minutes: 20 % is 24 s, less than a minute, so amber in the last minute.
    QTest::newRow("2 min, 61 s left") << ten << 2 << none << none << utcTime(10, 0, 59) << WindowState::OnTime
                                      << qint64(61);
    QTest::newRow("2 min, 50 s left") << ten << 2 << none << none << utcTime(10, 1, 10) << WindowState::Amber
                                      << qint64(50);
    QTest::newRow("no window") << ten << 0 << ten << none << utcTime(10, 1) << WindowState::NotStarted << qint64(0);
    QTest::newRow("no start yet") << none << 5 << none << none << utcTime(10, 1) << WindowState::NotStarted
                                  << qint64(0);
    QTest::newRow("window from the walk's start")
        << none << 5 << utcTime(10, 2) << none << utcTime(10, 3) << WindowState::OnTime << qint64(240);
    QTest::newRow("finished: the clock stops")
        << ten << 5 << ten << utcTime(10, 3) << utcTime(10, 30) << WindowState::OnTime << qint64(120);
    QTest::newRow("finished late") << ten << 5 << ten << utcTime(10, 6) << utcTime(10, 30) << WindowState::Red
                                   << qint64(-60);
    QTest::newRow("local time zones compare as instants")
        << ten.toOffsetFromUtc(3600) << 5 << none << none << utcTime(10, 4, 30).toOffsetFromUtc(-7200)
        << WindowState::Amber << qint64(30);
}

void TestChecklist::windowState()
{
    QFETCH(QDateTime, plannedStart);
    QFETCH(int, minutes);
    QFETCH(QDateTime, startedAt);
    QFETCH(QDateTime, finishedAt);
    QFETCH(QDateTime, now);
    QFETCH(WindowState, state);
    QFETCH(qint64, remaining);

    ChecklistWalk walk;
    walk.plannedStart = plannedStart;
    walk.plannedMinutes = minutes;
    walk.startedAt = startedAt;
    walk.finishedAt = finishedAt;
    QCOMPARE(walk.windowState(now), state);
    QCOMPARE(walk.secondsRemaining(now), remaining);
}

void TestChecklist::statusText()
{
    const Checklist checklist = sampleChecklist();
    const ChecklistWalk walk = sampleWalk(checklist);
    const QString expected =
        QStringLiteral("Deploy to production (test/deploy.md)\n"
                       "environment 'production', database postgresql://app:***@db.example.com:5432/prod\n"
                       "\n"
                       "Before\n"
                       "[x] 1. Review the plan with the team\n"
                       "[x] 2. Schedule the window \u2014 bob at 2026-11-25 23:30 UTC\n"
                       "\n"
                       "Deploy\n"
                       "[x] 3. Take a backup {backup} \u2014 alice at 2026-11-25 23:40 UTC: succeeded "
                       "(backups/prod-20261125.db, 1.2 MiB) note: took longer than usual\n"
                       "[ ] 4. Apply the pending migrations {upgrade head} \u2014 failed (column x | y exists)\n"
                       "[ ] 5. Verify {verify current = head}\n"
                       "\n"
                       "3 of 5 steps done; window 2026-11-25 23:38\u201323:43 UTC, 2 min left\n");
    QCOMPARE(checklistStatusText(checklist, &walk, QStringLiteral("production"), utcTime(23, 41)), expected);
}

void TestChecklist::statusTextWithoutWalk()
{
    const QString text = checklistStatusText(sampleChecklist(), nullptr, QStringLiteral("production"));
    QVERIFY(text.contains(QStringLiteral("\n[x] 1. Review the plan with the team\n")));
    QVERIFY(text.contains(QStringLiteral("\n[ ] 3. Take a backup {backup}\n")));
    QVERIFY(text.endsWith(QStringLiteral("\n1 of 5 steps done; no saved walk for environment 'production'\n")));
}

void TestChecklist::statusTextChangedChecklist()
{
    const Checklist original = sampleChecklist();
    ChecklistWalk walk = sampleWalk(original);
    walk.plannedMinutes = 0;
    walk.finishedAt = utcTime(23, 50);
    const Checklist edited = sampleChecklist(
        QString(kSample).replace(QStringLiteral("Schedule the window"), QStringLiteral("Schedule the window early")));
    const QString text = checklistStatusText(edited, &walk, QStringLiteral("production"), utcTime(23, 55));
    QVERIFY2(text.contains(QStringLiteral("warning: the checklist changed since this walk started")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("\n[ ] 2. Schedule the window early\n")));
    QVERIFY(text.contains(QStringLiteral("Recorded for steps no longer in the checklist\n"
                                         "[x] - Schedule the window \u2014 bob at 2026-11-25 23:30 UTC\n")));
    QVERIFY(text.endsWith(QStringLiteral("\n2 of 5 steps done; finished at 2026-11-25 23:50 UTC\n")));
    QVERIFY(!checklistStatusText(original, &walk).contains(QStringLiteral("warning:")));
}

void TestChecklist::statusTextWindow_data()
{
    QTest::addColumn<QDateTime>("plannedStart");
    QTest::addColumn<int>("minutes");
    QTest::addColumn<QDateTime>("finishedAt");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QString>("summary");

    const QDateTime none;
    QTest::newRow("before") << utcTime(10, 0) << 5 << none << utcTime(9, 48)
                            << QStringLiteral("window 2026-11-25 10:00\u201310:05 UTC, starts in 12 min");
    QTest::newRow("last seconds") << utcTime(10, 0) << 5 << none << utcTime(10, 4, 30)
                                  << QStringLiteral("window 2026-11-25 10:00\u201310:05 UTC, 30 s left");
    QTest::newRow("over") << utcTime(10, 0) << 5 << none << utcTime(10, 8, 10)
                          << QStringLiteral("window 2026-11-25 10:00\u201310:05 UTC, 3 min over");
    QTest::newRow("finished in time") << utcTime(10, 0) << 5 << utcTime(10, 4) << utcTime(11, 0)
                                      << QStringLiteral(
                                             "window 2026-11-25 10:00\u201310:05 UTC, finished at 10:04 UTC");
    QTest::newRow("finished late") << utcTime(10, 0) << 5 << utcTime(10, 7) << utcTime(11, 0)
                                   << QStringLiteral(
                                          "window 2026-11-25 10:00\u201310:05 UTC, finished at 10:07 UTC (2 min over)");
    QTest::newRow("across midnight") << utcTime(23, 50) << 90 << none << utcTime(23, 55)
                                     << QStringLiteral(
                                            "window 2026-11-25 23:50\u20132026-11-26 01:20 UTC, 1 h 25 min left");
}

void TestChecklist::statusTextWindow()
{
    QFETCH(QDateTime, plannedStart);
    QFETCH(int, minutes);
    QFETCH(QDateTime, finishedAt);
    QFETCH(QDateTime, now);
    QFETCH(QString, summary);

    const Checklist checklist = sampleChecklist();
    ChecklistWalk walk =
        ChecklistWalk::start(checklist, QStringLiteral("production"), QString(), plannedStart, minutes);
    walk.finishedAt = finishedAt;
    const QString text = checklistStatusText(checklist, &walk, QString(), now);
    QVERIFY2(text.endsWith(QStringLiteral("\n1 of 5 steps done; ") + summary + u'\n'), qPrintable(text));
}

void TestChecklist::reportMarkdown()
{
    const Checklist checklist = sampleChecklist();
    ChecklistWalk walk = sampleWalk(checklist);
    walk.finishedAt = utcTime(23, 44, 30);
    const QString md = checklistReportMarkdown(checklist, walk);
    const QStringList lines = md.split(u'\n');

    QCOMPARE(lines.first(), QStringLiteral("# Report: Deploy to production"));
    QVERIFY(lines.contains(QStringLiteral("- **Checklist:** `test/deploy.md`")));
    QVERIFY(lines.contains(QStringLiteral("- **Environment:** production")));
    QVERIFY(lines.contains(QStringLiteral("- **Database:** `postgresql://app:***@db.example.com:5432/prod`")));
    QVERIFY(lines.contains(QStringLiteral("- **Steps done:** 3 of 5")));
    QVERIFY(lines.contains(QStringLiteral("- **Planned:** 2026-11-25 23:38 UTC for 5 min (until 23:43 UTC)")));
    QVERIFY(lines.contains(QStringLiteral("- **Started:** 2026-11-25 23:29:30 UTC")));
    QVERIFY(lines.contains(QStringLiteral("- **Finished:** 2026-11-25 23:44:30 UTC")));
    QVERIFY(lines.contains(QStringLiteral("- **Overrun:** 1 min 30 s")));
    QVERIFY(!md.contains(QStringLiteral("changed after this walk started")));

    // The plan as a code block.
    const qsizetype plan = lines.indexOf(QStringLiteral("## Plan"));
    QVERIFY(plan > 0);
    QCOMPARE(
        lines.mid(plan + 2, 4),
        (QStringList{QStringLiteral("```"), QStringLiteral("Plan: upgrade to head"),
                     QStringLiteral("  1. upgrade ae98aa32e0d2 -> 3f1c2a9b7d10, add expiry"), QStringLiteral("```")}));

    QVERIFY(lines.contains(QStringLiteral("- **File:** `backups/prod-20261125.db`")));
    QVERIFY(lines.contains(QStringLiteral("- **Size:** 1.2 MiB (1258291 bytes)")));
    QVERIFY(lines.contains(QStringLiteral("- **Took:** 1.2 s")));
    QVERIFY(lines.contains(QStringLiteral("- **Verification:** pg_restore --list read 42 entries")));

    // One table per section, every row with the header's columns.
    QVERIFY(lines.contains(QStringLiteral("### Before")));
    QVERIFY(lines.contains(QStringLiteral("### Deploy")));
    const QString header = QStringLiteral("| # | Step | Done | Who | When (UTC) | Result | Duration | Note |");
    QCOMPARE(lines.count(header), 2);
    QVERIFY(lines.contains(QStringLiteral("| 1 | Review the plan with the team | yes |  |  |  |  |  |")));
    QVERIFY(lines.contains(QStringLiteral("| 3 | Take a backup — Runs: backup | yes | alice@ops-1 | 2026-11-25 "
                                          "23:40:00 | succeeded: backups/prod-20261125.db, 1.2 MiB | 1.2 s | took "
                                          "longer than usual |")));
    QVERIFY(lines.contains(QStringLiteral("| 4 | Apply the pending migrations — Runs: upgrade head | no |  |  | "
                                          "failed: column x \\| y exists | 80 ms |  |")));
    for (const QString &line : lines) {
        if (line.startsWith(u'|'))
            QVERIFY2(columnSeparators(line) == 9, qPrintable(line));
    }

    const qsizetype revisions = lines.indexOf(QStringLiteral("## Final revisions"));
    QVERIFY(revisions > 0);
    QCOMPARE(lines.at(revisions + 2), QStringLiteral("- `ae98aa32e0d2`"));
}

void TestChecklist::reportMasksAndEscapes()
{
    const Checklist checklist = sampleChecklist();
    ChecklistWalk walk = sampleWalk(checklist);
    // A caller that forgot to mask, and user text with pipes and URLs.
    walk.database = QStringLiteral("postgresql://app:s3cret@db.example.com/prod");
    walk.steps[2].note = QStringLiteral("copied to s3://bucket | see mysql://root:hunter2@backup-host/db\nline two");
    walk.steps.append(WalkStep{QStringLiteral("gone"), QStringLiteral("Old | step"), false, QString(), QString(),
                               QDateTime(), QString(), QString(), StepOutcome::NotRun, 0});
    const Checklist edited = sampleChecklist(kSample + QStringLiteral("- [ ] Tell them {current}\n"));

    const QString md = checklistReportMarkdown(edited, walk);
    QVERIFY(!md.contains(QStringLiteral("s3cret")));
    QVERIFY(!md.contains(QStringLiteral("hunter2")));
    QVERIFY(md.contains(QStringLiteral("- **Database:** `postgresql://app:***@db.example.com/prod`")));
    QVERIFY(md.contains(QStringLiteral("copied to s3://bucket \\| see mysql://root:***@backup-host/db line two |")));
    QVERIFY(md.contains(QStringLiteral("### No longer in the checklist")));
    QVERIFY(md.contains(QStringLiteral("| \u2013 | Old \\| step | no |")));
    QVERIFY(md.contains(QStringLiteral("> **Note:** the checklist file changed after this walk started")));
    for (const QString &line : md.split(u'\n')) {
        if (line.startsWith(u'|'))
            QVERIFY2(columnSeparators(line) == 9, qPrintable(line));
    }

    const QString status = checklistStatusText(edited, &walk);
    QVERIFY(!status.contains(QStringLiteral("s3cret")));
    QVERIFY(!status.contains(QStringLiteral("hunter2")));
}

void TestChecklist::reportSkippedBackupAndNoWindow()
{
    const Checklist checklist = sampleChecklist();
    ChecklistWalk walk = ChecklistWalk::start(checklist, QStringLiteral("staging"), QString());
    walk.backup = WalkBackup{QString(), 0, 0, QString(), QStringLiteral("restored from last night's snapshot")};
    const QString md = checklistReportMarkdown(checklist, walk);
    QVERIFY(md.contains(QStringLiteral("- **Skipped:** restored from last night's snapshot\n")));
    QVERIFY(md.contains(QStringLiteral("- **Planned:** no window was planned\n")));
    QVERIFY(md.contains(QStringLiteral("- **Started:** not started\n")));
    QVERIFY(md.contains(QStringLiteral("- **Database:** (not recorded)\n")));
    QVERIFY(md.contains(QStringLiteral("_No plan was recorded._")));
    QVERIFY(md.contains(QStringLiteral("## Final revisions\n\n_Not recorded._\n")));
    QVERIFY(!md.contains(QStringLiteral("Overrun")));

    walk.backup.reset();
    QVERIFY(checklistReportMarkdown(checklist, walk).contains(QStringLiteral("_No backup was recorded._")));
}

void TestChecklist::humanSizes_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("0") << qint64(0) << QStringLiteral("0 bytes");
    QTest::newRow("1") << qint64(1) << QStringLiteral("1 byte");
    QTest::newRow("1023") << qint64(1023) << QStringLiteral("1023 bytes");
    QTest::newRow("1 KiB") << qint64(1024) << QStringLiteral("1.0 KiB");
    QTest::newRow("1.2 MiB") << qint64(1258291) << QStringLiteral("1.2 MiB");
    QTest::newRow("3 GiB") << qint64(3) * 1024 * 1024 * 1024 << QStringLiteral("3.0 GiB");
}

void TestChecklist::humanSizes()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, text);
    QCOMPARE(humanSize(bytes), text);
}

void TestChecklist::humanDurations_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("ms") << qint64(340) << QStringLiteral("340 ms");
    QTest::newRow("s") << qint64(1234) << QStringLiteral("1.2 s");
    QTest::newRow("min") << qint64(120000) << QStringLiteral("2 min");
    QTest::newRow("min s") << qint64(125000) << QStringLiteral("2 min 5 s");
    QTest::newRow("h") << qint64(3600000) << QStringLiteral("1 h");
    QTest::newRow("h min") << qint64(3780000) << QStringLiteral("1 h 3 min");
}

void TestChecklist::humanDurations()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(humanDuration(ms), text);
}

QTEST_GUILESS_MAIN(TestChecklist)
#include "tst_checklist.moc"
