#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Private PostgreSQL and MariaDB servers for the integration tests.
#
#   test-servers.sh start STATE_DIR [postgresql|mariadb]
#                                     start both (or the one named), create retort_test, write STATE_DIR/urls.env
#   test-servers.sh reset STATE_DIR   drop and recreate retort_test in both
#   test-servers.sh stop  STATE_DIR   stop both (never fails when already stopped), remove STATE_DIR
#   test-servers.sh pg-crash STATE_DIR / pg-restart STATE_DIR
#                                     PostgreSQL only: an immediate shutdown, as in a crash; start it again
#   test-servers.sh pg-admin STATE_DIR SQL
#                                     PostgreSQL only: SQL as the superuser in retort_test (what a managed
#                                     service's operator may change, e.g. revoking a function)
#
# Project rule: tests never rely on a system service. Each server lives in its own data directory
# and listens on a unix socket in a private directory and on 127.0.0.1 only, on a port that was
# free when it started, so it cannot clash with a system server, a second build tree or a busy port
# (the production-identity tests reach one database through several spellings: the socket,
# 127.0.0.1, 127.1, localhost). As root, PostgreSQL runs as `postgres` (it refuses to run as root)
# and MariaDB as `mysql`; as anyone else, both run as that user.
#
# urls.env holds NAME=VALUE lines, the URLs in the SQLAlchemy forms retort::DatabaseUrl reads:
#   RETORT_TEST_POSTGRESQL_URL=postgresql://retort:retort-secret@:<port>/retort_test?host=<socket dir>
#   RETORT_TEST_MARIADB_URL=mariadb://retort:retort-secret@localhost/retort_test?unix_socket=<socket>
#   RETORT_TEST_POSTGRESQL_PORT, RETORT_TEST_MARIADB_PORT: their TCP ports on 127.0.0.1
#   RETORT_TEST_OTHER_USER: a second account with the same password and rights on retort_test
set -euo pipefail

# mariadbd and runuser live in /usr/sbin, which a non-root user's PATH may lack on Debian.
export PATH="$PATH:/usr/sbin:/sbin"

readonly DB_NAME=retort_test
readonly DB_USER=retort
readonly DB_PASSWORD=retort-secret
# A second account on the same databases (the same password), for "another user, same database".
readonly DB_OTHER_USER=retort_other
# Written into STATE_DIR so stop/reset never delete or touch a directory this script did not make.
readonly MARKER=.retort-test-servers
# Seconds any one wait may take; a 2-core CI machine starts each server in a few seconds.
readonly WAIT_SECONDS=60
# sockaddr_un.sun_path holds 108 bytes; longer socket paths fail with a confusing error.
readonly MAX_SOCKET_PATH=100

die() {
    echo "test-servers: $*" >&2
    exit 1
}

log() {
    echo "test-servers: $*"
}

usage() {
    echo "usage: $0 start STATE_DIR [postgresql|mariadb], $0 stop|reset|pg-crash|pg-restart STATE_DIR," \
        "or $0 pg-admin STATE_DIR SQL" >&2
    exit 2
}

# The newest installed PostgreSQL's binaries: Debian keeps them out of PATH.
pg_bindir() {
    local dir
    dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    if [ ! -x "$dir/pg_ctl" ]; then
        die "PostgreSQL is not installed (apt-get install postgresql)"
    fi
    echo "$dir"
}

is_root() {
    [ "$(id -u)" -eq 0 ]
}

# Runs a command as the PostgreSQL server's user. From / so that a working directory the
# server user cannot read (/root, say) does not produce warnings or failures.
as_pg() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

# Prints the last lines of a server log, for failure messages.
log_tail() {
    local file="$1"
    if [ -f "$file" ]; then
        echo "---- last lines of $file ----" >&2
        tail -n 40 "$file" >&2 || true
        echo "----" >&2
    else
        echo "(no log file $file)" >&2
    fi
}

# Is PID alive and running the program NAME? Guards every kill against a reused pid.
pid_is() {
    local pid="$1" name="$2"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    local cmdline
    # Read whole, not piped into grep -q: with pipefail an early grep exit could fail the pipe.
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *"$name"* ]]
}

# Sends SIGNAL (the server's own fast-shutdown signal), waits, then KILL: the last resort when a
# server does not stop by itself.
kill_and_wait() {
    local pid="$1" name="$2" signal="$3"
    pid_is "$pid" "$name" || return 0
    kill -"$signal" "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
        pid_is "$pid" "$name" || return 0
        sleep 0.2
    done
    echo "test-servers: $name (pid $pid) ignored SIG$signal for ${WAIT_SECONDS}s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        pid_is "$pid" "$name" || return 0
        sleep 0.2
    done
    echo "test-servers: $name (pid $pid) survived SIGKILL" >&2
    return 1
}

