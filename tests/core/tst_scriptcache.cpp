// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/TestFiles.h"
#include "core/script/ScriptCache.h"
#include "core/script/ScriptDirectory.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace retort;
using namespace retort::testing;

namespace {

constexpr qint64 kTrustEverything = std::numeric_limits<qint64>::max();
constexpr qint64 kTrustNothing = 0;

QByteArray scriptText(const QString &id, const QString &revises, const QString &extraHeader = QString())
{
    return QStringLiteral("-- revision %1\n--\n-- Revision ID: %1\n-- Revises: %2\n%3\n"
                          "-- migrate:upgrade\nCREATE TABLE t_%1 (id INTEGER, note TEXT DEFAULT 'a; b');\n"
                          "INSERT INTO t_%1 VALUES (1, 'é');\n\n"
                          "-- migrate:downgrade\nDROP TABLE t_%1;\n")
        .arg(id, revises, extraHeader)
        .toUtf8();
}

// Every field a parse produces, so a cached script can be compared with a fresh parse.
QStringList describe(const MigrationScript &script)
{
    QStringList fields{QString::number(int(script.format)),
                       script.path,
                       script.message,
                       script.docText,
                       script.revisionId,
                       script.downRevisions.join(QLatin1Char(',')),
                       script.dependsOn.join(QLatin1Char(',')),
                       script.branchLabels.join(QLatin1Char(',')),
                       script.createDate,
                       QString::number(script.transactional),
                       QString::number(script.revisionLine),
                       QString::number(script.revisesLine),
                       QString::number(script.dependsOnLine),
                       toStrings(script.warnings).join(QLatin1Char('|')),
                       script.fileDigest};
    for (const MigrationSection *section : script.allSections()) {
        fields << QString::number(int(section->body)) << QString::number(section->line) << section->text
               << (section->dialect ? dialectName(*section->dialect) : QStringLiteral("plain")) << section->checksum;
        for (const SqlStatement &statement : section->statements)
            fields << QStringLiteral("%1: %2").arg(statement.line).arg(statement.text);
    }
    return fields;
}

} // namespace

class TestScriptCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void listsWhatQDirLists();
    void listsAlembicModules_data();
    void listsAlembicModules();
    void recursiveListing();
    void recursiveLoadUsesTheCache();
    void unchangedFilesComeFromTheCache();
    void graphOnlySkipsTheSections();
    void changedStampIsAMiss();
    void recentFilesAreNotStored();
    void goneFilesLeaveTheCache();
    void damagedCacheIsIgnored_data();
    void damagedCacheIsIgnored();
    void environmentTurnsItOff();
    void graphOnlyLoadHasNoStatements();
    void settledFilesAreCheckedByStamp();

private:
    // Parses every file of m_folder and stores it in a fresh cache, which is saved.
    void fillCache(qint64 trustedBeforeNs = kTrustEverything);
    QVector<ListedScript> listed() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_folder;
};

void TestScriptCache::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestScriptCache::init()
{
    qunsetenv("RETORT_NO_CACHE");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_folder = m_dir->path() + QStringLiteral("/versions");
    QVERIFY(QDir().mkpath(m_folder));
    QFile::remove(ScriptCache::cacheFileFor(m_folder));
    QVERIFY(writeFile(m_folder + QStringLiteral("/a1_first.sql"), scriptText(QStringLiteral("a1"), QString())));
    QVERIFY(writeFile(m_folder + QStringLiteral("/b2_second.sql"),
                      scriptText(QStringLiteral("b2"), QStringLiteral("a1"),
                                 QStringLiteral("-- Branch Labels: feature\n-- Reviewer: kim\n"))
                          .replace('\n', "\r\n")));
    // With sections for one dialect, which the cache keeps as the parser gives them.
    QVERIFY(writeFile(m_folder + QStringLiteral("/c3_third.sql"),
                      scriptText(QStringLiteral("c3"), QStringLiteral("b2"), QStringLiteral("-- Depends On: a1\n")) +
                          "-- migrate:upgrade postgresql\nCREATE TABLE t_c3 (id SERIAL);\nSELECT 2;\n"
                          "-- migrate:downgrade mysql\nDROP TABLE t_c3;\n"));
}

QVector<ListedScript> TestScriptCache::listed() const
{
    auto files = ScriptCache::listFolder(m_folder);
    return files.ok() ? files.value() : QVector<ListedScript>();
}

