// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Diagnostic.h"
#include "core/Result.h"
#include "core/script/Dialect.h"
#include "core/script/FileStamp.h"
#include "core/script/SqlStatement.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace retort {

// What a section's body is. A .sql file's sections are SQL; an Alembic .py file's upgrade() and
// downgrade() are read without running them, and only an empty body or one made of op.execute()
// calls on literal strings says exactly what it will do.
enum class SectionBody
{
    Sql,        // a .sql file's section
    Empty,      // a function holding only `pass`, a docstring or `...`
    LiteralSql, // only op.execute("literal SQL") calls: text holds the SQL, one statement per call
    Python,     // anything else: text holds the function's source, which only Python can run
    Missing     // the file defines no such function; for a .sql file's plain section: the file has only
                // dialect sections for that direction (a database of another dialect has nothing to run)
};

struct MigrationSection
{
    SectionBody body = SectionBody::Sql;
    std::optional<Dialect> dialect; // the dialect its marker names ("-- migrate:upgrade postgresql"); none: plain
    int line = 0;                   // line of the "-- migrate:upgrade"/"-- migrate:downgrade" marker; 0 when absent
    QString text;                   // the section's raw text (used for checksums and display)
    SqlStatementList statements;
    QString checksum; // hex SHA-256 of the text's UTF-8, as history rows record it

    static QString checksumOf(const QString &text);
};

// Which kind of file a revision came from.
enum class ScriptFormat
{
    Sql,          // Retort's own <rev>_<slug>.sql
    AlembicPython // an Alembic revision module, read statically (never run)
};

// A parsed versions/<rev>_<slug>.sql file, or an Alembic .py revision read statically. See DESIGN.md
// "Migration files".
struct MigrationScript
{
    ScriptFormat format = ScriptFormat::Sql;
    QString path;    // absolute path of the file
    QString message; // first paragraph of the header comment (Alembic's doc)
    QString docText; // the whole header comment block, comment markers removed (Alembic's docstring)
    QString revisionId;
    QStringList downRevisions; // empty for a base, two or more for a merge
    QStringList dependsOn;
    QStringList branchLabels;
    QString createDate;
    bool transactional = true;
    int revisionLine = 0;  // line of "Revision ID:"
    int revisesLine = 0;   // line of "Revises:" (0 when absent)
    int dependsOnLine = 0; // line of "Depends On:" (0 when absent)
    // The plain "-- migrate:upgrade" / "-- migrate:downgrade" sections (an Alembic file's upgrade() and
    // downgrade()), and those written for one dialect ("-- migrate:upgrade postgresql"). Read them through
    // section(), which picks what a database runs; these are for the parser, the cache and tests.
    MigrationSection plainUpgrade;
    MigrationSection plainDowngrade;
    QMap<Dialect, MigrationSection> dialectUpgrades;
    QMap<Dialect, MigrationSection> dialectDowngrades;
    Diagnostics warnings; // an unknown header key, etc.
    // Other files the header fields were read from (an Alembic .py taking a branch label from another module
    // of the project). A cached parse could not notice them change, so such a file is never cached.
    QStringList headerSources;
    // SHA-256 (hex) of the file's bytes as they were parsed; empty when parsed from text. A run compares
    // it with the file on disk, so it never runs SQL older than the file.
    QString fileDigest;
    // The file's stamp when it was listed, kept only when the file had settled by then (null
    // otherwise): a run finds the file unchanged by its stamp alone, and reads it again only when
    // the stamp moved (or is null), then by its digest.
    FileStamp fileStamp;
    static QString digestOf(const QByteArray &bytes);

    // The section a database of `dialect` runs in that direction: the file's section for that dialect when it
    // has one, else the plain one, whose body is SectionBody::Missing when the file has only other dialects'
    // sections there (sectionError() says so). No dialect known: the plain one. Every reader of a revision's
    // SQL (runs, offline scripts, plans, lint, checksums, previews) takes it from here.
    const MigrationSection &section(bool upgrade, std::optional<Dialect> dialect) const;
    // Why a database of `dialect` cannot run this file in that direction (ErrorCode::MissingSection, naming the
    // file, the direction, the dialect and the sections the file has); nullopt when it can.
    std::optional<Error> sectionError(bool upgrade, Dialect dialect) const;
    // The dialects the file has sections for, either direction, in enum order; and their names.
    QList<Dialect> sectionDialects() const;
    QStringList sectionDialectNames() const;
    // Every section: the plain two, then each direction's dialect sections (to copy or store them whole).
    QVector<MigrationSection *> allSections();
    QVector<const MigrationSection *> allSections() const;
};

// A section's marker as files and messages write it: "-- migrate:upgrade", "-- migrate:downgrade postgresql".
QString sectionMarkerText(bool upgrade, std::optional<Dialect> dialect);
// How messages name a section: "'-- migrate:upgrade postgresql' (line 20)", "'-- migrate:downgrade' (line 14)";
// "no upgrade section" for one the file does not have.
QString describeSection(const MigrationSection &section, bool upgrade);

// Alembic's rule for revision ids: none of '@', '-', '+', ':' (nor blanks).
// Returns "Character(s) '-' not allowed in revision identifier 'a-b'", or an
// empty string for a valid id.
QString revisionIdError(const QString &id);

class MigrationScriptParser
{
public:
    // Parses the text of a migration file. Errors name `path` and the line.
    [[nodiscard]] static Result<MigrationScript> parse(const QString &path, const QString &text);
    // Reads and parses a file, which must be UTF-8 and at most kMaxFileBytes.
    [[nodiscard]] static Result<MigrationScript> parseFile(const QString &path);

    // Large enough for any schema change; bulk data belongs in the database's own loaders.
    static constexpr qint64 kMaxFileBytes = 32 * 1024 * 1024;
};

} // namespace retort
