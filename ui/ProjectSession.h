// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/runtime/ProductionCheck.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptDirectory.h"
#include "ui/DatabaseReader.h"
#include "ui/details/RevisionRunEntry.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QFileSystemWatcher;
class QTimer;

namespace retort::ui {

// The open project: its retort.ini, its migration files, the selected environment and the
// database it resolves to, and that database's version-table rows.
//
// Lives on the GUI thread; every public function must be called there and every signal is
// emitted there. Files are parsed on the calling thread (they are small); the database is read
// by DatabaseReaders on threads nobody waits for, so no call here (nor the destructor) waits on a
// database. Changes to retort.ini, the version folders or a revision file's bytes reload the project
// (debounced, 300 ms).
class ProjectSession : public QObject
{
    Q_OBJECT

public:
    explicit ProjectSession(QObject *parent = nullptr);

    // Loads a project as ProjectConfig::load does, so the window follows the CLI's rules: a retort.ini, an
    // alembic.ini read from `section` (the CLI's -n), or a folder (its retort.ini, else its alembic.ini,
    // else a bare versions folder); then its scripts. Emits projectLoaded or projectFailed, then reads the
    // rows of the default environment. False when the project could not be loaded.
    bool open(const QString &path, const QString &section = ProjectConfig::kDefaultAlembicSection);
    // Loads the same project again, keeping the environment when it still exists.
    bool reload();
    void close();

    bool isLoaded() const { return m_config.has_value() && m_scripts != nullptr; }
    // The project file once loaded (a folder opened becomes the retort.ini or alembic.ini found in it; a
    // bare versions folder stays the folder); before that, or when it failed, the path given to open().
    QString iniPath() const { return m_iniPath; }
    // The alembic.ini section read (the CLI's -n); meaningful when the project takes an alembic.ini.
    QString alembicSection() const { return m_section; }
    // The folder the project's relative paths are shown from: the ini's folder, or a bare versions folder.
    QString projectDir() const;
    // What kind of project it is, beside its folder's name: "alembic.ini [alembic]" (an Alembic project and
    // the section read), "Alembic versions folder", "retort.ini → alembic.ini [alembic]" (a retort.ini taking
    // its folders from one); empty for a plain retort.ini, or when nothing is loaded.
    QString projectLabel() const;
    const ProjectConfig &config() const { return *m_config; } // isLoaded() only
    // The current snapshot (isLoaded() only). A reference is good until the next load: hold
    // sharedScripts() instead across anything that may reload (saving edits, a dialog's event loop).
    const ScriptDirectory &scripts() const { return *m_scripts; }
    // Writes a new revision file of the project's kind: a .py in an Alembic project (its file_template and
    // script.py.mako), else .sql. `note` gets what the user should hear (a template Retort cannot fill in).
    [[nodiscard]] Result<QString> createRevision(ScriptDirectory::NewRevision request, QString *note) const;
    // The migration files as last loaded, an immutable snapshot (null when not loaded). A reload makes a
    // new one and announces it (projectLoaded); whoever holds the old one keeps it intact until they let go.
    std::shared_ptr<const ScriptDirectory> sharedScripts() const { return m_scripts; }
    // What is wrong with the project as last loaded: files left out of the graph and why, a retort.ini
    // that cannot be read, and the warnings of retort.ini and the migration files. A project with
    // errors still loads what it can (isLoaded()), but its graph is not whole: nothing runs from it.
    const Diagnostics &problems() const { return m_problems; }
    bool hasErrors() const;

    // Selects an environment of retort.ini and reads its rows. Emits environmentChanged.
    void setEnvironment(const QString &name);
    QString environment() const { return m_environment; }
    // The database the selected environment resolves to; empty when it does not resolve
    // (targetError() says why).
    const std::optional<DatabaseTarget> &target() const { return m_target; }
    QString targetError() const { return m_targetError; }
    // Production by retort.ini, or (once read) by what the database is: its identity, its mark.
    bool isProduction() const;
    // What the last read found about production (identity, mark, why); empty until a read ends.
    const std::optional<ProductionStatus> &productionStatus() const { return m_production; }

