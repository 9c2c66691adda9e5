"""Reading follow-ups (both engines): the Today page's due list and overdue complaints at the
boundaries of the owner's target, the Follow-ups list's filters, a low score opening a
complaint exactly at the threshold, and the Feedback list with its monthly averages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import peewee
import pytest

from shopcrm.core import followups, settings, staff
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.errors import ValidationError
from shopcrm.core.visits import log_visit, void_visit
from shopcrm.db.care_models import Followup


def noon(day: date) -> datetime:
    """Noon of a local day, in UTC."""
    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


THU, FRI, MON, TUE = date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8)


@pytest.fixture
def ann(db: peewee.Database) -> int:
    return add_customer(CustomerInput("Ann", "Regular")).id


def test_a_complaint_turns_overdue_one_working_day_past_the_target(ann: int) -> None:
    made = followups.add_followup(ann, "complaint", "Cold coffee", now=noon(THU))
    # Thursday's complaint: Friday 1, (weekend), Monday 2 = the target, Tuesday 3 = past it.
    for day, age, late in ((FRI, 1, False), (MON, 2, False), (TUE, 3, True)):
        assert [r.followup_id for r in followups.complaints_overdue(day)] == (
            [made.id] if late else []
        )
        (view,) = followups.list_followups(today=day)
        assert (view.age_days, view.late) == (age, late)
    (row,) = followups.complaints_overdue(TUE)
    assert row.customer_id == ann and row.customer_name == "Ann Regular"
    assert row.reason == "Complaint open 3 working days (target 2): Cold coffee"
    assert row.to_json()["customer_id"] == ann


@pytest.mark.parametrize(("target", "first_late"), [(0, FRI), (1, MON), (3, date(2026, 12, 9))])
def test_the_owner_sets_the_target(ann: int, target: int, first_late: date) -> None:
    settings.set_value("complaint_target_days", str(target))
    made = followups.add_followup(ann, "complaint", "Cold coffee", now=noon(THU))
    day = THU
    while day <= first_late + timedelta(days=3):
        overdue = [r.followup_id for r in followups.complaints_overdue(day)]
        assert overdue == ([made.id] if day >= first_late else []), day
        day += timedelta(days=1)


def test_due_list_shows_each_open_follow_up_once(ann: int) -> None:
    bob = add_customer(CustomerInput("Bob", "Caller")).id
    call = followups.add_followup(bob, "callback", "Ring about the cake", now=noon(THU))
    later = followups.add_followup(bob, "checkin", "How was the party", now=noon(THU))
    complaint = followups.add_followup(ann, "complaint", "Cold coffee", now=noon(THU))
    done = followups.add_followup(ann, "callback", "Already rang", now=noon(THU))
    followups.close_followup(done.id, "rang")

    assert [r.followup_id for r in followups.followups_due(THU)] == [call.id]
    assert followups.followups_due(THU)[0].reason == "Call back: Ring about the cake (due today)"
    assert [r.followup_id for r in followups.followups_due(FRI)] == [call.id, complaint.id]
    assert (
        followups.followups_due(FRI)[0].reason == "Call back: Ring about the cake (1 day overdue)"
    )
    # Past its target the complaint moves to the overdue complaints, not shown twice.
    assert [r.followup_id for r in followups.followups_due(TUE)] == [call.id]
    assert [r.followup_id for r in followups.complaints_overdue(TUE)] == [complaint.id]
    assert [r.followup_id for r in followups.followups_due(THU + timedelta(days=7))] == [
        call.id,
        later.id,
    ]
    followups.close_followup(call.id, "rang")  # its reason is gone: so is the row
    assert [r.followup_id for r in followups.followups_due(FRI)] == [complaint.id]


def test_list_filters(ann: int) -> None:
    jo = staff.add_staff("Jo Baker").id
    a = followups.add_followup(ann, "complaint", "Cold", now=noon(THU))
    b = followups.add_followup(ann, "callback", "Ring", assignee_id=jo, now=noon(THU))
    c = followups.add_followup(ann, "checkin", "Ask", now=noon(THU))
    d = followups.add_followup(ann, "other", "Old", now=noon(THU))
    followups.drop_followup(d.id, "no need")

    def ids(**filters: object) -> list[int]:
        return [v.id for v in followups.list_followups(**filters)]  # type: ignore[arg-type]

    assert sorted(ids(today=THU)) == sorted([a.id, b.id, c.id])
    assert ids(status="dropped") == [d.id]
    assert ids(status="done") == []
    assert ids(kind="callback") == [b.id]
    assert ids(assignee_id=jo) == [b.id]
    assert ids(status="overdue", today=THU) == []
    assert ids(status="overdue", today=FRI) == [b.id]  # the call-back was due Thursday
    assert sorted(ids(status="overdue", today=TUE)) == sorted([a.id, b.id])
    assert len(ids(status=None)) == 4
    with pytest.raises(ValidationError) as err:
        followups.list_followups(status="late", kind="praise")
    assert set(err.value.errors) == {"status", "kind"}


@pytest.mark.parametrize(
    ("threshold", "score", "opens"),
    [(2, 1, True), (2, 2, True), (2, 3, False), (3, 3, True), (3, 4, False), (0, 1, False)],
)
def test_a_low_score_opens_a_complaint(ann: int, threshold: int, score: int, opens: bool) -> None:
    settings.set_value("complaint_score_threshold", str(threshold))
    jo = staff.add_staff("Jo Baker").id
    visit = log_visit(ann, satisfaction=score, feedback="Waited ages", staff_id=jo)
    opened = followups.open_followups(ann)
    assert (visit.complaint_id is not None) == opens == bool(opened)
    if opens:
        (complaint,) = opened
        assert complaint.id == visit.complaint_id
        assert complaint.kind == "complaint" and complaint.visit_id == visit.id
        assert complaint.about == f"Scored the visit {score} of 5: Waited ages"
        assert complaint.assignee == "Jo Baker"
        assert complaint.due_on == followups.next_working_day(followups.local_day(visit.visited_at))


def test_no_score_opens_nothing(ann: int) -> None:
    assert log_visit(ann, feedback="Lovely").complaint_id is None
    assert Followup.select().count() == 0


def test_feedback_list_and_monthly_averages(ann: int) -> None:
    settings.set_value("complaint_score_threshold", "0")
    now = datetime.now(UTC)
    first = now.replace(day=1, hour=12) if now.day > 1 else now
    last_month = first - timedelta(days=3)
    log_visit(ann, satisfaction=4, at=last_month)
    log_visit(ann, satisfaction=2, feedback="Slow", at=last_month + timedelta(hours=1))
    log_visit(ann, satisfaction=5, feedback="Great", at=now - timedelta(minutes=1))
    log_visit(ann, feedback="No score, a word", at=now - timedelta(seconds=30))
    log_visit(ann, amount_minor=300)  # neither: not feedback
    wrong = log_visit(ann, satisfaction=1, at=now - timedelta(seconds=10))
    void_visit(wrong.id, "wrong customer")

    rows = followups.feedback_list()
    assert [(r.satisfaction, r.feedback) for r in rows] == [
        (None, "No score, a word"),
        (5, "Great"),
        (2, "Slow"),
        (4, ""),
    ]
    assert rows[0].customer_name == "Ann Regular"
    assert [r.satisfaction for r in followups.feedback_list(scores=(1, 2))] == [2]
    assert len(followups.feedback_list(with_comment=True)) == 3
    today = followups.local_day(now)
    assert [r.feedback for r in followups.feedback_list(since=today)][:2] == [
        "No score, a word",
        "Great",
    ]
    months = followups.monthly_averages()
    assert [(m.scores, m.average) for m in months] == [(2, 3.0), (1, 5.0)]
    assert months[-1].month == now.strftime("%Y-%m")
    with pytest.raises(ValidationError):
        followups.feedback_list(scores=(0,))
