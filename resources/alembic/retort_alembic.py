# SPDX-License-Identifier: GPL-3.0-or-later
"""Retort's bridge to a project's own Alembic.

Retort starts this file with the project's interpreter; it never runs Python itself. One request
arrives as JSON on the first line of stdin, and answers go to stdout as JSON lines (one object per
line). Anything the project's code prints goes to stderr, so it can never be mistaken for an answer.

  render    renders each asked-for upgrade()/downgrade() offline, for one dialect, one revision at a
            time, and labels it: rendered, needs_database, refuses_offline, import_error or error.
  identity  runs env.py online the way `alembic current` does (nothing is written) and reports, through
            env.py's own connection, the answers to Retort's identity queries and the version rows.
  run       runs alembic.command.upgrade/downgrade, exactly what `python -m alembic upgrade` calls. Before
            the first revision it reports the identity of env.py's connection and waits for Retort's
            "go" on stdin; anything else stops it before anything ran. Each revision's start and end
            are reported as they happen.

Every answer carries "event"; a request that cannot be served ends with {"event": "failed", "kind": ...}.
"""

import argparse
import functools
import hashlib
import io
import json
import os
import re
import sys
import time
import traceback

PROTOCOL = 1

_answers = None  # stdout as it was, before the project's code could write to it


def answer(event, **fields):
    fields["event"] = event
    _answers.write(json.dumps(fields) + "\n")
    _answers.flush()


def fail(kind, message, **fields):
    answer("failed", kind=kind, message=message, **fields)
    sys.exit(3)


def revision_frame(tb, path):
    """The innermost line of the revision file `path` in a traceback, or 0."""
    line = 0
    wanted = os.path.realpath(path) if path else None
    for frame in traceback.extract_tb(tb):
        if wanted and os.path.realpath(frame.filename) == wanted:
            line = frame.lineno
    return line


def last_project_frame(tb):
    """Where a traceback last passes through a file outside Alembic, SQLAlchemy and this helper."""
    import alembic
    import sqlalchemy

    here = os.path.realpath(__file__)
    # The packages' folders, not any path holding "/alembic/": `alembic init alembic` puts the project's own
    # env.py and versions/ in a folder of that name.
    packages = tuple(os.path.dirname(os.path.realpath(package.__file__)) + os.sep for package in (alembic, sqlalchemy))
    found = None
    for frame in traceback.extract_tb(tb):
        if frame.filename.startswith("<"):
            continue
        name = os.path.realpath(frame.filename)
        if name == here or name.startswith(packages):
            continue
        found = frame
    return (found.filename, found.lineno) if found else ("", 0)


def load_config(request):
    from alembic.config import Config

    config = Config(request["ini"], ini_section=request.get("section") or "alembic")
    # What `-x url=...` gives env.py on Alembic's command line.
    config.cmd_opts = argparse.Namespace(x=["url=" + request["url"]] if request.get("url") else [])
    if request.get("script_location"):
        config.set_main_option("script_location", request["script_location"])
    return config


def script_directory(config):
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(config)
    except Exception as error:  # noqa: BLE001 - any failure here is the project's configuration
        fail("config", "Alembic cannot read the project: %s" % error, traceback=traceback.format_exc())


class CallWatch:
    """Records where a revision asked for the database connection or for offline mode."""

    def __init__(self, path):
        self.path = os.path.realpath(path)
        self.bind_line = 0
        self.asked_offline = False
        self.offline_line = 0

    def caller_line(self):
        for frame in reversed(traceback.extract_stack()):
            if os.path.realpath(frame.filename) == self.path:
                return frame.lineno
        return 0

    def saw_bind(self):
        if not self.bind_line:
            self.bind_line = self.caller_line()


def install_watches(watch_ref):
    """get_bind() and is_offline_mode(), as called by revisions, tell the current CallWatch."""
    from alembic.operations import Operations
    from alembic.runtime.environment import EnvironmentContext

    original_get_bind = Operations.get_bind
    original_env_bind = EnvironmentContext.get_bind
    original_offline = EnvironmentContext.is_offline_mode

    def get_bind(self):
        if watch_ref[0]:
            watch_ref[0].saw_bind()
        return original_get_bind(self)

    def env_bind(self):
        if watch_ref[0]:
            watch_ref[0].saw_bind()
        return original_env_bind(self)

    def is_offline_mode(self):
        watch = watch_ref[0]
        if watch:
            watch.asked_offline = True
            watch.offline_line = watch.offline_line or watch.caller_line()
        return original_offline(self)

    Operations.get_bind = get_bind
    EnvironmentContext.get_bind = env_bind
    EnvironmentContext.is_offline_mode = is_offline_mode


def refuses_offline(error, watch):
    from alembic import util

    text = str(error).lower()
    mentions = any(word in text for word in ("offline", "--sql", "as_sql", "sql mode"))
    if watch.asked_offline:
        return True
    return mentions and isinstance(error, (NotImplementedError, util.CommandError, RuntimeError))


