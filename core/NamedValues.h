// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLatin1String>
#include <QString>

#include <optional>
#include <utility>

namespace retort {

// An enum's words where they are stored or configured (retort.ini, the history table): a table of
// {value, word} pairs looked up both ways.
template <typename Enum, std::size_t N> QString wordFor(const std::pair<Enum, const char *> (&table)[N], Enum value)
{
    for (const auto &[entry, word] : table) {
        if (entry == value)
            return QString::fromLatin1(word);
    }
    return QString();
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueFor(const std::pair<Enum, const char *> (&table)[N], const QString &word)
{
    for (const auto &[entry, text] : table) {
        if (word == QLatin1String(text))
            return entry;
    }
    return std::nullopt;
}

} // namespace retort
