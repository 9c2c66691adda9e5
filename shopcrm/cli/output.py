"""What every command shares: JSON on stdout (a stable contract), messages on stderr."""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def emit_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def say(message: str) -> None:
    print(message, file=sys.stderr)


def open_db(args: argparse.Namespace) -> None:
    from shopcrm.db import open_database

    open_database(args.db)


def staff_id(args: argparse.Namespace) -> int | None:
    """The staff member named by ``--staff`` (name or id), else who is at the till by default."""
    from shopcrm.core.staff import default_staff, find_staff

    member = find_staff(getattr(args, "staff", None)) or default_staff()
    return member.id if member else None


def add_staff_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--staff", metavar="NAME", help="who does it (default: the shop owner)")
