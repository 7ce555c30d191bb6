// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/ScriptDirectory.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace retort::ui {

// The questions `retort revision` asks with its options: the message (-m), which head it revises
// (--head; with several heads one must be chosen, or "base" starts a new branch, which needs a label),
// a branch label (--branch-label) and the revisions it depends on (--depends-on). OK stays off until
// the answers make a revision Alembic would write; the reason shows under the fields.
class NewRevisionDialog : public QDialog
{
    Q_OBJECT

public:
    // `map` offers its heads (read now, not kept).
    explicit NewRevisionDialog(const RevisionMap &map, QWidget *parent = nullptr);

    // The request the answers make (message, heads, labels, dependencies); valid after accept().
    ScriptDirectory::NewRevision request() const;
    // Why OK is off; empty when it is on.
    QString problem() const;

    // Shows the dialog; the request, or nothing when cancelled.
    static std::optional<ScriptDirectory::NewRevision> ask(const RevisionMap &map, QWidget *parent);

private:
    void updateAcceptable();

    QLineEdit *m_message;
    QComboBox *m_head;
    QLineEdit *m_branchLabel;
    QLineEdit *m_dependsOn;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace retort::ui
