// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/DatabaseUrl.h"

#include <QDir>
#include <QTest>

using namespace retort;

class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseComponents_data();
    void parseComponents();
    void sqlitePaths_data();
    void sqlitePaths();
    void sqliteRelativeToCurrentDirWithoutBaseDir();
    void errors_data();
    void errors();
    void queryOptions();
    void unixSocketHost_data();
    void unixSocketHost();
    void qtConnectOptions_data();
    void qtConnectOptions();
    void displayString_data();
    void displayString();
    void locatedDisplayString_data();
    void locatedDisplayString();
    void maskPasswords_data();
    void maskPasswords();
    void sameDatabase_data();
    void sameDatabase();
    void withDatabase_data();
    void withDatabase();
};

void TestDatabaseUrl::parseComponents_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("dialectName");
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("qtDriver");

    const int pg = int(Dialect::PostgreSQL);
    const int my = int(Dialect::MySQL);
    // clang-format off
    QTest::newRow("postgresql full")
        << "postgresql://scott:tiger@localhost:5432/mydb"
        << pg << "postgresql" << "" << "scott" << "tiger" << "localhost" << 5432 << "mydb" << "QPSQL";
    QTest::newRow("postgres alias")
        << "postgres://app@db.example.com/app"
        << pg << "postgresql" << "" << "app" << "" << "db.example.com" << -1 << "app" << "QPSQL";
    QTest::newRow("psycopg2 driver")
        << "postgresql+psycopg2://u:p@h/db"
        << pg << "postgresql" << "psycopg2" << "u" << "p" << "h" << -1 << "db" << "QPSQL";
    QTest::newRow("asyncpg driver")
        << "postgresql+asyncpg://u:p@h:6543/db"
        << pg << "postgresql" << "asyncpg" << "u" << "p" << "h" << 6543 << "db" << "QPSQL";
    QTest::newRow("scheme case")
        << "PostgreSQL://h/db"
        << pg << "postgresql" << "" << "" << "" << "h" << -1 << "db" << "QPSQL";
    QTest::newRow("no host")
        << "postgresql:///db"
        << pg << "postgresql" << "" << "" << "" << "" << -1 << "db" << "QPSQL";
    QTest::newRow("no database")
        << "postgresql://h"
        << pg << "postgresql" << "" << "" << "" << "h" << -1 << "" << "QPSQL";
    QTest::newRow("ipv6 host")
        << "postgresql://u:p@[::1]:5433/db"
        << pg << "postgresql" << "" << "u" << "p" << "::1" << 5433 << "db" << "QPSQL";
    QTest::newRow("encoded password")
        << "mysql://u:p%40ss%3Aw%2Frd@h/db"
        << my << "mysql" << "" << "u" << "p@ss:w/rd" << "h" << -1 << "db" << "QMYSQL";
    QTest::newRow("encoded user")
        << "postgresql://us%40er:pw@h/db"
        << pg << "postgresql" << "" << "us@er" << "pw" << "h" << -1 << "db" << "QPSQL";
    QTest::newRow("unencoded colon in password")
        << "postgresql://u:pa:ss@h/db"
        << pg << "postgresql" << "" << "u" << "pa:ss" << "h" << -1 << "db" << "QPSQL";
    QTest::newRow("unencoded at in password")
        << "postgresql://u:p@ss@h/db"
        << pg << "postgresql" << "" << "u" << "p@ss" << "h" << -1 << "db" << "QPSQL";
    QTest::newRow("unencoded slash in password")
        << "postgresql://u:pa/ss@h/db"
        << pg << "postgresql" << "" << "u" << "pa/ss" << "h" << -1 << "db" << "QPSQL";
    QTest::newRow("pymysql with charset")
        << "mysql+pymysql://root:secret@127.0.0.1:3306/shop?charset=utf8mb4"
        << my << "mysql" << "pymysql" << "root" << "secret" << "127.0.0.1" << 3306 << "shop" << "QMYSQL";
    QTest::newRow("mariadb")
        << "mariadb+mysqldb://u:p@h/db"
        << my << "mariadb" << "mysqldb" << "u" << "p" << "h" << -1 << "db" << "QMYSQL";
    QTest::newRow("port bounds")
        << "mysql://h:65535/db"
        << my << "mysql" << "" << "" << "" << "h" << 65535 << "db" << "QMYSQL";
    QTest::newRow("surrounding whitespace")
        << "  postgresql://h:1/db\n"
        << pg << "postgresql" << "" << "" << "" << "h" << 1 << "db" << "QPSQL";
    // As libpq and SQLAlchemy: the query's user, password and port are honoured, and override the
    // authority's.
    QTest::newRow("libpq's spelling, all in the query")
        << "postgresql:///shop?host=/run/postgresql&port=5433&user=app&password=s3cret"
        << pg << "postgresql" << "" << "app" << "s3cret" << "/run/postgresql" << 5433 << "shop" << "QPSQL";
    QTest::newRow("query overrides the authority")
        << "postgresql://u:p@h:5432/db?port=6432&user=v&password=q"
        << pg << "postgresql" << "" << "v" << "q" << "h" << 6432 << "db" << "QPSQL";
    QTest::newRow("mysqlclient's passwd")
        << "mysql://u@h/db?passwd=s3cret"
        << my << "mysql" << "" << "u" << "s3cret" << "h" << -1 << "db" << "QMYSQL";
    // clang-format on
}

