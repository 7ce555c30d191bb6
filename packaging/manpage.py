#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes retort.1 and retort-gui.1 from the programs' own help, so the man pages never drift from them.

    manpage.py --retort build/app/cli/retort --retort-gui build/app/gui/retort-gui --version 0.1.0 \\
               --date 2026-12-04 --datadir /usr/share/retort --output-dir OUT

Runs `retort --help`, `retort COMMAND --help` for each command it lists, and `retort-gui --help` (set
QT_QPA_PLATFORM=offscreen when there is no display), and renders roff. The synopsis, description, options and
commands come from that help; only the one-line NAME summaries and the ENVIRONMENT, FILES and SEE ALSO sections
are written here. Help that does not parse as expected is an error naming the program and the line.
"""
import argparse
import os
import re
import subprocess
import sys

RETORT_SUMMARY = "database migration manager for SQLite, PostgreSQL and MySQL"
GUI_SUMMARY = "database migration workbench for SQLite, PostgreSQL and MySQL"


class HelpError(Exception):
    pass


def run_help(program, *arguments):
    """The program's help text; a failure or a timeout is an error naming the command."""
    command = [program, *arguments]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise HelpError(f"{' '.join(command)}: {error}") from error
    if done.returncode != 0:
        raise HelpError(f"{' '.join(command)} exited with {done.returncode}: {done.stderr.strip()}")
    return done.stdout


# --- roff


def escape(text):
    """Text for a roff line: backslashes, option dashes as \\- (so they copy as ASCII), non-ASCII as \\[uXXXX]."""
    text = text.replace("\\", "\\e")
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", lambda match: match.group(0).replace("-", "\\-"), text)
    text = "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in text)
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def synopsis(text):
    """A usage line with options in bold and placeholders (CONFIG, FILE.md, [RANGE]) in italics."""
    out = []
    for token in re.findall(r"--?[A-Za-z][\w-]*|[A-Z][A-Z0-9_.]*[A-Z0-9]\b|[^-A-Z]+|.", text):
        if token.startswith("-"):
            out.append(f"\\fB{escape(token)}\\fR")
        elif re.fullmatch(r"[A-Z][A-Z0-9_.]*[A-Z0-9]", token):
            out.append(f"\\fI{escape(token)}\\fR")
        else:
            out.append(escape(token))
    return "".join(out)


def option_entries(entries):
    """Roff .TP paragraphs for (left, help) pairs: the option and its argument, then what it does."""
    lines = []
    for left, help_text in entries:
        lines += [".TP", synopsis(left), escape(help_text) if help_text else "\\&"]
    return lines


# --- retort --help


def split_blocks(text):
    """Paragraphs of a help text (lines separated by blank lines)."""
    return [block.split("\n") for block in re.split(r"\n\s*\n", text.strip("\n")) if block.strip()]


def parse_option_lines(lines, program):
    """'  -c, --config CONFIG   Help' lines, a help continued on lines indented further, into (left, help) pairs."""
    entries = []
    for line in lines:
        match = re.fullmatch(r"  (-\S.*?)(?: {2,}(\S.*))?", line)
        if match:
            entries.append([match.group(1).strip(), (match.group(2) or "").strip()])
        elif entries and re.fullmatch(r" {4,}\S.*", line):
            entries[-1][1] = f"{entries[-1][1]} {line.strip()}".strip()
        else:
            raise HelpError(f"{program}: cannot read this option line of its help: {line!r}")
    return [tuple(entry) for entry in entries]


def parse_retort_help(text, program):
    """usage, description, global options, [(command, summary)] and the closing hint of `retort --help`."""
    blocks = split_blocks(text)
    if len(blocks) < 4 or not blocks[0][0].startswith("usage: "):
        raise HelpError(f"{program} --help: expected 'usage: ...', a description, options and commands")
    usage = " ".join(line.strip() for line in blocks[0])[len("usage: "):]
    description = " ".join(line.strip() for line in blocks[1])
    options = commands = None
    notes = []
    for block in blocks[2:]:
        if block[0] == "global options:":
            options = parse_option_lines(block[1:], program)
        elif block[0] == "commands:":
            commands = []
            for line in block[1:]:
                match = re.fullmatch(r"  ([a-z][\w-]*) +(\S.*)", line)
                if not match:
                    raise HelpError(f"{program} --help: cannot read this command line: {line!r}")
                commands.append((match.group(1), match.group(2)))
        else:
            notes.append(" ".join(line.strip() for line in block))
    if options is None or not commands:
        raise HelpError(f"{program} --help: no 'global options:' or 'commands:' section")
    return usage, description, options, commands, notes


