"""What an erasure changes in the database: the person's rows emptied, their figures kept.

Shared by :func:`.erasure.erase_customer` and the restore's re-application
(:func:`.journal.reapply`); see :mod:`.erasure` for what goes and what stays.
"""

from __future__ import annotations

from datetime import datetime

from shopcrm.core.followups.kinds import DROPPED, OPEN
from shopcrm.core.privacy import blocks, consent, wiping
from shopcrm.core.privacy.audit_scrub import scrub_audit_rows
from shopcrm.db import database
from shopcrm.db.care_models import ConsentChange, Followup
from shopcrm.db.import_models import ImportedHistory
from shopcrm.db.models import Customer, CustomerTag, LoyaltyEntry, Note, Tag, Visit, Voucher
from shopcrm.db.rows import tuples
from shopcrm.db.search import search_index

ERASED_NAME = "Erased customer"
#: Ledger lines whose reason staff typed (an adjustment's, a voided visit's); the others'
#: reasons are the shop's own words ("120 points earned 2026-01-05 expired", a reward's name).
STAFF_REASONS = ("adjust", "reverse")


def erase_rows(customer: Customer, now: datetime) -> None:
    """Inside a write transaction (the customer locked): everything the module docstring
    says goes, gone. Also what a restore re-applies (:mod:`.journal`)."""
    cid = customer.id
    blocks.add_blocks(blocks.block_digests(customer.phone, customer.email), now)
    search_index(database.obj).remove(cid)
    wiping.merge_search_segments()
    mine = CustomerTag.select(CustomerTag.tag).where(CustomerTag.customer == cid)
    tag_ids = [tag for (tag,) in tuples(mine)]
    CustomerTag.delete().where(CustomerTag.customer == cid).execute()
    if tag_ids:  # a tag only they had ("nut allergy") may say who they were: gone too
        used = CustomerTag.select(CustomerTag.tag).where(CustomerTag.tag.in_(tag_ids))
        Tag.delete().where(Tag.id.in_(tag_ids) & Tag.id.not_in(used)).execute()
    Note.delete().where(Note.customer == cid).execute()
    Visit.update(note="", feedback="", void_reason="").where(
        (Visit.customer == cid)
        & ((Visit.note != "") | (Visit.feedback != "") | (Visit.void_reason != ""))
    ).execute()
    Voucher.update(message="", void_reason="").where(
        (Voucher.customer == cid) & ((Voucher.message != "") | (Voucher.void_reason != ""))
    ).execute()
    # what staff typed ("birthday treat for Ann", "visit voided: …"); the points stay
    LoyaltyEntry.update(reason="").where(
        (LoyaltyEntry.customer == cid)
        & LoyaltyEntry.kind.in_(STAFF_REASONS)
        & (LoyaltyEntry.reason != "")
    ).execute()
    ConsentChange.update(source="").where(ConsentChange.customer == cid).execute()
    _erase_followups(cid, now)
    # the other system's id for them would find them there again; its counts stay, anonymous
    ImportedHistory.update(external_id="").where(ImportedHistory.customer == cid).execute()
    scrub_audit_rows(cid)
    from shopcrm.core.merging.record import scrub_merges  # (core.merging reads customers)

    scrub_merges(cid)
    withdrawn = dict.fromkeys(consent.CHANNELS, False)
    consent.record_answers(cid, withdrawn, "erasure", None, now)
    Customer.update(
        first_name=ERASED_NAME,
        last_name="",
        phone="",
        email="",
        birthday_month=None,
        birthday_day=None,
        birthday_year=None,
        do_not_contact=True,
        erased_at=now,
        updated_at=now,
    ).where(Customer.id == cid).execute()


#: The resolution of a follow-up still open when its customer was erased (it is dropped).
DROPPED_BY_ERASURE = "customer erased"


def _erase_followups(cid: int, now: datetime) -> None:
    """What a follow-up said ("call Mrs Lee back about her ring") and how it ended go; that
    there was one, of which kind, when and by whom stays (the complaints' figures). One still
    open is dropped: nobody can call an erased customer back."""
    mine = Followup.customer == cid
    Followup.update(about="", resolution="").where(
        mine & ((Followup.about != "") | (Followup.resolution != ""))
    ).execute()
    Followup.update(status=DROPPED, resolution=DROPPED_BY_ERASURE, closed_at=now).where(
        mine & (Followup.status == OPEN)
    ).execute()
