// SPDX-License-Identifier: GPL-3.0-or-later
// retort.ini and the database URLs in it: the file's text, then every environment's target; the same
// text as an alembic.ini (read when it has no [retort] section) and its sqlalchemy.url.
#include "core/script/ProjectConfig.h"

#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("postgresql://app:secret@db:5432/shop"));
    env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("secret"));
    const QString text = retort::fuzz::text(data, size);
    for (const QString &path : {QStringLiteral("/fuzz/retort.ini"), QStringLiteral("/fuzz/alembic.ini")}) {
        const auto config = retort::ProjectConfig::parse(text, path, env);
        if (!config.ok())
            continue;
        for (const QString &name : config.value().environments().keys())
            (void)config.value().resolveTarget(QString(), name, env);
        (void)config.value().resolveTarget(QString(), QString(), env);
    }
    return 0;
}
