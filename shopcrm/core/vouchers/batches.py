"""Voucher batches: drafting a run and issuing it in one transaction.

A batch is drafted (rule, value, message, expiry), the owner sees who it picks and may leave
some out, and :func:`issue_batch` then picks the customers again and writes the batch with one
voucher each, all in one transaction. A second batch for the same month and rule is refused
with :class:`DuplicateBatchError` unless asked for with ``again=True``, and then it goes only to
the customers who did not get one from the first. Customers who already hold a live voucher
issued this month (from a run under another rule, or given from the card) are counted in the
result, and left out when the draft asks for it (``leave_out_holders``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import peewee

from shopcrm.core import audit, formats
from shopcrm.core.errors import NotFoundError, ShopError, ValidationError
from shopcrm.core.owner import OwnerProof, require_owner
from shopcrm.core.progress import CancelCheck, Progress, stop_if_cancelled
from shopcrm.core.staff import known_staff
from shopcrm.core.validation import clean_text
from shopcrm.core.vouchers.codes import grouped, new_code
from shopcrm.core.vouchers.holders import live_voucher_holders
from shopcrm.core.vouchers.lookup import get_batch
from shopcrm.core.vouchers.message import DEFAULT_TEMPLATE, check_template, fill
from shopcrm.core.vouchers.rules import (
    BIRTHDAYS,
    HAND_PICKED,
    LAPSED,
    SINGLE,
    TOP_SPENDERS,
    Candidate,
    RuleSpec,
    next_month,
    select_customers,
)
from shopcrm.core.vouchers.values import VoucherValue
from shopcrm.core.vouchers.views import (
    BatchSummary,
    ShopContext,
    expires_text,
    local_today,
    month_name,
)
from shopcrm.db import database, write_transaction
from shopcrm.db.models import Customer, Voucher, VoucherBatch
from shopcrm.db.rows import tuples
from shopcrm.db.transactions import serialise, transactional

MAX_NAME = 120
MAX_VALID_DAYS = 3 * 366
_INSERT_ROWS = 500


def default_name(spec: RuleSpec, locale: str) -> str:
    month = month_name(spec.month, locale)
    if spec.rule == BIRTHDAYS:
        return f"Birthdays {month_name(next_month(spec.month), locale)}"
    if spec.rule == LAPSED:
        return f"We miss you, {month}"
    if spec.rule == TOP_SPENDERS:
        return f"Top spenders, {month}"
    if spec.rule in (HAND_PICKED, SINGLE):
        return f"Special thank-you, {month}"
    return f"{month} thank-you"


def default_expiry(today: date | None = None) -> date:
    """The end of the month after next: a month and more to come back in."""
    today = today or local_today()
    return next_month(next_month(next_month(today.replace(day=1)))) - timedelta(days=1)


@dataclass(frozen=True)
class BatchDraft:
    rule: RuleSpec
    value: VoucherValue
    expires_on: date
    message_template: str = DEFAULT_TEMPLATE
    name: str = ""
    excluded: frozenset[int] = field(default=frozenset())
    leave_out_holders: bool = False  # skip those holding a live voucher issued this month

    def checked(self, today: date) -> BatchDraft:
        """The draft tidied, or :class:`ValidationError` naming every bad field."""
        errors: dict[str, str] = {}
        value, template, name = self.value, "", ""
        try:
            self.rule.check()
        except ValidationError as exc:
            errors.update(exc.errors)
        try:
            value = self.value.check()
        except ValidationError as exc:
            errors.update(exc.errors)
        try:
            template = check_template(self.message_template)
        except ValidationError as exc:
            errors.update(exc.errors)
        try:
            name = clean_text(self.name, limit=MAX_NAME)
        except ValueError as exc:
            errors["name"] = str(exc)
        if self.expires_on < today:
            errors["expires"] = "the expiry date has passed already"
        elif self.expires_on > today + timedelta(days=MAX_VALID_DAYS):
            errors["expires"] = "a voucher is valid for at most three years"
        if errors:
            raise ValidationError(errors)
        return BatchDraft(
            self.rule,
            value,
            self.expires_on,
            template,
            name,
            self.excluded,
            self.leave_out_holders,
        )


def message_for(draft: BatchDraft, candidate: Candidate, shop: ShopContext) -> str:
    """The personal message of ``candidate``'s voucher (the wizard's live preview uses it)."""
    template = check_template(draft.message_template)
    return fill(
        template,
        {
            "first_name": candidate.first_name or candidate.name,
            "name": candidate.name,
            "visits": candidate.visits,
            "month": month_name(draft.rule.month, shop.locale),
            "shop": shop.name,
            "value": draft.value.describe(shop.currency, shop.locale),
            "expires": expires_text(draft.expires_on, shop.locale),
        },
    )


class DuplicateBatchError(ShopError):
    """A live batch for the same month and rule exists; ``existing`` describes it."""

    def __init__(self, existing: BatchSummary) -> None:
        self.existing = existing
        shop = formats.current()
        count = shop.count(existing.issued, "voucher", "vouchers")
        super().__init__(
            f"{existing.name!r} was issued for this month and rule already"
            f" ({count}, {shop.date(existing.issued_at)}):"
            " issue again only to send the customers who did not get one"
        )


@dataclass(frozen=True)
class IssuedVoucher:
    id: int
    code: str
    customer_id: int
    name: str
    message: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "code": grouped(self.code),
            "customer_id": self.customer_id,
            "name": self.name,
        }


@dataclass(frozen=True)
class IssuedBatch:
    """``holders``: customers in the batch who already held a live voucher issued this month
    (a second one reached them); ``holders_left_out``: those the draft asked to leave out."""

    batch_id: int
    name: str
    vouchers: list[IssuedVoucher]
    holders: int = 0
    holders_left_out: int = 0


def _live_same_run(spec: RuleSpec) -> peewee.Select:
    return VoucherBatch.select().where(
        (VoucherBatch.month == spec.month.strftime("%Y-%m"))
        & (VoucherBatch.rule == spec.rule)
        & VoucherBatch.voided_at.is_null()
    )


def find_duplicate(spec: RuleSpec) -> BatchSummary | None:
    """The live batch already issued for ``spec``'s month and rule, if any (hand-picked and
    single vouchers never count as duplicates)."""
    if spec.rule in (HAND_PICKED, SINGLE):
        return None
    batch = _live_same_run(spec).order_by(VoucherBatch.id).first()
    return get_batch(batch.id) if batch else None


def served_customers(spec: RuleSpec) -> set[int]:
    """Customers holding a live voucher (not voided) from a live batch of ``spec``'s month and
    rule: the ones a second run (``again``) leaves out. A voided voucher (sent to the wrong
    address, say) does not count, so a second run can put it right."""
    if spec.rule in (HAND_PICKED, SINGLE):
        return set()
    live_batches = _live_same_run(spec).select(VoucherBatch.id)
    return {
        customer_id
        for (customer_id,) in tuples(
            Voucher.select(Voucher.customer).where(
                Voucher.batch.in_(live_batches) & Voucher.voided_at.is_null()
            )
        )
    }


def _insert_vouchers(rows: list[dict[str, object]]) -> None:
    """Insert with fresh codes; a code that already exists (one chance in 2**60 per pair) is
    caught by the unique constraint and the chunk is redrawn, never silently kept."""
    for start in range(0, len(rows), _INSERT_ROWS):
        chunk = rows[start : start + _INSERT_ROWS]
        for attempt in range(5):
            try:
                with database.atomic():
                    Voucher.insert_many(chunk).execute()
                break
            except peewee.IntegrityError:
                if attempt == 4:
                    raise
                for row in chunk:
                    row["code"] = new_code()


@transactional
def issue_batch(
    draft: BatchDraft,
    *,
    staff_id: int | None = None,
    again: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    owner: OwnerProof | None = None,
) -> IssuedBatch:
    """Pick the customers, write the batch and one voucher each: one transaction.

    A batch is an owner's voucher run (:func:`~shopcrm.core.owner.require_owner`); one voucher
    for one customer from the card (:func:`issue_single`) is a counter action: a birthday or a
    service recovery is given while the customer stands there, and it is one voucher, not a
    run, recorded with who gave it.

    ``progress`` counts the vouchers written; ``cancelled`` is asked before each chunk and
    once more before the commit, and a yes rolls the whole batch back (:class:`WorkCancelled`).
    """
    now = now or datetime.now(UTC)
    draft = draft.checked(now.astimezone().date())
    shop = ShopContext.current()
    with write_transaction():
        # Two owners issuing the same month's batch at once: the second waits, then finds
        # the first's batch (on SQLite, BEGIN IMMEDIATE has made it wait already).
        serialise("voucher batch issue")
        if not _one_from_the_card(draft):
            require_owner(owner, "issue a voucher batch")
        known_staff(staff_id)
        existing = find_duplicate(draft.rule)
        if existing is not None and not again:
            raise DuplicateBatchError(existing)
        candidates = [
            c
            for c in select_customers(draft.rule, now).candidates
            if c.customer_id not in draft.excluded
        ]
        if existing is not None:
            served = served_customers(draft.rule)
            candidates = [c for c in candidates if c.customer_id not in served]
        holding = live_voucher_holders(now)
        holders = sum(1 for c in candidates if c.customer_id in holding)
        if draft.leave_out_holders and holders:
            candidates = [c for c in candidates if c.customer_id not in holding]
        if not candidates:
            raise ValidationError({"customers": "nobody is left to send a voucher to"})
        name = draft.name or default_name(draft.rule, shop.locale)
        batch = VoucherBatch.create(
            name=name,
            month=draft.rule.month.strftime("%Y-%m"),
            rule=draft.rule.rule,
            rule_params=draft.rule.params_json(),
            value_kind=draft.value.kind,
            value_minor=draft.value.amount_minor,
            value_percent=draft.value.percent,
            value_item=draft.value.item,
            currency=shop.currency,
            message_template=draft.message_template,
            issued_at=now,
            issued_by=staff_id,
            expires_on=draft.expires_on,
        )
        rows = [
            {
                "batch": batch.id,
                "customer": c.customer_id,
                "code": new_code(),
                "message": message_for(draft, c, shop),
            }
            for c in candidates
        ]
        for start in range(0, len(rows), _INSERT_ROWS):
            stop_if_cancelled(cancelled)
            if progress is not None:
                progress(start, len(rows))
            _insert_vouchers(rows[start : start + _INSERT_ROWS])
        issued = tuples(
            Voucher.select(Voucher.id, Voucher.code, Voucher.customer, Voucher.message)
            .where(Voucher.batch == batch.id)
            .order_by(Voucher.id)
        )
        names = {c.customer_id: c.name for c in candidates}
        vouchers = [
            IssuedVoucher(vid, code, cid, names[cid], message) for vid, code, cid, message in issued
        ]
        issued_run = {"name": name, "rule": draft.rule.rule, "vouchers": len(vouchers)}
        who = audit.actor(staff_id, owner)
        audit.record("voucher.issue", f"batch {batch.id}", issued_run, staff_id=who, now=now)
        stop_if_cancelled(cancelled)  # the last moment before the commit
        if progress is not None:
            progress(len(rows), len(rows))
    if draft.leave_out_holders:
        return IssuedBatch(batch.id, name, vouchers, 0, holders)
    return IssuedBatch(batch.id, name, vouchers, holders, 0)


def _one_from_the_card(draft: BatchDraft) -> bool:
    return draft.rule.rule == SINGLE and len(draft.rule.customer_ids) == 1


def issue_single(
    customer_id: int,
    value: VoucherValue,
    expires_on: date,
    message: str,
    *,
    name: str = "",
    staff_id: int | None = None,
) -> IssuedBatch:
    """One voucher for one customer from the card (a birthday, or to make up for a bad day)."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFoundError(f"no customer with id {customer_id}")
    if customer.erased_at is not None:
        raise ValidationError({"customers": "this customer's personal data was erased"})
    draft = BatchDraft(
        RuleSpec(SINGLE, local_today().replace(day=1), customer_ids=(customer_id,)),
        value,
        expires_on,
        message,
        name or f"For {customer.full_name}",
    )
    return issue_batch(draft, staff_id=staff_id, again=True)
