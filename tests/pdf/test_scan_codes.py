"""The QR symbols and Code128 bars drawn are reportlab's own, only found faster."""

from __future__ import annotations

import random

import pytest
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

from shopcrm.pdf.scan_codes import code128_bars, qr_symbol

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _reportlab_symbols(text: str) -> list[list[int]]:
    """reportlab's symbol for ``text`` under each of the eight masks, as row bit masks."""
    qr = QRCode(None, QRErrorCorrectLevel.M)
    qr.addData(text)
    qr.version = qr.calculate_version()
    symbols = []
    for mask in range(8):
        qr.makeImpl(False, mask)
        symbols.append(
            [sum(1 << column for column, dark in enumerate(row) if dark) for row in qr.modules]
        )
    return symbols


def _texts() -> list[str]:
    rng = random.Random(7)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(13)) for _ in range(40)]
    texts += ["0", "hello world", "https://example.com/v/K7QM3XPD9HRT4", "Ä" * 60, "9" * 300]
    return texts


@pytest.mark.parametrize("text", _texts())
def test_the_qr_symbol_is_reportlabs_under_one_of_its_masks(text: str) -> None:
    symbol = qr_symbol(text)
    assert symbol.rows() in _reportlab_symbols(text)


def test_voucher_codes_make_the_smallest_symbol() -> None:
    assert qr_symbol("K7QM3XPD9HRT4").count == 21  # version 1: big modules on a small card


class _RecordedCode128(Code128):
    """reportlab's own Code128, noting the bars its draw() would put on the page."""

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        self.drawn.append((x, width))


@pytest.mark.parametrize("text", ["K7QM3XPD9HRT4", "0000000000000", "abc-123", "A"])
def test_code128_bars_are_reportlabs(text: str) -> None:
    modules, bars = code128_bars(text)
    reference = _RecordedCode128(text, barWidth=1, quiet=False, humanReadable=False)
    reference.drawn = []
    reference.draw()

    assert bars == [(pytest.approx(x), pytest.approx(width)) for x, width in reference.drawn]
    assert modules == pytest.approx(reference.width)
