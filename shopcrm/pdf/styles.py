"""The look of printed vouchers in one place: font files, colours, type sizes and spacing.

Sizes are in points at the card's natural size; the single-voucher layout draws the same card
scaled up, so its proportions follow from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

# reportlab font names -> (file in FONT_DIR, face index in a collection)
REGULAR = "Voucher-Sans"
BOLD = "Voucher-Sans-Bold"
MONO = "Voucher-Mono-Bold"
CJK = "Voucher-CJK"
FONT_FILES: dict[str, tuple[str, int]] = {
    REGULAR: ("DejaVuSans.ttf", 0),
    BOLD: ("DejaVuSans-Bold.ttf", 0),
    MONO: ("DejaVuSansMono-Bold.ttf", 0),
    CJK: ("wqy-microhei.ttc", 0),
}
#: Drawn for characters the main font lacks.
FALLBACK = CJK
#: The fallback face has no bold: where these want bold, its glyphs get an outline this thick
#: (over the font size).
BOLD_FONTS = frozenset({BOLD, MONO})
EMBOLDEN = 0.035

INK = HexColor("#1d2430")
MUTED = HexColor("#5f6b7a")
ACCENT = HexColor("#0f6b5c")
RULE = HexColor("#c7ced8")
CROP = HexColor("#404040")
STAMP = HexColor("#c0392b")
WHITE = Color(1, 1, 1)
STAMP_ALPHA = 0.16

#: Top of a capital letter over the font size, for placing text by its visible top (DejaVu).
CAP_HEIGHT = 0.73
#: Deepest descender over the font size (DejaVu).
DESCENT = 0.24


@dataclass(frozen=True)
class TextStyle:
    font: str
    size: float
    colour: Color
    #: Smallest size shrinking may go to before text is cut short.
    min_size: float = 0.0
    leading: float = 1.22

    @property
    def smallest(self) -> float:
        return self.min_size or self.size


@dataclass(frozen=True)
class CardStyle:
    """A voucher card: text styles, and the blocks' sizes and gaps."""

    shop: TextStyle = TextStyle(BOLD, 9.5, ACCENT, 7)
    label: TextStyle = TextStyle(BOLD, 5.6, MUTED)
    value: TextStyle = TextStyle(BOLD, 17, ACCENT, 10, leading=1.1)
    name: TextStyle = TextStyle(BOLD, 10.5, INK, 7)
    name_prefix: TextStyle = TextStyle(REGULAR, 8, MUTED)
    message: TextStyle = TextStyle(REGULAR, 7.4, INK, 5.4, leading=1.25)
    expires: TextStyle = TextStyle(REGULAR, 6.4, MUTED, 5)
    code: TextStyle = TextStyle(MONO, 12, INK, 8)
    footer: TextStyle = TextStyle(REGULAR, 5.2, MUTED, 4.2)
    copy_tag: TextStyle = TextStyle(BOLD, 6.5, STAMP)
    border_inset: float = 1.6 * mm
    border_radius: float = 2.6 * mm
    border_width: float = 0.6
    padding: float = 2.6 * mm
    header_height: float = 13.0
    logo_height: float = 12.0
    qr_size: float = 21 * mm
    qr_quiet_modules: int = 4
    bar_width: float = 0.25 * mm
    bar_height: float = 6.2 * mm
    gap: float = 4.0


@dataclass(frozen=True)
class ReceiptStyle:
    """A receipt-printer voucher: 80 mm paper, about 72 mm of it printable, black only."""

    page_width: float = 80 * mm
    printable_width: float = 72 * mm
    side_padding: float = 2 * mm
    top_margin: float = 5 * mm
    bottom_margin: float = 9 * mm
    shop: TextStyle = TextStyle(BOLD, 13, INK, 9)
    label: TextStyle = TextStyle(BOLD, 7, INK)
    name: TextStyle = TextStyle(BOLD, 14, INK, 9)
    value: TextStyle = TextStyle(BOLD, 20, INK, 12, leading=1.12)
    message: TextStyle = TextStyle(REGULAR, 9, INK)
    expires: TextStyle = TextStyle(REGULAR, 8.5, INK)
    code: TextStyle = TextStyle(MONO, 15, INK, 10)
    footer: TextStyle = TextStyle(REGULAR, 7, INK)
    copy_banner: TextStyle = TextStyle(BOLD, 13, INK)
    logo_height: float = 11 * mm
    qr_size: float = 30 * mm
    qr_quiet_modules: int = 4
    bar_width: float = 0.33 * mm
    bar_height: float = 11 * mm
    gap: float = 7.0
    #: Longest message on a receipt; anything longer ends with an ellipsis.
    message_max_lines: int = 10


@dataclass(frozen=True)
class SheetStyle:
    """Cut marks on sheets of cards."""

    crop_gap: float = 1.5 * mm
    crop_length: float = 2.2 * mm
    crop_width: float = 0.3


CARD = CardStyle()
RECEIPT = ReceiptStyle()
SHEET = SheetStyle()
