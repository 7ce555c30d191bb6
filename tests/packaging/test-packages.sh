#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-packages.sh CPACK BUILD_DIR SOURCE_DIR VERSION: builds the Debian packages of BUILD_DIR with CPack, extracts
# them into a temporary root as a user's machine would hold them, and checks that they are what README "Packages"
# says: the right files and nothing generated, the programs running from there on their own data (not the source
# tree's), the package version, man pages without groff warnings, and lintian, desktop-file-validate and
# appstreamcli clean. Registered in CTest with the label `packaging` (tests/CMakeLists.txt); plain build only.
set -euo pipefail

cpack="$1"
build="$(cd "$2" && pwd)"
source_dir="$(cd "$3" && pwd)"
version="$4"
started=$SECONDS

fail() {
    echo "FAILED: $*" >&2
    exit 1
}
step() { echo "== $* ($((SECONDS - started)) s)"; }

for tool in dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli update-mime-database man; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/common.sh installs what the tests need)"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/retort-packages.XXXXXX")"
gui_pid=""
cleanup() {
    if [ -n "$gui_pid" ]; then kill "$gui_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
root="$work/root"
# The programs must not touch the user's settings or cache, nor find a project in the current folder.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data"
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$work/elsewhere" && chmod 700 "$XDG_RUNTIME_DIR"
unset RETORT_CONFIG DATABASE_URL RETORT_PYTHON
cd "$work/elsewhere"

step "cpack -G DEB"
"$cpack" --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; fail "cpack failed"; }
cli_deb=("$work"/out/retort_*.deb)
gui_deb=("$work"/out/retort-gui_*.deb)
[ -f "${cli_deb[0]}" ] && [ -f "${gui_deb[0]}" ] ||
    fail "cpack made no retort and retort-gui packages: $(ls "$work/out")"
[ "$(find "$work/out" -maxdepth 1 -name '*.deb' | wc -l)" -eq 2 ] || fail "more than two packages: $(ls "$work/out")"
cli_deb="${cli_deb[0]}"
gui_deb="${gui_deb[0]}"
ls -l "$cli_deb" "$gui_deb" | awk '{print $5, $NF}'

step "control fields"
field() { dpkg-deb --field "$1" "$2"; }
deb_version="$(field "$cli_deb" Version)"
case "$deb_version" in
    "$version"-[0-9]*) ;;
    *) fail "retort's package version is '$deb_version', not $version-N" ;;
esac
[ "$(field "$gui_deb" Version)" = "$deb_version" ] || fail "retort-gui's version differs from retort's $deb_version"
grep -q "retort (= $deb_version)" <<<"$(field "$gui_deb" Depends)" ||
    fail "retort-gui does not Depend on retort (= $deb_version): $(field "$gui_deb" Depends)"
cli_depends="$(field "$cli_deb" Depends)"
for wanted in libqt6sql6-sqlite libqt6core6 libqt6sql6 libsqlite3-0; do # the plugin, then what shlibdeps found
    grep -q "$wanted" <<<"$cli_depends" || fail "retort does not Depend on $wanted: $cli_depends"
done
grep -q libqt6widgets6 <<<"$(field "$gui_deb" Depends)" || fail "retort-gui's Depends lack libqt6widgets6 (shlibdeps)"
for wanted in postgresql-client mariadb-client python3-alembic libqt6sql6-psql libqt6sql6-mysql; do
    grep -q "$wanted" <<<"$(field "$cli_deb" Recommends)" || fail "retort does not Recommend $wanted"
done

step "contents"
dpkg-deb --contents "$cli_deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/cli.files"
dpkg-deb --contents "$gui_deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/gui.files"
# Only the two programs: no test or benchmark executable.
[ "$(grep '^/usr/bin/.' "$work/cli.files")" = /usr/bin/retort ] ||
    fail "retort's /usr/bin holds: $(grep '^/usr/bin/.' "$work/cli.files")"
