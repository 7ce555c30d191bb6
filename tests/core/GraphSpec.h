// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/revision/RevisionMap.h"

#include <QStringList>

// Builds revision graphs for tests from a compact text:
//   "a; b <- a; c <- a [left]; d <- b, c; e (dep c)"
// Entries are separated by ';', "<-" lists the down revisions, "[x, y]" the
// branch labels and "(dep x, y)" the dependencies. Files are "versions/<id>.sql".
inline QVector<retort::Revision> parseGraphSpec(const QString &spec)
{
    QVector<retort::Revision> revisions;
    const QStringList entries = spec.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (QString entry : entries) {
        retort::Revision revision;
        const int depStart = entry.indexOf(QLatin1String("(dep "));
        if (depStart >= 0) {
            const int depEnd = entry.indexOf(QLatin1Char(')'), depStart);
            for (const QString &dep : entry.mid(depStart + 5, depEnd - depStart - 5).split(QLatin1Char(',')))
                revision.dependencies << dep.trimmed();
            entry.remove(depStart, depEnd - depStart + 1);
        }
        const int labelStart = entry.indexOf(QLatin1Char('['));
        if (labelStart >= 0) {
            const int labelEnd = entry.indexOf(QLatin1Char(']'), labelStart);
            for (const QString &label : entry.mid(labelStart + 1, labelEnd - labelStart - 1).split(QLatin1Char(',')))
                revision.ownBranchLabels << label.trimmed();
            entry.remove(labelStart, labelEnd - labelStart + 1);
        }
        const QStringList sides = entry.split(QLatin1String("<-"));
        revision.id = sides.first().trimmed();
        if (sides.size() > 1) {
            for (const QString &down : sides[1].split(QLatin1Char(',')))
                revision.downRevisions << down.trimmed();
        }
        revision.path = QStringLiteral("versions/%1.sql").arg(revision.id);
        revision.doc = QStringLiteral("message of %1").arg(revision.id);
        revision.longDoc = revision.doc;
        revisions << revision;
    }
    return revisions;
}

// The graphs ALEMBIC_NOTES.md names, plus a few more shapes.
namespace graphs {
inline const char *linear = "a; b <- a; c <- b; d <- c; e <- d";
inline const char *diamond = "a; b <- a; c <- a; d <- b, c";
inline const char *forest = "a1; a2; b1 <- a1; b2 <- a2";
inline const char *labelled = "a; b <- a; c1 <- b [left]; c2 <- b [right]; d1 <- c1; d2 <- c2";
inline const char *dependsAcross = "a1; a2 <- a1; b1; b2 <- b1 (dep a2)";
inline const char *mergeOfThree = "a; b1 <- a; b2 <- a; b3 <- a; c <- b1, b2, b3";
inline const char *dependsThenMerge = "a1; b1 (dep a1); bm <- a1, b1";
} // namespace graphs
