"""The audit log (both engines): every change use case writes one row, with who, at which
till and what changed, in its own transaction (a change rolled back leaves no row); nothing
updates or deletes a row; reading it is owner-only and filters by action and date."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import peewee
import pytest

from shopcrm.core import (
    audit,
    audit_log,
    followups,
    loyalty,
    notes,
    settings,
    staff,
    visits,
    vouchers,
)
from shopcrm.core.backup import make_backup, restore_backup
from shopcrm.core.customers import CustomerInput, add_customer, update_customer
from shopcrm.core.errors import NotFoundError
from shopcrm.core.owner import OwnerRequired, prove_owner, set_pin
from shopcrm.core.progress import WorkCancelled
from shopcrm.core.vouchers import HAND_PICKED, RuleSpec, VoucherValue
from shopcrm.db import close, open_database, parse_location, write_transaction
from shopcrm.db.care_models import AuditEntry
from shopcrm.db.models import Voucher
from tests.core.vouchers.voucher_shop import MONTH, TODAY
from tests.statements import recorded_statements

PIN = "4821"


def _draft(customer_ids: tuple[int, ...]) -> vouchers.BatchDraft:
    return vouchers.BatchDraft(
        rule=RuleSpec(HAND_PICKED, MONTH, customer_ids=customer_ids),
        value=VoucherValue.amount(500),
        expires_on=TODAY + timedelta(days=30),
        name="Thanks",
    )


@pytest.fixture
def shop(db: peewee.Database) -> dict[str, int]:
    """A customer with points and a stamp card nearly full, a batch of one voucher, a cashier."""
    settings.set_many({"points_per_unit": "1", "stamps_per_card": "2"})
    ann = add_customer(CustomerInput("Ann", "Regular")).id
    loyalty.adjust_points(ann, 50, "welcome")
    batch = vouchers.issue_batch(_draft((ann,)))
    jo = staff.add_staff("Jo Baker", "cashier").id
    owner = staff.default_staff()
    assert owner is not None
    return {"ann": ann, "batch": batch.batch_id, "jo": jo, "owner": owner.id}


def _code(ids: dict[str, int]) -> str:
    return str(Voucher.get(Voucher.batch == ids["batch"]).code)


def _cases(ids: dict[str, int]) -> dict[str, tuple[Callable[[], object], int | None, str]]:
    """action -> (the change, whom it records as the actor, a field its changes hold)."""
    jo, ann, owner = ids["jo"], ids["ann"], ids["owner"]
    edit = CustomerInput("Ann", "Newname", phone="", tags=["vip"])
    return {
        "customer.add": (lambda: add_customer(CustomerInput("Bo"), staff_id=jo), jo, "first_name"),
        "customer.edit": (lambda: update_customer(ann, edit, staff_id=jo), jo, "last_name"),
        "note.add": (lambda: notes.add_note(ann, "x" * 600, staff_id=jo), jo, "text"),
        "visit.log": (lambda: visits.log_visit(ann, amount_minor=1200, staff_id=jo), jo, "visit"),
        "visit.void": (
            lambda: visits.void_visit(visits.log_visit(ann).id, "wrong one", staff_id=jo),
            jo,
            "reason",
        ),
        "loyalty.adjust": (lambda: loyalty.adjust_points(ann, 7, "gift", jo), jo, "points"),
        "loyalty.redeem": (lambda: loyalty.redeem_points(ann, 5, staff_id=jo), jo, "points"),
        "voucher.issue": (
            lambda: vouchers.issue_batch(_draft((ann,)), staff_id=jo, again=True),
            jo,
            "vouchers",
        ),
        "voucher.void": (
            lambda: vouchers.void_voucher(_code(ids), "lost", staff_id=jo),
            jo,
            "reason",
        ),
        "voucher.redeem": (lambda: vouchers.redeem(_code(ids), staff_id=jo), jo, "redeemed"),
        "settings.change": (
            lambda: settings.set_value("shop_name", "Corner", by=owner),
            owner,
            "shop_name",
        ),
        "staff.add": (lambda: staff.add_staff("Sam", staff_id=owner), owner, "name"),
        "staff.role": (lambda: staff.set_role(jo, "owner", by=owner), owner, "role"),
        "staff.active": (lambda: staff.set_active(jo, False, by=jo), jo, "active"),
        "staff.pin": (lambda: set_pin(owner, PIN), owner, "pin"),
        "followup.add": (
            lambda: followups.add_followup(ann, "callback", "Ring", staff_id=jo),
            jo,
            "kind",
        ),
        "followup.close": (
            lambda: followups.close_followup(_followup(ann), "rang", staff_id=jo),
            jo,
            "resolution",
        ),
        "followup.drop": (
            lambda: followups.drop_followup(_followup(ann), "no need", staff_id=jo),
            jo,
            "reason",
        ),
        "followup.assign": (
            lambda: followups.reassign_followup(_followup(ann), jo, staff_id=jo),
            jo,
            "assignee",
        ),
        "note.alert": (
            lambda: notes.snooze_note(notes.add_note(ann, "Ask", pinned=True).id, 3, staff_id=jo),
            jo,
            "snoozed_until",
        ),
    }


def _followup(customer_id: int) -> int:
    return followups.add_followup(customer_id, "complaint", "Cold", assignee_id=None).id


ACTIONS = [
    "customer.add",
    "customer.edit",
    "note.add",
    "visit.log",
    "visit.void",
    "loyalty.adjust",
    "loyalty.redeem",
    "voucher.issue",
    "voucher.void",
    "voucher.redeem",
    "settings.change",
    "staff.add",
    "staff.role",
    "staff.active",
    "staff.pin",
    "followup.add",
    "followup.close",
    "followup.drop",
    "followup.assign",
    "note.alert",
]


def _rows() -> list[AuditEntry]:
    return list(AuditEntry.select().order_by(AuditEntry.id))


@pytest.mark.parametrize("action", ACTIONS)
def test_each_change_records_one_row_with_its_actor_till_and_changes(shop, action) -> None:
    change, actor, field = _cases(shop)[action]
    before = len(_rows())
    started = datetime.now(UTC) - timedelta(seconds=1)
    change()
    new = [row for row in _rows()[before:] if row.action == action]
    assert len(new) == 1, [row.action for row in _rows()[before:]]
    row = new[0]
    assert row.staff_id == actor
    names = {shop["jo"]: "Jo Baker", shop["owner"]: staff.find_staff(shop["owner"]).name}
    assert row.staff_name == (names[actor] if actor else None)
    assert row.till == audit.this_till() != ""
    assert started <= row.at <= datetime.now(UTC)
    assert field in row.changes, row.changes
    assert PIN not in row.changes and "scrypt" not in row.changes


@pytest.mark.parametrize("action", ACTIONS)
def test_a_change_rolled_back_leaves_no_row(shop, action) -> None:
    change, _, _ = _cases(shop)[action]
    before = len(_rows())

    class Undo(Exception):
        pass

    with pytest.raises(Undo), write_transaction():
        change()
        assert len(_rows()) > before  # written in the same transaction as the change ...
        raise Undo
    assert len(_rows()) == before  # ... so gone with it


def test_a_change_that_fails_at_its_last_step_leaves_no_row(shop) -> None:
    """The cancel of a voucher run comes after its audit row: both go."""
    before = len(_rows())
    seen = []

    def cancelled() -> bool:
        seen.append(AuditEntry.select().where(AuditEntry.action == "voucher.issue").count())
        return seen[-1] >= 2  # this run's row is written: cancel now

    with pytest.raises(WorkCancelled):
        vouchers.issue_batch(_draft((shop["ann"],)), again=True, cancelled=cancelled)
    assert seen == [1, 2]  # the shop's first batch, then this one too until the rollback
    assert len(_rows()) == before
    with pytest.raises(NotFoundError):
        visits.log_visit(10**9)
    assert len(_rows()) == before


def test_an_edit_records_only_what_changed_and_a_long_note_is_cut(shop) -> None:
    update_customer(shop["ann"], CustomerInput("Ann", "Regular", tags=["vip"]))
    notes.add_note(shop["ann"], "y" * 600)
    edit, note = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(2)[::-1]
    assert (
        edit.action == "customer.edit"
        and '"tags": {"after": ["vip"], "before": []}' in edit.changes
    )
    assert "last_name" not in edit.changes and "first_name" not in edit.changes
    assert len(note.changes) < audit.MAX_VALUE + 100 and "…" in note.changes


def test_owner_actions_record_the_owner_who_proved_it(shop) -> None:
    set_pin(shop["owner"], PIN)
    proof = prove_owner(shop["owner"], PIN)
    loyalty.adjust_points(shop["ann"], 3, "birthday", owner=proof)
    row = _rows()[-1]
    assert (row.action, row.staff_id, row.subject) == (
        "loyalty.adjust",
        shop["owner"],
        str(shop["ann"]),
    )
    assert row.changes.count('"points": {"after": 53, "before": 50}') == 1


def test_owner_changes_without_a_pin_name_the_person_at_the_till_and_a_proof_wins(
    shop,
) -> None:
    settings.set_value("shop_name", "Nobody named")
    assert _rows()[-1].staff_id is None  # a script that names nobody
    settings.set_value("shop_name", "Corner", by=shop["jo"])
    assert (_rows()[-1].staff_id, _rows()[-1].staff_name) == (shop["jo"], "Jo Baker")
    with pytest.raises(NotFoundError):
        staff.add_staff("Sam", staff_id=999_999)  # an unknown person at the till: refused
    assert "Sam" not in [m.name for m in staff.list_staff(include_inactive=True)]
    set_pin(shop["owner"], PIN)
    proof = prove_owner(shop["owner"], PIN)
    staff.set_role(shop["jo"], "owner", owner=proof, by=shop["jo"])
    assert _rows()[-1].staff_id == shop["owner"]  # the owner who proved it


#: The one exception: an erasure scrubs the erased person's values out of the rows about them
#: (see shopcrm/core/privacy/audit_scrub.py); it updates, never deletes.
SCRUB = "core/privacy/audit_scrub.py: AuditEntry.update"


def test_nothing_in_shopcrm_updates_or_deletes_an_audit_row() -> None:
    """Append-only: the only statement on the table anywhere in the code is the insert, but
    for the erasure's scrub of the erased person's values (one update, in one file)."""
    root = Path(audit.__file__).parents[1]
    writes = re.compile(
        r"AuditEntry\s*\.\s*(update|delete|replace|insert_many|truncate|drop)"
        r"|(UPDATE|DELETE\s+FROM|TRUNCATE)\s+\"?audit_entry",
        re.IGNORECASE,
    )
    found = [
        f"{path.relative_to(root)}: {m.group(0)}"
        for path in root.rglob("*.py")
        for m in writes.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == [SCRUB]
    assert writes.search("AuditEntry.delete().execute()")  # the pattern itself bites
    assert [n for n in dir(audit) if re.match(r"(update|delete|erase|prune|clear)", n)] == []


def test_reading_the_log_is_owner_only_newest_first_and_filtered(shop) -> None:
    visits.log_visit(shop["ann"], staff_id=shop["jo"])
    lines = audit_log.entries()
    assert lines[0].action == "visit.log" and lines[0].staff == "Jo Baker"
    assert [line.id for line in lines] == sorted((line.id for line in lines), reverse=True)
    assert {line.action for line in audit_log.entries(action="voucher.")} == {"voucher.issue"}
    assert [line.action for line in audit_log.entries(action="visit.log")] == ["visit.log"]
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    assert audit_log.entries(since=tomorrow) == []
    assert len(audit_log.entries(since=datetime.now(UTC).date())) == len(lines)
    page = audit_log.entries(limit=2)
    rest = audit_log.entries(before_id=page[-1].id)
    assert [x.id for x in page + rest] == [x.id for x in lines]
    assert set(lines[0].to_json()) >= {"at", "till", "staff", "action", "subject", "changes"}
    set_pin(shop["owner"], PIN)
    with pytest.raises(OwnerRequired):
        audit_log.entries()
    assert audit_log.entries(owner=prove_owner(shop["owner"], PIN))[0].action == "staff.pin"


def test_a_restore_is_the_restored_shops_first_new_row(shop_location: str) -> None:
    open_database(shop_location)
    add_customer(CustomerInput("Kept"))
    backup = make_backup().record.path
    add_customer(CustomerInput("Later"))
    owner = staff.default_staff()
    assert owner is not None
    set_pin(owner.id, PIN)
    proof = prove_owner(owner.id, PIN)
    in_backup = AuditEntry.select().where(AuditEntry.at <= datetime.now(UTC)).count() - 2
    close()
    restore_backup(backup, parse_location(shop_location), owner=proof)
    open_database(shop_location)
    try:
        rows = _rows()
        assert len(rows) == in_backup + 1
        last = rows[-1]
        assert (last.action, last.staff_id, last.staff_name) == (
            "backup.restore",
            owner.id,
            owner.name,
        )
        assert backup.name == last.subject
    finally:
        close()


def test_logging_a_visit_costs_one_insert_into_the_log(shop, db: peewee.Database) -> None:
    """One statement more per visit, an INSERT (the staff name read inside it), no other read
    or write of the log: counted, not timed (the time is ``bench_counter.py``'s: log_visit
    p99 8.6 ms at 1,000,000 customers with the audit row)."""
    ann = shop["ann"]
    visits.log_visit(ann, amount_minor=100)  # warm: settings read, statements prepared
    with recorded_statements(db) as statements:
        visits.log_visit(ann, amount_minor=100, staff_id=shop["jo"])
    on_log = [s for s in statements if "audit_entry" in s]
    assert len(on_log) == 1, on_log
    assert on_log[0].lstrip().upper().startswith("INSERT INTO")
