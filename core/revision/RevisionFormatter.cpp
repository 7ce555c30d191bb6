// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/revision/RevisionFormatter.h"

namespace retort {

namespace {

QString commaList(const QStringList &items)
{
    return items.join(QStringLiteral(", "));
}

} // namespace

QString RevisionFormatter::downRevisionText(int index) const
{
    const Revision &revision = m_map.at(index);
    return revision.downRevisions.isEmpty() ? QStringLiteral("<base>") : commaList(revision.downRevisions);
}

QString RevisionFormatter::headOnly(int index, const Options &options) const
{
    const Revision &revision = m_map.at(index);
    QString text = revision.id;
    if (options.includeParents) {
        if (!revision.dependencies.isEmpty()) {
            text = QStringLiteral("%1 (%2) -> %3").arg(downRevisionText(index), commaList(revision.dependencies), text);
        } else {
            text = QStringLiteral("%1 -> %2").arg(downRevisionText(index), text);
        }
    }
    if (options.includeBranches && !revision.branchLabels.isEmpty())
        text += QStringLiteral(" (%1)").arg(commaList(revision.branchLabels));
    if (revision.isRealHead())
        text += QStringLiteral(" (head)");
    else if (revision.isHead())
        text += QStringLiteral(" (effective head)");
    if (m_current.contains(index))
        text += QStringLiteral(" (current)");
    if (options.treeIndicators) {
        if (revision.isBranchPoint())
            text += QStringLiteral(" (branchpoint)");
        if (revision.isMergePoint())
            text += QStringLiteral(" (mergepoint)");
    }
    if (options.includeDoc)
        text += QStringLiteral(", ") + revision.doc;
    return text;
}

QString RevisionFormatter::logEntry(int index) const
{
    const Revision &revision = m_map.at(index);
    QString entry = QStringLiteral("Rev: ") + revision.id;
    if (revision.isHead())
        entry += QStringLiteral(" (head)");
    if (revision.isBranchPoint())
        entry += QStringLiteral(" (branchpoint)");
    if (revision.isMergePoint())
        entry += QStringLiteral(" (mergepoint)");
    if (m_current.contains(index))
        entry += QStringLiteral(" (current)");
    entry += QLatin1Char('\n');
    entry += (revision.isMergePoint() ? QStringLiteral("Merges: ") : QStringLiteral("Parent: ")) +
             downRevisionText(index) + QLatin1Char('\n');
    if (!revision.dependencies.isEmpty())
        entry += QStringLiteral("Also depends on: ") + commaList(revision.dependencies) + QLatin1Char('\n');
    if (revision.isBranchPoint())
        entry += QStringLiteral("Branches into: ") + commaList(m_map.ids(revision.next)) + QLatin1Char('\n');
    if (!revision.branchLabels.isEmpty())
        entry += QStringLiteral("Branch names: ") + commaList(revision.branchLabels) + QLatin1Char('\n');
    entry += QStringLiteral("Path: ") + revision.path + QLatin1Char('\n');
    QStringList docLines;
    const QStringList lines = revision.longDoc.isEmpty() ? QStringList() : revision.longDoc.split(QLatin1Char('\n'));
    for (const QString &line : lines)
        docLines << QStringLiteral("    ") + line;
    entry += QLatin1Char('\n') + docLines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    return entry;
}

} // namespace retort
