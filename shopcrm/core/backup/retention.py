"""Which rolling backups are kept: the newest of each of the last 12 days that have one, of
the last 10 weeks and of the last 9 months (the numbers are settings).

Days, weeks and months are counted among those that *have* a backup, not back from today: a
shop closed for a month comes back to the backups it had, not to an emptied folder. Two rules
come before every count: the newest backup is never deleted, and neither is a failed one
newer than the newest good one (it is how the owner sees that backing up stopped working).
A failed backup older than a good one says nothing any more and goes. Manual backups and
those taken before a restore are the owner's to delete. Everything here is decided from the
records and a given "now", so it is tested by dates alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from shopcrm.core.backup.records import ROLLING, BackupRecord


@dataclass(frozen=True)
class Retention:
    daily: int = 12
    weekly: int = 10
    monthly: int = 9


def _slots(
    good: Sequence[BackupRecord], count: int, period: Callable[[datetime], object]
) -> list[Path]:
    """The newest backup of each of the ``count`` newest periods (``good`` is newest first)."""
    kept: list[Path] = []
    seen: set[object] = set()
    for record in good:
        key = period(record.time.astimezone())
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.append(record.path)
    return kept


def kinds(records: Sequence[BackupRecord], rules: Retention) -> dict[Path, str]:
    """Each kept rolling backup's slot (``monthly``, ``weekly`` or ``daily``, the longest it
    is kept for), by file."""
    good = [r for r in _newest_first(records) if r.how == ROLLING and r.verified]
    found: dict[Path, str] = {}
    for name, count, period in _periods(rules):
        for path in _slots(good, count, period):
            found.setdefault(path, name)
    return found


def to_prune(
    records: Sequence[BackupRecord], rules: Retention, now: datetime
) -> list[BackupRecord]:
    """The rolling backups of one source to delete (see the module docstring)."""
    ordered = _newest_first(records)
    rolling = [r for r in ordered if r.how == ROLLING]
    if not rolling:
        return []
    good = [r for r in rolling if r.verified]
    keep: set[Path] = {rolling[0].path}
    keep.update(r.path for r in rolling if r.time > now)  # the clock went back: not judged now
    if good:
        keep.add(good[0].path)
        keep.update(r.path for r in rolling if not r.verified and r.time > good[0].time)
        for _, count, period in _periods(rules):
            keep.update(_slots(good, count, period))
    else:
        keep.update(r.path for r in rolling)  # nothing good yet: every attempt stays visible
    return [r for r in rolling if r.path not in keep]


def _periods(rules: Retention) -> list[tuple[str, int, Callable[[datetime], object]]]:
    return [
        ("monthly", rules.monthly, lambda t: (t.year, t.month)),
        ("weekly", rules.weekly, lambda t: t.isocalendar()[:2]),
        ("daily", rules.daily, lambda t: t.date()),
    ]


def _newest_first(records: Sequence[BackupRecord]) -> list[BackupRecord]:
    return sorted(records, key=lambda r: r.time, reverse=True)
