// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checklist/ChecklistPanel.h"

#include "core/TextFormat.h"
#include "core/checklist/ChecklistReport.h"
#include "ui/checklist/ChecklistReportPdf.h"
#include "ui/checklist/ChecklistStepEditor.h"
#include "ui/checklist/ChecklistStepList.h"
#include "ui/checklist/ChecklistWindowBox.h"
#include "ui/checklist/StateColours.h"
#include "ui/checklist/WalkStepText.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QToolButton>
#include <QVBoxLayout>

namespace retort::ui {

namespace {

const QString kBuiltInChecklist = QStringLiteral(":/checklists/maintenance-window.md");
} // namespace

ChecklistPanel::ChecklistPanel(QWidget *parent)
    : QWidget(parent), m_clock([] { return QDateTime::currentDateTimeUtc(); }), m_checklists(new QComboBox(this)),
      m_title(new QLabel(this)), m_description(new QLabel(this)), m_descriptionToggle(new QToolButton(this)),
      m_summary(new QLabel(this)), m_warning(new QLabel(this)),
      m_window(new ChecklistWindowBox([this] { return now(); }, this)),
      m_steps(new ChecklistStepList(
          [this] { return now(); },
          [this] { return m_running && m_running->walkPath == m_walkPath ? m_running->key : QString(); }, this)),
      m_stepEditor(new ChecklistStepEditor([this] { return now(); }, this)),
      m_exportMarkdown(new QPushButton(tr("Export &Markdown…"), this)),
      m_exportPdf(new QPushButton(tr("Export &PDF…"), this)), m_reset(new QPushButton(tr("Reset walk…"), this))
{
    setObjectName(QStringLiteral("checklistPanel"));
    m_checklists->setObjectName(QStringLiteral("checklistCombo"));
    m_title->setObjectName(QStringLiteral("checklistTitle"));
    m_description->setObjectName(QStringLiteral("checklistDescription"));
    m_descriptionToggle->setObjectName(QStringLiteral("descriptionToggle"));
    m_summary->setObjectName(QStringLiteral("walkSummary"));
    m_warning->setObjectName(QStringLiteral("checklistWarning"));
    m_exportMarkdown->setObjectName(QStringLiteral("exportMarkdownButton"));
    m_exportPdf->setObjectName(QStringLiteral("exportPdfButton"));
    m_reset->setObjectName(QStringLiteral("resetWalkButton"));

    m_checklists->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_checklists->setMinimumContentsLength(20);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::MarkdownText);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_descriptionToggle->setAutoRaise(true);
    m_descriptionToggle->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning->hide();

    m_reset->setToolTip(tr("Discard this walk's checked steps, notes and results and start again"));
    auto *bottomRow = new QHBoxLayout;
    bottomRow->addWidget(m_exportMarkdown);
    bottomRow->addWidget(m_exportPdf);
    bottomRow->addStretch(1);
    bottomRow->addWidget(m_reset);

    auto *checklistLabel = new QLabel(tr("&Checklist:"), this);
    checklistLabel->setBuddy(m_checklists);
    auto *checklistRow = new QHBoxLayout;
    checklistRow->addWidget(checklistLabel);
    checklistRow->addWidget(m_checklists, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(checklistRow);
    layout->addWidget(m_title);
    auto *descriptionRow = new QHBoxLayout;
    descriptionRow->addWidget(m_description, 1);
    descriptionRow->addWidget(m_descriptionToggle, 0, Qt::AlignBottom);
    layout->addLayout(descriptionRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_warning);
    layout->addWidget(m_window);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_stepEditor);
    layout->addLayout(bottomRow);

    connect(m_checklists, &QComboBox::activated, this, &ChecklistPanel::onComboActivated);
    connect(m_descriptionToggle, &QToolButton::clicked, this, [this] {
        m_descriptionExpanded = !m_descriptionExpanded;
        updateDescription();
    });
    connect(m_steps, &ChecklistStepList::checkToggled, this, &ChecklistPanel::onCheckToggled);
    connect(m_steps->selectionModel(), &QItemSelectionModel::currentChanged, this, &ChecklistPanel::updateDetails);
    connect(m_stepEditor, &ChecklistStepEditor::noteEdited, this, &ChecklistPanel::noteEdited);
    connect(m_stepEditor, &ChecklistStepEditor::stepEdited, this, &ChecklistPanel::walkEdited);
    connect(m_stepEditor, &ChecklistStepEditor::runRequested, this, &ChecklistPanel::requestAction);
    connect(m_window, &ChecklistWindowBox::windowPlanned, this, [this](const QDateTime &start, int minutes) {
        if (!m_walk)
            return;
        m_walk->plannedStart = start;
        m_walk->plannedMinutes = minutes;
        walkEdited();
    });
    connect(m_window, &ChecklistWindowBox::startNowRequested, this, &ChecklistPanel::startWindow);
    connect(m_exportMarkdown, &QPushButton::clicked, this, &ChecklistPanel::chooseMarkdownExport);
    connect(m_exportPdf, &QPushButton::clicked, this, &ChecklistPanel::choosePdfExport);
    connect(m_reset, &QPushButton::clicked, this, &ChecklistPanel::confirmReset);

