"""Restoring from the window (both engines): a customer erased after the backup was taken is
erased again in the restored shop, and the window says so."""

from __future__ import annotations

import peewee

from shopcrm.core.backup import make_backup
from shopcrm.core.customers import CustomerInput, add_customer, get_card, search_customers
from shopcrm.core.privacy.erasure import ERASED_NAME, erase_customer
from tests.ui.shop.test_restore_flow import _lock, _restore_from_page


def test_a_restore_from_the_window_erases_again(
    qtbot, window, shop: peewee.Database, shop_location: str
) -> None:
    lock = _lock(window, shop_location)
    gone = add_customer(CustomerInput("Zebulonia", "Quixtrander")).id
    backup = make_backup().record.path
    erase_customer(gone)
    page = window.backups.show_page()
    row = [e.path for e in page.entries].index(backup)

    restored, said = _restore_from_page(qtbot, page, row)

    assert restored, said
    assert "1 customer(s) erased since the backup was taken were erased again." in said
    assert get_card(gone).first_name == ERASED_NAME
    assert search_customers("Zebulonia") == []
    if lock is not None:
        lock.release()
