"""``shopcrm backup``, ``backups list`` and ``restore``: the core calls of
:mod:`shopcrm.core.backup`, their text and their ``--json``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shopcrm.cli.arguments import staff_reference
from shopcrm.cli.command import Command, arg
from shopcrm.cli.output import say

if TYPE_CHECKING:
    from shopcrm.core.backup import BackupEntry, BackupResult, RestoreResult
    from shopcrm.core.owner import OwnerProof

FAMILIES = {"backups": "the backups of the shop"}


def backup(args: argparse.Namespace) -> BackupResult:
    from shopcrm.core.backup import make_backup
    from shopcrm.core.errors import ValidationError

    if args.to is not None and not args.to.strip():
        raise ValidationError({"to": "say which folder, e.g. --to /media/usb-stick"})
    return make_backup(_path(args.to) if args.to is not None else None)


def _path(text: str) -> Path:
    """A path as typed, ``~`` expanded when it can be (``~nobody`` stays as it is)."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return Path(text)


def _megabytes(size: int) -> str:
    from shopcrm.core import formats

    return formats.current().megabytes(size)


def show_backup(result: BackupResult, _: argparse.Namespace) -> None:
    for warning in result.warnings:
        say(f"warning: {warning}")
    print(f"Backed up to {result.record.path} ({_megabytes(result.record.bytes)}, verified)")


def backup_json(result: BackupResult) -> dict[str, object]:
    for warning in result.warnings:
        say(f"warning: {warning}")
    record = result.record
    return {
        "path": str(record.path),
        "bytes": record.bytes,
        "verified": record.verified,
        "warnings": result.warnings,
    }


def backups_list(_: argparse.Namespace) -> list[BackupEntry]:
    from shopcrm.core.backup import list_backups

    return list_backups()


def _when(moment: datetime) -> str:
    from shopcrm.core import formats

    return formats.current().date_time(moment)


def show_list(entries: list[BackupEntry], _: argparse.Namespace) -> None:
    if not entries:
        say("No backups yet.")
    for e in entries:
        when = _when(e.time)
        state = "verified" if e.verified else f"FAILED: {e.error}"
        print(f"{when}  {e.kind:<14} {_megabytes(e.bytes):>10}  {state}  {e.path}")


def restore(args: argparse.Namespace) -> RestoreResult:
    from shopcrm.core.backup import check_backup_file, restore_backup
    from shopcrm.core.errors import ShopError
    from shopcrm.db import parse_location

    location = parse_location(args.db)
    file = _path(args.file)
    check_backup_file(file)
    if not args.yes:
        if not sys.stdin.isatty():
            raise ShopError(
                "restore replaces the shop's database: add --yes to confirm (there is no"
                " terminal to ask on)"
            )
        answer = input(f"Replace the shop at {location.describe()} with {file}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            raise ShopError("not restored: nothing changed")
    return restore_backup(file, location, owner=_restore_proof(args))


def _restore_proof(args: argparse.Namespace) -> OwnerProof | None:
    """The owner's proof, asked of the shop about to be replaced; None when it has no PIN or
    cannot be opened (core then lets the restore through, see ``restore_backup``)."""
    from shopcrm.cli.owner_pin import owner_proof
    from shopcrm.core.errors import ShopError
    from shopcrm.core.staff import acting_staff
    from shopcrm.db import close, open_database, parse_location

    location = parse_location(args.db)
    if location.kind != "postgresql" and not Path(location.target).exists():
        return None
    try:
        open_database(location)
    except ShopError:  # damaged, too new: core lets the restore judge it
        close()
        return None
    try:
        return owner_proof(acting_staff(args.staff))
    finally:
        close()


def restore_json(result: RestoreResult) -> dict[str, object]:
    return {
        "restored": str(result.restored),
        "database": result.database,
        "kept": str(result.kept) if result.kept is not None else None,
        "rows": result.rows,
        "erased_again": result.erased_again,
    }


def show_restore(result: RestoreResult, _: argparse.Namespace) -> None:
    kept = f"; the database as it was is kept in {result.kept}" if result.kept else ""
    print(f"Restored {result.restored} into {result.database}{kept}")
    if result.erased_again:
        print(f"Erased again: {result.erased_again} customers erased since the backup was taken")


COMMANDS: tuple[Command[Any], ...] = (
    Command(
        ("backup",),
        "back up the shop now, verified (into the backups folder, or --to a folder)",
        backup,
        args=(
            arg(
                "--to",
                metavar="DIR",
                help="a folder of your own (a manual backup, never deleted by shopcrm)",
            ),
        ),
        json=backup_json,
        text=show_backup,
    ),
    Command(
        ("backups", "list"),
        "every backup in the backups folders, failed ones too",
        backups_list,
        json=lambda entries: [e.to_json() for e in entries],
        text=show_list,
    ),
    Command(
        ("restore",),
        "put a backup back in place of the shop (the shop as it is is backed up first)",
        restore,
        args=(
            arg("file", metavar="FILE", help="the backup file"),
            arg("--yes", action="store_true", help="do not ask (needed without a terminal)"),
            arg(
                "--staff",
                type=staff_reference,
                metavar="NAME|ID",
                help="the owner who restores; the PIN from $SHOPCRM_PIN or asked"
                " (default: the shop owner)",
            ),
        ),
        json=restore_json,
        text=show_restore,
        database=False,
    ),
)
