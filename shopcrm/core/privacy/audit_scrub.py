"""The one exception to the audit log's append-only rule: an erased customer's values.

The log keeps who changed what, and from what to what: a customer's name as it was typed, a
note's text, a phone number before an edit. Erasure must take those too, or the person stays
in the file. So for the rows *about* the erased customer (subject = their id, actions of the
customer, note, visit, loyalty and follow-up families) every text value in ``changes`` becomes
:data:`ERASED`; the keys (what changed), numbers (ids, amounts, points), yes/no values, the
time, the till and the staff member stay, so the log still says that a change was made and by
whom. This module is the only code that updates an audit row (tests/core/test_audit.py allows
exactly this file); it never deletes one.
"""

from __future__ import annotations

import json

from shopcrm.db.care_models import AuditEntry
from shopcrm.db.rows import tuples

ERASED = "[erased]"
#: The actions whose subject is a customer id.
ABOUT_A_CUSTOMER = (
    "customer.add",
    "customer.edit",
    "customer.consent",
    "customer.merge",
    "customer.unmerge",
    "note.add",
    "note.pin",
    "visit.log",
    "visit.void",
    "loyalty.adjust",
    "loyalty.redeem",
    "followup.add",
    "followup.close",
    "followup.drop",
    "followup.assign",
)


def _scrubbed(value: object) -> object:
    if isinstance(value, str):
        return ERASED if value else value
    if isinstance(value, list):
        return [_scrubbed(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v) for k, v in value.items()}
    return value


def scrub_audit_rows(customer_id: int) -> int:
    """Inside the erasure's write transaction: the text values of the rows about
    ``customer_id`` replaced; how many rows changed."""
    rows = AuditEntry.select(AuditEntry.id, AuditEntry.changes).where(
        (AuditEntry.subject == str(customer_id)) & AuditEntry.action.in_(ABOUT_A_CUSTOMER)
    )
    changed = 0
    for entry_id, text in tuples(rows):
        try:
            changes = json.loads(text)
        except ValueError:
            changes = {"changes": text}
        scrubbed = json.dumps(_scrubbed(changes), ensure_ascii=False, sort_keys=True)
        if scrubbed != text:
            AuditEntry.update(changes=scrubbed).where(AuditEntry.id == entry_id).execute()
            changed += 1
    return changed
