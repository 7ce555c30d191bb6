// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ChecklistWalker.h"

#include "app/cli/CommandContext.h"
#include "app/cli/WalkActions.h"
#include "app/cli/WalkAnswers.h"
#include "core/TextFormat.h"
#include "core/checklist/Checklist.h"
#include "core/checklist/ChecklistReport.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace retort::cli {

const OptionSpec ChecklistWalker::kYes{
    {QStringLiteral("--yes")},
    QString(),
    QStringLiteral("walk: no questions; bound steps run (production: as `retort upgrade --yes` confirms)")};
const OptionSpec ChecklistWalker::kRestart{
    {QStringLiteral("--restart")}, QString(), QStringLiteral("walk: start a new walk, replacing the saved one")};

namespace {

const QString kIndent = QStringLiteral("    ");

} // namespace

ChecklistWalker::ChecklistWalker(CommandContext &context, const ProjectConfig &config, const ParsedArguments &args,
                                 QString environment)
    : m_context(context), m_config(config), m_args(args), m_environment(std::move(environment))
{
}

ChecklistWalker::~ChecklistWalker() = default;

Status ChecklistWalker::walk(const Checklist &checklist)
{
    m_checklist = &checklist;
    m_interactive = !m_args.isSet(kYes);
    if (m_interactive && !m_context.input()) {
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("no terminal is attached to ask at each step; pass --yes to walk without "
                                    "questions (each open manual step then needs --note STEP=TEXT or --skip "
                                    "STEP=REASON); nothing was changed"));
    }
    RETORT_TRY(const WalkAnswers answers, WalkAnswers::resolve(checklist, m_args));
    const QVector<ChecklistItem> &items = checklist.items();
    const bool bound =
        std::any_of(items.cbegin(), items.cend(), [](const ChecklistItem &item) { return !item.action.isNone(); });
    // Only bound steps need the database; a checklist of manual steps is walked without one.
    std::optional<DatabaseTarget> target;
    if (Result<DatabaseTarget> resolved = m_context.databaseTarget(m_config); resolved.ok())
        target = std::move(resolved).value();
    else if (bound)
        return resolved.error();
    m_walkPath = ChecklistWalk::savePath(m_config.projectDir(), checklist.path(), m_environment);
    // Located: a walk tells databases apart by what the URL reaches, not by how it was written.
    RETORT_TRY(const bool open, openWalk(target ? target->url.toLocatedDisplayString() : QString()));
    if (!open) {
        m_checked = true;
        return Status::success();
    }
    if (!m_interactive)
        RETORT_CHECK(checkAnswered(answers));
    if (bound) {
        RETORT_TRY(ScriptDirectory scripts, m_context.loadScripts(m_config, ScriptContents::Everything));
        m_actions = std::make_unique<WalkActions>(m_context, Project{m_config, std::move(scripts)}, *target, m_args);
    }
    m_checked = true;

    for (int index = 0; index < items.size(); ++index) {
        RETORT_TRY(const bool goOn, walkStep(index, answers));
        if (!goOn) {
            printEnd(true);
            return Status::success();
        }
    }
    if (m_walk->isFinished() && m_actions) {
        // The report ends with where the database is.
        if (const std::optional<QStringList> rows = m_actions->currentRows(); rows && *rows != m_walk->finalRevisions) {
            m_walk->finalRevisions = *rows;
            RETORT_CHECK(save());
        }
    }
    printEnd(false);
    return Status::success();
}

