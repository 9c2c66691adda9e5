"""What is known of each backup, kept in a small JSON file beside it.

``shop-20261207T102233Z.sqlite3`` has ``shop-20261207T102233Z.json`` beside it: when it was
taken, of which database, whether it verified, its rows per table and the source's change
marker at that moment (how the next backup knows whether anything changed). A backup that
failed leaves its JSON file alone, with the reason, so the list shows it as failed. One file
per backup rather than one list for the folder: two processes backing up at once (the app's
timer and a ``shopcrm backup`` from a script) never overwrite each other's entry, and a backup
copied elsewhere takes what is known of it along.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from shopcrm.db.private_files import create_private_file

#: How a backup came to be: taken in turn (kept by the retention rules), asked for into a
#: folder of the owner's (kept until the owner deletes it), or taken before a restore.
ROLLING, MANUAL, BEFORE_RESTORE = "rolling", "manual", "before-restore"
STAMP = "%Y%m%dT%H%M%SZ"
_MAX_RECORD_BYTES = 1_000_000


@dataclass(frozen=True)
class BackupRecord:
    path: Path  # the backup file (absent when the backup failed)
    time: datetime  # UTC, when the snapshot was taken
    source: str  # the database it is a copy of, as a person reads it
    how: str  # ROLLING, MANUAL or BEFORE_RESTORE
    verified: bool
    bytes: int = 0
    schema_version: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    marker: str = ""
    error: str = ""

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_stored(self) -> dict[str, object]:
        return {
            "file": self.path.name,
            "time": self.time.isoformat(),
            "source": self.source,
            "how": self.how,
            "verified": self.verified,
            "bytes": self.bytes,
            "schema_version": self.schema_version,
            "tables": self.tables,
            "marker": self.marker,
            "error": self.error,
        }


def record_path(backup: Path) -> Path:
    return backup.with_suffix(".json")


def backup_name(source_stem: str, when: datetime) -> str:
    """``shop-20261207T102233Z.sqlite3``; the stem keeps two shops' backups apart."""
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in source_stem)[:60] or "shop"
    return f"{stem}-{when.astimezone(UTC).strftime(STAMP)}.sqlite3"


def write_record(record: BackupRecord) -> None:
    """The record beside its backup, owner-only, written whole (temporary file, rename)."""
    target = record_path(record.path)
    temporary = target.with_name(f".{target.name}.part")
    temporary.unlink(missing_ok=True)
    create_private_file(temporary, must_be_new=True)
    try:
        with temporary.open("w", encoding="utf-8") as out:
            json.dump(record.to_stored(), out, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def read_records(folder: Path) -> list[BackupRecord]:
    """Every backup recorded in ``folder``, newest first; a record that cannot be read (cut
    short, written by hand) is left out rather than trusted."""
    try:
        candidates = sorted(folder.glob("*.json"))
    except OSError:
        return []
    found = [r for r in map(_read, candidates) if r is not None]
    return sorted(found, key=lambda r: r.time, reverse=True)


def _read(path: Path) -> BackupRecord | None:
    try:
        if not path.is_file() or path.stat().st_size > _MAX_RECORD_BYTES:
            return None
        stored = json.loads(path.read_text("utf-8"))
        when = datetime.fromisoformat(stored["time"])
        backup = path.with_name(str(stored["file"]))
        if backup.parent != path.parent or when.tzinfo is None:
            return None
        exists = backup.is_file()
        return BackupRecord(
            path=backup,
            time=when,
            source=str(stored["source"]),
            how=str(stored["how"]),
            verified=bool(stored["verified"]) and exists,
            bytes=backup.stat().st_size if exists else 0,
            schema_version=int(stored["schema_version"]),
            tables={str(k): int(v) for k, v in dict(stored["tables"]).items()},
            marker=str(stored["marker"]),
            error=str(stored["error"]) or ("" if exists else "the backup file is missing"),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
