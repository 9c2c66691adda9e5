"""Follow-ups on both engines: defaults per kind, the open -> done/dropped lifecycle (no
reopening), refusals that change nothing, and the service-recovery voucher issued in the
same transaction as the closing (a failure after it rolls both back)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import peewee
import pytest

from shopcrm.core import followups, staff
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.errors import NotFoundError, ShopError, ValidationError
from shopcrm.core.visits import log_visit
from shopcrm.core.vouchers import VoucherValue, customer_vouchers
from shopcrm.db import is_sqlite
from shopcrm.db.care_models import AuditEntry, Followup
from shopcrm.db.models import Voucher

#: A Friday at noon UTC (also a Friday in the zones the tests run in).
FRIDAY = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def shop(db: peewee.Database) -> dict[str, int]:
    owner = staff.default_staff()
    assert owner is not None
    return {
        "ann": add_customer(CustomerInput("Ann", "Regular")).id,
        "bob": add_customer(CustomerInput("Bob", "Other")).id,
        "jo": staff.add_staff("Jo Baker", "cashier").id,
        "owner": owner.id,
    }


def _audit(action: str) -> int:
    return AuditEntry.select().where(AuditEntry.action == action).count()


def test_a_complaint_is_due_the_next_working_day_and_goes_to_who_captured_it(shop) -> None:
    made = followups.add_followup(
        shop["ann"], "complaint", "  Cake was stale  ", staff_id=shop["jo"], now=FRIDAY
    )
    assert made.due_on == date(2026, 12, 7)  # Monday, not Saturday
    assert made.assignee == "Jo Baker" == made.created_by
    assert (made.status, made.about, made.kind) == ("open", "Cake was stale", "complaint")
    assert made.customer_name == "Ann Regular"
    assert made.age_days == 0
    assert _audit("followup.add") == 1
    assert made.to_json()["id"] == made.id


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        ("callback", date(2026, 12, 4)),
        ("checkin", date(2026, 12, 11)),
        ("other", date(2026, 12, 4)),
    ],
)
def test_defaults_per_kind(shop, kind: str, due: date) -> None:
    made = followups.add_followup(shop["ann"], kind, "Ring about the order", now=FRIDAY)
    assert made.due_on == due
    assert made.assignee_id == shop["owner"]  # nobody named: the till's default person


def test_a_due_date_and_assignee_can_be_given(shop) -> None:
    visit = log_visit(shop["ann"], amount_minor=500)
    today = followups.local_day(datetime.now(UTC))
    made = followups.add_followup(
        shop["ann"],
        "callback",
        "Order ready?",
        due_on=today + timedelta(days=3),
        assignee_id=shop["jo"],
        visit_id=visit.id,
        staff_id=shop["owner"],
    )
    assert (made.due_on, made.assignee, made.visit_id) == (
        today + timedelta(days=3),
        "Jo Baker",
        visit.id,
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "praise"}, "kind"),
        ({"about": "   "}, "note"),
        ({"about": "x" * (followups.MAX_ABOUT + 1)}, "note"),
        ({"about": "bad\x00byte"}, "note"),
        ({"due_on": date(2026, 12, 3)}, "due"),
        ({"due_on": date(2028, 1, 1)}, "due"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(shop, change: dict, field: str) -> None:
    args = {"kind": "complaint", "about": "Stale", **change}
    with pytest.raises(ValidationError) as err:
        followups.add_followup(shop["ann"], args.pop("kind"), args.pop("about"), now=FRIDAY, **args)
    assert field in err.value.errors
    assert Followup.select().count() == 0
    assert _audit("followup.add") == 0


def test_unknown_customer_visit_and_staff_are_refused(shop) -> None:
    bobs = log_visit(shop["bob"]).id
    with pytest.raises(NotFoundError):
        followups.add_followup(shop["bob"] + 100, "other", "x")
    with pytest.raises(ValidationError, match="another customer"):
        followups.add_followup(shop["ann"], "other", "x", visit_id=bobs)
    with pytest.raises(NotFoundError):
        followups.add_followup(shop["ann"], "other", "x", visit_id=bobs + 100)
    with pytest.raises(NotFoundError):
        followups.add_followup(shop["ann"], "other", "x", assignee_id=shop["jo"] + 100)
    staff.set_active(shop["jo"], False)
    with pytest.raises(ValidationError, match="does not work here"):
        followups.add_followup(shop["ann"], "other", "x", assignee_id=shop["jo"])
    assert Followup.select().count() == 0


def test_open_then_done_is_final(shop) -> None:
    made = followups.add_followup(shop["ann"], "complaint", "Coffee cold", staff_id=shop["jo"])
    done = followups.close_followup(made.id, "Apologised, new coffee", staff_id=shop["owner"])
    assert (done.status, done.resolution, done.closed_by) == (
        "done",
        "Apologised, new coffee",
        done.closed_by,
    )
    assert done.closed_by == staff.find_staff(shop["owner"]).name  # type: ignore[union-attr]
    assert done.closed_at is not None and done.voucher_code is None and not done.late
    for again in (
        lambda: followups.close_followup(made.id, "again"),
        lambda: followups.drop_followup(made.id, "never mind"),
        lambda: followups.reassign_followup(made.id, shop["jo"]),
    ):
        with pytest.raises(ValidationError, match="is done already"):
            again()
    assert followups.get_followup(made.id).resolution == "Apologised, new coffee"
    assert _audit("followup.close") == 1
    assert followups.open_followups(shop["ann"]) == []


def test_open_then_dropped_is_final(shop) -> None:
    made = followups.add_followup(shop["ann"], "callback", "Ring back")
    with pytest.raises(ValidationError, match="say why"):
        followups.drop_followup(made.id, " ")
    dropped = followups.drop_followup(made.id, "Customer came in instead")
    assert (dropped.status, dropped.resolution) == ("dropped", "Customer came in instead")
    with pytest.raises(ValidationError, match="is dropped already"):
        followups.close_followup(made.id, "done after all")
    assert _audit("followup.drop") == 1


def test_reassign_an_open_one(shop) -> None:
    made = followups.add_followup(shop["ann"], "callback", "Ring back")
    moved = followups.reassign_followup(made.id, shop["jo"], staff_id=shop["owner"])
    assert moved.assignee == "Jo Baker"
    assert _audit("followup.assign") == 1
    with pytest.raises(NotFoundError):
        followups.reassign_followup(made.id + 100, shop["jo"])


def test_closing_a_complaint_gives_one_recovery_voucher(shop) -> None:
    made = followups.add_followup(shop["ann"], "complaint", "Stale croissants")
    expires = date.today() + timedelta(days=30)
    done = followups.close_followup(
        made.id,
        "Refunded, voucher given",
        voucher=VoucherValue.amount(500),
        voucher_expires=expires,
        staff_id=shop["jo"],
    )
    held = customer_vouchers(shop["ann"])
    assert len(held) == 1
    assert done.voucher_code is not None and done.voucher_code.replace("-", "") == held[
        0
    ].code.replace("-", "")
    assert Voucher.get_by_id(Followup.get_by_id(made.id).voucher_id).customer_id == shop["ann"]


def test_only_a_complaint_gives_a_voucher_and_a_voucher_needs_both_parts(shop) -> None:
    call = followups.add_followup(shop["ann"], "callback", "Ring back")
    expires = date.today() + timedelta(days=30)
    with pytest.raises(ValidationError, match="closes a complaint"):
        followups.close_followup(
            call.id, "rang", voucher=VoucherValue.amount(500), voucher_expires=expires
        )
    with pytest.raises(ValidationError) as err:
        followups.close_followup(call.id, "rang", voucher_expires=expires)
    assert "voucher" in err.value.errors
    with pytest.raises(ValidationError) as err:
        followups.close_followup(
            call.id, "rang", voucher=VoucherValue.amount(0), voucher_expires=expires
        )
    assert "value" in err.value.errors
    assert followups.get_followup(call.id).status == "open"
    assert Voucher.select().count() == 0


@pytest.fixture
def closing_fails(db: peewee.Database) -> Iterator[None]:
    """A real database failure at the last write of a closing (the follow-up's update), after
    the voucher was written: a trigger refusing the resolution 'fail here'."""
    if is_sqlite(db):
        db.execute_sql(
            "CREATE TRIGGER refuse_close BEFORE UPDATE ON followup"
            " WHEN NEW.resolution = 'fail here' BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    else:
        db.execute_sql(
            "CREATE FUNCTION refuse_close() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF NEW.resolution = 'fail here' THEN RAISE EXCEPTION 'refused'; END IF;"
            " RETURN NEW; END $$"
        )
        db.execute_sql(
            "CREATE TRIGGER refuse_close BEFORE UPDATE ON followup"
            " FOR EACH ROW EXECUTE FUNCTION refuse_close()"
        )
    try:
        yield
    finally:
        db.execute_sql("DROP TRIGGER refuse_close" + ("" if is_sqlite(db) else " ON followup"))
        if not is_sqlite(db):
            db.execute_sql("DROP FUNCTION refuse_close()")


def test_a_failed_closing_keeps_no_voucher(shop, closing_fails) -> None:
    made = followups.add_followup(shop["ann"], "complaint", "Stale croissants")
    before_issue = _audit("voucher.issue")
    with pytest.raises((peewee.DatabaseError, ShopError)):
        followups.close_followup(
            made.id,
            "fail here",
            voucher=VoucherValue.amount(500),
            voucher_expires=date.today() + timedelta(days=30),
        )
    assert Voucher.select().count() == 0
    assert _audit("voucher.issue") == before_issue
    assert followups.get_followup(made.id).status == "open"
    assert _audit("followup.close") == 0
    done = followups.close_followup(  # and the same closing works once the fault is gone
        made.id,
        "Refunded",
        voucher=VoucherValue.amount(500),
        voucher_expires=date.today() + timedelta(days=30),
    )
    assert done.voucher_code is not None
