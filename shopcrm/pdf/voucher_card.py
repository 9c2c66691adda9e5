"""One voucher drawn as a card: the design of the sheet and single layouts.

The card is laid out from its edges in: shop name over a rule at the top, small print at the
bottom, the QR code in the lower right corner with its quiet zone kept clear, the code and the
barcode at the lower left. The headline and the customer's name run across the card while they
stay clear of the QR code; the message takes the room left, and when it cannot fit even at its
smallest size the headline gives up some of its size first.

What every card of a batch shares (border, header, small print) is drawn once into a PDF form
and placed on each card, which keeps big batches fast and their files small.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from shopcrm.pdf.fonts import draw_text, text_width
from shopcrm.pdf.scan_codes import QUIET_MODULES, draw_code128, draw_qr, qr_symbol
from shopcrm.pdf.shop_logo import Logo
from shopcrm.pdf.styles import CAP_HEIGHT, CARD, DESCENT, INK, RULE, CardStyle, TextStyle
from shopcrm.pdf.text_fit import FittedText, balance, fit, fit_line, fit_name
from shopcrm.pdf.voucher_data import PrintedVoucher, ShopHeader
from shopcrm.pdf.voucher_marks import draw_copy_stamp, draw_copy_tag, draw_label

NAME_PREFIX = "for "
LABEL = "VOUCHER"
#: Headline sizes tried, over the style's, before the message is cut short.
HEADLINE_STEPS = (1.0, 0.85, 0.72, 0.62)
#: Below this share of its size, the message is worth a smaller headline.
MESSAGE_COMFORT = 0.85
_UNLIMITED = 1e9


@dataclass(frozen=True)
class _Box:
    """The room for the card's words: across the card, or left of the QR code's zone."""

    left: float
    right: float
    column_right: float
    top: float
    bottom: float
    zone_top: float


class CardDesign:
    """The card of one shop at one size, ``width`` x ``height`` points before scaling."""

    def __init__(
        self,
        shop: ShopHeader,
        logo: Logo | None,
        width: float,
        height: float,
        style: CardStyle = CARD,
    ) -> None:
        self.shop, self.logo, self.style = shop, logo, style
        self.width, self.height = width, height
        s = style
        inset = s.border_inset
        self.left, self.right = inset + s.padding, width - inset - s.padding
        self.top, self.bottom = height - inset - s.padding, inset + s.padding
        self.rule_y = self.top - s.header_height
        self.footer = fit_line(shop.footer, s.footer, self.right - self.left)
        self.footer_top = self.bottom + self.footer.size * CAP_HEIGHT
        self.bars_y = self.footer_top + s.gap
        self._forms: dict[bool, str] = {}

    def draw(self, canvas: Canvas, voucher: PrintedVoucher) -> None:
        """Draws ``voucher`` with the card's lower left corner at the origin."""
        s = self.style
        canvas.doForm(self._form(canvas, voucher.copy))
        symbol = qr_symbol(voucher.scan_text)
        quiet = s.qr_size / symbol.count * QUIET_MODULES
        qr_x = self.width - s.border_inset - quiet - s.qr_size
        qr_y = self.footer_top + s.gap + quiet
        canvas.setFillColor(INK)
        draw_qr(canvas, qr_x, qr_y, s.qr_size, symbol)
        column_right = qr_x - quiet

        # The barcode's quiet zone lies in the card's padding: its bars line up with the text.
        draw_code128(canvas, self.left, self.bars_y, voucher.scan_text, s.bar_width, s.bar_height)
        code = fit_line(voucher.code, s.code, column_right - self.left)
        code_top = self.bars_y + s.bar_height + s.gap * 0.9 + code.size * CAP_HEIGHT
        _draw_lines(canvas, code, self.left, code_top, INK)
        expires = fit_line(voucher.expires_text, s.expires, column_right - self.left)
        expires_top = code_top + s.gap * 1.2 + expires.size * CAP_HEIGHT
        _draw_lines(canvas, expires, self.left, expires_top, s.expires.colour)

        box = _Box(
            self.left,
            self.right,
            column_right,
            self.rule_y - s.gap,
            expires_top + s.gap * 1.4,
            qr_y + s.qr_size + quiet,
        )
        message_top = self._draw_words(canvas, voucher, box)
        if voucher.copy:
            draw_copy_stamp(
                canvas,
                (self.left + column_right) / 2,
                (expires_top + message_top) / 2,
                (column_right - self.left) / 160,
            )

    def _draw_words(self, canvas: Canvas, voucher: PrintedVoucher, box: _Box) -> float:
        """Headline, name and message, the headline made smaller while the message would
        otherwise be cut short or small; returns the message's top."""
        s = self.style
        prefix_width = text_width(NAME_PREFIX, s.name_prefix.font, s.name_prefix.size)
        name_box = replace(box, left=box.left + prefix_width)
        for step in HEADLINE_STEPS:
            size = max(s.value.size * step, s.value.smallest)
            value_style = replace(s.value, size=size, min_size=min(size, s.value.smallest))
            value = _fit_beside(voucher.value_text, value_style, box, box.top)
            name_top = box.top - _depth(value) - s.gap * 0.8
            name = _fit_beside(voucher.customer_name, s.name, name_box, name_top, name=True)
            message_top = name_top - _depth(name) - s.gap
            message = fit(
                voucher.message, s.message, box.column_right - box.left, message_top - box.bottom
            )
            readable = message.size >= s.message.size * MESSAGE_COMFORT
            if message.complete and name.complete and readable:
                break
        _draw_lines(canvas, value, box.left, box.top, s.value.colour)
        baseline = name_top - name.size * CAP_HEIGHT
        prefix = s.name_prefix
        draw_text(canvas, box.left, baseline, NAME_PREFIX, prefix.font, prefix.size, prefix.colour)
        _draw_lines(canvas, name, name_box.left, name_top, s.name.colour)
        _draw_lines(canvas, message, box.left, message_top, s.message.colour)
        return message_top

    def _form(self, canvas: Canvas, copy: bool) -> str:
        """The name of the form with what every card shares, drawn on first use."""
        name = self._forms.get(copy)
        if name is None:
            name = f"voucherCard{id(self)}{'Copy' if copy else ''}"
            canvas.beginForm(name, 0, 0, self.width, self.height)
            self._draw_frame(canvas, copy)
            canvas.endForm()
            self._forms[copy] = name
        return name

    def _draw_frame(self, canvas: Canvas, copy: bool) -> None:
        """Border, logo, shop name, the "VOUCHER" (or "COPY") label, the rule, small print."""
        s = self.style
        inset = s.border_inset
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(s.border_width)
        canvas.roundRect(
            inset, inset, self.width - 2 * inset, self.height - 2 * inset, s.border_radius
        )
        middle = self.top - s.header_height / 2 + 1.5
        if copy:
            label_left = draw_copy_tag(canvas, self.right, middle, s.copy_tag)
        else:
            label_left = draw_label(canvas, self.right, middle, LABEL, s.label)
        x = self.left
        if self.logo is not None:
            x += self.logo.draw(canvas, x, middle - s.logo_height / 2, s.logo_height) + 4
        name = fit_line(self.shop.name, s.shop, label_left - 6 - x)
        _draw_lines(canvas, name, x, middle + name.size * CAP_HEIGHT / 2, s.shop.colour)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.left, self.rule_y, self.right, self.rule_y)
        _draw_lines(canvas, self.footer, self.left, self.footer_top, s.footer.colour)


def _fit_beside(
    text: str, style: TextStyle, box: _Box, top: float, name: bool = False
) -> FittedText:
    """Two lines at most, across the card if they end above the QR code's zone, else beside
    it: a name kept on one line if it can be, a headline balanced."""
    for right in (box.right, box.column_right):
        width = right - box.left
        if name:
            fitted = fit_name(text, style, width)
        else:
            fitted = balance(fit(text, style, width, _UNLIMITED, 2), text, width)
        if top - _depth(fitted) >= box.zone_top:
            break
    return fitted


def _depth(text: FittedText) -> float:
    """From the top of the first line's capitals to the bottom of the last line's descenders."""
    return text.height + text.size * DESCENT if text.lines else 0.0


def _draw_lines(canvas: Canvas, text: FittedText, x: float, top: float, colour: Color) -> None:
    """Draws the lines with the first capital's top at ``top``."""
    baseline = top - text.size * CAP_HEIGHT
    for line in text.lines:
        draw_text(canvas, x, baseline, line, text.font, text.size, colour)
        baseline -= text.leading
