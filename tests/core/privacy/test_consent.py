"""Consent per channel (both engines): each answer kept with when, where and who; the
do-not-contact flag is their sum; voucher runs and the mailing list respect them; an old
shop's "do not contact" becomes every channel withdrawn."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import peewee
import pytest

from shopcrm.core import staff
from shopcrm.core.customers import CustomerInput, get_card, update_customer
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.export import export_mailing_list
from shopcrm.core.privacy.consent import (
    CHANNELS,
    consent_history,
    consent_state,
    set_consent,
)
from shopcrm.core.vouchers import HAND_PICKED, REGULARS, RuleSpec, select_customers
from shopcrm.db import close, connect, parse_location
from shopcrm.db.care_models import AuditEntry
from shopcrm.db.migrations import MIGRATIONS, migrate
from tests.core.vouchers.voucher_shop import MONTH, make_shop


def test_each_answer_is_kept_with_its_source_staff_and_time(db: peewee.Database) -> None:
    shop = make_shop()
    jo = staff.add_staff("Jo Baker").id
    ann = shop["ann"]
    assert consent_state(ann).to_json() == dict.fromkeys(CHANNELS)  # never asked
    set_consent(ann, {"email": True, "sms": False}, source="paper form", staff_id=jo)
    set_consent(ann, {"email": False}, source="at the counter")
    set_consent(ann, {"email": False}, source="again")  # no change: no row
    history = consent_history(ann)
    assert [(e.channel, e.granted, e.source, e.staff_id) for e in history] == [
        ("email", True, "paper form", jo),
        ("sms", False, "paper form", jo),
        ("email", False, "at the counter", None),
    ]
    assert all(e.at <= datetime.now(UTC) for e in history)
    assert consent_state(ann).to_json() == {
        "email": False,
        "sms": False,
        "post": None,
        "vouchers": None,
    }
    mine = (AuditEntry.action == "customer.consent") & (AuditEntry.subject == str(ann))
    assert AuditEntry.select().where(mine).count() == 2
    assert not get_card(ann).do_not_contact


def test_do_not_contact_is_every_channel_withdrawn(db: peewee.Database) -> None:
    ann = make_shop()["ann"]
    set_consent(ann, dict.fromkeys(("email", "sms", "post"), False), source="letter")
    assert not get_card(ann).do_not_contact
    set_consent(ann, {"vouchers": False}, source="letter")
    assert get_card(ann).do_not_contact
    set_consent(ann, {"post": True}, source="letter")
    assert not get_card(ann).do_not_contact


def test_the_customer_forms_box_withdraws_all_and_clearing_it_grants_vouchers(
    db: peewee.Database,
) -> None:
    shop = make_shop()
    eve = shop["eve"]  # added with do_not_contact=True
    assert consent_state(eve).to_json() == dict.fromkeys(CHANNELS, False)
    assert {e.source for e in consent_history(eve)} == {"customer form"}
    update_customer(eve, CustomerInput("Eve", "Private", do_not_contact=False))
    state = consent_state(eve)
    assert (state.vouchers, state.email, get_card(eve).do_not_contact) == (True, False, False)


def test_voucher_runs_leave_out_who_withdrew_vouchers(db: peewee.Database) -> None:
    shop = make_shop()
    regulars = RuleSpec(REGULARS, MONTH, min_visits=4)
    before = select_customers(regulars)
    assert shop["ann"] in [c.customer_id for c in before.candidates]
    set_consent(shop["ann"], {"email": False}, source="email")  # another channel: still in
    assert shop["ann"] in [c.customer_id for c in select_customers(regulars).candidates]
    set_consent(shop["ann"], {"vouchers": False}, source="at the counter")
    after = select_customers(regulars)
    assert shop["ann"] not in [c.customer_id for c in after.candidates]
    assert after.left_out == before.left_out + 1
    picked = RuleSpec(HAND_PICKED, MONTH, customer_ids=(shop["ann"], shop["bob"]))
    assert [c.customer_id for c in select_customers(picked).candidates] == [shop["bob"]]


def test_the_mailing_list_holds_only_who_granted_email(db: peewee.Database, tmp_path: Path) -> None:
    shop = make_shop()
    for name, email in (("ann", "ann@example.org"), ("bob", "bob@example.org")):
        update_customer(shop[name], CustomerInput(name.title(), "X", email=email))
    update_customer(shop["cat"], CustomerInput("Cat", "=Rare", email="cat@example.org"))
    set_consent(shop["ann"], {"email": True}, source="paper form")
    set_consent(shop["cat"], {"email": True}, source="paper form")
    set_consent(shop["bob"], {"email": False}, source="paper form")
    set_consent(shop["zoe"], {"email": True}, source="paper form")  # no address
    result = export_mailing_list(tmp_path / "list.csv")
    with open(result.file, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows == [
        ["Email", "First name", "Last name"],
        ["ann@example.org", "Ann", "X"],
        ["cat@example.org", "Cat", "'=Rare"],
    ]
    assert result.customers == 2
    with pytest.raises(ValidationError):
        export_mailing_list(tmp_path / "list.csv")  # never overwritten unless asked
    assert export_mailing_list(tmp_path / "list.csv", replace=True).customers == 2


def test_bad_answers_are_refused(db: peewee.Database) -> None:
    ann = make_shop()["ann"]
    with pytest.raises(ValidationError):
        set_consent(ann, {"fax": True}, source="x")
    with pytest.raises(ValidationError):
        set_consent(ann, {"email": True}, source="  ")
    with pytest.raises(ValidationError):
        set_consent(ann, {"email": True}, source="x" * 1000)
    with pytest.raises(NotFoundError):
        set_consent(10**6, {"email": True}, source="paper form")
    assert consent_history(ann) == []


def test_an_old_shops_do_not_contact_becomes_every_channel_withdrawn(empty_location: str) -> None:
    db = connect(parse_location(empty_location))
    try:
        consent = next(n for n, name, _ in MIGRATIONS if name.startswith("consent per channel"))
        migrate(db, target=consent - 1)  # a shop from before consent per channel
        db.execute_sql(
            "INSERT INTO customer (first_name, last_name, phone, email, created_at, updated_at,"
            " do_not_contact) VALUES ('Old', 'Private', '', '', '2024-01-01 00:00:00',"
            " '2024-01-01 00:00:00', TRUE), ('Old', 'Open', '', '', '2024-01-01 00:00:00',"
            " '2024-01-01 00:00:00', FALSE)"
        )
        migrate(db)
        rows = db.execute_sql(
            "SELECT last_name, consent_email, consent_sms, consent_post, consent_vouchers"
            " FROM customer ORDER BY id"
        ).fetchall()
        assert [(r[0], *[None if v is None else bool(v) for v in r[1:]]) for r in rows] == [
            ("Private", False, False, False, False),
            ("Open", None, None, None, None),
        ]
        changes = db.execute_sql("SELECT count(*) FROM consent_change").fetchone()[0]
        assert changes == len(CHANNELS)
    finally:
        close()
