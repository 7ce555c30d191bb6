// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/ScriptCache.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtEndian>

#include <algorithm>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

namespace retort {

namespace {

// Bump when MigrationScript or the parser's output changes shape; a rebuilt binary also
// invalidates every cache (see executableStamp), so this matters for released versions.
//
// Layout: magic, version, the producing binary's stamp, the index's length and checksum, the
// index (per file: name, stamp, what the graph needs, where its sections are and their
// checksum), then all sections. Commands that only need the graph read the index alone.
// 2: the file's digest; 3: warnings with their line; 4: Alembic .py files (names may be paths into subfolders;
// the script's format and each section's body); 5: sections for one dialect ("-- migrate:upgrade postgresql")
constexpr qint64 kFormatVersion = 5;
constexpr char kMagic[8] = {'R', 'E', 'T', 'O', 'R', 'T', 'S', 'C'};
constexpr qsizetype kHeaderSize = sizeof kMagic + 7 * sizeof(qint64);

// The running binary: a cache written by another build may have parsed differently.
FileStamp executableStamp()
{
    struct stat info;
    if (::stat("/proc/self/exe", &info) != 0)
        return {};
    return FileStamp::of(info);
}

// Catches a damaged or truncated cache file (not an attacker: the cache is the user's own).
// qHash is seeded per process, so it cannot be kept on disk.
quint64 checksum(QByteArrayView bytes)
{
    quint64 hash = 0x9E3779B97F4A7C15ull ^ quint64(bytes.size());
    auto mix = [&hash](quint64 word) {
        hash = (hash ^ word) * 0xFF51AFD7ED558CCDull;
        hash ^= hash >> 29;
    };
    qsizetype at = 0;
    for (; at + 8 <= bytes.size(); at += 8) {
        quint64 word;
        std::memcpy(&word, bytes.data() + at, sizeof word);
        mix(word);
    }
    quint64 tail = 0;
    std::memcpy(&tail, bytes.data() + at, size_t(bytes.size() - at));
    mix(tail);
    return hash;
}

class Writer
{
public:
    void number(qint64 value)
    {
        const qint64 little = qToLittleEndian(value);
        m_bytes.append(reinterpret_cast<const char *>(&little), sizeof little);
    }
    void text(const QString &value)
    {
        const QByteArray utf8 = value.toUtf8();
        number(utf8.size());
        m_bytes.append(utf8);
    }
    void texts(const QStringList &values)
    {
        number(values.size());
        for (const QString &value : values)
            text(value);
    }
    // The file of each is the script's own, set again when read back.
    void diagnostics(const Diagnostics &values)
    {
        number(values.size());
        for (const Diagnostic &value : values) {
            number(value.severity == Diagnostic::Severity::Error ? 1 : 0);
            number(value.where.line);
            text(value.text);
        }
    }
    void stamp(const FileStamp &stamp)
    {
        number(stamp.size);
        number(stamp.modifiedNs);
        number(stamp.changedNs);
        number(qint64(stamp.inode));
    }
    void statements(const MigrationSection &section)
    {
        text(section.text);
        text(section.checksum);
        number(section.statements.size());
        for (const SqlStatement &statement : section.statements) {
            number(statement.line);
            text(statement.text);
        }
    }
    void graph(const MigrationScript &script)
    {
        number(qint64(script.format));
        number(qint64(script.plainUpgrade.body));
        number(qint64(script.plainDowngrade.body));
        text(script.message);
        text(script.docText);
        text(script.revisionId);
        texts(script.downRevisions);
        texts(script.dependsOn);
        texts(script.branchLabels);
        text(script.createDate);
        number(script.transactional ? 1 : 0);
        number(script.revisionLine);
        number(script.revisesLine);
        number(script.dependsOnLine);
        number(script.plainUpgrade.line);
        number(script.plainDowngrade.line);
        diagnostics(script.warnings);
        text(script.fileDigest);
        // The dialect sections, each direction in the map's order: sections() writes their SQL in that order.
        number(script.dialectUpgrades.size() + script.dialectDowngrades.size());
        for (const auto *sections : {&script.dialectUpgrades, &script.dialectDowngrades}) {
            for (const MigrationSection &section : *sections) {
                number(sections == &script.dialectUpgrades ? 1 : 0);
                number(qint64(*section.dialect));
                number(qint64(section.body));
                number(section.line);
            }
        }
    }
    void sections(const MigrationScript &script)
    {
        for (const MigrationSection *section : script.allSections())
            statements(*section);
    }
    QByteArray &bytes() { return m_bytes; }

private:
    QByteArray m_bytes;
};

// Reads what Writer wrote; any read past the end or absurd count marks the whole cache bad.
class Reader
{
public:
    explicit Reader(QByteArrayView bytes) : m_at(bytes.data()), m_end(bytes.data() + bytes.size()) {}