    setProject(QString(), QString(), QString());
}

ChecklistPanel::~ChecklistPanel() = default;

void ChecklistPanel::setProject(const QString &projectDir, const QString &environment, const QString &database)
{
    // The same project again (it reloads on every change on disk): keep the open walk as it is.
    if (!projectDir.isEmpty() && projectDir == m_projectDir && environment == m_environment && m_checklist) {
        // The environment may name another database now (retort.ini edited): the walk is about the one it began on.
        if (database != m_database) {
            m_database = database;
            checkWalkDatabase();
            updateEverything();
        }
        return;
    }
    const QString previous = m_checklist ? m_checklist->path() : QString();
    m_projectDir = projectDir;
    m_environment = environment;
    m_database = database;
    setEnabled(!projectDir.isEmpty());
    if (projectDir.isEmpty()) {
        m_checklists->clear();
        forgetChecklist();
        fillSteps();
        return;
    }
    const QStringList available = Checklist::available(projectDir);
    QString select = available.contains(previous) ? previous : QString();
    if (select.isEmpty())
        select = available.contains(kBuiltInChecklist) ? kBuiltInChecklist : available.value(0);
    fillChecklistCombo(select);
    if (!select.isEmpty())
        openChecklist(select);
}

void ChecklistPanel::forgetChecklist()
{
    m_checklist.reset();
    m_walk.reset();
    m_walkPath.clear();
    m_checklistError.clear();
    m_walkError.clear();
    m_databaseError.clear();
    m_saveError.clear();
}

void ChecklistPanel::fillChecklistCombo(const QString &select)
{
    const QSignalBlocker blocker(m_checklists);
    m_checklists->clear();
    for (const QString &path : Checklist::available(m_projectDir)) {
        const QString name = QFileInfo(path).fileName();
        const bool builtIn = path.startsWith(QStringLiteral(":/"));
        m_checklists->addItem(builtIn ? tr("%1 (built-in)").arg(name) : tr("%1 (project)").arg(name), path);
        m_checklists->setItemData(m_checklists->count() - 1,
                                  builtIn ? tr("Shipped with Retort") : QDir::toNativeSeparators(path),
                                  Qt::ToolTipRole);
    }
    m_checklists->setCurrentIndex(m_checklists->findData(select));
}

bool ChecklistPanel::openChecklist(const QString &path)
{
    int index = m_checklists->findData(path);
    if (index < 0 && !path.isEmpty()) {
        const QSignalBlocker blocker(m_checklists);
        m_checklists->addItem(tr("%1 (file)").arg(QFileInfo(path).fileName()), path);
        index = m_checklists->count() - 1;
        m_checklists->setItemData(index, QDir::toNativeSeparators(path), Qt::ToolTipRole);
    }
    {
        const QSignalBlocker blocker(m_checklists);
        m_checklists->setCurrentIndex(index);
    }

    forgetChecklist();
    if (m_projectDir.isEmpty()) {
        m_checklistError = tr("Open a project first: walks are saved in the project's folder.");
    } else {
        Result<Checklist> loaded = Checklist::load(path);
        if (loaded.ok()) {
            m_checklist = std::move(loaded).value();
            loadWalk();
        } else {
            m_checklistError = tr("Cannot read the checklist: %1").arg(loaded.error().message);
        }
    }
    fillSteps();
    Q_EMIT walkChanged();
    return m_checklist.has_value();
}

