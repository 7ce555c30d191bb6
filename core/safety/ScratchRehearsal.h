// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/RunRequest.h"
#include "core/safety/DatabaseBackup.h"
#include "core/script/DatabaseUrl.h"

#include <functional>

namespace retort {

class ScriptDirectory;

// What to rehearse on a scratch copy, and from which backup.
struct ScratchRehearsalRequest
{
    DatabaseUrl url;       // the database the run is for
    RunRequest request;    // the run, as it will be asked (not a rehearsal itself)
    RunSettings settings;  // the environment's
    BackupSettings backup; // the tools; where a backup taken for the rehearsal goes is a temporary folder
    // The gate's verified backup; empty: one is taken for the rehearsal (and verified), then removed.
    QString backupPath;
};

// A rehearsal for runs a transaction cannot take back: Alembic commits in its own process, so rolling back
// proves nothing. The verified backup is restored into a scratch database beside the real one (another
// SQLite file in a temporary folder; a new PostgreSQL database on the same server), the run goes there
// through the same runner (an Alembic plan through the project's Alembic, whose env.py must then prove it
// reaches the scratch database, or nothing runs), and the scratch database is dropped. Nothing touches the
// real database but the backup's reads. MySQL/MariaDB are refused: Alembic's MySQL drivers are not tested.
class ScratchRehearsal
{
public:
    using Progress = std::function<void(const QString &message)>;

    // The run's result on the scratch database; RunResult::rehearsalOutcome() says it in words.
    [[nodiscard]] static Result<RunResult> run(const ScriptDirectory &scripts, const ScratchRehearsalRequest &request,
                                               const Progress &progress);
};

} // namespace retort
