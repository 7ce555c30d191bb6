// SPDX-License-Identifier: GPL-3.0-or-later
// Revision identifiers (ids, prefixes, head/heads/base, label@head, +N/-N, rev+N, ranges) resolved and
// walked against a fixed graph with branches, a merge, labels and a dependency.
#include "core/revision/MigrationPlanner.h"
#include "core/revision/RevisionResolver.h"
#include "core/revision/RevisionMap.h"
#include "core/script/MigrationScript.h"

#include "FuzzInput.h"

namespace {

const retort::RevisionMap &graph()
{
    static const retort::RevisionMap map = [] {
        auto revision = [](const char *id, QStringList down, QStringList labels = {}, QStringList depends = {}) {
            retort::Revision r;
            r.id = QString::fromLatin1(id);
            r.downRevisions = std::move(down);
            r.ownBranchLabels = std::move(labels);
            r.dependencies = std::move(depends);
            r.path = QStringLiteral("/fuzz/%1.sql").arg(r.id);
            return r;
        };
        QVector<retort::Revision> revisions{
            revision("aaaa0001", {}),
            revision("bbbb0002", {QStringLiteral("aaaa0001")}),
            revision("bbbc0003", {QStringLiteral("bbbb0002")}, {QStringLiteral("feature")}),
            revision("cccc0004", {QStringLiteral("bbbb0002")}),
            revision("dddd0005", {QStringLiteral("bbbc0003"), QStringLiteral("cccc0004")}),
            revision("eeee0006", {QStringLiteral("dddd0005")}, {}, {QStringLiteral("feature")}),
            revision("ffff0007", {QStringLiteral("aaaa0001")}, {QStringLiteral("other")}),
        };
        return retort::RevisionMap::build(std::move(revisions)).value();
    }();
    return map;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = retort::fuzz::text(data, size);
    const retort::RevisionMap &map = graph();
    (void)retort::revisionIdError(text);
    (void)retort::RevisionResolver(map).revisionsFor(text);
    (void)retort::RevisionResolver(map).revisionFor(text);
    // As upgrade/downgrade/history take them: a target, a range, from the current rows.
    const retort::MigrationPlanner planner(map);
    const QStringList rows{QStringLiteral("cccc0004"), QStringLiteral("bbbc0003")};
    (void)planner.upgradeSteps(text, rows);
    (void)planner.downgradeSteps(text, rows);
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon >= 0)
        (void)planner.historyRevisions(text.left(colon), text.mid(colon + 1), rows);
    return 0;
}