def parse_command_help(text, program, command):
    """usage, summary, further paragraphs and options of `retort COMMAND --help`."""
    blocks = split_blocks(text)
    where = f"{program} {command} --help"
    if len(blocks) < 2 or not blocks[0][0].startswith("usage: "):
        raise HelpError(f"{where}: expected 'usage: ...' and a summary")
    usage = " ".join(line.strip() for line in blocks[0])[len("usage: "):]
    summary = " ".join(line.strip() for line in blocks[1])
    options = []
    details = []  # paragraphs a command's help adds after its summary (e.g. checklist's walk)
    for block in blocks[2:]:
        if block[0] == "options:":
            options = parse_option_lines(block[1:], where)
        elif options:
            raise HelpError(f"{where}: unexpected paragraph after the options {block[0]!r}")
        else:
            details.append(" ".join(line.strip() for line in block))
    return usage, summary, details, options


# --- retort-gui --help (QCommandLineParser's layout)


def parse_gui_help(text, program):
    """usage (after the program's name), description, options and positional arguments of `retort-gui --help`."""
    lines = text.strip("\n").split("\n")
    match = re.fullmatch(r"Usage: \S+(.*)", lines[0]) if lines else None
    if not match:
        raise HelpError(f"{program} --help: expected 'Usage: PROGRAM ...' first")
    usage = match.group(1).strip()
    description = []
    index = 1
    while index < len(lines) and lines[index].strip():
        description.append(lines[index].strip())
        index += 1
    sections = {}
    for block in split_blocks("\n".join(lines[index:])):
        sections[block[0].rstrip(":")] = block[1:]
    if "Options" not in sections:
        raise HelpError(f"{program} --help: no 'Options:' section")
    options = parse_option_lines(sections["Options"], program)
    arguments = []
    for line in sections.get("Arguments", []):
        match = re.fullmatch(r"  (\S+) {2,}(\S.*)", line)
        if match:
            arguments.append([match.group(1), match.group(2)])
        elif arguments and re.fullmatch(r" {4,}\S.*", line):
            arguments[-1][1] += " " + line.strip()
        else:
            raise HelpError(f"{program} --help: cannot read this argument line: {line!r}")
    return usage, " ".join(description), options, arguments


# --- pages


def header(name, version, date, source):
    return [
        f'.\\" Written by packaging/manpage.py from `{source}`: edit the program\'s help, not this file.',
        f'.TH {name.upper()} 1 "{date}" "Retort {version}" "User Commands"',
        # No hyphenation (file names and options stay whole) and no justification (no stretched spaces).
        ".nh",
        ".ad l",
    ]


def definitions(pairs):
    """.TP paragraphs of (term, text) pairs: the term in bold."""
    lines = []
    for term, text in pairs:
        lines += [".TP", f"\\fB{escape(term)}\\fR", escape(text)]
    return lines


