// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Diagnostic.h"
#include "core/script/MigrationScript.h"

#include <QWidget>

#include <functional>

class QLabel;
class QSplitter;

namespace retort::ui {

class ProjectSession;
class RenderedPlan;
class RenderedSqlView;
class SqlEditor;

// The window's editor with its title line: a revision file shown editable and saved, or the pending
// plan's offline SQL shown read-only. Beside an Alembic revision's Python source, "Rendered SQL (Alembic)"
// (RenderedSqlView) shows what its function runs in the plan shown, as the project's Alembic renders it. Unsaved edits
// are settled (saved or discarded, by asking) before anything replaces them or a run uses the file on disk. GUI thread
// only.
class EditorPane : public QWidget
{
    Q_OBJECT

public:
    // Unsaved edits in the editor, before something would replace them or run the file on disk.
    enum class UnsavedAnswer
    {
        Save,
        Discard,
        Cancel
    };
    // Asked with the file and what is about to happen; the default shows a QMessageBox; tests replace it.
    using UnsavedPrompt = std::function<UnsavedAnswer(const QString &file, const QString &what)>;

    // Saving edits reloads `session`, so what runs next is what was saved.
    explicit EditorPane(ProjectSession *session, QWidget *parent = nullptr);

    SqlEditor *editor() const { return m_editor; }
    // Beside an Alembic revision's source; hidden for anything else.
    RenderedSqlView *renderedView() const { return m_renderedView; }
    // Where the rendered SQL of the plan's revisions comes from (null: the view stays hidden).
    void setRenderedPlan(const RenderedPlan *rendered);
    void setUnsavedPrompt(UnsavedPrompt prompt) { m_unsavedPrompt = std::move(prompt); }
    // A revision file with changes not saved yet.
    bool hasUnsavedEdits() const;

    // With unsaved edits, asks to save or discard them before `what` ("open another revision", "run");
    // false when cancelled. Discarding shows the file as it is on disk again.
    bool settleUnsavedEdits(const QString &what);
    // Shows a revision file, editable, with an optional failing line marked. False when unsaved edits of
    // another file were kept (cancelled) or the file cannot be read. The path is taken by value: saving
    // the edits first reloads the scripts a caller's reference points into.
    bool showRevisionFile(QString path, int errorLine = 0);
    // The offline SQL of the plan to `target`, read-only; it does not push away a file shown on purpose
    // (until previewWanted()) nor unsaved edits.
    void showPreview(const QString &sql, const QString &target);
    // A target was chosen: its plan's SQL may replace the file on screen.
    void previewWanted() { m_previewWanted = true; }
    // Nothing shown, the hint in the title (another project is opening).
    void clear();
    // File > Save Revision File; File > Save SQL As… (whatever the editor shows).
    void save();
    void saveSqlAs();

Q_SIGNALS:
    // Something could not be read or written.
    void errorRaised(const QString &message);
    // What is shown, or whether it holds unsaved edits, changed (for the window's title and actions).
    void stateChanged();
    void sqlSaved(const QString &path);

private:
    void updateTitle();
    // Shows the rendered SQL of the Alembic revision on screen (its step in the plan), or hides the view.
    void updateRenderedView();
    // Brings what the plan runs of the revision on screen into view: the function of an Alembic revision, or
    // the section of a .sql file with dialect sections that the database's dialect runs.
    void scrollToRunningSection();
    // The revision whose file is `path` (any kind, or an Alembic one only), or null.
    const MigrationScript *scriptOf(const QString &path) const;
    const MigrationScript *alembicScriptOf(const QString &path) const;
    // The environment's database's dialect: which sections of a revision file it runs; none without a database.
    std::optional<Dialect> databaseDialect() const;
    // The project's error about a file (a revision left out of the graph), or null.
    const Diagnostic *errorOfFile(const QString &path) const;

    ProjectSession *m_session;
    QLabel *m_title;
    SqlEditor *m_editor;
    QSplitter *m_split;
    RenderedSqlView *m_renderedView;
    const RenderedPlan *m_rendered = nullptr;
    UnsavedPrompt m_unsavedPrompt;
    bool m_previewWanted = true; // whether plan previews may replace the editor's content
};

} // namespace retort::ui
