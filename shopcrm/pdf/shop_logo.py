"""The shop's logo, checked once per render: a file that cannot be read is left out, not fatal."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Logo:
    path: str
    aspect: float  # width over height

    def draw(self, canvas: Canvas, x: float, y: float, height: float) -> float:
        """Draws the logo ``height`` tall from (x, y); returns its width.

        Given the file name, reportlab embeds the image once however often it is drawn."""
        width = height * self.aspect
        canvas.drawImage(self.path, x, y, width, height, mask="auto")
        return width


def load_logo(path: str | None) -> Logo | None:
    if not path:
        return None
    try:
        reader = ImageReader(path)
        width, height = reader.getSize()
        reader.getRGBData()
    except Exception as error:  # any unreadable image: PIL raises many kinds
        log.warning("Voucher logo %s left out: %s", path, error)
        return None
    if width <= 0 or height <= 0:
        return None
    return Logo(str(path), width / height)
