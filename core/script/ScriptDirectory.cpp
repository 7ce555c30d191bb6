// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/ScriptDirectory.h"

#include "core/revision/MigrationPlanner.h"
#include "core/script/ProjectConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
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

} // namespace

Result<ScriptDirectory> ScriptDirectory::load(const ProjectConfig &config)
{
    return load(config.versionLocations());
}

Result<ScriptDirectory> ScriptDirectory::load(const QStringList &versionLocations)
{
    ScriptDirectory directory;
    directory.m_versionLocations = versionLocations;
    QStringList paths;
    for (const QString &location : versionLocations) {
        QDir dir(location);
        if (!dir.exists()) {
            return Error(ErrorCode::Io,
                         QStringLiteral("Path doesn't exist: %1. Please use the 'init' command to "
                                        "create a new scripts folder.")
                             .arg(cleanAbsolute(location)),
                         location);
        }
        const QStringList names = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
        for (const QString &name : names)
            paths << dir.absoluteFilePath(name);
    }
    // Reading and parsing dominate loading a large project; the files are independent, so they
    // are parsed in parallel, then taken in order (the first error by file order wins, as before).
    std::vector<std::optional<Result<MigrationScript>>> parsed(size_t(paths.size()));
    std::atomic_int next{0};
    auto parseSome = [&paths, &parsed, &next] {
        for (int i = next++; i < paths.size(); i = next++)
            parsed[size_t(i)].emplace(MigrationScriptParser::parseFile(paths[i]));
    };
    const int threads = paths.size() < 64 ? 1 : int(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(parseSome);
    parseSome();
    for (std::thread &helper : helpers)
        helper.join();

    QVector<Revision> revisions;
    revisions.reserve(paths.size());
    directory.m_scripts.reserve(paths.size());
    for (std::optional<Result<MigrationScript>> &result : parsed) {
        RETORT_TRY(MigrationScript script, std::move(*result));
        directory.m_warnings += script.warnings;
        revisions.append(revisionOf(script));
        directory.m_scripts.append(std::move(script));
    }
    RETORT_TRY(directory.m_map, RevisionMap::build(std::move(revisions)));
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

Result<QString> ScriptDirectory::createRevision(const NewRevision &request) const
{
    const QString revisionId = request.revisionId.isEmpty() ? generateRevisionId() : request.revisionId;
    const QString invalid = revisionIdError(revisionId);
    if (!invalid.isEmpty())
        return Error(ErrorCode::CommandLine, invalid, revisionId);
    if (m_map.indexOf(revisionId) != RevisionMap::None) {
        return Error(ErrorCode::DuplicateRevision,
                     QStringLiteral("Revision %1 is already present in %2")
                         .arg(revisionId, m_map.at(m_map.indexOf(revisionId)).path),
                     revisionId);
    }

    // Which revisions the new one revises (Alembic's generate_revision).
    const QStringList headArguments = request.heads.isEmpty() ? QStringList{QStringLiteral("head")} : request.heads;
    auto heads = m_map.revisionsFor(headArguments);
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
        auto target = m_map.revisionFor(dependency);
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
    const QString path =
        QDir(versionPath)
            .absoluteFilePath(revisionId + QLatin1Char('_') + slugFor(request.message) + QStringLiteral(".sql"));
    const QString text = renderScript(message, revisionId, downIds, createDate, request.branchLabels, dependsOn);

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