Result<bool> ChecklistWalker::openWalk(const QString &database)
{
    const Checklist &checklist = *m_checklist;
    QTextStream &out = m_context.out();
    out << checklist.title() << " (" << checklist.path() << ")\n";
    out << "environment '" << m_environment << '\'';
    if (!database.isEmpty())
        out << ", database " << maskPasswords(database);
    out << "\nwalk: " << QDir::toNativeSeparators(m_walkPath);

    const auto startNew = [&](const QString &why) {
        m_walk = ChecklistWalk::start(checklist, m_environment, database);
        out << " (" << why << ")\n";
    };
    if (!QFileInfo::exists(m_walkPath)) {
        startNew(QStringLiteral("a new walk"));
        return true;
    }
    Result<ChecklistWalk> loaded = ChecklistWalk::load(m_walkPath);
    if (!loaded.ok()) {
        // Never replaced without being asked to: the window's Reset walk asks first too.
        if (!m_args.isSet(kRestart)) {
            out << '\n';
            Error error = loaded.error();
            error.message = QStringLiteral("the saved walk cannot be read: %1; --restart starts a new walk and "
                                           "replaces the file")
                                .arg(error.message);
            return error;
        }
        startNew(QStringLiteral("a new walk, replacing one that cannot be read"));
        return true;
    }
    ChecklistWalk saved = std::move(loaded).value();
    if (m_args.isSet(kRestart)) {
        startNew(QStringLiteral("a new walk, replacing the saved one: %1").arg(stepsDoneText(checklist, &saved)));
        return true;
    }
    m_walk = std::move(saved);
    out << " (continued: " << stepsDoneText(checklist, &*m_walk) << ")\n";
    if (!m_walk->adoptDatabase(database)) {
        // Its steps and report are about the database it began on: run on this one, they would tell of the wrong one.
        return Error(ErrorCode::Refused,
                     QStringLiteral("this walk began on %1, but environment '%2' now names %3: its steps and its "
                                    "report are about the first. Point the environment back at it to go on, or "
                                    "--restart to start a new walk on this database (the saved walk is replaced); "
                                    "nothing was run")
                         .arg(maskPasswords(m_walk->database), m_environment, maskPasswords(database)));
    }
    if (!m_walk->matches(checklist)) {
        // Items added to the file since the walk began get open steps; the recorded ones stay as they are.
        m_walk->addMissingSteps(checklist);
        out << "warning: the checklist file changed after this walk began. The recorded steps are kept and "
               "matched by their text; check the open steps again (--restart starts a new walk).\n";
        if (m_interactive) {
            const std::optional<QChar> choice =
                askChoice(QStringLiteral("[c]ontinue this walk / start a [n]ew one / [q]uit? "), QStringLiteral("cnq"));
            if (!choice || *choice == u'q')
                return false;
            if (*choice == u'n') {
                out << "walk: " << QDir::toNativeSeparators(m_walkPath);
                startNew(QStringLiteral("a new walk, replacing the saved one"));
                return true;
            }
        }
    }
    if (m_walk->isFinished() && m_walk->doneCount() == m_walk->steps.size()) {
        out << "This walk was finished at " << checklistTime(m_walk->finishedAt) << ".\n";
        if (!m_interactive) {
            out << "Nothing is left to walk; --restart starts a new walk.\n";
            return false;
        }
        const std::optional<QChar> choice =
            askChoice(QStringLiteral("start a [n]ew walk / [q]uit? "), QStringLiteral("nq"));
        if (!choice || *choice == u'q')
            return false;
        out << "walk: " << QDir::toNativeSeparators(m_walkPath);
        startNew(QStringLiteral("a new walk, replacing the finished one"));
    }
    return true;
}

Status ChecklistWalker::checkAnswered(const WalkAnswers &answers) const
{
    QString open;
    const QVector<ChecklistItem> &items = m_checklist->items();
    for (int index = 0; index < items.size(); ++index) {
        const ChecklistItem &item = items.at(index);
        const WalkStep *step = m_walk->step(item.key);
        if (item.action.isNone() && step && !step->done && !answers.forKey(item.key))
            open += WalkAnswers::listedStep(index, item.key);
    }
    if (open.isEmpty())
        return Status::success();
    // Ticking "Stop the application" for someone who did not say it was done would make the report lie.
    return Error(ErrorCode::CommandLine,
                 QStringLiteral("--yes ticks a manual step only with what was done: give --note STEP=TEXT or --skip "
                                "STEP=REASON for each open manual step; nothing was run. Open manual steps:") +
                     open);
}

Result<bool> ChecklistWalker::walkStep(int index, const WalkAnswers &answers)
{
    const ChecklistItem &item = m_checklist->items().at(index);
    const WalkStep *step = m_walk->step(item.key);
    QTextStream &out = m_context.out();
    if ((index == 0 || item.section != m_checklist->items().at(index - 1).section) && !item.section.isEmpty())
        out << "\n## " << item.section << '\n';
    if (step->done) {
        out << "  " << checklistStepLine(index + 1, item, step) << '\n';
        return true;
    }
    out << '\n' << index + 1 << ". " << item.text << '\n';
    out << kIndent << (item.action.isNone() ? QStringLiteral("Manual step") : item.action.description()) << '\n';
    if (!step->note.isEmpty())
        out << kIndent << "Note: " << step->note << '\n';
    if (step->outcome != StepOutcome::NotRun) {
        out << kIndent << "Last result: " << stepOutcomeName(step->outcome)
            << (step->result.isEmpty() ? QString() : QStringLiteral(": ") + maskPasswords(step->result)) << '\n';
    }
    out.flush();

    const WalkAnswers::Answer *answer = answers.forKey(item.key);
    if (answer && answer->kind == WalkAnswers::Answer::Kind::Skip) {
        m_walk->skip(item.key, answer->text);
    } else if (answer && item.action.isNone()) {
        m_walk->markDone(item.key, answer->text);
    } else {
        if (answer) // the note a bound step runs with
            m_walk->setNote(item.key, answer->text);
        if (m_actions && !item.action.isNone()) {
            const PriorState prior = m_actions->prior(item.action, *m_walk);
            if (prior.kind != PriorState::Kind::NotDone) {
                m_walk->recordResult(item.key, StepOutcome::Succeeded, prior.result, 0);
                m_walk->markDone(item.key);
                RETORT_CHECK(save());
                printStepResult(index);
                return true;
            }
        }
        const Decision decision = m_interactive ? ask(item) : Decision{Choice::Run, QString()};
        switch (decision.choice) {
        case Choice::Quit:
            RETORT_CHECK(save());
            return false;
        case Choice::Run:
            return runStep(index);
        case Choice::Done:
            m_walk->markDone(item.key, decision.text);
            break;
        case Choice::DoneByHand:
            m_walk->markDoneByHand(item.key, decision.text);
            break;
        case Choice::Skip:
            m_walk->skip(item.key, decision.text);
            break;
        }
    }
    RETORT_CHECK(save());
    printStepResult(index);
    return true;
}

