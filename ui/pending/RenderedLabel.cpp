// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pending/RenderedLabel.h"

#include <QCoreApplication>

namespace retort::ui {

QString shortLabel(const RenderedSection &section)
{
    using Label = RenderedSection::Label;
    switch (section.label) {
    case Label::Exact:
    case Label::Rendered:
        return QString();
    case Label::NeedsDatabase:
        return QCoreApplication::translate("RenderedLabel", "needs live DB");
    case Label::RefusesOffline:
        return QCoreApplication::translate("RenderedLabel", "refuses offline SQL");
    case Label::ImportError:
        return QCoreApplication::translate("RenderedLabel", "import error");
    case Label::Error:
        return QCoreApplication::translate("RenderedLabel", "render error");
    case Label::NotRendered:
        return QCoreApplication::translate("RenderedLabel", "not rendered");
    }
    return QString();
}

} // namespace retort::ui
