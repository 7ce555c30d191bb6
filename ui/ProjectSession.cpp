// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ProjectSession.h"

#include "core/lint/LintRules.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

namespace retort::ui {

ProjectSession::ProjectSession(QObject *parent) : QObject(parent)
{
    m_watcher = new QFileSystemWatcher(this);
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(300);
    connect(m_reloadTimer, &QTimer::timeout, this, [this] {
        if (m_reloadsHeld)
            m_reloadPending = true;
        else if (!m_iniPath.isEmpty())
            reload();
    });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_reloadTimer, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ProjectSession::onFileChanged);

    m_readDeadline = new QTimer(this);
    m_readDeadline->setSingleShot(true);
    connect(m_readDeadline, &QTimer::timeout, this, [this] {
        abandonRead(ConnectionState::TimedOut,
                    tr("no answer from %1 in %n second(s)", nullptr, m_readDeadline->interval() / 1000)
                        .arg(m_target ? m_target->url.toDisplayString() : QString()));
    });
}

bool ProjectSession::open(const QString &path, const QString &section)
{
    return load(QDir::cleanPath(QFileInfo(path).absoluteFilePath()),
                section.isEmpty() ? ProjectConfig::kDefaultAlembicSection : section, QString());
}

bool ProjectSession::reload()
{
    return load(m_iniPath, m_section, m_environment);
}

QString ProjectSession::projectDir() const
{
    if (m_config)
        return m_config->projectDir();
    const QFileInfo info(m_iniPath);
    return info.isDir() ? info.absoluteFilePath() : info.absolutePath();
}

QString ProjectSession::projectLabel() const
{
    if (!m_config)
        return QString();
    const QString alembicIni = m_config->alembicIniPath();
    const QString section = QStringLiteral("%1 [%2]").arg(QFileInfo(alembicIni).fileName(), m_section);
    if (!m_config->isAlembicProject())
        return alembicIni.isEmpty() ? QString()
                                    : QStringLiteral("%1 → %2").arg(QFileInfo(m_iniPath).fileName(), section);
    return alembicIni.isEmpty() ? tr("Alembic versions folder") : section;
}

void ProjectSession::close()
{
    m_reloadTimer->stop();
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    m_iniPath.clear();
    m_failedFile.clear();
    m_config.reset();
    m_scripts.reset();
    m_environment.clear();
    m_target.reset();
    m_currentRows.clear();
    m_rowsKnown = false;
    ++m_readRequest;
    m_readPending = false;
    m_readDeadline->stop();
    clearHistory();
    setConnectionState(ConnectionState::Unknown, QString());
    setProblems({});
}

bool ProjectSession::load(QString iniPath, QString section, QString preferredEnvironment)
{
    m_reloadTimer->stop();
    // A window has no working directory the user chose: an alembic.ini's relative paths are its folder's.
    const QFileInfo project(iniPath);
    auto config = ProjectConfig::load(iniPath, QProcessEnvironment::systemEnvironment(), section,
                                      project.isDir() ? project.absoluteFilePath() : project.absolutePath());
    if (!config.ok()) {
        close();
        m_iniPath = iniPath; // keep watching, so fixing the file reloads it
        m_section = section;
        Diagnostic problem = Diagnostic::fromError(config.error());
        if (problem.where.isNull())
            problem.where.file = iniPath;
        m_failedFile = problem.where.file;
        watchFiles();
        setProblems({problem});
        Q_EMIT projectFailed(config.error().message);
        return false;
    }
    // A broken migration file leaves out that file (and what hangs below it), not the project: the
    // window keeps the graph, lists the problem, and runs nothing until it is fixed.
    auto scripts = ScriptDirectory::loadLeavingOut(config.value());
    // A folder opened is the file found in it from now on: its edits reload, its name is the title.
    m_iniPath = config->iniPath();
    m_section = section;
    m_failedFile.clear();
    m_config = std::move(config).value();
    if (!scripts.ok()) {
        m_scripts.reset();
        watchFiles();
        setProblems(Diagnostics{Diagnostic::fromError(scripts.error())} + m_config->warnings());
        Q_EMIT projectFailed(scripts.error().message);
        return false;
    }
    m_scripts = std::make_shared<const ScriptDirectory>(std::move(scripts).value());
    watchFiles();
    Diagnostics problems = m_scripts->leftOut() + m_config->warnings() + m_scripts->warnings();
    // A mistake in [lint] is listed (with its line) rather than silently read as the defaults the window
    // then uses; a warning, as it stops no run: the defaults show more, not less.
    if (const Result<LintSettings> lint = LintSettings::fromConfig(*m_config); !lint.ok())
        problems << Diagnostic::fromError(lint.error(), Diagnostic::Severity::Warning);
    setProblems(problems);

    const QStringList names = m_config->environmentNames();
    QString environment = preferredEnvironment;
    if (!names.contains(environment))
        environment = names.contains(m_config->defaultEnv()) ? m_config->defaultEnv() : names.value(0);
    // A reload that keeps the same database keeps what was read of it until the read that follows:
    // the plan on screen (and the run actions) do not blink off for a file saved or added.
    const QString previousUrl = m_target ? m_target->url.toString() : QString();
    const bool previousKnown = m_rowsKnown && environment == m_environment;
    const QStringList previousRows = m_currentRows;
    const std::optional<ProductionStatus> previousProduction = m_production;
    m_environment = environment;
    resolveTarget();
    if (previousKnown && m_target && m_target->url.toString() == previousUrl) {
        m_currentRows = previousRows;
        m_rowsKnown = true;
        m_production = previousProduction;
    }
    Q_EMIT projectLoaded();
    Q_EMIT environmentChanged(m_environment);
    refreshCurrentRows();
    return true;
}

