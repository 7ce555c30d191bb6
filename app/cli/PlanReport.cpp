// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/PlanReport.h"
#include "core/script/AlembicScript.h"

#include "app/cli/LintReport.h"

#include "core/revision/MigrationPlanner.h"
#include "core/runtime/RunChecks.h"
#include "core/runtime/VersionTable.h"
#include "core/lint/TableUsage.h"

#include <QJsonArray>
#include <QTextStream>

namespace retort::cli {

namespace {

// The tables statements touch, each once: "orders (alter)".
QStringList tableEntries(const SqlStatementList &statements, std::optional<Dialect> dialect)
{
    QStringList tables;
    for (const SqlStatement &statement : statements) {
        for (const TableUsage &usage : tablesTouchedBy(statement.text, dialect)) {
            const QString entry = QStringLiteral("%1 (%2)").arg(usage.table, usage.action);
            if (!tables.contains(entry))
                tables << entry;
        }
    }
    return tables;
}

} // namespace

Result<PlanReport> PlanReport::build(const ScriptDirectory &scripts, const Request &request)
{
    const RevisionMap &map = scripts.map();
    const MigrationPlanner planner(map);
    PlanReport report(scripts, request);
    Result<QVector<MigrationStep>> steps = QVector<MigrationStep>();
    if (request.direction != Direction::Downgrade) {
        steps = planner.upgradeSteps(request.destination, request.currentRows);
        const bool tryDowngrade = !steps.ok() || steps.value().isEmpty();
        if (request.direction == Direction::Either && tryDowngrade) {
            auto downgrade = planner.downgradeSteps(request.destination, request.currentRows);
            if (downgrade.ok() && (!downgrade.value().isEmpty() || !steps.ok())) {
                steps = downgrade;
                report.m_upgrade = false;
            }
        }
    } else {
        steps = planner.downgradeSteps(request.destination, request.currentRows);
        report.m_upgrade = false;
    }
    if (!steps.ok())
        return steps.error();
    // A plan the database could not run is no plan: said here as the run would say it.
    if (request.dialect)
        RETORT_CHECK(refuseMissingSections(scripts, steps.value(), *request.dialect));
    RETORT_TRY(report.m_planned, planner.simulate(steps.value(), request.currentRows));
    if (request.render && !steps.value().isEmpty())
        report.m_rendered = request.render(scripts, steps.value());
    report.m_findings = lintSteps(scripts, steps.value(), request.dialect, request.lintSettings,
                                  report.m_rendered ? &*report.m_rendered : nullptr);
    if (request.addTableSizes)
        request.addTableSizes(report.m_findings);
    return report;
}

const RenderedSection *PlanReport::renderedOf(const PlannedStep &step) const
{
    if (!m_rendered)
        return nullptr;
    const MigrationScript &script = m_scripts.script(step.step.revision);
    if (script.format != ScriptFormat::AlembicPython)
        return nullptr;
    return m_rendered->find(script.revisionId, step.step.isUpgrade);
}

const MigrationSection &PlanReport::sectionOf(const PlannedStep &step) const
{
    return m_scripts.script(step.step.revision).section(step.step.isUpgrade, m_request.dialect);
}

const SqlStatementList *PlanReport::statementsOf(const PlannedStep &step) const
{
    const MigrationSection &section = sectionOf(step);
    if (section.body != SectionBody::Python)
        return &section.statements;
    const RenderedSection *rendered = renderedOf(step);
    return rendered && rendered->complete() ? &rendered->statements : nullptr;
}

QString PlanReport::text() const
{
    const MigrationPlanner planner(m_scripts.map());
    QString text;
    QTextStream out(&text);
    out << "Plan: " << (m_upgrade ? "upgrade" : "downgrade") << " to " << m_request.destination << '\n';
    out << "Database: " << m_request.databaseDescription << '\n';
    out << "Current: " << versionRowsText(m_request.currentRows) << '\n';
    if (m_planned.isEmpty()) {
        out << "Nothing to do: the database is already at " << m_request.destination << ".\n";
        return text;
    }
    int number = 0;
    for (const PlannedStep &step : m_planned) {
        const MigrationScript &script = m_scripts.script(step.step.revision);
        const MigrationSection &section = sectionOf(step);
        out << QStringLiteral("%1. ").arg(++number, 3) << planner.logLine(step.step) << '\n';
        out << "       file: " << displayPath(script.path);
        if (section.line > 0)
            out << ':' << section.line;
        if (section.dialect)
            out << " (" << dialectName(*section.dialect) << " section)";
        out << '\n';
        if (!m_request.dialect && !script.sectionDialects().isEmpty()) {
            // Without a database there is no knowing which section runs: never a plan that reads as the only one.
            out << "       also has sections for " << script.sectionDialectNames().join(QStringLiteral(", "))
                << (section.body == SectionBody::Missing ? " and no plain one" : "")
                << "; which runs depends on the database (--dialect NAME plans for one)\n";
        }
        const SqlStatementList *statements = statementsOf(step);
        const RenderedSection *rendered = renderedOf(step);
        if (statements) { // how many statements Python runs, only running (or rendering) it tells
            const QStringList tables = tableEntries(*statements, m_request.dialect);
            out << "       statements: " << statements->size();
            if (section.body == SectionBody::Python)
                out << " (rendered)";
            if (!tables.isEmpty())
                out << "; tables: " << tables.join(QStringLiteral(", "));
            out << '\n';
        }
        if (script.format == ScriptFormat::AlembicPython) {
            out << "       Alembic revision: " << describeAlembicBody(section, step.step.isUpgrade);
            if (section.body != SectionBody::Python)
                out << '\n';
            else if (rendered)
                out << "; " << rendered->describe() << '\n';
            else
                out << "; only the project's Alembic renders and runs it\n";
        }
        if (!script.transactional)
            out << "       runs outside a transaction (Transactional: false)\n";
        for (const LintFinding &finding : m_findings) {
            if (finding.revision == script.revisionId && finding.upgrade == step.step.isUpgrade &&
                !finding.suppressed()) {
                out << QStringLiteral("       ") << finding.stepLine() << '\n';
            }
        }
        QStringList changes;
        for (const VersionChange &change : step.changes)
            changes << change.describe();
        out << "       version table: " << changes.join(QStringLiteral("; ")) << '\n';
        if (m_request.verbose && section.body != SectionBody::Python) {
            for (const SqlStatement &statement : section.statements)
                out << QStringLiteral("       %1: ").arg(statement.line, 5)
                    << statement.text.section(QLatin1Char('\n'), 0, 0) << '\n';
        } else if (m_request.verbose && rendered) {
            // Rendered SQL has no lines in the file: shown whole, after its label; a partial rendering commented out.
            out << "       -- " << rendered->describe() << '\n';
            const QString prefix =
                rendered->complete() ? QStringLiteral("       ") : QStringLiteral("       -- partial: ");
            for (const QString &line : rendered->sql.trimmed().split(u'\n')) {
                if (!line.trimmed().isEmpty())
                    out << prefix << line << '\n';
            }
        }
    }
    out << "After: " << versionRowsText(m_planned.last().rowsAfter) << '\n';
    out << m_planned.size() << (m_planned.size() == 1 ? " revision to " : " revisions to ")
        << (m_upgrade ? "upgrade" : "downgrade") << ".\n";
    const LintTally tally(m_findings);
    if (!m_findings.isEmpty())
        out << "Lint: " << tally.text() << " (retort lint shows each with its file and line).\n";
    return text;
}

QJsonObject PlanReport::json() const
{
    const MigrationPlanner planner(m_scripts.map());
    QJsonArray steps;
    for (const PlannedStep &step : m_planned) {
        const MigrationScript &script = m_scripts.script(step.step.revision);
        const MigrationSection &section = sectionOf(step);
        const SqlStatementList *statements = statementsOf(step);
        QJsonArray tables;
        for (const SqlStatement &statement : statements ? *statements : SqlStatementList()) {
            for (const TableUsage &usage : tablesTouchedBy(statement.text, m_request.dialect)) {
                const QJsonObject entry{{QStringLiteral("table"), usage.table},
                                        {QStringLiteral("action"), usage.action}};
                if (!tables.contains(entry))
                    tables.append(entry);
            }
        }
        QJsonArray changes;
        for (const VersionChange &change : step.changes)
            changes.append(change.describe());
        QJsonArray findings;
        for (const LintFinding &finding : m_findings) {
            if (finding.revision == script.revisionId && finding.upgrade == step.step.isUpgrade)
                findings.append(findingJson(finding));
        }
        QJsonObject rendering;
        if (const RenderedSection *rendered = renderedOf(step)) {
            rendering = QJsonObject{{QStringLiteral("label"), RenderedSection::labelName(rendered->label)},
                                    {QStringLiteral("description"), rendered->describe()},
                                    {QStringLiteral("sql"), rendered->sql}};
        }
        steps.append(QJsonObject{
            {QStringLiteral("revision"), script.revisionId},
            {QStringLiteral("direction"),
             step.step.isUpgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade")},
            {QStringLiteral("log"), planner.logLine(step.step)},
            {QStringLiteral("file"), script.path},
            {QStringLiteral("line"), section.line},
            {QStringLiteral("section_dialect"),
             section.dialect ? QJsonValue(dialectName(*section.dialect)) : QJsonValue()},
            {QStringLiteral("statements"), statements ? QJsonValue(statements->size()) : QJsonValue()},
            {QStringLiteral("rendering"), rendering.isEmpty() ? QJsonValue() : QJsonValue(rendering)},
            {QStringLiteral("transactional"), script.transactional},
            {QStringLiteral("format"),
             script.format == ScriptFormat::AlembicPython ? QStringLiteral("alembic") : QStringLiteral("sql")},
            {QStringLiteral("body"), bodyKindName(section.body)},
            {QStringLiteral("tables"), tables},
            {QStringLiteral("version_changes"), changes},
            {QStringLiteral("findings"), findings},
        });
    }
    const LintTally tally(m_findings);
    return QJsonObject{
        {QStringLiteral("direction"), m_upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade")},
        {QStringLiteral("destination"), m_request.destination},
        {QStringLiteral("database"), m_request.databaseDescription},
        {QStringLiteral("dialect"), m_request.dialect ? QJsonValue(dialectName(*m_request.dialect)) : QJsonValue()},
        {QStringLiteral("current"), QJsonArray::fromStringList(m_request.currentRows)},
        {QStringLiteral("after"),
         QJsonArray::fromStringList(m_planned.isEmpty() ? m_request.currentRows : m_planned.last().rowsAfter)},
        {QStringLiteral("steps"), steps},
        {QStringLiteral("errors"), tally.errors},
        {QStringLiteral("warnings"), tally.warnings},
        {QStringLiteral("suppressed"), tally.suppressed},
    };
}

} // namespace retort::cli
