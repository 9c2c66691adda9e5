"""What an erasure changes in the database: the person's rows emptied, their figures kept.

Shared by :func:`.erasure.erase_customer` and the restore's re-application
(:func:`.journal.reapply`); see :mod:`.erasure` for what goes and what stays.
"""

from __future__ import annotations

from datetime import datetime

from shopcrm.core.privacy import blocks, consent, wiping
from shopcrm.core.privacy.audit_scrub import scrub_audit_rows
from shopcrm.db import database
from shopcrm.db.care_models import ConsentChange
from shopcrm.db.import_models import ImportedHistory
from shopcrm.db.models import Customer, CustomerTag, Note, Tag, Visit, Voucher
from shopcrm.db.rows import tuples
from shopcrm.db.search import search_index

ERASED_NAME = "Erased customer"


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
    Visit.update(note="", feedback="").where(
        (Visit.customer == cid) & ((Visit.note != "") | (Visit.feedback != ""))
    ).execute()
    Voucher.update(message="").where((Voucher.customer == cid) & (Voucher.message != "")).execute()
    ConsentChange.update(source="").where(ConsentChange.customer == cid).execute()
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
