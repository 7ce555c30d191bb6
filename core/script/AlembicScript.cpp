// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/AlembicScript.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace retort {

namespace {

Error readError(const QString &path, int line, const QString &what)
{
    const SourceLocation where{path, line};
    return Error(ErrorCode::Parse, where.toString() + QStringLiteral(": ") + what, where);
}

// The module docstring: the first statement, when it is a plain string (implicit concatenation
// allowed; bytes and f-strings are not docstrings). nullopt when there is none.
std::optional<QString> moduleDocstring(const PythonSource &source)
{
    if (source.lines().isEmpty())
        return std::nullopt;
    const PythonLogicalLine &first = source.lines().first();
    if (first.indent != 0)
        return std::nullopt;
    QString doc;
    qsizetype i = first.begin;
    qsizetype end = first.end;
    // ("""doc""") is a docstring too: parentheses do not change the expression.
    while (end - i >= 3 && source.tokens()[i].is(QLatin1StringView("(")) &&
           source.tokens()[end - 1].is(QLatin1StringView(")")))
        ++i, --end;
    const qsizetype stringsFrom = i;
    for (; i < end && source.tokens()[i].kind == PythonTokenKind::String; ++i) {
        const std::optional<PythonStringValue> part = pythonStringValue(source.tokens()[i].text);
        if (!part || part->bytes || part->formatted ||
            source.tokens()[i].text.left(2).contains(u'f', Qt::CaseInsensitive))
            return std::nullopt;
        doc += part->value;
    }
    if (i == stringsFrom || (i < end && !source.tokens()[i].is(QLatin1StringView(";"))))
        return std::nullopt;
    return doc;
}

struct FunctionBody
{
    MigrationSection section;
    bool found = false;
};

bool isEmptyStatement(const QVector<PythonToken> &tokens, qsizetype from, qsizetype to)
{
    if (to - from == 1 && (tokens[from].isName(QLatin1StringView("pass")) || tokens[from].is(QLatin1StringView("..."))))
        return true;
    for (qsizetype i = from; i < to; ++i) {
        if (tokens[i].kind != PythonTokenKind::String)
            return false;
    }
    return to > from; // a string on its own: a docstring or a comment in quotes
}

// op.execute("literal") (adjacent strings joined, parentheses allowed): the SQL, else nullopt.
std::optional<QString> literalExecute(const QVector<PythonToken> &tokens, qsizetype from, qsizetype to)
{
    if (to - from < 5 || !tokens[from].isName(QLatin1StringView("op")) ||
        !tokens[from + 1].is(QLatin1StringView(".")) || !tokens[from + 2].isName(QLatin1StringView("execute")) ||
        !tokens[from + 3].is(QLatin1StringView("(")) || !tokens[to - 1].is(QLatin1StringView(")")))
        return std::nullopt;
    qsizetype begin = from + 4;
    qsizetype end = to - 1;
    if (end > begin && tokens[end - 1].is(QLatin1StringView(",")))
        --end;
    while (end - begin >= 2 && tokens[begin].is(QLatin1StringView("(")) && tokens[end - 1].is(QLatin1StringView(")"))) {
        ++begin;
        --end;
    }
    if (begin >= end)
        return std::nullopt;
    QString sql;
    for (qsizetype i = begin; i < end; ++i) {
        if (tokens[i].kind != PythonTokenKind::String)
            return std::nullopt;
        const std::optional<PythonStringValue> part = pythonStringValue(tokens[i].text);
        if (!part || part->bytes || part->formatted)
            return std::nullopt;
        sql += part->value;
    }
    return sql;
}

// What the last top-level "def NAME" of the module does.
FunctionBody readFunction(const PythonSource &source, QLatin1StringView name)
{
    const QVector<PythonToken> &tokens = source.tokens();
    const QVector<PythonLogicalLine> &lines = source.lines();
    FunctionBody result;
    for (qsizetype l = 0; l < lines.size(); ++l) {
        const PythonLogicalLine &header = lines[l];
        if (header.indent != 0 || header.end - header.begin < 2 ||
            !tokens[header.begin].isName(QLatin1StringView("def")) || !tokens[header.begin + 1].isName(name))
            continue;
        // A later definition replaces an earlier one, as in Python.
        result = FunctionBody{};
        result.found = true;
        MigrationSection &section = result.section;
        section.line = header.line;
        // The statements: after the header's closing ':' on the same line, or the indented lines below.
        QVector<QPair<qsizetype, qsizetype>> statements;
        int depth = 0;
        qsizetype colon = -1;
        for (qsizetype i = header.begin; i < header.end; ++i) {
            const PythonToken &token = tokens[i];
            if (token.is(QLatin1StringView("(")) || token.is(QLatin1StringView("[")))
                ++depth;
            else if (token.is(QLatin1StringView(")")) || token.is(QLatin1StringView("]")))
                --depth;
            else if (depth == 0 && token.is(QLatin1StringView(":")))
                colon = i;
        }
        bool nested = false;
        int lastLine = header.lastLine;
        if (colon >= 0 && colon + 1 < header.end)
            statements.append({colon + 1, header.end});
        int bodyIndent = -1;
        for (qsizetype b = l + 1; b < lines.size() && lines[b].indent > 0; ++b) {
            if (bodyIndent < 0)
                bodyIndent = lines[b].indent;
            if (lines[b].indent != bodyIndent)
                nested = true; // a compound statement: only Python knows what it does
            statements.append({lines[b].begin, lines[b].end});
            lastLine = lines[b].lastLine;
        }
        section.text = source.physicalLines(header.line, lastLine);
        bool python = nested;
        QStringList sql;
        SqlStatementList sqlStatements;
        for (const auto &[lineFrom, lineTo] : statements) {
            qsizetype from = lineFrom;
            // Simple statements on one line, separated by ';'.
            for (qsizetype i = lineFrom; i <= lineTo && !python; ++i) {
                if (i < lineTo && !tokens[i].is(QLatin1StringView(";")))
                    continue;
                if (from < i) {
                    if (std::optional<QString> literal = literalExecute(tokens, from, i)) {
                        QString statement = literal->trimmed();
                        while (statement.endsWith(u';'))
                            statement.chop(1);
                        sqlStatements.append(SqlStatement{statement.trimmed(), tokens[from].line});
                        sql << statement.trimmed();
                    } else if (!isEmptyStatement(tokens, from, i)) {
                        python = true;
                    }
                }
                from = i + 1;
            }
        }
        if (python) {
            section.body = SectionBody::Python;
        } else if (sql.isEmpty()) {
            section.body = SectionBody::Empty;
        } else {
            section.body = SectionBody::LiteralSql;
            section.text = sql.join(QStringLiteral(";\n")) + u';';
            section.statements = sqlStatements;
        }
    }
    return result;
}

// A header field's value as Alembic takes it: None, a string, or a tuple/list of strings.
Result<QStringList> stringsOf(const QString &path, const QString &field, const PythonValue &value, int line)
{
    switch (value.kind) {
    case PythonValue::Kind::None:
        return QStringList();
    case PythonValue::Kind::Str:
        return QStringList{value.text};
    case PythonValue::Kind::Sequence: {
        QStringList strings;
        for (const PythonValue &item : value.items) {
            if (item.kind != PythonValue::Kind::Str)
                return readError(path, line, QStringLiteral("%1 must hold strings only").arg(field));
            strings << item.text;
        }
        return strings;
    }
    case PythonValue::Kind::Module:
    case PythonValue::Kind::Unknown:
        break;
    }
    return readError(path, value.line > 0 ? value.line : line,
                     QStringLiteral("cannot read %1 without running Python: %2").arg(field, value.text));
}

} // namespace