void TestDatabaseUrl::parseComponents()
{
    QFETCH(QString, url);
    const auto parsed = DatabaseUrl::parse(url);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QTEST(int(parsed->dialect()), "dialect");
    QTEST(parsed->dialectName(), "dialectName");
    QTEST(parsed->driver(), "driver");
    QTEST(parsed->userName(), "user");
    QTEST(parsed->password(), "password");
    QTEST(parsed->host(), "host");
    QTEST(parsed->port(), "port");
    QTEST(parsed->database(), "database");
    QTEST(parsed->qtDriverName(), "qtDriver");
    QVERIFY(!parsed->isMemory());
    QCOMPARE(parsed->toString(), url.trimmed());
}

void TestDatabaseUrl::sqlitePaths_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("database");
    QTest::addColumn<bool>("memory");

    QTest::newRow("relative") << "sqlite:///dev.db"
                              << "/srv/proj/dev.db" << false;
    QTest::newRow("relative parent") << "sqlite:///../data/dev.db"
                                     << "/srv/data/dev.db" << false;
    QTest::newRow("relative cleaned") << "sqlite:///./sub//x.db"
                                      << "/srv/proj/sub/x.db" << false;
    QTest::newRow("absolute") << "sqlite:////var/lib/app.db"
                              << "/var/lib/app.db" << false;
    QTest::newRow("absolute cleaned") << "sqlite:////var/lib/../app.db"
                                      << "/var/app.db" << false;
    QTest::newRow("driver and query") << "sqlite+pysqlite:///dev.db?timeout=5"
                                      << "/srv/proj/dev.db" << false;
    QTest::newRow("memory, empty") << "sqlite://"
                                   << ":memory:" << true;
    QTest::newRow("memory, empty path") << "sqlite:///"
                                        << ":memory:" << true;
    QTest::newRow("memory, explicit") << "sqlite:///:memory:"
                                      << ":memory:" << true;
    QTest::newRow("memory with query") << "sqlite://?timeout=1"
                                       << ":memory:" << true;
}

