// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/DatabaseReader.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/VersionTable.h"

namespace retort::ui {

void DatabaseReader::read(quint64 requestId, const DatabaseUrl &url, const QString &versionTable,
                          const QString &versionTableSchema)
{
    auto connection = DatabaseConnection::open(url, DatabaseConnection::Mode::ReadOnly);
    if (!connection.ok()) {
        Q_EMIT readFailed(requestId, maskPasswords(connection.error().message));
        return;
    }
    if (!connection.value()->exists()) {
        Q_EMIT rowsRead(requestId, QStringList(), tr("%1 does not exist yet").arg(url.database()));
        return;
    }
    const VersionTable table(versionTable, versionTableSchema);
    const Result<QStringList> rows = table.readRows(connection.value()->database());
    if (!rows.ok()) {
        Q_EMIT readFailed(requestId, maskPasswords(rows.error().message));
        return;
    }
    Q_EMIT rowsRead(requestId, rows.value(), QString());
}

} // namespace retort::ui
