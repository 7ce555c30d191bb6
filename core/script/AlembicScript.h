// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/script/MigrationScript.h"
#include "core/script/PythonModule.h"

#include <QString>

namespace retort {

// Reads an Alembic revision module (versions/<rev>_<slug>.py) without running any Python: the header
// fields (revision, down_revision, branch_labels, depends_on) evaluated as literals, following an
// imported constant to a file under the project root; the message Alembic shows (the first paragraph
// of the true module docstring, which a string placed after the imports is not); Create Date; and what
// upgrade() and downgrade() are (empty, literal op.execute SQL, other Python, or missing).
//
// A header field only running the module could tell (a call, a value set inside a block, a constant
// of an installed package) is refused with the file, the line and why, as Alembic itself would fail
// without the application's requirements.
class AlembicScriptReader
{
public:
    // `checksum`: the sections' checksum when the caller has it (the file's digest); computed from
    // `text` when empty.
    [[nodiscard]] static Result<MigrationScript> parse(const QString &path, const QString &text,
                                                       const PythonFiles &files = PythonFiles::disk(),
                                                       const QString &checksum = QString());
    // Whether a file name is an Alembic revision module: *.py, not starting with ".#" or "__init__".
    static bool isRevisionModuleName(QStringView fileName);
};

// What an Alembic revision's function is, for plans and refusals: "upgrade() is empty", "downgrade() is
// literal SQL", "upgrade() is Python", "the file has no downgrade()".
QString describeAlembicBody(const MigrationSection &section, bool upgrade);
// The body kind as JSON spells it: sql, empty, literal_sql, python, missing.
QString bodyKindName(SectionBody body);

} // namespace retort