void TestDatabaseUrl::sqlitePaths()
{
    QFETCH(QString, url);
    const auto parsed = DatabaseUrl::parse(url, QStringLiteral("/srv/proj"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(parsed->dialect(), Dialect::SQLite);
    QCOMPARE(parsed->dialectName(), QStringLiteral("sqlite"));
    QCOMPARE(parsed->qtDriverName(), QStringLiteral("QSQLITE"));
    QTEST(parsed->database(), "database");
    QTEST(parsed->isMemory(), "memory");
    QCOMPARE(parsed->host(), QString());
    QCOMPARE(parsed->port(), -1);
}

void TestDatabaseUrl::sqliteRelativeToCurrentDirWithoutBaseDir()
{
    const auto parsed = DatabaseUrl::parse(QStringLiteral("sqlite:///x.db"));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->database(), QDir::cleanPath(QDir::current().absoluteFilePath(QStringLiteral("x.db"))));
}

void TestDatabaseUrl::errors_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");

    const QString badPort = QStringLiteral("invalid port '%1' in database URL '%2'; expected a number from 1 to 65535");
    const QString unsupported = QStringLiteral("unsupported database URL scheme '%1' in '%2'; "
                                               "expected sqlite, postgresql, mysql or mariadb");
    QTest::newRow("empty") << ""
                           << "invalid database URL ''";
    QTest::newRow("words") << "not a url"
                           << "invalid database URL 'not a url'";
    QTest::newRow("no scheme") << "localhost:5432/db"
                               << "invalid database URL 'localhost:5432/db'";
    QTest::newRow("no scheme, password hidden") << "user:secret@host/db"
                                                << "invalid database URL '***@host/db'";
    QTest::newRow("empty scheme") << "://host/db"
                                  << "invalid database URL '://host/db'";
    QTest::newRow("bad scheme characters") << "post gres://h/db"
                                           << "invalid database URL 'post gres://h/db'";
    QTest::newRow("unclosed ipv6") << "postgresql://[::1/db"
                                   << "invalid database URL 'postgresql://[::1/db'";
    QTest::newRow("oracle") << "oracle://scott:tiger@h/db"
                            << unsupported.arg(QStringLiteral("oracle"), QStringLiteral("oracle://scott:***@h/db"));
    QTest::newRow("mssql with driver") << "mssql+pyodbc://h/db"
                                       << unsupported.arg(QStringLiteral("mssql+pyodbc"),
                                                          QStringLiteral("mssql+pyodbc://h/db"));
    QTest::newRow("query port letters") << "postgresql://u@h/db?port=abc&password=pw"
                                        << badPort.arg(QStringLiteral("abc"),
                                                       QStringLiteral("postgresql://u@h/db?port=abc&password=***"));
    QTest::newRow("port letters") << "postgresql://u:pw@h:abc/db"
                                  << badPort.arg(QStringLiteral("abc"), QStringLiteral("postgresql://u:***@h:abc/db"));
    QTest::newRow("port zero") << "postgresql://h:0/db"
                               << badPort.arg(QStringLiteral("0"), QStringLiteral("postgresql://h:0/db"));
    QTest::newRow("port too large") << "mysql://h:65536/db"
                                    << badPort.arg(QStringLiteral("65536"), QStringLiteral("mysql://h:65536/db"));
    QTest::newRow("port negative") << "mysql://h:-1/db"
                                   << badPort.arg(QStringLiteral("-1"), QStringLiteral("mysql://h:-1/db"));
    QTest::newRow("port empty") << "mysql://h:/db" << badPort.arg(QString(), QStringLiteral("mysql://h:/db"));
    QTest::newRow("sqlite with host") << "sqlite://host/x.db"
                                      << "invalid SQLite URL 'sqlite://host/x.db'; expected sqlite:///relative.db, "
                                         "sqlite:////absolute/path.db or sqlite:// (in memory)";
    QTest::newRow("sqlite with password")
        << "sqlite://u:pw@/x.db"
        << "invalid SQLite URL 'sqlite://u:***@/x.db'; expected sqlite:///relative.db, "
           "sqlite:////absolute/path.db or sqlite:// (in memory)";
    QTest::newRow("sqlite bad timeout") << "sqlite:///x.db?timeout=soon"
                                        << "invalid timeout 'soon' in database URL 'sqlite:///x.db?timeout=soon'; "
                                           "expected a number of seconds";
}

void TestDatabaseUrl::errors()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    const auto parsed = DatabaseUrl::parse(url, QStringLiteral("/srv/proj"));
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, ErrorCode::Config);
    QCOMPARE(parsed.error().message, message);
}

void TestDatabaseUrl::queryOptions()
{
    const auto parsed = DatabaseUrl::parse(
        QStringLiteral("postgresql://h/db?sslmode=require&application_name=my+app&path=%2Fa%26b&flag&&x=1=2"));
    QVERIFY(parsed.ok());
    const QList<QPair<QString, QString>> expected = {
        {QStringLiteral("sslmode"), QStringLiteral("require")},
        {QStringLiteral("application_name"), QStringLiteral("my app")},
        {QStringLiteral("path"), QStringLiteral("/a&b")},
        {QStringLiteral("flag"), QString()},
        {QStringLiteral("x"), QStringLiteral("1=2")},
    };
    QCOMPARE(parsed->queryOptions(), expected);
    QCOMPARE(parsed->queryOption(QStringLiteral("sslmode")), QStringLiteral("require"));
    QCOMPARE(parsed->queryOption(QStringLiteral("missing")), QString());
    QCOMPARE(parsed->database(), QStringLiteral("db"));
}