void ProjectSession::watchFiles()
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    QStringList paths{m_iniPath};
    if (!m_failedFile.isEmpty() && m_failedFile != m_iniPath && QFileInfo::exists(m_failedFile))
        paths << m_failedFile;
    if (m_config) {
        // A retort.ini taking its folders from an alembic.ini follows that file's edits too.
        if (!m_config->alembicIniPath().isEmpty() && !paths.contains(m_config->alembicIniPath()))
            paths << m_config->alembicIniPath();
        for (const QString &folder : m_config->versionLocations()) {
            if (QFileInfo(folder).isDir() && !paths.contains(folder)) // a bare versions folder is m_iniPath
                paths << folder;
        }
    }
    // The files too: an editor that rewrites a file in place changes no folder.
    if (m_scripts) {
        for (int index = 0; index < m_scripts->map().size(); ++index)
            paths << m_scripts->script(index).path;
        for (const Diagnostic &leftOut : m_scripts->leftOut()) { // fixing one in place reloads too
            if (!leftOut.where.file.isEmpty() && !paths.contains(leftOut.where.file))
                paths << leftOut.where.file;
        }
    }
    m_watcher->addPaths(paths);
}

void ProjectSession::onFileChanged(const QString &path)
{
    // A revision file whose bytes are still those parsed (touched, saved unchanged) changes nothing.
    if (m_scripts && path != m_iniPath) {
        for (int index = 0; index < m_scripts->map().size(); ++index) {
            if (m_scripts->script(index).path == path && m_scripts->changedOnDisk({index}).isEmpty()) {
                if (!m_watcher->files().contains(path) && QFileInfo::exists(path))
                    m_watcher->addPath(path); // replaced by rename: watch the new file
                return;
            }
        }
    }
    m_reloadTimer->start();
}

void ProjectSession::holdReloads(bool held)
{
    m_reloadsHeld = held;
    if (!held && m_reloadPending) {
        m_reloadPending = false;
        if (!m_iniPath.isEmpty())
            reload();
    }
}

void ProjectSession::setEnvironment(const QString &name)
{
    if (!isLoaded() || name == m_environment)
        return;
    m_environment = name;
    resolveTarget();
    Q_EMIT environmentChanged(m_environment);
    refreshCurrentRows();
}

bool ProjectSession::hasErrors() const
{
    for (const Diagnostic &problem : m_problems) {
        if (problem.severity == Diagnostic::Severity::Error)
            return true;
    }
    return false;
}

void ProjectSession::setProblems(Diagnostics problems)
{
    if (problems == m_problems)
        return;
    m_problems = std::move(problems);
    Q_EMIT problemsChanged();
}

bool ProjectSession::isProduction() const
{
    if (m_production && m_production->gated())
        return true;
    if (m_target)
        return m_target->production;
    return m_config && m_config->environments().value(m_environment).production;
}

void ProjectSession::resolveTarget()
{
    m_target.reset();
    m_targetError.clear();
    m_currentRows.clear();
    m_rowsKnown = false;
    m_production.reset();
    clearHistory();
    // Without environments (an alembic.ini, a retort.ini without [env.*]) the CLI's precedence goes on to
    // DATABASE_URL and then alembic.ini's sqlalchemy.url; its error says when none gives a database.
    auto target = m_config->resolveTarget(QString(), m_environment);
    if (target.ok())
        m_target = std::move(target).value();
    else
        m_targetError = maskPasswords(target.error().message);
}

