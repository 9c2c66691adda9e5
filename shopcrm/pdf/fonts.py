"""Voucher fonts: registered once per process, with a CJK face for what DejaVu lacks.

reportlab embeds TrueType faces only, and no free TrueType face covers Latin, Greek, Cyrillic,
Chinese, Japanese and Korean well at once. So text is split into runs by coverage and each
run is drawn in the first face that has its characters: "张伟 (Wei)" is two runs.
"""

from __future__ import annotations

from functools import cache, lru_cache

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from shopcrm.pdf.styles import BOLD_FONTS, EMBOLDEN, FALLBACK, FONT_DIR, FONT_FILES

Run = tuple[str, str]  # (font name, text)


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Registers every voucher font with reportlab; later calls cost nothing."""
    for name, (file_name, face_index) in FONT_FILES.items():
        path = FONT_DIR / file_name
        if not path.is_file():
            raise FileNotFoundError(f"Voucher font missing: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=face_index))


@cache
def _coverage(font: str) -> dict[int, int]:
    register_fonts()
    found = pdfmetrics.getFont(font)
    if not isinstance(found, TTFont):  # a built-in Type 1 font has no glyph table to ask
        raise TypeError(f"Voucher font {font!r} is not a TrueType font")
    return found.face.charToGlyph


@lru_cache(maxsize=8192)
def font_runs(text: str, font: str) -> tuple[Run, ...]:
    """``text`` cut into runs of one font each: ``font`` where it has the glyph, else the
    fallback; spaces stay in the run they are in, and a character neither has stays in ``font``
    (drawn as its missing-glyph box)."""
    primary, fallback = _coverage(font), _coverage(FALLBACK)
    runs: list[Run] = []
    current, start = font, 0
    for index, char in enumerate(text):
        code = ord(char)
        if code in primary or (char == " " and index > 0):
            wanted = font if code in primary and char != " " else current
        else:
            wanted = FALLBACK if code in fallback else font
        if wanted != current and index > start:
            runs.append((current, text[start:index]))
            start = index
        current = wanted
    if start < len(text):
        runs.append((current, text[start:]))
    return tuple(runs)


@lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, name, size) for name, run in font_runs(text, font))


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, colour: Color
) -> None:
    """Draws ``text`` in ``colour`` with its baseline at ``y`` from ``x``."""
    canvas.setFillColor(colour)
    runs = font_runs(text, font)
    for index, (name, run) in enumerate(runs):
        if name == FALLBACK and font in BOLD_FONTS:
            _draw_emboldened(canvas, x, y, run, size, colour)
        else:
            canvas.setFont(name, size)
            canvas.drawString(x, y, run)
        if index + 1 < len(runs):
            x += pdfmetrics.stringWidth(run, name, size)


def _draw_emboldened(
    canvas: Canvas, x: float, y: float, run: str, size: float, colour: Color
) -> None:
    """The fallback face has no bold: fill and outline its glyphs instead."""
    text = canvas.beginText(x, y)
    text.setFont(FALLBACK, size)
    text.setTextRenderMode(2)
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(size * EMBOLDEN)
    text.textOut(run)
    canvas.drawText(text)
    canvas.restoreState()


def draw_centred(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, colour: Color
) -> None:
    draw_text(canvas, x - text_width(text, font, size) / 2, y, text, font, size, colour)
