"""Fixtures for the PDF tests: a batch of vouchers and a shop."""

from __future__ import annotations

import pytest

from shopcrm.pdf import PrintedVoucher, ShopHeader
from tests.pdf.samples import NAMES, make_voucher


@pytest.fixture
def vouchers() -> list[PrintedVoucher]:
    return [make_voucher(index) for index in range(len(NAMES))]


@pytest.fixture
def shop() -> ShopHeader:
    return ShopHeader("The Corner Bakery")
