// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/DatabaseStatus.h"

#include "core/TextFormat.h"
#include "core/revision/MigrationPlanner.h"
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/DriftCheck.h"
#include "core/runtime/SqlDialect.h"
#include "core/runtime/UnsettledRun.h"
#include "core/runtime/VersionTable.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"

namespace retort {

DatabaseStatus DatabaseStatus::read(const ScriptDirectory &scripts, const ProjectConfig &config, const DatabaseUrl &url)
{
    DatabaseStatus status;
    status.dialect = url.dialect();
    const RevisionMap &map = scripts.map();
    status.heads = map.ids(map.heads());
    auto unreachable = [&status](const Error &error) {
        status.verdict = StatusVerdict::Unreachable;
        status.problem = firstLine(error.message);
        return status;
    };
    auto connection = DatabaseConnection::open(url, DatabaseConnection::Mode::ReadOnly);
    if (!connection.ok())
        return unreachable(connection.error());
    if (!connection.value()->exists()) {
        status.verdict = StatusVerdict::NotAdopted;
        return status;
    }
    const QSqlDatabase db = connection.value()->database();
    const VersionTable versionTable(config.versionTable(), config.versionTableSchema());
    const Result<QStringList> rows = versionTable.readRows(db);
    if (!rows.ok())
        return unreachable(rows.error());
    status.rows = rows.value();
    if (status.rows.isEmpty()) {
        status.verdict = StatusVerdict::NotAdopted;
        return status;
    }
    for (const QString &row : std::as_const(status.rows)) {
        if (!RevisionMap::isRevision(map.indexOf(row)))
            status.unknownRows << row;
    }
    const auto dialect = SqlDialect::create(url.dialect());
    const QString history = config.historyTable().isEmpty()
                                ? QString()
                                : dialect->qualifiedTable(config.historyTable(), config.versionTableSchema());
    const Result<DriftReport> drift = DriftCheck::run(scripts, db, url.dialect(), status.rows, history);
    if (drift.ok()) {
        status.edited = drift->ids(AppliedRevisionCheck::Finding::Edited);
        for (const QString &missing : drift->ids(AppliedRevisionCheck::Finding::MissingFile)) {
            if (!status.unknownRows.contains(missing))
                status.missing << missing;
        }
        status.drifted = int(status.edited.size() + status.missing.size());
    }
    if (!status.unknownRows.isEmpty()) {
        status.verdict = StatusVerdict::UnknownRevision;
        return status;
    }
    if (!history.isEmpty()) {
        const Status settled = UnsettledRun::check(db, url.dialect(), history, scripts, status.rows, versionTable);
        if (!settled.ok()) {
            status.verdict = StatusVerdict::Interrupted;
            status.problem = firstLine(settled.error().message);
            return status;
        }
    }
    if (status.drifted > 0) {
        status.verdict = StatusVerdict::Drifted;
        return status;
    }
    const Result<QVector<MigrationStep>> steps =
        MigrationPlanner(map).upgradeSteps(QStringLiteral("heads"), status.rows);
    if (steps.ok()) {
        for (const MigrationStep &step : steps.value()) {
            if (step.kind != MigrationStep::Kind::Revision)
                continue;
            ++status.pending;
            if (scripts.script(step.revision).sectionError(true, url.dialect()))
                status.noSection << map.at(step.revision).id;
        }
    }
    status.verdict = status.pending > 0 ? StatusVerdict::Pending : StatusVerdict::AtHeads;
    return status;
}

} // namespace retort
