"""``erase_customer``: "forget me", answered in one step (owner only).

What goes: the name (the row reads :data:`ERASED_NAME`), phone, email, birthday, tags, notes,
the visits' notes, feedback and void reasons, the vouchers' printed messages (they greet by
name) and void reasons, the reasons staff typed on loyalty lines, what their follow-ups said
and how they ended (an open one is dropped), the consent history's free-text sources, the
other system's id for them (imported history), what their merges copied, the customer's
search entries, and the text values of the audit rows about them (:mod:`.audit_scrub`).
What stays, anonymously, so the shop's figures do not change: the customer row itself (its
id, when it was made, ``erased_at``), the visits with their amounts, the loyalty ledger, the
vouchers and their redemptions, that there were follow-ups (their kinds and dates), and one
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
from shopcrm.core.privacy import journal, wiping
from shopcrm.core.privacy.erased_rows import ERASED_NAME, erase_rows
from shopcrm.db import write_transaction
from shopcrm.db.models import Customer
from shopcrm.db.transactions import lock_customer, transactional


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


def is_erased(customer_id: int) -> bool:
    if not 0 < customer_id < 2**63:
        return False
    return (
        Customer.select()
        .where((Customer.id == customer_id) & Customer.erased_at.is_null(False))
        .exists()
    )


def erase_customer(
    customer_id: int,
    *,
    owner: OwnerProof | None = None,
    staff_id: int | None = None,
    now: datetime | None = None,
    remember: bool = True,
) -> Erasure:
    """Erase the customer (module docstring). Erasing an erased customer does nothing."""
    with wiping.secure_delete():
        done = _erase(customer_id, owner=owner, staff_id=staff_id, now=now)
    if done.already:
        return done
    clean = wiping.after_commit()
    problem = ""
    if remember:
        problem = journal.remember(done.customer_id, done.created_at, done.erased_at)
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


__all__ = ["ERASED_NAME", "Erasure", "erase_customer", "is_erased"]
