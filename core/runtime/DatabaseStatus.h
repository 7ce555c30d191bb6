// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/DatabaseUrl.h"

#include <QString>
#include <QStringList>

namespace retort {

class ProjectConfig;
class ScriptDirectory;

// What `status` says of a database, in the order that decides it when several apply: a database that
// cannot be reached says nothing else; one with no revision applied is not adopted; a revision no file
// defines, a run left part way and applied files edited since they ran each need a person before
// pending revisions do.
enum class StatusVerdict
{
    Unreachable,     // cannot connect
    NotAdopted,      // no version table, or an empty one (a SQLite file that does not exist)
    UnknownRevision, // the version table names a revision no file defines
    Interrupted,     // a run left a revision part way; a stamp must settle it
    Drifted,         // applied revision files edited or removed since they ran
    Pending,         // revisions to apply before the database is at the heads
    AtHeads,         // at the heads, nothing drifted
};

// One database against its project, read only.
struct DatabaseStatus
{
    StatusVerdict verdict = StatusVerdict::AtHeads;
    QStringList rows;        // the version table
    QStringList heads;       // the project's
    int pending = 0;         // revisions an upgrade to heads would run
    Dialect dialect = Dialect::SQLite; // the database's
    QStringList noSection;   // of those, the ones with no upgrade section for the database's dialect: upgrade refuses
    int drifted = 0;         // applied revisions edited or missing (verify)
    QStringList edited;      // their ids: the edited ones
    QStringList missing;     // and those whose file is gone (rows no file defines are in unknownRows instead)
    QStringList unknownRows; // rows no file defines
    QString problem;         // why it is unreachable, or the interrupted run, in one line

    static DatabaseStatus read(const ScriptDirectory &scripts, const ProjectConfig &config, const DatabaseUrl &url);
};

} // namespace retort
