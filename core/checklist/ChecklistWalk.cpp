// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/checklist/ChecklistWalk.h"

#include "core/checklist/Checklist.h"
#include "core/runtime/BackupRecord.h"
#include "core/runtime/HistoryRecord.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>

namespace retort {

namespace {

const QString kFormat = QStringLiteral("retort-checklist-walk");

const StepOutcome kOutcomes[] = {StepOutcome::NotRun, StepOutcome::Succeeded, StepOutcome::Failed, StepOutcome::Skipped,
                                 StepOutcome::DoneByHand};

QJsonValue timeToJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonArray listToJson(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QString fileSafe(const QString &text)
{
    QString safe;
    for (const QChar c : text) {
        const bool plain = (c.isLetterOrNumber() && c.unicode() < 128) || c == u'.' || c == u'_' || c == u'-';
        safe += plain ? c : QChar(u'_');
    }
    return safe;
}

WalkStep &stepFor(QVector<WalkStep> &steps, const QString &key)
{
    for (WalkStep &step : steps) {
        if (step.key == key)
            return step;
    }
    WalkStep added;
    added.key = key;
    steps.append(added);
    return steps.last();
}

// The note a skip or a tick by hand gives its reason in: the one given, else the step's own; empty when neither.
QString reasonFor(const WalkStep *step, const QString &given)
{
    return !given.trimmed().isEmpty() ? given.trimmed() : step ? step->note.trimmed() : QString();
}

// Reads a walk file's JSON; every error names the file.
class WalkReader
{
public:
    explicit WalkReader(const QString &path) : m_path(path) {}

    Error error(const QString &what) const
    {
        return Error(ErrorCode::Parse, QStringLiteral("%1: %2").arg(m_path, what), m_path);
    }

    Result<QDateTime> time(const QJsonObject &object, const QString &name) const
    {
        const QJsonValue value = object.value(name);
        if (value.isNull() || value.isUndefined())
            return QDateTime();
        const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
        if (!value.isString() || !time.isValid())
            return error(QStringLiteral("\"%1\" is not an ISO 8601 time").arg(name));
        return time.toUTC();
    }

    Result<StepOutcome> outcome(const QJsonValue &value) const
    {
        for (const StepOutcome candidate : kOutcomes) {
            if (value.toString() == stepOutcomeName(candidate))
                return candidate;
        }
        return error(QStringLiteral("unknown step outcome \"%1\"").arg(value.toString()));
    }

private:
    QString m_path;
};

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &entry : value.toArray())
        list.append(entry.toString());
    return list;
}

} // namespace

QString stepOutcomeName(StepOutcome outcome)
{
    switch (outcome) {
    case StepOutcome::NotRun:
        return QStringLiteral("not run");
    case StepOutcome::Succeeded:
        return QStringLiteral("succeeded");
    case StepOutcome::Failed:
        return QStringLiteral("failed");
    case StepOutcome::Skipped:
        return QStringLiteral("skipped");
    case StepOutcome::DoneByHand:
        return QStringLiteral("done by hand");
    }
    return QString();
}

WalkBackup WalkBackup::of(const std::optional<BackupRecord> &backup, const QString &skipReason)
{
    WalkBackup walkBackup;
    if (backup) {
        walkBackup.path = backup->path;
        walkBackup.bytes = backup->bytes;
        walkBackup.durationMs = backup->durationMs;
        walkBackup.verification = backup->verification;
    } else {
        walkBackup.skippedReason = skipReason;
    }
    return walkBackup;
}

bool WalkBackup::operator==(const WalkBackup &other) const
{
    return path == other.path && bytes == other.bytes && durationMs == other.durationMs &&
           verification == other.verification && skippedReason == other.skippedReason;
}

bool WalkStep::operator==(const WalkStep &other) const
{
    return key == other.key && text == other.text && done == other.done && by == other.by && host == other.host &&
           at == other.at && note == other.note && result == other.result && outcome == other.outcome &&
           durationMs == other.durationMs;
}

