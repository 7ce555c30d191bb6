// SPDX-License-Identifier: GPL-3.0-or-later
// Generates a large project (a long main line with feature branches that fork off and merge back,
// depends_on across branches, a few branch labels) and times what `retort upgrade heads` needs
// before it touches a database: reading and parsing the files, validating the graph, planning; and
// the layout of the history graph the GUI draws.
//
//   retort_graph_benchmark [--revisions N] [--keep DIR]
#include "bench/BenchOutput.h"
#include "core/revision/RevisionResolver.h"
#include "core/revision/GraphLayout.h"
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionMap.h"
#include "core/script/MigrationScript.h"
#include "core/script/ScriptDirectory.h"

#include "ProjectGenerator.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace retort;
using namespace retort::bench;

using retort::bench::fail;
using retort::bench::out;

namespace {

constexpr int kRuns = 3;
constexpr double kTargetSeconds = 1.0;

template <typename T> T valueOrFail(Result<T> result, const char *what)
{
    if (!result.ok())
        fail(QStringLiteral("%1: %2").arg(QLatin1String(what), result.error().message));
    return std::move(result).value();
}

// ---------------------------------------------------------------------------
// measuring

// Best wall-clock time of kRuns runs of `run`; `prepare` runs untimed before each.
double bestOf(const std::function<void()> &run, const std::function<void()> &prepare = {})
{
    double best = std::numeric_limits<double>::max();
    for (int i = 0; i < kRuns; ++i) {
        if (prepare)
            prepare();
        QElapsedTimer timer;
        timer.start();
        run();
        best = std::min(best, double(timer.nsecsElapsed()) / 1e9);
    }
    return best;
}

void report(const QString &what, double seconds)
{
    out() << what << ": " << QString::number(seconds, 'f', 3) << " s\n";
    out().flush();
}

// Linux resets the VmHWM high-water mark when "5" is written to clear_refs.
bool resetPeakRss()
{
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    return clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1;
}

// VmHWM in KiB, -1 when unknown.
qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QString mebibytes(qint64 kib)
{
    return kib < 0 ? QStringLiteral("unknown") : QStringLiteral("%1 MiB").arg(double(kib) / 1024.0, 0, 'f', 1);
}

struct Options
{
    int revisions = 10000;
    QString keep;
};

Options parseOptions(const QStringList &arguments)
{
    Options options;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if ((argument == QLatin1String("--revisions") || argument == QLatin1String("--keep")) &&
            i + 1 >= arguments.size())
            fail(QStringLiteral("option %1 expects a value").arg(argument));
        if (argument == QLatin1String("--revisions")) {
            bool ok = false;
            options.revisions = arguments[++i].toInt(&ok);
            if (!ok || options.revisions < 2)
                fail(QStringLiteral("--revisions expects a number of at least 2, not '%1'").arg(arguments[i]));
        } else if (argument == QLatin1String("--keep")) {
            options.keep = arguments[++i];
        } else if (argument == QLatin1String("-h") || argument == QLatin1String("--help")) {
            out() << "usage: retort_graph_benchmark [--revisions N] [--keep DIR]\n"
                  << "  --revisions N  size of the generated project (default 10000)\n"
                  << "  --keep DIR     generate into DIR/versions and keep it (DIR/versions must hold no .sql file)\n";
            std::exit(0);
        } else {
            fail(QStringLiteral("unknown argument '%1' (try --help)").arg(argument));
        }
    }
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app.arguments());

    std::optional<QTemporaryDir> temporary;
    QString root = options.keep;
    if (root.isEmpty()) {
        temporary.emplace();
        if (!temporary->isValid())
            fail(QStringLiteral("cannot create a temporary folder: %1").arg(temporary->errorString()));
        root = temporary->path();
    }
    const QString versions = QDir(root).absoluteFilePath(QStringLiteral("versions"));
    if (!QDir().mkpath(versions))
        fail(QStringLiteral("cannot create %1").arg(versions));
    if (!QDir(versions).entryList({QStringLiteral("*.sql")}, QDir::Files).isEmpty())
        fail(QStringLiteral("%1 already holds .sql files; give --keep an empty or new folder").arg(versions));

    // Generate.
    QElapsedTimer generation;
    generation.start();
    ProjectGenerator generator(options.revisions);
    const QVector<GeneratedRevision> generated = generator.generate();
    if (const QString problem = writeProject(versions, generated); !problem.isEmpty())
        fail(problem);
    const Shape &shape = generator.shape();
    out() << "generated " << generated.size() << " revisions in " << versions << " ("
          << QString::number(double(generation.nsecsElapsed()) / 1e9, 'f', 2) << " s): " << shape.branches
          << " feature branches, " << shape.merges << " merges, " << shape.labels << " branch labels, "
          << shape.dependencies << " depends_on\n";
    out() << "timings are the best of " << kRuns << " runs\n";
    out().flush();
    const int n = int(generated.size());

    // 1. Reading and parsing every file.
    QVector<MigrationScript> scripts;
    const double parseSeconds = bestOf([&] {
        scripts.clear();
        const QDir dir(versions);
        for (const QString &name : dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name))
            scripts.append(valueOrFail(MigrationScriptParser::parseFile(dir.absoluteFilePath(name)), "parse"));
    });
    if (scripts.size() != n)
        fail(QStringLiteral("parsed %1 files, expected %2").arg(scripts.size()).arg(n));
    report(QStringLiteral("read+parse %1 files").arg(n), parseSeconds);

    // 2. Building and validating the graph.
    QVector<Revision> revisions;
    for (const MigrationScript &script : std::as_const(scripts))
        revisions.append(ScriptDirectory::revisionOf(script));
    QVector<Revision> input;
    const double buildSeconds = bestOf([&] { valueOrFail(RevisionMap::build(std::move(input)), "RevisionMap::build"); },
                                       [&] {
                                           input = revisions;
                                           input.detach(); // the copy is made here, not inside the timed build
                                       });
    report(QStringLiteral("RevisionMap::build (validation) %1 revisions").arg(n), buildSeconds);

    // What the first two steps kept is not part of what a command holds.
    scripts = {};
    revisions = {};
    input = {};
