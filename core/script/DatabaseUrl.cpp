// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/DatabaseUrl.h"

#include <QByteArray>
#include <QDir>
#include <QUrl>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>

namespace retort {

namespace {

const QString kPasswordMask = QStringLiteral("***");

// Where the user info of one URL sits, as offsets into the text. parse(), toDisplayString() and
// maskPasswords() all use locateUserInfo() so they agree on which characters are the password.
struct UserInfo
{
    qsizetype userBegin = 0;
    qsizetype userEnd = 0;
    qsizetype passwordBegin = -1; // -1: no ':' in the user info
    qsizetype passwordEnd = -1;
    qsizetype hostBegin = 0; // == userBegin when the URL has no user info

    bool present() const { return hostBegin != userBegin; }
    bool hasPassword() const { return passwordBegin >= 0 && passwordEnd > passwordBegin; }
};

bool endsUrlInText(QChar c)
{
    return c.isSpace() || c == u'"' || c == u'\'' || c == u'`' || c == u'<' || c == u'>';
}

// `begin` is the first character after "://". In free text (`inText`), the URL ends at
// whitespace or a quote. The password may contain unencoded ':', '?' and, like SQLAlchemy,
// '/'; an unencoded '@' in it is tolerated when the host after the next '@' holds none.
// When in doubt this masks too much rather than too little.
UserInfo locateUserInfo(const QString &text, qsizetype begin, bool inText)
{
    UserInfo info;
    info.userBegin = begin;
    info.hostBegin = begin;

    qsizetype tokenEnd = text.size();
    if (inText) {
        for (qsizetype i = begin; i < text.size(); ++i) {
            if (endsUrlInText(text.at(i))) {
                tokenEnd = i;
                break;
            }
        }
    }
    qsizetype queryBegin = text.indexOf(u'?', begin);
    if (queryBegin < 0 || queryBegin > tokenEnd)
        queryBegin = tokenEnd;

    qsizetype i = begin;
    while (i < queryBegin && text.at(i) != u':' && text.at(i) != u'/' && text.at(i) != u'@')
        ++i;
    if (i >= queryBegin || text.at(i) == u'/')
        return info;
    if (text.at(i) == u'@') {
        info.userEnd = i;
        info.hostBegin = i + 1;
        return info;
    }

    const qsizetype colon = i;
    // As SQLAlchemy: the password runs to an '@' and may hold '/', ':' and '?'. Of
    // several '@', the first one followed by a plausible host (no further '@'
    // before the path or query) ends it.
    qsizetype at = -1;
    for (qsizetype j = colon + 1; j < tokenEnd && at < 0; ++j) {
        if (text.at(j) != u'@')
            continue;
        bool hostHasAt = false;
        for (qsizetype k = j + 1; k < tokenEnd && text.at(k) != u'/' && text.at(k) != u'?'; ++k) {
            if (text.at(k) == u'@') {
                hostHasAt = true;
                break;
            }
        }
        if (!hostHasAt)
            at = j;
    }
    if (at < 0)
        return info; // "host:port", no user info

    info.userEnd = colon;
    info.passwordBegin = colon + 1;
    info.passwordEnd = at;
    info.hostBegin = at + 1;
    return info;
}

// libpq and psycopg2 also take the password as a query option.
QString maskQueryPasswords(QString text)
{
    static const QRegularExpression passwordOption(QStringLiteral("([?&;](?:password|passwd)=)[^&\\s'\"`]*"),
                                                   QRegularExpression::CaseInsensitiveOption);
    return text.replace(passwordOption, QStringLiteral("\\1") + kPasswordMask);
}

// A URL for error messages: never shows the password, even when the text is not a URL at all.
QString maskedUrl(const QString &url)
{
    const qsizetype separator = url.indexOf(QStringLiteral("://"));
    if (separator >= 0) {
        const UserInfo info = locateUserInfo(url, separator + 3, false);
        if (info.hasPassword())
            return maskQueryPasswords(url.left(info.passwordBegin) + kPasswordMask + url.mid(info.passwordEnd));
        return maskQueryPasswords(url);
    }
    const qsizetype at = url.lastIndexOf(u'@');
    if (at >= 0)
        return kPasswordMask + url.mid(at);
    return url;
}

QString percentDecoded(const QString &text)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(text.toUtf8()));
}

