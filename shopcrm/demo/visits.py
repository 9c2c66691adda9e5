"""The demo shop's visit history: who comes when, what they spend, and what the shop records.

Each customer follows one pattern from ``resources/demo/visits.json``: a few come daily, some
weekly (on their own weekday, at their own time), some were weekly and stopped 3-9 months ago,
some come monthly, some now and then, many came once, and some never had a visit logged. Each
has a typical basket, so their spend looks like the same person coming back. Now and then a
visit has a note, a satisfaction score and feedback, or is voided by the owner minutes later.

Ten million visits must be made in about a minute of one core, so times are plain integer
seconds (UTC) and their stored text is put together from cached day and time-of-day strings;
the rows leave as columns (see :class:`VisitRows`) that the writer zips into ``executemany``.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from shopcrm.core.loyalty import LoyaltyRules
from shopcrm.core.ranking import RANK_WINDOW, rank_bucket
from shopcrm.demo.ledger import DAY, CustomerLedger, ExpiryShift, LedgerRows
from shopcrm.demo.people import RESOURCES, Weighted

_WINDOW = int(RANK_WINDOW.total_seconds())
_NOTED, _VOIDED = 1, 2
_GOLDEN = 0.6180339887498949
_NEVER = 1 << 62


@lru_cache(maxsize=1)
def config() -> dict:
    return json.loads((RESOURCES / "visits.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Shift:
    """A staff member at the till from ``first_day`` to ``last_day`` (epoch days, inclusive)."""

    staff_id: int
    first_day: int
    last_day: int
    weight: int


@dataclass(frozen=True)
class VisitSetup:
    """What every customer's history shares: the clock, the staff and the loyalty rules."""

    now: int  # seconds since the epoch, UTC
    utc_offset: int  # the shop's local time minus UTC, in seconds
    shifts: tuple[Shift, ...]
    owner_id: int | None
    rules: LoyaltyRules
    minor_per_cent: int  # 10 ** (currency digits - 2), at least 1
    pattern_phase: float = 0.0  # where the sequence that deals patterns starts (from the seed)


_DAY_TEXTS: dict[int, str] = {}


def _day_text(day: int) -> str:
    """'YYYY-MM-DD ' of an epoch day (cached: the demo covers a few hundred days)."""
    text = _DAY_TEXTS.get(day)
    if text is None:
        text = _DAY_TEXTS[day] = (date(1970, 1, 1) + timedelta(days=day)).isoformat() + " "
    return text


@lru_cache(maxsize=1)
def _clock_texts() -> tuple[str, ...]:
    return tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY))