def render_one(config, script, item, dialect, watch_ref):
    from alembic.operations import Operations
    from alembic.runtime.environment import EnvironmentContext
    from alembic.util.pyfiles import load_module_py

    path = item["file"]
    # The bytes rendered, so Retort can tell the file it read from one changed since.
    result = {"revision": item["revision"], "upgrade": item["upgrade"], "file": path, "sha256": _file_sha256(path)}
    try:
        module = load_module_py(re.sub(r"\W", "_", os.path.basename(path)), path)
    except ImportError as error:
        result.update(label="import_error", module=getattr(error, "name", None) or "", message=str(error),
                      line=revision_frame(error.__traceback__, path))
        return result
    except Exception as error:  # noqa: BLE001 - whatever the module raises while loading
        result.update(label="error", message="%s: %s" % (type(error).__name__, error),
                      line=revision_frame(error.__traceback__, path) or getattr(error, "lineno", 0) or 0)
        return result

    function = getattr(module, "upgrade" if item["upgrade"] else "downgrade", None)
    if function is None:
        result.update(label="error", message="the file defines no %s()" % ("upgrade" if item["upgrade"] else
                                                                             "downgrade"), line=0)
        return result
    buffer = io.StringIO()
    watch = CallWatch(path)
    watch_ref[0] = watch
    try:
        with EnvironmentContext(config, script, as_sql=True):
            from alembic import context

            # Named parameters: with pyformat a literal % would be doubled in the text, which is not what runs.
            context.configure(dialect_name=dialect, output_buffer=buffer, literal_binds=True,
                              dialect_opts={"paramstyle": "named"})
            with Operations.context(context.get_context()):
                function()
        result.update(label="rendered", sql=buffer.getvalue())
        if watch.offline_line:
            # It asked which mode it runs in: what it does online may differ from what it rendered.
            result["offline_check_line"] = watch.offline_line
    except Exception as error:  # noqa: BLE001 - every failure is labelled, and the next revision goes on
        line = revision_frame(error.__traceback__, path)
        message = "%s: %s" % (type(error).__name__, error)
        if watch.bind_line:
            result.update(label="needs_database", line=watch.bind_line, failed_line=line, message=message)
        elif refuses_offline(error, watch):
            result.update(label="refuses_offline", line=line, message=message)
        else:
            result.update(label="error", line=line, message=message)
        result["sql"] = buffer.getvalue()
    finally:
        watch_ref[0] = None
    return result


def render(request):
    config = load_config(request)
    script = script_directory(config)
    watch_ref = [None]
    install_watches(watch_ref)
    for item in request["revisions"]:
        answer("rendered", **render_one(config, script, item, request["dialect"], watch_ref))
    answer("done")


def identity_rows(connection, queries):
    from sqlalchemy import text

    rows = []
    for sql in queries:
        try:
            # A savepoint would be needed to survive a refused query inside env.py's transaction on
            # PostgreSQL; the queries are reads, so a refusal only costs what follows.
            with connection.begin_nested() if connection.in_transaction() else _nothing():
                row = connection.execute(text(sql)).fetchone()
            rows.append({"sql": sql, "row": None if row is None else [None if v is None else str(v) for v in row]})
        except Exception as error:  # noqa: BLE001 - a refused query is an answer too
            rows.append({"sql": sql, "error": str(error).strip().splitlines()[0] if str(error).strip() else
                         type(error).__name__})
    return rows


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def report_identity(migration_context, request, **extra):
    connection = migration_context.connection
    answer("identity", **extra, dialect=connection.dialect.name, rows=identity_rows(connection, request["queries"]),
           heads=sorted(migration_context.get_current_heads()),
           # Whether a failing revision takes back what it did: Alembic's own reading of the dialect and env.py.
           transactional_ddl=bool(migration_context.impl.transactional_ddl),
           transaction_per_migration=bool(getattr(migration_context, "_transaction_per_migration", False)))


def apply_session_settings(connection, settings):
    """The environment's lock and statement timeouts, on env.py's connection as on Retort's own."""
    # exec_driver_sql is SQLAlchemy 1.4's; before it, execute() took a plain string.
    execute = getattr(connection, "exec_driver_sql", None) or connection.execute
    for setting in settings:
        if not setting.get("optional"):
            execute(setting["sql"])
            continue
        try:
            with connection.begin_nested() if connection.in_transaction() else _nothing():
                execute(setting["sql"])
        except Exception as error:  # noqa: BLE001 - an optional setting the server refuses is told, not fatal
            print("Retort: %s was refused: %s" % (setting["sql"], error), file=sys.stderr)