// Query strings follow the form encoding Python's parse_qsl() reads: '+' is a space.
QList<QPair<QString, QString>> parseQuery(const QString &query)
{
    QList<QPair<QString, QString>> options;
    const QStringList parts = query.split(u'&', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        QString decodable = part;
        decodable.replace(u'+', u' ');
        const qsizetype equals = decodable.indexOf(u'=');
        if (equals < 0)
            options.append({percentDecoded(decodable), QString()});
        else
            options.append({percentDecoded(decodable.left(equals)), percentDecoded(decodable.mid(equals + 1))});
    }
    return options;
}

Error invalidUrl(const QString &url)
{
    return Error(ErrorCode::Config, QStringLiteral("invalid database URL '%1'").arg(maskedUrl(url)), maskedUrl(url));
}

// libpq's conninfo syntax: values with spaces, quotes or backslashes go in single quotes.
QString libpqValue(const QString &value)
{
    if (!value.isEmpty() && !value.contains(u' ') && !value.contains(u'\'') && !value.contains(u'\\'))
        return value;
    QString quoted = value;
    quoted.replace(QStringLiteral("\\"), QStringLiteral("\\\\"));
    quoted.replace(QStringLiteral("'"), QStringLiteral("\\'"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// libpq keywords QPSQL can pass through; host, port, user, password and dbname come from the
// URL itself, everything else (SQLAlchemy's own keys included) is not for the server.
const QSet<QString> &libpqKeywords()
{
    static const QSet<QString> keywords = {
        QStringLiteral("sslmode"),
        QStringLiteral("sslcert"),
        QStringLiteral("sslkey"),
        QStringLiteral("sslrootcert"),
        QStringLiteral("sslcrl"),
        QStringLiteral("sslcompression"),
        QStringLiteral("sslsni"),
        QStringLiteral("requirepeer"),
        QStringLiteral("gssencmode"),
        QStringLiteral("krbsrvname"),
        QStringLiteral("channel_binding"),
        QStringLiteral("connect_timeout"),
        QStringLiteral("application_name"),
        QStringLiteral("fallback_application_name"),
        QStringLiteral("keepalives"),
        QStringLiteral("keepalives_idle"),
        QStringLiteral("keepalives_interval"),
        QStringLiteral("keepalives_count"),
        QStringLiteral("tcp_user_timeout"),
        QStringLiteral("target_session_attrs"),
        QStringLiteral("options"),
        QStringLiteral("client_encoding"),
        QStringLiteral("service"),
        QStringLiteral("passfile"),
        QStringLiteral("hostaddr"),
    };
    return keywords;
}

QString mysqlOptionName(const QString &key)
{
    static const QList<QPair<QString, QString>> names = {
        {QStringLiteral("ssl_ca"), QStringLiteral("SSL_CA")},
        {QStringLiteral("ssl_capath"), QStringLiteral("SSL_CAPATH")},
        {QStringLiteral("ssl_cert"), QStringLiteral("SSL_CERT")},
        {QStringLiteral("ssl_key"), QStringLiteral("SSL_KEY")},
        {QStringLiteral("ssl_cipher"), QStringLiteral("SSL_CIPHER")},
        {QStringLiteral("unix_socket"), QStringLiteral("UNIX_SOCKET")},
        {QStringLiteral("connect_timeout"), QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT")},
        {QStringLiteral("read_timeout"), QStringLiteral("MYSQL_OPT_READ_TIMEOUT")},
        {QStringLiteral("write_timeout"), QStringLiteral("MYSQL_OPT_WRITE_TIMEOUT")},
    };
    for (const auto &name : names) {
        if (name.first == key)
            return name.second;
    }
    return QString();
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString &urlText, const QString &baseDir)
{
    // A DATABASE_URL read from a file or a shell often carries a trailing newline.
    const QString url = urlText.trimmed();
    const qsizetype separator = url.indexOf(QStringLiteral("://"));
    static const QRegularExpression schemePattern(QStringLiteral("^[A-Za-z][A-Za-z0-9+.\\-]*$"));
    if (separator <= 0 || !schemePattern.match(url.left(separator)).hasMatch())
        return invalidUrl(url);

    DatabaseUrl result;
    result.m_original = url;

    const QString scheme = url.left(separator);
    const qsizetype plus = scheme.indexOf(u'+');
    const QString dialect = (plus < 0 ? scheme : scheme.left(plus)).toLower();
    result.m_driver = plus < 0 ? QString() : scheme.mid(plus + 1);
    const std::optional<Dialect> named = dialectNamed(dialect);
    if (!named) {
        return Error(ErrorCode::Config,
                     QStringLiteral("unsupported database URL scheme '%1' in '%2'; "
                                    "expected sqlite, postgresql, mysql or mariadb")
                         .arg(scheme, maskedUrl(url)),
                     maskedUrl(url));
    }
    result.m_dialect = *named;
    // dialectName() keeps mysql or mariadb as written; postgres reads postgresql.
    result.m_scheme = *named == Dialect::MySQL ? dialect : retort::dialectName(*named);

    const UserInfo info = locateUserInfo(url, separator + 3, false);
    if (info.present()) {
        result.m_user = percentDecoded(url.mid(info.userBegin, info.userEnd - info.userBegin));
        if (info.passwordBegin >= 0)
            result.m_password = percentDecoded(url.mid(info.passwordBegin, info.passwordEnd - info.passwordBegin));
    }

    qsizetype hostEnd = info.hostBegin;
    while (hostEnd < url.size() && url.at(hostEnd) != u'/' && url.at(hostEnd) != u'?')
        ++hostEnd;
    const QString hostPort = url.mid(info.hostBegin, hostEnd - info.hostBegin);
    QString portText;
    bool hasPort = false;
    if (hostPort.startsWith(u'[')) {
        // IPv6 literal: the brackets only delimit it, the host is what is inside.
        const qsizetype close = hostPort.indexOf(u']');
        if (close < 0)
            return invalidUrl(url);
        result.m_host = hostPort.mid(1, close - 1);
        const QString rest = hostPort.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':'))
                return invalidUrl(url);
            hasPort = true;
            portText = rest.mid(1);
        }
    } else {
        const qsizetype colon = hostPort.indexOf(u':');
        result.m_host = percentDecoded(colon < 0 ? hostPort : hostPort.left(colon));
        if (colon >= 0) {
            hasPort = true;
            portText = hostPort.mid(colon + 1);
        }
    }
    if (hasPort) {
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,5}$"));
        const int port = digits.match(portText).hasMatch() ? portText.toInt() : 0;
        if (port < 1 || port > 65535) {
            return Error(ErrorCode::Config,
                         QStringLiteral("invalid port '%1' in database URL '%2'; expected a number from 1 to 65535")
                             .arg(portText, maskedUrl(url)),
                         maskedUrl(url));
        }
        result.m_port = port;
    }

    const qsizetype queryBegin = url.indexOf(u'?', hostEnd);
    if (hostEnd < url.size() && url.at(hostEnd) == u'/')
        result.m_database = url.mid(hostEnd + 1, queryBegin < 0 ? -1 : queryBegin - hostEnd - 1);
    if (queryBegin >= 0)
        result.m_query = parseQuery(url.mid(queryBegin + 1));

    switch (result.m_dialect) {
    case Dialect::SQLite: {
        if (info.present() || !result.m_host.isEmpty() || hasPort) {
            return Error(ErrorCode::Config,
                         QStringLiteral("invalid SQLite URL '%1'; expected sqlite:///relative.db, "
                                        "sqlite:////absolute/path.db or sqlite:// (in memory)")
                             .arg(maskedUrl(url)),
                         maskedUrl(url));
        }
        if (result.m_database.isEmpty() || result.m_database == QLatin1String(":memory:")) {
            result.m_database = QStringLiteral(":memory:");
        } else {
            const QDir base(baseDir.isEmpty() ? QDir::currentPath() : baseDir);
            result.m_database = QDir::cleanPath(base.absoluteFilePath(result.m_database));
        }
        const QString timeout = result.queryOption(QStringLiteral("timeout"));
        if (!timeout.isEmpty()) {
            bool isNumber = false;
            const double seconds = timeout.toDouble(&isNumber);
            if (!isNumber || seconds < 0) {
                return Error(ErrorCode::Config,
                             QStringLiteral("invalid timeout '%1' in database URL '%2'; expected a number of seconds")
                                 .arg(timeout, maskedUrl(url)),
                             maskedUrl(url));
            }
        }
        break;
    }
    case Dialect::PostgreSQL: {
        // libpq lets ?host= override the authority; it is how a unix socket folder is given.
        const QString socketHost = result.queryOption(QStringLiteral("host"));
        if (!socketHost.isEmpty())
            result.m_host = socketHost;
        break;
    }
    case Dialect::MySQL:
        break;
    }
    if (result.m_dialect != Dialect::SQLite) {
        // As libpq and SQLAlchemy do, the query's user, password and port override the authority's.
        for (const auto &[key, value] : std::as_const(result.m_query)) {
            if (key == QLatin1String("user")) {
                result.m_user = value;
            } else if (key == QLatin1String("password") ||
                       (key == QLatin1String("passwd") && result.m_dialect == Dialect::MySQL)) {
                result.m_password = value;
            } else if (key == QLatin1String("port")) {
                static const QRegularExpression digits(QStringLiteral("^[0-9]{1,5}$"));
                const int port = digits.match(value).hasMatch() ? value.toInt() : 0;
                if (port < 1 || port > 65535) {
                    return Error(ErrorCode::Config,
                                 QStringLiteral("invalid port '%1' in database URL '%2'; expected a number from 1 to "
                                                "65535")
                                     .arg(value, maskedUrl(url)),
                                 maskedUrl(url));
                }
                result.m_port = port;
            }
        }
    }
    return result;
}