void TestDatabaseUrl::unixSocketHost_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("database");

    // clang-format off
    QTest::newRow("host option")
        << "postgresql://user@/dbname?host=/tmp/sock" << "user" << "/tmp/sock" << "dbname";
    QTest::newRow("encoded host option")
        << "postgresql+psycopg2://u:pw@/db?host=%2Fvar%2Frun%2Fpostgresql" << "u" << "/var/run/postgresql" << "db";
    QTest::newRow("encoded authority")
        << "postgresql://u@%2Fvar%2Frun%2Fpostgresql/db" << "u" << "/var/run/postgresql" << "db";
    // clang-format on
}

void TestDatabaseUrl::unixSocketHost()
{
    QFETCH(QString, url);
    const auto parsed = DatabaseUrl::parse(url);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QTEST(parsed->userName(), "user");
    QTEST(parsed->host(), "host");
    QTEST(parsed->database(), "database");
    QCOMPARE(parsed->port(), -1);
    QCOMPARE(parsed->qtConnectOptions(), QString()); // the socket goes in as the host, not as an option
}

void TestDatabaseUrl::qtConnectOptions_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("options");

    QTest::newRow("pg none") << "postgresql://h/db"
                             << "";
    QTest::newRow("pg sslmode") << "postgresql://h/db?sslmode=require"
                                << "sslmode=require";
    QTest::newRow("pg several") << "postgresql://h/db?sslmode=verify-full&connect_timeout=10&application_name=retort"
                                << "sslmode=verify-full;connect_timeout=10;application_name=retort";
    QTest::newRow("pg quoted value") << "postgresql://h/db?application_name=my+app"
                                     << "application_name='my app'";
    QTest::newRow("pg unknown keys") << "postgresql://h/db?host=/tmp&foo=bar&charset=utf8"
                                     << "";
    QTest::newRow("mysql ssl") << "mysql://h/db?ssl_ca=/ca.pem&ssl_cert=/c.pem&ssl_key=/k.pem&charset=utf8mb4"
                               << "SSL_CA=/ca.pem;SSL_CERT=/c.pem;SSL_KEY=/k.pem";
    QTest::newRow("mariadb socket") << "mariadb://u@localhost/db?unix_socket=/run/mysqld/mysqld.sock&connect_timeout=5"
                                    << "UNIX_SOCKET=/run/mysqld/mysqld.sock;MYSQL_OPT_CONNECT_TIMEOUT=5";
    QTest::newRow("mysql unknown keys") << "mysql+pymysql://h/db?sslmode=require&foo=1"
                                        << "";
    QTest::newRow("sqlite timeout") << "sqlite:///x.db?timeout=5"
                                    << "QSQLITE_BUSY_TIMEOUT=5000";
    QTest::newRow("sqlite fractional timeout, read-only") << "sqlite:///x.db?timeout=0.5&mode=ro"
                                                          << "QSQLITE_BUSY_TIMEOUT=500;QSQLITE_OPEN_READONLY";
    QTest::newRow("sqlite other keys") << "sqlite:///x.db?mode=rw&check_same_thread=false"
                                       << "";
}