quint64 ProjectSession::refreshCurrentRows(Refresh refresh)
{
    // A poll never replaces a read going, nor guesses at a database whose state is not known.
    if (refresh == Refresh::Poll && (m_readPending || !m_rowsKnown))
        return 0;
    const quint64 request = ++m_readRequest;
    m_readPending = false;
    m_readDeadline->stop();
    if (!isLoaded())
        return request;
    if (!m_target) {
        forgetRows(ConnectionState::Failed, m_targetError);
        // Later, like every answer: the caller learns the id before its answer arrives.
        QMetaObject::invokeMethod(
            this, [this, request] { Q_EMIT readFinished(request, false); }, Qt::QueuedConnection);
        return request;
    }
    if (refresh == Refresh::Announced)
        setConnectionState(ConnectionState::Connecting, tr("connecting…"));
    const DatabaseUrl &url = m_target->url;
    auto *reader = new DatabaseReader(request, url, RunSettings::fromConfig(*m_config, m_target->environmentName),
                                      refresh == Refresh::Poll ? DatabaseReader::Scope::WithoutHistory
                                                               : DatabaseReader::Scope::Everything,
                                      m_scripts);
    // Queued: the reader emits on its own thread; the session handles the answer on the GUI thread.
    connect(reader, &DatabaseReader::snapshotRead, this, &ProjectSession::onSnapshotRead, Qt::QueuedConnection);
    connect(reader, &DatabaseReader::readFailed, this, &ProjectSession::onReadFailed, Qt::QueuedConnection);
    reader->start();
    m_readPending = true;
    // The driver's timeouts end the read; this backstop ends the wait for it if they do not.
    constexpr int graceSeconds = 2;
    m_readDeadline->start((DatabaseReader::timeoutSeconds(url) + graceSeconds) * 1000);
    return request;
}

void ProjectSession::cancelRead()
{
    abandonRead(ConnectionState::Unknown, tr("not connected: the attempt was cancelled"));
}

void ProjectSession::abandonRead(ConnectionState state, const QString &message)
{
    if (!m_readPending)
        return;
    const quint64 abandoned = m_readRequest++;
    m_readPending = false;
    m_readDeadline->stop();
    forgetRows(state, message);
    Q_EMIT readFinished(abandoned, false);
}

namespace {

// What a poll compares: the production status as the window shows it.
bool sameProduction(const std::optional<ProductionStatus> &known, const ProductionStatus &read)
{
    return known && known->reason == read.reason && known->environment == read.environment &&
           known->mark.has_value() == read.mark.has_value() && known->explanation() == read.explanation();
}

} // namespace

void ProjectSession::onSnapshotRead(quint64 requestId, const DatabaseSnapshot &snapshot)
{
    if (requestId != m_readRequest || !m_readPending)
        return;
    m_readPending = false;
    m_readDeadline->stop();
    if (!snapshot.historyRead) { // a poll
        if (snapshot.rows == m_currentRows && sameProduction(m_production, snapshot.production)) {
            Q_EMIT readFinished(requestId, true);
            return;
        }
        refreshCurrentRows(Refresh::Quiet); // moved: everything again, the history too
        return;
    }
    QStringList before = m_currentRows;
    QStringList after = snapshot.rows;
    before.sort();
    after.sort();
    const bool moved = m_rowsKnown && before != after;
    m_currentRows = snapshot.rows;
    m_rowsKnown = true;
    m_production = snapshot.production;
    m_lastReadError.clear();
    m_history = snapshot.history;
    m_recorded = snapshot.recorded;
    m_tableSizes = snapshot.tableSizes;
    Q_EMIT historyRead(m_history);
    setConnectionState(ConnectionState::Connected, snapshot.note);
    if (moved)
        Q_EMIT databaseMoved(requestId, before, after);
    Q_EMIT currentRowsChanged(m_currentRows);
    Q_EMIT readFinished(requestId, true);
}

void ProjectSession::onReadFailed(quint64 requestId, ConnectionState state, const QString &message)
{
    if (requestId != m_readRequest || !m_readPending)
        return;
    m_readPending = false;
    m_readDeadline->stop();
    forgetRows(state, message);
    Q_EMIT readFinished(requestId, false);
}

void ProjectSession::forgetRows(ConnectionState state, const QString &message)
{
    m_currentRows.clear();
    m_rowsKnown = false;
    m_production.reset();
    m_lastReadError = message;
    clearHistory();
    setConnectionState(state, message);
}

void ProjectSession::setConnectionState(ConnectionState state, const QString &detail)
{
    m_connectionState = state;
    Q_EMIT connectionStateChanged(state, detail);
}

void ProjectSession::clearHistory()
{
    if (m_history.isEmpty() && m_recorded.revisions.isEmpty() && m_tableSizes.isEmpty())
        return;
    m_history.clear();
    m_recorded = RecordedRevisions();
    m_tableSizes.clear();
    Q_EMIT historyRead(m_history);
}

Result<QString> ProjectSession::createRevision(ScriptDirectory::NewRevision request, QString *note) const
{
    request.alembic = AlembicRevisionWriter::layoutFor(*m_config, note);
    return m_scripts->createRevision(request);
}

} // namespace retort::ui
