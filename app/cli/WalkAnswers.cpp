// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/WalkAnswers.h"

#include "core/checklist/Checklist.h"

#include <QRegularExpression>

namespace retort::cli {

const OptionSpec WalkAnswers::kNote{{QStringLiteral("--note")},
                                    QStringLiteral("STEP=TEXT"),
                                    QStringLiteral("walk: tick the manual step STEP with this note (repeatable)"),
                                    true};
const OptionSpec WalkAnswers::kSkip{{QStringLiteral("--skip")},
                                    QStringLiteral("STEP=REASON"),
                                    QStringLiteral("walk: skip step STEP, for this reason (repeatable)"),
                                    true};

namespace {

const QString kStepHelp = QStringLiteral("STEP: the step's number as the walk prints it, its key, or the start of "
                                         "one key");

struct Given
{
    WalkAnswers::Answer::Kind kind;
    QString step;
    QString text;
    QString argument;
};

QString argumentText(const OptionSpec &option, const QString &value)
{
    return QStringLiteral("%1 '%2'").arg(option.names.first(), value);
}

Result<Given> split(const OptionSpec &option, WalkAnswers::Answer::Kind kind, const QString &value)
{
    Given given{kind, QString(), QString(), argumentText(option, value)};
    const qsizetype equals = value.indexOf(u'=');
    if (equals < 0) {
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("%1: expected %2 (%3)").arg(given.argument, option.valueName, kStepHelp));
    }
    given.step = value.left(equals).trimmed();
    given.text = value.mid(equals + 1).trimmed();
    if (given.step.isEmpty()) {
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("%1: no STEP before '=' (%2)").arg(given.argument, kStepHelp));
    }
    if (given.text.isEmpty()) {
        return Error(ErrorCode::CommandLine,
                     kind == WalkAnswers::Answer::Kind::Skip
                         ? QStringLiteral("%1: a skip needs its reason after '='").arg(given.argument)
                         : QStringLiteral("%1: the note after '=' is empty").arg(given.argument));
    }
    return given;
}

Result<QVector<Given>> splitAll(const ParsedArguments &args)
{
    QVector<Given> all;
    for (const QString &value : args.all(WalkAnswers::kNote)) {
        RETORT_TRY(Given given, split(WalkAnswers::kNote, WalkAnswers::Answer::Kind::Note, value));
        all << given;
    }
    for (const QString &value : args.all(WalkAnswers::kSkip)) {
        RETORT_TRY(Given given, split(WalkAnswers::kSkip, WalkAnswers::Answer::Kind::Skip, value));
        all << given;
    }
    return all;
}

// The index of the item `step` names; errors name `argument`.
Result<int> findItem(const Checklist &checklist, const QString &step, const QString &argument)
{
    const QVector<ChecklistItem> &items = checklist.items();
    static const QRegularExpression number(QStringLiteral("^\\d+$"));
    if (number.match(step).hasMatch()) {
        bool ok = false;
        const int n = step.toInt(&ok);
        if (ok && n >= 1 && n <= items.size())
            return n - 1;
        return Error(ErrorCode::CommandLine, QStringLiteral("%1: there is no step %2; \"%3\" has steps 1 to %4")
                                                 .arg(argument, step, checklist.title())
                                                 .arg(items.size()));
    }
    if (const int exact = checklist.indexOf(step); exact >= 0)
        return exact;
    QVector<int> starting;
    for (int i = 0; i < items.size(); ++i) {
        if (items.at(i).key.startsWith(step))
            starting << i;
    }
    if (starting.size() == 1)
        return starting.first();
    QString message;
    if (starting.isEmpty()) {
        message = QStringLiteral("%1: no step of \"%2\" is '%3' (%4); its steps:")
                      .arg(argument, checklist.title(), step, kStepHelp);
        for (int i = 0; i < items.size(); ++i)
            message += WalkAnswers::listedStep(i, items.at(i).key);
    } else {
        message = QStringLiteral("%1: '%2' starts the keys of %3 steps; give more of the key, or the number:")
                      .arg(argument, step)
                      .arg(starting.size());
        for (int i : std::as_const(starting))
            message += WalkAnswers::listedStep(i, items.at(i).key);
    }
    return Error(ErrorCode::CommandLine, message);
}

} // namespace

Status WalkAnswers::checkSyntax(const ParsedArguments &args)
{
    RETORT_CHECK(splitAll(args));
    return Status::success();
}

Result<WalkAnswers> WalkAnswers::resolve(const Checklist &checklist, const ParsedArguments &args)
{
    RETORT_TRY(const QVector<Given> all, splitAll(args));
    WalkAnswers answers;
    for (const Given &given : all) {
        RETORT_TRY(const int index, findItem(checklist, given.step, given.argument));
        const QString key = checklist.items().at(index).key;
        if (const Answer *earlier = answers.forKey(key)) {
            return Error(ErrorCode::CommandLine, QStringLiteral("%1 and %2 both answer step %3 (%4); give one")
                                                     .arg(earlier->argument, given.argument)
                                                     .arg(index + 1)
                                                     .arg(key));
        }
        answers.m_answers.insert(key, Answer{given.kind, given.text, given.argument});
    }
    return answers;
}

QString WalkAnswers::listedStep(int index, const QString &key)
{
    return QStringLiteral("\n  %1  %2").arg(index + 1, 3).arg(key);
}

const WalkAnswers::Answer *WalkAnswers::forKey(const QString &key) const
{
    const auto found = m_answers.constFind(key);
    return found == m_answers.cend() ? nullptr : &*found;
}

} // namespace retort::cli
