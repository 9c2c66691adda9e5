"""The loyalty ledger's arithmetic, as pure functions over its entries.

Points are earned in *lots* (one per earning entry) that expire a number of months after they
were earned. Spending (a redemption, an expiry, a negative adjustment) takes from the oldest
lots first; a reversal takes from the very lot it reverses first. A balance is always the sum
of the entries; the lots only tell which points expire when.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

EARN, REDEEM, ADJUST, EXPIRE, REVERSE = "earn", "redeem", "adjust", "expire", "reverse"
KINDS = (EARN, REDEEM, ADJUST, EXPIRE, REVERSE)


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str
    stamps: int
    points: int
    created_at: datetime
    reverses_id: int | None = None
    visit_id: int | None = None


@dataclass
class Lot:
    entry_id: int
    earned_at: datetime
    expires_at: datetime | None
    remaining: int


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` later (the month's last day when it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _ordered(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.created_at, e.id))


def _take(lot: Lot, wanted: int) -> int:
    taken = min(lot.remaining, wanted)
    lot.remaining -= taken
    return taken


def open_lots(entries: Iterable[Entry], expiry_months: int) -> list[Lot]:
    """The earning lots that still hold points, oldest first."""
    lots: list[Lot] = []
    by_entry: dict[int, Lot] = {}
    first_open = 0  # every lot before this one is empty: spending never rescans them
    for entry in _ordered(entries):
        if entry.points > 0:
            expires = add_months(entry.created_at, expiry_months) if expiry_months > 0 else None
            lot = Lot(entry.id, entry.created_at, expires, entry.points)
            lots.append(lot)
            by_entry[entry.id] = lot
        elif entry.points < 0:
            wanted = -entry.points
            if entry.reverses_id in by_entry:
                wanted -= _take(by_entry[entry.reverses_id], wanted)
            while wanted > 0 and first_open < len(lots):
                wanted -= _take(lots[first_open], wanted)
                if lots[first_open].remaining == 0:
                    first_open += 1
    return [lot for lot in lots if lot.remaining > 0]


def points_balance(entries: Iterable[Entry]) -> int:
    return sum(e.points for e in entries)


def stamps_balance(entries: Iterable[Entry]) -> int:
    return sum(e.stamps for e in entries)


def due_expiries(entries: Iterable[Entry], expiry_months: int, now: datetime) -> list[Lot]:
    """Lots whose points have expired by ``now`` and are not yet written off."""
    if expiry_months <= 0:
        return []
    return [
        lot
        for lot in open_lots(entries, expiry_months)
        if lot.expires_at is not None and lot.expires_at <= now
    ]


def next_expiry(
    entries: Iterable[Entry], expiry_months: int, now: datetime
) -> tuple[datetime, int] | None:
    """When the next points expire after ``now``, and how many."""
    return expiry_outlook(entries, expiry_months, now)[1]


def expiry_outlook(
    entries: Iterable[Entry], expiry_months: int, now: datetime
) -> tuple[int, tuple[datetime, int] | None]:
    """Points already expired but not written off, and the next expiry: one pass over the
    lots, for the card (a regular's ledger runs to thousands of lines)."""
    if expiry_months <= 0:
        return 0, None
    due = 0
    upcoming: dict[datetime, int] = {}
    for lot in open_lots(entries, expiry_months):
        if lot.expires_at is None:
            continue
        if lot.expires_at <= now:
            due += lot.remaining
        else:
            upcoming[lot.expires_at] = upcoming.get(lot.expires_at, 0) + lot.remaining
    if not upcoming:
        return due, None
    first = min(upcoming)
    return due, (first, upcoming[first])