void ChecklistPanel::loadWalk()
{
    m_walkPath = ChecklistWalk::savePath(m_projectDir, m_checklist->path(), m_environment);
    if (!QFileInfo::exists(m_walkPath)) {
        m_walk = ChecklistWalk::start(*m_checklist, m_environment, m_database);
        return;
    }
    Result<ChecklistWalk> loaded = ChecklistWalk::load(m_walkPath);
    if (!loaded.ok()) {
        // Never overwrite a walk we cannot read without the user's word: Reset walk asks first.
        m_walkError = tr("The saved walk cannot be read: %1. Reset walk starts a new one and replaces the file.")
                          .arg(loaded.error().message);
        return;
    }
    m_walk = std::move(loaded).value();
    // Items added to the file since the walk began get open steps; the recorded ones stay as they are.
    if (!m_walk->matches(*m_checklist))
        m_walk->addMissingSteps(*m_checklist);
    checkWalkDatabase();
}

void ChecklistPanel::checkWalkDatabase()
{
    m_databaseError.clear();
    if (m_walk && !m_walk->adoptDatabase(m_database)) {
        m_databaseError = tr("This walk began on %1, but environment '%2' now names %3: its steps and its report are "
                             "about the first. Point the environment back at it to go on, or Reset walk to start a "
                             "new walk on this database.")
                              .arg(m_walk->database, m_environment, m_database);
    }
}

bool ChecklistPanel::canWalk() const
{
    return m_walk && m_databaseError.isEmpty();
}

const ChecklistWalk *ChecklistPanel::walk() const
{
    return m_walk ? &*m_walk : nullptr;
}

const Checklist *ChecklistPanel::checklist() const
{
    return m_checklist ? &*m_checklist : nullptr;
}

QString ChecklistPanel::walkPath() const
{
    return m_walkPath;
}

void ChecklistPanel::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); };
    m_window->refresh();
}

QDateTime ChecklistPanel::now() const
{
    return m_clock().toUTC();
}

void ChecklistPanel::setPlan(const QStringList &planLines)
{
    if (!canWalk() || m_walk->plan == planLines)
        return;
    m_walk->plan = planLines;
    walkEdited();
}

void ChecklistPanel::setFinalRevisions(const QStringList &revisions)
{
    if (!canWalk() || m_walk->finalRevisions == revisions)
        return;
    m_walk->finalRevisions = revisions;
    walkEdited();
}

void ChecklistPanel::setBackup(const WalkBackup &backup)
{
    if (!canWalk())
        return;
    m_walk->backup = backup;
    walkEdited();
}

void ChecklistPanel::actionFinished(const QString &key, StepOutcome outcome, const QString &result, qint64 durationMs)
{
    const bool requested = m_running && m_running->key == key;
    const QString target = requested ? m_running->walkPath : m_walkPath;
    if (requested)
        m_running.reset();

    const auto apply = [&](ChecklistWalk &walk) {
        if (!walk.step(key))
            return false; // not a step of this walk: nothing to record
        walk.recordResult(key, outcome, result, durationMs);
        if (outcome == StepOutcome::Succeeded)
            walk.markDone(key, QString(), now());
        return true;
    };

    if (m_walk && target == m_walkPath) {
        apply(*m_walk);
        walkEdited();
        return;
    }
    // The user opened another checklist while the action ran: the result belongs to the walk that asked.
    if (!target.isEmpty()) {
        Result<ChecklistWalk> other = ChecklistWalk::load(target);
        if (other.ok() && apply(other.value())) {
            const Status saved = other->save(target);
            if (!saved.ok())
                m_saveError = saved.error().message;
        }
    }
    walkEdited();
}

QString ChecklistPanel::exportMarkdown(const QString &path) const
{
    if (!m_checklist || !m_walk)
        return tr("No checklist walk is open.");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(checklistReportMarkdown(*m_checklist, *m_walk).toUtf8()) < 0 ||
        !file.commit()) {
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    }
    return QString();
}

QString ChecklistPanel::exportPdf(const QString &path) const
{
    if (!m_checklist || !m_walk)
        return tr("No checklist walk is open.");
    const QString title = m_walk->environment.isEmpty()
                              ? tr("Report: %1").arg(m_checklist->title())
                              : tr("Report: %1 (%2)").arg(m_checklist->title(), m_walk->environment);
    return ChecklistReportPdf::write(checklistReportMarkdown(*m_checklist, *m_walk), path, title);
}

QString ChecklistPanel::warningText() const
{
    return m_warning->text();
}

void ChecklistPanel::resetWalk()
{
    if (!m_checklist)
        return;
    m_walk = ChecklistWalk::start(*m_checklist, m_environment, m_database);
    m_walkError.clear();
    m_databaseError.clear();
    fillSteps();
    walkEdited();
}

