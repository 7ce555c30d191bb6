// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/lint/Linter.h"
#include "core/revision/MigrationStep.h"
#include "core/script/ScriptDirectory.h"

#include <QJsonObject>

#include <functional>

namespace retort::cli {

// `retort plan`: the steps an upgrade or downgrade would take from the given rows, with each step's file,
// the tables it touches, what lint finds in it and its version-table change, worked out before anything
// runs; as text or as one JSON document.
class PlanReport
{
public:
    enum class Direction
    {
        Upgrade,
        Downgrade,
        Either
    };

    struct Request
    {
        QString destination;
        Direction direction = Direction::Either; // Either: upgrade, or downgrade when REV lies below
        QStringList currentRows;
        QString databaseDescription;
        bool verbose = false;           // list every statement with its line
        std::optional<Dialect> dialect; // whose sections are planned; none: the plain ones (no database known)
        LintSettings lintSettings;
        std::function<void(LintFindings &)> addTableSizes; // when connected
        // Alembic projects: renders the plan's Python bodies with the project's Alembic (AlembicBridge::renderer).
        std::function<RenderReport(const ScriptDirectory &, const QVector<MigrationStep> &)> render;
    };

    [[nodiscard]] static Result<PlanReport> build(const ScriptDirectory &scripts, const Request &request);

    QString text() const;
    QJsonObject json() const;
    const LintFindings &findings() const { return m_findings; }

private:
    PlanReport(const ScriptDirectory &scripts, Request request) : m_scripts(scripts), m_request(std::move(request)) {}

    const ScriptDirectory &m_scripts;
    Request m_request;
    bool m_upgrade = true;
    QVector<PlannedStep> m_planned;
    LintFindings m_findings;
    std::optional<RenderReport> m_rendered;

    // The section a step runs on the plan's database (MigrationScript::section; the plain one with no dialect).
    const MigrationSection &sectionOf(const PlannedStep &step) const;
    // What a step's section runs: its own statements, or what Alembic rendered of its Python; null for a
    // Python section Alembic did not render whole.
    const SqlStatementList *statementsOf(const PlannedStep &step) const;
    const RenderedSection *renderedOf(const PlannedStep &step) const;
};

} // namespace retort::cli
