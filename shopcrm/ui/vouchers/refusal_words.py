"""Why a voucher cannot be redeemed, in the counter's words: a tone, a title and a sentence.

Each reason the core gives (mistyped, unknown, already redeemed, expired, voided, slowed down)
gets its own words and tone, so "already redeemed" is never mistaken for a typo; an already
redeemed voucher says when, by whom and with which visit. The words keep the redeem dialog's
translation context.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from shopcrm.core import visits
from shopcrm.core.errors import NotFoundError
from shopcrm.core.vouchers import (
    ALREADY_REDEEMED,
    EXPIRED,
    MISTYPED,
    NOT_A_CODE,
    THROTTLED,
    UNKNOWN,
    VOIDED,
    VoucherRefused,
    VoucherView,
    grouped,
    normalise,
)
from shopcrm.ui.vouchers.display import ERROR, WARNING, Tone, day_text
from shopcrm.ui.widgets.formatting import format_date_time, shop_formats
from shopcrm.ui.widgets.shop_money import ShopMoney


def _tr(text: str) -> str:
    return QCoreApplication.translate("RedeemDialog", text)


def refusal_words(exc: VoucherRefused, text: str, money: ShopMoney) -> tuple[Tone, str, str]:
    """Tone, title and explanation for each reason the core can give."""
    typed = grouped(normalise(text)) or text.strip()
    view = exc.voucher
    if exc.reason == MISTYPED:
        return (
            WARNING,
            _tr("Check the characters"),
            _tr(
                "%1 is not quite right: one character is wrong, or two are swapped. "
                "Check the code against the voucher and type it again."
            ).replace("%1", typed),
        )
    if exc.reason == NOT_A_CODE:
        return WARNING, _tr("Not a voucher code"), sentence(str(exc))
    if exc.reason == UNKNOWN:
        return (
            ERROR,
            _tr("Not one of our vouchers"),
            _tr("No voucher of this shop has the code %1. Check it against the voucher.").replace(
                "%1", typed
            ),
        )
    if exc.reason == ALREADY_REDEEMED and view is not None:
        return ERROR, _tr("Already redeemed"), _redeemed_words(view, money)
    if exc.reason == EXPIRED and view is not None:
        return (
            WARNING,
            _tr("Expired"),
            _tr("It was valid until %1.").replace("%1", day_text(view.expires_on)),
        )
    if exc.reason == VOIDED and view is not None:
        when = format_date_time(view.voided_at) if view.voided_at else ""
        words = _tr("It was voided on %1.").replace("%1", when)
        if view.void_reason:
            words += "\n" + _tr("Why: %1").replace("%1", view.void_reason)
        return ERROR, _tr("Voided"), words
    if exc.reason == THROTTLED:
        return WARNING, _tr("Too many wrong codes"), ""
    return ERROR, _tr("Cannot be redeemed"), sentence(str(exc))


def _redeemed_words(view: VoucherView, money: ShopMoney) -> str:
    """When, by whom, at which visit (and till): enough to settle "but I never used it"."""
    lines = []
    if view.redeemed_at is not None:
        when = _tr("On %1").replace("%1", format_date_time(view.redeemed_at))
        if view.redeemed_by:
            when += _tr(", by %1").replace("%1", view.redeemed_by)
        lines.append(when + ".")
    if view.redeemed_visit_id is not None:
        lines.append(_visit_words(view.redeemed_visit_id, money))
    if view.redeemed_till:
        lines.append(_tr("Till: %1").replace("%1", view.redeemed_till))
    return "\n".join(lines)


def _visit_words(visit_id: int, money: ShopMoney) -> str:
    try:
        visit = visits.get_visit(visit_id)
    except NotFoundError:
        return _tr("With visit #%1 (no longer on file).").replace(
            "%1", shop_formats().number(visit_id)
        )
    spent = money.format(visit.amount_minor) or _tr("no purchase")
    words = _tr("With the visit of %1 (%2)").replace("%1", format_date_time(visit.visited_at))
    words = words.replace("%2", spent)
    return words + (_tr(", voided later") if visit.voided else "") + "."


def sentence(message: str) -> str:
    """The core writes its messages in lower case without a full stop."""
    message = message.strip()
    if not message:
        return ""
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."
