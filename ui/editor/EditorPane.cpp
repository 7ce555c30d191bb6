// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/editor/EditorPane.h"

#include "core/script/AlembicScript.h"
#include "core/script/ScriptDirectory.h"
#include "ui/ProjectSession.h"
#include "ui/RenderedPlan.h"
#include "ui/RunController.h"
#include "ui/editor/RenderedSqlView.h"
#include "ui/editor/SqlEditor.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QVBoxLayout>

namespace retort::ui {

EditorPane::EditorPane(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_title(new QLabel(tr("Select a revision to see its SQL."), this)),
      m_editor(new SqlEditor), m_split(new QSplitter(Qt::Horizontal, this)), m_renderedView(new RenderedSqlView)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_title->setObjectName(QStringLiteral("editorTitle"));
    m_title->setContentsMargins(6, 2, 6, 0);
    m_editor->setObjectName(QStringLiteral("sqlEditor"));
    m_editor->setReadOnly(true);
    m_split->setObjectName(QStringLiteral("editorSplitter"));
    m_split->setChildrenCollapsible(false);
    m_split->addWidget(m_editor);
    m_split->addWidget(m_renderedView);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 1);
    m_renderedView->hide();
    layout->addWidget(m_title);
    layout->addWidget(m_split, 1);

    m_unsavedPrompt = [this](const QString &file, const QString &what) {
        const auto answer = QMessageBox::question(
            window(), tr("Unsaved Changes"),
            tr("%1 has unsaved changes. Save them before %2?").arg(QDir::toNativeSeparators(file), what),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        return answer == QMessageBox::Save      ? UnsavedAnswer::Save
               : answer == QMessageBox::Discard ? UnsavedAnswer::Discard
                                                : UnsavedAnswer::Cancel;
    };
    connect(m_editor, &SqlEditor::modificationChanged, this, [this] {
        updateTitle();
        updateRenderedView();
        Q_EMIT stateChanged();
    });
    // A reload may come from the file on screen changing on disk. A revision still in the graph is shown again
    // by its selection; one the reload left out (its header broken from outside) is not, so it is read here:
    // never older text than the file, nor a title describing functions the graph no longer holds.
    connect(m_session, &ProjectSession::projectLoaded, this, [this] {
        const QString path = m_editor->filePath();
        if (path.isEmpty() || m_editor->isModified() || !QFileInfo::exists(path))
            return;
        m_editor->showFile(path);
        if (const Diagnostic *problem = errorOfFile(path); problem && problem->where.line > 0)
            m_editor->setErrorLine(problem->where.line);
        updateTitle();
    });
}

void EditorPane::setRenderedPlan(const RenderedPlan *rendered)
{
    if (m_rendered)
        disconnect(m_rendered, nullptr, this, nullptr);
    m_rendered = rendered;
    if (m_rendered)
        connect(m_rendered, &RenderedPlan::stateChanged, this, &EditorPane::updateRenderedView);
    updateRenderedView();
}

const MigrationScript *EditorPane::scriptOf(const QString &path) const
{
    if (path.isEmpty() || !m_session->isLoaded())
        return nullptr;
    const ScriptDirectory &scripts = m_session->scripts();
    for (int index = 0; index < scripts.map().size(); ++index) {
        const MigrationScript &script = scripts.script(index);
        if (QFileInfo(script.path) == QFileInfo(path))
            return &script;
    }
    return nullptr;
}

const MigrationScript *EditorPane::alembicScriptOf(const QString &path) const
{
    const MigrationScript *script = scriptOf(path);
    return script && script->format == ScriptFormat::AlembicPython ? script : nullptr;
}

std::optional<Dialect> EditorPane::databaseDialect() const
{
    return m_session->target() ? std::optional<Dialect>(m_session->target()->url.dialect()) : std::nullopt;
}

void EditorPane::updateRenderedView()
{
    const MigrationScript *script = m_rendered ? alembicScriptOf(m_editor->filePath()) : nullptr;
    m_renderedView->setVisible(script != nullptr);
    if (!script)
        return;
    // The step of the plan shown that runs this revision, if one does.
    const ShownPlan &plan = m_rendered->controller()->plan();
    const ScriptDirectory &scripts = m_session->scripts();
    int number = -1;
    for (int i = 0; i < plan.steps.size(); ++i) {
        const MigrationStep &step = plan.steps.at(i).step;
        if (step.kind == MigrationStep::Kind::Revision && step.revision >= 0 &&
            scripts.script(step.revision).revisionId == script->revisionId) {
            number = i;
            break;
        }
    }
    if (number < 0) {
        const QString why = !plan.rowsKnown ? tr("Nothing is planned until the database is read.")
                            : !plan.error.isEmpty()
                                ? tr("Cannot plan to %1: %2").arg(plan.target, plan.error)
                                : tr("The plan to %1 does not run this revision, so nothing is rendered for it. Choose "
                                     "a target whose plan runs it (its id, or one below it for its downgrade) to see "
                                     "the SQL the project's Alembic renders.")
                                      .arg(plan.target);
        m_renderedView->showNote(tr("not in the plan to %1").arg(plan.target), why);
        return;
    }
    const bool upgrade = plan.steps.at(number).step.isUpgrade;
    QString heading =
        tr("%1 of %2, step %3 of the plan to %4")
            .arg(upgrade ? QStringLiteral("upgrade()") : QStringLiteral("downgrade()"), script->revisionId)
            .arg(number + 1)
            .arg(plan.target);
    if (m_editor->isModified())
        heading += tr(" (of the file as saved: save to render your edits)");
    if (const RenderedSection *section = m_rendered->section(script->revisionId, upgrade))
        m_renderedView->showSection(heading, *section);
    else if (m_rendered->state() == RenderedPlan::State::Rendering)
        m_renderedView->showNote(heading, tr("Rendering with the project's Alembic…"));
    else
        m_renderedView->showNote(heading, tr("Not rendered."));
}

const Diagnostic *EditorPane::errorOfFile(const QString &path) const
{
    for (const Diagnostic &problem : m_session->problems()) {
        if (problem.severity == Diagnostic::Severity::Error && QFileInfo(problem.where.file) == QFileInfo(path))
            return &problem;
    }
    return nullptr;
}

bool EditorPane::hasUnsavedEdits() const
{
    return m_editor->isModified() && !m_editor->filePath().isEmpty();
}

bool EditorPane::settleUnsavedEdits(const QString &what)
{
    if (!hasUnsavedEdits())
        return true;
    const QString path = m_editor->filePath();
    switch (m_unsavedPrompt ? m_unsavedPrompt(path, what) : UnsavedAnswer::Cancel) {
    case UnsavedAnswer::Cancel:
        return false;
    case UnsavedAnswer::Discard:
        m_editor->showFile(path); // the file as it is on disk; nothing unsaved stays on screen
        break;
    case UnsavedAnswer::Save:
        if (!m_editor->saveTo(path)) {
            Q_EMIT errorRaised(tr("Cannot write %1").arg(QDir::toNativeSeparators(path)));
            return false;
        }
        // Parsed again now, not after the file watcher's pause: what runs next is what was saved.
        if (m_session->isLoaded())
            m_session->reload();
        break;
    }
    updateTitle();
    Q_EMIT stateChanged();
    return true;
}

bool EditorPane::showRevisionFile(QString path, int errorLine)
{
    const bool sameFile = QFileInfo(path) == QFileInfo(m_editor->filePath());
    if (!sameFile && !settleUnsavedEdits(tr("opening another revision")))
        return false;
    m_previewWanted = false; // a file shown on purpose stays until a target is chosen
    if (sameFile && m_editor->isModified()) {
        // Already on screen, with edits of its own: they stay (only the failing line is marked).
        if (errorLine > 0)
            m_editor->setErrorLine(errorLine);
        return true;
    }
    if (!m_editor->showFile(path)) {
        Q_EMIT errorRaised(tr("Cannot read %1").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    updateTitle();
    if (errorLine > 0)
        m_editor->setErrorLine(errorLine);
    else if (!sameFile)
        scrollToRunningSection();
    Q_EMIT stateChanged();
    return true;
}

void EditorPane::scrollToRunningSection()
{
    const MigrationScript *script = scriptOf(m_editor->filePath());
    if (!script)
        return;
    // An Alembic file's function beside the SQL it renders, or the dialect section this database runs: the one
    // the plan runs (the downgrade when it goes down). A .sql file with only plain sections opens at its top.
    const bool upgrade = !(m_rendered && m_rendered->controller()->plan().downgrade);
    const bool python = script->format == ScriptFormat::AlembicPython;
    if (!python && (script->sectionDialects().isEmpty() || !databaseDialect()))
        return;
    const int line = script->section(upgrade, python ? std::nullopt : databaseDialect()).line;
    if (line > 0)
        m_editor->scrollToLine(line);
}

void EditorPane::updateTitle()
{
    updateRenderedView(); // whatever changed the title changed what is on screen
    const QString path = m_editor->filePath();
    if (path.isEmpty())
        return; // a preview or nothing: its own title stands
    QString title = QDir::toNativeSeparators(path);
    // An Alembic revision is Python, not the SQL this pane usually shows: say what its functions are.
    if (errorOfFile(path)) {
        title += tr(" — not loaded (see Problems)");
    } else if (m_session->isLoaded()) {
        const MigrationScript *script = scriptOf(path);
        if (script && script->format == ScriptFormat::AlembicPython) {
            title += QStringLiteral(" — %1; %2")
                         .arg(describeAlembicBody(script->section(true, std::nullopt), true),
                              describeAlembicBody(script->section(false, std::nullopt), false));
        } else if (script && !script->sectionDialects().isEmpty()) {
            // The file holds SQL for several databases: which of it this one runs, as the plan and the run take it.
            if (const std::optional<Dialect> dialect = databaseDialect()) {
                title += tr(" — a %1 database runs %2 and %3")
                             .arg(dialectName(*dialect), describeSection(script->section(true, dialect), true),
                                  describeSection(script->section(false, dialect), false));
            } else {
                title += tr(" — has sections for %1; which runs depends on the database")
                             .arg(script->sectionDialectNames().join(QStringLiteral(", ")));
            }
        }
    }
    m_title->setText(m_editor->isModified() ? tr("%1 — modified, not saved").arg(title) : title);
}

void EditorPane::showPreview(const QString &sql, const QString &target)
{
    // Replans after every run or reload must not push away a file the user
    // opened (or the failing file of a run), nor unsaved edits.
    if (m_editor->isModified() || (!m_previewWanted && !m_editor->filePath().isEmpty()))
        return;
    // An empty plan must not leave the previous plan's SQL on screen.
    m_editor->setText(sql.isEmpty() ? tr("-- Nothing to run for the target %1.\n").arg(target) : sql);
    m_editor->setReadOnly(true);
    m_title->setText(tr("Offline SQL of the plan to %1 (read-only)").arg(target));
    updateRenderedView();
    Q_EMIT stateChanged();
}

void EditorPane::clear()
{
    m_editor->setText(QString());
    m_title->setText(tr("Select a revision to see its SQL."));
    updateRenderedView();
}

void EditorPane::save()
{
    if (m_editor->filePath().isEmpty())
        return;
    if (!m_editor->saveTo(m_editor->filePath()))
        Q_EMIT errorRaised(tr("Cannot write %1").arg(QDir::toNativeSeparators(m_editor->filePath())));
    updateTitle();
    Q_EMIT stateChanged();
}

void EditorPane::saveSqlAs()
{
    const QString path = QFileDialog::getSaveFileName(window(), tr("Save SQL As"), QStringLiteral("plan.sql"),
                                                      tr("SQL files (*.sql);;All files (*)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_editor->text().toUtf8()) < 0 || !file.commit()) {
        Q_EMIT errorRaised(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return;
    }
    Q_EMIT sqlSaved(path);
}

} // namespace retort::ui