#ifdef __GLIBC__
    malloc_trim(0); // give the freed memory back, so the reset below starts low
#endif
    const qint64 peakBefore = peakRssKiB();
    const bool peakReset = resetPeakRss();

    // 3. The whole load, as every command does it.
    std::optional<ScriptDirectory> directory;
    const double loadSeconds = bestOf([&] {
        directory.reset();
        directory.emplace(valueOrFail(ScriptDirectory::load(QStringList{versions}), "ScriptDirectory::load"));
    });
    report(QStringLiteral("ScriptDirectory::load %1 revisions").arg(n), loadSeconds);
    const RevisionMap &map = directory->map();
    const MigrationPlanner planner(map);
    out() << "graph: " << map.heads().size() << " heads, " << map.bases().size() << " bases\n";

    // 4. upgrade heads from an empty database.
    QVector<PlannedStep> upgrade;
    const double upgradeSeconds = bestOf([&] {
        const QVector<MigrationStep> steps = valueOrFail(planner.upgradeSteps(QStringLiteral("heads"), {}), "upgrade");
        upgrade = valueOrFail(planner.simulate(steps, {}), "simulate upgrade");
    });
    if (upgrade.size() != n)
        fail(QStringLiteral("upgrade heads planned %1 steps, expected %2").arg(upgrade.size()).arg(n));
    report(QStringLiteral("plan upgrade heads from base (%1 steps)").arg(upgrade.size()), upgradeSeconds);

    // 5. downgrade base from the heads.
    const QStringList headRows = upgrade.constLast().rowsAfter;
    QVector<PlannedStep> downgrade;
    const double downgradeSeconds = bestOf([&] {
        const QVector<MigrationStep> steps =
            valueOrFail(planner.downgradeSteps(QStringLiteral("base"), headRows), "downgrade");
        downgrade = valueOrFail(planner.simulate(steps, headRows), "simulate downgrade");
    });
    if (downgrade.size() != n || !downgrade.constLast().rowsAfter.isEmpty())
        fail(QStringLiteral("downgrade base planned %1 steps, expected %2 ending with no row")
                 .arg(downgrade.size())
                 .arg(n));
    report(QStringLiteral("plan downgrade base from %1 heads (%2 steps)").arg(headRows.size()).arg(downgrade.size()),
           downgradeSeconds);

    // 6. history (base:heads).
    QVector<int> history;
    const double historySeconds =
        bestOf([&] { history = valueOrFail(planner.historyRevisions(QString(), QString()), "history"); });
    if (history.size() != n)
        fail(QStringLiteral("history listed %1 revisions, expected %2").arg(history.size()).arg(n));
    report(QStringLiteral("history base:heads (%1 revisions)").arg(history.size()), historySeconds);

    // 6b. The history graph's lanes, in the history order (what the GUI draws).
    GraphLayout layout;
    const double layoutSeconds = bestOf([&] { layout = layoutGraph(map, history); });
    if (layout.rows.size() != n)
        fail(QStringLiteral("layout has %1 rows, expected %2").arg(layout.rows.size()).arg(n));
    report(QStringLiteral("layout %1 revisions").arg(n), layoutSeconds);
    out() << "layout: " << layout.laneCount << " lanes\n";

    // 7. Resolving identifiers: half full ids, half prefixes (8 and 6 characters).
    QStringList identifiers;
    QVector<int> expected;
    QRandomGenerator pick(7);
    while (identifiers.size() < 1000) {
        const int index = int(pick.bounded(map.size()));
        const QString &id = map.at(index).id;
        const int kind = int(identifiers.size() % 4);
        const QString identifier = kind < 2 ? id : id.left(kind == 2 ? 8 : 6);
        if (kind == 3 && identifier.size() == 6) {
            // Keep only prefixes that are unique, as a user would type them.
            const auto shared = std::count_if(map.revisions().cbegin(), map.revisions().cend(),
                                              [&identifier](const Revision &r) { return r.id.startsWith(identifier); });
            if (shared != 1)
                continue;
        }
        identifiers << identifier;
        expected << index;
    }
    const double resolveSeconds = bestOf([&] {
        for (int i = 0; i < identifiers.size(); ++i) {
            if (valueOrFail(RevisionResolver(map).revisionFor(identifiers[i]), "resolve") != expected[i])
                fail(QStringLiteral("'%1' resolved to the wrong revision").arg(identifiers[i]));
        }
    });
    report(QStringLiteral("resolve %1 identifiers (full ids and prefixes)").arg(identifiers.size()), resolveSeconds);

    // The parse and build runs above hold their own copies; what a command needs is the rest.
    const qint64 peakAfter = peakRssKiB();
    if (peakReset) {
        out() << "peak RSS: " << mebibytes(std::max(peakBefore, peakAfter)) << " (whole run), " << mebibytes(peakAfter)
              << " from ScriptDirectory::load on\n";
    } else {
        out() << "peak RSS: " << mebibytes(peakAfter) << " (whole run)\n";
    }

    const double total = loadSeconds + upgradeSeconds;
    report(QStringLiteral("load+validate+plan %1 revisions").arg(n), total);
    out() << "verdict: load+validate+plan " << (total <= kTargetSeconds ? "meets" : "MISSES") << " the "
          << QString::number(kTargetSeconds, 'f', 0) << " s target (" << QString::number(total, 'f', 3) << " s, "
          << QString::number(100.0 * total / kTargetSeconds, 'f', 0) << "% of it)\n";

    const QString alembic = QStandardPaths::findExecutable(QStringLiteral("alembic"));
    if (alembic.isEmpty()) {
        out() << "alembic not installed: no ratio\n";
    } else {
        out() << "alembic found at " << alembic << ": a comparison could be run (`alembic heads`/`alembic history` on "
              << "the same graph in Alembic's format); not automated here\n";
    }
    if (!options.keep.isEmpty())
        out() << "project kept in " << versions << '\n';
    return 0;
}
