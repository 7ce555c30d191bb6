#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Records what Alembic prints for each project under tests/data/alembic into its expected/ folder,
# the files tst_alembicprojects compares Retort's output with. Re-runnable; see README.md.
#
#   tests/data/alembic/record.sh                 record every project's `run` and `db` lines
#   tests/data/alembic/record.sh c-merges ...    only these projects
#   tests/data/alembic/record.sh --check         record into a temporary folder twice more (Alembic's
#                                                own unsorted listing; another PYTHONHASHSEED) and list
#                                                each command whose output differs from expected/
#   tests/data/alembic/record.sh --draft-hand DIR
#                                                drafts of the hand-written files (`hand-*` lines) into
#                                                DIR, from Alembic 1.8.1 with main's recursive listing
#                                                and path_separator patched in, to review by hand
#
# Each project's `commands` file lists KIND NAME ARGUMENTS...: `run` is `alembic -c INI ARGUMENTS`,
# `db` the same with DATABASE_URL=sqlite:///ROOT/alembic.db (one database per project, the lines in
# order), `hand-run`/`hand-db` are written by hand (never overwritten here). `ini PATH` names the ini
# (default alembic.ini); `flask` runs it as Flask-Migrate does (script_location = the ini's folder).
# A stamp line also stores the alembic_version rows after it in NAME.alembic_version.txt.
#
# Alembic is the system interpreter's (ALEMBIC_PYTHON, default /usr/bin/python3; 1.8.1 on Debian 12).
# Each project is copied to a temporary folder and run there, its absolute paths stored as {ROOT}.
# Alembic before 1.10 lists a versions folder in os.listdir order (the file system's, on ext4 a hash
# order); 1.10 sorted it by name, which Retort follows: the launcher below sorts the listing so the
# recordings do not depend on the disk they were made on. PYTHONHASHSEED=0 fixes the order of the sets
# of strings Alembic prints (several branch labels, a branch point's children); `current`'s rows come
# from a set of objects, whose order changes between runs, and are stored sorted.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${ALEMBIC_PYTHON:-/usr/bin/python3}"
"$python" -c "import alembic" 2>/dev/null || { echo "record.sh: $python has no alembic module" >&2; exit 2; }

work="${RECORD_KEEP:-$(mktemp -d)}"
trap '[ -n "${RECORD_KEEP:-}" ] || rm -rf "$work"' EXIT

# The launcher: `alembic` with the listing sorted (RECORD_LISTING=sorted, the default), as os.listdir
# gives it (listdir), or as Alembic main does (main: recursive_version_locations and path_separator).
cat > "$work/launcher.py" <<'EOF'
import os
import sys

from alembic.config import CommandLine, Config
from alembic.script import base

listing = os.environ.get("RECORD_LISTING", "sorted")
_list_py_dir = base.Script._list_py_dir.__func__

if listing == "sorted":
    base.Script._list_py_dir = classmethod(lambda cls, scriptdir, path: sorted(_list_py_dir(cls, scriptdir, path)))
elif listing == "main":
    def _walk(cls, scriptdir, path):
        # alembic/script/base.py of main: files sorted, subfolders (sorted) only when recursive.
        paths = []
        for root, dirs, files in os.walk(path, topdown=True):
            if root.endswith("__pycache__"):
                continue
            for filename in sorted(files):
                paths.append(os.path.relpath(os.path.join(root, filename), path))
            if not getattr(scriptdir, "recursive_version_locations", False):
                break
            dirs.sort()
        return paths

    base.Script._list_py_dir = classmethod(_walk)
    _from_filename = base.Script._from_filename.__func__

    def _from_filename_main(cls, scriptdir, dir_, filename):
        # main passes each file's own folder and name, so `__init__` and `.#` are matched in subfolders too.
        return _from_filename(cls, scriptdir, os.path.join(dir_, os.path.dirname(filename)), os.path.basename(filename))

    base.Script._from_filename = classmethod(_from_filename_main)
    _from_config = base.ScriptDirectory.from_config.__func__

    def _from_config_main(cls, config):
        separator = config.get_main_option("path_separator")
        if separator is not None and config.get_main_option("version_path_separator") is None:
            config.set_main_option("version_path_separator", separator)
        directory = _from_config(cls, config)
        directory.recursive_version_locations = config.get_main_option("recursive_version_locations") == "true"
        return directory

    base.ScriptDirectory.from_config = classmethod(_from_config_main)

