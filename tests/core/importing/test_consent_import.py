"""An import records consent per channel the way every other writer does
(:mod:`shopcrm.core.privacy.consent`): the channels the file knows, each answer a history row
with source "import", the customer's columns and ``do_not_contact`` as their sum; the same
file again records nothing; a dry run writes nothing; voucher runs and the mailing list
respect what was imported."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import peewee

from shopcrm.core import settings
from shopcrm.core.export import export_mailing_list
from shopcrm.core.importing import ImportOptions, import_customers
from shopcrm.core.privacy.consent import (
    ConsentState,
    consent_history,
    consent_state,
    set_consent,
)
from shopcrm.core.vouchers import HAND_PICKED, RuleSpec, select_customers
from shopcrm.db.care_models import AuditEntry, ConsentChange
from shopcrm.db.models import Customer
from tests.core.importing.samples import SHOPIFY, SHOPIFY_SHOP, SQUARE, SQUARE_SHOP, write
from tests.core.vouchers.voucher_shop import MONTH

GENERIC = (
    "First name,Last name,Email,Email consent,SMS consent,Do not contact\n"
    "Ann,Yes,ann@example.org,yes,yes,no\n"
    "Bob,Never,bob@example.org,yes,,yes\n"
    "Cat,Quiet,cat@example.org,no,no,\n"
    "Dan,Unasked,dan@example.org,,,\n"
)


def _id(email: str) -> int:
    return int(Customer.get(Customer.email == email).id)


def _audit_consent() -> list[int]:
    entries = AuditEntry.select().where(AuditEntry.action == "customer.import")
    return [json.loads(e.changes)["consent"] for e in entries.order_by(AuditEntry.id)]


def test_a_square_export_records_email_consent(db: peewee.Database, tmp_path: Path) -> None:
    settings.set_many(SQUARE_SHOP)
    import_customers(write(tmp_path, "square.csv", SQUARE))
    maria, john = _id("maria.garcia@example.com"), _id("john@example.org")
    assert consent_state(maria) == ConsentState(email=True)  # Subscribed
    assert consent_state(john) == ConsentState(email=False)  # Unsubscribed
    acme = int(Customer.get(Customer.phone == "+14155550199").id)
    assert consent_state(acme) == ConsentState() and consent_history(acme) == []  # Unknown
    [event] = consent_history(john)
    assert (event.channel, event.granted, event.source, event.staff_id) == (
        "email",
        False,
        "import",
        None,
    )
    assert ConsentChange.select().count() == 2
    assert _audit_consent() == [2]
    # one audit row for the import, none per customer
    assert not AuditEntry.select().where(AuditEntry.action == "customer.consent").exists()


def test_a_shopify_export_records_email_and_sms(db: peewee.Database, tmp_path: Path) -> None:
    settings.set_many(SHOPIFY_SHOP)
    import_customers(write(tmp_path, "shopify.csv", SHOPIFY))
    russell, karine = _id("russel.winfield@example.com"), _id("karine.ruby@example.com")
    assert consent_state(russell) == ConsentState(email=False, sms=False)
    assert consent_state(karine) == ConsentState(email=True, sms=True)
    assert {(e.channel, e.granted, e.source) for e in consent_history(karine)} == {
        ("email", True, "import"),
        ("sms", True, "import"),
    }
    assert ConsentChange.select().count() == 6 and _audit_consent() == [6]
    # not every channel withdrawn (post and vouchers never asked): not "do not contact"
    assert not Customer.get_by_id(russell).do_not_contact


def test_importing_the_same_file_again_records_nothing(db: peewee.Database, tmp_path: Path) -> None:
    settings.set_many(SHOPIFY_SHOP)
    path = write(tmp_path, "shopify.csv", SHOPIFY)
    import_customers(path)
    again = import_customers(path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert ConsentChange.select().count() == 6 and _audit_consent() == [6, 0]
    karine = _id("karine.ruby@example.com")
    set_consent(karine, {"email": False}, source="at the counter")
    # the file says yes again: a change, recorded once, with the import as its source
    third = import_customers(path)
    assert (third.updated, third.unchanged) == (1, 2)
    assert [(e.granted, e.source) for e in consent_history(karine) if e.channel == "email"] == [
        (True, "import"),
        (False, "at the counter"),
        (True, "import"),
    ]
    assert consent_state(karine) == ConsentState(email=True, sms=True)
    assert _audit_consent() == [6, 0, 1]


def test_a_dry_run_records_no_consent(db: peewee.Database, tmp_path: Path) -> None:
    settings.set_many(SHOPIFY_SHOP)
    report = import_customers(write(tmp_path, "s.csv", SHOPIFY), ImportOptions(dry_run=True))
    assert report.new == 3 and not report.imported
    assert ConsentChange.select().count() == 0 and Customer.select().count() == 0


def test_do_not_contact_withdraws_every_channel_and_lists_respect_it(
    db: peewee.Database, tmp_path: Path
) -> None:
    settings.set_many({"currency": "GBP", "locale": "en_GB", "phone_region": "GB"})
    import_customers(write(tmp_path, "list.csv", GENERIC))
    ann, bob, cat, dan = (_id(f"{n}@example.org") for n in ("ann", "bob", "cat", "dan"))
    assert consent_state(ann) == ConsentState(email=True, sms=True)
    everything_withdrawn = ConsentState(False, False, False, False)
    assert consent_state(bob) == everything_withdrawn  # "do not contact" wins over the yes
    assert Customer.get_by_id(bob).do_not_contact
    assert {e.source for e in consent_history(bob)} == {"import"}
    assert consent_state(cat) == ConsentState(email=False, sms=False)
    assert not Customer.get_by_id(cat).do_not_contact
    assert consent_state(dan) == ConsentState()

    picked = RuleSpec(HAND_PICKED, MONTH, customer_ids=(ann, bob, cat, dan))
    assert [c.customer_id for c in select_customers(picked).candidates] == [ann, cat, dan]
    result = export_mailing_list(tmp_path / "mailing.csv")
    with open(result.file, encoding="utf-8-sig", newline="") as stream:
        assert [r[0] for r in csv.reader(stream)] == ["Email", "ann@example.org"]

    # "do not contact: no" for somebody whose every channel is withdrawn: the form's rule,
    # printed vouchers granted again, the rest left as they were
    write(tmp_path, "back.csv", "Email,Do not contact\nbob@example.org,no\n")
    report = import_customers(tmp_path / "back.csv")
    assert report.updated == 1
    assert consent_state(bob) == ConsentState(False, False, False, True)
    assert not Customer.get_by_id(bob).do_not_contact
