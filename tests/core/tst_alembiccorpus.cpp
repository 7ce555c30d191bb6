// SPDX-License-Identifier: GPL-3.0-or-later
// Replays the graphs and commands recorded from real Alembic runs
// (../shared/conformance/cases.json) against the pure planner: no database,
// no files. Each upgrade/downgrade/stamp step must give Alembic's success or
// failure, its migration order and its version-table rows; heads/current/
// history must print the same revisions. Skipped where the corpus is absent.
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionMap.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace retort;

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list << item.toString();
    return list;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

struct StepOutcome
{
    bool ok = false;
    QStringList log; // "rev+" / "rev-"
    QStringList rows;
    QStringList printed; // ids printed by heads/current/history, in order
};

class CorpusReplay
{
public:
    explicit CorpusReplay(const RevisionMap &map) : m_map(map), m_planner(map) {}

    StepOutcome run(const QStringList &argv, const QStringList &rowsBefore) const
    {
        StepOutcome outcome;
        outcome.rows = rowsBefore;
        const QString command = argv.value(0);
        QStringList arguments = argv.mid(1);
        Result<QVector<MigrationStep>> steps = QVector<MigrationStep>();
        QStringList rows = rowsBefore;
        if (command == QLatin1String("heads")) {
            outcome.ok = true;
            outcome.printed = m_map.ids(m_map.heads());
            return outcome;
        }
        if (command == QLatin1String("current") || command == QLatin1String("history")) {
            auto revisions = command == QLatin1String("current") ? m_planner.currentRevisions(rowsBefore)
                                                                 : m_planner.historyRevisions(QString(), QString());
            outcome.ok = revisions.ok();
            if (revisions.ok())
                outcome.printed = m_map.ids(revisions.value());
            return outcome;
        }
        if (command == QLatin1String("upgrade")) {
            steps = m_planner.upgradeSteps(arguments.value(0), rows);
        } else if (command == QLatin1String("downgrade")) {
            steps = m_planner.downgradeSteps(arguments.value(0), rows);
        } else if (command == QLatin1String("stamp")) {
            if (arguments.removeAll(QStringLiteral("--purge")) > 0)
                rows.clear();
            steps = m_planner.stampSteps(arguments, rows);
        } else {
            return outcome;
        }
        if (!steps.ok())
            return outcome;
        auto planned = m_planner.simulate(steps.value(), rows);
        if (!planned.ok())
            return outcome;
        outcome.ok = true;
        outcome.rows = rows;
        for (const PlannedStep &step : planned.value()) {
            if (step.step.kind == MigrationStep::Kind::Revision)
                outcome.log << m_map.at(step.step.revision).id + (step.step.isUpgrade ? "+" : "-");
            outcome.rows = step.rowsAfter;
        }
        return outcome;
    }

private:
    const RevisionMap &m_map;
    MigrationPlanner m_planner;
};

// Ids a recorded stdout line names first (heads/current) or after "->" (history).
QStringList printedIds(const QString &command, const QStringList &lines)
{
    QStringList ids;
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        if (command == QLatin1String("history")) {
            const int arrow = line.indexOf(QLatin1String("-> "));
            ids << line.mid(arrow + 3).section(QLatin1Char(' '), 0, 0).remove(QLatin1Char(','));
        } else {
            ids << line.section(QLatin1Char(' '), 0, 0);
        }
    }
    return ids;
}

} // namespace

class TestAlembicCorpus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replay_data();
    void replay();

private:
    QJsonArray m_cases;
};

void TestAlembicCorpus::replay_data()
{
    QFile file(QStringLiteral(RETORT_CONFORMANCE_DIR "/cases.json"));
    if (!file.open(QIODevice::ReadOnly))
        QSKIP("no ../shared/conformance/cases.json next to this clone: corpus replay skipped");
    m_cases = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray();
    QVERIFY(!m_cases.isEmpty());
    QTest::addColumn<int>("caseIndex");
    for (int i = 0; i < m_cases.size(); ++i)
        QTest::newRow(qPrintable(m_cases[i].toObject().value(QStringLiteral("id")).toString())) << i;
}

