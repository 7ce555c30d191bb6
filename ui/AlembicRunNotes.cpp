// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AlembicRunNotes.h"

#include "core/runtime/AlembicRun.h"
#include "core/script/ScriptDirectory.h"

#include <QCoreApplication>
#include <QDir>

namespace retort::ui::AlembicRunNotes {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AlembicRunNotes", text);
}

} // namespace

bool holdsAlembicRevisions(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps)
{
    // A plan made before the project was read again may name revisions the new map no longer has; it is planned
    // again at once, and until then must not be read out of bounds.
    return std::any_of(steps.cbegin(), steps.cend(), [&scripts](const MigrationStep &step) {
        return step.kind == MigrationStep::Kind::Revision && step.revision >= 0 &&
               step.revision < scripts.map().size() &&
               scripts.script(step.revision).format == ScriptFormat::AlembicPython;
    });
}

QString refusal(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps, const RunRequest &request,
                const RunSettings &settings)
{
    if (request.command == RunRequest::Command::Stamp || request.runExactSql || !holdsAlembicRevisions(scripts, steps))
        return QString();
    QVector<PlannedStep> planned;
    for (const MigrationStep &step : steps)
        planned << PlannedStep{step, {}, {}};
    // A rehearsal of such a plan runs on a scratch copy (RunWorker::setRehearsalOnCopy), not in a transaction.
    RunRequest asRun = request;
    asRun.rehearsal = false;
    if (const Status delegable = AlembicRun::canDelegate(scripts, planned, asRun); !delegable.ok())
        return delegable.error().message;
    if (!settings.alembic) {
        return tr("Nothing was run: the plan holds Alembic revisions, which only the project's Alembic runs, and %1")
            .arg(settings.alembicUnavailable);
    }
    return QString();
}

QString runnerLine(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps, const RunRequest &request,
                   const RunSettings &settings, bool brief)
{
    if (request.command == RunRequest::Command::Stamp || request.runExactSql || !settings.alembic ||
        !holdsAlembicRevisions(scripts, steps))
        return QString();
    const QString python = QDir::toNativeSeparators(settings.alembic->python());
    const QString command =
        settings.alembic->equivalentCommand(request.command == RunRequest::Command::Upgrade, request.targets.value(0));
    if (brief)
        return tr("the project's Alembic is %1; it runs as: %2").arg(python, command);
    return tr("The project's Alembic runs this plan (%1), as:\n  %2\nInside Retort's gates: before its first revision "
              "Retort checks that env.py connects to this very database; Retort's lock is held throughout, and "
              "Retort writes the history rows.")
        .arg(python, command);
}

} // namespace retort::ui::AlembicRunNotes
