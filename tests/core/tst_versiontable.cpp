// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/VersionTable.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;

class TestVersionTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsRowsInTableOrder();
    void missingTableReadsAsEmpty();
    void customTableName();
    void readOnlyDoesNotCreateFile();
    void unknownDriverIsReported();
};

namespace {

std::unique_ptr<DatabaseConnection> openFile(const QString &path,
                                             DatabaseConnection::Mode mode = DatabaseConnection::Mode::ReadWrite)
{
    auto url = DatabaseUrl::parse(QStringLiteral("sqlite:///") + path);
    if (!url.ok())
        qFatal("bad url: %s", qPrintable(url.error().message));
    auto connection = DatabaseConnection::open(url.value(), mode);
    if (!connection.ok())
        qFatal("cannot open: %s", qPrintable(connection.error().message));
    return std::move(connection).value();
}

} // namespace

void TestVersionTable::readsRowsInTableOrder()
{
    QTemporaryDir dir;
    const auto connection = openFile(dir.filePath(QStringLiteral("v.db")));
    QSqlQuery query(connection->database());
    QVERIFY(query.exec("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                       "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"));
    // Physical order, not sorted: `downgrade -1` with several rows starts from the first.
    QVERIFY(query.exec("INSERT INTO alembic_version VALUES ('ffff00000001')"));
    QVERIFY(query.exec("INSERT INTO alembic_version VALUES ('aaaa00000002')"));
    const VersionTable table;
    auto exists = table.exists(connection->database());
    QVERIFY(exists.ok() && exists.value());
    auto rows = table.readRows(connection->database());
    QVERIFY(rows.ok());
    QCOMPARE(rows.value(), (QStringList{"ffff00000001", "aaaa00000002"}));
}

void TestVersionTable::missingTableReadsAsEmpty()
{
    QTemporaryDir dir;
    const auto connection = openFile(dir.filePath(QStringLiteral("v.db")));
    auto rows = VersionTable().readRows(connection->database());
    QVERIFY(rows.ok());
    QVERIFY(rows.value().isEmpty());
}

void TestVersionTable::customTableName()
{
    QTemporaryDir dir;
    const auto connection = openFile(dir.filePath(QStringLiteral("v.db")));
    QSqlQuery query(connection->database());
    QVERIFY(query.exec("CREATE TABLE schema_revisions (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"));
    QVERIFY(query.exec("INSERT INTO schema_revisions VALUES ('abcd00000001')"));
    const VersionTable table(QStringLiteral("schema_revisions"));
    QCOMPARE(table.qualifiedName(), QStringLiteral("schema_revisions"));
    QCOMPARE(VersionTable(QStringLiteral("v"), QStringLiteral("ops")).qualifiedName(), QStringLiteral("ops.v"));
    auto rows = table.readRows(connection->database());
    QVERIFY(rows.ok());
    QCOMPARE(rows.value(), QStringList{"abcd00000001"});
    QVERIFY(VersionTable().readRows(connection->database()).value().isEmpty());
}

void TestVersionTable::readOnlyDoesNotCreateFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("typo.db"));
    const auto connection = openFile(path, DatabaseConnection::Mode::ReadOnly);
    QVERIFY(!connection->exists());
    QVERIFY(!QFile::exists(path));
}

void TestVersionTable::unknownDriverIsReported()
{
    auto url = DatabaseUrl::parse(QStringLiteral("postgresql://u:secret@127.0.0.1:1/db"));
    QVERIFY(url.ok());
    if (QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        // Nothing listens on port 1: the error names the database without its password.
        auto connection = DatabaseConnection::open(url.value());
        QVERIFY(!connection.ok());
        QVERIFY(connection.error().message.startsWith(
            QStringLiteral("cannot connect to postgresql://u:***@127.0.0.1:1/db: ")));
        QVERIFY(!connection.error().message.contains(QStringLiteral("secret")));
    } else {
        auto connection = DatabaseConnection::open(url.value());
        QVERIFY(!connection.ok());
        QVERIFY(
            connection.error().message.startsWith(QStringLiteral("the Qt SQL driver QPSQL for postgresql://u:***@")));
    }
}

QTEST_GUILESS_MAIN(TestVersionTable)
#include "tst_versiontable.moc"
