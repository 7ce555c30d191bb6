// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the benchmark project twice, as a Retort project and as an Alembic project with the same
// revisions, graph and statements, so both tools do identical work (bench/compare.py drives them).
//
//   retort_bench_project --revisions N [--linear] --out DIR
//
// DIR/retort/retort.ini and DIR/retort/versions/*.sql; DIR/alembic/alembic.ini, env.py and
// versions/*.py. Both read the database URL from the BENCH_URL environment variable.
#include "bench/BenchOutput.h"

#include "ProjectGenerator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

using namespace retort::bench;

namespace {

const char *const kRetortIni = "[retort]\n"
                               "script_location = .\n"
                               "default_env = bench\n"
                               "\n"
                               "[env.bench]\n"
                               "url = ${BENCH_URL}\n";

const char *const kAlembicIni = "[alembic]\n"
                                "script_location = %(here)s\n";

// Alembic's generic env.py, reduced to what the benchmark needs (no logging set-up: Retort prints
// no INFO lines either).
const char *const kAlembicEnv = "import os\n"
                                "\n"
                                "from alembic import context\n"
                                "from sqlalchemy import create_engine, pool\n"
                                "\n"
                                "url = os.environ['BENCH_URL']\n"
                                "\n"
                                "if context.is_offline_mode():\n"
                                "    context.configure(url=url, literal_binds=True)\n"
                                "    with context.begin_transaction():\n"
                                "        context.run_migrations()\n"
                                "else:\n"
                                "    engine = create_engine(url, poolclass=pool.NullPool)\n"
                                "    with engine.connect() as connection:\n"
                                "        context.configure(connection=connection)\n"
                                "        with context.begin_transaction():\n"
                                "            context.run_migrations()\n";

void writeText(const QString &path, const QByteArray &text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) < 0)
        fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
}

void makeFolder(const QString &path)
{
    if (!QDir().mkpath(path))
        fail(QStringLiteral("cannot create %1").arg(path));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int revisions = 0;
    bool linear = false;
    QString outDir;
    const QStringList arguments = app.arguments();
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (argument == QLatin1String("--revisions") && i + 1 < arguments.size()) {
            revisions = arguments[++i].toInt();
        } else if (argument == QLatin1String("--linear")) {
            linear = true;
        } else if (argument == QLatin1String("--out") && i + 1 < arguments.size()) {
            outDir = arguments[++i];
        } else {
            fail(QStringLiteral("usage: retort_bench_project --revisions N [--linear] --out DIR (not '%1')")
                     .arg(argument));
        }
    }
    if (revisions < 2 || outDir.isEmpty())
        fail(QStringLiteral("usage: retort_bench_project --revisions N [--linear] --out DIR (N at least 2)"));

    ProjectGenerator generator(revisions, !linear);
    const QVector<GeneratedRevision> generated = generator.generate();
    const QDir root(outDir);
    const QString retortVersions = root.filePath(QStringLiteral("retort/versions"));
    const QString alembicVersions = root.filePath(QStringLiteral("alembic/versions"));
    makeFolder(retortVersions);
    makeFolder(alembicVersions);
    writeText(root.filePath(QStringLiteral("retort/retort.ini")), kRetortIni);
    writeText(root.filePath(QStringLiteral("alembic/alembic.ini")), kAlembicIni);
    writeText(root.filePath(QStringLiteral("alembic/env.py")), kAlembicEnv);
    for (const auto &[folder, format] :
         {std::pair{retortVersions, Format::Retort}, std::pair{alembicVersions, Format::Alembic}}) {
        if (const QString problem = writeProject(folder, generated, format); !problem.isEmpty())
            fail(problem);
    }
    const Shape &shape = generator.shape();
    out() << generated.size() << " revisions, " << shape.branches << " branches, " << shape.merges << " merges, "
          << shape.labels << " labels, " << shape.dependencies << " depends_on\n";
    return 0;
}
