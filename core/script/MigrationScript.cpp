// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/MigrationScript.h"

#include "core/TextFormat.h"
#include "core/script/AlembicScript.h"
#include "core/script/StatementSplitter.h"

#include <QCryptographicHash>
#include <QFile>
#include <QStringDecoder>
#include <QLatin1String>
#include <QRegularExpression>
#include <QStringView>

#include <algorithm>
#include <initializer_list>
#include <optional>

namespace retort {

namespace {

enum class HeaderKey
{
    None,
    Unknown,
    RevisionId,
    Revises,
    CreateDate,
    BranchLabels,
    DependsOn,
    Transactional
};

struct KeyName
{
    QLatin1String name;
    HeaderKey key;
};

const KeyName kKeyNames[] = {
    {QLatin1String("Revision ID"), HeaderKey::RevisionId}, {QLatin1String("Revises"), HeaderKey::Revises},
    {QLatin1String("Create Date"), HeaderKey::CreateDate}, {QLatin1String("Branch Labels"), HeaderKey::BranchLabels},
    {QLatin1String("Depends On"), HeaderKey::DependsOn},   {QLatin1String("Transactional"), HeaderKey::Transactional},
};

struct HeaderLine
{
    HeaderKey key = HeaderKey::None;
    QStringView name;        // as written
    QLatin1String canonical; // known keys only
    QStringView value;
};

bool isKeyChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == ' ' || u == '_' ||
           u == '-';
}

// "Key: value" where Key looks like a header name. The colon must end a word ("see https://x"
// is prose, not a key), which also keeps the time in "Create Date: 09:12:44" out of the key.
HeaderLine parseHeaderLine(QStringView text)
{
    HeaderLine result;
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon <= 0 || colon > 40)
        return result;
    if (colon + 1 < text.size() && !text.at(colon + 1).isSpace())
        return result;
    const QStringView name = text.left(colon).trimmed();
    if (name.isEmpty() || !name.front().isLetter() || !std::all_of(name.begin(), name.end(), isKeyChar))
        return result;
    result.name = name;
    result.value = text.mid(colon + 1).trimmed();
    result.key = HeaderKey::Unknown;
    for (const KeyName &known : kKeyNames) {
        if (name.compare(known.name, Qt::CaseInsensitive) == 0) {
            result.key = known.key;
            result.canonical = known.name;
            break;
        }
    }
    return result;
}

QStringList commaList(QStringView value)
{
    QStringList items;
    for (QStringView item : value.split(QLatin1Char(','))) {
        item = item.trimmed();
        if (!item.isEmpty() && !items.contains(item))
            items.append(item.toString());
    }
    return items;
}

std::optional<bool> parseBool(QStringView value)
{
    const auto is = [value](const char *word) { return value.compare(QLatin1String(word), Qt::CaseInsensitive) == 0; };
    if (is("true") || is("yes") || is("1") || is("on"))
        return true;
    if (is("false") || is("no") || is("0") || is("off"))
        return false;
    return std::nullopt;
}

QString location(const QString &path, int line)
{
    return QStringLiteral("%1:%2").arg(path, QString::number(line));
}

Error parseError(const QString &path, int line, const QString &what)
{
    return Error(ErrorCode::Parse, location(path, line) + QStringLiteral(": ") + what, SourceLocation{path, line});
}

