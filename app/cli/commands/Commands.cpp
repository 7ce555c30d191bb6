// SPDX-License-Identifier: GPL-3.0-or-later
// What several commands share.
#include "app/cli/commands/Commands.h"
#include "core/script/AlembicScript.h"

#include "app/cli/CommandContext.h"

#include "core/script/DatabaseUrl.h"

#include <QJsonDocument>

namespace retort::cli::commands {

const OptionSpec kVerbose{
    {QStringLiteral("-v"), QStringLiteral("--verbose")}, QString(), QStringLiteral("Use more verbose output")};
const OptionSpec kJson{{QStringLiteral("--json")}, QString(), QStringLiteral("Print one JSON document instead")};

const OptionSpec kRevId{{QStringLiteral("--rev-id")},
                        QStringLiteral("REV_ID"),
                        QStringLiteral("Hardcoded revision id instead of generating one")};

Result<std::optional<Dialect>> dialectOption(const ParsedArguments &args, const OptionSpec &option)
{
    if (!args.isSet(option))
        return std::optional<Dialect>();
    const QString name = args.value(option);
    if (const std::optional<Dialect> dialect = dialectNamed(name))
        return dialect;
    return Error(ErrorCode::CommandLine, QStringLiteral("%1: unknown dialect '%2'; expected %3")
                                             .arg(option.names.constLast(), name, knownDialectNames()));
}

QStringList splitList(const QStringList &values)
{
    QStringList items;
    for (const QString &value : values) {
        for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            items << part.trimmed();
    }
    return items;
}

void printJson(CommandContext &context, const QJsonObject &document)
{
    context.out() << QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
}

QJsonValue jsonText(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

void printHints(QTextStream &stream, const QVector<Hint> &hints, const QString &label)
{
    const QString prefix = QStringLiteral("  %1: ").arg(label);
    for (const Hint &hint : hints) {
        stream << prefix << maskPasswords(hint.text) << '\n';
        if (!hint.command.isEmpty())
            stream << QString(prefix.size(), u' ') << maskPasswords(hint.command) << '\n';
    }
}

QJsonArray hintsJson(const QVector<Hint> &hints)
{
    QJsonArray array;
    for (const Hint &hint : hints) {
        array.append(QJsonObject{{QStringLiteral("text"), maskPasswords(hint.text)},
                                 {QStringLiteral("command"), jsonText(maskPasswords(hint.command))}});
    }
    return array;
}

QJsonObject revisionJson(const ScriptDirectory &scripts, int index)
{
    const RevisionMap &map = scripts.map();
    const Revision &revision = map.at(index);
    const MigrationScript &script = scripts.script(index);
    // Parents and dependencies as the ids they resolve to (a Depends On: may name a branch label), so a
    // script can follow them without resolving anything itself.
    return QJsonObject{
        {QStringLiteral("revision"), revision.id},
        {QStringLiteral("down_revisions"), QJsonArray::fromStringList(map.ids(revision.down))},
        {QStringLiteral("depends_on"), QJsonArray::fromStringList(map.ids(revision.resolvedDependencies))},
        {QStringLiteral("next_revisions"), QJsonArray::fromStringList(map.ids(revision.next))},
        {QStringLiteral("branch_labels"), QJsonArray::fromStringList(revision.branchLabels)},
        {QStringLiteral("message"), revision.doc},
        {QStringLiteral("doc"), revision.longDoc},
        {QStringLiteral("create_date"), jsonText(script.createDate)},
        {QStringLiteral("path"), revision.path},
        {QStringLiteral("format"),
         script.format == ScriptFormat::AlembicPython ? QStringLiteral("alembic") : QStringLiteral("sql")},
        // The plain sections' bodies ("missing" when the file has only dialect sections there), and the dialects
        // the file has sections of its own for.
        {QStringLiteral("upgrade_body"), bodyKindName(script.section(true, std::nullopt).body)},
        {QStringLiteral("downgrade_body"), bodyKindName(script.section(false, std::nullopt).body)},
        {QStringLiteral("dialect_sections"), QJsonArray::fromStringList(script.sectionDialectNames())},
        {QStringLiteral("transactional"), script.transactional},
        {QStringLiteral("is_base"), revision.isBase()},
        {QStringLiteral("is_head"), revision.isHead()},
        {QStringLiteral("is_effective_head"), revision.isHead() && !revision.isRealHead()},
        {QStringLiteral("is_branch_point"), revision.isBranchPoint()},
        {QStringLiteral("is_merge"), revision.isMergePoint()},
    };
}

QJsonArray revisionsJson(const ScriptDirectory &scripts, const QVector<int> &indexes)
{
    QJsonArray revisions;
    for (int index : indexes)
        revisions.append(revisionJson(scripts, index));
    return revisions;
}

} // namespace retort::cli::commands
