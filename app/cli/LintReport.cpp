// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/LintReport.h"

#include "app/cli/commands/Commands.h"

#include <QDir>

namespace retort::cli {

QString displayPath(const QString &path)
{
    const QString relative = QDir::current().relativeFilePath(path);
    return relative.startsWith(QLatin1String("..")) ? path : relative;
}

QString findingLine(const LintFinding &finding)
{
    const LintRuleInfo &info = infoOf(finding.rule);
    const QString severity = finding.suppressed() ? QStringLiteral("suppressed") : severityWord(finding.severity);
    QString line =
        QStringLiteral("%1:%2: %3 [%4/%5] %6: %7")
            .arg(displayPath(finding.file))
            .arg(finding.line)
            .arg(severity, categoryWord(info.category), QLatin1String(info.id), finding.revision, finding.message());
    if (finding.suppressed())
        line += QStringLiteral(" (ignored: %1)").arg(finding.suppressedBecause);
    return line;
}

QJsonObject findingJson(const LintFinding &finding)
{
    auto nullIfUnknown = [](qint64 value) { return value < 0 ? QJsonValue() : QJsonValue(value); };
    const LintRuleInfo &info = infoOf(finding.rule);
    return QJsonObject{
        {QStringLiteral("revision"), finding.revision},
        {QStringLiteral("file"), finding.file},
        {QStringLiteral("line"), finding.line},
        {QStringLiteral("section"), finding.upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade")},
        {QStringLiteral("rule"), QLatin1String(info.id)},
        {QStringLiteral("category"), categoryWord(info.category)},
        {QStringLiteral("severity"), severityWord(finding.severity)},
        {QStringLiteral("message"), finding.message()},
        {QStringLiteral("table"), commands::jsonText(finding.action.table)},
        {QStringLiteral("object"), commands::jsonText(finding.action.object)},
        {QStringLiteral("suppressed"), finding.suppressed()},
        {QStringLiteral("suppression_reason"), commands::jsonText(finding.suppressedBecause)},
        {QStringLiteral("rows"), finding.size ? nullIfUnknown(finding.size->rows) : QJsonValue()},
        {QStringLiteral("bytes"), finding.size ? nullIfUnknown(finding.size->bytes) : QJsonValue()},
    };
}

} // namespace retort::cli