    bool failed() const { return m_failed; }
    bool atEnd() const { return m_at == m_end; }

    qint64 number()
    {
        qint64 little = 0;
        if (!need(sizeof little))
            return 0;
        std::memcpy(&little, m_at, sizeof little);
        m_at += sizeof little;
        return qFromLittleEndian(little);
    }
    int count()
    {
        const qint64 value = number();
        if (value < 0 || value > m_end - m_at) // every element takes at least one byte
            fail();
        return m_failed ? 0 : int(value);
    }
    QString text()
    {
        const qint64 length = number();
        if (length < 0 || !need(size_t(length)))
            return QString();
        const QString value = QString::fromUtf8(m_at, qsizetype(length));
        m_at += length;
        return value;
    }
    QStringList texts()
    {
        QStringList values;
        const int size = count();
        values.reserve(size);
        for (int i = 0; i < size && !m_failed; ++i)
            values << text();
        return values;
    }
    Diagnostics diagnostics()
    {
        Diagnostics values;
        const int size = count();
        values.reserve(size);
        for (int i = 0; i < size && !m_failed; ++i) {
            Diagnostic value;
            value.severity = number() == 1 ? Diagnostic::Severity::Error : Diagnostic::Severity::Warning;
            value.where.line = int(number());
            value.text = text();
            values.append(std::move(value));
        }
        return values;
    }
    FileStamp stamp()
    {
        FileStamp stamp;
        stamp.size = number();
        stamp.modifiedNs = number();
        stamp.changedNs = number();
        stamp.inode = quint64(number());
        return stamp;
    }
    QByteArrayView bytes(qint64 length)
    {
        if (length < 0 || !need(size_t(length)))
            return {};
        const QByteArrayView view(m_at, qsizetype(length));
        m_at += length;
        return view;
    }
    void statements(MigrationSection &section)
    {
        section.text = text();
        section.checksum = text();
        const int size = count();
        section.statements.reserve(size);
        for (int i = 0; i < size && !m_failed; ++i) {
            SqlStatement statement;
            statement.line = int(number());
            statement.text = text();
            section.statements.append(std::move(statement));
        }
    }
    void graph(MigrationScript &script)
    {
        const qint64 format = number();
        if (format != qint64(ScriptFormat::Sql) && format != qint64(ScriptFormat::AlembicPython))
            fail();
        script.format = ScriptFormat(format);
        script.plainUpgrade.body = bodyKind();
        script.plainDowngrade.body = bodyKind();
        script.message = text();
        script.docText = text();
        script.revisionId = text();
        script.downRevisions = texts();
        script.dependsOn = texts();
        script.branchLabels = texts();
        script.createDate = text();
        script.transactional = number() != 0;
        script.revisionLine = int(number());
        script.revisesLine = int(number());
        script.dependsOnLine = int(number());
        script.plainUpgrade.line = int(number());
        script.plainDowngrade.line = int(number());
        script.warnings = diagnostics();
        script.fileDigest = text();
        const int dialectSections = count();
        for (int i = 0; i < dialectSections && !m_failed; ++i) {
            const bool upgrade = number() != 0;
            const qint64 dialect = number();
            if (dialect < qint64(Dialect::SQLite) || dialect > qint64(Dialect::MySQL)) {
                fail();
                break;
            }
            MigrationSection &section = (upgrade ? script.dialectUpgrades : script.dialectDowngrades)[Dialect(dialect)];
            section.dialect = Dialect(dialect);
            section.body = bodyKind();
            section.line = int(number());
        }
    }
    void sections(MigrationScript &script)
    {
        for (MigrationSection *section : script.allSections())
            statements(*section);
    }

private:
    SectionBody bodyKind()
    {
        const qint64 kind = number();
        if (kind < qint64(SectionBody::Sql) || kind > qint64(SectionBody::Missing))
            fail();
        return m_failed ? SectionBody::Sql : SectionBody(kind);
    }
    bool need(size_t bytes)
    {
        if (m_failed || size_t(m_end - m_at) < bytes)
            fail();
        return !m_failed;
    }
    void fail() { m_failed = true; }