command_line = CommandLine(prog="alembic")
options = command_line.parser.parse_args(sys.argv[1:])
config = Config(file_=options.config, ini_section=options.name, cmd_opts=options)
if os.environ.get("RECORD_FLASK"):
    # Flask-Migrate's Config: script_location is the folder of its alembic.ini.
    config.set_main_option("script_location", os.path.dirname(options.config))
command_line.run_cmd(config, options)
EOF

# record PROJECT OUT_DIR KINDS: runs the project's lines of the given kinds (a regex), outputs into OUT_DIR.
record() {
    local project="$1" out="$2" kinds="$3"
    local root="$work/run/$(basename "$project")"
    rm -rf "$root" && mkdir -p "$root" "$out"
    (cd "$project" && tar --exclude=./expected --exclude=./commands -cf - .) | (cd "$root" && tar -xf -)
    local ini=alembic.ini flask= kind name args
    while read -r kind name args; do
        case "$kind" in
            ''|'#'*) continue ;;
            ini) ini="$name"; continue ;;
            flask) flask=1; continue ;;
            refused) continue ;;
        esac
        [[ "$kind" =~ ^($kinds)$ ]] || continue
        local url=
        [[ "$kind" == *db ]] && url="sqlite:///$root/alembic.db"
        # shellcheck disable=SC2086 # the arguments are words
        if ! (cd "$root" && env PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED="${PYTHONHASHSEED:-0}" \
                ${url:+DATABASE_URL="$url"} ${flask:+RECORD_FLASK=1} \
                "$python" "$work/launcher.py" -c "$ini" $args) > "$work/stdout" 2> "$work/stderr"; then
            echo "record.sh: $(basename "$project"): '$args' failed:" >&2
            cat "$work/stdout" "$work/stderr" >&2
            exit 1
        fi
        if [[ "$args" =~ (^|[[:space:]])current$ ]]; then
            # `current` prints its rows in the order of a set of objects (it changes between runs): sorted.
            sed "s|$root|{ROOT}|g" "$work/stdout" | LC_ALL=C sort > "$out/$name.txt"
        else
            sed "s|$root|{ROOT}|g" "$work/stdout" > "$out/$name.txt"
        fi
        if [[ "$args" =~ (^|[[:space:]])stamp[[:space:]] ]]; then
            "$python" -c 'import sqlite3, sys
for (row,) in sorted(sqlite3.connect(sys.argv[1]).execute("SELECT version_num FROM alembic_version")):
    print(row)' "$root/alembic.db" > "$out/$name.alembic_version.txt"
        fi
    done < "$project/commands"
}

mode=record
if [ "${1:-}" = "--check" ]; then mode=check; shift; fi
if [ "${1:-}" = "--draft-hand" ]; then mode=draft; drafts="$2"; shift 2; fi

projects=()
if [ $# -gt 0 ]; then
    for name in "$@"; do projects+=("$here/$name"); done
else
    for commands in "$here"/*/commands; do projects+=("$(dirname "$commands")"); done
fi

status=0
shopt -s nullglob
for project in "${projects[@]}"; do
    name="$(basename "$project")"
    case "$mode" in
        record)
            record "$project" "$project/expected" 'run|db'
            echo "recorded $name"
            ;;
        draft)
            RECORD_LISTING=main record "$project" "$drafts/$name" 'hand-run|hand-db|run|db'
            echo "drafted $name into $drafts/$name"
            ;;
        check)
            RECORD_LISTING=listdir record "$project" "$work/listdir/$name" 'run|db'
            PYTHONHASHSEED=1 record "$project" "$work/seed1/$name" 'run|db'
            for variant in listdir seed1; do
                for file in "$work/$variant/$name"/*.txt; do
                    if ! cmp -s "$file" "$project/expected/$(basename "$file")"; then
                        echo "$variant: $name/$(basename "$file" .txt) differs"
                        status=1
                    fi
                done
            done
            ;;
    esac
done
exit $status
