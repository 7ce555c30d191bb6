// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/details/RevisionRunEntry.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QVector>
#include <QWidget>

#include <memory>

class QLabel;
class QTextBrowser;

namespace retort {
class ScriptDirectory;
}

namespace retort::ui {

// What one revision is: id, message, parents, children, labels, depends_on,
// file, create date, and the runs the history table knows of.
//
// It shares the project snapshot it describes (ProjectSession::sharedScripts()); null shows nothing.
class RevisionDetails : public QWidget
{
    Q_OBJECT

public:
    explicit RevisionDetails(QWidget *parent = nullptr);

    void setScripts(std::shared_ptr<const ScriptDirectory> scripts);
    // Shows a revision (map index); -1 clears the panel. Clears the runs.
    void setRevision(int revision);
    int revision() const { return m_revision; }
    // The history rows of the shown revision, oldest first.
    void setRunEntries(const QVector<RevisionRunEntry> &entries);
    // Per revision (map index), why it drifted (DriftMarks::of); the shown revision's note stands out.
    void setDriftNotes(const QHash<int, QString> &notes);

    // The panel's text as shown (for tests and copying).
    QString plainText() const;

    // "applied 2025-10-16 09:12 by alice@db1 on production (1.2 s)".
    static QString describeRun(const RevisionRunEntry &entry);

private:
    void refresh();

    std::shared_ptr<const ScriptDirectory> m_scripts;
    int m_revision = -1;
    QVector<RevisionRunEntry> m_entries;
    QHash<int, QString> m_driftNotes;
    QTextBrowser *m_text = nullptr;
};

} // namespace retort::ui
