#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Retort side by side with Alembic and the databases' own clients, on generated projects.

For each size and shape, retort_bench_project writes the same revisions as a Retort project and as
an Alembic project (each revision creates a table with an index and inserts a row; its downgrade
drops them). Every figure is the wall time of a whole process, as a user or a CI job sees it,
measured several times (median, min, max) with its peak RSS (wait4's ru_maxrss):

Both tools run warm, as they do on a developer's machine or a CI runner that keeps its caches:
Python has compiled Alembic's scripts to __pycache__, and Retort has its parsed-script cache
(ScriptCache; unchanged files are not parsed again). One untimed run of each makes them so. Retort
is also measured cold (RETORT_NO_CACHE=1), every file read and parsed, in its own column.

  1. heads                      load + validate the scripts, print the heads
  2. history                    the whole history
  3. upgrade --sql base:heads   the offline script
  4. upgrade heads, and upgrade heads + downgrade base, on a SQLite file; the floor is sqlite3
     running Retort's own offline scripts (one transaction each)
  5. the same on a private PostgreSQL server; the floor is psql -1 -f on the same scripts
  6. the workbench: load, open the graph, first paint, scrolling (retort_gui_benchmark, offscreen)
  7. peak memory of the CLI and the GUI
  8. heads on the Alembic project: Retort reading the same revisions as Alembic .py files (statically,
     without Python) against reading them as .sql files, warm and cold; Alembic's own heads beside it

It prints a Markdown report and writes it to BENCHMARKS.md (--report), listing every median that
falls outside the min-max range the previous report gave for the same figure. Alembic is run when some
python3 can import it (Debian: python3-alembic, python3-psycopg2); otherwise its columns are empty.
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGETS = {
    "tooling": 50.0,      # items 1-3: at least 50x faster than Alembic at 10,000 revisions
    "listing_floor": 1.5,  # items 1-2: within 1.5x of listing the folder, at 10,000 revisions
    "sqlite_floor": 1.3,  # item 4: within 1.3x of sqlite3, at 1,000 revisions
    "sqlite_alembic": 10.0,  # item 4: at least 10x faster than Alembic, at 1,000 revisions
    "pg_floor": 1.3,      # item 5: within 1.3x of psql -1 -f
    "first_paint_s": 1.0,
    "frame_ms": 16.0,
    "gui_rss_mib": 150.0,
    "python_sql": 2.0,    # item 8: heads on Alembic .py revisions within 2x of the same .sql revisions
}


class Measure:
    """Wall time and peak RSS of one child process."""

    def __init__(self, seconds, rss_kib, output):
        self.seconds = seconds
        self.rss_kib = rss_kib
        self.output = output


def run(command, cwd=None, env=None, stdin_path=None, check=True):
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=cwd, env=env, stdin=stdin, stdout=out, stderr=err)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin_path:
                stdin.close()
        out.seek(0)
        err.seek(0)
        output = out.read().decode("utf-8", "replace")
        errors = err.read().decode("utf-8", "replace")
    if check and process.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s%s" % (" ".join(command), process.returncode, output[-2000:],
                                                      errors[-2000:]))
    return Measure(seconds, usage.ru_maxrss, output + errors)


class Series:
    """Repeated measurements of one thing."""

    def __init__(self):
        self.seconds = []
        self.rss_kib = 0

    def add(self, measure):
        self.seconds.append(measure.seconds)
        self.rss_kib = max(self.rss_kib, measure.rss_kib)

    @property
    def median(self):
        return statistics.median(self.seconds) if self.seconds else None

    def text(self):
        if not self.seconds:
            return "–"
        if len(self.seconds) == 1:
            return seconds_text(self.seconds[0])
        return "%s (%s–%s)" % (seconds_text(self.median), seconds_text(min(self.seconds)),
                               seconds_text(max(self.seconds)))


