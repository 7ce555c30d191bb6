// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checklist/Checklist.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <optional>

namespace retort {

namespace {

const QString kBuiltInDir = QStringLiteral(":/checklists");

QRegularExpression pattern(const QString &expression)
{
    return QRegularExpression(expression, QRegularExpression::CaseInsensitiveOption);
}

Error tagError(const QString &message)
{
    return Error(ErrorCode::Parse, message);
}

Error malformed(const QString &tag, const QString &form, const QString &example)
{
    return tagError(QStringLiteral("malformed action {%1}; expected {%2}, e.g. {%3}").arg(tag, form, example));
}

// The message of `revision -m "…"` / `delete revision "…"`: group 1 or 2 of kQuoted.
const QString kQuoted = QStringLiteral("(?:\"([^\"]*)\"|'([^']*)')");

QString quotedMessage(const QRegularExpressionMatch &match, int firstGroup)
{
    return match.hasCaptured(firstGroup) ? match.captured(firstGroup) : match.captured(firstGroup + 1);
}

QString quote(const QString &message)
{
    return message.contains(u'"') ? u'\'' + message + u'\'' : u'"' + message + u'"';
}

// Lower-case letters and digits, other runs become one '-'.
QString slug(const QString &text)
{
    QString result;
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            result += c.toLower();
        else if (!result.isEmpty() && !result.endsWith(u'-'))
            result += u'-';
    }
    result.truncate(60);
    while (result.endsWith(u'-'))
        result.chop(1);
    return result;
}

bool isFence(const QString &line)
{
    const QString trimmed = line.trimmed();
    return trimmed.startsWith(QStringLiteral("```")) || trimmed.startsWith(QStringLiteral("~~~"));
}

} // namespace

QString ChecklistAction::text() const
{
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::Backup:
        return QStringLiteral("backup");
    case Kind::Upgrade:
        return QStringLiteral("upgrade ") + target;
    case Kind::Downgrade:
        return QStringLiteral("downgrade ") + target;
    case Kind::Stamp:
        return QStringLiteral("stamp ") + target;
    case Kind::Current:
        return QStringLiteral("current");
    case Kind::VerifyCurrent:
        return QStringLiteral("verify current = ") + target;
    case Kind::Rehearse:
        return QStringLiteral("rehearse upgrade ") + target;
    case Kind::CreateRevision:
        return QStringLiteral("revision -m ") + quote(target);
    case Kind::DeleteRevision:
        return QStringLiteral("delete revision ") + quote(target);
    }
    return QString();
}

QString ChecklistAction::description() const
{
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::Current:
        return QStringLiteral("Shows: the database's current revision");
    case Kind::VerifyCurrent:
        return QStringLiteral("Checks: the current revision is ") + target;
    case Kind::Rehearse:
        return QStringLiteral("Rehearses: upgrade ") + target + QStringLiteral(" (rolled back)");
    case Kind::CreateRevision:
        return QStringLiteral("Creates: a revision ") + quote(target);
    case Kind::DeleteRevision:
        return QStringLiteral("Deletes: the revision ") + quote(target);
    case Kind::Backup:
    case Kind::Upgrade:
    case Kind::Downgrade:
    case Kind::Stamp:
        break;
    }
    return QStringLiteral("Runs: ") + text();
}

QString ChecklistAction::grammar()
{
    return QStringLiteral("backup, upgrade REV, downgrade REV, stamp REV, current, verify current = REV, "
                          "rehearse upgrade REV, revision -m \"MESSAGE\", delete revision \"MESSAGE\"");
}

