"""Voucher batches: drafting a run, issuing it in one transaction, listing and voiding.

A batch is drafted (rule, value, message, expiry), the owner sees who it picks and may leave
some out, and :func:`issue_batch` then picks the customers again and writes the batch with one
voucher each, all in one transaction. A second batch for the same month and rule is refused
with :class:`DuplicateBatchError` unless asked for with ``again=True``, and then it goes only to
the customers who did not get one from the first.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import peewee

from shopcrm.core import settings
from shopcrm.core.errors import NotFoundError, ShopError, ValidationError
from shopcrm.core.staff import known_staff
from shopcrm.core.vouchers.codes import grouped, new_code, parse
from shopcrm.core.vouchers.message import DEFAULT_TEMPLATE, check_template, fill
from shopcrm.core.vouchers.rules import (
    BIRTHDAYS,
    HAND_PICKED,
    LAPSED,
    SINGLE,
    TOP_SPENDERS,
    Candidate,
    RuleSpec,
    describe,
    next_month,
    select_customers,
)
from shopcrm.core.vouchers.values import VoucherValue
from shopcrm.core.vouchers.views import (
    EXPIRED,
    REDEEMED,
    VALID,
    VOIDED,
    BatchSummary,
    VoucherView,
    batch_value,
    local_today,
)
from shopcrm.db import database, write_transaction
from shopcrm.db.models import Customer, Staff, Voucher, VoucherBatch

MAX_NAME = 120
MAX_VALID_DAYS = 3 * 366
_INSERT_ROWS = 500


def month_name(first: date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(first, "LLLL y", locale=locale)


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

    def checked(self, today: date) -> BatchDraft:
        """The draft tidied, or :class:`ValidationError` naming every bad field."""
        errors: dict[str, str] = {}
        for check in (self.rule.check, self.value.check):
            try:
                check()
            except ValidationError as exc:
                errors.update(exc.errors)
        try:
            template = check_template(self.message_template)
        except ValidationError as exc:
            errors.update(exc.errors)
            template = ""
        name = " ".join((self.name or "").split())
        if len(name) > MAX_NAME:
            errors["name"] = f"at most {MAX_NAME} characters"
        if self.expires_on < today:
            errors["expires"] = "the expiry date has passed already"
        elif self.expires_on > today + timedelta(days=MAX_VALID_DAYS):
            errors["expires"] = "a voucher is valid for at most three years"
        if errors:
            raise ValidationError(errors)
        return BatchDraft(self.rule, self.value, self.expires_on, template, name, self.excluded)


@dataclass(frozen=True)
class ShopContext:
    name: str
    currency: str
    locale: str

    @classmethod
    def current(cls) -> ShopContext:
        values = settings.all_values()
        return cls(str(values["shop_name"]), str(values["currency"]), str(values["locale"]))


def expires_text(expires_on: date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(expires_on, "long", locale=locale)


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
        super().__init__(
            f"{existing.name!r} was issued for this month and rule already"
            f" ({existing.issued:,} vouchers, {existing.issued_at.astimezone():%d %b %Y}):"
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
    batch_id: int
    name: str
    vouchers: list[IssuedVoucher]


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
    return _summaries([batch.id])[0] if batch else None


def served_customers(spec: RuleSpec) -> set[int]:
    """Customers holding a live voucher (not voided) from a live batch of ``spec``'s month and
    rule: the ones a second run (``again``) leaves out. A voided voucher (sent to the wrong
    address, say) does not count, so a second run can put it right."""
    if spec.rule in (HAND_PICKED, SINGLE):
        return set()
    live_batches = _live_same_run(spec).select(VoucherBatch.id)
    return {
        customer_id
        for (customer_id,) in Voucher.select(Voucher.customer)
        .where(Voucher.batch.in_(live_batches) & Voucher.voided_at.is_null())
        .tuples()
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


def issue_batch(
    draft: BatchDraft,
    *,
    staff_id: int | None = None,
    again: bool = False,
    now: datetime | None = None,
) -> IssuedBatch:
    """Pick the customers, write the batch and one voucher each: one transaction."""
    now = now or datetime.now(UTC)
    draft = draft.checked(now.astimezone().date())
    shop = ShopContext.current()
    with write_transaction():
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
        _insert_vouchers(rows)
        issued = (
            Voucher.select(Voucher.id, Voucher.code, Voucher.customer, Voucher.message)
            .where(Voucher.batch == batch.id)
            .order_by(Voucher.id)
            .tuples()
        )
        names = {c.customer_id: c.name for c in candidates}
        vouchers = [
            IssuedVoucher(vid, code, cid, names[cid], message) for vid, code, cid, message in issued
        ]
    return IssuedBatch(batch.id, name, vouchers)


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


# -- reading -----------------------------------------------------------------------------------

_VIEW_COLUMNS = (
    Voucher,
    VoucherBatch,
    Customer.first_name,
    Customer.last_name,
)


def _status(voucher: Voucher, batch: VoucherBatch, today: date) -> str:
    if voucher.redeemed_at is not None:
        return REDEEMED
    if voucher.voided_at is not None or batch.voided_at is not None:
        return VOIDED
    if batch.expires_on < today:
        return EXPIRED
    return VALID


def views_of(query: peewee.Select, shop: ShopContext | None = None) -> list[VoucherView]:
    shop = shop or ShopContext.current()
    today = local_today()
    rows = list(
        query.select(Voucher, VoucherBatch, Customer.first_name, Customer.last_name)
        .join_from(Voucher, VoucherBatch)
        .join_from(Voucher, Customer)
        .objects()
    )
    staff_ids = {r.redeemed_by_id for r in rows if r.redeemed_by_id}
    staff = dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(staff_ids)).tuples())
    views = []
    for row in rows:
        batch = row.batch
        value = batch_value(batch)
        views.append(
            VoucherView(
                id=row.id,
                code=row.code,
                batch_id=batch.id,
                batch_name=batch.name,
                customer_id=row.customer_id,
                customer_name=f"{row.first_name} {row.last_name}".strip(),
                value=value,
                value_text=value.describe(batch.currency or shop.currency, shop.locale),
                currency=batch.currency or shop.currency,
                expires_on=batch.expires_on,
                issued_at=batch.issued_at,
                message=row.message,
                printed=row.printed,
                redeemed_at=row.redeemed_at,
                redeemed_by=staff.get(row.redeemed_by_id),
                redeemed_visit_id=row.redeemed_visit_id,
                redeemed_till=row.redeemed_till,
                voided_at=row.voided_at or batch.voided_at,
                void_reason=row.void_reason or batch.void_reason,
                status=_status(row, batch, today),
            )
        )
    return views


def get_voucher(code_or_id: str | int) -> VoucherView:
    """A voucher by id or by code (typed in any forgiving form)."""
    if isinstance(code_or_id, int):
        where = Voucher.id == code_or_id
    else:
        where = Voucher.code == parse(code_or_id)
    views = views_of(Voucher.select().where(where))
    if not views:
        raise NotFoundError(f"no voucher {code_or_id}")
    return views[0]


def customer_vouchers(customer_id: int, *, only_valid: bool = False) -> list[VoucherView]:
    """A customer's vouchers, newest first (for the card)."""
    views = views_of(
        Voucher.select().where(Voucher.customer == customer_id).order_by(Voucher.id.desc())
    )
    return [v for v in views if v.status == VALID] if only_valid else views


