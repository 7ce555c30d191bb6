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

Result<QVector<PostgresSession>> PostgresRestore::otherSessions(const QString &database, int alsoExcept) const
{
    RETORT_TRY(QSqlQuery query,
               selectAbout(database,
                           QStringLiteral(
                               "SELECT pid, usename, application_name, CASE WHEN client_port = -1 THEN 'local socket' "
                               "ELSE COALESCE(host(client_addr), 'address not shown') END, "
                               "COALESCE(state, ''), to_char(backend_start AT TIME ZONE 'UTC', "
                               "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), left(regexp_replace(COALESCE(query, ''), "
                               "'\\s+', ' ', 'g'), 80) FROM pg_stat_activity WHERE datname = ? AND pid <> "
                               "pg_backend_pid() AND pid <> ") +
                               QString::number(alsoExcept) + QStringLiteral(" ORDER BY backend_start"),
                           QStringLiteral("the sessions on database %1")));
    QVector<PostgresSession> sessions;
    while (query.next()) {
        sessions.append({query.value(0).toInt(), query.value(1).toString(), query.value(2).toString(),
                         query.value(3).toString(), query.value(4).toString(), query.value(5).toString(),
                         query.value(6).toString()});
    }
    return sessions;
}

Result<PostgresDatabaseMaking> PostgresRestore::readMaking(const QString &original) const
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
    PostgresDatabaseMaking making;
    const QString owner = field("owner_name");
    making.createOptions = QStringLiteral("WITH TEMPLATE template0 OWNER %1 ENCODING %2 LC_COLLATE %3 LC_CTYPE %4")
                               .arg(quoted(owner), SqlDialect::literal(field("encoding_name")),
                                    SqlDialect::literal(field("datcollate")), SqlDialect::literal(field("datctype")));
    // Naming a tablespace takes CREATE on it, even pg_default's: only another one is named.
    if (field("tablespace_name") != QLatin1String("pg_default"))
        making.createOptions += QStringLiteral(" TABLESPACE ") + quoted(field("tablespace_name"));
    // Locale providers came with PostgreSQL 15 (ICU), 16 (ICU rules) and 17 (builtin; daticulocale became
    // datlocale).
    const QString locale = field("daticulocale").isEmpty() ? field("datlocale") : field("daticulocale");
    if (field("datlocprovider") == QLatin1String("i")) {
        making.createOptions += QStringLiteral(" LOCALE_PROVIDER icu ICU_LOCALE %1").arg(SqlDialect::literal(locale));
        if (!field("daticurules").isEmpty())
            making.createOptions += QStringLiteral(" ICU_RULES %1").arg(SqlDialect::literal(field("daticurules")));
    } else if (field("datlocprovider") == QLatin1String("b")) {
        making.createOptions +=
            QStringLiteral(" LOCALE_PROVIDER builtin BUILTIN_LOCALE %1").arg(SqlDialect::literal(locale));
    }
    const QString connectionLimit = field("datconnlimit");
    if (connectionLimit != QLatin1String("-1"))
        making.createOptions += QStringLiteral(" CONNECTION LIMIT ") + connectionLimit;
    const bool defaultGrants = query.value(made.indexOf(QStringLiteral("default_grants"))).toBool();

    QStringList summary{
        QStringLiteral("owner %1, encoding %2, collation %3").arg(owner, field("encoding_name"), field("datcollate"))};
    if (!defaultGrants) {
        RETORT_TRY(QSqlQuery grants,
                   selectAbout(original,
                               QStringLiteral("SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
                                              "quote_ident(pg_get_userbyid(a.grantee)) END, a.privilege_type, "
                                              "a.is_grantable FROM pg_database d, aclexplode(d.datacl) a "
                                              "WHERE d.datname = ?"),
                               QStringLiteral("the grants on database %1")));
        // The new database starts from the defaults; the original's list replaces them.
        making.grantStatements << QStringLiteral("REVOKE ALL ON DATABASE %1 FROM PUBLIC")
                               << QStringLiteral("REVOKE ALL ON DATABASE %1 FROM ") + quoted(owner);
        while (grants.next()) {
            making.grantStatements << QStringLiteral("GRANT ") + grants.value(1).toString() +
                                          QStringLiteral(" ON DATABASE %1 TO ") + grants.value(0).toString() +
                                          (grants.value(2).toBool() ? QStringLiteral(" WITH GRANT OPTION") : QString());
        }
        summary << QStringLiteral("%1 grant(s)").arg(making.grantStatements.size() - 2);
    }
    RETORT_TRY(QSqlQuery settings,
               selectAbout(original,
                           QStringLiteral("SELECT COALESCE(pg_get_userbyid(NULLIF(s.setrole, 0)), ''), "
                                          "unnest(s.setconfig) FROM pg_db_role_setting s JOIN pg_database d "
                                          "ON d.oid = s.setdatabase WHERE d.datname = ?"),
                           QStringLiteral("the settings of database %1")));
    while (settings.next()) {
        const QString role = settings.value(0).toString();
        const QString clause = setClause(settings.value(1).toString());
        making.settingStatements << (role.isEmpty() ? QStringLiteral("ALTER DATABASE %1 ") + clause
                                                    : QStringLiteral("ALTER ROLE ") + quoted(role) +
                                                          QStringLiteral(" IN DATABASE %1 ") + clause);
    }
    if (!making.settingStatements.isEmpty())
        summary << QStringLiteral("%1 setting(s)").arg(making.settingStatements.size());
    making.summary = summary.join(QStringLiteral(", "));
    return making;
}

