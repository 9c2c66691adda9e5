"""Which rolling backups are kept, decided by dates alone ("now" given)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from shopcrm.core.backup.records import MANUAL, ROLLING, BackupRecord
from shopcrm.core.backup.retention import Retention, kinds, to_prune

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
DEFAULT = Retention()


def _backup(when: datetime, *, verified: bool = True, how: str = ROLLING) -> BackupRecord:
    name = f"shop-{when.strftime('%Y%m%dT%H%M%SZ')}.sqlite3"
    return BackupRecord(Path("/b") / name, when, "/shop.sqlite3", how, verified)


def _every(hours: int, days: int) -> list[BackupRecord]:
    return [_backup(NOW - timedelta(hours=h)) for h in range(0, days * 24, hours)]


def _kept(records: list[BackupRecord], rules: Retention = DEFAULT) -> list[BackupRecord]:
    gone = {r.path for r in to_prune(records, rules, NOW)}
    return [r for r in records if r.path not in gone]


def test_a_year_of_backups_every_six_hours_keeps_days_weeks_and_months() -> None:
    records = _every(6, 400)
    kept = _kept(records)
    assert kept[0] == records[0]  # the newest
    assert len(kept) <= 12 + 10 + 9
    days = {r.time.astimezone().date() for r in kept}
    newest_days = sorted({r.time.astimezone().date() for r in records}, reverse=True)[:12]
    assert set(newest_days) <= days
    for period, count in (
        (lambda t: (t.year, t.month), 9),
        (lambda t: t.isocalendar()[:2], 10),
    ):
        newest: dict[object, BackupRecord] = {}
        for r in records:
            newest.setdefault(period(r.time.astimezone()), r)
        assert list(newest.values())[:count] == [
            r for r in kept if r in list(newest.values())[:count]
        ]
    assert records[-1] not in kept  # the oldest, 400 days back, went
    # Each kept day holds one backup: its newest.
    for day in days:
        same_day = [r for r in records if r.time.astimezone().date() == day]
        assert [r for r in kept if r.time.astimezone().date() == day] == [same_day[0]]


def test_days_without_a_backup_do_not_count() -> None:
    """A shop closed for two months keeps the backups it had before."""
    before = [_backup(NOW - timedelta(days=60 + d)) for d in range(5)]
    kept = _kept([_backup(NOW), *before], Retention(daily=6, weekly=0, monthly=0))
    assert len(kept) == 6


def test_the_newest_backup_is_never_deleted_even_with_nothing_to_keep() -> None:
    records = _every(24, 5)
    kept = _kept(records, Retention(daily=1, weekly=0, monthly=0))
    assert kept == [records[0]]


def test_failed_backups_newer_than_the_newest_good_one_stay() -> None:
    good = _backup(NOW - timedelta(days=3))
    failed = [_backup(NOW - timedelta(days=d), verified=False) for d in (0, 1, 2)]
    old_failed = _backup(NOW - timedelta(days=4), verified=False)
    kept = _kept([*failed, good, old_failed], Retention(daily=1, weekly=0, monthly=0))
    assert kept == [*failed, good]


def test_nothing_is_pruned_before_a_good_backup_exists() -> None:
    failed = [_backup(NOW - timedelta(days=d), verified=False) for d in range(30)]
    assert to_prune(failed, Retention(daily=1, weekly=0, monthly=0), NOW) == []


def test_manual_backups_and_those_after_now_are_never_pruned() -> None:
    manual = [_backup(NOW - timedelta(days=d), how=MANUAL) for d in range(40)]
    future = _backup(NOW + timedelta(days=2))
    rolling = _every(24, 30)
    gone = to_prune([future, *manual, *rolling], Retention(daily=2, weekly=0, monthly=0), NOW)
    assert gone and all(r.how == ROLLING and r.time <= NOW for r in gone)
    assert future not in gone


def test_kinds_name_the_longest_slot() -> None:
    records = _every(24, 100)
    found = kinds(records, Retention())
    assert found[records[0].path] == "monthly"
    assert set(found.values()) == {"daily", "weekly", "monthly"}
    assert sum(1 for k in found.values() if k == "daily") <= 12