void ChecklistPanel::startWindow()
{
    if (!canWalk())
        return;
    m_walk->plannedStart = ChecklistWalk::wholeSeconds(now());
    m_walk->plannedMinutes = m_window->plannedMinutes();
    walkEdited();
}

void ChecklistPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The state colours are picked for the background: pick again for a new palette.
    if (event->type() == QEvent::PaletteChange)
        updateWarning();
}

void ChecklistPanel::fillSteps()
{
    m_steps->fill(m_checklist ? &*m_checklist : nullptr, m_walk ? &*m_walk : nullptr);
    updateEverything();
}

void ChecklistPanel::updateEverything()
{
    m_window->showWalk(m_walk ? &*m_walk : nullptr);
    updateSummary();
    updateWarning();
    updateDetails();
    updateEnabled();
}

void ChecklistPanel::updateDetails()
{
    m_stepEditor->showStep(m_checklist ? &*m_checklist : nullptr, m_walk ? &*m_walk : nullptr, m_steps->currentKey(),
                           m_running ? m_running->key : QString(), m_running && m_running->walkPath == m_walkPath);
    updateEnabled();
}

void ChecklistPanel::updateSummary()
{
    if (!m_checklist) {
        m_title->setText(m_projectDir.isEmpty() ? tr("No project open") : tr("No checklist open"));
        m_description->clear();
        m_description->hide();
        m_descriptionToggle->hide();
        m_summary->clear();
        return;
    }
    m_title->setText(m_checklist->title());
    updateDescription();
    if (!m_walk) {
        m_summary->clear();
        return;
    }
    QStringList parts;
    parts << tr("Environment: %1").arg(m_walk->environment.isEmpty() ? tr("(none)") : m_walk->environment);
    if (!m_walk->database.isEmpty())
        parts << m_walk->database;
    parts << stepsDoneText(*m_checklist, &*m_walk);
    // "Started" would read as the window's start, which the Window box shows: this is the walk's first tick.
    if (m_walk->isFinished())
        parts << tr("finished %1").arg(utcText(m_walk->finishedAt, QStringLiteral("yyyy-MM-dd HH:mm")));
    else if (m_walk->startedAt.isValid())
        parts << tr("first step checked %1").arg(utcText(m_walk->startedAt, QStringLiteral("yyyy-MM-dd HH:mm")));
    m_summary->setText(parts.join(QStringLiteral(" · ")));
}

void ChecklistPanel::updateDescription()
{
    const QString description = m_checklist ? m_checklist->description() : QString();
    m_description->setVisible(!description.isEmpty());
    // The first paragraph says what the checklist is for; the rest is there on demand, leaving the room to the steps.
    const qsizetype paragraphEnd = description.indexOf(QLatin1String("\n\n"));
    const bool shortened = paragraphEnd >= 0 && !m_descriptionExpanded;
    m_description->setText(shortened ? description.left(paragraphEnd) : description);
    m_descriptionToggle->setVisible(paragraphEnd >= 0);
    m_descriptionToggle->setText(shortened ? tr("More…") : tr("Less"));
    m_descriptionToggle->setToolTip(shortened ? tr("Show the whole description") : tr("Show its first paragraph only"));
}

void ChecklistPanel::updateWarning()
{
    QStringList errors;
    QStringList warnings;
    if (!m_checklistError.isEmpty())
        errors << m_checklistError;
    if (!m_walkError.isEmpty())
        errors << m_walkError;
    if (!m_databaseError.isEmpty())
        errors << m_databaseError;
    if (!m_saveError.isEmpty())
        errors << tr("The walk could not be saved: %1").arg(m_saveError);
    if (m_checklist && m_walk && !m_walk->matches(*m_checklist)) {
        warnings << tr("The checklist file changed after this walk began. The recorded steps are kept and "
                       "matched by their text; check the open steps again.");
    }
    const QStringList all = errors + warnings;
    const QString text = all.isEmpty() ? QString() : QStringLiteral("⚠ ") + all.join(QStringLiteral("\n⚠ "));
    m_warning->setText(text);
    m_warning->setVisible(!text.isEmpty());
    const QColor background = palette().color(QPalette::Window);
    QPalette warningPalette = m_warning->palette();
    warningPalette.setColor(QPalette::WindowText, errors.isEmpty() ? amberOn(background) : redOn(background));
    m_warning->setPalette(warningPalette);
}