    // Starts a read of the current rows; the answer arrives as currentRowsChanged or
    // connectionStateChanged(…, false). Earlier reads still running are ignored when they end.
    // A quiet refresh does not announce "connecting…" first (the rows on screen stay until the answer).
    // A poll is a quiet refresh of the version table and the production status only, made only while
    // the rows are known and no other read is going; when it finds a change, a quiet refresh follows.
    enum class Refresh
    {
        Announced,
        Quiet,
        Poll
    };
    // Returns the read's id, which readFinished carries, always after this returns (0 for a poll not made).
    quint64 refreshCurrentRows(Refresh refresh = Refresh::Announced);
    bool isReading() const { return m_readPending; }
    // Abandons the read going (its thread ends on its own): the state becomes Unknown.
    void cancelRead();
    ConnectionState connectionState() const { return m_connectionState; }
    // While held, changes on disk do not reload the project (a run holds a reference to the
    // scripts on its worker thread); releasing reloads once if anything changed meanwhile.
    void holdReloads(bool held);
    QStringList currentRows() const { return m_currentRows; }
    bool currentRowsKnown() const { return m_rowsKnown; }
    // Why the last read failed (empty after a read that worked).
    QString lastReadError() const { return m_lastReadError; }
    // The history table's rows read with the current rows, latest first (at most
    // DatabaseReader::MaxHistoryRows); empty when history is disabled, missing or unreadable.
    QVector<RevisionRunEntry> history() const { return m_history; }
    // What the history table says ran of each revision, read with history(); compared with the files by
    // DriftCheck::compare() on this thread.
    const RecordedRevisions &recorded() const { return m_recorded; }
    // The sizes of the tables the project's SQL names, read with the history (empty until then).
    const QHash<QString, TableSize> &tableSizes() const { return m_tableSizes; }

Q_SIGNALS:
    // A new snapshot of the project (sharedScripts()) is loaded, by open() or a reload.
    void projectLoaded();
    // Nothing is loaded: sharedScripts() is null until the files load again.
    void projectFailed(const QString &message);
    // problems() changed (by a load, failed or not, or close()).
    void problemsChanged();
    void environmentChanged(const QString &name);
    void currentRowsChanged(const QStringList &rows);
    // The same database read again holds other rows than the read before (emitted just before
    // currentRowsChanged): someone ran, stamped or restored it since.
    void databaseMoved(quint64 requestId, const QStringList &before, const QStringList &after);
    // Emitted just before currentRowsChanged with the history read alongside the rows, and with
    // no entries when the rows are dropped (another environment, a failed read, close()).
    void historyRead(const QVector<retort::ui::RevisionRunEntry> &entries);
    // `detail` says more for a label: the database's message, or a note beside "connected".
    void connectionStateChanged(retort::ui::ConnectionState state, const QString &detail);
    // A read has ended (after its currentRowsChanged, or its failed connectionStateChanged); `ok`
    // false when the database could not be read. Only the latest read reports.
    void readFinished(quint64 requestId, bool ok);

private:
    // By value: reload() passes members that close() clears.
    bool load(QString iniPath, QString section, QString preferredEnvironment);
    void resolveTarget();
    void watchFiles();
    void onFileChanged(const QString &path);
    void onSnapshotRead(quint64 requestId, const DatabaseSnapshot &snapshot);
    void onReadFailed(quint64 requestId, ConnectionState state, const QString &message);
    // Ends the read going without its answer (a late answer is ignored).
    void abandonRead(ConnectionState state, const QString &message);
    void forgetRows(ConnectionState state, const QString &message);
    void setConnectionState(ConnectionState state, const QString &detail);
    void clearHistory();
    void setProblems(Diagnostics problems);

    QString m_iniPath;
    QString m_section = ProjectConfig::kDefaultAlembicSection;
    // The file a failed load blamed (a broken alembic.ini inside an opened folder): fixing it reloads.
    QString m_failedFile;
    std::optional<ProjectConfig> m_config;
    std::shared_ptr<const ScriptDirectory> m_scripts;
    Diagnostics m_problems;
    QString m_environment;
    bool m_reloadsHeld = false;
    bool m_reloadPending = false;
    std::optional<DatabaseTarget> m_target;
    QString m_targetError;
    QStringList m_currentRows;
    bool m_rowsKnown = false;
    QVector<RevisionRunEntry> m_history;
    RecordedRevisions m_recorded;
    QHash<QString, TableSize> m_tableSizes;
    std::optional<ProductionStatus> m_production;
    QString m_lastReadError;
    quint64 m_readRequest = 0;
    bool m_readPending = false; // the read m_readRequest has not answered yet
    ConnectionState m_connectionState = ConnectionState::Unknown;

    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_reloadTimer = nullptr;
    QTimer *m_readDeadline = nullptr; // backstop over the driver's own timeouts
};

} // namespace retort::ui
