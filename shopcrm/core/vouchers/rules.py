"""Who gets a voucher: the rules of a voucher run, and the customers each one picks.

Every rule leaves out customers who asked not to be contacted and customers whose personal
data was erased. Months are the shop's local calendar months (the computer's time zone); visits
are stored in UTC, so the month's bounds are turned into UTC before they are compared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

import peewee

from shopcrm.core.errors import ValidationError
from shopcrm.core.validation import quoted
from shopcrm.db.models import Customer, CustomerStats, Visit
from shopcrm.db.rows import tuples


class Rule(StrEnum):
    """Who a voucher run picks (stored in ``voucher_batch.rule``)."""

    REGULARS = "regulars"
    TOP_SPENDERS = "top_spenders"
    BIRTHDAYS = "birthdays"
    LAPSED = "lapsed"
    HAND_PICKED = "hand_picked"
    SINGLE = "single"  # a voucher given from the card, not a run


class Window(StrEnum):
    """Where the regulars rule counts visits: the month itself, or the 90 days to its end."""

    MONTH = "month"
    DAYS_90 = "90days"


REGULARS, TOP_SPENDERS, BIRTHDAYS = Rule.REGULARS, Rule.TOP_SPENDERS, Rule.BIRTHDAYS
LAPSED, HAND_PICKED, SINGLE = Rule.LAPSED, Rule.HAND_PICKED, Rule.SINGLE
RULES = (REGULARS, TOP_SPENDERS, BIRTHDAYS, LAPSED, HAND_PICKED)
MONTH, DAYS_90 = Window.MONTH, Window.DAYS_90
MAX_HAND_PICKED = 10_000


#: The first month a run can be about; the last is next year's December (a typo otherwise).
FIRST_MONTH = date(2000, 1, 1)


def parse_month(text: str, today: date | None = None) -> date:
    """``2026-11`` -> the 1st of that month; :class:`ValidationError` (``month``) otherwise."""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", (text or "").strip())
    month = int(found.group(2)) if found else 0
    if not found or not 1 <= month <= 12:
        raise ValidationError({"month": f"a month is written YYYY-MM, not {quoted(text or '')}"})
    first = date(int(found.group(1)), month, 1)
    last_year = (today or date.today()).year + 1
    if not FIRST_MONTH <= first <= date(last_year, 12, 1):
        raise ValidationError({"month": f"a month from 2000-01 to {last_year}-12"})
    return first


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _local_midnight_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day).astimezone().astimezone(UTC)


@dataclass(frozen=True)
class RuleSpec:
    """A rule and its parameters. ``month`` is the month the run is about (the 1st)."""

    rule: str
    month: date
    min_visits: int = 4
    window: str = MONTH  # regulars: visits in the month, or in the 90 days up to its end
    top: int = 20
    lapsed_days: int = 60
    customer_ids: tuple[int, ...] = field(default=())

    def check(self) -> None:
        errors: dict[str, str] = {}
        if not FIRST_MONTH <= self.month <= date(9998, 12, 1):
            errors["month"] = "a month from 2000-01 on"
        if self.rule not in (*RULES, SINGLE):
            errors["rule"] = f"no rule {self.rule!r}; the rules are {', '.join(RULES)}"
        if not 1 <= self.min_visits <= 1000:
            errors["min_visits"] = "the least number of visits is 1 to 1,000"
        if self.window not in (MONTH, DAYS_90):
            errors["window"] = "count visits in the month or in the last 90 days"
        if not 1 <= self.top <= 100_000:
            errors["top"] = "the number of top spenders is 1 to 100,000"
        if not 1 <= self.lapsed_days <= 3650:
            errors["lapsed_days"] = "the days without a visit are 1 to 3,650"
        if self.rule in (HAND_PICKED, SINGLE) and not self.customer_ids:
            errors["customers"] = "pick at least one customer"
        if len(self.customer_ids) > MAX_HAND_PICKED:
            errors["customers"] = f"at most {MAX_HAND_PICKED:,} hand-picked customers"
        if errors:
            raise ValidationError(errors)

    def params(self) -> dict[str, object]:
        """What is stored with the batch (JSON): only the parameters the rule uses."""
        if self.rule == REGULARS:
            return {"min_visits": self.min_visits, "window": self.window}
        if self.rule == TOP_SPENDERS:
            return {"top": self.top}
        if self.rule == LAPSED:
            return {"min_visits": self.min_visits, "lapsed_days": self.lapsed_days}
        if self.rule in (HAND_PICKED, SINGLE):
            return {"customers": len(self.customer_ids)}
        return {}

    def params_json(self) -> str:
        return json.dumps(self.params(), sort_keys=True)

    def window_bounds(self) -> tuple[datetime, datetime]:
        """The UTC span whose visits the rule counts."""
        end = _local_midnight_utc(next_month(self.month))
        if self.rule == REGULARS and self.window == DAYS_90:
            return end - timedelta(days=90), end
        return _local_midnight_utc(self.month), end


@dataclass(frozen=True)
class Candidate:
    customer_id: int
    first_name: str
    last_name: str
    visits: int
    spent_minor: int
    last_visit_at: datetime | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Selection:
    candidates: list[Candidate]
    left_out: int  # matched the rule, but asked not to be contacted (erased ones not counted)


def _no_vouchers() -> peewee.Expression:
    """Asked for no printed vouchers: that channel withdrawn, or (a row written before
    channels, or by hand) not to be contacted at all (see core.privacy.consent)."""
    said_no = peewee.fn.COALESCE(Customer.consent_vouchers, True) == False  # noqa: E712
    return (Customer.do_not_contact == True) | said_no  # noqa: E712


def _contactable() -> peewee.Expression:
    return ~_no_vouchers() & Customer.erased_at.is_null()


def _asked_not_to_be_contacted() -> peewee.Expression:
    return _no_vouchers() & Customer.erased_at.is_null()


def _visits_in(start: datetime, end: datetime) -> peewee.Select:
    return (
        Visit.select(
            Visit.customer.alias("customer_id"),
            peewee.fn.COUNT(Visit.id).alias("visits"),
            peewee.fn.COALESCE(peewee.fn.SUM(Visit.amount_minor), 0).alias("spent"),
            peewee.fn.MAX(Visit.visited_at).alias("last_at"),
        )
        .where((Visit.visited_at >= start) & (Visit.visited_at < end) & ~Visit.voided)
        .group_by(Visit.customer)
    )


def _from_counts(
    counts: peewee.Select, order: Callable[[Any], list[Any]], limit: int | None
) -> Selection:
    """Customers joined to a per-customer visit count subquery, in one pass: the visits are
    aggregated once (a month of a big shop is hundreds of thousands of rows). The customers
    who asked not to be contacted are counted as left out where they would have been picked."""
    sub = counts.alias("counts")
    rows = (
        Customer.select(
            Customer.id,
            Customer.first_name,
            Customer.last_name,
            sub.c.visits,
            sub.c.spent,
            sub.c.last_at,
            Customer.do_not_contact,
            Customer.consent_vouchers,
            Customer.erased_at,
        )
        .join(sub, on=(Customer.id == sub.c.customer_id))
        .order_by(*order(sub), Customer.id)
        .tuples()
    )
    candidates: list[Candidate] = []
    left_out = 0
    for cid, first, last, visits, spent, last_at, private, vouchers, erased in rows.iterator():
        if erased:
            continue
        if private or vouchers is False or vouchers == 0:
            left_out += 1
            continue
        candidates.append(Candidate(cid, first, last, visits, int(spent), _utc(last_at)))
        if limit and len(candidates) >= limit:
            break
    return Selection(candidates, left_out)


def _utc(value: object) -> datetime | None:
    return Visit.visited_at.python_value(value) if value else None


def _from_stats(
    where: peewee.Expression, order: list, allowed: peewee.Expression | None = None
) -> Selection:
    base = Customer.select(
        Customer.id,
        Customer.first_name,
        Customer.last_name,
        peewee.fn.COALESCE(CustomerStats.visits, 0),
        peewee.fn.COALESCE(CustomerStats.total_spent_minor, 0),
        CustomerStats.last_visit_at,
    ).join(CustomerStats, peewee.JOIN.LEFT_OUTER, on=(CustomerStats.customer == Customer.id))
    allowed = _contactable() if allowed is None else allowed
    rows = tuples(base.where(where & allowed).order_by(*order, Customer.id))
    candidates = [
        Candidate(cid, first, last, visits, spent, _utc(last_at))
        for cid, first, last, visits, spent, last_at in rows
    ]
    return Selection(
        candidates, base.where(where & _asked_not_to_be_contacted() & ~allowed).count()
    )


def select_customers(spec: RuleSpec, now: datetime | None = None) -> Selection:
    """The customers ``spec`` picks, best first (most visits, biggest spend, soonest birthday,
    most recently lapsed, or the order they were picked in)."""
    spec.check()
    now = now or datetime.now(UTC)
    if spec.rule == REGULARS:
        start, end = spec.window_bounds()
        counts = _visits_in(start, end).having(peewee.fn.COUNT(Visit.id) >= spec.min_visits)
        return _from_counts(counts, lambda s: [s.c.visits.desc(), s.c.spent.desc()], None)
    if spec.rule == TOP_SPENDERS:
        start, end = spec.window_bounds()
        counts = _visits_in(start, end).having(peewee.fn.SUM(Visit.amount_minor) > 0)
        return _from_counts(counts, lambda s: [s.c.spent.desc(), s.c.visits.desc()], spec.top)
    if spec.rule == BIRTHDAYS:
        birthday_month = next_month(spec.month).month
        return _from_stats(
            Customer.birthday_month == birthday_month,
            [Customer.birthday_day.asc(nulls="LAST")],
        )
    if spec.rule == LAPSED:
        cutoff = now - timedelta(days=spec.lapsed_days)
        return _from_stats(
            (CustomerStats.visits >= spec.min_visits) & (CustomerStats.last_visit_at < cutoff),
            [CustomerStats.last_visit_at.desc()],
        )
    picked = list(dict.fromkeys(spec.customer_ids))
    # A voucher handed over the counter is not contacting anyone: only erasure keeps it back.
    allowed = Customer.erased_at.is_null() if spec.rule == SINGLE else None
    selection = _from_stats(Customer.id.in_(picked), [], allowed)
    order = {cid: index for index, cid in enumerate(picked)}
    selection.candidates.sort(key=lambda c: order[c.customer_id])
    return selection


def describe(spec: RuleSpec, month_name: str, picked: int | None = None) -> str:
    """The rule in words, for the batch list: ``4+ visits in November 2026``. ``picked`` is
    how many were hand-picked when the ids themselves are not at hand (a stored batch)."""
    if spec.rule == REGULARS:
        span = f"in {month_name}" if spec.window == MONTH else "in the 90 days to its end"
        return f"Regulars: {spec.min_visits}+ visits {span}"
    if spec.rule == TOP_SPENDERS:
        return f"Top {spec.top} spenders of {month_name}"
    if spec.rule == BIRTHDAYS:
        return "Birthdays next month"
    if spec.rule == LAPSED:
        return f"We miss you: {spec.min_visits}+ visits, none in {spec.lapsed_days} days"
    if spec.rule == SINGLE:
        return "Single voucher"
    return f"Hand-picked ({len(spec.customer_ids) if picked is None else picked})"
