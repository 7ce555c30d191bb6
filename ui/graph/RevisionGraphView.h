// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/Linter.h"

#include <QSet>
#include <QStringList>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QModelIndex;
class QTreeView;

namespace retort {
class ScriptDirectory;
}

namespace retort::ui {

class GraphDelegate;
class RevisionGraphModel;

// The revision graph panel: a search field over a list of revisions whose
// first column GraphDelegate paints, and a legend explaining the node shapes.
//
// Search: an id prefix or a substring of the message (case-insensitive);
// Enter jumps to the next match, wrapping around. Ctrl+F focuses the field,
// Down/Escape returns to the list. Ctrl+= / Ctrl+- zoom the list.
//
// It shares the project snapshot it shows; see RevisionGraphModel::setScripts().
class RevisionGraphView : public QWidget
{
    Q_OBJECT

public:
    explicit RevisionGraphView(QWidget *parent = nullptr);

    // A reload hands new scripts: the revision selected before (by id) is selected again, and
    // revisionSelected says so, so the panels that follow the selection show it from the new scripts.
    void setScripts(std::shared_ptr<const ScriptDirectory> scripts);
    void setCurrentRows(const QStringList &rows);
    void setLintContext(const LintContext &lint);
    void setPendingRevisions(const QSet<int> &revisions, bool downgrade = false);
    // RevisionGraphModel::setDriftNotes().
    void setDriftNotes(const QHash<int, QString> &notes);
    // RevisionGraphModel::setRenderedSections().
    void setRenderedSections(const RenderReport &report);

    // Selects and shows a revision (map index); false when it is not listed.
    bool selectRevision(int revision);
    // The selected revision (map index), -1 when none.
    int selectedRevision() const;
    // Nothing selected (the editor shows a file that is no revision of the graph).
    void clearSelection();
    // Selects the next row after the current one matching `text`; false when none matches.
    bool findNext(const QString &text);

    void focusSearch();
    void zoomIn();
    void zoomOut();

    RevisionGraphModel *model() const { return m_model; }
    QTreeView *treeView() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }

Q_SIGNALS:
    void revisionSelected(int index);
    void targetChosen(const QString &identifier);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool rowMatches(int row, const QString &text) const;
    void chooseTarget(const QModelIndex &index);
    void showContextMenu(const QPoint &position);
    void applyZoom();
    void updateGraphColumnWidth();

    RevisionGraphModel *m_model = nullptr;
    GraphDelegate *m_delegate = nullptr;
    QTreeView *m_view = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_searchStatus = nullptr;
    QLabel *m_legend = nullptr;
    int m_zoomSteps = 0;
    qreal m_basePointSize = 0;
    QString m_selectedId; // kept across reloads, when the map indexes change
};

} // namespace retort::ui
