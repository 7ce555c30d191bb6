// SPDX-License-Identifier: GPL-3.0-or-later
// Smoke test for the integration servers: the CTest fixture `db_servers` (test-servers.sh start)
// must have started PostgreSQL and MariaDB and written their URLs; every later integration test
// builds on exactly what is checked here (URL parsing, connecting through QPSQL/QMYSQL with a
// password, running DDL, the server versions the project targets).
#include "core/runtime/DatabaseConnection.h"
#include "core/script/DatabaseUrl.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace retort;

namespace {

// QVERIFY2 builds its message even when the check passes, so the error is read only on failure.
template <typename T> QByteArray errorOf(const Result<T> &result)
{
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

} // namespace

class TestServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void server_data();
    void server();
    void wrongPasswordIsRefused_data();
    void wrongPasswordIsRefused();

private:
    void addRows();
    QHash<QString, QString> m_urls;
};

void TestServers::initTestCase()
{
    // No skip when the file is missing: the fixture is supposed to have written it, so its
    // absence means the harness is broken, and a skip would hide that.
    const QString path = QStringLiteral(RETORT_TEST_SERVERS_URLS);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly | QIODevice::Text),
             qPrintable(QStringLiteral("cannot read %1 (%2); the CTest fixture integration_servers_start "
                                       "should have written it: run tests/integration/test-servers.sh start")
                            .arg(path, file.errorString())));
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype equals = line.indexOf(u'=');
        if (line.isEmpty() || line.startsWith(u'#') || equals < 0)
            continue;
        m_urls.insert(line.left(equals), line.mid(equals + 1));
    }
}

void TestServers::addRows()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("versionQuery");
    QTest::addColumn<QString>("versionPattern");
    QTest::newRow("postgresql") << "RETORT_TEST_POSTGRESQL_URL" << int(Dialect::PostgreSQL) << "SHOW server_version"
                                << "^15\\.\\d+";
    QTest::newRow("mariadb") << "RETORT_TEST_MARIADB_URL" << int(Dialect::MySQL) << "SELECT VERSION()"
                             << "^10\\.\\d+\\.\\d+-MariaDB";
}

void TestServers::server_data()
{
    addRows();
}

void TestServers::server()
{
    QFETCH(QString, variable);
    QFETCH(int, dialect);
    QFETCH(QString, versionQuery);
    QFETCH(QString, versionPattern);

    QVERIFY2(m_urls.contains(variable), qPrintable(variable + QStringLiteral(" is missing from urls.env")));
    const auto url = DatabaseUrl::parse(m_urls.value(variable));
    QVERIFY2(url.ok(), errorOf(url).constData());
    QCOMPARE(int(url.value().dialect()), dialect);
    QVERIFY(!url.value().password().isEmpty());

    auto connection = DatabaseConnection::open(url.value());
    QVERIFY2(connection.ok(), errorOf(connection).constData());
    QSqlDatabase db = connection.value()->database();
    QSqlQuery query(db);

    QVERIFY2(query.exec(QStringLiteral("SELECT 1")), qPrintable(query.lastError().text()));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 1);

    QVERIFY2(query.exec(versionQuery), qPrintable(query.lastError().text()));
    QVERIFY(query.next());
    const QString version = query.value(0).toString();
    QVERIFY2(QRegularExpression(versionPattern).match(version).hasMatch(),
             qPrintable(QStringLiteral("unexpected server version '%1'").arg(version)));

    // The test user must be able to do what migrations do: create, fill and drop a table.
    // IF EXISTS first: a run killed halfway must not fail the next one.
    QVERIFY2(query.exec(QStringLiteral("DROP TABLE IF EXISTS retort_smoke")), qPrintable(query.lastError().text()));
    QVERIFY2(
        query.exec(QStringLiteral("CREATE TABLE retort_smoke (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)")),
        qPrintable(query.lastError().text()));
    QVERIFY2(query.exec(QStringLiteral("INSERT INTO retort_smoke (id, name) VALUES (1, 'retort')")),
             qPrintable(query.lastError().text()));
    QVERIFY2(query.exec(QStringLiteral("SELECT name FROM retort_smoke WHERE id = 1")),
             qPrintable(query.lastError().text()));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("retort"));
    QVERIFY2(query.exec(QStringLiteral("DROP TABLE retort_smoke")), qPrintable(query.lastError().text()));
}

void TestServers::wrongPasswordIsRefused_data()
{
    addRows();
}

// The servers must really check the password: otherwise a test could pass with a URL whose
// password handling is broken.
void TestServers::wrongPasswordIsRefused()
{
    QFETCH(QString, variable);

    QVERIFY2(m_urls.contains(variable), qPrintable(variable + QStringLiteral(" is missing from urls.env")));
    auto url = DatabaseUrl::parse(m_urls.value(variable));
    QVERIFY2(url.ok(), errorOf(url).constData());
    const QString password = url.value().password();
    QString text = m_urls.value(variable);
    text.replace(QStringLiteral(":") + password + QStringLiteral("@"), QStringLiteral(":not-the-password@"));
    url = DatabaseUrl::parse(text);
    QVERIFY2(url.ok(), errorOf(url).constData());
    QCOMPARE(url.value().password(), QStringLiteral("not-the-password"));

    const auto connection = DatabaseConnection::open(url.value());
    QVERIFY(!connection.ok());
    // The error names the database but never the password.
    QVERIFY(!connection.error().message.contains(QStringLiteral("not-the-password")));
}

QTEST_GUILESS_MAIN(TestServers)
#include "tst_servers.moc"
