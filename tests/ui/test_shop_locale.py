"""One locale everywhere: the same card, visit line, voucher wizard and batch list in a US,
a German and a French shop, read off the widgets. The computer itself stays British-less
and zoned in New York, so a date that came from the system's locale or from UTC shows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWizard

from shopcrm.core import loyalty, settings, visits
from shopcrm.core.staff import default_staff
from shopcrm.core.vouchers import (
    HAND_PICKED,
    REGULARS,
    BatchDraft,
    RuleSpec,
    VoucherValue,
    issue_batch,
    redemption,
)
from shopcrm.db.models import Customer, VoucherBatch
from shopcrm.ui.card.customer_card import CustomerCardView
from shopcrm.ui.shop.till import Till
from shopcrm.ui.vouchers.batch_tables import BATCH_COLUMNS
from shopcrm.ui.vouchers.wizard.candidates_model import Column
from shopcrm.ui.vouchers.wizard.wizard import VoucherWizard
from tests.cli.conftest import local_zone
from tests.ui.vouchers.test_batches_dialog import Counter, _batch_rows, _read

NNBSP, NBSP = "\u202f", "\u00a0"
WAIT_MS = 20_000
#: 02:30 UTC on 15 March 2024: still the 14th on the till's clock in New York.
LATE = datetime(2024, 3, 15, 2, 30, tzinfo=UTC)
#: 14:05 UTC on 2 May 2024: 10:05 in New York.
MORNING = datetime(2024, 5, 2, 14, 5, tzinfo=UTC)
NEXT_YEAR_END = date(date.today().year + 1, 12, 31)


@dataclass(frozen=True)
class Shop:
    locale: str
    currency: str
    region: str
    day: str  # LATE's day
    moment: str  # MORNING as day and time
    month: str  # March 2024
    total: str  # 1,234.50 in the currency
    typed: str  # 12.50 as a cashier there types it
    spent: str  # 12.50 shown
    five: str  # 5.00 shown
    points: str  # 1,234 points
    rate: str  # a quarter
    year_end: str  # NEXT_YEAR_END
    phone: str


Y = NEXT_YEAR_END.year
SHOPS = [
    Shop(
        "en_US", "USD", "US", "March 14, 2024", f"May 2, 2024, 10:05{NNBSP}AM", "March 2024",
        "$1,234.50", "12.50", "$12.50", "$5.00", "1,234 pts", "25%", f"December 31, {Y}",
        "(201) 555-0123",
    ),
    Shop(
        "de_DE", "EUR", "DE", "14. März 2024", "02.05.2024, 10:05", "März 2024",
        f"1.234,50{NBSP}€", "12,50", f"12,50{NBSP}€", f"5,00{NBSP}€", "1.234 pts", f"25{NBSP}%",
        f"31. Dezember {Y}", "01512 3456789",
    ),
    Shop(
        "fr_FR", "EUR", "FR", "14 mars 2024", "2 mai 2024, 10:05", "mars 2024",
        f"1{NNBSP}234,50{NBSP}€", "12,50", f"12,50{NBSP}€", f"5,00{NBSP}€", f"1{NNBSP}234 pts",
        f"25{NBSP}%", f"31 décembre {Y}", "06 12 34 56 78",
    ),
]  # fmt: skip


@pytest.fixture(params=SHOPS, ids=lambda shop: shop.locale)
def locale_shop(request, shop) -> Iterator[Shop]:
    """The test's shop set to one locale, on a till in New York."""
    chosen: Shop = request.param
    settings.set_many(
        {
            "locale": chosen.locale,
            "currency": chosen.currency,
            "phone_region": chosen.region,
            "points_expiry_months": "0",  # the 2024 visits' points stay on the card
        }
    )
    with local_zone("America/New_York"):
        yield chosen


def _regular(add_customer, first_name: str = "Ann") -> int:
    """A customer since LATE with four visits in the evening of 14 March 2024 at the till
    (1,234.50 in all, the last at LATE, already the 15th in UTC)."""
    cid = add_customer(first_name, "Regular").id
    Customer.update(created_at=LATE).where(Customer.id == cid).execute()
    for n, amount in enumerate((30000, 30000, 30000, 33450)):
        visits.log_visit(cid, amount_minor=amount, at=LATE - timedelta(hours=3 - n))
    return cid


def _open_card(qtbot, customer_id: int) -> CustomerCardView:
    till = Till()
    till.set_staff(default_staff())
    view = CustomerCardView(till)
    qtbot.addWidget(view)
    view.resize(600, 700)
    assert view.show_customer(customer_id)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.waitUntil(lambda: view.loyalty.status is not None)
    return view