Result<bool> ChecklistWalker::runStep(int index)
{
    const ChecklistItem &item = m_checklist->items().at(index);
    if (!m_actions || item.action.isNone())
        return Error(ErrorCode::CommandLine, QStringLiteral("step %1 has no action to run").arg(index + 1));
    m_context.out().flush();
    const BoundStepOutcome outcome = m_actions->run(item.action, *m_walk);
    m_walk->recordResult(item.key, outcome.result.outcome, outcome.result.text, outcome.durationMs);
    if (outcome.result.outcome == StepOutcome::Succeeded)
        m_walk->markDone(item.key);
    RETORT_CHECK(save());
    printStepResult(index);
    if (outcome.error) {
        m_context.out() << "\nThe walk stops at step " << index + 1 << " (" << stepsDoneText(*m_checklist, &*m_walk)
                        << "); it is saved. Walk again to continue from there.\n";
        m_context.out().flush();
        return *outcome.error;
    }
    return true;
}

ChecklistWalker::Decision ChecklistWalker::ask(const ChecklistItem &item)
{
    const bool bound = !item.action.isNone();
    const QString prompt = bound ? kIndent + QStringLiteral("[r]un / [d]one by hand / [s]kip / [q]uit (the walk is "
                                                            "saved)? ")
                                 : kIndent + QStringLiteral("[d]one / [s]kip / [q]uit (the walk is saved)? ");
    const std::optional<QChar> choice = askChoice(prompt, bound ? QStringLiteral("rdsq") : QStringLiteral("dsq"));
    if (!choice || *choice == u'q')
        return {Choice::Quit, QString()};
    if (*choice == u'r')
        return {Choice::Run, QString()};
    std::optional<QString> text;
    Choice chosen = Choice::Skip;
    if (*choice == u's') {
        text = askText(kIndent + QStringLiteral("Why is it skipped? "), true);
    } else if (bound) {
        // A bound step is done by running it; done another way, the report says how and why.
        chosen = Choice::DoneByHand;
        text = askText(kIndent + QStringLiteral("How and why was it done by hand (the report shows it)? "), true);
    } else {
        chosen = Choice::Done;
        text = askText(kIndent + QStringLiteral("Note (Enter for none)? "), false);
    }
    if (!text)
        return {Choice::Quit, QString()};
    return {chosen, *text};
}

std::optional<QString> ChecklistWalker::askText(const QString &prompt, bool required)
{
    while (true) {
        const std::optional<QString> line = m_context.askLine(prompt);
        if (!line || !required || !line->isEmpty())
            return line;
        m_context.err() << kIndent << "It is recorded with the step: write it, or answer at the step again.\n";
    }
}

std::optional<QChar> ChecklistWalker::askChoice(const QString &prompt, const QString &letters)
{
    while (true) {
        const std::optional<QString> line = m_context.askLine(prompt);
        if (!line)
            return std::nullopt;
        if (!line->isEmpty() && letters.contains(line->at(0).toLower()))
            return line->at(0).toLower();
        QStringList choices;
        for (const QChar letter : letters)
            choices << letter;
        m_context.err() << kIndent << "Answer " << choices.join(QStringLiteral(", ")) << ".\n";
    }
}

Status ChecklistWalker::save()
{
    return m_walk->save(m_walkPath);
}

void ChecklistWalker::printStepResult(int index)
{
    const ChecklistItem &item = m_checklist->items().at(index);
    m_context.out() << kIndent << "→ " << checklistStepLine(index + 1, item, m_walk->step(item.key)) << '\n';
    m_context.out().flush();
}

void ChecklistWalker::printEnd(bool quit)
{
    QTextStream &out = m_context.out();
    const QString done = stepsDoneText(*m_checklist, &*m_walk);
    if (quit) {
        out << "\nThe walk is saved (" << done << "): walk again to go on, here or in the workbench's checklist "
            << "panel.\n";
    } else if (m_walk->isFinished()) {
        out << "\nWalk finished at " << checklistTime(m_walk->finishedAt) << ": " << done << ".\n";
    } else {
        // Steps recorded for items the file no longer has keep it open, as in the window.
        out << "\nThe walk is saved (" << done << "); it is not finished.\n";
    }
    out.flush();
}

} // namespace retort::cli
