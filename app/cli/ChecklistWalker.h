// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/ArgumentParser.h"
#include "core/Result.h"
#include "core/checklist/ChecklistWalk.h"

#include <memory>
#include <optional>

namespace retort {
class Checklist;
struct ChecklistItem;
class ProjectConfig;
} // namespace retort

namespace retort::cli {

class CommandContext;
class WalkActions;
class WalkAnswers;

// `retort checklist walk NAME`: the walk the workbench's checklist panel records (the same file,
// ChecklistWalk::savePath, so either continues what the other began), step by step in a terminal. Each open
// step shows its section, its text and what it is bound to, then is dealt with: ticked with a note, skipped
// with a reason, its bound action run (WalkActions, through the gate of `retort upgrade`) or ticked by hand
// with how and why. At a terminal it asks; with --yes it runs bound steps and takes --note/--skip for the
// manual ones, every one of which must be answered. The walk is saved after every step; it stops at a bound
// step that failed or was refused.
class ChecklistWalker
{
public:
    static const OptionSpec kYes;
    static const OptionSpec kRestart;

    ChecklistWalker(CommandContext &context, const ProjectConfig &config, const ParsedArguments &args,
                    QString environment);
    ~ChecklistWalker();

    [[nodiscard]] Status walk(const Checklist &checklist);
    // The walk as walk() left it; nullptr when none was opened.
    const ChecklistWalk *current() const { return m_walk ? &*m_walk : nullptr; }
    // Whether it has a report: it passed the checks made before the first step (nothing is written otherwise),
    // or it was finished already, and has begun.
    bool reportable() const { return m_checked && m_walk && m_walk->startedAt.isValid(); }

private:
    enum class Choice
    {
        Done,
        DoneByHand,
        Skip,
        Run,
        Quit
    };
    struct Decision
    {
        Choice choice = Choice::Quit;
        QString text; // the note, or the reason
    };

    // Loads the saved walk, or starts one; false when there is nothing to walk (it is finished, or the person
    // chose to stop at a question about it).
    [[nodiscard]] Result<bool> openWalk(const QString &database);
    // --yes: every open manual step needs a --note or a --skip.
    [[nodiscard]] Status checkAnswered(const WalkAnswers &answers) const;
    // Deals with item `index`; false when the person quit.
    [[nodiscard]] Result<bool> walkStep(int index, const WalkAnswers &answers);
    [[nodiscard]] Result<bool> runStep(int index);
    Decision ask(const ChecklistItem &item);
    // A line of text; nullopt at the end of the input. `required`: asked again while empty.
    std::optional<QString> askText(const QString &prompt, bool required);
    // A choice among `letters` ("dsq"); nullopt at the end of the input.
    std::optional<QChar> askChoice(const QString &prompt, const QString &letters);
    [[nodiscard]] Status save();
    void printStepResult(int index);
    void printEnd(bool quit);

    CommandContext &m_context;
    const ProjectConfig &m_config;
    const ParsedArguments &m_args;
    QString m_environment;
    bool m_interactive = false;
    bool m_checked = false;
    const Checklist *m_checklist = nullptr;
    std::optional<ChecklistWalk> m_walk;
    QString m_walkPath;
    std::unique_ptr<WalkActions> m_actions;
};

} // namespace retort::cli
