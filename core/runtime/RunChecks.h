// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/revision/MigrationStep.h"
#include "core/script/Dialect.h"
#include "core/script/RenderedSql.h"

#include <QStringList>
#include <QVector>

namespace retort {

class MigrationPlanner;
class ScriptDirectory;
class SqlDialect;
class VersionTable;
struct RunRequest;

// Whether `step` runs a revision marked Transactional: false (its statements commit one by one).
bool runsOutsideTransaction(const ScriptDirectory &scripts, const MigrationStep &step);

// Whether the plan runs any Alembic .py revision (stamps aside): such a plan goes to the project's Alembic.
bool holdsAlembicRevisions(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned);

// Where an Alembic .py revision's exact SQL (an empty body, or literal op.execute strings) is used as it is,
// without Python: a run through Retort's own connection (--run-exact-sql), or an offline script when the
// project's Alembic cannot render.
enum class PythonRevisionUse
{
    ExactRun,
    OfflineScript
};

// Refuses (ErrorCode::Refused) a plan holding Alembic .py revisions whose bodies are Python, which only the
// project's Alembic can run or render, naming each file and saying what works instead. Stamps are never
// refused: they run no revision.
[[nodiscard]] Status refusePythonRevisions(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps,
                                           PythonRevisionUse use);
[[nodiscard]] Status refusePythonRevisions(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned,
                                           PythonRevisionUse use);

// Refuses (ErrorCode::MissingSection) steps that would run a revision file with no section for `dialect` (it has
// only other dialects' sections in that direction; MigrationScript::sectionError), naming each file: run or
// written out, such a step would do nothing where the author wrote SQL. Stamps run no section.
[[nodiscard]] Status refuseMissingSections(const ScriptDirectory &scripts, const QVector<MigrationStep> &steps,
                                           Dialect dialect);
[[nodiscard]] Status refuseMissingSections(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned,
                                           Dialect dialect);

// Refuses (ErrorCode::Refused) an offline script whose Alembic .py revisions the project's Alembic could not
// render whole (`rendered`: AlembicBridge::render), naming each with its label: a script with a gap would
// leave the database short of what the run does.
[[nodiscard]] Status refuseUnrendered(const ScriptDirectory &scripts, const QVector<PlannedStep> &planned,
                                      const RenderReport &rendered);

// What a run checks before its first statement, each refusing (ErrorCode::Refused) with what to do
// instead: that a rehearsal can roll back on this database and in this plan, that the plan is the one
// the person was shown, and that the revision files are still what was read.
class RunChecks
{
public:
    RunChecks(const ScriptDirectory &scripts, const MigrationPlanner &planner, const VersionTable &versionTable,
              const RunRequest &request, const SqlDialect &dialect)
        : m_scripts(scripts), m_planner(planner), m_versionTable(versionTable), m_request(request), m_dialect(dialect)
    {
    }

    // A rehearsal needs DDL inside a transaction.
    [[nodiscard]] Status rehearsalPossible() const;
    // The plan from `rows` is the one the person saw (RunRequest::expected), when one was shown, and its SQL the
    // sections of this database's dialect.
    [[nodiscard]] Status asShown(const QStringList &rows, const QVector<PlannedStep> &planned) const;
    // Every revision of the plan has a section for this database's dialect (refuseMissingSections).
    [[nodiscard]] Status sectionsPresent(const QVector<PlannedStep> &planned) const;
    // Every revision file of the plan is still the text that was parsed.
    [[nodiscard]] Status filesAsRead(const QVector<PlannedStep> &planned) const;
    // No statement the rehearsal would run ends its transaction on its own.
    [[nodiscard]] Status rehearsable(const QVector<PlannedStep> &steps) const;

private:
    const ScriptDirectory &m_scripts;
    const MigrationPlanner &m_planner;
    const VersionTable &m_versionTable;
    const RunRequest &m_request;
    const SqlDialect &m_dialect;
};

} // namespace retort