bool ChecklistWalk::operator==(const ChecklistWalk &other) const
{
    return checklistPath == other.checklistPath && checklistTitle == other.checklistTitle &&
           checklistChecksum == other.checklistChecksum && environment == other.environment &&
           database == other.database && plannedStart == other.plannedStart && plannedMinutes == other.plannedMinutes &&
           startedAt == other.startedAt && finishedAt == other.finishedAt && steps == other.steps &&
           backup == other.backup && plan == other.plan && finalRevisions == other.finalRevisions;
}

ChecklistWalk ChecklistWalk::start(const Checklist &checklist, const QString &environment, const QString &database,
                                   const QDateTime &plannedStart, int plannedMinutes)
{
    ChecklistWalk walk;
    walk.checklistPath = checklist.path();
    walk.checklistTitle = checklist.title();
    walk.checklistChecksum = checklist.checksum();
    walk.environment = environment;
    walk.database = database;
    walk.plannedStart = plannedStart.isValid() ? plannedStart.toUTC() : QDateTime();
    walk.plannedMinutes = std::max(plannedMinutes, 0);
    walk.addMissingSteps(checklist);
    return walk;
}

QString ChecklistWalk::savePath(const QString &projectDir, const QString &checklistPath, const QString &environment)
{
    const QString name = fileSafe(QFileInfo(checklistPath).completeBaseName()) + u'-' +
                         (environment.isEmpty() ? QStringLiteral("default") : fileSafe(environment));
    return QDir(projectDir).filePath(QStringLiteral(".retort/walks/%1.json").arg(name));
}

Status ChecklistWalk::save(const QString &path) const
{
    QJsonObject root;
    root.insert(QStringLiteral("format"), kFormat);
    root.insert(QStringLiteral("version"), FormatVersion);
    root.insert(QStringLiteral("checklist"), QJsonObject{{QStringLiteral("path"), checklistPath},
                                                         {QStringLiteral("title"), checklistTitle},
                                                         {QStringLiteral("checksum"), checklistChecksum}});
    root.insert(QStringLiteral("environment"), environment);
    root.insert(QStringLiteral("database"), database);
    root.insert(QStringLiteral("window"), QJsonObject{{QStringLiteral("plannedStart"), timeToJson(plannedStart)},
                                                      {QStringLiteral("plannedMinutes"), plannedMinutes},
                                                      {QStringLiteral("startedAt"), timeToJson(startedAt)},
                                                      {QStringLiteral("finishedAt"), timeToJson(finishedAt)}});
    QJsonArray stepArray;
    for (const WalkStep &step : steps) {
        stepArray.append(QJsonObject{{QStringLiteral("key"), step.key},
                                     {QStringLiteral("text"), step.text},
                                     {QStringLiteral("done"), step.done},
                                     {QStringLiteral("by"), step.by},
                                     {QStringLiteral("host"), step.host},
                                     {QStringLiteral("at"), timeToJson(step.at)},
                                     {QStringLiteral("note"), step.note},
                                     {QStringLiteral("result"), step.result},
                                     {QStringLiteral("outcome"), stepOutcomeName(step.outcome)},
                                     {QStringLiteral("durationMs"), step.durationMs}});
    }
    root.insert(QStringLiteral("steps"), stepArray);
    if (backup) {
        root.insert(QStringLiteral("backup"), QJsonObject{{QStringLiteral("path"), backup->path},
                                                          {QStringLiteral("bytes"), backup->bytes},
                                                          {QStringLiteral("durationMs"), backup->durationMs},
                                                          {QStringLiteral("verification"), backup->verification},
                                                          {QStringLiteral("skippedReason"), backup->skippedReason}});
    }
    root.insert(QStringLiteral("plan"), listToJson(plan));
    root.insert(QStringLiteral("finalRevisions"), listToJson(finalRevisions));

    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return Error(ErrorCode::Io,
                     QStringLiteral("cannot create folder %1 for the checklist walk").arg(info.absolutePath()), path);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(ErrorCode::Io, QStringLiteral("cannot write checklist walk %1: %2").arg(path, file.errorString()),
                     path);
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error(ErrorCode::Io, QStringLiteral("cannot write checklist walk %1: %2").arg(path, file.errorString()),
                     path);
    return Status::success();
}