# Servers that have exited but may not be reaped yet. Daemons are orphans reaped by PID 1, which
# on some machines takes a second or two; waiting for all of them at once, after both servers
# were told to stop, means "stopped" leaves no process entry behind without paying twice.
STOPPED_PIDS=()
wait_reaped() {
    local pid i
    for pid in "${STOPPED_PIDS[@]}"; do
        for ((i = 0; i < 50; i++)); do
            [ -e "/proc/$pid" ] || break
            sleep 0.2
        done
    done
    STOPPED_PIDS=()
}

# Absolute STATE_DIR, refusing paths whose removal would hurt.
resolve_state_dir() {
    local dir="$1"
    [ -n "$dir" ] || usage
    dir="$(realpath -m -- "$dir")"
    case "$dir" in
    / | /root | /home | /tmp | /var | /usr | /etc | /work) die "refusing to use '$dir' as STATE_DIR" ;;
    esac
    echo "$dir"
}

# Where the servers' directories live. Normally STATE_DIR itself; but the server users must be able
# to reach it (a build tree under /root is not reachable by `postgres`) and socket paths must stay
# short, so otherwise a private directory under /tmp is used and recorded in STATE_DIR/server-root.
server_root() {
    local state="$1"
    if [ -f "$state/server-root" ]; then
        cat "$state/server-root"
    else
        echo "$state"
    fi
}

choose_server_root() {
    local state="$1"
    local reachable=1
    if is_root; then
        runuser -u postgres -- test -x "$state" 2>/dev/null || reachable=0
        runuser -u mysql -- test -x "$state" 2>/dev/null || reachable=0
    fi
    if [ "$reachable" -eq 1 ] && [ "${#state}" -le $((MAX_SOCKET_PATH - 30)) ]; then
        echo "$state"
        return
    fi
    local root
    root="$(mktemp -d /tmp/retort-test-servers.XXXXXX)"
    chmod 755 "$root"
    echo "$root" >"$state/server-root"
    echo "$root"
}

# A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

# The server's port, chosen at initdb and kept beside its data (the socket file is named after it).
pg_port() {
    cat "$1/pg/port"
}

pg_psql() {
    local root="$1"
    shift
    # Superuser over the socket with peer authentication: the superuser is the server's OS user.
    as_pg timeout "$WAIT_SECONDS" "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$root/pg/socket" -p "$(pg_port "$root")" -d postgres "$@"
}

pg_start() {
    local root="$1"
    local bindir dir
    bindir="$(pg_bindir)"
    dir="$root/pg"
    mkdir -p "$dir/data" "$dir/socket"
    local port
    port="$(free_port)"
    echo "$port" >"$dir/port"
    # The socket directory is the only way in: nobody else needs to list it.
    chmod 700 "$dir" "$dir/data" "$dir/socket"
    if is_root; then
        chown -R postgres: "$dir"
    fi

    log "PostgreSQL: initdb in $dir/data"
    # The initial superuser (named after the server's OS user) gets in by peer authentication;
    # the test user only with its password, so the tests exercise a real password login.
    # UTF8 with the C locale: the result must not depend on the CI machine's LANG.
    if ! as_pg timeout "$WAIT_SECONDS" "$bindir/initdb" -D "$dir/data" -E UTF8 --locale=C \
        --auth-local=peer --auth-host=reject --no-sync >"$dir/initdb.log" 2>&1; then
        log_tail "$dir/initdb.log"
        die "PostgreSQL: initdb failed"
    fi
    cat >"$dir/data/pg_hba.conf" <<EOF
# Written by test-servers.sh: the test accounts by password, over the socket or 127.0.0.1.
local all $DB_USER,$DB_OTHER_USER scram-sha-256
local all all peer
host all $DB_USER,$DB_OTHER_USER 127.0.0.1/32 scram-sha-256
EOF
    # Loopback only; durability is not worth the time in a throwaway server.
    cat >>"$dir/data/postgresql.conf" <<EOF

# test-servers.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
unix_socket_permissions = 0700
max_connections = 40
# A run that creates or drops a thousand tables in one transaction (bench/compare.py) holds
# several locks per table; the default 64 per connection runs out of shared memory.
max_locks_per_transaction = 512
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
password_encryption = scram-sha-256
EOF
    if is_root; then
        chown postgres: "$dir/data/pg_hba.conf" "$dir/data/postgresql.conf"
    fi

    pg_run "$root"
}