QString describeAlembicBody(const MigrationSection &section, bool upgrade)
{
    const QString function = upgrade ? QStringLiteral("upgrade()") : QStringLiteral("downgrade()");
    switch (section.body) {
    case SectionBody::Empty:
        return QStringLiteral("%1 is empty").arg(function);
    case SectionBody::LiteralSql:
        return QStringLiteral("%1 is literal SQL").arg(function);
    case SectionBody::Python:
        return QStringLiteral("%1 is Python").arg(function);
    case SectionBody::Missing:
        return QStringLiteral("the file has no %1").arg(function);
    case SectionBody::Sql:
        break;
    }
    return QStringLiteral("%1 is SQL").arg(function);
}

QString bodyKindName(SectionBody body)
{
    switch (body) {
    case SectionBody::Sql:
        return QStringLiteral("sql");
    case SectionBody::Empty:
        return QStringLiteral("empty");
    case SectionBody::LiteralSql:
        return QStringLiteral("literal_sql");
    case SectionBody::Python:
        return QStringLiteral("python");
    case SectionBody::Missing:
        return QStringLiteral("missing");
    }
    return QString();
}

bool AlembicScriptReader::isRevisionModuleName(QStringView fileName)
{
    return fileName.endsWith(QLatin1StringView(".py")) && !fileName.startsWith(QLatin1StringView(".#")) &&
           !fileName.startsWith(QLatin1StringView("__init__"));
}

