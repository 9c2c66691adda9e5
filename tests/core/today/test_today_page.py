"""The Today page's sections on a real shop (both engines): who is on them, on which day,
and that a row goes as soon as its reason does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import peewee

from shopcrm.core import settings
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.today import SECTIONS, today_page
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.core.vouchers.batches import issue_single
from shopcrm.core.vouchers.redemption import redeem
from shopcrm.core.vouchers.values import VoucherValue
from shopcrm.db.models import Customer


def customer(name: str, month: int | None = None, day: int | None = None) -> int:
    return add_customer(CustomerInput(name, birthday_month=month, birthday_day=day)).id


def ids(day: date, section: str) -> list[int]:
    return [row.customer_id for row in today_page(day).sections[section]]


def test_every_section_is_there(db: peewee.Database) -> None:
    page = today_page(date(2026, 5, 1))
    assert list(page.to_json()) == ["date", *SECTIONS]
    assert all(rows == [] for rows in page.sections.values())  # an empty shop


def test_follow_ups_due_and_complaints_past_target_each_once_and_gone_when_closed(
    db: peewee.Database,
) -> None:
    from shopcrm.core.followups import add_followup, close_followup

    ann, bo = customer("Ann"), customer("Bo")
    monday = datetime(2026, 5, 4, 9, tzinfo=UTC)  # a Monday
    call = add_followup(ann, "callback", "order the beans", due_on=date(2026, 5, 4), now=monday)
    complaint = add_followup(bo, "complaint", "cold coffee", now=monday)  # due Tuesday
    assert ids(date(2026, 5, 4), "followups_due") == [ann]
    assert ids(date(2026, 5, 5), "followups_due") == [ann, bo]  # most overdue first
    assert ids(date(2026, 5, 5), "complaints_overdue") == []
    # Thursday: 3 working days open, past the 2-day target: listed once, as overdue
    assert ids(date(2026, 5, 7), "complaints_overdue") == [bo]
    assert ids(date(2026, 5, 7), "followups_due") == [ann]
    (row,) = today_page(date(2026, 5, 7)).sections["complaints_overdue"]
    assert row.kind == "complaint" and row.detail["age_working_days"] == 3
    assert row.to_json()["followup_id"] == complaint.id
    close_followup(call.id, "ordered", now=monday + timedelta(hours=1))
    close_followup(complaint.id, "new coffee", now=monday + timedelta(hours=2))
    assert ids(date(2026, 5, 7), "followups_due") == ids(date(2026, 5, 7), "complaints_overdue")
    assert ids(date(2026, 5, 7), "followups_due") == []


def test_birthdays_in_the_week_across_the_new_year(db: peewee.Database) -> None:
    eve = customer("Eve", 12, 31)
    jan = customer("Jan", 1, 6)
    late = customer("Late", 1, 7)
    before = customer("Before", 12, 29)
    mixed = customer("Mixed", 1, 31)  # January and the 31st are both in the week, not together
    assert ids(date(2026, 12, 31), "birthdays") == [eve, jan]
    assert ids(date(2026, 12, 30), "birthdays") == [eve]
    assert late not in ids(date(2026, 12, 31), "birthdays")
    assert before not in ids(date(2026, 12, 30), "birthdays")
    assert mixed not in ids(date(2026, 12, 31), "birthdays")
    (row,) = [
        r for r in today_page(date(2026, 12, 31)).sections["birthdays"] if r.customer_id == jan
    ]
    assert row.detail["on"] == date(2027, 1, 6) and row.detail["in_days"] == 6


def test_29_february_is_celebrated_on_28_february_without_a_leap_day(db: peewee.Database) -> None:
    leap = customer("Leap", 2, 29)
    assert ids(date(2027, 2, 28), "birthdays") == [leap]
    (row,) = today_page(date(2027, 2, 22)).sections["birthdays"]
    assert row.detail["on"] == date(2027, 2, 28)
    assert ids(date(2027, 3, 1), "birthdays") == []
    # in a leap year on the day itself, and not also on the 28th's list a day early as "today"
    (row,) = today_page(date(2028, 2, 28)).sections["birthdays"]
    assert row.detail["on"] == date(2028, 2, 29)
    assert ids(date(2028, 3, 1), "birthdays") == []


def test_erased_customers_are_on_no_list(db: peewee.Database) -> None:
    gone = customer("Gone", 6, 1)
    Customer.update(erased_at=datetime.now(UTC)).where(Customer.id == gone).execute()
    assert ids(date(2026, 6, 1), "birthdays") == []


def regular(name: str, gap_days: int, visits: int, last: datetime) -> int:
    cid = customer(name)
    for i in range(visits):
        log_visit(cid, at=last - timedelta(days=gap_days * (visits - 1 - i)), amount_minor=1000)
    return cid


def test_late_regulars_by_their_own_rhythm(db: peewee.Database) -> None:
    last = datetime.now(UTC) - timedelta(days=200)
    day = last.date()
    weekly = regular("Weekly", 10, 5, last)  # late 21 days after
    few = regular("Few", 10, 3, last)  # too little history
    assert weekly not in ids(day + timedelta(days=20), "late_regulars")  # exactly 2 x 10
    assert ids(day + timedelta(days=21), "late_regulars") == [weekly]  # one day past
    assert few not in ids(day + timedelta(days=60), "late_regulars")
    # on the list for late_list_days (30) days, then a matter for the segments
    assert ids(day + timedelta(days=50), "late_regulars") == [weekly]
    assert ids(day + timedelta(days=51), "late_regulars") == []
    (row,) = today_page(day + timedelta(days=25)).sections["late_regulars"]
    assert row.detail["days_away"] == 25 and row.detail["usual_gap_days"] == 10.0
    assert "usually every 10 days, last visit 25 days ago" in row.reason


def test_the_multiple_and_history_are_settings(db: peewee.Database) -> None:
    last = datetime.now(UTC) - timedelta(days=200)
    day = last.date()
    few = regular("Few", 10, 3, last)
    settings.set_many({"late_min_visits": "3", "late_multiple": "1.5"})
    from shopcrm.core.segments import refresh_due

    refresh_due()
    assert few not in ids(day + timedelta(days=15), "late_regulars")
    assert ids(day + timedelta(days=16), "late_regulars") == [few]


def test_late_regulars_rank_by_usual_spend(db: peewee.Database) -> None:
    last = datetime.now(UTC) - timedelta(days=100)
    small = regular("Small", 10, 5, last)
    big = customer("Big")
    for i in range(5):
        log_visit(big, at=last - timedelta(days=10 * (4 - i)), amount_minor=5000)
    assert ids(last.date() + timedelta(days=25), "late_regulars") == [big, small]


def test_a_late_row_goes_once_they_visit_and_comes_back_if_the_visit_is_voided(
    db: peewee.Database,
) -> None:
    last = datetime.now(UTC) - timedelta(days=25)
    weekly = regular("Weekly", 10, 5, last)
    today = datetime.now(UTC).date()
    assert ids(today, "late_regulars") == [weekly]
    visit = log_visit(weekly, amount_minor=800)
    assert ids(today, "late_regulars") == []
    void_visit(visit.id, "wrong customer")
    assert ids(today, "late_regulars") == [weekly]


def test_vouchers_expiring_in_two_weeks_and_gone_once_redeemed(db: peewee.Database) -> None:
    today = datetime.now(UTC).astimezone().date()
    soon = customer("Soon")
    later = customer("Later")
    issued = issue_single(soon, VoucherValue.amount(500), today + timedelta(days=14), "For you")
    issue_single(later, VoucherValue.amount(500), today + timedelta(days=15), "For you")
    (row,) = today_page(today).sections["vouchers_expiring"]
    assert row.customer_id == soon and row.detail["in_days"] == 14
    assert "expires in 14 days" in row.reason
    redeem(issued.vouchers[0].code, log_visit=True)
    assert ids(today, "vouchers_expiring") == []
