"""The loyalty ledger's arithmetic, as pure functions over its entries.

Points are earned in *lots* (one per earning entry) that expire a number of months after they
were earned. Spending (a redemption, a negative adjustment) takes from the oldest lots first;
an expiry takes the lot it names; a reversal takes from the very lot it reverses first. A
balance is always the sum of the entries; the lots only tell which points expire when.

The entries are replayed in the order they were written (their ids), not by their dates: a
visit entered after the fact is dated in the past, but its points did not exist when earlier
redemptions were made, so they cannot have paid for them. Among the lots that exist, "oldest"
is by the date earned.

:mod:`shopcrm.core.loyalty.lots` keeps the same lots in the database as each line is written (what
every lot still holds), so the counter never replays a ledger; this module is the reference it
is checked against (tests, ``shopcrm check``).
"""

from __future__ import annotations

import bisect
import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EntryKind(StrEnum):
    """The kinds of ledger line (stored in ``loyalty_entry.kind``)."""

    EARN = "earn"
    REDEEM = "redeem"
    ADJUST = "adjust"
    EXPIRE = "expire"
    REVERSE = "reverse"


EARN, REDEEM, ADJUST = EntryKind.EARN, EntryKind.REDEEM, EntryKind.ADJUST
EXPIRE, REVERSE = EntryKind.EXPIRE, EntryKind.REVERSE
KINDS = tuple(EntryKind)


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str
    stamps: int
    points: int
    created_at: datetime
    reverses_id: int | None = None
    visit_id: int | None = None
    lot_id: int | None = None  # the lot an expiry writes off


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


def _take(lot: Lot, wanted: int) -> int:
    taken = min(lot.remaining, wanted)
    lot.remaining -= taken
    return taken


def replay(entries: Iterable[Entry], expiry_months: int) -> list[Lot]:
    """Every earning lot with what it still holds, oldest first (spent lots included)."""
    lots: list[Lot] = []
    keys: list[tuple[datetime, int]] = []  # (earned, entry id) of ``lots``, for bisect
    by_entry: dict[int, Lot] = {}
    first_open = 0  # every lot before this one is empty: spending never rescans them
    for entry in sorted(entries, key=lambda e: e.id):
        if entry.points > 0:
            expires = add_months(entry.created_at, expiry_months) if expiry_months > 0 else None
            lot = Lot(entry.id, entry.created_at, expires, entry.points)
            key = (entry.created_at, entry.id)
            at = bisect.bisect(keys, key)  # the end, unless the visit was entered late
            keys.insert(at, key)
            lots.insert(at, lot)
            by_entry[entry.id] = lot
            first_open = min(first_open, at)
        elif entry.points < 0:
            wanted = -entry.points
            own = entry.lot_id if entry.kind == EXPIRE else entry.reverses_id
            if own in by_entry:
                wanted -= _take(by_entry[own], wanted)
            while wanted > 0 and first_open < len(lots):
                wanted -= _take(lots[first_open], wanted)
                if lots[first_open].remaining == 0:
                    first_open += 1
    return lots


def open_lots(entries: Iterable[Entry], expiry_months: int) -> list[Lot]:
    """The earning lots that still hold points, oldest first."""
    return [lot for lot in replay(entries, expiry_months) if lot.remaining > 0]


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
