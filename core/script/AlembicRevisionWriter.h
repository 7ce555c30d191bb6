// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

// Writes new Alembic revision modules (`retort revision` in an Alembic project): the file name from
// the project's file_template, and the text from its script.py.mako when that template uses only what
// Alembic's own templates use (so typed headers and the team's docstring layout carry over), else
// from Alembic's default layout. The bodies are a literal op.execute(), the form Retort shows exactly.
class ProjectConfig;

class AlembicRevisionWriter
{
public:
    // How an Alembic project names and lays out new revisions.
    struct Layout
    {
        QString scriptTemplate; // the text of script.py.mako; empty: Alembic's default layout
        QString fileTemplate = QStringLiteral("%(rev)s_%(slug)s");
        int truncateSlugLength = 40;
        QString settingsFile; // the alembic.ini file_template comes from, for messages about it
    };
    // The layout of an Alembic project (nullopt for a Retort one). `note` says when the project's
    // script.py.mako cannot be filled in without Mako, so the default layout is used.
    static std::optional<Layout> layoutFor(const ProjectConfig &config, QString *note);

    struct Fields
    {
        QString message;
        QString revisionId;
        QStringList downRevisions;
        QStringList branchLabels;
        QStringList dependsOn;
        QDateTime createDate;
    };
    struct Rendered
    {
        QString text;
        // Why the project's script.py.mako was not used (empty when it was, or when there is none).
        QString templateNote;
    };

    // `mako` is the text of the project's script.py.mako; empty for Alembic's default layout.
    static Rendered render(const QString &mako, const Fields &fields);
    // "<file_template expanded>.py"; file_template in Python's %-format with rev, slug, epoch, year, month,
    // day, hour, minute and second (as alembic.ini writes it, %% already read as %).
    [[nodiscard]] static Result<QString> fileName(const QString &fileTemplate, int truncateSlugLength,
                                                  const Fields &fields);
    // Python's repr() of a string, as the template's ${repr(...)} writes it.
    static QString pythonRepr(const QString &text);
};

} // namespace retort
