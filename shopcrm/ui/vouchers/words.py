"""Vouchers in the screen's words: statuses, batch states, print layouts and refusals.

The core names things with short keys (``valid``, ``a4``) and explains refusals per field; the
windows that show vouchers all say them the same way through here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication

from shopcrm.core.errors import ShopError, ValidationError
from shopcrm.core.vouchers import EXPIRED, REDEEMED, VALID, VOIDED, BatchSummary


def _tr(text: str) -> str:
    return QCoreApplication.translate("VoucherWords", text)


#: Keyed by the status as the core's views carry it (a plain string read from the database).
STATUS_WORDS: dict[str, Callable[[], str]] = {
    VALID: lambda: _tr("Valid"),
    REDEEMED: lambda: _tr("Redeemed"),
    EXPIRED: lambda: _tr("Expired"),
    VOIDED: lambda: _tr("Voided"),
}

#: The layouts of :data:`shopcrm.pdf.LAYOUTS`, in words.
LAYOUT_NAMES = {
    "a4": lambda: _tr("A4 sheets (8 a page, with cut marks)"),
    "letter": lambda: _tr("Letter sheets (8 a page, with cut marks)"),
    "single": lambda: _tr("One voucher per page"),
    "receipt": lambda: _tr("Receipt printer, 80 mm"),
}


def batch_state(batch: BatchSummary, today: date) -> str:
    if batch.batch_voided:
        return _tr("Voided")
    return _tr("Expired") if batch.expires_on < today else _tr("Live")


def refusal(exc: ShopError) -> str:
    """The core's reason as a sentence, without the field names of a ValidationError."""
    message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
    return message[:1].upper() + message[1:]
