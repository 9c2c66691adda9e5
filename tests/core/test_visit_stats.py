"""Visit statistics against hand-computed examples (``summarise``), and ``visit_summary``
(sums in SQL) against ``summarise`` of the same visits in a real database."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import peewee
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from peewee import fn

from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.ranking import RANK_WINDOW
from shopcrm.core.visit_stats import VisitSummary, median_gap_days, summarise, visit_summary
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.db.models import Visit
from shopcrm.demo.shop import add_visit_history

NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
DAY0 = datetime(2025, 1, 1, 10, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return DAY0 + timedelta(days=n)


def test_median_gap_and_spend() -> None:
    visits = [
        (day(14), 800, ""),
        (day(0), 1250, "first visit"),
        (day(28), None, ""),
        (day(7), None, "asked about the cake"),
    ]  # any order
    s = summarise(visits, NOW)
    assert s.visits == 4
    assert s.usual_gap_days == 7.0  # gaps 7, 7, 14
    assert s.total_spent_minor == 2050
    assert s.average_spend_minor == 1025  # over the two visits with a purchase
    assert s.lifetime_value_minor == 2050
    assert s.last_12_months_minor == 2050
    assert s.first_visit == day(0)
    assert s.last_visit == day(28)
    assert s.last_note == ""  # the last visit had no note: an older one is not its note


def test_even_number_of_gaps_and_fractions() -> None:
    s = summarise([(day(0), 100, ""), (day(3), 200, ""), (day(10), 300, "")], NOW)
    assert s.usual_gap_days == 5.0  # median of 3 and 7
    assert s.average_spend_minor == 200
    s = summarise([(day(0), None, ""), (day(1.5), None, "")], NOW)
    assert s.usual_gap_days == 1.5
    s = summarise([(day(0), None, ""), (day(1 / 3), None, "")], NOW)
    assert s.usual_gap_days == 0.3  # one decimal


def test_last_twelve_months_and_lifetime() -> None:
    visits = [
        (NOW - timedelta(days=400), 5000, "long ago"),
        (NOW - timedelta(days=366), 700, ""),
        (NOW - timedelta(days=364), 300, ""),
        (NOW - timedelta(days=1), 1000, ""),
    ]
    s = summarise(visits, NOW)
    assert s.lifetime_value_minor == s.total_spent_minor == 7000
    assert s.last_12_months_minor == 1300
    assert s.average_spend_minor == 1750
    assert s.usual_gap_days == 34.0  # gaps 34, 2, 363
    assert s.last_note == ""  # the last visit's, not "long ago"


def test_average_rounds_to_the_nearest_minor_unit() -> None:
    s = summarise([(day(0), 100, ""), (day(1), 200, ""), (day(2), 200, "")], NOW)
    assert s.average_spend_minor == 167  # 500 / 3
    s = summarise([(day(0), 0, ""), (day(1), None, "")], NOW)
    assert (s.total_spent_minor, s.average_spend_minor) == (0, 0)


def test_average_rounds_half_to_even() -> None:
    assert summarise([(day(0), 1, ""), (day(1), 4, "")], NOW).average_spend_minor == 2  # 2.5
    assert summarise([(day(0), 3, ""), (day(1), 4, "")], NOW).average_spend_minor == 4  # 3.5


def test_visits_at_the_same_moment_keep_the_order_given() -> None:
    s = summarise([(day(1), None, "older"), (day(0), None, "first"), (day(1), None, "newer")], NOW)
    assert s.last_note == "newer"
    assert s.usual_gap_days == 0.5  # gaps 1 and 0
    s = summarise([(day(1), None, "newer"), (day(1), None, "")], NOW)
    assert s.last_note == ""  # the last of them had no note


def test_the_last_note_is_the_last_visits() -> None:
    """Not the newest note of any visit: "Last visit's note" on the card must be true."""
    visits = [(day(0), 500, "wants oat milk"), (day(7), 700, ""), (day(3), None, "birthday")]
    assert summarise(visits, NOW).last_note == ""
    visits.append((day(9), 300, "asked about the move"))
    assert summarise(visits, NOW).last_note == "asked about the move"


def test_one_visit() -> None:
    s = summarise([(day(0), 990, "hello")], NOW)
    assert (s.visits, s.usual_gap_days, s.total_spent_minor, s.average_spend_minor) == (
        1,
        None,
        990,
        990,
    )
    assert s.first_visit == s.last_visit == day(0)


def test_no_visits() -> None:
    s = summarise([], NOW)
    assert s.visits == 0
    assert s.total_spent_minor == s.lifetime_value_minor == s.last_12_months_minor == 0
    assert s.average_spend_minor is None
    assert s.first_visit is s.last_visit is s.usual_gap_days is None
    assert s.last_note == ""
    assert s.to_json()["last_visit"] is None


def test_visits_without_amounts() -> None:
    s = summarise([(day(0), None, ""), (day(7), None, "")], NOW)
    assert (s.total_spent_minor, s.average_spend_minor, s.usual_gap_days) == (0, None, 7.0)


def test_to_json() -> None:
    data = summarise([(day(0), 1250, ""), (day(7), 800, "a")], NOW).to_json()
    assert data == {
        "visits": 2,
        "total_spent_minor": 2050,
        "average_spend_minor": 1025,
        "first_visit": day(0).isoformat(),
        "last_visit": day(7).isoformat(),
        "usual_gap_days": 7.0,
        "lifetime_value_minor": 2050,
        "last_12_months_minor": 2050,
        "last_note": "a",
    }


def test_visit_summary_ignores_voided_visits(db: peewee.Database) -> None:
    cid = add_customer(CustomerInput(first_name="Vi")).id
    now = datetime.now(UTC)
    at = [now - timedelta(days=d) for d in (28, 21, 14, 7)]
    log_visit(cid, amount_minor=1250, at=at[0], note="first")
    wrong = log_visit(cid, amount_minor=99_900, at=at[1], note="typo amount")
    log_visit(cid, amount_minor=800, at=at[2])
    log_visit(cid, at=at[3])
    void_visit(wrong.id, "amount typed wrong")
    s = visit_summary(cid)
    assert s.visits == 3
    assert s.total_spent_minor == s.lifetime_value_minor == s.last_12_months_minor == 2050
    assert s.average_spend_minor == 1025
    assert s.usual_gap_days == 10.5  # gaps 14 and 7 (the voided visit between is ignored)
    assert s.last_note == ""  # the last visit (at[3]) had none
    assert s.first_visit is not None and abs(s.first_visit - at[0]) < timedelta(seconds=1)


def test_visit_summary_of_a_customer_with_no_visits(db: peewee.Database) -> None:
    cid = add_customer(CustomerInput(first_name="Nova")).id
    assert visit_summary(cid).visits == 0


def reference(customer_id: int, now: datetime) -> VisitSummary:
    """``summarise`` of the customer's visits read as model rows, in id (logging) order."""
    rows = (
        Visit.select(Visit.visited_at, Visit.amount_minor, Visit.note)
        .where((Visit.customer == customer_id) & ~Visit.voided)
        .order_by(Visit.id)
    )
    return summarise([(v.visited_at, v.amount_minor, v.note) for v in rows], now)