void TestScriptCache::fillCache(qint64 trustedBeforeNs)
{
    ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::Everything, trustedBeforeNs);
    QVERIFY(cache.enabled());
    for (const ListedScript &file : listed()) {
        auto parsed = MigrationScriptParser::parseFile(m_folder + QLatin1Char('/') + file.name);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        cache.store(file, parsed.value());
    }
    cache.save();
}

void TestScriptCache::listsWhatQDirLists()
{
    for (const char *name : {"B.sql", "a.SQL", "c.Sql", ".hidden.sql", "x.sqlx", "notes.txt", "é_1.sql", "Z.sql",
                             "_u.sql", "10.sql", "9.sql", ".sql"}) {
        QVERIFY(writeFile(m_folder + QLatin1Char('/') + QString::fromUtf8(name), "-- x\n"));
    }
    QVERIFY(QDir(m_folder).mkdir(QStringLiteral("folder.sql")));
    QVERIFY(QFile::link(m_folder + QStringLiteral("/9.sql"), m_folder + QStringLiteral("/link.sql")));
    QVERIFY(QFile::link(m_folder + QStringLiteral("/missing"), m_folder + QStringLiteral("/dangling.sql")));
    QCOMPARE(::mkfifo(QFile::encodeName(m_folder + QStringLiteral("/pipe.sql")).constData(), 0600), 0);

    QStringList names;
    for (const ListedScript &file : listed())
        names << file.name;
    QCOMPARE(names, QDir(m_folder).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name));
    QVERIFY(names.contains(QStringLiteral("link.sql")));

    const auto missing = ScriptCache::listFolder(m_folder + QStringLiteral("/nowhere"));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().message.contains(m_folder + QStringLiteral("/nowhere")),
             qPrintable(missing.error().message));
}

void TestScriptCache::listsAlembicModules_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("listed");

    // Alembic's `(?!\.\#|__init__)(.*\.py)$`, case-sensitive.
    QTest::newRow("revision module") << "3f2a_add_users.py" << true;
    QTest::newRow("emacs lock file") << ".#3f2a_add_users.py" << false;
    QTest::newRow("package marker") << "__init__.py" << false;
    QTest::newRow("starts with __init__") << "__init___x.py" << false;
    QTest::newRow("__init__ inside") << "a__init__.py" << true;
    QTest::newRow("hidden module") << ".hidden.py" << true;
    QTest::newRow("bare suffix") << ".py" << true;
    QTest::newRow("upper-case suffix") << "x.PY" << false;
    QTest::newRow("mixed-case suffix") << "x.Py" << false;
    QTest::newRow("compiled") << "x.pyc" << false;
    QTest::newRow("template") << "script.py.mako" << false;
    QTest::newRow("no dot") << "xpy" << false;
}

void TestScriptCache::listsAlembicModules()
{
    QFETCH(QString, name);
    QFETCH(bool, listed);
    QVERIFY(writeFile(m_folder + QLatin1Char('/') + name, "revision = 'x'\n"));
    QStringList names;
    for (const ListedScript &file : this->listed())
        names << file.name;
    QCOMPARE(names.contains(name), listed);
    QCOMPARE(names.size(), listed ? 4 : 3); // with the three .sql files of init()
}

void TestScriptCache::recursiveListing()
{
    for (const char *name :
         {"b_two.py", "a_one.py", "release2/c_five.py", "release1/inner/e_four.py", "release1/f_three.py",
          "release1/d_two.py", "__pycache__/g.py", "release1/__pycache__/h.py", "release1/.#lock.py",
          "release1/__init__.py", "release1/notes.txt", "Release0/k.sql", ".hidden/m.py"}) {
        QVERIFY(writeFile(m_folder + QLatin1Char('/') + QString::fromUtf8(name), "revision = 'x'\n"));
    }
    // os.walk does not follow links to folders, so neither does the listing.
    QVERIFY(QFile::link(m_folder + QStringLiteral("/release1"), m_folder + QStringLiteral("/zlinked")));

    auto topLevel = ScriptCache::listFolder(m_folder, FolderWalk::TopLevel);
    QVERIFY(topLevel.ok());
    QStringList names;
    for (const ListedScript &file : topLevel.value())
        names << file.name;
    QCOMPARE(names, QStringList({"a1_first.sql", "a_one.py", "b2_second.sql", "b_two.py", "c3_third.sql"}));

    // A folder's files sorted by name, then its subfolders sorted by name (upper case first, as Python
    // sorts), each depth first; __pycache__ skipped.
    auto recursive = ScriptCache::listFolder(m_folder, FolderWalk::Recursive);
    QVERIFY(recursive.ok());
    names.clear();
    for (const ListedScript &file : recursive.value()) {
        names << file.name;
        QCOMPARE(QString::fromUtf8(file.nativeName), file.name);
    }
    QCOMPARE(names, QStringList({"a1_first.sql", "a_one.py", "b2_second.sql", "b_two.py", "c3_third.sql",
                                 ".hidden/m.py", "Release0/k.sql", "release1/d_two.py", "release1/f_three.py",
                                 "release1/inner/e_four.py", "release2/c_five.py"}));
}

