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

// What each revision does: create a table with an index and a row (merges do nothing); and undo it. (The
// workload of items 1-7 stays what earlier reports measured.)

inline QStringList upgradeStatements(const GeneratedRevision &revision, int number)
{
    if (revision.merge)
        return {};
    const QString table = QStringLiteral("t_%1").arg(number);
    QStringList statements{QStringLiteral("CREATE TABLE %1 (\n"
                                          "    id INTEGER PRIMARY KEY,\n"
                                          "    name TEXT NOT NULL, -- shown in lists; not unique\n"
                                          "    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n"
                                          ")")
                               .arg(table),
                           QStringLiteral("CREATE INDEX ix_%1_name ON %1 (name)").arg(table)};
    statements << QStringLiteral("INSERT INTO %1 (id, name) VALUES (1, 'it''s; not a split')").arg(table);
    return statements;
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

// The same revision as an Alembic script, laid out as Alembic 1.16's generic template writes it (typed
// header fields, docstrings in the functions). Two revisions in three do the work as autogenerate writes
// it (op.create_table, op.create_index; the row through op.execute); the third as literal
// SQL through op.execute(), which Retort can run itself. Either way the database sees the statements of
// upgradeStatements() and downgradeStatements(), so Alembic and Retort do the same work.
inline QString alembicFileText(const GeneratedRevision &revision, int number, const QDateTime &created)
{
    const auto repr = [](const QStringList &items, bool tuple) {
        if (items.isEmpty())
            return QStringLiteral("None");
        if (items.size() == 1 && !tuple)
            return QStringLiteral("'%1'").arg(items.first());
        return QStringLiteral("('%1'%2)")
            .arg(items.join(QStringLiteral("', '")), items.size() == 1 ? QStringLiteral(",") : QString());
    };
    const QString table = QStringLiteral("t_%1").arg(number);
    QString upgrade;
    QString downgrade;
    if (revision.merge) {
        upgrade = QStringLiteral("    pass\n");
        downgrade = QStringLiteral("    pass\n");
    } else if (number % 3 == 0) {
        const QStringList statements = upgradeStatements(revision, number);
        upgrade = QStringLiteral("    op.execute(\n        \"\"\"\n        %1\n        \"\"\"\n    )\n")
                      .arg(QString(statements.first()).replace(u'\n', QStringLiteral("\n        ")));
        for (qsizetype i = 1; i < statements.size(); ++i)
            upgrade += QStringLiteral("    op.execute(\"%1\")\n").arg(statements[i]);
        for (const QString &statement : downgradeStatements(revision, number))
            downgrade += QStringLiteral("    op.execute(\"%1\")\n").arg(statement);
    } else {
        upgrade =
            QStringLiteral("    # ### commands auto generated by Alembic - please adjust! ###\n"
                           "    op.create_table(\n"
                           "        \"%1\",\n"
                           "        sa.Column(\"id\", sa.Integer(), autoincrement=False, nullable=False),\n"
                           "        sa.Column(\"name\", sa.Text(), nullable=False),  # shown in lists; not unique\n"
                           "        sa.Column(\n"
                           "            \"created_at\",\n"
                           "            sa.TIMESTAMP(),\n"
                           "            server_default=sa.text(\"CURRENT_TIMESTAMP\"),\n"
                           "            nullable=True,\n"
                           "        ),\n"
                           "        sa.PrimaryKeyConstraint(\"id\"),\n"
                           "    )\n"
                           "    op.create_index(op.f(\"ix_%1_name\"), \"%1\", [\"name\"], unique=False)\n")
                .arg(table);
        upgrade += QStringLiteral("    # ### end Alembic commands ###\n"
                                  "    op.execute(\"INSERT INTO %1 (id, name) VALUES (1, 'it''s; not a split')\")\n")
                       .arg(table);
        downgrade = QStringLiteral("    # ### commands auto generated by Alembic - please adjust! ###\n"
                                   "    op.drop_index(op.f(\"ix_%1_name\"), table_name=\"%1\")\n"
                                   "    op.drop_table(\"%1\")\n"
                                   "    # ### end Alembic commands ###\n")
                        .arg(table);
    }
    QString text;
    QTextStream stream(&text);
    stream << "\"\"\"" << revision.message << "\n\nRevision ID: " << revision.id
           << "\nRevises: " << revision.downRevisions.join(QStringLiteral(", "))
           << "\nCreate Date: " << created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000")) << "\n\n\"\"\"\n"
           << "from typing import Sequence, Union\n\n"
           << "from alembic import op\n"
           << "import sqlalchemy as sa\n\n\n"
           << "# revision identifiers, used by Alembic.\n"
           << "revision: str = '" << revision.id << "'\n"
           << "down_revision: Union[str, Sequence[str], None] = " << repr(revision.downRevisions, false) << '\n'
           << "branch_labels: Union[str, Sequence[str], None] = " << repr(revision.branchLabels, true) << '\n'
           << "depends_on: Union[str, Sequence[str], None] = " << repr(revision.dependsOn, true) << "\n\n\n"
           << "def upgrade() -> None:\n"
           << "    \"\"\"Upgrade schema.\"\"\"\n"
           << upgrade << "\n\n"
           << "def downgrade() -> None:\n"
           << "    \"\"\"Downgrade schema.\"\"\"\n"
           << downgrade;
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