[ "$(grep '^/usr/bin/.' "$work/gui.files")" = /usr/bin/retort-gui ] ||
    fail "retort-gui's /usr/bin holds: $(grep '^/usr/bin/.' "$work/gui.files")"
if grep -vE '^/$|^/usr/$|^/usr/(bin|share)/' "$work/cli.files" "$work/gui.files"; then
    fail "files outside /usr/bin and /usr/share"
fi
if grep -E 'tst_|bench|\.db$|/backups/|/\.retort/|__pycache__|\.pyc$' "$work/cli.files" "$work/gui.files"; then
    fail "a test, benchmark or generated file is packaged"
fi
# Every demo file of the source tree ships (a file added there must not be left out), and only those.
expected="$(cd "$source_dir/migrations" &&
    ls demo/*.ini demo/*.sql demo/versions/*.sql alembic-demo/alembic.ini alembic-demo/alembic/env.py \
        alembic-demo/alembic/script.py.mako alembic-demo/alembic/README alembic-demo/alembic/versions/*.py |
    sed 's|^|/usr/share/retort/|' | sort)"
shipped="$(grep -E '^/usr/share/retort/(alembic-)?demo/.*[^/]$' "$work/cli.files" | sort)"
[ "$expected" = "$shipped" ] || fail "the demo projects shipped differ from the source tree's:
$(diff <(echo "$expected") <(echo "$shipped"))"
for file in /usr/share/retort/alembic/retort_alembic.py /usr/share/retort/checklists/maintenance-window.md \
    /usr/share/man/man1/retort.1.gz /usr/share/doc/retort/copyright /usr/share/doc/retort/changelog.Debian.gz; do
    grep -qx "$file" "$work/cli.files" || fail "retort lacks $file"
done
id=io.github.retort.Retort
for file in /usr/share/applications/$id.desktop /usr/share/metainfo/$id.metainfo.xml /usr/share/mime/packages/$id.xml \
    /usr/share/icons/hicolor/scalable/apps/$id.svg \
    /usr/share/icons/hicolor/{16x16,32x32,48x48,64x64,128x128,256x256}/apps/$id.png \
    /usr/share/man/man1/retort-gui.1.gz /usr/share/doc/retort-gui/{copyright,changelog.Debian.gz}; do
    grep -qx "$file" "$work/gui.files" || fail "retort-gui lacks $file"
done

step "the extracted programs"
dpkg-deb --extract "$cli_deb" "$root"
dpkg-deb --extract "$gui_deb" "$root"
retort="$root/usr/bin/retort"
data="$root/usr/share/retort"
cli_version="$("$retort" --version)"
[ "$cli_version" = "retort $version" ] || fail "retort --version says '$cli_version', not 'retort $version'"
gui_version="$(QT_QPA_PLATFORM=offscreen timeout 5 "$root/usr/bin/retort-gui" --version)"
[ "$gui_version" = "retort-gui $version" ] || fail "retort-gui --version says '$gui_version', not 'retort-gui $version'"

# history reads the revision files only: the demo's dev.db need not exist (and must not be made in /usr/share).
history="$("$retort" -c "$data/demo/retort.ini" history)"
for file in "$data"/demo/versions/*.sql; do
    id="$(basename "$file")" && id="${id%%_*}"
    grep -q "$id" <<<"$history" || fail "retort history of the installed demo lacks $id:
$history"
done
[ ! -e "$data/demo/dev.db" ] || fail "retort history created $data/demo/dev.db"
alembic_history="$("$retort" -c "$data/alembic-demo/alembic.ini" history)"
grep -q ae98aa32e0d2 <<<"$alembic_history" || fail "retort history of the installed Alembic demo: $alembic_history"

# The Alembic helper is the extracted one, not the source tree's: RETORT_PYTHON names a python3 that notes what it
# was asked to run. An offline upgrade of the Alembic demo renders its .py revisions through the helper; with Alembic
# installed (Debian's python3-alembic for /usr/bin/python3), the rendered SQL must be there too.
python=/usr/bin/python3
[ -x "$python" ] || python="$(command -v python3)"
cat >"$work/python" <<EOF
#!/bin/sh
printf '%s\n' "\$1" >>"$work/python.args"
exec "$python" "\$@"
EOF
chmod +x "$work/python"
offline_status=0
RETORT_PYTHON="$work/python" "$retort" -c "$data/alembic-demo/alembic.ini" --url sqlite:// \
    upgrade --sql ae98aa32e0d2:head >"$work/offline.sql" 2>"$work/offline.err" || offline_status=$?
[ -f "$work/python.args" ] || fail "retort never started the Alembic helper: $(cat "$work/offline.err")"
helper="$(sort -u "$work/python.args")"
[ "$helper" = "$data/alembic/retort_alembic.py" ] || fail "retort ran the Alembic helper '$helper', not the package's"
if "$python" -c 'import alembic' 2>/dev/null; then
    [ "$offline_status" -eq 0 ] && grep -q 'ALTER TABLE api_keys ADD COLUMN expires_at' "$work/offline.sql" ||
        fail "the package's Alembic helper did not render the Alembic demo offline: $(cat "$work/offline.err")"
else
    echo "(no Alembic for $python: the helper's path is checked, not what it renders)"
fi
[ -z "$(find "$data" -name __pycache__)" ] || fail "running the Alembic demo left __pycache__ in $data"

# The installed checklists are checklists retort reads (the same text is built into the program, by name).
checklist="$("$retort" -c "$data/demo/retort.ini" checklist "$data/checklists/maintenance-window.md")"
grep -qF "($data/checklists/maintenance-window.md)" <<<"$checklist" && grep -q '^\[ \] 1\. ' <<<"$checklist" ||
    fail "retort checklist did not read the installed maintenance-window.md:
$checklist"

# The workbench starts (on the installed demo: no project given, none remembered) and is still running 3 s later.
QT_QPA_PLATFORM=offscreen timeout 5 "$root/usr/bin/retort-gui" >"$work/gui.log" 2>&1 &
gui_pid=$!
sleep 3
kill -0 "$gui_pid" 2>/dev/null || { cat "$work/gui.log"; fail "retort-gui exited within 3 s"; }
kill "$gui_pid"
wait "$gui_pid" 2>/dev/null || true
gui_pid=""

step "man pages"
for page in "$root"/usr/share/man/man1/*.1.gz; do
    warnings="$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)"
    [ -z "$warnings" ] || fail "man warns about $(basename "$page"): $warnings"
done
grep -q '^\.SS upgrade' <<<"$(zcat "$root/usr/share/man/man1/retort.1.gz")" ||
    fail "retort.1 has no section for the upgrade command"

step "desktop entry, metainfo, MIME type"
desktop-file-validate "$root"/usr/share/applications/*.desktop || fail "desktop-file-validate"
appstreamcli validate --no-net "$root"/usr/share/metainfo/*.xml || fail "appstreamcli validate"
mkdir -p "$work/mime/packages"
cp "$root"/usr/share/mime/packages/*.xml "$work/mime/packages/"
XDG_DATA_HOME="$work" update-mime-database "$work/mime" 2>&1 | tee "$work/mime.log"
[ ! -s "$work/mime.log" ] || fail "update-mime-database complains"
grep -q '^80:application/x-retort-project:retort.ini' "$work/mime/globs2" ||
    fail "retort.ini is not application/x-retort-project"

step "lintian"
lintian_failed=0
for deb in "$cli_deb" "$gui_deb"; do
    lintian --fail-on error "$deb" || lintian_failed=1
done
[ "$lintian_failed" -eq 0 ] || fail "lintian found errors"

echo "packages checked in $((SECONDS - started)) s"
