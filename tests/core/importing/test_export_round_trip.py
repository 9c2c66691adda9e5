"""Export → import round trip: a shop's ``shopcrm export --format csv`` imported into a new,
empty shop brings back the same customers (names, phones, emails, birthdays, tags), the same
consent per channel and the same notes (from the ``notes.csv`` beside ``customers.csv``);
erased customers stay erased; importing the same export again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import peewee

from shopcrm.core import settings
from shopcrm.core.customers import CustomerInput, add_customer, get_card
from shopcrm.core.export import export_shop
from shopcrm.core.importing import import_customers
from shopcrm.core.notes import add_note, list_notes
from shopcrm.core.privacy.consent import CHANNELS, consent_state, set_consent
from shopcrm.core.privacy.erasure import erase_customer
from shopcrm.core.visits import log_visit
from shopcrm.db import close, open_database
from shopcrm.db.care_models import AuditEntry, ConsentChange
from shopcrm.db.models import Customer, Note

SHOP = {"currency": "GBP", "locale": "en_GB", "phone_region": "GB", "shop_name": "Corner"}


def _fill() -> None:
    ann = add_customer(
        CustomerInput(
            "Ann", "Smith", phone="07911 123456", email="ann@example.org",
            birthday_month=4, birthday_day=12, tags=["vip", "regular"],
        )
    ).id  # fmt: skip
    set_consent(ann, {"email": True, "sms": False}, source="paper form")
    add_note(ann, "Likes oat milk")
    add_note(ann, "=SUM(A1) is her favourite joke\nsecond line", pinned=True)
    log_visit(ann, amount_minor=1250)
    bob = add_customer(
        CustomerInput("Bob", "-Dash", phone="+44 20 7946 0958", birthday_month=7,
                      birthday_day=30, birthday_year=1980)
    ).id  # fmt: skip
    set_consent(bob, dict.fromkeys(CHANNELS, False), source="at the counter")
    add_note(bob, "Pays cash")
    cat = add_customer(CustomerInput("Cat", email="cat@example.org", tags=["wholesale"])).id
    set_consent(cat, {"post": True, "vouchers": False}, source="paper form")
    add_customer(CustomerInput("Dan", "Unasked", phone="07911 123457"))
    eve = add_customer(CustomerInput("Eve", "Gone", email="eve@example.org")).id
    erase_customer(eve)  # in the export as an erased row: not brought back


def _customers() -> list[tuple[object, ...]]:
    """Everything that must come back, per customer, in name order."""
    out = []
    for c in Customer.select().where(Customer.erased_at.is_null()).order_by(Customer.first_name):
        tags = sorted(get_card(c.id).tags)
        notes = sorted((n.text, n.pinned) for n in list_notes(c.id))
        out.append(
            (
                c.first_name, c.last_name, c.phone, c.email,
                (c.birthday_month, c.birthday_day, c.birthday_year), tags,
                consent_state(c.id), bool(c.do_not_contact), notes,
            )
        )  # fmt: skip
    return out


def test_an_export_imports_back_into_a_new_shop(
    db: peewee.Database, empty_location: str, tmp_path: Path
) -> None:
    settings.set_many(SHOP)
    _fill()
    before = _customers()
    assert len(before) == 4 and before[1][7]  # Bob: do not contact
    folder = export_shop(tmp_path, "csv").folder
    close()

    open_database(empty_location)
    settings.set_many(SHOP)
    report = import_customers(folder / "customers.csv")
    assert (report.new, report.updated, report.bad, report.imported) == (4, 0, [], True)
    assert report.unchanged == 1  # the erased customer
    assert Customer.select().count() == 4
    assert _customers() == before
    assert {c.source for c in ConsentChange.select()} == {"import"}
    [entry] = AuditEntry.select().where(AuditEntry.action == "customer.import")
    assert json.loads(entry.changes)["notes"] == 3

    notes, changes = Note.select().count(), ConsentChange.select().count()
    again = import_customers(folder / "customers.csv")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 5)
    assert (Note.select().count(), ConsentChange.select().count()) == (notes, changes)
    assert _customers() == before


def test_notes_csv_is_read_only_beside_a_shopcrm_export(
    db: peewee.Database, tmp_path: Path
) -> None:
    settings.set_many(SHOP)
    customers = "Customer ID,First name,Email\n7,Ann,ann@example.org\n"
    notes = "Note ID,Customer ID,Text,Pinned,Written at,Staff\n1,7,Likes tea,yes,,\n"
    (tmp_path / "customers.csv").write_text(customers, encoding="utf-8")
    (tmp_path / "notes.csv").write_text(notes, encoding="utf-8")
    import_customers(tmp_path / "customers.csv")  # no manifest: a folder of any CSV files
    assert Note.select().count() == 0

    (tmp_path / "manifest.json").write_text('{"exported_by": "shopcrm"}', encoding="utf-8")
    bad = notes + "2,7,,no,not a time,\n"
    (tmp_path / "notes.csv").write_text(bad, encoding="utf-8")
    report = import_customers(tmp_path / "customers.csv")
    assert not report.imported and Note.select().count() == 0
    assert [b.line for b in report.bad] == [3] and "notes.csv line 3" in report.bad[0].reason

    (tmp_path / "notes.csv").write_text(notes, encoding="utf-8")
    report = import_customers(tmp_path / "customers.csv")
    assert report.imported and report.unchanged == 1
    [note] = list_notes(Customer.get(Customer.email == "ann@example.org").id)
    assert (note.text, note.pinned) == ("Likes tea", True)