def batch_vouchers(batch_id: int) -> list[VoucherView]:
    if not VoucherBatch.select().where(VoucherBatch.id == batch_id).exists():
        raise NotFoundError(f"no voucher batch {batch_id}")
    return views_of(Voucher.select().where(Voucher.batch == batch_id).order_by(Voucher.id))


def _summaries(batch_ids: Collection[int] | None = None) -> list[BatchSummary]:
    shop = ShopContext.current()
    counts = Voucher.select(
        Voucher.batch,
        peewee.fn.COUNT(Voucher.id),
        peewee.fn.COUNT(Voucher.redeemed_at),
        peewee.fn.COUNT(Voucher.voided_at),
    ).group_by(Voucher.batch)
    batches = VoucherBatch.select().order_by(VoucherBatch.issued_at.desc(), VoucherBatch.id.desc())
    if batch_ids is not None:
        batches = batches.where(VoucherBatch.id.in_(list(batch_ids)))
        counts = counts.where(Voucher.batch.in_(list(batch_ids)))
    by_batch = {bid: (n, redeemed, voided) for bid, n, redeemed, voided in counts.tuples()}
    staff = dict(Staff.select(Staff.id, Staff.name).tuples())
    summaries = []
    for batch in batches:
        issued, redeemed, voided = by_batch.get(batch.id, (0, 0, 0))
        params = json.loads(batch.rule_params or "{}")
        picked = params.pop("customers", None)  # stored as a count, not the ids
        spec = RuleSpec(
            batch.rule, date.fromisoformat((batch.month or "2000-01") + "-01"), **params
        )
        summaries.append(
            BatchSummary(
                id=batch.id,
                name=batch.name,
                month=batch.month,
                rule=batch.rule,
                rule_text=describe(spec, month_name(spec.month, shop.locale), picked),
                value_text=batch_value(batch).describe(batch.currency, shop.locale),
                issued_at=batch.issued_at,
                issued_by=staff.get(batch.issued_by_id),
                expires_on=batch.expires_on,
                issued=issued,
                redeemed=redeemed,
                voided=issued - redeemed if batch.voided_at else voided,
                batch_voided=batch.voided_at is not None,
            )
        )
    return summaries


