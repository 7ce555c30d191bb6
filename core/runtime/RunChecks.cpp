// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/RunChecks.h"

#include "core/TextFormat.h"
#include "core/revision/MigrationPlanner.h"
#include "core/script/AlembicScript.h"
#include "core/runtime/RunRequest.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ScriptDirectory.h"
#include "core/script/StatementSplitter.h"

#include <QDir>
#include <QSet>

namespace retort {

namespace {

// Whether a statement ends or starts a transaction on its own (COMMIT, ROLLBACK, END, BEGIN,
// START TRANSACTION): inside a rehearsal it would commit what ran before it.
bool controlsTransaction(const QString &sql)
{
    const QStringList words = leadingKeywords(sql, 2);
    static const QStringList control = {QStringLiteral("COMMIT"), QStringLiteral("ROLLBACK"), QStringLiteral("END"),
                                        QStringLiteral("BEGIN")};
    return control.contains(words.value(0)) ||
           (words.value(0) == QLatin1String("START") && words.value(1) == QLatin1String("TRANSACTION"));
}

} // namespace

namespace {

QVector<MigrationStep> stepsOf(const QVector<PlannedStep> &planned)
{
    QVector<MigrationStep> steps;
    steps.reserve(planned.size());
    for (const PlannedStep &step : planned)
        steps << step.step;
    return steps;
}

} // namespace

Status refusePythonRevisions(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned, PythonRevisionUse use)
{
    return refusePythonRevisions(scripts, stepsOf(planned), use);
}

Status refuseMissingSections(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned, Dialect dialect)
{
    return refuseMissingSections(scripts, stepsOf(planned), dialect);
}

Status refuseMissingSections(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps, Dialect dialect)
{
    QVector<Error> missing;
    for (const MigrationStep &step : steps) {
        if (step.kind != MigrationStep::Kind::Revision)
            continue;
        if (std::optional<Error> error = scripts.script(step.revision).sectionError(step.isUpgrade, dialect))
            missing << *error;
    }
    if (missing.isEmpty())
        return Status::success();
    if (missing.size() == 1)
        return missing.first();
    QStringList lines;
    for (const Error &error : std::as_const(missing))
        lines << error.message;
    Error all(ErrorCode::MissingSection,
              QStringLiteral("%1 revisions of the plan have no section for %2:\n  %3")
                  .arg(missing.size())
                  .arg(dialectName(dialect), lines.join(QStringLiteral("\n  "))),
              missing.first().location);
    return all;
}

Status refusePythonRevisions(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps, PythonRevisionUse use)
{
    QStringList refused;
    SourceLocation first;
    bool upgrade = true;
    for (const MigrationStep &step : steps) {
        if (step.kind != MigrationStep::Kind::Revision)
            continue;
        const MigrationScript &script = scripts.script(step.revision);
        if (script.format != ScriptFormat::AlembicPython)
            continue;
        // An Alembic file's functions are the same for every dialect: its plain sections.
        const MigrationSection &section = script.section(step.isUpgrade, std::nullopt);
        const bool exact = section.body == SectionBody::Empty || section.body == SectionBody::LiteralSql;
        if (exact)
            continue;
        upgrade = step.isUpgrade;
        const QString what = describeAlembicBody(section, step.isUpgrade);
        refused << QStringLiteral("%1 (%2:%3; %4)")
                       .arg(script.revisionId, QDir::toNativeSeparators(script.path))
                       .arg(section.line)
                       .arg(what);
        if (first.isNull())
            first = SourceLocation{script.path, section.line};
    }
    if (refused.isEmpty())
        return Status::success();
    const QString verb = upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade");
    const QString text =
        use == PythonRevisionUse::ExactRun
            ? QStringLiteral("Nothing was run: --run-exact-sql runs only Alembic revisions whose SQL is exact (empty, "
                             "or literal op.execute strings) through Retort's connection, and these are Python:\n  "
                             "%1\nRun without --run-exact-sql: the project's Alembic then runs the plan inside the "
                             "same gates.")
                  .arg(refused.join(QStringLiteral("\n  ")))
            : QStringLiteral("Cannot write the SQL of Alembic revisions whose bodies are Python without the project's "
                             "Alembic to render them (alembic %1 --sql):\n  %2\nRevisions whose bodies are empty or "
                             "literal op.execute() SQL are written as they are.")
                  .arg(verb, refused.join(QStringLiteral("\n  ")));
    return Error(ErrorCode::Refused, text, first);
}

Status refuseUnrendered(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned,
                        const RenderReport &rendered)
{
    QStringList refused;
    SourceLocation first;
    for (const PlannedStep &step : planned) {
        if (step.step.kind != MigrationStep::Kind::Revision)
            continue;
        const MigrationScript &script = scripts.script(step.step.revision);
        const RenderedSection *section = rendered.find(script.revisionId, step.step.isUpgrade);
        if (script.format != ScriptFormat::AlembicPython || !section || section->complete())
            continue;
        refused << QStringLiteral("%1 %2(): %3")
                       .arg(script.revisionId,
                            step.step.isUpgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"),
                            section->describe());
        if (first.isNull())
            first = SourceLocation{script.path, section->line};
    }
    if (refused.isEmpty())
        return Status::success();
    return Error(ErrorCode::Refused,
                 QStringLiteral("Cannot write the whole script: the project's Alembic could not render %1 "
                                "revision(s) offline, and a script with a gap would leave the database short of what "
                                "a run does:\n  %2\nRun them online (retort upgrade runs them through the project's "
                                "Alembic, inside the gate); retort plan -v shows what was rendered.")
                     .arg(refused.size())
                     .arg(refused.join(QStringLiteral("\n  "))),
                 first);
}

bool holdsAlembicRevisions(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned)
{
    return std::any_of(planned.cbegin(), planned.cend(), [&scripts](const PlannedStep &step) {
        return step.step.kind == MigrationStep::Kind::Revision &&
               scripts.script(step.step.revision).format == ScriptFormat::AlembicPython;
    });
}

bool runsOutsideTransaction(const ScriptDirectory &scripts, const MigrationStep &step)
{
    return step.kind == MigrationStep::Kind::Revision && !scripts.script(step.revision).transactional;
}

Status RunChecks::rehearsalPossible() const
{
    if (m_request.rehearsal && !m_dialect.transactionalDdl()) {
        return Error(ErrorCode::Refused,
                     QStringLiteral("cannot rehearse on %1: it commits DDL implicitly, so a rehearsal would really "
                                    "apply the changes. Rehearse on a copy instead (retort backup, then retort "
                                    "restore BACKUP --into NAME)")
                         .arg(m_dialect.displayName()));
    }
    return Status::success();
}

Status RunChecks::asShown(const QStringList &rows, const QVector<PlannedStep> &planned) const
{
    if (!m_request.expected)
        return Status::success();
    const PlanExpectation &expected = *m_request.expected;
    const QVector<MigrationStep> steps = stepsOf(planned);
    const bool sameRows = QSet<QString>(rows.cbegin(), rows.cend()) ==
                          QSet<QString>(expected.fromRows.cbegin(), expected.fromRows.cend());
    if (expected.dialect && *expected.dialect != m_dialect.kind()) {
        // Dialect sections make the SQL shown for one dialect another dialect's: never run what was not shown.
        return Error(ErrorCode::Refused,
                     QStringLiteral("The plan was shown with the SQL a %1 database runs, but this database is %2, "
                                    "whose revision sections may differ; nothing was run. Review the plan for this "
                                    "database and run again.")
                         .arg(dialectName(*expected.dialect), dialectName(m_dialect.kind())));
    }
    if (sameRows && steps == expected.steps)
        return Status::success();
    auto describe = [this](const QVector<MigrationStep> &list) {
        QStringList lines;
        for (int i = 0; i < list.size(); ++i)
            lines << QStringLiteral("  %1. %2").arg(i + 1).arg(m_planner.logLine(list[i]));
        return lines.isEmpty() ? QStringLiteral("  (nothing)") : lines.join(u'\n');
    };
    QString text = QStringLiteral("The plan changed since it was shown, so nothing was run.");
    if (!sameRows) {
        text += QStringLiteral(" It was made when %1; now %2 (another run or program moved it).")
                    .arg(m_versionTable.describe(expected.fromRows), m_versionTable.describe(rows));
    }
    text += QStringLiteral("\nShown:\n%1\nWould run now:\n%2\nReview the new plan and run again.")
                .arg(describe(expected.steps), describe(steps));
    return Error(ErrorCode::Refused, text);
}

Status RunChecks::filesAsRead(const QVector<PlannedStep> &planned) const
{
    QVector<int> revisions;
    for (const PlannedStep &step : planned) {
        if (step.step.kind == MigrationStep::Kind::Revision)
            revisions << step.step.revision;
    }
    const QStringList changed = m_scripts.changedOnDisk(revisions);
    if (changed.isEmpty())
        return Status::success();
    return Error(ErrorCode::Refused,
                 QStringLiteral("Revision files of the plan are not what was read, so nothing was run (it would run "
                                "older SQL than the files hold):\n  %1\nLoad the project again and review the plan.")
                     .arg(changed.join(QStringLiteral("\n  "))));
}

Status RunChecks::sectionsPresent(const QVector<PlannedStep> &planned) const
{
    return refuseMissingSections(m_scripts, planned, m_dialect.kind());
}

Status RunChecks::rehearsable(const QVector<PlannedStep> &steps) const
{
    for (const PlannedStep &planned : steps) {
        if (planned.step.kind != MigrationStep::Kind::Revision || runsOutsideTransaction(m_scripts, planned.step))
            break; // the rehearsal stops there anyway
        const MigrationScript &script = m_scripts.script(planned.step.revision);
        const MigrationSection &section = script.section(planned.step.isUpgrade, m_dialect.kind());
        for (const SqlStatement &statement : section.statements) {
            if (controlsTransaction(statement.text)) {
                return Error(ErrorCode::Refused,
                             QStringLiteral("cannot rehearse: %1:%2 runs '%3', which would end the rehearsal's "
                                            "transaction and keep what ran before it; nothing was changed")
                                 .arg(QDir::toNativeSeparators(script.path))
                                 .arg(statement.line)
                                 .arg(firstLine(statement.text)),
                             SourceLocation{script.path, statement.line});
            }
        }
    }
    return Status::success();
}

} // namespace retort