void ChecklistPanel::updateEnabled()
{
    const bool busy = m_running.has_value();
    m_checklists->setEnabled(!busy);
    m_steps->setEnabled(canWalk());
    m_stepEditor->setEnabled(canWalk());
    m_window->setEnabled(canWalk());
    m_exportMarkdown->setEnabled(m_walk && m_checklist);
    m_exportPdf->setEnabled(m_walk && m_checklist);
    m_reset->setEnabled(m_checklist && !busy);
}

void ChecklistPanel::walkEdited()
{
    if (m_walk && !m_walkPath.isEmpty()) {
        const Status saved = m_walk->save(m_walkPath);
        m_saveError = saved.ok() ? QString() : saved.error().message;
    }
    m_steps->showSteps();
    updateEverything();
    Q_EMIT walkChanged();
}

void ChecklistPanel::onComboActivated(int index)
{
    const QString path = m_checklists->itemData(index).toString();
    if (!path.isEmpty() && (!m_checklist || m_checklist->path() != path))
        openChecklist(path);
}

void ChecklistPanel::onCheckToggled(const QString &key, bool checked)
{
    const WalkStep *step = canWalk() ? m_walk->step(key) : nullptr;
    if (!step || (step->done == checked && !isSkipped(step))) {
        m_steps->showSteps(); // shows the walk's state again
        return;
    }
    m_steps->selectKey(key); // the editor shows the step: it decides, and says why not
    if (!m_stepEditor->setChecked(key, checked))
        m_steps->showSteps();
}

void ChecklistPanel::noteEdited()
{
    if (!m_walk)
        return;
    const Status saved = m_walk->save(m_walkPath);
    const QString error = saved.ok() ? QString() : saved.error().message;
    if (error != m_saveError) {
        m_saveError = error;
        updateWarning();
    }
    m_steps->showSteps();
    Q_EMIT walkChanged();
}

bool ChecklistPanel::runStep(const QString &key)
{
    if (!canWalk() || !m_steps->indexForKey(key).isValid() || m_running)
        return false;
    m_steps->selectKey(key);
    requestAction(key);
    return m_running.has_value() || (m_walk && m_walk->step(key) && m_walk->step(key)->outcome != StepOutcome::NotRun);
}

void ChecklistPanel::requestAction(const QString &key)
{
    const int index = m_checklist && canWalk() ? m_checklist->indexOf(key) : -1;
    if (index < 0 || m_running)
        return;
    const ChecklistAction action = m_checklist->items().at(index).action;
    const WalkStep *step = m_walk->step(key);
    if (action.isNone() || !step || step->outcome == StepOutcome::Succeeded)
        return;
    m_running = RunningAction{key, m_walkPath};
    m_steps->showSteps();
    updateDetails();
    // The window may answer at once (a refused gate): actionFinished() then runs inside this emit.
    Q_EMIT actionRequested(key, action);
}

void ChecklistPanel::confirmReset()
{
    if (!m_checklist)
        return;
    const int done = m_walk ? m_walk->doneCount() : 0;
    const QString question =
        tr("Start a new walk of “%1” for environment %2?\n\nThe current walk (%3 of %4 steps done, its notes and "
           "results) is discarded. Export its report first to keep a record.")
            .arg(m_checklist->title(), m_environment.isEmpty() ? tr("(none)") : m_environment)
            .arg(done)
            .arg(m_checklist->items().size());
    if (QMessageBox::question(this, tr("Reset Walk"), question, QMessageBox::Reset | QMessageBox::Cancel,
                              QMessageBox::Cancel) == QMessageBox::Reset) {
        resetWalk();
    }
}

QString ChecklistPanel::defaultExportPath(const QString &suffix) const
{
    const QString base = m_checklist ? QFileInfo(m_checklist->path()).completeBaseName() : QStringLiteral("checklist");
    const QString name = QStringLiteral("%1-%2-report.%3")
                             .arg(base, m_environment.isEmpty() ? QStringLiteral("default") : m_environment, suffix);
    return QDir(m_projectDir).filePath(name);
}

void ChecklistPanel::chooseMarkdownExport()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Report as Markdown"), defaultExportPath(QStringLiteral("md")),
                                     tr("Markdown (*.md);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString error = exportMarkdown(path);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export Report"), error);
}

void ChecklistPanel::choosePdfExport()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Report as PDF"), defaultExportPath(QStringLiteral("pdf")), tr("PDF (*.pdf);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString error = exportPdf(path);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export Report"), error);
}

} // namespace retort::ui