def test_the_card_in_the_shops_locale(qtbot, locale_shop, add_customer):
    cid = _regular(add_customer)
    assert loyalty.balances(cid).points == 1234  # a point a unit spent
    view = _open_card(qtbot, cid)

    assert view.since.text() == locale_shop.day
    assert view.memory.text("first") == locale_shop.day
    assert view.memory.text("last").startswith(locale_shop.day + " (")
    assert view.memory.text("visits") == "4 visits"
    assert view.memory.text("spent").startswith(locale_shop.total + " in total")
    assert view.loyalty.points.text() == locale_shop.points


def test_the_visit_line_in_the_shops_locale(qtbot, locale_shop, add_customer):
    cid = _regular(add_customer)
    visits.log_visit(cid, amount_minor=1250, at=MORNING)
    view = _open_card(qtbot, cid)
    line = view.timeline_model.index(0).data()
    assert line.startswith(f"Visit  ·  {locale_shop.moment}")
    assert locale_shop.spent in line
    assert locale_shop.spent in view.visit_panel.amount.toolTip()  # "Like 12,50 €; …"

    view.setFocus()  # Ctrl+Enter, the amount typed the local way, Enter
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(view.visit_panel.amount.hasFocus)
    qtbot.keyClicks(view.visit_panel.amount, locale_shop.typed)
    qtbot.keyClick(view.visit_panel.amount, Qt.Key.Key_Return)
    assert locale_shop.spent in view.visit_panel.confirmation.text()
    assert view.memory.text("visits") == "6 visits"


def test_the_customer_form_shows_a_phone_of_the_shops_region(qtbot, locale_shop):
    from shopcrm.ui.card.customer_dialog import CustomerDialog

    dialog = CustomerDialog()
    qtbot.addWidget(dialog)
    assert dialog.phone.placeholderText() == f"optional, e.g. {locale_shop.phone}"
    assert dialog.birthday_month.itemText(3) == locale_shop.month.split(" ")[0]  # after "—"


def _click_next(qtbot, wizard: VoucherWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_the_voucher_wizard_in_the_shops_locale(qtbot, locale_shop, add_customer):
    _regular(add_customer, "Ann")
    wizard = VoucherWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.rule_page
    page.month.setDate(QDate(2024, 3, 1))
    page.set_rule(REGULARS)
    page.regular_visits.setValue(4)
    assert page.month.text() == locale_shop.month

    _click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.list_page.ready, timeout=WAIT_MS)
    model = wizard.list_page.model
    assert model.rowCount() == 1
    assert model.index(0, Column.VISITS).data() == "4"
    assert model.index(0, Column.SPENT).data() == locale_shop.total
    assert model.index(0, Column.LAST_VISIT).data() == locale_shop.day

    _click_next(qtbot, wizard)
    value_page = wizard.value_page
    assert value_page.value.amount.placeholderText() == f"e.g. {locale_shop.five}"
    meanings = [value_page.fields.item(n).text() for n in range(value_page.fields.count())]
    assert f"{{value}}  what the voucher is worth, e.g. {locale_shop.five} off" in meanings
    assert "£" not in "".join(meanings)
    value_page.value.amount.setFocus()
    qtbot.keyClicks(value_page.value.amount, "5")
    value_page.expires.setDate(QDate(Y, 12, 31))
    assert value_page.expires.text() == locale_shop.year_end
    assert value_page.preview.value.text() == f"{locale_shop.five} off"
    assert value_page.preview.expires.text() == f"Valid until {locale_shop.year_end}"

    _click_next(qtbot, wizard)
    rows = wizard.summary_page.rows
    assert rows["value"].text() == f"{locale_shop.five} off"
    assert rows["expires"].text() == locale_shop.year_end
    assert locale_shop.month in rows["rule"].text()


def test_the_batch_list_in_the_shops_locale(qtbot, locale_shop, add_customer):
    ids = tuple(add_customer(name, "Test").id for name in ("Ann", "Bob", "Cid", "Dee"))
    spec = RuleSpec(HAND_PICKED, date.today().replace(day=1), customer_ids=ids)
    draft = BatchDraft(spec, VoucherValue.amount(500), NEXT_YEAR_END, name="Spring")
    spring = issue_batch(draft)
    VoucherBatch.update(issued_at=LATE).where(VoucherBatch.id == spring.batch_id).execute()
    redemption.redeem(spring.vouchers[0].code, log_visit=True)
    counter = Counter()
    qtbot.addWidget(counter)
    from shopcrm.ui.vouchers.batches_dialog import VoucherBatchesDialog

    dialog = VoucherBatchesDialog(counter)
    dialog.show()
    _read(qtbot, dialog)
    (row,) = _batch_rows(dialog)
    assert set(row) == set(BATCH_COLUMNS)
    assert row["issued_at"] == locale_shop.day
    assert row["expires"] == locale_shop.year_end
    assert row["value"] == f"{locale_shop.five} off"
    assert (row["issued"], row["redeemed"], row["rate"]) == ("4", "1", locale_shop.rate)
