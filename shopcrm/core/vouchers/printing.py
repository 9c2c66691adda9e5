"""Printing vouchers: what goes on the paper, and the record of what was printed.

Printing has three steps so the slow one can run off the GUI thread without touching the
database: :func:`prepare` reads the vouchers (a reprint is marked COPY: every print after the
first), :meth:`PrintJob.render` draws the PDF (no database), and :func:`mark_printed` records
the print once the PDF exists. :func:`print_to_pdf` does all three for the command line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from shopcrm.core import settings
from shopcrm.core.errors import ValidationError
from shopcrm.core.vouchers.lookup import views_of
from shopcrm.core.vouchers.views import ShopContext, expires_text
from shopcrm.db import write_transaction
from shopcrm.db.models import Voucher
from shopcrm.db.transactions import transactional

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PrintJob:
    voucher_ids: tuple[int, ...]
    vouchers: tuple[object, ...]  # shopcrm.pdf.PrintedVoucher
    shop: object  # shopcrm.pdf.ShopHeader
    copies: int  # how many of them are reprints

    def render(
        self,
        out: str | os.PathLike[str] | BinaryIO,
        layout: str = "a4",
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Draw the PDF; returns its number of pages. Safe to call from a worker thread."""
        from shopcrm.pdf import VoucherRenderer

        renderer = VoucherRenderer(self.shop, layout)  # type: ignore[arg-type]
        return renderer.render(self.vouchers, out, progress, cancelled)  # type: ignore[arg-type]


def prepare(*, batch_id: int | None = None, voucher_ids: Sequence[int] | None = None) -> PrintJob:
    """The vouchers of a batch (or the ones named), ready to draw; voided and redeemed ones
    are left out of a batch print (a named voucher is printed whatever its state)."""
    from shopcrm.pdf import PrintedVoucher, ShopHeader

    if batch_id is None and not voucher_ids:
        raise ValidationError({"vouchers": "say which batch or vouchers to print"})
    query = Voucher.select().order_by(Voucher.id)
    if voucher_ids:
        query = query.where(Voucher.id.in_(list(voucher_ids)))
    else:
        query = query.where(Voucher.batch == batch_id)
    shop_settings = settings.load()
    shop = ShopContext.of(shop_settings)
    views = views_of(query, shop)
    if batch_id is not None and not voucher_ids:
        views = [v for v in views if v.status in ("valid", "expired")]
    if not views:
        raise ValidationError({"vouchers": "there is no voucher left to print"})
    printed = [
        PrintedVoucher(
            code=v.grouped_code,
            scan_text=v.code,
            customer_name=v.customer_name,
            message=v.message,
            value_text=v.value_text,
            expires_text=f"Valid until {expires_text(v.expires_on, shop.locale)}",
            copy=v.printed > 0,
        )
        for v in views
    ]
    return PrintJob(
        voucher_ids=tuple(v.id for v in views),
        vouchers=tuple(printed),
        shop=ShopHeader(name=shop.name, logo_path=shop_settings.shop_logo or None),
        copies=sum(1 for v in views if v.printed > 0),
    )


@transactional
def mark_printed(voucher_ids: Sequence[int]) -> None:
    """Record one more print of each voucher: the next print of it says COPY."""
    with write_transaction():
        for start in range(0, len(voucher_ids), 500):
            chunk = list(voucher_ids[start : start + 500])
            Voucher.update(printed=Voucher.printed + 1).where(Voucher.id.in_(chunk)).execute()


def print_to_pdf(
    out: str | os.PathLike[str],
    *,
    batch_id: int | None = None,
    voucher_ids: Sequence[int] | None = None,
    layout: str = "a4",
    progress: Progress | None = None,
) -> tuple[PrintJob, int]:
    """Prepare, render and record in one go; returns the job and the number of pages."""
    job = prepare(batch_id=batch_id, voucher_ids=voucher_ids)
    pages = job.render(out, layout, progress)
    mark_printed(job.voucher_ids)
    return job, pages
