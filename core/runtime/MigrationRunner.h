// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/runtime/RunRequest.h"
#include "core/script/DatabaseUrl.h"

#include <QObject>
#include <QStringList>

#include <atomic>

namespace retort {

class ScriptDirectory;

// Runs upgrade, downgrade and stamp against a live database: takes the run
// lock, reads the version table, plans, and applies each step with its
// version-table change and history row, in the transactions the settings and
// the revisions ask for. A failure rolls back what the database allows and
// reports the revision, file:line and the database's message; the version
// table always matches what committed.
//
// run() works on the calling thread and owns its connection for the run's
// duration; progress arrives through the signals (direct connections when the
// receiver lives on the same thread). cancel() may be called from any thread,
// even before run() starts, and takes effect before the next statement; the
// next run() starts uncancelled.
class MigrationRunner : public QObject
{
    Q_OBJECT

public:
    MigrationRunner(const ScriptDirectory &scripts, RunSettings settings, QObject *parent = nullptr);

    [[nodiscard]] Result<RunResult> run(const DatabaseUrl &url, const RunRequest &request);
    void cancel() { m_cancelled = true; }

Q_SIGNALS:
    void messageLogged(const QString &message);
    void stepStarted(int number, int count, const QString &description);
    void stepFinished(int number, int count, const QString &description, qint64 milliseconds);

private:
    class Run;

    const ScriptDirectory &m_scripts;
    RunSettings m_settings;
    std::atomic_bool m_cancelled{false};
};

} // namespace retort
