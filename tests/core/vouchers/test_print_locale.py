"""Printed vouchers speak the shop's locale: the amount, the percentage and the expiry day,
read back from the PDF as a customer reads them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import peewee
import pytest

from shopcrm.core import customers, settings
from shopcrm.core.customers import CustomerInput
from shopcrm.core.vouchers import (
    HAND_PICKED,
    BatchDraft,
    RuleSpec,
    VoucherValue,
    issue_batch,
    print_to_pdf,
)
from tests.pdf import readback

YEAR_END = date(date.today().year + 1, 12, 31)


def squeeze(text: str) -> str:
    """Text without white space (the locale's no-break spaces included): pdftotext may break
    a line anywhere."""
    return "".join(text.split())


def _printed(tmp_path: Path, value: VoucherValue, layout: str) -> str:
    ids = tuple(customers.add_customer(CustomerInput(name)).id for name in ("Ann", "Bob"))
    spec = RuleSpec(HAND_PICKED, date.today().replace(day=1), customer_ids=ids)
    batch = issue_batch(BatchDraft(spec, value, YEAR_END, name="Thanks"))
    out = tmp_path / f"vouchers-{layout}.pdf"
    print_to_pdf(out, batch_id=batch.batch_id, layout=layout)
    return readback.text(out)


@readback.needs("pdftotext")
@pytest.mark.parametrize("layout", ["a4", "receipt"])
@pytest.mark.parametrize(
    ("locale", "currency", "amount", "until"),
    [
        ("en_US", "USD", "$1,250.00 off", f"Valid until December 31, {YEAR_END.year}"),
        ("de_DE", "EUR", "1.250,00 € off", f"Valid until 31. Dezember {YEAR_END.year}"),
    ],
)
def test_the_amount_and_the_expiry_in_the_shops_locale(
    tmp_path: Path, db: peewee.Database, layout, locale, currency, amount, until
):
    settings.set_many({"locale": locale, "currency": currency})
    text = squeeze(_printed(tmp_path, VoucherValue.amount(125000), layout))
    assert text.count(squeeze(amount)) == 2  # on both vouchers
    assert text.count(squeeze(until)) == 2
    assert "£" not in text


@readback.needs("pdftotext")
@pytest.mark.parametrize(("locale", "percent"), [("en_US", r"10%\soff"), ("de_DE", r"10\s%\soff")])
def test_a_percentage_in_the_shops_locale(tmp_path: Path, db: peewee.Database, locale, percent):
    """English writes 10%, German 10 % (with a no-break space)."""
    settings.set_many({"locale": locale, "currency": "EUR"})
    printed = _printed(tmp_path, VoucherValue.percent_off(10), "a4")
    assert len(re.findall(percent, printed)) == 2