# Starts the server of an existing data directory and waits until it accepts connections.
pg_run() {
    local root="$1"
    local bindir dir
    bindir="$(pg_bindir)"
    dir="$root/pg"
    log "PostgreSQL: starting"
    if ! as_pg "$bindir/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t "$WAIT_SECONDS" \
        >"$dir/pg_ctl.log" 2>&1; then
        cat "$dir/pg_ctl.log" >&2 || true
        log_tail "$dir/server.log"
        die "PostgreSQL: server did not start within ${WAIT_SECONDS}s"
    fi
    local i
    for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
        if as_pg "$bindir/pg_isready" -q -h "$dir/socket" -p "$(pg_port "$root")" -t 2; then
            return 0
        fi
        sleep 0.2
    done
    log_tail "$dir/server.log"
    die "PostgreSQL: server does not accept connections on $dir/socket after ${WAIT_SECONDS}s"
}

pg_create_database() {
    local root="$1"
    # Quiet about a database that is not there yet; FORCE ends connections a test left open.
    pg_psql "$root" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"
    pg_psql "$root" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0"
}

pg_setup() {
    local root="$1"
    # CREATEDB: restore tests restore backups into databases of their own (retort_test_*).
    pg_psql "$root" -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
    # The other account logs in as itself and then acts as the owner (what it creates is the owner's),
    # so the databases' dumps hold nothing of it.
    pg_psql "$root" -c "CREATE ROLE $DB_OTHER_USER LOGIN PASSWORD '$DB_PASSWORD'" \
        -c "GRANT $DB_USER TO $DB_OTHER_USER" -c "ALTER ROLE $DB_OTHER_USER SET role = '$DB_USER'"
    pg_create_database "$root"
}

pg_stop() {
    local root="$1"
    local dir="$root/pg"
    [ -f "$dir/data/postmaster.pid" ] || return 0
    local pid
    pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
    if pid_is "$pid" postgres; then
        log "PostgreSQL: stopping (pid $pid)"
        if ! as_pg "$(pg_bindir)/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 >/dev/null 2>&1; then
            # SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to leave.
            kill_and_wait "$pid" postgres INT || return 1
        fi
        STOPPED_PIDS+=("$pid")
    fi
}

# ---------------------------------------------------------------------------------------------
# MariaDB

# The admin account: `root` when run as root, else the calling user, both by unix_socket
# authentication, so no admin password exists anywhere.
mariadb_admin_user() {
    id -un
}

mariadb_sql() {
    local root="$1"
    shift
    timeout "$WAIT_SECONDS" mariadb --no-defaults --protocol=socket --socket="$root/mariadb/mariadb.sock" \
        --user="$(mariadb_admin_user)" --batch --skip-column-names "$@"
}

mariadb_start() {
    local root="$1"
    local dir="$root/mariadb"
    mkdir -p "$dir/data" "$dir/tmp"
    chmod 700 "$dir"
    local port
    port="$(free_port)"
    echo "$port" >"$dir/port"
    local user_args=() admin_args=()
    if is_root; then
        chown -R mysql: "$dir"
        # mariadbd drops to this user itself; root@localhost gets in by unix_socket authentication.
        user_args=(--user=mysql)
    else
        # The calling user's own account, by unix_socket authentication ($USER may be unset).
        admin_args=(--auth-root-socket-user="$(mariadb_admin_user)")
    fi
    # --no-defaults everywhere: /etc/mysql/my.cnf points at the system server's socket and datadir.
    # utf8mb4 as Debian's own configuration sets it, so tests see what a Debian server gives.
    local server_args=(
        --datadir="$dir/data" --tmpdir="$dir/tmp"
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci
        --innodb-buffer-pool-size=32M --innodb-log-file-size=16M
        --innodb-flush-log-at-trx-commit=2 --innodb-use-native-aio=0
        --skip-name-resolve
    )

    log "MariaDB: mariadb-install-db in $dir/data"
    if ! timeout "$((WAIT_SECONDS * 2))" mariadb-install-db --no-defaults "${user_args[@]}" \
        --auth-root-authentication-method=socket "${admin_args[@]}" \
        --skip-test-db "${server_args[@]}" >"$dir/install.log" 2>&1; then
        log_tail "$dir/install.log"
        die "MariaDB: mariadb-install-db failed"
    fi

    log "MariaDB: starting"
    # mariadbd opens --log-error itself, after dropping to the server user.
    touch "$dir/server.log"
    if is_root; then
        chown mysql: "$dir/server.log"
    fi
    # setsid and closed descriptors: the server must not hold CTest's output pipe open (CTest would
    # wait for it) nor belong to the caller's process group.
    # metadata_lock_info (shipped with the server) names who holds a metadata lock a blocked ALTER waits for.
    setsid mariadbd --no-defaults "${user_args[@]}" "${server_args[@]}" --plugin-load-add=metadata_lock_info \
        --socket="$dir/mariadb.sock" --pid-file="$dir/mariadbd.pid" --log-error="$dir/server.log" \
        --bind-address=127.0.0.1 --port="$port" \
        </dev/null >>"$dir/server.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$dir/launch.pid"
    local i
    for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
        # Our own child, so its pid cannot have been reused; kill -0 also covers the instant
        # before setsid has exec'd mariadbd.
        if ! kill -0 "$pid" 2>/dev/null; then
            log_tail "$dir/server.log"
            die "MariaDB: server exited during start-up"
        fi
        if [ -S "$dir/mariadb.sock" ] && mariadb_sql "$root" -e "SELECT 1" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    log_tail "$dir/server.log"
    die "MariaDB: server does not accept connections on $dir/mariadb.sock after ${WAIT_SECONDS}s"
}

