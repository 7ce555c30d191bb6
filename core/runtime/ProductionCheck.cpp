// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runtime/ProductionCheck.h"

#include "core/runtime/DatabaseConnection.h"
#include "core/runtime/RunRequest.h"
#include "core/runtime/SqlDialect.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

namespace retort {

namespace {

// A production environment's identity, read at most once a minute per process: a command checks
// before asking and the runner again before writing, and neither should pay for a second connection.
Result<DatabaseIdentity> productionIdentity(const ProductionEnvironment &environment)
{
    if (environment.url.dialect() == Dialect::SQLite)
        return DatabaseIdentity::ofSqliteFile(environment.url.database()); // a stat, nothing to keep
    struct Entry
    {
        QDeadlineTimer expiry;
        Result<DatabaseIdentity> identity;
    };
    static QMutex mutex;
    static QHash<QString, Entry> cache;
    const QString key = environment.url.toString();
    {
        QMutexLocker lock(&mutex);
        const auto found = cache.constFind(key);
        if (found != cache.constEnd() && !found->expiry.hasExpired())
            return found->identity;
    }
    Result<DatabaseIdentity> identity =
        DatabaseIdentity::probe(environment.url, QString(), ProductionCheck::kCompareTimeoutSeconds);
    QMutexLocker lock(&mutex);
    cache.insert(key, Entry{QDeadlineTimer(60 * 1000), identity});
    return identity;
}

// Whether `status.identity` is one of retort.ini's production environments' databases; notes the
// comparisons that could not be made.
void compareWithProductionEnvironments(ProductionStatus &status, const DatabaseUrl &url, const RunSettings &settings)
{
    for (const ProductionEnvironment &environment : settings.productionEnvironments) {
        if (environment.name == settings.environmentName || environment.url.dialect() != url.dialect())
            continue;
        if (environment.url.sameDatabase(url)) {
            status.reason = ProductionReason::SameAsProductionEnvironment;
            status.environment = environment.name;
            return;
        }
        if (!status.identity.known)
            continue; // noted once below
        const Result<DatabaseIdentity> theirs = productionIdentity(environment);
        if (!theirs.ok()) {
            status.notes << QStringLiteral("could not compare with production environment '%1' (%2); the "
                                           "production mark still applies")
                                .arg(environment.name, maskPasswords(theirs.error().message));
            continue;
        }
        if (theirs->sameDatabase(status.identity)) {
            status.reason = ProductionReason::SameAsProductionEnvironment;
            status.environment = environment.name;
            return;
        }
    }
}

} // namespace

QString ProductionStatus::explanation() const
{
    switch (reason) {
    case ProductionReason::None:
        break;
    case ProductionReason::Configured:
        return QStringLiteral("it is the database of production environment '%1'").arg(environment);
    case ProductionReason::SameAsProductionEnvironment:
        return QStringLiteral("it is the database of production environment '%1', reached by another name")
            .arg(environment);
    case ProductionReason::Marked:
        return QStringLiteral("it carries the production mark of %1").arg(mark->summary());
    case ProductionReason::MarkedCopy:
        return QStringLiteral("it carries the production mark of %1, but that mark was made on another database "
                              "(%2), so it looks like a copy (restored or cloned). If it is a copy, remove the "
                              "mark with `retort unmark-production --reason \"...\"`, which asks for the same "
                              "confirmation")
            .arg(mark->summary(), mark->identityDescription);
    }
    return QStringLiteral("it is not production");
}

bool ProductionStatus::needsMark() const
{
    return declaredByConfiguration() && identity.known && !(mark && mark->madeOn(identity));
}

Result<ProductionStatus> ProductionCheck::assess(const QSqlDatabase &db, const DatabaseUrl &url,
                                                 const RunSettings &settings)
{
    ProductionStatus status;
    RETORT_TRY(status.identity, DatabaseIdentity::read(db, url, settings.versionTableSchema));
    const auto dialect = SqlDialect::create(url.dialect());
    RETORT_TRY(status.mark, ProductionMark::read(db, *dialect, settings.versionTableSchema));
    if (!status.identity.known && url.dialect() != Dialect::SQLite) {
        status.notes << QStringLiteral("cannot tell which database this is (%1): only the production mark and "
                                       "retort.ini can say whether it is production")
                            .arg(status.identity.unknownReason);
    }
    if (settings.production) {
        status.reason = ProductionReason::Configured;
        status.environment = settings.environmentName;
    } else {
        compareWithProductionEnvironments(status, url, settings);
    }
    if (!status.gated() && status.mark) {
        status.environment = status.mark->environment;
        // An identity that cannot be read never clears a mark: only a mark made on another known database
        // is taken for a copy.
        status.reason = status.identity.known && !status.mark->madeOn(status.identity) ? ProductionReason::MarkedCopy
                                                                                       : ProductionReason::Marked;
    }
    if (status.declaredByConfiguration() && status.mark && status.identity.known &&
        !status.mark->madeOn(status.identity)) {
        status.notes << QStringLiteral("its production mark was made on another database (%1); the next gated "
                                       "write records this one")
                            .arg(status.mark->identityDescription);
    }
    return status;
}

Result<ProductionStatus> ProductionCheck::assess(const DatabaseUrl &url, const RunSettings &settings)
{
    RETORT_TRY(const auto connection, DatabaseConnection::open(url, DatabaseConnection::Mode::ReadOnly));
    if (!connection->exists()) {
        // A new SQLite file: production only if retort.ini says so.
        ProductionStatus status;
        status.identity = DatabaseIdentity::ofSqliteFile(url.database());
        if (settings.production) {
            status.reason = ProductionReason::Configured;
            status.environment = settings.environmentName;
        }
        return status;
    }
    return assess(connection->database(), url, settings);
}

} // namespace retort
