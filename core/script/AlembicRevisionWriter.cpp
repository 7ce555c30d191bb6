// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/AlembicRevisionWriter.h"

#include "core/script/ProjectConfig.h"

#include <QDir>
#include <QFile>

#include <QRegularExpression>

#include <algorithm>

namespace retort {

namespace {

// Alembic's own script.py.mako (1.8 and later), for projects without one or with one this writer
// cannot fill in.
const char kDefaultTemplate[] = R"("""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
)";

// A literal op.execute(): the form Retort shows (and lint reads) exactly. A forgotten placeholder
// fails loudly on PostgreSQL (an empty query) rather than stamping an empty revision.
QStringList executeBody(const QString &what)
{
    return {QStringLiteral("op.execute("), QStringLiteral("    \"\"\""),
            QStringLiteral("    -- the SQL that %1; Retort shows a literal string as it is").arg(what),
            QStringLiteral("    \"\"\""), QStringLiteral(")")};
}

QString reprOf(const QStringList &values, bool list)
{
    if (values.isEmpty())
        return QStringLiteral("None");
    if (values.size() == 1 && !list)
        return AlembicRevisionWriter::pythonRepr(values.first());
    QStringList items;
    for (const QString &value : values)
        items << AlembicRevisionWriter::pythonRepr(value);
    if (list)
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    return u'(' + items.join(QStringLiteral(", ")) + u')';
}

QString createDateText(const QDateTime &date)
{
    // str(datetime.datetime.now()): microseconds, which Qt's clock gives to the millisecond.
    return date.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000"));
}

} // namespace

std::optional<AlembicRevisionWriter::Layout> AlembicRevisionWriter::layoutFor(const ProjectConfig &config,
                                                                              QString *note)
{
    if (!config.writesAlembicRevisions())
        return std::nullopt;
    Layout layout;
    layout.fileTemplate = config.fileTemplate();
    layout.settingsFile = config.alembicIniPath();
    layout.truncateSlugLength = config.truncateSlugLength().value_or(40);
    QFile mako(QDir(config.scriptLocation()).filePath(QStringLiteral("script.py.mako")));
    if (mako.open(QIODevice::ReadOnly))
        layout.scriptTemplate = QString::fromUtf8(mako.readAll());
    const Rendered trial = render(layout.scriptTemplate, Fields{});
    if (!trial.templateNote.isEmpty()) {
        if (note)
            *note = QStringLiteral("%1: %2").arg(mako.fileName(), trial.templateNote);
        layout.scriptTemplate.clear();
    }
    return layout;
}

