"""One voucher on receipt-printer paper: 80 mm wide, as long as its content, black only.

The receipt is a column of centred blocks measured first, so the page can be cut to their height.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from shopcrm.pdf.fonts import draw_centred, draw_text, text_width
from shopcrm.pdf.scan_codes import (
    QUIET_MODULES,
    code128_width,
    draw_code128,
    draw_qr,
    qr_symbol,
)
from shopcrm.pdf.shop_logo import Logo
from shopcrm.pdf.styles import CAP_HEIGHT, DESCENT, INK, RECEIPT, ReceiptStyle, TextStyle
from shopcrm.pdf.text_fit import FittedText, balance, fit, fit_name
from shopcrm.pdf.voucher_data import PrintedVoucher, ShopHeader
from shopcrm.pdf.voucher_marks import COPY, draw_label, label_width

_UNLIMITED = 1e9
NAME_PREFIX = "for "


@dataclass(frozen=True)
class Block:
    height: float
    draw: Callable[[Canvas, float], None]  # called with the block's top
    gap_after: float


class ReceiptVoucher:
    """The blocks of one receipt, measured; ``draw`` fills a page ``height`` tall."""

    def __init__(
        self,
        voucher: PrintedVoucher,
        shop: ShopHeader,
        logo: Logo | None,
        style: ReceiptStyle = RECEIPT,
    ) -> None:
        self.style = s = style
        self.width = s.printable_width - 2 * s.side_padding
        self.centre = s.page_width / 2
        blocks: list[Block] = []
        if voucher.copy:
            blocks.append(self._copy_banner())
        if logo is not None:
            blocks.append(self._logo(logo))
        blocks.append(self._text(shop.name, s.shop, 2, s.gap * 0.6))
        blocks.append(Block(0.8, self._rule, s.gap * 1.3))
        blocks.append(self._label("VOUCHER", s.label))
        blocks.append(self._text(voucher.value_text, s.value, 3, s.gap))
        blocks.append(self._name(voucher.customer_name))
        if voucher.message.strip():
            blocks.append(self._text(voucher.message, s.message, s.message_max_lines, s.gap))
        blocks.append(self._text(voucher.expires_text, s.expires, 2, s.gap))
        blocks.append(self._qr(voucher.scan_text))
        blocks.append(self._text(voucher.code, s.code, 1, s.gap))
        blocks.append(self._bars(voucher.scan_text))
        blocks.append(self._text(shop.footer, s.footer, 4, s.gap))
        if voucher.copy:
            blocks.append(self._copy_banner())
        self.blocks = blocks
        content = sum(block.height + block.gap_after for block in blocks) - blocks[-1].gap_after
        self.height = s.top_margin + content + s.bottom_margin

    def draw(self, canvas: Canvas) -> None:
        top = self.height - self.style.top_margin
        for block in self.blocks:
            block.draw(canvas, top)
            top -= block.height + block.gap_after

    def _text(self, text: str, style: TextStyle, max_lines: int, gap: float) -> Block:
        fitted = balance(fit(text, style, self.width, _UNLIMITED, max_lines), text, self.width)
        if not fitted.lines:
            return Block(0, lambda canvas, top: None, 0)
        height = fitted.height + fitted.size * DESCENT
        return Block(height, lambda canvas, top: self._draw_lines(canvas, fitted, top), gap)

    def _draw_lines(self, canvas: Canvas, text: FittedText, top: float) -> None:
        baseline = top - text.size * CAP_HEIGHT
        for line in text.lines:
            draw_centred(canvas, self.centre, baseline, line, text.font, text.size, INK)
            baseline -= text.leading

    def _name(self, name: str) -> Block:
        """ "for" and the name, on one line or, for a long name, two."""
        s = self.style
        prefix = s.message
        prefix_width = text_width(NAME_PREFIX, prefix.font, s.name.size * 0.75)
        fitted = fit_name(name, s.name, self.width - prefix_width)
        if not fitted.lines:
            return Block(0, lambda canvas, top: None, 0)

        def draw(canvas: Canvas, top: float) -> None:
            prefix_size = fitted.size * 0.75
            prefix_width = text_width(NAME_PREFIX, prefix.font, prefix_size)
            baseline = top - fitted.size * CAP_HEIGHT
            for index, line in enumerate(fitted.lines):
                width = text_width(line, fitted.font, fitted.size)
                x = self.centre - width / 2
                if index == 0:
                    x += prefix_width / 2
                    draw_text(
                        canvas,
                        x - prefix_width,
                        baseline,
                        NAME_PREFIX,
                        prefix.font,
                        prefix_size,
                        INK,
                    )
                draw_text(canvas, x, baseline, line, fitted.font, fitted.size, INK)
                baseline -= fitted.leading

        return Block(fitted.height + fitted.size * DESCENT, draw, s.gap)

    def _label(self, text: str, style: TextStyle) -> Block:
        def draw(canvas: Canvas, top: float) -> None:
            draw_label(
                canvas,
                self.centre + label_width(text, style) / 2,
                top - style.size * CAP_HEIGHT / 2,
                text,
                style,
            )

        return Block(style.size * CAP_HEIGHT, draw, self.style.gap * 0.7)

    def _rule(self, canvas: Canvas, top: float) -> None:
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.8)
        canvas.setDash(2, 2)
        canvas.line(self.centre - self.width / 2, top, self.centre + self.width / 2, top)
        canvas.setDash()

    def _logo(self, logo: Logo) -> Block:
        s = self.style
        height = min(s.logo_height, self.width / logo.aspect)

        def draw(canvas: Canvas, top: float) -> None:
            logo.draw(canvas, self.centre - height * logo.aspect / 2, top - height, height)

        return Block(height, draw, s.gap * 0.8)

    def _qr(self, text: str) -> Block:
        size = self.style.qr_size
        symbol = qr_symbol(text)
        quiet = size / symbol.count * QUIET_MODULES

        def draw(canvas: Canvas, top: float) -> None:
            canvas.setFillColor(INK)
            draw_qr(canvas, self.centre - size / 2, top - quiet - size, size, symbol)

        return Block(size + 2 * quiet, draw, 0)

    def _bars(self, text: str) -> Block:
        s = self.style
        width = code128_width(text, s.bar_width)

        def draw(canvas: Canvas, top: float) -> None:
            canvas.setFillColor(INK)
            draw_code128(
                canvas, self.centre - width / 2, top - s.bar_height, text, s.bar_width, s.bar_height
            )

        return Block(s.bar_height, draw, s.gap * 1.3)

    def _copy_banner(self) -> Block:
        s = self.style
        style = s.copy_banner
        height = style.size * CAP_HEIGHT + style.size * 1.1

        def draw(canvas: Canvas, top: float) -> None:
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(1.6)
            canvas.rect(self.centre - self.width / 2, top - height, self.width, height)
            text = f"{COPY} · REPRINT"
            draw_label(
                canvas, self.centre + label_width(text, style) / 2, top - height / 2, text, style
            )

        return Block(height, draw, s.gap)
