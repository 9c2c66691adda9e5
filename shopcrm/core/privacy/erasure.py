"""``erase_customer``: "forget me", answered in one step (owner only).

What goes: the name (the row reads :data:`ERASED_NAME`), phone, email, birthday, tags, notes,
the visits' notes and feedback, the vouchers' printed messages (they greet by name), the
consent history's free-text sources, the customer's search entries, and the text values of
the audit rows about them (:mod:`.audit_scrub`). What stays, anonymously, so the shop's
figures do not change: the customer row itself (its id, when it was made, ``erased_at``), the
visits with their amounts, the loyalty ledger, the vouchers and their redemptions, and one
audit row ``customer.erase`` that says an erasure was made, by whom, and nothing of the person.
Their wish not to be contacted stays as salted hashes of the phone and email (:mod:`.blocks`),
and every channel is withdrawn.

All of it is one transaction with SQLite's ``secure_delete`` on and the search segments merged
(:mod:`.wiping`); after the commit the log is truncated (SQLite) or the tables vacuumed
(PostgreSQL), and the erasure is added to the journal outside the database (:mod:`.journal`)
so a restore of an older backup erases the person again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from shopcrm.core import audit
from shopcrm.core.errors import NotFoundError
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.privacy import blocks, consent, wiping
from shopcrm.core.privacy.audit_scrub import scrub_audit_rows
from shopcrm.db import database, write_transaction
from shopcrm.db.models import ConsentChange, Customer, CustomerTag, Note, Tag, Visit, Voucher
from shopcrm.db.rows import tuples
from shopcrm.db.search import search_index
from shopcrm.db.transactions import lock_customer, transactional

ERASED_NAME = "Erased customer"


@dataclass(frozen=True)
class Erasure:
    customer_id: int
    created_at: datetime  # the row's, so a journal entry never meets another customer
    erased_at: datetime
    already: bool = False  # it had been erased before: nothing was done
    files_clean: bool = True  # False: a reading till kept the SQLite log (see wiping)
    journal_problem: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "customer_id": self.customer_id,
            "erased_at": self.erased_at.isoformat(),
            "already_erased": self.already,
            "files_clean": self.files_clean,
            "journal_problem": self.journal_problem,
        }


def erase_customer(
    customer_id: int,
    *,
    owner: OwnerProof | None = None,
    staff_id: int | None = None,
    now: datetime | None = None,
    journal: bool = True,
) -> Erasure:
    """Erase the customer (module docstring). Erasing an erased customer does nothing."""
    with wiping.secure_delete():
        done = _erase(customer_id, owner=owner, staff_id=staff_id, now=now)
    if done.already:
        return done
    clean = wiping.after_commit()
    problem = ""
    if journal:
        from shopcrm.core.privacy.journal import remember

        problem = remember(done)
    return Erasure(done.customer_id, done.created_at, done.erased_at, False, clean, problem)


@transactional
def _erase(
    customer_id: int, *, owner: OwnerProof | None, staff_id: int | None, now: datetime | None
) -> Erasure:
    now = now or datetime.now(UTC)
    with write_transaction():
        require_owner(owner, "erase a customer")
        who = audit.actor(staff_id, owner)
        if not lock_customer(customer_id):
            raise NotFoundError(f"no customer with id {customer_id}")
        customer = Customer.get_by_id(customer_id)
        if customer.erased_at is not None:
            return Erasure(customer_id, customer.created_at, customer.erased_at, already=True)
        erase_rows(customer, now)
        audit.record("customer.erase", customer_id, {"erased": True}, staff_id=who, now=now)
    return Erasure(customer_id, customer.created_at, now)


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
    if tag_ids:  # a tag nobody else has said something about this person alone
        used = CustomerTag.select(CustomerTag.tag).where(CustomerTag.tag.in_(tag_ids))
        Tag.delete().where(Tag.id.in_(tag_ids) & Tag.id.not_in(used)).execute()
    Note.delete().where(Note.customer == cid).execute()
    Visit.update(note="", feedback="").where(
        (Visit.customer == cid) & ((Visit.note != "") | (Visit.feedback != ""))
    ).execute()
    Voucher.update(message="").where((Voucher.customer == cid) & (Voucher.message != "")).execute()
    ConsentChange.update(source="").where(ConsentChange.customer == cid).execute()
    scrub_audit_rows(cid)
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
