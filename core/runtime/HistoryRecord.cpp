// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/HistoryRecord.h"

#include "core/script/ScriptDirectory.h"

#include <QCryptographicHash>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace retort {

namespace {

QVariant orNull(const QString &value)
{
    return value.isEmpty() ? QVariant() : QVariant(value);
}

} // namespace

HistoryRecord HistoryRecord::forStep(const ScriptDirectory &scripts, const MigrationStep &step)
{
    HistoryRecord record;
    if (step.kind == MigrationStep::Kind::Stamp) {
        record.direction = QStringLiteral("stamp");
        record.fromRevisions = step.stampFrom.join(QStringLiteral(", "));
        record.toRevisions = step.stampTo.join(QStringLiteral(", "));
        record.revision = step.stampTo.isEmpty() ? step.stampFrom.value(0) : step.stampTo.value(0);
        return record;
    }
    const Revision &revision = scripts.map().at(step.revision);
    const MigrationScript &script = scripts.script(step.revision);
    record.revision = revision.id;
    record.direction = step.isUpgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade");
    const QString down = revision.downRevisions.join(QStringLiteral(", "));
    record.fromRevisions = step.isUpgrade ? down : revision.id;
    record.toRevisions = step.isUpgrade ? revision.id : down;
    const QString &text = step.isUpgrade ? script.upgrade.text : script.downgrade.text;
    record.checksum = QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
    return record;
}

void HistoryRecord::setWhoAndWhere()
{
    for (const char *variable : {"USER", "USERNAME", "LOGNAME"}) {
        osUser = qEnvironmentVariable(variable);
        if (!osUser.isEmpty())
            break;
    }
#ifdef Q_OS_UNIX
    // Services and containers often run without USER set.
    if (osUser.isEmpty()) {
        if (const passwd *entry = getpwuid(geteuid()))
            osUser = QString::fromLocal8Bit(entry->pw_name);
    }
#endif
    host = QSysInfo::machineHostName();
}

QString HistoryRecord::columnList()
{
    return QStringLiteral("revision, direction, from_revisions, to_revisions, started_at, duration_ms, success, error, "
                          "checksum, os_user, host, environment, tool_version, run_id, note");
}

QVariantList HistoryRecord::values() const
{
    // No from/to at base: NULL, the same online and in offline scripts.
    return {revision,     direction,           orNull(fromRevisions), orNull(toRevisions), startedAt,
            durationMs,   success ? 1 : 0,     orNull(error),         orNull(checksum),    orNull(osUser),
            orNull(host), orNull(environment), toolVersion,           orNull(runId),       orNull(note)};
}

} // namespace retort