    const char *m_at;
    const char *m_end;
    bool m_failed = false;
};

} // namespace

QString ScriptCache::cacheFileFor(const QString &folder)
{
    if (qEnvironmentVariableIntValue("RETORT_NO_CACHE") != 0)
        return QString();
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    if (base.isEmpty())
        return QString();
    const QByteArray key = QCryptographicHash::hash(folder.toUtf8(), QCryptographicHash::Sha1).toHex();
    return base + QStringLiteral("/retort/") + QString::fromLatin1(key) + QStringLiteral(".scripts");
}

ScriptCache ScriptCache::open(const QString &folder, ScriptContents contents)
{
    return open(folder, contents, QDateTime::currentMSecsSinceEpoch() * 1'000'000 - FileStamp::kSettleNs);
}

ScriptCache ScriptCache::open(const QString &folder, ScriptContents contents, qint64 trustedBeforeNs)
{
    ScriptCache cache;
    cache.m_cacheFile = cacheFileFor(folder);
    if (cache.m_cacheFile.isEmpty())
        return cache;
    cache.m_trustedBeforeNs = trustedBeforeNs;
    if (!cache.readIndex() || contents == ScriptContents::GraphOnly)
        return cache;
    cache.readSections();
    return cache;
}

bool ScriptCache::readIndex()
{
    QFile file(m_cacheFile);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = file.read(kHeaderSize);
    if (header.size() != kHeaderSize || std::memcmp(header.constData(), kMagic, sizeof kMagic) != 0)
        return false;
    Reader fields(QByteArrayView(header).sliced(sizeof kMagic));
    const qint64 version = fields.number();
    const FileStamp producer = fields.stamp();
    const qint64 indexLength = fields.number();
    const quint64 indexSum = quint64(fields.number());
    if (version != kFormatVersion || !(producer == executableStamp()) || indexLength < 0 ||
        indexLength > file.size() - kHeaderSize) {
        return false;
    }
    m_index = file.read(indexLength);
    if (m_index.size() != indexLength || checksum(m_index) != indexSum)
        return false;
    m_sectionsAt = kHeaderSize + indexLength;
    m_sectionsLength = file.size() - m_sectionsAt;

    // The index only is read here; a script is decoded when its file turns out unchanged.
    Reader reader(m_index);
    std::vector<Entry> loaded(size_t(reader.count()));
    for (Entry &entry : loaded) {
        entry.name = reader.bytes(reader.number());
        entry.stamp = reader.stamp();
        entry.graph = reader.bytes(reader.number());
        entry.sectionsAt = reader.number();
        entry.sectionsLength = reader.number();
        entry.sectionsSum = quint64(reader.number());
        if (entry.sectionsAt < 0 || entry.sectionsLength < 0 ||
            entry.sectionsAt > m_sectionsLength - entry.sectionsLength)
            return false;
    }
    if (reader.failed() || !reader.atEnd())
        return false;
    m_loaded = std::move(loaded);
    m_kept.reserve(m_loaded.size());
    return true;
}

bool ScriptCache::readSections()
{
    if (!m_sections.isNull())
        return true;
    QFile file(m_cacheFile);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(m_sectionsAt))
        return false;
    m_sections = file.read(m_sectionsLength);
    return m_sections.size() == m_sectionsLength;
}

QByteArrayView ScriptCache::sectionsOf(const Entry &entry) const
{
    if (!entry.freshSections.isNull())
        return entry.freshSections;
    if (m_sections.size() != m_sectionsLength)
        return {};
    return QByteArrayView(m_sections).sliced(entry.sectionsAt, entry.sectionsLength);
}