Result<ChecklistWalk> ChecklistWalk::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Io, QStringLiteral("cannot read checklist walk %1: %2").arg(path, file.errorString()),
                     path);
    const WalkReader reader(path);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return reader.error(
            QStringLiteral("not valid JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset));
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(QStringLiteral("format")).toString() != kFormat)
        return reader.error(QStringLiteral("not a Retort checklist walk (no \"format\": \"%1\")").arg(kFormat));
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toInt() != FormatVersion) {
        return reader.error(
            QStringLiteral("checklist walk version %1 is not supported; this Retort reads version %2")
                .arg(version.isDouble() ? QString::number(version.toDouble()) : QStringLiteral("(missing)"))
                .arg(FormatVersion));
    }

    ChecklistWalk walk;
    const QJsonObject checklist = root.value(QStringLiteral("checklist")).toObject();
    walk.checklistPath = checklist.value(QStringLiteral("path")).toString();
    walk.checklistTitle = checklist.value(QStringLiteral("title")).toString();
    walk.checklistChecksum = checklist.value(QStringLiteral("checksum")).toString();
    walk.environment = root.value(QStringLiteral("environment")).toString();
    walk.database = root.value(QStringLiteral("database")).toString();

    const QJsonObject window = root.value(QStringLiteral("window")).toObject();
    RETORT_TRY(walk.plannedStart, reader.time(window, QStringLiteral("plannedStart")));
    walk.plannedMinutes = window.value(QStringLiteral("plannedMinutes")).toInt();
    RETORT_TRY(walk.startedAt, reader.time(window, QStringLiteral("startedAt")));
    RETORT_TRY(walk.finishedAt, reader.time(window, QStringLiteral("finishedAt")));

    for (const QJsonValue &value : root.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject object = value.toObject();
        WalkStep step;
        step.key = object.value(QStringLiteral("key")).toString();
        if (step.key.isEmpty())
            return reader.error(QStringLiteral("a step has no \"key\""));
        step.text = object.value(QStringLiteral("text")).toString();
        step.done = object.value(QStringLiteral("done")).toBool();
        step.by = object.value(QStringLiteral("by")).toString();
        step.host = object.value(QStringLiteral("host")).toString();
        RETORT_TRY(step.at, reader.time(object, QStringLiteral("at")));
        step.note = object.value(QStringLiteral("note")).toString();
        step.result = object.value(QStringLiteral("result")).toString();
        RETORT_TRY(step.outcome, reader.outcome(object.value(QStringLiteral("outcome"))));
        step.durationMs = object.value(QStringLiteral("durationMs")).toInteger();
        walk.steps.append(step);
    }
    if (root.contains(QStringLiteral("backup"))) {
        const QJsonObject object = root.value(QStringLiteral("backup")).toObject();
        WalkBackup backup;
        backup.path = object.value(QStringLiteral("path")).toString();
        backup.bytes = object.value(QStringLiteral("bytes")).toInteger();
        backup.durationMs = object.value(QStringLiteral("durationMs")).toInteger();
        backup.verification = object.value(QStringLiteral("verification")).toString();
        backup.skippedReason = object.value(QStringLiteral("skippedReason")).toString();
        walk.backup = backup;
    }
    walk.plan = stringList(root.value(QStringLiteral("plan")));
    walk.finalRevisions = stringList(root.value(QStringLiteral("finalRevisions")));
    return walk;
}

void ChecklistWalk::markDone(const QString &key, const QString &note, const QDateTime &at)
{
    const QDateTime when = (at.isValid() ? at : QDateTime::currentDateTimeUtc()).toUTC();
    HistoryRecord who;
    who.setWhoAndWhere();
    WalkStep &step = stepFor(steps, key);
    step.done = true;
    step.by = who.osUser;
    step.host = who.host;
    step.at = when;
    if (!note.isEmpty())
        step.note = note;
    if (!startedAt.isValid())
        startedAt = when;
    if (!finishedAt.isValid() && doneCount() == steps.size())
        finishedAt = when;
}

void ChecklistWalk::setNote(const QString &key, const QString &note)
{
    stepFor(steps, key).note = note;
}

