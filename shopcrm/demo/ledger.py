"""The demo shop's loyalty ledger, written the way the counter would have written it.

The demo cannot call :func:`shopcrm.core.visits.log_visit` ten million times, so it replays
what that use case and the loyalty use cases do, one customer at a time and in time order:
expired points are written off at the start of every loyalty write (as ``expire`` lines dated
when the lot expired, oldest lots first), a visit earns what :meth:`LoyaltyRules.earned` gives,
redemptions never take a balance below zero and spend the oldest lots first, and a void writes
a ``reverse`` line that takes from the voided visit's own lot first, as
:mod:`shopcrm.core.loyalty.arithmetic` reckons. The tests check the result against that module.

Times are integer seconds since the epoch (UTC) and their text (see :mod:`shopcrm.demo.visits`).
Ids are local to a batch. The ``earn`` lines are not made here at all: they are the visit
rows' amounts run through the rules, so the writer derives them from the visit table in SQL
(:func:`earn_sql`), with the visit's own number as the entry's; every other line is numbered
after the batch's visits, in the order it would have been written. (So within a batch ledger
ids are not in time order across kinds; the ledger is ordered by time, then id, and a
redemption still comes after the earning it was written with.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from shopcrm.core.loyalty import EXPIRE, REDEEM, REVERSE, LoyaltyRules, add_months

DAY = 86_400
_NEVER = 1 << 62
_EPOCH_ORDINAL = datetime(1970, 1, 1).toordinal()


class ExpiryShift:
    """Days from an earning day to the day its points expire (``add_months``), cached."""

    def __init__(self, months: int) -> None:
        self.months = months
        self.days: dict[int, int] = {}

    def __call__(self, day: int) -> int:
        days = self.days.get(day)
        if days is None:  # a few hundred distinct days in a demo
            start = datetime.fromordinal(day + _EPOCH_ORDINAL).replace(tzinfo=UTC)
            days = (add_months(start, self.months) - start).days
            self.days[day] = days
        return days


def earn_sql(rules: LoyaltyRules) -> tuple[str, str]:
    """SQL for the (stamps, points) :meth:`LoyaltyRules.earned` gives a visit's
    ``amount_minor`` (the tests compare the two on every demo visit)."""
    per_card, least = int(rules.stamps_per_card), int(rules.stamp_min_amount_minor)
    if per_card <= 0:
        stamps = "0"
    elif least <= 0:
        stamps = "1"
    else:
        stamps = f"CASE WHEN amount_minor >= {least} THEN 1 ELSE 0 END"
    points = "0"
    if rules.points_per_unit > 0:
        points = (
            f"coalesce(amount_minor * {int(rules.points_per_unit)}"
            f" / {int(rules.minor_per_unit)}, 0)"
        )
    return stamps, points


class LedgerRows:
    """A batch's ledger lines other than ``earn`` (see the module docstring), and what the
    lots still hold at the end (the ``lot_remaining`` of their ``earn`` lines)."""

    def __init__(self) -> None:
        self.next_id = 0
        # (id, customer, kind, stamps, points, visit, reverses, reason, staff, created_at, lot)
        self.other: list[tuple] = []
        # (earning visit id, points left) of the lots that still hold points
        self.open_lots: list[tuple[int, int]] = []

    def __len__(self) -> int:
        return self.next_id


class CustomerLedger:
    """One customer's loyalty account while their visits are replayed in time order."""

    __slots__ = ("cid", "head", "lots", "points", "rows", "rules", "shift", "stamps", "text")

    def __init__(
        self,
        rows: LedgerRows,
        rules: LoyaltyRules,
        cid: int,
        shift: ExpiryShift,
        text: Callable[[int], str],
    ) -> None:
        self.rows, self.rules, self.cid, self.shift, self.text = rows, rules, cid, shift, text
        self.stamps = self.points = 0
        # Lots oldest first: [expires (s), points left, earning entry id, earned (date text)].
        self.lots: list[list] = []
        self.head = 0  # lots before this one are spent

    def _other(
        self, kind: str, stamps: int, points: int, visit, reverses, reason, staff, at, lot=None
    ):
        rows = self.rows
        entry = rows.next_id
        rows.next_id += 1
        rows.other.append(
            (entry, self.cid, kind, stamps, points, visit, reverses, reason, staff, at, lot)
        )
        return entry

    def keep_open_lots(self) -> None:
        """Record what the customer's lots still hold (call once their visits are done)."""
        keep = self.rows.open_lots.append
        for lot in self.lots[self.head :]:
            if lot[1] > 0:
                keep((lot[2], lot[1]))

    def due(self) -> int:
        """When the oldest unspent lot expires (far in the future when none)."""
        lots, head = self.lots, self.head
        while head < len(lots) and lots[head][1] <= 0:
            head += 1
        self.head = head
        return lots[head][0] if head < len(lots) and self.rules.points_expiry_months > 0 else _NEVER

    def write_off(self, now: int, staff: int | None) -> None:
        """``loyalty.write_off_expired`` at ``now``: expired lots, oldest first."""
        if self.rules.points_expiry_months <= 0:
            return
        lots = self.lots
        while self.head < len(lots) and lots[self.head][0] <= now:
            expires, left, entry, earned = lots[self.head]
            if left > 0:
                reason = f"{left} points earned {earned} expired"
                at = self.text(expires)
                self._other(EXPIRE, 0, -left, None, None, reason, staff, at, entry)
                self.points -= left
                lots[self.head][1] = 0
            self.head += 1

    def earn(self, visit: int, at: int, at_text: str, amount: int | None) -> int | None:
        """What a visit's ``earn`` line adds (the line itself is written in SQL); its id."""
        stamps, points = self.rules.earned(amount)
        if not stamps and not points:
            return None
        entry = visit
        self.stamps += stamps
        if points:
            self.points += points
            months = self.rules.points_expiry_months
            expires = at + self.shift(at // DAY) * DAY if months > 0 else 1 << 62
            self.lots.append([expires, points, entry, at_text[:10]])
        return entry

    def _spend(self, points: int, own_lot: int | None = None) -> None:
        lots = self.lots
        if own_lot is not None:
            for lot in reversed(lots):
                if lot[2] == own_lot:
                    taken = min(lot[1], points)
                    lot[1] -= taken
                    points -= taken
                    break
        i = self.head
        while points > 0 and i < len(lots):
            taken = min(lots[i][1], points)
            lots[i][1] -= taken
            points -= taken
            i += 1
        while self.head < len(lots) and lots[self.head][1] == 0:
            self.head += 1

    def reverse(self, entry: int, visit: int, stamps: int, points: int, why, staff, at) -> None:
        """``void_visit``'s reversal of an earn line, never below a zero balance."""
        stamps = min(stamps, max(self.stamps, 0))
        points = min(points, max(self.points, 0))
        if stamps or points:
            self._other(REVERSE, -stamps, -points, visit, entry, f"visit voided: {why}", staff, at)
            self.stamps -= stamps
            self.points -= points
            self._spend(points, own_lot=entry)

    def redeem_card(self, visit: int, staff, at_text: str) -> bool:
        per_card = self.rules.stamps_per_card
        if per_card <= 0 or self.stamps < per_card:
            return False
        self._other(REDEEM, -per_card, 0, visit, None, self.rules.stamp_reward, staff, at_text)
        self.stamps -= per_card
        return True

    def redeem_points(self, visit: int, staff, at_text: str, pick: float) -> bool:
        """Spend points on one of the rewards the balance affords (``pick`` chooses which)."""
        affordable = [(name, cost) for name, cost in self.rules.rewards if 0 < cost <= self.points]
        if not affordable:
            return False
        name, cost = affordable[int(pick * len(affordable))]
        self._other(REDEEM, 0, -cost, visit, None, name, staff, at_text)
        self.points -= cost
        self._spend(cost)
        return True
