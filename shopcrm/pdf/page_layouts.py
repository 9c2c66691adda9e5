"""Where vouchers go on the paper: sheets of cards with cut marks, one per page, or a receipt."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

LAYOUTS = ("a4", "letter", "single", "receipt")


@dataclass(frozen=True)
class SheetLayout:
    """Cards of ``card_size`` (drawn ``scale`` times their design size) in a grid centred on the
    page, with ``gutter`` between them for the cut marks."""

    page_size: tuple[float, float]
    card_size: tuple[float, float]
    columns: int
    rows: int
    gutter: float
    scale: float = 1.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def slots(self) -> list[tuple[float, float]]:
        """Lower left corners of the cards, left to right, top to bottom."""
        page_width, page_height = self.page_size
        width, height = self.card_size
        grid_width = self.columns * width + (self.columns - 1) * self.gutter
        grid_height = self.rows * height + (self.rows - 1) * self.gutter
        left = (page_width - grid_width) / 2
        top = (page_height + grid_height) / 2
        return [
            (left + column * (width + self.gutter), top - (row + 1) * height - row * self.gutter)
            for row in range(self.rows)
            for column in range(self.columns)
        ]

    @property
    def design_size(self) -> tuple[float, float]:
        """The card's size before scaling: what the card design is laid out in."""
        return self.card_size[0] / self.scale, self.card_size[1] / self.scale


SHEETS: dict[str, SheetLayout] = {
    "a4": SheetLayout(A4, (90 * mm, 62 * mm), 2, 4, 8 * mm),
    "letter": SheetLayout(LETTER, (92 * mm, 57.5 * mm), 2, 4, 8 * mm),
    "single": SheetLayout(A4, (180 * mm, 124 * mm), 1, 1, 0, scale=2.0),
}


def check_layout(layout: str) -> str:
    if layout not in LAYOUTS:
        choices = ", ".join(repr(name) for name in LAYOUTS)
        raise ValueError(f"Unknown voucher layout {layout!r}: choose one of {choices}")
    return layout