def time_text(moment: int) -> str:
    """How :class:`UtcDateTimeField` stores a time (naive UTC text), from epoch seconds."""
    return _day_text(moment // DAY) + _clock_texts()[moment % DAY]


class VisitRows:
    """A batch's visits: plain ones as columns, those with a note, score or void as rows."""

    def __init__(self) -> None:
        self.next_id = 0
        self.ids: list[int] = []
        self.customers: list[int] = []
        self.staff: list[int | None] = []
        self.times: list[str] = []
        self.amounts: list[int | None] = []
        # (id, customer, staff, at, amount, note, satisfaction, feedback, voided, void_reason,
        #  voided_at, voided_by)
        self.other: list[tuple] = []
        self.ledger = LedgerRows()
        # (customer, visits, total_spent_minor, first_visit_at, last_visit_at, rank, ranked_at)
        self.stats: list[tuple] = []


class HistoryFactory:
    """Draws customers' visit histories into a :class:`VisitRows`."""

    def __init__(self, setup: VisitSetup) -> None:
        cfg = config()
        self.setup = setup
        self.history_start = setup.now - cfg["history_days"] * DAY
        self.patterns = Weighted([p for p, _ in cfg["patterns"]], [w for _, w in cfg["patterns"]])
        self.baskets = Weighted(
            [(lo, hi) for lo, hi, _ in cfg["baskets"]], [w for *_, w in cfg["baskets"]]
        )
        self.opens, self.closes = (h * 3600 for h in cfg["hours"])
        self.cfg = cfg
        self.special = cfg["note_share"] + cfg["rated_share"] + cfg["void_share"]
        self.ratings = Weighted([r for r, _ in cfg["ratings"]], [w for _, w in cfg["ratings"]])
        self.expiry = ExpiryShift(setup.rules.points_expiry_months)
        self._day_staff: dict[int, tuple[int | None, ...]] = {}
        self.now_text = time_text(setup.now)
        self.pattern_phase = setup.pattern_phase
        self._earned = lru_cache(maxsize=65_536)(setup.rules.earned)
        costs = [cost for _, cost in setup.rules.rewards if cost > 0]
        self._cheapest = min(costs) if costs else _NEVER

    # -- when -------------------------------------------------------------------------------

    def _staff_on(self, day: int) -> tuple[int | None, ...]:
        staff = self._day_staff.get(day)
        if staff is None:
            staff = tuple(
                s.staff_id
                for s in self.setup.shifts
                if s.first_day <= day <= s.last_day
                for _ in range(s.weight)
            ) or (self.setup.owner_id,)
            self._day_staff[day] = staff
        return staff

    def _times(self, rng: random.Random, pattern: str, start: int) -> list[int]:
        """Visit times (UTC seconds, ascending, none after now) from ``start`` on."""
        now, offset = self.setup.now, self.setup.utc_offset
        opens, span = self.opens, self.closes - self.opens
        local_start = start + offset
        first_day, last_day = local_start // DAY, (now + offset) // DAY
        usual = opens + int(rng.random() * span * 0.8)  # a regular's usual time of day
        days: list[int] = []
        if pattern == "daily":
            weekend = rng.random() * 0.5
            days = [
                d
                for d in range(first_day, last_day + 1)
                if rng.random() < (0.88 if (d + 3) % 7 < 5 else weekend)
            ]
        elif pattern in ("weekly", "lapsed"):
            if pattern == "lapsed":
                last_day = last_day - 90 - int(rng.random() * 180)
            weekday = int(rng.random() * 7)
            d = first_day + (weekday - (first_day + 3)) % 7
            while d <= last_day:
                if rng.random() < 0.85:
                    days.append(d)
                if rng.random() < 0.1:
                    days.append(d + 1 + int(rng.random() * 5))
                d += 7
            days.sort()
        elif pattern == "monthly":
            d = first_day + int(rng.random() * 30)
            while d <= last_day:
                days.append(d)
                d += 18 + int((rng.random() + rng.random()) * 12)
        elif pattern == "occasional":
            d = first_day + int(rng.expovariate(1 / 60))
            while d <= last_day:
                days.append(d)
                d += 20 + int(rng.expovariate(1 / 80))
        elif pattern == "once":
            days = [first_day + int(rng.random() ** 2 * min(30, last_day - first_day + 1))]
        times: list[int] = []
        regular = pattern in ("daily", "weekly", "lapsed")
        for d in days:
            if regular:
                clock = usual + int((rng.random() - 0.5) * 3600)
            else:
                clock = opens + int(rng.random() * span)
            moment = d * DAY + clock - offset
            if moment > now:
                break
            if moment >= start and (not times or moment > times[-1] + 3600):
                times.append(moment)
        return times

    def _pattern_start(self, rng: random.Random, pattern: str, joined: int) -> int:
        """When the history starts: when they joined, or when visits were first logged."""
        start = max(joined, self.history_start)
        if pattern == "lapsed":
            # A lapsed regular was a regular for a while before stopping.
            latest = self.setup.now - (90 + 180 + 56) * DAY
            start = min(start, max(self.history_start, latest - int(rng.random() * 200 * DAY)))
        return start

    # -- what -------------------------------------------------------------------------------

    def history(self, rng: random.Random, index: int, cid: int, joined: int, out: VisitRows) -> int:
        """Add the visits and ledger of customer ``cid`` (the demo's ``index``-th); returns
        when they first visited (or ``joined`` if earlier), so their since-date is never after
        their first visit.

        Patterns are dealt by a golden-ratio sequence over the customer's index rather than
        drawn at random: the shares hold in any run of customers, so even a small demo has
        its daily regulars (1 in 250)."""
        pattern = self.patterns.at((index * _GOLDEN + self.pattern_phase) % 1.0)
        if pattern == "none":
            return joined
        start = self._pattern_start(rng, pattern, joined)
        times = self._times(rng, pattern, start)
        if not times:
            return joined
        self.visits(rng, cid, times, out)
        return min(joined, times[0])

    def visits(self, rng: random.Random, cid: int, times: list[int], out: VisitRows) -> None:
        """Write the visits at ``times`` and their ledger. This loop is the demo's hot spot
        (ten million turns), hence the local names, the balances kept in locals and
        :class:`CustomerLedger` called only for what is rare (expiry, redemption, a noted or
        voided visit). (Building the columns with comprehensions measured slower: most
        customers have only a few visits.)"""
        cfg, setup, rand = self.cfg, self.setup, rng.random
        low, high = self.baskets.pick(rng)
        basket = low + rand() * (high - low)
        no_amount = cfg["no_amount_share"] if rand() < cfg["no_amount_customers"] else 0.0
        treat, scale, offset = cfg["treat_share"], setup.minor_per_cent, setup.utc_offset
        redeems = rand() < 0.9
        per_card, special = setup.rules.stamps_per_card, self.special
        stamp_share, points_share = cfg["stamp_redeem_share"], cfg["points_redeem_share"]
        ledger = CustomerLedger(out.ledger, setup.rules, cid, self.expiry, time_text)
        lots, earned, expiring = ledger.lots, self._earned, self.expiry.months > 0
        day_staff, day_texts, clock = self._day_staff, _DAY_TEXTS, _clock_texts()
        shift, shift_days, cheapest = self.expiry, self.expiry.days, self._cheapest
        v_id, v_cid, v_staff = out.ids.append, out.customers.append, out.staff.append
        v_time, v_amount = out.times.append, out.amounts.append
        live = total = recent = stamps = points = 0
        due = _NEVER  # when the oldest unspent lot expires
        first = last = None
        window = setup.now - _WINDOW
        vid = out.next_id - 1
        out.next_id += len(times)
        for moment in times:
            vid += 1
            local_day = (moment + offset) // DAY
            choices = day_staff.get(local_day) or self._staff_on(local_day)
            staff = choices[int(rand() * len(choices))]
            amount = None
            if not no_amount or rand() >= no_amount:
                cents = basket * (0.7 + 0.6 * rand())
                if rand() < treat:
                    cents *= 1.8
                amount = min(2500, max(240, int(cents / 10) * 10)) * scale
            day = moment // DAY
            text = (day_texts.get(day) or _day_text(day)) + clock[moment % DAY]
            if due <= moment:
                ledger.stamps, ledger.points = stamps, points
                ledger.write_off(moment, staff)
                points, due = ledger.points, ledger.due()
            if rand() < special:
                ledger.stamps, ledger.points = stamps, points
                kind = self._special(rng, vid, cid, staff, moment, text, amount, out, ledger)
                stamps, points, due = ledger.stamps, ledger.points, ledger.due()
                if kind == _VOIDED:
                    continue
            else:
                v_id(vid)
                v_cid(cid)
                v_staff(staff)
                v_time(text)
                v_amount(amount)
            earned_stamps, earned_points = earned(amount)
            stamps += earned_stamps
            if earned_points:  # the earn line itself is made in SQL (see shopcrm.demo.ledger)
                points += earned_points
                expires = moment + (shift_days.get(day) or shift(day)) * DAY if expiring else _NEVER
                lots.append([expires, earned_points, vid, text[:10]])
                if expires < due:
                    due = expires
            if redeems:
                if stamps >= per_card > 0 and rand() < stamp_share:
                    ledger.stamps, ledger.points = stamps, points
                    ledger.redeem_card(vid, staff, text)
                    stamps = ledger.stamps
                if points >= cheapest and rand() < points_share:
                    ledger.stamps, ledger.points = stamps, points
                    ledger.redeem_points(vid, staff, text, rand())
                    points, due = ledger.points, ledger.due()
            live += 1
            if amount:
                total += amount
            if moment >= window:
                recent += 1
            if first is None:
                first = text
            last = text
        ledger.keep_open_lots()
        out.stats.append((cid, live, total, first, last, rank_bucket(recent), self.now_text))

    def _special(self, rng, vid, cid, staff, moment, text, amount, out, ledger) -> int:
        """A visit with a note, a score and feedback, or voided: written here as a full row.
        A voided visit's ledger (earned, then reversed) is written here too."""
        cfg = self.cfg
        pick = rng.random() * self.special
        note = feedback = ""
        satisfaction = None
        if pick < cfg["note_share"]:
            note = cfg["notes"][int(rng.random() * len(cfg["notes"]))]
        elif pick < cfg["note_share"] + cfg["rated_share"]:
            satisfaction = self.ratings.pick(rng)
            choices = cfg["feedback"][str(satisfaction)]
            feedback = choices[int(rng.random() * len(choices))]
        else:
            reasons = cfg["void_reasons"]
            reason = reasons[int(rng.random() * len(reasons))]
            voided_at = moment + 60 + int(rng.random() * 1800)
            voided_text = time_text(voided_at)
            by = self.setup.owner_id
            out.other.append(
                (vid, cid, staff, text, amount, "", None, "", True, reason, voided_text, by)
            )
            entry = ledger.earn(vid, moment, text, amount)
            if entry is not None:
                ledger.write_off(voided_at, by)
                stamps, points = self.setup.rules.earned(amount)
                ledger.reverse(entry, vid, stamps, points, reason, by, voided_text)
            return _VOIDED
        out.other.append(
            (vid, cid, staff, text, amount, note, satisfaction, feedback, False, "", None, None)
        )
        return _NOTED
