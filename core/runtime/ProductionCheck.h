// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/DatabaseIdentity.h"
#include "core/runtime/ProductionMark.h"

#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace retort {

struct RunSettings;

// Why a database is production, strongest first.
enum class ProductionReason
{
    None,
    Configured,                  // the environment used says production = true (or its URL names one that does)
    SameAsProductionEnvironment, // another spelling of a production environment's database (same identity)
    Marked,                      // it carries the production mark
    MarkedCopy,                  // it carries a mark made on another database: a restored or cloned copy
};

// What is known about a database before a write: what it is, its mark, and whether the
// production gate applies, with why.
struct ProductionStatus
{
    DatabaseIdentity identity;
    std::optional<ProductionMark> mark;
    ProductionReason reason = ProductionReason::None;
    QString environment; // the production environment that makes it production
    QStringList notes;   // worth saying before a write (identity unknown, a comparison that could not be made)

    bool gated() const { return reason != ProductionReason::None; }
    // Production because retort.ini says so (so a gated write keeps its mark up to date).
    bool declaredByConfiguration() const
    {
        return reason == ProductionReason::Configured || reason == ProductionReason::SameAsProductionEnvironment;
    }
    // Why, in a sentence a message can carry: "it is the database of production environment 'production'".
    QString explanation() const;
    // "<confirmation name> is production: <explanation>", the start of every message of the gate.
    QString summary() const
    {
        return QStringLiteral("%1 is production: %2").arg(identity.confirmationName(), explanation());
    }
    // The mark needs writing or refreshing by a gated write: declared production and unmarked, or marked
    // on another identity (moved or restored).
    bool needsMark() const;
};

// Decides whether a write to a database must pass the production gate (DESIGN.md "Production
// safety"): by what the database is, after connecting, not by how its URL is spelt. Used by the
// command line and the workbench before asking, and by MigrationRunner itself before writing.
class ProductionCheck
{
public:
    // Through an open connection to `url`.
    [[nodiscard]] static Result<ProductionStatus> assess(const QSqlDatabase &db, const DatabaseUrl &url,
                                                         const RunSettings &settings);
    // Through a read-only connection of its own (a missing SQLite file is not created).
    [[nodiscard]] static Result<ProductionStatus> assess(const DatabaseUrl &url, const RunSettings &settings);

    // Seconds to wait for a production environment's server when comparing identities.
    static constexpr int kCompareTimeoutSeconds = 3;
};

} // namespace retort
