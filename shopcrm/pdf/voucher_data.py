"""What goes on a printed voucher: the data the renderer draws, already worded and formatted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrintedVoucher:
    #: Grouped for reading, e.g. "K7QM-3XPD-9HRT-4"; printed large.
    code: str
    #: What the QR code and the Code128 barcode encode, e.g. "K7QM3XPD9HRT4".
    scan_text: str
    #: In any script: Latin, Greek, Cyrillic, CJK.
    customer_name: str
    #: The personal message, already filled in; wrapped and shrunk to fit.
    message: str
    #: The headline, e.g. "£5.00 off", "A free coffee of your choice".
    value_text: str
    #: E.g. "Valid until 31 December 2026".
    expires_text: str
    #: A reprint: stamped "COPY" so it cannot pass for the original.
    copy: bool = False


@dataclass(frozen=True)
class ShopHeader:
    #: Printed on every voucher.
    name: str
    #: A PNG or JPEG drawn small beside the name; left out if it cannot be read.
    logo_path: str | None = None
    #: Small print.
    footer: str = "One use only. Show this voucher at the counter."
