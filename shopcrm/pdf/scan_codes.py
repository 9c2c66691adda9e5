"""QR codes and Code128 barcodes drawn straight onto the page, fast enough for 1,000 vouchers.

The QR code is reportlab's: its encoder makes the codewords, and once per symbol version its
``makeImpl`` gives the function patterns and the order data modules are placed in. What costs
reportlab about 4 ms a code, trying all eight masks through ``makeImpl`` and scoring each, is
done here on whole rows at once (a mask only flips data modules and the format bits), and the
dark modules are written as row runs in module units, one filled path per symbol. Code128's
bars come from reportlab's encoder too and are written the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel, QRRSBlock, QRUtil
from reportlab.pdfgen.canvas import Canvas

QUIET_MODULES = 4
#: Code128's quiet zone on each side, in bar widths.
BAR_QUIET = 10
_LEVEL = QRErrorCorrectLevel.M
#: Light padding after each row of a packed symbol (a finder pattern is 11 modules).
_PAD = 11
#: Rows overlap a little so no hairline shows between them.
_ROW_HEIGHT = "1.02"


@dataclass(frozen=True)
class QrSymbol:
    """A QR symbol's modules as one int: row ``r``, column ``c`` is bit ``r * stride + c``.

    Rows are padded with light bits so that whole-symbol shifts by 1 (across) and by
    ``stride`` (down) never carry one row's modules into the next."""

    count: int
    bits: int

    @property
    def stride(self) -> int:
        return self.count + _PAD

    def rows(self) -> list[int]:
        full = (1 << self.count) - 1
        return [self.bits >> (r * self.stride) & full for r in range(self.count)]


def qr_symbol(text: str) -> QrSymbol:
    """The symbol for ``text`` at error correction M, with the mask of least penalty."""
    qr = QRCode(None, _LEVEL)
    qr.addData(text)
    version = qr.calculate_version()
    layout = _layout(version)
    codewords = QRCode.createData(version, _LEVEL, qr.dataList)
    bits = format(int.from_bytes(bytes(codewords), "big"), f"0{len(codewords) * 8}b")
    base = layout.blank
    for position, bit in zip(layout.positions, bits, strict=False):
        if bit == "1":
            base ^= 1 << position
    best, best_score = base, _penalty(base, layout.count)
    for delta in layout.mask_deltas[1:]:
        score = _penalty(base ^ delta, layout.count)
        if score < best_score:
            best, best_score = base ^ delta, score
    return QrSymbol(layout.count, best)


@dataclass(frozen=True)
class _Layout:
    """What every symbol of a version shares, from reportlab's encoder."""

    count: int
    #: The mask-0 symbol of all-light data: function patterns, format bits, the mask.
    blank: int
    #: Where the data bits go, in order, as packed bit positions.
    positions: tuple[int, ...]
    #: For each mask, the modules that differ from the mask-0 symbol.
    mask_deltas: tuple[int, ...]


@lru_cache(maxsize=8)
def _layout(version: int) -> _Layout:
    qr = QRCode(version, _LEVEL)
    count = version * 4 + 17
    qr.dataCache = [0] * sum(block.totalCount for block in QRRSBlock.getRSBlocks(version, _LEVEL))
    qr.makeImpl(False, 0)
    blank = _pack([_row_bits(row) for row in qr.modules], count)
    stride = count + _PAD
    cells = qr.dataPosIterator()
    positions = tuple(row * stride + column for column, row in cells)
    return _Layout(count, blank, positions, _mask_deltas(qr, cells))


def _row_bits(row: list[bool]) -> int:
    bits = 0
    for column, dark in enumerate(row):
        if dark:
            bits |= 1 << column
    return bits


def _pack(rows: list[int], count: int) -> int:
    stride = count + _PAD
    bits = 0
    for r, row in enumerate(rows):
        bits |= row << (r * stride)
    return bits


def _mask_deltas(qr: QRCode, cells: list[tuple[int, int]]) -> tuple[int, ...]:
    """For each mask, the modules that differ from the mask-0 symbol (data and format bits)."""
    count = qr.moduleCount
    masks = [QRUtil.getMask(pattern) for pattern in range(8)]
    formats = []
    for pattern in range(8):
        qr.modules = [[False] * count for _ in range(count)]
        qr.setupTypeInfo(False, pattern)
        formats.append(_pack([_row_bits(row) for row in qr.modules], count))
    stride = count + _PAD
    deltas = []
    for pattern in range(8):
        delta = formats[0] ^ formats[pattern]
        for column, row in cells:
            if masks[0](row, column) != masks[pattern](row, column):
                delta ^= 1 << (row * stride + column)
        deltas.append(delta)
    return tuple(deltas)