mariadb_create_database() {
    local root="$1"
    # A leftover test connection would hold metadata locks and block DROP DATABASE.
    local id
    for id in $(mariadb_sql "$root" -e \
        "SELECT id FROM information_schema.processlist WHERE user = '$DB_USER'"); do
        mariadb_sql "$root" -e "KILL $id" 2>/dev/null || true
    done
    mariadb_sql "$root" -e "SET SESSION lock_wait_timeout = $WAIT_SECONDS;
        DROP DATABASE IF EXISTS $DB_NAME;
        CREATE DATABASE $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
        GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'localhost';
        GRANT ALL PRIVILEGES ON \`${DB_NAME}\\_%\`.* TO '$DB_USER'@'localhost';
        GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'127.0.0.1';
        GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_OTHER_USER'@'localhost';
        GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_OTHER_USER'@'127.0.0.1';"
}

mariadb_setup() {
    local root="$1"
    # With --skip-name-resolve a TCP client from 127.0.0.1 is '127.0.0.1', not 'localhost'.
    mariadb_sql "$root" -e "CREATE USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
        CREATE USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
        CREATE USER '$DB_OTHER_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
        CREATE USER '$DB_OTHER_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD'"
    mariadb_create_database "$root"
}

mariadb_stop() {
    local root="$1"
    local dir="$root/mariadb"
    local pid file
    # The pid file appears only once the server is up; launch.pid covers a start that failed earlier.
    for file in "$dir/mariadbd.pid" "$dir/launch.pid"; do
        [ -f "$file" ] || continue
        pid="$(head -n 1 "$file" 2>/dev/null || true)"
        if pid_is "$pid" mariadbd; then
            log "MariaDB: stopping (pid $pid)"
            kill_and_wait "$pid" mariadbd TERM || return 1
            STOPPED_PIDS+=("$pid")
        fi
    done
}

# ---------------------------------------------------------------------------------------------

# Only the servers that were started have their lines.
write_urls() {
    local state="$1" root="$2"
    : >"$state/urls.env.tmp"
    if [ -f "$root/pg/data/postmaster.pid" ]; then
        cat >>"$state/urls.env.tmp" <<EOF
RETORT_TEST_POSTGRESQL_URL=postgresql://$DB_USER:$DB_PASSWORD@:$(pg_port "$root")/$DB_NAME?host=$root/pg/socket
RETORT_TEST_POSTGRESQL_PORT=$(pg_port "$root")
EOF
    fi
    if [ -f "$root/mariadb/port" ]; then
        cat >>"$state/urls.env.tmp" <<EOF
RETORT_TEST_MARIADB_URL=mariadb://$DB_USER:$DB_PASSWORD@localhost/$DB_NAME?unix_socket=$root/mariadb/mariadb.sock
RETORT_TEST_MARIADB_PORT=$(cat "$root/mariadb/port")
EOF
    fi
    echo "RETORT_TEST_OTHER_USER=$DB_OTHER_USER" >>"$state/urls.env.tmp"
    # Renamed into place: a reader never sees half a file.
    mv "$state/urls.env.tmp" "$state/urls.env"
}

do_stop() {
    local state="$1"
    [ -e "$state" ] || return 0
    if [ ! -f "$state/$MARKER" ]; then
        if [ -d "$state" ] && [ -z "$(ls -A "$state")" ]; then
            rmdir "$state"
            return 0
        fi
        die "'$state' was not made by test-servers.sh (no $MARKER); not touching it"
    fi
    local root status=0
    root="$(server_root "$state")"
    pg_stop "$root" || status=1
    mariadb_stop "$root" || status=1
    wait_reaped
    if [ "$status" -ne 0 ]; then
        die "a server in $root would not stop; leaving $state in place"
    fi
    if [ "$root" != "$state" ]; then
        case "$root" in
        /tmp/retort-test-servers.*) rm -rf -- "$root" ;;
        esac
    fi
    rm -rf -- "$state"
}

START_ROOT=""
on_start_exit() {
    local status=$?
    if [ "$status" -ne 0 ] && [ -n "$START_ROOT" ]; then
        echo "test-servers: start failed; stopping what was started (logs stay in $START_ROOT)" >&2
        pg_stop "$START_ROOT" || true
        mariadb_stop "$START_ROOT" || true
    fi
}

do_start() {
    local state="$1" which="${2:-both}"
    case "$which" in
    both | postgresql | mariadb) ;;
    *) die "unknown server '$which': postgresql or mariadb (or neither, for both)" ;;
    esac
    # A previous run that was never stopped (an interrupted CTest, say) is cleaned up first.
    do_stop "$state"
    local started_at=$SECONDS
    mkdir -p "$state"
    touch "$state/$MARKER"
    chmod 755 "$state"
    local root
    root="$(choose_server_root "$state")"

    # Whatever fails below, no server is left running; the logs stay for a look until `stop`.
    START_ROOT="$root"
    trap on_start_exit EXIT

    local ready=()
    if [ "$which" != mariadb ]; then
        pg_start "$root"
        pg_setup "$root"
        ready+=("PostgreSQL $(pg_psql "$root" -At -c 'SHOW server_version')")
    fi
    if [ "$which" != postgresql ]; then
        mariadb_start "$root"
        mariadb_setup "$root"
        ready+=("MariaDB $(mariadb_sql "$root" -e 'SELECT VERSION()')")
    fi
    write_urls "$state" "$root"
    trap - EXIT
    log "${ready[*]} ready in $((SECONDS - started_at))s; URLs in $state/urls.env"
}

do_reset() {
    local state="$1"
    if [ ! -f "$state/$MARKER" ] || [ ! -f "$state/urls.env" ]; then
        die "no servers started in '$state'"
    fi
    local root
    root="$(server_root "$state")"
    if grep -q '^RETORT_TEST_POSTGRESQL_URL=' "$state/urls.env"; then
        pg_create_database "$root"
    fi
    if grep -q '^RETORT_TEST_MARIADB_URL=' "$state/urls.env"; then
        mariadb_create_database "$root"
    fi
}

# The connection-loss test: PostgreSQL goes away as in a crash (no shutdown checkpoint, every
# session cut) and comes back with its data.
do_pg_crash() {
    local state="$1"
    [ -f "$state/$MARKER" ] || die "no servers started in '$state'"
    local root
    root="$(server_root "$state")"
    log "PostgreSQL: immediate shutdown"
    as_pg "$(pg_bindir)/pg_ctl" stop -D "$root/pg/data" -m immediate -w -t "$WAIT_SECONDS" >/dev/null
}

do_pg_restart() {
    local state="$1"
    [ -f "$state/$MARKER" ] || die "no servers started in '$state'"
    pg_run "$(server_root "$state")"
}

do_pg_admin() {
    local state="$1" sql="$2"
    [ -f "$state/$MARKER" ] || die "no servers started in '$state'"
    pg_psql "$(server_root "$state")" -d "$DB_NAME" -c "$sql"
}

if [ "${1:-}" = pg-admin ]; then
    [ "$#" -eq 3 ] || usage
    do_pg_admin "$(resolve_state_dir "$2")" "$3"
    exit 0
fi
command="${1:-}"
if [ "$command" = start ]; then
    [ "$#" -eq 2 ] || [ "$#" -eq 3 ] || usage
else
    [ "$#" -eq 2 ] || usage
fi
state_dir="$(resolve_state_dir "$2")"
case "$command" in
start) do_start "$state_dir" "${3:-both}" ;;
stop) do_stop "$state_dir" ;;
reset) do_reset "$state_dir" ;;
pg-crash) do_pg_crash "$state_dir" ;;
pg-restart) do_pg_restart "$state_dir" ;;
*) usage ;;
esac
