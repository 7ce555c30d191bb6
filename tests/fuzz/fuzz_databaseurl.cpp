// SPDX-License-Identifier: GPL-3.0-or-later
// Database URL parsing and password masking on arbitrary text.
#include "core/script/DatabaseUrl.h"

#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = retort::fuzz::text(data, size);
    (void)retort::maskPasswords(text);
    const auto url = retort::DatabaseUrl::parse(text, QStringLiteral("/fuzz"));
    if (!url.ok())
        return 0;
    (void)url.value().databaseLabel();
    // What Retort prints of a URL never shows its password where the password stands (the same text
    // may appear elsewhere in the URL, e.g. in the database name).
    const QString password = url.value().password();
    const QString shown = url.value().toDisplayString();
    const QString userInfo = QStringLiteral("://") + url.value().userName() + QLatin1Char(':') + password;
    if (!password.isEmpty() && password != QLatin1String("***") &&
        QStringView(shown).mid(shown.indexOf(QStringLiteral("://"))).startsWith(userInfo + QLatin1Char('@')))
        __builtin_trap();
    return 0;
}
