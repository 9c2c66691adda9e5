"""A customer's rhythm and segment, worked out from their visits: pure, so every boundary can
be tested against hand-made histories.

**Late** (against their own rhythm): with at least ``late_min_visits`` visits, a customer is
late once the whole days since their last visit exceed ``late_multiple`` × their usual gap (the
median gap, in tenths of a day as the card shows it) and at least 7 days. That is a day fixed
at the last visit, ``late_from``, so the Today page reads a range of an index instead of
judging a million customers; it changes only when a visit is logged or voided, or the
settings change. Exactly at the multiple is not late yet; the day after is.

**Segments** (RFM-style; visits count with or without an amount, cash included), the first
that fits, at a given day:

- ``lapsed``: no visit for ``segment_lapsed_days``;
- ``at_risk``: no visit for ``segment_at_risk_days``;
- ``vip``: ``segment_vip_visits`` visits in the last 12 months, or (when set) spent
  ``segment_vip_spend`` in them;
- ``regular``: ``segment_regular_visits`` visits in the last 12 months;
- ``new``: first visit less than ``segment_new_days`` ago;
- ``occasional``: everybody else who has visited (a sixth name, so that nobody with a
  visit is left without one: a two-visits-a-year customer is neither new nor regular).

Customers who never visited have no segment. Besides the segment, :func:`derive` gives the
last day it holds without another visit (``segment_until``): the day before the first time
boundary that could change it (the new period ending, at risk or lapsed starting, enough
visits leaving the 12-month window to fall below the VIP or regular threshold), so keeping
segments current over time only looks at the customers whose day has come; a weekly regular
with 40 visits in the year is looked at again when they would fall below the threshold, not
every week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from shopcrm.core.settings import ShopSettings
from shopcrm.core.visit_stats import median_gap_days

SEGMENTS = ("new", "regular", "vip", "at_risk", "lapsed", "occasional")
#: At least this many whole days away before anybody counts as late.
LATE_FLOOR_DAYS = 7
WINDOW = timedelta(days=365)
#: segment_until of a row that has not been filled yet (see migration 13).
DUE = date(1970, 1, 1)
#: segment_until when nothing in time can change the segment (never with a visit, in practice).
FOREVER = date(9999, 12, 31)


@dataclass(frozen=True)
class Rules:
    """The settings the rhythm and segments follow, in the units the arithmetic needs."""

    late_min_visits: int = 4
    late_multiple_tenths: int = 20
    new_days: int = 60
    regular_visits: int = 4
    vip_visits: int = 24
    vip_spend_minor: int = 0
    at_risk_days: int = 60
    lapsed_days: int = 180

    @classmethod
    def from_settings(cls, shop: ShopSettings) -> Rules:
        return cls(
            late_min_visits=shop.late_min_visits,
            late_multiple_tenths=round(shop.late_multiple * 10),
            new_days=shop.segment_new_days,
            regular_visits=shop.segment_regular_visits,
            vip_visits=shop.segment_vip_visits,
            vip_spend_minor=shop.segment_vip_spend,
            at_risk_days=shop.segment_at_risk_days,
            lapsed_days=shop.segment_lapsed_days,
        )


@dataclass(frozen=True)
class Derived:
    """What :func:`derive` stores on the customer's statistics row."""

    usual_gap_tenths: int | None
    late_from: date | None
    segment: str | None
    segment_until: date


def median_gap_tenths(times: Sequence[datetime]) -> int | None:
    """The card's usual gap (median days between visits, to one decimal) in tenths; ``times``
    sorted. The same arithmetic as :func:`shopcrm.core.visit_stats.summarise`."""
    days = median_gap_days(list(times))
    return None if days is None else round(days * 10)


def late_from(last_visit: date, gap_tenths: int, multiple_tenths: int) -> date:
    """The first day on which ``today - last_visit`` (whole days) exceeds multiple × gap and
    the 7-day floor: days > t ⟺ days ≥ ⌊t⌋ + 1, computed in hundredths, so exact."""
    threshold_hundredths = max(LATE_FLOOR_DAYS * 100, gap_tenths * multiple_tenths)
    return last_visit + timedelta(days=threshold_hundredths // 100 + 1)


def derive(visits: Sequence[tuple[datetime, int | None]], today: date, rules: Rules) -> Derived:
    """Rhythm and segment of a customer with these (time, amount) visits, sorted by time,
    voided ones left out, as of ``today``. Days are the UTC days of the visits."""
    if not visits:
        return Derived(None, None, None, FOREVER)
    times = [at for at, _ in visits]
    gap = median_gap_tenths(times)
    first, last = times[0].date(), times[-1].date()
    late = None
    if gap is not None and len(times) >= rules.late_min_visits:
        late = late_from(last, gap, rules.late_multiple_tenths)
    segment, until = _segment(visits, first, last, today, rules)
    return Derived(gap, late, segment, until)


def _segment(
    visits: Sequence[tuple[datetime, int | None]],
    first: date,
    last: date,
    today: date,
    rules: Rules,
) -> tuple[str, date]:
    away = (today - last).days
    at_risk_on = last + timedelta(days=rules.at_risk_days)
    lapsed_on = last + timedelta(days=rules.lapsed_days)
    if away >= rules.lapsed_days:
        return "lapsed", FOREVER
    if away >= rules.at_risk_days:
        return "at_risk", lapsed_on - timedelta(days=1)
    window_start = today - WINDOW
    recent = [(at.date(), amount) for at, amount in visits if at.date() > window_start]
    spent = sum(amount or 0 for _, amount in recent)
    by_visits = len(recent) >= rules.vip_visits
    by_spend = rules.vip_spend_minor > 0 and spent >= rules.vip_spend_minor
    # The next change by time alone: at risk begins, or enough visits leave the 12-month
    # window to drop below the threshold the segment stands on (visits only ever leave it).
    changes = [at_risk_on]
    if by_visits or by_spend:
        segment = "vip"
        if by_visits:
            changes.append(_leaves(recent, len(recent) - rules.vip_visits))
        if by_spend:
            changes.append(_leaves(recent, _spend_drops(recent, spent, rules.vip_spend_minor)))
    elif len(recent) >= rules.regular_visits:
        segment = "regular"
        changes.append(_leaves(recent, len(recent) - rules.regular_visits))
    elif (today - first).days < rules.new_days:
        segment = "new"
        changes.append(first + timedelta(days=rules.new_days))
    else:
        segment = "occasional"
    return segment, min(changes) - timedelta(days=1)


def _leaves(recent: Sequence[tuple[date, int | None]], index: int) -> date:
    """The first day on which ``recent[index]`` (oldest first) is out of the window."""
    return recent[index][0] + WINDOW


def _spend_drops(recent: Sequence[tuple[date, int | None]], spent: int, threshold: int) -> int:
    """The index of the visit whose leaving the window takes the spend below ``threshold``."""
    for index, (_, amount) in enumerate(recent):
        spent -= amount or 0
        if spent < threshold:
            return index
    return len(recent) - 1