void TestDatabaseUrl::qtConnectOptions()
{
    QFETCH(QString, url);
    const auto parsed = DatabaseUrl::parse(url, QStringLiteral("/srv/proj"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QTEST(parsed->qtConnectOptions(), "options");
}

void TestDatabaseUrl::displayString_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("display");

    QTest::newRow("password") << "postgresql://user:secret@host:5432/db?sslmode=require"
                              << "postgresql://user:***@host:5432/db?sslmode=require";
    QTest::newRow("encoded password") << "mysql://root:p%40ss@h/db"
                                      << "mysql://root:***@h/db";
    QTest::newRow("unencoded at") << "postgresql://u:p@ss@h/db"
                                  << "postgresql://u:***@h/db";
    QTest::newRow("unencoded slash") << "postgresql://u:pa/ss@h/db"
                                     << "postgresql://u:***@h/db";
    // Found by fuzz_databaseurl: the password's text again inside the database name.
    QTest::newRow("password text repeated later") << "postgresql://user:%@4dp/hobr:%@4dp/hob"
                                                  << "postgresql://user:***@4dp/hobr:%@4dp/hob";
    QTest::newRow("driver kept") << "postgresql+psycopg2://u:pw@h/db"
                                 << "postgresql+psycopg2://u:***@h/db";
    QTest::newRow("user only") << "postgresql://user@host/db"
                               << "postgresql://user@host/db";
    QTest::newRow("empty password") << "postgresql://u:@h/db"
                                    << "postgresql://u:@h/db";
    QTest::newRow("host and port") << "postgresql://host:5432/db"
                                   << "postgresql://host:5432/db";
    QTest::newRow("sqlite as written") << "sqlite:///dev.db"
                                       << "sqlite:///dev.db";
    QTest::newRow("socket") << "postgresql://user:pw@/dbname?host=/tmp/sock"
                            << "postgresql://user:***@/dbname?host=/tmp/sock";
    QTest::newRow("question mark in password") << "postgresql://user:pa?ss@host:5432/db?sslmode=require"
                                               << "postgresql://user:***@host:5432/db?sslmode=require";
    QTest::newRow("at sign in a query value") << "postgresql://user:pw@host/db?application_name=a@b"
                                              << "postgresql://user:***@host/db?application_name=a@b";
    QTest::newRow("password as a query option") << "postgresql://user@host/db?password=secret&sslmode=require"
                                                << "postgresql://user@host/db?password=***&sslmode=require";
}

void TestDatabaseUrl::displayString()
{
    QFETCH(QString, url);
    const auto parsed = DatabaseUrl::parse(url, QStringLiteral("/srv/proj"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QTEST(parsed->toDisplayString(), "display");
    QCOMPARE(parsed->toString(), url);
}

// An SQLite file by its absolute path, from the folder the URL was written for: the same text written in two
// folders names two files.
void TestDatabaseUrl::locatedDisplayString_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("baseDir");
    QTest::addColumn<QString>("located");

    QTest::newRow("sqlite relative") << "sqlite:///dev.db" << "/srv/proj" << "sqlite:////srv/proj/dev.db";
    QTest::newRow("sqlite relative, another folder") << "sqlite:///dev.db" << "/home/me" << "sqlite:////home/me/dev.db";
    QTest::newRow("sqlite dot segments") << "sqlite:///../data/./dev.db" << "/srv/proj" << "sqlite:////srv/data/dev.db";
    QTest::newRow("sqlite absolute") << "sqlite:////var/lib/app.db" << "/srv/proj" << "sqlite:////var/lib/app.db";
    QTest::newRow("sqlite options left out") << "sqlite:///dev.db?timeout=5" << "/srv/proj" << "sqlite:////srv/proj/dev.db";
    QTest::newRow("sqlite memory") << "sqlite://" << "/srv/proj" << "sqlite://";
    QTest::newRow("server: as written, masked") << "postgresql://u:pw@h:5432/db?sslmode=require" << "/srv/proj"
                                                << "postgresql://u:***@h:5432/db?sslmode=require";
}

void TestDatabaseUrl::locatedDisplayString()
{
    QFETCH(QString, url);
    QFETCH(QString, baseDir);
    const auto parsed = DatabaseUrl::parse(url, baseDir);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QTEST(parsed->toLocatedDisplayString(), "located");
}

void TestDatabaseUrl::maskPasswords_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("masked");

    QTest::newRow("in a sentence") << "connecting to postgresql://u:secret@h/db failed"
                                   << "connecting to postgresql://u:***@h/db failed";
    QTest::newRow("two urls") << "from mysql://a:x@h1/d to postgresql+psycopg2://b:y@h2:5432/e"
                              << "from mysql://a:***@h1/d to postgresql+psycopg2://b:***@h2:5432/e";
    QTest::newRow("quoted") << "url=\"postgresql://u:pw@h/db\" and 'mysql://r:s@h'"
                            << "url=\"postgresql://u:***@h/db\" and 'mysql://r:***@h'";
    QTest::newRow("after an assignment") << "DATABASE_URL=postgres://app:s3cr%21t@db:5432/prod?sslmode=require"
                                         << "DATABASE_URL=postgres://app:***@db:5432/prod?sslmode=require";
    QTest::newRow("line ends") << "postgresql://u:one@h\nmysql://v:two@k"
                               << "postgresql://u:***@h\nmysql://v:***@k";
    QTest::newRow("no password") << "postgresql://u@h/db and user@example.com"
                                 << "postgresql://u@h/db and user@example.com";
    QTest::newRow("host and port") << "postgresql://h:5432/db"
                                   << "postgresql://h:5432/db";
    QTest::newRow("no url") << "plain a:b@c text"
                            << "plain a:b@c text";
    QTest::newRow("already masked") << "postgresql://u:***@h/db"
                                    << "postgresql://u:***@h/db";
    QTest::newRow("empty") << ""
                           << "";
}

void TestDatabaseUrl::maskPasswords()
{
    QFETCH(QString, text);
    QTEST(retort::maskPasswords(text), "masked");
}

void TestDatabaseUrl::sameDatabase_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addColumn<bool>("same");
    QTest::newRow("identical") << "postgresql://u@db/prod"
                               << "postgresql://u@db/prod" << true;
    QTest::newRow("other user and password") << "postgresql://a:x@db/prod"
                                             << "postgresql+psycopg2://b:y@db/prod" << true;
    QTest::newRow("default port written") << "postgresql://u@db/prod"
                                          << "postgresql://u@db:5432/prod" << true;
    QTest::newRow("other port") << "postgresql://u@db/prod"
                                << "postgresql://u@db:5433/prod" << false;
    QTest::newRow("mysql default port") << "mysql://u@db/prod"
                                        << "mariadb://u@db:3306/prod" << true;
    QTest::newRow("localhost and loopback") << "postgresql://u@localhost/prod"
                                            << "postgresql://u@127.0.0.1/prod" << true;
    QTest::newRow("no host is local") << "postgresql://u@/prod"
                                      << "postgresql://u@localhost/prod" << true;
    QTest::newRow("host case") << "postgresql://u@DB.example/prod"
                               << "postgresql://u@db.example/prod" << true;
    QTest::newRow("other database") << "postgresql://u@db/prod"
                                    << "postgresql://u@db/staging" << false;
    QTest::newRow("other host") << "postgresql://u@db1/prod"
                                << "postgresql://u@db2/prod" << false;
    QTest::newRow("other dialect") << "postgresql://u@db/prod"
                                   << "mysql://u@db/prod" << false;
    QTest::newRow("sqlite file") << "sqlite:////srv/app/shop.db"
                                 << "sqlite:////srv/app/./shop.db" << true;
    QTest::newRow("sqlite memory") << "sqlite://"
                                   << "sqlite://" << false;
}

