// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/safety/SafetyGate.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace retort::ui {

// What the production gate shows before a run.
struct GatePrompt
{
    QString verb;                // "Upgrade", "Downgrade", "Stamp", "Rehearse upgrade"
    QString environment;         // its name
    QString databaseDisplay;     // the URL, password masked
    QString why;                 // core's words: "<name> is production: <why>" (GateDescription::why)
    QString databaseDescription; // what the database is (DatabaseIdentity::description)
    QStringList notes;           // core's notes (an identity that could not be read, ...)
    QString databaseName;        // what the user must type (SafetyGate::confirmationName)
    QStringList planLines;       // the steps the run will take
    QStringList withoutRunning;  // a stamp's revisions marked applied (or not) without running
    bool withoutRunningApplied = true;
    QString backupMethod;          // "pg_dump -Fc into /…/backups", empty when backups are off (backup = none)
    bool rehearsalPossible = true; // transactional DDL
    bool rehearsalOnly = false;    // a rehearsal: the confirmation alone, no backup
    QString rehearsalStopsBefore;  // the step a rehearsal stops before (outside a transaction); empty: none
    std::optional<BackupRecord> recentBackup; // one taken earlier (a checklist's {backup} step)
};

// What the user decided: the gate's decision, and whether to rehearse first.
struct GateAnswer
{
    GateDecision decision;
    bool rehearseFirst = false;
};

} // namespace retort::ui