QString DatabaseUrl::dialectName() const
{
    return m_scheme;
}

QString DatabaseUrl::queryOption(const QString &key) const
{
    for (const auto &option : m_query) {
        if (option.first == key)
            return option.second;
    }
    return QString();
}

bool DatabaseUrl::isMemory() const
{
    return m_dialect == Dialect::SQLite && m_database == QLatin1String(":memory:");
}

QString DatabaseUrl::qtDriverName() const
{
    switch (m_dialect) {
    case Dialect::SQLite:
        return QStringLiteral("QSQLITE");
    case Dialect::PostgreSQL:
        return QStringLiteral("QPSQL");
    case Dialect::MySQL:
        return QStringLiteral("QMYSQL");
    }
    return QString();
}

QString DatabaseUrl::qtConnectOptions() const
{
    QStringList options;
    for (const auto &[key, value] : m_query) {
        switch (m_dialect) {
        case Dialect::SQLite:
            if (key == QLatin1String("timeout")) {
                const auto milliseconds = qRound64(value.toDouble() * 1000.0);
                options.append(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(milliseconds));
            } else if (key == QLatin1String("mode") && value == QLatin1String("ro")) {
                options.append(QStringLiteral("QSQLITE_OPEN_READONLY"));
            }
            break;
        case Dialect::PostgreSQL:
            // QPSQL appends the options to the libpq conninfo string, ';' turned into ' '.
            if (libpqKeywords().contains(key))
                options.append(key + u'=' + libpqValue(value));
            break;
        case Dialect::MySQL: {
            const QString name = mysqlOptionName(key);
            if (!name.isEmpty())
                options.append(name + u'=' + value);
            break;
        }
        }
    }
    return options.join(u';');
}