void TestAlembicCorpus::replay()
{
    QFETCH(int, caseIndex);
    const QJsonObject recorded = m_cases[caseIndex].toObject();
    QVector<Revision> revisions;
    for (const QJsonValue &value : recorded.value(QStringLiteral("revisions")).toArray()) {
        const QJsonObject object = value.toObject();
        Revision revision;
        revision.id = object.value(QStringLiteral("id")).toString();
        revision.downRevisions = strings(object.value(QStringLiteral("down")));
        revision.ownBranchLabels = strings(object.value(QStringLiteral("labels")));
        revision.dependencies = strings(object.value(QStringLiteral("depends_on")));
        revision.doc = object.value(QStringLiteral("message")).toString();
        revision.path = revision.id + QStringLiteral(".sql");
        revisions << revision;
    }
    // Alembic's map follows the versions folder listed by file name.
    std::sort(revisions.begin(), revisions.end(), [](const Revision &a, const Revision &b) { return a.id < b.id; });
    auto map = RevisionMap::build(revisions);
    QVERIFY2(map.ok(), qPrintable(map.ok() ? QString() : map.error().message));
    const CorpusReplay replay(map.value());

    QStringList rows;
    QStringList mismatches;
    for (const QJsonValue &value : recorded.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject step = value.toObject();
        const QJsonObject expect = step.value(QStringLiteral("expect")).toObject();
        const QStringList argv = strings(step.value(QStringLiteral("argv")));
        const QString where =
            QStringLiteral("step %1 `%2`").arg(step.value(QStringLiteral("n")).toInt()).arg(argv.join(' '));
        const StepOutcome got = replay.run(argv, rows);
        const bool expectOk = expect.value(QStringLiteral("ok")).toBool();
        const bool alembicCrashed = !expectOk && expect.contains(QStringLiteral("traceback"));
        QStringList expectedLog;
        for (const QJsonValue &entry : expect.value(QStringLiteral("log")).toArray()) {
            const QJsonArray pair = entry.toArray();
            expectedLog << pair[0].toString() + (pair[1].toString() == QLatin1String("up") ? "+" : "-");
        }
        const QStringList expectedRows = strings(expect.value(QStringLiteral("version")));
        if (alembicCrashed && got.ok) {
            // Alembic has no defined result to match here (it raised a traceback).
        } else if (got.ok != expectOk) {
            mismatches << QStringLiteral("%1: status %2, Alembic %3 (%4)")
                              .arg(where, got.ok ? "ok" : "failed", expectOk ? "ok" : "failed",
                                   expect.value(QStringLiteral("failed")).toString());
        } else if (sorted(got.rows) != expectedRows) {
            mismatches << QStringLiteral("%1: rows {%2}, Alembic {%3}")
                              .arg(where, sorted(got.rows).join(", "), expectedRows.join(", "));
        } else if (got.log != expectedLog) {
            mismatches << QStringLiteral("%1: log %2, Alembic %3").arg(where, got.log.join(' '), expectedLog.join(' '));
        } else if (got.ok && expect.contains(QStringLiteral("stdout"))) {
            const QString command = argv.first();
            const QStringList want = printedIds(command, strings(expect.value(QStringLiteral("stdout"))));
            const bool ordered = command == QLatin1String("history");
            if (ordered ? got.printed != want : sorted(got.printed) != sorted(want)) {
                mismatches
                    << QStringLiteral("%1: printed %2, Alembic %3").arg(where, got.printed.join(' '), want.join(' '));
            }
        }
        // Continue from Alembic's rows, in its physical order, as the runner does.
        rows = expect.contains(QStringLiteral("version_rowid_order"))
                   ? strings(expect.value(QStringLiteral("version_rowid_order")))
                   : expectedRows;
    }
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join('\n')));
}

QTEST_GUILESS_MAIN(TestAlembicCorpus)
#include "tst_alembiccorpus.moc"
