"""``make_backup``: one backup of the open shop, verified before it is kept.

The copy is written under a temporary name (``.shop-….sqlite3.part``, owner-only from its
first byte), read back (``quick_check``, every table's rows equal to the source's at the
snapshot, the same schema version), flushed to the disk, and only then renamed into place: a
backup file with its final name is a backup that verified. One that fails leaves its record
(as failed, with the reason) and no file. A second folder (a USB stick) gets a copy of the
verified file, read back the same way; when it is not there it is skipped with a warning.
Rolling backups are then pruned (:mod:`.retention`).

SQLite shops are copied by :mod:`shopcrm.db.sqlite_snapshot`; PostgreSQL shops by
:mod:`shopcrm.db.postgres_snapshot` into the same kind of file, a SQLite shop.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from shopcrm.core.backup.folders import main_folder, ready_folder, second_folder
from shopcrm.core.backup.records import (
    MANUAL,
    ROLLING,
    BackupRecord,
    backup_name,
    read_records,
    write_record,
)
from shopcrm.core.backup.retention import Retention, to_prune
from shopcrm.core.backup.sources import Source, open_source
from shopcrm.core.errors import ShopError
from shopcrm.core.settings import ShopSettings, load
from shopcrm.core.validation import quoted
from shopcrm.db.private_files import create_private_file
from shopcrm.db.sqlite_snapshot import inspect_file


class BackupFailed(ShopError):
    """The backup could not be written or did not verify; it is recorded as failed."""


@dataclass(frozen=True)
class BackupResult:
    record: BackupRecord
    made: bool  # False: nothing changed since ``record``, the newest good backup
    warnings: list[str] = field(default_factory=list)
    pruned: list[Path] = field(default_factory=list)


def make_backup(
    to: Path | None = None,
    *,
    how: str | None = None,
    only_if_changed: bool = False,
    now: datetime | None = None,
) -> BackupResult:
    """Back up the open shop into ``to`` (a manual backup, kept until deleted) or the backups
    folder (a rolling one, pruned by the retention settings). With ``only_if_changed``, no
    backup is made when the shop's change marker equals the newest good backup's."""
    shop = load()
    source = open_source()
    folder = (
        ready_folder(to, create=False)
        if to is not None
        else ready_folder(main_folder(shop), create=True)
    )
    kind = how or (MANUAL if to is not None else ROLLING)
    if only_if_changed:
        marker = source.marker()
        last = next((r for r in read_records(folder) if _same(r, source) and r.verified), None)
        if last is not None and last.marker == marker:
            return BackupResult(last, made=False)
    record = _write(source, folder, kind, datetime.now(UTC))
    if not record.verified:
        raise BackupFailed(f"the backup did not verify: {record.error}")
    warnings: list[str] = []
    pruned: list[Path] = []
    if to is None:
        pruned += prune(folder, source, shop, now)
        extra = second_folder(shop)
        if extra is not None:
            warnings += _copy_to_second(record, extra)
            if extra.is_dir():
                pruned += prune(extra, source, shop, now)
    return BackupResult(record, made=True, warnings=warnings, pruned=pruned)


def _same(record: BackupRecord, source: Source) -> bool:
    return record.source == source.description


def _write(source: Source, folder: Path, how: str, when: datetime) -> BackupRecord:
    base = BackupRecord(
        folder / backup_name(source.stem, when), when, source.description, how, False
    )
    try:
        final, temporary = _claim(folder, source.stem, when)
        base = replace(base, path=final)
        try:
            snapshot = source.snapshot_into(temporary)
            facts = inspect_file(temporary, thorough=False)
            error = _mismatch(facts.problems, facts.tables, snapshot.tables)
            if not error and facts.schema_version != snapshot.schema_version:
                error = (
                    f"schema version {facts.schema_version},"
                    f" the shop's is {snapshot.schema_version}"
                )
            if not error:
                _flush(temporary)
                os.replace(temporary, final)
                _flush(folder)
        finally:
            temporary.unlink(missing_ok=True)
    except (OSError, sqlite3.Error, ShopError) as exc:
        failed = _failed(base, _reason(exc, folder))
        raise BackupFailed(f"the backup failed: {failed.error}") from None
    if error:
        return _failed(base, error)
    record = BackupRecord(
        final,
        when,
        source.description,
        how,
        verified=True,
        bytes=final.stat().st_size,
        schema_version=snapshot.schema_version,
        tables=snapshot.tables,
        marker=snapshot.marker,
    )
    write_record(record)
    return record


def _claim(folder: Path, stem: str, when: datetime) -> tuple[Path, Path]:
    """A name no other backup has, claimed by creating its temporary file (owner-only,
    exclusively: two processes backing up in the same second get two names)."""
    name = backup_name(stem, when)
    for number in range(1, 1000):
        final = folder / (name if number == 1 else name.replace(".sqlite3", f"-{number}.sqlite3"))
        temporary = folder / f".{final.name}.part"
        if final.exists() or final.with_suffix(".json").exists():
            continue
        try:
            create_private_file(temporary, must_be_new=True)
        except FileExistsError:
            continue
        return final, temporary
    raise BackupFailed(f"no free name for a backup in {quoted(str(folder), 120)}")


def _mismatch(problems: list[str], found: dict[str, int], expected: dict[str, int]) -> str:
    if problems:
        return problems[0]
    for table in sorted(set(found) | set(expected)):
        if found.get(table) != expected.get(table):
            return (
                f"the copy's table {table} has {found.get(table, 0):,} rows,"
                f" the shop had {expected.get(table, 0):,}"
            )
    return ""


def _failed(base: BackupRecord, error: str) -> BackupRecord:
    """Record the failure where the backup was to be (when even that can be written)."""
    failed = BackupRecord(base.path, base.time, base.source, base.how, False, error=error)
    with suppress(OSError):  # the full disk that failed the backup; the caller says so
        write_record(failed)
    return failed


def _reason(exc: BaseException, folder: Path) -> str:
    if isinstance(exc, OSError):
        return f"cannot write in {quoted(str(folder), 120)}: {exc.strerror or exc}"
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        if "full" in text:
            return f"the disk holding {quoted(str(folder), 120)} is full"
        return f"the copy could not be written: {text}"
    return str(exc)


def _flush(path: Path) -> None:
    """The file (or folder entry) on the disk, not just in the system's cache."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    handle = os.open(path, flags)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _copy_to_second(record: BackupRecord, folder: Path) -> list[str]:
    shown = quoted(str(folder), 120)
    if not folder.is_dir():
        return [
            f"the second backups folder {shown} is not there (a USB stick not plugged in?): skipped"
        ]
    target = folder / record.path.name
    temporary = folder / f".{target.name}.part"
    try:
        create_private_file(temporary, must_be_new=True)
        try:
            _copy_bytes(record.path, temporary)
            facts = inspect_file(temporary, thorough=False)
            error = _mismatch(facts.problems, facts.tables, record.tables)
            if error:
                return [f"the copy in the second backups folder did not verify: {error}"]
            _flush(temporary)
            os.replace(temporary, target)
            _flush(folder)
        finally:
            temporary.unlink(missing_ok=True)
        write_record(replace(record, path=target))
    except (OSError, sqlite3.Error) as exc:
        return [f"no copy in the second backups folder {shown}: {_reason(exc, folder)}"]
    return []


def _copy_bytes(source: Path, target: Path) -> None:
    """A finished backup is no live database, so its bytes are copied as they are (the copy
    is then read back like any backup): the second folder holds the very same file."""
    with source.open("rb") as reading, target.open("r+b") as writing:
        shutil.copyfileobj(reading, writing, 1024 * 1024)
        writing.flush()
        os.fsync(writing.fileno())


def prune(
    folder: Path, source: Source, shop: ShopSettings, now: datetime | None = None
) -> list[Path]:
    """Delete the rolling backups of ``source`` in ``folder`` the retention rules let go."""
    rules = Retention(shop.backups_daily, shop.backups_weekly, shop.backups_monthly)
    mine = [r for r in read_records(folder) if _same(r, source)]
    gone = []
    for record in to_prune(mine, rules, now or datetime.now(UTC)):
        try:
            record.path.unlink(missing_ok=True)
            record.path.with_suffix(".json").unlink(missing_ok=True)
        except OSError:
            continue
        gone.append(record.path)
    return gone
