"""Erasure (both engines): nothing of the person left in the database's files (SQLite: the
database and its WAL read as raw bytes) or live rows (PostgreSQL: every table read as text);
the shop's visit counts and revenue unchanged; owner only; a restore erases them again."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest

from shopcrm.core import followups, loyalty, notes, staff, visits
from shopcrm.core.backup import make_backup, restore_backup
from shopcrm.core.customers import (
    CustomerInput,
    add_customer,
    get_card,
    search_customers,
    update_customer,
)
from shopcrm.core.errors import ValidationError
from shopcrm.core.owner import OwnerRequired, prove_owner, set_pin
from shopcrm.core.privacy import blocks
from shopcrm.core.privacy.consent import set_consent
from shopcrm.core.privacy.erased_rows import DROPPED_BY_ERASURE
from shopcrm.core.privacy.erasure import ERASED_NAME, erase_customer
from shopcrm.db import close, database, open_database, parse_location
from shopcrm.db.care_models import AuditEntry, Followup
from shopcrm.db.models import Visit

#: Values no other row holds, so finding any of their bytes means the person is still there.
FIRST, LAST, OLD_LAST = "Zebulonia", "Quixtrander", "Vrommelsby"
PHONE, EMAIL = "+442079460123", "zebulonia.q@example.org"
SECRETS = (FIRST, LAST, OLD_LAST, PHONE, EMAIL, "79460123", "zebulonia.q", "Oat-milk-lover")


def _person() -> int:
    cid = add_customer(
        CustomerInput(FIRST, OLD_LAST, phone=PHONE, email=EMAIL, tags=["Oat-milk-lover"])
    ).id
    update_customer(
        cid, CustomerInput(FIRST, LAST, phone=PHONE, email=EMAIL, tags=["Oat-milk-lover"])
    )
    notes.add_note(cid, f"{FIRST} likes oat milk, call {PHONE}", pinned=True)
    visits.log_visit(cid, amount_minor=1250, note=f"with {FIRST}'s sister")
    visits.log_visit(cid, amount_minor=800, feedback=f"{LAST} loved it")
    loyalty.adjust_points(cid, 20, "welcome")
    loyalty.adjust_points(cid, 5, f"birthday treat for {FIRST}")
    wrong = visits.log_visit(cid, amount_minor=300).id
    visits.void_visit(wrong, f"{LAST} was not here, typo")
    followups.add_followup(cid, "callback", f"ring {FIRST} on {PHONE} about the ring")
    done = followups.add_followup(cid, "complaint", "cold coffee").id
    followups.close_followup(done, f"{LAST} got a fresh one")
    return cid


def _totals() -> tuple[int, int]:
    count = Visit.select().where(~Visit.voided).count()
    revenue = Visit.select(peewee.fn.SUM(Visit.amount_minor)).where(~Visit.voided).scalar()
    return count, int(revenue or 0)


def _leftovers_in_files(path: Path) -> list[str]:
    found = []
    for file in (path, Path(f"{path}-wal")):
        if file.exists():
            data = file.read_bytes()
            found += [f"{file.name}: {s}" for s in SECRETS if s.encode() in data]
    return found


def _leftovers_in_rows(db: peewee.Database) -> list[str]:
    found = []
    for table in db.get_tables():
        for s in SECRETS:
            hit = db.execute_sql(
                f"SELECT count(*) FROM {table} t WHERE t::text LIKE %s", (f"%{s}%",)
            ).fetchone()[0]
            if hit:
                found.append(f"{table}: {s}")
    return found


def test_after_erasing_nothing_of_the_person_is_left_and_the_figures_stay(
    db: peewee.Database, backend: str
) -> None:
    other = add_customer(CustomerInput("Mary", "Other", phone="+442079460999")).id
    visits.log_visit(other, amount_minor=500)
    cid = _person()
    totals, points = _totals(), loyalty.status(cid).points
    if backend == "sqlite":
        path = Path(db.database)
        assert _leftovers_in_files(path) != []  # the check can see the person before
    else:
        assert _leftovers_in_rows(db) != []

    done = erase_customer(cid)

    assert done.files_clean and not done.already
    if backend == "sqlite":
        assert _leftovers_in_files(path) == []
    else:
        assert _leftovers_in_rows(db) == []
    assert _totals() == totals
    card = get_card(cid)
    assert (card.full_name, card.phone, card.email, card.tags) == (ERASED_NAME, "", "", ())
    assert card.do_not_contact
    assert search_customers(FIRST) == [] and search_customers("79460123") == []
    assert [c.id for c in search_customers("Mary")] == [other]
    assert loyalty.status(cid).points == points > 0
    assert blocks.is_blocked(phone="020 7946 0123", region="GB") and blocks.is_blocked(
        email=EMAIL.upper()
    )
    assert not blocks.is_blocked(phone="+442079460999", email="mary@example.org")
    erasure = AuditEntry.get(AuditEntry.action == "customer.erase")
    assert (erasure.subject, erasure.changes) == (str(cid), '{"erased": true}')
    edit = AuditEntry.get(AuditEntry.action == "customer.edit")
    assert edit.changes == '{"last_name": {"after": "[erased]", "before": "[erased]"}}'
    kept = Followup.select().where(Followup.customer == cid).order_by(Followup.id)
    assert [(f.kind, f.status, f.about, f.resolution) for f in kept] == [
        ("callback", "dropped", "", DROPPED_BY_ERASURE),
        ("complaint", "done", "", ""),
    ]
    assert erase_customer(cid).already  # twice: nothing more happens
    with pytest.raises(ValidationError):
        update_customer(cid, CustomerInput(FIRST))
    with pytest.raises(ValidationError):
        set_consent(cid, {"email": True}, source="at the counter")


def test_erasing_is_owner_only_once_the_shop_has_a_pin(db: peewee.Database) -> None:
    cid = add_customer(CustomerInput(FIRST, LAST)).id
    owner = staff.default_staff()
    assert owner is not None
    set_pin(owner.id, "4821")
    with pytest.raises(OwnerRequired):
        erase_customer(cid)
    assert get_card(cid).first_name == FIRST
    erase_customer(cid, owner=prove_owner(owner.id, "4821"))
    assert get_card(cid).first_name == ERASED_NAME


def test_a_restore_erases_again_whoever_was_erased_since_the_backup(shop_location: str) -> None:
    open_database(shop_location)
    try:
        cid = _person()
        kept = add_customer(CustomerInput("Kept", "Customer")).id
        backup = make_backup().record.path
        erase_customer(cid)
    finally:
        close()
    result = restore_backup(backup, parse_location(shop_location))
    assert result.erased_again == 1
    open_database(shop_location)
    try:
        assert get_card(cid).first_name == ERASED_NAME
        assert get_card(kept).first_name == "Kept"
        assert blocks.is_blocked(email=EMAIL)
        if isinstance(database.obj, peewee.SqliteDatabase):
            assert _leftovers_in_files(Path(database.obj.database)) == []
        else:
            assert _leftovers_in_rows(database.obj) == []
    finally:
        close()
