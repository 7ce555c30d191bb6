// SPDX-License-Identifier: GPL-3.0-or-later
// retort-gui [-n SECTION] [retort.ini | alembic.ini | folder]: opens the given project as `retort -c` does, else the
// last one, else the welcome page: Open Project, Open Folder, the demo project (copied to the person's own data
// folder first) and the recent projects.
#include "ui/GuiSettings.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>

namespace {

// The icon rendered from resources/icons at each size (app/gui/CMakeLists.txt); the window takes the nearest.
QIcon applicationIcon()
{
    QIcon icon;
    for (const QFileInfo &png : QDir(QStringLiteral(":/icons")).entryInfoList({QStringLiteral("*.png")}))
        icon.addFile(png.filePath());
    return icon;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Retort"));
    QApplication::setApplicationName(QStringLiteral("retort-gui"));
    QApplication::setApplicationDisplayName(QStringLiteral("Retort"));
    QApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(RETORT_APP_ID));
    QApplication::setWindowIcon(applicationIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Retort: Alembic-compatible database migrations in plain SQL."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("project"),
        QStringLiteral("A retort.ini, an Alembic project's alembic.ini, or a folder (its retort.ini, else its "
                       "alembic.ini, else its revision files)."),
        QStringLiteral("[retort.ini|alembic.ini|folder]"));
    // As the CLI's -n; without it, an alembic.ini holding several configurations asks which one.
    const QCommandLineOption section({QStringLiteral("n"), QStringLiteral("name")},
                                     QStringLiteral("Section of alembic.ini to read, as Alembic's -n."),
                                     QStringLiteral("SECTION"));
    parser.addOption(section);
    parser.process(app);

    retort::ui::MainWindow window;
    QString project = parser.positionalArguments().value(0);
    if (project.isEmpty()) {
        const QString last = retort::ui::GuiSettings::lastProject();
        if (!last.isEmpty() && QFileInfo::exists(last))
            project = last;
    }
    if (!project.isEmpty())
        window.openProject(project, parser.value(section));
    window.show();
    return app.exec();
}
