// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/safety/GatePrompt.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;
class QRadioButton;

namespace retort::ui {

// The GUI's production gate (DESIGN.md "Production safety"): the plan, the
// database name to type, the backup (take one now, reuse a recent one, or skip
// with a written reason) and the offer of a rehearsal. OK stays disabled until
// the name matches and a backup choice is complete; core's SafetyGate checks
// the answer again, so the dialog is a convenience, not the gate.
class ProductionGateDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ProductionGateDialog(const GatePrompt &prompt, QWidget *parent = nullptr);

    GateAnswer answer() const;
    // Shows the dialog; nothing when the user cancels.
    static std::optional<GateAnswer> ask(const GatePrompt &prompt, QWidget *parent);

private:
    void updateAcceptable();

    GatePrompt m_prompt;
    QLineEdit *m_typedName = nullptr;
    QRadioButton *m_takeBackup = nullptr;
    QRadioButton *m_reuseBackup = nullptr;
    QRadioButton *m_skipBackup = nullptr;
    QLineEdit *m_reason = nullptr;
    QCheckBox *m_rehearse = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace retort::ui
