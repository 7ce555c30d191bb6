// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>
#include <utility>
#include <variant>

namespace retort {

// Error kinds mirror Alembic's exception classes where one exists, so a reader
// who knows Alembic can map a failure to its cause.
enum class ErrorCode
{
    Io,                      // a file or folder could not be read or written
    Config,                  // retort.ini, environment or URL problems
    Parse,                   // a migration file is malformed
    CommandLine,             // bad arguments
    RevisionError,           // generic graph error (Alembic's RevisionError)
    ResolutionError,         // an identifier does not name a revision
    MultipleHeads,           // "head" is ambiguous
    RangeNotAncestor,        // the target is not reachable from the current heads
    CycleDetected,           // down_revision cycle
    DependencyCycleDetected, // cycle through depends_on
    DuplicateRevision,       // two files declare the same id
    MissingRevision,         // a Revises:/Depends On: reference names no file
    Database,                // the database or driver reported an error
    Refused,                 // a production safety gate stopped the command
    Cancelled,               // the person asked the run to stop, and it stopped
    Drift,                   // applied revision files were changed or removed after they ran
    NoDatabaseUrl,           // no --url, -e, default_env or DATABASE_URL says which database
    Unreachable,             // the database could not be connected to
    LintErrors,              // lint found error-level risks in the SQL about to run
    AmbiguousWalk,           // a relative step reaches several revisions (Alembic's RevisionError "Ambiguous walk")
    MissingSection,          // a revision file has sections for other dialects only, none for the database's
};

// A place in a file that a message is about; line 0 for the file as a whole.
struct SourceLocation
{
    QString file;
    int line = 0;

    bool isNull() const { return file.isEmpty(); }
    // "file:line", or "file" for the whole file.
    QString toString() const { return line > 0 ? file + QLatin1Char(':') + QString::number(line) : file; }
    bool operator==(const SourceLocation &other) const { return file == other.file && line == other.line; }
};

// A way out of an error, for the person who met it: what to know or to do, and the command line that does
// it (empty when no single command does). Told after the error's message, never inside it: the message
// keeps Alembic's words, which scripts and the conformance suite compare.
struct Hint
{
    QString text;
    QString command;

    bool operator==(const Hint &other) const { return text == other.text && command == other.command; }
};

struct Error
{
    ErrorCode code = ErrorCode::RevisionError;
    QString message;
    QString context;         // file, line or argument the message is about, when known
    QStringList details;     // structured data some codes carry (the heads of MultipleHeads, the revisions an
                             // AmbiguousWalk reaches)
    SourceLocation location; // the file (and line) at fault, when the error is about one
    QVector<Hint> hints;     // what Retort knows beyond the message, in the order to read them

    Error() = default;
    Error(ErrorCode c, QString msg, QString ctx = {}) : code(c), message(std::move(msg)), context(std::move(ctx)) {}
    Error(ErrorCode c, QString msg, SourceLocation at)
        : code(c), message(std::move(msg)), context(at.toString()), location(std::move(at))
    {
    }
};

// Either a value or an Error. Core functions return this instead of throwing.
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    // By value, so `for (x : f().value())` does not dangle.
    T value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Result for operations that produce nothing but may fail.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return {}; }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace retort

// Propagate a failed Result/Status from the enclosing function; on success
// bind the value (RETORT_TRY) or just continue (RETORT_CHECK).
#define RETORT_CONCAT_INNER(a, b) a##b
#define RETORT_CONCAT(a, b) RETORT_CONCAT_INNER(a, b)
#define RETORT_TRY(declaration, expression)                                                                            \
    auto RETORT_CONCAT(retortResult_, __LINE__) = (expression);                                                        \
    if (!RETORT_CONCAT(retortResult_, __LINE__).ok())                                                                  \
        return RETORT_CONCAT(retortResult_, __LINE__).error();                                                         \
    declaration = std::move(RETORT_CONCAT(retortResult_, __LINE__)).value()
#define RETORT_CHECK(expression)                                                                                       \
    do {                                                                                                               \
        auto retortStatus = (expression);                                                                              \
        if (!retortStatus.ok())                                                                                        \
            return retortStatus.error();                                                                               \
    } while (false)
