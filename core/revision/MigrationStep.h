// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

// One step of a run: a revision's upgrade or downgrade section, or a stamp
// movement of the version table (Alembic's RevisionStep / StampStep).
struct MigrationStep
{
    enum class Kind
    {
        Revision,
        Stamp
    };

    Kind kind = Kind::Revision;
    bool isUpgrade = true;
    int revision = -1; // index in the RevisionMap, for Kind::Revision
    // For Kind::Stamp: the rows moved from and to (empty = base), and whether
    // the step creates or deletes a whole branch row.
    QStringList stampFrom;
    QStringList stampTo;
    bool branchMove = false;

    bool operator==(const MigrationStep &other) const
    {
        return kind == other.kind && isUpgrade == other.isUpgrade && revision == other.revision &&
               stampFrom == other.stampFrom && stampTo == other.stampTo && branchMove == other.branchMove;
    }
    bool operator!=(const MigrationStep &other) const { return !(*this == other); }
};

// A change of one version-table row.
struct VersionChange
{
    enum class Kind
    {
        Insert,
        Update,
        Delete
    };

    Kind kind = Kind::Insert;
    QString from; // Update, Delete
    QString to;   // Insert, Update

    bool operator==(const VersionChange &other) const
    {
        return kind == other.kind && from == other.from && to == other.to;
    }

    // How a plan shows it: "INSERT b", "UPDATE a -> b", "DELETE a".
    QString describe() const
    {
        switch (kind) {
        case Kind::Insert:
            return QStringLiteral("INSERT %1").arg(to);
        case Kind::Update:
            return QStringLiteral("UPDATE %1 -> %2").arg(from, to);
        case Kind::Delete:
            break;
        }
        return QStringLiteral("DELETE %1").arg(from);
    }
};

// A step together with the version-table changes it makes.
struct PlannedStep
{
    MigrationStep step;
    QVector<VersionChange> changes;
    QStringList rowsAfter; // the version table after the step, in row order
};

} // namespace retort
