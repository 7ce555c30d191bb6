// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/details/RevisionDetails.h"

#include "core/script/AlembicScript.h"
#include "core/script/ScriptDirectory.h"

#include <QLocale>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace retort::ui {

namespace {

QString listOrNone(const QStringList &items, const QString &none)
{
    return items.isEmpty() ? none : items.join(QStringLiteral(", "));
}

QString durationText(qint64 milliseconds)
{
    if (milliseconds < 1000)
        return QStringLiteral("%1 ms").arg(milliseconds);
    return QStringLiteral("%1 s").arg(milliseconds / 1000.0, 0, 'f', 1);
}

// "2025-10-16 09:12:44.000000" as Alembic writes it, or whatever the header holds.
QString createDateText(const QString &raw)
{
    const QString trimmed = raw.trimmed();
    QDateTime parsed = QDateTime::fromString(trimmed.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!parsed.isValid())
        return trimmed;
    return parsed.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// What an Alembic revision's function does, as far as reading it tells: its kind, and literal SQL as SQL
// (what op.execute() will send). A Python body is in the file, which the editor shows.
QString alembicBodyHtml(const MigrationSection &section, bool upgrade)
{
    QString html = QStringLiteral("<p><b>%1</b>").arg(describeAlembicBody(section, upgrade).toHtmlEscaped());
    if (section.line > 0)
        html += QStringLiteral(" (line %1)").arg(section.line);
    if (section.body == SectionBody::Python)
        html += QStringLiteral(": %1").arg(
            RevisionDetails::tr("the project's Alembic runs it when Upgrade or Downgrade reaches it, inside Retort's "
                                "gates; the SQL it renders is beside the source in the editor")
                .toHtmlEscaped());
    html += QStringLiteral("</p>");
    if (section.body == SectionBody::LiteralSql) {
        QStringList statements;
        for (const SqlStatement &statement : section.statements)
            statements << statement.text.trimmed() + u';';
        html += QStringLiteral("<pre>%1</pre>").arg(statements.join(u'\n').toHtmlEscaped());
    }
    return html;
}

} // namespace

RevisionDetails::RevisionDetails(QWidget *parent) : QWidget(parent), m_text(new QTextBrowser(this))
{
    m_text->setOpenLinks(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    refresh();
}

void RevisionDetails::setScripts(std::shared_ptr<const ScriptDirectory> scripts)
{
    m_scripts = std::move(scripts);
    m_revision = -1;
    m_entries.clear();
    m_driftNotes.clear(); // by the old snapshot's indexes
    refresh();
}

void RevisionDetails::setRevision(int revision)
{
    m_revision = revision;
    m_entries.clear();
    refresh();
}

void RevisionDetails::setRunEntries(const QVector<RevisionRunEntry> &entries)
{
    m_entries = entries;
    refresh();
}

void RevisionDetails::setDriftNotes(const QHash<int, QString> &notes)
{
    m_driftNotes = notes;
    refresh();
}

QString RevisionDetails::plainText() const
{
    return m_text->toPlainText();
}

QString RevisionDetails::describeRun(const RevisionRunEntry &entry)
{
    QString verb;
    if (entry.direction == HistoryEvent::Downgrade)
        verb = tr("reverted");
    else if (entry.direction == HistoryEvent::Stamp)
        verb = tr("stamped");
    else
        verb = tr("applied");
    if (!entry.success)
        verb = tr("failed (%1)").arg(historyEventName(entry.direction));
    QString text = QStringLiteral("%1 %2").arg(verb, entry.appliedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (!entry.appliedBy.isEmpty())
        text += tr(" by %1").arg(entry.appliedBy);
    if (!entry.environment.isEmpty())
        text += tr(" on %1").arg(entry.environment);
    text += QStringLiteral(" (%1)").arg(durationText(entry.durationMs));
    return text;
}

void RevisionDetails::refresh()
{
    if (!m_scripts || m_revision < 0 || m_revision >= m_scripts->map().size()) {
        m_text->setHtml(QStringLiteral("<p><i>%1</i></p>").arg(tr("No revision selected.").toHtmlEscaped()));
        return;
    }
    const RevisionMap &map = m_scripts->map();
    const Revision &revision = map.at(m_revision);
    const MigrationScript &script = m_scripts->script(m_revision);

    QStringList children;
    for (int child : revision.next)
        children << map.at(child).id;
    QStringList tags;
    if (revision.isHead())
        tags << tr("head");
    if (revision.isBranchPoint())
        tags << tr("branch point");
    if (revision.isMergePoint())
        tags << tr("merge point");
    if (revision.isBase())
        tags << tr("base");

    const auto row = [](const QString &name, const QString &value) {
        return QStringLiteral("<tr><th align=\"left\" valign=\"top\">%1</th><td>%2</td></tr>")
            .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html =
        QStringLiteral("<h3>%1</h3><p>%2</p>").arg(revision.id.toHtmlEscaped(), revision.doc.toHtmlEscaped());
    // First, where it cannot be missed: the database holds something other than this file says.
    const QString drift = m_driftNotes.value(m_revision);
    if (!drift.isEmpty()) {
        html += QStringLiteral("<p style=\"color:#d32f2f\"><b>%1</b> %2</p>")
                    .arg(tr("Drift:").toHtmlEscaped(), drift.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    }
    html += QStringLiteral("<table cellspacing=\"2\">");
    html += row(tr("Parents:"), listOrNone(revision.downRevisions, tr("<base>")));
    html += row(tr("Children:"), listOrNone(children, tr("none")));
    html += row(tr("Branch labels:"), listOrNone(revision.branchLabels, tr("none")));
    html += row(tr("Depends on:"), listOrNone(revision.dependencies, tr("none")));
    if (!tags.isEmpty())
        html += row(tr("Marks:"), tags.join(QStringLiteral(", ")));
    html += row(tr("File:"), script.path);
    if (script.format == ScriptFormat::AlembicPython)
        html += row(tr("Format:"), tr("Alembic revision (Python), read without running it"));
    if (!script.createDate.isEmpty())
        html += row(tr("Created:"), createDateText(script.createDate));
    if (!script.transactional)
        html += row(tr("Transactional:"), tr("false (runs outside a transaction)"));
    if (!script.sectionDialects().isEmpty()) {
        // Which SQL runs depends on the database: the editor's title and the plan say which for this one.
        const QStringList names = script.sectionDialectNames();
        const bool plainMissing = script.section(true, std::nullopt).body == SectionBody::Missing ||
                                  script.section(false, std::nullopt).body == SectionBody::Missing;
        html += row(tr("Sections for:"),
                    plainMissing ? tr("%1 (other databases lack some of its sections)").arg(names.join(u", "))
                                 : tr("%1 (other databases run the plain sections)").arg(names.join(u", ")));
    }
    html += QStringLiteral("</table>");

    if (script.docText.trimmed() != revision.doc.trimmed() && !script.docText.trimmed().isEmpty())
        html += QStringLiteral("<pre>%1</pre>").arg(script.docText.trimmed().toHtmlEscaped());
    if (script.format == ScriptFormat::AlembicPython)
        html += alembicBodyHtml(script.section(true, std::nullopt), true) +
                alembicBodyHtml(script.section(false, std::nullopt), false);

    if (!m_entries.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><ul>").arg(tr("History").toHtmlEscaped());
        for (const RevisionRunEntry &entry : std::as_const(m_entries))
            html += QStringLiteral("<li>%1</li>").arg(describeRun(entry).toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    m_text->setHtml(html);
}

} // namespace retort::ui
