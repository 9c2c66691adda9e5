"""Vouchers into a PDF: the renderer the GUI and the command line call.

A PDF written to a path appears whole or not at all: it is written next to its destination
and renamed into place, so a cancelled or failed render leaves no half file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from shopcrm.pdf.fonts import register_fonts
from shopcrm.pdf.page_layouts import SHEETS, check_layout
from shopcrm.pdf.shop_logo import load_logo
from shopcrm.pdf.styles import REGULAR
from shopcrm.pdf.voucher_card import CardDesign
from shopcrm.pdf.voucher_data import PrintedVoucher, ShopHeader
from shopcrm.pdf.voucher_marks import draw_crop_marks
from shopcrm.pdf.voucher_receipt import ReceiptVoucher

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Turns off reportlab's ASCII85 encoding of streams for a render: done in pure Python it
    cost about a second per 1,000 vouchers, to make a file a third larger."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class RenderCancelled(Exception):
    """The user stopped the render; nothing was written."""


class VoucherRenderer:
    """Draws vouchers in one of ``LAYOUTS``: "a4" and "letter" sheets of eight cards with cut
    marks, "single" (one large card per A4 page), "receipt" (80 mm paper)."""

    def __init__(self, shop: ShopHeader, layout: str = "a4") -> None:
        self.shop = shop
        self.layout = check_layout(layout)
        register_fonts()

    def render(
        self,
        vouchers: Sequence[PrintedVoucher],
        out: str | os.PathLike[str] | BinaryIO,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> int:
        """Writes the PDF to ``out`` (a path or a binary file); returns the number of pages.

        ``progress(done, total)`` is called after each page, ``cancelled()`` checked before it;
        when it says yes, :class:`RenderCancelled` is raised and nothing is written."""
        if not vouchers:
            raise ValueError("No vouchers to render")
        with _binary_streams():
            if isinstance(out, str | os.PathLike):
                return self._render_to_path(Path(out), vouchers, progress, cancelled)
            canvas = self._canvas(out)
            pages = self._draw(canvas, vouchers, progress, cancelled)
            canvas.save()
            return pages

    def _render_to_path(
        self,
        path: Path,
        vouchers: Sequence[PrintedVoucher],
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> int:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
        try:
            with os.fdopen(handle, "wb") as file:
                canvas = self._canvas(file)
                pages = self._draw(canvas, vouchers, progress, cancelled)
                canvas.save()
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return pages

    def _canvas(self, out: BinaryIO) -> Canvas:
        # types-reportlab types initialFontName as a float; it is the name of a registered font.
        canvas = Canvas(out, pageCompression=1, initialFontName=REGULAR)  # type: ignore[arg-type]
        canvas.setTitle(f"{self.shop.name}: vouchers")
        canvas.setCreator("shopcrm")
        return canvas

    def _draw(
        self,
        canvas: Canvas,
        vouchers: Sequence[PrintedVoucher],
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> int:
        logo = load_logo(self.shop.logo_path)
        total = len(vouchers)
        sheet = SHEETS.get(self.layout)
        per_page = sheet.per_page if sheet else 1
        card = CardDesign(self.shop, logo, *sheet.design_size) if sheet else None
        if progress:
            progress(0, total)
        pages = 0
        for start in range(0, total, per_page):
            if cancelled and cancelled():
                raise RenderCancelled(f"Cancelled after {pages} page(s)")
            page = vouchers[start : start + per_page]
            if card is not None:
                self._draw_sheet(canvas, page, card)
            else:
                receipt = ReceiptVoucher(page[0], self.shop, logo)
                canvas.setPageSize((receipt.style.page_width, receipt.height))
                receipt.draw(canvas)
            canvas.showPage()
            pages += 1
            if progress:
                progress(start + len(page), total)
        return pages

    def _draw_sheet(self, canvas: Canvas, page: Sequence[PrintedVoucher], card: CardDesign) -> None:
        sheet = SHEETS[self.layout]
        canvas.setPageSize(sheet.page_size)
        slots = sheet.slots()[: len(page)]
        width, height = sheet.card_size
        draw_crop_marks(canvas, [(x, y, width, height) for x, y in slots])
        for voucher, (x, y) in zip(page, slots, strict=True):
            canvas.saveState()
            canvas.translate(x, y)
            canvas.scale(sheet.scale, sheet.scale)
            card.draw(canvas, voucher)
            canvas.restoreState()
