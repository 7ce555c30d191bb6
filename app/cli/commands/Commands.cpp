// SPDX-License-Identifier: GPL-3.0-or-later
// What several commands share.
#include "app/cli/commands/Commands.h"

#include "app/cli/CommandContext.h"

#include <QJsonDocument>

namespace retort::cli::commands {

const OptionSpec kVerbose{
    {QStringLiteral("-v"), QStringLiteral("--verbose")}, QString(), QStringLiteral("Use more verbose output")};
const OptionSpec kJson{{QStringLiteral("--json")}, QString(), QStringLiteral("Print one JSON document instead")};

const OptionSpec kRevId{{QStringLiteral("--rev-id")},
                        QStringLiteral("REV_ID"),
                        QStringLiteral("Hardcoded revision id instead of generating one")};

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

} // namespace retort::cli::commands
