// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/TableUsage.h"

#include <QTest>

using retort::tablesTouchedBy;
using retort::TableUsage;

namespace {

// "action: table", one entry per usage, so a failure prints something readable.
QStringList describe(const QVector<TableUsage> &usages)
{
    QStringList lines;
    for (const TableUsage &usage : usages)
        lines << usage.action + QStringLiteral(": ") + usage.table;
    return lines;
}

void row(const char *name, const QString &statement, const QStringList &expected)
{
    QTest::newRow(name) << statement << expected;
}

QStringList one(const char *action, const QString &table)
{
    return {QLatin1String(action) + QStringLiteral(": ") + table};
}

const QStringList kNothing;

} // namespace

class TestTableUsage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tablesTouched_data();
    void tablesTouched();
    void tablesTouchedPostgres_data() { tablesTouched_data(); }
    void tablesTouchedPostgres();
    void equality();
};

void TestTableUsage::tablesTouched_data()
{
    QTest::addColumn<QString>("statement");
    QTest::addColumn<QStringList>("expected");

    // CREATE TABLE
    row("create", QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY)"),
        one("create", QStringLiteral("users")));
    row("create, no space before (", QStringLiteral("CREATE TABLE users(id INTEGER)"),
        one("create", QStringLiteral("users")));
    row("create if not exists", QStringLiteral("CREATE TABLE IF NOT EXISTS users (id INT)"),
        one("create", QStringLiteral("users")));
    row("create temp", QStringLiteral("CREATE TEMP TABLE scratch (x INT)"), one("create", QStringLiteral("scratch")));
    row("create temporary", QStringLiteral("CREATE TEMPORARY TABLE scratch (x INT)"),
        one("create", QStringLiteral("scratch")));
    row("create global temporary", QStringLiteral("CREATE GLOBAL TEMPORARY TABLE scratch (x INT)"),
        one("create", QStringLiteral("scratch")));
    row("create temp if not exists", QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS scratch (x INT)"),
        one("create", QStringLiteral("scratch")));
    row("create unlogged", QStringLiteral("CREATE UNLOGGED TABLE events (x INT)"),
        one("create", QStringLiteral("events")));
    row("create or replace (MariaDB)", QStringLiteral("CREATE OR REPLACE TABLE t (x INT)"),
        one("create", QStringLiteral("t")));
    row("create as select", QStringLiteral("CREATE TABLE users_copy AS SELECT * FROM users"),
        one("create", QStringLiteral("users_copy")));
    row("create schema-qualified", QStringLiteral("CREATE TABLE app.users (id INT)"),
        one("create", QStringLiteral("app.users")));
    row("create schema-qualified, spaced", QStringLiteral("CREATE TABLE app . users (id INT)"),
        one("create", QStringLiteral("app.users")));
    row("create double-quoted", QStringLiteral("CREATE TABLE \"User Accounts\" (id INT)"),
        one("create", QStringLiteral("User Accounts")));
    row("create backquoted", QStringLiteral("CREATE TABLE `order` (id INT)"), one("create", QStringLiteral("order")));
    row("create bracketed", QStringLiteral("CREATE TABLE [order details] (id INT)"),
        one("create", QStringLiteral("order details")));
    row("create quoted schema and table", QStringLiteral("CREATE TABLE \"app\".\"users\" (id INT)"),
        one("create", QStringLiteral("app.users")));
    row("create backquoted schema and table", QStringLiteral("CREATE TABLE `shop`.`order` (id INT)"),
        one("create", QStringLiteral("shop.order")));
    row("create bracketed schema and table", QStringLiteral("CREATE TABLE [dbo].[users] (id INT)"),
        one("create", QStringLiteral("dbo.users")));
    row("create mixed quoting", QStringLiteral("CREATE TABLE app.\"Users\" (id INT)"),
        one("create", QStringLiteral("app.Users")));
    row("create quoted name with a dot", QStringLiteral("CREATE TABLE \"v1.2\" (id INT)"),
        one("create", QStringLiteral("v1.2")));
    row("create quoted name with a doubled quote", QStringLiteral("CREATE TABLE \"say \"\"hi\"\"\" (id INT)"),
        one("create", QStringLiteral("say \"hi\"")));
    row("create non-ASCII name", QStringLiteral("CREATE TABLE café (id INT)"), one("create", QStringLiteral("café")));
    row("create lowercase", QStringLiteral("create table if not exists users (id int)"),
        one("create", QStringLiteral("users")));
    row("create mixed case keeps the name's case", QStringLiteral("Create Temp Table Users (Id Int)"),
        one("create", QStringLiteral("Users")));
    row("create over several lines", QStringLiteral("CREATE\n  TABLE\n    users\n(\n    id INT\n)"),
        one("create", QStringLiteral("users")));
    row("create tablespace is not a table", QStringLiteral("CREATE TABLESPACE fast LOCATION '/ssd'"), kNothing);

    // ALTER TABLE
    row("alter", QStringLiteral("ALTER TABLE users ADD COLUMN email TEXT"), one("alter", QStringLiteral("users")));
    row("alter if exists only, drop column", QStringLiteral("ALTER TABLE IF EXISTS ONLY app.users DROP COLUMN email"),
        one("drop column", QStringLiteral("app.users")));
    // Dropping a column loses data; dropping a constraint, an index, a key or a default does not.
    row("drop column if exists", QStringLiteral("alter table users drop column if exists email"),
        one("drop column", QStringLiteral("users")));
    row("drop a column, MySQL's bare form", QStringLiteral("ALTER TABLE users DROP email"),
        one("drop column", QStringLiteral("users")));
    row("drop column after another clause", QStringLiteral("ALTER TABLE users ADD COLUMN x INT, DROP COLUMN email"),
        one("drop column", QStringLiteral("users")));
    row("drop constraint stays alter", QStringLiteral("ALTER TABLE users DROP CONSTRAINT uq_email"),
        one("alter", QStringLiteral("users")));
    row("drop index stays alter (MySQL)", QStringLiteral("ALTER TABLE users DROP INDEX ix_email"),
        one("alter", QStringLiteral("users")));
    row("drop primary key stays alter", QStringLiteral("ALTER TABLE users DROP PRIMARY KEY"),
        one("alter", QStringLiteral("users")));
    row("drop default stays alter", QStringLiteral("ALTER TABLE users ALTER COLUMN email DROP DEFAULT"),
        one("alter", QStringLiteral("users")));
    row("drop not null stays alter", QStringLiteral("ALTER TABLE users ALTER COLUMN email DROP NOT NULL"),
        one("alter", QStringLiteral("users")));
    row("alter quoted", QStringLiteral("ALTER TABLE \"Users\" ADD CONSTRAINT uq UNIQUE (email)"),
        one("alter", QStringLiteral("Users")));
    row("alter lowercase", QStringLiteral("alter table users alter column email set not null"),
        one("alter", QStringLiteral("users")));
    row("rename to", QStringLiteral("ALTER TABLE users RENAME TO accounts"), one("rename", QStringLiteral("users")));
    row("rename to, lowercase", QStringLiteral("alter table users rename to accounts"),
        one("rename", QStringLiteral("users")));
    row("rename to, quoted", QStringLiteral("ALTER TABLE \"app\".\"Users\" RENAME TO \"Accounts\""),
        one("rename", QStringLiteral("app.Users")));
    row("rename to, over lines", QStringLiteral("ALTER TABLE users\n    RENAME TO accounts"),
        one("rename", QStringLiteral("users")));
    row("rename as (MySQL)", QStringLiteral("ALTER TABLE users RENAME AS accounts"),
        one("rename", QStringLiteral("users")));
    row("rename bare (MySQL)", QStringLiteral("ALTER TABLE users RENAME accounts"),
        one("rename", QStringLiteral("users")));
    row("rename column stays alter", QStringLiteral("ALTER TABLE users RENAME COLUMN name TO full_name"),
        one("alter", QStringLiteral("users")));
    row("rename column, lowercase", QStringLiteral("alter table users rename column name to full_name"),
        one("alter", QStringLiteral("users")));
    row("rename column without COLUMN (PostgreSQL)", QStringLiteral("ALTER TABLE users RENAME name TO full_name"),
        one("alter", QStringLiteral("users")));
    row("rename column starting with 'to'", QStringLiteral("ALTER TABLE users RENAME total TO grand_total"),
        one("alter", QStringLiteral("users")));
    row("rename constraint stays alter", QStringLiteral("ALTER TABLE users RENAME CONSTRAINT a TO b"),
        one("alter", QStringLiteral("users")));
    row("rename index stays alter (MySQL)", QStringLiteral("ALTER TABLE users RENAME INDEX a TO b"),
        one("alter", QStringLiteral("users")));
    row("rename key stays alter (MySQL)", QStringLiteral("ALTER TABLE users RENAME KEY a TO b"),
        one("alter", QStringLiteral("users")));
    row("alter tablespace is not a table", QStringLiteral("ALTER TABLESPACE fast OWNER TO admin"), kNothing);

    // DROP TABLE
    row("drop", QStringLiteral("DROP TABLE users"), one("drop", QStringLiteral("users")));
    row("drop if exists cascade", QStringLiteral("DROP TABLE IF EXISTS app.users CASCADE"),
        one("drop", QStringLiteral("app.users")));
    row("drop quoted", QStringLiteral("DROP TABLE `order`"), one("drop", QStringLiteral("order")));
    row("drop temporary (MySQL)", QStringLiteral("DROP TEMPORARY TABLE IF EXISTS scratch"),
        one("drop", QStringLiteral("scratch")));
    row("drop several", QStringLiteral("DROP TABLE IF EXISTS a, app.b ,\"C\" CASCADE"),
        QStringList{QStringLiteral("drop: a"), QStringLiteral("drop: app.b"), QStringLiteral("drop: C")});
    row("drop lowercase", QStringLiteral("drop table if exists users"), one("drop", QStringLiteral("users")));

    // CREATE INDEX
    row("index", QStringLiteral("CREATE INDEX ix_users_email ON users (email)"), one("index", QStringLiteral("users")));
    row("index, no space before (", QStringLiteral("CREATE INDEX ix ON users(email)"),
        one("index", QStringLiteral("users")));
    row("unique index", QStringLiteral("CREATE UNIQUE INDEX uq_users_email ON users (email)"),
        one("index", QStringLiteral("users")));
    row("index concurrently", QStringLiteral("CREATE INDEX CONCURRENTLY ix ON users (email)"),
        one("index", QStringLiteral("users")));
    row("index if not exists", QStringLiteral("CREATE INDEX IF NOT EXISTS ix ON users (email)"),
        one("index", QStringLiteral("users")));
    row("index, every option",
        QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON app.users USING btree (email)"),
        one("index", QStringLiteral("app.users")));
    row("index without a name (PostgreSQL)", QStringLiteral("CREATE INDEX ON users (email)"),
        one("index", QStringLiteral("users")));
    row("index concurrently without a name", QStringLiteral("CREATE INDEX CONCURRENTLY ON users (email)"),
        one("index", QStringLiteral("users")));
    row("index on only", QStringLiteral("CREATE INDEX ix ON ONLY measurements (logdate)"),
        one("index", QStringLiteral("measurements")));
    row("index with quoted names", QStringLiteral("CREATE INDEX \"ix on users\" ON \"Users\" (\"email\")"),
        one("index", QStringLiteral("Users")));
    row("index named like the keyword", QStringLiteral("create index ix_on on orders (id)"),
        one("index", QStringLiteral("orders")));
    row("fulltext index (MySQL)", QStringLiteral("CREATE FULLTEXT INDEX ft_body ON posts (body)"),
        one("index", QStringLiteral("posts")));

    // DROP INDEX
    row("drop index on (MySQL)", QStringLiteral("DROP INDEX ix_users_email ON users"),
        one("drop index", QStringLiteral("users")));
    row("drop index on, quoted (MySQL)", QStringLiteral("DROP INDEX `ix` ON `shop`.`users`"),
        one("drop index", QStringLiteral("shop.users")));
    row("drop index on, lowercase", QStringLiteral("drop index ix on users"),
        one("drop index", QStringLiteral("users")));
    row("drop index without table", QStringLiteral("DROP INDEX ix_users_email"), kNothing);
    row("drop index concurrently if exists", QStringLiteral("DROP INDEX CONCURRENTLY IF EXISTS app.ix"), kNothing);

    // DML
    row("insert", QStringLiteral("INSERT INTO users (id, name) VALUES (1, 'a')"),
        one("insert", QStringLiteral("users")));
    row("insert, no space before (", QStringLiteral("INSERT INTO users(id) VALUES (1)"),
        one("insert", QStringLiteral("users")));
    row("insert select", QStringLiteral("INSERT INTO app.users SELECT * FROM old_users"),
        one("insert", QStringLiteral("app.users")));
    row("insert or ignore (SQLite)", QStringLiteral("INSERT OR IGNORE INTO users VALUES (1)"),
        one("insert", QStringLiteral("users")));
    row("insert or replace (SQLite)", QStringLiteral("INSERT OR REPLACE INTO users VALUES (1)"),
        one("insert", QStringLiteral("users")));
    row("insert ignore (MySQL)", QStringLiteral("INSERT IGNORE INTO `users` VALUES (1)"),
        one("insert", QStringLiteral("users")));
    row("insert lowercase", QStringLiteral("insert into users values (1)"), one("insert", QStringLiteral("users")));
    row("replace into", QStringLiteral("REPLACE INTO users VALUES (1)"), one("insert", QStringLiteral("users")));
    row("replace into, lowercase", QStringLiteral("replace into settings (k, v) values ('a', 'b')"),
        one("insert", QStringLiteral("settings")));
    row("update", QStringLiteral("UPDATE users SET name = 'x' WHERE id = 1"), one("update", QStringLiteral("users")));
    // Without WHERE: every row.
    row("update or ignore (SQLite)", QStringLiteral("UPDATE OR IGNORE users SET name = 'x'"),
        one("update all", QStringLiteral("users")));
    row("update only", QStringLiteral("UPDATE ONLY app.users SET name = 'x'"),
        one("update all", QStringLiteral("app.users")));
    row("update table starting with 'or'", QStringLiteral("update orders set total = 0"),
        one("update all", QStringLiteral("orders")));
    row("update table starting with 'only'", QStringLiteral("UPDATE only_flags SET x = 1 where x = 0"),
        one("update", QStringLiteral("only_flags")));
    row("delete", QStringLiteral("DELETE FROM users WHERE id = 1"), one("delete", QStringLiteral("users")));
    row("delete only", QStringLiteral("DELETE FROM ONLY app.users"), one("delete all", QStringLiteral("app.users")));
    row("delete lowercase", QStringLiteral("delete from \"Users\""), one("delete all", QStringLiteral("Users")));
    row("truncate", QStringLiteral("TRUNCATE users"), one("truncate", QStringLiteral("users")));
    row("truncate table", QStringLiteral("TRUNCATE TABLE users"), one("truncate", QStringLiteral("users")));
    row("truncate table only", QStringLiteral("TRUNCATE TABLE ONLY app.users RESTART IDENTITY"),
        one("truncate", QStringLiteral("app.users")));
    row("truncate several", QStringLiteral("truncate a, b cascade"),
        QStringList{QStringLiteral("truncate: a"), QStringLiteral("truncate: b")});
    row("truncate table starting with 'table'", QStringLiteral("TRUNCATE tablets"),
        one("truncate", QStringLiteral("tablets")));

    // views
    row("view", QStringLiteral("CREATE VIEW active_users AS SELECT * FROM users WHERE active"),
        one("view", QStringLiteral("active_users")));
    row("view or replace", QStringLiteral("CREATE OR REPLACE VIEW active_users AS SELECT 1"),
        one("view", QStringLiteral("active_users")));
    row("temp view", QStringLiteral("CREATE TEMP VIEW v AS SELECT 1"), one("view", QStringLiteral("v")));
    row("view if not exists", QStringLiteral("create view if not exists v as select 1"),
        one("view", QStringLiteral("v")));
    row("materialized view", QStringLiteral("CREATE MATERIALIZED VIEW IF NOT EXISTS app.stats AS SELECT 1"),
        one("view", QStringLiteral("app.stats")));
    row("view with MySQL options",
        QStringLiteral("CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY INVOKER VIEW `v` AS SELECT 1"),
        one("view", QStringLiteral("v")));
    row("drop view", QStringLiteral("DROP VIEW IF EXISTS active_users"),
        one("drop view", QStringLiteral("active_users")));
    row("drop materialized view", QStringLiteral("DROP MATERIALIZED VIEW app.stats"),
        one("drop view", QStringLiteral("app.stats")));
    row("drop several views", QStringLiteral("DROP VIEW v1, v2"),
        QStringList{QStringLiteral("drop view: v1"), QStringLiteral("drop view: v2")});

    // triggers
    row("trigger (SQLite)",
        QStringLiteral("CREATE TRIGGER trg AFTER INSERT ON users FOR EACH ROW BEGIN UPDATE stats SET n = n + 1; END"),
        one("trigger", QStringLiteral("users")));
    row("trigger if not exists, update of",
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS trg BEFORE UPDATE OF email ON users BEGIN SELECT 1; END"),
        one("trigger", QStringLiteral("users")));
    row("temp trigger", QStringLiteral("CREATE TEMP TRIGGER trg AFTER DELETE ON users BEGIN SELECT 1; END"),
        one("trigger", QStringLiteral("users")));
    row("trigger or replace (PostgreSQL)",
        QStringLiteral("CREATE OR REPLACE TRIGGER trg BEFORE INSERT ON app.users FOR EACH ROW EXECUTE FUNCTION f()"),
        one("trigger", QStringLiteral("app.users")));
    row("constraint trigger (PostgreSQL)",
        QStringLiteral("CREATE CONSTRAINT TRIGGER trg AFTER INSERT ON users DEFERRABLE FOR EACH ROW EXECUTE "
                       "FUNCTION f()"),
        one("trigger", QStringLiteral("users")));
    row("trigger with definer (MySQL)",
        QStringLiteral("CREATE DEFINER=`root`@`localhost` TRIGGER trg BEFORE INSERT ON `users` FOR EACH ROW SET "
                       "NEW.x = 1"),
        one("trigger", QStringLiteral("users")));
    row("trigger over lines", QStringLiteral("create trigger on_insert\nafter insert\non users\nbegin select 1; end"),
        one("trigger", QStringLiteral("users")));
    row("trigger instead of", QStringLiteral("CREATE TRIGGER trg INSTEAD OF INSERT ON v_users BEGIN SELECT 1; END"),
        one("trigger", QStringLiteral("v_users")));
    row("trigger quoted name containing ' on '",
        QStringLiteral("CREATE TRIGGER \"audit on users\" AFTER INSERT ON accounts BEGIN SELECT 1; END"),
        one("trigger", QStringLiteral("accounts")));
    row("event trigger is not on a table",
        QStringLiteral("CREATE EVENT TRIGGER trg ON ddl_command_start EXECUTE FUNCTION f()"), kNothing);

    // comments
    row("comment on table", QStringLiteral("COMMENT ON TABLE users IS 'People'"),
        one("comment", QStringLiteral("users")));
    row("comment on table, lowercase", QStringLiteral("comment on table app.\"Users\" is 'x'"),
        one("comment", QStringLiteral("app.Users")));
    row("comment on column", QStringLiteral("COMMENT ON COLUMN users.email IS 'x'"), kNothing);

    // what comes before the statement
    row("leading line comment", QStringLiteral("-- the users table\nCREATE TABLE users (id INT)"),
        one("create", QStringLiteral("users")));
    row("leading block comment", QStringLiteral("/* the users table */ CREATE TABLE users (id INT)"),
        one("create", QStringLiteral("users")));
    row("several leading comments", QStringLiteral("-- one\n/* two\n   three */\n  -- four\n\tDROP TABLE users"),
        one("drop", QStringLiteral("users")));
    row("leading whitespace", QStringLiteral("  \n\t INSERT INTO users VALUES (1)"),
        one("insert", QStringLiteral("users")));
    row("comment mentioning a table", QStringLiteral("-- DROP TABLE users\nSELECT 1"), kNothing);
    row("only a comment", QStringLiteral("-- CREATE TABLE users (id INT)"), kNothing);
    row("unterminated block comment", QStringLiteral("/* CREATE TABLE users (id INT)"), kNothing);

    // unrecognised
    row("empty", QString(), kNothing);
    row("select", QStringLiteral("SELECT * FROM users"), kNothing);
    row("select of DDL text", QStringLiteral("SELECT 'CREATE TABLE x (id INT)'"), kNothing);
    row("grant", QStringLiteral("GRANT SELECT ON users TO reader"), kNothing);
    row("revoke", QStringLiteral("REVOKE ALL ON TABLE users FROM PUBLIC"), kNothing);
    row("create sequence", QStringLiteral("CREATE SEQUENCE users_id_seq"), kNothing);
    row("create function",
        QStringLiteral("CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ "
                       "LANGUAGE plpgsql"),
        kNothing);
    row("pragma", QStringLiteral("PRAGMA foreign_keys = ON"), kNothing);
}