void ChecklistWalk::recordResult(const QString &key, StepOutcome outcome, const QString &result, qint64 durationMs)
{
    WalkStep &step = stepFor(steps, key);
    step.outcome = outcome;
    step.result = result;
    step.durationMs = durationMs;
}

bool ChecklistWalk::skip(const QString &key, const QString &reason, const QDateTime &at)
{
    const QString why = reasonFor(step(key), reason);
    if (why.isEmpty())
        return false;
    stepFor(steps, key).outcome = StepOutcome::Skipped;
    markDone(key, reason.trimmed(), at);
    return true;
}

bool ChecklistWalk::markDoneByHand(const QString &key, const QString &note, const QDateTime &at)
{
    const QString how = reasonFor(step(key), note);
    if (how.isEmpty())
        return false;
    recordResult(key, StepOutcome::DoneByHand, how, 0);
    markDone(key, note.trimmed(), at);
    return true;
}

void ChecklistWalk::undo(const QString &key)
{
    WalkStep &step = stepFor(steps, key);
    step.done = false;
    step.by.clear();
    step.host.clear();
    step.at = QDateTime();
    finishedAt = QDateTime();
}

void ChecklistWalk::addMissingSteps(const Checklist &checklist)
{
    const auto recordedNothing = [&checklist](const WalkStep &step) {
        return checklist.indexOf(step.key) < 0 && !step.done && step.note.isEmpty() && step.result.isEmpty() &&
               step.outcome == StepOutcome::NotRun;
    };
    steps.erase(std::remove_if(steps.begin(), steps.end(), recordedNothing), steps.end());
    for (const ChecklistItem &item : checklist.items()) {
        if (step(item.key))
            continue;
        WalkStep added;
        added.key = item.key;
        added.text = item.text;
        added.done = item.initiallyChecked;
        steps.append(added);
    }
    if (finishedAt.isValid() || steps.isEmpty() || doneCount() != steps.size())
        return;
    for (const WalkStep &step : steps) {
        if (step.at.isValid() && (!finishedAt.isValid() || step.at > finishedAt))
            finishedAt = step.at;
    }
}

const WalkStep *ChecklistWalk::step(const QString &key) const
{
    for (const WalkStep &candidate : steps) {
        if (candidate.key == key)
            return &candidate;
    }
    return nullptr;
}

int ChecklistWalk::doneCount() const
{
    return int(std::count_if(steps.cbegin(), steps.cend(), [](const WalkStep &step) { return step.done; }));
}

bool ChecklistWalk::matches(const Checklist &checklist) const
{
    return checklistChecksum == checklist.checksum();
}

bool ChecklistWalk::adoptDatabase(const QString &database)
{
    if (database.isEmpty() || database == this->database)
        return true;
    if (startedAt.isValid() && !this->database.isEmpty())
        return false;
    this->database = database;
    return true;
}

QDateTime ChecklistWalk::windowStart() const
{
    return plannedStart.isValid() ? plannedStart : startedAt;
}

QDateTime ChecklistWalk::windowEnd() const
{
    const QDateTime start = windowStart();
    if (!start.isValid() || plannedMinutes <= 0)
        return QDateTime();
    return start.addSecs(qint64(plannedMinutes) * 60);
}

ChecklistWalk::WindowState ChecklistWalk::windowState(const QDateTime &now) const
{
    const QDateTime end = windowEnd();
    if (!end.isValid())
        return WindowState::NotStarted;
    const QDateTime clock = finishedAt.isValid() && finishedAt < now ? finishedAt : now;
    if (clock < windowStart())
        return WindowState::NotStarted;
    const qint64 remainingMs = clock.msecsTo(end);
    if (remainingMs <= 0)
        return WindowState::Red;
    const qint64 amberMs = std::max<qint64>(qint64(plannedMinutes) * 60 * 1000 / 5, 60 * 1000);
    return remainingMs < amberMs ? WindowState::Amber : WindowState::OnTime;
}

qint64 ChecklistWalk::secondsRemaining(const QDateTime &now) const
{
    const QDateTime end = windowEnd();
    if (!end.isValid())
        return 0;
    const QDateTime clock = finishedAt.isValid() && finishedAt < now ? finishedAt : now;
    return clock.secsTo(end);
}

} // namespace retort
