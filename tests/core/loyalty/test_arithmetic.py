"""The loyalty ledger's pure arithmetic (``core.loyalty.arithmetic``), checked with hypothesis.

A run of random counter operations (earn, redeem, take points away, void an earlier visit,
write expired points off) is applied the way ``shopcrm.core.loyalty.account`` applies them, and the
ledger's answers are compared with a small independent model of the lots.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopcrm.core.loyalty import ADJUST, EARN, EXPIRE, REDEEM, REVERSE, add_months
from shopcrm.core.loyalty.arithmetic import (
    Entry,
    due_expiries,
    next_expiry,
    open_lots,
    points_balance,
    stamps_balance,
)

T0 = datetime(2024, 1, 31, 9, 30, tzinfo=UTC)  # a month end, a leap year: add_months' edges


def months_later(moment: datetime, months: int) -> datetime:
    """An independent add_months: count months from year 0, clamp the day."""
    index = moment.year * 12 + (moment.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return moment.replace(year=year, month=month0 + 1, day=min(moment.day, last))


# -- add_months ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2023, 1, 31), 1, datetime(2023, 2, 28)),
        (datetime(2024, 1, 31), 1, datetime(2024, 2, 29)),  # leap year
        (datetime(2024, 3, 31), 1, datetime(2024, 4, 30)),
        (datetime(2024, 2, 29), 12, datetime(2025, 2, 28)),
        (datetime(2024, 2, 29), 48, datetime(2028, 2, 29)),
        (datetime(2024, 12, 15), 1, datetime(2025, 1, 15)),
        (datetime(2024, 11, 30), 3, datetime(2025, 2, 28)),
        (datetime(2024, 5, 31), 0, datetime(2024, 5, 31)),
        (datetime(2024, 1, 31), 25, datetime(2026, 2, 28)),
        (datetime(2024, 3, 31), -1, datetime(2024, 2, 29)),
        (datetime(2024, 1, 15), -1, datetime(2023, 12, 15)),
    ],
)
def test_add_months_edges(start: datetime, months: int, expected: datetime) -> None:
    assert add_months(start, months) == expected


def test_add_months_keeps_time_and_zone() -> None:
    moment = datetime(2024, 1, 31, 23, 59, 58, 123456, tzinfo=UTC)
    later = add_months(moment, 1)
    assert later == datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=UTC)
    assert later.tzinfo is UTC


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31)),
    months=st.integers(min_value=0, max_value=240),
)
def test_add_months_matches_model(moment: datetime, months: int) -> None:
    later = add_months(moment, months)
    assert later == months_later(moment, months)
    assert (later.year * 12 + later.month) - (moment.year * 12 + moment.month) == months
    assert later.time() == moment.time()
    assert later >= moment
    # monotone: a later start never expires earlier
    assert add_months(moment + timedelta(days=1), months) >= later


# -- small hand-made ledgers ---------------------------------------------------------------


def earn(i: int, points: int, at: datetime, stamps: int = 0) -> Entry:
    return Entry(i, EARN, stamps, points, at)


def test_balance_is_the_sum_of_entries() -> None:
    entries = [
        earn(1, 100, T0, stamps=1),
        Entry(2, REDEEM, -1, -30, T0 + timedelta(days=1)),
        Entry(3, ADJUST, 0, 5, T0 + timedelta(days=2)),
        earn(4, 20, T0 + timedelta(days=3), stamps=1),
    ]
    assert points_balance(entries) == 95
    assert stamps_balance(entries) == 1
    assert points_balance([]) == stamps_balance([]) == 0


def test_spending_takes_the_oldest_lot_first() -> None:
    entries = [
        earn(2, 50, T0 + timedelta(days=10)),
        earn(1, 30, T0),
        Entry(3, REDEEM, 0, -40, T0 + timedelta(days=20)),
    ]
    lots = open_lots(entries, 12)
    assert [(lot.entry_id, lot.remaining) for lot in lots] == [(2, 40)]


def test_reversal_takes_from_its_own_lot_first() -> None:
    entries = [
        earn(1, 30, T0),
        earn(2, 50, T0 + timedelta(days=10)),
        Entry(3, REVERSE, 0, -50, T0 + timedelta(days=20), reverses_id=2),
    ]
    assert [(lot.entry_id, lot.remaining) for lot in open_lots(entries, 12)] == [(1, 30)]


def test_lots_with_the_same_time_are_ordered_by_id() -> None:
    entries = [earn(7, 10, T0), earn(3, 10, T0), Entry(9, REDEEM, 0, -15, T0)]
    assert [(lot.entry_id, lot.remaining) for lot in open_lots(entries, 12)] == [(7, 5)]


def test_expiry_dates_and_next_expiry() -> None:
    entries = [earn(1, 30, T0), earn(2, 20, T0 + timedelta(days=1)), earn(3, 5, T0)]
    lots = open_lots(entries, 1)
    assert [lot.expires_at for lot in lots] == [
        datetime(2024, 2, 29, 9, 30, tzinfo=UTC),
        datetime(2024, 2, 29, 9, 30, tzinfo=UTC),
        datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
    ]
    before = datetime(2024, 2, 29, 9, 29, tzinfo=UTC)
    assert due_expiries(entries, 1, before) == []
    assert next_expiry(entries, 1, before) == (datetime(2024, 2, 29, 9, 30, tzinfo=UTC), 35)
    at = datetime(2024, 2, 29, 9, 30, tzinfo=UTC)  # expiry is inclusive of the moment
    assert [(lot.entry_id, lot.remaining) for lot in due_expiries(entries, 1, at)] == [
        (1, 30),
        (3, 5),
    ]
    assert next_expiry(entries, 1, at) == (datetime(2024, 3, 1, 9, 30, tzinfo=UTC), 20)
    assert next_expiry(entries, 1, datetime(2024, 3, 1, 9, 30, tzinfo=UTC)) is None


def test_no_expiry_when_months_is_zero() -> None:
    entries = [earn(1, 30, T0)]
    far = T0 + timedelta(days=365 * 50)
    assert due_expiries(entries, 0, far) == []
    assert next_expiry(entries, 0, far) is None
    assert [lot.expires_at for lot in open_lots(entries, 0)] == [None]


# -- random runs of counter operations -------------------------------------------------------


@dataclass
class ModelLot:
    entry_id: int
    earned_at: datetime
    expires_at: datetime | None
    points: int
    remaining: int
    expired: int = 0


@dataclass
class Run:
    """The ledger being written, plus an independent model of the lots (applied live)."""

    months: int
    entries: list[Entry] = field(default_factory=list)
    lots: list[ModelLot] = field(default_factory=list)
    balance: int = 0  # kept by hand from the amounts written
    expired_total: int = 0

    def _write(
        self,
        kind: str,
        points: int,
        at: datetime,
        reverses: int | None = None,
        lot: int | None = None,
    ) -> Entry:
        entry = Entry(len(self.entries) + 1, kind, 0, points, at, reverses, lot_id=lot)
        self.entries.append(entry)
        self.balance += points
        return entry

    def _take(self, wanted: int, own: int | None = None) -> None:
        order = sorted(
            self.lots, key=lambda lot: (lot.entry_id != own, lot.earned_at, lot.entry_id)
        )
        for lot in order:
            taken = min(lot.remaining, wanted)
            lot.remaining -= taken
            wanted -= taken
        assert wanted == 0, "the model spent more than the lots held"

    def earn(self, points: int, at: datetime) -> None:
        entry = self._write(EARN, points, at)
        expires = months_later(at, self.months) if self.months > 0 else None
        self.lots.append(ModelLot(entry.id, at, expires, points, points))

    def spend(self, kind: str, points: int, at: datetime) -> None:
        self._write(kind, -points, at)
        self._take(points)

    def reverse(self, earn_id: int, points: int, at: datetime) -> None:
        self._write(REVERSE, -points, at, earn_id)
        self._take(points, own=earn_id)

    def write_off(self, now: datetime) -> None:
        """What ``loyalty.write_off_expired`` writes: one expire line per due lot."""
        due = due_expiries(self.entries, self.months, now)
        expected = [
            (lot.entry_id, lot.remaining)
            for lot in sorted(self.lots, key=lambda lot: (lot.earned_at, lot.entry_id))
            if lot.expires_at is not None and lot.expires_at <= now and lot.remaining > 0
        ]
        assert [(lot.entry_id, lot.remaining) for lot in due] == expected
        for lot in due:
            self._write(EXPIRE, -lot.remaining, lot.expires_at or now, lot=lot.entry_id)
            self.expired_total += lot.remaining
        for model_lot in self.lots:
            if model_lot.expires_at is not None and model_lot.expires_at <= now:
                model_lot.expired += model_lot.remaining
                model_lot.remaining = 0

    def expired_from(self, entry_id: int) -> int:
        return next(lot.expired for lot in self.lots if lot.entry_id == entry_id)


operation = st.one_of(
    st.tuples(st.just("earn"), st.integers(1, 500)),
    # a visit entered after the fact, dated 1 to 500 days back (its points may be expired)
    st.tuples(st.just("late_earn"), st.tuples(st.integers(1, 500), st.integers(1, 500))),
    st.tuples(st.just("redeem"), st.floats(0.01, 1.0)),
    st.tuples(st.just("adjust_down"), st.floats(0.01, 1.0)),
    st.tuples(st.just("adjust_up"), st.integers(1, 200)),
    st.tuples(st.just("reverse"), st.integers(0, 1000)),
    st.tuples(st.just("write_off"), st.just(0)),
)
step = st.tuples(st.integers(0, 100), operation)  # days since the previous operation, what


def check_invariants(run: Run, now: datetime) -> None:
    entries = run.entries
    assert points_balance(entries) == sum(e.points for e in entries) == run.balance
    assert run.balance >= 0
    lots = open_lots(entries, run.months)
    assert sum(lot.remaining for lot in lots) == run.balance
    assert all(lot.remaining > 0 for lot in lots)
    assert [lot.earned_at for lot in lots] == sorted(lot.earned_at for lot in lots)
    # the ledger's lots are exactly the model's (oldest spent first, reversals their own)
    assert [(lot.entry_id, lot.remaining) for lot in lots] == [
        (lot.entry_id, lot.remaining)
        for lot in sorted(run.lots, key=lambda lot: (lot.earned_at, lot.entry_id))
        if lot.remaining > 0
    ]
    pending = sum(lot.remaining for lot in due_expiries(entries, run.months, now))
    assert 0 <= pending <= run.balance  # what the card shows never goes below zero


@settings(max_examples=150, deadline=None)
@given(months=st.sampled_from([0, 1, 3, 12]), steps=st.lists(step, max_size=40))
def test_random_runs_keep_the_ledger_consistent(
    months: int, steps: list[tuple[int, tuple[str, float]]]
) -> None:
    """Like the app: every loyalty write first writes expired points off."""
    run = Run(months)
    now = T0
    earns: list[Entry] = []
    for gap, (kind, arg) in steps:
        now += timedelta(days=gap)
        run.write_off(now)
        check_invariants(run, now)
        if kind == "earn":
            run.earn(int(arg), now)
            earns.append(run.entries[-1])
        elif kind == "late_earn":
            points, days_back = arg
            run.earn(points, now - timedelta(days=days_back))
            earns.append(run.entries[-1])
        elif kind in ("redeem", "adjust_down"):
            points = min(run.balance, max(1, int(run.balance * arg)))
            if points:
                run.spend(REDEEM if kind == "redeem" else ADJUST, points, now)
        elif kind == "adjust_up":
            run.earn(int(arg), now)  # a positive adjustment is a lot of its own
            run.entries[-1] = Entry(run.entries[-1].id, ADJUST, 0, int(arg), now)
        elif kind == "reverse" and earns:
            target = earns[int(arg) % len(earns)]
            # what expired is gone already; the rest, clamped to the balance (as void_visit)
            points = min(target.points - run.expired_from(target.id), run.balance)
            if points:
                run.reverse(target.id, points, now)
        check_invariants(run, now)
    run.write_off(now)
    check_invariants(run, now)
    # after every expiry is written off, the lots hold the balance and none of them is due
    assert due_expiries(run.entries, run.months, now) == []
    earned = sum(e.points for e in run.entries if e.points > 0)
    spent = -sum(e.points for e in run.entries if e.points < 0 and e.kind != EXPIRE)
    assert run.balance == earned - spent - run.expired_total


@settings(max_examples=200, deadline=None)
@given(
    first=st.integers(1, 1000),
    second=st.integers(1, 1000),
    spent_fraction=st.floats(0, 1),
    gap_days=st.integers(0, 400),
    months=st.sampled_from([1, 6, 12]),
)
def test_the_oldest_points_are_spent_and_expire_first(
    first: int, second: int, spent_fraction: float, gap_days: int, months: int
) -> None:
    t1, t2 = T0, T0 + timedelta(days=gap_days)
    spent = int((first + second) * spent_fraction)
    entries = [
        earn(1, first, t1),
        earn(2, second, t2),
        Entry(3, REDEEM, 0, -spent, t2 + timedelta(hours=1)),
    ]
    remaining = dict((lot.entry_id, lot.remaining) for lot in open_lots(entries, months))
    assert remaining.get(1, 0) == max(0, first - spent)
    assert remaining.get(2, 0) == second - max(0, spent - first)
    # at any later time, exactly the lots earned more than `months` ago with points left are due
    for days in (0, 15, 31, 60, 200, 366, 800):
        moment = t2 + timedelta(days=days)
        due = due_expiries(entries, months, moment)
        expected = [
            (entry_id, left)
            for entry_id, at in ((1, t1), (2, t2))
            if (left := remaining.get(entry_id, 0)) > 0 and months_later(at, months) <= moment
        ]
        assert [(lot.entry_id, lot.remaining) for lot in due] == expected
