"""``export_person``: everything the shop holds about one customer, for "send me my data".

Every row that names the customer: their customer row, tags, notes, visits, loyalty ledger
lines and balance, vouchers (with the run each came from), consent per channel and its
history, follow-ups, what another system knew of them (imported history), the merges they
took part in, and the audit log's rows about them and their vouchers (the search index's
rows are made from the customer row and add nothing to it). Owner only, like the
audit log it includes, and recorded in the log itself (that it was handed out, not what).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import peewee

from shopcrm.core import audit
from shopcrm.core.errors import NotFoundError
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.privacy.audit_scrub import ABOUT_A_CUSTOMER
from shopcrm.db import read_snapshot, write_transaction
from shopcrm.db.care_models import AuditEntry, ConsentChange, Followup
from shopcrm.db.import_models import ImportedHistory
from shopcrm.db.merge_model import CustomerMerge
from shopcrm.db.models import (
    Customer,
    CustomerStats,
    CustomerTag,
    LoyaltyBalance,
    LoyaltyEntry,
    Note,
    Tag,
    Visit,
    Voucher,
    VoucherBatch,
)
from shopcrm.db.rows import tuples
from shopcrm.db.transactions import transactional

FORMAT = "shopcrm person export 1"


def _plain(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _rows(query: peewee.Select) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in query.dicts()]


def _fields(model: type[peewee.Model], *skip: str) -> list[peewee.Field]:
    return [f for name, f in model._meta.fields.items() if name not in skip]


def person_data(customer_id: int) -> dict[str, Any]:
    """The customer's data as one JSON-ready dictionary (one read snapshot)."""
    with read_snapshot():
        query = Customer.select(*_fields(Customer)).where(Customer.id == customer_id)
        found = _rows(query) if 0 < customer_id < 2**63 else []
        if not found:
            raise NotFoundError(f"no customer with id {customer_id}")
        tags = Tag.select(Tag.name).join(CustomerTag).where(CustomerTag.customer == customer_id)
        vouchers = (
            Voucher.select(*_fields(Voucher, "customer"), VoucherBatch.name.alias("batch_name"))
            .join(VoucherBatch)
            .where(Voucher.customer == customer_id)
            .order_by(Voucher.id)
        )
        about = (AuditEntry.subject == str(customer_id)) & AuditEntry.action.in_(
            (*ABOUT_A_CUSTOMER, "customer.erase", "customer.export")
        )
        codes = Voucher.select(Voucher.code).where(Voucher.customer == customer_id)
        about |= AuditEntry.action.in_(("voucher.redeem", "voucher.void")) & (
            AuditEntry.subject.in_(codes)
        )
        log = _rows(AuditEntry.select().where(about).order_by(AuditEntry.id))
        for entry in log:
            entry["changes"] = json.loads(entry["changes"] or "{}")
        return {
            "format": FORMAT,
            "exported_at": datetime.now(UTC).isoformat(),
            "customer": found[0],
            "tags": sorted(name for (name,) in tuples(tags)),
            "notes": _rows(
                Note.select(*_fields(Note, "customer")).where(Note.customer == customer_id)
            ),
            "visits": _rows(
                Visit.select(*_fields(Visit, "customer"))
                .where(Visit.customer == customer_id)
                .order_by(Visit.visited_at, Visit.id)
            ),
            "visit_summary": _rows(
                CustomerStats.select().where(CustomerStats.customer == customer_id)
            ),
            "loyalty": _rows(
                LoyaltyEntry.select(*_fields(LoyaltyEntry, "customer"))
                .where(LoyaltyEntry.customer == customer_id)
                .order_by(LoyaltyEntry.id)
            ),
            "loyalty_balance": _rows(
                LoyaltyBalance.select().where(LoyaltyBalance.customer == customer_id)
            ),
            "vouchers": _rows(vouchers),
            "consent_history": _rows(
                ConsentChange.select(*_fields(ConsentChange, "customer"))
                .where(ConsentChange.customer == customer_id)
                .order_by(ConsentChange.at, ConsentChange.id)
            ),
            "followups": _rows(
                Followup.select(*_fields(Followup, "customer"))
                .where(Followup.customer == customer_id)
                .order_by(Followup.id)
            ),
            "imported_history": _rows(
                ImportedHistory.select(*_fields(ImportedHistory, "customer"))
                .where(ImportedHistory.customer == customer_id)
                .order_by(ImportedHistory.id)
            ),
            "merges": _merges(customer_id),
            "audit": log,
        }


def _merges(customer_id: int) -> list[dict[str, Any]]:
    """The merges this customer took part in, kept or merged away, with what each moved and
    which of their values it copied (``moved``, as :mod:`shopcrm.core.merging.record`)."""
    rows = _rows(
        CustomerMerge.select()
        .where((CustomerMerge.keep == customer_id) | (CustomerMerge.other == customer_id))
        .order_by(CustomerMerge.id)
    )
    for row in rows:
        row["moved"] = json.loads(row["moved"] or "{}")
    return rows


@transactional
def export_person(
    customer_id: int, *, owner: OwnerProof | None = None, staff_id: int | None = None
) -> dict[str, Any]:
    """:func:`person_data`, owner only, with an audit row saying it was handed out."""
    with write_transaction():
        require_owner(owner, "export a customer's data")
        data = person_data(customer_id)
        who = audit.actor(staff_id, owner)
        audit.record("customer.export", customer_id, {"exported": True}, staff_id=who)
    return data


def save_person(
    customer_id: int,
    file: str | os.PathLike[str],
    *,
    owner: OwnerProof | None = None,
    staff_id: int | None = None,
) -> Path:
    """:func:`export_person` written as JSON into ``file`` (replaced if it is an ordinary
    file: the window's save dialog asked), owner-only, whole or not at all."""
    from shopcrm.core.export.target import checked_file, private_file

    path = checked_file(file, replace=True)
    data = export_person(customer_id, owner=owner, staff_id=staff_id)
    temporary = path.with_name(f".{path.name}.part")
    temporary.unlink(missing_ok=True)
    try:
        private_file(temporary)
        with open(temporary, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
