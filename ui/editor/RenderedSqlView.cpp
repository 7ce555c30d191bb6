// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/editor/RenderedSqlView.h"

#include "core/runtime/AlembicBridge.h"
#include "ui/editor/SqlEditor.h"

#include <QLabel>
#include <QVBoxLayout>

namespace retort::ui {

RenderedSqlView::RenderedSqlView(QWidget *parent)
    : QWidget(parent), m_heading(new QLabel(this)), m_label(new QLabel(this)), m_sql(new SqlEditor(this))
{
    setObjectName(QStringLiteral("renderedSqlView"));
    m_heading->setObjectName(QStringLiteral("renderedSqlHeading"));
    m_heading->setWordWrap(true);
    m_heading->setContentsMargins(6, 2, 6, 0);
    m_label->setObjectName(QStringLiteral("renderedSqlLabel"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setAttribute(Qt::WA_StyledBackground);
    m_sql->setObjectName(QStringLiteral("renderedSqlText"));
    m_sql->setReadOnly(true);
    m_sql->setLineWrap(true); // beside the source, the pane is narrow; rendered statements are long lines
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_heading);
    layout->addWidget(m_label);
    layout->addWidget(m_sql, 1);
    layout->addStretch(0); // takes the room while a note stands alone
}

void RenderedSqlView::setWarning(bool warning)
{
    m_warning = warning;
    // As the error strip: fixed colours that read on light and dark palettes alike.
    m_label->setStyleSheet(warning ? QStringLiteral("QLabel { background: #fff3e0; color: #7a3e00; border: 1px solid "
                                                    "#f0a030; padding: 3px 6px; font-weight: bold; }")
                                   : QStringLiteral("QLabel { padding: 0px 6px; }"));
}

void RenderedSqlView::showSection(const QString &heading, const RenderedSection &section)
{
    m_heading->setText(
        QStringLiteral("<b>%1</b> — %2").arg(tr("Rendered SQL (Alembic)").toHtmlEscaped(), heading.toHtmlEscaped()));
    m_label->setText(section.describe());
    setWarning(!section.complete());
    m_sql->show();
    QString sql = section.sql.trimmed();
    if (section.complete()) {
        if (sql.isEmpty())
            sql = tr("-- Nothing: this function runs no SQL.");
    } else if (sql.isEmpty()) {
        sql = tr("-- No SQL: %1").arg(section.describe());
    } else {
        sql = tr("-- PARTIAL: what Alembic rendered before it stopped (%1); what the function does after that is "
                 "not shown.\n\n%2")
                  .arg(RenderedSection::labelName(section.label), sql);
    }
    m_sql->setText(sql + u'\n');
}

void RenderedSqlView::showNote(const QString &heading, const QString &note)
{
    m_heading->setText(
        QStringLiteral("<b>%1</b> — %2").arg(tr("Rendered SQL (Alembic)").toHtmlEscaped(), heading.toHtmlEscaped()));
    m_label->setText(note);
    setWarning(false);
    m_sql->setText(QString());
    m_sql->hide(); // no empty editor under a note
}

QString RenderedSqlView::heading() const
{
    return m_heading->text();
}

QString RenderedSqlView::labelText() const
{
    return m_label->text();
}

QString RenderedSqlView::sqlText() const
{
    return m_sql->text();
}

} // namespace retort::ui