// The canonical directive a near miss ("migrate: downgrade", "- migrate:upgrade",
// "migrate downgrade postgresql") stands for, with what followed it, or an empty string. A directive
// written exactly is no near miss, whatever follows it: the marker's own parse judges that.
QString misspeltDirective(QStringView body)
{
    static const QRegularExpression nearMiss(
        QStringLiteral("^[-\\s]*migrate\\s*:?\\s*(upgrade|downgrade|statement-begin|statement-end)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = nearMiss.match(body);
    if (!match.hasMatch())
        return QString();
    const QString canonical = QStringLiteral("migrate:") + match.captured(1).toLower();
    if (match.captured(0).compare(canonical, Qt::CaseInsensitive) == 0)
        return QString();
    return canonical + body.mid(match.capturedEnd(0)).toString();
}

// A section marker: "migrate:upgrade" or "migrate:downgrade" (the comment's text after "--"), and
// optionally one dialect name after blanks.
struct SectionMarker
{
    bool upgrade = true;
    std::optional<Dialect> dialect;
    QString written; // the dialect's name as written; empty for a plain marker
};

// Whether `body` is a section marker, and which. A text that starts like one and is not one ("migrate:upgrade
// postgres mysql", "migrate:downgrade:sqlite", an unknown dialect) is an error: as a comment it would leave
// that section's SQL in the one before it, to run in the wrong direction or on the wrong database.
Result<std::optional<SectionMarker>> sectionMarker(const QString &path, int lineNo, QStringView body)
{
    static const QRegularExpression start(QStringLiteral("^migrate:(upgrade|downgrade)(?![\\w-])"),
                                          QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression whole(QStringLiteral("^migrate:(upgrade|downgrade)(?:[ \\t]+([^\\s]+))?$"),
                                          QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch begins = start.match(body);
    if (!begins.hasMatch())
        return std::optional<SectionMarker>();
    const QString direction = begins.captured(1).toLower();
    const QRegularExpressionMatch match = whole.match(body);
    if (!match.hasMatch()) {
        return parseError(path, lineNo,
                          QStringLiteral("'-- %1' is not a section marker; write '-- migrate:%2' or '-- migrate:%2 "
                                         "DIALECT' with one dialect of %3")
                              .arg(body.toString(), direction, knownDialectNames()));
    }
    SectionMarker marker;
    marker.upgrade = direction == QLatin1String("upgrade");
    marker.written = match.captured(2);
    if (!marker.written.isEmpty()) {
        marker.dialect = dialectNamed(marker.written);
        if (!marker.dialect) {
            return parseError(path, lineNo,
                              QStringLiteral("unknown dialect '%1' in '-- %2'; expected %3")
                                  .arg(marker.written, body.toString(), knownDialectNames()));
        }
    }
    return std::optional<SectionMarker>(marker);
}

class Parser
{
public:
    Parser(const QString &path, const QString &text) : m_path(path), m_text(text) {}

    Result<MigrationScript> run();

private:
    std::optional<Error> headerComment(int lineNo, QStringView line);
    std::optional<Error> headerKey(int lineNo, const HeaderLine &header);
    // The section a marker starts; an error when the file already has it.
    Result<MigrationSection *> openSection(int lineNo, const SectionMarker &marker);

    const QString &m_path;
    const QString &m_text;
    MigrationScript m_script;

    struct ParagraphLine
    {
        int lineNo = 0;
        HeaderLine header;
        QString text;
    };
    std::optional<Error> flushParagraph();

    bool m_headerStarted = false;
    int m_pendingBlankLines = 0;
    QVector<ParagraphLine> m_paragraph; // the header paragraph being read
    std::optional<Error> m_misplacedKey;
    int m_paragraphsDone = 0;
    QStringList m_messageParts;
    QStringList m_docLines;
    int m_createDateLine = 0;
    int m_branchLabelsLine = 0;
    int m_transactionalLine = 0;
};

std::optional<Error> Parser::headerComment(int lineNo, QStringView line)
{
    // `line` starts with "--" after its indentation; Alembic's docstring has no comment markers,
    // so "-- " goes, and any further indentation stays, as does trailing space ("Revises: ").
    qsizetype start = 0;
    while (line.at(start).isSpace())
        ++start;
    QStringView doc = line.mid(start + 2);
    if (doc.startsWith(QLatin1Char(' ')))
        doc = doc.mid(1);

    m_headerStarted = true;
    for (; m_pendingBlankLines > 0; --m_pendingBlankLines)
        m_docLines.append(QString());
    m_docLines.append(doc.toString());

    const QStringView trimmed = doc.trimmed();
    if (trimmed.isEmpty())
        return flushParagraph();
    m_paragraph.append({lineNo, parseHeaderLine(trimmed), trimmed.toString()});
    return std::nullopt;
}

// The header's keys are the lines of the paragraph (lines between "--" blank
// comment lines) that holds "Revision ID:"; the first paragraph is the message
// and may say anything. A known key in any other paragraph is an error.
std::optional<Error> Parser::flushParagraph()
{
    const QVector<ParagraphLine> paragraph = std::move(m_paragraph);
    m_paragraph.clear();
    if (paragraph.isEmpty())
        return std::nullopt;
    const bool first = m_paragraphsDone++ == 0;
    const bool holdsKeys = std::any_of(paragraph.cbegin(), paragraph.cend(), [](const ParagraphLine &line) {
        return line.header.key == HeaderKey::RevisionId;
    });
    bool inMessage = first;
    for (const ParagraphLine &line : paragraph) {
        if (!holdsKeys) {
            if (first) {
                m_messageParts.append(line.text);
            } else if (line.header.key != HeaderKey::None && line.header.key != HeaderKey::Unknown) {
                // Dropping it would silently change the graph (a lost Revises: makes a new base).
                // Reported at the end, after a missing Revision ID, which explains more.
                if (!m_misplacedKey) {
                    m_misplacedKey = parseError(m_path, line.lineNo,
                                                QStringLiteral("'%1:' must stand in the paragraph that holds "
                                                               "'Revision ID:' (no '--' line between them)")
                                                    .arg(QString(line.header.canonical)));
                }
            }
            continue;
        }
        // A message may run straight into the keys, without a blank line between.
        if (inMessage && (line.header.key == HeaderKey::None || line.header.key == HeaderKey::Unknown)) {
            m_messageParts.append(line.text);
            continue;
        }
        inMessage = false;
        if (std::optional<Error> error = headerKey(line.lineNo, line.header))
            return error;
    }
    return std::nullopt;
}

std::optional<Error> Parser::headerKey(int lineNo, const HeaderLine &header)
{
    int *seenLine = nullptr;
    switch (header.key) {
    case HeaderKey::None:
        return std::nullopt;
    case HeaderKey::Unknown:
        m_script.warnings.append({Diagnostic::Severity::Warning,
                                  {m_path, lineNo},
                                  QStringLiteral("unknown header key '%1'").arg(header.name.toString())});
        return std::nullopt;
    case HeaderKey::RevisionId:
        seenLine = &m_script.revisionLine;
        break;
    case HeaderKey::Revises:
        seenLine = &m_script.revisesLine;
        break;
    case HeaderKey::CreateDate:
        seenLine = &m_createDateLine;
        break;
    case HeaderKey::BranchLabels:
        seenLine = &m_branchLabelsLine;
        break;
    case HeaderKey::DependsOn:
        seenLine = &m_script.dependsOnLine;
        break;
    case HeaderKey::Transactional:
        seenLine = &m_transactionalLine;
        break;
    }
    // A second "Revises:" would silently rewrite the graph; refuse rather than pick one.
    if (*seenLine != 0)
        return parseError(m_path, lineNo, QStringLiteral("duplicate '%1' header").arg(QString(header.canonical)));
    *seenLine = lineNo;

    switch (header.key) {
    case HeaderKey::None:
    case HeaderKey::Unknown:
        break;
    case HeaderKey::RevisionId: {
        m_script.revisionId = header.value.toString();
        const QString illegal = revisionIdError(m_script.revisionId);
        if (!illegal.isEmpty())
            return parseError(m_path, lineNo, illegal);
        break;
    }
    case HeaderKey::Revises:
        m_script.downRevisions = commaList(header.value);
        break;
    case HeaderKey::CreateDate:
        m_script.createDate = header.value.toString();
        break;
    case HeaderKey::BranchLabels:
        m_script.branchLabels = commaList(header.value);
        break;
    case HeaderKey::DependsOn:
        m_script.dependsOn = commaList(header.value);
        break;
    case HeaderKey::Transactional: {
        const std::optional<bool> value = parseBool(header.value);
        if (!value) {
            return parseError(m_path, lineNo,
                              QStringLiteral("invalid value '%1' for 'Transactional' header (expected true or false)")
                                  .arg(header.value.toString()));
        }
        m_script.transactional = *value;
        break;
    }
    }
    return std::nullopt;
}

Result<MigrationScript> Parser::run()
{
    m_script.path = m_path;

    const QStringView text(m_text);
    const qsizetype n = text.size();
    MigrationSection *current = nullptr; // section the lines belong to; null while in the header
    qsizetype currentStart = 0;          // offset of the current section's first line
    const auto closeSection = [&](qsizetype end) {
        if (current)
            current->text = m_text.mid(currentStart, end - currentStart);
    };

    qsizetype pos = 0;
    for (int lineNo = 1; pos < n; ++lineNo) {
        const qsizetype lineStart = pos;
        qsizetype eol = text.indexOf(QLatin1Char('\n'), pos);
        if (eol < 0)
            eol = n;
        pos = eol + 1;
        const QStringView line = text.mid(lineStart, eol - lineStart).trimmed();

        if (line.startsWith(QLatin1String("--"))) {
            const QStringView body = line.mid(2).trimmed();
            if (const QString typo = current ? misspeltDirective(body) : QString(); !typo.isEmpty()) {
                // "-- migrate: downgrade" would be a plain comment, and the
                // downgrade would then run as part of the upgrade.
                return parseError(m_path, lineNo,
                                  QStringLiteral("'-- %1' looks like the directive '-- %2'; write it exactly so")
                                      .arg(body.toString(), typo));
            }
            // "-- migrate: because ..." is prose; a directive has no space after the colon.
            if (body.size() > 8 && body.startsWith(QLatin1String("migrate:"), Qt::CaseInsensitive) &&
                !body.at(8).isSpace()) {
                Result<std::optional<SectionMarker>> marker = sectionMarker(m_path, lineNo, body);
                if (!marker)
                    return marker.error();
                if (*marker) {
                    Result<MigrationSection *> section = openSection(lineNo, **marker);
                    if (!section)
                        return section.error();
                    if (!current) {
                        if (std::optional<Error> error = flushParagraph())
                            return *error;
                    }
                    closeSection(lineStart);
                    current = *section;
                    currentStart = qMin(pos, n);
                    continue;
                }
                if (current && body.compare(QLatin1String("migrate:statement-begin"), Qt::CaseInsensitive) != 0 &&
                    body.compare(QLatin1String("migrate:statement-end"), Qt::CaseInsensitive) != 0) {
                    // A misspelt "-- migrate:downgrade" would otherwise run the downgrade on upgrade.
                    return parseError(m_path, lineNo, QStringLiteral("unknown directive '-- %1'").arg(body.toString()));
                }
            }
            if (!current) {
                if (std::optional<Error> error = headerComment(lineNo, text.mid(lineStart, eol - lineStart)))
                    return *error;
            }
            continue;
        }
        if (current)
            continue;
        if (line.isEmpty()) {
            if (m_headerStarted)
                ++m_pendingBlankLines;
            continue;
        }
        return parseError(m_path, lineNo,
                          QStringLiteral("SQL outside a '-- migrate:upgrade' or '-- migrate:downgrade' section"));
    }
    closeSection(n);
    if (std::optional<Error> error = flushParagraph())
        return *error;

    while (!m_docLines.isEmpty() && m_docLines.constLast().trimmed().isEmpty())
        m_docLines.removeLast();
    m_script.message = m_messageParts.join(QLatin1Char(' '));
    m_script.docText = m_docLines.join(QLatin1Char('\n'));

    if (m_script.revisionId.isEmpty())
        return Error(ErrorCode::Parse, QStringLiteral("%1: missing 'Revision ID' header").arg(m_path),
                     SourceLocation{m_path, 0});
    if (m_misplacedKey)
        return *m_misplacedKey;
    if (m_script.downRevisions.contains(m_script.revisionId)) {
        return parseError(m_path, m_script.revisesLine,
                          QStringLiteral("Self-loop is detected in revisions (%1)").arg(m_script.revisionId));
    }
    if (m_script.dependsOn.contains(m_script.revisionId)) {
        return parseError(
            m_path, m_script.dependsOnLine,
            QStringLiteral("Dependency self-loop is detected in revisions (%1)").arg(m_script.revisionId));
    }
    if (m_script.plainUpgrade.line == 0 && m_script.dialectUpgrades.isEmpty()) {
        return Error(ErrorCode::Parse, QStringLiteral("%1: missing '-- migrate:upgrade' section").arg(m_path),
                     SourceLocation{m_path, 0});
    }
    // A direction written for some dialects only has nothing for the others: never an empty section, which would
    // run as a silent no-op.
    if (m_script.plainUpgrade.line == 0 && !m_script.dialectUpgrades.isEmpty())
        m_script.plainUpgrade.body = SectionBody::Missing;
    if (m_script.plainDowngrade.line == 0 && !m_script.dialectDowngrades.isEmpty())
        m_script.plainDowngrade.body = SectionBody::Missing;

    for (MigrationSection *section : m_script.allSections()) {
        if (section->line == 0)
            continue;
        Result<SqlStatementList> statements = StatementSplitter::split(section->text, section->line + 1, m_path);
        if (!statements)
            return statements.error();
        section->statements = std::move(statements).value();
    }
    for (MigrationSection *section : m_script.allSections()) {
        if (section->body != SectionBody::Missing)
            section->checksum = MigrationSection::checksumOf(section->text);
    }
    return std::move(m_script);
}

Result<MigrationSection *> Parser::openSection(int lineNo, const SectionMarker &marker)
{
    MigrationSection *section = nullptr;
    if (!marker.dialect) {
        section = marker.upgrade ? &m_script.plainUpgrade : &m_script.plainDowngrade;
    } else {
        QMap<Dialect, MigrationSection> &sections =
            marker.upgrade ? m_script.dialectUpgrades : m_script.dialectDowngrades;
        section = &sections[*marker.dialect]; // a new one has line 0
    }
    if (section->line != 0) {
        const QString name = marker.dialect ? dialectName(*marker.dialect) : QString();
        const QString alias = marker.written.compare(name, Qt::CaseInsensitive) == 0 || marker.written.isEmpty()
                                  ? QString()
                                  : QStringLiteral(" ('%1' is %2)").arg(marker.written, name);
        return parseError(m_path, lineNo,
                          QStringLiteral("duplicate '%1' section%2; the first is at line %3")
                              .arg(sectionMarkerText(marker.upgrade, marker.dialect), alias)
                              .arg(section->line));
    }
    section->line = lineNo;
    section->dialect = marker.dialect;
    return section;
}

} // namespace

// Alembic refuses these in revision ids because they have meaning in identifiers ("label@head",
// "rev+2"); ':' separates ranges and whitespace separates ids on the command line.
static QString illegalRevisionCharacters(QStringView id)
{
    QList<QChar> found;
    for (const QChar c : id) {
        const bool illegal = c == QLatin1Char('@') || c == QLatin1Char('-') || c == QLatin1Char('+') ||
                             c == QLatin1Char(':') || c.isSpace();
        if (illegal && !found.contains(c))
            found.append(c);
    }
    std::sort(found.begin(), found.end());
    QString joined;
    for (const QChar c : found) {
        if (!joined.isEmpty())
            joined += QLatin1String(", ");
        joined += c;
    }
    return joined;
}

QString MigrationSection::checksumOf(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString MigrationScript::digestOf(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString revisionIdError(const QString &id)
{
    const QString illegal = illegalRevisionCharacters(id);
    if (!illegal.isEmpty())
        return QStringLiteral("Character(s) '%1' not allowed in revision identifier '%2'").arg(illegal, id);
    // The id names the file: no folders, no hidden files.
    if (id.contains(QLatin1Char('/')) || id.contains(QLatin1Char('\\')) || id.startsWith(QLatin1Char('.')))
        return QStringLiteral("Revision identifier '%1' must not contain '/' or '\\' or start with '.'").arg(id);
    if (id.size() > 32) {
        return QStringLiteral("Revision identifier '%1' is longer than 32 characters, the width of the version "
                              "table's version_num column")
            .arg(id);
    }
    return QString();
}

Result<MigrationScript> MigrationScriptParser::parse(const QString &path, const QString &text)
{
    if (path.endsWith(QLatin1StringView(".py")))
        return AlembicScriptReader::parse(path, text);
    // Files checked out on Windows must parse, and checksum, the same as on Linux.
    QString normalized = text;
    if (normalized.startsWith(QChar(0xFEFF)))
        normalized.remove(0, 1);
    if (normalized.contains(QLatin1Char('\r')))
        normalized.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    return Parser(path, normalized).run();
}

Result<MigrationScript> MigrationScriptParser::parseFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(ErrorCode::Io, QStringLiteral("%1: cannot read file: %2").arg(path, file.errorString()),
                     SourceLocation{path, 0});
    }
    if (file.size() > kMaxFileBytes) {
        return Error(ErrorCode::Parse,
                     QStringLiteral("%1: the file is %2; a migration file may be at most %3 (load bulk data with "
                                    "the database's own tools, or spread it over several revisions)")
                         .arg(path, humanSize(file.size()), humanSize(kMaxFileBytes)),
                     SourceLocation{path, 0});
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        return Error(ErrorCode::Io, QStringLiteral("%1: cannot read file: %2").arg(path, file.errorString()),
                     SourceLocation{path, 0});
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError()) {
        // Replacement characters would otherwise end up in the SQL that runs.
        const QByteArrayView view(bytes);
        qsizetype lineStart = 0;
        int line = 1;
        while (lineStart < view.size()) {
            qsizetype lineEnd = view.indexOf('\n', lineStart);
            if (lineEnd < 0)
                lineEnd = view.size();
            QStringDecoder lineDecoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            const QString decoded = lineDecoder(view.sliced(lineStart, lineEnd - lineStart));
            Q_UNUSED(decoded); // decoding happens on conversion; only the error matters
            if (lineDecoder.hasError())
                break;
            lineStart = lineEnd + 1;
            ++line;
        }
        return parseError(path, line, QStringLiteral("not valid UTF-8 text; migration files must be saved as UTF-8"));
    }
    const QString digest = MigrationScript::digestOf(bytes);
    // A .py revision's sections carry the file's digest (its bytes as they are, so history rows and
    // `verify` compare with `sha256sum`): the reader is given it rather than hashing the text again.
    RETORT_TRY(MigrationScript script, path.endsWith(QLatin1StringView(".py"))
                                           ? AlembicScriptReader::parse(path, text, PythonFiles::disk(), digest)
                                           : parse(path, text));
    script.fileDigest = digest;
    return script;
}

} // namespace retort
