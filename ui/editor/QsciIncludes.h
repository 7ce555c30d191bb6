// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QScintilla's headers use the `signals` and `slots` keywords, which retort_core turns off for
// everything that links it (QT_NO_KEYWORDS). Include QScintilla only through this header.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>
#undef signals
#undef slots