def identity(request):
    from alembic.runtime.environment import EnvironmentContext

    config = load_config(request)
    script = script_directory(config)
    seen = []

    def probe(heads, migration_context):
        report_identity(migration_context, request)
        seen.append(True)
        return []

    try:
        with EnvironmentContext(config, script, fn=probe, as_sql=False, starting_rev=None, destination_rev=None,
                                dont_mutate=True):
            script.run_env()
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - env.py's failure, told with its place
        where = last_project_frame(error.__traceback__)
        fail("env", "%s: %s" % (type(error).__name__, error), file=where[0], line=where[1],
             traceback=traceback.format_exc())
    if not seen:
        fail("env", "env.py never ran migrations online (it did not call context.run_migrations() with a "
                    "connection)")
    answer("done")


def run(request):
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    config = load_config(request)
    original = MigrationContext.run_migrations
    state = {"checked": False, "loading": False, "current": None, "started": 0.0}

    def checked_run_migrations(self, **kw):
        # The steps Alembic will take, worked out (and their files loaded) before anything runs, so Retort can
        # hold them against the plan it showed, file by file.
        state["loading"] = True
        steps = list(self._migrations_fn(tuple(self.get_current_heads()), self))
        state["loading"] = False
        # Every call is checked, not only the first: a multi-database env.py calls run_migrations() once per
        # connection, and each must prove which database it is.
        state["checked"] = True
        report_identity(self, request, steps=[_step_file(step) for step in steps])
        reply = sys.stdin.readline().strip()
        if reply != "go":
            raise SystemExit(4)
        apply_session_settings(self.connection, request.get("session", []))

        def announced_steps(heads, context):
            for step in steps:
                function = step.migration_fn

                @functools.wraps(function)
                def announced(_function=function, _step=step, **kwargs):
                    state["current"] = _step
                    state["started"] = time.monotonic()
                    answer("step_started", revision=_revision_of(_step), upgrade=bool(_step.is_upgrade))
                    return _function(**kwargs)

                step.migration_fn = announced
                yield step

        def applied(ctx, step, heads, run_args):
            answer("step_finished", revision=_info_revision(step), upgrade=bool(step.is_upgrade),
                   heads=sorted(heads), seconds=time.monotonic() - state["started"])
            state["current"] = None

        self._migrations_fn = announced_steps
        self.on_version_apply_callbacks = list(self.on_version_apply_callbacks) + [applied]
        return original(self, **kw)

    MigrationContext.run_migrations = checked_run_migrations
    try:
        if request["command"] == "upgrade":
            command.upgrade(config, request["target"])
        else:
            command.downgrade(config, request["target"])
    except SystemExit as stop:
        if stop.code == 4:
            answer("stopped")
            sys.exit(4)
        raise
    except BaseException as error:  # noqa: BLE001 - KeyboardInterrupt (a cancel) included
        current = state["current"]
        where = last_project_frame(error.__traceback__)
        if state["loading"]:
            # Loading the revision files (an import they make) failed: nothing ran.
            fail("load", "%s: %s" % (type(error).__name__, error), file=where[0], line=where[1],
                 traceback=traceback.format_exc())
        if not state["checked"]:
            # Before env.py reached run_migrations(): nothing ran, and env.py (or what it imports) is why.
            fail("env", "%s: %s" % (type(error).__name__, error), file=where[0], line=where[1],
                 traceback=traceback.format_exc())
        fail("run", "%s: %s" % (type(error).__name__, error), revision=_revision_of(current) if current else None,
             file=where[0], line=where[1], traceback=traceback.format_exc(), cancelled=isinstance(error,
                                                                                                  KeyboardInterrupt))
    if not state["checked"]:
        fail("env", "env.py never ran migrations online (it did not call context.run_migrations() with a "
                    "connection)")
    answer("done")


def _file_sha256(path):
    if not path or not os.path.exists(path):
        return None
    with open(path, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()


def _step_file(step):
    """A step as Alembic will run it: its revision, direction, file and the SHA-256 of the file's bytes."""
    path = getattr(step.revision, "path", None)
    return {"revision": _revision_of(step), "upgrade": bool(step.is_upgrade), "file": path,
            "sha256": _file_sha256(path)}


def _revision_of(step):
    revision = getattr(step, "revision", None)
    return getattr(revision, "revision", None) if revision is not None else None


def _info_revision(info):
    # Upgrade or downgrade, a step is named by its upper revision: the one applied, or the one undone.
    ids = tuple(info.up_revision_ids)
    return ids[0] if len(ids) == 1 else list(ids)


def main():
    global _answers
    _answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    request = json.loads(sys.stdin.readline())
    if request.get("protocol") != PROTOCOL:
        fail("protocol", "this helper speaks protocol %d; Retort sent %r" % (PROTOCOL, request.get("protocol")))
    try:
        import alembic
    except ImportError as error:
        fail("no_alembic", "%s cannot import Alembic: %s" % (sys.executable, error))
    answer("hello", python=sys.executable, python_version=sys.version.split()[0], alembic=alembic.__version__)
    {"render": render, "identity": identity, "run": run}[request["action"]](request)


if __name__ == "__main__":
    main()