T0 = datetime(2023, 3, 1, 9, 30, tzinfo=UTC)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(-timedelta(hours=5))])
# Mostly a handful of moments, so visits at the same time (and window edges on a visit) are
# common; otherwise anywhere in two years, to the microsecond.
SHARED_MOMENTS = [
    T0 + timedelta(days=d, microseconds=us)
    for d, us in [(0, 0), (1, 0), (1, 1), (200.25, 0), (400, 0), (400, 500_000)]
]
MOMENT = st.one_of(
    st.sampled_from(SHARED_MOMENTS),
    st.builds(
        lambda days, micro: T0 + timedelta(days=days, microseconds=micro),
        st.integers(0, 700),
        st.integers(0, 86_400_000_000 - 1),
    ),
)
VISIT = st.tuples(
    MOMENT,
    st.one_of(st.none(), st.integers(0, 3), st.integers(0, 250_000)),
    st.sampled_from(["", "", "cake", "asked about the gift box", "ça va"]),
    st.sampled_from([False, False, False, True]),  # voided
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    visits=st.lists(VISIT, max_size=12),
    edge=st.integers(-1, 1),
    pick=st.integers(0, 11),
    zone=ZONES,
)
def test_visit_summary_equals_summarise_of_the_same_visits(
    db: peewee.Database,
    visits: list[tuple[datetime, int | None, str, bool]],
    edge: int,
    pick: int,
    zone: timezone,
) -> None:
    cid = add_customer(CustomerInput(first_name="Prop")).id
    kept = []
    for at, amount, note, voided in visits:
        visit = log_visit(cid, amount_minor=amount, note=note, at=at)
        if voided:
            void_visit(visit.id, "typed wrong")
        else:
            kept.append((at, amount, note))
    # The 12-month window starts exactly at a visit, a microsecond either side of it, or
    # (with no visits) somewhere; ``now`` in some time zone.
    anchor = visits[pick % len(visits)][0] if visits else T0
    now = (anchor + RANK_WINDOW + timedelta(microseconds=edge)).astimezone(zone)
    got = visit_summary(cid, now)
    assert got == summarise(kept, now)
    assert got == reference(cid, now)


