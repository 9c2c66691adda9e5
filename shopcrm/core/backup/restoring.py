"""``restore_backup``: a backup put back in place of the shop's database, checked first.

Nothing is replaced until the backup has shown it can be trusted: the file must be an
ordinary file, a SQLite database that passes ``integrity_check``, a shopcrm shop (not another
program's database), and of a schema version this shopcrm knows; a copy of it is then made
beside the database (owner-only) and read back the same way. The database as it is now is
backed up first (a ``before-restore`` backup, never pruned); one too damaged to be read is
kept beside itself instead (``shop.sqlite3`` → ``shop.replaced-20261207T102233Z.sqlite3``).

The replacement itself is one rename, so the database is at any moment either the old one or
the restored one. A database in WAL mode may hold committed data in its ``-wal`` file, which
a new file under the same name must not inherit (SQLite would apply the old log to it): the
old database is checkpointed and switched out of WAL mode first, which SQLite allows only
when no other connection has it open, so a till still using it is refused, not overwritten.

A PostgreSQL shop is restored by copying the backup (a SQLite shop) into it in one
transaction (:mod:`shopcrm.db.postgres_snapshot`); a failure rolls it all back.

Customers erased since the backup was taken are erased again in the restored shop, from the
journal kept beside the backups (:mod:`shopcrm.core.privacy.journal`).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from shopcrm.core import audit
from shopcrm.core.backup.making import BackupFailed, make_backup
from shopcrm.core.backup.records import BEFORE_RESTORE, STAMP
from shopcrm.core.errors import ShopError
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.privacy.journal import ShopIdentity, identity, reapply
from shopcrm.db import close, open_database, write_transaction
from shopcrm.db.connection import busy_timeout_s
from shopcrm.db.instance_lock import holder
from shopcrm.db.locations import DatabaseLocation, path_refusal
from shopcrm.db.migrations import LATEST
from shopcrm.db.models import Staff
from shopcrm.db.private_files import create_private_file
from shopcrm.db.sqlite_snapshot import FileFacts, copy_file_into, inspect_file, open_elsewhere
from shopcrm.db.storage_errors import StorageError


class RestoreRefused(ShopError):
    """The backup cannot be restored, or not now; nothing was changed."""


@dataclass(frozen=True)
class RestoreResult:
    restored: Path  # the backup that was put back
    database: str  # where, as a person reads it
    kept: Path | None  # the database as it was before (a backup, or the damaged file kept)
    rows: int
    erased_again: int = 0  # customers erased since the backup, erased again


def check_backup_file(file: Path) -> FileFacts:
    """The backup's facts once it can be trusted; :class:`RestoreRefused` with the first
    reason otherwise."""
    facts = inspect_file(file)
    if facts.problems:
        raise RestoreRefused(f"the backup cannot be restored: {facts.problems[0]}")
    if facts.schema_version > LATEST:
        raise RestoreRefused(
            f"the backup has schema version {facts.schema_version}, this shopcrm knows only up to"
            f" {LATEST}: update shopcrm to restore it"
        )
    return facts


def app_holding(database_path: str) -> str | None:
    """Who has the SQLite database at ``database_path`` open, in one line, or None: the one
    question a restore asks before it starts.

    First a shopcrm window, which holds the shop's instance lock and says which process on
    which computer it is (:func:`shopcrm.db.instance_lock.holder`); then anything else with a
    connection open (a command, another program): every connection to a WAL database holds a
    shared lock on one byte of its ``-shm`` file, so when that byte cannot be locked
    exclusively another process has the database open
    (:func:`shopcrm.db.sqlite_snapshot.open_elsewhere`). Call it with no connection of this
    process open on the database, as the restore does."""
    app = holder(database_path)
    if app:
        return app
    return "another program has this database open" if open_elsewhere(database_path) else None


def restore_backup(
    file: Path, location: DatabaseLocation, *, owner: OwnerProof | None = None
) -> RestoreResult:
    """Put the backup ``file`` back as the shop at ``location`` (see the module docstring).
    Owner only, judged by the shop as it is now: see :func:`_owner_may_restore`."""
    facts = check_backup_file(file)
    who = _owner_may_restore(location, owner)
    shop = _journal_identity(location)
    if location.kind == "postgresql":
        result = _restore_postgresql(file, location, facts)
    else:
        result = _restore_sqlite(file, location, facts)
    _record_restore(location, result, who)
    return replace(result, erased_again=_erase_again(location, shop, file.parent))


def _journal_identity(location: DatabaseLocation) -> ShopIdentity | None:
    """The shop being replaced's erasure journal, when it can be opened (else the backup's
    own, found after the restore: see :func:`_erase_again`)."""
    if location.kind != "postgresql" and not Path(location.target).exists():
        return None
    try:
        open_database(location)
        return identity()
    except ShopError:
        return None
    finally:
        close()


def _erase_again(location: DatabaseLocation, shop: ShopIdentity | None, folder: Path) -> int:
    open_database(location)
    try:
        restored = identity()
        shop = shop or restored
        return reapply(shop, [shop.folder, folder, restored.folder])
    finally:
        close()


def _record_restore(location: DatabaseLocation, result: RestoreResult, who: _Who) -> None:
    """The restore as the restored shop's first new audit row. Opening it also brings an
    older backup's schema up to date (as the next start would), audit table included."""
    open_database(location)
    try:
        with write_transaction():
            change = {"backup": str(result.restored), "rows": result.rows}
            if result.kept is not None:
                change["kept"] = str(result.kept)
            audit.record(
                "backup.restore", result.restored.name, change, staff_id=who[0], staff_name=who[1]
            )
    finally:
        close()


