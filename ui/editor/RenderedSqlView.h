// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;

namespace retort {
struct RenderedSection;
}

namespace retort::ui {

class SqlEditor;

// "Rendered SQL (Alembic)": beside an Alembic revision's Python source, the SQL its function runs in the plan
// shown, as the project's Alembic rendered it (or as the file holds it, when exact), under its label. A section
// that could not be rendered whole shows its label prominently, and what was rendered before it stopped marked
// as partial. Read-only. GUI thread only.
class RenderedSqlView : public QWidget
{
    Q_OBJECT

public:
    explicit RenderedSqlView(QWidget *parent = nullptr);

    // `heading` says which function of which plan: "upgrade() in the plan to heads (step 2)".
    void showSection(const QString &heading, const RenderedSection &section);
    // No SQL to show, and why: it is being rendered, the plan does not run the revision...
    void showNote(const QString &heading, const QString &note);

    QString heading() const;
    // The label as shown: RenderedSection::describe(), or the note.
    QString labelText() const;
    // The SQL as shown (with the partial mark when it is partial).
    QString sqlText() const;
    // The label is one of an incomplete section (needs a database, refused, failed, not rendered).
    bool isWarning() const { return m_warning; }

private:
    void setWarning(bool warning);

    QLabel *m_heading;
    QLabel *m_label;
    SqlEditor *m_sql;
    bool m_warning = false;
};

} // namespace retort::ui
