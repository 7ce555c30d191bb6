// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/safety/PostgresRestore.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/SqlDialect.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace retort {

namespace {

Error queryError(const QString &what, const QSqlQuery &query)
{
    return Error(ErrorCode::Database, QStringLiteral("%1: %2").arg(what, databaseMessage(query.lastError())));
}

// Settings whose value is a list the server keeps in list syntax ("$user", public); each element is set
// as a literal of its own, as pg_dump does, so that quoting survives.
bool isListSetting(const QString &name)
{
    static const QStringList lists = {QStringLiteral("search_path"), QStringLiteral("temp_tablespaces"),
                                      QStringLiteral("session_preload_libraries"),
                                      QStringLiteral("local_preload_libraries")};
    return lists.contains(name.toLower());
}

QStringList splitListSetting(const QString &value)
{
    QStringList elements;
    QString current;
    bool inQuotes = false;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c == u'"') {
            if (inQuotes && i + 1 < value.size() && value.at(i + 1) == u'"') {
                current += u'"';
                ++i;
            } else {
                inQuotes = !inQuotes;
            }
        } else if (c == u',' && !inQuotes) {
            elements << current.trimmed();
            current.clear();
        } else {
            current += c;
        }
    }
    elements << current.trimmed();
    return elements;
}

// "name=value" as stored in pg_db_role_setting, as the tail of an ALTER ... SET statement.
QString setClause(const QString &entry)
{
    const qsizetype equals = entry.indexOf(u'=');
    const QString name = entry.left(equals);
    const QString value = entry.mid(equals + 1);
    QStringList nameParts;
    for (const QString &part : name.split(u'.'))
        nameParts << PostgresRestore::quoted(part);
    QStringList values;
    for (const QString &element : isListSetting(name) ? splitListSetting(value) : QStringList{value})
        values << SqlDialect::literal(element);
    return QStringLiteral("SET %1 TO %2").arg(nameParts.join(u'.'), values.join(QStringLiteral(", ")));
}

} // namespace

QString PostgresSession::toString() const
{
    QString text = QStringLiteral("pid %1  %2  %3  %4  %5  since %6")
                       .arg(pid)
                       .arg(user, application.isEmpty() ? QStringLiteral("(no application name)") : application, client,
                            state, since);
    if (!query.isEmpty())
        text += QStringLiteral("  ") + query;
    return text;
}

