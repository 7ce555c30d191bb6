// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/ScriptDirectory.h"
#include "core/revision/RevisionResolver.h"

#include "core/revision/MigrationPlanner.h"
#include "core/script/ProjectConfig.h"
#include "core/script/ScriptCache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMultiHash>
#include <QSet>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

namespace retort {

namespace {

QString cleanAbsolute(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

FolderWalk walkOf(const ProjectConfig &config)
{
    return config.recursiveVersionLocations() ? FolderWalk::Recursive : FolderWalk::TopLevel;
}

} // namespace

Result<ScriptDirectory> ScriptDirectory::load(const ProjectConfig &config, ScriptContents contents)
{
    return load(config.versionLocations(), walkOf(config), contents);
}

Result<ScriptDirectory> ScriptDirectory::loadLeavingOut(const ProjectConfig &config)
{
    return loadLeavingOut(config.versionLocations(), walkOf(config));
}

Result<ScriptDirectory> ScriptDirectory::load(const QStringList &versionLocations, ScriptContents contents)
{
    return load(versionLocations, FolderWalk::TopLevel, contents);
}

namespace {

// Every file of the folders, in order, parsed (or taken from the cache); a file that cannot be
// parsed leaves an empty script and its error at its place.
struct ParsedFiles
{
    QVector<MigrationScript> scripts;
    std::vector<std::optional<Error>> errors;
};

Result<ParsedFiles> parseFolders(const QStringList &versionLocations, FolderWalk walk, ScriptContents contents)
{
    // Every file in order; unchanged ones come from the cache, the rest are parsed below.
    struct File
    {
        QString path;
        ListedScript listed;
        size_t cache = 0; // index into caches
    };
    std::vector<File> files;
    std::vector<ScriptCache> caches;
    for (const QString &location : versionLocations) {
        QDir dir(location);
        if (!dir.exists()) {
            return Error(ErrorCode::Io,
                         QStringLiteral("Path doesn't exist: %1. Please use the 'init' command to "
                                        "create a new scripts folder.")
                             .arg(cleanAbsolute(location)),
                         location);
        }
        const QString folder = dir.absolutePath();
        RETORT_TRY(QVector<ListedScript> listed, ScriptCache::listFolder(folder, walk));
        caches.push_back(ScriptCache::open(folder, contents));
        // What QDir::absoluteFilePath gives, without its checks for every one of 10,000 names.
        const QString prefix = folder.endsWith(QLatin1Char('/')) ? folder : folder + QLatin1Char('/');
        for (ListedScript &entry : listed)
            files.push_back({prefix + entry.name, std::move(entry), caches.size() - 1});
    }
    const qint64 listedAtNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    ParsedFiles parsed;
    QVector<MigrationScript> &scripts = parsed.scripts;
    scripts.resize(qsizetype(files.size()));
    std::vector<size_t> toParse;
    for (size_t i = 0; i < files.size(); ++i) {
        if (!caches[files[i].cache].take(files[i].listed, files[i].path, contents, scripts[qsizetype(i)]))
            toParse.push_back(i);
    }

    // Reading and parsing dominate loading a large project; the files are independent, so they
    // are parsed in parallel, then taken in order.
    std::vector<std::optional<Error>> &errors = parsed.errors;
    errors.resize(files.size());
    std::atomic<size_t> next{0};
    auto parseSome = [&files, &toParse, &scripts, &errors, &next] {
        for (size_t i = next++; i < toParse.size(); i = next++) {
            const size_t index = toParse[i];
            Result<MigrationScript> script = MigrationScriptParser::parseFile(files[index].path);
            if (script.ok())
                scripts[qsizetype(index)] = std::move(script).value();
            else
                errors[index] = script.error();
        }
    };
    const int threads = toParse.size() < 64 ? 1 : int(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(parseSome);
    parseSome();
    for (std::thread &helper : helpers)
        helper.join();
    for (size_t index : toParse) {
        if (!errors[index])
            caches[files[index].cache].store(files[index].listed, scripts[qsizetype(index)]);
    }
    for (size_t i = 0; i < files.size(); ++i) {
        if (files[i].listed.stamp.isSettled(listedAtNs))
            scripts[qsizetype(i)].fileStamp = files[i].listed.stamp;
    }
    for (ScriptCache &cache : caches)
        cache.save();
    return parsed;
}

// What is known of revisions left out, for the reasons given to what hangs below them.
struct LeftOutRevisions
{
    QSet<QString> ids;                // left out of the graph after they were parsed
    QHash<QString, QString> unparsed; // id (by the file-name convention "<id>_slug.sql") -> file not parsed
};

// Leaves out the scripts whose parent (Revises:) is not among them, and their descendants, each with
// the reason.
void leaveOutOrphans(QVector<MigrationScript> &scripts, const LeftOutRevisions &known, Diagnostics *leftOut)
{
    QHash<QString, int> present;
    QMultiHash<QString, int> children;
    for (int i = 0; i < scripts.size(); ++i) {
        present.insert(scripts[i].revisionId, i);
        for (const QString &down : scripts[i].downRevisions)
            children.insert(down, i);
    }
    std::vector<char> dropped(size_t(scripts.size()), 0);
    QVector<int> queue;
    for (int i = 0; i < scripts.size(); ++i) {
        for (const QString &down : scripts[i].downRevisions) {
            if (present.contains(down))
                continue;
            dropped[size_t(i)] = 1;
            queue << i;
            const auto unparsed = known.unparsed.constFind(down);
            const QString why =
                known.ids.contains(down) ? QStringLiteral("left out: it revises %1, which was left out").arg(down)
                : unparsed != known.unparsed.constEnd()
                    ? QStringLiteral("left out: it revises %1, whose file %2 could not be loaded").arg(down, *unparsed)
                    : QStringLiteral("Revision %1 referenced from %2 is not present (Revises: in %3)")
                          .arg(down, scripts[i].revisionId, scripts[i].path);
            leftOut->append({Diagnostic::Severity::Error, {scripts[i].path, scripts[i].revisesLine}, why});
            break;
        }
    }
    for (qsizetype at = 0; at < queue.size(); ++at) {
        const MigrationScript &parent = scripts[queue[at]];
        const auto range = children.equal_range(parent.revisionId);
        for (auto child = range.first; child != range.second; ++child) {
            if (dropped[size_t(*child)])
                continue;
            dropped[size_t(*child)] = 1;
            queue << *child;
            leftOut->append({Diagnostic::Severity::Error,
                             {scripts[*child].path, scripts[*child].revisesLine},
                             QStringLiteral("left out: it revises %1, which was left out").arg(parent.revisionId)});
        }
    }
    QVector<MigrationScript> kept;
    kept.reserve(scripts.size() - queue.size());
    for (int i = 0; i < scripts.size(); ++i) {
        if (!dropped[size_t(i)])
            kept.append(std::move(scripts[i]));
    }
    scripts = std::move(kept);
}

} // namespace

Result<ScriptDirectory> ScriptDirectory::load(const QStringList &versionLocations, FolderWalk walk,
                                              ScriptContents contents)
{
    ScriptDirectory directory;
    directory.m_versionLocations = versionLocations;
    RETORT_TRY(ParsedFiles parsed, parseFolders(versionLocations, walk, contents));
    for (const std::optional<Error> &error : parsed.errors) {
        if (error)
            return *error; // the first by file order
    }
    directory.m_scripts = std::move(parsed.scripts);
    QVector<Revision> revisions;
    revisions.reserve(directory.m_scripts.size());
    for (MigrationScript &script : directory.m_scripts) {
        if (contents == ScriptContents::GraphOnly) {
            for (MigrationSection *section : script.allSections()) {
                MigrationSection lineOnly;
                lineOnly.body = section->body;
                lineOnly.dialect = section->dialect;
                lineOnly.line = section->line;
                *section = std::move(lineOnly);
            }
        }
        directory.m_warnings += script.warnings;
        revisions.append(revisionOf(script));
    }
    RETORT_TRY(directory.m_map, RevisionMap::build(std::move(revisions)));
    return directory;
}

Result<ScriptDirectory> ScriptDirectory::loadLeavingOut(const QStringList &versionLocations, FolderWalk walk)
{
    ScriptDirectory directory;
    directory.m_versionLocations = versionLocations;
    RETORT_TRY(ParsedFiles parsed, parseFolders(versionLocations, walk, ScriptContents::Everything));
    QVector<MigrationScript> scripts;
    LeftOutRevisions known;
    QHash<QString, QString> firstPathOfId;
    for (size_t i = 0; i < parsed.errors.size(); ++i) {
        if (parsed.errors[i]) {
            const Diagnostic problem = Diagnostic::fromError(*parsed.errors[i]);
            const QString name = QFileInfo(problem.where.file).fileName();
            if (const qsizetype underscore = name.indexOf(u'_'); underscore > 0)
                known.unparsed.insert(name.left(underscore), problem.where.file);
            directory.m_leftOut << problem;
            continue;
        }
        MigrationScript &script = parsed.scripts[qsizetype(i)];
        const auto first = firstPathOfId.constFind(script.revisionId);
        if (first != firstPathOfId.constEnd()) { // the first file keeps the id
            directory.m_leftOut.append({Diagnostic::Severity::Error,
                                        {script.path, script.revisionLine},
                                        QStringLiteral("Revision %1 is present more than once: %2 and %3")
                                            .arg(script.revisionId, *first, script.path)});
            continue;
        }
        firstPathOfId.insert(script.revisionId, script.path);
        scripts.append(std::move(script));
    }
    // Each pass leaves out what the graph names as wrong (and what hangs below it) and builds again.
    for (;;) {
        leaveOutOrphans(scripts, known, &directory.m_leftOut);
        QVector<Revision> revisions;
        revisions.reserve(scripts.size());
        for (const MigrationScript &script : std::as_const(scripts))
            revisions.append(revisionOf(script));
        Result<RevisionMap> map = RevisionMap::build(std::move(revisions));
        if (map.ok()) {
            directory.m_map = std::move(map).value();
            break;
        }
        const Error &error = map.error();
        if (scripts.isEmpty()) { // cannot happen with no revisions; never loop on it
            directory.m_leftOut << Diagnostic::fromError(error);
            break;
        }
        const qsizetype before = scripts.size();
        QVector<MigrationScript> kept;
        for (MigrationScript &script : scripts) {
            const bool named = error.location.isNull() ? error.details.contains(script.revisionId)
                                                       : script.path == error.location.file;
            if (!named) {
                kept.append(std::move(script));
                continue;
            }
            known.ids.insert(script.revisionId);
            Diagnostic why = Diagnostic::fromError(error);
            why.where = {script.path, script.revisionLine};
            directory.m_leftOut.append(why);
        }
        scripts = std::move(kept);
        if (scripts.size() == before) { // nothing named: show no graph rather than a wrong one
            directory.m_leftOut << Diagnostic::fromError(error);
            scripts.clear();
        }
    }
    directory.m_scripts = std::move(scripts);
    for (const MigrationScript &script : std::as_const(directory.m_scripts))
        directory.m_warnings += script.warnings;
    return directory;
}

Revision ScriptDirectory::revisionOf(const MigrationScript &script)
{
    Revision revision;
    revision.id = script.revisionId;
    revision.downRevisions = script.downRevisions;
    revision.dependencies = script.dependsOn;
    revision.ownBranchLabels = script.branchLabels;
    revision.path = script.path;
    revision.doc = script.message;
    revision.longDoc = script.docText.trimmed();
    return revision;
}

QString ScriptDirectory::generateRevisionId()
{
    // Twelve hex digits, like Alembic's uuid4().hex[-12:].
    const quint64 value = QRandomGenerator::global()->generate64() & 0xFFFFFFFFFFFFull;
    return QStringLiteral("%1").arg(value, 12, 16, QLatin1Char('0'));
}

QString ScriptDirectory::slugFor(const QString &message)
{
    static const QRegularExpression word(QStringLiteral("\\w+"), QRegularExpression::UseUnicodePropertiesOption);
    QStringList words;
    auto it = word.globalMatch(message);
    while (it.hasNext())
        words << it.next().captured(0);
    QString slug = words.join(QLatin1Char('_')).toLower();
    constexpr int truncateLength = 40; // Alembic's truncate_slug_length default
    if (slug.size() > truncateLength) {
        slug = slug.left(truncateLength);
        const int lastUnderscore = slug.lastIndexOf(QLatin1Char('_'));
        if (lastUnderscore >= 0)
            slug = slug.left(lastUnderscore);
        slug += QLatin1Char('_');
    }
    return slug;
}

QString ScriptDirectory::renderScript(const QString &message, const QString &revisionId,
                                      const QStringList &downRevisions, const QDateTime &createDate,
                                      const QStringList &branchLabels, const QStringList &dependsOn)
{
    QStringList lines;
    const QStringList messageLines = message.split(QLatin1Char('\n'));
    for (const QString &line : messageLines)
        lines << (line.isEmpty() ? QStringLiteral("--") : QStringLiteral("-- ") + line);
    lines << QStringLiteral("--");
    lines << QStringLiteral("-- Revision ID: ") + revisionId;
    lines << QStringLiteral("-- Revises: ") + downRevisions.join(QStringLiteral(", "));
    lines << QStringLiteral("-- Create Date: ") + createDate.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000"));
    if (!branchLabels.isEmpty())
        lines << QStringLiteral("-- Branch Labels: ") + branchLabels.join(QStringLiteral(", "));
    if (!dependsOn.isEmpty())
        lines << QStringLiteral("-- Depends On: ") + dependsOn.join(QStringLiteral(", "));
    lines << QStringLiteral("-- Transactional: true");
    lines << QString() << QStringLiteral("-- migrate:upgrade") << QString() << QString()
          << QStringLiteral("-- migrate:downgrade") << QString();
    return lines.join(QLatin1Char('\n'));
}

QStringList ScriptDirectory::changedOnDisk(const QVector<int> &revisions) const
{
    QStringList changed;
    for (int index : revisions) {
        const MigrationScript &script = m_scripts[index];
        if (script.fileDigest.isEmpty())
            continue; // parsed from text, not from a file
        if (!script.fileStamp.isNull() &&
            FileStamp::ofPath(QFile::encodeName(script.path).constData()) == script.fileStamp)
            continue; // not written since it was listed, settled, and read
        QFile file(script.path);
        if (!file.open(QIODevice::ReadOnly)) {
            changed << QStringLiteral("%1 (cannot be read any more: %2)")
                           .arg(QDir::toNativeSeparators(script.path), file.errorString());
        } else if (MigrationScript::digestOf(file.readAll()) != script.fileDigest) {
            changed
                << QStringLiteral("%1 (changed on disk since it was read)").arg(QDir::toNativeSeparators(script.path));
        }
    }
    return changed;
}

Result<QString> ScriptDirectory::createRevision(const NewRevision &request) const
{
    const QString revisionId = request.revisionId.isEmpty() ? generateRevisionId() : request.revisionId;
    const QString invalid = revisionIdError(revisionId);
    if (!invalid.isEmpty())
        return Error(ErrorCode::CommandLine, invalid, revisionId);
    // Words every command reads as something else, and the separator of revision lists: a revision
    // named so could never be named on a command line.
    static const QStringList reserved = {QStringLiteral("head"), QStringLiteral("heads"), QStringLiteral("base"),
                                         QStringLiteral("current")};
    if (reserved.contains(revisionId.toLower()) || revisionId.contains(u',')) {
        return Error(ErrorCode::CommandLine,
                     QStringLiteral("Revision identifier '%1' cannot be used: %2")
                         .arg(revisionId, revisionId.contains(u',')
                                              ? QStringLiteral("',' separates revisions in a list")
                                              : QStringLiteral("'%1' already means something to every command (head, "
                                                               "heads, base and current are reserved)")
                                                    .arg(revisionId)),
                     revisionId);
    }
    if (m_map.indexOf(revisionId) != RevisionMap::None) {
        return Error(ErrorCode::DuplicateRevision,
                     QStringLiteral("Revision %1 is already present in %2")
                         .arg(revisionId, m_map.at(m_map.indexOf(revisionId)).path),
                     revisionId);
    }

    // Which revisions the new one revises (Alembic's generate_revision).
    const QStringList headArguments = request.heads.isEmpty() ? QStringList{QStringLiteral("head")} : request.heads;
    auto heads = RevisionResolver(m_map).revisionsFor(headArguments);
    if (!heads.ok()) {
        return commandError(heads.error(),
                            {QString(),
                             QStringLiteral("Multiple heads are present; please specify the head revision on which "
                                            "the new revision should be based, or perform a merge."),
                             QString(), QString()});
    }
    QVector<int> parents;
    for (int head : heads.value()) {
        if (head < 0)
            return Error(ErrorCode::CommandLine, QStringLiteral("A walk below base cannot be revised"));
        if (parents.contains(head))
            return Error(ErrorCode::CommandLine, QStringLiteral("Duplicate head revisions specified"));
        parents << head;
    }
    if (!request.splice) {
        for (int parent : std::as_const(parents)) {
            if (!m_map.at(parent).isHead()) {
                return Error(ErrorCode::CommandLine,
                             QStringLiteral("Revision %1 is not a head revision; please specify --splice to create a "
                                            "new branch from this revision")
                                 .arg(m_map.at(parent).id));
            }
        }
    }
    QStringList dependsOn;
    for (const QString &dependency : request.dependsOn) {
        auto target = RevisionResolver(m_map).revisionFor(dependency);
        if (!target.ok())
            return commandError(target.error());
        if (target.value() < 0)
            return Error(ErrorCode::CommandLine, QStringLiteral("Depends On cannot name base"), dependency);
        const Revision &revision = m_map.at(target.value());
        // A label stays a label (it follows the branch); anything else becomes the full id.
        dependsOn << (revision.branchLabels.contains(dependency) ? dependency : revision.id);
    }

    QString versionPath;
    if (request.versionPath.isEmpty()) {
        if (m_versionLocations.size() > 1) {
            if (parents.isEmpty()) {
                return Error(ErrorCode::CommandLine,
                             QStringLiteral("Multiple version locations present, please specify --version-path"));
            }
            versionPath = QFileInfo(m_map.at(parents.first()).path).absolutePath();
        } else {
            versionPath = m_versionLocations.value(0);
        }
    } else {
        const QString wanted = cleanAbsolute(request.versionPath);
        for (const QString &location : m_versionLocations) {
            if (cleanAbsolute(location) == wanted)
                versionPath = location;
        }
        if (versionPath.isEmpty()) {
            return Error(
                ErrorCode::CommandLine,
                QStringLiteral("Path %1 is not represented in current version locations").arg(request.versionPath),
                request.versionPath);
        }
    }

    // As in Alembic, no message gives the doc "empty message" but an empty slug ("<rev>_.sql").
    const QString message = request.message.isEmpty() ? QStringLiteral("empty message") : request.message;
    const QDateTime createDate = request.createDate.isValid() ? request.createDate : QDateTime::currentDateTime();
    const QStringList downIds = m_map.ids(parents);
    QString path;
    QString text;
    if (request.alembic) {
        const AlembicRevisionWriter::Fields fields{message,   revisionId, downIds, request.branchLabels,
                                                   dependsOn, createDate};
        AlembicRevisionWriter::Fields named = fields;
        named.message = request.message; // as in Alembic: no message, no slug
        Result<QString> fileName =
            AlembicRevisionWriter::fileName(request.alembic->fileTemplate, request.alembic->truncateSlugLength, named);
        if (!fileName.ok()) {
            // Said of the alembic.ini that sets file_template.
            Error error = fileName.error();
            if (!request.alembic->settingsFile.isEmpty()) {
                error.message = request.alembic->settingsFile + QStringLiteral(": ") + error.message;
                error.location = SourceLocation{request.alembic->settingsFile, 0};
            }
            return error;
        }
        path = QDir(versionPath).absoluteFilePath(fileName.value());
        text = AlembicRevisionWriter::render(request.alembic->scriptTemplate, fields).text;
    } else {
        path = QDir(versionPath)
                   .absoluteFilePath(revisionId + QLatin1Char('_') + slugFor(request.message) + QStringLiteral(".sql"));
        text = renderScript(message, revisionId, downIds, createDate, request.branchLabels, dependsOn);
    }

    // Check the new file against the graph before anything is written.
    RETORT_TRY(MigrationScript script, MigrationScriptParser::parse(path, text));
    QVector<Revision> revisions = m_map.revisions();
    revisions.append(revisionOf(script));
    RETORT_TRY(const RevisionMap checked, RevisionMap::build(std::move(revisions)));
    Q_UNUSED(checked);

    if (QFileInfo::exists(path))
        return Error(ErrorCode::Io, QStringLiteral("%1 already exists; not overwriting it").arg(path), path);
    if (!QDir().mkpath(versionPath))
        return Error(ErrorCode::Io, QStringLiteral("cannot create folder %1").arg(versionPath), versionPath);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit())
        return Error(ErrorCode::Io, QStringLiteral("%1: cannot write file: %2").arg(path, file.errorString()), path);
    return path;
}

} // namespace retort