Result<ChecklistAction> ChecklistAction::parse(const QString &tag)
{
    const QString text = tag.trimmed();
    const QString keyword = text.section(QRegularExpression(QStringLiteral("\\s+")), 0, 0).toLower();
    // A revision argument: anything but an option ("--sql") or an '='.
    const QString rev = QStringLiteral("((?!--)[^\\s=]+)");
    const QString revs = QStringLiteral("((?!--)[^\\s=]+(?:\\s+(?!--)[^\\s=]+)*)");
    ChecklistAction action;

    auto match = [&text](const QString &expression) { return pattern(expression).match(text); };

    if (keyword == QLatin1String("backup") || keyword == QLatin1String("current")) {
        if (text.compare(keyword, Qt::CaseInsensitive) != 0)
            return tagError(QStringLiteral("malformed action {%1}; {%2} takes no argument").arg(text, keyword));
        action.kind = keyword == QLatin1String("backup") ? Kind::Backup : Kind::Current;
        return action;
    }
    if (keyword == QLatin1String("upgrade") || keyword == QLatin1String("downgrade")) {
        const auto m = match(QStringLiteral("^\\w+\\s+") + rev + u'$');
        if (!m.hasMatch()) {
            return malformed(text, keyword + QStringLiteral(" REV"),
                             keyword == QLatin1String("upgrade") ? QStringLiteral("upgrade head")
                                                                 : QStringLiteral("downgrade -1"));
        }
        action.kind = keyword == QLatin1String("upgrade") ? Kind::Upgrade : Kind::Downgrade;
        action.target = m.captured(1);
        return action;
    }
    if (keyword == QLatin1String("stamp")) {
        const auto m = match(QStringLiteral("^stamp\\s+") + revs + u'$');
        if (!m.hasMatch())
            return malformed(text, QStringLiteral("stamp REV"), QStringLiteral("stamp head"));
        action.kind = Kind::Stamp;
        action.target = m.captured(1).simplified();
        return action;
    }
    if (keyword == QLatin1String("verify")) {
        const auto m = match(QStringLiteral("^verify\\s+current\\s*=\\s*") + revs + u'$');
        if (!m.hasMatch())
            return malformed(text, QStringLiteral("verify current = REV"), QStringLiteral("verify current = head"));
        action.kind = Kind::VerifyCurrent;
        action.target = m.captured(1).simplified();
        return action;
    }
    if (keyword == QLatin1String("rehearse")) {
        const auto m = match(QStringLiteral("^rehearse\\s+upgrade\\s+") + rev + u'$');
        if (!m.hasMatch())
            return malformed(text, QStringLiteral("rehearse upgrade REV"), QStringLiteral("rehearse upgrade head"));
        action.kind = Kind::Rehearse;
        action.target = m.captured(1);
        return action;
    }
    if (keyword == QLatin1String("revision")) {
        const auto m = match(QStringLiteral("^revision\\s+-m\\s+") + kQuoted + u'$');
        if (!m.hasMatch() || quotedMessage(m, 1).trimmed().isEmpty()) {
            return malformed(text, QStringLiteral("revision -m \"MESSAGE\""),
                             QStringLiteral("revision -m \"test migration\""));
        }
        action.kind = Kind::CreateRevision;
        action.target = quotedMessage(m, 1);
        return action;
    }
    if (keyword == QLatin1String("delete")) {
        const auto m = match(QStringLiteral("^delete\\s+revision\\s+") + kQuoted + u'$');
        if (!m.hasMatch() || quotedMessage(m, 1).trimmed().isEmpty()) {
            return malformed(text, QStringLiteral("delete revision \"MESSAGE\""),
                             QStringLiteral("delete revision \"test migration\""));
        }
        action.kind = Kind::DeleteRevision;
        action.target = quotedMessage(m, 1);
        return action;
    }
    return tagError(QStringLiteral("unknown action {%1}; known actions: %2").arg(text, grammar()));
}

Result<Checklist> Checklist::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Io, QStringLiteral("cannot read checklist %1: %2").arg(path, file.errorString()), path);
    return parse(QString::fromUtf8(file.readAll()), path);
}

