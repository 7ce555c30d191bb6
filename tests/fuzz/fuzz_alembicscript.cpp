// SPDX-License-Identifier: GPL-3.0-or-later
// The static reader of Alembic .py revision files on arbitrary text. A NUL byte splits the input:
// what follows it is the project's module m.py, which the revision may import constants from, so
// the import-following evaluator is fuzzed too.
#include "core/script/AlembicScript.h"
#include "core/script/ScriptDirectory.h"

#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString input = retort::fuzz::text(data, size);
    const qsizetype split = input.indexOf(QChar(0));
    const QString revisionText = split < 0 ? input : input.left(split);
    const QString moduleText = split < 0 ? QString() : input.mid(split + 1);
    retort::PythonFiles files;
    files.exists = [](const QString &path) {
        return path == QLatin1String("/fuzz/m.py") || path == QLatin1String("/fuzz/pyproject.toml") ||
               path == QLatin1String("/fuzz/pkg") || path == QLatin1String("/fuzz/pkg/__init__.py");
    };
    files.read = [&moduleText](const QString &) { return std::optional<QString>(moduleText); };
    const auto script =
        retort::AlembicScriptReader::parse(QStringLiteral("/fuzz/versions/x_fuzz.py"), revisionText, files);
    if (script.ok()) {
        const retort::Revision revision = retort::ScriptDirectory::revisionOf(script.value());
        (void)retort::RevisionMap::build({revision});
    }
    return 0;
}
