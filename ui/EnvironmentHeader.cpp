// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/EnvironmentHeader.h"

#include "core/runtime/VersionTable.h"
#include "ui/EnvironmentBar.h"
#include "ui/ProjectSession.h"
#include "ui/RunController.h"
#include "ui/editor/EditorPane.h"

namespace retort::ui {

EnvironmentHeader::EnvironmentHeader(EnvironmentBar *bar, ProjectSession *session, RunController *controller,
                                     EditorPane *editor)
    : QObject(bar), m_bar(bar), m_session(session), m_editor(editor)
{
    connect(session, &ProjectSession::projectLoaded, this, [this] {
        m_bar->show();
        showEnvironment();
    });
    connect(session, &ProjectSession::environmentChanged, this, &EnvironmentHeader::showEnvironment);
    connect(session, &ProjectSession::currentRowsChanged, this, &EnvironmentHeader::showCurrentRows);
    connect(session, &ProjectSession::connectionStateChanged, this,
            [this](ConnectionState state, const QString &detail) {
                m_bar->setConnectionState(state, detail);
                if (state != ConnectionState::Connected && state != ConnectionState::Connecting)
                    m_bar->setCurrentRevisions(tr("unknown"));
            });
    connect(bar, &EnvironmentBar::cancelConnectionRequested, session, &ProjectSession::cancelRead);
    connect(bar, &EnvironmentBar::environmentSelected, this, [this](const QString &name) {
        if (name == m_session->environment())
            return;
        if (m_editor->settleUnsavedEdits(tr("switching to environment %1").arg(name)))
            m_session->setEnvironment(name);
        else
            showEnvironment(); // the picker shows the environment still in use
    });
    connect(controller, &RunController::targetChanged, bar, &EnvironmentBar::setTarget);
    bar->setTarget(controller->target());
    bar->hide(); // until a project is loaded
}

void EnvironmentHeader::showEnvironment()
{
    if (!m_session->isLoaded())
        return;
    const QStringList names = m_session->config().environmentNames();
    if (!names.isEmpty()) {
        m_bar->setEnvironments(names, m_session->environment());
    } else {
        // As the CLI without -e: DATABASE_URL, else alembic.ini's sqlalchemy.url.
        const auto &target = m_session->target();
        m_bar->setDatabaseSource(
            target ? target->source : tr("no database"),
            target ? tr("The project defines no environments; the database comes from %1.").arg(target->source)
                   : m_session->targetError());
    }
    showProduction();
    m_bar->setCurrentRevisions(QStringLiteral("…"));
}

void EnvironmentHeader::showProduction()
{
    const auto &target = m_session->target();
    QString url = target ? target->url.toDisplayString()
                         : maskPasswords(m_session->config().environments().value(m_session->environment()).url);
    if (url.isEmpty())
        url = tr("(no URL)");
    // Which database it is (its path or server, resolved), and why it is production.
    const auto &status = m_session->productionStatus();
    if (status && status->gated())
        url = status->identity.confirmationName() + QStringLiteral(" — ") + maskPasswords(status->explanation());
    m_bar->setProduction(m_session->isProduction(), m_session->environment(), url);
}

void EnvironmentHeader::showCurrentRows()
{
    showProduction(); // read with the rows
    const QStringList rows = m_session->currentRows();
    const QString text =
        m_session->isLoaded() ? versionRowsText(rows, m_session->scripts().map()) : versionRowsText(rows);
    m_bar->setCurrentRevisions(text);
}

} // namespace retort::ui
