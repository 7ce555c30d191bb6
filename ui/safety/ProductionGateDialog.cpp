// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/safety/ProductionGateDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace retort::ui {

ProductionGateDialog::ProductionGateDialog(const GatePrompt &prompt, QWidget *parent)
    : QDialog(parent), m_prompt(prompt)
{
    setObjectName(QStringLiteral("productionGateDialog"));
    setWindowTitle(tr("%1 production database").arg(prompt.verb));
    auto *layout = new QVBoxLayout(this);

    QString bannerText = tr("<b>PRODUCTION database</b>, reached through environment <b>%1</b><br>%2")
                             .arg(prompt.environment.toHtmlEscaped(), prompt.databaseDisplay.toHtmlEscaped());
    if (!prompt.why.isEmpty())
        bannerText += QStringLiteral("<br>") + prompt.why.toHtmlEscaped();
    if (!prompt.databaseDescription.isEmpty())
        bannerText += QStringLiteral("<br>") + prompt.databaseDescription.toHtmlEscaped();
    for (const QString &note : prompt.notes)
        bannerText += QStringLiteral("<br>") + tr("Note: %1").arg(note.toHtmlEscaped());
    auto *banner = new QLabel(bannerText, this);
    banner->setWordWrap(true);
    banner->setObjectName(QStringLiteral("gateBanner"));
    banner->setAutoFillBackground(true);
    banner->setMargin(8);
    QPalette bannerPalette = banner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xb7, 0x1c, 0x1c));
    bannerPalette.setColor(QPalette::WindowText, Qt::white);
    banner->setPalette(bannerPalette);
    layout->addWidget(banner);

    layout->addWidget(new QLabel(tr("The run will take these steps:"), this));
    auto *plan = new QPlainTextEdit(this);
    plan->setObjectName(QStringLiteral("gatePlan"));
    plan->setReadOnly(true);
    QString planText = prompt.planLines.isEmpty() ? tr("(nothing to do)") : prompt.planLines.join(u'\n');
    if (!prompt.withoutRunning.isEmpty()) {
        planText += u'\n' + (prompt.withoutRunningApplied
                                 ? tr("%n revision(s) will be marked applied without running:", nullptr,
                                      int(prompt.withoutRunning.size()))
                                 : tr("%n revision(s) will be marked not applied without running:", nullptr,
                                      int(prompt.withoutRunning.size())));
        for (const QString &line : prompt.withoutRunning)
            planText += QStringLiteral("\n  ") + line;
    }
    plan->setPlainText(planText);
    plan->setMaximumHeight(plan->fontMetrics().lineSpacing() * 8);
    layout->addWidget(plan);

    auto *backupBox = new QVBoxLayout;
    m_takeBackup =
        new QRadioButton(prompt.backupMethod.isEmpty() ? tr("Take a backup now (backups are off for this environment)")
                                                       : tr("Take a backup now: %1").arg(prompt.backupMethod),
                         this);
    m_takeBackup->setObjectName(QStringLiteral("gateTakeBackup"));
    m_takeBackup->setEnabled(!prompt.backupMethod.isEmpty());
    backupBox->addWidget(m_takeBackup);
    m_reuseBackup = new QRadioButton(this);
    m_reuseBackup->setObjectName(QStringLiteral("gateReuseBackup"));
    if (prompt.recentBackup)
        m_reuseBackup->setText(tr("Use the backup taken earlier: %1").arg(prompt.recentBackup->summary()));
    m_reuseBackup->setVisible(prompt.recentBackup.has_value());
    backupBox->addWidget(m_reuseBackup);
    m_skipBackup = new QRadioButton(tr("Skip the backup, because:"), this);
    m_skipBackup->setObjectName(QStringLiteral("gateSkipBackup"));
    backupBox->addWidget(m_skipBackup);
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("gateReason"));
    m_reason->setPlaceholderText(tr("the reason is recorded in the history table"));
    backupBox->addWidget(m_reason);
    (prompt.recentBackup             ? m_reuseBackup
     : prompt.backupMethod.isEmpty() ? m_skipBackup
                                     : m_takeBackup)
        ->setChecked(true);
    layout->addLayout(backupBox);

    m_rehearse = new QCheckBox(tr("Rehearse first: run the plan in a transaction and roll it back"), this);
    m_rehearse->setObjectName(QStringLiteral("gateRehearse"));
    m_rehearse->setChecked(prompt.rehearsalPossible && !prompt.rehearsalOnly);
    m_rehearse->setEnabled(prompt.rehearsalPossible);
    if (!prompt.rehearsalPossible)
        m_rehearse->setToolTip(tr("This database commits DDL implicitly; a rehearsal would apply the changes."));
    layout->addWidget(m_rehearse);
    // A rehearsal that cannot cover the plan must not read as if it did: said where the eye goes, in
    // the warning's colours, with what happens at the point it stops.
    auto *limit = new QLabel(this);
    limit->setObjectName(QStringLiteral("gateRehearsalLimit"));
    limit->setWordWrap(true);
    limit->setAutoFillBackground(true);
    limit->setMargin(6);
    QPalette limitPalette = limit->palette();
    limitPalette.setColor(QPalette::Window, QColor(0xff, 0xf3, 0xcd));
    limitPalette.setColor(QPalette::WindowText, QColor(0x5c, 0x3c, 0x00));
    limit->setPalette(limitPalette);
    limit->setText(tr("<b>⚠ The rehearsal cannot cover the whole plan.</b> It stops before %1, which runs outside "
                      "a transaction. With Rehearse first, the steps before it run for real, then you are asked "
                      "again before anything that was not rehearsed runs.")
                       .arg(prompt.rehearsalStopsBefore.toHtmlEscaped()));
    limit->setVisible(!prompt.rehearsalStopsBefore.isEmpty() && prompt.rehearsalPossible && !prompt.rehearsalOnly);
    layout->addWidget(limit);
    // A rehearsal keeps nothing: it asks for the confirmation alone.
    for (QWidget *widget :
         std::initializer_list<QWidget *>{m_takeBackup, m_reuseBackup, m_skipBackup, m_reason, m_rehearse}) {
        if (prompt.rehearsalOnly)
            widget->setVisible(false);
    }

    // The name may be a long path: it wraps on its own line, and the field below takes the full width.
    auto *typeLabel = new QLabel(tr("Type <b>%1</b> to confirm:").arg(prompt.databaseName.toHtmlEscaped()), this);
    typeLabel->setObjectName(QStringLiteral("gateTypeLabel"));
    typeLabel->setWordWrap(true);
    typeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(typeLabel);
    m_typedName = new QLineEdit(this);
    m_typedName->setObjectName(QStringLiteral("gateTypedName"));
    typeLabel->setBuddy(m_typedName);
    layout->addWidget(m_typedName);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("%1 production").arg(prompt.verb));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QRadioButton *button : {m_takeBackup, m_reuseBackup, m_skipBackup})
        connect(button, &QRadioButton::toggled, this, &ProductionGateDialog::updateAcceptable);
    connect(m_reason, &QLineEdit::textChanged, this, &ProductionGateDialog::updateAcceptable);
    connect(m_skipBackup, &QRadioButton::toggled, this, [this](bool checked) {
        if (checked)
            m_reason->setFocus(); // the reason is what is asked next
    });
    connect(m_typedName, &QLineEdit::textChanged, this, &ProductionGateDialog::updateAcceptable);
    m_typedName->setFocus();
    updateAcceptable();
    resize(720, sizeHint().height());
}

void ProductionGateDialog::updateAcceptable()
{
    m_reason->setEnabled(m_skipBackup->isChecked());
    const bool named = m_typedName->text().trimmed() == m_prompt.databaseName;
    const bool backupChosen =
        m_prompt.rehearsalOnly || !m_skipBackup->isChecked() || !m_reason->text().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(named && backupChosen);
}

GateAnswer ProductionGateDialog::answer() const
{
    GateAnswer answer;
    answer.decision.typedName = m_typedName->text().trimmed();
    answer.decision.skipBackup = m_skipBackup->isChecked();
    answer.decision.skipReason = m_reason->text().trimmed();
    if (m_reuseBackup->isChecked())
        answer.decision.existingBackup = m_prompt.recentBackup;
    answer.decision.rehearsalOnly = m_prompt.rehearsalOnly;
    answer.rehearseFirst = !m_prompt.rehearsalOnly && m_rehearse->isChecked();
    return answer;
}

std::optional<GateAnswer> ProductionGateDialog::ask(const GatePrompt &prompt, QWidget *parent)
{
    ProductionGateDialog dialog(prompt, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.answer();
}

} // namespace retort::ui