def seconds_text(seconds):
    return "%.0f ms" % (seconds * 1000) if seconds < 1 else "%.2f s" % seconds


def ratio(slower, faster):
    if not slower.seconds or not faster.seconds:
        return None
    return slower.median / faster.median


def ratio_text(value, suffix="×"):
    return "–" if value is None else "%.1f%s" % (value, suffix)


FIGURE = re.compile(r"^([\d.]+) (ms|s)(?: \(([\d.]+) (ms|s)–([\d.]+) (ms|s)\))?$")


def seconds_of(number, unit):
    return float(number) / (1000.0 if unit == "ms" else 1.0)


def report_figures(text):
    """The timed figures of a report: {(section number, revisions, shape, column): (median, min, max)}.
    Sections are keyed by their number and columns by their name without a "both: " prefix, so a
    report whose titles were reworded still compares with the one before it."""
    figures = {}
    section = None
    columns = []
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].split(" ", 1)[0]
            columns = []
            continue
        if not line.startswith("|") or section is None:
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not columns:
            columns = [cell.replace("both: ", "") for cell in cells]
            continue
        if len(cells) != len(columns) or len(cells) < 3 or not cells[0].isdigit():
            continue
        for column, cell in zip(columns[2:], cells[2:]):
            found = FIGURE.match(cell)
            if not found:
                continue
            median = seconds_of(found.group(1), found.group(2))
            low = seconds_of(found.group(3), found.group(4)) if found.group(3) else median
            high = seconds_of(found.group(5), found.group(6)) if found.group(5) else median
            figures[(section, cells[0], cells[1], column)] = (median, low, high)
    return figures


def outside_previous(previous_text, text):
    """Lines naming each median of `text` outside the min-max range `previous_text` gave it."""
    before = report_figures(previous_text)
    lines = []
    for key, (median, _, _) in sorted(report_figures(text).items()):
        if key not in before:
            continue
        _, low, high = before[key]
        if low <= median <= high:
            continue
        section, size, shape, column = key
        lines.append("- %s %s revisions, %s, %s: %s, previously %s–%s (%s)" % (
            section, size, shape, column, seconds_text(median), seconds_text(low), seconds_text(high),
            "slower" if median > high else "faster"))
    return lines


