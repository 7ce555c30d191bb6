// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The generated project the benchmarks load: a long main line with feature branches that fork off
// and merge back, depends_on across branches, a few branch labels. Deterministic (fixed seed), so
// every benchmark program and every run sees the same graph. Header-only; used by
// graph_benchmark.cpp and gui_benchmark.cpp.
#include "core/script/ScriptDirectory.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QStringList>
#include <QTextStream>
#include <QVector>

namespace retort::bench {

struct GeneratedRevision
{
    QString id;
    QString message;
    QStringList downRevisions;
    QStringList dependsOn;
    QStringList branchLabels;
    bool merge = false;
};

struct Shape
{
    int branches = 0;
    int merges = 0;
    int labels = 0;
    int dependencies = 0;
};

class ProjectGenerator
{
public:
    // `branchy`: feature branches, merges, labels and depends_on (below); otherwise one straight line.
    explicit ProjectGenerator(int revisions, bool branchy = true)
        : m_target(revisions), m_branchy(branchy), m_random(20251016)
    {
    }

    QVector<GeneratedRevision> generate();
    const Shape &shape() const { return m_shape; }

private:
    struct Feature
    {
        int number = 0;
        QString tip;
        int remaining = 0;
        QString label;
    };

    QString newId();
    QString add(GeneratedRevision revision);
    int below(int bound) { return int(m_random.bounded(bound)); }

