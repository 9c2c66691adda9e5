"""The Today page in the counter window, on a demo shop (both engines): the start page, rows
that open the card with the keyboard, and a row that goes once its reason has gone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from shopcrm.cli import main
from shopcrm.core.customers import CustomerInput, add_customer
from shopcrm.core.vouchers.views import local_today
from shopcrm.ui.main_window import MainWindow
from shopcrm.ui.today.start import SHORTCUT


@pytest.fixture
def demo_window(qtbot, shop, shop_location: str):
    assert main(["--db", shop_location, "demo", "--customers", "300", "--seed", "11"]) == 0
    today = local_today()
    add_customer(
        CustomerInput("Birthday", "Today", birthday_month=today.month, birthday_day=today.day)
    )
    from shopcrm.db import parse_location

    win = MainWindow(parse_location(shop_location))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


def test_the_page_opens_the_card_and_a_row_goes_with_its_reason(demo_window, qtbot) -> None:
    window = demo_window
    page = window.today.page
    assert window.right.currentWidget() is page  # the start page
    qtbot.waitUntil(lambda: bool(page.customer_ids("late_regulars")), timeout=20_000)
    (birthday,) = [i for i in page.rows() if i.text(0) == "Birthday Today"]
    assert birthday.text(1).startswith("Birthday today")
    late = page.customer_ids("late_regulars")[0]
    key = f"late_regulars:{late}"
    (item,) = [i for i in page.rows() if i.data(1, Qt.ItemDataRole.UserRole) == key]
    assert item.text(1).startswith("Away ") and "usually every" in item.text(1)
    assert item.text(0)

    page.tree.setFocus()
    page.tree.setCurrentItem(item)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    card = window.card
    assert window.right.currentWidget() is card and card.customer_id == late

    card.start_visit()
    with (
        qtbot.waitSignal(page.refreshed, timeout=20_000),
        qtbot.waitSignal(card.customer_changed),
    ):
        qtbot.keyClick(card.visit_panel.amount, Qt.Key.Key_Return)
    assert late not in page.customer_ids("late_regulars")
    assert key not in [i.data(1, Qt.ItemDataRole.UserRole) for i in page.rows()]

    window.today.action.trigger()  # Ctrl+T: back to the page
    assert window.today.action.shortcut() == QKeySequence(SHORTCUT)
    assert window.right.currentWidget() is page