void TestTableUsage::tablesTouched()
{
    QFETCH(QString, statement);
    QFETCH(QStringList, expected);

    QCOMPARE(describe(tablesTouchedBy(statement)), expected);
}

// PostgreSQL's own parser reads each statement it accepts to the same usage (and what it refuses, MySQL's and
// SQLite's own syntax, falls back to the tokens).
void TestTableUsage::tablesTouchedPostgres()
{
    QFETCH(QString, statement);
    QFETCH(QStringList, expected);

    // The one difference is PostgreSQL's own: an unquoted name is folded to lower case.
    if (QLatin1String(QTest::currentDataTag()) == QLatin1String("create mixed case keeps the name's case"))
        expected = one("create", QStringLiteral("users"));
    QCOMPARE(describe(tablesTouchedBy(statement, retort::Dialect::PostgreSQL)), expected);
}

void TestTableUsage::equality()
{
    const TableUsage usage{QStringLiteral("users"), QStringLiteral("create")};
    QVERIFY(usage == (TableUsage{QStringLiteral("users"), QStringLiteral("create")}));
    QVERIFY(!(usage == TableUsage{QStringLiteral("users"), QStringLiteral("drop")}));
    QVERIFY(!(usage == TableUsage{QStringLiteral("Users"), QStringLiteral("create")}));
    QCOMPARE(tablesTouchedBy(QStringLiteral("DROP TABLE users")),
             (QVector<TableUsage>{{QStringLiteral("users"), QStringLiteral("drop")}}));
}

QTEST_GUILESS_MAIN(TestTableUsage)
#include "tst_tableusage.moc"
