// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/ArgumentParser.h"
#include "core/Result.h"

#include <QHash>
#include <QString>

namespace retort {
class Checklist;
}

namespace retort::cli {

// The steps of `retort checklist walk` answered on the command line: --note STEP=TEXT ticks a manual step with
// that note (on a bound step it is the note the step runs with), --skip STEP=REASON deals with a step by
// skipping it. STEP names one item of the checklist: its number as the walk prints it (1-based), its key
// ("in-the-window/take-a-backup-of-the-production-database-backup"), or the start of exactly one key; a
// number always means the number.
class WalkAnswers
{
public:
    static const OptionSpec kNote;
    static const OptionSpec kSkip;

    struct Answer
    {
        enum class Kind
        {
            Note,
            Skip
        };
        Kind kind = Kind::Note;
        QString text;     // the note, or the reason
        QString argument; // as given, for messages: "--skip '12=no rollback needed'"
    };

    // What can be told before anything is read: every value is STEP=TEXT, with a STEP and a text.
    [[nodiscard]] static Status checkSyntax(const ParsedArguments &args);
    // Each answer matched to its item of `checklist`. Errors (CommandLine) name the argument: a STEP that names
    // no item (with the checklist's steps listed), one that starts several keys (with those listed), two
    // answers for one step.
    [[nodiscard]] static Result<WalkAnswers> resolve(const Checklist &checklist, const ParsedArguments &args);

    // "\n    7  in-the-window/deploy-the-new-code-with-its-migrations-folder": a step as messages list them.
    static QString listedStep(int index, const QString &key);

    // The answer for the item with this key; nullptr when none was given.
    const Answer *forKey(const QString &key) const;
    bool isEmpty() const { return m_answers.isEmpty(); }

private:
    QHash<QString, Answer> m_answers; // by ChecklistItem::key
};

} // namespace retort::cli
