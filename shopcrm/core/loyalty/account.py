"""Loyalty at the counter: balances, redeeming rewards, adjustments, and why a balance is what
it is. Every change is a new line on the append-only ledger; balances are sums of the lines,
kept beside the ledger as each line is written (:mod:`.balances`).

Expired points are written off (as ``expire`` lines, oldest lots first) at the start of every
loyalty write for that customer; until then the card already shows them as gone, so what a
customer sees never depends on when someone last touched their account. Which points are
whose is kept on the lots (:mod:`.lots`) as each line is written, so nothing here
reads a whole ledger except the "why this balance" list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from shopcrm.core import audit, settings
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.loyalty import lots
from shopcrm.core.loyalty.arithmetic import ADJUST, EXPIRE, REDEEM, Entry
from shopcrm.core.loyalty.balances import stored as kept_balances
from shopcrm.core.loyalty.balances import write_line
from shopcrm.core.loyalty.rules import LoyaltyRules, TierStatus, tier_for
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.ranking import window_start
from shopcrm.core.staff import known_staff
from shopcrm.core.validation import MAX_REASON, clean_text, quoted
from shopcrm.db import placeholders, read_snapshot, write_transaction
from shopcrm.db.models import LoyaltyEntry, Staff, Visit, utc_from_db
from shopcrm.db.transactions import lock_customer, transactional

MAX_ADJUST = 1_000_000
#: The most lines the "why this balance" list shows at once.
MAX_LEDGER_LINES = 100_000


@dataclass(frozen=True)
class Balances:
    stamps: int
    points: int

    def as_tuple(self) -> tuple[int, int]:
        return self.stamps, self.points


@dataclass(frozen=True)
class LoyaltyStatus:
    stamps: int
    stamps_per_card: int
    stamp_reward: str
    points: int
    tier: TierStatus
    rewards_available: tuple[str, ...]
    point_rewards: tuple[tuple[str, int], ...]
    next_expiry: tuple[datetime, int] | None

    @property
    def full_cards(self) -> int:
        return self.stamps // self.stamps_per_card if self.stamps_per_card else 0

    def to_json(self) -> dict[str, object]:
        return {
            "stamps": self.stamps,
            "stamps_per_card": self.stamps_per_card,
            "points": self.points,
            "tier": self.tier.name,
            "tier_measure": self.tier.measure,
            "next_tier": self.tier.next_name,
            "to_next_tier": self.tier.to_next,
            "rewards_available": list(self.rewards_available),
            "next_expiry": (
                {"at": self.next_expiry[0].isoformat(), "points": self.next_expiry[1]}
                if self.next_expiry
                else None
            ),
        }


@dataclass(frozen=True)
class LedgerLine:
    """One ledger entry as the card's "why this balance" list shows it."""

    id: int
    kind: str
    stamps: int
    points: int
    created_at: datetime
    reason: str
    visit_id: int | None
    staff: str | None
    stamps_after: int
    points_after: int

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "stamps": self.stamps,
            "points": self.points,
            "created_at": self.created_at.isoformat(),
            "reason": self.reason,
            "visit_id": self.visit_id,
            "staff": self.staff,
            "stamps_after": self.stamps_after,
            "points_after": self.points_after,
        }


def current_rules() -> LoyaltyRules:
    return LoyaltyRules.from_settings(settings.load())


def entries(customer_id: int) -> list[Entry]:
    """A customer's whole ledger in the order it was written (for checks and the tests)."""
    query = (
        LoyaltyEntry.select(
            LoyaltyEntry.id,
            LoyaltyEntry.kind,
            LoyaltyEntry.stamps,
            LoyaltyEntry.points,
            LoyaltyEntry.created_at,
            LoyaltyEntry.reverses,
            LoyaltyEntry.visit,
            LoyaltyEntry.lot,
        )
        .where(LoyaltyEntry.customer == customer_id)
        .order_by(LoyaltyEntry.id)
    )
    sql, params = query.sql()
    rows = query.model._meta.database.execute_sql(sql, params).fetchall()
    return [
        Entry(eid, kind, stamps, points, utc_from_db(at), reverses, visit, lot)
        for eid, kind, stamps, points, at, reverses, visit, lot in rows
    ]


def ledger_sums(customer_ids: Sequence[int]) -> dict[int, Balances]:
    """Each customer's stamp and point balances: the sums of their ledger lines, as kept
    beside the ledger with every line (:mod:`.balances`). Customers without a ledger line are
    left out."""
    return {cid: Balances(*sums) for cid, sums in kept_balances(customer_ids).items()}