def find_alembic_python():
    for python in (sys.executable, "/usr/bin/python3", shutil.which("python3")):
        if python and os.path.exists(python):
            probe = subprocess.run([python, "-c", "import alembic, sqlalchemy; print(alembic.__version__)"],
                                   capture_output=True, text=True)
            if probe.returncode == 0:
                return python, probe.stdout.strip()
    return None, None


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.retort = os.path.join(self.build, "app/cli/retort")
        self.generator = os.path.join(self.build, "bench/retort_bench_project")
        self.gui_binary = os.path.join(self.build, "bench/retort_gui_benchmark")
        self.python, self.alembic_version = (None, None) if args.no_alembic else find_alembic_python()
        self.work = tempfile.mkdtemp(prefix="retort-bench-")
        self.rows = []       # (item, size, shape, cells...)
        self.results = {}    # (item, size, shape, tool) -> Series
        self.gui_lines = {}
        self.pg_url = None
        self.pg_state = None

    # -- helpers

    def env(self, url, cache=True):
        env = dict(os.environ)
        env["BENCH_URL"] = url
        env.pop("DATABASE_URL", None)
        # A private cache folder: the user's ~/.cache is not touched, and nothing from before counts.
        env["XDG_CACHE_HOME"] = os.path.join(self.work, "cache")
        env.pop("RETORT_NO_CACHE", None)
        if not cache:
            env["RETORT_NO_CACHE"] = "1"
        # Python may keep compiled scripts, as it does by default (some CI images turn it off).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def project(self, size, shape):
        root = os.path.join(self.work, "%s-%d" % (shape, size))
        if not os.path.isdir(root):
            command = [self.generator, "--revisions", str(size), "--out", root]
            if shape == "linear":
                command.append("--linear")
            run(command)
            self.warm_up(root)
        return root

    def warm_up(self, root):
        """One untimed run of each tool, once the files are old enough for Retort to cache them."""
        # ScriptCache stores only files unchanged for 3 s (a coarse clock could hide a rewrite).
        time.sleep(3.5)
        url = "sqlite:///" + os.path.join(root, "unused.db")
        run(self.retort_command(root, "upgrade", "--sql", "base:heads"), env=self.env(url))
        run(self.retort_alembic_command(root, "heads"), env=self.env(url))
        if self.python:
            run(self.alembic_command(root, "heads"), env=self.env(url))

    def series(self, item, size, shape, tool):
        return self.results.setdefault((item, size, shape, tool), Series())

    def repeat(self, item, size, shape, tool, runs, action):
        series = self.series(item, size, shape, tool)
        for _ in range(runs):
            series.add(action())
        return series

    def runs_for(self, size, tool):
        if tool == "alembic" and size >= 10000:
            return max(1, min(self.args.runs, 2))
        return self.args.runs

    def retort_command(self, root, *arguments):
        return [self.retort, "-c", os.path.join(root, "retort/retort.ini")] + list(arguments)

    def retort_alembic_command(self, root, *arguments):
        """Retort on the Alembic project: its alembic.ini and .py revisions."""
        return [self.retort, "-c", os.path.join(root, "alembic/alembic.ini")] + list(arguments)

    def alembic_command(self, root, *arguments):
        return [self.python, "-m", "alembic", "-c", os.path.join(root, "alembic/alembic.ini")] + list(arguments)

    # -- 1-3: reading the scripts

    def tooling(self, size, shape):
        root = self.project(size, shape)
        url = "sqlite:///" + os.path.join(root, "unused.db")
        for item, arguments in (("heads", ["heads"]), ("history", ["history"]),
                                ("offline", ["upgrade", "--sql", "base:heads"])):
            self.repeat(item, size, shape, "retort", self.runs_for(size, "retort"),
                        lambda: run(self.retort_command(root, *arguments), env=self.env(url)))
            self.repeat(item, size, shape, "retort-cold", self.runs_for(size, "retort"),
                        lambda: run(self.retort_command(root, *arguments), env=self.env(url, cache=False)))
            if self.python:
                self.repeat(item, size, shape, "alembic", self.runs_for(size, "alembic"),
                            lambda: run(self.alembic_command(root, *arguments), env=self.env(url)))
        # 8: Retort reading the Alembic project's .py files (Alembic's figure is item 1's: the same command on
        # the same project).
        self.repeat("heads-py", size, shape, "retort", self.runs_for(size, "retort"),
                    lambda: run(self.retort_alembic_command(root, "heads"), env=self.env(url)))
        self.repeat("heads-py", size, shape, "retort-cold", self.runs_for(size, "retort"),
                    lambda: run(self.retort_alembic_command(root, "heads"), env=self.env(url, cache=False)))
        # What any tool that checks every file for changes pays before doing anything: listing the
        # versions folder and reading each file's metadata (find, one thread).
        versions = os.path.join(root, "retort/versions")
        self.repeat("listing", size, shape, "find", self.args.runs,
                    lambda: run(["find", versions, "-name", "*.sql", "-printf", "%s %T@ %C@ %i\n"]))

    # -- 4-5: running migrations

    def offline_scripts(self, root, url):
        """Retort's offline upgrade and downgrade scripts for the database's dialect: the floor's input."""
        scripts = []
        for name, arguments in (("up", ["upgrade", "--sql", "base:heads"]),
                                ("down", ["downgrade", "--sql", "heads:base"])):
            text = run(self.retort_command(root, *arguments), env=self.env(url)).output
            path = os.path.join(root, "%s-%s.sql" % (url.split(":")[0], name))
            with open(path, "w") as handle:
                handle.write(text)
            scripts.append(path)
        return scripts

    def online(self, item, size, shape, url, reset, floor):
        root = self.project(size, shape)
        # "retort-alembic": Retort on the Alembic project, whose .py revisions it hands to Alembic inside its gates.
        tools = ["retort"] + (["alembic", "retort-alembic"] if self.python else [])
        up, down = self.offline_scripts(root, url)
        for tool in tools:
            for _ in range(self.runs_for(size, "alembic" if tool == "retort-alembic" else tool)):
                reset()
                if tool == "retort":
                    upgrade = run(self.retort_command(root, "upgrade", "heads"), env=self.env(url))
                    downgrade = run(self.retort_command(root, "downgrade", "base"), env=self.env(url))
                elif tool == "retort-alembic":
                    env = self.env(url)
                    env["RETORT_PYTHON"] = self.python
                    upgrade = run(self.retort_alembic_command(root, "--url", url, "upgrade", "heads"), env=env)
                    downgrade = run(self.retort_alembic_command(root, "--url", url, "downgrade", "base"), env=env)
                else:
                    alembic_url = url
                    upgrade = run(self.alembic_command(root, "upgrade", "heads"), env=self.env(alembic_url))
                    downgrade = run(self.alembic_command(root, "downgrade", "base"), env=self.env(alembic_url))
                self.series(item + "-up", size, shape, tool).add(upgrade)
                self.series(item, size, shape, tool).add(
                    Measure(upgrade.seconds + downgrade.seconds, max(upgrade.rss_kib, downgrade.rss_kib), ""))
        for _ in range(self.args.runs):
            reset()
            first = floor(up)
            second = floor(down)
            self.series(item + "-up", size, shape, "floor").add(first)
            self.series(item, size, shape, "floor").add(
                Measure(first.seconds + second.seconds, max(first.rss_kib, second.rss_kib), ""))

    def sqlite_online(self, size, shape):
        root = self.project(size, shape)
        database = os.path.join(root, "online.db")
        url = "sqlite:///" + database

        def reset():
            for suffix in ("", "-journal", "-wal"):
                if os.path.exists(database + suffix):
                    os.remove(database + suffix)

        self.online("sqlite", size, shape, url, reset,
                    lambda script: run(["sqlite3", "-bail", database], stdin_path=script))

    def start_postgres(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../tests/integration/test-servers.sh")
        self.pg_state = os.path.join(self.work, "servers")
        run(["bash", script, "start", self.pg_state])
        with open(os.path.join(self.pg_state, "urls.env")) as handle:
            for line in handle:
                name, _, value = line.strip().partition("=")
                if name == "RETORT_TEST_POSTGRESQL_URL":
                    self.pg_url = value

    def stop_postgres(self):
        if self.pg_state:
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../tests/integration/test-servers.sh")
            run(["bash", script, "stop", self.pg_state], check=False)

    def postgres_online(self, size, shape):
        # postgresql://user:password@:port/db?host=/socket/dir
        match = re.match(r"postgresql://([^:]+):([^@]+)@:([0-9]+)/([^?]+)\?host=(.+)", self.pg_url)
        user, password, port, database, host = match.groups()
        psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", user, "-d", database]
        env = dict(os.environ, PGPASSWORD=password)

        def reset():
            run(psql + ["-c", "SET client_min_messages = warning",
                        "-c", "DROP TABLE IF EXISTS alembic_version, retort_history"], env=env)

        def floor(script):
            # One transaction around the whole script (-1), so its own BEGIN/COMMIT go.
            plain = script + ".plain"
            with open(script) as source, open(plain, "w") as target:
                for line in source:
                    if line.strip() not in ("BEGIN;", "COMMIT;"):
                        target.write(line)
            return run(psql + ["-1", "-f", plain], env=env)

        self.online("postgresql", size, shape, self.pg_url, reset, floor)

    # -- 6-7: the workbench

    def gui(self, size, shape):
        root = self.project(size, shape)
        measure = run([self.gui_binary, "--project", os.path.join(root, "retort/versions")],
                      env=dict(self.env("sqlite://"), QT_QPA_PLATFORM="offscreen"))
        figures = {"rss_mib": measure.rss_kib / 1024.0}
        for line in measure.output.splitlines():
            found = re.match(r"load \+ open \+ first paint: ([0-9.]+) s", line)
            if found:
                figures["first_paint_s"] = float(found.group(1))
            found = re.match(r"scroll .*average ([0-9.]+) ms, max ([0-9.]+) ms", line)
            if found:
                figures["frame_avg_ms"] = float(found.group(1))
                figures["frame_max_ms"] = float(found.group(2))
        self.gui_lines[(size, shape)] = figures

    # -- the report

    def report(self, sizes, shapes, online_sizes, pg):
        lines = []
        add = lines.append
        add("# Benchmarks")
        add("")
        add("Generated by `scripts/bench` (bench/compare.py) on %s." %
            datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
        add("")
        add("| | |")
        add("|---|---|")
        for name, value in self.machine():
            add("| %s | %s |" % (name, value))
        add("")
        add("Each figure is the wall time of whole processes, as a user or a CI job sees it: median "
            "(min–max) of %d runs (Alembic at 10,000 revisions: %d), peak RSS from wait4(). "
            "*linear*: one straight line of revisions; *branchy*: a feature branch every ~50 revisions, merged "
            "back 10–40 later, with labels and depends_on. Every revision creates a table with an index and "
            "inserts a row; its downgrade drops them. Both tools run warm: Alembic's scripts compiled in "
            "`__pycache__`, Retort's parsed scripts in its cache (files unchanged since the last run are not "
            "parsed again); *Retort cold* turns that cache off (`RETORT_NO_CACHE=1`). The *listing floor* is "
            "`find versions -printf` reading every file's size and times, which any tool that notices edited "
            "files must do; *Alembic ÷ floor* is the most any such tool could reach."
            % (self.args.runs, max(1, min(self.args.runs, 2))))
        add("")
        titles = {"heads": "1. Load, validate and print the heads (`heads`)",
                  "history": "2. The whole history (`history`)",
                  "offline": "3. The offline script (`upgrade --sql base:heads`)"}
        for item in ("heads", "history", "offline"):
            add("## " + titles[item])
            add("")
            add("| revisions | shape | Retort | Alembic | Alembic ÷ Retort | Retort peak RSS | Retort cold "
                "| Alembic ÷ cold | listing floor | Alembic ÷ floor | Retort ÷ floor |")
            add("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for size in sizes:
                for shape in shapes:
                    retort = self.series(item, size, shape, "retort")
                    cold = self.series(item, size, shape, "retort-cold")
                    alembic = self.series(item, size, shape, "alembic")
                    floor = self.series("listing", size, shape, "find")
                    add("| %d | %s | %s | %s | %s | %.0f MiB | %s | %s | %s | %s | %s |" % (
                        size, shape, retort.text(), alembic.text(), ratio_text(ratio(alembic, retort)),
                        retort.rss_kib / 1024.0, cold.text(), ratio_text(ratio(alembic, cold)), floor.text(),
                        ratio_text(ratio(alembic, floor)), ratio_text(ratio(retort, floor))))
            add("")
        for item, title, floor in (("sqlite", "4. `upgrade heads`, and then `downgrade base`, on a SQLite file",
                                    "sqlite3"),
                                   ("postgresql", "5. `upgrade heads`, and then `downgrade base`, on PostgreSQL",
                                    "psql -1 -f")):
            if item == "postgresql" and not pg:
                continue
            add("## " + title)
            add("")
            add("The floor is `%s` running Retort's own offline upgrade and downgrade scripts (the same "
                "statements and version-table updates, one transaction each)." % floor)
            add("")
            add("*Retort via Alembic* is Retort on the Alembic project: the same revisions as `.py` files, which it "
                "hands to the project's Alembic inside its gates (identity check, history rows); *÷ Alembic* is "
                "what that costs over Alembic alone.")
            add("")
            add("| revisions | shape | upgrade: Retort | upgrade: %s | upgrade: Retort ÷ floor | both: Retort "
                "| both: Alembic | both: %s | both: Retort ÷ floor | both: Alembic ÷ Retort "
                "| both: Retort via Alembic | via Alembic ÷ Alembic |" % (floor, floor))
            add("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for size in online_sizes:
                for shape in shapes:
                    retort_up = self.series(item + "-up", size, shape, "retort")
                    bottom_up = self.series(item + "-up", size, shape, "floor")
                    retort = self.series(item, size, shape, "retort")
                    alembic = self.series(item, size, shape, "alembic")
                    bottom = self.series(item, size, shape, "floor")
                    via = self.series(item, size, shape, "retort-alembic")
                    add("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                        size, shape, retort_up.text(), bottom_up.text(), ratio_text(ratio(retort_up, bottom_up)),
                        retort.text(), alembic.text(), bottom.text(), ratio_text(ratio(retort, bottom)),
                        ratio_text(ratio(alembic, retort)), via.text(), ratio_text(ratio(via, alembic))))
            add("")
        if self.gui_lines:
            add("## 6–7. The workbench (`retort_gui_benchmark`, offscreen)")
            add("")
            add("| revisions | shape | load + open + first paint | scroll frame avg | scroll frame max | peak RSS |")
            add("|---:|---|---:|---:|---:|---:|")
            for (size, shape), figures in sorted(self.gui_lines.items()):
                add("| %d | %s | %.3f s | %.2f ms | %.2f ms | %.0f MiB |" % (
                    size, shape, figures.get("first_paint_s", float("nan")), figures.get("frame_avg_ms", float("nan")),
                    figures.get("frame_max_ms", float("nan")), figures["rss_mib"]))
            add("")
        add("## 8. Alembic `.py` revisions read by Retort (`heads`)")
        add("")
        add("The same revisions as item 1, written as Alembic 1.16's template writes them (typed header fields; "
            "two bodies in three as autogenerate writes them, `op.create_table` and `op.create_index`, "
            "the third literal SQL through `op.execute`), read by Retort without Python, against the `.sql` "
            "files of item 1. Alembic is item 1's figure: `alembic heads` on this project.")
        add("")
        add("| revisions | shape | Retort .py | Retort .sql | .py ÷ .sql | Retort .py cold | Retort .sql cold "
            "| cold .py ÷ .sql | Alembic | Alembic ÷ Retort .py | Alembic ÷ .py cold | Retort .py peak RSS |")
        add("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size in sizes:
            for shape in shapes:
                python = self.series("heads-py", size, shape, "retort")
                python_cold = self.series("heads-py", size, shape, "retort-cold")
                sql = self.series("heads", size, shape, "retort")
                sql_cold = self.series("heads", size, shape, "retort-cold")
                alembic = self.series("heads", size, shape, "alembic")
                add("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f MiB |" % (
                    size, shape, python.text(), sql.text(), ratio_text(ratio(python, sql)), python_cold.text(),
                    sql_cold.text(), ratio_text(ratio(python_cold, sql_cold)), alembic.text(),
                    ratio_text(ratio(alembic, python)), ratio_text(ratio(alembic, python_cold)),
                    python.rss_kib / 1024.0))
        add("")
        add("## Targets")
        add("")
        add("| target | measured | |")
        add("|---|---:|---|")
        for name, measured, ok in self.verdicts(sizes, shapes, online_sizes, pg):
            add("| %s | %s | %s |" % (name, measured, "met" if ok else ("**missed**" if ok is False else "not run")))
        add("")
        fixes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "FIXES.md")
        if os.path.exists(fixes):
            with open(fixes) as handle:
                lines.append(handle.read().rstrip("\n"))
        return "\n".join(lines) + "\n"

    def verdicts(self, sizes, shapes, online_sizes, pg):
        largest = max(sizes)
        for item, title in (("heads", "1. heads"), ("history", "2. history"), ("offline", "3. upgrade --sql")):
            for shape in shapes:
                value = ratio(self.series(item, largest, shape, "alembic"), self.series(item, largest, shape, "retort"))
                yield ("%s, %d %s: ≥ %.0f× faster than Alembic" % (title, largest, shape, TARGETS["tooling"]),
                       ratio_text(value), None if value is None else value >= TARGETS["tooling"])
                if item == "offline":
                    continue
                value = ratio(self.series(item, largest, shape, "retort"), self.series("listing", largest, shape, "find"))
                yield ("%s, %d %s: within %.1f× of the listing floor" % (title, largest, shape,
                                                                        TARGETS["listing_floor"]),
                       ratio_text(value), None if value is None else value <= TARGETS["listing_floor"])
        online_size = 1000 if 1000 in online_sizes else max(online_sizes)
        for shape in shapes:
            value = ratio(self.series("sqlite-up", online_size, shape, "retort"),
                          self.series("sqlite-up", online_size, shape, "floor"))
            yield ("4. SQLite upgrade, %d %s: within %.1f× of sqlite3" % (online_size, shape, TARGETS["sqlite_floor"]),
                   ratio_text(value), None if value is None else value <= TARGETS["sqlite_floor"])
            retort = self.series("sqlite", online_size, shape, "retort")
            value = ratio(retort, self.series("sqlite", online_size, shape, "floor"))
            yield ("4. SQLite upgrade + downgrade, %d %s: within %.1f× of sqlite3" % (
                online_size, shape, TARGETS["sqlite_floor"]),
                   ratio_text(value), None if value is None else value <= TARGETS["sqlite_floor"])
            value = ratio(self.series("sqlite", online_size, shape, "alembic"), retort)
            yield ("4. SQLite, %d %s: ≥ %.0f× faster than Alembic" % (online_size, shape, TARGETS["sqlite_alembic"]),
                   ratio_text(value), None if value is None else value >= TARGETS["sqlite_alembic"])
            if pg:
                value = ratio(self.series("postgresql", online_size, shape, "retort"),
                              self.series("postgresql", online_size, shape, "floor"))
                yield ("5. PostgreSQL, %d %s: within %.1f× of psql -1 -f" % (online_size, shape, TARGETS["pg_floor"]),
                       ratio_text(value), None if value is None else value <= TARGETS["pg_floor"])
        for (size, shape), figures in sorted(self.gui_lines.items()):
            if size != largest:
                continue
            yield ("6. first paint, %d %s: under %.0f s" % (size, shape, TARGETS["first_paint_s"]),
                   "%.3f s" % figures.get("first_paint_s", float("nan")),
                   figures.get("first_paint_s", 99) < TARGETS["first_paint_s"])
            yield ("6. scrolling, %d %s: under %.0f ms per frame" % (size, shape, TARGETS["frame_ms"]),
                   "%.2f ms max" % figures.get("frame_max_ms", float("nan")),
                   figures.get("frame_max_ms", 99) < TARGETS["frame_ms"])
            yield ("7. GUI peak RSS, %d %s: under %.0f MB" % (size, shape, TARGETS["gui_rss_mib"]),
                   "%.0f MiB" % figures["rss_mib"], figures["rss_mib"] < TARGETS["gui_rss_mib"])
        cli_rss = max((series.rss_kib for (item, size, shape, tool), series in self.results.items()
                       if tool == "retort" and size == largest), default=0)
        yield ("7. CLI peak RSS, %d revisions" % largest, "%.0f MiB" % (cli_rss / 1024.0), True)
        for shape in shapes:
            for tool, how in (("retort", "warm"), ("retort-cold", "cold")):
                value = ratio(self.series("heads-py", largest, shape, tool), self.series("heads", largest, shape, tool))
                yield ("8. heads on %d Alembic .py revisions, %s, %s: ≤ %.0f× .sql" % (
                    largest, shape, how, TARGETS["python_sql"]),
                       ratio_text(value), None if value is None else value <= TARGETS["python_sql"])

    def machine(self):
        def first_line(command):
            try:
                return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
            except (OSError, IndexError):
                return "not installed"

        cpu = "unknown"
        if os.path.exists("/proc/cpuinfo"):
            with open("/proc/cpuinfo") as handle:
                for line in handle:
                    if line.startswith("model name"):
                        cpu = line.split(":", 1)[1].strip()
                        break
        memory = ""
        if os.path.exists("/proc/meminfo"):
            with open("/proc/meminfo") as handle:
                memory = "%.1f GiB" % (int(handle.readline().split()[1]) / 1024.0 / 1024.0)
        yield "machine", "%s, %d cores, %s RAM, %s" % (cpu, os.cpu_count(), memory, platform.platform())
        yield "retort", first_line([self.retort, "--version"])
        yield "alembic", ("%s (%s)" % (self.alembic_version, self.python)) if self.python else "not installed"
        yield "sqlite3", first_line(["sqlite3", "--version"])
        yield "psql", first_line(["psql", "--version"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build-release", help="the CMake build folder (Release)")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--online-sizes", default="100,1000", help="sizes for items 4 and 5")
    parser.add_argument("--shapes", default="linear,branchy")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-alembic", action="store_true", help="measure Retort and the floors only")
    parser.add_argument("--no-postgres", action="store_true", help="skip item 5")
    parser.add_argument("--no-gui", action="store_true", help="skip items 6-7")
    parser.add_argument("--report", help="also write the report to this file (BENCHMARKS.md)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    online_sizes = [int(size) for size in args.online_sizes.split(",")]
    shapes = args.shapes.split(",")

    bench = Bench(args)
    if not bench.python and not args.no_alembic:
        print("note: no python3 can import alembic (Debian: python3-alembic); Alembic columns stay empty",
              file=sys.stderr)
    pg = not args.no_postgres
    try:
        for size in sizes:
            for shape in shapes:
                print("[%d %s] heads, history, upgrade --sql" % (size, shape), file=sys.stderr, flush=True)
                bench.tooling(size, shape)
                if size in online_sizes:
                    print("[%d %s] SQLite online" % (size, shape), file=sys.stderr, flush=True)
                    bench.sqlite_online(size, shape)
                if not args.no_gui and size == max(sizes):
                    print("[%d %s] workbench" % (size, shape), file=sys.stderr, flush=True)
                    bench.gui(size, shape)
        if pg:
            print("starting a private PostgreSQL server", file=sys.stderr, flush=True)
            bench.start_postgres()
            for size in online_sizes:
                for shape in shapes:
                    print("[%d %s] PostgreSQL online" % (size, shape), file=sys.stderr, flush=True)
                    bench.postgres_online(size, shape)
    finally:
        bench.stop_postgres()
        if not args.keep:
            shutil.rmtree(bench.work, ignore_errors=True)
        else:
            print("projects kept in " + bench.work, file=sys.stderr)
    text = bench.report(sizes, shapes, online_sizes, pg)
    if args.report and os.path.exists(args.report):
        with open(args.report) as handle:
            moved = outside_previous(handle.read(), text)
        text += ("\n## Against the previous report\n\nMedians outside the min–max range the previous report "
                 "gave for the same figure:\n\n" + "\n".join(moved) + "\n") if moved else (
            "\n## Against the previous report\n\nEvery median is within the min–max range the previous report "
            "gave for the same figure.\n")
    print(text)
    if args.report:
        with open(args.report, "w") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
