// SPDX-License-Identifier: GPL-3.0-or-later
// Generates the same 10,000-revision project as retort_graph_benchmark and times what the workbench
// does with it: loading the scripts, opening them in the revision graph (model + view), the first
// paint of the view, and scrolling through the list. Runs offscreen unless QT_QPA_PLATFORM is set.
//
//   retort_gui_benchmark [--revisions N]
#include "bench/BenchOutput.h"
#include "core/script/ScriptDirectory.h"
#include "ui/graph/RevisionGraphModel.h"
#include "ui/graph/RevisionGraphView.h"

#include "ProjectGenerator.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace retort;
using namespace retort::bench;
using namespace retort::ui;

using retort::bench::fail;
using retort::bench::out;

namespace {

constexpr double kTargetSeconds = 1.0; // "opens in about a second"
constexpr int kScrollSteps = 200;

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

void report(const QString &what, double milliseconds)
{
    out() << what << ": " << QString::number(milliseconds, 'f', 1) << " ms\n";
    out().flush();
}

struct Options
{
    int revisions = 10000;
    QString project; // an existing versions folder instead of a generated one
};

Options parseOptions(const QStringList &arguments)
{
    Options options;
    int &revisions = options.revisions;
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--project") && i + 1 < arguments.size()) {
            options.project = arguments[++i];
        } else if (arguments[i] == QLatin1String("--revisions") && i + 1 < arguments.size()) {
            bool ok = false;
            revisions = arguments[++i].toInt(&ok);
            if (!ok || revisions < 2)
                fail(QStringLiteral("--revisions expects a number of at least 2, not '%1'").arg(arguments[i]));
        } else if (arguments[i] == QLatin1String("-h") || arguments[i] == QLatin1String("--help")) {
            out() << "usage: retort_gui_benchmark [--revisions N | --project VERSIONS_DIR]\n"
                  << "  --revisions N         size of the generated project (default 10000)\n"
                  << "  --project VERSIONS_DIR  open this folder of revisions instead (bench/compare.py)\n";
            std::exit(0);
        } else {
            fail(QStringLiteral("unknown argument '%1' (try --help)").arg(arguments[i]));
        }
    }
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before the application exists: it picks the platform plugin in its constructor.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Options options = parseOptions(app.arguments());
    out() << "platform: " << QGuiApplication::platformName() << '\n';

    QTemporaryDir temporary;
    QString versions = options.project;
    if (versions.isEmpty()) {
        if (!temporary.isValid())
            fail(QStringLiteral("cannot create a temporary folder: %1").arg(temporary.errorString()));
        versions = QDir(temporary.path()).absoluteFilePath(QStringLiteral("versions"));
        if (!QDir().mkpath(versions))
            fail(QStringLiteral("cannot create %1").arg(versions));
        ProjectGenerator generator(options.revisions);
        const QVector<GeneratedRevision> generated = generator.generate();
        if (const QString problem = writeProject(versions, generated); !problem.isEmpty())
            fail(problem);
        out() << "generated " << generated.size() << " revisions (" << generator.shape().branches
              << " feature branches, " << generator.shape().merges << " merges)\n";
        out().flush();
    }

    // 1. Loading the scripts (parse + validate), as ProjectSession::open does.
    QElapsedTimer timer;
    timer.start();
    auto loaded = ScriptDirectory::load(QStringList{versions});
    if (!loaded.ok())
        fail(QStringLiteral("ScriptDirectory::load: %1").arg(loaded.error().message));
    const auto scripts = std::make_shared<const ScriptDirectory>(std::move(loaded).value());
    const double loadMs = elapsedMs(timer);
    const int count = scripts->map().size();
    report(QStringLiteral("ScriptDirectory::load %1 revisions").arg(count), loadMs);

    // 2a. The model on its own (history order, lanes, per-row texts).
    {
        RevisionGraphModel model;
        timer.restart();
        model.setScripts(scripts);
        report(QStringLiteral("RevisionGraphModel::setScripts (model alone)"), elapsedMs(timer));
    }

    // 2b. Opening: the view (which builds its model) gets the scripts.
    RevisionGraphView view;
    view.resize(1200, 800);
    timer.restart();
    view.setScripts(scripts);
    const double openMs = elapsedMs(timer);
    report(QStringLiteral("RevisionGraphView::setScripts (model + view, open)"), openMs);

    // 3. First paint at 1200x800: show, lay out and render the whole panel once.
    timer.restart();
    view.show();
    const QPixmap first = view.grab();
    const double paintMs = elapsedMs(timer);
    if (first.isNull())
        fail(QStringLiteral("the first grab() gave no picture"));
    report(QStringLiteral("first paint (show + grab() at %1x%2)").arg(view.width()).arg(view.height()), paintMs);

    // 4. Scrolling: kScrollSteps even steps from top to bottom, each repainting the viewport.
    QTreeView *tree = view.treeView();
    QScrollBar *bar = tree->verticalScrollBar();
    const int maximum = bar->maximum();
    double totalMs = 0;
    double worstMs = 0;
    for (int step = 1; step <= kScrollSteps; ++step) {
        timer.restart();
        bar->setValue(int(qint64(maximum) * step / kScrollSteps));
        const QPixmap frame = tree->viewport()->grab();
        const double frameMs = elapsedMs(timer);
        if (frame.isNull())
            fail(QStringLiteral("grab() of the viewport gave no picture"));
        totalMs += frameMs;
        worstMs = std::max(worstMs, frameMs);
    }
    out() << "scroll " << kScrollSteps << " steps over " << maximum << " scroll units (" << tree->model()->rowCount()
          << " rows): average " << QString::number(totalMs / kScrollSteps, 'f', 2) << " ms, max "
          << QString::number(worstMs, 'f', 2) << " ms per frame\n";

    const double openSeconds = (loadMs + openMs + paintMs) / 1000.0;
    out() << "load + open + first paint: " << QString::number(openSeconds, 'f', 3) << " s\n";
    out() << "verdict: the graph of " << count << " revisions "
          << (openSeconds <= kTargetSeconds ? "opens" : "does NOT open") << " in about a second ("
          << QString::number(openSeconds, 'f', 2) << " s, "
          << QString::number(100.0 * openSeconds / kTargetSeconds, 'f', 0) << "% of "
          << QString::number(kTargetSeconds, 'f', 0) << " s); scrolling "
          << (worstMs <= 16.7
                  ? "keeps"
                  : (totalMs / kScrollSteps <= 16.7 ? "averages but does not always keep" : "does NOT keep"))
          << " 60 fps (16.7 ms per frame)\n";
    out().flush();

    return 0;
}
