"""Redeeming a voucher at the counter: at most once, ever, whatever the number of tills.

The redemption is one conditional update (``… WHERE redeemed_at IS NULL AND voided_at IS NULL``
on a batch still valid), so of two tills scanning the same code at the same instant exactly one
changes the row; the other is told when, by whom and at which visit it was redeemed. Every
refusal says why, with a reason a program can test (:data:`REASONS`).

A run of wrong codes (mistyped, or well-formed but unknown) at one till slows that till down: after
:data:`FREE_MISSES` of them each further try must wait twice as long as the one before, up to
:data:`MAX_WAIT_S`; a redeemed code clears the run. The same holds for the whole shop after
:data:`SHOP_FREE_MISSES` wrong codes at all its tills together, so guessing from several tills
(or several computers calling themselves tills) is slowed down as well. The misses are stored,
so the command line and a restarted app are slowed down too.

Checking the pace, looking the code up and recording a miss are one step, taken by one try at a
time for the whole shop (:func:`find`): measured before, 12 guesses sent at once after a wait
all passed the pace check together and were all looked up, so a burst learned as much as 12
patient guesses. Now a burst is looked up one try at a time, and every try after the first
meets the pace its predecessors set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from shopcrm.core import audit, formats
from shopcrm.core.audit import this_till
from shopcrm.core.errors import NotFoundError, ShopError, ValidationError
from shopcrm.core.staff import known_staff
from shopcrm.core.vouchers.codes import CodeError, MistypedCodeError, grouped, normalise, parse
from shopcrm.core.vouchers.lookup import get_voucher, views_of
from shopcrm.core.vouchers.views import (
    EXPIRED,
    REDEEMED,
    VOIDED,
    VoucherView,
    local_today,
    when_text,
)
from shopcrm.db import write_transaction
from shopcrm.db.models import Visit, Voucher, VoucherAttempt, VoucherBatch
from shopcrm.db.rows import tuples
from shopcrm.db.transactions import serialise, transactional


class Refusal(StrEnum):
    """Why a code was not redeemed (``VoucherRefused.reason``, the ``--json`` ``reason``)."""

    MISTYPED = "mistyped"
    NOT_A_CODE = "not_a_code"
    UNKNOWN = "unknown"
    ALREADY_REDEEMED = "already_redeemed"
    EXPIRED = EXPIRED.value
    VOIDED = VOIDED.value
    THROTTLED = "throttled"


MISTYPED, NOT_A_CODE, UNKNOWN = Refusal.MISTYPED, Refusal.NOT_A_CODE, Refusal.UNKNOWN
ALREADY_REDEEMED, THROTTLED = Refusal.ALREADY_REDEEMED, Refusal.THROTTLED
REASONS = tuple(Refusal)
FREE_MISSES = 3
#: Wrong codes at all the shop's tills together (within :data:`MISS_MEMORY`) before every try
#: in the shop has to wait: a few cashiers' slips a quarter of an hour, not a guessing run.
SHOP_FREE_MISSES = 10
MAX_WAIT_S = 60.0
MISS_MEMORY = timedelta(minutes=15)


class VoucherRefused(ShopError):
    """The voucher cannot be redeemed; ``reason`` is one of :data:`REASONS`, ``voucher`` is the
    voucher when the code exists, ``wait_s`` how long a slowed-down till must wait."""

    def __init__(
        self,
        reason: str,
        message: str,
        voucher: VoucherView | None = None,
        wait_s: float = 0.0,
    ) -> None:
        self.reason = reason
        self.voucher = voucher
        self.wait_s = wait_s
        super().__init__(message)

    def to_json(self) -> dict[str, object]:
        return {
            "reason": self.reason,
            "message": str(self),
            "voucher": self.voucher.to_json() if self.voucher else None,
            "wait_s": round(self.wait_s, 1),
        }


@dataclass(frozen=True)
class Redemption:
    voucher: VoucherView
    visit_id: int | None

    def to_json(self) -> dict[str, object]:
        return {"voucher": self.voucher.to_json(), "visit_id": self.visit_id}


def _recent_misses(now: datetime, till: str | None = None) -> list[datetime]:
    """When the latest wrong codes were tried (at ``till``, or anywhere), newest first."""
    recent = VoucherAttempt.at >= now - MISS_MEMORY
    where = recent if till is None else recent & (VoucherAttempt.till == till)
    query = VoucherAttempt.select(VoucherAttempt.at).where(where)
    return [at for (at,) in tuples(query.order_by(VoucherAttempt.at.desc()).limit(40))]


def _doubling_wait(misses: list[datetime], free: int, now: datetime) -> float:
    if len(misses) < free:
        return 0.0
    wait = min(MAX_WAIT_S, 2.0 ** (len(misses) - free + 1))
    return max(0.0, wait - (now - misses[0]).total_seconds())


def _wait_needed(till: str, now: datetime) -> float:
    """Seconds this till must still wait before its next try (0 when it may go on)."""
    return _doubling_wait(_recent_misses(now, till), FREE_MISSES, now)


def _shop_wait_needed(now: datetime) -> float:
    """Seconds every till of the shop must still wait (0 when they may go on)."""
    return _doubling_wait(_recent_misses(now), SHOP_FREE_MISSES, now)


def _check_pace(till: str, now: datetime) -> None:
    wait, where = _wait_needed(till, now), "at this till"
    shop_wait = _shop_wait_needed(now)
    if shop_wait > wait:
        wait, where = shop_wait, "in this shop"
    if wait > 0:
        raise VoucherRefused(
            THROTTLED,
            f"too many wrong codes {where}: wait {wait:.0f} s before the next try",
            wait_s=wait,
        )


@transactional
def find(text: str, *, till: str | None = None, now: datetime | None = None) -> VoucherView:
    """The voucher a typed or scanned code names, for the screen to show before redeeming;
    mistyped and unknown codes are refused and counted against the till and the shop.

    The pace check, the lookup and the record of a miss run in one write transaction
    serialised for the whole shop (see the module doc), so no try is looked up before the
    tries ahead of it were counted. A miss is committed before it is refused."""
    till, now = till or this_till(), now or datetime.now(UTC)
    try:
        code: str | None = parse(text)
        slip = ""
    except MistypedCodeError as exc:
        code, slip = None, str(exc)
    except CodeError as exc:
        # Not even shaped like a code (empty, half typed): a slip, not a guess; not counted.
        _check_pace(till, now)
        raise VoucherRefused(NOT_A_CODE, str(exc)) from None
    with write_transaction():
        serialise("voucher code tries")
        _check_pace(till, now)
        found = views_of(Voucher.select().where(Voucher.code == code)) if code else []
        if not found:
            VoucherAttempt.create(till=till, at=now, text=normalise(text)[:40])
            VoucherAttempt.delete().where(VoucherAttempt.at < now - MISS_MEMORY).execute()
    if found:
        return found[0]
    if code is None:
        raise VoucherRefused(MISTYPED, slip)
    raise VoucherRefused(UNKNOWN, _unknown_message(code))


def _unknown_message(code: str) -> str:
    return (
        f"{grouped(code)} is not a voucher of this shop: no voucher has this code."
        " Check it against the voucher"
    )


def refusal(view: VoucherView) -> VoucherRefused | None:
    """Why ``view`` cannot be redeemed now, or None when it can."""
    shop = formats.current()
    if view.status == REDEEMED:
        by = f" by {view.redeemed_by}" if view.redeemed_by else ""
        visit = f", visit #{view.redeemed_visit_id}" if view.redeemed_visit_id else ""
        till = f", till {view.redeemed_till}" if view.redeemed_till else ""
        return VoucherRefused(
            ALREADY_REDEEMED,
            f"already redeemed on {when_text(view.redeemed_at, shop.locale)}{by}{visit}{till}",
            view,
        )
    if view.status == VOIDED:
        why = f": {view.void_reason}" if view.void_reason else ""
        voided = when_text(view.voided_at, shop.locale)
        return VoucherRefused(VOIDED, f"this voucher was voided on {voided}{why}", view)
    if view.status == EXPIRED:
        return VoucherRefused(
            EXPIRED, f"this voucher expired: it was valid until {shop.date(view.expires_on)}", view
        )
    return None


@transactional
def redeem(
    text: str,
    *,
    staff_id: int | None = None,
    till: str | None = None,
    visit_id: int | None = None,
    log_visit: bool = False,
    amount_minor: int | None = None,
    now: datetime | None = None,
) -> Redemption:
    """Redeem the voucher ``text`` names, once: with ``visit_id`` (a visit just logged) or
    ``log_visit`` (log one now, in the same transaction). :class:`VoucherRefused` otherwise."""
    till, now = till or this_till(), now or datetime.now(UTC)
    found = find(text, till=till, now=now)  # before the transaction: a miss is kept
    refused = refusal(found)
    if refused is not None:
        raise refused
    from shopcrm.core import visits

    with write_transaction():
        known_staff(staff_id)
        if visit_id is not None:
            _check_visit(visit_id, found)
        if log_visit and visit_id is None:
            visit_id = visits.log_visit(
                found.customer_id,
                amount_minor=amount_minor,
                staff_id=staff_id,
                note=f"voucher {found.grouped_code}",
            ).id
        changed = (
            Voucher.update(
                redeemed_at=now, redeemed_by=staff_id, redeemed_visit=visit_id, redeemed_till=till
            )
            .where(
                (Voucher.id == found.id)
                & Voucher.redeemed_at.is_null()
                & Voucher.voided_at.is_null()
                & Voucher.batch.in_(
                    VoucherBatch.select(VoucherBatch.id).where(
                        VoucherBatch.voided_at.is_null()
                        & (VoucherBatch.expires_on >= local_today())
                    )
                )
            )
            .execute()
        )
        if changed != 1:
            # Another till got there first (or it was voided meanwhile): say what happened,
            # and undo the visit logged for it.
            raise _lost_race(found.id)
        VoucherAttempt.delete().where(VoucherAttempt.till == till).execute()
        change = {"redeemed": audit.change(False, True), "visit": visit_id}
        change["customer"] = found.customer_id
        audit.record("voucher.redeem", found.code, change, staff_id=staff_id, now=now, till=till)
    return Redemption(get_voucher(found.id), visit_id)


def _check_visit(visit_id: int, voucher: VoucherView) -> None:
    """A voucher is used at one of its own customer's visits, never at someone else's."""
    visit = Visit.get_or_none(Visit.id == visit_id)
    if visit is None:
        raise NotFoundError(f"no visit with id {visit_id}")
    if visit.customer_id != voucher.customer_id:
        owner = voucher.customer_name
        raise ValidationError({"visit": f"visit {visit_id} is not {owner}'s, whose voucher it is"})
    if visit.voided:
        raise ValidationError({"visit": f"visit {visit_id} was voided"})


def _lost_race(voucher_id: int) -> VoucherRefused:
    view = get_voucher(voucher_id)
    return refusal(view) or VoucherRefused(ALREADY_REDEEMED, "this voucher was just redeemed")
