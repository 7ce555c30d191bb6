// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>

namespace retort::ui {

// Text colours for states, chosen by the lightness of the background they are drawn on so that they read on
// light and dark palettes alike.
inline bool isDark(const QColor &background)
{
    return background.lightness() < 128;
}

inline QColor amberOn(const QColor &background)
{
    return isDark(background) ? QColor(0xff, 0xb7, 0x4d) : QColor(0xa6, 0x57, 0x00);
}

inline QColor redOn(const QColor &background)
{
    return isDark(background) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);
}

inline QColor greenOn(const QColor &background)
{
    return isDark(background) ? QColor(0x7e, 0xd3, 0x8a) : QColor(0x1b, 0x7a, 0x2e);
}

} // namespace retort::ui