namespace {

// A statement of PostgresDatabaseMaking for the database `quotedName`: its first %1 only (values after it
// may hold '%').
QString forDatabase(const QString &statement, const QString &quotedName)
{
    const qsizetype at = statement.indexOf(QStringLiteral("%1"));
    return at < 0 ? statement : statement.left(at) + quotedName + statement.mid(at + 2);
}

} // namespace

Status PostgresRestore::create(const QString &name, const PostgresDatabaseMaking &making) const
{
    const QString options =
        making.createOptions.isEmpty() ? QStringLiteral("WITH TEMPLATE template0") : making.createOptions;
    RETORT_CHECK(exec(QStringLiteral("CREATE DATABASE %1 ").arg(quoted(name)) + options,
                      QStringLiteral("cannot create database %1").arg(name)));
    for (const QString &statement : making.grantStatements) {
        const Status done = exec(forDatabase(statement, quoted(name)),
                                 QStringLiteral("cannot give database %1 the grants of the one it replaces").arg(name));
        if (!done.ok()) {
            const Status dropped = drop(name);
            Q_UNUSED(dropped);
            return done.error();
        }
    }
    return Status::success();
}

Status PostgresRestore::applySettings(const QString &name, const PostgresDatabaseMaking &making) const
{
    for (const QString &statement : making.settingStatements) {
        RETORT_CHECK(exec(forDatabase(statement, quoted(name)),
                          QStringLiteral("cannot give database %1 the settings of the one it replaces (ALTER ROLE ... "
                                         "IN DATABASE needs CREATEROLE or a superuser)")
                              .arg(name)));
    }
    return Status::success();
}

Status PostgresRestore::rename(const QString &from, const QString &to) const
{
    return exec(QStringLiteral("ALTER DATABASE %1 RENAME TO %2").arg(quoted(from), quoted(to)),
                QStringLiteral("cannot rename %1 to %2").arg(from, to));
}

Status PostgresRestore::allowConnections(const QString &database, bool allow) const
{
    return exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS %2")
                    .arg(quoted(database), allow ? QStringLiteral("true") : QStringLiteral("false")),
                QStringLiteral("cannot %1 connections to %2")
                    .arg(allow ? QStringLiteral("allow") : QStringLiteral("refuse"), database));
}

Status PostgresRestore::terminateSessions(const QString &database, int alsoExcept) const
{
    QSqlQuery query(m_server);
    query.prepare(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid "
                                 "<> pg_backend_pid() AND pid <> ?"));
    query.addBindValue(database);
    query.addBindValue(alsoExcept);
    if (!query.exec())
        return queryError(QStringLiteral("cannot end the sessions on %1").arg(database), query);
    return Status::success();
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
    return {QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS false;").arg(quoted(target)),
            terminateCommand(target),
            QStringLiteral("BEGIN;"),
            QStringLiteral("ALTER DATABASE %1 RENAME TO %2;").arg(quoted(target), quoted(keptName)),
            QStringLiteral("ALTER DATABASE %1 RENAME TO %2;").arg(quoted(prepared), quoted(target)),
            QStringLiteral("COMMIT;"),
            QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS true;").arg(quoted(keptName))};
}

Status PostgresRestore::switchNames(const QString &target, const QString &prepared, const QString &keptName)
{
    if (!m_server.transaction()) {
        return Error(ErrorCode::Database,
                     QStringLiteral("cannot begin the switch: %1").arg(databaseMessage(m_server.lastError())));
    }
    Status switched = rename(target, keptName);
    if (switched.ok())
        switched = rename(prepared, target);
    if (switched.ok() && !m_server.commit()) {
        switched = Error(ErrorCode::Database,
                         QStringLiteral("cannot commit the switch: %1").arg(databaseMessage(m_server.lastError())));
    }
    if (!switched.ok())
        m_server.rollback();
    return switched;
}

} // namespace retort