Result<MigrationScript> AlembicScriptReader::parse(const QString &path, const QString &text, const PythonFiles &files,
                                                   const QString &checksum)
{
    QString normalized = text;
    if (normalized.startsWith(QChar(0xFEFF)))
        normalized.remove(0, 1);
    // PEP 263: a coding declaration on line 1 or 2 makes Python decode the file otherwise.
    static const QRegularExpression codingLine(QStringLiteral("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)"));
    const QStringList firstLines = normalized.section(u'\n', 0, 1).split(u'\n');
    for (int l = 0; l < firstLines.size(); ++l) {
        const QRegularExpressionMatch coding = codingLine.match(firstLines[l]);
        if (!coding.hasMatch())
            continue;
        const QString name = coding.captured(1).toLower().replace(u'_', u'-');
        if (name != QLatin1StringView("utf-8") && name != QLatin1StringView("utf8") &&
            name != QLatin1StringView("utf-8-sig"))
            return readError(path, l + 1,
                             QStringLiteral("the file declares the source encoding %1; Retort reads revision files as "
                                            "UTF-8, so it cannot tell what Python reads")
                                 .arg(coding.captured(1)));
        break;
    }
    const PythonSource source(normalized);
    if (source.error())
        return readError(path, source.error()->line,
                         QStringLiteral("Python syntax error: %1").arg(source.error()->message));

    MigrationScript script;
    script.format = ScriptFormat::AlembicPython;
    script.path = path;
    PythonModule module(source, path, files);

    const QString fileName = QFileInfo(path).fileName();
    if (module.boundAt(QStringLiteral("revision")) == 0) {
        // Alembic's fallback for files of its 0.1 days: an id-only file name.
        static const QRegularExpression legacyName(QStringLiteral("^([a-f0-9]+)\\.py$"));
        const QRegularExpressionMatch match = legacyName.match(fileName);
        if (!match.hasMatch()) {
            return readError(path, 0,
                             QStringLiteral("Could not determine revision id from filename %1. Be sure the 'revision' "
                                            "variable is declared inside the script (please see 'Upgrading from "
                                            "Alembic 0.1 to 0.2' in the documentation).")
                                 .arg(fileName));
        }
        script.revisionId = match.captured(1);
    } else {
        const int line = module.boundAt(QStringLiteral("revision"));
        const PythonValue revision = module.value(QStringLiteral("revision"));
        if (revision.kind != PythonValue::Kind::Str) {
            RETORT_TRY(QStringList ignored, stringsOf(path, QStringLiteral("revision"), revision, line));
            Q_UNUSED(ignored);
            return readError(path, line, QStringLiteral("revision must be a string"));
        }
        script.revisionId = revision.text;
        script.revisionLine = line;
        const QString illegal = revisionIdError(script.revisionId);
        if (!illegal.isEmpty())
            return readError(path, line, illegal);
    }

    if (module.boundAt(QStringLiteral("down_revision")) == 0) {
        return readError(path, 0,
                         QStringLiteral("module has no down_revision (Alembic fails with AttributeError: module has "
                                        "no attribute 'down_revision')"));
    }
    script.revisesLine = module.boundAt(QStringLiteral("down_revision"));
    RETORT_TRY(script.downRevisions, stringsOf(path, QStringLiteral("down_revision"),
                                               module.value(QStringLiteral("down_revision")), script.revisesLine));
    for (const QString &field : {QStringLiteral("branch_labels"), QStringLiteral("depends_on")}) {
        const int line = module.boundAt(field);
        if (line == 0)
            continue;
        RETORT_TRY(QStringList values, stringsOf(path, field, module.value(field), line));
        if (field == QLatin1StringView("branch_labels"))
            script.branchLabels = values;
        else {
            script.dependsOn = values;
            script.dependsOnLine = line;
        }
    }

    std::optional<QString> docstring = moduleDocstring(source);
    if (module.boundAt(QStringLiteral("__doc__")) > 0) {
        // Reassigned: Alembic reads the module's __doc__ as it ends up.
        const PythonValue doc = module.value(QStringLiteral("__doc__"));
        docstring = doc.kind == PythonValue::Kind::Str ? std::optional<QString>(doc.text) : std::nullopt;
    }
    if (const std::optional<QString> &doc = docstring) {
        script.docText = doc->trimmed();
        script.message = script.docText.section(QStringLiteral("\n\n"), 0, 0);
        for (const QString &line : script.docText.split(u'\n')) {
            if (line.startsWith(QLatin1StringView("Create Date:"))) {
                script.createDate = line.mid(12).trimmed();
                break;
            }
        }
    }

    // A .py revision is checked as a whole file: its imports and helpers change what it does too.
    const QString fileChecksum = checksum.isEmpty() ? MigrationSection::checksumOf(normalized) : checksum;
    for (auto [section, name] : {std::pair{&script.plainUpgrade, QLatin1StringView("upgrade")},
                                 std::pair{&script.plainDowngrade, QLatin1StringView("downgrade")}}) {
        FunctionBody body = readFunction(source, name);
        if (body.found) {
            *section = body.section;
        } else {
            *section = MigrationSection();
            section->body = SectionBody::Missing;
        }
        section->checksum = fileChecksum;
    }
    script.headerSources = QStringList(module.filesRead().cbegin(), module.filesRead().cend());
    script.headerSources.sort();
    return script;
}

} // namespace retort
