// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/SqlStatement.h"

#include <QString>
#include <QVector>

namespace retort {

struct MigrationScript;

// What one upgrade() or downgrade() of an Alembic revision would run, as far as can be known without a
// database: the SQL of an exact body (empty, or literal op.execute strings) as it is, or what the
// project's own Alembic rendered offline for the target dialect.
struct RenderedSection
{
    enum class Label
    {
        Exact,          // empty or literal SQL: read from the file, no Python ran
        Rendered,       // the project's Alembic rendered it offline
        NeedsDatabase,  // it reads the database (op.get_bind() at `line`), so offline SQL cannot say
        RefusesOffline, // it raises in offline mode (--sql) on purpose or because Alembic cannot
        ImportError,    // loading the file failed to import `module`
        Error,          // anything else raised; `message` says what
        NotRendered,    // no Python to render it with (RenderReport::unavailable says why)
    };

    QString revision;
    bool upgrade = true;
    Label label = Label::NotRendered;
    QString sql;                 // rendered or exact; what was rendered before a failure otherwise
    SqlStatementList statements; // `sql` split; empty unless complete()
    QString file;
    int line = 0;       // the place the label is about (get_bind(), the raise, the import)
    int failedLine = 0; // NeedsDatabase: where the revision failed after asking for the connection
    // Rendered: where it asked whether it runs offline (context.is_offline_mode()), so online it may do otherwise.
    int offlineCheckLine = 0;
    QString module; // ImportError: the module the interpreter lacks
    QString message;

    // The SQL is the whole of what the revision runs (Exact or Rendered).
    bool complete() const { return label == Label::Exact || label == Label::Rendered; }
    // One line for people: "rendered offline by Alembic 1.8.1 for postgresql",
    // "needs a live database: op.get_bind() at line 22 (offline SQL cannot show it)", ...
    QString describe() const;
    static QString labelName(Label label); // "exact", "rendered", "needs_database", ... (JSON)
};

// The sections of a plan's revision steps, in plan order.
struct RenderReport
{
    QVector<RenderedSection> sections;
    // Why nothing Python could be rendered (no interpreter, no Alembic, the ini unreadable), with what
    // still works; empty when the helper ran.
    QString unavailable;
    QString renderer; // "Alembic 1.8.1 (Python 3.11.2, /usr/bin/python3)" when the helper ran

    const RenderedSection *find(const QString &revision, bool upgrade) const;
};

// `script` with the `upgrade` (or downgrade) section's statements replaced by `rendered`'s complete SQL, for
// reading it as SQL (lint, tables, risks); the statements point at the function's line, since the SQL has no
// line of its own in the file. The script as it is when `rendered` is not complete.
MigrationScript scriptAsRendered(const MigrationScript &script, bool upgrade, const RenderedSection &rendered);

} // namespace retort