void TestScriptCache::recursiveLoadUsesTheCache()
{
    QVERIFY(writeFile(m_folder + QStringLiteral("/release1/d4_fourth.sql"),
                      scriptText(QStringLiteral("d4"), QStringLiteral("c3"))));
    const auto first = ScriptDirectory::load(QStringList{m_folder}, FolderWalk::Recursive);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
    QCOMPARE(first->map().size(), 4);
    const auto onlyTop = ScriptDirectory::load(QStringList{m_folder});
    QVERIFY(onlyTop.ok());
    QCOMPARE(onlyTop->map().size(), 3);

    // The cache holds the nested file under its path in the folder.
    const auto files = ScriptCache::listFolder(m_folder, FolderWalk::Recursive);
    QVERIFY(files.ok());
    QCOMPARE(files->last().name, QStringLiteral("release1/d4_fourth.sql"));
    const QString path = m_folder + QStringLiteral("/release1/d4_fourth.sql");
    {
        ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::Everything, kTrustEverything);
        for (const ListedScript &file : files.value())
            cache.store(file, MigrationScriptParser::parseFile(m_folder + QLatin1Char('/') + file.name).value());
        cache.save();
    }
    ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::Everything);
    MigrationScript cached;
    QVERIFY(cache.take(files->last(), path, ScriptContents::Everything, cached));
    QCOMPARE(describe(cached), describe(first->script(3)));
    QCOMPARE(cached.path, path);
}

void TestScriptCache::unchangedFilesComeFromTheCache()
{
    fillCache();
    QVERIFY(QFile::exists(ScriptCache::cacheFileFor(m_folder)));
    ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::Everything, kTrustEverything);
    const QVector<ListedScript> files = listed();
    QCOMPARE(files.size(), 3);
    for (const ListedScript &file : files) {
        const QString path = m_folder + QLatin1Char('/') + file.name;
        MigrationScript cached;
        QVERIFY2(cache.take(file, path, ScriptContents::Everything, cached), qPrintable(file.name));
        const auto parsed = MigrationScriptParser::parseFile(path);
        QVERIFY(parsed.ok());
        QCOMPARE(describe(cached), describe(parsed.value()));
    }
}

void TestScriptCache::graphOnlySkipsTheSections()
{
    fillCache();
    ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::GraphOnly, kTrustEverything);
    const ListedScript file = listed().at(1);
    MigrationScript cached;
    QVERIFY(cache.take(file, m_folder + QLatin1Char('/') + file.name, ScriptContents::GraphOnly, cached));
    QCOMPARE(cached.revisionId, QStringLiteral("b2"));
    QCOMPARE(cached.branchLabels, QStringList{QStringLiteral("feature")});
    QVERIFY(toStrings(cached.warnings).join(QString()).contains(QStringLiteral("Reviewer")));
    QVERIFY(cached.plainUpgrade.line > 0);
    QVERIFY(cached.plainUpgrade.text.isEmpty());
    QVERIFY(cached.plainUpgrade.statements.isEmpty());

    // Dialect sections keep their dialect and line (what `show --json` and the plan's notes read) without SQL.
    const ListedScript third = listed().at(2);
    MigrationScript withDialects;
    QVERIFY(cache.take(third, m_folder + QLatin1Char('/') + third.name, ScriptContents::GraphOnly, withDialects));
    QCOMPARE(withDialects.sectionDialects(), (QList<Dialect>{Dialect::PostgreSQL, Dialect::MySQL}));
    const MigrationSection &postgres = withDialects.section(true, Dialect::PostgreSQL);
    QCOMPARE(postgres.dialect, std::optional<Dialect>(Dialect::PostgreSQL));
    QCOMPARE(postgres.line, 13);
    QVERIFY(postgres.statements.isEmpty());
    QCOMPARE(withDialects.section(false, Dialect::MySQL).line, 16);
}