Result<Checklist> Checklist::parse(const QString &text, const QString &path)
{
    static const QRegularExpression heading(QStringLiteral("^ {0,3}(#{1,6})(?:\\s+(.*?))?(?:\\s+#+)?\\s*$"));
    static const QRegularExpression item(QStringLiteral("^\\s*[-*+]\\s+\\[([ xX])\\](?:\\s+(.*))?$"));
    static const QRegularExpression bullet(QStringLiteral("^\\s*(?:[-*+]|\\d+[.)])\\s"));

    Checklist checklist;
    checklist.m_path = path;
    checklist.m_checksum =
        QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());

    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.first().startsWith(QChar(0xFEFF)))
        lines.first().remove(0, 1);

    // The item being read (its text may continue on indented lines below) and the line its tag ends on.
    struct Pending
    {
        ChecklistItem item;
        QString rawText;
        int lastLine = 0;
    };
    std::optional<Pending> pending;
    QVector<ChecklistItem> items;
    QStringList description;
    bool inDescription = true; // until the first section or item
    bool inFence = false;
    QString section;

    auto finishItem = [&]() -> Status {
        if (!pending)
            return Status::success();
        ChecklistItem finished = pending->item;
        QString itemText = pending->rawText.trimmed();
        const QString location = QStringLiteral("%1:%2").arg(path).arg(pending->lastLine);
        pending.reset();
        if (itemText.endsWith(u'}')) {
            const qsizetype open = itemText.lastIndexOf(u'{');
            if (open >= 0 && (open == 0 || itemText.at(open - 1).isSpace())) {
                const auto action = ChecklistAction::parse(itemText.mid(open + 1, itemText.size() - open - 2));
                if (!action.ok())
                    return Error(ErrorCode::Parse, location + QStringLiteral(": ") + action.error().message, location);
                finished.action = action.value();
                itemText = itemText.left(open).trimmed();
            }
        }
        if (itemText.isEmpty())
            itemText = finished.action.text();
        if (itemText.isEmpty())
            return Error(ErrorCode::Parse, location + QStringLiteral(": empty checklist item"), location);
        finished.text = itemText;
        items.append(finished);
        return Status::success();
    };

    for (int index = 0; index < lines.size(); ++index) {
        QString line = lines.at(index);
        if (line.endsWith(u'\r'))
            line.chop(1);
        const int lineNumber = index + 1;

        if (inFence || isFence(line)) {
            RETORT_CHECK(finishItem());
            if (isFence(line))
                inFence = !inFence;
            if (inDescription)
                description.append(line);
            continue;
        }
        if (const auto m = item.match(line); m.hasMatch()) {
            RETORT_CHECK(finishItem());
            inDescription = false;
            Pending next;
            next.item.section = section;
            next.item.line = lineNumber;
            next.item.initiallyChecked = m.captured(1) != QLatin1String(" ");
            next.rawText = m.captured(2);
            next.lastLine = lineNumber;
            pending = next;
            continue;
        }
        if (const auto m = heading.match(line); m.hasMatch()) {
            RETORT_CHECK(finishItem());
            const QString headingText = m.captured(2).trimmed();
            if (m.captured(1).size() == 1 && checklist.m_title.isEmpty() && !headingText.isEmpty()) {
                checklist.m_title = headingText;
                description.clear(); // what stood above the title is not its description
                continue;
            }
            inDescription = false;
            section = headingText;
            continue;
        }
        const bool continuation =
            pending && !line.trimmed().isEmpty() && line.at(0).isSpace() && !bullet.match(line).hasMatch();
        if (continuation) {
            pending->rawText += u' ' + line.trimmed();
            pending->lastLine = lineNumber;
            continue;
        }
        RETORT_CHECK(finishItem());
        if (inDescription)
            description.append(line);
    }
    RETORT_CHECK(finishItem());

    while (!description.isEmpty() && description.first().trimmed().isEmpty())
        description.removeFirst();
    while (!description.isEmpty() && description.last().trimmed().isEmpty())
        description.removeLast();
    for (QString &line : description) {
        while (line.endsWith(u' ') || line.endsWith(u'\t'))
            line.chop(1);
    }
    checklist.m_description = description.join(u'\n');
    if (checklist.m_title.isEmpty())
        checklist.m_title = QFileInfo(path).completeBaseName();

    QHash<QString, int> seen;
    for (ChecklistItem &entry : items) {
        QString textSlug = slug(entry.text + u' ' + entry.action.text());
        if (textSlug.isEmpty())
            textSlug = QStringLiteral("item");
        const QString sectionSlug = slug(entry.section);
        QString key = sectionSlug.isEmpty() ? textSlug : sectionSlug + u'/' + textSlug;
        const int count = ++seen[key];
        if (count > 1)
            key += QStringLiteral("-%1").arg(count);
        entry.key = key;
    }
    checklist.m_items = items;
    return checklist;
}

QStringList Checklist::available(const QString &projectDir)
{
    const QStringList filters{QStringLiteral("*.md")};
    QStringList paths;
    const QDir builtIn(kBuiltInDir);
    for (const QString &name : builtIn.entryList(filters, QDir::Files, QDir::Name))
        paths.append(kBuiltInDir + u'/' + name);
    if (!projectDir.isEmpty()) {
        const QDir own(QDir(projectDir).filePath(QStringLiteral("checklists")));
        for (const QString &name : own.entryList(filters, QDir::Files, QDir::Name))
            paths.append(own.absoluteFilePath(name));
    }
    return paths;
}

int Checklist::indexOf(const QString &key) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).key == key)
            return i;
    }
    return -1;
}

} // namespace retort