QString PostgresRestore::quoted(const QString &identifier)
{
    return u'"' + QString(identifier).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

QString PostgresRestore::derivedName(const QString &base, const QString &suffix)
{
    QByteArray bytes = base.toUtf8();
    const int room = 63 - int(suffix.toUtf8().size());
    while (bytes.size() > room) {
        bytes.chop(1);
        while (!bytes.isEmpty() && (uchar(bytes.back()) & 0xC0) == 0x80) // not inside a UTF-8 sequence
            bytes.chop(1);
        if (!bytes.isEmpty() && uchar(bytes.back()) >= 0xC0)
            bytes.chop(1);
    }
    return QString::fromUtf8(bytes) + suffix;
}

Status PostgresRestore::exec(const QString &sql, const QString &what) const
{
    QSqlQuery query(m_server);
    if (!query.exec(sql))
        return queryError(what, query);
    return Status::success();
}

Result<QSqlQuery> PostgresRestore::selectAbout(const QString &database, const QString &sql, const QString &what) const
{
    QSqlQuery query(m_server);
    query.prepare(sql);
    query.addBindValue(database);
    if (!query.exec())
        return queryError(QStringLiteral("cannot read ") + what.arg(database), query);
    return query;
}

Result<bool> PostgresRestore::exists(const QString &database) const
{
    RETORT_TRY(QSqlQuery query, selectAbout(database, QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"),
                                            QStringLiteral("the catalog entry of database %1")));
    return query.next();
}

Result<QVector<PostgresSession>> PostgresRestore::otherSessions(const QString &database) const
{
    RETORT_TRY(QSqlQuery query,
               selectAbout(
                   database,
                   QStringLiteral("SELECT pid, usename, application_name, COALESCE(host(client_addr), 'local socket'), "
                                  "COALESCE(state, ''), to_char(backend_start AT TIME ZONE 'UTC', "
                                  "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), left(regexp_replace(COALESCE(query, ''), "
                                  "'\\s+', ' ', 'g'), 80) FROM pg_stat_activity WHERE datname = ? AND pid <> "
                                  "pg_backend_pid() ORDER BY backend_start"),
                   QStringLiteral("the sessions on database %1")));
    QVector<PostgresSession> sessions;
    while (query.next()) {
        sessions.append({query.value(0).toInt(), query.value(1).toString(), query.value(2).toString(),
                         query.value(3).toString(), query.value(4).toString(), query.value(5).toString(),
                         query.value(6).toString()});
    }
    return sessions;
}

Result<QString> PostgresRestore::createLike(const QString &original, const QString &name) const
{
    RETORT_TRY(QSqlQuery query,
               selectAbout(original,
                           QStringLiteral("SELECT d.*, pg_get_userbyid(d.datdba) AS owner_name, "
                                          "pg_encoding_to_char(d.encoding) AS encoding_name, t.spcname AS "
                                          "tablespace_name, d.datacl IS NULL AS default_grants FROM pg_database d "
                                          "JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = ?"),
                           QStringLiteral("how database %1 is made")));
    if (!query.next())
        return Error(ErrorCode::Database, QStringLiteral("there is no database %1").arg(original));
    const QSqlRecord made = query.record();
    auto field = [&](const char *column) {
        const int index = made.indexOf(QLatin1String(column));
        return index < 0 ? QString() : query.value(index).toString();
    };
    const QString owner = field("owner_name");
    QString create = QStringLiteral("CREATE DATABASE %1 WITH TEMPLATE template0 OWNER %2 ENCODING %3 LC_COLLATE %4 "
                                    "LC_CTYPE %5")
                         .arg(quoted(name), quoted(owner), SqlDialect::literal(field("encoding_name")),
                              SqlDialect::literal(field("datcollate")), SqlDialect::literal(field("datctype")));
    // Naming a tablespace takes CREATE on it, even pg_default's: only another one is named.
    if (field("tablespace_name") != QLatin1String("pg_default"))
        create += QStringLiteral(" TABLESPACE ") + quoted(field("tablespace_name"));
    // The locale provider came with PostgreSQL 15 (its locale column was renamed in 17).
    if (field("datlocprovider") == QLatin1String("i")) {
        const QString icuLocale = field("daticulocale").isEmpty() ? field("datlocale") : field("daticulocale");
        create += QStringLiteral(" LOCALE_PROVIDER icu ICU_LOCALE %1").arg(SqlDialect::literal(icuLocale));
    }
    const QString connectionLimit = field("datconnlimit");
    if (connectionLimit != QLatin1String("-1"))
        create += QStringLiteral(" CONNECTION LIMIT ") + connectionLimit;
    const bool defaultGrants = query.value(made.indexOf(QStringLiteral("default_grants"))).toBool();
    RETORT_CHECK(exec(create, QStringLiteral("cannot create database %1 like %2").arg(name, original)));

    QStringList copied{
        QStringLiteral("owner %1, encoding %2, collation %3").arg(owner, field("encoding_name"), field("datcollate"))};
    QStringList statements;
    if (!defaultGrants) {
        RETORT_TRY(QSqlQuery grants,
                   selectAbout(original,
                               QStringLiteral("SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
                                              "quote_ident(pg_get_userbyid(a.grantee)) END, a.privilege_type, "
                                              "a.is_grantable FROM pg_database d, aclexplode(d.datacl) a "
                                              "WHERE d.datname = ?"),
                               QStringLiteral("the grants on database %1")));
        // The new database starts from the defaults; the original's list replaces them.
        statements << QStringLiteral("REVOKE ALL ON DATABASE %1 FROM PUBLIC").arg(quoted(name))
                   << QStringLiteral("REVOKE ALL ON DATABASE %1 FROM %2").arg(quoted(name), quoted(owner));
        int count = 0;
        while (grants.next()) {
            statements << QStringLiteral("GRANT %1 ON DATABASE %2 TO %3%4")
                              .arg(grants.value(1).toString(), quoted(name), grants.value(0).toString(),
                                   grants.value(2).toBool() ? QStringLiteral(" WITH GRANT OPTION") : QString());
            ++count;
        }
        copied << QStringLiteral("%1 grant(s)").arg(count);
    }
    RETORT_TRY(QSqlQuery settings,
               selectAbout(original,
                           QStringLiteral("SELECT COALESCE(pg_get_userbyid(NULLIF(s.setrole, 0)), ''), "
                                          "unnest(s.setconfig) FROM pg_db_role_setting s JOIN pg_database d "
                                          "ON d.oid = s.setdatabase WHERE d.datname = ?"),
                           QStringLiteral("the settings of database %1")));
    int settingCount = 0;
    while (settings.next()) {
        const QString role = settings.value(0).toString();
        const QString clause = setClause(settings.value(1).toString());
        statements << (role.isEmpty()
                           ? QStringLiteral("ALTER DATABASE %1 %2").arg(quoted(name), clause)
                           : QStringLiteral("ALTER ROLE %1 IN DATABASE %2 %3").arg(quoted(role), quoted(name), clause));
        ++settingCount;
    }
    if (settingCount > 0)
        copied << QStringLiteral("%1 setting(s)").arg(settingCount);
    for (const QString &statement : std::as_const(statements)) {
        const Status done = exec(statement, QStringLiteral("cannot give database %1 what %2 has").arg(name, original));
        if (!done.ok()) {
            const Status dropped = drop(name);
            Q_UNUSED(dropped);
            return done.error();
        }
    }
    return copied.join(QStringLiteral(", "));
}

Status PostgresRestore::create(const QString &name) const
{
    return exec(QStringLiteral("CREATE DATABASE %1").arg(quoted(name)),
                QStringLiteral("cannot create database %1").arg(name));
}

Status PostgresRestore::drop(const QString &name) const
{
    return exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted(name)),
                QStringLiteral("cannot drop database %1").arg(name));
}