def balances(customer_id: int) -> Balances:
    """The ledger's sums (expired points already written off count as gone)."""
    return ledger_sums([customer_id]).get(customer_id, Balances(0, 0))


def twelve_months(customer_ids: Sequence[int], now: datetime) -> dict[int, tuple[int, int]]:
    """Visits and spend per customer in the last 12 months, what tiers go by (the visit
    index alone). Customers without such visits are left out."""
    if not customer_ids:
        return {}
    db = Visit._meta.database
    rows = db.execute_sql(
        "SELECT customer_id, COUNT(*), COALESCE(SUM(amount_minor), 0) FROM visit"
        f" WHERE customer_id IN ({placeholders(len(customer_ids))}) AND NOT voided"
        f" AND visited_at >= {db.param} GROUP BY customer_id",
        [*customer_ids, Visit.visited_at.db_value(window_start(now))],
    )
    return {cid: (int(count), int(spent)) for cid, count, spent in rows}


def write_off_expired(
    customer_id: int, rules: LoyaltyRules, now: datetime, staff_id: int | None = None
) -> int:
    """Write expired points off the ledger (inside the caller's transaction); how many."""
    total = 0
    for lot_id, earned, left, expired in lots.due(customer_id, rules.points_expiry_months, now):
        write_line(
            customer_id,
            EXPIRE,
            points=-left,
            reason=f"{left} points earned {earned.date().isoformat()} expired",
            staff=staff_id,
            created_at=expired,
            lot=lot_id,
        )
        lots.take(customer_id, left, own_lot=lot_id)
        total += left
    return total


def status(customer_id: int, now: datetime | None = None) -> LoyaltyStatus:
    """What the card shows: stamps, points, tier, what can be redeemed now."""
    now = now or datetime.now(UTC)
    current = current_rules()
    with read_snapshot():
        pending, upcoming = lots.outlook(customer_id, current.points_expiry_months, now)
        stamps, points = balances(customer_id).as_tuple()
        visits_12m, spent_12m = twelve_months([customer_id], now).get(customer_id, (0, 0))
    points -= pending
    available: list[str] = []
    if current.stamps_per_card and stamps >= current.stamps_per_card:
        cards = stamps // current.stamps_per_card
        label = f"{current.stamp_reward} (stamp card)"
        available.append(label if cards == 1 else f"{label} ×{cards}")
    available.extend(f"{name} ({cost} points)" for name, cost in current.rewards if cost <= points)
    return LoyaltyStatus(
        stamps=stamps,
        stamps_per_card=current.stamps_per_card,
        stamp_reward=current.stamp_reward,
        points=points,
        tier=tier_for(current, visits_12m, spent_12m),
        rewards_available=tuple(available),
        point_rewards=current.rewards,
        next_expiry=upcoming,
    )


def _lock_customer(customer_id: int) -> None:
    """Hold the customer until the commit: the balance read next is still the balance when
    the new line is written, whatever another till does (see :mod:`shopcrm.db.transactions`)."""
    if not lock_customer(customer_id):
        raise NotFoundError(f"no customer with id {customer_id}")


def _line(entry: LoyaltyEntry, stamps_after: int, points_after: int) -> LedgerLine:
    staff = Staff.get_or_none(Staff.id == entry.staff_id) if entry.staff_id else None
    return LedgerLine(
        entry.id,
        entry.kind,
        entry.stamps,
        entry.points,
        entry.created_at,
        entry.reason,
        entry.visit_id,
        staff.name if staff else None,
        stamps_after,
        points_after,
    )


@transactional
def redeem_stamp_card(
    customer_id: int, staff_id: int | None = None, visit_id: int | None = None
) -> LedgerLine:
    """Redeem one full stamp card for the stamp reward."""
    now = datetime.now(UTC)
    with write_transaction():
        _lock_customer(customer_id)
        known_staff(staff_id)
        current = current_rules()
        if current.stamps_per_card <= 0:
            raise ValidationError({"stamps": "the shop has no stamp card"})
        have = balances(customer_id).stamps
        if have < current.stamps_per_card:
            raise ValidationError(
                {"stamps": f"the card has {have} of {current.stamps_per_card} stamps: not full yet"}
            )
        entry = write_line(
            customer_id,
            REDEEM,
            stamps=-current.stamps_per_card,
            visit=visit_id,
            reason=current.stamp_reward,
            staff=staff_id,
            created_at=now,
        )
        after = balances(customer_id)
        change = {"stamps": audit.change(have, after.stamps), "reward": current.stamp_reward}
        audit.record("loyalty.redeem", customer_id, change, staff_id=staff_id, now=now)
    return _line(entry, after.stamps, after.points)


