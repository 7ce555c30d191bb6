// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/DriftCheck.h"
#include "core/runtime/HistoryRecord.h"
#include "core/script/DatabaseUrl.h"

#include <QHash>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace retort {

class ProjectConfig;
class ScriptDirectory;

// What a connected command read of its database, for the guidance about it.
struct DatabaseFacts
{
    QString database;     // as it may be shown, password masked
    QStringList rows;     // the version table's
    QString historyTable; // qualified; empty when the project keeps no history
    // The latest successful row of each row no file defines, as the history table recorded it (DriftCheck's
    // reading); a row the table says nothing of is absent. Only when historyRead: commands that read rows
    // without the graph do not look.
    QHash<QString, RecordedRevision> recorded;
    bool historyRead = false;
};

// Ways out of the errors people meet most, told from what Retort knows beyond Alembic's words: the project's
// retort.ini and version folders, its graph and, for a connected command, the database's rows and history.
// Hints come after an error's message and never change it. Pure, apart from listing the version folders.
class Guidance
{
public:
    // `command` is the retort command that met the error ("upgrade", …); `retort` how the person started
    // retort ("retort -e production"), so the commands suggested reach the same project and database.
    Guidance(const ProjectConfig &config, const ScriptDirectory *scripts, QString command,
             QString retort = QStringLiteral("retort"));
    void setDatabase(DatabaseFacts facts) { m_database = std::move(facts); }

    [[nodiscard]] QVector<Hint> hintsFor(const Error &error) const;
    // `upgrade --sql` with no START: where the script starts, and how to start it where the database is.
    [[nodiscard]] QVector<Hint> offlineFromBase(const QString &target) const;

    // What the history table (`table` in `schema`) recorded last of each of `revisions`, on the thread that
    // owns `db` (DriftCheck::read); a missing table records nothing, and no revisions reads nothing.
    [[nodiscard]] static Result<QHash<QString, RecordedRevision>> readRecorded(const QSqlDatabase &db, Dialect dialect,
                                                                               const QString &table,
                                                                               const QString &schema,
                                                                               const QStringList &revisions);

private:
    QVector<Hint> unknownRevision(const QString &identifier) const;
    QVector<Hint> databaseAtUnknownRevision(const QString &revision) const;
    QVector<Hint> versionFolders() const;
    QVector<Hint> multipleHeads(const QStringList &heads) const;
    QVector<Hint> ambiguousWalk(const QString &from, const QStringList &reached) const;
    QVector<Hint> missingFolders() const;
    // "id (labels) 'message'" for a revision the map defines, else the id.
    QString describe(const QString &id) const;
    // A folder as the person can type it: relative to the working directory when inside it.
    static QString shown(const QString &path);

    const ProjectConfig &m_config;
    const ScriptDirectory *m_scripts;
    QString m_command;
    QString m_retort;
    std::optional<DatabaseFacts> m_database;
};

} // namespace retort
