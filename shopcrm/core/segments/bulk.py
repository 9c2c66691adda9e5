"""What the owner does with a segment at once: a tag for all of them, a voucher for all of
them (a hand-picked voucher run), and a list for a mailing tool.

The mailing list leaves out the customers who asked not to be contacted and those with no
email, and says how many of each were left out; its CSV cells never start with a character a
spreadsheet would run as a formula (a name such as ``=HYPERLINK(…)`` is quoted with ``'``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from shopcrm.core import audit
from shopcrm.core.errors import ValidationError
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.segments.sizes import SegmentMember, segment_members
from shopcrm.core.validation import clean_text
from shopcrm.db import write_transaction
from shopcrm.db.models import Customer, CustomerTag, Tag
from shopcrm.db.rows import tuples
from shopcrm.db.transactions import transactional

if TYPE_CHECKING:
    from shopcrm.core.vouchers import BatchDraft, VoucherValue

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_TAG = 40


def all_members(segment: str) -> Iterator[SegmentMember]:
    """Every member of the segment, a page at a time (a segment may hold 200,000)."""
    after = 0
    while True:
        page = segment_members(segment, after_id=after, limit=2000)
        yield from page
        if len(page) < 2000:
            return
        after = page[-1].customer_id


@dataclass(frozen=True)
class MailingList:
    segment: str
    rows: list[SegmentMember]
    left_out_do_not_contact: int
    left_out_no_email: int
    left_out_no_email_consent: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "segment": self.segment,
            "exported": len(self.rows),
            "left_out_do_not_contact": self.left_out_do_not_contact,
            "left_out_no_email": self.left_out_no_email,
            "left_out_no_email_consent": self.left_out_no_email_consent,
        }

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["email", "first_name", "last_name", "segment"])
        for m in self.rows:
            writer.writerow([_cell(m.email), _cell(m.first_name), _cell(m.last_name), self.segment])
        return out.getvalue()


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def mailing_list(segment: str, *, owner: OwnerProof | None = None) -> MailingList:
    """The segment's customers a mailing may reach (owner only: it is an export): like the
    shop's mailing list (:func:`shopcrm.core.export.export_mailing_list`), only those who said
    yes to email — never asked is not a yes."""
    require_owner(owner, "export a mailing list")
    rows, no_contact, no_email, no_consent = [], 0, 0, 0
    page: list[SegmentMember] = []
    for member in [*all_members(segment), None]:
        if member is not None:
            page.append(member)
        if len(page) < 500 and member is not None:
            continue
        granted = _email_granted([m.customer_id for m in page])
        for m in page:
            if m.do_not_contact:
                no_contact += 1
            elif not m.email:
                no_email += 1
            elif m.customer_id not in granted:
                no_consent += 1
            else:
                rows.append(m)
        page = []
    return MailingList(segment, rows, no_contact, no_email, no_consent)


def _email_granted(customer_ids: list[int]) -> set[int]:
    if not customer_ids:
        return set()
    query = Customer.select(Customer.id).where(
        Customer.id.in_(customer_ids),
        Customer.consent_email == True,  # noqa: E712
    )
    return {cid for (cid,) in tuples(query)}


@transactional
def tag_segment(segment: str, tag: str, *, staff_id: int | None = None) -> int:
    """Give every customer of the segment the tag (those who have it keep it); returns how
    many got it. One transaction, one audit row for the lot."""
    try:
        name = clean_text(tag, limit=MAX_TAG, required="name the tag")
    except ValueError as exc:
        raise ValidationError({"tag": str(exc)}) from None
    with write_transaction():
        ids = [m.customer_id for m in all_members(segment)]
        found, _ = Tag.get_or_create(name=name)
        having = {
            cid
            for (cid,) in tuples(
                CustomerTag.select(CustomerTag.customer).where(CustomerTag.tag == found)
            )
        }
        new = [cid for cid in ids if cid not in having]
        for start in range(0, len(new), 500):
            CustomerTag.insert_many(
                [{"customer": cid, "tag": found.id} for cid in new[start : start + 500]]
            ).execute()
        changes = {"tag": name, "customers": len(new)}
        audit.record("segment.tag", segment, changes, staff_id=staff_id)
    return len(new)


def segment_voucher_draft(
    segment: str, value: VoucherValue, expires_on: date, message: str, month: date
) -> BatchDraft:
    """A hand-picked voucher run for the segment's customers, to issue with
    :func:`shopcrm.core.vouchers.issue_batch` (which leaves out do-not-contact customers and
    refuses more than its hand-picked limit)."""
    from shopcrm.core.vouchers import BatchDraft
    from shopcrm.core.vouchers.rules import HAND_PICKED, RuleSpec

    ids = tuple(m.customer_id for m in all_members(segment))
    if not ids:
        raise ValidationError({"segment": "nobody is in that segment"})
    spec = RuleSpec(HAND_PICKED, month, customer_ids=ids)
    return BatchDraft(spec, value, expires_on, message, f"Segment: {segment}")