def retort_page(program, version, date, datadir):
    usage, description, options, commands, notes = parse_retort_help(run_help(program, "--help"), program)
    usage = re.sub(r"^retort\s*", "", usage)
    lines = header("retort", version, date, "retort --help")
    lines += [".SH NAME", f"retort \\- {escape(RETORT_SUMMARY)}"]
    lines += [".SH SYNOPSIS", ".B retort", synopsis(usage)]
    lines += [".SH DESCRIPTION", escape(description)]
    for note in notes:
        lines += [".PP", escape(note)]
    lines += [".SH OPTIONS"] + option_entries(options)
    lines += [".SH COMMANDS"]
    for name, _ in commands:
        command_usage, summary, details, command_options = parse_command_help(
            run_help(program, name, "--help"), program, name)
        lines += [f".SS {name}", ".B retort", synopsis(re.sub(r"^retort\s*", "", command_usage)), ".PP",
                  escape(summary)]
        for detail in details:
            lines += [".PP", escape(detail)]
        if command_options:
            lines += [".RS"] + option_entries(command_options) + [".RE"]
    lines += [".SH ENVIRONMENT"] + definitions([
        ("RETORT_CONFIG", "The project file or folder when -c is not given."),
        ("DATABASE_URL", "The database when neither --url, -e nor the project's default_env names one. "
                         "retort.ini expands ${VAR} and $VAR from the environment, so a URL or password "
                         "need not be written into it."),
        ("RETORT_PYTHON", "The Python interpreter an Alembic project's revisions run with when retort.ini names "
                          "none ([alembic] python); else python3 on PATH."),
        ("RETORT_NO_CACHE", "When 1, revision files are read and parsed every time, not kept in the cache."),
        ("XDG_CACHE_HOME", "The cache of parsed revision files is $XDG_CACHE_HOME/retort (~/.cache/retort)."),
    ])
    lines += [".SH FILES"] + definitions([
        ("retort.ini, alembic.ini", "The project, looked for in the current folder when neither -c nor "
                                    "RETORT_CONFIG names one."),
        (f"{datadir}/demo/", "A demo project in plain SQL (retort.ini, init.sql, versions/). retort-gui "
                             "copies it to $XDG_DATA_HOME/retort/demo with its dev.db when asked; on the command "
                             "line, copy it to a writable folder and create its dev.db from init.sql "
                             "(sqlite3 dev.db < init.sql) to run it."),
        (f"{datadir}/alembic-demo/", "The same project as an Alembic project (alembic.ini, .py revisions)."),
        (f"{datadir}/checklists/", "The maintenance-window checklists built into retort, to copy into a "
                                   "project's checklists/ folder and adapt."),
        (f"{datadir}/alembic/retort_alembic.py", "The helper through which retort runs an Alembic project's "
                                                 "own Alembic."),
    ])
    lines += [".SH SEE ALSO", "\\fBretort\\-gui\\fR(1), \\fBpg_dump\\fR(1), \\fBpg_restore\\fR(1), "
              "\\fBmysqldump\\fR(1), \\fBsqlite3\\fR(1)"]
    return lines


def gui_page(program, version, date, datadir):
    usage, description, options, arguments = parse_gui_help(run_help(program, "--help"), program)
    lines = header("retort-gui", version, date, "retort-gui --help")
    lines += [".SH NAME", f"retort-gui \\- {escape(GUI_SUMMARY)}"]
    lines += [".SH SYNOPSIS", ".B retort\\-gui", synopsis(usage)]
    lines += [".SH DESCRIPTION", escape(description), ".PP",
              escape("Without a project argument the window opens the last project; else it offers to open one, "
                     "the recent projects and the demo project (copied first to $XDG_DATA_HOME/retort/demo, "
                     "with its database made from init.sql). The command line, retort(1), does the same work "
                     "without a window.")]
    lines += [".SH OPTIONS"] + option_entries(options)
    if arguments:
        lines += [".SH ARGUMENTS"] + definitions(arguments)
    lines += [".SH ENVIRONMENT"] + definitions([
        ("DATABASE_URL, RETORT_PYTHON", "As for retort(1)."),
        ("QT_QPA_PLATFORM", "Qt's window system plugin; offscreen runs without a display."),
    ])
    lines += [".SH FILES"] + definitions([
        ("~/.config/Retort/retort-gui.conf", "The recent projects and the window's layout "
                                             "($XDG_CONFIG_HOME/Retort/retort-gui.conf)."),
        (f"{datadir}/demo/", "The demo project the window offers, copied before it opens: /usr/share is read-only."),
        ("~/.local/share/retort/demo/", "The copy of the demo project the window opens "
                                        "($XDG_DATA_HOME/retort/demo); delete it for a fresh one."),
    ])
    lines += [".SH SEE ALSO", "\\fBretort\\fR(1)"]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--retort", required=True, help="the built retort")
    parser.add_argument("--retort-gui", required=True, help="the built retort-gui")
    parser.add_argument("--version", required=True, help="the version the pages name")
    parser.add_argument("--date", required=True, help="the release date, YYYY-MM-DD")
    parser.add_argument("--datadir", required=True, help="where the packages install share/retort")
    parser.add_argument("--output-dir", required=True, help="folder for retort.1 and retort-gui.1")
    args = parser.parse_args()
    try:
        pages = {
            "retort.1": retort_page(args.retort, args.version, args.date, args.datadir),
            "retort-gui.1": gui_page(args.retort_gui, args.version, args.date, args.datadir),
        }
    except HelpError as error:
        print(f"manpage.py: {error}", file=sys.stderr)
        return 1
    for name, lines in pages.items():
        with open(os.path.join(args.output_dir, name), "w", encoding="utf-8") as page:
            page.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
