// SPDX-License-Identifier: GPL-3.0-or-later
// retort.ini and the database URLs in it: the file's text, then every environment's target.
#include "core/script/ProjectConfig.h"

#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("postgresql://app:secret@db:5432/shop"));
    env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("secret"));
    const auto config =
        retort::ProjectConfig::parse(retort::fuzz::text(data, size), QStringLiteral("/fuzz/retort.ini"), env);
    if (!config.ok())
        return 0;
    for (const QString &name : config.value().environments().keys())
        (void)config.value().resolveTarget(QString(), name, env);
    (void)config.value().resolveTarget(QString(), QString(), env);
    return 0;
}
