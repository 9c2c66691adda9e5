"""``list_backups``: every backup in the backups folders, newest first, failed ones too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from shopcrm.core.backup.folders import main_folder, second_folder
from shopcrm.core.backup.records import ROLLING, BackupRecord, read_records
from shopcrm.core.backup.retention import Retention, kinds
from shopcrm.core.settings import load


@dataclass(frozen=True)
class BackupEntry:
    """One backup as the list shows it. ``kind`` is ``daily``, ``weekly`` or ``monthly``
    (the longest a rolling backup is kept for), ``manual`` or ``before-restore``; ``error``
    says why one failed (``verified`` is False then)."""

    path: Path
    time: datetime
    bytes: int
    verified: bool
    kind: str
    error: str
    source: str

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "time": self.time.isoformat(),
            "bytes": self.bytes,
            "verified": self.verified,
            "kind": self.kind,
            "error": self.error or None,
        }


def list_backups(folders: list[Path] | None = None) -> list[BackupEntry]:
    """The backups in ``folders`` (the backups folder and the second one, when there)."""
    shop = load()
    if folders is None:
        extra = second_folder(shop)
        folders = [main_folder(shop), *([extra] if extra is not None and extra.is_dir() else [])]
    rules = Retention(shop.backups_daily, shop.backups_weekly, shop.backups_monthly)
    entries: list[BackupEntry] = []
    for folder in folders:
        records = read_records(folder)
        slots: dict[Path, str] = {}
        for source in {r.source for r in records}:
            slots.update(kinds([r for r in records if r.source == source], rules))
        entries.extend(_entry(r, slots) for r in records)
    return sorted(entries, key=lambda e: e.time, reverse=True)


def _entry(record: BackupRecord, slots: dict[Path, str]) -> BackupEntry:
    kind = slots.get(record.path, "daily") if record.how == ROLLING else record.how
    return BackupEntry(
        record.path,
        record.time,
        record.bytes,
        record.verified,
        kind,
        record.error,
        record.source,
    )
