// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/script/RenderedSql.h"

#include <QString>

namespace retort::ui {

// A few words for a narrow column (the pending list's Risk) when a section's SQL is not whole: "needs live DB",
// "refuses offline SQL", "import error", "render error", "not rendered"; empty for a complete one. The whole
// story is RenderedSection::describe(), for its tooltip.
QString shortLabel(const RenderedSection &section);

} // namespace retort::ui
