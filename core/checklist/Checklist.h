// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

// The command an item is bound to, written as a trailing tag: `- [ ] Take a backup {backup}`.
// Grammar (keywords are case-insensitive, whitespace between words is free):
//   backup
//   upgrade REV                  REV: one identifier as on the command line (head, +1, ae98aa32e0d2, …)
//   downgrade REV
//   stamp REV…                   one or more revisions, as `retort stamp`
//   current
//   verify current = REV         the database's current revision(s) must be REV (head, heads, an id)
//   rehearse upgrade REV         run the plan in a transaction and roll it back
//   revision -m "MESSAGE"        create a revision ('…' quotes work too)
//   delete revision "MESSAGE"    remove the file the walk's earlier {revision -m "MESSAGE"} created
struct ChecklistAction
{
    enum class Kind
    {
        None, // a manual step
        Backup,
        Upgrade,
        Downgrade,
        Stamp,
        Current,
        VerifyCurrent,
        Rehearse,
        CreateRevision,
        DeleteRevision,
    };

    Kind kind = Kind::None;
    QString target; // the revision argument(s) (space-separated for stamp), or the revision message

    // The canonical tag text without braces, e.g. "upgrade head", `revision -m "test migration"`;
    // empty for None. parse(text()) gives the action back.
    QString text() const;
    // What the step does, in words for a person: "Runs: upgrade head", "Checks: current is 1a2b3c4d";
    // empty for None.
    QString description() const;
    bool isNone() const { return kind == Kind::None; }

    // `tag` is the text between the braces. Errors (code Parse) say what is wrong with the tag
    // and carry no location; Checklist::parse prefixes file:line.
    [[nodiscard]] static Result<ChecklistAction> parse(const QString &tag);
    // The known forms, for error messages: "backup, upgrade REV, …".
    static QString grammar();

    bool operator==(const ChecklistAction &other) const { return kind == other.kind && target == other.target; }
    bool operator!=(const ChecklistAction &other) const { return !(*this == other); }
};

struct ChecklistItem
{
    // Identifies the item across edits of the file, to match walk state to items: the slug of
    // the section, the text and the action ("deployment/take-a-backup-backup"), with "-2", "-3"
    // appended to repeats in file order. Chosen over the item's index because an inserted or
    // removed item elsewhere would shift every index after it and attach recorded state to the
    // wrong step; with slugs a typo fix elsewhere changes nothing, and a fix in the item itself
    // only detaches its own state (the walk keeps the text it recorded and reports it). The walk
    // also stores the file's checksum, so any change is reported.
    QString key;
    QString section; // the nearest `##` heading above the item, empty before the first
    QString text;    // without the checkbox and the tag; continuation lines joined by a space
    ChecklistAction action;
    int line = 0; // 1-based line of the item's checkbox
    bool initiallyChecked = false;
};

// A maintenance-window checklist read from Markdown, see DESIGN.md "Maintenance-window
// checklists". `# Title` (the first H1; else the file's base name), a description (the text
// between the title and the first section or item), `## Section` headings and `- [ ]` / `- [x]`
// items (`*` and `+` bullets too), each optionally ending in an action tag {…}. Indented lines
// right below an item continue its text. Fenced code blocks hold no items. Immutable once parsed.
class Checklist
{
public:
    // Reads a file (a path on disk or a Qt resource path such as ":/checklists/x.md").
    [[nodiscard]] static Result<Checklist> load(const QString &path);
    // `path` names the text in error messages ("checklists/x.md:7: …") and gives the fallback title.
    [[nodiscard]] static Result<Checklist> parse(const QString &text, const QString &path);

    // The built-in checklists (":/checklists/*.md") followed by the project's own
    // (<projectDir>/checklists/*.md, absolute paths), each group sorted by file name.
    // `projectDir` may be empty: built-ins only.
    static QStringList available(const QString &projectDir);

    QString path() const { return m_path; }
    QString title() const { return m_title; }
    QString description() const { return m_description; }
    const QVector<ChecklistItem> &items() const { return m_items; }
    QString checksum() const { return m_checksum; } // SHA-256 (hex) of the text as given

    // -1 when no item has that key.
    int indexOf(const QString &key) const;
    bool isBuiltIn() const { return m_path.startsWith(QStringLiteral(":/")); }

private:
    QString m_path;
    QString m_title;
    QString m_description;
    QVector<ChecklistItem> m_items;
    QString m_checksum;
};

} // namespace retort