void TestDatabaseUrl::sameDatabase()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(bool, same);
    const auto a = DatabaseUrl::parse(first);
    const auto b = DatabaseUrl::parse(second);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a->sameDatabase(b.value()), same);
    QCOMPARE(b->sameDatabase(a.value()), same);
}

void TestDatabaseUrl::withDatabase_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QString>("password");
    QTest::newRow("postgresql") << "postgresql://u:pw@db:5432/prod?sslmode=require"
                                << "prod_copy"
                                << "postgresql://u:***@db:5432/prod_copy?sslmode=require"
                                << "pw";
    // SQLAlchemy accepts an unencoded '/' in the password: the path starts after the '@'.
    QTest::newRow("slash in password") << "postgresql://u:pa/ss@db/prod"
                                       << "restored"
                                       << "postgresql://u:***@db/restored"
                                       << "pa/ss";
    QTest::newRow("socket") << "mariadb://u:pw@localhost/app?unix_socket=/run/m.sock"
                            << "app_test"
                            << "mariadb://u:***@localhost/app_test?unix_socket=/run/m.sock"
                            << "pw";
}

void TestDatabaseUrl::withDatabase()
{
    QFETCH(QString, url);
    QFETCH(QString, name);
    QFETCH(QString, display);
    QFETCH(QString, password);
    const auto parsed = DatabaseUrl::parse(url);
    QVERIFY(parsed.ok());
    const DatabaseUrl other = parsed->withDatabase(name);
    QCOMPARE(other.database(), name);
    QCOMPARE(other.password(), password);
    QCOMPARE(other.toDisplayString(), display);
    const auto reparsed = DatabaseUrl::parse(other.toString());
    QVERIFY(reparsed.ok());
    QCOMPARE(reparsed->database(), name);
    QCOMPARE(reparsed->password(), password);
}

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