void TestScriptCache::changedStampIsAMiss()
{
    fillCache();
    ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::Everything, kTrustEverything);
    ListedScript file = listed().first();
    MigrationScript cached;
    for (qint64 FileStamp::*field : {&FileStamp::size, &FileStamp::modifiedNs, &FileStamp::changedNs}) {
        ListedScript changed = file;
        changed.stamp.*field += 1;
        QVERIFY(!cache.take(changed, m_folder + QLatin1Char('/') + file.name, ScriptContents::Everything, cached));
    }
}

void TestScriptCache::recentFilesAreNotStored()
{
    fillCache(kTrustNothing);
    QVERIFY(!QFile::exists(ScriptCache::cacheFileFor(m_folder)));
}

void TestScriptCache::goneFilesLeaveTheCache()
{
    fillCache();
    QVERIFY(QFile::remove(m_folder + QStringLiteral("/c3_third.sql")));
    {
        ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::GraphOnly, kTrustEverything);
        MigrationScript script;
        for (const ListedScript &file : listed())
            QVERIFY(cache.take(file, m_folder + QLatin1Char('/') + file.name, ScriptContents::GraphOnly, script));
        cache.save(); // rewrites without c3, keeping the sections it did not read
    }
    ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::Everything, kTrustEverything);
    const QVector<ListedScript> files = listed();
    QCOMPARE(files.size(), 2);
    for (const ListedScript &file : files) {
        MigrationScript script;
        QVERIFY(cache.take(file, m_folder + QLatin1Char('/') + file.name, ScriptContents::Everything, script));
        QCOMPARE(script.plainUpgrade.statements.size(), 2);
    }
    QVERIFY(QFile::copy(m_folder + QStringLiteral("/a1_first.sql"), m_folder + QStringLiteral("/c3_third.sql")));
    ListedScript back = listed().last();
    MigrationScript script;
    QVERIFY(!cache.take(back, m_folder + QLatin1Char('/') + back.name, ScriptContents::Everything, script));
}

void TestScriptCache::damagedCacheIsIgnored_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("a flipped byte in the sections") << QStringLiteral("flip-end");
    QTest::newRow("a flipped byte in the index") << QStringLiteral("flip-index");
    QTest::newRow("truncated") << QStringLiteral("truncate");
    QTest::newRow("empty") << QStringLiteral("empty");
    QTest::newRow("not a cache") << QStringLiteral("garbage");
}

void TestScriptCache::damagedCacheIsIgnored()
{
    QFETCH(QString, damage);
    fillCache();
    const QString cacheFile = ScriptCache::cacheFileFor(m_folder);
    QFile file(cacheFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray bytes = file.readAll();
    file.close();
    if (damage == QLatin1String("flip-end"))
        bytes[bytes.size() - 10] = char(bytes[bytes.size() - 10] ^ 0x20);
    else if (damage == QLatin1String("flip-index"))
        bytes[100] = char(bytes[100] ^ 0x01);
    else if (damage == QLatin1String("truncate"))
        bytes.chop(bytes.size() / 2);
    else if (damage == QLatin1String("empty"))
        bytes.clear();
    else
        bytes = QByteArray(4096, 'x');
    QVERIFY(writeFile(cacheFile, bytes));

    ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::Everything, kTrustEverything);
    int hits = 0;
    for (const ListedScript &file : listed()) {
        MigrationScript script;
        hits += cache.take(file, m_folder + QLatin1Char('/') + file.name, ScriptContents::Everything, script) ? 1 : 0;
    }
    // Only a flipped byte inside one file's sections spares the other files.
    QCOMPARE(hits, damage == QLatin1String("flip-end") ? 2 : 0);

    // A load through a damaged cache is a normal load.
    const auto scripts = ScriptDirectory::load(QStringList{m_folder});
    QVERIFY(scripts.ok());
    QCOMPARE(scripts.value().script(2).plainUpgrade.statements.size(), 2);
}

