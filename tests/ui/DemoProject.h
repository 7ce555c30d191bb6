// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the UI tests that need a real project: the demo project of tests/support/DemoDatabase.h, the
// Alembic demo, and what the window shows of them.
#include "tests/support/DemoDatabase.h"
#include "tests/support/TestFiles.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPalette>
#include <QTemporaryDir>
#include <QWidget>

namespace retort::testing {

// With RETORT_UI_SCREENSHOT_DIR set, saves what the widget shows, to look at by eye.
inline void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("RETORT_UI_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// Writes `text` over the file through the same inode, as editors that save in place do.
inline bool rewriteInPlace(const QString &path, const QByteArray &text)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    return file.seek(0) && file.write(text) == text.size() && file.resize(text.size());
}

// A dark palette, as a desktop in dark mode gives the application.
inline QPalette darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb4));
    dark.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    dark.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    dark.setColor(QPalette::ToolTipBase, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ToolTipText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
    dark.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    dark.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
    dark.setColor(QPalette::Dark, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return dark;
}

// A copy of migrations/alembic-demo (alembic.ini, alembic/env.py, alembic/versions/*.py) in `dir`, its
// database dev.db there (as makeDemoProject's, for versionRows) named by DATABASE_URL, as its env.py takes it;
// nothing is created in it. Returns the alembic.ini path, or "" when the copy failed.
inline QString makeAlembicDemoProject(const QTemporaryDir &dir)
{
    if (!copyTree(QStringLiteral(RETORT_SOURCE_DIR "/migrations/alembic-demo"), dir.path()))
        return {};
    // scripts/demo leaves its dev.db in the source folder (ignored by git): the tests start without one.
    QFile::remove(dir.filePath(QStringLiteral("dev.db")));
    qputenv("DATABASE_URL", QStringLiteral("sqlite:///%1").arg(dir.filePath(QStringLiteral("dev.db"))).toUtf8());
    return dir.filePath(QStringLiteral("alembic.ini"));
}

// The tables the alembic-demo's revisions touch, as the application left them before its baseline, and its
// dev.db stamped at `stampAt` (none: no version table). The error, or empty.
inline QString createAlembicDemoDatabase(const QTemporaryDir &dir, const QString &stampAt = Baseline)
{
    QStringList statements{
        QStringLiteral("CREATE TABLE api_keys (id INTEGER PRIMARY KEY, name TEXT)"),
        QStringLiteral("CREATE TABLE app_users (id INTEGER PRIMARY KEY, email TEXT)"),
        QStringLiteral("CREATE TABLE results_data (id INTEGER PRIMARY KEY, process_id INTEGER)"),
        QStringLiteral("CREATE TABLE presentation_records (id INTEGER PRIMARY KEY, status TEXT)"),
        QStringLiteral("CREATE TABLE cache_scraped_raw (id INTEGER PRIMARY KEY, url TEXT)"),
        QStringLiteral("INSERT INTO app_users (email) VALUES ('anna@example.de'), ('bob@example.com')"),
    };
    if (!stampAt.isEmpty()) {
        statements << QStringLiteral("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
                   << QStringLiteral("INSERT INTO alembic_version VALUES ('%1')").arg(stampAt);
    }
    for (const QString &statement : std::as_const(statements)) {
        if (const QString error = execOnDemo(dir, statement); !error.trimmed().isEmpty())
            return error;
    }
    return {};
}

// What the window's error strip says; empty while it is hidden.
inline QString errorText(QWidget &window)
{
    auto *strip = window.findChild<QWidget *>(QStringLiteral("errorStrip"));
    return strip && !strip->isHidden() ? window.findChild<QLabel *>(QStringLiteral("errorText"))->text() : QString();
}

inline QAction *actionNamed(QWidget &window, const QString &text)
{
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text().remove(u'&') == text)
            return action;
    }
    return nullptr;
}

} // namespace retort::testing