def list_batches() -> list[BatchSummary]:
    """Every batch, newest first, with its issued, redeemed and voided counts."""
    return _summaries()


def get_batch(batch_id: int) -> BatchSummary:
    found = _summaries([batch_id])
    if not found:
        raise NotFoundError(f"no voucher batch {batch_id}")
    return found[0]


# -- voiding -----------------------------------------------------------------------------------


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "say why it is voided"})
    if len(reason) > 500:
        raise ValidationError({"reason": "at most 500 characters"})
    return reason


def void_voucher(code_or_id: str | int, reason: str, *, staff_id: int | None = None) -> VoucherView:
    """Void one voucher that has not been redeemed (owner)."""
    reason = _clean_reason(reason)
    with write_transaction():
        known_staff(staff_id)
        voucher = get_voucher(code_or_id)
        if voucher.status == REDEEMED:
            raise ValidationError({"voucher": "it was redeemed already and cannot be voided"})
        if voucher.status == VOIDED:
            raise ValidationError({"voucher": "it is voided already"})
        Voucher.update(voided_at=datetime.now(UTC), voided_by=staff_id, void_reason=reason).where(
            (Voucher.id == voucher.id) & Voucher.redeemed_at.is_null()
        ).execute()
        return get_voucher(voucher.id)


def void_batch(batch_id: int, reason: str, *, staff_id: int | None = None) -> BatchSummary:
    """Void a whole batch (owner): its vouchers not yet redeemed can no longer be."""
    reason = _clean_reason(reason)
    with write_transaction():
        known_staff(staff_id)
        batch = VoucherBatch.get_or_none(VoucherBatch.id == batch_id)
        if batch is None:
            raise NotFoundError(f"no voucher batch {batch_id}")
        if batch.voided_at is not None:
            raise ValidationError({"batch": "it is voided already"})
        batch.voided_at, batch.voided_by, batch.void_reason = datetime.now(UTC), staff_id, reason
        batch.save()
        return get_batch(batch_id)
