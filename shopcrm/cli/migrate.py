"""``shopcrm migrate-to postgresql://…``: move the SQLite shop (``--db``) onto a server.

The copy, its checks and its refusals are :mod:`shopcrm.db.copy_shop`'s; this prints a
progress bar on stderr when it is a terminal, and the verified result.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import say

if TYPE_CHECKING:
    from shopcrm.core.formats import ShopFormats
    from shopcrm.db.copy_shop import CopyReport

FAMILIES: dict[str, str] = {}
_BAR = 30


def migrate_to(args: argparse.Namespace) -> CopyReport:
    from shopcrm.db import DatabaseLocationError, parse_location
    from shopcrm.db.copy_shop import copy_shop

    source = parse_location(args.db)
    if source.kind != "sqlite":
        raise DatabaseLocationError(
            "migrate-to copies a SQLite shop: give its file with --db (or SHOPCRM_DB)"
        )
    shown = [0.0]
    bar = sys.stderr.isatty()
    number = _unopened_shop().number  # taken now: the bar is drawn inside the copy

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if bar and (now - shown[0] > 0.25 or done == total):
            shown[0] = now
            filled = _BAR * done // total if total else _BAR
            print(
                f"\r{stage:<9} [{'#' * filled}{'.' * (_BAR - filled)}]"
                f" {number(done)} / {number(total)} rows",
                end="",
                file=sys.stderr,
                flush=True,
            )

    try:
        return copy_shop(source.target, args.url, progress)
    finally:
        if bar:
            print(file=sys.stderr)


def _unopened_shop() -> ShopFormats:
    """How figures are written while no shop is open (the file is copied, never opened as a
    shop): the way a new shop on this computer writes them."""
    from shopcrm.core import formats, settings

    return formats.formats_for(settings.ShopSettings())


def _told(report: CopyReport, _: argparse.Namespace) -> None:
    shop = _unopened_shop()
    say(
        f"Copied {shop.number(report.rows)} rows of {report.source} into {report.target} in"
        f" {shop.number(round(report.seconds, 1))} s; verified: the row count and checksum of"
        f" each of its {shop.number(len(report.tables))} tables match. The SQLite file was not"
        " changed."
    )


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("migrate-to",),
        "copy the SQLite shop (--db) into an empty PostgreSQL database, and verify it",
        migrate_to,
        args=(arg("url", metavar="postgresql://…", help="the empty target database"),),
        json=lambda report: report.to_json(),
        text=_told,
        database=False,
    ),
)
