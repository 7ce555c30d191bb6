// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistStepEditor.h"

#include "ui/checklist/WalkStepText.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QVBoxLayout>

namespace retort::ui {

ChecklistStepEditor::ChecklistStepEditor(std::function<QDateTime()> now, QWidget *parent)
    : QGroupBox(tr("Selected step"), parent), m_now(std::move(now)), m_stepText(new QLabel(this)),
      m_stepInfo(new QLabel(this)), m_note(new QLineEdit(this)), m_runStep(new QPushButton(tr("&Run step"), this)),
      m_skipStep(new QPushButton(tr("S&kip step"), this))
{
    m_stepText->setObjectName(QStringLiteral("stepText"));
    m_stepInfo->setObjectName(QStringLiteral("stepInfo"));
    m_note->setObjectName(QStringLiteral("stepNote"));
    m_runStep->setObjectName(QStringLiteral("runStepButton"));
    m_skipStep->setObjectName(QStringLiteral("skipStepButton"));

    // Its full text, what it is bound to or who did it, and a note.
    m_stepText->setWordWrap(true);
    m_stepText->setTextFormat(Qt::MarkdownText);
    m_stepText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stepInfo->setWordWrap(true);
    m_stepInfo->setTextFormat(Qt::PlainText);
    m_stepInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setPlaceholderText(tr("Note for this step (saved with it; say why when skipping)"));
    m_note->setClearButtonEnabled(true);
    m_runStep->setToolTip(tr("Run the step's action through the same checks as the window's own buttons"));
    auto *noteLabel = new QLabel(tr("&Note:"), this);
    noteLabel->setBuddy(m_note);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stepText);
    layout->addWidget(m_stepInfo);
    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(noteLabel);
    noteRow->addWidget(m_note, 1);
    layout->addLayout(noteRow);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_runStep);
    buttons->addWidget(m_skipStep);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    connect(m_note, &QLineEdit::textChanged, this, &ChecklistStepEditor::onNoteEdited);
    connect(m_runStep, &QPushButton::clicked, this, [this] { Q_EMIT runRequested(m_key); });
    connect(m_skipStep, &QPushButton::clicked, this, &ChecklistStepEditor::skipOrReopen);
}

void ChecklistStepEditor::showStep(const Checklist *checklist, ChecklistWalk *walk, const QString &key,
                                   const QString &runningKey, bool runningHere)
{
    const QScopedValueRollback<bool> updating(m_updating, true);
    m_checklist = checklist;
    m_walk = walk;
    m_key = key;
    const WalkStep *step = m_walk && !key.isEmpty() ? m_walk->step(key) : nullptr;
    const int index = m_checklist && step ? m_checklist->indexOf(key) : -1;
    const ChecklistItem *item = index >= 0 ? &m_checklist->items().at(index) : nullptr;
    const bool busy = !runningKey.isEmpty();
    const bool skipped = isSkipped(step);

    m_note->setEnabled(step != nullptr);
    m_runStep->setEnabled(item && !item->action.isNone() && !busy && step->outcome != StepOutcome::Succeeded);
    // The same button skips an open step and reopens a skipped one.
    m_skipStep->setText(skipped ? tr("Re&open Step") : tr("S&kip step"));
    m_skipStep->setToolTip(skipped ? tr("Take the skip back: the step is open again")
                                   : tr("Mark the step dealt with as skipped; write the reason in the note first"));
    m_skipStep->setEnabled(item && (!step->done || skipped) && runningKey != key);

    if (!step) {
        m_stepText->setText(m_walk ? tr("Select a step to add a note or run it.") : QString());
        m_stepInfo->clear();
        m_stepInfo->hide();
        m_note->clear();
        return;
    }
    // The step's own Markdown (`code`) rendered; the number in bold as the list shows it.
    m_stepText->setText(item ? QStringLiteral("**%1.** %2").arg(index + 1).arg(item->text) : step->text);

    QStringList info;
    if (!item)
        info << tr("This step is no longer in the checklist; the walk keeps what was recorded for it.");
    else if (item->action.isNone())
        info << tr("Manual step: tick it when it is done.");
    else
        info << tr("%1. Run step runs it through the same checks as the window's buttons.")
                    .arg(item->action.description());
    if (skipped) {
        info << tr("Skipped (not done); Reopen Step takes the skip back.");
    } else if (step->done && (!step->by.isEmpty() || step->at.isValid())) {
        const QString by = step->whoAndWhere(tr("someone"));
        info << (step->at.isValid()
                     ? tr("Done by %1 at %2.").arg(by, utcText(step->at, QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                     : tr("Done by %1.").arg(by));
    } else if (step->done) {
        info << tr("Checked in the checklist file.");
    }
    if (runningHere && runningKey == key)
        info << tr("Running…");
    else if (!outcomeText(*step).isEmpty())
        info << tr("Result: %1").arg(outcomeText(*step));
    m_stepInfo->setText(info.join(QLatin1Char('\n')));
    m_stepInfo->show();
    if (m_note->text() != step->note)
        m_note->setText(step->note);
}

bool ChecklistStepEditor::setChecked(const QString &key, bool checked)
{
    const WalkStep *step = m_walk && !key.isEmpty() && key == m_key ? m_walk->step(key) : nullptr;
    if (!step)
        return false;
    if (checked) {
        const int index = m_checklist ? m_checklist->indexOf(key) : -1;
        const ChecklistAction action = index >= 0 ? m_checklist->items().at(index).action : ChecklistAction();
        // The note typed for the step is already in the walk (onNoteEdited()); both keep it.
        if (!action.isNone() && step->outcome != StepOutcome::Succeeded) {
            // A bound step is done by running it; done another way, the report says how and why.
            if (!m_walk->markDoneByHand(key, QString(), m_now())) {
                explain(tr("This step is bound to an action (%1). To mark it done without running it, write in the "
                           "note how and why it was done by hand, then tick it again.")
                            .arg(action.description()));
                return false;
            }
        } else {
            if (isSkipped(step))
                m_walk->recordResult(key, StepOutcome::NotRun, QString(), 0);
            m_walk->markDone(key, QString(), m_now());
        }
    } else {
        const bool byHand = step->outcome == StepOutcome::DoneByHand;
        m_walk->undo(key);
        if (byHand) // it did not run: nothing of it stays
            m_walk->recordResult(key, StepOutcome::NotRun, QString(), 0);
    }
    Q_EMIT stepEdited();
    return true;
}

void ChecklistStepEditor::skipOrReopen()
{
    const WalkStep *step = m_walk && !m_key.isEmpty() ? m_walk->step(m_key) : nullptr;
    if (isSkipped(step)) { // Reopen Step
        m_walk->undo(m_key);
        m_walk->recordResult(m_key, StepOutcome::NotRun, QString(), 0);
        Q_EMIT stepEdited();
        return;
    }
    if (!step || step->done)
        return;
    if (!m_walk->skip(m_key, QString(), m_now())) {
        explain(tr("Write in the note why the step is skipped, then press Skip step again."));
        return;
    }
    Q_EMIT stepEdited();
}

void ChecklistStepEditor::onNoteEdited(const QString &text)
{
    if (m_updating || !m_walk)
        return;
    for (WalkStep &step : m_walk->steps) {
        if (step.key != m_key || step.note == text)
            continue;
        step.note = text;
        Q_EMIT noteEdited();
        return;
    }
}

void ChecklistStepEditor::explain(const QString &text)
{
    m_stepInfo->setText(m_stepInfo->text() + QLatin1Char('\n') + text);
    m_note->setFocus();
}

} // namespace retort::ui
