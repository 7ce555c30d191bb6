// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the libFuzzer targets: the input as text, the way Retort reads files (UTF-8; invalid
// sequences become replacement characters, which the parsers must survive too).
#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>

namespace retort::fuzz {

inline QString text(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace retort::fuzz