    int m_target;
    bool m_branchy;
    QRandomGenerator m_random;
    QSet<QString> m_ids;
    QVector<GeneratedRevision> m_revisions;
    QStringList m_labels;
    Shape m_shape;
};

inline QString ProjectGenerator::newId()
{
    for (;;) {
        const QString id =
            QStringLiteral("%1").arg(m_random.generate64() & 0xFFFFFFFFFFFFull, 12, 16, QLatin1Char('0'));
        if (!m_ids.contains(id)) {
            m_ids.insert(id);
            return id;
        }
    }
}

inline QString ProjectGenerator::add(GeneratedRevision revision)
{
    revision.id = newId();
    m_shape.dependencies += int(revision.dependsOn.size());
    m_revisions.append(revision);
    return revision.id;
}

// Every ~50 revisions a feature branch forks off the main line; it grows alongside the main line
// (usually two or three are open at once) and merges back after 10-40 revisions of its own. One in eight
// branches carries a label; about 4% of revisions depend on a revision of another branch.
inline QVector<GeneratedRevision> ProjectGenerator::generate()
{
    m_revisions.reserve(m_target);
    QString mainTip = add({QString(), QStringLiteral("initial schema"), {}, {}, {}, false});
    QVector<Feature> open;
    int sinceFork = 0;
    while (m_revisions.size() < m_target) {
        const int n = int(m_revisions.size());
        if (m_branchy && ++sinceFork >= 50) {
            sinceFork = 0;
            Feature feature;
            feature.number = ++m_shape.branches;
            feature.tip = mainTip;
            feature.remaining = 10 + below(31);
            if (feature.number % 8 == 0) {
                feature.label = QStringLiteral("feature_%1").arg(feature.number);
                ++m_shape.labels;
            }
            open.append(feature);
        }
        if (!open.isEmpty() && below(100) < 60) {
            const int which = below(int(open.size()));
            Feature &feature = open[which];
            if (feature.remaining == 0) {
                GeneratedRevision merge{
                    QString(), QStringLiteral("merge feature %1").arg(feature.number), {mainTip, feature.tip}, {}, {},
                    true};
                mainTip = add(merge);
                ++m_shape.merges;
                open.removeAt(which);
                continue;
            }
            GeneratedRevision revision{QString(),
                                       QStringLiteral("feature %1: add table t_%2").arg(feature.number).arg(n),
                                       {feature.tip},
                                       {},
                                       {},
                                       false};
            if (feature.tip != mainTip && below(100) < 4)
                revision.dependsOn << mainTip; // needs something the main line added since the fork
            if (!feature.label.isEmpty() && !m_labels.contains(feature.label)) {
                revision.branchLabels << feature.label; // the branch's first revision carries its label
                m_labels << feature.label;
            }
            feature.tip = add(revision);
            --feature.remaining;
            continue;
        }
        GeneratedRevision revision{QString(), QStringLiteral("add table t_%1").arg(n), {mainTip}, {}, {}, false};
        if (!open.isEmpty() && below(100) < 3) {
            const Feature &feature = open[below(int(open.size()))];
            if (feature.tip != mainTip)
                revision.dependsOn << feature.tip; // needs work that is not merged yet
        }
        if (!m_labels.isEmpty() && below(1000) < 5)
            revision.dependsOn << m_labels[below(int(m_labels.size()))]; // by label
        mainTip = add(revision);
    }
    return m_revisions;
}

// What each revision does: create a table with an index and a row (merges do nothing); and undo it.
inline QStringList upgradeStatements(const GeneratedRevision &revision, int number)
{
    if (revision.merge)
        return {};
    const QString table = QStringLiteral("t_%1").arg(number);
    return {QStringLiteral("CREATE TABLE %1 (\n"
                           "    id INTEGER PRIMARY KEY,\n"
                           "    name TEXT NOT NULL, -- shown in lists; not unique\n"
                           "    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n"
                           ")")
                .arg(table),
            QStringLiteral("CREATE INDEX ix_%1_name ON %1 (name)").arg(table),
            QStringLiteral("INSERT INTO %1 (id, name) VALUES (1, 'it''s; not a split')").arg(table)};
}

inline QStringList downgradeStatements(const GeneratedRevision &revision, int number)
{
    if (revision.merge)
        return {};
    return {QStringLiteral("DROP INDEX ix_t_%1_name").arg(number), QStringLiteral("DROP TABLE t_%1").arg(number)};
}

inline QString fileText(const GeneratedRevision &revision, int number, const QDateTime &created)
{
    QString text;
    QTextStream stream(&text);
    stream << "-- " << revision.message << "\n--\n"
           << "-- Revision ID: " << revision.id << '\n'
           << "-- Revises: " << revision.downRevisions.join(QStringLiteral(", ")) << '\n'
           << "-- Create Date: " << created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000")) << '\n';
    if (!revision.branchLabels.isEmpty())
        stream << "-- Branch Labels: " << revision.branchLabels.join(QStringLiteral(", ")) << '\n';
    if (!revision.dependsOn.isEmpty())
        stream << "-- Depends On: " << revision.dependsOn.join(QStringLiteral(", ")) << '\n';
    stream << "-- Transactional: true\n\n-- migrate:upgrade\n";
    for (const QString &statement : upgradeStatements(revision, number))
        stream << statement << ";\n";
    stream << "\n-- migrate:downgrade\n";
    for (const QString &statement : downgradeStatements(revision, number))
        stream << statement << ";\n";
    return text;
}

// The same revision as an Alembic script: the same statements through op.execute().
inline QString alembicFileText(const GeneratedRevision &revision, int number, const QDateTime &created)
{
    const auto tuple = [](const QStringList &items) {
        if (items.isEmpty())
            return QStringLiteral("None");
        if (items.size() == 1)
            return QStringLiteral("'%1'").arg(items.first());
        return QStringLiteral("('%1')").arg(items.join(QStringLiteral("', '")));
    };
    const auto body = [](const QStringList &statements) {
        QString text;
        for (const QString &statement : statements)
            text += QStringLiteral("    op.execute(\"\"\"%1\"\"\")\n").arg(statement);
        return text.isEmpty() ? QStringLiteral("    pass\n") : text;
    };
    QString text;
    QTextStream stream(&text);
    stream << "\"\"\"" << revision.message << "\n\nRevision ID: " << revision.id
           << "\nRevises: " << revision.downRevisions.join(QStringLiteral(", "))
           << "\nCreate Date: " << created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000")) << "\n\n\"\"\"\n"
           << "from alembic import op\n\n"
           << "revision = '" << revision.id << "'\n"
           << "down_revision = " << tuple(revision.downRevisions) << '\n'
           << "branch_labels = "
           << (revision.branchLabels.isEmpty()
                   ? QStringLiteral("None")
                   : QStringLiteral("('%1',)").arg(revision.branchLabels.join(QStringLiteral("', '"))))
           << '\n'
           << "depends_on = "
           << (revision.dependsOn.isEmpty()
                   ? QStringLiteral("None")
                   : QStringLiteral("('%1',)").arg(revision.dependsOn.join(QStringLiteral("', '"))))
           << "\n\n\n"
           << "def upgrade():\n"
           << body(upgradeStatements(revision, number)) << "\n\n"
           << "def downgrade():\n"
           << body(downgradeStatements(revision, number));
    return text;
}

enum class Format
{
    Retort,
    Alembic
};

// Writes one file per revision into `versions` (.sql for Retort, .py for Alembic); returns an
// error message, empty on success.
inline QString writeProject(const QString &versions, const QVector<GeneratedRevision> &revisions,
                            Format format = Format::Retort)
{
    const QDateTime start(QDate(2024, 1, 1), QTime(9, 0));
    for (int i = 0; i < revisions.size(); ++i) {
        const GeneratedRevision &revision = revisions[i];
        const QDateTime created = start.addSecs(qint64(i) * 3600);
        const bool retort = format == Format::Retort;
        const QString path = QDir(versions).filePath(revision.id + QLatin1Char('_') +
                                                     ScriptDirectory::slugFor(revision.message).replace(u'-', u'_') +
                                                     (retort ? QStringLiteral(".sql") : QStringLiteral(".py")));
        QFile file(path);
        const QString text = retort ? fileText(revision, i, created) : alembicFileText(revision, i, created);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0)
            return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    }
    return QString();
}

} // namespace retort::bench