@lru_cache(maxsize=8)
def _cells(count: int) -> int:
    return _pack([(1 << count) - 1] * count, count)


def _penalty(dark: int, count: int) -> int:
    """ISO 18004's mask penalty (runs, 2x2 blocks, finder look-alikes, dark/light balance),
    counted with bit operations on the whole symbol; modules outside it count as light."""
    cells = _cells(count)
    down = count + _PAD
    light = ~dark & cells
    score = 0
    for plane in (dark, light):
        for step in (1, down):
            window = plane & plane >> step & plane >> 2 * step & plane >> 3 * step
            window &= plane >> 4 * step
            score += window.bit_count() + 2 * (window & ~(window << step)).bit_count()
        score += 3 * (plane & plane >> 1 & plane >> down & plane >> (down + 1)).bit_count()
    outside = ~dark
    for step in (1, down):
        d = [dark >> k * step for k in range(11)]
        o = [outside >> k * step for k in range(11)]
        before = d[0] & o[1] & d[2] & d[3] & d[4] & o[5] & d[6] & o[7] & o[8] & o[9] & o[10]
        after = o[0] & o[1] & o[2] & o[3] & d[4] & o[5] & d[6] & d[7] & d[8] & o[9] & d[10]
        score += 40 * ((before & cells).bit_count() + (after & cells).bit_count())
    dark_share = dark.bit_count() * 100 // (count * count)
    return score + 10 * (abs(dark_share - 50) // 5)


def draw_qr(canvas: Canvas, x: float, y: float, size: float, symbol: QrSymbol) -> None:
    """``symbol``, ``size`` wide, its lower left corner at (x, y), in the fill
    colour. The quiet zone around it (``QUIET_MODULES`` modules) is the caller's to keep clear.

    Drawn in module units (rows counted downwards), so the page stream holds small integers
    rather than thousands of formatted coordinates."""
    module = size / symbol.count
    runs = []
    for row, bits in enumerate(symbol.rows()):
        for start, length in _runs(bits):
            runs.append(f"{start} {row} {length} {_ROW_HEIGHT} re")
    _fill_literal(canvas, runs, (module, 0, 0, -module, x, y + size))


def _runs(bits: int) -> list[tuple[int, int]]:
    """(start, length) of each run of set bits, lowest first."""
    runs = []
    column = 0
    while bits:
        skip = (bits & -bits).bit_length() - 1
        bits >>= skip
        column += skip
        length = (~bits & (bits + 1)).bit_length() - 1
        runs.append((column, length))
        bits >>= length
        column += length
    return runs


def draw_code128(
    canvas: Canvas, x: float, y: float, text: str, bar_width: float, bar_height: float
) -> float:
    """A Code128 barcode of ``text`` from (x, y), in the fill colour; returns its width. The
    quiet zones (``bar_quiet``) either side are the caller's to keep clear."""
    modules, bars = code128_bars(text)
    runs = [f"{start} 0 {width} 1 re" for start, width in bars]
    _fill_literal(canvas, runs, (bar_width, 0, 0, bar_height, x, y))
    return modules * bar_width


def code128_bars(text: str) -> tuple[int, list[tuple[int, int]]]:
    """The symbol's width and its bars as (start, width), in modules, from reportlab's
    encoder (its decomposition spells bars in capitals, spaces in small letters, A = 1)."""
    barcode = Code128(text, quiet=False)
    barcode.validate()
    barcode.encode()
    barcode.decompose()
    bars = []
    position = 0
    for letter in barcode.decomposed:
        if letter.isupper():
            width = ord(letter) - ord("A") + 1
            bars.append((position, width))
        else:
            width = ord(letter) - ord("a") + 1
        position += width
    return position, bars


def code128_width(text: str, bar_width: float) -> float:
    return code128_bars(text)[0] * bar_width


def bar_quiet(bar_width: float) -> float:
    return BAR_QUIET * bar_width


def _fill_literal(canvas: Canvas, rectangles: list[str], matrix: tuple[float, ...]) -> None:
    canvas.saveState()
    canvas.transform(*matrix)
    canvas.addLiteral("\n".join(rectangles) + "\nf")
    canvas.restoreState()