_Who = tuple[int | None, str | None]


def _owner_may_restore(location: DatabaseLocation, owner: OwnerProof | None) -> _Who:
    """:func:`~shopcrm.core.owner.require_owner` against the shop being replaced. A shop that
    cannot be opened (missing, or too damaged: the very case restore is for) cannot say
    whether it has a PIN, so it does not stop the restore; whoever can damage the file can
    replace it anyway."""
    if location.kind != "postgresql" and not Path(location.target).exists():
        return None, None
    try:
        open_database(location)
    except ShopError:
        close()
        return None, None
    try:
        require_owner(owner, "restore a backup")
        if owner is None:
            return None, None
        row = Staff.get_or_none(Staff.id == owner.staff_id)
        return owner.staff_id, row.name if row else None
    finally:
        close()


def _restore_sqlite(file: Path, location: DatabaseLocation, facts: FileFacts) -> RestoreResult:
    target = Path(location.target).absolute()
    refusal = path_refusal(target)
    if refusal:
        raise RestoreRefused(refusal)
    in_use = app_holding(str(target))
    if in_use:
        raise RestoreRefused(
            f"{in_use}: close it, then restore (the database is in use; nothing changed)"
        )
    if file.resolve() == target.resolve():
        raise RestoreRefused(f"{file} is the shop's database itself, not a backup of it")
    temporary = target.with_name(f".{target.name}.restoring.part")
    temporary.unlink(missing_ok=True)
    try:
        create_private_file(temporary, must_be_new=True)
        copy_file_into(file, temporary)
        copied = inspect_file(temporary, thorough=False)  # a page copy of a checked file
        if copied.problems or copied.tables != facts.tables:
            raise RestoreRefused(f"the copy of {file} did not read back the same: nothing changed")
        kept = _keep_current(location, target) if target.exists() else None
        os.replace(temporary, target)
        _flush_folder(target.parent)
    except OSError as exc:
        raise RestoreRefused(
            f"could not write beside {target}: {exc.strerror or exc}; nothing changed"
        ) from None
    except sqlite3.Error as exc:
        raise RestoreRefused(f"{file} could not be copied: {exc}; nothing changed") from None
    finally:
        temporary.unlink(missing_ok=True)
    return RestoreResult(file, str(target), kept, sum(facts.tables.values()))


def _keep_current(location: DatabaseLocation, target: Path) -> Path:
    """Back up the database about to be replaced and release its log; the backup's path."""
    try:
        open_database(location)
        try:
            kept = make_backup(how=BEFORE_RESTORE).record.path
        finally:
            close()
    except (StorageError, BackupFailed) as exc:
        if not _unreadable(exc):
            raise RestoreRefused(f"the database could not be backed up first: {exc}") from None
        return _set_aside(target)
    _release_log(target)
    return kept


def _unreadable(exc: ShopError) -> bool:
    return "damaged" in str(exc) or "not a shopcrm database" in str(exc) or "integrity" in str(exc)


def _set_aside(target: Path) -> Path:
    """A database too damaged to back up, kept beside itself under another name."""
    stamp = datetime.now(UTC).strftime(STAMP)
    aside = target.with_name(f"{target.stem}.replaced-{stamp}{target.suffix or '.sqlite3'}")
    os.link(target, aside)
    for tail in ("-wal", "-shm"):
        log = Path(f"{target}{tail}")
        if log.exists():
            os.replace(log, Path(f"{aside}{tail}"))
    return aside


def _release_log(target: Path) -> None:
    """Checkpoint the old database's log into it and leave WAL mode, so no ``-wal`` is left
    for the restored file to inherit; refused while another connection has it open."""
    connection = sqlite3.connect(target, timeout=min(busy_timeout_s(), 2.0), isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        mode = "wal"
    finally:
        connection.close()
    if str(mode).lower() != "delete":
        raise RestoreRefused(
            f"{target} is open in another program (a till running shopcrm?): close it, then"
            " restore; nothing changed (a backup of it was taken)"
        )


def _flush_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _restore_postgresql(file: Path, location: DatabaseLocation, facts: FileFacts) -> RestoreResult:
    from shopcrm.db.postgres_snapshot import restore_into_postgres

    db = open_database(location)
    try:
        kept = make_backup(how=BEFORE_RESTORE).record.path
        restore_into_postgres(db, file)
    finally:
        close()
    return RestoreResult(file, location.describe(), kept, sum(facts.tables.values()))
