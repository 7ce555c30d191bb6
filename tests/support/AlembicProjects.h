// SPDX-License-Identifier: GPL-3.0-or-later
// The Alembic projects of tests/data/alembic: each one's `commands` file (what record.sh ran with Alembic and
// what the tests run again), its recorded output, and the comparison of an output with it, blind to the
// orders Alembic itself does not keep (tests/data/alembic/README.md).
#pragma once

#include <QDir>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QVector>

#include <algorithm>

#include "tests/support/TestFiles.h"

namespace retort::testing {

struct AlembicCommand
{
    QString kind;          // run, db, hand-run or hand-db
    QString name;          // expected/<name>.txt
    QStringList arguments; // Alembic's, after `-c INI`

    bool needsDatabase() const { return kind.endsWith(QLatin1String("db")); }
    bool stamps() const { return arguments.contains(QLatin1String("stamp")); }
    // `current` prints its rows in an order that changes between runs: compared sorted.
    bool printsCurrentRows() const { return arguments.value(arguments.size() - 1) == QLatin1String("current"); }
};

struct AlembicProject
{
    QString name;
    QString path; // the project's folder under tests/data/alembic
    QString ini = QStringLiteral("alembic.ini");
    bool flask = false;
    QVector<AlembicCommand> commands;
    QString refusedFile; // relative to the project; empty unless Retort must refuse the project
    int refusedLine = 0;

    QString expectedFile(const AlembicCommand &command, const QString &suffix = QStringLiteral(".txt")) const
    {
        return path + QStringLiteral("/expected/") + command.name + suffix;
    }
};

inline QString alembicProjectsFolder()
{
    return QStringLiteral(RETORT_TEST_DATA_DIR "/alembic");
}

inline AlembicProject readAlembicProject(const QString &name)
{
    AlembicProject project;
    project.name = name;
    project.path = alembicProjectsFolder() + QLatin1Char('/') + name;
    const QStringList lines = readFile(project.path + QStringLiteral("/commands")).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (words.isEmpty() || words.first().startsWith(QLatin1Char('#')))
            continue;
        const QString &kind = words.first();
        if (kind == QLatin1String("ini")) {
            project.ini = words.value(1);
        } else if (kind == QLatin1String("flask")) {
            project.flask = true;
        } else if (kind == QLatin1String("refused")) {
            project.refusedFile = words.value(1);
            project.refusedLine = words.value(2).toInt();
        } else {
            project.commands.append({kind, words.value(1), words.mid(2)});
        }
    }
    return project;
}

// Every project that has a `commands` file, by name.
inline QVector<AlembicProject> alembicProjects()
{
    QVector<AlembicProject> projects;
    const QStringList names = QDir(alembicProjectsFolder()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : names) {
        if (QFileInfo::exists(alembicProjectsFolder() + QLatin1Char('/') + name + QStringLiteral("/commands")))
            projects.append(readAlembicProject(name));
    }
    return projects;
}

// `text` with the orders Alembic takes from sets put in one order: the items of each "(a, b)" group (several
// branch labels; dependencies too, which Alembic keeps in order, a small loss), of "Branch names:" and
// "Branches into:", and each run of "   -> child" lines under a branch point; all lines of `current`.
inline QString comparableOutput(const QString &text, const AlembicCommand &command)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    if (command.printsCurrentRows()) {
        std::sort(lines.begin(), lines.end());
        return lines.join(QLatin1Char('\n'));
    }
    static const QRegularExpression group(QStringLiteral("\\(([^()]*, [^()]*)\\)"));
    static const QRegularExpression list(QStringLiteral("^(Branch names|Branches into): (.*)$"));
    static const QRegularExpression child(QStringLiteral("^ +-> "));
    auto sortedItems = [](const QString &items) {
        QStringList parts = items.split(QStringLiteral(", "));
        parts.sort();
        return parts.join(QStringLiteral(", "));
    };
    for (QString &line : lines) {
        const QRegularExpressionMatch listMatch = list.match(line);
        if (listMatch.hasMatch()) {
            line = listMatch.captured(1) + QStringLiteral(": ") + sortedItems(listMatch.captured(2));
            continue;
        }
        QString sortedLine;
        qsizetype from = 0;
        for (QRegularExpressionMatchIterator it = group.globalMatch(line); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            sortedLine += line.mid(from, match.capturedStart() - from) + QLatin1Char('(') +
                          sortedItems(match.captured(1)) + QLatin1Char(')');
            from = match.capturedEnd();
        }
        line = sortedLine + line.mid(from);
    }
    for (auto first = lines.begin(); first != lines.end();) {
        auto last =
            std::find_if_not(first, lines.end(), [](const QString &line) { return child.match(line).hasMatch(); });
        std::sort(first, last);
        first = last == first ? last + 1 : last;
    }
    return lines.join(QLatin1Char('\n'));
}

// Empty when `actual` is `expected`; else the first line where they part, for a failure message.
inline QString firstDifference(const QString &expected, const QString &actual)
{
    const QStringList want = expected.split(QLatin1Char('\n'));
    const QStringList got = actual.split(QLatin1Char('\n'));
    for (int i = 0; i < std::max(want.size(), got.size()); ++i) {
        if (i >= want.size() || i >= got.size() || want.at(i) != got.at(i)) {
            return QStringLiteral("line %1:\n  expected: %2\n  actual:   %3\n--- whole output ---\n%4")
                .arg(i + 1)
                .arg(i < want.size() ? QLatin1Char('"') + want.at(i) + QLatin1Char('"') : QStringLiteral("(end)"),
                     i < got.size() ? QLatin1Char('"') + got.at(i) + QLatin1Char('"') : QStringLiteral("(end)"),
                     actual);
        }
    }
    return {};
}

} // namespace retort::testing
