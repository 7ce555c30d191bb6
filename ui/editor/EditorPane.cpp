// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/editor/EditorPane.h"

#include "core/script/AlembicScript.h"
#include "ui/ProjectSession.h"
#include "ui/editor/SqlEditor.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QVBoxLayout>

namespace retort::ui {

EditorPane::EditorPane(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_title(new QLabel(tr("Select a revision to see its SQL."), this)),
      m_editor(new SqlEditor(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_title->setObjectName(QStringLiteral("editorTitle"));
    m_title->setContentsMargins(6, 2, 6, 0);
    m_editor->setObjectName(QStringLiteral("sqlEditor"));
    m_editor->setReadOnly(true);
    layout->addWidget(m_title);
    layout->addWidget(m_editor, 1);

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
    Q_EMIT stateChanged();
    return true;
}

void EditorPane::updateTitle()
{
    const QString path = m_editor->filePath();
    if (path.isEmpty())
        return; // a preview or nothing: its own title stands
    QString title = QDir::toNativeSeparators(path);
    // An Alembic revision is Python, not the SQL this pane usually shows: say what its functions are.
    if (errorOfFile(path)) {
        title += tr(" — not loaded (see Problems)");
    } else if (m_session->isLoaded()) {
        const ScriptDirectory &scripts = m_session->scripts();
        for (int index = 0; index < scripts.map().size(); ++index) {
            const MigrationScript &script = scripts.script(index);
            if (script.format == ScriptFormat::AlembicPython && QFileInfo(script.path) == QFileInfo(path)) {
                title +=
                    QStringLiteral(" — %1; %2")
                        .arg(describeAlembicBody(script.upgrade, true), describeAlembicBody(script.downgrade, false));
                break;
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
    Q_EMIT stateChanged();
}

void EditorPane::clear()
{
    m_editor->setText(QString());
    m_title->setText(tr("Select a revision to see its SQL."));
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
