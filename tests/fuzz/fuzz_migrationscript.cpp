// SPDX-License-Identifier: GPL-3.0-or-later
// The migration file parser (header, sections, statements) on arbitrary text.
#include "core/script/MigrationScript.h"
#include "core/script/ScriptDirectory.h"

#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto script =
        retort::MigrationScriptParser::parse(QStringLiteral("/fuzz/versions/x.sql"), retort::fuzz::text(data, size));
    if (script.ok()) {
        // What a parsed file goes on to: its graph node, and a graph of one.
        const retort::Revision revision = retort::ScriptDirectory::revisionOf(script.value());
        (void)retort::RevisionMap::build({revision});
        // The section each database would run, or why it has none.
        for (const retort::Dialect dialect :
             {retort::Dialect::SQLite, retort::Dialect::PostgreSQL, retort::Dialect::MySQL}) {
            for (const bool upgrade : {true, false}) {
                (void)script->section(upgrade, dialect).statements.size();
                (void)script->sectionError(upgrade, dialect);
            }
        }
    }
    return 0;
}
