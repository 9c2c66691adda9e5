"""Real export formats import exactly: every field where it belongs, on both engines; the
same file again changes nothing; a dry run writes nothing."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import peewee
import pytest

from shopcrm.core import settings
from shopcrm.core.customers import get_card, search_customers
from shopcrm.core.importing import ImportOptions, import_customers, imported_history
from shopcrm.core.notes import list_notes
from shopcrm.core.privacy.consent import ConsentState, consent_state
from shopcrm.db.care_models import AuditEntry
from shopcrm.db.import_models import ImportedHistory
from shopcrm.db.models import Customer
from tests.core.importing.samples import (
    GERMAN,
    GERMAN_SHOP,
    SHOPIFY,
    SHOPIFY_OLD,
    SHOPIFY_OLD_SHOP,
    SHOPIFY_SHOP,
    SQUARE,
    SQUARE_SHOP,
    write,
)


def _customer(**where: str) -> Customer:
    query = Customer.select()
    for name, value in where.items():
        query = query.where(getattr(Customer, name) == value)
    return query.get()


def _notes(customer_id: int) -> list[str]:
    return [n.text for n in list_notes(customer_id)]


def test_a_square_export_imports_exactly(db: peewee.Database, tmp_path: Path) -> None:
    settings.set_many(SQUARE_SHOP)
    report = import_customers(write(tmp_path, "customers.csv", SQUARE))
    assert (report.new, report.updated, report.unchanged, report.bad) == (3, 0, 0, [])
    assert report.imported and report.preset == "square" and report.rows == 3

    maria = get_card(_customer(email="maria.garcia@example.com").id)
    assert (maria.first_name, maria.last_name, maria.phone) == ("Maria", "Garcia", "+14155550132")
    assert (maria.birthday_month, maria.birthday_day, maria.birthday_year) == (4, 12, None)
    assert consent_state(maria.id) == ConsentState(email=True)  # subscribed
    assert _notes(maria.id) == ["Prefers oat milk\nallergic to nuts"]  # a quoted line break
    [history] = imported_history(maria.id)
    assert (history.source, history.visits, history.spent_minor) == ("square", 42, 123456)
    assert (history.first_visit, history.last_visit) == (date(2023, 1, 15), date(2024, 11, 2))

    acme = get_card(_customer(phone="+14155550199").id)
    assert (acme.first_name, acme.last_name, acme.email) == ("Acme Corp", "", "")
    john = get_card(_customer(email="john@example.org").id)
    assert (john.first_name, john.last_name, john.birthday_year) == ("John", "O'Brien", 1980)
    assert consent_state(john.id) == ConsentState(email=False)  # unsubscribed
    assert not john.do_not_contact  # from email only: SMS, post, vouchers never asked
    ext = ImportedHistory.get(ImportedHistory.customer == john.id).external_id
    assert ext == "K2L4M6N8P0Q1R"
    assert imported_history(john.id)[0].visits == 0

    # findable at the counter at once, by name and by the end of the phone number
    assert [c.id for c in search_customers("garcia")] == [maria.id]
    assert [c.id for c in search_customers("0199")] == [acme.id]
    # one audit row for the whole import
    [row] = AuditEntry.select().where(AuditEntry.action == "customer.import")
    assert '"new": 3' in row.changes and "customers.csv" in row.changes


def test_a_current_shopify_export_imports_exactly(db: peewee.Database, tmp_path: Path) -> None:
    settings.set_many(SHOPIFY_SHOP)
    report = import_customers(write(tmp_path, "customers_export.csv", SHOPIFY))
    assert (report.new, report.bad, report.preset) == (3, [], "shopify")

    russell = get_card(_customer(email="russel.winfield@example.com").id)
    assert russell.phone == "+16135550199"  # Phone, not the address's phone
    assert russell.tags == ("vip", "wholesale")
    assert consent_state(russell.id) == ConsentState(email=False, sms=False)
    assert _notes(russell.id) == ["This customer loves ice cream"]
    [history] = imported_history(russell.id)
    assert (history.visits, history.spent_minor) == (0, 0)
    stored = ImportedHistory.get(ImportedHistory.customer == russell.id)
    assert stored.external_id == "8779761975521"  # the apostrophe gone

    karine = get_card(_customer(email="karine.ruby@example.com").id)
    assert karine.tags == ("newsletter",) and not karine.do_not_contact
    assert consent_state(karine.id) == ConsentState(email=True, sms=True)
    assert imported_history(karine.id)[0].spent_minor == 12345
    bakery = get_card(_customer(first_name="Ruby's Bakery").id)
    assert bakery.phone == "+16135550177"  # the address's phone when there is no other


def test_an_older_shopify_file_imports_exactly(db: peewee.Database, tmp_path: Path) -> None:
    settings.set_many(SHOPIFY_OLD_SHOP)
    report = import_customers(write(tmp_path, "old.csv", SHOPIFY_OLD))
    assert (report.new, report.bad, report.preset) == (2, [], "shopify")
    ada = get_card(_customer(email="ada@example.com").id)
    assert (ada.first_name, ada.phone, ada.tags) == ("Ada", "+442079460958", ("regular",))
    assert consent_state(ada.id) == ConsentState(email=True, sms=False)
    assert not ada.do_not_contact
    assert imported_history(ada.id)[0].spent_minor == 25000
    alan = get_card(_customer(email="alan@example.com").id)
    assert (alan.first_name, alan.last_name) == ("Alan", "Turing")  # a person, not the company


def test_a_german_spreadsheet_in_windows_1252_imports_exactly(
    db: peewee.Database, tmp_path: Path
) -> None:
    settings.set_many(GERMAN_SHOP)
    path = write(tmp_path, "Kunden.csv", GERMAN, "cp1252")
    report = import_customers(path)
    assert (report.encoding, report.delimiter, report.preset) == ("cp1252", ";", "generic")
    assert (report.new, report.bad) == (3, [])

    juergen = get_card(_customer(email="juergen.mueller@example.de").id)
    assert (juergen.first_name, juergen.last_name, juergen.phone) == (
        "Jürgen",
        "Müller",
        "+491712345678",
    )
    assert (juergen.birthday_day, juergen.birthday_month, juergen.birthday_year) == (24, 12, 1970)
    assert _notes(juergen.id) == ["Stammkunde; mag Brezeln"]
    [history] = imported_history(juergen.id)
    assert (history.visits, history.spent_minor) == (17, 123450)
    assert (history.first_visit, history.last_visit) == (date(2019, 3, 5), date(2024, 11, 3))

    aenne = get_card(_customer(first_name="Änne").id)
    assert (aenne.birthday_day, aenne.birthday_month, aenne.birthday_year) == (1, 4, None)
    assert consent_state(aenne.id) == ConsentState(email=False)  # Newsletter: nein
    bakery = get_card(_customer(email="info@baeckerei-schoen.de").id)
    assert bakery.first_name == "Bäckerei Schön GmbH"
    assert [c.id for c in search_customers("muller")] == [juergen.id]


CASES = [
    ("square.csv", SQUARE, "utf-8", SQUARE_SHOP),
    ("shopify.csv", SHOPIFY, "utf-8-sig", SHOPIFY_SHOP),
    ("old.csv", SHOPIFY_OLD, "utf-8", SHOPIFY_OLD_SHOP),
    ("kunden.csv", GERMAN, "cp1252", GERMAN_SHOP),
]


@pytest.mark.parametrize(("name", "text", "encoding", "shop"), CASES, ids=[c[0] for c in CASES])
def test_the_same_file_twice_changes_nothing_the_second_time(
    db: peewee.Database, tmp_path: Path, name: str, text: str, encoding: str, shop: dict[str, str]
) -> None:
    settings.set_many(shop)
    path = write(tmp_path, name, text, encoding)
    first = import_customers(path)
    customers = Customer.select().count()
    second = import_customers(path)
    assert first.new == first.rows and second.rows == first.rows
    assert (second.new, second.updated, second.unchanged) == (0, 0, second.rows)
    assert second.duplicates == [] and second.imported
    assert Customer.select().count() == customers


def test_a_changed_export_updates_the_customers_it_matches(
    db: peewee.Database, tmp_path: Path
) -> None:
    settings.set_many(SHOPIFY_SHOP)
    import_customers(write(tmp_path, "a.csv", SHOPIFY))
    russell = _customer(email="russel.winfield@example.com").id
    changed = SHOPIFY.replace("russel.winfield@example.com", "russell@example.com").replace(
        ",0.00,0,This", ",99.00,2,This"
    )
    report = import_customers(write(tmp_path, "b.csv", changed))
    # found again by its Shopify id although the email changed
    assert (report.new, report.updated, report.unchanged) == (0, 1, 2)
    card = get_card(russell)
    assert card.email == "russell@example.com"
    assert imported_history(russell)[0].spent_minor == 9900
    assert [c.id for c in search_customers("russell@example.com")] == [russell]


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_dry_run_leaves_the_database_file_byte_for_byte(
    db: peewee.Database, tmp_path: Path, backend: str
) -> None:
    settings.set_many(SQUARE_SHOP)
    import_customers(write(tmp_path, "first.csv", SHOPIFY_OLD.replace("ada@", "ada2@")))
    counts = {m.__name__: m.select().count() for m in (Customer, ImportedHistory, AuditEntry)}
    if backend == "sqlite":
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        files = [Path(db.database), Path(db.database + "-wal")]
        before = [_file_hash(f) for f in files if f.exists()]
    report = import_customers(write(tmp_path, "sq.csv", SQUARE), ImportOptions(dry_run=True))
    assert (report.new, report.imported, report.dry_run) == (3, False, True)
    assert {m.__name__: m.select().count() for m in (Customer, ImportedHistory, AuditEntry)} == (
        counts
    )
    if backend == "sqlite":
        assert [_file_hash(f) for f in files if f.exists()] == before
