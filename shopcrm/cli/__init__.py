"""The ``shopcrm`` command: starts the app, or runs one use case from the shell.

The command line is a client of ``core`` just like the GUI. Each command is declared once
(:mod:`shopcrm.cli.command`): its arguments, the core call, its text and JSON output; the
database is opened and errors become exit codes in one place. Qt is imported only when the GUI
starts, and core only when a command runs, so scripted use and ``--help`` stay fast and work on
machines without a display. ``--json`` output goes to stdout alone and is a stable contract;
messages and errors go to stderr, one line each, and any failure exits non-zero (2 for a
command line that cannot be understood).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from shopcrm import __version__
from shopcrm.cli.arguments import Parser, UsageError, refuse_broken_text
from shopcrm.cli.output import EXIT_USAGE, say
from shopcrm.config import default_database


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without ``commands`` only the options of starting the app
    (``--db``), which is all a plain start needs: the commands' modules are not loaded."""
    parser = Parser(
        prog="shopcrm",
        description="The customer app for the shop counter. With no command, starts the app.",
        add_help=commands,
    )
    if not commands:
        parser.add_argument("--db", default=None)
        return parser
    from shopcrm.cli import (
        audit,
        backup,
        command,
        customers,
        export,
        first_start,
        followups,
        importing,
        loyalty,
        migrate,
        relationships,
        shop,
        visits,
        vouchers,
    )

    parser.add_argument("--version", action="version", version=f"shopcrm {__version__}")
    parser.add_argument(
        "--db",
        default=None,
        metavar="PATH|URL",
        help="the shop's database: a SQLite file path or a postgresql:// URL (default:"
        " SHOPCRM_DB, the database chosen in the settings, or a file in the user data folder)",
    )
    sub = parser.add_subparsers(dest="command_name", metavar="COMMAND")
    for family in (
        first_start,
        customers,
        visits,
        followups,
        loyalty,
        vouchers,
        relationships,
        shop,
        importing,
        backup,
        export,
        audit,
        migrate,
    ):
        command.register(sub, family.COMMANDS, family.FAMILIES)
    return parser


def _app_start(arguments: list[str]) -> argparse.Namespace | None:
    """The arguments when they only start the app (nothing, or ``--db`` and its value);
    None when anything else is there (a command, ``--help``, a mistake): the whole parser
    reads those."""
    if len(arguments) > 2 or any(not a.startswith("--db") for a in arguments[:1]):
        return None
    try:
        args, rest = build_parser(commands=False).parse_known_args(arguments)
    except UsageError:
        return None
    return None if rest else args


def _start_app(database: str, *, whole_process: bool, first_start: bool = False) -> int:
    """The window on ``database``; when the app is the whole process, with the collector
    paused while it starts and frozen when it ends (:mod:`shopcrm.collector`).
    ``first_start``: ``database`` is the default shop, set up on the first-run page when new."""
    from shopcrm import collector

    if whole_process:
        collector.pause_for_start()
    try:
        from shopcrm.ui.app import run

        return run(database, first_start=first_start)
    finally:
        if whole_process:
            collector.freeze_for_exit()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (the process's own when None); the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        refuse_broken_text(arguments)
        args = _app_start(arguments) or build_parser().parse_args(arguments)
    except UsageError as exc:
        say(f"error: {exc}")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version, after printing
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    # Named with --db or SHOPCRM_DB, the database is opened as it is (a script's new file
    # becomes a shop with default settings); the default shop gets the first-run page.
    default = args.db is None and not os.environ.get("SHOPCRM_DB")
    args.db = default_database() if args.db is None else args.db
    chosen = getattr(args, "command", None)
    if chosen is None:
        return _start_app(args.db, whole_process=argv is None, first_start=default)
    from shopcrm.cli import command

    return command.run(chosen, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
