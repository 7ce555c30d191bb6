// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistWalk.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QToolButton;

namespace retort::ui {

class ChecklistStepEditor;
class ChecklistStepList;
class ChecklistWindowBox;

// A maintenance-window checklist walked against one environment (DESIGN.md "Maintenance-window
// checklists"): the steps grouped by section with who checked each and when, the bound steps' results,
// a window timer against the planned duration, and Markdown/PDF exports of the report.
//
// The walk is saved to walkPath() after every change and loaded again by setProject()/openChecklist(),
// so progress survives a restart. The panel runs nothing itself: Run step emits actionRequested() and
// the window answers with actionFinished(); until then Run buttons, the checklist choice and Reset are
// disabled.
//
// The panel owns the checklist and the walk and coordinates: ChecklistStepList shows the steps and tells a
// tick, ChecklistStepEditor shows the selected step and edits its note and outcome, ChecklistWindowBox plans
// the window; after each change the panel saves the walk and has them show it again. GUI thread only.
class ChecklistPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChecklistPanel(QWidget *parent = nullptr);
    ~ChecklistPanel() override;

    // The project and environment the walks belong to; reloads the checklist list (Checklist::available) and
    // the saved walk of the selected checklist for this environment (ChecklistWalk::savePath). `database` is the
    // masked display URL stored in new walks. Empty projectDir: panel disabled.
    void setProject(const QString &projectDir, const QString &environment, const QString &database);
    // Selects a checklist by path (":/checklists/x.md" or a file); loads its saved walk or starts a new one.
    // False when the checklist cannot be read (the reason is shown in the panel).
    bool openChecklist(const QString &path);
    const ChecklistWalk *walk() const;  // nullptr when no checklist is open (or its saved walk is unreadable)
    const Checklist *checklist() const; // nullptr when no checklist is open
    QString walkPath() const;           // where the walk is saved; empty without a project and checklist
    // The panel's clock, replaceable for tests (default: current UTC time). The window timer ticks every second.
    void setClock(std::function<QDateTime()> clock);
    // Plan and revisions for the report, supplied by the window before/after runs.
    void setPlan(const QStringList &planLines);
    void setFinalRevisions(const QStringList &revisions);
    void setBackup(const WalkBackup &backup); // a backup taken by a bound {backup} step or a run's gate
    // The result of a bound action the panel asked for with actionRequested(); checks the step when it succeeded
    // (with who/when), records outcome/result/duration either way, saves the walk.
    void actionFinished(const QString &key, StepOutcome outcome, const QString &result, qint64 durationMs);
    // Selects the step and runs its action, as its Run step button does; false when it cannot run
    // (no action, already succeeded, or another action in flight).
    bool runStep(const QString &key);
    // Exports; errors are returned as a message (empty on success).
    QString exportMarkdown(const QString &path) const;
    QString exportPdf(const QString &path) const;

    // The key of the step whose action is running, empty when none is.
    QString runningKey() const { return m_running ? m_running->key : QString(); }
    // The problems shown above the steps (a changed checklist file, an unreadable walk, a walk begun on another
    // database, a failed save).
    QString warningText() const;

public Q_SLOTS:
    // Starts a new walk of the open checklist and saves it, replacing the saved one, without asking;
    // the Reset walk button asks first.
    void resetWalk();
    // Starts the window now (planned start = the clock) for the planned duration.
    void startWindow();

Q_SIGNALS:
    // The user asked to run a bound step ({upgrade head} etc.). The window runs it through the same gates as
    // its own buttons and answers with actionFinished(). The panel disables Run buttons until then.
    void actionRequested(const QString &key, const retort::ChecklistAction &action);
    void walkChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct RunningAction
    {
        QString key;
        QString walkPath; // the walk the result belongs to, should the user switch checklists meanwhile
    };

    // No checklist, no walk, no errors of either.
    void forgetChecklist();
    void fillChecklistCombo(const QString &select);
    void loadWalk();
    // A walk begun on another database than the environment names now is shown and exported, never walked on: its
    // steps and report are about that one (ChecklistWalk::adoptDatabase). One nobody has begun takes the database's
    // name.
    void checkWalkDatabase();
    // A walk is open and may be walked: ticks, notes, runs, the window and the facts the window supplies.
    bool canWalk() const;
    void fillSteps();
    // Everything shown outside the step rows: sections, window, summary, warning, details, buttons.
    void updateEverything();
    void updateDetails();
    void updateSummary();
    void updateDescription();
    void updateWarning();
    void updateEnabled();
    // Saves the walk, shows a failure, refreshes the view and emits walkChanged().
    void walkEdited();

    void onComboActivated(int index);
    // The list's check box: the step editor ticks or unticks the step, or says why not.
    void onCheckToggled(const QString &key, bool checked);
    // Saves the walk after a note was typed (no more: every keystroke comes here).
    void noteEdited();
    // Asks the window to run the step's action (actionRequested()), when it can run.
    void requestAction(const QString &key);
    void confirmReset();
    void chooseMarkdownExport();
    void choosePdfExport();

    QDateTime now() const;
    QString defaultExportPath(const QString &suffix) const;

    QString m_projectDir;
    QString m_environment;
    QString m_database;
    std::optional<Checklist> m_checklist;
    std::optional<ChecklistWalk> m_walk;
    QString m_walkPath;
    std::optional<RunningAction> m_running;
    std::function<QDateTime()> m_clock;
    QString m_checklistError; // the selected checklist cannot be read
    QString m_walkError;      // its saved walk cannot be read
    QString m_databaseError;  // its walk began on another database than the environment names now
    QString m_saveError;      // the last save failed
    bool m_descriptionExpanded = false;

    QComboBox *m_checklists = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_description = nullptr;
    QToolButton *m_descriptionToggle = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_warning = nullptr;
    ChecklistWindowBox *m_window = nullptr;
    ChecklistStepList *m_steps = nullptr;
    ChecklistStepEditor *m_stepEditor = nullptr;
    QPushButton *m_exportMarkdown = nullptr;
    QPushButton *m_exportPdf = nullptr;
    QPushButton *m_reset = nullptr;
};

} // namespace retort::ui
