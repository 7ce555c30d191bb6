// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ProjectSession.h"

#include "ui/DatabaseReader.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QThread>
#include <QTimer>

namespace retort::ui {

ProjectSession::ProjectSession(QObject *parent) : QObject(parent)
{
    m_readerThread = new QThread(this);
    m_readerThread->setObjectName(QStringLiteral("retort-db-reader"));
    m_reader = new DatabaseReader;
    m_reader->moveToThread(m_readerThread);
    connect(m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);
    // Queued: the reader emits on its thread; the session handles the answer on the GUI thread.
    connect(m_reader, &DatabaseReader::rowsRead, this, &ProjectSession::onRowsRead, Qt::QueuedConnection);
    connect(m_reader, &DatabaseReader::readFailed, this, &ProjectSession::onReadFailed, Qt::QueuedConnection);
    connect(m_reader, &DatabaseReader::historyRead, this, &ProjectSession::onHistoryRead, Qt::QueuedConnection);
    connect(m_reader, &DatabaseReader::productionRead, this, &ProjectSession::onProductionRead, Qt::QueuedConnection);
    m_readerThread->start();

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
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_reloadTimer, qOverload<>(&QTimer::start));
}

ProjectSession::~ProjectSession()
{
    m_readerThread->quit();
    m_readerThread->wait();
}

bool ProjectSession::open(const QString &iniPath)
{
    return load(QFileInfo(iniPath).absoluteFilePath(), QString());
}

bool ProjectSession::reload()
{
    return load(m_iniPath, m_environment);
}

void ProjectSession::close()
{
    Q_EMIT projectUnloading();
    m_reloadTimer->stop();
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    m_iniPath.clear();
    m_config.reset();
    m_scripts.reset();
    m_environment.clear();
    m_target.reset();
    m_currentRows.clear();
    m_rowsKnown = false;
    ++m_readRequest;
    clearHistory();
}

bool ProjectSession::load(const QString &iniPath, const QString &preferredEnvironment)
{
    Q_EMIT projectUnloading();
    m_reloadTimer->stop();
    auto config = ProjectConfig::load(iniPath);
    if (!config.ok()) {
        close();
        m_iniPath = iniPath; // keep watching, so fixing the file reloads it
        watchFiles();
        Q_EMIT projectFailed(config.error().message);
        return false;
    }
    auto scripts = ScriptDirectory::load(config.value());
    m_iniPath = iniPath;
    m_config = std::move(config).value();
    if (!scripts.ok()) {
        m_scripts.reset();
        watchFiles();
        const Error &error = scripts.error();
        Q_EMIT projectFailed(error.context.isEmpty() ? error.message
                                                     : QStringLiteral("%1: %2").arg(error.context, error.message));
        return false;
    }
    m_scripts = std::move(scripts).value();
    watchFiles();

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
    if (m_config) {
        for (const QString &folder : m_config->versionLocations()) {
            if (QFileInfo(folder).isDir())
                paths << folder;
        }
    }
    m_watcher->addPaths(paths);
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
    if (m_environment.isEmpty()) {
        m_targetError = tr("retort.ini defines no environment");
        return;
    }
    auto target = m_config->resolveTarget(QString(), m_environment);
    if (target.ok())
        m_target = std::move(target).value();
    else
        m_targetError = maskPasswords(target.error().message);
}

quint64 ProjectSession::refreshCurrentRows(Refresh refresh)
{
    const quint64 request = ++m_readRequest;
    if (!isLoaded())
        return request;
    if (!m_target) {
        Q_EMIT connectionStateChanged(m_targetError, false);
        Q_EMIT readFinished(request, false);
        return request;
    }
    if (refresh == Refresh::Announced)
        Q_EMIT connectionStateChanged(tr("connecting…"), true);
    const DatabaseUrl url = m_target->url;
    const RunSettings settings = RunSettings::fromConfig(*m_config, m_target->environmentName);
    DatabaseReader *reader = m_reader;
    // Runs on the reader thread (the functor is invoked in the receiver's thread).
    QMetaObject::invokeMethod(
        m_reader, [reader, request, url, settings] { reader->read(request, url, settings); }, Qt::QueuedConnection);
    return request;
}

void ProjectSession::onRowsRead(quint64 requestId, const QStringList &rows, const QString &note)
{
    if (requestId != m_readRequest)
        return;
    m_currentRows = rows;
    m_rowsKnown = true;
    m_lastReadError.clear();
    Q_EMIT connectionStateChanged(note.isEmpty() ? tr("connected") : note, true);
    Q_EMIT currentRowsChanged(rows);
    Q_EMIT readFinished(requestId, true);
}

void ProjectSession::onProductionRead(quint64 requestId, const ProductionStatus &status)
{
    if (requestId != m_readRequest)
        return;
    m_production = status; // announced with the rows that follow (currentRowsChanged)
}

void ProjectSession::onReadFailed(quint64 requestId, const QString &message)
{
    if (requestId != m_readRequest)
        return;
    m_currentRows.clear();
    m_rowsKnown = false;
    m_production.reset();
    m_lastReadError = message;
    clearHistory();
    Q_EMIT connectionStateChanged(message, false);
    Q_EMIT readFinished(requestId, false);
}

// GUI thread: queued from the reader, always before the same request's rowsRead.
void ProjectSession::onHistoryRead(quint64 requestId, const QVector<RevisionRunEntry> &entries)
{
    if (requestId != m_readRequest)
        return;
    m_history = entries;
    Q_EMIT historyRead(m_history);
}

void ProjectSession::clearHistory()
{
    if (m_history.isEmpty())
        return;
    m_history.clear();
    Q_EMIT historyRead(m_history);
}

} // namespace retort::ui