QString PostgresRestore::terminateCommand(const QString &target)
{
    return QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %1 AND pid <> "
                          "pg_backend_pid();")
        .arg(SqlDialect::literal(target));
}

QStringList PostgresRestore::switchCommands(const QString &target, const QString &prepared, const QString &keptName)
{
    return {QStringLiteral("BEGIN;"),
            QStringLiteral("ALTER DATABASE %1 RENAME TO %2;").arg(quoted(target), quoted(keptName)),
            QStringLiteral("ALTER DATABASE %1 RENAME TO %2;").arg(quoted(prepared), quoted(target)),
            QStringLiteral("COMMIT;")};
}

Status PostgresRestore::switchNames(const QString &target, const QString &prepared, const QString &keptName,
                                    bool terminateSessions)
{
    if (!m_server.transaction()) {
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot begin the switch: %1").arg(databaseMessage(m_server.lastError())));
    }
    // A rename waits up to 5 s for sessions ending; a terminated one ends within that.
    Status switched = terminateSessions
                          ? exec(terminateCommand(target), QStringLiteral("cannot end the sessions on %1").arg(target))
                          : Status::success();
    if (switched.ok()) {
        switched = exec(QStringLiteral("ALTER DATABASE %1 RENAME TO %2").arg(quoted(target), quoted(keptName)),
                        QStringLiteral("cannot rename %1 to %2").arg(target, keptName));
    }
    if (switched.ok()) {
        switched = exec(QStringLiteral("ALTER DATABASE %1 RENAME TO %2").arg(quoted(prepared), quoted(target)),
                        QStringLiteral("cannot rename %1 to %2").arg(prepared, target));
    }
    if (switched.ok() && !m_server.commit()) {
        switched = Error(ErrorCode::Database,
                         QStringLiteral("cannot commit the switch: %1").arg(databaseMessage(m_server.lastError())));
    }
    if (!switched.ok())
        m_server.rollback();
    return switched;
}

} // namespace retort
