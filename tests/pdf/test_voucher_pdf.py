"""Rendered vouchers read back: the text a person reads, the fonts a printer gets, the codes a
scanner sees, the pages a printer feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopcrm.pdf import LAYOUTS, PrintedVoucher, ShopHeader, VoucherRenderer
from shopcrm.pdf.page_layouts import SHEETS
from tests.pdf import readback
from tests.pdf.samples import NAMES, make_voucher

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
RECEIPT_WIDTH = 226.77  # 80 mm


def render(shop: ShopHeader, vouchers: list[PrintedVoucher], path: Path, layout: str) -> int:
    return VoucherRenderer(shop, layout).render(vouchers, path)


def squeeze(text: str) -> str:
    """Text without white space: pdftotext may break a long name over two lines."""
    return "".join(text.split())


@readback.needs("pdftotext")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_name_and_code_is_printed_as_text(
    tmp_path: Path, shop: ShopHeader, vouchers: list[PrintedVoucher], layout: str
) -> None:
    pdf = tmp_path / "vouchers.pdf"
    render(shop, vouchers, pdf, layout)

    text = squeeze(readback.text(pdf))
    for voucher in vouchers:
        assert squeeze(voucher.customer_name) in text
        assert voucher.code in text
        assert squeeze(voucher.value_text) in text
    assert text.count(squeeze(shop.name)) == len(vouchers)
    assert len(NAMES) == len(vouchers)


@readback.needs("pdffonts")
def test_fonts_are_embedded(tmp_path: Path, shop: ShopHeader, vouchers: list[PrintedVoucher]):
    pdf = tmp_path / "vouchers.pdf"
    render(shop, vouchers, pdf, "a4")

    fonts = readback.fonts(pdf)
    assert fonts
    assert all(font.embedded for font in fonts), fonts
    names = " ".join(font.name for font in fonts)
    assert "DejaVuSans" in names
    assert "WenQuanYiMicroHei" in names  # the Chinese, Japanese and Korean names


@readback.needs("pdftoppm", "zbarimg")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_scanners_read_every_qr_code_and_barcode(
    tmp_path: Path, shop: ShopHeader, layout: str
) -> None:
    count = 9 if layout in ("a4", "letter") else 3
    vouchers = [make_voucher(index, copy=index % 2 == 1) for index in range(count)]
    pdf = tmp_path / "vouchers.pdf"
    render(shop, vouchers, pdf, layout)

    sheet = SHEETS.get(layout)
    cards = [(x, y, *sheet.card_size) for x, y in sheet.slots()] if sheet else []
    read = readback.scans(pdf, tmp_path / "pages", cards)
    # The second sheet's empty slots read as nothing.
    expected = [f"QR-Code:{v.scan_text}" for v in vouchers]
    expected += [f"CODE-128:{v.scan_text}" for v in vouchers]
    assert sorted(read) == sorted(expected)


@readback.needs("pdftotext")
def test_reprints_say_copy_and_originals_do_not(tmp_path: Path, shop: ShopHeader) -> None:
    vouchers = [make_voucher(0), make_voucher(1, copy=True), make_voucher(2)]
    pdf = tmp_path / "vouchers.pdf"
    render(shop, vouchers, pdf, "single")

    assert [("COPY" in readback.text(pdf, page)) for page in (1, 2, 3)] == [False, True, False]


@readback.needs("pdftotext")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_batch_of_originals_has_no_copy_anywhere(
    tmp_path: Path, shop: ShopHeader, vouchers: list[PrintedVoucher], layout: str
) -> None:
    pdf = tmp_path / "vouchers.pdf"
    render(shop, vouchers, pdf, layout)
    assert "COPY" not in readback.text(pdf).upper()

    copies = tmp_path / "copies.pdf"
    render(shop, [make_voucher(0, copy=True)], copies, layout)
    assert "COPY" in readback.text(copies)


@readback.needs("pdfinfo")
@pytest.mark.parametrize(
    ("layout", "count", "pages", "size"),
    [
        ("a4", 8, 1, A4),
        ("a4", 9, 2, A4),
        ("a4", 1, 1, A4),
        ("letter", 17, 3, LETTER),
        ("single", 3, 3, A4),
    ],
)
def test_pages_and_paper(
    tmp_path: Path,
    shop: ShopHeader,
    layout: str,
    count: int,
    pages: int,
    size: tuple[float, float],
) -> None:
    pdf = tmp_path / "vouchers.pdf"
    vouchers = [make_voucher(index) for index in range(count)]

    assert render(shop, vouchers, pdf, layout) == pages

    sizes = readback.page_sizes(pdf)
    assert len(sizes) == pages
    for width, height in sizes:
        assert width == pytest.approx(size[0], abs=0.5)
        assert height == pytest.approx(size[1], abs=0.5)


@readback.needs("pdfinfo")
def test_receipts_are_80_mm_wide_and_as_long_as_their_content(
    tmp_path: Path, shop: ShopHeader
) -> None:
    long_message = " ".join(["Thank you for coming back to us week after week."] * 4)
    vouchers = [make_voucher(0, message=""), make_voucher(1, message=long_message)]
    pdf = tmp_path / "receipts.pdf"

    assert render(shop, vouchers, pdf, "receipt") == 2

    (short_width, short), (long_width, long) = readback.page_sizes(pdf)
    assert short_width == pytest.approx(RECEIPT_WIDTH, abs=0.5)
    assert long_width == pytest.approx(RECEIPT_WIDTH, abs=0.5)
    assert 300 < short < long < 842


@readback.needs("pdftotext")
@pytest.mark.parametrize("layout", ["a4", "letter", "single"])
def test_long_words_stay_on_their_card(tmp_path: Path, layout: str) -> None:
    shop = ShopHeader(
        "The Very Long Named Corner Bakery, Patisserie and Coffee House of Upper Street",
        footer="One use only. Show this voucher at the counter. Not exchangeable for cash. "
        "Cannot be combined with other offers.",
    )
    vouchers = [
        make_voucher(
            0,
            customer_name="Maximilian Alexander Friedrich von Hohenzollern-Sigmaringen",
            value_text="A free slice of cake and a large coffee of your choice, any day",
            message=" ".join(["Thank you for being such a wonderful regular customer."] * 12),
        ),
        make_voucher(1, customer_name="欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜"),
        make_voucher(2, message="没有空格的很长的留言" * 30),
    ]
    pdf = tmp_path / "vouchers.pdf"
    render(shop, vouchers, pdf, layout)

    words = readback.words(pdf)
    sheet = SHEETS[layout]
    card_width, card_height = sheet.card_size
    page_height = sheet.page_size[1]
    cards = [
        (x, page_height - y - card_height, x + card_width, page_height - y)
        for x, y in sheet.slots()
    ]
    stamp = {"COPY"}
    for word in words:
        if word.text in stamp:
            continue
        assert any(
            left <= word.left and word.right <= right and top <= word.top and word.bottom <= bottom
            for left, top, right, bottom in cards
        ), word
    text = squeeze(readback.text(pdf))
    assert squeeze("Maximilian Alexander Friedrich von Hohenzollern-Sigmaringen") in text
    for voucher in vouchers:
        assert voucher.code in text


@readback.needs("pdftotext", "pdftoppm", "zbarimg")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_empty_message_is_fine(tmp_path: Path, shop: ShopHeader, layout: str) -> None:
    voucher = make_voucher(3, message="")
    pdf = tmp_path / "vouchers.pdf"
    render(shop, [voucher], pdf, layout)

    text = readback.text(pdf)
    assert voucher.customer_name in text
    assert voucher.code in text
    assert sorted(readback.scans(pdf, tmp_path / "pages")) == [
        f"CODE-128:{voucher.scan_text}",
        f"QR-Code:{voucher.scan_text}",
    ]


@readback.needs("pdfimages", "pdftotext")
@pytest.mark.parametrize("layout", ["a4", "receipt"])
def test_a_logo_is_drawn_and_an_unreadable_one_left_out(
    tmp_path: Path, vouchers: list[PrintedVoucher], layout: str
) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 30), (15, 107, 92)).save(logo)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really a picture")

    with_logo = tmp_path / "with-logo.pdf"
    render(ShopHeader("Bakery", logo_path=str(logo)), vouchers, with_logo, layout)
    assert readback.image_count(with_logo) >= 1

    for unreadable in (broken, tmp_path / "missing.png", tmp_path):
        pdf = tmp_path / "without-logo.pdf"
        render(ShopHeader("Bakery", logo_path=str(unreadable)), vouchers, pdf, layout)
        assert readback.image_count(pdf) == 0
        assert vouchers[0].code in readback.text(pdf)
