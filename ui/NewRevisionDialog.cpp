// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/NewRevisionDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace retort::ui {

namespace {

const QString kBase = QStringLiteral("base");

// "a1b2, c3d4" or "a1b2 c3d4" → {"a1b2", "c3d4"}.
QStringList words(const QString &text)
{
    return text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
}

} // namespace

NewRevisionDialog::NewRevisionDialog(const RevisionMap &map, QWidget *parent)
    : QDialog(parent), m_message(new QLineEdit(this)), m_head(new QComboBox(this)), m_branchLabel(new QLineEdit(this)),
      m_dependsOn(new QLineEdit(this)), m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New Revision"));
    m_message->setObjectName(QStringLiteral("newRevisionMessage"));
    m_head->setObjectName(QStringLiteral("newRevisionHead"));
    m_branchLabel->setObjectName(QStringLiteral("newRevisionBranchLabel"));
    m_dependsOn->setObjectName(QStringLiteral("newRevisionDependsOn"));
    m_problem->setObjectName(QStringLiteral("newRevisionProblem"));

    m_message->setPlaceholderText(tr("what the revision does, e.g. add orders table"));
    const QVector<int> heads = map.heads();
    if (heads.size() > 1)
        m_head->addItem(tr("Choose which head it revises…"), QString());
    for (int head : heads) {
        const Revision &revision = map.at(head);
        QString text = revision.id;
        if (!revision.doc.isEmpty())
            text += QStringLiteral(" — ") + revision.doc;
        if (!revision.branchLabels.isEmpty())
            text += QStringLiteral(" (%1)").arg(revision.branchLabels.join(QStringLiteral(", ")));
        m_head->addItem(text, revision.id);
    }
    m_head->addItem(tr("base — a new branch that revises nothing (needs a branch label)"), kBase);
    m_head->setToolTip(tr("The revision the new one revises (--head)"));
    m_branchLabel->setPlaceholderText(tr("optional, e.g. reports"));
    m_branchLabel->setToolTip(tr("A name for the branch this revision starts (--branch-label)"));
    m_dependsOn->setPlaceholderText(tr("optional: revision ids or labels, separated by commas"));
    m_dependsOn->setToolTip(tr("Revisions that must be applied before this one, on other branches (--depends-on)"));
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Message:"), m_message);
    form->addRow(tr("&Revises:"), m_head);
    form->addRow(tr("&Branch label:"), m_branchLabel);
    form->addRow(tr("&Depends on:"), m_dependsOn);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create Revision"));

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *field : {m_message, m_branchLabel, m_dependsOn})
        connect(field, &QLineEdit::textChanged, this, &NewRevisionDialog::updateAcceptable);
    connect(m_head, &QComboBox::currentIndexChanged, this, &NewRevisionDialog::updateAcceptable);
    updateAcceptable();
    resize(qMax(560, sizeHint().width()), sizeHint().height());
}

QString NewRevisionDialog::problem() const
{
    if (m_message->text().trimmed().isEmpty())
        return tr("Write what the revision does.");
    const QString head = m_head->currentData().toString();
    if (head.isEmpty())
        return tr("The project has several heads: choose the one this revision revises.");
    const QStringList labels = words(m_branchLabel->text());
    if (labels.size() > 1)
        return tr("One branch label, without spaces or commas.");
    if (head == kBase && labels.isEmpty())
        return tr("A revision that starts a new branch needs a branch label.");
    return QString();
}

void NewRevisionDialog::updateAcceptable()
{
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

ScriptDirectory::NewRevision NewRevisionDialog::request() const
{
    ScriptDirectory::NewRevision request;
    request.message = m_message->text().trimmed();
    request.heads = QStringList{m_head->currentData().toString()};
    request.branchLabels = words(m_branchLabel->text());
    request.dependsOn = words(m_dependsOn->text());
    return request;
}

std::optional<ScriptDirectory::NewRevision> NewRevisionDialog::ask(const RevisionMap &map, QWidget *parent)
{
    NewRevisionDialog dialog(map, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.request();
}

} // namespace retort::ui
