"""The renderer's contract with its callers: layouts, progress, cancelling, where it writes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from shopcrm.pdf import LAYOUTS, PrintedVoucher, RenderCancelled, ShopHeader, VoucherRenderer
from tests.pdf.samples import make_voucher


def test_an_unknown_layout_is_refused_by_name(shop: ShopHeader) -> None:
    with pytest.raises(ValueError, match=r"'a5'.*'a4', 'letter', 'single', 'receipt'"):
        VoucherRenderer(shop, "a5")


def test_nothing_to_render_is_refused(shop: ShopHeader, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="No vouchers"):
        VoucherRenderer(shop).render([], tmp_path / "empty.pdf")
    assert not (tmp_path / "empty.pdf").exists()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_renders_into_a_binary_file(
    shop: ShopHeader, vouchers: list[PrintedVoucher], layout: str
) -> None:
    out = io.BytesIO()
    pages = VoucherRenderer(shop, layout).render(vouchers, out)

    assert pages == (2 if layout in ("a4", "letter") else len(vouchers))
    assert out.getvalue().startswith(b"%PDF-")
    assert out.getvalue().rstrip().endswith(b"%%EOF")


def test_progress_is_told_after_every_page(shop: ShopHeader, tmp_path: Path) -> None:
    vouchers = [make_voucher(index) for index in range(19)]
    calls: list[tuple[int, int]] = []

    pages = VoucherRenderer(shop, "a4").render(
        vouchers, tmp_path / "v.pdf", lambda done, total: calls.append((done, total))
    )

    assert pages == 3
    assert calls == [(0, 19), (8, 19), (16, 19), (19, 19)]


def test_cancelling_leaves_no_file_and_the_old_one_untouched(
    shop: ShopHeader, tmp_path: Path
) -> None:
    path = tmp_path / "vouchers.pdf"
    path.write_bytes(b"last month's vouchers")
    vouchers = [make_voucher(index) for index in range(30)]
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(RenderCancelled):
        VoucherRenderer(shop, "a4").render(vouchers, path, cancelled=cancelled)

    assert len(asked) == 3  # once per page, stopped before the third
    assert path.read_bytes() == b"last month's vouchers"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vouchers.pdf"]


def test_cancelling_writes_nothing_to_a_binary_file(shop: ShopHeader) -> None:
    out = io.BytesIO()
    with pytest.raises(RenderCancelled):
        VoucherRenderer(shop, "receipt").render([make_voucher(0)], out, cancelled=lambda: True)
    assert out.getvalue() == b""


def test_a_failed_render_leaves_no_half_file(shop: ShopHeader, tmp_path: Path) -> None:
    path = tmp_path / "vouchers.pdf"

    def progress(done: int, total: int) -> None:
        if done:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        VoucherRenderer(shop, "single").render([make_voucher(0)], path, progress)
    assert list(tmp_path.iterdir()) == []


def test_a_finished_render_replaces_the_old_file(shop: ShopHeader, tmp_path: Path) -> None:
    path = tmp_path / "vouchers.pdf"
    path.write_bytes(b"old")

    VoucherRenderer(shop, "a4").render([make_voucher(0)], str(path))

    assert path.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vouchers.pdf"]


def test_the_pdf_package_does_not_load_qt() -> None:
    code = (
        "import sys, shopcrm.pdf; "
        "loaded = [m for m in sys.modules if m.startswith('PySide6')]; "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
