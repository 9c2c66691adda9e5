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
import sys
from collections.abc import Sequence

from shopcrm import __version__
from shopcrm.cli import command, customers, loyalty, migrate, shop, visits, vouchers
from shopcrm.cli.arguments import Parser, UsageError, refuse_broken_text
from shopcrm.cli.output import EXIT_USAGE, say
from shopcrm.config import default_database

FAMILIES = (customers, visits, loyalty, vouchers, shop, migrate)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="shopcrm",
        description="The customer app for the shop counter. With no command, starts the app.",
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
    for family in FAMILIES:
        command.register(sub, family.COMMANDS, family.FAMILIES)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        refuse_broken_text(arguments)
        args = build_parser().parse_args(arguments)
    except UsageError as exc:
        say(f"error: {exc}")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version, after printing
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    args.db = default_database() if args.db is None else args.db
    chosen: command.Command[object] | None = getattr(args, "command", None)
    if chosen is None:
        from shopcrm.ui.app import run

        return run(args.db)
    return command.run(chosen, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
