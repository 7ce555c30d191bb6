#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by scripts/demo and scripts/test: install what the build needs from
# Debian's packages (skipping what is there) and build with CMake.
set -euo pipefail

RETORT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Packages the build needs, by Debian 12 name.
RETORT_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql libqt6sql6-mysql
    # The GUI's SQL editor (ui/); GUI tests run offscreen, so no X server is needed.
    libqscintilla2-qt6-dev
    # SQLite's online backup API (core/safety); PostgreSQL's own parser (core/lint); the dump tools backups run.
    libsqlite3-dev libpg-query-dev postgresql-client mariadb-client
    sqlite3 python3
    # Alembic projects' Python runs through their own Alembic; the demo's is Debian's.
    python3-alembic
    # The application icon's PNG sizes are rendered from its SVG at build time (cmake/RetortIcon.cmake).
    librsvg2-bin
)
# And the tests: servers the integration tests start privately (tests/integration/test-servers.sh).
RETORT_TEST_PACKAGES=(
    postgresql mariadb-server mariadb-client
    # Alembic projects run on the private PostgreSQL server (tst_alembicdelegation_integration).
    python3-psycopg2
    # libFuzzer, for the bounded fuzzing run (scripts/fuzz).
    clang libclang-rt-14-dev
    # The Debian packages, built (cpack: dpkg-shlibdeps, file) and checked (tests/packaging/test-packages.sh).
    dpkg-dev file lintian desktop-file-utils appstream shared-mime-info man-db
)

retort_install_packages() {
    local missing=()
    local package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# retort_build BUILD_DIR [extra cmake arguments...]
retort_build() {
    local dir="$1"
    shift
    cmake -S "$RETORT_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j"$(nproc)"
}