int ScriptCache::find(const ListedScript &file)
{
    // The index is sorted by native name (see save()).
    const QByteArrayView name(file.nativeName);
    const auto found = std::lower_bound(m_loaded.begin(), m_loaded.end(), name,
                                        [](const Entry &entry, QByteArrayView wanted) { return entry.name < wanted; });
    if (found == m_loaded.end() || found->name != name || found->taken)
        return -1;
    found->taken = true;
    return found->stamp == file.stamp ? int(found - m_loaded.begin()) : -1;
}

bool ScriptCache::decode(int entry, const QString &path, ScriptContents contents, MigrationScript &script) const
{
    const Entry &found = m_loaded[size_t(entry)];
    Reader graph(found.graph);
    graph.graph(script);
    bool intact = !graph.failed() && graph.atEnd();
    if (intact && contents == ScriptContents::Everything) {
        const QByteArrayView sections = sectionsOf(found);
        Reader reader(sections);
        reader.sections(script);
        intact = checksum(sections) == found.sectionsSum && !reader.failed() && reader.atEnd();
    }
    if (!intact) {
        script = MigrationScript();
        return false;
    }
    script.path = path;
    for (Diagnostic &warning : script.warnings)
        warning.where.file = path;
    return true;
}

void ScriptCache::keep(int entry)
{
    m_kept.push_back(m_loaded[size_t(entry)]);
    ++m_keptFromIndex;
}

bool ScriptCache::take(const ListedScript &file, const QString &path, ScriptContents contents, MigrationScript &script)
{
    const int entry = find(file);
    if (entry < 0 || !decode(entry, path, contents, script))
        return false;
    keep(entry);
    return true;
}

void ScriptCache::store(const ListedScript &file, const MigrationScript &script)
{
    if (!enabled() || std::max(file.stamp.modifiedNs, file.stamp.changedNs) >= m_trustedBeforeNs ||
        !script.headerSources.isEmpty())
        return;
    Writer graph;
    graph.graph(script);
    Writer sections;
    sections.sections(script);
    Entry entry;
    entry.freshName = file.nativeName;
    entry.name = entry.freshName;
    entry.stamp = file.stamp;
    entry.freshGraph = graph.bytes();
    entry.graph = entry.freshGraph;
    entry.freshSections = sections.bytes();
    entry.sectionsSum = checksum(entry.freshSections);
    m_kept.push_back(std::move(entry));
}

void ScriptCache::save()
{
    // Rewritten when a file was parsed afresh, or one the cache knew is gone or changed.
    if (!enabled() || (m_keptFromIndex == m_loaded.size() && m_kept.size() == m_keptFromIndex))
        return;
    // Entries taken from the old file need its sections, which graph-only loads skip.
    if (m_keptFromIndex > 0 && !readSections())
        return;
    std::sort(m_kept.begin(), m_kept.end(), [](const Entry &a, const Entry &b) { return a.name < b.name; });
    Writer index;
    Writer sections;
    index.number(qint64(m_kept.size()));
    for (const Entry &entry : m_kept) {
        const QByteArrayView entrySections = sectionsOf(entry);
        index.number(entry.name.size());
        index.bytes().append(entry.name.data(), entry.name.size());
        index.stamp(entry.stamp);
        index.number(entry.graph.size());
        index.bytes().append(entry.graph.data(), entry.graph.size());
        index.number(sections.bytes().size());
        index.number(entrySections.size());
        index.number(qint64(entry.sectionsSum));
        sections.bytes().append(entrySections.data(), entrySections.size());
    }
    Writer header;
    header.bytes().append(kMagic, sizeof kMagic);
    header.number(kFormatVersion);
    header.stamp(executableStamp());
    header.number(index.bytes().size());
    header.number(qint64(checksum(index.bytes())));

    m_loaded.clear();
    if (!QDir().mkpath(QFileInfo(m_cacheFile).absolutePath()))
        return;
    QSaveFile file(m_cacheFile);
    if (file.open(QIODevice::WriteOnly) && file.write(header.bytes()) >= 0 && file.write(index.bytes()) >= 0 &&
        file.write(sections.bytes()) >= 0) {
        file.commit();
    }
}

} // namespace retort