DatabaseUrl DatabaseUrl::withDatabase(const QString &name, const QString &baseDir) const
{
    DatabaseUrl copy = *this;
    if (m_dialect == Dialect::SQLite) {
        const QDir base(baseDir.isEmpty() ? QDir::currentPath() : baseDir);
        copy.m_database = QDir::cleanPath(base.absoluteFilePath(name));
        copy.m_original = QStringLiteral("sqlite:///") + copy.m_database;
        return copy;
    }
    copy.m_database = name;
    // Replace the path between the authority and the query of the original text; the path starts
    // after the user info, whose password may hold a '/'.
    const qsizetype authority = m_original.indexOf(QLatin1String("://")) + 3;
    qsizetype pathBegin = locateUserInfo(m_original, authority, false).hostBegin;
    while (pathBegin < m_original.size() && m_original.at(pathBegin) != u'/' && m_original.at(pathBegin) != u'?')
        ++pathBegin;
    qsizetype pathEnd = m_original.indexOf(u'?', pathBegin);
    if (pathEnd < 0)
        pathEnd = m_original.size();
    copy.m_original = m_original.left(pathBegin) + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(name)) +
                      m_original.mid(pathEnd);
    return copy;
}

bool DatabaseUrl::sameDatabase(const DatabaseUrl &other) const
{
    if (m_dialect != other.m_dialect || m_database != other.m_database)
        return false;
    if (m_dialect == Dialect::SQLite)
        return !isMemory();
    // The same server written differently: no host, localhost and the loopback addresses are one
    // machine, and an omitted port is the dialect's default.
    auto hostOf = [](const DatabaseUrl &url) {
        const QString host = url.m_host.toLower();
        static const QStringList local = {QString(), QStringLiteral("localhost"), QStringLiteral("127.0.0.1"),
                                          QStringLiteral("::1")};
        return local.contains(host) ? QStringLiteral("localhost") : host;
    };
    auto portOf = [](const DatabaseUrl &url) {
        if (url.m_port > 0)
            return url.m_port;
        return url.m_dialect == Dialect::PostgreSQL ? 5432 : 3306;
    };
    return hostOf(*this) == hostOf(other) && portOf(*this) == portOf(other);
}

QString DatabaseUrl::databaseLabel() const
{
    return m_dialect == Dialect::SQLite && !isMemory() ? QFileInfo(m_database).fileName() : m_database;
}

QString DatabaseUrl::toDisplayString() const
{
    return maskPasswords(maskedUrl(m_original));
}

QString DatabaseUrl::toLocatedDisplayString() const
{
    if (m_dialect != Dialect::SQLite || isMemory())
        return toDisplayString();
    return QStringLiteral("sqlite:///") + m_database;
}

QString maskPasswords(const QString &text)
{
    static const QRegularExpression scheme(QStringLiteral("[A-Za-z][A-Za-z0-9+.\\-]*://"));
    QString masked;
    qsizetype copied = 0;
    QRegularExpressionMatchIterator matches = scheme.globalMatch(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        if (match.capturedStart() < copied)
            continue; // inside a password already masked
        const UserInfo info = locateUserInfo(text, match.capturedEnd(), true);
        if (!info.hasPassword())
            continue;
        masked += QStringView(text).mid(copied, info.passwordBegin - copied);
        masked += kPasswordMask;
        copied = info.passwordEnd;
    }
    masked += QStringView(text).mid(copied);
    return maskQueryPasswords(masked);
}

} // namespace retort
