"""The open shop as something to back up, whichever engine holds it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import peewee

from shopcrm.db import database
from shopcrm.db.connection import busy_timeout_s
from shopcrm.db.sqlite_snapshot import Snapshot, change_marker, snapshot_into


@dataclass(frozen=True)
class Source:
    """``description`` names the shop in records and messages (a file, or a server and
    database, never a password); ``stem`` starts its backups' names."""

    description: str
    stem: str
    marker: Callable[[], str]
    snapshot_into: Callable[[Path], Snapshot]


def open_source() -> Source:
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase):
        path = str(Path(db.database).resolve())
        timeout = busy_timeout_s()
        return Source(
            path,
            Path(path).stem,
            lambda: change_marker(path),
            lambda target: snapshot_into(path, target, timeout),
        )
    from shopcrm.db.postgres_snapshot import postgres_marker, snapshot_postgres_into

    where = db.location.describe()
    stem = where.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "shop"
    return Source(
        where,
        stem,
        lambda: postgres_marker(db),
        lambda target: snapshot_postgres_into(db, target),
    )