@transactional
def redeem_points(
    customer_id: int,
    points: int | None = None,
    reward: str | None = None,
    staff_id: int | None = None,
    visit_id: int | None = None,
) -> LedgerLine:
    """Spend points on a named reward (its cost) or a number of points (partial redemption)."""
    now = datetime.now(UTC)
    with write_transaction():
        _lock_customer(customer_id)
        known_staff(staff_id)
        current = current_rules()
        reason = "points redeemed"
        if reward is not None:
            costs = {name.casefold(): (name, cost) for name, cost in current.rewards}
            if reward.casefold() not in costs:
                known = ", ".join(name for name, _ in current.rewards) or "none"
                raise ValidationError({"reward": f"no reward {quoted(reward)} (rewards: {known})"})
            reason, cost = costs[reward.casefold()]
            if points is not None and points != cost:
                raise ValidationError({"points": f"{reason} costs {cost} points"})
            points = cost
        if points is None or points <= 0:
            raise ValidationError({"points": "redeem at least 1 point"})
        write_off_expired(customer_id, current, now, staff_id)
        have = balances(customer_id).points
        if points > have:
            raise ValidationError({"points": f"only {have} points to spend"})
        entry = write_line(
            customer_id,
            REDEEM,
            points=-points,
            visit=visit_id,
            reason=reason,
            staff=staff_id,
            created_at=now,
        )
        lots.take(customer_id, points)
        after = balances(customer_id)
        change = {"points": audit.change(have, after.points), "reward": reason}
        audit.record("loyalty.redeem", customer_id, change, staff_id=staff_id, now=now)
    return _line(entry, after.stamps, after.points)


@transactional
def adjust_points(
    customer_id: int,
    points: int,
    reason: str,
    staff_id: int | None = None,
    *,
    owner: OwnerProof | None = None,
) -> LedgerLine:
    """Add (or take away) points by hand, with the reason on the ledger (owner only)."""
    errors = {}
    try:
        reason = clean_text(reason, limit=MAX_REASON, required="say why the points are adjusted")
    except ValueError as exc:
        errors["reason"] = str(exc)
    if points == 0 or abs(points) > MAX_ADJUST:
        errors["points"] = f"adjust by 1 to {MAX_ADJUST:,} points (or minus)"
    if errors:
        raise ValidationError(errors)
    now = datetime.now(UTC)
    with write_transaction():
        require_owner(owner, "adjust loyalty points")
        _lock_customer(customer_id)
        known_staff(staff_id)
        write_off_expired(customer_id, current_rules(), now, staff_id)
        have = balances(customer_id).points
        if have + points < 0:
            raise ValidationError({"points": f"only {have} points to take away"})
        entry = write_line(
            customer_id,
            ADJUST,
            points=points,
            reason=reason,
            staff=staff_id,
            created_at=now,
            lot_remaining=max(points, 0),
        )
        if points < 0:
            lots.take(customer_id, -points)
        after = balances(customer_id)
        change = {"points": audit.change(have, after.points), "reason": reason}
        actor = audit.actor(staff_id, owner)
        audit.record("loyalty.adjust", customer_id, change, staff_id=actor, now=now)
    return _line(entry, after.stamps, after.points)


def ledger(customer_id: int, limit: int = 200) -> list[LedgerLine]:
    """The "why this balance" list: entries newest first, each with the balance after it
    (running sums in SQL, so a regular's thousands of lines are not read into Python)."""
    p = LoyaltyEntry._meta.database.param
    rows = LoyaltyEntry._meta.database.execute_sql(
        "SELECT id, kind, stamps, points, created_at, reason, visit_id, staff_id,"
        " SUM(stamps) OVER running, SUM(points) OVER running FROM loyalty_entry"
        f" WHERE customer_id = {p}"
        " WINDOW running AS (ORDER BY created_at, id ROWS UNBOUNDED PRECEDING)"
        f" ORDER BY created_at DESC, id DESC LIMIT {p}",
        (customer_id, min(max(0, int(limit)), MAX_LEDGER_LINES)),
    ).fetchall()
    staff = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    return [
        LedgerLine(
            row[0],
            row[1],
            row[2],
            row[3],
            utc_from_db(row[4]),
            row[5],
            row[6],
            staff.get(row[7]),
            int(row[8]),
            int(row[9]),
        )
        for row in rows
    ]