def test_visit_summary_of_a_long_demo_history(db: peewee.Database) -> None:
    """Hundreds of visits from the demo generator (notes, voided visits), and a few logged
    on top: without a purchase, and at the same moment as the newest demo visit."""
    cid = add_customer(CustomerInput(first_name="Harbour", last_name="Catering")).id
    rng = random.Random(7)
    now = datetime.now(UTC)
    times = [now - timedelta(seconds=rng.randrange(730 * 86400)) for _ in range(600)]
    add_visit_history(cid, times, seed=7)
    for visit_id in rng.sample([v.id for v in Visit.select(Visit.id)], 20):
        if not Visit.get_by_id(visit_id).voided:
            void_visit(visit_id, "test void")
    newest = Visit.select(fn.MAX(Visit.visited_at)).where(Visit.customer == cid).scalar()
    log_visit(cid, at=newest, note="same moment as the newest")
    log_visit(cid, at=newest - timedelta(days=3))
    got = visit_summary(cid, now)
    assert got == reference(cid, now)
    assert got.visits == Visit.select().where((Visit.customer == cid) & ~Visit.voided).count()
    assert got.visits >= 570
    assert got.last_note == "same moment as the newest"
    assert got.average_spend_minor


@settings(max_examples=2000, deadline=None)
@example(gaps=[21_600_000_000])  # 0.25 days: rounds to 0.2 like round(0.25, 1)
@example(gaps=[3_600_000_000, 7_200_000_000])  # mean of two middle gaps, 0.0625 days
@example(gaps=[])
@given(gaps=st.lists(st.integers(0, 90 * 86_400_000_000), max_size=9))
def test_median_gap_rounds_exactly_like_statistics_median(gaps: list[int]) -> None:
    """The fast median (sorting timedeltas, converting the middle ones) against the reference
    arithmetic, on gaps down to the microsecond."""
    times = [T0]
    for gap in gaps:
        times.append(times[-1] + timedelta(microseconds=gap))
    expected = summarise([(t, None, "") for t in times], NOW).usual_gap_days
    assert median_gap_days(times) == expected


def test_visit_summary_gives_the_last_visits_note(db: peewee.Database) -> None:
    """The database's answer, as the card shows it: the last visit's note, never an older
    visit's; a voided last visit does not count."""
    cid = add_customer(CustomerInput(first_name="Lena")).id
    now = datetime.now(UTC)
    log_visit(cid, amount_minor=500, at=now - timedelta(days=9), note="wants oat milk")
    log_visit(cid, amount_minor=700, at=now - timedelta(days=2))
    assert visit_summary(cid).last_note == ""
    log_visit(cid, at=now - timedelta(days=1), note="asked about the move")
    assert visit_summary(cid).last_note == "asked about the move"
    wrong = log_visit(cid, at=now, note="wrong customer")
    void_visit(wrong.id, "logged on the wrong card")
    assert visit_summary(cid).last_note == "asked about the move"