QString AlembicRevisionWriter::pythonRepr(const QString &text)
{
    const QChar quote = text.contains(u'\'') && !text.contains(u'"') ? u'"' : u'\'';
    QString out(quote);
    for (const QChar c : text) {
        if (c == u'\\' || c == quote)
            out += u'\\' + QString(c);
        else if (c == u'\n')
            out += QStringLiteral("\\n");
        else if (c == u'\r')
            out += QStringLiteral("\\r");
        else if (c == u'\t')
            out += QStringLiteral("\\t");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out + quote;
}

AlembicRevisionWriter::Rendered AlembicRevisionWriter::render(const QString &mako, const Fields &fields)
{
    Rendered rendered;
    const QString downComma = fields.downRevisions.join(QStringLiteral(", "));
    // What Alembic's templates write: the only expressions this writer fills in.
    const QList<QPair<QString, QString>> values = {
        {QStringLiteral("message"), fields.message},
        {QStringLiteral("up_revision"), fields.revisionId},
        {QStringLiteral("down_revision | comma,n"), downComma},
        {QStringLiteral("create_date"), createDateText(fields.createDate)},
        {QStringLiteral("imports if imports else \"\""), QString()},
        {QStringLiteral("repr(up_revision)"), pythonRepr(fields.revisionId)},
        {QStringLiteral("repr(down_revision)"), reprOf(fields.downRevisions, false)},
        {QStringLiteral("repr(branch_labels)"), reprOf(fields.branchLabels, false)},
        {QStringLiteral("repr(depends_on)"), reprOf(fields.dependsOn, true)},
    };
    static const QRegularExpression expression(QStringLiteral("\\$\\{([^}]*)\\}"));

    auto fill = [&](const QString &templateText, QString *why) -> std::optional<QString> {
        QStringList lines;
        for (const QString &line : templateText.split(u'\n')) {
            const QString trimmed = line.trimmed();
            if (trimmed.startsWith(QLatin1StringView("##")))
                continue; // a Mako comment
            if (trimmed.startsWith(u'%') || line.contains(QLatin1StringView("<%"))) {
                *why = QStringLiteral("it uses Mako control lines or blocks ('%1')").arg(trimmed);
                return std::nullopt;
            }
            qsizetype leadLength = 0;
            while (leadLength < line.size() && (line[leadLength] == u' ' || line[leadLength] == u'\t'))
                ++leadLength;
            const QString lead = line.left(leadLength); // a multi-line body keeps the placeholder's indentation
            QString out;
            qsizetype at = 0;
            auto matches = expression.globalMatch(line);
            while (matches.hasNext()) {
                const QRegularExpressionMatch match = matches.next();
                out += line.mid(at, match.capturedStart() - at);
                at = match.capturedEnd();
                const QString name = match.captured(1).trimmed();
                if (name == QLatin1StringView("upgrades if upgrades else \"pass\"") ||
                    name == QLatin1StringView("downgrades if downgrades else \"pass\"")) {
                    const bool upgrade = name.startsWith(u'u');
                    out += executeBody(upgrade ? QStringLiteral("upgrades the schema")
                                               : QStringLiteral("undoes the upgrade"))
                               .join(u'\n' + lead);
                    continue;
                }
                const auto known = std::find_if(values.cbegin(), values.cend(),
                                                [&name](const auto &value) { return value.first == name; });
                if (known == values.cend()) {
                    *why = QStringLiteral("it uses ${%1}, which only Mako can fill in").arg(name);
                    return std::nullopt;
                }
                out += known->second;
            }
            out += line.mid(at);
            lines << out;
        }
        return lines.join(u'\n');
    };

    if (!mako.isEmpty()) {
        QString why;
        if (std::optional<QString> text = fill(mako, &why)) {
            rendered.text = *text;
            return rendered;
        }
        rendered.templateNote =
            QStringLiteral("script.py.mako was not used: %1; the file follows Alembic's default layout").arg(why);
    }
    QString unused;
    rendered.text = fill(QString::fromUtf8(kDefaultTemplate), &unused).value_or(QString());
    return rendered;
}

Result<QString> AlembicRevisionWriter::fileName(const QString &fileTemplate, int truncateSlugLength,
                                                const Fields &fields)
{
    static const QRegularExpression word(QStringLiteral("\\w+"), QRegularExpression::UseUnicodePropertiesOption);
    QStringList words;
    for (auto it = word.globalMatch(fields.message); it.hasNext();)
        words << it.next().captured(0);
    QString slug = words.join(u'_').toLower();
    if (slug.size() > truncateSlugLength) {
        slug = slug.left(truncateSlugLength);
        slug = slug.left(std::max<qsizetype>(0, slug.lastIndexOf(u'_'))) + u'_';
    }
    const QDateTime &date = fields.createDate;
    const QList<QPair<QString, qint64>> numbers = {
        {QStringLiteral("epoch"), date.toSecsSinceEpoch()}, {QStringLiteral("year"), date.date().year()},
        {QStringLiteral("month"), date.date().month()},     {QStringLiteral("day"), date.date().day()},
        {QStringLiteral("hour"), date.time().hour()},       {QStringLiteral("minute"), date.time().minute()},
        {QStringLiteral("second"), date.time().second()}};
    // Python's "%(name)s" / "%(name).2d" formatting, as Alembic applies file_template.
    static const QRegularExpression field(QStringLiteral("%(%|\\((\\w+)\\)(?:\\.(\\d+))?([sd]))"));
    QString name;
    qsizetype at = 0;
    const auto literal = [&fileTemplate](qsizetype from, qsizetype length) -> Result<QString> {
        const QString text = fileTemplate.mid(from, length);
        if (text.contains(u'%'))
            return Error(ErrorCode::Config,
                         QStringLiteral("file_template '%1' has a '%' that is not a field").arg(fileTemplate));
        return text;
    };
    for (auto it = field.globalMatch(fileTemplate); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        RETORT_TRY(const QString before, literal(at, match.capturedStart() - at));
        name += before;
        at = match.capturedEnd();
        if (match.captured(1) == QLatin1StringView("%")) {
            name += u'%';
            continue;
        }
        const QString key = match.captured(2);
        const int width = match.captured(3).isEmpty() ? 0 : match.captured(3).toInt();
        if (key == QLatin1StringView("rev")) {
            name += fields.revisionId;
        } else if (key == QLatin1StringView("slug")) {
            name += slug;
        } else {
            const auto number = std::find_if(numbers.cbegin(), numbers.cend(),
                                             [&key](const auto &entry) { return entry.first == key; });
            if (number == numbers.cend()) {
                return Error(ErrorCode::Config,
                             QStringLiteral("file_template: unknown field %(%1); Alembic knows rev, slug, epoch, year, "
                                            "month, day, hour, minute and second")
                                 .arg(key));
            }
            name += QStringLiteral("%1").arg(number->second, width, 10, QLatin1Char('0'));
        }
    }
    RETORT_TRY(const QString rest, literal(at, -1));
    return name + rest + QStringLiteral(".py");
}

} // namespace retort
