"""GUI fixtures: the real main window over the test's fresh shop (a SQLite file or PostgreSQL)."""

from __future__ import annotations

import peewee
import pytest

from shopcrm.core import customers, settings
from shopcrm.core.customers import CustomerCard, CustomerInput


@pytest.fixture
def shop(db: peewee.Database) -> peewee.Database:
    """The test database with the phone region fixed, so phone formatting is predictable."""
    settings.set_value("phone_region", "GB")
    return db


@pytest.fixture
def add_customer(shop: peewee.Database):
    """Add a customer through the core use case (as the app itself would)."""

    def add(first_name: str, last_name: str = "", **fields: object) -> CustomerCard:
        return customers.add_customer(CustomerInput(first_name, last_name, **fields))  # type: ignore[arg-type]

    return add


@pytest.fixture
def window(qtbot, shop: peewee.Database, shop_location: str):
    """The main window, shown and active, as the cashier sees it at start-up."""
    from shopcrm.db import parse_location
    from shopcrm.ui.main_window import MainWindow

    win = MainWindow(parse_location(shop_location))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


@pytest.fixture
def open_card(qtbot, shop: peewee.Database):
    """A shown, active card for a customer, with the shop's owner at the till, its figures
    loaded (the card, the visit log, loyalty and voucher tests share it)."""
    from shopcrm.core.staff import default_staff
    from shopcrm.ui.card.customer_card import CustomerCardView
    from shopcrm.ui.shop.till import Till

    settings.set_many({"currency": "GBP", "locale": "en_GB"})

    def open_(customer_id: int) -> CustomerCardView:
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
        qtbot.waitUntil(lambda: view.loyalty.status is not None)  # figures follow the card
        return view

    return open_
