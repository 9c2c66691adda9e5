"""A customer's data for "send me my data" (both engines): every linked row, owner only,
recorded in the audit log; saved as an owner-only JSON file."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import peewee
import pytest

from shopcrm.core import followups, loyalty, notes, settings, staff, visits, vouchers
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.errors import NotFoundError
from shopcrm.core.importing import import_customers
from shopcrm.core.merging import merge_customers
from shopcrm.core.owner import OwnerRequired, prove_owner, set_pin
from shopcrm.core.privacy.consent import set_consent
from shopcrm.core.privacy.person_export import export_person, save_person
from shopcrm.core.vouchers import HAND_PICKED, RuleSpec, VoucherValue
from shopcrm.db.care_models import AuditEntry
from shopcrm.db.models import Voucher
from tests.core.importing.samples import SQUARE_HEADER, SQUARE_SHOP
from tests.core.vouchers.voucher_shop import MONTH, TODAY


def _person() -> tuple[int, int]:
    ann = add_customer(CustomerInput("Ann", "Lee", email="ann@example.org", tags=["vip"])).id
    other = add_customer(CustomerInput("Bo", "Other")).id
    for cid in (ann, other):
        notes.add_note(cid, f"note of {cid}")
        visits.log_visit(cid, amount_minor=700)
    loyalty.adjust_points(ann, 10, "welcome")
    set_consent(ann, {"email": True}, source="paper form")
    draft = vouchers.BatchDraft(
        rule=RuleSpec(HAND_PICKED, MONTH, customer_ids=(ann, other)),
        value=VoucherValue.amount(500),
        expires_on=TODAY + timedelta(days=30),
        name="Thanks",
    )
    vouchers.issue_batch(draft)
    vouchers.redeem(str(Voucher.get(Voucher.customer == ann).code))
    return ann, other


def test_every_linked_row_and_only_theirs(db: peewee.Database) -> None:
    ann, other = _person()
    data = export_person(ann)
    assert data["customer"]["id"] == ann and data["customer"]["email"] == "ann@example.org"
    assert data["tags"] == ["vip"]
    assert [n["text"] for n in data["notes"]] == [f"note of {ann}"]
    assert [v["amount_minor"] for v in data["visits"]] == [700]
    assert {line["kind"] for line in data["loyalty"]} >= {"earn", "adjust"}
    assert [v["batch_name"] for v in data["vouchers"]] == ["Thanks"]
    assert [(c["channel"], c["granted"]) for c in data["consent_history"]] == [("email", True)]
    actions = [entry["action"] for entry in data["audit"]]
    assert {"customer.add", "note.add", "visit.log", "customer.consent", "voucher.redeem"} <= set(
        actions
    )
    assert str(other) not in {entry["subject"] for entry in data["audit"]}
    json.dumps(data)  # all of it JSON as it is
    logged = AuditEntry.select().where(AuditEntry.action == "customer.export")
    assert [row.subject for row in logged] == [str(ann)]
    with pytest.raises(NotFoundError):
        export_person(10**9)


def test_follow_ups_imported_history_and_merges_come_along(
    db: peewee.Database, tmp_path: Path
) -> None:
    settings.set_many(SQUARE_SHOP)  # the shop the Square file comes from (dollars)
    ann, other = _person()
    followups.add_followup(ann, "callback", "ring Ann about the ring")
    followups.add_followup(other, "callback", "ring Bo")
    csv = tmp_path / "square.csv"
    csv.write_text(
        SQUARE_HEADER + "\n,Ann,Lee,ann@example.org,,,,,,,,,,,SQ-ANN,Directory,2023-01-15,"
        '2024-11-02,42,"$1,234.56",Subscribed,No,No\n'
    )
    assert import_customers(csv).updated == 1
    twin = add_customer(CustomerInput("Ann", "Lee", phone="+442079460958")).id
    merge_customers(ann, twin)

    data = export_person(ann)
    assert [f["about"] for f in data["followups"]] == ["ring Ann about the ring"]
    [history] = data["imported_history"]
    assert (history["external_id"], history["visits"], history["spent_minor"]) == (
        "SQ-ANN",
        42,
        123456,
    )
    [merge] = data["merges"]
    assert (merge["keep"], merge["other"]) == (ann, twin)
    assert merge["moved"]["filled"]["phone"][1] == "+442079460958"
    assert [m["keep"] for m in export_person(twin)["merges"]] == [ann]
    assert export_person(other)["merges"] == []
    json.dumps(data)


def test_every_table_that_names_a_customer_is_exported(db: peewee.Database) -> None:
    """A table added later with a customer's id in it must be added to the export (or be
    listed here as one that holds nothing of its own about the person)."""
    from shopcrm.db.models import BaseModel, Customer

    def models(base: type[peewee.Model]) -> list[type[peewee.Model]]:
        found = []
        for sub in base.__subclasses__():
            found += [sub, *models(sub)]
        return found

    naming = {
        model._meta.table_name
        for model in models(BaseModel)
        for f in model._meta.fields.values()
        if isinstance(f, peewee.ForeignKeyField) and f.rel_model is Customer
    }
    exported = {
        "customer_tag": "tags",
        "note": "notes",
        "visit": "visits",
        "customer_stats": "visit_summary",
        "loyalty_entry": "loyalty",
        "loyalty_balance": "loyalty_balance",
        "voucher": "vouchers",
        "consent_change": "consent_history",
        "followup": "followups",
        "imported_history": "imported_history",
        "customer_merge": "merges",
    }
    assert naming == set(exported)
    ann, _ = _person()
    assert set(exported.values()) <= set(export_person(ann))


def test_owner_only_and_saved_owner_only(db: peewee.Database, tmp_path: Path) -> None:
    ann, _ = _person()
    owner = staff.default_staff()
    assert owner is not None
    set_pin(owner.id, "4821")
    with pytest.raises(OwnerRequired):
        save_person(ann, tmp_path / "ann.json")
    assert not (tmp_path / "ann.json").exists()
    path = save_person(ann, tmp_path / "ann.json", owner=prove_owner(owner.id, "4821"))
    assert json.loads(path.read_text(encoding="utf-8"))["customer"]["first_name"] == "Ann"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
