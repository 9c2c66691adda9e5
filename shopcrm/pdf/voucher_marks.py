"""Marks around the voucher's content: the label, the COPY stamp of reprints, cut marks."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from shopcrm.pdf.styles import BOLD, CAP_HEIGHT, CROP, SHEET, STAMP, STAMP_ALPHA, TextStyle

COPY = "COPY"
_LETTER_SPACING = 0.18  # of the font size


def label_width(text: str, style: TextStyle) -> float:
    spacing = style.size * _LETTER_SPACING
    return stringWidth(text, style.font, style.size) + spacing * (len(text) - 1)


def draw_label(canvas: Canvas, right: float, middle: float, text: str, style: TextStyle) -> float:
    """Spaced capitals (ASCII) ending at ``right``, centred on ``middle``; returns their left
    edge."""
    spacing = style.size * _LETTER_SPACING
    width = label_width(text, style)
    canvas.setFillColor(style.colour)
    canvas.setFont(style.font, style.size)
    canvas.drawString(right - width, middle - style.size * CAP_HEIGHT / 2, text, charSpace=spacing)
    return right - width


def draw_copy_tag(canvas: Canvas, right: float, middle: float, style: TextStyle) -> float:
    """A boxed "COPY" ending at ``right``; returns its left edge."""
    pad = style.size * 0.45
    width = label_width(COPY, style) + 2 * pad
    height = style.size * CAP_HEIGHT + 2 * pad
    canvas.setStrokeColor(STAMP)
    canvas.setLineWidth(0.8)
    canvas.roundRect(right - width, middle - height / 2, width, height, pad * 0.8)
    draw_label(canvas, right - pad, middle, COPY, style)
    return right - width


def draw_copy_stamp(canvas: Canvas, x: float, y: float, scale: float = 1.0) -> None:
    """A big translucent "COPY" across (x, y), tilted like a rubber stamp."""
    size = 34 * scale
    canvas.saveState()
    canvas.translate(x, y)
    canvas.rotate(18)
    canvas.setFillColor(STAMP)
    canvas.setFillAlpha(STAMP_ALPHA)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(0, -size * CAP_HEIGHT / 2, COPY, charSpace=size * 0.12)
    canvas.restoreState()


def draw_crop_marks(canvas: Canvas, cards: list[tuple[float, float, float, float]]) -> None:
    """Thin marks outside each corner of the cards (x, y, width, height), along their edges."""
    gap, length = SHEET.crop_gap, SHEET.crop_length
    segments = []
    for x, y, width, height in cards:
        for corner_x, outward_x in ((x, -1), (x + width, 1)):
            for corner_y, outward_y in ((y, -1), (y + height, 1)):
                near_x, far_x = corner_x + outward_x * gap, corner_x + outward_x * (gap + length)
                near_y, far_y = corner_y + outward_y * gap, corner_y + outward_y * (gap + length)
                segments.append(f"{near_x:.2f} {corner_y:.2f} m {far_x:.2f} {corner_y:.2f} l")
                segments.append(f"{corner_x:.2f} {near_y:.2f} m {corner_x:.2f} {far_y:.2f} l")
    canvas.saveState()
    canvas.setStrokeColor(CROP)
    canvas.setLineWidth(SHEET.crop_width)
    canvas.addLiteral("\n".join(segments) + "\nS")
    canvas.restoreState()
