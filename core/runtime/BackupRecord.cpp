// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/BackupRecord.h"

#include "core/NamedValues.h"

#include "core/TextFormat.h"

#include <QDir>

#include <utility>

namespace retort {

namespace {

const std::pair<BackupMethod, const char *> kMethodNames[] = {{BackupMethod::Auto, "auto"},
                                                              {BackupMethod::None, "none"},
                                                              {BackupMethod::Sqlite, "sqlite"},
                                                              {BackupMethod::PgDump, "pg_dump"},
                                                              {BackupMethod::MysqlDump, "mysqldump"}};

} // namespace

QString backupMethodName(BackupMethod method)
{
    return wordFor(kMethodNames, method);
}

std::optional<BackupMethod> backupMethodNamed(const QString &name)
{
    return valueFor(kMethodNames, name);
}

QString backupMethodDescription(BackupMethod method)
{
    return method == BackupMethod::PgDump ? QStringLiteral("pg_dump -Fc") : backupMethodName(method);
}

QString BackupRecord::summary() const
{
    QString text = QStringLiteral("%1 (%2, %3, %4 s)")
                       .arg(QDir::toNativeSeparators(path), humanSize(bytes), backupMethodDescription(method))
                       .arg(double(durationMs) / 1000.0, 0, 'f', 1);
    if (!verification.isEmpty())
        text += QStringLiteral("; verified: ") + verification;
    return text;
}

} // namespace retort
