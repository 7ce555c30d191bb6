// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/Linter.h"

#include <QJsonObject>

namespace retort::cli {

// A path as a person at this terminal reads it: relative to the current folder when inside it.
QString displayPath(const QString &path);

// "versions/a1_drop.sql:12: error [destructive/drop-table] a1: drops table users ..." (the way compilers and
// editors read file:line).
QString findingLine(const LintFinding &finding);

// A finding in --json (README "JSON output"): revision, file, line, rule, category, severity, message, table,
// object, suppressed, suppression_reason, rows, bytes.
QJsonObject findingJson(const LintFinding &finding);

} // namespace retort::cli
