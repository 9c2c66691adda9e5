"""Consent per channel: may the shop email, text, post to, or print vouchers for a customer?

Each channel's answer is one of three: granted, withdrawn, or never asked (None). The current
answers live on the customer row (one column per channel, so a voucher run reads them with
the customers it picks); every answer given is a ``consent_change`` row with when, where it
came from ("paper form", "import", "at the counter") and who took it, and an audit row.

What each list needs (decided, and said in the README):

- a **mailing list** (email) takes only customers who *granted* email: an address given at
  the till is not a yes to newsletters;
- a **voucher run** (printed vouchers, handed over or posted) leaves out customers who
  *withdrew* vouchers; never asked counts as yes, as it did before channels existed;
- ``do_not_contact`` is the sum: True exactly when every channel is withdrawn. The customer
  form's "Asked not to be contacted" box withdraws every channel; clearing it grants printed
  vouchers again (what the box has always said it is about) and leaves the rest withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from shopcrm.core import audit
from shopcrm.core.errors import NotFoundError, ValidationError
from shopcrm.core.staff import known_staff
from shopcrm.core.validation import checked_text
from shopcrm.db import write_transaction
from shopcrm.db.care_models import ConsentChange
from shopcrm.db.models import Customer
from shopcrm.db.transactions import lock_customer, transactional

EMAIL, SMS, POST, VOUCHERS = "email", "sms", "post", "vouchers"
CHANNELS = (EMAIL, SMS, POST, VOUCHERS)
#: Where an answer commonly comes from (the window offers these; any short text is allowed).
SOURCES = ("at the counter", "paper form", "email", "phone call", "import")
MAX_SOURCE = 120
FORM_SOURCE = "customer form"


@dataclass(frozen=True)
class ConsentState:
    """A customer's answer per channel: True granted, False withdrawn, None never asked."""

    email: bool | None = None
    sms: bool | None = None
    post: bool | None = None
    vouchers: bool | None = None

    def of(self, channel: str) -> bool | None:
        value: bool | None = getattr(self, channel)
        return value

    @property
    def do_not_contact(self) -> bool:
        return all(self.of(channel) is False for channel in CHANNELS)

    def to_json(self) -> dict[str, bool | None]:
        return {channel: self.of(channel) for channel in CHANNELS}


@dataclass(frozen=True)
class ConsentEvent:
    """One answer in a customer's consent history."""

    channel: str
    granted: bool
    at: datetime
    source: str
    staff_id: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "channel": self.channel,
            "granted": self.granted,
            "at": self.at.isoformat(),
            "source": self.source,
            "staff_id": self.staff_id,
        }


def _column(channel: str) -> str:
    return f"consent_{channel}"


def check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise ValidationError({"channel": f"one of {', '.join(CHANNELS)}"})
    return channel


def state_of(customer: Customer) -> ConsentState:
    return ConsentState(**{c: getattr(customer, _column(c)) for c in CHANNELS})


def consent_state(customer_id: int) -> ConsentState:
    customer = Customer.get_or_none(Customer.id == customer_id) if 0 < customer_id < 2**63 else None
    if customer is None:
        raise NotFoundError(f"no customer with id {customer_id}")
    return state_of(customer)


@transactional
def set_consent(
    customer_id: int,
    answers: dict[str, bool],
    *,
    source: str,
    staff_id: int | None = None,
    now: datetime | None = None,
) -> ConsentState:
    """Record the customer's answers (channel -> granted) given through ``source``; a channel
    whose answer is already that is left alone (no history row for no change)."""
    for channel in answers:
        check_channel(channel)
    source = checked_text("source", source, limit=MAX_SOURCE, required="say where it came from")
    with write_transaction():
        if not lock_customer(customer_id):
            raise NotFoundError(f"no customer with id {customer_id}")
        if Customer.get_by_id(customer_id).erased_at is not None:
            raise ValidationError({"customer": "was erased: nobody is left to ask"})
        known_staff(staff_id)
        record_answers(customer_id, answers, source, staff_id, now or datetime.now(UTC))
    return consent_state(customer_id)


def record_answers(
    customer_id: int, answers: dict[str, bool], source: str, staff_id: int | None, now: datetime
) -> dict[str, object]:
    """Inside a write transaction (the customer locked): store the answers that change
    something, their history and audit rows, and the sum in ``do_not_contact``; the
    changes as the audit row holds them."""
    customer = Customer.get_by_id(customer_id)
    before = state_of(customer)
    changed, after = answered(before, answers)
    if not changed:
        return {}
    for channel, granted in changed.items():
        ConsentChange.create(
            customer=customer_id,
            channel=channel,
            granted=granted,
            at=now,
            source=source,
            staff=staff_id,
        )
    values: dict[object, object] = {Customer.do_not_contact: after.do_not_contact}
    values.update({getattr(Customer, _column(c)): v for c, v in changed.items()})
    Customer.update(values).where(Customer.id == customer_id).execute()
    change: dict[str, object] = {c: audit.change(before.of(c), v) for c, v in changed.items()}
    change["source"] = source
    audit.record("customer.consent", customer_id, change, staff_id=staff_id, now=now)
    return change


def answered(
    before: ConsentState, answers: dict[str, bool]
) -> tuple[dict[str, bool], ConsentState]:
    """The answers that change something (channel -> granted), and the state after them: the
    one rule every writer of consent follows (the form, the command line, the import)."""
    changed = {c: bool(v) for c, v in answers.items() if before.of(c) is not bool(v)}
    return changed, ConsentState(**{**before.to_json(), **changed})


def with_flag(
    before: ConsentState, answers: dict[str, bool], do_not_contact: bool | None
) -> dict[str, bool]:
    """``answers`` plus what a "do not contact" yes/no given with them means, the form's box
    rule (:func:`form_answers`) applied to the state the answers leave: yes withdraws every
    channel; no, where every channel would be withdrawn, grants printed vouchers again."""
    if do_not_contact is None:
        return dict(answers)
    _, after = answered(before, answers)
    return {**answers, **form_answers(after.do_not_contact, do_not_contact)}


def form_answers(was_do_not_contact: bool, do_not_contact: bool) -> dict[str, bool]:
    """What the customer form's "Asked not to be contacted" box means (module docstring)."""
    if do_not_contact and not was_do_not_contact:
        return dict.fromkeys(CHANNELS, False)
    if was_do_not_contact and not do_not_contact:
        return {VOUCHERS: True}
    return {}


def consent_history(customer_id: int) -> list[ConsentEvent]:
    """Every answer the customer gave, oldest first."""
    rows = (
        ConsentChange.select()
        .where(ConsentChange.customer == customer_id)
        .order_by(ConsentChange.at, ConsentChange.id)
    )
    return [ConsentEvent(r.channel, r.granted, r.at, r.source, r.staff_id) for r in rows]