void TestScriptCache::environmentTurnsItOff()
{
    qputenv("RETORT_NO_CACHE", "1");
    QVERIFY(ScriptCache::cacheFileFor(m_folder).isEmpty());
    const ScriptCache cache = ScriptCache::open(m_folder, ScriptContents::Everything, kTrustEverything);
    QVERIFY(!cache.enabled());
    qunsetenv("RETORT_NO_CACHE");
    QVERIFY(!ScriptCache::cacheFileFor(m_folder).isEmpty());
    QVERIFY(ScriptCache::cacheFileFor(m_folder) != ScriptCache::cacheFileFor(m_dir->path()));
}

void TestScriptCache::graphOnlyLoadHasNoStatements()
{
    const auto graphOnly = ScriptDirectory::load(QStringList{m_folder}, ScriptContents::GraphOnly);
    QVERIFY(graphOnly.ok());
    const auto everything = ScriptDirectory::load(QStringList{m_folder}, ScriptContents::Everything);
    QVERIFY(everything.ok());
    QCOMPARE(graphOnly.value().map().ids(graphOnly.value().map().heads()), QStringList{QStringLiteral("c3")});
    for (int i = 0; i < 3; ++i) {
        QVERIFY(graphOnly.value().script(i).plainUpgrade.statements.isEmpty());
        QCOMPARE(graphOnly.value().script(i).plainUpgrade.line, everything.value().script(i).plainUpgrade.line);
        QCOMPARE(everything.value().script(i).plainUpgrade.statements.size(), 2);
    }
}

// A run finds a file unchanged since it was read by its stamp alone — but only a file that had settled
// when it was listed; anything that moved the stamp is read again and compared by its bytes, so a
// rewrite in place with the size and modification time put back is still caught.
void TestScriptCache::settledFilesAreCheckedByStamp()
{
    const QString first = m_folder + QStringLiteral("/a1_first.sql");
    const QString second = m_folder + QStringLiteral("/b2_second.sql");
    const QString third = m_folder + QStringLiteral("/c3_third.sql");
    {
        // Freshly written files are never trusted by their stamp.
        auto fresh = ScriptDirectory::load(QStringList{m_folder});
        QVERIFY2(fresh.ok(), qPrintable(fresh.ok() ? QString() : fresh.error().message));
        for (int index = 0; index < fresh->map().size(); ++index)
            QVERIFY(fresh->script(index).fileStamp.isNull());
    }
    QTest::qSleep(int(FileStamp::kSettleNs / 1'000'000) + 200);
    auto scripts = ScriptDirectory::load(QStringList{m_folder});
    QVERIFY2(scripts.ok(), qPrintable(scripts.ok() ? QString() : scripts.error().message));
    QVector<int> all;
    for (int index = 0; index < scripts->map().size(); ++index) {
        QVERIFY(!scripts->script(index).fileStamp.isNull());
        all << index;
    }
    QCOMPARE(scripts->changedOnDisk(all), QStringList());

    // The second file: other bytes of the same length, its modification time put back.
    struct stat before;
    QVERIFY(::stat(QFile::encodeName(second).constData(), &before) == 0);
    QByteArray bytes = readFile(second).toUtf8();
    const qsizetype at = bytes.indexOf("CREATE TABLE");
    QVERIFY(at > 0);
    bytes.replace(at, 6, "create");
    {
        QFile file(second);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QCOMPARE(file.write(bytes), bytes.size());
    }
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    QVERIFY(::utimensat(AT_FDCWD, QFile::encodeName(second).constData(), times, 0) == 0);
    // The third: replaced by a copy of the same bytes (another inode): its stamp moved, its content did not.
    const QByteArray same = readFile(third).toUtf8();
    QVERIFY(QFile::remove(third));
    QVERIFY(writeFile(third, same));

    QCOMPARE(scripts->changedOnDisk(all),
             QStringList{QStringLiteral("%1 (changed on disk since it was read)").arg(second)});
    QVERIFY(QFile::remove(first));
    QCOMPARE(scripts->changedOnDisk({0}).size(), 1);
    QVERIFY2(scripts->changedOnDisk({0}).constFirst().startsWith(first + QStringLiteral(" (cannot be read any more")),
             qPrintable(scripts->changedOnDisk({0}).constFirst()));
}

QTEST_GUILESS_MAIN(TestScriptCache)
#include "tst_scriptcache.moc"
