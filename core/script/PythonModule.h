// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/PythonExpression.h"
#include "core/script/PythonTokens.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <memory>
#include <optional>

namespace retort {

// How the reader reaches other files: the module files an import names, and whether a path
// exists. Tests and the fuzzer give their own; disk() reads the file system.
struct PythonFiles
{
    std::function<std::optional<QString>(const QString &path)> read; // a .py file's text
    std::function<bool(const QString &path)> exists;                 // a file or folder
    static PythonFiles disk();
    static PythonFiles none();
};

// A module's top-level names evaluated statically, in order, as Python would bind them at import:
// assignments (annotated or not, chained, `+=` on strings and tuples), imports (followed to a file
// under the project root only when a value is asked for), and names set inside if/try/for/with
// blocks, which become unknown because only running the module could tell.
class PythonModule
{
public:
    struct Binding
    {
        PythonValue value;
        // An import not followed yet: the module's dotted name (".x" relative) and the name taken from it.
        QString importModule;
        QString importName;   // empty: the module itself
        int setInBlockAt = 0; // set inside the if/try/for/while/with statement starting at this line
    };

    // Reads `source` (the file at `path`). `depth` bounds how far imports are followed.
    PythonModule(const PythonSource &source, const QString &path, const PythonFiles &files, int depth = 0);

    // The value `name` has once the module has run to its end.
    PythonValue value(const QString &name);
    // The line of the last top-level statement that bound `name`; 0 when none did.
    int boundAt(const QString &name) const;
    // Other files whose contents the values read so far came from.
    const QSet<QString> &filesRead() const { return m_filesRead; }

    // Evaluates tokens [begin, end) of the source as an expression with the names bound so far.
    PythonValue evaluate(qsizetype begin, qsizetype end, int line);

    // Where a module would be found from a file in `folder` ("a.b" or, relative, "..a"): the file
    // (or package folder), searching `folder` and its parents up to the first that holds a project
    // marker (.git, pyproject.toml, setup.py, setup.cfg). Empty when no such file exists.
    static QString findModule(const QString &dottedName, const QString &folder, const PythonFiles &files);

private:
    void run();
    void findNamesSetAtRunTime();
    void noteDynamicNames(const PythonLogicalLine &logical);
    void bindStatement(qsizetype begin, qsizetype end, int line);
    void bindImport(qsizetype begin, qsizetype end, int line);
    void markSetInBlock(const PythonLogicalLine &logical, const QString &block, int blockLine);
    PythonValue resolve(Binding &binding, int line);
    PythonValue attribute(const PythonValue &module, const QString &name, int line);
    PythonValue constantOf(const QString &moduleFile, const QString &name, int line);

    const PythonSource &m_source;
    QString m_path;
    QString m_folder;
    const PythonFiles &m_files;
    int m_depth = 0;
    QHash<QString, Binding> m_names;
    QHash<QString, int> m_boundAt;
    QSet<QString> m_filesRead;
    QHash<QString, int> m_globalAt; // names a function declares global, and where
    int m_dynamicNamesAt = 0;       // the line of a globals()/vars()/exec()/setattr() call; 0: none
};

} // namespace retort
